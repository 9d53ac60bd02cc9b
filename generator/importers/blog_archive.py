"""Read a blog category archive page ("Archive for the ‘negotiations’ Category") into posts.

Each post on the page is a title line, a date line ("February 9, 2011") and body paragraphs up to
the next post's title. Images that failed to load leave their captions behind as short lines
("a cool picture that didn't load", "Cerebral Iguana"); those are not body text.
"""

from __future__ import annotations

import re

from ..model import ImportResult, Post, Problem
from .page_text import blocks, clean_line, normalise_page, parse_long_date

ARCHIVE_HEADING = re.compile(r"^Archive for the [‘'\"“](?P<category>.+?)[’'\"”] Category$")
# A caption is a short line with no sentence punctuation, no quotation and no brackets.
CAPTION_MAX_WORDS = 6
_SENTENCE_MARKS = re.compile(r"[.!?:;…“”\"\[\]()]")


def is_category_archive(text: str) -> bool:
    """True when one of the first lines is the archive heading."""
    return any(ARCHIVE_HEADING.match(clean_line(line)) for line in normalise_page(text).split("\n")[:10])


def is_image_caption(paragraph: str) -> bool:
    """A leftover image caption: a short line of words that is not a sentence, a quotation or a note."""
    return len(paragraph.split()) <= CAPTION_MAX_WORDS and not _SENTENCE_MARKS.search(paragraph)


def parse_category_archive(text: str, source: str) -> ImportResult:
    """The posts of one category archive page, each tagged with the page's category; author unknown."""
    lines = [clean_line(line) for line in normalise_page(text).split("\n")]
    headings = [(i, match) for i, line in enumerate(lines[:10]) if (match := ARCHIVE_HEADING.match(line))]
    if not headings:
        return ImportResult(problems=(Problem(source, None, 'no archive heading ("Archive for the ‘...’ Category")'),))
    heading_index, heading = headings[0]
    category = heading.group("category").strip()
    dates = {i: date for i, line in enumerate(lines) if i > heading_index and (date := parse_long_date(line))}
    dated = list(dates)
    title_indexes = [_line_before(lines, i) for i in dated]
    problems: list[Problem] = []
    posts = []
    for n, (title_index, date_index) in enumerate(zip(title_indexes, dated, strict=True)):
        body_end = title_indexes[n + 1] if n + 1 < len(dated) else len(lines)
        if title_index is None or title_index <= heading_index:
            problems.append(
                Problem(source, date_index + 1, "a dated post without a title line above its date; skipped")
            )
            continue
        paragraphs = [" ".join(block) for block in blocks(lines[date_index + 1 : body_end])]
        body = [p for p in paragraphs if not is_image_caption(p)]
        posts.append(
            Post(
                title=lines[title_index],
                date=dates[date_index],
                body="\n\n".join(body),
                author=None,
                categories=(category,),
                source=source,
            )
        )
    if not posts:
        problems.append(Problem(source, heading_index + 1, "category archive without any dated post"))
    return ImportResult(posts=tuple(posts), problems=tuple(problems))


def _line_before(lines: list[str], index: int) -> int | None:
    for candidate in range(index - 1, -1, -1):
        if lines[candidate]:
            return candidate
    return None
