"""The site's navigation as learners need it, arranged at MkDocs' `on_nav`.

mkdocs.yml's `nav:` names each section's index page only: Material renders the whole navigation
into every page, and 1,000 episodes listed there cost 36 s of build and 250 MB of site
(ARCHITECTURE.md). Here the navigation MkDocs built from it is completed so that Material itself marks
the active tab, fills the sidebar, draws the breadcrumb and the footer's previous and next:

- the Course tab becomes a section holding the path: its home, each module (overview, lessons,
  quiz) and the progress page, in the order of content/course/path.yml;
- every other generated page (an episode, a guest, a post, a topic) gets the tab of its folder
  as its parent, so its tab is active and the breadcrumb names it, without being listed in it;
- previous and next follow the course path only; elsewhere pages are not a sequence.

Part of the MkDocs adapter (generator.plugin): the path itself comes from
generator.render.course_outline, which knows nothing of MkDocs.
"""

from __future__ import annotations

import html
import posixpath

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from .render.course_outline import CourseOutline, ModuleSteps, Step


def arrange(nav: Navigation, files: Files, course: CourseOutline | None) -> Navigation:
    """The navigation with the course path nested under its tab and every page under its tab."""
    if course is not None:
        _nest_course(nav, files, course)
    _put_pages_under_their_tabs(nav, files)
    nav.pages = list(_pages_of(nav.items))
    _link_along_the_path(nav, files, course)
    return nav


def _title(text: str) -> str:
    """A title for Material's navigation, which prints titles unescaped (MkDocs' Jinja does not
    autoescape); page titles are escaped the same way in their front matter (render.page)."""
    return html.escape(text, quote=False)


def _page(files: Files, path: str) -> Page | None:
    file = files.get_file_from_path(path)
    return file.page if file is not None else None


def _adopt(section: Section, children: list) -> Section:
    """The section with its children, each knowing it as its parent (Material reads `active`
    up this chain to mark the tab and the sidebar)."""
    section.children = children
    for child in children:
        child.parent = section
    return section


def _nest_course(nav: Navigation, files: Files, course: CourseOutline) -> None:
    """Replace the Course tab's page with a section holding the whole path, if the tab is there."""
    for position, item in enumerate(nav.items):
        if isinstance(item, Page) and item.file.src_uri == course.home.path:
            modules = [_module_section(files, module) for module in course.modules]
            progress = _page(files, course.progress.path)
            section = _adopt(Section(item.title, []), [item, *modules, *([progress] if progress else [])])
            nav.items[position] = section
            return


def _module_section(files: Files, module: ModuleSteps) -> Section:
    """A module in the sidebar: its overview (the section's index page), its lessons, its quiz."""
    children: list[Page | Link] = [
        page for step in (module.overview, *module.lessons) if (page := _page(files, step.path))
    ]
    if module.quiz is not None:
        children.append(Link("Quiz", module.quiz.url))
    return _adopt(Section(_title(module.title), []), children)


def _put_pages_under_their_tabs(nav: Navigation, files: Files) -> None:
    """Each page outside the navigation gets the tab of its folder (`episodes/index.md` for
    `episodes/e204.md`) as parent; a tab that is a single page becomes a section of that page."""
    tabs = {_index_path(item): position for position, item in enumerate(nav.items) if _index_path(item)}
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.parent is not None or page in nav.items:
            continue
        folder = posixpath.dirname(file.src_uri)
        position = tabs.get(f"{folder}/index.md") if folder else None
        if position is None:
            continue  # a page of no tab's folder (the trainer's guide): no tab is active on it
        tab = nav.items[position]
        if isinstance(tab, Page):
            tab = nav.items[position] = _adopt(Section(tab.title, []), [tab])
        page.parent = tab


def _index_path(item) -> str | None:
    """The docs path of a top-level item's index page: the page itself, or a section's first."""
    if isinstance(item, Section) and item.children:
        item = item.children[0]
    return item.file.src_uri if isinstance(item, Page) else None


def _pages_of(items):
    """Every page of the navigation, in order (what MkDocs keeps as `nav.pages`)."""
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages_of(item.children)


def _link_along_the_path(nav: Navigation, files: Files, course: CourseOutline | None) -> None:
    """Previous and next on the course's pages, step by step; none anywhere else."""
    for item in nav.pages:
        item.previous_page = item.next_page = None
    if course is None:
        return
    steps = course.steps()
    for position, step in enumerate(steps):
        page = _page(files, step.path)
        if step.anchor or page is None:
            continue  # a quiz is part of its module page: that page's own neighbours are kept
        page.previous_page = _step_item(files, steps[position - 1]) if position > 0 else None
        page.next_page = _step_item(files, steps[position + 1]) if position + 1 < len(steps) else None


def _step_item(files: Files, step: Step):
    """What the footer links to for a step: its page, or a link into a page (a quiz)."""
    page = _page(files, step.path)
    return page if page is not None and not step.anchor else Link(_title(step.title), step.url)
