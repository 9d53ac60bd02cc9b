"""What a renderer hands the site: a page as MkDocs will see it, plus the HTML it must not touch.

A transcript of an hour-long episode is thousands of words of plain speech; run through
Python-Markdown, a thousand of them cost most of a minute of build time (ARCHITECTURE.md). So a page's
Markdown stays short: headings and raw-HTML placeholders. The final, escaped HTML for each
placeholder is swapped in after Markdown has run (the plugin's `on_page_content`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml


@dataclass(frozen=True)
class Page:
    """One generated page of the site."""

    path: str
    """Docs-relative source path MkDocs knows the page by, e.g. "episodes/e204.md"."""
    title: str
    """Plain-text title (not escaped); what the browser tab and the header show."""
    markdown: str
    """What MkDocs reads: front matter, headings and placeholders; short on purpose."""
    html: Mapping[str, str] = field(default_factory=dict)
    """Placeholder -> final HTML, swapped in after Markdown has run."""
    in_nav: bool = False
    """True for section index pages; the navigation does not list every episode (ARCHITECTURE.md)."""
    browser_search: bool = True
    """False keeps the whole page, title included, out of Material's search index."""
    authored: bool = False
    """True when Markdown a trainer wrote becomes this page's HTML (a lesson): the HTML is sanitised
    (generator.authored_html) unless the site allows raw HTML."""


def placeholder(name: str) -> str:
    """A raw-HTML block Python-Markdown passes through untouched, to be replaced by final HTML."""
    return f'<div data-pc-placeholder="{html.escape(name)}"></div>'


def front_matter(title: str, browser_search: bool = True) -> str:
    """Front matter giving MkDocs the page title.

    Material prints `page.meta.title` into the header without escaping (MkDocs' Jinja has no
    autoescape), so the title is HTML-escaped here. Written by the YAML dumper, which quotes what
    needs it and keeps any script as written: JSON's `\\ud83c\\udf89` for an emoji is not YAML,
    and MkDocs then showed the whole front matter as the page's first heading.
    """
    meta: dict[str, object] = {"title": html.escape(title, quote=False)}
    if not browser_search:
        meta["search"] = {"exclude": True}
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=float("inf")) + "---\n\n"


def assemble_markdown(title: str, blocks: list[str], browser_search: bool = True) -> str:
    """A page's Markdown: its front matter, then blocks (headings, placeholders) a blank line apart."""
    return front_matter(title, browser_search) + "\n\n".join(blocks) + "\n"


@dataclass(frozen=True)
class Section:
    """A part of a generated page: an optional Markdown heading over one block of final HTML."""

    key: str
    """Names the placeholder; unique within a page."""
    html: str
    heading: str | None = None
    """Fixed wording of ours (never source text): it goes through Markdown into the TOC."""


BROWSER_SEARCH_SKIPS = frozenset(
    {
        "show-notes",
        "quotes",
        "transcript",
        "related",  # episode pages: Whoosh searches these
        "episode-index",
        "episodes-by-guest",
        "episodes-by-series",
        "series",
        "series-index",
        "guest-episodes",
        "guest-index",
        "topic",
        "topic-index",  # listings of what has its own page
        "guest-links",  # "Website", "LinkedIn": nothing anyone searches for
        "listen",
        "chapters",  # an episode's audio player and download link, the recording's chapters
    }
)
"""Sections kept out of Material's search index (`search_index.json`), which every page loads.

Material's browser search is what a static host offers without `podcourse serve`: it finds a
page by its title, an episode by its header (code, guests, hook, topics), and the lessons,
posts and guides in full. Everything listed here is either searched by Whoosh (show notes,
quotes, transcripts) or repeats what other pages hold (listings); at 1,000 episodes it made
the index 3.1 MB, which every visitor downloaded before their first search (bench/run.py).
"""


