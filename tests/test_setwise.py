"""Scoring set-wise over decoded postings (generator.search.setwise) gives Whoosh's own hits and scores,
bit for bit, on a fresh index and on one holding deleted passages in several segments."""
from __future__ import annotations

import dataclasses

import pytest

import generator.search.engine as search_module
from generator.search.index import build_index, deleted_share, documents_from_catalogue, open_generation
from generator.search.engine import SearchIndex, _parse, search_by_kind
from generator.search.setwise import Postings, TermPostings

SET_WISE = ["smart", "referrals", "asking for the sale", '"strategically realistic"', '"the s is for specific"',
            "smart criteria", "confrontation OR reciprocity", "guest:kwame", "speaker:wayne smart",
            "title:smart OR heading:smart", "text:criteria", "sales AND (leads OR referrals)"]
"""Query shapes scored set-wise: words, ANDs, ORs, phrases, field queries."""
WALKED = ["smart NOT criteria", "conflict -sales", "negotiat*"]
"""Shapes left to Whoosh's walk (NOT, -word; a prefix's many-term OR): they must still agree. A
query of NOT alone is refused (engine._looks_for_something)."""


@pytest.fixture(scope="module")
def fresh(catalogue, tmp_path_factory) -> SearchIndex:
    folder = tmp_path_factory.mktemp("fresh")
    build_index(documents_from_catalogue(catalogue), folder)
    return SearchIndex(folder)


@pytest.fixture(scope="module")
def unmerged(catalogue, tmp_path_factory) -> SearchIndex:
    """E100 edited after a first build: its old passages stay deleted in the first segment."""
    folder = tmp_path_factory.mktemp("unmerged")
    build_index(documents_from_catalogue(catalogue), folder)
    e100 = catalogue.episode(100)
    turn = dataclasses.replace(e100.transcript[0], text=e100.transcript[0].text + " Smart referrals, asking for the sale.")
    changed = dataclasses.replace(catalogue, episodes=tuple(
        dataclasses.replace(e, transcript=(turn, *e.transcript[1:])) if e.number == 100 else e
        for e in catalogue.episodes))
    build_index(documents_from_catalogue(changed), folder)
    ix = open_generation(folder)[1]
    assert deleted_share(ix) > 0 and len(ix.reader().leaf_readers()) > 1
    return SearchIndex(folder)


def whooshs_and_setwise(index: SearchIndex, q: str):
    with index.session() as (searcher, live):
        query = _parse(searcher, q, live.vocabulary)
        plain = searcher.search(query, limit=None, terms=False).top_n
        return plain, search_by_kind(searcher, live.passages_by_kind, query, None, live.postings).top_n


@pytest.mark.parametrize("which", ["fresh", "unmerged"])
@pytest.mark.parametrize("q", SET_WISE + WALKED)
def test_setwise_scores_are_whooshs(request, which, q):
    plain, setwise = whooshs_and_setwise(request.getfixturevalue(which), q)
    assert setwise == plain
    assert plain, f"{q!r} finds nothing in the sample: the comparison would prove nothing"


@pytest.mark.parametrize("which", ["fresh", "unmerged"])
def test_plain_shapes_never_fall_back_to_walking(request, which, monkeypatch):
    """Without this the equality above could hold because every query was walked as before."""
    def walked(*args):
        raise AssertionError("walked, not scored set-wise")

    monkeypatch.setattr(search_module, "_scored_among", walked)
    for q in SET_WISE:
        assert whooshs_and_setwise(request.getfixturevalue(which), q)[1], q


def test_decoded_postings_are_the_terms_postings(fresh):
    with fresh.session() as (searcher, live):
        reader = searcher.reader()
        for term in [("text", b"smart"), ("text", b"sal"), ("text", b"referral"), ("guest", b"kwame")]:
            decoded = TermPostings.decode(reader, *term, positions=True)
            walked = reader.postings(*term)
            assert list(decoded.weights.items()) == list(zip(walked.all_ids(), (w for w in _weights(reader, term))))
            number = next(iter(decoded.weights))
            assert list(decoded.positions(number)) == list(_positions(reader, term, number))


def _weights(reader, term):
    matcher = reader.postings(*term)
    while matcher.is_active():
        yield matcher.weight()
        matcher.next()


def _positions(reader, term, number):
    matcher = reader.postings(*term)
    matcher.skip_to(number)
    return matcher.value_as("positions")


def test_postings_held_stay_within_their_bound(fresh):
    postings = Postings(limit=50)
    with fresh.session() as (searcher, live):
        query = _parse(searcher, "smart referrals sales", live.vocabulary)
        before = search_by_kind(searcher, live.passages_by_kind, query, None, live.postings).top_n
        assert search_by_kind(searcher, live.passages_by_kind, query, None, postings).top_n == before
    assert postings.held <= 50 or len(postings._terms) == 1
