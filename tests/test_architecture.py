"""ARCHITECTURE.md's import rule, checked on the code: every module of generator/ is in one layer of
its table, and none imports from a later layer than its own (an AST walk: imports inside functions
count too). The table is read from the document itself, so the page and the code cannot drift."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from sample import ROOT

PACKAGE = ROOT / "generator"
TABLE_ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|([^|]*)\|")


def layers() -> dict[str, tuple[int, str]]:
    """Module name as the table writes it ("render", "search.analysis") -> (layer number, layer name)."""
    named: dict[str, tuple[int, str]] = {}
    for line in (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").splitlines():
        row = TABLE_ROW.match(line)
        if row:
            for name in re.findall(r"`([a-z_.]+)`", row.group(3)):
                assert name not in named, f"{name} is in two layers of ARCHITECTURE.md"
                named[name] = (int(row.group(1)), row.group(2))
    return named


def modules() -> dict[str, Path]:
    """Dotted name inside the package ("render.topics", "" for generator itself) -> its file."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def layer_of(module: str, table: dict[str, tuple[int, str]]) -> tuple[int, str] | None:
    """The layer of the most specific table name that is the module or a package holding it."""
    holders = [name for name in table if module == name or module.startswith(name + ".")]
    return table[max(holders, key=len)] if holders else None


def imported(module: str, path: Path, known: dict[str, Path]) -> list[tuple[int, str]]:
    """(line, module) for each module of the package that `module` imports, wherever the import is."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.partition(".")[2]) for alias in node.names
                      if alias.name.split(".")[0] == "generator"]
        elif isinstance(node, ast.ImportFrom) and (origin := _origin(node, package)) is not None:
            for alias in node.names:  # `from . import urls` imports a module, `from .urls import moment` a name
                inner = f"{origin}.{alias.name}".lstrip(".")
                found.append((node.lineno, inner if inner in known else origin))
    return found


def _origin(node: ast.ImportFrom, package: str) -> str | None:
    """The module a `from ... import` reads, inside the package; None for another package's."""
    if node.level == 0:
        top, _, inner = (node.module or "").partition(".")
        return inner if top == "generator" else None
    parts = package.split(".") if package else []
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def test_every_module_has_a_layer_and_the_table_names_only_modules_that_exist():
    table, known = layers(), modules()
    assert len(table) > 20 and table["model"][0] == 1 and table["cli"][0] == max(n for n, _ in table.values())
    assert [name for name in known if name and layer_of(name, table) is None] == []
    assert [name for name in table if name not in known] == []
    assert PACKAGE.joinpath("__init__.py").read_text(encoding="utf-8").count("import") == 0  # generator itself


def test_no_module_imports_from_a_later_layer():
    table, known = layers(), modules()
    upward = []
    for module, path in known.items():
        if not module:
            continue
        own = layer_of(module, table)
        for line, target in imported(module, path, known):
            theirs = layer_of(target, table) if target else (1, "the package")
            if theirs is not None and theirs[0] > own[0]:
                upward.append(f"generator/{path.relative_to(PACKAGE)}:{line}: {module} ({own[1]}) imports "
                              f"{target} ({theirs[1]})")
    assert upward == []


def test_the_walk_sees_imports_of_every_kind():
    """The rule is only as good as the walk: relative, absolute and in-function imports are all found."""
    known = modules()
    targets = {name: {target for _, target in imported(name, known[name], known)}
               for name in ("urls", "cli", "render.course", "search.index")}
    assert targets["urls"] == {"model"}
    assert "search.engine" in targets["cli"]  # inside a verb
    assert {"urls", "citations", "render.page"} <= targets["render.course"]  # from .. import urls; from .page
    assert {"urls", "search.analysis", "store"} <= targets["search.index"]


def test_imports_are_at_the_top_of_their_files_but_in_the_cli_verbs():
    """An import inside a function hid a cycle once (search.index -> render); only the CLI's verbs
    import their stage when they run, so that `podcourse check` loads no renderer nor Whoosh."""
    inside = []
    for path in modules().values():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for function in functions:
            inside += [f"generator/{path.relative_to(PACKAGE)}:{node.lineno}" for node in ast.walk(function)
                       if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert inside and all(place.startswith("generator/cli.py:") for place in inside), inside
