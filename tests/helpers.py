"""Small helpers shared by the test files."""
import json
import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def open_page(page, lang="en", timeout=60):
    """Run the real entry file, then switch to `page` (e.g. "pages/dataset.py")."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=timeout)
    at.query_params["lang"] = lang
    at.run()
    if page != "pages/home.py":
        at.switch_page(page)
        at.run()
    return at


def home_with_trained_runs(tmp_path_factory, name, configs):
    """A fresh app folder (what MNIST_STUDIO_HOME points at) with `configs`
    trained into its run store: (folder, [Run, ...])."""
    import pytest

    from core.runs import RunStore

    home = tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MNIST_STUDIO_HOME", str(home))
        return home, [RunStore().get_or_train(config) for config in configs]


def use_copy_of(home, tmp_path, monkeypatch):
    """A copy of the app folder `home` as this test's MNIST_STUDIO_HOME: what the
    test writes (runs, class drawings, rules) stays in its own folder."""
    import shutil

    copy = tmp_path / "studio"
    shutil.copytree(home, copy)
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(copy))
    return copy


def all_text(at):
    """Every piece of text the page shows, joined: for 'does it say X' checks."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "success", "info",
                 "warning", "error", "code", "latex"):
        parts += [str(el.value) for el in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def modules_after_page(page, env=None):
    """Run a page in a fresh interpreter; return the set of imported module names."""
    code = (
        "import sys, json\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from tests.helpers import open_page\n"
        f"at = open_page({page!r})\n"
        "assert not at.exception, [e.value for e in at.exception]\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return set(json.loads(out.stdout.strip().splitlines()[-1]))
