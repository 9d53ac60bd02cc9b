"""The content model: what a podcast catalogue and an onboarding course are made of.

Every stage speaks these types: importers produce them, loading validates them, renderers,
the index and the MkDocs plugin consume them. This module imports nothing of ours.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property


def slugify(text: str) -> str:
    """A URL- and file-safe id made from a name or title ("Dr. Wayne Baker" -> "dr-wayne-baker")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "untitled"


def paragraphs(text: str) -> list[str]:
    """Source text's paragraphs (separated by blank lines), stripped, empty ones dropped."""
    return [part.strip() for part in text.split("\n\n") if part.strip()]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, reported to a trainer as `path:line: message`."""

    path: str
    line: int | None
    message: str
    # "error" stops a build; "warning" is reported and the build goes on (an import with a
    # warning about its input still exits 1); "notice" only informs (an edit kept on re-import)
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {prefix}{self.message}"


@dataclass(frozen=True)
class Link:
    """A labelled web address, e.g. a guest's website or LinkedIn profile."""

    label: str
    url: str


@dataclass(frozen=True)
class Person:
    """A host or guest; the host is declared once in content/podcast.yml, guests come from pages."""

    name: str
    bio: str = ""
    links: tuple[Link, ...] = ()

    @property
    def id(self) -> str:
        """Stable id used in file names and URLs."""
        return slugify(self.name)


@dataclass(frozen=True)
class Participant:
    """Someone who speaks in one episode without being its guest (a co-host, a producer, a caller):
    named so the transcript's speakers are all declared, without a guest page of their own."""

    name: str
    role: str = ""  # "producer", "co-host", ...; empty when nobody has said


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted stretch of a transcript: the unit that gets anchor `t-N`."""

    speaker: str  # full name of a Person
    text: str
    kind: str = "speech"  # "speech", "ad" (mid-roll read) or "outro"; marked, never dropped
    start: float | None = None  # seconds into the recording, from a timed transcript; None when untimed
    end: float | None = None  # seconds; None when the source gives no end

    def paragraphs(self) -> list[str]:
        """The turn's paragraphs, as the episode page anchors them (`t-N-pK`, K from 1) and the
        index cuts a long turn: one rule, so a search hit and a link land on the same words."""
        return paragraphs(self.text)


TURN_KINDS = ("speech", "ad", "outro")


@dataclass(frozen=True)
class SeriesPart:
    """Where an episode sits in a multi-part conversation; parts is None when the page doesn't say."""

    series: str
    part: int | None = None
    parts: int | None = None

    @property
    def id(self) -> str:
        return slugify(self.series)


AUDIO_TYPES = (
    "audio/mpeg",
    "audio/mp4",
    "audio/x-m4a",
    "audio/aac",
    "audio/ogg",
    "audio/opus",
    "audio/webm",
    "audio/wav",
    "audio/x-wav",
    "audio/flac",
)
"""Audio types a listener's browser can be asked to play in an <audio> element."""


@dataclass(frozen=True)
class Audio:
    """An episode's recording as its feed's enclosure gives it: played on the episode page, never
    fetched before play."""

    url: str  # http(s) address of the file
    type: str  # one of AUDIO_TYPES, given to the player so a browser skips what it cannot play
    length: int | None = None  # bytes, as the feed declares them; None when it does not
    duration_seconds: int | None = None  # from itunes:duration; None when unknown


MAX_SECONDS = 10**7
"""A moment of a recording is fewer seconds than this (115 days): a larger one is a typo or garbage."""


@dataclass(frozen=True)
class Chapter:
    """A titled stretch of the recording (Podcasting 2.0 chapters): listed on the page, seekable."""

    start: float  # seconds into the recording
    title: str


