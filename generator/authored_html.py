"""The HTML a trainer's lesson makes, sanitised by an allowlist before the public reads it.

Text from the sources is always escaped (the templates autoescape). Lessons are different: they
are Markdown, and Markdown passes raw HTML through, so a `<script>`, an `onmouseover` or a
`javascript:` link in a lesson would run in every reader's browser. A course is edited by many
trainers through pull requests, so the HTML Markdown makes of a lesson is cleaned by nh3
(Ammonia, a maintained allowlist sanitiser) keeping what Markdown and Material's extensions
produce. `podcourse check` reports every piece it will drop with the lesson's line, so nothing
vanishes unexplained; a site that wants raw HTML says so (`allow_raw_html` in mkdocs.yml).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
import nh3

from .model import Catalogue, Lesson, Problem

TAGS = frozenset(nh3.ALLOWED_TAGS) | {
    "tfoot",  # tables with a footer
    "input",
    "label",  # content tabs (pymdownx.tabbed) and task lists (pymdownx.tasklist)
    "svg",
    "path",  # Material's icons and emoji (`:material-check:`): an svg with one path
}
"""Elements a lesson may hold: Ammonia's defaults (text, lists, tables, code, details, figures,
images, links) and what Material's extensions add. No script, style, iframe, object, form."""

ATTRIBUTES: Mapping[str, frozenset[str]] = {
    **{tag: frozenset(names) - {"cite"} for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},  # nh3 keeps any
    # address in a cite (no browser follows one); Markdown never writes it, so none is kept
    "*": frozenset(
        {
            "class",
            "id",
            "title",
            "lang",
            "dir",  # attr_list's .class and #id; abbr, footnotes
            "data-search-exclude",
        }
    ),  # Material: keep an element out of its search index
    "a": frozenset({"href", "hreflang", "name", "target"}),  # `{ target=_blank }`; code line anchors
    "img": frozenset({"alt", "align", "width", "height", "src", "loading"}),  # `{ width=300 loading=lazy }`
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "align", "style"}),  # column alignment:
    "td": frozenset({"colspan", "rowspan", "headers", "align", "style"}),  # style="text-align: left;"
    "details": frozenset({"open"}),
    "div": frozenset({"data-tabs", "data-pc-placeholder"}),  # content tabs; our own placeholders (render.page)
    "input": frozenset({"checked", "disabled", "name"}),  # `type` is limited below
    "label": frozenset({"for"}),
    "svg": frozenset({"xmlns", "viewBox", "width", "height"}),
    "path": frozenset({"d"}),
}
"""Attributes kept, by element ("*": on any). No event handler (on...), no style but alignment."""

ATTRIBUTE_VALUES = {"input": {"type": {"radio", "checkbox"}}}
"""Attributes kept only with these values: a tab is a radio button, a task a checkbox."""

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link or an image may use; relative addresses are kept. `javascript:`, `data:`,
`vbscript:` and every other scheme are refused."""

STYLE_PROPERTIES = frozenset({"text-align"})
"""The only CSS kept in a `style`: the alignment Markdown's tables write on their cells."""

_URL_ATTRIBUTES = frozenset({"href", "src"})
"""The kept attributes that hold an address: nh3 drops them when the scheme is not in URL_SCHEMES."""

_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    tag_attribute_values=ATTRIBUTE_VALUES,
    url_schemes=set(URL_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    link_rel=None,
    strip_comments=True,
)


def sanitise(fragment: str) -> str:
    """The fragment with everything outside the allowlist removed (script and style with their text)."""
    return _CLEANER.clean(fragment)


# ---- what sanitising drops, said in a trainer's terms ---------------------------------------


@dataclass(frozen=True)
class Dropped:
    """One piece of HTML the sanitiser removes."""

    message: str
    """What goes and why, as `podcourse check` prints it."""
    clues: tuple[str, ...]
    """Regular expressions that find it in the lesson's Markdown, best first (for its line)."""


