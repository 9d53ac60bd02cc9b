"""Reading the course's files (the path, modules, lessons and quizzes): every problem collected in
one pass, and the small field readers that report in the trainer's terms.

generator.course (the path and its modules) and generator.quizzes both read through these.
"""
from __future__ import annotations

from pathlib import Path

from . import layout
from .model import Problem
from .yaml_source import YamlDocument, parse_yaml, read_text_file


class CourseFiles:
    """The course's files as they are read: the problems found so far, for one repository; paths
    are reported relative to it."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def add(self, path: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def read_text(self, path: Path) -> str | None:
        """A course file's text; None (and a problem) when it is a folder, unreadable or not UTF-8."""
        text, problem = read_text_file(path, self.rel(path))
        if problem:
            self.problems.append(problem)
        return text

    def read_yaml(self, path: Path) -> YamlDocument | None:
        """A YAML file as a document with line numbers; None (and a problem) when it can't be read."""
        text = self.read_text(path)
        if text is None:
            return None
        document, problem = parse_yaml(text, self.rel(path))  # a key given twice is its problem too
        if problem:
            self.problems.append(problem)
            return None
        return document

    def needed(self, path: Path, path_line: int, missing: str) -> YamlDocument | None:
        """A file a module of path.yml needs (its module file, its quiz), read; None when it is
        missing (reported at the module's line in path.yml, as `missing`) or unreadable."""
        if not path.exists() and not path.is_symlink():
            self.add(layout.PATH_FILE, path_line, missing)
            return None
        return self.read_yaml(path)


def required_text(document: YamlDocument, data: dict, key: str, collector: CourseFiles,
                  where: tuple = ()) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        collector.problems.append(document.problem(f"`{key}:` is required (text)", *where, key))
        return ""
    return value.strip()


def optional_text(document: YamlDocument, data: dict, key: str, collector: CourseFiles) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        collector.problems.append(document.problem(f"`{key}:` must be text", key))
        return ""
    return value.strip()


def text_list(document: YamlDocument, data: dict, key: str, collector: CourseFiles,
              required: bool = False) -> tuple[str, ...]:
    value = data.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        collector.problems.append(document.problem(f"`{key}:` must be a list of text", key))
        return ()
    return tuple(v.strip() for v in value)


def report_unknown_keys(document: YamlDocument, data: dict, where: tuple, allowed: set[str],
                        collector: CourseFiles) -> None:
    """A misspelt key (`explaination:`) would silently drop what the trainer wrote."""
    for key in data:
        if key not in allowed:
            collector.problems.append(document.problem(
                f"unknown key '{key}' (expected {', '.join(sorted(allowed))})", *where, key))

