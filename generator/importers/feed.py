"""Read a podcast RSS 2.0 feed (with its iTunes and Podcasting 2.0 tags) into episodes with their audio.

A feed comes from a hosting service or from anyone's web server, so it is parsed with defusedxml:
a DOCTYPE that declares entities (an external file, a "billion laughs" expansion) is refused
before anything is read. Every element keeps the line it starts on, so each problem names it.
An item the course cannot use (no episode number, no date) is skipped with a warning at its line;
the other items are imported. The transcript and chapters files an item links are returned as
links: the import command reads them (generator.importing), since importers touch no files.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import unicodedata
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..model import AUDIO_TYPES, Audio, Episode, ImportResult, Link, LinkedFile, Participant, Person, Problem
from .page_text import clean_line

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"

_RSS_ROOT = re.compile(
    r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*<rss[\s>]", re.DOTALL
)


def is_podcast_feed(text: str) -> bool:
    """True when the document's first element is <rss>: decided on the text, before any XML is parsed."""
    return bool(_RSS_ROOT.match(text.lstrip("\ufeff")[:4096]))


# ---- XML, hardened, with lines ----


class _LineRecordingParser(DefusedXMLParser):
    """defusedxml's parser (entities and external references refused) that notes each element's line."""

    def __init__(self):
        super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self.lines: dict[int, int] = {}

    def _start(self, tag, attr_list):
        element = super()._start(tag, attr_list)  # type: ignore[misc]  # XMLParser's own hook, left out of typeshed
        self.lines[id(element)] = self.parser.CurrentLineNumber
        return element


def parse_feed_xml(text: str, source: str) -> tuple[Element, dict[int, int]] | Problem:
    """The document's root and each element's line, or the problem (with its line) that stopped it."""
    parser = _LineRecordingParser()
    try:
        parser.feed(text)
        return parser.close(), parser.lines
    except DefusedXmlException as refused:
        line = getattr(getattr(parser, "parser", None), "CurrentLineNumber", None)
        return Problem(
            source,
            line,
            f"refused: the feed declares XML entities ({type(refused).__name__}); "
            "a podcast feed needs none, and they can read local files or exhaust memory",
        )
    except SyntaxError as error:  # xml.etree's ParseError
        line = (getattr(error, "position", None) or (None, 0))[0]
        return Problem(source, line, f"not well-formed XML: {str(error).split(': line ')[0]}")


# ---- the feed ----


def parse_feed(text: str, source: str, host: Person, host_labels: tuple[str, ...] = ()) -> ImportResult:
    """Every numbered item of the feed's channel as an episode, its guests as people."""
    parsed = parse_feed_xml(text, source)
    if isinstance(parsed, Problem):
        return ImportResult(problems=(parsed,))
    root, lines = parsed
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        return ImportResult(problems=(Problem(source, 1, "an RSS feed needs <rss> holding a <channel>; not imported"),))
    items = channel.findall("item")
    if not items:
        return ImportResult(
            problems=(Problem(source, lines.get(id(channel)), "the feed has no <item>: nothing to import"),)
        )
    problems: list[Problem] = []
    episodes: dict[int, Episode] = {}
    people: dict[str, Person] = {}
    links: list[LinkedFile] = []
    for item in items:
        line = lines.get(id(item))
        episode, guests, item_problems = episode_from_item(item, source, line, host)
        problems += item_problems
        if episode is None:
            continue
        if episode.number in episodes:
            problems.append(
                Problem(
                    source,
                    line,
                    f"a second item numbered {episode.number} ({episode.title!r}); only the first is imported",
                    "warning",
                )
            )
            continue
        episodes[episode.number] = episode
        links += linked_files(item, episode.number, lines)
        for person in guests:
            people.setdefault(person.name, person)
    return ImportResult(
        episodes=tuple(episodes.values()), people=tuple(people.values()), problems=tuple(problems), links=tuple(links)
    )


TRANSCRIPT_TYPES = (
    "application/json",
    "text/vtt",
    "application/x-subrip",
    "application/srt",
    "text/srt",
    "text/html",
    "text/plain",
)
"""Transcript types in the order one is preferred when an item links several: JSON and WebVTT name
their speakers and time every line, SRT times its captions, HTML and text rarely time anything."""


def linked_files(item: Element, number: int, lines: dict[int, int]) -> list[LinkedFile]:
    """The item's chapters file and its best transcript (by TRANSCRIPT_TYPES), for the import command to read."""
    found: dict[str, list[LinkedFile]] = {"transcript": [], "chapters": []}
    for element in item:
        kind = {f"{PODCAST}transcript": "transcript", f"{PODCAST}chapters": "chapters"}.get(element.tag)
        url = (element.get("url") or "").strip()
        if kind and url:
            declared = (element.get("type") or "").split(";")[0].strip().lower()
            found[kind].append(LinkedFile(number, kind, url, declared, lines.get(id(element))))
    transcripts = sorted(found["transcript"], key=lambda link: _preference(link.type))
    return transcripts[:1] + found["chapters"][:1]


def _preference(declared: str) -> int:
    return TRANSCRIPT_TYPES.index(declared) if declared in TRANSCRIPT_TYPES else len(TRANSCRIPT_TYPES)


