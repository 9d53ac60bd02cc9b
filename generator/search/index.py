"""The search index: every passage of the site, built from the model, swapped in atomically.

A listener searching "SMART" must land on the turn where the criteria are listed, not on the top
of a 40 KB page, so the unit of the index is the passage: a transcript turn (short turns joined to
the next ones in a window that keeps the first turn's anchor `t-N`; long turns cut at paragraph
breaks, each piece anchored at its first paragraph `t-N-pK`; a hit links to the turn or paragraph
of the passage its excerpt opens in, Passage.parts), a section of a lesson or post, a
quiz question's prompt, and an episode's title, hook, show notes and quotes as one boosted passage.
Each passage carries what its page is (type, title, guests, topics, module, date) so results can
be grouped by page and counted in facets.

On disk the index is a directory of generations beside the site:

    site-index/
      current.json          {"generation": "gen-..."}; replaced atomically, names the live one
      gen-.../              a complete Whoosh index + manifest.json + documents.json + words.json
      .lock                 one build at a time
      .site.lock            one site build at a time (generator.build)

A build copies the live generation, re-indexes only documents whose content hash changed,
deletes removed ones, and only then points current.json at the new directory. Searchers open
whatever current.json names, so they never see a half-built index, and a build that dies
leaves the old generation served. The site names the generation it was built with
(site/.podcourse-index.json, `pair_site`): `podcourse serve` searches that one, so a site and
its index change together, with the site's one-step swap. A build that fails removes the
generation it made; the next build removes every generation neither live nor paired.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from .. import urls
from ..citations import posts_cited_as_titles
from ..model import Catalogue, Episode, Post, Turn, slugify
from ..store import write_atomic
from ..urls import page_url
from .analysis import TOKEN, bare_word, code_number, term_of
from .fields import FIELD_BOOSTS, NAME_FIELDS, TEXT_FIELDS, topic_key
from .segments import write_segments

SCHEMA_VERSION = 13
"""Bumped whenever the schema or the way documents are cut into passages changes: forces a full
rebuild. 7 was a schema reverted on 2026-11-25: never reuse it; 9: generator.search.analysis;
10: start; 11: an episode's code ("E204") in its summary's title field; 12: parts; 13: a code's
number ("204" of "E204")."""

MIN_WINDOW_WORDS = 40
"""Turns shorter than this ("Right.", "Yeah, absolutely") are joined with the turns after them;
inside a long turn, paragraphs shorter than this are joined with the paragraph after them."""
LONG_TURN_WORDS = 120
"""A turn of more words than this (about what a screen shows at once) and several paragraphs is
cut into passages at paragraph breaks: E100 is one 2,400-word monologue, and a hit in its 18th
paragraph should not send the listener to the top of it."""
POINTER = "current.json"
SITE_POINTER = ".podcourse-index.json"
"""In the built site: {"generation": "gen-..."}, the generation the site was built with."""
MANIFEST = "manifest.json"
DOCUMENTS = "documents.json"
LENGTHS = "lengths.json"
VOCABULARY = "words.json"
SYNONYMS = "synonyms.json"


# ---------------------------------------------------------------------------------------------
# What gets indexed: documents (pages) made of passages
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """One searchable stretch of a page: what a hit highlights and links to."""

    anchor: str  # element id on the page ("t-12", "t-1-p18", a heading's id), "" for the top of the page
    kind: str  # "about" (title, hook, notes, quotes), "transcript" or "section"
    heading: str = ""  # section heading or question prompt, shown above the excerpt
    speakers: tuple[str, ...] = ()
    text: str = ""
    notes: str = ""  # hook and show notes (about passages)
    quotes: tuple[str, ...] = ()
    start: float | None = None  # seconds into the recording where the passage is heard from, when timed
    parts: tuple[tuple[int, str, float | None], ...] = ()
    """Where each later part of a joined passage starts: (character of `text`, anchor, start).
    The paragraphs of a piece of a long turn, the turns of a window: a hit links to the part
    its excerpt opens with, not to a short part before it."""


@dataclass(frozen=True)
class Document:
    """One page of the site as the index sees it: what results are grouped by and facets count."""

    id: str  # "episode:e204", "post:<slug>", "lesson:<module>/<lesson>", "quiz:<module>"
    type: str  # one of DOCUMENT_TYPES
    title: str
    url: str  # site-relative directory URL, "episodes/e204/"
    date: dt.date | None = None
    guests: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    module: str = ""  # course module id
    module_title: str = ""
    episode: int | None = None  # episode number, for related episodes
    passages: tuple[Passage, ...] = ()
    audio: bool = False  # the episode has a recording: its timed hits can play from their moment

    def content_hash(self) -> str:
        """Changes exactly when what would be indexed for this page changes."""
        payload = json.dumps([SCHEMA_VERSION, asdict(self)], default=str, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def summary(self) -> dict:
        """What a searcher needs about the page without reading its passages (documents.json)."""
        return {
            "type": self.type,
            "title": self.title,
            "url": self.url,
            "date": self.date.isoformat() if self.date else None,
            "year": str(self.date.year) if self.date else None,
            "guests": list(self.guests),
            "topics": list(self.topics),
            "module": self.module,
            "module_title": self.module_title,
            "episode": self.episode,
            "audio": self.audio,
        }


def documents_from_catalogue(catalogue: Catalogue) -> list[Document]:
    """Every page worth searching, in a stable order (by id)."""
    documents = [episode_document(e) for e in catalogue.episodes]
    documents += [post_document(p) for p in catalogue.posts]
    for module in catalogue.modules:
        documents += course_documents(module, catalogue)
    return sorted(documents, key=lambda d: d.id)


def episode_document(episode: Episode) -> Document:
    about = Passage(
        anchor="",
        kind="about",
        heading=episode.code,
        text=episode.title,
        notes="\n\n".join(part for part in (episode.hook, episode.description) if part),
        quotes=episode.quotes,
    )
    return Document(
        id=f"episode:{episode.slug}",
        type="episode",
        title=f"{episode.code}: {episode.title}",
        url=page_url(urls.episode(episode)),
        date=episode.date,
        guests=episode.guests,
        topics=episode.topics,
        episode=episode.number,
        passages=(about, *transcript_passages(episode)),
        audio=episode.audio is not None,
    )


def transcript_passages(episode: Episode) -> list[Passage]:
    """Turns as passages; runs of short turns ("Right." "Yeah, exactly.") are joined in windows,
    long turns are cut into pieces of whole paragraphs.

    A turn long enough to stand alone is always its own passage (or passages), so a hit in it
    links to exactly that turn; a window is anchored at its first turn. A turn over LONG_TURN_WORDS
    words with several paragraphs is cut (`long_turn_pieces`); the rule for every anchor is "the
    first element the passage covers": the turn `t-N` for the piece that starts the turn, the
    paragraph `t-N-pK` for the later ones. A passage of several turns or paragraphs records
    where each starts (Passage.parts), and a hit links to the one its excerpt opens in: the
    short paragraph before it would be marked on the page instead. Ad reads and outros are left
    out: a sponsor's script is not what a listener searches for.
    """
    passages: list[Passage] = []
    window: list[tuple[int, Turn]] = []  # (turn number, turn)
    for number, turn in enumerate(episode.transcript, start=1):
        standalone = len(turn.text.split()) >= MIN_WINDOW_WORDS
        if turn.kind != "speech" or standalone:
            passages += _window_passage(window)
            window = []
        if turn.kind != "speech":
            continue
        if standalone:
            passages += _long_turn_passages(number, turn)
            continue
        window.append((number, turn))
        if sum(len(turn.text.split()) for _, turn in window) >= MIN_WINDOW_WORDS:
            passages += _window_passage(window)
            window = []
    return passages + _window_passage(window)


def long_turn_pieces(turn: Turn) -> list[tuple[int, list[str]]]:
    """(first paragraph number from 1, paragraphs) of each piece a turn is indexed as.

    A turn of LONG_TURN_WORDS words or fewer is one piece. A longer one is cut at paragraph
    breaks, one paragraph per piece, except that a paragraph under MIN_WINDOW_WORDS words ("No.",
    a sentence the transcriber broke off) is joined with the ones after it, and a short last
    piece with the one before it. Paragraphs are numbered as the episode page numbers them
    (Turn.paragraphs), so `t-N-pK` is the element the page anchors.
    """
    texts = turn.paragraphs()
    if len(turn.text.split()) <= LONG_TURN_WORDS or len(texts) < 2:
        return [(1, [turn.text])]
    pieces: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for k, paragraph in enumerate(texts, start=1):
        if not current:
            pieces.append((k, current))
        current.append(paragraph)
        if sum(len(p.split()) for p in current) >= MIN_WINDOW_WORDS:
            current = []
    if len(pieces) > 1 and sum(len(p.split()) for p in pieces[-1][1]) < MIN_WINDOW_WORDS:
        pieces[-2][1].extend(pieces.pop()[1])
    return pieces


def _long_turn_passages(number: int, turn: Turn) -> list[Passage]:
    """One passage per piece; only the piece that opens the turn has a time (a turn is timed, its
    paragraphs are not)."""
    passages = []
    for first, texts in long_turn_pieces(turn):
        anchors = [urls.turn_anchor(number) if first == 1 else urls.paragraph_anchor(number, first)]
        anchors += [urls.paragraph_anchor(number, k) for k in range(first + 1, first + len(texts))]
        text, parts = _joined(texts, anchors, [None] * len(texts))  # a turn's paragraphs are not timed
        passages.append(
            Passage(
                anchor=anchors[0],
                kind="transcript",
                heading=turn.speaker,
                speakers=(turn.speaker,),
                text=text,
                start=turn.start if first == 1 else None,
                parts=parts,
            )
        )
    return passages


def _window_passage(window: list[tuple[int, Turn]]) -> list[Passage]:
    if not window:
        return []
    first = window[0][1]
    text, parts = _joined(
        [turn.text for _, turn in window],
        [urls.turn_anchor(number) for number, _ in window],
        [turn.start for _, turn in window],
    )
    return [
        Passage(
            anchor=urls.turn_anchor(window[0][0]),
            kind="transcript",
            heading=first.speaker,
            speakers=tuple(dict.fromkeys(turn.speaker for _, turn in window)),
            text=text,
            start=first.start,
            parts=parts,
        )
    ]


def _joined(
    texts: list[str], anchors: list[str], starts: list[float | None]
) -> tuple[str, tuple[tuple[int, str, float | None], ...]]:
    """The texts joined by blank lines, and (character, anchor, start) of each after the first."""
    parts, at = [], 0
    for number, (text, anchor, start) in enumerate(zip(texts, anchors, starts, strict=True)):
        if number:
            parts.append((at, anchor, start))
        at += len(text) + len(PART_BREAK)
    return PART_BREAK.join(texts), tuple(parts)


PART_BREAK = "\n\n"


def post_document(post: Post) -> Document:
    return Document(
        id=f"post:{post.slug}",
        type="post",
        title=post.title,
        url=page_url(urls.post(post)),
        date=post.date,
        topics=post.categories,
        passages=tuple(
            Passage(
                anchor=anchor,
                kind="section",
                heading=heading or post.title,
                speakers=(post.author,) if post.author else (),
                text=text,
            )
            for anchor, heading, text in markdown_sections(post.body)
        ),
    )


def course_documents(module, catalogue: Catalogue | None = None) -> list[Document]:
    """A module's lessons (one document each) and its quiz's questions (one document).

    Only a question's prompt is indexed: its answer, its options' notes and its explanation stay
    in the quiz, or a search snippet or a topic page would give the answer away. A lesson's
    citation of a post reads as on the page, the post's title (`catalogue`'s), not its slug."""
    documents = [
        Document(
            id=f"lesson:{module.id}/{lesson.id}",
            type="lesson",
            title=lesson.title,
            url=page_url(urls.lesson(module, lesson)),
            module=module.id,
            module_title=module.title,
            passages=tuple(
                Passage(anchor=anchor, kind="section", heading=heading or lesson.title, text=text)
                for anchor, heading, text in markdown_sections(
                    posts_cited_as_titles(lesson.body, catalogue) if catalogue else lesson.body
                )
            ),
        )
        for lesson in module.lessons
    ]
    if module.quiz and module.quiz.questions:
        documents.append(
            Document(
                id=f"quiz:{module.id}",
                type="quiz",
                title=f"Quiz: {module.title}",
                url=page_url(urls.module(module)),  # a quiz is on its module's page, under "Quiz"
                module=module.id,
                module_title=module.title,
                passages=tuple(
                    Passage(
                        anchor=urls.question_anchor(module.id, question.id),  # lands on the question
                        kind="section",
                        heading=question.prompt,
                    )
                    for question in module.quiz.questions
                ),
            )
        )
    return documents


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_CITATION = re.compile(r"\[(E\d+[^\]]*|post:[^\]]*)\]")
_SECTION_WORDS = 250
"""A section longer than this is cut at paragraph breaks, so a hit highlights a readable excerpt."""


def markdown_sections(body: str) -> list[tuple[str, str, str]]:
    """(anchor, heading, text) per heading-led section of a Markdown body.

    The anchor is the id Python-Markdown's toc extension gives the heading; text before the
    first heading has none and links to the top of the page. Citations like `[E227, turn 31]`
    are kept as words (they are what a trainer might search for).
    """
    sections: list[tuple[str, str, list[str]]] = [("", "", [])]
    for line in body.splitlines():
        match = _HEADING.match(line)
        if match:
            heading = match.group(2).strip()
            sections.append((urls.heading_anchor(heading), heading, []))
        else:
            sections[-1][2].append(line)
    result = []
    for anchor, heading, lines in sections:
        for chunk in _paragraph_chunks("\n".join(lines)):
            result.append((anchor, heading, plain_text(chunk)))
    return result


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def plain_text(markdown: str) -> str:
    """Markdown reduced to the words a reader sees: links to their text, no emphasis marks.

    Citations like `[E227, turn 9]` keep their words (a trainer may search for them).
    """
    text = _MARKDOWN_LINK.sub(r"\1", markdown)
    text = _CITATION.sub(r"\1", text)
    return _EMPHASIS.sub("", text)


def _paragraph_chunks(text: str) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if not paragraph:
            continue
        current.append(paragraph)
        if sum(len(p.split()) for p in current) >= _SECTION_WORDS:
            chunks.append("\n\n".join(current))
            current = []
    if current:
        chunks.append("\n\n".join(current))
    return chunks


# ---------------------------------------------------------------------------------------------
# The Whoosh schema
# ---------------------------------------------------------------------------------------------


class _TermFilter(Filter):
    """Each token as generator.search.analysis reads it (`read`: term_of, or bare_word for names)."""

    def __init__(self, read):
        self.read = read

    def __eq__(self, other):
        return type(other) is type(self) and other.read is self.read

    def __call__(self, tokens):
        for token in tokens:
            token.text = self.read(token.text)
            if token.text:
                yield token


class _CodeNumberFilter(Filter):
    """Indexing, a code's number beside it at the same place ("E204" is also "204": analysis.
    code_number). A query's "E204" stays one term, which a page saying "E204" holds."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        for token in tokens:
            yield token
            number = code_number(token.text) if token.mode == "index" else None
            if number:
                token.text = number
                yield token


