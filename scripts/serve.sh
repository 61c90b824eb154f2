#!/usr/bin/env bash
# Several app processes behind HAProxy on one port: bash scripts/serve.sh --replicas 2 [--port 8501]
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/serve.py "$@"
