"""The episode index filter and transcript permalinks in a real browser (Debian's headless
Chromium via Playwright) against the sample site, built once and served on loopback.
A missing browser fails these tests; it never skips them.
"""
from __future__ import annotations

import contextlib

import pytest

from browser import fresh_browser, static_server

ROWS = "table.pc-episode-index tbody tr"


@pytest.fixture(scope="module")
def site_url(sample_site):
    with static_server(sample_site) as url:
        yield url


@pytest.fixture
def browser(playwright_driver):
    """Factory for a browser with a fresh profile; closed and removed after the test."""
    with contextlib.ExitStack() as opened:
        def open_browser(**options):
            context = opened.enter_context(fresh_browser(playwright_driver, viewport={"width": 1280, "height": 900}, **options))
            return context.new_page()

        yield open_browser


def visible_codes(page) -> list[str]:
    return [row.locator("td").first.inner_text() for row in page.locator(ROWS).all() if row.is_visible()]


def filtered(page) -> None:
    """Wait until the filter has drawn its answer (from episodes/index.json, fetched at first use)."""
    page.wait_for_function("document.querySelector('.pc-filter-count').textContent.includes(' of ')")


def test_episode_index_filters_by_guest_and_series(site_url, browser):
    page = browser()
    page.goto(site_url + "episodes/")
    assert page.locator("form.pc-episode-filter").is_visible()
    assert visible_codes(page) == ["E298", "E227", "E204", "E100"]
    page.fill("input[name=guest]", "Kwame Christian")
    page.press("input[name=guest]", "Enter")
    filtered(page)
    assert visible_codes(page) == ["E204"]
    assert page.locator(".pc-filter-count").inner_text() == "1 of 4 episodes"
    page.fill("input[name=guest]", "")
    page.fill("input[name=series]", "Honest to Greatness")
    page.press("input[name=series]", "Enter")
    page.wait_for_url(site_url + "episodes/?series=Honest+to+Greatness")
    filtered(page)
    assert visible_codes(page) == ["E298"]


def test_index_filter_reads_the_address_so_a_filtered_view_can_be_shared(site_url, browser):
    page = browser()
    page.goto(site_url + "episodes/?guest=dr-wayne-baker")  # a guest's id, as the earlier filter wrote it
    filtered(page)
    assert visible_codes(page) == ["E227"]
    assert page.locator("input[name=guest]").input_value() == "Dr. Wayne Baker"


def test_without_javascript_the_index_is_plain_table_and_links(site_url, browser):
    page = browser(java_script_enabled=False)
    page.goto(site_url + "episodes/")
    assert not page.locator("form.pc-episode-filter").is_visible()
    assert visible_codes(page) == ["E298", "E227", "E204", "E100"]
    assert page.locator(".pc-index-place").inner_text() == \
        "Episodes 1–4 of 4, newest first. Browse them by guest, series, topic."
    for name, href in (("guest", "../guests/"), ("series", "../series/"), ("topic", "../topics/")):
        assert page.locator(".pc-index-place").get_by_role("link", name=name).get_attribute("href") == href
    assert page.locator("nav.pc-index-pages").count() == 0  # one page: no page numbers


def test_a_turn_permalink_lands_on_the_turn_and_is_a_plain_link(site_url, browser):
    page = browser()
    page.goto(site_url + "episodes/e227/#t-7")
    turn = page.locator("#t-7")
    assert turn.is_visible() and turn.evaluate("el => el.matches(':target')")
    box = turn.bounding_box()
    assert 0 <= box["y"] < 900  # scrolled into view
    anchor = page.locator("#t-6 a.pc-turn-anchor")
    assert anchor.inner_text() == "#t-6"
    assert anchor.get_attribute("title") == "Link to this moment (click to copy it)"  # set by podcourse.js
    anchor.click()
    assert page.evaluate("location.hash") == "#t-6"


def highlighted_turns(page) -> list[str]:
    """Ids of the transcript turns drawn with the highlight a cited moment gets."""
    return page.evaluate("""() => {
        const marked = getComputedStyle(document.querySelector('.pc-turn:target')).backgroundColor;
        return [...document.querySelectorAll('.pc-turn')].filter(t => getComputedStyle(t).backgroundColor === marked).map(t => t.id);
    }""")


def test_following_a_range_citation_in_a_lesson_highlights_every_turn_and_scrolls_to_the_first(site_url, browser):
    page = browser()
    page.goto(site_url + "course/mindset/conflict-as-opportunity/")
    citation = page.get_by_role("link", name="E204, turns 9-10")
    assert citation.get_attribute("href").endswith("/episodes/e204/?turns=9-10#t-9")
    citation.click()
    page.wait_for_url(site_url + "episodes/e204/?turns=9-10#t-9")
    page.wait_for_function("document.querySelectorAll('.pc-turn--cited').length > 0")
    assert highlighted_turns(page) == ["t-9", "t-10"]
    first = page.locator("#t-9").bounding_box()
    assert 0 <= first["y"] < 900 / 2  # the range starts near the top of the window
    page.locator("#t-3 a.pc-turn-anchor").click()  # another moment: the range is no longer the subject
    page.wait_for_function("location.hash === '#t-3'")
    assert highlighted_turns(page) == ["t-3"]


def test_a_range_in_required_listening_highlights_the_whole_range(site_url, browser):
    page = browser()
    page.goto(site_url + "course/mindset/")
    link = page.locator('a[href$="episodes/e204/?turns=15-16#t-15"]').first
    link.click()
    page.wait_for_url(site_url + "episodes/e204/?turns=15-16#t-15")
    page.wait_for_function("document.querySelectorAll('.pc-turn--cited').length > 0")
    assert highlighted_turns(page) == ["t-15", "t-16"]
    assert 0 <= page.locator("#t-15").bounding_box()["y"] < 900 / 2


def test_without_javascript_a_range_citation_still_lands_on_its_first_turn(site_url, browser):
    page = browser(java_script_enabled=False)
    page.goto(site_url + "episodes/e204/?turns=15-16#t-15")
    assert page.locator("#t-15").evaluate("el => el.matches(':target')")
    assert 0 <= page.locator("#t-15").bounding_box()["y"] < 900 / 2


def test_an_episode_pages_topics_link_to_their_topic_pages(site_url, browser):
    page = browser()
    page.goto(site_url + "episodes/e100/")
    links = page.locator(".pc-episode-topics a")
    assert links.all_inner_texts() == ["Mindset", "Referrals", "Sales fundamentals"]
    links.nth(1).click()
    page.wait_for_url(site_url + "topics/referrals/")
    assert page.get_by_role("heading", level=1, name="Referrals").is_visible()