def passage_schema() -> Schema:
    # Stop words are kept so that a phrase ("the S is for specific") means what it says.
    stemmed = RegexTokenizer(TOKEN) | LowercaseFilter() | _TermFilter(term_of) | _CodeNumberFilter()
    names = RegexTokenizer(TOKEN) | LowercaseFilter() | _TermFilter(bare_word)  # names and topics: never stemmed
    return Schema(
        passage_id=STORED(),  # read from hits only; indexed, its 32,000 one-passage terms were 4.6 MB at 1,000 episodes
        doc_id=ID(stored=True, sortable=True),
        anchor=STORED(),
        kind=ID(stored=True),
        type=ID(stored=True),
        speakers=STORED(),
        start=STORED(),  # seconds into the recording, or None
        parts=STORED(),  # [character, anchor, start] of each later part (Passage.parts)
        **{name: TEXT(analyzer=stemmed, stored=True, field_boost=FIELD_BOOSTS[name]) for name in TEXT_FIELDS},
        **{name: TEXT(analyzer=names, field_boost=FIELD_BOOSTS[name]) for name in NAME_FIELDS},
        topic=TEXT(analyzer=names),
        module=ID,
        year=ID,
        guest_id=KEYWORD(commas=True),  # exact values for filters: slugs
        topic_id=KEYWORD(commas=True),
    )


