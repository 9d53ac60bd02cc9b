"""Read one episode page of the client's website (saved as text) into an Episode, its guests and the blog feed.

The page, top to bottom: site header; "E204: Title – Part 1 of 4"; the date; the hook question;
show notes; "Some gems from ..." quotes; promo links; "<Name>'s Bio" and links; "• Show Transcript"
with one indented line per transcript paragraph; the site footer; a feed of recent blog posts
("By Jason Cutter February 19, 2025" + text); "Show More", "Share by:".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model import Episode, ImportResult, Link, Person, Post, Problem, SeriesPart
from .page_text import LONG_DATE, clean_line, first_sentence, normalise_page, parse_long_date
from .turns import participant_problems, participants_of, strip_honorific, turns_from_paragraphs

MAX_NUMBER_DIGITS = 9
"""Digits an episode number may have; Python's int() refuses 4,300 and a show has far fewer episodes."""
EPISODE_TITLE = re.compile(r"^(?:\[E(?P<bracketed>\d+)\]\s*|E(?P<plain>\d+)\s*[:.\-–—]\s*)(?P<title>\S.*)$")
_PART_SUFFIXES = (
    re.compile(r"\s*[–—-]\s*Part (?P<part>\d{1,4})(?: of (?P<parts>\d{1,4}))?$", re.IGNORECASE),
    re.compile(r"\s*\(Part (?P<part>\d{1,4})(?: of (?P<parts>\d{1,4}))?\)$", re.IGNORECASE),
)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SERIES_LENGTH = re.compile(rf"\b(?P<n>\d{{1,4}}|{'|'.join(_NUMBER_WORDS)})-part series\b", re.IGNORECASE)
_GUEST_IN_TITLE = re.compile(
    r"\bwith (?P<names>(?:(?:Dr|Mr|Mrs|Ms|Prof)\. )?[A-Z][\w’'.-]*(?: (?:and |& )?[A-Z][\w’'.-]*)*)$"
)

TRANSCRIPT_START = re.compile(r"^\s*(?:•\s*)?Show Transcript$")
GEMS_HEADING = re.compile(r"^Some gems\b.*$", re.IGNORECASE)
BIO_HEADING = re.compile(r"^(?:(?P<name>[A-Z][\w. ]*?)[’']s )?Bio:?$")
LINKS_HEADING = re.compile(r"^(?:(?P<name>[A-Z][\w. ]*?)[’']s )?Links:?$")
FEED_POST = re.compile(rf"^By (?P<author>[A-Z][\w.’' -]*?) (?P<date>{LONG_DATE})$")

# Site chrome: lines that belong to the website around the episode, never to the episode.
HEADER = re.compile(r"^CUTTER CONSULTING GROUP$")
PROMO_LINES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^Download\b",
        r"\bebooks?$",
        r"^Enroll in\b",
        r"\bOnline (?:Mini-)?Course$",
        r"^Get help with your sales team$",
        r"^Connect with .* on LinkedIn$",
        r"^Book your free\b",
        r"^Sales Power Call with \w+$",
    )
)
FOOTER_LINES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^Become a Certified Authentic Persuader$",
        r"^Get the ebooks to help you close more deals$",
        r"^Visit Selling Effectiveness\b",
        r"^Follow \w+ on LinkedIn$",
        r"^Or go to .*\bHUB\b",
        r"^Show More$",
        r"^Share by:$",
    )
)

_SMALL_TITLE_WORDS = {"a", "an", "the", "of", "in", "is", "as", "to", "for", "and", "or", "on", "at", "by", "with"}


@dataclass(frozen=True)
class EpisodeHeading:
    """What the title line says: number, title without the part suffix, and the part if any."""

    number: int | None  # None when too long to be an episode number (MAX_NUMBER_DIGITS)
    title: str
    part: int | None
    parts: int | None