@dataclass(frozen=True)
class Episode:
    """One podcast episode as imported from its page, plus what trainers added (topics)."""

    number: int
    title: str
    date: _dt.date
    series: SeriesPart | None = None
    guests: tuple[str, ...] = ()  # full names of guest Persons
    participants: tuple[Participant, ...] = ()  # other speakers of this episode, not guests
    hook: str = ""  # the question the episode opens with
    description: str = ""  # show notes, paragraphs separated by blank lines
    quotes: tuple[str, ...] = ()  # the page's "gems"
    topics: tuple[str, ...] = ()
    transcript: tuple[Turn, ...] = ()
    source: str = ""  # repository path of the raw page it was imported from
    audio: Audio | None = None  # the recording, from a feed's enclosure
    chapters: tuple[Chapter, ...] = ()  # in order of start

    @property
    def code(self) -> str:
        """The label listeners know the episode by: "E204"."""
        return f"E{self.number}"

    @property
    def slug(self) -> str:
        return f"e{self.number}"


@dataclass(frozen=True)
class Post:
    """A blog post: from the feed under episode pages or from a category archive page."""

    title: str
    date: _dt.date
    body: str  # plain paragraphs separated by blank lines
    author: str | None = None
    categories: tuple[str, ...] = ()
    source: str = ""

    @property
    def slug(self) -> str:
        return f"{self.date.isoformat()}-{slugify(self.title)[:60].rstrip('-')}"


# ---- the onboarding course (loaded and validated by generator.course and generator.quizzes) ----


@dataclass(frozen=True)
class TurnSpan:
    """A run of transcript turns, numbered from 1 as in the page anchors `#t-N`."""

    first: int
    last: int

    def __str__(self) -> str:
        return f"turn {self.first}" if self.first == self.last else f"turns {self.first}-{self.last}"


@dataclass(frozen=True)
class Source:
    """Where a claim comes from: a moment of an episode, or a blog post (by slug)."""

    episode: int | None = None
    turns: TurnSpan | None = None
    post: str | None = None

    def __str__(self) -> str:
        if self.post:
            return f"post {self.post}"
        return f"E{self.episode}" + (f", {self.turns}" if self.turns else "")


@dataclass(frozen=True)
class Listening:
    """Required listening: an episode, and where it matters the span of turns to hear."""

    episode: int
    turns: TurnSpan | None = None
    note: str = ""  # why it is worth the learner's time


@dataclass(frozen=True)
class Option:
    """One answer a learner can pick, with feedback shown when they pick it."""

    id: str
    text: str
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    """One quiz question; which fields matter depends on `type` (see generator.quizzes.QUESTION_TYPES)."""

    id: str
    type: str
    prompt: str
    explanation: str  # shown after answering, whatever the answer
    source: Source  # the moment that answers the question
    options: tuple[Option, ...] = ()  # single, multiple, truefalse (true/false made by the loader)
    answer: tuple[str, ...] = ()  # ids of the correct options
    items: tuple[str, ...] = ()  # ordering: the items in their correct order
    model_answer: str = ""  # open: what a good answer says
    rubric: tuple[str, ...] = ()  # open: points the learner checks their answer against
    line: int = field(default=0, compare=False)  # where the question starts in its quiz file


@dataclass(frozen=True)
class Quiz:
    """A module's self-graded quiz."""

    module: str
    pass_mark: int  # percent of questions right needed to pass
    shuffle: bool  # shuffle questions and options in the browser
    questions: tuple[Question, ...]
    version: str  # content hash: results saved against another version are shown as out of date
    path: str = ""


@dataclass(frozen=True)
class Lesson:
    """A lesson page written in Markdown; `[E227, turns 31-34]` in the text cites a moment."""

    id: str
    title: str
    body: str  # Markdown, citations still in their bracket form
    path: str = ""
    body_line: int = 1
    """The line of the file where `body` starts, so a problem found in the body names its line."""


@dataclass(frozen=True)
class Module:
    """One step of the onboarding path."""

    id: str
    title: str
    summary: str
    objectives: tuple[str, ...]
    lessons: tuple[Lesson, ...]
    listening: tuple[Listening, ...]
    quiz: Quiz | None
    done: str = "lessons and quiz"  # what makes it done for a learner (generator.course.DONE_RULES)


@dataclass(frozen=True)
class Cue:
    """One stretch of a transcript file as the file gives it (a WebVTT or SRT cue, a JSON segment,
    an HTML or text paragraph), before its speaker is matched to the episode's people and the
    cues are joined into turns."""

    text: str  # the words, markup removed; may still open with a "Name:" label
    start: float | None = None  # seconds into the recording; None when the file gives no time
    end: float | None = None
    speaker: str | None = None  # the name the file's markup gives (<v Name>, <cite>, "speaker"), as written
    opens_paragraph: bool = False  # the file itself starts a paragraph (or a speaker's new line) here
    line: int | None = None  # where the cue starts in its file, for problems


