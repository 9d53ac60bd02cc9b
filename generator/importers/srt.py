"""Read an SRT (SubRip) transcript into cues: numbered blocks of a timing line and the words.

Speakers, where the file names them, are "Name:" labels opening a caption (the Podcasting 2.0
advice: a new caption when the speaker changes, starting with the name and a colon). SubRip's
formatting tags (`<i>`, `<b>`, `<u>`, `<font ...>`) and positioning codes (`{\\an8}`) are dropped;
the words stay as written. A block with no timing line is an error at its line.
"""

from __future__ import annotations

import re

from ..model import Cue, ImportResult, Problem
from .cues import checked_cues, file_lines, labelled_pieces, numbered_blocks, timed_blocks

_TIMING = r"\s*\d{1,7}:\d{1,2}:\d{2}(?:[,.]\d{1,3})?\s+-->\s+\d"
_SIGNATURE = re.compile(rf"^\ufeff?\s*(?:\d+[ \t]*\r?\n|\r\n?|\n)?{_TIMING}")
EXAMPLE_TIMING = "00:01:02,000 --> 00:01:05,000"
_FORMATTING = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^>]*)?>|\{\\[^}]*\}", re.IGNORECASE)


def is_srt(text: str) -> bool:
    """True when the file opens with a caption number and a timing line (or the timing line alone)."""
    return bool(_SIGNATURE.match(text[:256]))


def parse_srt(text: str, source: str) -> ImportResult:
    """The file's cues in order, one per labelled speaker within a caption; problems at their lines."""
    cues: list[Cue] = []
    empty: list[int] = []
    problems: list[Problem] = []
    for line, before, times, payload in timed_blocks(
        numbered_blocks(file_lines(text)), source, EXAMPLE_TIMING, "caption", problems
    ):
        if before and not before[0].strip().isdigit():
            problems.append(
                Problem(source, line - 1, f"a caption opens with its number, not {before[0].strip()[:40]!r}")
            )
            continue
        pieces = labelled_pieces([(number, _FORMATTING.sub("", words)) for number, words in payload])
        if not pieces:
            empty.append(line)
        cues += [Cue(words, *times, line=line) for _, words in pieces]
    return checked_cues(cues, empty, source, problems)
