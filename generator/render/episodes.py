"""Episode pages, the episode index and the series pages.

Each episode page holds the whole transcript, turn by turn, each turn anchored `t-N` (N from 1)
so that a search hit or a lesson can point at the exact moment; inside a turn of several
paragraphs each paragraph is anchored `t-N-pK` too, so a hit deep in a long monologue lands on
its paragraph. The transcript is rendered straight to escaped HTML and wrapped in
`data-search-exclude`: Material's browser search stays small, and full-text search over
transcripts is Whoosh's job (ARCHITECTURE.md).
"""

from __future__ import annotations

from typing import NamedTuple

from .. import urls
from ..model import Audio, Catalogue, Chapter, Episode, Person, SeriesPart, Turn, slugify
from ..urls import relative_url
from .context import NO_BUILD, BuildContext
from .page import Page, Section, page_from_sections
from .templates import clock, render
from .topics import related_episodes, related_section

TURN_KIND_LABELS = {"ad": "Ad break", "outro": "Outro"}


def newest_first(episodes) -> list[Episode]:
    """Listing order everywhere: latest date first, higher number first on the same day."""
    return sorted(episodes, key=lambda e: (e.date, e.number), reverse=True)


def series_parts(catalogue: Catalogue, series: SeriesPart) -> list[Episode]:
    """The catalogue's episodes of one series, in part order (unknown parts last, by date)."""
    return list(catalogue.series_episodes.get(series.id, ()))


def series_neighbours(catalogue: Catalogue, episode: Episode) -> tuple[Episode | None, Episode | None]:
    """The previous and next part, when the episode's part is known and those parts exist."""
    if episode.series is None or episode.series.part is None:
        return None, None
    by_part = {e.series.part: e for e in series_parts(catalogue, episode.series) if e.series and e.series.part}
    return by_part.get(episode.series.part - 1), by_part.get(episode.series.part + 1)


def all_series(catalogue: Catalogue) -> list[SeriesPart]:
    """One SeriesPart per distinct series (the first seen names it), in alphabetical order."""
    seen: dict[str, SeriesPart] = {}
    for episode in catalogue.episodes:
        if episode.series and episode.series.id not in seen:
            seen[episode.series.id] = episode.series
    return sorted(seen.values(), key=lambda s: s.series.casefold())


def guest_persons(catalogue: Catalogue, episode: Episode) -> list[Person]:
    """The episode's guests as Persons; a name without a people file still shows, unlinked."""
    return [catalogue.person(name) or Person(name) for name in episode.guests]


def _person_link(catalogue: Catalogue, here: str, name: str) -> dict:
    """Name and, when the person has a guest page, the link to it."""
    person = catalogue.person(name)
    if person is None or person == catalogue.host:
        return {"name": name, "url": None}
    return {"name": name, "url": relative_url(here, urls.guest(person))}


def _participant_links(catalogue: Catalogue, here: str, episode: Episode) -> list[dict]:
    """The episode's other speakers after its guests: name (linked if they have a page) and role."""
    return [{**_person_link(catalogue, here, p.name), "role": p.role} for p in episode.participants]


def _episode_link(here: str, episode: Episode | None) -> dict | None:
    if episode is None:
        return None
    return {"code": episode.code, "title": episode.title, "url": relative_url(here, urls.episode(episode))}


def _series_context(catalogue: Catalogue, here: str, episode: Episode) -> dict | None:
    if episode.series is None:
        return None
    previous, following = series_neighbours(catalogue, episode)
    return {
        "name": episode.series.series,
        "part": episode.series.part,
        "parts": episode.series.parts,
        "url": relative_url(here, urls.series(episode.series)),
        "previous": _episode_link(here, previous),
        "next": _episode_link(here, following),
    }


class SpeakerLink(NamedTuple):
    """A speaker's name and, when they have a guest page, the link to it."""

    name: str
    url: str | None


class TranscriptParagraph(NamedTuple):
    """A paragraph of a turn; anchor `t-N-pK` only in a turn of several."""

    anchor: str | None
    text: str


class TurnTime(NamedTuple):
    """When a turn is heard: shown beside it, and what player.js seeks to (data-pc-start, data-pc-end)."""

    start: str  # seconds, as urls.seconds_value writes them
    end: str  # "" when the source gives no end
    clock: str  # "12:34"


