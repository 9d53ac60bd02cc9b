"""The benchmark's synthetic catalogue: pages our importer reads as the client's, N episodes out.

Only correctness of the generator is tested here; speed is measured by bench/run.py, which
prints figures and is not part of the test suite.
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.catalogue import (  # noqa: E402
    FIRST_NUMBER, REAL_NAMES, TRANSCRIPT_BYTES, guest_name, make_catalogue, plan_catalogue, write_pages,
)
from generator.load import errors, load_catalogue  # noqa: E402

N = 14
HOST = "Jason Cutter"
REAL_EPISODES = {100, 204, 227, 298}  # the sample catalogue copied along with the synthetic one


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A repository copy with N synthetic pages imported by our importer, then loaded."""
    root, problems = make_catalogue(tmp_path_factory.mktemp("bench") / "repo", N, seed=7)
    catalogue, load_problems = load_catalogue(root)
    return root, problems, catalogue, load_problems


def synthetic(catalogue):
    return [e for e in catalogue.episodes if e.number >= FIRST_NUMBER]


def test_n_pages_import_without_errors_and_load_cleanly(imported):
    _, problems, catalogue, load_problems = imported
    assert errors(problems) == []
    assert errors(load_problems) == []
    assert sorted(e.number for e in synthetic(catalogue)) == list(range(FIRST_NUMBER, FIRST_NUMBER + N))
    assert {e.number for e in catalogue.episodes} - set(range(FIRST_NUMBER, FIRST_NUMBER + N)) == REAL_EPISODES


def test_episodes_match_their_plan(imported):
    """Title, date, guest and series come back from the page text exactly as planned."""
    _, _, catalogue, _ = imported
    plans = {p.number: p for p in plan_catalogue(N, random.Random(7))}
    for episode in synthetic(catalogue):
        plan = plans[episode.number]
        assert episode.date == plan.date
        assert episode.guests == ((plan.guest,) if plan.guest else ())
        if plan.series:
            assert (episode.series.series, episode.series.part, episode.series.parts) == (plan.series, plan.part, plan.parts)
            assert episode.title == plan.series
        else:
            assert episode.series is None
    assert any(p.series for p in plans.values()), "the sample plan should hold at least one series"


def test_transcripts_are_client_sized_and_spoken_by_host_and_guest(imported):
    _, _, catalogue, _ = imported
    for episode in synthetic(catalogue):
        size = sum(len(turn.text.encode()) for turn in episode.transcript)
        assert TRANSCRIPT_BYTES[0] <= size <= TRANSCRIPT_BYTES[1] * 1.1, (episode.number, size)
        assert {turn.speaker for turn in episode.transcript} <= {HOST, *episode.guests}
        if episode.guests:
            assert len({turn.speaker for turn in episode.transcript}) == 2


def test_guests_are_invented_and_have_pages(imported):
    """No real person is made to say reshuffled words: guests are 'Synth… Example', real guests' names are left out."""
    _, _, catalogue, _ = imported
    for episode in synthetic(catalogue):
        for name in episode.guests:
            assert re.fullmatch(r"Synth[a-z]+ Example", name)
            assert catalogue.person(name) is not None and "invented guest" in catalogue.person(name).bio
        for turn in episode.transcript:
            assert not REAL_NAMES.search(turn.text), (episode.number, turn.text[:80])


def test_synthetic_episodes_get_declared_topics(imported):
    _, _, catalogue, load_problems = imported
    assert all(1 <= len(e.topics) <= 3 for e in synthetic(catalogue))
    if catalogue.topics:
        declared = {topic.name for topic in catalogue.topics}
        assert all(set(e.topics) <= declared for e in synthetic(catalogue))
    assert [str(p) for p in load_problems if "topic" in p.message] == []


def test_same_seed_same_bytes_other_seed_other_text(tmp_path):
    first = [p.read_bytes() for p in write_pages(tmp_path / "a", 3, seed=1)]
    again = [p.read_bytes() for p in write_pages(tmp_path / "b", 3, seed=1)]
    other = [p.read_bytes() for p in write_pages(tmp_path / "c", 3, seed=2)]
    assert first == again
    assert first != other


def test_guest_names_stay_unique_past_the_alphabet():
    names = [guest_name(i) for i in range(2000)]
    assert len(set(names)) == len(names)
    assert names[0] == "Syntha Example" and names[26] == "Synthba Example"


def test_a_thousand_episode_plan_has_consecutive_numbers_and_distinct_series():
    plans = plan_catalogue(1000, random.Random(1))
    assert [p.number for p in plans] == list(range(FIRST_NUMBER, FIRST_NUMBER + 1000))
    assert any(p.series is None for p in plans) and any(p.series for p in plans)
    parts = {}
    for plan in plans:
        if plan.series:
            parts.setdefault(plan.series, []).append(plan.part)
    assert all(found == list(range(1, len(found) + 1)) for found in parts.values())
