"""What changed, and when: the "What's new" page, its Atom feed, and each page's last-changed date.

Listeners want to hear of new episodes; learners want to know when a lesson or a quiz they have
done was rewritten. Both come from what the repository already knows: episodes carry the date
they aired, and git history (generator.history, read once per build) says when a trainer added
or changed a lesson, a module or a quiz and what the file said before and after, which
generator.course_changes turns into the course's own terms ("2 new questions"). Commit messages
are written for colleagues and stay out, except a `Learners:` trailer: the trainer's words
meant for learners, shown with the entry.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urljoin

from .. import layout, urls
from ..course_changes import describe_change
from ..history import Change, History
from ..model import Catalogue
from ..urls import FEED, WHATS_NEW, page_url, relative_url
from .context import NO_BUILD, BuildContext
from .page import Page, Section, page_from_sections
from .templates import render

LATEST = 50  # entries on the page and in the feed: enough to catch up after a holiday
ATOM = "http://www.w3.org/2005/Atom"
KIND_LABELS = {"episode": "Episode", "lesson": "Lesson", "module": "Module", "quiz": "Quiz"}
COMPARED_SOURCES = (f"{layout.COURSE}/", f"{layout.QUIZZES}/")
"""Folders whose old versions the build reads from git (generator.history) to say what changed."""


@dataclass(frozen=True)
class Tracked:
    """A file in git whose changes learners care about, and the page that shows it."""

    source: str
    """Path of the file relative to the repository root, as git history names it."""
    kind: str
    """"episode", "lesson", "module" or "quiz"."""
    title: str
    page: str
    """Docs-relative path of the page that shows it (a quiz lives on its module's page)."""
    anchor: str = ""
    module: str = ""
    """For lessons, modules and quizzes: the module's id."""


@dataclass(frozen=True)
class Update:
    """One line of "What's new" and one entry of the feed."""

    when: dt.datetime
    kind: str
    status: str
    """"new" or "changed"."""
    title: str
    page: str
    anchor: str
    note: str
    """The episode's hook, or the trainer's `Learners:` trailer; never the rest of a commit message."""
    key: str
    """Stable identity of the entry, so feed readers do not show it twice."""
    details: tuple[str, ...] = ()
    """What changed, in the course's terms ("2 new questions"); empty for something new."""

    @property
    def what(self) -> str:
        """The kind of news, as the entry opens: "New episode", "Quiz updated"."""
        if self.status == "new":
            return f"New {self.kind}"
        return f"{KIND_LABELS[self.kind]} updated"

    @property
    def headline(self) -> str:
        """The whole entry in one line, as a feed reader lists it: "Quiz updated: SMART asks, 2 new questions"."""
        separator = " " if self.kind == "episode" else ": "
        return self.what + separator + ", ".join((self.title, *self.details))


def tracked_files(catalogue: Catalogue) -> dict[str, Tracked]:
    """Source path -> what it is, for every episode, module, lesson and quiz in the catalogue."""
    tracked = {}
    for episode in catalogue.episodes:
        source = layout.episode_file(episode.number)
        tracked[source] = Tracked(source, "episode", f"{episode.code}: {episode.title}", urls.episode(episode))
    for module in catalogue.modules:
        module_page = urls.module(module)
        source = layout.module_file(module.id)
        tracked[source] = Tracked(source, "module", module.title, module_page, module=module.id)
        for lesson in module.lessons:
            source = lesson.path or layout.lesson_file(lesson.id)
            tracked[source] = Tracked(source, "lesson", lesson.title, urls.lesson(module, lesson), module=module.id)
        if module.quiz:
            source = module.quiz.path or layout.quiz_file(module.id)
            tracked[source] = Tracked(source, "quiz", module.title, module_page, "#" + urls.QUIZ_ANCHOR, module.id)
    return tracked


def updates(catalogue: Catalogue, history: History) -> list[Update]:
    """Newest first: every episode by the day it aired, then the lessons, modules and quizzes
    added or changed, one entry per file per day (a morning of small fixes is one line, saying
    what the day changed). A module file changed by the commit that adds one of its lessons or
    edits its quiz is news already told by that lesson or quiz, and is left out; so is a change
    no learner would notice (a comment) unless the trainer wrote a `Learners:` note for it."""
    found = [_episode_update(episode) for episode in catalogue.episodes]
    tracked = tracked_files(catalogue)
    told = {
        (change.commit, tracked[change.path].module)
        for change in history.changes
        if change.path in tracked and tracked[change.path].kind in ("lesson", "quiz")
    }
    days: dict[tuple[str, dt.date], list[Change]] = {}
    for change in history.changes:  # newest first
        item = tracked.get(change.path)
        if item is None or item.kind == "episode" or change.status == "deleted":
            continue
        if item.kind == "module" and (change.commit, item.module) in told:
            continue
        days.setdefault((item.source, change.when.date()), []).append(change)
    for (source, _), changes in days.items():
        update = _course_update(tracked[source], changes, history.texts)
        if update is not None:
            found.append(update)
    found.sort(key=lambda u: (u.when, u.key), reverse=True)
    return found[:LATEST]


def _course_update(item: Tracked, changes: list[Change], texts: dict[str, str]) -> Update | None:
    """One day's changes to one file (newest first) as one entry, compared from the day's first
    version to its last; None when both versions are known and nothing a learner sees changed."""
    newest, oldest = changes[0], changes[-1]
    notes = list(dict.fromkeys(c.learners for c in reversed(changes) if c.learners))  # in order, once each
    status = "new" if oldest.status == "added" else "changed"
    details: list[str] = []
    if status == "changed":
        before, after = texts.get(oldest.before), texts.get(newest.after)
        details = describe_change(item.kind, before, after)
        if not details and not notes and before is not None and after is not None:
            return None
    return Update(
        newest.when,
        item.kind,
        status,
        item.title,
        item.page,
        item.anchor,
        " ".join(notes),
        f"{item.source}@{newest.commit}",
        tuple(details),
    )


def _episode_update(episode) -> Update:
    aired = dt.datetime.combine(episode.date, dt.time(), dt.UTC)
    return Update(
        aired,
        "episode",
        "new",
        f"{episode.code}: {episode.title}",
        urls.episode(episode),
        "",
        episode.hook,
        f"episode/{episode.number}",
    )


# ---- the page ----


def whats_new_page(catalogue: Catalogue, history: History) -> Page:
    """The "What's new" page: newest first, each line dated and linked, and the feed to follow."""
    here = WHATS_NEW
    rows = [
        {
            "date": update.when.date(),
            "what": update.what,
            "status": update.status,
            "title": update.title,
            "details": update.details,
            "url": relative_url(here, update.page) + update.anchor,
            "note": update.note,
        }
        for update in updates(catalogue, history)
    ]
    listing = render("whats_new.html", rows=rows, feed_url=relative_url(here, FEED), warnings=history.warnings)
    return page_from_sections(here, "What's new", [Section("whats-new", listing)], in_nav=True)


def whats_new_pages(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> list[Page]:
    """Producer for generator.render.PAGE_PRODUCERS, from the history the build read."""
    return [whats_new_page(catalogue, context.history)]


# ---- the feed ----


def atom_feed(catalogue: Catalogue, history: History, site_url: str | None = None) -> bytes:
    """The updates as an Atom 1.0 feed (RFC 4287), built as XML so every text is escaped.

    Links are absolute when the site's address is known (mkdocs.yml `site_url`), otherwise
    relative to the feed, which sits at the site's root.
    """
    base = site_url.rstrip("/") + "/" if site_url else ""
    entries = updates(catalogue, history)
    ET.register_namespace("", ATOM)
    feed = ET.Element(_atom("feed"))
    _text(feed, "id", urljoin(base, FEED) if base else _urn(f"feed:{catalogue.show_title}"))
    _text(feed, "title", f"{catalogue.show_title}: what's new")
    _text(feed, "updated", _timestamp(entries[0].when if entries else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)))
    ET.SubElement(feed, _atom("link"), rel="self", href=urljoin(base, FEED) if base else FEED)
    ET.SubElement(feed, _atom("link"), rel="alternate", type="text/html", href=urljoin(base, page_url(WHATS_NEW)))
    author = ET.SubElement(feed, _atom("author"))
    _text(author, "name", catalogue.host.name)
    for update in entries:
        entry = ET.SubElement(feed, _atom("entry"))
        _text(entry, "id", _urn(update.key))
        _text(entry, "title", update.headline)
        _text(entry, "updated", _timestamp(update.when))
        ET.SubElement(
            entry,
            _atom("link"),
            rel="alternate",
            type="text/html",
            href=urljoin(base, page_url(update.page)) + update.anchor,
        )
        ET.SubElement(entry, _atom("category"), term=update.kind, label=KIND_LABELS[update.kind])
        if update.note:
            _text(entry, "summary", update.note).set("type", "text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def feed_files(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> dict[str, bytes]:
    """Producer for generator.render.FILE_PRODUCERS: feed.xml at the site's root."""
    return {FEED: atom_feed(catalogue, context.history, context.site_url)}


def _atom(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _atom(tag))
    element.text = text
    return element


def _urn(key: str) -> str:
    """A permanent, absolute id for a feed or entry, the same on every rebuild (RFC 4122 name-based UUID)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"podcourse:{key}").urn


def _timestamp(when: dt.datetime) -> str:
    """RFC 3339 as Atom wants it; a time without a zone is taken as UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.isoformat(timespec="seconds")


# ---- last changed, per page ----


def page_sources(catalogue: Catalogue, docs_dir: str) -> dict[str, str]:
    """Docs-relative page path -> the source file it is made from, for generated pages.

    Hand-written pages are their own source (`docs_dir`/path) and need no entry here.
    """
    sources = {item.page: item.source for item in tracked_files(catalogue).values() if item.kind != "quiz"}
    for person in catalogue.people:
        sources[urls.guest(person)] = layout.person_file(person)
    for post in catalogue.posts:
        sources[urls.post(post)] = layout.post_file(post)
    return sources


# A generated page made from many files (an index, a topic, What's new) changed when the newest of
# them did: the first rule whose page prefix matches names the folders it is made from.
SECTION_SOURCES = (
    (urls.page_url(urls.EPISODE_INDEX), (f"{layout.EPISODES}/",)),
    (urls.page_url(urls.SERIES_INDEX), (f"{layout.EPISODES}/",)),
    (urls.page_url(urls.GUEST_INDEX), (f"{layout.PEOPLE}/",)),
    (urls.page_url(urls.BLOG_INDEX), (f"{layout.POSTS}/",)),
    (urls.page_url(urls.COURSE_HOME), COMPARED_SOURCES),
    ("", (f"{layout.CONTENT}/", f"{layout.QUIZZES}/")),
)


def page_dates(
    catalogue: Catalogue, history: History, docs_dir: str, generated: Iterable[str] = ()
) -> dict[str, dt.date]:
    """Docs-relative page path -> the day its content last changed, for every page git knows.

    A module page shows its quiz too, so it changed when either file did. Generated pages with
    no file of their own (`generated` lists every generated page) take SECTION_SOURCES' dates.
    """
    changed = history.last_changed
    dates: dict[str, dt.date] = {}
    docs = PurePosixPath(docs_dir)
    for source, when in changed.items():
        if docs_dir and PurePosixPath(source).is_relative_to(docs) and source.endswith(".md"):
            dates[PurePosixPath(source).relative_to(docs).as_posix()] = when.date()
    for page, source in page_sources(catalogue, docs_dir).items():
        if source in changed:
            dates[page] = changed[source].date()
    for item in tracked_files(catalogue).values():
        if item.kind == "quiz" and item.source in changed:
            dates[item.page] = max(dates.get(item.page, dt.date.min), changed[item.source].date())
    for page in generated:
        if page not in dates and (day := _section_date(page, changed)):
            dates[page] = day
    return dates


def _section_date(page: str, changed: dict[str, dt.datetime]) -> dt.date | None:
    folders = next(sources for prefix, sources in SECTION_SOURCES if page.startswith(prefix))
    newest = max((when for path, when in changed.items() if path.startswith(folders)), default=None)
    return newest.date() if newest else None


def last_updated_html(day: dt.date) -> str:
    """The line under a page's content (Material prints page.meta.revision_date there, unescaped)."""
    return f'Last updated <time datetime="{day.isoformat()}">{day.isoformat()}</time>'