def is_episode_page(text: str) -> bool:
    """True when one of the first lines is an episode title like "E204: ..." or "[E298] ..."."""
    return _title_line(normalise_page(text).split("\n")) is not None


def parse_episode_page(text: str, source: str, host: Person, host_labels) -> ImportResult:
    """The episode, its guests and the blog posts of one episode page; problems say what is missing."""
    lines = normalise_page(text).split("\n")
    problems: list[Problem] = []
    found = _title_line(lines)
    if found is None:
        return ImportResult(
            problems=(Problem(source, None, 'no recognisable episode title (a line like "E204: Title")'),)
        )
    title_index, heading = found
    if heading.number is None:
        return ImportResult(
            problems=(Problem(source, title_index + 1, f"the episode number has more than {MAX_NUMBER_DIGITS} digits"),)
        )
    date_index, date = _date_after(lines, title_index)
    if date is None:
        # at the line that should have been the date, or at the title when nothing follows it
        return ImportResult(
            problems=(Problem(source, date_index + 1, 'no date (like "January 8, 2024") under the episode title'),)
        )

    transcript_index = next((i for i, line in enumerate(lines) if TRANSCRIPT_START.match(line)), None)
    feed_index = next((i for i, line in enumerate(lines) if FEED_POST.match(line.strip())), len(lines))
    if transcript_index is None:
        problems.append(
            Problem(
                source, None, 'no transcript ("• Show Transcript" section); imported the show notes only', "warning"
            )
        )
        notes_end = _first_footer_line(lines, date_index + 1, feed_index)
        transcript_lines: list[str] = []
        after_transcript = notes_end
    else:
        notes_end = transcript_index
        after_transcript = _end_of_indented_block(lines, transcript_index + 1)
        transcript_lines = lines[transcript_index + 1 : after_transcript]

    notes = _read_notes(lines[date_index + 1 : notes_end])
    guests = _guests(heading.title, notes, host, host_labels)
    series = _series(heading, notes.description)
    paragraphs = [clean_line(line) for line in transcript_lines if line.strip()]
    transcript, label_problems = turns_from_paragraphs(paragraphs, host, host_labels, [g.name for g in guests], source)
    participants = participants_of(transcript, host, [g.name for g in guests])
    problems += label_problems + participant_problems(participants, f"E{heading.number}", source)
    problems += _unrecognised_lines(lines[after_transcript:feed_index], after_transcript, source)

    hook, description = _hook_and_description(notes.description)
    episode = Episode(
        number=heading.number,
        title=heading.title,
        date=date,
        series=series,
        guests=tuple(g.name for g in guests),
        participants=participants,
        hook=hook,
        description=description,
        quotes=tuple(_unquote(q) for q in notes.gems),
        transcript=transcript,
        source=source,
    )
    posts, feed_problems = posts_from_feed(lines[feed_index:], source, feed_index + 1)
    return ImportResult(
        episodes=(episode,), people=tuple(guests), posts=posts, problems=tuple(problems + feed_problems)
    )


# ---- the heading ----


def _title_line(lines: list[str]) -> tuple[int, EpisodeHeading] | None:
    """The episode title among the first few non-empty lines (after the site header)."""
    candidates = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()][:5]
    for index, line in candidates:
        match = EPISODE_TITLE.match(line)
        if match:
            digits = match.group("bracketed") or match.group("plain")
            number = int(digits) if len(digits) <= MAX_NUMBER_DIGITS else None  # int() refuses 4,300 digits
            return index, _split_part_suffix(number, match.group("title").strip())
    return None


def _split_part_suffix(number: int | None, title: str) -> EpisodeHeading:
    """The title without its part suffix; a suffix that is the whole title or names no real part
    ("Part 0", "Part 3 of 2") stays in the title, since check refuses such a series."""
    for suffix in _PART_SUFFIXES:
        match = suffix.search(title)
        if match and title[: match.start()].strip():
            part, parts = int(match.group("part")), int(match.group("parts") or 0) or None
            if part >= 1 and (parts is None or part <= parts):
                return EpisodeHeading(number, title[: match.start()].strip(), part, parts)
    return EpisodeHeading(number, title, None, None)


