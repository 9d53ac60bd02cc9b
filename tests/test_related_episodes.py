"""Related episodes: computed from the episodes' own words and labels, without the search index."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys

from sample import ROOT
from generator.model import Catalogue, Episode, Person, SeriesPart, Turn
from generator.render import topics
from generator.render.topics import related_episodes

COMMON = "Selling to buyers means a pipeline, a quota and a plan every single week."
"""Said in every made-up episode: a word used everywhere must not make two episodes alike."""


def made_up(number: int, *spoken: str, ads: tuple[str, ...] = (), **fields) -> Episode:
    """An episode saying COMMON and `spoken`, with `ads` as ad reads."""
    turns = [Turn("Host", COMMON), *(Turn("Host", text) for text in spoken), *(Turn("Host", text, kind="ad") for text in ads)]
    return Episode(number, f"Episode {number}", dt.date(2024, 1, number), transcript=tuple(turns), **fields)


def related_in(*episodes: Episode) -> dict[int, list[int]]:
    return related_episodes(Catalogue(Person("Host"), "Show", episodes=episodes))


def test_the_sample_episodes_are_related_to_other_existing_episodes_never_to_themselves(catalogue):
    related = related_episodes(catalogue)
    numbers = {e.number for e in catalogue.episodes}
    assert set(related) == numbers == {100, 204, 227, 298}
    for number, others in related.items():
        assert others and number not in others and len(others) <= topics.RELATED_PER_EPISODE
        assert set(others) <= numbers and len(set(others)) == len(others)


def test_a_rerun_of_a_sample_episode_is_the_first_related_episode_both_ways(catalogue):
    """E227 aired again under another number (same words, same guest): nothing is more alike."""
    rerun = dataclasses.replace(catalogue.episode(227), number=300, title="Best of: asking, with Dr. Wayne Baker")
    related = related_episodes(dataclasses.replace(catalogue, episodes=(*catalogue.episodes, rerun)))
    assert related[227][0] == 300 and related[300][0] == 227
    assert all(others and number not in others for number, others in related.items())


def test_sharing_a_rare_word_ranks_that_episode_first_whatever_its_form_or_case():
    related = related_in(
        made_up(1, "We went kayaking on the lake; kayaks everywhere."),
        made_up(2, "Origami folding helps me think."),
        made_up(3, "Origami again."),
        made_up(4, "KAYAK trips with clients build trust."),
        made_up(5),
        made_up(6),
    )
    assert related[1][0] == 4 and related[4][0] == 1
    assert related[2][0] == 3 and related[3][0] == 2
    assert 1 not in related[2] and 2 not in related[1]
    assert related[5] == [] and related[6] == []  # nothing in common with anyone but what all say


def test_a_shared_ad_read_does_not_make_episodes_alike():
    ad = "This episode is brought to you by Acme Widgets: widgets for every sales floor."
    related = related_in(
        made_up(1, "Cold calling scripts.", ads=(ad,)),
        made_up(2, "Cold calling, without scripts.", ads=()),
        made_up(3, ads=(ad,)),
        made_up(4), made_up(5), made_up(6),
    )
    assert related[1] == [2] and related[3] == []


def test_episodes_as_alike_as_each_other_are_listed_by_number():
    related = related_in(*(made_up(n, "Referral partners and introductions.") for n in (1, 2, 3)),
                         made_up(4), made_up(5), made_up(6), made_up(7))
    assert related[1] == [2, 3] and related[2] == [1, 3] and related[3] == [1, 2]


def test_another_part_of_the_series_with_the_same_guest_outranks_one_shared_word():
    """A listener on part 1 wants part 2 before an episode that happens to say one word they share."""
    guest = "Kwame Christian"
    series = SeriesPart("Sales Negotiations with Kwame Christian", 1, 2)
    related = related_in(
        made_up(1, "Mediation.", guests=(guest,), series=series),
        made_up(2, guests=(guest,), series=dataclasses.replace(series, part=2)),
        made_up(3, "Mediation."),
        made_up(4), made_up(5), made_up(6),
    )
    assert related[1] == [2, 3] and related[2] == [1]


def test_the_comparison_reads_the_rarest_key_terms_first_within_its_budget(monkeypatch):
    """The bound that keeps the cost per episode constant: with room for one term only, the
    rarest decides (kayak, used by two episodes, before paddle, used by three)."""
    episodes = (made_up(1, "kayak paddle"), made_up(2, "kayak"), made_up(3, "paddle"), made_up(4, "paddle"),
                made_up(5), made_up(6), made_up(7), made_up(8))
    assert related_in(*episodes)[1] == [2, 3, 4]
    monkeypatch.setattr(topics, "RELATED_POSTINGS_BUDGET", 1)
    assert related_in(*episodes)[1] == [2]


WITHOUT_THE_INDEX = """
import json, sys
from pathlib import Path
for name in ("whoosh", "generator.search.engine", "generator.search.index"):
    sys.modules[name] = None  # importing them now fails
from generator.load import load_catalogue
from generator.render.episodes import episode_pages
from generator.render.topics import related_episodes
catalogue, _ = load_catalogue(Path(sys.argv[1]))
pages = episode_pages(catalogue)
print(json.dumps(related_episodes(catalogue)))
"""


def test_related_episodes_are_computed_without_the_search_index(catalogue):
    """The index is built in parallel with the pages: related episodes, and the episode pages that
    list them, must not wait for it. With the search engine and Whoosh unimportable they come out
    the same as in a full run."""
    done = subprocess.run([sys.executable, "-c", WITHOUT_THE_INDEX, str(ROOT)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {str(number): others for number, others in related_episodes(catalogue).items()}
