"""A listener's search request, checked before it reaches the index.

Whatever a user types (query string, command line) is checked here, and every refusal is a
SearchError naming the parameter at fault, which the endpoint turns into a 400 and the terminal
into a message. No Whoosh: `podcourse check` checks topic queries with `check_query`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import slugify
from .fields import DOCUMENT_TYPES, QUERY_FIELDS, topic_key

MAX_QUERY_CHARS = 200
PER_PAGE = 10
PASSAGES_PER_RESULT = 10
"""Matching moments shown per page by default: a page's 12 turns on a listener's subject are
worth seeing; the search page shows three and folds the rest away."""
MAX_PASSAGES_PER_RESULT = 100
FILTERS = ("type", "guest", "topic", "module", "year")
PARAMETERS = ("q", "page", "passages", "exact") + FILTERS
"""Every query-string parameter the endpoint accepts; anything else is refused."""


class SearchError(ValueError):
    """A request we refuse, with the parameter at fault: becomes a 400 or a terminal message."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


# ---------------------------------------------------------------------------------------------
# The request: checked before it reaches Whoosh
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRequest:
    """A checked search: the query text, filters by facet, and the page of results wanted."""

    q: str
    filters: Mapping[str, str] = field(default_factory=dict)
    page: int = 1
    per_page: int = PER_PAGE
    passages: int = PASSAGES_PER_RESULT
    """Matching passages shown per page found (its best first)."""
    exact: bool = False
    """Search the words as typed, even those the index has never seen (no automatic correction)."""


def parse_request(params: Mapping[str, str]) -> SearchRequest:
    """A SearchRequest from raw parameters (query string or command line), or a SearchError."""
    unknown = sorted(set(params) - set(PARAMETERS))
    if unknown:
        raise SearchError(unknown[0], f"unknown parameter; use one of {', '.join(PARAMETERS)}")
    q = check_query(params.get("q", ""))
    filters = {}
    for name in FILTERS:
        value = (params.get(name) or "").strip()
        if value:
            filters[name] = check_filter(name, value)
    return SearchRequest(
        q=q,
        filters=filters,
        page=check_page(params.get("page")),
        passages=check_passages(params.get("passages")),
        exact=check_flag("exact", params.get("exact")),
    )


def check_filter(name: str, value: str) -> str:
    """The normalised filter value; values that exist are checked later against the index."""
    if len(value) > 100:
        raise SearchError(name, "is too long")
    if name == "type":
        if value not in DOCUMENT_TYPES:
            raise SearchError("type", f"unknown type {value!r}; use one of {', '.join(DOCUMENT_TYPES)}")
        return value
    if name == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise SearchError("year", f"must be a four-digit year, got {value!r}")
        return value
    return topic_key(value) if name == "topic" else slugify(value)


def check_passages(value: str | None) -> int:
    if value is None or value == "":
        return PASSAGES_PER_RESULT
    if not re.fullmatch(r"\d{1,4}", value.strip()) or not 1 <= int(value) <= MAX_PASSAGES_PER_RESULT:
        raise SearchError("passages", f"must be a whole number from 1 to {MAX_PASSAGES_PER_RESULT}, got {value!r}")
    return int(value)


def check_flag(name: str, value: str | None) -> bool:
    if value is None or value.strip().lower() in ("", "0", "false", "no"):
        return False
    if value.strip().lower() in ("1", "true", "yes"):
        return True
    raise SearchError(name, f"must be 1 or 0, got {value!r}")


def check_page(value: str | None) -> int:
    if value is None or value == "":
        return 1
    if not re.fullmatch(r"\d{1,6}", value.strip()):
        raise SearchError("page", f"must be a whole number from 1, got {value!r}")
    page = int(value)
    if page < 1:
        raise SearchError("page", "must be 1 or more")
    return page


_FIELD_NAME = re.compile(r"(?<![\w:])[-+]?([^\W\d_]+):(?=[^\s/])")  # -guest:kwame leaves out
"""A field named in a query: letters, a colon and no space or slash after it. "51:49", "10:30"
and a pasted address ("https://...") are words to look for, not fields."""
_BAD_PREFIX = re.compile(r"(?:^|[\s(\"])\S?\*|\*\w")


def check_query(raw: str | None) -> str:
    """The query text if Whoosh can be trusted with it, else a SearchError saying what to fix."""
    q = re.sub(r"[\x00-\x1f\x7f]", " ", raw or "").strip()
    if not q:
        raise SearchError("q", 'the query is empty; type a word or a "phrase"')
    if len(q) > MAX_QUERY_CHARS:
        raise SearchError("q", f"the query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}")
    if q.count('"') % 2:
        raise SearchError("q", 'unbalanced quotes: a "phrase" needs a closing quote')
    depth = 0
    for part in q.split('"')[::2]:  # outside phrases
        for char in part:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth < 0:
                raise SearchError("q", "unbalanced parentheses: ')' without '('")
    if depth:
        raise SearchError("q", "unbalanced parentheses: '(' without ')'")
    for part in q.split('"')[::2]:
        for name in _FIELD_NAME.findall(part):
            if name.lower() not in QUERY_FIELDS:
                raise SearchError("q", f"unknown field '{name}:'; use one of {', '.join(QUERY_FIELDS)}")
        if _BAD_PREFIX.search(part):
            raise SearchError("q", "a prefix search needs two or more letters before a final * (refer*)")
    return q