def _date_after(lines: list[str], title_index: int):
    for index in range(title_index + 1, min(len(lines), title_index + 6)):
        if lines[index].strip():
            return index, parse_long_date(lines[index])
    return title_index, None


def _series(heading: EpisodeHeading, description: list[str]) -> SeriesPart | None:
    parts = heading.parts
    if parts is None:
        for paragraph in description:
            match = _SERIES_LENGTH.search(paragraph)
            if match:
                n = match.group("n").lower()
                parts = int(n) if n.isdigit() else _NUMBER_WORDS[n]
                if parts < (heading.part or 1):  # "a 0-part series", or part 3 of a "two-part series"
                    parts = None
                break
    if heading.part is None and parts is None:
        return None
    return SeriesPart(heading.title, heading.part, parts)


# ---- show notes, gems, bio, links ----


@dataclass
class ShowNotes:
    """The lines between the date and the transcript, sorted by the heading they sit under."""

    description: list[str] = field(default_factory=list)  # hook first, when it is a question
    gems: list[str] = field(default_factory=list)
    bio: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    bio_name: str | None = None  # "Kwame" from "Kwame’s Bio:"


def _read_notes(lines: list[str]) -> ShowNotes:
    """Sort the lines between date and transcript into sections; each non-empty line is a paragraph."""
    notes = ShowNotes()
    current = notes.description
    for raw in lines:
        line = clean_line(raw)
        if not line or HEADER.match(line):
            continue
        if any(p.search(line) for p in PROMO_LINES):
            current = notes.description  # whatever follows a promo block is read as notes, never dropped
            continue
        if GEMS_HEADING.match(line):
            current = notes.gems
        elif match := BIO_HEADING.match(line):
            current, notes.bio_name = notes.bio, match.group("name")
        elif LINKS_HEADING.match(line):
            current = notes.links
        else:
            current.append(line)
    return notes


def _hook_and_description(paragraphs: list[str]) -> tuple[str, str]:
    """The hook is the question the notes open with; the rest are the show notes."""
    if paragraphs and paragraphs[0].endswith("?"):
        return paragraphs[0], "\n\n".join(paragraphs[1:])
    return "", "\n\n".join(paragraphs)


def _unquote(text: str) -> str:
    """A gem without the curly (or straight) quotes around it."""
    if len(text) >= 2 and text[0] in '“"' and text[-1] in '”"':
        return text[1:-1].strip()
    return text


def _guests(title: str, notes: ShowNotes, host: Person, host_labels) -> list[Person]:
    """Guests named in the title ("... with Kwame Christian"), or else by the bio; never the host."""
    names = _names_in_title(title)
    if not names and notes.bio and notes.bio_name:
        names = [_full_name_from_bio(notes.bio_name, notes.bio[0])]
    host_names = {host.name, *host_labels}
    names = [n for n in names if n not in host_names and strip_honorific(n) not in host_names]
    return [_guest(name, notes, only_guest=len(names) == 1) for name in names]


def _guest(name: str, notes: ShowNotes, only_guest: bool) -> Person:
    """The page's bio and links belong to the guest its heading names ("Peter’s Bio"), or to the only guest."""
    if not notes.bio or not (only_guest or notes.bio_name in name.split()):
        return Person(name)
    return Person(name, "\n\n".join(notes.bio), parse_links("\n".join(notes.links)))


def _names_in_title(title: str) -> list[str]:
    match = _GUEST_IN_TITLE.search(title)
    if not match:
        return []
    return [n.strip() for n in re.split(r" (?:and|&) ", match.group("names")) if n.strip()]


def _full_name_from_bio(first_name: str, first_paragraph: str) -> str:
    match = re.match(rf"({re.escape(first_name)}(?: [A-Z][\w’'-]+)*)", first_paragraph)
    return match.group(1) if match else first_name


