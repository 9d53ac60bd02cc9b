"""The course in a real browser: Debian's headless Chromium driven by Playwright, against the sample
site built once per session and served on loopback. A missing browser fails these tests (never skips).
"""
from __future__ import annotations

import json
import re

import pytest

from sample import ROOT
from browser import fresh_browser, static_server
from generator.build import build_site

MODULES = ["mindset", "sales-fundamentals", "referrals", "smart-asks", "objections"]


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """The sample site, built once and served from a thread on 127.0.0.1.

    Built for the address it is served at (PODCOURSE_SITE_URL, which mkdocs.yml reads): Material's
    instant navigation only takes over links to pages its sitemap.xml lists at that origin.
    """
    site = tmp_path_factory.mktemp("course-site")
    with static_server(site) as url:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("PODCOURSE_SITE_URL", url)
            problems = [p for p in build_site(ROOT, site) if p.severity == "error"]
        assert problems == [], [str(p) for p in problems]
        yield url


@pytest.fixture
def browser(playwright_driver):
    with fresh_browser(playwright_driver) as context:
        yield context


@pytest.fixture
def page(browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], errors


# ---- answering like a learner ----------------------------------------------------------------


def answer_question(question, right: bool) -> None:
    """Answer one question through its controls, rightly or wrongly, and check it."""
    kind = question.get_attribute("data-pc-type")
    answer = json.loads(question.get_attribute("data-pc-answer"))
    if kind == "open":
        question.locator(".pc-open-text").fill("My own answer.")
        question.locator(".pc-check").click()
        question.locator(f".pc-self[data-pc-self={'yes' if right else 'no'}]").click()
        return
    if kind == "ordering":
        wanted = answer if right else list(reversed(answer))
        for position, key in enumerate(wanted):
            item = question.locator(f".pc-order-item[data-pc-item='{key}']")
            current = question.locator(".pc-order-item").evaluate_all(
                "(items, key) => items.findIndex(i => i.dataset.pcItem === key)", key)
            for _ in range(current - position):
                item.locator("[data-pc-move=up]").click()
    else:
        values = question.locator(".pc-option input").evaluate_all("inputs => inputs.map(i => i.value)")
        wrong_options = [v for v in values if v not in answer]
        # wrong: an option that is not right, or, where every option is right ("all of these"), too few
        picks = answer if right else (wrong_options[:1] or answer[:-1])
        for value in picks:
            question.locator(f"input[value='{value}']").check()
    question.locator(".pc-check").click()


def read_lessons(page, site_url, module: str) -> None:
    """Mark every lesson of a module read with its button, as a learner who read them may."""
    page.goto(f"{site_url}course/{module}/")
    urls = page.locator(".pc-lessons a").evaluate_all("links => links.map(a => a.href)")
    for url in urls:
        page.goto(url)
        button = page.locator(".pc-mark-read")
        if button.get_attribute("aria-pressed") != "true":  # reaching the end may have marked it
            button.click()
        assert button.get_attribute("aria-pressed") == "true"


def quiz_set_up(page) -> None:
    """Brings a module page's quiz into view, as a learner scrolling to it does, and waits until
    quiz.js, loaded as the quiz nears the screen (podcourse.js), has set it up: questions perhaps
    shuffled (a question found by its place before that would be another one after), buttons shown."""
    page.locator(".pc-quiz").scroll_into_view_if_needed()
    page.locator(".pc-quiz[data-pc-ready]").wait_for()


def answer_quiz(page, site_url, module: str, wrong: int = 0) -> None:
    page.goto(f"{site_url}course/{module}/")
    quiz_set_up(page)
    questions = page.locator(".pc-question")
    for index in range(questions.count()):
        answer_question(questions.nth(index), right=index >= wrong)


# ---- the tests ----------------------------------------------------------------------------------


def test_a_right_answer_and_a_wrong_one_get_their_feedback_then_a_score(page, site_url):
    page.goto(f"{site_url}course/smart-asks/")
    quiz_set_up(page)
    question = page.locator(".pc-question[data-pc-question=specific]")
    expect_hidden = question.locator(".pc-answer")
    assert not expect_hidden.is_visible()  # with JavaScript the answer waits for the check
    question.locator("input[value=b]").check()
    question.locator(".pc-check").click()
    feedback = question.locator(".pc-feedback")
    assert feedback.inner_text().startswith("Not quite. The answer is “Specificity. No one could help")
    # the picked option's feedback, naming the option it is about
    assert ("About your choice “Ambition. He should have asked for something bigger”: Wayne does encourage big "
            "requests") in feedback.inner_text()
    assert question.locator(".pc-answer").is_visible()
    # Material's instant navigation makes links absolute; the target is the cited turn
    assert question.locator(".pc-answer .pc-source a").get_attribute("href") == f"{site_url}episodes/e227/#t-9"
    assert question.locator("input[value=b]").is_disabled()

    other = page.locator(".pc-question[data-pc-question=demand]")
    other.locator("input[value=false]").check()
    other.locator(".pc-check").click()
    assert other.locator(".pc-feedback").inner_text().startswith("Correct.")
    assert page.locator(".pc-quiz-result").inner_text() == ""  # no score until every question is checked

    questions = page.locator(".pc-question:not(.pc-question--correct):not(.pc-question--wrong)")
    while questions.count():
        answer_question(questions.first, right=True)
    result = page.locator(".pc-quiz-result").inner_text()
    assert result.startswith("Your score: 8 of 9 (89%). Passed: the pass mark is 75%.")


