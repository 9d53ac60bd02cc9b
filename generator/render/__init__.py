"""Rendering: the model turned into the site's pages and machine-readable files.

Plain Python that knows nothing of MkDocs; generator.plugin hands the result to MkDocs.
Each renderer is a producer `(catalogue, context) -> pages` (or `-> {site path: bytes}`), the
context being what the build knows besides the content (generator.render.context). To add a
section to the site, append your producer to the list below (one line each); that is the
whole contract between renderers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import Catalogue
from .blog import blog_pages
from .context import NO_BUILD, BuildContext
from .course import course_pages
from .episode_index import episode_index_files, episode_index_pages
from .episodes import episode_pages
from .machine import extra_files as catalogue_files
from .page import Page
from .people import guest_pages
from .topics import search_pages, topic_pages
from .whatsnew import feed_files, whats_new_pages

PageProducer = Callable[[Catalogue, BuildContext], Iterable[Page]]
FileProducer = Callable[[Catalogue, BuildContext], dict[str, bytes]]

# Every section of the generated site. Course and topics producers are appended here.
PAGE_PRODUCERS: list[PageProducer] = [episode_pages, guest_pages, blog_pages, course_pages]
PAGE_PRODUCERS.append(episode_index_pages)  # the episode index in pages, and its filter's data file
PAGE_PRODUCERS.append(search_pages)  # the search page (it asks `podcourse serve`)
PAGE_PRODUCERS.append(whats_new_pages)  # What's new, from git history (publishing)

# Pages listing what the search index finds (context.topic_results). The site build renders them
# last, once the index (built in parallel, generator.search.process) is ready; until then MkDocs
# has their frames: the same pages rendered from a context without the index.
INDEX_PAGE_PRODUCERS: list[PageProducer] = [topic_pages]

# Files written into the built site beside the pages (episodes.json, transcript.json, ...).
FILE_PRODUCERS: list[FileProducer] = [catalogue_files]
FILE_PRODUCERS.append(feed_files)  # feed.xml (publishing)
FILE_PRODUCERS.append(episode_index_files)  # episodes/index.json, the episode index filter's data


def site_pages(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> list[Page]:
    """Every generated page (those from the index as frames until the context has the index);
    two producers claiming one path is a bug, reported as such."""
    pages: list[Page] = []
    seen: set[str] = set()
    for produce in PAGE_PRODUCERS + INDEX_PAGE_PRODUCERS:
        for page in produce(catalogue, context):
            if page.path in seen:
                raise ValueError(f"two generated pages claim {page.path} (second from {produce.__name__})")
            seen.add(page.path)
            pages.append(page)
    return pages


def extra_files(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> dict[str, bytes]:
    """Every machine-readable file, by path relative to the built site."""
    files: dict[str, bytes] = {}
    for produce in FILE_PRODUCERS:
        files.update(produce(catalogue, context))
    return files


def pages_from_index(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> list[Page]:
    """The pages listing what the search index finds, or their frames while the context has no index."""
    return [page for produce in INDEX_PAGE_PRODUCERS for page in produce(catalogue, context)]
