"""A clear path, in a real browser (issue 13, part 2): Debian's headless Chromium driven by
Playwright against the sample site built once and served on loopback. A learner on a lesson sees
the Course tab active, the modules and this module's lessons in the sidebar with the lesson
marked, a breadcrumb, and walks the path with the footer's Next; on a phone the same is in
Material's drawer; axe-core finds nothing wrong in that markup, light or dark.

The expected path is read from the course's YAML (test_navigation.path_from_the_course_files).
"""
from __future__ import annotations

import contextlib

import pytest

from browser import axe_violations, fresh_browser
from generator.load import load_catalogue
from test_browser_course import site_url  # noqa: F401  (the sample, built once per session and served)
from test_navigation import ROOT, TABS, path_from_the_course_files

PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

NAVIGATION_MARKUP = [".md-tabs", ".md-path", ".md-sidebar--primary", ".md-footer"]
"""What this part of the course changed on every page: tabs, breadcrumb, sidebar, footer."""

MATERIAL_ONLY: dict[str, str] = {}
"""Rule id -> the element of Material's own chrome it fails on (none known in the navigation)."""


@pytest.fixture(scope="module")
def course():
    """(module id, title, [(lesson id, title)]) in path order, titles from the loaded course."""
    catalogue, _ = load_catalogue(ROOT)
    modules = {m.id: m for m in catalogue.modules}
    return [(mid, modules[mid].title, [(lid, next(l.title for l in modules[mid].lessons if l.id == lid))
                                       for lid in lessons]) for mid, lessons in path_from_the_course_files()]


@contextlib.contextmanager
def learner_page(playwright_driver, **options):
    """A page in a fresh Chromium; a script error on it fails the test."""
    errors: list[str] = []
    with fresh_browser(playwright_driver, **options) as context:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
    assert errors == []


@pytest.fixture
def desktop(playwright_driver):
    with learner_page(playwright_driver, **DESKTOP) as page:
        yield page


def visible_texts(locator) -> list[str]:
    return [" ".join(t.split()) for t in locator.evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.textContent)")]


def test_on_a_lesson_the_course_tab_sidebar_and_breadcrumb_say_where_you_are(desktop, site_url, course):
    (module, module_title, lessons), _ = course[0], course[1]
    lesson, title = lessons[1]
    desktop.goto(f"{site_url}course/{module}/{lesson}/")
    assert visible_texts(desktop.locator(".md-tabs__link")) == TABS
    assert visible_texts(desktop.locator(".md-tabs__item--active .md-tabs__link")) == ["Course"]
    sidebar = desktop.locator(".md-sidebar--primary")
    links = [t for t in visible_texts(sidebar.locator("a.md-nav__link:not([href^='#'])"))]
    assert [t for t in links if t in {c[1] for c in course}] == [c[1] for c in course]
    start = links.index(module_title) + 1
    assert links[start:start + len(lessons) + 1] == [t for _, t in lessons] + ["Quiz"]
    assert visible_texts(sidebar.locator("[aria-current=page]")) == [title]
    assert visible_texts(desktop.locator(".md-path__item")) == ["Course", module_title, title]
    assert desktop.locator(".md-path [aria-current=page]").inner_text().strip() == title


def test_next_goes_lesson_lesson_quiz_then_the_next_module(desktop, site_url, course):
    (module, _, lessons), (following, following_title, next_lessons) = course[0], course[1]
    desktop.goto(f"{site_url}course/{module}/")
    desktop.wait_for_load_state("networkidle")  # Material reads its list of pages (instant-navigation.xml) before it takes over links
    desktop.evaluate("window.__stayed = true")  # survives only through instant navigation
    for lesson, title in lessons:
        desktop.locator(".md-footer__link--next").click()
        desktop.wait_for_url(f"**/course/{module}/{lesson}/")
        desktop.locator(".md-content h1", has_text=title).wait_for()  # the lesson itself, not only its address
    desktop.locator(".md-footer__link--next").click()
    desktop.wait_for_url(f"**/course/{module}/#quiz")
    quiz = desktop.locator("#quiz")
    # the quiz's heading in view, below the sticky header (instant navigation once left it unscrolled)
    # (instant navigation changes the address before it swaps the page in: wait for the quiz too)
    desktop.wait_for_function("() => { const q = document.getElementById('quiz'); if (!q) return false;"
                              " const r = q.getBoundingClientRect();"
                              " const header = document.querySelector('.md-header').getBoundingClientRect();"
                              " return r.top >= header.bottom && r.bottom < innerHeight; }")
    assert quiz.is_visible()
    desktop.locator(".pc-after-quiz a").click()
    desktop.wait_for_url(f"**/course/{following}/")
    desktop.locator(".md-content h1", has_text=following_title).wait_for()  # the page swapped in, not only its address
    assert desktop.evaluate("window.__stayed") is True
    assert desktop.locator(".md-footer__link--prev .md-ellipsis").inner_text().strip() == \
        f"{course[0][1]}: quiz"
    desktop.locator(".md-footer__link--next").click()
    desktop.wait_for_url(f"**/course/{following}/{next_lessons[0][0]}/")
    desktop.locator(".md-content h1", has_text=next_lessons[0][1]).wait_for()
    desktop.locator(".md-footer__link--prev").click()
    desktop.wait_for_url(f"**/course/{following}/")
    desktop.locator(".md-content h1", has_text=following_title).wait_for()


