"""Reading a web page saved as plain text: odd whitespace, lines, paragraphs, long-form dates.

Client pages are copied out of a browser, so they carry non-breaking spaces, thin and zero-width
spaces and trailing blanks that mean nothing to a reader but break matching and diffs.
"""

from __future__ import annotations

import datetime as dt
import re

# Spaces a browser copy leaves behind; all read as one ordinary space.
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Characters that take no room at all (zero-width space, joiners, BOM).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACE_RUNS = re.compile(r"(?<=\S) {2,}")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
LONG_DATE = rf"(?:{'|'.join(MONTHS)}) \d{{1,2}}, \d{{4}}"
_LONG_DATE_LINE = re.compile(rf"^({LONG_DATE})$")


def normalise_page(text: str) -> str:
    """Unix newlines, ordinary spaces, no trailing blanks; leading indentation is kept (it marks transcripts)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    return "\n".join(_SPACE_RUNS.sub(" ", line).rstrip() for line in text.split("\n"))


def clean_line(line: str) -> str:
    """One line of text as a reader sees it: single spaces, no indentation."""
    return " ".join(normalise_page(line).split())


def parse_long_date(text: str) -> dt.date | None:
    """ "January 8, 2024" -> date(2024, 1, 8); anything else -> None."""
    match = _LONG_DATE_LINE.match(text.strip())
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), "%B %d, %Y").date()
    except ValueError:
        return None


def blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-empty lines separated by blank lines."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def first_sentence(text: str) -> str:
    """Text up to and including the first sentence-ending mark ("?", "!", "." before a space)."""
    match = re.match(r"(.+?[.!?…])(?:\s|$)", text)
    return match.group(1) if match else text
