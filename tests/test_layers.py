"""The layering contract: stages import downward only, no circles, nothing imports the CLI, click and rich
stay in the CLI and the renderers, and an import inside a function says why it is deferred.

Stages from the bottom up (a module may import its own stage and any stage below it):
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "govreport"

# Low to high. A stage may import itself and every stage listed before it.
LAYERS: list[set[str]] = [
    {"findings", "messages", "forms", "safe_output", "version", "memo"},
    {"read"},
    {"cells"},
    {"locate"},
    {"solve"},
    {"check"},
    {"fill", "template"},
    {"batch"},
    {"render"},
    {"cli", "__main__"},
]
UI_LIBRARIES = {"click", "rich"}
UI_STAGES = {"cli", "render", "__main__"}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _level(stage: str) -> int | None:
    return next((i for i, layer in enumerate(LAYERS) if stage in layer), None)


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import in the file, TYPE_CHECKING ones excepted.
    The line is the statement's last line, where a formatter keeps a trailing comment."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # annotations only: never run
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((a.name, child.end_lineno or child.lineno, in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                for a in child.names:
                    full = f"{child.module}.{a.name}"
                    found.append(
                        (
                            full if full in MODULES else child.module,
                            child.end_lineno or child.lineno,
                            in_function,
                        )
                    )
            visit(child, nested)

    visit(tree, False)
    return found


def _owner(name: str) -> str | None:
    """The govreport module an imported name belongs to."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


GRAPH = {
    m: [
        (o, line, f)
        for n, line, f in _imports(p)
        if n.startswith("govreport") and (o := _owner(n)) and o != m
    ]
    for m, p in MODULES.items()
}


def test_every_stage_has_a_layer():
    stages = {_stage(m) for m in MODULES} - {"__init__"}
    assert not {s for s in stages if _level(s) is None}, "add the new stage to LAYERS"


def test_stages_import_downward_only():
    bad = []
    for m, edges in GRAPH.items():
        here = _level(_stage(m))
        if here is None:  # govreport/__init__.py: the public API, above everything
            continue
        for o, line, _ in edges:
            there = _level(_stage(o))
            if there is None or there > here:
                bad.append(f"{MODULES[m].relative_to(PACKAGE.parent)}:{line} imports {o}")
    assert not bad, "imports that run upward:\n" + "\n".join(bad)


def test_no_import_circles():
    color: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[str] = []

    def dfs(m: str) -> None:
        color[m] = 1
        stack.append(m)
        for o, _, _ in GRAPH[m]:
            if color.get(o) == 1:
                cycles.append(" -> ".join([*stack[stack.index(o) :], o]))
            elif o not in color:
                dfs(o)
        stack.pop()
        color[m] = 2

    for m in MODULES:
        if m not in color:
            dfs(m)
    assert not cycles, "import circles:\n" + "\n".join(cycles)


def test_nothing_imports_the_cli():
    bad = [
        f"{m} imports {o}"
        for m, edges in GRAPH.items()
        for o, _, _ in edges
        if _stage(o) == "cli" and _stage(m) not in ("cli", "__main__")
    ]
    assert not bad


def test_click_and_rich_only_in_the_cli_and_renderers():
    bad = []
    for m, path in MODULES.items():
        if _stage(m) in UI_STAGES:
            continue
        for name, line, _ in _imports(path):
            if name.split(".")[0] in UI_LIBRARIES:
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    assert not bad


def test_an_import_inside_a_function_says_why():
    """Allowed only to defer a heavy module, with a comment on its line or the line above saying so."""
    bad = []
    for path in MODULES.values():
        lines = path.read_text(encoding="utf-8").splitlines()
        for _, line, in_function in _imports(path):
            statement = lines[line - 1]
            start = line - 1
            while not lines[start].lstrip().startswith(("import ", "from ")):
                start -= 1
                statement = lines[start] + statement
            # a run of deferred imports may share one comment: on one of them, or on the line above the run
            while "#" not in statement and lines[start - 1].lstrip().startswith(("import ", "from ", "#")):
                start -= 1
                statement = lines[start] + statement
            if in_function and "#" not in statement:
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {lines[line - 1].strip()}")
    assert not bad, "deferred imports without a comment:\n" + "\n".join(sorted(set(bad)))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_over_400_lines_without_a_reason(module):
    path = MODULES[module]
    text = path.read_text(encoding="utf-8")
    n = text.count("\n")
    if n > 400:
        assert "over 400 lines:" in text.lower(), (
            f"{path.name} has {n} lines: split it, or say why in its docstring"
        )


def test_check_json_loads_neither_rich_tables_nor_openpyxl(tmp_path):
    """`check --format json` (what a script or a supervisor's pipeline runs) pays for neither."""
    import subprocess
    import sys

    demo = PACKAGE.parent / "workbooks" / "老城区商务和工业信息化局2021年政府信息公开工作年度报告.xlsx"
    code = (
        "import sys\n"
        "from govreport.cli import main\n"
        f"sys.argv = ['govreport', 'check', '--format', 'json', {str(demo)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('rich.table', 'openpyxl') if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert '"findings"' in res.stdout, res.stderr
    assert "LOADED []" in res.stderr, res.stderr