def page_from_sections(
    path: str, title: str, sections: list[Section], *, in_nav: bool = False, browser_search: bool = True
) -> Page:
    """A page whose Markdown is headings and placeholders only; sections with no HTML are left out."""
    blocks: list[str] = []
    fragments: dict[str, str] = {}
    for section in sections:
        if not section.html.strip():
            continue
        unsearched = section.key in BROWSER_SEARCH_SKIPS
        if section.heading:
            # Material's index is cut at headings; an excluded heading drops its whole section.
            blocks.append(f"## {section.heading}" + (" { data-search-exclude }" if unsearched else ""))
        blocks.append(placeholder(section.key))
        fragments[placeholder(section.key)] = (
            _unsearched(section.html) if unsearched and not section.heading else section.html
        )
    return Page(
        path=path,
        title=title,
        markdown=assemble_markdown(title, blocks, browser_search),
        html=fragments,
        in_nav=in_nav,
        browser_search=browser_search,
    )


def _unsearched(fragment: str) -> str:
    """A section without a heading of its own, wrapped so Material's search parser skips it.

    The parser closes an excluded element at the first closing tag of the same name, so the
    wrapper is a <section> and the listings it wraps hold none.
    """
    return f'<section class="pc-unsearched" data-search-exclude>\n{fragment}\n</section>'


LATE_SECTIONS = BROWSER_SEARCH_SKIPS
"""Sections swapped into the finished page (after MkDocs' templates) rather than into its content.

MkDocs keeps every page's content until the build ends, and Material's search parser reads all
of it. These sections stay out of the browser's search index anyway, and they are most of the
pages: transcripts alone are 15 MB over 1,000 episodes, and topic and series pages are listings.
Their placeholders hold no text, so the search index is the same either way.
"""


def split_fragments(page: Page) -> tuple[dict[str, str], dict[str, str]]:
    """(fragments for the page's content, LATE_SECTIONS fragments for the finished page)."""
    late = {placeholder(key) for key in LATE_SECTIONS}
    return ({k: v for k, v in page.html.items() if k not in late}, {k: v for k, v in page.html.items() if k in late})


def fill_placeholders(html_text: str, fragments: Mapping[str, str]) -> tuple[str, list[str]]:
    """The page's HTML with every placeholder replaced, and the placeholders that were not found
    (Markdown mangled them: a bug to report, never a silently missing transcript)."""
    missing = [key for key in fragments if key not in html_text]
    for key, fragment in fragments.items():
        html_text = html_text.replace(key, fragment, 1)
    return html_text, missing


_KEPT_AS_WRITTEN = re.compile(r"<(pre|textarea|code|kbd|script|style)\b.*?</\1\s*>", re.S | re.I)
_INDENTATION = re.compile(r"[ \t]*\n\s*")  # a line break with the spaces and blank lines around it


def without_indentation(page_html: str) -> str:
    """The page with each line break's indentation and blank lines left out, except inside <pre>,
    <textarea>, <code> and <kbd> (Material shows code with its spaces: `white-space: pre-wrap`),
    <script> and <style>.

    The templates (ours and Material's) indent for whoever reads them; in a page that is bytes a
    phone downloads for nothing: 13 KB of a module page with its quiz (issue 18). One line break
    stays, which a browser shows as the one space the run of whitespace showed before.
    """
    kept, last = [], 0
    for block in _KEPT_AS_WRITTEN.finditer(page_html):
        kept += [_INDENTATION.sub("\n", page_html[last : block.start()]), block.group(0)]
        last = block.end()
    kept.append(_INDENTATION.sub("\n", page_html[last:]))
    return "".join(kept)


PROBLEMS_PANEL = """\
<div class="pc-preview-problems" role="alert">
<p><strong>This preview is not what will be published: {count} problem{s} to fix.</strong>
The pages show the content as it last checked; save the fix and this page reloads.</p>
<ul>{items}</ul>
</div>"""


def with_problems_panel(page_html: str, problems) -> str:
    """A preview page with the content's errors on top (path:line: message, escaped), or as it was."""
    if not problems:
        return page_html
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    count = sum(p.severity == "error" for p in problems)
    panel = PROBLEMS_PANEL.format(count=count, s="" if count == 1 else "s", items=items)
    anchor = page_html.find('<article class="md-content__inner md-typeset">')
    if anchor < 0:
        anchor = page_html.find("<body")
        anchor = page_html.find(">", anchor) if anchor >= 0 else -1
        return page_html[: anchor + 1] + panel + page_html[anchor + 1 :] if anchor >= 0 else panel + page_html
    end = anchor + len('<article class="md-content__inner md-typeset">')
    return page_html[:end] + panel + page_html[end:]
