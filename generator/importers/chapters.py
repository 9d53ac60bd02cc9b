"""Read a Podcasting 2.0 JSON chapters file: `{"version": "1.2.0", "chapters": [{"startTime", "title"}, ...]}`.

Only what the episode page lists and seeks to is kept: each chapter's start and title. A chapter
marked `"toc": false` is a silent marker (artwork, a location), not for the listener's list, so it
is left out; one with no title has nothing to list and is left out with a warning. Chapters are
in order of start (the format assumes it): one out of order is an error at its line.
"""

from __future__ import annotations

from ..model import Chapter, ImportResult, Problem
from .cues import cue_words
from .json_lines import is_object_with_list, json_list, json_seconds

_SHAPE = 'a chapters file is {"version": "1.2.0", "chapters": [{"startTime": 0, "title": ...}, ...]}'


def is_chapters_json(text: str) -> bool:
    """True for a JSON object with a "chapters" list."""
    return is_object_with_list(text, "chapters")


def parse_chapters(text: str, source: str) -> ImportResult:
    """The chapters to list, in order; problems at each chapter's line."""
    items, problem = json_list(text, source, "chapters", _SHAPE)
    if problem:
        return ImportResult(problems=(problem,))
    chapters: list[Chapter] = []
    problems: list[Problem] = []
    for number, item, line in items:
        if not isinstance(item, dict):
            problems.append(Problem(source, line, f"chapter {number} is not an object with a 'startTime'"))
            continue
        start, reason = json_seconds(item.get("startTime"), "startTime")
        if start is None:
            problems.append(Problem(source, line, f"chapter {number}: {reason or 'no startTime'}"))
            continue
        if chapters and start < chapters[-1].start:
            problems.append(
                Problem(
                    source,
                    line,
                    f"chapter {number} starts at {start:g} s, before the one before it "
                    f"({chapters[-1].start:g} s): chapters must be in order",
                )
            )
            continue
        if item.get("toc") is False:
            continue
        title = cue_words(item["title"]) if isinstance(item.get("title"), str) else ""
        if not title:
            problems.append(Problem(source, line, f"chapter {number} has no title; left out", "warning"))
            continue
        chapters.append(Chapter(start, title))
    if not chapters and not problems:
        problems.append(Problem(source, None, "no chapters to list in this file: nothing to import"))
    return ImportResult(chapters=tuple(chapters), problems=tuple(problems))
