"""Nothing fetched before it is needed (issue 18), in a real browser: Debian's headless Chromium
driven by Playwright against sites built once and served on loopback by a plain static server.

- Material's search index and worker are fetched when a listener starts to search in the header's
  box, not on load; the box still answers, with "Search all transcripts for ...".
- Material's instant navigation reads the small instant-navigation.xml, never the whole sitemap.
- A page fetches its scripts only once it has been drawn, and they then run: Material's too.
- A page loads only the scripts it uses: an episode no quiz, progress or search script; a module
  page its quiz once the quiz nears the screen (or the address targets it), also when instant
  navigation brings it.
- The episode index of a catalogue larger than a page: static pages linked by number without
  JavaScript; with it, filters answered from episodes/index.json, fetched at first use, and kept
  in the address.
What these cost in bytes and time is measured by bench/lighthouse.py, not asserted here.
"""
from __future__ import annotations

import contextlib
import json
import re
import sys

import pytest

from sample import ROOT
from browser import fresh_browser, static_server
from generator.build import build_site
from test_browser_course import answer_question, quiz_set_up, site_url  # noqa: F401  (the sample, built once per session and served)

sys.path.insert(0, str(ROOT))
from bench.catalogue import make_catalogue  # noqa: E402

LARGE = 60
"""Synthetic episodes beside the sample's four: more than one page of the index (PAGE_SIZE 50)."""
ROWS = "table.pc-episode-index tbody tr"


