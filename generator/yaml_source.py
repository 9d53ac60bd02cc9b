"""Parsing trainer-edited YAML (and Markdown's front matter) while remembering where each value
sits, for `path:line` messages. Text in, document or Problem out: reading the files themselves is
generator.content_reader's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from .model import Problem

# libyaml's loader when present (about 30x faster on a thousand episode files); its nodes keep
# line marks just as the pure-Python one does.
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader  # the interface the two share, as the type checker knows it
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64
"""Nesting a content file may use; far deeper nesting crashes libyaml's composer (C recursion)."""


class ContentLoader(_BaseLoader):
    """The safe loader, with a value YAML cannot build (`2024-02-30`) reported as a YAML error at
    its line rather than escaping as a ValueError."""

    def construct_object(self, node, deep=False):
        try:
            value = super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, OverflowError) as error:
            raise yaml.constructor.ConstructorError(None, None, _unbuildable(node, error), node.start_mark) from error
        if isinstance(value, str) and (control := CONTROL_CHARACTERS.search(value)):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"control character U+{ord(control.group()):04X} in the text (written as an escape "
                "such as \\0): no page can show it; remove it",
                node.start_mark,
            )
        return value


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Characters no page shows (tab and line breaks are text): YAML lets a double-quoted "\\0" through."""


class _PureContentLoader(yaml.SafeLoader):
    """The pure-Python twin of ContentLoader, whose syntax messages read better than libyaml's."""

    construct_object = ContentLoader.construct_object


def _unbuildable(node: yaml.Node, error: Exception) -> str:
    if node.tag.endswith(":timestamp"):
        return f"{node.value!r} is not a real date ({error})"
    return f"{node.value!r} cannot be read as {node.tag.rsplit(':', 1)[-1]} ({error})"


def load_content_yaml(text: str):
    """Data of one YAML document, or yaml.YAMLError: anchors, aliases, keys given twice and
    impossible values refused."""
    refusal = structure_problem(text, "", 1)
    if refusal:
        raise yaml.YAMLError(refusal.message)
    loader = ContentLoader(text)
    try:
        node = loader.get_single_node()
        repeated = _repeated_key(node, "", 0) if node is not None else None
        if repeated:  # as check refuses it: import never merges what check refuses
            raise yaml.YAMLError(repeated.message)
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


@dataclass
class YamlDocument:
    """Parsed YAML plus the 1-based line of every mapping key and list item, by key path."""

    path: str
    data: object
    lines: dict[tuple, int] = field(default_factory=dict)
    first_line: int = 1  # line in the file where this YAML starts (after front matter offset)

    @property
    def fields(self) -> dict:
        """The data as a mapping of fields, for a reader that has checked it is one (else empty)."""
        return self.data if isinstance(self.data, dict) else {}

    @property
    def entries(self) -> list:
        """The data as a list, for a reader that has checked it is one (else empty)."""
        return self.data if isinstance(self.data, list) else []

    def line(self, *key_path) -> int:
        """Line of the deepest known ancestor of key_path: good enough to point a trainer at it."""
        for cut in range(len(key_path), -1, -1):
            found = self.lines.get(tuple(key_path[:cut]))
            if found:
                return found
        return self.first_line

    def problem(self, message: str, *key_path, severity: str = "error") -> Problem:
        return Problem(self.path, self.line(*key_path), message, severity)


def parse_yaml_list(text: str, path: str, expected: str) -> tuple[YamlDocument | None, list[Problem]]:
    """A YAML file that holds one list (topics, synonym groups): the document, or None with the
    problem (none for an empty file); `expected` says what the list should hold, for the message."""
    document, problem = parse_yaml(text, path)
    if document is None:
        return None, [problem] if problem else []
    if document.data is None:
        return None, []
    if not isinstance(document.data, list):
        return None, [document.problem(f"expected a list of {expected}")]
    return document, []


