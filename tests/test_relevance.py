"""Relevance floors on the judged listener queries (bench/judged.yml, issue 11).

The judged set is checked first (every judged turn is a transcript turn the index holds, enough
queries of every kind); then the sample's Whoosh index is built once for the module and every
query scored as bench/relevance.py scores it, per passage in the order a listener sees them.
The floors are the issue's goals; `.venv/bin/python bench/relevance.py` prints the figures and
the queries that miss.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.relevance import (  # noqa: E402
    KINDS, build_whoosh_index, check_judged, evaluate, failures, indexed_passages, load_judged,
    passage_grades, summarise, whoosh_ranker,
)
from generator.load import errors, load_catalogue  # noqa: E402

MIN_QUERIES = 45
MIN_PER_KIND = 6
EPISODES_NDCG = 0.75  # whoosh-episodes, overall nDCG@10
EPISODES_P1 = 0.85  # whoosh-episodes, overall P@1
KIND_NDCG = 0.50  # whoosh-episodes, nDCG@10 of each kind of query
ALL_TYPES_NDCG = 0.55  # whoosh-all (lessons, posts and quizzes compete), overall nDCG@10


@pytest.fixture(scope="module")
def catalogue():
    catalogue, problems = load_catalogue(REPO)
    assert not errors(problems), errors(problems)
    return catalogue


@pytest.fixture(scope="module")
def judged():
    return load_judged()


@pytest.fixture(scope="module")
def passages(catalogue):
    return indexed_passages(catalogue)


@pytest.fixture(scope="module")
def scores(catalogue, judged, passages, tmp_path_factory):
    """Every judged query through both Whoosh backends, on one index built for the module."""
    index = build_whoosh_index(catalogue, tmp_path_factory.mktemp("relevance-index"))
    return {backend: evaluate(judged, whoosh_ranker(index, backend), passages)
            for backend in ("whoosh-episodes", "whoosh-all")}


def test_judged_turns_exist_and_are_indexed(judged, catalogue):
    assert check_judged(judged, catalogue) == []


def test_enough_queries_of_every_kind(judged):
    kinds = Counter(q.kind for q in judged)
    assert len(judged) >= MIN_QUERIES
    assert {kind: kinds[kind] for kind in KINDS if kinds[kind] < MIN_PER_KIND} == {}
    assert len({q.query.lower() for q in judged}) == len(judged), "a query is judged twice"


def test_every_episode_is_judged(judged, catalogue):
    judged_episodes = {j.episode for q in judged for j in q.relevant}
    assert judged_episodes == {e.slug for e in catalogue.episodes}


def test_every_query_has_an_indexed_passage_that_answers_it(judged, passages):
    """A grade 2 that no indexed passage carries would make the query unwinnable (ideal DCG 0)."""
    unanswerable = [q.query for q in judged if 2 not in passage_grades(q, passages).values()]
    assert unanswerable == []


def test_episodes_overall(scores):
    overall = summarise(scores["whoosh-episodes"])["overall"]
    report = failures(scores["whoosh-episodes"])
    assert overall.ndcg >= EPISODES_NDCG, f"nDCG@10 {overall.ndcg:.2f}\n{report}"
    assert overall.p1 >= EPISODES_P1, f"P@1 {overall.p1:.2f}\n{report}"


@pytest.mark.parametrize("kind", KINDS)
def test_episodes_each_kind(scores, kind):
    kind_scores = [s for s in scores["whoosh-episodes"] if s.kind == kind]
    summary = summarise(kind_scores)[kind]
    assert summary.ndcg >= KIND_NDCG, f"{kind}: nDCG@10 {summary.ndcg:.2f}\n{failures(kind_scores)}"


def test_all_types_overall(scores):
    overall = summarise(scores["whoosh-all"])["overall"]
    assert overall.ndcg >= ALL_TYPES_NDCG, f"nDCG@10 {overall.ndcg:.2f}\n{failures(scores['whoosh-all'])}"