def test_a_failed_attempt_says_so_and_a_retry_starts_afresh(page, site_url):
    answer_quiz(page, site_url, "referrals", wrong=4)
    assert page.locator(".pc-quiz-result").inner_text().startswith("Your score: 5 of 9 (56%). Not passed")
    assert "best so far: 56%" in page.locator("[data-pc-saved]").inner_text()
    page.locator(".pc-retry").click()
    assert page.locator(".pc-quiz-result").inner_text() == ""
    assert page.locator(".pc-question--correct, .pc-question--wrong").count() == 0
    assert page.locator(".pc-question input:checked").count() == 0
    assert page.locator(".pc-check:visible").count() == 9


def test_progress_survives_a_reload_and_shows_on_the_progress_page(page, site_url):
    answer_quiz(page, site_url, "mindset")
    assert "Passed" in page.locator(".pc-quiz-result").inner_text()
    page.reload()
    page.locator(".pc-quiz").scroll_into_view_if_needed()  # quiz.js, which writes the saved result, loads as the quiz nears
    saved = page.locator("[data-pc-saved]", has_text="You passed this quiz")
    saved.wait_for()
    assert saved.inner_text().startswith("You passed this quiz: best 100%")
    page.goto(f"{site_url}course/mindset/conflict-as-opportunity/")
    if page.locator(".pc-mark-read").get_attribute("aria-pressed") != "true":  # reaching the end marks it too
        page.locator(".pc-mark-read").click()
    page.reload()
    assert page.locator(".pc-mark-read").get_attribute("aria-pressed") == "true"
    page.goto(f"{site_url}course/progress/")
    row = page.locator("tr[data-pc-module=mindset]")
    assert "Passed: best 9 of 9 (100%)" in row.inner_text()
    assert "1 of 3" in row.inner_text()  # lessons read
    # the quiz alone does not make the module done: its other lessons are next
    assert "0 of 5 modules done." in page.locator(".pc-progress-summary").inner_text()
    assert page.locator(".pc-next a").inner_text().endswith("(Mindset)")
    read_lessons(page, site_url, "mindset")
    page.goto(f"{site_url}course/progress/")
    assert "1 of 5 modules done." in page.locator(".pc-progress-summary").inner_text()
    assert page.locator(".pc-next a").inner_text().endswith("(Sales fundamentals)")
    assert page.locator(".pc-record").count() == 0


def test_completing_the_path_offers_a_printable_completion_record(page, site_url):
    for module in MODULES:
        read_lessons(page, site_url, module)
        answer_quiz(page, site_url, module, wrong=1)
    page.goto(f"{site_url}course/progress/")
    assert "5 of 5 modules done." in page.locator(".pc-progress-summary").inner_text()
    page.get_by_label("Name on the record").fill("Ada <b>Learner</b>")
    record = page.locator(".pc-record")
    text = record.inner_text()
    assert "Ada <b>Learner</b> completed the onboarding path of The Sales Experience Podcast." in text
    for title in ["Mindset", "Sales fundamentals", "Referrals", "SMART asks", "Objections and negotiation"]:
        assert title in text
    assert text.count("8 of 9 (89%)") == 5
    assert re.search(r"Completed on \w+ \d+, \d{4}\.", text)
    assert page.locator(".pc-print").is_visible()
    page.reload()  # the name is kept too
    assert "Ada <b>Learner</b> completed" in page.locator(".pc-record").inner_text()