def _record_lines(node: yaml.Node, prefix: tuple, lines: dict[tuple, int], offset: int, key_of) -> None:
    lines.setdefault(prefix, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_of(key_node)
            lines[prefix + (key,)] = key_node.start_mark.line + 1 + offset
            _record_lines(value_node, prefix + (key,), lines, offset, key_of)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[prefix + (index,)] = item.start_mark.line + 1 + offset
            _record_lines(item, prefix + (index,), lines, offset, key_of)


def _key_reader(loader: ContentLoader):
    """A mapping key as the data holds it (`yes:` is True, `1:` is 1), so lines are found by it."""

    def key_of(key_node: yaml.Node):
        if not isinstance(key_node, yaml.ScalarNode):
            return key_node.start_mark.line  # refused by the constructor already; any hashable will do
        try:
            return loader.construct_object(key_node)
        except yaml.YAMLError:
            return key_node.value

    return key_of


def structure_problem(text: str, path: str, first_line: int = 1) -> Problem | None:
    """An anchor, an alias or nesting past MAX_DEPTH, found in the event stream before any node is
    composed: content files have no use for them, and a few nested aliases expand to gigabytes."""
    if not _may_need_events(text):
        return None
    loader = ContentLoader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None and not isinstance(event, yaml.StreamEndEvent):
            refusal = _event_refusal(event)
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            if depth > MAX_DEPTH:
                refusal = f"nested more than {MAX_DEPTH} levels deep; a content file needs a few"
            if refusal:
                return Problem(path, event.start_mark.line + first_line, refusal)
    except yaml.YAMLError:
        return None  # a syntax error: parse_yaml reports it with its line
    finally:
        loader.dispose()
    return None


_DEEP_BLOCK = re.compile(rf"^[ ?:-]{{{MAX_DEPTH // 2}}}", re.MULTILINE)


def _may_need_events(text: str) -> bool:
    """Cheap test that skips the event scan for most files: anchors need `&`, aliases `*`, and deep
    nesting many brackets or a line indented by half of MAX_DEPTH."""
    return (
        "&" in text
        or "*" in text
        or text.count("[") + text.count("{") > MAX_DEPTH // 2
        or _DEEP_BLOCK.search(text) is not None
    )


def _event_refusal(event: yaml.Event) -> str | None:
    if isinstance(event, yaml.AliasEvent):
        return (
            f"YAML alias '*{event.anchor}': content files do not use aliases (a few nested ones expand "
            "to gigabytes); write the value out in full"
        )
    if anchor := getattr(event, "anchor", None):
        return f"YAML anchor '&{anchor}': content files do not use anchors or aliases; remove it"
    return None


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[YamlDocument | None, Problem | None]:
    """Parse one YAML document; a syntax error becomes a Problem at the line YAML points to."""
    refusal = structure_problem(text, path, first_line)
    if refusal:
        return None, refusal
    offset = first_line - 1
    loader = ContentLoader(text)
    try:
        node = loader.get_single_node()  # parsed once: the node gives both the lines and the data
        repeated = _repeated_key(node, path, offset) if node is not None else None
        if repeated:
            return None, repeated
        data = loader.construct_document(node) if node is not None else None
        document = YamlDocument(path, data, first_line=first_line)
        if node is not None:
            _record_lines(node, (), document.lines, offset, _key_reader(loader))
            last_line = text.count("\n") + first_line  # an empty value at the end ("---") is marked a line later
            document.lines = {key: min(line, last_line) for key, line in document.lines.items()}
    except yaml.YAMLError as error:
        return None, _yaml_problem(text, path, first_line, error)
    finally:
        loader.dispose()
    return document, None


def _repeated_key(node: yaml.Node, path: str, offset: int) -> Problem | None:
    """The first key given twice in one mapping, at its second line: YAML keeps the last value
    silently, so a trainer who wrote `title:` twice would lose the first without a word."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1 + offset
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        where = (
                            f"on line {line}"
                            if seen[key_node.value] == line
                            else f"(lines {seen[key_node.value]} and {line})"
                        )
                        return Problem(
                            path,
                            line,
                            f"'{key_node.value}' is given twice in one mapping {where}: "
                            "YAML keeps only the last; remove one",
                        )
                    seen[key_node.value] = line
                stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


def _yaml_problem(text: str, path: str, first_line: int, error: yaml.YAMLError) -> Problem:
    """A Problem at the line YAML points to: a syntax error in a trainer's words, with the column
    and the line itself under a caret, or a value it cannot build (a date)."""
    unbuildable = isinstance(error, yaml.constructor.ConstructorError)
    if not unbuildable:
        error = _pure_python_error(text) or error  # its messages and lines read better than libyaml's
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    if unbuildable or mark is None:
        return Problem(path, mark.line + first_line if mark else first_line, reason)
    lines = text.splitlines()
    mark, plain = _in_plain_words(lines, error, mark, reason)
    shown = lines[mark.line].replace("\t", " ") if mark.line < len(lines) else ""
    return Problem(
        path,
        mark.line + first_line,
        f"invalid YAML at column {mark.column + 1}: {plain}\n    {shown}\n    {' ' * mark.column}^",
    )


def _in_plain_words(lines: list[str], error: yaml.YAMLError, mark, reason: str):
    """(where, what) for the syntax errors trainers make, said as what to do; YAML's own words otherwise."""
    context_mark = getattr(error, "context_mark", None)
    line = lines[mark.line] if mark.line < len(lines) else ""
    if reason.startswith("found character '\\t'"):
        return mark, "a tab; indent with spaces only"
    if reason.startswith("found character") and reason.endswith("that cannot start any token"):
        return mark, f"a value cannot start with {reason.split(chr(39))[1]}; put the whole value in quotes"
    if reason.startswith("expected alphabetic or numeric character, but found '*'"):
        return (context_mark or mark), "a value cannot start with *; put the whole value in quotes"
    if reason == "mapping values are not allowed here":
        if _indented_under_a_value(lines, mark.line):
            return mark, (
                "this line is indented more than the line above, which already has its value; "
                "line it up with the keys above it"
            )
        return mark, 'a colon inside a value; put the whole value in quotes, as in title: "Sales: the basics"'
    if reason == "found unexpected end of stream" and context_mark is not None:
        return context_mark, "this quotation mark is never closed; close it at the end of the value"
    if reason.startswith(("expected ',' or ']'", "expected ',' or '}'")) and context_mark is not None:
        bracket = "[ ... ]" if "']'" in reason else "{ ... }"
        return (
            context_mark,
            f"this {bracket[0]} is never closed; "
            f"end the value with {bracket[-1]} on the same line, or put it in quotes",
        )
    if reason == "could not find expected ':'" and context_mark is not None:
        return context_mark, (
            "a line that is not 'key: value'; a key needs a colon and a space, and text that "
            "goes on from the line above needs to be indented under it"
        )
    if reason.startswith("expected <block end>, but found '<scalar>'") and line[: mark.column].rstrip().endswith(
        ('"', "'")
    ):
        return mark, "text after the closing quotation mark; put the whole value inside the quotes"
    if reason.startswith(("expected <block end>", "did not find expected")):
        return mark, (
            "this line does not line up with the ones above it: keys of one block, and the '- ' "
            "of one list, start at the same column"
        )
    return mark, reason


def _indented_under_a_value(lines: list[str], number: int) -> bool:
    """The line is indented deeper than the key line before it, and that key already has a value."""

    def indent(text: str) -> int:
        return len(text) - len(text.lstrip(" "))

    here = lines[number] if number < len(lines) else ""
    before = next(
        (lines[n] for n in range(number - 1, -1, -1) if lines[n].strip() and not lines[n].lstrip().startswith("#")), ""
    )
    key, colon, value = before.strip().lstrip("- ").partition(": ")
    return bool(colon and value.strip()) and indent(here) > indent(before)


def _pure_python_error(text: str) -> yaml.YAMLError | None:
    try:
        yaml.load(text, Loader=_PureContentLoader)
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
            body = "\n".join(lines[index + 1 :])
            return front, body, index + 2
    return None, text, 1


@dataclass(frozen=True)
class MarkdownDocument:
    """A Markdown file split at its `---` front matter: the whole text (links are found in it by
    line), the front matter as a document (None when there is none) and the body with its first line."""

    text: str
    front: YamlDocument | None
    body: str
    body_line: int


def parse_markdown(text: str, path: str) -> tuple[MarkdownDocument, Problem | None]:
    """Markdown with optional front matter; front matter that does not parse (a key given twice,
    a syntax error) is the Problem, at its line in the file, and leaves `front` None."""
    front, body, body_line = split_front_matter(text)
    if front is None:
        return MarkdownDocument(text, None, body, body_line), None
    document, problem = parse_yaml(front, path, first_line=2)
    return MarkdownDocument(text, document, body, body_line), problem
