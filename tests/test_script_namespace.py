"""What podcourse's pages and scripts name in the browser carries one prefix (issue 15): every
data attribute of ours is data-pc-*, as every class and id of ours is pc-*, so a reader tells ours
from Material's at a glance and a selector of ours never catches another tool's element; and the
scripts share one global object, window.podcourse, each adding its part under its own name.

Read from the files themselves: the templates, stylesheets and scripts under site-overrides/ and
the Python that writes HTML under generator/. That the scripts work in any order is shown in a
browser: tests/test_browser_script_order.py."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OVERRIDES = ROOT / "site-overrides"

PREFIX = "data-pc-"
OTHER_TOOLS = {
    "data-md-": "Material's own: its components, colour scheme, navigation levels, scroll fix",
    "data-search-exclude": "Material's search plugin: an element kept out of its index",
    "data-tabs": "pymdownx.tabbed: content tabs in a trainer's lesson, kept by the sanitiser",
    "data-pagefind-": "Pagefind: what its indexer reads in the static index's pages",
}
"""Attributes other tools define, which our files write or read as those tools spell them."""

ATTRIBUTE = re.compile(r"\bdata-[a-z][a-z0-9-]*")
DATASET = re.compile(r"\bdataset\.([A-Za-z]\w*)")
"""A script's `element.dataset.pcReady` is the attribute data-pc-ready."""


def browser_files() -> list[Path]:
    """Every file that writes, reads or styles an attribute a browser sees."""
    overrides = [path for pattern in ("*.html", "*.js", "*.css") for path in OVERRIDES.rglob(pattern)]
    return sorted(overrides) + sorted((ROOT / "generator").rglob("*.py"))


def attributes_in(path: Path) -> list[tuple[int, str]]:
    """(line, attribute) for each data attribute a file names, a script's dataset names included."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        found += [(number, name) for name in ATTRIBUTE.findall(line)]
        found += [(number, "data-" + re.sub(r"[A-Z]", lambda m: "-" + m.group().lower(), name))
                  for name in DATASET.findall(line)]
    return found


def belongs(name: str, other: str) -> bool:
    """Whether attribute `name` is `other`, or starts with it when `other` is a prefix."""
    return name == other or (other.endswith("-") and name.startswith(other))


def is_other_tools(name: str) -> bool:
    return any(belongs(name, other) for other in OTHER_TOOLS)


def test_every_data_attribute_of_ours_is_data_pc():
    named = {(path.relative_to(ROOT), number, name) for path in browser_files() for number, name in attributes_in(path)}
    strays = sorted(f"{path}:{number}: {name}" for path, number, name in named
                    if not name.startswith(PREFIX) and not is_other_tools(name))
    assert strays == [], "our attributes are data-pc-*; another tool's goes in OTHER_TOOLS, saying whose"
    ours = {name for _, _, name in named if name.startswith(PREFIX)}
    assert {"data-pc-quiz", "data-pc-answer", "data-pc-start", "data-pc-filter", "data-pc-ready"} <= ours


def test_each_other_tools_attribute_allowed_is_still_used():
    """An allowance nobody needs any more would let a stray of ours through under its name."""
    names = {name for path in browser_files() for _, name in attributes_in(path)}
    unused = [other for other in OTHER_TOOLS if not any(belongs(name, other) for name in names)]
    assert unused == []


def test_the_scan_reads_a_scripts_dataset_as_its_attribute(tmp_path):
    script = tmp_path / "x.js"
    script.write_text('form.dataset.pcReady = "true";\nlink.dataset.start;\nq("[data-answer]");\n', encoding="utf-8")
    assert attributes_in(script) == [(1, "data-pc-ready"), (2, "data-start"), (3, "data-answer")]
    assert [is_other_tools(name) for name in ("data-md-component", "data-search-exclude", "data-start")] == \
        [True, True, False]


GLOBAL_WRITE = re.compile(r"\bwindow\s*(?:\.\s*([A-Za-z_$][\w$]*)|(\[[^\]]*\]))\s*=(?!=)")
"""`window.name = ...` or `window[...] = ...`: a global a script sets."""


def test_the_scripts_set_one_global_window_podcourse():
    scripts = sorted(OVERRIDES.rglob("*.js")) + sorted(OVERRIDES.rglob("*.html"))
    globals_set = {(path.name, "".join(match)) for path in scripts
                   for match in GLOBAL_WRITE.findall(path.read_text(encoding="utf-8"))}
    assert globals_set == {("podcourse.js", "podcourse")}
