"""The site's URL scheme, in one place: where every page and file lives, and every anchor in a page.

Renderers, the search index, the link checks and the SCORM export all name pages through this
module, so an episode's address or a turn's anchor cannot drift between the page that holds it
and the links that point at it. It imports only the model: checking content never loads the
renderers to learn an address.

Pages are named by their docs-relative source path, as MkDocs knows them ("episodes/e204.md");
with directory URLs (which the plugin requires) that page is served at "episodes/e204/", and its
transcript.json sits beside its index.html. `page_url` turns one into the other, `relative_url`
links one page to another as MkDocs writes links.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote

from markdown.extensions.toc import slugify as toc_slugify

from .model import Episode, Lesson, Module, Person, Post, SeriesPart, Topic, TurnSpan

# ---- pages of their own (docs-relative source paths) ----

EPISODE_INDEX = "episodes/index.md"
GUEST_INDEX = "guests/index.md"
SERIES_INDEX = "series/index.md"
BLOG_INDEX = "blog/index.md"
COURSE_HOME = "course/index.md"
PROGRESS = "course/progress.md"
REVIEW = "course/review.md"
TOPIC_INDEX = "topics/index.md"
SEARCH_PAGE = "search.md"
WHATS_NEW = "whats-new.md"

SECTION_PAGES = (
    EPISODE_INDEX,
    GUEST_INDEX,
    SERIES_INDEX,
    BLOG_INDEX,
    COURSE_HOME,
    PROGRESS,
    REVIEW,
    TOPIC_INDEX,
    SEARCH_PAGE,
    WHATS_NEW,
)
"""Every generated page that is not made from one item of the catalogue."""


def episode(item: Episode) -> str:
    return f"episodes/{item.slug}.md"


def guest(person: Person) -> str:
    return f"guests/{person.id}.md"


def series(part: SeriesPart) -> str:
    return f"series/{part.id}.md"


def post(item: Post) -> str:
    return f"blog/{item.slug}.md"


def topic(item: Topic) -> str:
    return f"topics/{item.id}.md"


def module(item: Module) -> str:
    """A module's overview page, which holds its quiz too (`#quiz`)."""
    return f"course/{item.id}/index.md"


def lesson(within: Module, item: Lesson) -> str:
    return f"course/{within.id}/{item.id}.md"


# ---- files of the built site (site-relative paths) ----

EPISODES_JSON = "episodes.json"
FEED = "feed.xml"
STATIC_SEARCH_BUNDLE = "pagefind"
"""The Pagefind bundle, for hosts without `podcourse serve`: pagefind/pagefind.js, its wasm and its chunks."""
SEARCH_BACKEND = "search/backend.json"
"""Tells the search page which backend answers: {"backend": "static"} from the build, "api" from
`podcourse serve`."""


def transcript_json(item: Episode) -> str:
    """Beside the episode's index.html, so `<episode url>transcript.json` finds it."""
    return f"episodes/{item.slug}/transcript.json"


# ---- from source paths to links ----


def page_url(path: str) -> str:
    """The directory URL MkDocs gives a source path ("episodes/e204.md" -> "episodes/e204/")."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_path: str, to_path: str) -> str:
    """A link from one page to another page or file, relative as MkDocs writes them.

    Links inside placeholder HTML never pass through MkDocs' link rewriting, so they are
    computed here from source paths (directory URLs, MkDocs' default). `to_path` is a page
    ("guests/kwame-christian.md") or a file of the built site ("episodes/e204/transcript.json").
    """
    here = page_url(from_path) or "."
    if not to_path.endswith(".md"):
        return posixpath.relpath(to_path, here)
    link = posixpath.relpath(page_url(to_path) or ".", here)
    return "./" if link == "." else link + "/"


def site_link(here: str, url: str) -> str:
    """A relative link from page `here` (docs path) to a site-relative URL ("episodes/e227/#t-5")."""
    target, _, anchor = url.partition("#")
    link = posixpath.relpath(target or ".", page_url(here) or ".")
    link = "./" if link == "." else link + ("/" if target.endswith("/") else "")
    return link + (f"#{anchor}" if anchor else "")


def markdown_link(here: str, to_path: str) -> str:
    """A link MkDocs checks and rewrites itself: the target page's .md path, relative to `here`."""
    return posixpath.relpath(to_path, posixpath.dirname(here))


def search_query(query: str) -> str:
    """What follows the search page's URL to run `query` there (search.js reads `query`;
    `?q=` would open Material's own search instead)."""
    return "?query=" + quote(query)


# ---- anchors inside a page ----


def turn_anchor(number: int) -> str:
    """The element id of transcript turn `number` (from 1) on its episode page (fixed: `t-N`)."""
    return f"t-{number}"


def paragraph_anchor(turn: int, paragraph: int) -> str:
    """The element id of a paragraph (from 1) inside a turn of several: `t-N-pK`.

    Paragraphs are the turn's text split at blank lines (Turn.paragraphs), so the ids stay put
    as long as the turn's text does. Search results deep inside a long turn land here rather
    than on the top of the turn.
    """
    return f"t-{turn}-p{paragraph}"


TURN_ANCHOR = re.compile(r"t-(\d+)(?:-p(\d+))?")
"""A turn's anchor or a paragraph's (`t-31`, `t-31-p2`): the groups are the turn and the paragraph."""


def moment(span: TurnSpan | None, start: float | None = None) -> str:
    """What follows an episode page's URL to cite `span`: "#t-15", or "?turns=15-16#t-15"; with
    the `start` of its first turn (seconds), "?t=754.6&turns=15-16#t-15", which plays from there.

    A range rides in the query so that the fragment stays an element id: without JavaScript the
    browser still scrolls to and highlights the first turn (:target), and podcourse.js reads
    `turns` to highlight the rest of the range. So does `t`, which player.js reads.
    """
    if span is None:
        return ""
    query = [f"t={seconds_value(start)}"] if start is not None else []
    if span.last > span.first:
        query.append(f"turns={span.first}-{span.last}")
    return ("?" + "&".join(query) if query else "") + f"#{turn_anchor(span.first)}"


def time_fragment(seconds: float) -> str:
    """A moment of the recording with no turn of its own (a chapter of an untimed transcript):
    "#t=754.6", which player.js plays from."""
    return f"#t={seconds_value(seconds)}"


def seconds_value(seconds: float) -> str:
    """A moment of the recording as the page's addresses (`?t=`) and player data write it:
    "754", "754.6". Exact to the millisecond: rounded down to the second, a link to a turn that
    starts at 754.6 s would play the end of the turn before it."""
    return f"{seconds:.3f}".rstrip("0").rstrip(".")


def heading_anchor(heading: str) -> str:
    """The id Python-Markdown's toc extension gives a heading (its default slugify)."""
    return toc_slugify(heading, "-")


QUIZ_ANCHOR = "quiz"
"""The quiz's heading id on its module page ("## Quiz"): a quiz is part of the module page."""


def question_anchor(module_id: str, question_id: str) -> str:
    """The element id of a quiz question on its module page: `q-<module>-<question>`."""
    return "q-" + id_part(module_id) + "-" + id_part(question_id)


def id_part(text: str) -> str:
    """Text made safe inside an element id: anything but letters, digits, _ and - becomes -."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text)