class _StartTags(HTMLParser):
    """Every start tag of a fragment in document order, with its attributes (values unescaped)."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def dropped_html(fragment: str) -> list[Dropped]:
    """What `sanitise` removes from the fragment: elements, attributes and addresses, in order.

    Read from nh3's own output (the elements before and after, matched in order), so the report
    cannot disagree with what the page gets.
    """
    before, after = _StartTags(fragment).tags, _StartTags(sanitise(fragment)).tags
    matcher = difflib.SequenceMatcher(a=[tag for tag, _ in before], b=[tag for tag, _ in after], autojunk=False)
    kept = {a + k: b + k for a, b, size in matcher.get_matching_blocks() for k in range(size)}
    drops: list[Dropped | None] = []
    for index, (tag, attributes) in enumerate(before):
        if index not in kept:
            drops.append(_element_dropped(tag))
            continue
        remaining = after[kept[index]][1]
        drops.extend(
            _attribute_dropped(tag, name, value, remaining.get(name))
            for name, value in attributes.items()
            if remaining.get(name) != value
        )
    return [drop for drop in drops if drop is not None]


def _element_dropped(tag: str) -> Dropped:
    why = "HTML does not allow it here" if tag in TAGS else "lessons may not use this element"
    return Dropped(f"<{tag}> is dropped from the page: {why}", (rf"<{re.escape(tag)}\b",))


def _attribute_dropped(tag: str, name: str, value: str, kept: str | None) -> Dropped | None:
    if name == "style":
        return _style_dropped(tag, value, kept)
    if kept is None and name in _URL_ATTRIBUTES and name in _allowed_attributes(tag):
        scheme = value.split(":", 1)[0].strip().lower()
        return Dropped(
            f'{name}="{_shortened(value)}" is dropped from <{tag}>: lessons may link only to http(s), '
            "mailto, tel and relative addresses",
            (re.escape(value), rf"{re.escape(scheme)}\s*:"),
        )
    if kept is not None:  # the same attribute, written differently (`open` -> `open=""`)
        return None
    why = "event handlers run script" if name.startswith("on") else "lessons may not use this attribute"
    if name in _allowed_attributes(tag):
        why = "lessons may not use this value"
    return Dropped(
        f'{name}="{_shortened(value)}" is dropped from <{tag}>: {why}',
        (rf"\b{re.escape(name)}\s*=", rf"\b{re.escape(name)}\b"),
    )


def _style_dropped(tag: str, value: str, kept: str | None) -> Dropped | None:
    """The CSS the sanitiser takes out of a style; None when only its spelling changed."""
    remaining = _style_properties(kept or "")
    gone = [f"{name}: {css}" for name, css in _style_properties(value).items() if remaining.get(name) != css]
    if not gone:
        return None  # "text-align: left;" written as "text-align:left"
    return Dropped(
        f'style "{_shortened("; ".join(gone))}" is dropped from <{tag}>: lessons may style only a '
        "table cell's text-align",
        (r"\bstyle\s*=",),
    )


def _style_properties(style: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in style.split(";") if ":" in part)
    return {name.strip().lower(): value.strip() for name, value in pairs}


def _allowed_attributes(tag: str) -> frozenset[str]:
    return ATTRIBUTES.get(tag, frozenset()) | ATTRIBUTES["*"] | frozenset(ATTRIBUTE_VALUES.get(tag, ()))


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---- the check: each lesson through the site's Markdown, each drop at its line --------------


@dataclass(frozen=True)
class SiteMarkdown:
    """How the site turns a lesson into HTML: Python-Markdown as mkdocs.yml configures it, and
    whether the result is sanitised."""

    extensions: tuple = ("toc", "tables", "fenced_code")
    """Python-Markdown extensions by name, as MkDocs resolves `markdown_extensions` (with its own)."""
    extension_configs: Mapping[str, dict] = field(default_factory=dict)
    allow_raw_html: bool = False
    """The site's choice (`allow_raw_html: true` for the podcourse plugin): lesson HTML as written."""


def lesson_html(body: str, site: SiteMarkdown) -> str:
    """A lesson's Markdown as HTML, unsanitised, as the site's Markdown makes it."""
    converter = markdown.Markdown(
        extensions=list(site.extensions),
        extension_configs={name: dict(options) for name, options in site.extension_configs.items()},
    )
    return converter.convert(body)


def lesson_html_problems(lesson: Lesson, site: SiteMarkdown) -> list[Problem]:
    """A warning at its line for every piece of the lesson's HTML the site will drop."""
    if site.allow_raw_html:
        return []
    problems: list[Problem] = []
    offset = 0
    for drop in dropped_html(lesson_html(lesson.body, site)):
        offset = _found_at(lesson.body, drop.clues, offset)
        problem = Problem(
            lesson.path, lesson.body_line + lesson.body.count("\n", 0, offset), drop.message, severity="warning"
        )
        if problem not in problems:
            problems.append(problem)
    return problems


def _found_at(text: str, clues: tuple[str, ...], start: int) -> int:
    """Where the first clue that matches occurs, from `start` on (drops come in document order),
    else anywhere; `start` when none does (something an extension made, not written as such)."""
    for search_from in (start, 0):
        for clue in clues:
            match = re.compile(clue, re.IGNORECASE).search(text, search_from)
            if match:
                return match.start()
    return start


def authored_html_problems(catalogue: Catalogue, site: SiteMarkdown) -> list[Problem]:
    """The warnings of every lesson of the course, in path order."""
    return [
        problem
        for module in catalogue.modules
        for lesson in module.lessons
        for problem in lesson_html_problems(lesson, site)
    ]