def episode_from_item(
    item: Element, source: str, line: int | None, host: Person
) -> tuple[Episode | None, list[Person], list[Problem]]:
    """One item as an episode and its guests; None (with a warning at the item's line) when unusable."""
    title = clean_line(item.findtext("title") or "")
    named = repr(title) if title else f"guid {clean_line(item.findtext('guid') or '?')!r}"
    number = episode_number(item)
    date = publication_date(item.findtext("pubDate"))
    if not title or number is None or date is None:
        missing = [
            what
            for what, value in (
                ("<title>", title),
                ("episode number (<podcast:episode> or <itunes:episode>)", number),
                ("valid <pubDate>", date),
            )
            if not value
        ]
        return (
            None,
            [],
            [Problem(source, line, f"item {named} has no {' and no '.join(missing)}; not imported", "warning")],
        )
    audio, problems = enclosure_audio(item, source, line)
    guests, participants = people_of_item(item, host)
    episode = Episode(
        number=number,
        title=title,
        date=date,
        guests=tuple(person.name for person in guests),
        participants=participants,
        description=show_notes_text(_description_html(item)),
        source=source,
        audio=audio,
    )
    return episode, guests, problems


def episode_number(item: Element) -> int | None:
    """<podcast:episode>, else <itunes:episode>, as a whole number from 1."""
    for tag in (f"{PODCAST}episode", f"{ITUNES}episode"):
        text = (item.findtext(tag) or "").strip()
        if text.isdigit() and int(text) > 0:
            return int(text)
    return None


def publication_date(text: str | None) -> dt.date | None:
    """An RFC 822 date ("Mon, 08 Jan 2024 05:00:00 -0500") as the day it names."""
    try:
        return email.utils.parsedate_to_datetime((text or "").strip()).date()
    except (TypeError, ValueError, IndexError):
        return None


def duration_seconds(text: str | None) -> int | None:
    """itunes:duration as seconds: "2417", "40:17" or "1:05:09"; None when it is none of these."""
    parts = (text or "").strip().split(":")
    if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds


def enclosure_audio(item: Element, source: str, line: int | None) -> tuple[Audio | None, list[Problem]]:
    """The item's enclosure as the episode's audio; one a browser cannot play is left out, with a warning."""
    enclosure = item.find("enclosure")
    if enclosure is None:
        return None, []
    url = (enclosure.get("url") or "").strip()
    kind = (enclosure.get("type") or "").split(";")[0].strip().lower()
    if not url.lower().startswith(("https://", "http://")) or any(c.isspace() for c in url):
        return None, [
            Problem(
                source,
                line,
                f"enclosure address {url!r} is not http(s); the episode is imported without audio",
                "warning",
            )
        ]
    if kind not in AUDIO_TYPES:
        return None, [
            Problem(
                source,
                line,
                f"enclosure type {kind!r} is not audio a browser plays ({', '.join(AUDIO_TYPES)}); "
                "the episode is imported without audio",
                "warning",
            )
        ]
    length = (enclosure.get("length") or "").strip()
    return Audio(
        url, kind, int(length) if length.isdigit() else None, duration_seconds(item.findtext(f"{ITUNES}duration"))
    ), []


def people_of_item(item: Element, host: Person) -> tuple[list[Person], tuple[Participant, ...]]:
    """<podcast:person> by role: guests become people with their page; other hosts and crew are
    participants of the episode (the show's own host is declared in podcast.yml)."""
    guests: list[Person] = []
    participants: list[Participant] = []
    for element in item.findall(f"{PODCAST}person"):
        name = clean_line(element.text or "")
        role = clean_line(element.get("role") or "host").lower()  # the namespace's default role
        if not name or name == host.name:
            continue
        if role == "guest":
            href = (element.get("href") or "").strip()
            links = (Link("Website", href),) if href.lower().startswith(("https://", "http://")) else ()
            guests.append(Person(name, links=links))
        else:
            participants.append(Participant(name, "co-host" if role == "host" else role))
    return guests, tuple(participants)


def _description_html(item: Element) -> str:
    for tag in ("description", f"{CONTENT}encoded", f"{ITUNES}summary"):
        text = item.findtext(tag)
        if text and text.strip():
            return text
    return ""


# ---- show notes: HTML made plain text ----

_BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "hr"})
_HIDDEN = frozenset({"script", "style", "template", "noscript", "iframe", "object"})


class _ShowNotesText(HTMLParser):
    """Text of show notes written in HTML: words kept, every tag and script dropped, blocks as paragraphs.
    The episode page escapes it like all source text, so nothing of the feed's markup reaches a browser."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.paragraphs.append([])

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.paragraphs.append([])

    def handle_data(self, data):
        if self.hidden:
            return
        pieces = re.split(r"\n\s*\n", data)  # plain-text notes keep their blank-line paragraphs
        self.paragraphs[-1].append(pieces[0])
        self.paragraphs += [[piece] for piece in pieces[1:]]


def show_notes_text(html: str) -> str:
    """Paragraphs of plain text separated by blank lines, without control characters."""
    reader = _ShowNotesText()
    reader.feed(html)
    reader.close()
    text = "\n\n".join(filter(None, (clean_line("".join(words)) for words in reader.paragraphs)))
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")
