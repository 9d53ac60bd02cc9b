"""Script in a lesson, in a real browser: a copy of the sample course with one hostile lesson, built
and opened in Debian's headless Chromium (Playwright). Sanitised by default, nothing of it runs; a
team that sets `allow_raw_html: true` gets it all, which also shows the payloads would run.
A missing browser fails these tests; it never skips them.
"""
from __future__ import annotations

import pytest

from browser import fresh_browser, static_server
from generator.build import build_site
from hostile_lesson import RAN, hostile_course


def served_lesson(tmp_path_factory, allow_raw_html: bool):
    root = hostile_course(tmp_path_factory.mktemp("repo"), allow_raw_html=allow_raw_html)
    site = tmp_path_factory.mktemp("site")
    with static_server(site) as url:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("PODCOURSE_SITE_URL", url)
            problems = [str(p) for p in build_site(root, site) if p.severity == "error"]
        assert problems == []
        yield f"{url}course/mindset/ask-for-the-meeting/"


@pytest.fixture(scope="module")
def sanitised_lesson(tmp_path_factory):
    yield from served_lesson(tmp_path_factory, allow_raw_html=False)


@pytest.fixture(scope="module")
def raw_lesson(tmp_path_factory):
    yield from served_lesson(tmp_path_factory, allow_raw_html=True)


def what_ran(driver, url: str) -> dict:
    """Open the lesson, hover and click what a reader would, and say which payloads ran."""
    with fresh_browser(driver, viewport={"width": 1280, "height": 900}) as browser:
        page = browser.new_page()
        page.goto(url, wait_until="load")
        assert "The lesson's own words stay." in page.locator("article.md-content__inner").inner_text()
        page.hover("#hover-me")
        page.hover("#hover-attr")
        page.click("#script-link")
        page.wait_for_timeout(300)  # an iframe's javascript: address runs once the frame has loaded
        return page.evaluate("names => Object.fromEntries(names.map(name => [name, window[name] === true]))",
                             list(RAN))


def test_no_script_from_a_lesson_runs_in_the_browser(playwright_driver, sanitised_lesson):
    assert what_ran(playwright_driver, sanitised_lesson) == {name: False for name in RAN}


def test_with_raw_html_allowed_every_payload_runs(playwright_driver, raw_lesson):
    """The team's explicit choice; and proof that the test above would see a payload run."""
    assert what_ran(playwright_driver, raw_lesson) == {name: True for name in RAN}
