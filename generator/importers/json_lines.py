"""JSON read with the line each object starts on, so a problem in a JSON transcript or chapters
file names its line as everywhere else (`path:line: message`).

The standard library's decoder keeps no positions; its pure-Python scanner takes the object
parser from the decoder, so a parser that notes where each object starts gives them. NaN and
Infinity, which Python accepts and JSON does not, are refused.
"""

from __future__ import annotations

import bisect
import json
import json.scanner
import re
from collections.abc import Callable

from ..model import Problem
from .cues import file_lines, seconds_problem


class _Positions(json.JSONDecoder):
    parse_object: Callable[..., tuple[object, int]]  # set by JSONDecoder.__init__; typeshed leaves it out
    scan_once: Callable[[str, int], tuple[object, int]]

    def __init__(self, text: str):
        super().__init__(parse_constant=_refuse_constant)
        self.lines: dict[int, int] = {}
        self._newlines = [i for i, c in enumerate(text) if c == "\n"]
        plain = self.parse_object

        def parse_object(string_and_end, *args):
            value, end = plain(string_and_end, *args)
            self.lines[id(value)] = bisect.bisect_left(self._newlines, string_and_end[1]) + 1
            return value, end

        self.parse_object = parse_object
        self.scan_once = json.scanner.py_make_scanner(self)  # type: ignore[attr-defined]  # in the module, not in typeshed's stub


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def json_with_lines(text: str, source: str) -> tuple[object, dict[int, int], Problem | None]:
    """(data, line of each object by id, None) or (None, {}, the problem at its line)."""
    text = "\n".join(file_lines(text))
    decoder = _Positions(text)
    try:
        return decoder.decode(text), decoder.lines, None
    except json.JSONDecodeError as error:
        return None, {}, Problem(source, error.lineno, f"not valid JSON: {error.msg}")
    except ValueError as error:
        return None, {}, Problem(source, None, f"not valid JSON: {error}")
    except RecursionError:
        return None, {}, Problem(source, None, "not valid JSON here: nested too deeply")


_OBJECT = re.compile(r"^\ufeff?\s*\{")


def is_object_with_list(text: str, key: str) -> bool:
    """True for text opening a JSON object that holds `"key": [` somewhere: a cheap look, no parsing."""
    return bool(_OBJECT.match(text[:64])) and re.search(rf'"{re.escape(key)}"\s*:\s*\[', text) is not None


def json_list(
    text: str, source: str, key: str, shape: str
) -> tuple[list[tuple[int, object, int | None]], Problem | None]:
    """(number from 1, item, line) of each item of the list under `key` of a JSON object, or the
    problem (with `shape`, what the file should look like) when the text is not such an object."""
    data, lines, problem = json_with_lines(text, source)
    if problem:
        return [], problem
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return [], Problem(source, 1, shape)
    return [
        (number, item, lines.get(id(item), lines.get(id(data)))) for number, item in enumerate(items, start=1)
    ], None


def json_seconds(value, what: str) -> tuple[float | None, str | None]:
    """(seconds, None) of a JSON time, (None, None) when absent, (None, why) when it is no time."""
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None, f"{what} must be a number of seconds, not {json.dumps(value)[:40]}"
    reason = seconds_problem(value, what)
    return (None, reason) if reason else (round(float(value), 3), None)
