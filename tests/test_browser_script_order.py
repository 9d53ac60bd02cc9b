"""The site's scripts work whatever order a page names them in (issue 15), in Debian's headless
Chromium against the sample built once per session (test_browser_course.site_url).

Each script is an ES module that imports what it uses, and waits for the page to be parsed before
it looks for Material's document$. Here every page a test opens names its scripts in reverse
(tests/browser.py: name_scripts_in_reverse): those podcourse.js would load for the page first, the
last of them first, then podcourse.js, then Material's bundle, which the build names before ours.
The quiz still grades and records, progress is drawn on a page instant navigation brings, search
and the episode filter answer. The player, on the timed sample: tests/test_browser_player.py.
"""
from __future__ import annotations

import re

from browser import name_scripts_in_reverse, scripts_named
from test_browser_course import answer_question, browser, page, quiz_set_up, site_url  # noqa: F401  (shared fixtures)


def test_a_module_page_naming_its_scripts_in_reverse_grades_its_quiz_and_progress_follows(page, site_url):
    name_scripts_in_reverse(page, ("progress.js", "quiz.js"))
    page.goto(f"{site_url}course/mindset/")
    page.wait_for_load_state("networkidle")  # Material reads its list of pages before it takes over links
    named = scripts_named(page)
    assert named[:3] == ["quiz.js", "progress.js", "podcourse.js"] and named[3].startswith("bundle.")
    page.evaluate("window.__stayed = true")  # survives only if the next page is not a full load
    quiz_set_up(page)  # set up, its questions shuffled where they are to be
    questions = page.locator(".pc-question")
    for index in range(questions.count()):
        answer_question(questions.nth(index), right=index > 0)
    assert page.locator(".pc-quiz-result").inner_text().startswith("Your score: 8 of 9 (89%). Passed")
    assert page.evaluate("window.podcourse.progress.load().quizzes.mindset.percent") == 89
    page.locator(".md-sidebar a.md-nav__link[href$='progress/']").first.click()
    page.wait_for_url(f"{site_url}course/progress/")
    row = page.locator("tr[data-pc-module=mindset]")
    assert "Passed: best 8 of 9 (89%)" in row.inner_text()
    assert page.evaluate("window.__stayed") is True  # drawn on a page instant navigation brought


def test_the_search_page_naming_its_scripts_in_reverse_answers_and_the_header_offers_it(page, site_url):
    name_scripts_in_reverse(page, ("search.js",))
    page.goto(f"{site_url}search/?query=referrals")
    page.locator("li.pc-result").first.wait_for()
    assert scripts_named(page)[:2] == ["search.js", "podcourse.js"]
    assert "referral" in page.locator("li.pc-result").first.inner_text().lower()
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("negotiation")
    assert page.locator("a.pc-search-all").inner_text() == "Search all transcripts for “negotiation”"


def test_the_episode_index_naming_its_scripts_in_reverse_filters(page, site_url):
    name_scripts_in_reverse(page, ("episode-index.js",))
    page.goto(f"{site_url}episodes/?words=negotiation")
    page.wait_for_function("document.querySelector('.pc-filter-count').textContent.includes(' of ')")
    assert scripts_named(page)[:2] == ["episode-index.js", "podcourse.js"]
    rows = [row.inner_text() for row in page.locator("table.pc-episode-index tbody tr").all() if row.is_visible()]
    shown = int(re.match(r"(\d+) of \d+ episodes", page.locator(".pc-filter-count").inner_text()).group(1))
    assert rows and len(rows) == shown and all("negotiation" in row.lower() for row in rows)