def test_an_episode_page_has_the_episodes_tab_active_and_a_breadcrumb(desktop, site_url):
    desktop.goto(f"{site_url}episodes/e204/")
    assert visible_texts(desktop.locator(".md-tabs__item--active .md-tabs__link")) == ["Episodes"]
    crumbs = visible_texts(desktop.locator(".md-path__item"))
    assert crumbs[0] == "Episodes" and crumbs[1].startswith("E204")
    assert desktop.locator(".md-sidebar--primary a[href*='e100']").count() == 0  # not a list of every episode
    assert desktop.locator(".md-footer__link--next").count() == 0


def test_the_guide_is_reached_from_the_footer_not_the_tabs(desktop, site_url):
    desktop.goto(site_url)
    assert not {"Trainer's guide", "Scaling"} & set(visible_texts(desktop.locator(".md-tabs__link")))
    desktop.locator(".md-footer").get_by_role("link", name="Trainer's guide").click()
    desktop.wait_for_url("**/guide/")
    desktop.locator(".md-content h1", has_text="Trainer").wait_for()
    assert desktop.request.get(f"{site_url}scaling/").status == 404


def test_on_a_phone_the_drawer_shows_the_course_with_this_lesson_marked(playwright_driver, site_url, course):
    module, module_title, lessons = course[0]
    lesson, title = lessons[0]
    with learner_page(playwright_driver, **PHONE) as page:
        page.goto(f"{site_url}course/{module}/{lesson}/")
        assert page.locator(".md-tabs").is_visible() is False  # Material hides the tabs on a phone
        assert visible_texts(page.locator(".md-path__item")) == ["Course", module_title, title]
        page.locator("label.md-header__button[for=__drawer]").click()
        page.locator(".md-sidebar--primary .md-nav__link--active").first.wait_for(state="visible")
        page.wait_for_timeout(400)  # the drawer slides in
        # on a phone the entry is the label that opens the lesson's contents, the link is hidden
        assert visible_texts(page.locator(".md-sidebar--primary [aria-current=page]")) == [title]
        drawer = visible_texts(page.locator(".md-sidebar--primary a.md-nav__link:not([href^='#']), "
                                            ".md-sidebar--primary label[for=__toc]"))
        assert [t for t in drawer if t in {x for _, x in lessons}] == [x for _, x in lessons]
        assert page.locator(".md-footer__link--next").is_visible()


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_wrong_in_the_navigation(playwright_driver, site_url, course, device, scheme):
    module, _, lessons = course[0]
    options = {**(PHONE if device == "phone" else DESKTOP), "color_scheme": scheme}
    with learner_page(playwright_driver, **options) as page:
        for path in (f"course/{module}/{lessons[0][0]}/", f"course/{module}/", "episodes/e204/"):
            page.goto(site_url + path)
            expected = "slate" if scheme == "dark" else "default"
            assert page.locator("body").get_attribute("data-md-color-scheme") == expected
            violations = axe_violations(page, {"include": [[s] for s in NAVIGATION_MARKUP]},
                                        inside=", ".join(MATERIAL_ONLY.values()) or None)
            ours = [v for v in violations
                    if not (v["id"] in MATERIAL_ONLY and all(node["inside"] for node in v["nodes"]))]
            assert ours == [], path + ": " + "\n".join(
                f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(f"{n['target']} {n['summary']}" for n in v["nodes"])
                for v in ours)
