"""Property tests of the query parser: the request checks (generator/search/request.py) and the
engine's parsing and search through a real index built from the sample (generator/search/engine.py).
Any query, any parameters: a SearchRequest or a SearchError naming a parameter, then results or a
SearchError, never another exception; highlights stay escaped.

Inputs per test and time (profile ci, 2 shared cores), from the session summary of conftest.py:
    3 tests, 1,300 inputs, 1.7 s inside the tests (plus 0.3 s to build the index):
    query accepted clean or refused 600, request parameters 400, search through the index 300
    (about two in three queries pass the checks and reach Whoosh).
"""
from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sample import ROOT
from generator.load import load_catalogue
from generator.search.engine import SearchIndex, search
from generator.search.index import build_index, documents_from_catalogue
from generator.search.request import (FILTERS, MAX_PASSAGES_PER_RESULT, MAX_QUERY_CHARS, PARAMETERS, SearchError,
                                      SearchRequest, check_query, parse_request)
from properties import counted, inputs, mutated

JUDGED = ROOT / "bench" / "judged.yml"
JUDGED_QUERIES = [item["query"] for item in yaml.safe_load(JUDGED.read_text(encoding="utf-8"))]

QUERY_SYNTAX = st.sampled_from(('"', "(", ")", "AND", "OR", "NOT", "ANDNOT", "*", "?", "~", "^", "2", ":", "type:",
                                "title:", "guest:", "unknown:", "TO", "[", "]", "{", "}", "<", ">", "'", "\\", "-",
                                "+", "/", "smart", "negotiat*", "kwame", "a", "the", "how", "é", "🎉", "\x00"))
QUERY = st.one_of(
    st.text(max_size=60),
    st.lists(QUERY_SYNTAX, max_size=12).map(" ".join),
    st.lists(QUERY_SYNTAX, max_size=12).map("".join),
    st.sampled_from(JUDGED_QUERIES).flatmap(lambda q: mutated(q.encode(), 3)).map(
        lambda data: data.decode("utf-8", "replace")),
)
"""Random text, query syntax in any order (spaced or run together), and the judged listener
queries of bench/judged.yml mutated."""


@given(QUERY)
@inputs(600)
@counted
def test_a_query_is_accepted_clean_or_refused_with_a_reason(q):
    """check_query returns text Whoosh can be given (no control characters, within the limit,
    quotes and parentheses balanced) or refuses with a SearchError on `q`."""
    try:
        checked = check_query(q)
    except SearchError as error:
        assert error.parameter == "q" and error.message
        return
    assert checked and checked == checked.strip() and len(checked) <= MAX_QUERY_CHARS
    assert not re.search(r"[\x00-\x1f\x7f]", checked)
    assert checked.count('"') % 2 == 0


PARAMETER_VALUES = st.one_of(st.text(max_size=12), st.sampled_from(("1", "0", "100", "101", "episode", "post",
                                                                    "2024", "yes", " 3 ", "-1", "٣", "1e3")))


@given(st.dictionaries(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=8)), PARAMETER_VALUES, max_size=6)
       .map(lambda params: {**params, "q": params.get("q") or "smart"}))
@inputs(400)
@counted
def test_request_parameters_are_checked_or_refused_naming_the_parameter(params):
    """parse_request: a SearchRequest within its documented limits, or a SearchError naming one
    of the parameters given."""
    try:
        request = parse_request(params)
    except SearchError as error:
        assert error.parameter in params
        return
    assert isinstance(request, SearchRequest)
    assert request.page >= 1 and 1 <= request.passages <= MAX_PASSAGES_PER_RESULT
    assert set(request.filters) <= set(FILTERS) and all(request.filters.values())


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> SearchIndex:
    """The sample catalogue's passages indexed, as `podcourse build` indexes them."""
    catalogue, _ = load_catalogue(ROOT)
    folder = tmp_path_factory.mktemp("index")
    build_index(documents_from_catalogue(catalogue), folder)
    return SearchIndex(folder)


_MARKUP = re.compile(r"</?mark>")


@given(q=QUERY, exact=st.booleans(), kind=st.sampled_from(("", "episode", "post")))
@inputs(300)
@counted
def test_any_checked_query_searches_the_index_or_is_refused(index, q, exact, kind):
    """A query that passes the request checks is parsed by Whoosh and searched: results, or a
    SearchError (a query Whoosh cannot understand); the page asked is within the pages found, and
    the only markup in a highlight is <mark>."""
    try:
        request = parse_request({"q": q, "type": kind, "exact": "1" if exact else "0"})
        results = search(index, request)
    except SearchError as error:
        assert error.parameter in ("q", "type")
        return
    assert 1 <= results.page <= results.pages and len(results.groups) <= request.per_page
    for group in results.groups:
        assert not kind or group.type == kind
        for passage in group.passages:
            assert "<" not in _MARKUP.sub("", passage.highlight), passage.highlight
