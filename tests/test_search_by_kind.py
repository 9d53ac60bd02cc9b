"""Searching passage kind by kind (generator.search.engine.search_by_kind) finds exactly what Whoosh's
own search finds on the sample catalogue: the same pages, passages, scores, order and facets."""
from __future__ import annotations


import pytest

from generator.search.index import TEXT_FIELDS
from generator.search.engine import (
    ABSENT_FIELDS, SearchIndex, _filter_query, _parse, parse_request, search, search_by_kind,
)


QUERIES = [
    "smart", "referrals", "sales", "asking for the sale", "smart criteria", "goal resource request",
    '"strategically realistic"', '"sheep and crabs"', "negotiat*", "refer* clients",
    "guest:kwame", "speaker:wayne smart", "text:criteria", "title:smart OR heading:smart",
    "smart NOT criteria", "confrontation OR reciprocity", "(sales OR leads) NOT pipeline",
    "conflict NOT sales", "refferals",
]


@pytest.fixture(scope="module")
def index(sample_index) -> SearchIndex:
    return SearchIndex(sample_index)


def comparable(results):
    groups = [(g.id, g.score, g.matches, [(p.url, round(p.score, 6), p.highlight) for p in g.passages])
              for g in results.groups]
    return results.total, results.passages, results.pages, groups, results.facets, results.suggestion


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("filters", [{}, {"type": "episode"}, {"type": "lesson"}])
def test_kind_by_kind_finds_what_whoosh_finds(index, q, filters):
    request = parse_request({"q": q, **filters})
    assert comparable(search(index, request)) == comparable(search(index, request, by_kind=False))


def test_every_hit_and_raw_score_is_whooshs(index):
    with index.session() as (searcher, live):
        for q in QUERIES:
            query = _parse(searcher, q, live.vocabulary)
            for restrict in (None, _filter_query({"type": "episode"})):
                plain = searcher.search(query, filter=restrict, limit=None, terms=False).top_n
                assert search_by_kind(searcher, live.passages_by_kind, query, restrict).top_n == plain, q
                setwise = search_by_kind(searcher, live.passages_by_kind, query, restrict, live.postings)
                assert setwise.top_n == plain, q


def test_plain_words_are_searched_kind_by_kind_not_left_to_whoosh(index):
    """Without this the equivalence above could hold because every query fell back to Whoosh."""

    class NoWhooshSearch:
        def __init__(self, searcher):
            self._searcher = searcher

        def search(self, *args, **kwargs):
            raise AssertionError("fell back to Whoosh's search")

        def __getattr__(self, name):
            return getattr(self._searcher, name)

    with index.session() as (searcher, live):
        for q in ("smart criteria", '"strategically realistic"', "negotiat*", "smart NOT criteria"):
            query = _parse(searcher, q, live.vocabulary)
            assert search_by_kind(NoWhooshSearch(searcher), live.passages_by_kind, query).top_n


def test_passages_leave_empty_the_fields_their_kind_never_fills(index):
    """ABSENT_FIELDS is what makes the split exact: check it against every passage indexed."""
    with index.session() as (searcher, live):
        reader = searcher.reader()
        kinds = {docnum: fields["kind"] for docnum, fields in reader.iter_docs()}
        assert set(kinds.values()) == set(ABSENT_FIELDS)
        for docnum, kind in kinds.items():
            filled = {name for name in TEXT_FIELDS if reader.doc_field_length(docnum, name)}
            assert not filled & ABSENT_FIELDS[kind], (docnum, kind, filled)
        assert not live.passages_by_kind[None]
        assert sorted(n for numbers in live.passages_by_kind.values() for n in numbers) == sorted(kinds)
