"""Reading a course repository's files: every YAML and Markdown file under content/ and quizzes/
(and the site's hand-written pages) goes through here, whichever stage asks for it.

One way in means one set of refusals for every kind of file: a folder or a pipe where a file
should be, a file that cannot be read or has gone, bytes that are not UTF-8 (with their line), and
whatever generator.yaml_source refuses in the YAML (a key given twice, with both lines; anchors;
impossible values), front matter included. Each is a `Problem(path, line, message)`, never a
traceback. The functions return (value, problem) for a caller that only wants the file when it
reads (the loaders report the rest); ContentReader collects the problems of a whole pass.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from .model import Problem
from .yaml_source import MarkdownDocument, YamlDocument, parse_markdown, parse_yaml


def read_text_file(path: Path, shown: str) -> tuple[str | None, Problem | None]:
    """A trainer's file as text (newlines as read_text gives them), or why it cannot be: a folder,
    a special file, an OS error, or bytes that are not UTF-8 (with the line they sit on)."""
    try:
        if path.is_dir():
            return None, Problem(shown, None, "is a folder; expected a file here")
        if path.exists() and not path.is_file():
            return None, Problem(shown, None, "is not a regular file (a pipe or a device?); expected a file here")
        raw = path.read_bytes()
    except OSError as error:
        return None, Problem(shown, None, f"cannot read: {error.strerror or error}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, Problem(
            shown, line, f"not UTF-8 text (byte 0x{raw[error.start]:02x}, {error.reason}); save the file as UTF-8"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def read_optional_file(root: Path, relative: str) -> tuple[str | None, list[Problem]]:
    """The text of an optional file under the repository (None when absent), or why it cannot be read.
    `relative` is its path from the repository root (generator.layout), as problems name it."""
    path = Path(root) / relative
    if not path.exists() and not path.is_symlink():
        return None, []
    text, problem = read_text_file(path, relative)
    return text, [problem] if problem else []


def list_folder(folder: Path, pattern: str, shown: str) -> tuple[list[Path], list[Problem]]:
    """The files of a content folder matching `pattern`, sorted; an absent folder holds none, and
    one that cannot be listed is a problem, never silently empty."""
    if not folder.exists() and not folder.is_symlink():
        return [], []
    try:
        names = os.listdir(folder)
    except NotADirectoryError:
        return [], [Problem(shown, None, "is not a folder; expected a folder of content files here")]
    except OSError as error:
        return [], [Problem(shown, None, f"cannot list this folder: {error.strerror or error}")]
    return sorted(folder / name for name in names if fnmatch.fnmatchcase(name, pattern)), []


def read_yaml_file(path: Path, shown: str) -> tuple[YamlDocument | None, Problem | None]:
    """A YAML file as a document with its lines, or None with why it cannot be."""
    text, problem = read_text_file(path, shown)
    if text is None:
        return None, problem
    return parse_yaml(text, shown)


def read_markdown_file(path: Path, shown: str) -> tuple[MarkdownDocument | None, Problem | None]:
    """A Markdown file and its front matter; None only when the text cannot be read. Front matter
    that does not parse is the problem, with the document still there (its body, its links)."""
    text, problem = read_text_file(path, shown)
    if text is None:
        return None, problem
    return parse_markdown(text, shown)


class ContentReader:
    """The files of one repository as a pass of the loaders reads them: each read returns what
    the file holds, or None with its problem noted in `problems`; paths are shown relative to
    `root`, as a trainer finds them."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, path: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def _noted(self, value, problem: Problem | None):
        if problem:
            self.problems.append(problem)
            return None
        return value

    def files(self, folder: str, pattern: str) -> list[Path]:
        """The files of a content folder (layout.EPISODES, ...) matching pattern, sorted; a folder
        that cannot be listed is a problem."""
        paths, problems = list_folder(self.root / folder, pattern, folder)
        self.problems += problems
        return paths

    def read_text(self, path: Path) -> str | None:
        return self._noted(*read_text_file(path, self.rel(path)))

    def read_yaml(self, path: Path) -> YamlDocument | None:
        return self._noted(*read_yaml_file(path, self.rel(path)))

    def read_mapping(self, path: Path) -> YamlDocument | None:
        """A YAML file that holds a mapping of fields (an episode, a person, the show)."""
        document = self.read_yaml(path)
        if document is not None and not isinstance(document.data, dict):
            self.add(document.path, 1, "expected a mapping of fields (key: value)")
            return None
        return document

    def read_markdown(self, path: Path) -> MarkdownDocument | None:
        """A Markdown file; None when it cannot be read or its front matter does not parse."""
        return self._noted(*read_markdown_file(path, self.rel(path)))

    def needed(self, path: Path, named_at: tuple[str, int], missing: str) -> YamlDocument | None:
        """A YAML file another file names (path.yml names each module's file and quiz), read; a
        missing one is reported where it is named (`named_at`: path and line) as `missing`."""
        if not path.exists() and not path.is_symlink():
            self.add(*named_at, missing)
            return None
        return self.read_yaml(path)
