"""The small field readers of the course's files (the path, modules, lessons and quizzes), each
reporting in the trainer's terms: a value, or a problem noted and a default.

generator.course (the path and its modules) and generator.quizzes both read through these; the
files themselves are read by generator.content_reader.
"""

from __future__ import annotations

from .content_reader import ContentReader
from .yaml_source import YamlDocument


def required_text(document: YamlDocument, data: dict, key: str, collector: ContentReader, where: tuple = ()) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        collector.problems.append(document.problem(f"`{key}:` is required (text)", *where, key))
        return ""
    return value.strip()


def optional_text(document: YamlDocument, data: dict, key: str, collector: ContentReader) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        collector.problems.append(document.problem(f"`{key}:` must be text", key))
        return ""
    return value.strip()


def text_list(
    document: YamlDocument, data: dict, key: str, collector: ContentReader, required: bool = False
) -> tuple[str, ...]:
    value = data.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        collector.problems.append(document.problem(f"`{key}:` must be a list of text", key))
        return ()
    return tuple(v.strip() for v in value)


def report_unknown_keys(
    document: YamlDocument, data: dict, where: tuple, allowed: set[str], collector: ContentReader
) -> None:
    """A misspelt key (`explaination:`) would silently drop what the trainer wrote."""
    for key in data:
        if key not in allowed:
            collector.problems.append(
                document.problem(f"unknown key '{key}' (expected {', '.join(sorted(allowed))})", *where, key)
            )
