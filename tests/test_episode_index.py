"""The episode index in pages (generator/render/episode_index.py): pages of PAGE_SIZE newest first,
page numbers that work without JavaScript, and the compact data file its filter reads.
The filter itself runs in a browser: tests/test_browser_weight.py and tests/test_build_browser.py."""
from __future__ import annotations

import datetime as dt
import json
import re

from generator.model import Catalogue, Episode, Person, SeriesPart
from generator.render.episode_index import (
    FILTER_DATA, PAGE_SIZE, episode_index_files, episode_index_pages, filter_data, pager,
)
from generator.render.page import fill_placeholders

HOST = Person("Jason Cutter")
KWAME = Person("Kwame Christian", "Negotiation coach.")


def catalogue(count: int) -> Catalogue:
    """`count` episodes, one a day from 2020 (numbered from 1), every third with Kwame, every fifth
    part of one series, topics by number."""
    start = dt.date(2020, 1, 1)
    episodes = tuple(
        Episode(n, f"Episode {n}", start + dt.timedelta(days=n),
                SeriesPart("Sales Negotiations", n // 5, None) if n % 5 == 0 else None,
                ("Kwame Christian",) if n % 3 == 0 else (), topics=("Mindset",) if n % 2 else ("Referrals", "Mindset"))
        for n in range(1, count + 1))
    return Catalogue(HOST, "The Sales Experience Podcast", episodes, (KWAME,))


def html_of(page) -> str:
    html, missing = fill_placeholders(page.markdown, page.html)
    assert missing == []
    return html


def codes(html: str) -> list[str]:
    return re.findall(r'<td><a href="[^"]+">(E\d+)</a></td>', html)


def test_pages_hold_page_size_episodes_newest_first_and_link_each_other():
    pages = episode_index_pages(catalogue(2 * PAGE_SIZE + 3))
    assert [p.path for p in pages] == ["episodes/index.md", "episodes/page/2.md", "episodes/page/3.md"]
    assert [p.title for p in pages] == ["Episodes", "Episodes, page 2 of 3", "Episodes, page 3 of 3"]
    shown = [codes(html_of(p)) for p in pages]
    assert [len(rows) for rows in shown] == [PAGE_SIZE, PAGE_SIZE, 3]
    assert sum(shown, []) == [f"E{n}" for n in range(2 * PAGE_SIZE + 3, 0, -1)]
    second = html_of(pages[1])
    assert '<a href="../../" rel="prev">Newer</a>' in second and '<a href="../3/" rel="next">Older</a>' in second
    assert '<a href="./" aria-current="page">2</a>' in second
    assert "Episodes 51–100 of 103, newest first." in second
    # The first page is the section's page; the others are listings, out of Material's search index.
    assert [p.in_nav for p in pages] == [True, False, False]
    assert [p.browser_search for p in pages] == [True, False, False]
    # The filter's form points at the first page and at the data file beside it.
    assert 'data-pc-source="../../index.json" action="../../" method="get">' in second


def test_one_page_needs_no_page_numbers():
    (page,) = episode_index_pages(catalogue(3))
    assert codes(html_of(page)) == ["E3", "E2", "E1"] and "pc-index-pages" not in html_of(page)


def test_the_pager_keeps_the_ends_and_the_neighbours_of_the_current_page():
    numbers = [link["number"] if link else "…" for link in pager("episodes/page/10.md", 10, 20)]
    assert numbers == [1, "…", 8, 9, 10, 11, 12, "…", 20]
    assert [link["number"] for link in pager("episodes/index.md", 1, 3)] == [1, 2, 3]


def test_the_filter_data_names_each_guest_series_and_topic_once():
    data = filter_data(catalogue(10))
    assert data["guests"] == [["kwame-christian", "Kwame Christian", "../guests/kwame-christian/"]]
    assert data["series"] == [["sales-negotiations", "Sales Negotiations", "../series/sales-negotiations/"]]
    assert data["topics"] == [["mindset", "Mindset", None], ["referrals", "Referrals", None]]  # none declared: no page
    newest = data["episodes"][0]
    assert newest == ["E10", "Episode 10", "2020-01-11", "e10/", [], 0, 2, [0, 1]]
    assert data["episodes"][1][:5] == ["E9", "Episode 9", "2020-01-10", "e9/", [0]]
    written = episode_index_files(catalogue(10))[FILTER_DATA].decode("utf-8")
    assert json.loads(written) == data and ", " not in written and ": " not in written  # no spaces to download
