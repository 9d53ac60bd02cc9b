"""What the transcript file formats share: their lines, timestamps, a cue's words, cues in order.

WebVTT, SRT, Podcasting 2.0 JSON and HTML and plain-text transcripts each have a module that
turns a file into Cues; generator.importers.turns then makes turns of them. The rules that must
not differ between formats (what a time may be, which cues are out of order, how words are
cleaned) live here, once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from ..model import MAX_SECONDS, Cue, ImportResult, Problem
from .page_text import clean_line
from .turns import speaker_label

TIMESTAMP = re.compile(r"^(?:(?P<h>\d{1,7}):)?(?P<m>\d{1,7}):(?P<s>\d{2})(?:[.,](?P<f>\d{1,3}))?$")
TIMING = re.compile(r"^\s*(?P<start>\S+)[ \t]+-->[ \t]+(?P<end>\S+)(?:[ \t].*)?$")
MAX_REPORTED = 10
"""Problems of one kind reported per file: a file with every cue out of order needs one fix, not a thousand lines."""


def file_lines(text: str) -> list[str]:
    """The file's lines without a byte-order mark, whatever its line ends (CRLF, CR, LF)."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def numbered_blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(line number from 1 of its first line, lines) of each run of non-blank lines."""
    found: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if found and found[-1][0] + len(found[-1][1]) == number:
            found[-1][1].append(line)
        else:
            found.append((number, [line]))
    return found


def timestamp_seconds(text: str) -> float | None:
    """ "01:02:03.450", "02:03.450", "1:02:03,450" (SRT's comma), "0:53" as seconds; hours may run
    past 99 and minutes past 59 when no hours are written; None when it is no time at all."""
    match = TIMESTAMP.match(text.strip())
    if not match:
        return None
    hours, minutes, seconds = int(match["h"] or 0), int(match["m"]), int(match["s"])
    if seconds > 59 or (match["h"] is not None and minutes > 59):
        return None
    fraction = int(match["f"]) / 10 ** len(match["f"]) if match["f"] else 0.0
    return round(hours * 3600 + minutes * 60 + seconds + fraction, 3)


def seconds_problem(value: float, what: str) -> str | None:
    """Why a time cannot be a moment of a recording, or None when it can."""
    if value < 0:
        return f"{what} {str(value)[:20]} is before the recording starts"
    if value >= MAX_SECONDS:
        return f"{what} {str(value)[:20]} s is beyond any recording (over {MAX_SECONDS:,} s)"
    return None


def cue_words(text: str) -> str:
    """A cue's words as one line: single spaces, no control characters (check refuses them)."""
    return "".join(c for c in clean_line(text) if unicodedata.category(c) != "Cc")


def labelled_pieces(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(line, words) of a cue's lines, a new piece at each line opening with a "Name:" label, so a
    second speaker inside one caption is not read as the first one's words."""
    pieces: list[tuple[int, list[str]]] = []
    for number, line in lines:
        words = cue_words(line)
        if not words:
            continue
        if not pieces or speaker_label(words)[0] is not None:
            pieces.append((number, [words]))
        else:
            pieces[-1][1].append(words)
    return [(number, " ".join(words)) for number, words in pieces]


def checked_cues(
    cues: list[Cue], empty_lines: Sequence[int | None], source: str, problems: list[Problem]
) -> ImportResult:
    """The cues with the problems of their order: one starting before the cue before it is an
    error (the player would jump back); cues overlapping and cues with no words are warnings."""
    problems = problems + _order_problems(cues, source)
    if empty_lines:
        problems.append(
            Problem(
                source, empty_lines[0], f"{len(empty_lines)} cue(s) with no words, left out (the first here)", "warning"
            )
        )
    if not cues and not any(p.severity == "error" for p in problems):
        problems.append(Problem(source, None, "no words in this transcript: nothing to import"))
    return ImportResult(cues=tuple(cues), problems=tuple(problems))


def _order_problems(cues: list[Cue], source: str) -> list[Problem]:
    backwards: list[Problem] = []
    overlapping: list[int | None] = []
    previous: tuple[Cue, float] | None = None  # the latest-starting timed cue so far, and its start
    for cue, start in ((cue, cue.start) for cue in cues if cue.start is not None):
        if previous is not None and start < previous[1]:
            backwards.append(
                Problem(
                    source,
                    cue.line,
                    f"cue starts at {start:g} s, before the cue at line "
                    f"{previous[0].line} ({previous[1]:g} s): cues must be in the order they are heard",
                )
            )
        elif previous is not None and previous[0].end is not None and previous[1] < start < previous[0].end:
            overlapping.append(cue.line)
        previous = (cue, start) if previous is None or start >= previous[1] else previous
    problems = backwards[:MAX_REPORTED]
    if len(backwards) > MAX_REPORTED:
        problems.append(
            Problem(source, backwards[MAX_REPORTED].line, f"{len(backwards) - MAX_REPORTED} more cue(s) out of order")
        )
    if overlapping:
        problems.append(
            Problem(
                source,
                overlapping[0],
                f"{len(overlapping)} cue(s) start before the cue before them "
                "ends (the first here): imported as they are; check the times",
                "warning",
            )
        )
    return problems


def timed_blocks(
    blocks: list[tuple[int, list[str]]], source: str, example: str, what: str, problems: list[Problem]
) -> Iterator[tuple[int, list[str], tuple[float, float], list[tuple[int, str]]]]:
    """(timing line number, the lines before it, (start, end), the numbered lines after it) of each
    WebVTT or SRT block with a timing line among its first two lines; a block without one, or
    with a timing line that cannot be read, adds its problem to `problems`, since its words
    would otherwise be lost without a word."""
    for first_line, lines in blocks:
        timing_at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        if timing_at is None:
            problems.append(
                Problem(
                    source,
                    first_line,
                    f"not a {what}: no timing line like '{example}' before {lines[0].strip()[:40]!r}",
                )
            )
            continue
        line = first_line + timing_at
        times, time_problems = cue_times(lines[timing_at], line, source, example)
        problems += time_problems
        if times is not None:
            yield (
                line,
                lines[:timing_at],
                times,
                [(line + 1 + i, text) for i, text in enumerate(lines[timing_at + 1 :])],
            )


def cue_times(timing: str, line: int, source: str, example: str) -> tuple[tuple[float, float] | None, list[Problem]]:
    """(start, end) of a WebVTT or SRT timing line, or the problems with it."""
    match = TIMING.match(timing)
    start = timestamp_seconds(match["start"]) if match else None
    end = timestamp_seconds(match["end"]) if match else None
    if start is None or end is None:
        return None, [Problem(source, line, f"malformed timing line {timing.strip()[:60]!r}: expected {example!r}")]
    problems = timed_cue_problems(start, end, line, source)
    return (None if problems else (start, end)), problems


def timed_cue_problems(start: float | None, end: float | None, line: int, source: str) -> list[Problem]:
    """A cue's own times: each a moment of a recording, and the end not before the start."""
    problems = [
        Problem(source, line, reason)
        for value, what in ((start, "start"), (end, "end"))
        if value is not None and (reason := seconds_problem(value, what))
    ]
    if not problems and start is not None and end is not None and end < start:
        problems.append(Problem(source, line, f"cue ends ({end:g} s) before it starts ({start:g} s)"))
    return problems
