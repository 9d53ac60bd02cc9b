"""Read a plain-text transcript with "Name:" labels into cues.

Paragraphs are separated by blank lines; a line opening with a label starts a new speaker's
paragraph even without a blank line before it, and other lines continue the paragraph they are
in (text exported with hard line breaks). The time many transcription services write beside the
label is kept as the cue's start: `[00:01:02] Jason: ...`, `00:01:02 Jason: ...`,
`Jason (00:01:02): ...`, or the label alone on its line with the words below (`Jason Cutter:`).
"""

from __future__ import annotations

import re

from ..model import Cue, ImportResult, Problem
from .cues import checked_cues, cue_words, file_lines, numbered_blocks, seconds_problem, timestamp_seconds
from .turns import SPEAKER_LABEL

_TIME = r"\d{1,7}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_LABEL = r"[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,2}"
LABEL_LINE = re.compile(
    rf"^(?:\[?(?P<before>{_TIME})\]?\s+)?(?P<label>{_LABEL})(?:\s+\(\[?(?P<after>{_TIME})\]?\))?:(?:\s+(?P<rest>\S.*))?$"
)
MIN_LABELLED_SHARE = 1 / 3
"""Of a file's paragraphs, the share that must open with a label for it to be read as a transcript."""


def is_text_transcript(text: str) -> bool:
    """True when two paragraphs or more, and a third of them at least, open with a "Name:" label."""
    blocks = numbered_blocks(file_lines(text[:200_000]))
    labelled = sum(1 for _, lines in blocks if _label_line(lines[0]))
    return labelled >= 2 and labelled >= MIN_LABELLED_SHARE * len(blocks)


def _label_line(line: str) -> re.Match | None:
    """The label (and time) a line opens with; a label alone needs the time or the words after it
    ("Jason (00:01:02):", "Jason: Welcome"), or nothing but the colon after a name of two words
    or more ("Jason Cutter:"), so a line like "Remember:" stays text."""
    match = LABEL_LINE.match(cue_words(line))
    if not match:
        return None
    if match["rest"] or match["after"] or match["before"] or " " in match["label"]:
        return match
    return None


def parse_text_transcript(text: str, source: str) -> ImportResult:
    """One cue per labelled line and per paragraph; times where the labels carry them."""
    cues: list[Cue] = []
    problems: list[Problem] = []
    for first_line, lines in numbered_blocks(file_lines(text)):
        opens_paragraph = True
        for number, words, start, problem in _pieces(first_line, lines, source):
            if problem:
                problems.append(problem)
                continue
            cues.append(Cue(words, start, None, opens_paragraph=opens_paragraph, line=number))
            opens_paragraph = False
    return checked_cues(cues, [], source, problems)


def _pieces(first_line: int, lines: list[str], source: str):
    """(line, words, start, problem) of each labelled stretch of a paragraph."""
    pieces: list[list] = []
    for number, line in enumerate(lines, start=first_line):
        words = cue_words(line)
        match = _label_line(line)
        if match:
            pieces.append(
                [
                    number,
                    [f"{match['label']}:"] + ([match["rest"]] if match["rest"] else []),
                    match["before"] or match["after"],
                ]
            )
        elif pieces:
            pieces[-1][1].append(words)
        else:
            pieces.append([number, [words], None])
    for number, texts, time in pieces:
        joined = " ".join(texts)
        if SPEAKER_LABEL.match(joined) is None and joined.endswith(":"):
            continue  # a label with no words after it
        start = timestamp_seconds(time) if time else None
        reason = seconds_problem(start, "time") if start is not None else None
        if time and start is None or reason:
            yield number, joined, None, Problem(source, number, reason or f"{time!r} is not a time like 01:02:03")
        else:
            yield number, joined, start, None
