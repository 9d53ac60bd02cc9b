"""Text that `new` writes for the trainer to replace, and the check that finds it left in place.

A scaffold passes the check so that a trainer can build while writing; but a module summary that
still says "Replace with why this module matters." must not reach new hires. The check warns at
the line; the build that publishes (CI's) refuses it.
"""

from __future__ import annotations

from pathlib import Path

from .content_reader import read_text_file
from .layout import CONTENT, QUIZZES
from .model import Problem
from .yaml_source import parse_yaml

PLACEHOLDERS = {
    "episode_turn": "Replace this with the first thing said in the episode.",
    "listening_note": "Replace with why {code} is worth a new hire's time.",
    "module_summary": "Replace with why this module matters.",
    "module_objective": "Replace with something a new hire can do after this module.",
    "single_prompt": "Replace with a question that has one right answer.",
    "right_option": "The right answer",
    "wrong_option": "A tempting wrong answer",
    "wrong_feedback": "Say why it is tempting, and wrong.",
    "single_explanation": "Replace with why the answer is right.",
    "truefalse_prompt": "Replace with a statement that is true or false.",
    "truefalse_explanation": "Replace with why it is true.",
    "ordering_step_1": "First step",
    "ordering_step_2": "Second step",
    "ordering_step_3": "Third step",
    "ordering_explanation": "Replace with why the order matters.",
    "open_prompt": "Replace with a question to answer in a few sentences.",
    "open_model_answer": "Replace with what a good answer says.",
    "open_rubric_1": "A point a good answer makes",
    "open_rubric_2": "Another point it makes",
    "open_explanation": "Replace with what the episode says about it.",
    "lesson_example": "For example, a claim backed by an episode moment ends with its citation {citation}.",
    "lesson_example_no_episode": "Cite the episode moment behind each claim once the episode is in content/episodes/.",
}
"""Each text `new` writes for the trainer to replace, by the place it fills ({code}: "E204")."""

_FIXED = frozenset(text for text in PLACEHOLDERS.values() if "{" not in text)
_OPENINGS = tuple(text.split("{")[0] for text in PLACEHOLDERS.values() if "{" in text)


def is_placeholder(text: str) -> bool:
    text = text.strip()
    return text in _FIXED or text.startswith(_OPENINGS)


def placeholder_problems(root: Path, severity: str = "warning") -> list[Problem]:
    """Every placeholder left in content/ and quizzes/, at its line: YAML values that are one,
    and lesson lines that are one. Files holding none are not parsed (a plain text search first)."""
    problems: list[Problem] = []
    for path in sorted([*(root / CONTENT).rglob("*.yml"), *(root / QUIZZES).rglob("*.yml")]):
        problems += _in_yaml(root, path, severity)
    for path in sorted((root / CONTENT).rglob("*.md")):
        problems += _in_markdown(root, path, severity)
    return problems


def _message(text: str) -> str:
    return f'still the placeholder "{text.strip()}" that `new` wrote; write your own text here'


def _mentions_one(text: str) -> bool:
    return any(fixed in text for fixed in _FIXED) or any(opening in text for opening in _OPENINGS)


def _in_yaml(root: Path, path: Path, severity: str) -> list[Problem]:
    shown = path.relative_to(root).as_posix()
    text, _ = read_text_file(path, shown)
    if not text or not _mentions_one(text):
        return []
    document, _ = parse_yaml(text, shown)  # a file that does not parse is reported by the check itself
    if document is None:
        return []
    return [
        document.problem(_message(value), *key_path, severity=severity)
        for key_path, value in _strings(document.data, ())
        if is_placeholder(value)
    ]


def _strings(data, key_path: tuple):
    """(key path, text) of every string in a YAML document, keys as YamlDocument.line takes them."""
    if isinstance(data, str):
        yield key_path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*key_path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*key_path, index))


def _in_markdown(root: Path, path: Path, severity: str) -> list[Problem]:
    shown = path.relative_to(root).as_posix()
    text, _ = read_text_file(path, shown)
    if not text or not _mentions_one(text):
        return []
    return [
        Problem(shown, number, _message(line), severity)
        for number, line in enumerate(text.splitlines(), start=1)
        if is_placeholder(line)
    ]


def placeholder_severity(environ) -> str:
    """A warning while writing; an error in CI (GitHub Actions and GitLab set CI=true), so a
    placeholder never reaches the published site."""
    return "error" if environ.get("CI", "").lower() in ("true", "1", "yes") else "warning"


__all__ = ["PLACEHOLDERS", "is_placeholder", "placeholder_problems", "placeholder_severity"]