def test_a_result_from_an_older_version_of_a_quiz_is_shown_as_such_and_not_counted(page, site_url):
    page.goto(f"{site_url}course/progress/")
    page.evaluate("""() => {
        const key = __md_scope.pathname + '.podcourse.progress';
        localStorage.setItem(key, JSON.stringify({name: '', lessons: {}, quizzes: {mindset: {
            version: 'an-old-one', score: 9, total: 9, percent: 100, passed: true,
            date: '2024-03-01T10:00:00.000Z'}}}));
    }""")
    page.reload()
    row = page.locator("tr[data-pc-module=mindset]")
    # passed on the old version: the module asks for a review, with why
    assert "Review: the quiz has changed since you passed it (100% on March 1, 2024)" in row.inner_text()
    assert row.locator(".pc-state").inner_text() == "Review"
    assert "0 of 5 modules done." in page.locator(".pc-progress-summary").inner_text()
    page.goto(f"{site_url}course/mindset/")
    quiz_set_up(page)  # the quiz says what its saved result is worth
    assert "was for an older version of this quiz" in page.locator("[data-pc-saved]").inner_text()


def test_instant_navigation_keeps_the_page_and_the_quiz_still_works(page, site_url):
    page.goto(f"{site_url}course/")
    page.wait_for_load_state("networkidle")  # Material reads its list of pages (instant-navigation.xml) before it takes over links
    page.evaluate("window.__stayed = true")  # survives only if the next page is not a full load
    page.get_by_role("link", name="SMART asks").first.click()
    page.wait_for_url("**/course/smart-asks/")
    quiz_set_up(page)
    assert page.evaluate("window.__stayed") is True
    question = page.locator(".pc-question[data-pc-question=meaningful]")
    question.locator("input[value=a]").check()
    question.locator(".pc-check").click()
    assert question.locator(".pc-feedback").inner_text() == "Correct."
    page.go_back()
    page.wait_for_url("**/course/")
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Referrals").first.click()
    page.wait_for_url("**/course/referrals/")
    quiz_set_up(page)
    assert page.evaluate("window.__stayed") is True
    assert page.locator(".pc-quiz[data-pc-ready]").count() == 1


def focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const q = el.closest('.pc-question');
        return {tag: el.tagName, type: el.type || '', cls: el.className || '',
                question: q ? q.dataset.pcQuestion : null, kind: q ? q.dataset.pcType : null,
                value: el.value || '', text: el.textContent.trim()};
    }""")


def tab_until(page, wanted, limit=200) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page)
        if wanted(state):
            return state
    raise AssertionError("never reached the wanted control with Tab")


def test_keyboard_alone_answers_a_quiz(page, site_url):
    page.goto(f"{site_url}course/objections/")
    page.locator("h2#quiz a.headerlink").focus()  # a starting point near the quiz; from here only keys
    page.locator(".pc-quiz[data-pc-ready]").wait_for()  # focus scrolled it into view: quiz.js set it up
    state = tab_until(page, lambda s: s["kind"] == "truefalse" and s["tag"] == "INPUT")
    question = page.locator(f".pc-question[data-pc-question='{state['question']}']")
    answer = json.loads(question.get_attribute("data-pc-answer"))[0]
    page.keyboard.press("Space")  # selects the focused radio (True comes first)
    if answer == "false":
        page.keyboard.press("ArrowDown")
    assert question.locator("input:checked").get_attribute("value") == answer
    tab_until(page, lambda s: "pc-check" in s["cls"])
    page.keyboard.press("Enter")
    assert question.locator(".pc-feedback").inner_text().startswith("Correct.")
    assert focused(page)["tag"] == "SUMMARY"  # focus stays in the question, on its explanation

    state = tab_until(page, lambda s: s["kind"] == "ordering" and s["text"].startswith("↓"))
    ordering = page.locator(f".pc-question[data-pc-question='{state['question']}']")
    before = ordering.locator(".pc-order-item").evaluate_all("items => items.map(i => i.dataset.pcItem)")
    page.keyboard.press("Enter")
    after = ordering.locator(".pc-order-item").evaluate_all("items => items.map(i => i.dataset.pcItem)")
    assert after != before and sorted(after) == sorted(before)
    assert re.search(r"is now \d of 3\.$", ordering.locator(".pc-feedback").inner_text())
    assert "pc-move" in focused(page)["cls"]  # focus stays on the button that moved


def test_without_javascript_the_questions_show_with_answers_behind_a_disclosure(playwright_driver, site_url):
    with fresh_browser(playwright_driver, java_script_enabled=False) as context:
        page = context.new_page()
        page.goto(f"{site_url}course/mindset/")
        questions = page.locator(".pc-question")
        assert questions.count() == 9
        assert page.locator(".pc-check").first.is_hidden()
        first = page.locator(".pc-question[data-pc-question=opportunity-blank]")
        assert first.locator("legend").is_visible()
        assert not first.locator(".pc-explanation").is_visible()
        first.locator("summary").click()
        assert first.locator(".pc-explanation").is_visible()
        assert "Answer: Finish the sentence" in first.locator(".pc-answer").inner_text()