@contextlib.contextmanager
def watched_page(driver, **options):
    """A page in a fresh Chromium, with every request's site-relative path in `page.asked`, in
    order; a script error fails the test."""
    errors: list[str] = []
    with fresh_browser(driver, **options) as context:
        page = context.new_page()
        page.asked = []
        page.on("request", lambda request: page.asked.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
    assert errors == []


@pytest.fixture
def browser(playwright_driver):
    def open_page(**options):
        return stack.enter_context(watched_page(playwright_driver, **options))

    with contextlib.ExitStack() as stack:
        yield open_page


def asked_for(page, pattern: str) -> list[str]:
    return [url for url in page.asked if re.search(pattern, url)]


MATERIAL_SEARCH = r"search/search_index\.json|workers/search\.[0-9a-f]+\.min\.js"
PAGE_SCRIPTS = r"javascripts/(search|progress|progress-pages|quiz|episode-index)\.js"


def test_the_search_index_is_fetched_when_a_listener_starts_to_search(site_url, browser):
    page = browser()
    page.goto(site_url + "episodes/e204/")
    page.wait_for_load_state("networkidle")
    assert asked_for(page, MATERIAL_SEARCH) == []
    assert asked_for(page, r"/sitemap\.xml") == []  # instant navigation reads the small list instead
    assert asked_for(page, r"/instant-navigation\.xml$")
    page.locator("input.md-search__input").click()
    # Typed, as a listener does: Material reads the box on keyup (and when its index is ready),
    # and fill() sends no keyup, so an index ready before the fill left the query unread.
    page.locator("input.md-search__input").press_sequentially("negotiation")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert [url.split("/")[-1] for url in asked_for(page, MATERIAL_SEARCH)] == \
        ["search_index.json", *[url.split("/")[-1] for url in asked_for(page, r"workers/search\.")]]
    assert any("Negotiation" in text for text in results.all_inner_texts())  # Material's own results
    offer = page.locator("a.pc-search-all")
    assert offer.inner_text() == "Search all transcripts for “negotiation”"
    assert offer.get_attribute("href").endswith("/search/?query=negotiation")
    offer.click()
    page.wait_for_url(site_url + "search/?query=negotiation")
    page.locator("li.pc-result").first.wait_for()


def test_an_address_with_q_opens_the_overlay_with_its_results(site_url, browser):
    page = browser()
    page.goto(site_url + "?q=referrals")
    page.locator(".md-search-result__item").first.wait_for()
    assert asked_for(page, r"search/search_index\.json")


def test_an_episode_page_downloads_no_quiz_progress_or_search_script(site_url, browser):
    page = browser()
    page.goto(site_url + "episodes/e227/")
    page.wait_for_load_state("networkidle")
    assert asked_for(page, r"javascripts/podcourse\.js")
    assert asked_for(page, PAGE_SCRIPTS) == []


def test_a_page_fetches_its_scripts_only_once_it_has_been_drawn_and_they_then_run(site_url, browser):
    page = browser()
    page.goto(site_url + "episodes/e204/")  # returns once the scripts have run (tests/browser.py)
    timings = page.evaluate("""() => ({
        paint: performance.getEntriesByName("first-contentful-paint")[0].startTime,
        scripts: performance.getEntriesByType("resource").filter(r => r.initiatorType === "script")
                            .map(r => [r.name.split("/").pop(), r.fetchStart])})""")
    fetched = dict(timings["scripts"])
    assert any(name.startswith("bundle.") for name in fetched) and "podcourse.js" in fetched
    assert all(start > timings["paint"] for start in fetched.values()), timings
    assert page.locator("html").get_attribute("data-pc-scripts") == "run"
    assert page.locator("script[type='podcourse/after-paint']").count() == 0  # each put back as the script it was
    page.wait_for_function("() => window.document$ !== undefined")  # Material started, after its event
    page.locator("a.pc-turn-anchor").first.wait_for()
    assert page.locator("a.pc-turn-anchor").first.get_attribute("title") == "Link to this moment (click to copy it)"


def test_a_module_page_brought_by_instant_navigation_loads_its_quiz(site_url, browser):
    page = browser()
    page.goto(site_url + "episodes/e204/")
    page.wait_for_load_state("networkidle")  # Material reads its list of pages before it takes over links
    page.evaluate("window.pcSamePage = true")
    page.get_by_role("link", name="Course", exact=True).first.click()
    page.wait_for_url(site_url + "course/")
    page.locator(".md-content").get_by_role("link", name="Mindset", exact=True).first.click()
    page.wait_for_url(site_url + "course/mindset/")
    quiz_set_up(page)
    assert page.evaluate("window.pcSamePage") is True  # no page load on the way: instant navigation
    assert sorted(url.split("/")[-1] for url in asked_for(page, PAGE_SCRIPTS)) == ["progress.js", "quiz.js"]


PHONE = {"width": 412, "height": 823}
"""Lighthouse's mobile screen, in CSS pixels."""
QUIZ_SCRIPT = r"javascripts/quiz\.js"


def test_a_module_page_downloads_its_quiz_script_as_the_quiz_nears_the_screen_and_the_quiz_works(site_url, browser):
    page = browser(viewport=PHONE)
    page.goto(site_url + "course/referrals/")
    page.wait_for_load_state("networkidle")
    quiz = page.locator(".pc-quiz")
    below = quiz.evaluate("quiz => quiz.getBoundingClientRect().top - innerHeight")
    assert below > 2 * PHONE["height"]  # the quiz starts more than two screens below the first view
    assert asked_for(page, r"javascripts/progress\.js")  # the module's status and lessons' marks need it now
    assert asked_for(page, QUIZ_SCRIPT) == []
    assert not quiz.locator(".pc-check").first.is_visible()  # read as without JavaScript until then
    assert quiz.locator(".pc-answer summary").first.is_visible()
    page.evaluate(f"window.scrollBy(0, {below} - innerHeight / 2)")  # half a screen below the window's bottom
    page.locator(".pc-quiz[data-pc-ready]").wait_for(state="attached")
    assert len(asked_for(page, QUIZ_SCRIPT)) == 1
    assert quiz.evaluate("quiz => quiz.getBoundingClientRect().top") > PHONE["height"]  # set up before it is seen
    question = page.locator(".pc-question:not([data-pc-type=open])").first
    answer_question(question, right=True)
    assert question.locator(".pc-feedback").inner_text().startswith("Correct")


def test_an_address_aiming_at_the_quiz_loads_its_script_at_once(site_url, browser):
    page = browser(viewport=PHONE)
    page.goto(site_url + "course/referrals/#quiz")
    page.locator(".pc-quiz[data-pc-ready]").wait_for()
    question = page.locator(".pc-question:not([data-pc-type=open])").first
    answer_question(question, right=False)
    assert question.locator(".pc-feedback").inner_text().startswith("Not quite.")


# ---- the episode index of a catalogue larger than a page -----------------------------------------


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    """The sample plus LARGE synthetic episodes (bench/catalogue.py), built and served."""
    work = tmp_path_factory.mktemp("large-catalogue")
    root, problems = make_catalogue(work / "repo", LARGE)
    assert [str(p) for p in problems if p.severity == "error"] == []
    site = work / "site"
    site.mkdir()
    with static_server(site) as url:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("PODCOURSE_SITE_URL", url)
            assert [str(p) for p in build_site(root, site) if p.severity == "error"] == []
        yield url, {"episodes": json.loads((site / "episodes.json").read_text(encoding="utf-8"))}


def shown_codes(page) -> list[str]:
    return [row.locator("td").first.inner_text() for row in page.locator(ROWS).all() if row.is_visible()]


def newest_first(episodes: list[dict]) -> list[dict]:
    return sorted(episodes, key=lambda e: (e["date"], e["number"]), reverse=True)


def test_without_javascript_the_index_is_pages_of_fifty_linked_by_number(large_site, browser):
    url, catalogue = large_site
    ordered = [f"E{e['number']}" for e in newest_first(catalogue["episodes"])]
    page = browser(java_script_enabled=False)
    page.goto(url + "episodes/")
    assert not page.locator("form.pc-episode-filter").is_visible()
    assert shown_codes(page) == ordered[:50]
    page.get_by_role("navigation", name="Pages of episodes").get_by_role("link", name="2", exact=True).click()
    page.wait_for_url(url + "episodes/page/2/")
    assert shown_codes(page) == ordered[50:]
    assert page.get_by_role("heading", level=1).inner_text() == "Episodes, page 2 of 2"
    page.get_by_role("link", name="Newer").click()
    page.wait_for_url(url + "episodes/")
    assert shown_codes(page)[0] == ordered[0]


def test_the_filter_fetches_its_data_at_first_use_and_keeps_the_filter_in_the_address(large_site, browser):
    url, catalogue = large_site
    guest = next(e["guests"][0] for e in newest_first(catalogue["episodes"]) if e["guests"] and e["number"] > 1000)
    expected = [f"E{e['number']}" for e in newest_first(catalogue["episodes"]) if guest in e["guests"]]
    page = browser()
    page.goto(url + "episodes/")
    page.wait_for_load_state("networkidle")
    assert asked_for(page, r"episodes/index\.json") == []  # not before the filter is used
    form = page.locator("form.pc-episode-filter")
    field = form.locator("input[name=guest]")
    field.fill(guest)
    assert asked_for(page, r"episodes/index\.json")  # fetched at first use
    field.press("Enter")
    page.wait_for_url(re.compile(r"episodes/\?guest="))
    page.wait_for_function("document.querySelector('.pc-filter-count').textContent.includes(' of ')")
    assert shown_codes(page) == expected
    assert form.locator(".pc-filter-count").inner_text() == f"{len(expected)} of {len(catalogue['episodes'])} episodes"
    shared = page.url
    other = browser()  # the address, opened elsewhere, shows the same episodes
    other.goto(shared)
    other.wait_for_function("document.querySelector('.pc-filter-count').textContent.includes(' of ')")
    assert shown_codes(other) == expected
    assert other.locator("input[name=guest]").input_value() == guest
    page.go_back()
    page.wait_for_url(url + "episodes/")
    assert len(shown_codes(page)) == 50


def test_filters_combine_and_page_through_their_answers(large_site, browser):
    url, catalogue = large_site
    year = max(e["date"][:4] for e in catalogue["episodes"])
    in_year = [f"E{e['number']}" for e in newest_first(catalogue["episodes"]) if e["date"].startswith(year)]
    page = browser()
    page.goto(url + "episodes/page/2/")
    page.locator("form.pc-episode-filter select[name=year]").select_option(year)
    page.wait_for_url(url + f"episodes/?year={year}")  # a filter goes to the index's first address
    page.wait_for_function("document.querySelector('.pc-filter-count').textContent.includes(' of ')")
    assert shown_codes(page) == in_year[:50]
    word = catalogue["episodes"][0]["title"].split()[0]
    page.goto(url + f"episodes/?year={year}&words={word}")
    page.wait_for_function("document.querySelector('.pc-filter-count').textContent.includes(' of ')")
    both = [f"E{e['number']}" for e in newest_first(catalogue["episodes"])
            if e["date"].startswith(year) and word.lower() in (e["title"] + " ".join(e["guests"])).lower()]
    assert set(shown_codes(page)) <= set(both) and shown_codes(page) == both[:50]
