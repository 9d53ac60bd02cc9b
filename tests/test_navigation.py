"""The navigation of the built sample site: the course path in MkDocs' navigation, every page
under its tab, only learners' sections in the tabs (issue 13, part 2).

What the path should be is read from the course's own files (content/course/path.yml and each
module's YAML), not from the code that builds it. Behaviour in a browser (tabs, drawer, footer
clicks, axe-core) is in test_browser_navigation.py.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
import yaml

from sample import ROOT, copy_site
from generator.build import build_site
from generator.load import load_catalogue
from generator.render.course_outline import course_outline


TABS = ["Home", "Course", "Episodes", "Guests", "Series", "Blog", "Topics", "Search", "What's new"]


def path_from_the_course_files(root: Path = ROOT) -> list[tuple[str, list[str]]]:
    """(module id, its lesson ids) in path order, read straight from the YAML a trainer edits."""
    modules = yaml.safe_load((root / "content/course/path.yml").read_text(encoding="utf-8"))["modules"]
    return [(module, yaml.safe_load((root / f"content/course/modules/{module}.yml").read_text(encoding="utf-8"))
             ["lessons"]) for module in modules]


@pytest.fixture(scope="module")
def site(sample_site) -> Path:
    return sample_site


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Chrome(HTMLParser):
    """What Material's chrome says on a page: tab labels (and the active one), the breadcrumb,
    the sidebar's links with the current one, the footer's previous and next, every href."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tabs: list[str] = []
        self.active_tab: str | None = None
        self.breadcrumb: list[str] = []
        self.sidebar: list[str] = []
        """Texts of the primary sidebar's links to pages, in order (not those into this page's contents)."""
        self.sidebar_hrefs: list[str] = []
        self.current: list[str] = []
        """Texts of the sidebar's links marked aria-current="page"."""
        self.footer: dict[str, str] = {}
        """"prev" / "next" -> href of Material's footer links."""
        self.hrefs: list[str] = []
        self._open: list[set[str]] = []  # per open element: the regions it starts
        self._link: dict | None = None

    def _inside(self, region: str) -> bool:
        return any(region in regions for regions in self._open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        css = (attrs.get("class") or "").split()
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag in VOID:
            return
        regions = set()
        if "md-tabs__item" in css:
            regions.add("tab-active" if "md-tabs__item--active" in css else "tab")
        if tag == "nav" and "md-path" in css:
            regions.add("path")
        if "md-sidebar--primary" in css:
            regions.add("sidebar")
        self._open.append(regions)
        if tag == "a":
            self._link = {"text": "", "tab": "md-tabs__link" in css, "current": attrs.get("aria-current") == "page",
                          "href": attrs.get("href", "")}
            for direction in ("prev", "next"):
                if f"md-footer__link--{direction}" in css:
                    self.footer[direction] = attrs.get("href", "")

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            link, self._link = self._link, None
            text = " ".join(link["text"].split())
            if link["tab"]:
                self.tabs.append(text)
                if self._inside("tab-active"):
                    self.active_tab = text
            if self._inside("path"):
                self.breadcrumb.append(text)
            if self._inside("sidebar") and not link["href"].startswith("#"):  # not the page's own contents
                self.sidebar.append(text)
                self.sidebar_hrefs.append(link["href"])
                if link["current"]:
                    self.current.append(text)
        if tag not in VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data


def chrome(site: Path, path: str) -> Chrome:
    reader = Chrome()
    reader.feed((site / path).read_text(encoding="utf-8"))
    return reader


def test_the_outline_follows_path_yml_and_each_modules_lessons():
    catalogue, _ = load_catalogue(ROOT)
    expected = ["course/index.md"]
    for module, lessons in path_from_the_course_files():
        expected += [f"course/{module}/index.md", *(f"course/{module}/{lesson}.md" for lesson in lessons),
                     f"course/{module}/#quiz"]
    expected.append("course/progress.md")
    steps = course_outline(catalogue).steps()
    assert [f"{s.path.rsplit('/', 1)[0]}/#{s.anchor}" if s.anchor else s.path for s in steps] == expected


def test_a_lesson_page_has_its_tab_sidebar_breadcrumb_and_neighbours(site):
    (module, lessons), (following, _) = path_from_the_course_files()[:2]
    page = chrome(site, f"course/{module}/{lessons[1]}/index.html")
    titles = {m.id: m.title for m in load_catalogue(ROOT)[0].modules}
    lesson_titles = {l.id: l.title for m in load_catalogue(ROOT)[0].modules for l in m.lessons}
    assert page.tabs == TABS and page.active_tab == "Course"
    assert page.breadcrumb == ["Course", titles[module], lesson_titles[lessons[1]]]
    texts = page.sidebar
    # every module in order, this module's lessons and quiz under it, no other module's lessons
    modules_in_sidebar = [text for text in texts if text in titles.values()]
    assert modules_in_sidebar == [titles[m] for m, _ in path_from_the_course_files()]
    mine = texts[texts.index(titles[module]) + 1: texts.index(titles[following])]
    assert [t for t in mine if t != lesson_titles[lessons[1]]] == \
        [lesson_titles[l] for l in lessons if l != lessons[1]] + ["Quiz"]
    assert page.current == [lesson_titles[lessons[1]]]
    other_lessons = {lesson_titles[l] for m, ls in path_from_the_course_files()[1:] for l in ls}
    assert not other_lessons & set(texts)
    assert page.footer == {"prev": f"../{lessons[0]}/", "next": f"../{lessons[2]}/"}


def test_previous_and_next_walk_lesson_lesson_quiz_next_module(site):
    (module, lessons), (following, next_lessons) = path_from_the_course_files()[:2]
    last = chrome(site, f"course/{module}/{lessons[-1]}/index.html")
    assert last.footer["next"] == "../#quiz"
    overview = chrome(site, f"course/{module}/index.html")
    assert overview.footer["next"] == f"{lessons[0]}/"
    assert overview.breadcrumb == ["Course", load_catalogue(ROOT)[0].modules[0].title]
    html = (site / f"course/{module}/index.html").read_text(encoding="utf-8")
    after_quiz = re.search(r'class="pc-after-quiz">.*?href="([^"]+)"', html).group(1)
    assert html.index('id="quiz"') < html.index("pc-after-quiz") and after_quiz == f"../{following}/"
    second = chrome(site, f"course/{following}/index.html")
    assert second.footer == {"prev": f"../{module}/#quiz", "next": f"{next_lessons[0]}/"}
    assert chrome(site, "course/index.html").footer == {"next": f"{module}/"}
    assert "next" not in chrome(site, "course/progress/index.html").footer


def test_an_episode_page_is_under_the_episodes_tab_without_listing_episodes(site):
    page = chrome(site, "episodes/e204/index.html")
    assert page.active_tab == "Episodes"
    assert page.breadcrumb[0] == "Episodes" and page.breadcrumb[1].startswith("E204")
    assert not [href for href in page.sidebar_hrefs if re.search(r"e\d+/", href)]
    assert page.footer == {}  # episodes are not a sequence: no previous and next
    # The phone's menu opens at the tabs, not on an Episodes panel with nothing in it.
    html = (site / "episodes/e204/index.html").read_text(encoding="utf-8")
    toggles = re.findall(r'<input class="md-nav__toggle md-toggle ?" type="checkbox" id="(__nav_\d+)"( checked)? ?>', html)
    assert toggles and not any(checked for _, checked in toggles)
    lesson = (site / "course/objections/silence/index.html").read_text(encoding="utf-8")
    assert re.search(r'<input class="md-nav__toggle md-toggle ?" type="checkbox" id="__nav_\d+" checked>', lesson)
    assert chrome(site, "guests/kwame-christian/index.html").active_tab == "Guests"
    assert chrome(site, "topics/index.html").active_tab == "Topics"


def test_the_tabs_are_learners_sections_and_the_guide_is_in_the_footer(site):
    for path in ("index.html", "course/index.html", "episodes/index.html", "search/index.html"):
        page = chrome(site, path)
        assert page.tabs == TABS, path
        assert "guide/" in {href.rsplit("../", 1)[-1] for href in page.hrefs}
    assert (site / "guide/index.html").is_file()
    assert chrome(site, "guide/index.html").active_tab is None


def test_the_scaling_page_left_the_site_and_nothing_links_to_it(site):
    assert not (site / "scaling").exists()
    for page in site.rglob("*.html"):
        assert not [h for h in chrome(site, page.relative_to(site)).hrefs if "scaling" in h], page
    for doc in [ROOT / "README.md", ROOT / "bench/README.md", *(ROOT / "docs").rglob("*.md")]:
        text = doc.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#]*scaling[^)#]*)\)", text):
            assert (doc.parent / target).resolve().is_file(), f"{doc}: {target}"
    assert (ROOT / "docs/scaling.md").is_file() and not (ROOT / "docs/pages/scaling.md").exists()


def test_a_module_title_from_the_content_is_text_in_the_navigation(tmp_path):
    """A trainer's title reaches Material's sidebar and breadcrumb, which print titles unescaped."""
    root = tmp_path / "repo"
    copy_site(root)
    module = root / "content/course/modules/mindset.yml"
    text = module.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M).group(1)
    module.write_text(text.replace(f"title: {title}", 'title: "Mindset <img src=x onerror=alert(1)> & co"'),
                      encoding="utf-8")
    site = tmp_path / "site"
    assert [str(p) for p in build_site(root, site) if p.severity == "error"] == []
    page = (site / "course/mindset/productive-tension/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page
    crumbs = chrome(site, "course/mindset/productive-tension/index.html")
    assert crumbs.breadcrumb[1] == "Mindset <img src=x onerror=alert(1)> & co"


NAV_ITEM_CHANGES = [
    ('<a href="{{ index.url | url }}" class="md-nav__link {{ class }}">',
     '<a href="{{ index.url | url }}" class="md-nav__link {{ class }}"{% if index == page %} aria-current="page"{% endif %}>'),
    ('<label class="md-nav__link md-nav__link--active" for="__toc">',
     '<label class="md-nav__link md-nav__link--active" for="__toc" aria-current="page">'),
    ('<a href="{{ nav_item.url | url }}" class="md-nav__link md-nav__link--active">',
     '<a href="{{ nav_item.url | url }}" class="md-nav__link md-nav__link--active" aria-current="page">'),
    ('<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">',
     '<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">'
     '<span class="pc-visually-hidden">{{ nav_item.title }}</span>'),
    ('{% set checked = "checked" if nav_item.active %}',
     '{% set checked = "checked" if nav_item.active and nav_item.children | length > 1 %}'),
]
"""(Material's text, ours): the only differences allowed between the two templates."""


def test_our_copy_of_materials_nav_item_differs_by_the_listed_changes_alone():
    """site-overrides/partials/nav-item.html is Material's plus NAV_ITEM_CHANGES: a Material
    upgrade that changes the original fails here, so the copy is refreshed, not left behind."""
    ours = (ROOT / "site-overrides/partials/nav-item.html").read_text(encoding="utf-8").split("-#}\n", 1)[1]
    theirs = (Path(material.__file__).parent / "templates/partials/nav-item.html").read_text(encoding="utf-8")
    theirs = theirs.split("-#}\n", 1)[1]
    for original, changed in NAV_ITEM_CHANGES:
        assert theirs.count(original) == 1, original
        theirs = theirs.replace(original, changed)
    assert ours == theirs


def test_every_lessons_own_next_link_agrees_with_the_footer(site):
    """The lesson's "Next:" under its text and the footer's Next lead to the same step."""
    for module, lessons in path_from_the_course_files():
        for lesson in lessons:
            path = f"course/{module}/{lesson}/index.html"
            html = (site / path).read_text(encoding="utf-8")
            own = re.search(r'class="pc-lesson-next">.*?Next: <a href="([^"]+)"', html, re.S).group(1)
            assert own == chrome(site, path).footer["next"], path
