"""Importers: pure functions from a source's text to model objects, chosen by sniffing the text.

Like Pelican's Readers registry, a new source format is a new entry in IMPORTERS, not an `if`
in the import command. Importers never touch the file system; generator.importing does the I/O.
Episode pages and feeds give episodes; transcript files (WebVTT, SRT, Podcasting 2.0 JSON and
HTML, plain text with labels) give cues, and chapters files chapters, for the episode the import
command matches them to (generator.importers.turns makes the cues turns).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import ImportResult, Person, Problem
from .blog_archive import is_category_archive, parse_category_archive
from .chapters import is_chapters_json, parse_chapters
from .episode_page import is_episode_page, parse_episode_page
from .feed import is_podcast_feed, parse_feed
from .html_transcript import is_html_transcript, parse_html_transcript
from .json_transcript import is_json_transcript, parse_json_transcript
from .srt import is_srt, parse_srt
from .text_transcript import is_text_transcript, parse_text_transcript
from .webvtt import is_webvtt, parse_webvtt


@dataclass(frozen=True)
class Importer:
    """One source format: how to recognise its text, and how to read it."""

    name: str
    recognises: Callable[[str], bool]
    parse: Callable[[str, str, Person, tuple[str, ...]], ImportResult]  # (text, source, host, host_labels)


def _without_host(parse: Callable[[str, str], ImportResult]):
    """A reader that needs only the text and its name, in the registry's signature."""
    return lambda text, source, host, host_labels: parse(text, source)


IMPORTERS: tuple[Importer, ...] = (
    # formats that announce themselves first: an XML feed, a WebVTT or SRT file, JSON, markup
    Importer("podcast feed", is_podcast_feed, parse_feed),
    Importer("WebVTT transcript", is_webvtt, _without_host(parse_webvtt)),
    Importer("SRT transcript", is_srt, _without_host(parse_srt)),
    Importer("JSON chapters", is_chapters_json, _without_host(parse_chapters)),
    Importer("JSON transcript", is_json_transcript, _without_host(parse_json_transcript)),
    Importer("HTML transcript", is_html_transcript, _without_host(parse_html_transcript)),
    Importer("episode page", is_episode_page, parse_episode_page),
    Importer("category archive", is_category_archive, _without_host(parse_category_archive)),
    Importer("text transcript", is_text_transcript, _without_host(parse_text_transcript)),  # last: any text with labels
)


def importer_for(text: str) -> Importer | None:
    """The first importer that recognises the text, or None."""
    return next((importer for importer in IMPORTERS if importer.recognises(text)), None)


def parse_source(text: str, source: str, host: Person, host_labels: tuple[str, ...] = ()) -> ImportResult:
    """Read one source text with the importer that recognises it; an unknown page is an error."""
    importer = importer_for(text)
    if importer is None:
        return ImportResult(
            problems=(
                Problem(
                    source,
                    None,
                    'not a source podcourse reads: neither an episode page ("E204: Title" near the top), '
                    'a category archive ("Archive for the ‘...’ Category"), a podcast RSS feed (<rss><channel>), '
                    'a transcript (WebVTT, SRT, Podcasting 2.0 JSON or HTML, text with "Name:" labels) '
                    "nor JSON chapters",
                ),
            )
        )
    return importer.parse(text, source, host, tuple(host_labels))