def passage_fields(document: Document, number: int, passage: Passage) -> dict:
    """The Whoosh fields of one passage (number: its position in the document, for a unique id)."""
    # An episode's code is its about passage's heading ("E204"): searchable with the title.
    title = ": ".join(part for part in (passage.heading, passage.text) if part) if passage.kind == "about" else ""
    text = "" if passage.kind == "about" else passage.text
    quotes = "\n".join(passage.quotes)
    return {
        "passage_id": f"{document.id}#{number}",
        "doc_id": document.id,
        "anchor": passage.anchor,
        "kind": passage.kind,
        "type": document.type,
        "speakers": list(passage.speakers),
        "start": passage.start,
        "parts": [list(part) for part in passage.parts],
        "title": title,
        "heading": passage.heading if passage.kind == "section" else "",
        "quotes": quotes,
        "notes": passage.notes,
        "text": text,
        "guest": " ".join(document.guests),
        "speaker": " ".join(passage.speakers),
        "topic": " ".join(document.topics),
        "module": document.module,
        "year": str(document.date.year) if document.date else "",
        "guest_id": ",".join(slugify(g) for g in document.guests),
        "topic_id": ",".join(topic_key(t) for t in document.topics),
    }


# ---------------------------------------------------------------------------------------------
# The vocabulary: the words themselves, unstemmed, for "did you mean" and prefix* searches
# ---------------------------------------------------------------------------------------------


