"""The layers of docs/ARCHITECTURE.md, checked on the code: core/ stays plain Python
without import cycles, pages do no file I/O, the root holds only the entry file."""
import ast
import re

from tests.helpers import ROOT


def imported_modules(path):
    """Every module a file imports, at the top or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def core_modules():
    return {".".join(p.relative_to(ROOT).with_suffix("").parts): p for p in (ROOT / "core").rglob("*.py")}


def test_core_never_imports_streamlit_ui_or_pages():
    for name, path in core_modules().items():
        top = {module.split(".")[0] for module in imported_modules(path)}
        assert not top & {"streamlit", "ui", "pages", "streamlit_drawable_canvas"}, name


def test_core_has_no_import_cycle():
    modules = core_modules()
    graph = {name: {m for m in imported_modules(path) if m in modules and m != name}
             for name, path in modules.items()}
    done, stack = set(), []

    def visit(name):
        if name in stack:
            raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(name):] + [name]))
        if name in done:
            return
        stack.append(name)
        for other in sorted(graph[name]):
            visit(other)
        stack.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)


def test_pages_do_no_file_io():
    io = re.compile(r"\bopen\(|np\.save|np\.load|\.to_csv|json\.dump|\.write_text|\.read_text|\.write_bytes")
    offenders = [p.name for p in (ROOT / "pages").glob("*.py") if io.search(p.read_text())]
    assert not offenders


def test_only_the_entry_file_sits_at_the_root():
    assert sorted(p.name for p in ROOT.glob("*.py")) == ["streamlit_app.py"]


def test_every_page_that_trains_goes_through_ui_jobs():
    for path in (ROOT / "pages").glob("*.py"):
        assert "core.background" not in imported_modules(path), path.name
    trainers = {p.name for p in (ROOT / "pages").glob("*.py") if "jobs.start" in p.read_text()}
    assert trainers == {"train.py", "home.py", "ensemble.py", "sketch.py"}
    assert "jobs.start" in (ROOT / "ui" / "compare.py").read_text()  # Compare's experiments, via its glue
