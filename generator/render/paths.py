"""Where each kind of generated page and file lives in the site: the URL scheme, in one place.

Paths are docs-relative source paths as MkDocs knows them; with directory URLs,
"episodes/e204.md" is served at episodes/e204/ and its transcript.json sits beside it.
"""
from __future__ import annotations

from ..model import Episode, Person, Post, SeriesPart, TurnSpan

EPISODE_INDEX = "episodes/index.md"
GUEST_INDEX = "guests/index.md"
SERIES_INDEX = "series/index.md"
BLOG_INDEX = "blog/index.md"
EPISODES_JSON = "episodes.json"


def episode(item: Episode) -> str:
    return f"episodes/{item.slug}.md"


def transcript_json(item: Episode) -> str:
    """Beside the episode's index.html, so `<episode url>transcript.json` finds it."""
    return f"episodes/{item.slug}/transcript.json"


def guest(person: Person) -> str:
    return f"guests/{person.id}.md"


def series(part: SeriesPart) -> str:
    return f"series/{part.id}.md"


def post(item: Post) -> str:
    return f"blog/{item.slug}.md"


def turn_anchor(number: int) -> str:
    """The element id of transcript turn `number` (from 1) on its episode page (fixed: `t-N`)."""
    return f"t-{number}"


def moment(span: TurnSpan | None, start: float | None = None) -> str:
    """What follows an episode page's URL to cite `span`: "#t-15", or "?turns=15-16#t-15"; with
    the `start` of its first turn (seconds), "?t=754.6&turns=15-16#t-15", which plays from there.

    A range rides in the query so that the fragment stays an element id: without JavaScript the
    browser still scrolls to and highlights the first turn (:target), and podcourse.js reads
    `turns` to highlight the rest of the range. So does `t`, which player.js reads.
    """
    if span is None:
        return ""
    query = [f"t={seconds_value(start)}"] if start is not None else []
    if span.last > span.first:
        query.append(f"turns={span.first}-{span.last}")
    return ("?" + "&".join(query) if query else "") + f"#{turn_anchor(span.first)}"


def seconds_value(seconds: float) -> str:
    """A moment of the recording as the page's addresses (`?t=`) and player data write it:
    "754", "754.6". Exact to the millisecond: rounded down to the second, a link to a turn that
    starts at 754.6 s would play the end of the turn before it."""
    return f"{seconds:.3f}".rstrip("0").rstrip(".")


def paragraph_anchor(turn: int, paragraph: int) -> str:
    """The element id of a paragraph (from 1) inside a turn of several: `t-N-pK`.

    Paragraphs are the turn's text split at blank lines (generator.render.templates.paragraphs),
    so the ids stay put as long as the turn's text does. Search results deep inside a long turn
    land here rather than on the top of the turn.
    """
    return f"t-{turn}-p{paragraph}"