class TranscriptTurn(NamedTuple):
    """What transcript.html shows of one turn.

    Records, not dicts: the template reads a dozen values a turn (20,000 turns at 1000
    episodes), and Jinja looks a name up as an attribute first and as a dict key only after
    that attempt has failed, which made a third of the transcript's rendering time.
    """

    anchor: str
    speaker: SpeakerLink
    kind: str
    kind_label: str
    paragraphs: list[TranscriptParagraph]
    time: TurnTime | None  # None for a turn without a start: nothing is shown


def transcript_turns(catalogue: Catalogue, here: str, turns: tuple[Turn, ...]) -> list[TranscriptTurn]:
    """Turns numbered from 1 (the `t-N` anchors), with the speaker linked when they have a page."""
    speakers = {name: SpeakerLink(**_person_link(catalogue, here, name)) for name in {t.speaker for t in turns}}
    return [
        TranscriptTurn(
            anchor=urls.turn_anchor(number),
            speaker=speakers[turn.speaker],
            kind=turn.kind,
            kind_label=TURN_KIND_LABELS.get(turn.kind, ""),
            paragraphs=turn_paragraphs(number, turn),
            time=turn_time(turn),
        )
        for number, turn in enumerate(turns, start=1)
    ]


def turn_time(turn: Turn) -> TurnTime | None:
    """The turn's moment in the recording, when the transcript it came from was timed."""
    if turn.start is None:
        return None
    end = urls.seconds_value(turn.end) if turn.end is not None else ""
    return TurnTime(urls.seconds_value(turn.start), end, clock(turn.start))


def turn_heard_at(turns: tuple[Turn, ...], seconds: float) -> int | None:
    """The number (from 1) of the turn heard `seconds` into the recording: the last one starting
    by then, or the first timed turn when the moment comes before them all; None when no turn
    has a time."""
    heard = None
    for number, turn in enumerate(turns, start=1):
        if turn.start is None:
            continue
        if turn.start > seconds:
            return heard or number
        heard = number
    return heard


def chapter_links(episode: Episode) -> list[dict]:
    """Each chapter with its time, linked to the turn heard when it starts: without JavaScript (or
    audio) the link still leads there; player.js plays from the chapter's start (data-pc-start).
    With no timed turn to land on, the link is the moment itself (#t=754), which player.js reads."""
    return [
        {
            "title": chapter.title,
            "clock": clock(chapter.start),
            "start": urls.seconds_value(chapter.start),
            "href": _chapter_target(episode, chapter),
        }
        for chapter in episode.chapters
    ]


def _chapter_target(episode: Episode, chapter: Chapter) -> str:
    number = turn_heard_at(episode.transcript, chapter.start)
    return f"#{urls.turn_anchor(number)}" if number else urls.time_fragment(chapter.start)


def turn_paragraphs(number: int, turn: Turn) -> list[TranscriptParagraph]:
    """The turn's paragraphs; in a turn of several, each anchored `t-N-pK` (K from 1).

    A one-paragraph turn needs no id of its own: `t-N` already lands on it.
    """
    texts = turn.paragraphs()
    if len(texts) == 1:
        return [TranscriptParagraph(None, texts[0])]
    return [TranscriptParagraph(urls.paragraph_anchor(number, k), text) for k, text in enumerate(texts, start=1)]


def topic_links(catalogue: Catalogue, here: str, episode: Episode) -> list[dict]:
    """The episode's topics, each linked to its topic page; a topic content/topics.yml does not
    declare has no page, so it stays text rather than becoming a broken link."""
    pages = {topic.id: urls.topic(topic) for topic in catalogue.topics}
    links = []
    for name in episode.topics:
        page = pages.get(slugify(name))  # the topic pages' own key (Topic.id)
        links.append({"name": name, "url": relative_url(here, page) if page else None})
    return links


def audio_player(audio: Audio) -> str:
    """The recording's player and download link, with its length and size where the feed gave them."""
    return render(
        "audio_player.html",
        audio=audio,
        details=", ".join(filter(None, (_duration_text(audio.duration_seconds), _size_text(audio.length)))),
    )


