"""The package's seams: every module imports on its own, so no import cycle hides behind an
import placed inside a function; and `podcourse check` loads the validation, not the renderers
or the search engine (ARCHITECTURE.md)."""
from __future__ import annotations

import subprocess
import sys

from sample import ROOT


def package_modules() -> list[str]:
    """Every module of generator/, by its dotted name."""
    names = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


IMPORT_EACH_FIRST = """
import importlib, sys, traceback
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "generator" or m.startswith("generator.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc(limit=3))
print("\\n".join(failed) or "all imported")
"""


def test_every_module_imports_first_in_a_fresh_interpreter():
    """Each module is imported as the first of the package (the others forgotten before it): a
    cycle shows as an ImportError whichever module it starts from, not only from one order."""
    modules = package_modules()
    assert len(modules) > 60 and "generator.urls" in modules and "generator.search.engine" in modules
    done = subprocess.run([sys.executable, "-c", IMPORT_EACH_FIRST, *modules], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.stdout.strip() == "all imported", done.stdout + done.stderr


CHECK_THEN_LIST_MODULES = """
import runpy, sys
sys.argv = ["podcourse", "--root", sys.argv[1], "check"]
try:
    runpy.run_module("generator.cli", run_name="__main__")
except SystemExit as done:
    code = done.code
print(code)
print("\\n".join(sorted(sys.modules)))
"""


def test_podcourse_check_loads_neither_the_renderers_nor_the_search_engine():
    done = subprocess.run([sys.executable, "-c", CHECK_THEN_LIST_MODULES, str(ROOT)], capture_output=True,
                          text=True, timeout=120)
    code, *loaded = done.stdout.split("\n")
    assert code == "0", done.stdout + done.stderr  # the sample content checks clean
    assert "generator.load" in loaded and "generator.urls" in loaded  # what check needs
    unwanted = [name for name in loaded if name.split(".")[0] == "whoosh"
                or name.startswith(("generator.render", "generator.plugin", "generator.build",
                                    "generator.search.index", "generator.search.engine"))]
    assert unwanted == [], unwanted
