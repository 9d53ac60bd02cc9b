"""Lesson HTML: sanitised by an allowlist that keeps everything the sample course and Material's
extensions make, script refused in every spelling, and each piece dropped reported by `podcourse
check` at its line (the hostile lesson is tests/hostile_lesson.py; the lines below are read off it).
"""
from __future__ import annotations

import html
import subprocess
import sys
import textwrap
from html.parser import HTMLParser

import pytest
from mkdocs.config import load_config

from sample import ROOT
from generator.authored_html import SiteMarkdown, dropped_html, lesson_html, lesson_html_problems, sanitise
from generator.build import build_site
from generator.cli import check_site
from generator.load import load_catalogue
from generator.model import Lesson
from generator.site_config import settings_of
from hostile_lesson import LESSON_PATH, hostile_course


HOSTILE_WARNINGS = [
    f"{LESSON_PATH}:6: warning: <script> is dropped from the page: lessons may not use this element",
    f'{LESSON_PATH}:8: warning: onmouseover="window.ranMouseover = true" is dropped from <div>: '
    "event handlers run script",
    f"{LESSON_PATH}:10: warning: <iframe> is dropped from the page: lessons may not use this element",
    f'{LESSON_PATH}:12: warning: onerror="window.ranOnerror = true" is dropped from <img>: event handlers run script',
    f'{LESSON_PATH}:15: warning: onmouseover="window.ranAttrList = true" is dropped from <p>: '
    "event handlers run script",
    f'{LESSON_PATH}:17: warning: href="javascript:void(window.ranLink=true)" is dropped from <a>: lessons may '
    "link only to http(s), mailto, tel and relative addresses",
]


