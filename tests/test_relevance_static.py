"""Relevance floors for the static search page (Pagefind, static-search.js) on the judged queries.

The sample is built and served by a plain static server; each judged query goes through the
page's own `window.podcourse.search.static` in Debian's Chromium, and is scored as
bench/relevance.py scores it. Issue 11 asks the static backend's nDCG@10 to stay within 0.1 of
the server's (the same query, all types, episodes first), so that a listener on GitHub Pages is
not served much worse than one on `podcourse serve`. A missing Chromium fails (the session's Playwright driver, conftest.py), never skips.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.relevance import (  # noqa: E402
    build_whoosh_index, evaluate, failures, indexed_passages, load_judged, static_ranker, summarise,
    whoosh_ranker,
)
from generator.load import errors, load_catalogue  # noqa: E402

STATIC_NDCG = 0.54  # overall nDCG@10 (measured 0.60, 2026-12-02; 0.56 before names counted)
STATIC_P1 = 0.62  # overall P@1 (measured 0.70; 0.68 before positions were read by the server's stems)
MISSPELLING_NDCG = 0.64  # corrected from the index's own words (measured 0.73; 0.12 before)
NAME_NDCG = 0.78  # a guest's or speaker's name finds the turns they speak (measured 0.85; 0.68 before)
GAP = 0.10  # issue 11: within 0.1 of the server's nDCG@10


@pytest.fixture(scope="module")
def scored(tmp_path_factory, playwright_driver):
    catalogue, problems = load_catalogue(REPO)
    assert not errors(problems), errors(problems)
    judged, passages = load_judged(), indexed_passages(catalogue)
    index = build_whoosh_index(catalogue, tmp_path_factory.mktemp("relevance-index"))
    server = evaluate(judged, whoosh_ranker(index, "whoosh-all"), passages)
    with static_ranker(driver=playwright_driver) as rank:
        static = evaluate(judged, rank, passages)
    return server, static


def test_static_search_floors(scored):
    _, static = scored
    summary = summarise(static)
    assert summary["overall"].ndcg >= STATIC_NDCG, f"nDCG@10 {summary['overall'].ndcg:.2f}\n{failures(static)}"
    assert summary["overall"].p1 >= STATIC_P1, f"P@1 {summary['overall'].p1:.2f}\n{failures(static)}"
    assert summary["misspelling"].ndcg >= MISSPELLING_NDCG, failures([s for s in static if s.kind == "misspelling"])
    assert summary["name"].ndcg >= NAME_NDCG, failures([s for s in static if s.kind == "name"])


def test_static_search_is_within_a_tenth_of_the_server(scored):
    server, static = scored
    gap = summarise(server)["overall"].ndcg - summarise(static)["overall"].ndcg
    assert gap <= GAP, f"the static page's nDCG@10 is {gap:.2f} below the server's\n{failures(static)}"