def _duration_text(seconds: int | None) -> str:
    """ "40 min", "1 h 05 min": what a listener wants to know before pressing play."""
    if not seconds:
        return ""
    minutes = round(seconds / 60) or 1
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _size_text(length: int | None) -> str:
    """ "37 MB": what a download will cost; nothing for a size the feed left at 0 or out."""
    if not length:
        return ""
    return f"{max(1, round(length / 1_000_000))} MB"


def episode_page(catalogue: Catalogue, episode: Episode, related: dict[int, list[int]] | None = None) -> Page:
    """One episode: header (code, date, series navigation, guests and participants, hook), notes,
    quotes, transcript, related episodes (`related`: the catalogue's related_episodes, computed
    here when not given)."""
    here = urls.episode(episode)
    header = render(
        "episode_header.html",
        episode=episode,
        series=_series_context(catalogue, here, episode),
        guests=[_person_link(catalogue, here, name) for name in episode.guests],
        participants=_participant_links(catalogue, here, episode),
        topics=topic_links(catalogue, here, episode),
    )
    transcript = ""
    if episode.transcript:
        transcript = render(
            "transcript.html",
            turns=transcript_turns(catalogue, here, episode.transcript),
            json_url=relative_url(here, urls.transcript_json(episode)),
        )
    return page_from_sections(
        here,
        f"{episode.code}: {episode.title}",
        [
            Section("episode-header", header),
            Section("listen", audio_player(episode.audio) if episode.audio else ""),
            Section(
                "chapters",
                render("chapters.html", chapters=chapter_links(episode)) if episode.chapters else "",
                "Chapters",
            ),
            Section("show-notes", render("paragraphs.html", text=episode.description), "Show notes"),
            Section("quotes", render("quotes.html", quotes=episode.quotes), "Quotes"),
            Section("transcript", transcript, "Transcript"),
            Section(
                "related",
                related_section(catalogue, here, episode, related_episodes(catalogue) if related is None else related),
                "Related episodes",
            ),
        ],
    )


def episode_rows(catalogue: Catalogue, here: str, episodes) -> list[dict]:
    """What a listing shows of each episode, newest first."""
    return [
        {
            "code": e.code,
            "title": e.title,
            "date": e.date,
            "url": relative_url(here, urls.episode(e)),
            "guests": [_person_link(catalogue, here, name) for name in e.guests],
            "series": e.series,
            "series_url": relative_url(here, urls.series(e.series)) if e.series else None,
        }
        for e in newest_first(episodes)
    ]


def series_page(catalogue: Catalogue, series: SeriesPart) -> Page:
    """A multi-part conversation: its episodes in part order."""
    here = urls.series(series)
    parts = series_parts(catalogue, series)
    listing = render(
        "series_parts.html",
        name=series.series,
        parts=[
            {
                "part": e.series.part,
                "parts": e.series.parts,
                "episode": _episode_link(here, e),
                "date": e.date,
                "guests": [_person_link(catalogue, here, name) for name in e.guests],
            }
            for e in parts
            if e.series  # (all of them: parts are the series' episodes)
        ],
    )
    # Out of Material's search index: a series is named by its episodes' titles, which are in it.
    return page_from_sections(here, series.series, [Section("series", listing)], browser_search=False)


def series_index_page(catalogue: Catalogue) -> Page:
    here = urls.SERIES_INDEX
    listing = render(
        "link_list.html",
        items=[
            {"label": s.series, "url": relative_url(here, urls.series(s)), "count": len(series_parts(catalogue, s))}
            for s in all_series(catalogue)
        ],
        empty="No multi-part series yet.",
    )
    return page_from_sections(here, "Series", [Section("series-index", listing)], in_nav=True)


def episode_pages(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> list[Page]:
    """The episode section of the site: one page per episode, series index and pages (the episode
    index, in pages, is generator.render.episode_index's)."""
    related = related_episodes(catalogue)  # once for every page
    return [
        *(episode_page(catalogue, e, related) for e in newest_first(catalogue.episodes)),
        series_index_page(catalogue),
        *(series_page(catalogue, s) for s in all_series(catalogue)),
    ]
