"""Reading trainer-edited YAML while remembering where each value sits, for `path:line` messages."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import Problem

# libyaml's loader when present (about 30x faster on a thousand episode files); its nodes keep
# line marks just as the pure-Python one does.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    """Parsed YAML plus the 1-based line of every mapping key and list item, by key path."""

    path: str
    data: object
    lines: dict[tuple, int] = field(default_factory=dict)
    first_line: int = 1  # line in the file where this YAML starts (after front matter offset)

    def line(self, *key_path) -> int:
        """Line of the deepest known ancestor of key_path: good enough to point a trainer at it."""
        for cut in range(len(key_path), -1, -1):
            found = self.lines.get(tuple(key_path[:cut]))
            if found:
                return found
        return self.first_line

    def problem(self, message: str, *key_path, severity: str = "error") -> Problem:
        return Problem(self.path, self.line(*key_path), message, severity)


def read_optional_file(root: Path, relative: Path) -> tuple[str | None, list[Problem]]:
    """The text of an optional file under the repository (None when absent), or why it cannot be read."""
    path = Path(root) / relative
    if not path.is_file():
        return None, []
    try:
        return path.read_text(encoding="utf-8"), []
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(relative.as_posix(), None, f"cannot read: {error}")]


def parse_yaml_list(text: str, path: str, expected: str) -> tuple[YamlDocument | None, list[Problem]]:
    """A YAML file that holds one list (topics, synonym groups): the document, or None with the
    problem (none for an empty file); `expected` says what the list should hold, for the message."""
    document, problem = parse_yaml(text, path)
    if problem:
        return None, [problem]
    if document.data is None:
        return None, []
    if not isinstance(document.data, list):
        return None, [document.problem(f"expected a list of {expected}")]
    return document, []


def _record_lines(node: yaml.Node, prefix: tuple, lines: dict[tuple, int], offset: int) -> None:
    lines.setdefault(prefix, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[prefix + (key,)] = key_node.start_mark.line + 1 + offset
            _record_lines(value_node, prefix + (key,), lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[prefix + (index,)] = item.start_mark.line + 1 + offset
            _record_lines(item, prefix + (index,), lines, offset)


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[YamlDocument | None, Problem | None]:
    """Parse one YAML document; a syntax error becomes a Problem at the line YAML points to."""
    offset = first_line - 1
    loader = _Loader(text)
    try:
        node = loader.get_single_node()  # parsed once: the node gives both the lines and the data
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        error = _pure_python_error(text) or error  # its messages and lines read better than libyaml's
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 + offset if mark else first_line
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return None, Problem(path, line, f"invalid YAML: {reason}")
    finally:
        loader.dispose()
    document = YamlDocument(path, data, first_line=first_line)
    if node is not None:
        _record_lines(node, (), document.lines, offset)
    return document, None


def _pure_python_error(text: str) -> yaml.YAMLError | None:
    try:
        yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        return error
    return None


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split `---` front matter from a Markdown body: (yaml or None, body, line where body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return front, body, index + 2
    return None, text, 1