@dataclass(frozen=True)
class LinkedFile:
    """A file an RSS item points to (<podcast:transcript>, <podcast:chapters>): read by the import
    command, which alone touches files and the network."""

    episode: int  # the number of the item's episode
    kind: str  # "transcript" or "chapters"
    url: str  # as the feed writes it: an http(s) address or a path relative to the feed
    type: str  # the MIME type the feed declares ("text/vtt", "application/json", ...), lower case
    line: int | None = None  # the element's line in the feed


@dataclass(frozen=True)
class ImportResult:
    """What an importer recovered from one source text, with what it had to warn about."""

    episodes: tuple[Episode, ...] = ()
    people: tuple[Person, ...] = ()
    posts: tuple[Post, ...] = ()
    problems: tuple[Problem, ...] = ()
    cues: tuple[Cue, ...] = ()
    """A transcript file's cues: the import gives them to the episode the file is for."""
    chapters: tuple[Chapter, ...] = ()
    """A chapters file's chapters (Podcasting 2.0 JSON chapters), for the episode the file is for."""
    links: tuple[LinkedFile, ...] = ()
    """Transcript and chapter files a feed's items point to, for the import command to read."""


@dataclass(frozen=True)
class Catalogue:
    """Everything loaded from content/: the model the renderers and the index read.

    Frozen: what a stage derives from it (episodes by number, series in part order) is a cached
    property, computed once per catalogue; a copy made with `dataclasses.replace` derives its own.
    What a build knows besides the content (git history, the site's address, the search index)
    is not here: generator.render.context.BuildContext carries it to the renderers.
    """

    host: Person
    show_title: str
    episodes: tuple[Episode, ...] = ()
    people: tuple[Person, ...] = ()
    posts: tuple[Post, ...] = ()
    modules: tuple[Module, ...] = ()  # the onboarding path, in order
    topics: tuple[Topic, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = ()
    """Groups of words that mean the same to a listener (content/synonyms.yml), for every search."""
    host_labels: tuple[str, ...] = ()
    """What transcripts call the host besides their name ("Jason"), from content/podcast.yml."""

    def person(self, name: str) -> Person | None:
        if name == self.host.name:
            return self.host
        return next((p for p in self.people if p.name == name), None)

    def episode(self, number: int | None) -> Episode | None:
        """The episode numbered so; None when there is none, or no number (a source naming a post)."""
        return self.episodes_by_number.get(number) if number is not None else None

    @cached_property
    def episodes_by_number(self) -> dict[int, Episode]:
        """Number -> episode (the first, should two claim a number): every episode page looks up
        the episodes it links, and reading the list each time grew as N squared."""
        found: dict[int, Episode] = {}
        for episode in self.episodes:
            found.setdefault(episode.number, episode)
        return found

    @cached_property
    def series_episodes(self) -> dict[str, list[Episode]]:
        """Series id -> its episodes in part order (unknown parts last, by date): every episode page
        of a series shows its neighbours, and grouping the whole catalogue each time grew as N squared."""
        members: dict[str, list[Episode]] = {}
        for episode in self.episodes:
            if episode.series:
                members.setdefault(episode.series.id, []).append(episode)
        for parts in members.values():
            parts.sort(key=_series_order)
        return members


def _series_order(episode: Episode) -> tuple[bool, int, _dt.date, int]:
    """Parts in order, unknown parts last (by date): the order a listener follows a series in."""
    part = episode.series.part if episode.series else None
    return (part is None, part or 0, episode.date, episode.number)


@dataclass(frozen=True)
class Topic:
    """A browsable subject, declared once in content/topics.yml; its page lists what its query finds."""

    name: str
    description: str
    query: str  # a search query in the syntax of `podcourse search`
    line: int = field(default=0, compare=False)  # where it is declared in content/topics.yml

    @property
    def id(self) -> str:
        return slugify(self.name)
