"""Relevance floors on the judged listener queries (bench/judged.yml, issue 11).

The judged set is checked first (every judged turn is a transcript turn the index holds, enough
queries of every kind); then the sample's Whoosh index is built once for the module and every
query scored as bench/relevance.py scores it, per passage in the order a listener sees them.
The floors hold what the engine reaches today, a little below it, so that a change that loses
relevance fails here; the issue's goals (GOALS) are higher and not all met yet: paraphrases
("dreading Monday morning") share no word with the turns that answer them, and only the
trainer's synonyms bridge that today. `.venv/bin/python bench/relevance.py` prints the figures
and the queries that miss.
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
GOALS = {"episodes nDCG@10": 0.75, "episodes P@1": 0.85, "each kind nDCG@10": 0.50, "all types nDCG@10": 0.55}
"""Issue 11's goals (on a judged set we have not seen); measured on ours, 2026-11-30: 0.61, 0.74,
paraphrase 0.17 and question 0.50 below 0.50 (the other kinds 0.61-0.92), all types 0.60."""
EPISODES_NDCG = 0.55  # whoosh-episodes, overall nDCG@10 (measured 0.61)
EPISODES_P1 = 0.68  # whoosh-episodes, overall P@1 (measured 0.74)
KIND_NDCG = {"word": 0.80, "topic": 0.55, "paraphrase": 0.12, "name": 0.85, "misspelling": 0.68, "question": 0.45}
"""whoosh-episodes, nDCG@10 of each kind of query (measured 0.86, 0.64, 0.17, 0.92, 0.74, 0.50)."""
ALL_TYPES_NDCG = GOALS["all types nDCG@10"]  # whoosh-all (lessons, posts and quizzes compete): met (0.60)


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
    assert summary.ndcg >= KIND_NDCG[kind], f"{kind}: nDCG@10 {summary.ndcg:.2f}\n{failures(kind_scores)}"


def test_all_types_overall(scores):
    overall = summarise(scores["whoosh-all"])["overall"]
    assert overall.ndcg >= ALL_TYPES_NDCG, f"nDCG@10 {overall.ndcg:.2f}\n{failures(scores['whoosh-all'])}"
