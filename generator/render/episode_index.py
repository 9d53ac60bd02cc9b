"""The episode index: every episode, newest first, in pages of PAGE_SIZE, and the data its filter reads.

At 1,000 episodes one page listing them all was 584 KB of HTML, and filtering its rows in the
browser blocked a phone for 1.4 s (issue 18). So the index is static pages of PAGE_SIZE linked
by page numbers, which work without JavaScript (episodes/, episodes/page/2/, ...), and the filter
(guest, series, topic, year, words) is answered by podcourse.js from a compact data file,
episodes/index.json, fetched the first time a listener uses the filter. A filtered view is an
address (episodes/?guest=...&year=2015), so it can be shared.
"""

from __future__ import annotations

import json
from math import ceil

from .. import urls
from ..model import Catalogue, Episode, slugify
from ..urls import relative_url
from .context import NO_BUILD, BuildContext
from .episodes import all_series, episode_rows, guest_persons, newest_first
from .page import Page, Section, page_from_sections
from .templates import render

PAGE_SIZE = 50
FILTER_DATA = "episodes/index.json"
"""The filter's data file, beside the index's first page (its links are relative to that page)."""
PAGER_NEIGHBOURS = 2
"""Page numbers shown either side of the current one; the first and last are always shown."""


def index_page_path(number: int) -> str:
    """Page 1 is the episode index itself; page k is episodes/page/k/."""
    return urls.EPISODE_INDEX if number == 1 else f"episodes/page/{number}.md"


def page_count(catalogue: Catalogue) -> int:
    return max(1, ceil(len(catalogue.episodes) / PAGE_SIZE))


def index_page_paths(catalogue: Catalogue) -> list[str]:
    """Every page of the index, first to last."""
    return [index_page_path(k) for k in range(1, page_count(catalogue) + 1)]


def pager(here: str, current: int, count: int) -> list[dict | None]:
    """The page links: the first, the last and PAGER_NEIGHBOURS either side of the current page,
    with a gap (None) where numbers are left out."""
    shown = sorted(
        {1, count, *range(current - PAGER_NEIGHBOURS, current + PAGER_NEIGHBOURS + 1)} & set(range(1, count + 1))
    )
    links: list[dict | None] = []
    for k, number in enumerate(shown):
        if k and shown[k - 1] < number - 1:
            links.append(None)
        links.append(
            {"number": number, "url": relative_url(here, index_page_path(number)), "current": number == current}
        )
    return links


def filter_choices(catalogue: Catalogue) -> dict:
    """What the filter form offers without its data file: the topics and the years (few)."""
    topics = {slugify(name): name for e in catalogue.episodes for name in e.topics}
    return {
        "topics": sorted(topics.items(), key=lambda item: item[1].casefold()),
        "years": sorted({e.date.year for e in catalogue.episodes}, reverse=True),
    }


def episode_index_page(catalogue: Catalogue, number: int, episodes: list[Episode]) -> Page:
    """One page of the index: the filter form (shown by podcourse.js), PAGE_SIZE rows, the pager."""
    here, count = index_page_path(number), page_count(catalogue)
    first = relative_url(here, urls.EPISODE_INDEX)
    table = render(
        "episode_index.html",
        rows=episode_rows(catalogue, here, episodes),
        number=number,
        count=count,
        total=len(catalogue.episodes),
        first_row=(number - 1) * PAGE_SIZE + 1,
        pages=pager(here, number, count),
        previous=relative_url(here, index_page_path(number - 1)) if number > 1 else None,
        next=relative_url(here, index_page_path(number + 1)) if number < count else None,
        action=first,
        data=relative_url(here, FILTER_DATA),
        **filter_choices(catalogue),
        browse=[
            {"label": "guest", "url": relative_url(here, urls.GUEST_INDEX)},
            {"label": "series", "url": relative_url(here, urls.SERIES_INDEX)},
            {"label": "topic", "url": relative_url(here, urls.TOPIC_INDEX)},
        ],
    )
    title = "Episodes" if number == 1 else f"Episodes, page {number} of {count}"
    # Pages after the first are listings of what has its own page: out of Material's search index.
    return page_from_sections(
        here, title, [Section("episode-index", table)], in_nav=number == 1, browser_search=number == 1
    )


def episode_index_pages(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> list[Page]:
    """The index's pages, newest episodes first."""
    ordered = newest_first(catalogue.episodes)
    return [
        episode_index_page(catalogue, k, ordered[(k - 1) * PAGE_SIZE : k * PAGE_SIZE])
        for k in range(1, page_count(catalogue) + 1)
    ]


def filter_data(catalogue: Catalogue) -> dict:
    """Every episode, newest first, as short arrays pointing into tables of guests, series and
    topics: [code, title, date, url, [guest...], series or null, part or null, [topic...]].
    Links are relative to the index's first page, beside which the file is written."""
    here = urls.EPISODE_INDEX
    guests = {p.id: p for e in catalogue.episodes for p in guest_persons(catalogue, e)}
    guest_ids = sorted(guests, key=lambda key: guests[key].name.casefold())
    with_page = {p.id for p in catalogue.people if p != catalogue.host}
    series = all_series(catalogue)
    topics = filter_choices(catalogue)["topics"]
    declared = {topic.id: urls.topic(topic) for topic in catalogue.topics}
    guest_at = {key: n for n, key in enumerate(guest_ids)}
    series_at = {s.id: n for n, s in enumerate(series)}
    topic_at = {key: n for n, (key, _) in enumerate(topics)}
    return {
        "guests": [
            [key, guests[key].name, relative_url(here, urls.guest(guests[key])) if key in with_page else None]
            for key in guest_ids
        ],
        "series": [[s.id, s.series, relative_url(here, urls.series(s))] for s in series],
        "topics": [[key, name, relative_url(here, declared[key]) if key in declared else None] for key, name in topics],
        "episodes": [
            [
                e.code,
                e.title,
                e.date.isoformat(),
                relative_url(here, urls.episode(e)),
                [guest_at[p.id] for p in guest_persons(catalogue, e)],
                series_at[e.series.id] if e.series else None,
                e.series.part if e.series else None,
                sorted({topic_at[slugify(name)] for name in e.topics}),
            ]
            for e in newest_first(catalogue.episodes)
        ],
    }


def episode_index_files(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> dict[str, bytes]:
    """episodes/index.json: the filter's data, compact (no spaces) since a phone downloads it."""
    text = json.dumps(filter_data(catalogue), ensure_ascii=False, separators=(",", ":"))
    return {FILTER_DATA: text.encode("utf-8")}
