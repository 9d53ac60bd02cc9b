"""What changed for a learner between two versions of a course file, in the course's own terms.

What's new tells learners "Quiz updated: SMART asks, 2 new questions", not the commit message a
trainer wrote for colleagues. The two versions come from git (generator.history reads both
sides of each change); this module compares them as content: questions by id, a lesson's
sections and paragraphs, a module's objectives and required listening. An empty list means
nothing a learner would notice changed (a comment, a re-wrapped line), so there is no news.
Old versions are read as they were, without the loader's checks: an old file that would not
load today still says what it held.
"""

from __future__ import annotations

import difflib
import re

from .yaml_source import parse_yaml, split_front_matter

HEADING = re.compile(r"^#{2,6}\s+(.+?)\s*#*\s*$")


def describe_change(kind: str, before: str | None, after: str | None) -> list[str]:
    """Phrases saying what changed in a lesson, module or quiz ("2 new questions"); none when
    nothing a learner sees changed, or when a side is unknown (a file just added says "new")."""
    if before is None or after is None or kind not in DESCRIBERS:
        return []
    return DESCRIBERS[kind](before, after)


# ---- quizzes ----


def quiz_changes(before: str, after: str) -> list[str]:
    """Questions added, removed and reworded (matched by id), and a new pass mark."""
    old, new = _mapping(before), _mapping(after)
    old_questions, new_questions = _questions(old), _questions(new)
    added = [key for key in new_questions if key not in old_questions]
    removed = [key for key in old_questions if key not in new_questions]
    revised = [key for key in new_questions if key in old_questions and new_questions[key] != old_questions[key]]
    phrases = []
    if added:
        phrases.append(_count(len(added), "new question", "new questions"))
    if removed:
        phrases.append(_count(len(removed), "question", "questions") + " removed")
    if revised:
        phrases.append(_count(len(revised), "question", "questions") + " revised")
    if old.get("pass_mark") != new.get("pass_mark") and new.get("pass_mark") is not None:
        phrases.append(f"pass mark now {new['pass_mark']}%")
    return phrases


def _questions(quiz: dict) -> dict:
    """Question id -> the question as written; a question without an id is keyed by its place."""
    questions = quiz.get("questions")
    if not isinstance(questions, list):
        return {}
    keyed = {}
    for index, question in enumerate(questions):
        key = question.get("id") if isinstance(question, dict) else None
        keyed[str(key) if key is not None else f"#{index}"] = question
    return keyed


# ---- lessons ----


def lesson_changes(before: str, after: str) -> list[str]:
    """A new title, sections added or removed (by heading), else how many paragraphs changed."""
    old_title, old_body = _lesson_parts(before)
    new_title, new_body = _lesson_parts(after)
    phrases = []
    if old_title and new_title and old_title != new_title:
        phrases.append(f"retitled (was “{old_title}”)")
    old_sections, new_sections = _headings(old_body), _headings(new_body)
    added = [h for h in new_sections if h not in old_sections]
    removed = [h for h in old_sections if h not in new_sections]
    phrases += [f"new section “{heading}”" for heading in added]
    phrases += [f"section “{heading}” removed" for heading in removed]
    if not added and not removed:
        rewritten, new, gone = _paragraphs_changed(_paragraphs(old_body), _paragraphs(new_body))
        if rewritten:
            phrases.append(_count(rewritten, "paragraph", "paragraphs") + " rewritten")
        if new:
            phrases.append(_count(new, "new paragraph", "new paragraphs"))
        if gone:
            phrases.append(_count(gone, "paragraph", "paragraphs") + " removed")
    return phrases


def _lesson_parts(text: str) -> tuple[str, str]:
    front, body, _ = split_front_matter(text)
    title = _mapping(front).get("title") if front is not None else None
    return (str(title).strip() if title else ""), body


def _headings(body: str) -> list[str]:
    return [match.group(1) for line in body.split("\n") if (match := HEADING.match(line))]


def _paragraphs(body: str) -> list[str]:
    """Blocks of text as a reader sees them: re-wrapping a paragraph's lines does not change it."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", body) if block.strip()]


def _paragraphs_changed(old: list[str], new: list[str]) -> tuple[int, int, int]:
    """Paragraphs rewritten (one in place of another), added and removed, old to new."""
    rewritten = added = removed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            rewritten += min(i2 - i1, j2 - j1)
            added += max(0, (j2 - j1) - (i2 - i1))
            removed += max(0, (i2 - i1) - (j2 - j1))
    return rewritten, added, removed


# ---- modules ----


def module_changes(before: str, after: str) -> list[str]:
    """A new title, summary or objectives, and required listening added."""
    old, new = _mapping(before), _mapping(after)
    phrases = []
    if old.get("title") != new.get("title") and new.get("title"):
        phrases.append(f"retitled (was “{old.get('title')}”)" if old.get("title") else "retitled")
    if old.get("summary") != new.get("summary"):
        phrases.append("summary revised")
    if old.get("objectives") != new.get("objectives"):
        phrases.append("objectives revised")
    old_listening = _listening(old)
    added = [moment for moment in _listening(new) if moment not in old_listening]
    if added:
        phrases.append("new required listening: " + ", ".join(added))
    return phrases


def _listening(module: dict) -> list[str]:
    """Each required-listening moment as a learner reads it: "E204, turns 15-16"."""
    moments = []
    for item in module.get("listening") or []:
        if isinstance(item, dict) and item.get("episode") is not None:
            turns = item.get("turns")
            span = str(turns) if turns is not None else ""
            moments.append(f"E{item['episode']}" + (f", turn{'s' if '-' in span else ''} {span}" if span else ""))
    return moments


DESCRIBERS = {"quiz": quiz_changes, "lesson": lesson_changes, "module": module_changes}
"""Kind of course file (generator.render.whatsnew.Tracked.kind) -> how to compare two versions."""


# ---- shared ----


def _mapping(text: str | None) -> dict:
    """A YAML mapping as written; an unreadable version (or not a mapping) counts as empty."""
    if text is None:
        return {}
    document, problem = parse_yaml(text, "")
    return document.data if problem is None and document is not None and isinstance(document.data, dict) else {}


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
