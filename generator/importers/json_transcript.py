"""Read a Podcasting 2.0 JSON transcript into cues:
`{"version": "1.0.0", "segments": [{"speaker", "startTime", "endTime", "body"}, ...]}`.

A segment may be a whole paragraph or a single word (the format's word-by-word highlighting);
either way it is a cue, and generator.importers.turns joins a speaker's cues into turns. JSON
names the speaker of every segment, so only a change of speaker opens a turn. A body ending in a
line break ends the speaker's line, as in the format's own example (`"father.\\n"`): the next
segment starts a paragraph; blank lines inside a body separate paragraphs (our own
transcript.json writes turns that way).
"""

from __future__ import annotations

import re

from ..model import Cue, ImportResult, Problem
from .cues import checked_cues, cue_words
from .json_lines import is_object_with_list, json_list, json_seconds

_SHAPE = 'a JSON transcript is {"version": "1.0.0", "segments": [{"speaker": ..., "startTime": ..., "body": ...}]}'


def is_json_transcript(text: str) -> bool:
    """True for a JSON object with a "segments" list."""
    return is_object_with_list(text, "segments")


def parse_json_transcript(text: str, source: str) -> ImportResult:
    """One cue per segment (per paragraph of a segment); problems at the segment's line."""
    segments, problem = json_list(text, source, "segments", _SHAPE)
    if problem:
        return ImportResult(problems=(problem,))
    cues: list[Cue] = []
    empty: list[int | None] = []
    problems: list[Problem] = []
    speaker, line_ended = None, False
    for number, segment, line in segments:
        read, segment_problems = _segment(segment, number, line, source)
        problems += segment_problems
        if read is None:
            continue
        name, start, end, body = read
        pieces = [words for piece in re.split(r"\n[ \t]*\n", body) if (words := cue_words(piece))]
        if not pieces:
            empty.append(line)
            continue
        label = name if name and name != speaker else None  # named on every segment: a change opens a turn
        speaker = name or speaker
        cues += [
            Cue(words, start, end, label if k == 0 else None, opens_paragraph=k > 0 or line_ended, line=line)
            for k, words in enumerate(pieces)
        ]
        line_ended = body.rstrip(" \t").endswith("\n")
    return checked_cues(cues, empty, source, problems)


def _segment(segment, number: int, line: int | None, source: str):
    """(speaker, start, end, body) of one segment, or None with the problems that stop it."""
    if not isinstance(segment, dict):
        return None, [Problem(source, line, f"segment {number} is not an object with a 'body'")]
    body, name = segment.get("body"), segment.get("speaker")
    problems = []
    if not isinstance(body, str):
        problems.append(Problem(source, line, f"segment {number} has no 'body' text"))
    if name is not None and not isinstance(name, str):
        problems.append(Problem(source, line, f"segment {number}: 'speaker' must be text"))
    start, start_problem = json_seconds(segment.get("startTime"), "startTime")
    end, end_problem = json_seconds(segment.get("endTime"), "endTime")
    problems += [
        Problem(source, line, f"segment {number}: {reason}") for reason in (start_problem, end_problem) if reason
    ]
    if not problems and start is not None and end is not None and end < start:
        problems.append(Problem(source, line, f"segment {number} ends ({end:g} s) before it starts ({start:g} s)"))
    if problems:
        return None, problems
    return (cue_words(name or "") or None, start, end, body), []