_LINK_LABELS = {
    "linkedin": "LinkedIn",
    "website": "Website",
    "twitter": "Twitter",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "podcast": "Podcast",
    "book": "Book",
}


def parse_links(text: str) -> tuple[Link, ...]:
    """Labelled URLs, also when label and URL run together ("Websitehttps://...")."""
    links = []
    previous_end = 0
    for match in re.finditer(r"https?://[^\s<>\"]+", text):
        label = text[previous_end : match.start()].strip().split("\n")[-1].strip(" :–-")
        links.append(Link(_LINK_LABELS.get(label.lower(), label or "Link"), match.group(0)))
        previous_end = match.end()
    return tuple(links)


# ---- what follows the transcript: footer and blog feed ----


def _end_of_indented_block(lines: list[str], start: int) -> int:
    """The transcript is the indented lines after its marker; it ends at the first unindented line."""
    for index in range(start, len(lines)):
        if lines[index].strip() and not lines[index][:1].isspace():
            return index
    return len(lines)


def _first_footer_line(lines: list[str], start: int, end: int) -> int:
    for index in range(start, end):
        if any(p.match(clean_line(lines[index])) for p in FOOTER_LINES):
            return index
    return end


def _unrecognised_lines(lines: list[str], offset: int, source: str) -> list[Problem]:
    """Lines between transcript and feed that are not known footer chrome: say so rather than drop them quietly."""
    problems = []
    for index, raw in enumerate(lines):
        line = clean_line(raw)
        if line and not any(p.match(line) for p in FOOTER_LINES + PROMO_LINES):
            problems.append(
                Problem(
                    source,
                    offset + index + 1,
                    f"line after the transcript not recognised, not imported: {line[:60]!r}",
                    "warning",
                )
            )
    return problems


def posts_from_feed(lines: list[str], source: str, first_line: int = 1) -> tuple[tuple[Post, ...], list[Problem]]:
    """Blog posts of the "By <author> <date>" feed; each post's title runs into its first sentence.
    A post dated with no real date ("February 30, 2024") is skipped with a warning at its line."""
    posts: list[Post] = []
    problems: list[Problem] = []
    current: tuple[str, dt.date, list[str]] | None = None
    for number, raw in enumerate(lines + ["Show More"], start=first_line):
        line = clean_line(raw)
        match = FEED_POST.match(line)
        if (match or any(p.match(line) for p in FOOTER_LINES)) and current:
            author, date, body_lines = current
            if body_lines:
                title, body = split_run_in_title(" ".join(body_lines))
                posts.append(Post(title=title, date=date, body=body, author=author, source=source))
            current = None
        if match:
            posted = parse_long_date(match.group("date"))
            if posted is None:
                problems.append(
                    Problem(
                        source,
                        number,
                        f"feed post dated {match.group('date')!r}, which is not a real date; skipped",
                        "warning",
                    )
                )
            else:
                current = (match.group("author"), posted, [])
        elif line and current:
            current[2].append(line)
    return tuple(posts), problems


def split_run_in_title(text: str) -> tuple[str, str]:
    """ "The Abundance of Options Today we all ..." -> ("The Abundance of Options", "Today we all ...").

    The title is the leading run of Capitalised and small joining words; the body starts at the
    run's last capitalised word. A run too short to be a title means the post has no separate
    title: its first sentence names it and the body is the whole text.
    """
    words = text.split(" ")
    run_end = 0
    while run_end < len(words) and (words[run_end][:1].isupper() or words[run_end] in _SMALL_TITLE_WORDS):
        run_end += 1
    last_capital = max((i for i in range(run_end) if words[i][:1].isupper()), default=0)
    title_words = words[:last_capital]
    if len(title_words) < 2:
        return first_sentence(text), text
    return " ".join(title_words), " ".join(words[last_capital:])
