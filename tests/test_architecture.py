"""The layers of docs/ARCHITECTURE.md, checked on the code: core/ stays plain Python
without import cycles, pages and ui/ do no file I/O, the root holds only the entry file."""
import ast

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


FILE_MODULES = {"os", "shutil", "tempfile", "glob", "pathlib", "pickle", "sqlite3"}
# methods that only files have (Path, DataFrame, PIL images); load and dump only as np./json./pd. functions,
# since the run store's own load() is how pages read runs
FILE_METHODS = {"open", "save", "to_csv", "to_parquet", "to_pickle", "write_text", "read_text", "write_bytes",
                "read_bytes", "unlink", "mkdir", "rmdir", "touch", "iterdir", "rglob", "rmtree"}
FILE_FUNCTIONS = {"np.save", "np.savez", "np.savez_compressed", "np.load", "np.loadtxt", "np.fromfile", "json.dump",
                  "json.load", "pd.read_csv", "pd.read_parquet", "pd.read_pickle"}


def file_io(path):
    """(line, what) for every file operation in a module: an import of a file module, a call of
    open(), or of a method that reads or writes files (np.save, Path.open, json.dump, PIL's
    save, ...). Saving into an io.BytesIO() made in the same module is no file I/O."""
    tree = ast.parse(path.read_text(), str(path))
    buffers = {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
               and isinstance(node.value, ast.Call) and ast.unparse(node.value.func) in ("io.BytesIO", "BytesIO")
               for target in node.targets if isinstance(target, ast.Name)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [(node.lineno, f"import {n}") for n in names if n.split(".")[0] in FILE_MODULES]
        elif isinstance(node, ast.Call):
            func, text = node.func, ast.unparse(node.func)
            into_buffer = node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in buffers
            method = isinstance(func, ast.Attribute) and func.attr in FILE_METHODS and not into_buffer
            if text == "open" or text in FILE_FUNCTIONS or method:
                found.append((node.lineno, text))
    return found


def test_pages_and_ui_do_no_file_io():
    modules = [*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    offenders = {str(p.relative_to(ROOT)): file_io(p) for p in modules}
    assert not {name: found for name, found in offenders.items() if found}


def test_the_file_io_check_sees_every_kind_of_file_operation(tmp_path):
    for line in ["open('x')", "Path('x').open()", "from shutil import rmtree", "import os; os.remove('x')", "image.save('x.png')",
                 "np.save('x', a)", "frame.to_csv('x')", "json.dump(d, f)", "Path('x').write_text('')",
                 "Path('x').unlink()", "np.load('x')"]:
        module = tmp_path / "page.py"
        module.write_text(f"import io\n{line}\n")
        assert file_io(module), line
    module.write_text("import io\nbuffer = io.BytesIO()\nimage.save(buffer, format='PNG')\n'a'.replace('a', 'b')\n")
    assert not file_io(module)


def test_only_the_entry_file_sits_at_the_root():
    assert sorted(p.name for p in ROOT.glob("*.py")) == ["streamlit_app.py"]


def test_every_page_that_trains_goes_through_ui_jobs():
    for path in (ROOT / "pages").glob("*.py"):
        assert "core.background" not in imported_modules(path), path.name
    trainers = {p.name for p in (ROOT / "pages").glob("*.py") if "jobs.start" in p.read_text()}
    assert trainers == {"train.py", "home.py", "ensemble.py", "sketch.py"}
    assert "jobs.start" in (ROOT / "ui" / "compare.py").read_text()  # Compare's experiments, via its glue
