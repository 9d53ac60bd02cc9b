"""No axe-core violation from podcourse's own markup on the pages a new hire uses (issue 13, part 8).

Whole pages are checked, in light and dark, on a desktop and a phone: the course home, a module
with its quiz graded (a wrong answer and a right one, so both kinds of feedback show), a lesson
with its citations and required listening, the progress page with a record under way, the review
page with a question due, and an episode page (its transcript, including the outro). A violation
counts against Material only when every node of it lies in Material's own chrome (header, tabs,
sidebars, footer, search) and the rule is one of KNOWN_MATERIAL_RULES, named here; anything else
fails the test.
"""
from __future__ import annotations

import pytest

from browser import axe_violations, fresh_browser
from test_browser_course import answer_question, quiz_set_up, site_url  # noqa: F401  (the built sample, served)

MATERIAL_CHROME = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .md-top, .md-dialog"
"""Material's own templates: markup podcourse does not write (its overrides are checked apart, in
tests/test_browser_navigation.py)."""
KNOWN_MATERIAL_RULES = frozenset({
    "aria-dialog-name",  # Material's search overlay, div.md-search[role=dialog], has no accessible name
})
"""Rules Material's own templates break on these pages, by name: a new one must be named here with
where it comes from, not silenced wholesale."""

PAGES = {
    "course home": "course/",
    "module with its quiz graded": "course/mindset/",
    "lesson": "course/mindset/conflict-as-opportunity/",
    "progress": "course/progress/",
    "review": "course/review/",
    "episode": "episodes/e204/",
}


def grade_part_of_the_quiz(page) -> None:
    """One wrong answer and one right one: feedback of both kinds on the page, a review card due."""
    quiz_set_up(page)
    questions = page.locator(".pc-question")
    answer_question(questions.nth(0), right=False)
    answer_question(questions.nth(1), right=True)


def ours(violations: list[dict]) -> list[dict]:
    """The violations with a node outside Material's chrome, or of a rule not known to be Material's."""
    return [v for v in violations
            if v["id"] not in KNOWN_MATERIAL_RULES or not all(node["inside"] for node in v["nodes"])]


@pytest.fixture(scope="module")
def learner_state(playwright_driver, site_url):  # noqa: F811
    """Progress as a learner has it a day after a first try: a lesson read, part of a quiz graded."""
    with fresh_browser(playwright_driver) as context:
        page = context.new_page()
        page.goto(f"{site_url}course/mindset/")
        grade_part_of_the_quiz(page)
        page.goto(f"{site_url}{PAGES['lesson']}")
        button = page.locator(".pc-mark-read")
        if button.get_attribute("aria-pressed") != "true":
            button.click()
        return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


def open_as_the_learner(context, site_url: str, path: str, stored: dict):  # noqa: F811
    """A page of the site in a fresh profile holding the learner's localStorage."""
    page = context.new_page()
    page.goto(f"{site_url}404.html")
    page.evaluate("items => Object.entries(items).forEach(([k, v]) => localStorage.setItem(k, v))", stored)
    page.goto(f"{site_url}{path}")
    return page


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violation_from_our_markup(playwright_driver, site_url, learner_state, name, scheme, viewport):  # noqa: F811
    with fresh_browser(playwright_driver, viewport=viewport,
                       color_scheme="dark" if scheme == "slate" else "light") as context:
        page = open_as_the_learner(context, site_url, PAGES[name], learner_state)
        page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        if name == "module with its quiz graded":
            grade_part_of_the_quiz(page)
        if name == "review":
            page.clock.install()
            page.clock.fast_forward(2 * 24 * 3600 * 1000)  # the missed question is due
            page.reload()
        page.wait_for_timeout(300)  # transitions of the palette switch
        found = ours(axe_violations(page, inside=MATERIAL_CHROME))
        assert found == [], [(v["id"], [(n["target"], n["summary"][:160]) for n in v["nodes"]][:3]) for v in found]


def test_the_progress_table_keeps_module_titles_whole_on_a_phone(playwright_driver, site_url, learner_state):  # noqa: F811
    """"Sales fundamentals" was broken inside the word ("Sales fundamenta/ls") on a 390 px phone."""
    with fresh_browser(playwright_driver, viewport={"width": 390, "height": 844}) as context:
        page = open_as_the_learner(context, site_url, "course/progress/", learner_state)
        cells = page.locator(".pc-progress th, .pc-progress td").filter(has_text="Sales fundamentals")
        assert cells.count() > 0
        for index in range(cells.count()):
            broken = cells.nth(index).evaluate("""cell => {
                const range = document.createRange();
                const text = [...cell.querySelectorAll('*')].concat([cell])
                    .flatMap(el => [...el.childNodes]).find(n => n.nodeType === 3 && n.data.includes('fundamentals'));
                if (!text) return false;
                const at = text.data.indexOf('fundamentals');
                range.setStart(text, at); range.setEnd(text, at + 'fundamentals'.length);
                return range.getClientRects().length > 1;  // the word drawn on two lines
            }""")
            assert not broken, cells.nth(index).inner_text()