class _Parsed(HTMLParser):
    """What a browser makes of a fragment: elements, attributes and words (entities decoded, CSS
    and spaces as written aside; a <tbody> the parser adds to a bare table is the browser's too)."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.parts: list = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag != "tbody":
            self.parts.append((tag, sorted((name, _css(value) if name == "style" else value or "")
                                           for name, value in attrs)))

    def handle_data(self, data):
        if self.parts and isinstance(self.parts[-1], str):
            self.parts[-1] += data
        else:
            self.parts.append(data)


def _css(style: str) -> str:
    return "; ".join(f"{name.strip()}: {value.strip()}" for name, value in
                     (part.split(":", 1) for part in style.split(";") if ":" in part))


def parsed(fragment: str) -> list:
    parts = [" ".join(part.split()) if isinstance(part, str) else part for part in _Parsed(fragment).parts]
    return [part for part in parts if part != ""]


# ---- nothing of the sample is lost --------------------------------------------------------------


def test_sanitising_the_sample_lessons_drops_nothing():
    catalogue, problems = load_catalogue(ROOT)
    assert [p for p in problems if p.severity == "error"] == []
    site = settings_of(load_config(str(ROOT / "mkdocs.yml"))).markdown
    assert {"attr_list", "md_in_html", "admonition", "toc", "tables"} <= set(site.extensions)
    lessons = [lesson for module in catalogue.modules for lesson in module.lessons]
    assert len(lessons) == 14
    for lesson in lessons:
        made = lesson_html(lesson.body, site)
        assert dropped_html(made) == [], lesson.path
        assert parsed(sanitise(made)) == parsed(made), lesson.path  # every element, attribute and word
    assert check_site(ROOT) == []


MATERIAL_EXTENSIONS = ("toc", "tables", "fenced_code", "abbr", "admonition", "attr_list", "def_list", "footnotes",
                       "md_in_html", "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic",
                       "pymdownx.details", "pymdownx.emoji", "pymdownx.highlight", "pymdownx.inlinehilite",
                       "pymdownx.keys", "pymdownx.mark", "pymdownx.smartsymbols", "pymdownx.superfences",
                       "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde")
"""The extensions Material for MkDocs documents for its content features ("Reference")."""

EVERY_FEATURE = textwrap.dedent("""\
    ## Before the call { #before data-search-exclude }

    !!! note "Write it down"
        An admonition with a [link](https://example.com/page?a=1&b=2){ target=_blank }.

    ???+ tip "Open me"
        A details block, open.

    | Left | Centre | Right |
    | :--- | :----: | ----: |
    | a    | b      | c     |

    A footnote[^1], an abbreviation HTML, ==marked==, ^^inserted^^, ~~deleted~~, H~2~O, ++ctrl+alt+del++.

    *[HTML]: Hyper Text Markup Language

    [^1]: The footnote's text.

    Term
    :   Its definition.

    <figure markdown="span">
      ![A picture](picture.png){ width="300" loading=lazy }
      <figcaption>A caption</figcaption>
    </figure>

    <div class="grid cards" markdown>
    - :material-check: Done
    </div>

    ``` python title="ask.py" linenums="1" hl_lines="2"
    def ask():
        return "the meeting"
    ```

    === "First"
        One.

    === "Second"
        Two.

    - [x] Done task
    - [ ] Open task

    [Write to us](mailto:team@example.com){ .md-button .md-button--primary }, [call](tel:+15555550100),
    or read [the next lesson](../other/#heading). ![Icon](https://example.com/i.png)

    $$
    E = mc^2
    $$

    {++added++} {--removed--} {==highlighted==}

    Line<br>break, <kbd>Enter</kbd>, <sup>up</sup>, <sub>down</sub>, <abbr title="x">X</abbr>.
    """)


def material_site() -> SiteMarkdown:
    from material.extensions import emoji
    from pymdownx import superfences

    return SiteMarkdown(MATERIAL_EXTENSIONS, {
        "toc": {"permalink": True},
        "pymdownx.arithmatex": {"generic": True},
        "pymdownx.emoji": {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg},
        "pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span", "pygments_lang_class": True},
        "pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid",
                                                    "format": superfences.fence_code_format}]},
        "pymdownx.tabbed": {"alternate_style": True},
        "pymdownx.tasklist": {"custom_checkbox": True},
    })


def test_what_markdown_and_materials_extensions_make_is_kept():
    made = lesson_html(EVERY_FEATURE, material_site())
    clean = sanitise(made)
    assert dropped_html(made) == []
    assert parsed(clean) == parsed(made)
    for feature in ('class="admonition note"', "<details class=\"tip\" open", 'style="text-align:center"',
                    'id="fnref:1"', 'href="#fn:1"', '<abbr title="Hyper Text Markup Language">', "<dl>",
                    "<figcaption>", 'loading="lazy"', 'target="_blank"', "data-search-exclude", "<svg ",
                    'name="__tabbed_1" type="radio"', '<input type="checkbox"', 'href="mailto:team@example.com"',
                    'href="tel:+15555550100"', 'href="../other/#heading"', 'class="arithmatex"', "<ins",
                    "<del", "<mark", '<a class="headerlink" href="#before"'):
        assert feature in clean, feature


# ---- script refused ---------------------------------------------------------------------------


@pytest.mark.parametrize("address", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:alert(1)", "java&#115;cript:alert(1)",
    "java&#x09;script:alert(1)", "javascript&colon;alert(1)", "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
])
def test_script_addresses_are_refused_in_every_spelling(address):
    fragment = (f'<p><a href="{address}">link</a> <img src="{address}" alt="i"> <q cite="{address}">q</q>'
                f' <a href="https://example.com/">kept</a></p>')
    clean = sanitise(fragment)
    assert parsed(clean) == parsed('<p><a>link</a> <img alt="i"> <q>q</q> <a href="https://example.com/">kept</a></p>')
    assert [drop.message.split(" is dropped from ")[1] for drop in dropped_html(fragment)] == [
        "<a>: lessons may link only to http(s), mailto, tel and relative addresses",
        "<img>: lessons may link only to http(s), mailto, tel and relative addresses",
        "<q>: lessons may not use this attribute"]  # no browser follows a cite, but none is kept


@pytest.mark.parametrize("fragment", [
    "<script>alert(1)</script>", "<SCRIPT SRC=//example.com/x.js></SCRIPT>", "<style>body{display:none}</style>",
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', '<object data="x.swf"></object>',
    '<embed src="x.swf">', '<form action="https://example.com/"><button>Go</button></form>',
    '<svg><script>alert(1)</script></svg>', '<svg onload="alert(1)"><path d="M0 0"/></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '<details open ontoggle="alert(1)">',
    '<a href="#" onclick="alert(1)">x</a>', '<input type="image" src="x" onerror="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<base href="javascript:/">',
    '<link rel="stylesheet" href="https://example.com/x.css">', '<div style="background:url(javascript:alert(1))">',
])
def test_no_script_survives(fragment):
    clean = sanitise(fragment)
    for sign in ("<script", "<style", "<iframe", "<object", "<embed", "<form", "<meta", "<base", "<link", "alert",
                 " on", "javascript", "url("):
        assert sign not in clean.lower(), (fragment, clean)
    assert dropped_html(fragment) != []


# ---- check and build report what goes, at its line --------------------------------------------


def test_check_warns_at_the_line_of_each_piece_it_drops_and_still_passes(tmp_path):
    root = hostile_course(tmp_path / "repo")
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert [line for line in run.stderr.splitlines() if LESSON_PATH in line] == HOSTILE_WARNINGS
    assert "content OK (6 warnings)" in run.stderr and "Traceback" not in run.stderr


def test_lines_count_from_the_file_even_after_blank_lines_and_drops_on_one_line():
    text = "\n\n<b onclick='x()'>Bold</b> and <span onmouseover=\"y()\">hover</span> <blink>old</blink>\n"
    lesson = Lesson("l", "L", text.strip() + "\n", "content/course/lessons/l.md", body_line=4 + 2)
    assert [str(problem) for problem in lesson_html_problems(lesson, SiteMarkdown())] == [
        "content/course/lessons/l.md:6: warning: onclick=\"x()\" is dropped from <b>: event handlers run script",
        'content/course/lessons/l.md:6: warning: onmouseover="y()" is dropped from <span>: event handlers run script',
        "content/course/lessons/l.md:6: warning: <blink> is dropped from the page: lessons may not use this element",
    ]
    assert lesson_html_problems(lesson, SiteMarkdown(allow_raw_html=True)) == []


def test_the_lines_of_a_lesson_file_are_its_own(tmp_path):
    """The body's first line is counted from the file: front matter and blank lines before it."""
    root = hostile_course(tmp_path / "repo")
    catalogue, _ = load_catalogue(root)
    lesson = next(lesson for module in catalogue.modules for lesson in module.lessons if lesson.path == LESSON_PATH)
    assert lesson.body_line == 4
    assert lesson.body.splitlines()[6 - lesson.body_line] == "<script>window.ranScript = true;</script>"


def test_build_reports_the_same_warnings_and_publishes_the_cleaned_lesson(tmp_path):
    root = hostile_course(tmp_path / "repo")
    module = root / "content/course/modules/mindset.yml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "summary: >-\n", "summary: >-\n  <b onmouseover=\"alert(1)\">Start here.</b>\n"), encoding="utf-8")
    problems = build_site(root, tmp_path / "site")
    assert [str(p) for p in problems if LESSON_PATH in p.path] == HOSTILE_WARNINGS
    assert [p for p in problems if p.severity == "error"] == []
    lesson = (tmp_path / "site/course/mindset/ask-for-the-meeting/index.html").read_text(encoding="utf-8")
    article = lesson[lesson.index("<article"):lesson.index("</article>")]
    for sign in ("<script", "<iframe", "onmouseover", "onerror", "javascript:"):
        assert sign not in article, sign
    assert '<div id="hover-me">Hover over this box.</div>' in article
    assert "The lesson's own words stay." in article
    assert 'data-pc-lesson-page="mindset/ask-for-the-meeting"' in article  # our footer goes in after, whole
    summary = (tmp_path / "site/course/mindset/index.html").read_text(encoding="utf-8")
    assert html.escape('<b onmouseover="alert(1)">Start here.</b>') in summary  # a module's fields are text


def test_plain_mkdocs_build_warns_too(tmp_path):
    root = hostile_course(tmp_path / "repo")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"),
                          "-d", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for warning in HOSTILE_WARNINGS:
        assert warning in run.stderr


def test_a_site_that_allows_raw_html_gets_it_and_no_warnings(tmp_path):
    root = hostile_course(tmp_path / "repo", allow_raw_html=True)
    assert check_site(root) == []
    problems = build_site(root, tmp_path / "site")
    assert [str(p) for p in problems if p.severity == "error" or LESSON_PATH in p.path] == []
    lesson = (tmp_path / "site/course/mindset/ask-for-the-meeting/index.html").read_text(encoding="utf-8")
    assert "<script>window.ranScript = true;</script>" in lesson


def test_an_unusable_mkdocs_yml_is_reported_by_check(tmp_path):
    root = hostile_course(tmp_path / "repo")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      root: .\n", "      root: .\n      allow_raw_html: sometimes\n"), encoding="utf-8")
    problems = check_site(root)
    assert any(p.path == "mkdocs.yml" and p.severity == "error" and "allow_raw_html" in p.message for p in problems)
