"""Times on episode pages, rendered from hand-built models: each timed turn's time beside it,
chapters with theirs, and "Play from" on required listening where the episode has audio.

Expectations are written by hand from the models below; nothing here runs MkDocs. The browser
side (seeking, marking the turn heard) is tests/test_browser_player.py.
"""
import dataclasses
import datetime as dt

import pytest

from generator.model import Audio, Catalogue, Chapter, Episode, Listening, Module, Person, Turn, TurnSpan
from generator.render.course import module_page
from generator.render.episodes import episode_page, turn_heard_at
from generator.render.page import placeholder
from generator.urls import moment, seconds_value
from generator.render.templates import clock

HOST = Person("Jason Cutter")
AUDIO = Audio("https://media.example.com/e5.mp3", "audio/mpeg")
TIMED = (
    Turn("Jason Cutter", "Welcome.", start=0.0, end=61.2),
    Turn("Guest", "Thanks.\n\nGlad to be here.", start=61.5, end=75.0),
    Turn("Jason Cutter", "A word from our sponsor.", "ad"),  # untimed between timed ones
    Turn("Guest", "Back to it.", start=3723.25),  # no end, past an hour
)


def episode(transcript=TIMED, **fields) -> Episode:
    return Episode(5, "Five", dt.date(2024, 1, 1), transcript=transcript, **fields)


def catalogue(*episodes) -> Catalogue:
    return Catalogue(HOST, "Show", tuple(episodes), (Person("Guest"),))


def section(item: Episode, key: str) -> str:
    return episode_page(catalogue(item), item).html.get(placeholder(key), "")


@pytest.mark.parametrize("seconds, shown", [
    (0, "0:00"), (7.9, "0:07"), (59.999, "0:59"), (754, "12:34"), (3599, "59:59"), (3600, "1:00:00"),
    (3723.25, "1:02:03"), (36000, "10:00:00"),
])
def test_clock_times_as_players_print_them(seconds, shown):
    assert clock(seconds) == shown


@pytest.mark.parametrize("seconds, written", [(0.0, "0"), (754.0, "754"), (754.6, "754.6"), (0.1234, "0.123"),
                                              (3723.25, "3723.25"), (100.0, "100")])
def test_seconds_in_addresses_are_exact_to_the_millisecond(seconds, written):
    assert seconds_value(seconds) == written


def test_a_cited_moment_with_a_start_plays_from_it_and_keeps_its_range_and_turn():
    assert moment(TurnSpan(15, 16), 754.6) == "?t=754.6&turns=15-16#t-15"
    assert moment(TurnSpan(3, 3), 0.0) == "?t=0#t-3"
    assert moment(TurnSpan(15, 16)) == "?turns=15-16#t-15"  # without a time, as before
    assert moment(TurnSpan(3, 3)) == "#t-3"


def test_each_timed_turn_shows_its_time_as_a_link_to_the_turn():
    html = section(episode(), "transcript")
    assert ('<a class="pc-turn-anchor" href="#t-1">#t-1</a> '
            '<a class="pc-time" href="#t-1" data-pc-start="0" data-pc-end="61.2">0:00</a>') in html
    assert '<a class="pc-time" href="#t-2" data-pc-start="61.5" data-pc-end="75">1:01</a>' in html
    assert '<a class="pc-time" href="#t-4" data-pc-start="3723.25">1:02:03</a>' in html  # no end given
    assert html.count('class="pc-time"') == 3  # the untimed ad shows none


def test_an_untimed_transcript_shows_no_time():
    untimed = tuple(dataclasses.replace(turn, start=None, end=None) for turn in TIMED)
    page = episode_page(catalogue(episode(untimed, audio=AUDIO)), episode(untimed, audio=AUDIO))
    assert "pc-time" not in "".join(page.html.values())
    assert "data-pc-start" not in "".join(page.html.values())


@pytest.mark.parametrize("seconds, number", [
    (0, 1), (61.4, 1), (61.5, 2), (80, 2), (3723.25, 4), (99999, 4),
])
def test_the_turn_heard_is_the_last_timed_one_started_by_then(seconds, number):
    assert turn_heard_at(TIMED, seconds) == number


def test_a_moment_before_every_timed_turn_is_heard_in_the_first_and_none_without_times():
    late = (Turn("Jason Cutter", "Intro music."), Turn("Guest", "Hello.", start=30.0))
    assert turn_heard_at(late, 5) == 2
    assert turn_heard_at((Turn("Jason Cutter", "Untimed."),), 5) is None


def test_chapters_are_listed_with_their_times_escaped_and_linked_to_the_turn_heard_then():
    chapters = (Chapter(0.0, "Welcome"), Chapter(70.0, "Price <b>& value</b>"), Chapter(3725.0, "Wrap-up"))
    item = episode(chapters=chapters, audio=AUDIO)
    page = episode_page(catalogue(item), item)
    html = page.html[placeholder("chapters")]
    assert ('<li><a class="pc-chapter" href="#t-2" data-pc-start="70"><span class="pc-time">1:10</span> '
            '<span class="pc-chapter-title">Price &lt;b&gt;&amp; value&lt;/b&gt;</span></a></li>') in html
    assert 'href="#t-1" data-pc-start="0"' in html and 'href="#t-4" data-pc-start="3725"><span class="pc-time">1:02:05' in html
    # A heading of its own, before the show notes, and out of Material's browser search like the player.
    assert "## Chapters { data-search-exclude }" in page.markdown
    assert page.markdown.index("Chapters") < page.markdown.index("Transcript")


def test_chapters_of_an_untimed_transcript_link_to_their_moment():
    untimed = (Turn("Jason Cutter", "Welcome."),)
    html = section(episode(untimed, chapters=(Chapter(754.5, "Later"),)), "chapters")
    assert 'href="#t=754.5" data-pc-start="754.5"><span class="pc-time">12:34</span> <span class="pc-chapter-title">Later</span></a>' in html


def module_with(item: Episode, turns: TurnSpan) -> str:
    module = Module("m", "M", "", (), (), (Listening(5, turns, "Why."),), None)
    return "\n".join(module_page(catalogue(item), module).html.values())


def test_required_listening_plays_from_the_moment_where_the_episode_has_audio_and_the_turn_a_time():
    html = module_with(episode(audio=AUDIO), TurnSpan(2, 3))
    assert ('<a href="../../episodes/e5/?turns=2-3#t-2">E5: Five, turns 2-3</a> '
            '<a class="pc-play-from" href="../../episodes/e5/?t=61.5&amp;turns=2-3#t-2">Play from 1:01</a></p>') in html


@pytest.mark.parametrize("item, turns", [
    (episode(), TurnSpan(2, 2)),  # a time but no audio
    (episode(audio=AUDIO), TurnSpan(3, 3)),  # audio, but the cited turn has no time
])
def test_required_listening_offers_no_play_without_audio_or_a_time(item, turns):
    html = module_with(item, turns)
    assert "pc-play-from" not in html and "?t=" not in html
    assert f'<a href="../../episodes/e5/#t-{turns.first}">E5: Five, turn {turns.first}</a></p>' in html