def passage_words(fields: dict) -> set[str]:
    """The distinct words of a passage's text fields, lower-cased, unstemmed, two letters or more.

    The stemmed index cannot say what a reader typed ("referrals" is stored as "referr"), so each
    generation keeps its words with the number of passages holding them (words.json). This used
    to be a Whoosh field of its own: analysing and writing every text a second time cost 40 % of
    the index build at 1,000 episodes; counting words in a set costs a few per cent.
    """
    words = set()
    for name in TEXT_FIELDS:
        for word in TOKEN.findall(fields.get(name) or ""):
            word = bare_word(word)
            if len(word) >= 2:
                words.add(word)
    return words


def read_vocabulary(generation_dir: Path) -> dict[str, int]:
    """words.json of a generation: word -> how many passages hold it."""
    return json.loads((Path(generation_dir) / VOCABULARY).read_text(encoding="utf-8"))


def _count_words(counts: Counter, fields: dict, sign: int) -> None:
    for word in passage_words(fields):
        counts[word] += sign


# ---------------------------------------------------------------------------------------------
# Building: incremental, atomic
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the build log and for tests."""

    generation: str
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"search index {self.generation}: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged"
        )


def build_index(
    documents: Iterable[Document],
    index_root: Path,
    *,
    full: bool = False,
    publish: bool = True,
    synonyms: Iterable[Iterable[str]] = (),
) -> BuildReport:
    """Bring the index under index_root up to date with `documents`, then make it the live one.

    Only documents whose content hash changed are (re)indexed; `full` starts from nothing.
    `synonyms` (the trainer's groups) go with the generation (synonyms.json): searchers apply
    what the index they read was built with, and a change to them alone makes a new generation.
    With publish=False the new generation is complete on disk but not yet live: the site build
    searches it for topic pages, and publishes it (`publish_generation`) once the site is written.
    """
    index_root = Path(index_root)
    index_root.mkdir(parents=True, exist_ok=True)
    by_id = {d.id: d for d in documents}
    wanted = {doc_id: d.content_hash() for doc_id, d in by_id.items()}
    synonyms = [list(group) for group in synonyms]
    with _build_lock(index_root):
        live = None if full else current_generation(index_root)
        if live and not _readable(index_root / live):
            live = None  # damaged (a segment cut short, its .toc gone): made again from nothing
        old = _read_manifest(index_root / live) if live else None
        same_synonyms = live is not None and read_synonyms(index_root / live) == synonyms
        if old is None or live is None or not (index_root / live / VOCABULARY).is_file():
            live, old = None, {}
        added = tuple(sorted(set(wanted) - set(old)))
        updated = tuple(sorted(i for i in set(wanted) & set(old) if wanted[i] != old[i]))
        removed = tuple(sorted(set(old) - set(wanted)))
        unchanged = len(wanted) - len(added) - len(updated)
        if live and same_synonyms and not (added or updated or removed):
            return BuildReport(live, unchanged=unchanged)
        generation = _new_generation_name(index_root)
        target = index_root / generation
        try:
            _write_generation(
                target, index_root / live if live else None, by_id, wanted, (added, updated, removed), synonyms
            )
        except BaseException:  # a full disk, a kill: no half-written generation left to fill it
            shutil.rmtree(target, ignore_errors=True)
            raise
    report = BuildReport(generation, added, updated, removed, unchanged)
    if publish:
        publish_generation(index_root, generation)
    return report


def _readable(generation_dir: Path) -> bool:
    """Whether Whoosh can open the generation's segments: a copy of a damaged one, brought up to
    date, would carry the damage into every later generation. Whoosh raises whatever its reader
    hits (EOFError, EmptyIndexError, UnpicklingError, ...), so any error means damage."""
    try:
        with whoosh_index.open_dir(str(generation_dir)).reader() as reader:
            reader.doc_count_all()
    except Exception:
        return False
    return True


def _write_generation(
    target: Path,
    live: Path | None,
    documents: dict[str, Document],
    wanted: dict[str, str],
    changes: tuple[tuple, tuple, tuple],
    synonyms: list,
) -> None:
    """A new generation at `target`: a copy of the `live` one brought up to date with the
    (added, updated, removed) documents, or made from nothing; `wanted` is every content hash."""
    added, updated, removed = changes
    if live:
        shutil.copytree(live, target, ignore=shutil.ignore_patterns("*LOCK"))
        os.utime(target)  # copytree copied the old directory's times; this one is new
        ix = whoosh_index.open_dir(str(target))
    else:
        target.mkdir()
        ix = whoosh_index.create_in(str(target), passage_schema())
    words = Counter(read_vocabulary(target)) if live else Counter()
    _write_passages(ix, [documents[i] for i in added + updated], delete=updated + removed, words=words)
    write_atomic(target / VOCABULARY, json.dumps(dict(sorted(words.items())), separators=(",", ":")))
    write_atomic(target / LENGTHS, json.dumps(field_length_averages(ix)))
    write_atomic(target / SYNONYMS, json.dumps(synonyms))
    summaries = {doc_id: documents[doc_id].summary() for doc_id in sorted(documents)}
    write_atomic(target / DOCUMENTS, json.dumps(summaries, indent=0))
    write_atomic(target / MANIFEST, json.dumps({"schema": SCHEMA_VERSION, "documents": wanted}, indent=0))


def pair_site(site_dir: Path, generation: str) -> None:
    """Name in the built site the generation it was built with (SITE_POINTER)."""
    write_atomic(Path(site_dir) / SITE_POINTER, json.dumps({"generation": generation}) + "\n")


def site_generation(site_dir: Path, index_root: Path) -> str | None:
    """The generation the site at site_dir was built with, if it names one that exists."""
    return _named_generation(Path(site_dir) / SITE_POINTER, index_root)


def generation_names(index_root: Path) -> set[str]:
    """The generations on disk under index_root, complete or not."""
    try:
        return {child.name for child in Path(index_root).iterdir() if child.name.startswith("gen-") and child.is_dir()}
    except OSError:
        return set()


def remove_generations_except(index_root: Path, keep: Iterable[str | None]) -> None:
    """Delete every generation but `keep`, whatever its age: for a caller that knows no other
    build is writing one (a failed build's own, or the next build under the site's lock)."""
    index_root = Path(index_root)
    if not index_root.is_dir():
        return
    keep = set(keep)
    with _build_lock(index_root):
        for name in generation_names(index_root) - keep:
            shutil.rmtree(index_root / name, ignore_errors=True)


def site_index_dir(site_dir: Path | str, configured: str | None = None) -> Path:
    """Where a site's index lives: beside the site (site/ -> site-index/) unless configured."""
    site_dir = Path(site_dir)
    if configured:
        return site_dir.parent / configured
    return site_dir.with_name(site_dir.name + "-index")


def publish_generation(index_root: Path, generation: str) -> None:
    """Make `generation` the live index in one step (an atomic rename of current.json)."""
    index_root = Path(index_root)
    with _build_lock(index_root):
        if current_generation(index_root) == generation:
            return
        if not (index_root / generation / MANIFEST).is_file():
            raise FileNotFoundError(f"{index_root / generation}: not a complete index generation")
        previous = current_generation(index_root)
        write_atomic(index_root / POINTER, json.dumps({"generation": generation}))
        _remove_old_generations(index_root, keep={generation, previous})


MERGE_DELETED_SHARE = 0.1
"""Segments are merged (optimize) once deleted passages are more than this share of the index.

Whoosh keeps a deleted passage in its segment, and in the term statistics, until the segment
is merged. Merging everything on every change made the update for one edited episode rewrite
the whole index (37 s at 1000 episodes); merging when deletions pile up bounds how far scores
drift from a full build's (idf counts the deleted passages) at a cost paid once in a while.
"""


def _write_passages(ix, documents: list[Document], delete: tuple[str, ...], words: Counter) -> None:
    """One Whoosh commit: drop stale documents, add fresh ones, in new segments.

    `words` (the vocabulary's counts) loses the words of the dropped passages, read back from
    what the index stores of them, and gains those of the fresh ones: an edit re-reads one
    episode, not the catalogue. Words no passage holds any more leave it.

    A big batch of new passages (a full build) is written by generator.segments, one process
    per core. Otherwise Whoosh's default merge policy folds small segments together as they
    accumulate; the whole index is merged only when deleted passages exceed
    MERGE_DELETED_SHARE of it. Merging copies postings; it does not re-analyse text.
    """
    passages = [
        (document, number, passage) for document in documents for number, passage in enumerate(document.passages)
    ]
    if len(passages) >= PARALLEL_FROM and not delete:
        for share in write_segments(ix, passages, min(usable_cores(), 4), _passage_fields, _words_of):
            words.update(share)
    else:
        _write_one_segment(ix, passages, delete, words)
    for word in [word for word, count in words.items() if count <= 0]:
        del words[word]
    if deleted_share(ix) > MERGE_DELETED_SHARE:
        ix.optimize()


def _write_one_segment(ix, passages: list[tuple], delete: tuple[str, ...], words: Counter) -> None:
    if delete:
        with ix.searcher() as searcher:
            for doc_id in delete:
                for stored in searcher.documents(doc_id=doc_id):
                    _count_words(words, stored, -1)
    writer = ix.writer(limitmb=POOL_MB)
    try:
        for doc_id in delete:
            writer.delete_by_term("doc_id", doc_id)
        for item in passages:
            fields = _passage_fields(item)
            _count_words(words, fields, +1)
            writer.add_document(**fields)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def _passage_fields(item: tuple) -> dict:
    return passage_fields(*item)


def _words_of(passages: list[dict]) -> Counter:
    words: Counter[str] = Counter()
    for fields in passages:
        _count_words(words, fields, +1)
    return words


PARALLEL_FROM = 2000
"""Passages to add from which a build writes them with generator.segments, one process per
core (a full build at 100 episodes adds about 3,000); an edit's few passages go through
Whoosh's own writer, which merges small segments as they pile up."""
POOL_MB = 32
"""Whoosh's in-memory posting pool for an edit's writer (it spills sorted runs to disk past it)."""


def usable_cores() -> int:
    """The CPUs this process may run on (a container's share, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def deleted_share(ix) -> float:
    """The share of the passages Whoosh still holds that are deleted, waiting for a merge."""
    held = ix.doc_count_all()
    return (held - ix.doc_count()) / held if held else 0.0


def field_length_averages(ix) -> dict[str, float]:
    """Average length of each text field, summed passage by passage from what the index stores.

    Whoosh keeps a running total per segment, and a merge re-adds the rounded per-passage
    lengths, so after an incremental build its total drifts from a full build's and so do BM25
    scores. Summing the stored per-passage lengths gives the same figure however the index was
    built; searches score with it (generator.search.ExactLengthBM25F).
    """
    with ix.reader() as reader:
        live = list(reader.all_doc_ids())
        return {
            name: (sum(reader.doc_field_length(d, name) or 0 for d in live) / len(live)) if live else 1.0
            for name in TEXT_FIELDS
        }


def read_synonyms(generation_dir: Path) -> list[list[str]]:
    """synonyms.json of a generation: the trainer's groups it was built with ([] if none)."""
    try:
        return json.loads((Path(generation_dir) / SYNONYMS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []


def read_length_averages(generation_dir: Path) -> dict[str, float]:
    return json.loads((Path(generation_dir) / LENGTHS).read_text(encoding="utf-8"))


def current_generation(index_root: Path) -> str | None:
    """The generation current.json names, if it names a directory that exists."""
    return _named_generation(Path(index_root) / POINTER, index_root)


def _named_generation(pointer: Path, index_root: Path) -> str | None:
    try:
        name = json.loads(pointer.read_text(encoding="utf-8"))["generation"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if (
        not isinstance(name, str)
        or not name.startswith("gen-")
        or "/" in name
        or not (Path(index_root) / name).is_dir()
    ):
        return None
    return name


def _read_manifest(generation_dir: Path) -> dict[str, str] | None:
    """The content hashes a generation was built from; None when unreadable or from another schema."""
    try:
        manifest = json.loads((generation_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("schema") != SCHEMA_VERSION:
        return None
    return manifest.get("documents") or {}


def read_documents(generation_dir: Path) -> dict[str, dict]:
    """documents.json of a generation: page facts by document id."""
    return json.loads((Path(generation_dir) / DOCUMENTS).read_text(encoding="utf-8"))


def _new_generation_name(index_root: Path) -> str:
    name = f"gen-{time.time_ns()}"
    while (index_root / name).exists():
        name = f"gen-{time.time_ns()}"
    return name


STALE_AFTER = 60.0
"""Seconds after which a generation that is neither live nor the one before it is deleted."""


def _remove_old_generations(index_root: Path, keep: set) -> None:
    """Delete generations that are neither live nor the one just replaced.

    The replaced one is kept so a searcher that opened it a moment before the swap can finish;
    anything younger than STALE_AFTER is kept too: it may be another build's, not yet published.
    Leftovers of builds that died go the same way once stale.
    """
    now = time.time()
    for child in index_root.iterdir():
        if (
            child.name.startswith("gen-")
            and child.name not in keep
            and child.is_dir()
            and now - child.stat().st_mtime > STALE_AFTER
        ):
            shutil.rmtree(child, ignore_errors=True)


@contextmanager
def _build_lock(index_root: Path) -> Iterator[None]:
    """One build at a time per index directory (a second build waits)."""
    with open(index_root / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_generation(index_root: Path, generation: str | None = None) -> tuple[str, Any]:  # Whoosh is untyped
    """(name, Whoosh index) of `generation`, by default the live one; FileNotFoundError if none."""
    generation = generation or current_generation(index_root)
    if generation is None or not (Path(index_root) / generation / MANIFEST).is_file():
        raise FileNotFoundError(f"{index_root}: no search index built yet (run `podcourse build`)")
    return generation, whoosh_index.open_dir(str(Path(index_root) / generation))
