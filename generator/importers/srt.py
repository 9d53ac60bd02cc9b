"""Read an SRT (SubRip) transcript into cues: numbered blocks of a timing line and the words.

Speakers, where the file names them, are "Name:" labels opening a caption (the Podcasting 2.0
advice: a new caption when the speaker changes, starting with the name and a colon). SubRip's
formatting tags (`<i>`, `<b>`, `<u>`, `<font ...>`) and positioning codes (`{\\an8}`) are dropped;
the words stay as written. A block with no timing line is an error at its line.
"""
from __future__ import annotations

import re

from ..model import Cue, ImportResult, Problem
from .cues import checked_cues, cue_times, file_lines, labelled_pieces, numbered_blocks

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
    for first_line, lines in numbered_blocks(file_lines(text)):
        timing_at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        if timing_at is None:
            problems.append(Problem(source, first_line, f"not a caption: no timing line like '{EXAMPLE_TIMING}' "
                                                        f"before {lines[0].strip()[:40]!r}"))
            continue
        if timing_at == 1 and not lines[0].strip().isdigit():
            problems.append(Problem(source, first_line, f"a caption opens with its number, not {lines[0].strip()[:40]!r}"))
            continue
        line = first_line + timing_at
        times, time_problems = cue_times(lines[timing_at], line, source, EXAMPLE_TIMING)
        problems += time_problems
        if time_problems:
            continue
        words = [(line + 1 + i, _FORMATTING.sub("", text)) for i, text in enumerate(lines[timing_at + 1:])]
        pieces = labelled_pieces(words)
        if not pieces:
            empty.append(line)
        cues += [Cue(text, *times, line=line) for _, text in pieces]
    return checked_cues(cues, empty, source, problems)
