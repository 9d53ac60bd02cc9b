"""Importers: pure functions from a source page's text to model objects, chosen by sniffing the text.

Like Pelican's Readers registry, a new source format is a new entry in IMPORTERS, not an `if`
in the import command. Importers never touch the file system; generator.importing does the I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..model import ImportResult, Person, Problem
from .blog_archive import is_category_archive, parse_category_archive
from .episode_page import is_episode_page, parse_episode_page
from .feed import is_podcast_feed, parse_feed


@dataclass(frozen=True)
class Importer:
    """One source format: how to recognise its text, and how to read it."""

    name: str
    recognises: Callable[[str], bool]
    parse: Callable[[str, str, Person, tuple[str, ...]], ImportResult]  # (text, source, host, host_labels)


IMPORTERS: tuple[Importer, ...] = (
    Importer("podcast feed", is_podcast_feed, parse_feed),  # first: an XML document is never a page
    Importer("episode page", is_episode_page, parse_episode_page),
    Importer("category archive", is_category_archive, lambda text, source, host, labels: parse_category_archive(text, source)),
)


def importer_for(text: str) -> Importer | None:
    """The first importer that recognises the text, or None."""
    return next((importer for importer in IMPORTERS if importer.recognises(text)), None)


def parse_source(text: str, source: str, host: Person, host_labels: tuple[str, ...] = ()) -> ImportResult:
    """Read one source text with the importer that recognises it; an unknown page is an error."""
    importer = importer_for(text)
    if importer is None:
        return ImportResult(problems=(Problem(
            source, None,
            'no recognisable title: neither an episode page ("E204: Title" near the top) '
            'nor a category archive ("Archive for the ‘...’ Category") nor a podcast RSS feed (<rss><channel>)'),))
    return importer.parse(text, source, host, tuple(host_labels))
