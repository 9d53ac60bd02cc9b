"""The static search index: every passage of the site, for a host without `podcourse serve`.

CI publishes the site to a static host, where /api/search does not exist. There the search page
(site-overrides/assets/javascripts/search.js) asks Pagefind instead: a chunked index the browser
fetches piece by piece, only the parts a query needs (ARCHITECTURE.md).

Pagefind is fed HTML, one small page per searchable document (episode, lesson, post, quiz) written
into a temporary folder and indexed with one run of its binary: its Python API's
`add_custom_record` costs about 100 ms a record, and 1,000 episodes hold some 32,000 passages,
while indexing HTML takes seconds. The pages are made from the same Documents and Passages as the
Whoosh index (generator.search.index), not scraped from the built site, so both backends search
the same passages: each passage starts with an empty marker element `<i id="pN">`, whose word
position Pagefind keeps (its `anchors`), so the browser maps a match's word position back to the
passage, and through the page's metadata to its anchor (`#t-8`, `#t-8-p2`) and heading.

Left out on purpose: quiz explanations (they give the answers away; the prompt stays) and
everything Pagefind would find in a built page's chrome. Facets are not Pagefind filters: Pagefind
writes its filter index in a different order on every run (a Rust HashMap's), so two builds of the
same content would differ, and a rebuild would not equal a fresh build. They are one small gzipped
table beside the bundle instead (`TABLE_FILE`): every facet value, and per page (by Pagefind's
page id, the name of its fragment) the values it has; the browser filters and counts with it.
The same table carries what the browser needs to read a query as the server does (Pagefind
knows none of it): the filler words a query drops and the trainer's synonyms.
This module knows nothing of Whoosh; the caller hands it the Documents.
"""

from __future__ import annotations

import atexit
import gzip
import hashlib
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import slugify
from ..store import write_atomic
from ..urls import SEARCH_BACKEND, STATIC_SEARCH_BUNDLE
from ..workers import Worker, WorkerFailed
from .analysis import QUERY_FILLER, bare_word
from .fields import topic_key

if TYPE_CHECKING:  # only the shape of what is passed in: importing it would import Whoosh
    from .index import Document, Passage

try:
    PAGEFIND_VERSION = version("pagefind")
except PackageNotFoundError:  # run_pagefind says so when it is needed
    PAGEFIND_VERSION = "missing"
STATIC_BACKEND = {"backend": "static"}
TABLE_FILE = "podcourse-search.gz"
"""In the bundle, gzipped: {"values": [[facet, value, label], ...], "pages": {pagefind page id:
[value index, ...]}, "filler": [word, ...], "coded": [CODED_WORDS], "synonyms": [[word, ...], ...],
"lengths": [the lengths of the WORDS_FILE lists, ...]}."""
FRAGMENT_PREFIX = b"pagefind_dcd"
SOURCES_DIGEST = "podcourse-pages.sha256"
"""In the bundle: the digest of the pages it was made from, so an unchanged bundle is copied."""
KEPT = ("pagefind.js", "pagefind-entry.json")
"""The bundle files search.js uses besides the index itself. Pagefind's own UIs are removed, and its
web worker: search.js runs Pagefind in the page's thread (`noWorker`), one script fewer to fetch."""
BUNDLE_FORMAT = 6
"""Raised when the build writes a bundle differently (2: SCRIPT_GZIPPED; 3: INDEX_LANGUAGE;
4: WORDS_FILE; 5: the parts of joined passages; 6: CODED_WORDS), so that a previous bundle, though made from the
same pages, is not copied (SOURCES_DIGEST counts it)."""
WORDS_FILE = "podcourse-words-{length}.gz"
"""In the bundle, gzipped, one per length: the words of that many letters the pages hold, one a
line, those on most pages first. The page's spelling correction reads the lengths near a word
found nowhere when the word's first letters find no close word (a slip in them: "pshycology",
"cristian"), as the server's corrector reads its whole vocabulary (static-search.js `closestWord`)."""
_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
INDEX_LANGUAGE = "und"
"""The language Pagefind indexes the pages as: "undetermined", for which it has no stemmer, so its
index keeps words as written. Its English stemmer (Snowball) joins words the server's keeps apart
(objections and objectives, person and personal), and a page counted for a word it did not hold
could not be shown: "15 pages" of four, facets and a page 2 that found nothing. search.js looks
for the forms of a word the server's stemmer joins instead (static-search.js `formsOf`)."""
SUBJECT_FILLER = frozenset(
    "tell say says said talk talks talking know want wants need something anything thing things way get got episode"
    " episodes".split()
)
"""Filler words a query drops that still name a subject when searched alone ("talk", "need")."""
CODED_WORDS = tuple(sorted(QUERY_FILLER - SUBJECT_FILLER))
"""The filler words ("the", "that", "of", "you") that the pages write as one Braille character each
(CODE_POINT + 2 x their place here, + 1 capitalised), which Pagefind keeps in a page's text and counts
as a word position but does not index: it indexes letters and digits only. A query drops these
words anyway (`query_rules`), and they are half the words said: indexed, "that" alone filled a
105 KB index chunk at 1,000 episodes, which a first query for "tension", in the same chunk, had
to download. Without them the index is half the size and Pagefind's run shorter. static-search.js
reads the characters back as the words (the table's "coded") and finds a phrase that holds one
by the positions of its other words. SUBJECT_FILLER stays searchable alone."""
CODE_POINT = 0x2801  # Braille patterns: not letters, no space, nothing a transcript says
_CODES = {
    spelling: chr(CODE_POINT + 2 * place + capital)
    for place, word in enumerate(CODED_WORDS)
    for capital, spelling in enumerate((word, word.capitalize()))
}
_PUNCTUATION = "\"'.,;:!?()[]{}“”‘’—–…"
SCRIPT_GZIPPED = "pagefind.js.gz"
"""pagefind.js gzipped (46 KB -> 13 KB), which static-search.js unzips and imports: a static host
that does not compress (`python3 -m http.server`, many object stores) would send the script's full
size, a sixth of a first query's budget. Pagefind ships its wasm and index chunks gzipped for the
same reason. pagefind.js stays beside it for a browser that cannot unzip or run it from memory."""


class StaticIndexFailed(RuntimeError):
    """Pagefind is missing or failed; the message says what it printed."""


@dataclass(frozen=True)
class StaticIndexReport:
    documents: int
    passages: int
    seconds: float
    bundle_bytes: int
    reused: bool = False
    """True when nothing searchable changed and the previous site's bundle was copied."""

    def __str__(self) -> str:
        how = "unchanged, copied" if self.reused else "indexed"
        return (
            f"static search index: {self.passages} passages of {self.documents} pages {how} in "
            f"{self.seconds:.1f} s, {self.bundle_bytes / 1e6:.1f} MB"
        )


Synonyms = Iterable[Iterable[str]]
"""The trainer's groups of words that mean the same (Catalogue.synonyms)."""


def write_static_index(documents: Iterable[Document], site_dir: Path, synonyms: Synonyms = ()) -> StaticIndexReport:
    """Index every passage of `documents` with Pagefind into site_dir/pagefind/, and flag the backend."""
    site_dir = Path(site_dir)
    shutil.rmtree(site_dir / STATIC_SEARCH_BUNDLE, ignore_errors=True)
    report = build_bundle(documents, site_dir / STATIC_SEARCH_BUNDLE, synonyms=synonyms)
    flag_static_backend(site_dir)
    return report


def build_bundle(
    documents: Iterable[Document],
    bundle: Path,
    previous: Path | None = None,
    synonyms: Synonyms = (),
    scratch: Path | None = None,
) -> StaticIndexReport:
    """The Pagefind bundle of `documents`, written to `bundle` (a folder that must not exist yet).

    The pages Pagefind reads are written in a temporary folder under `scratch` (the system's
    temporary folder by default): a caller that may kill this process names a folder it removes.

    Pagefind cannot update a bundle, so any change re-indexes everything (5-7 s of CPU at 1,000
    episodes); but when the pages it would read are the very ones the `previous` bundle was made
    from (a change of a template, a stylesheet, a quiz answer), that bundle is copied instead.
    """
    start = time.perf_counter()
    documents = list(documents)
    with tempfile.TemporaryDirectory(prefix="podcourse-pagefind-", dir=scratch) as folder:
        pages = Path(folder) / "pages"
        pages.mkdir()
        rules = query_rules(synonyms)
        documents_written, passages, digest = write_pages(documents, pages, json.dumps(rules))
        reused = previous is not None and _digest_of(previous) == digest
        if previous is not None and reused:
            shutil.copytree(previous, bundle)
        else:
            run_pagefind(pages, bundle)
            _remove_unused(bundle)
            write_gzipped_script(bundle)
            lengths = write_words(documents, bundle)
            write_table(documents, bundle, {**rules, "lengths": lengths})
            (bundle / SOURCES_DIGEST).write_text(digest + "\n", encoding="utf-8")
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
    return StaticIndexReport(documents_written, passages, round(time.perf_counter() - start, 2), size, reused)


def query_rules(synonyms: Synonyms) -> dict[str, list]:
    """How a query is read, for the browser: the words it drops, the groups of synonyms."""
    return {"filler": sorted(QUERY_FILLER), "coded": list(CODED_WORDS), "synonyms": [list(group) for group in synonyms]}


def write_table(documents: list[Document], bundle: Path, rules: dict[str, list]) -> None:
    """The table (TABLE_FILE) of a fresh bundle: facets keyed by the page ids Pagefind gave, the
    query's rules, and the lengths of the word lists (WORDS_FILE)."""
    page_ids = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(FRAGMENT_PREFIX) :])
        page_ids[json.loads(fragment["meta"]["d"])["id"]] = path.stem
    values: list[list[str]] = []
    numbers: dict[tuple[str, str], int] = {}
    pages: dict[str, list[int]] = {}
    for document in documents:
        for name, value, label in facet_values(document):
            if (name, value) not in numbers:
                numbers[name, value] = len(values)
                values.append([name, value, label])
        pages[page_ids[document.id]] = sorted({numbers[name, value] for name, value, _ in facet_values(document)})
    table = json.dumps(
        {"values": values, "pages": dict(sorted(pages.items())), **rules}, ensure_ascii=False, separators=(",", ":")
    )
    (bundle / TABLE_FILE).write_bytes(gzip.compress(table.encode("utf-8"), mtime=0))


def write_words(documents: list[Document], bundle: Path) -> list[int]:
    """The words of the pages by length (WORDS_FILE), those on most pages first; returns the
    lengths written, which the table lists so that the page asks for no file that is not there."""
    pages_with: Counter[str] = Counter()
    words_of: dict[str, list[str]] = {}  # a token split at spaces -> its words (0.9 s -> 0.4 s at 1,000 episodes)
    for document in documents:
        said = " ".join(block for passage in document.passages for block in searchable_text(document, passage))
        on_page: set[str] = set()
        for token in set(said.lower().split()):  # _LETTERS matches no space: the words of the tokens are the text's
            if token not in words_of:
                words_of[token] = [word for word in map(bare_word, _LETTERS.findall(token)) if len(word) >= 3]
            on_page.update(words_of[token])
        pages_with.update(on_page)
    by_length: dict[int, list[str]] = defaultdict(list)
    for word, _ in sorted(pages_with.items(), key=lambda item: (-item[1], item[0])):
        by_length[len(word)].append(word)
    for length, words in by_length.items():
        text = "\n".join(words).encode("utf-8")
        (bundle / WORDS_FILE.format(length=length)).write_bytes(gzip.compress(text, mtime=0))
    return sorted(by_length)


def write_gzipped_script(bundle: Path) -> None:
    """SCRIPT_GZIPPED beside pagefind.js, the same bytes for the same script (no time stamp)."""
    script = (bundle / "pagefind.js").read_bytes()
    (bundle / SCRIPT_GZIPPED).write_bytes(gzip.compress(script, compresslevel=9, mtime=0))


def _digest_of(bundle: Path) -> str | None:
    try:
        return (bundle / SOURCES_DIGEST).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def flag_static_backend(site_dir: Path) -> None:
    """search/backend.json: the search page asks the static index (`podcourse serve` answers "api")."""
    write_atomic(Path(site_dir) / SEARCH_BACKEND, json.dumps(STATIC_BACKEND) + "\n")


class StaticIndexInBackground:
    """The static index built in a child process while the site's pages render.

    Pagefind takes seconds at 1,000 episodes and needs nothing from the rendered pages, so it runs
    beside the rendering, as the Whoosh index does (generator.search.process). The bundle is written
    into a temporary folder beside the site being built (`.<site>.pagefind-*`: the site's folder
    is emptied when MkDocs starts writing) and moved into the finished site by `move_into`.
    `documents_of` is called in the child: the caller's way to make the Documents (this module does
    not import Whoosh).
    """

    def __init__(
        self,
        documents_of: Callable[[], Iterable[Document]],
        site_dir: Path,
        previous_site: Path | None = None,
        synonyms: Synonyms = (),
    ):
        site_dir = Path(site_dir)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        prefix = f".{site_dir.name}.pagefind-"
        for left in site_dir.parent.glob(prefix + "*"):  # by a build that was killed
            shutil.rmtree(left, ignore_errors=True)
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))
        previous = Path(previous_site) / STATIC_SEARCH_BUNDLE if previous_site is not None else None
        self._worker = Worker(
            _bundle_apart,
            documents_of,
            self.folder / STATIC_SEARCH_BUNDLE,
            previous,
            synonyms,
            name="the Pagefind process",
            own_group=True,
        )  # stopped with Pagefind
        self._outcome: StaticIndexReport | StaticIndexFailed | None = None
        atexit.register(self.cancel)

    def move_into(self, site_dir: Path) -> StaticIndexReport:
        """Wait for the bundle, put it at site_dir/pagefind/ and flag the static backend."""
        report = self.report()
        target = Path(site_dir) / STATIC_SEARCH_BUNDLE
        shutil.rmtree(target, ignore_errors=True)
        os.replace(self.folder / STATIC_SEARCH_BUNDLE, target)
        flag_static_backend(site_dir)
        self._remove_folder()
        return report

    def report(self) -> StaticIndexReport:
        if self._outcome is None:
            try:
                self._outcome = self._worker.result()
            except WorkerFailed as failure:  # StaticIndexFailed says what Pagefind printed
                self._outcome = StaticIndexFailed(
                    failure.text if failure.raised == "StaticIndexFailed" else str(failure)
                )
        if isinstance(self._outcome, StaticIndexFailed):
            self.cancel()
            raise self._outcome
        return self._outcome

    def cancel(self) -> None:
        """Stop the child and Pagefind (the build failed or was interrupted) and remove their output."""
        self._worker.stop(grace=0)
        self._remove_folder()

    def _remove_folder(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        atexit.unregister(self.cancel)


def _bundle_apart(documents_of, bundle: Path, previous: Path | None, synonyms: Synonyms) -> StaticIndexReport:
    """In the worker process, at the build's priority: the bundle and its report.

    Not niced: the build waits for the bundle, and Pagefind's last stage (writing its files) uses
    one core. Yielding the cores to the rendering left that stage alone at the end (measured at
    N = 1000 on 2 cores: 24.9 s against 23.3 s at the same priority, 18.7 s with no static index).
    """
    return build_bundle(documents_of(), bundle, previous, synonyms, scratch=bundle.parent)  # removed by cancel


def write_pages(documents: Iterable[Document], folder: Path, rules: str = "") -> tuple[int, int, str]:
    """One HTML page per document into `folder`; returns (documents, passages, digest of the pages
    and of the query's `rules`, which the bundle's table holds too)."""
    count = passages = 0
    digest = hashlib.sha256(f"pagefind {PAGEFIND_VERSION} format {BUNDLE_FORMAT}\n{rules}\n".encode())
    for count, document in enumerate(documents, start=1):
        page = page_html(document).encode("utf-8")
        (folder / f"{count}.html").write_bytes(page)
        digest.update(b"%d\n" % len(page) + page)
        passages += len(document.passages)
    return count, passages, digest.hexdigest()


def page_html(document: Document) -> str:
    """The page Pagefind indexes for one document: its metadata, then the passages in order.

    The metadata `d` (JSON, left out of the searchable text) is what a result shows: the page's
    summary as /api/search gives it, and per passage [anchor, heading, speakers] (and the seconds
    into the recording where a timed passage starts, as /api/search's `start`); the marker
    `<i id="pN">` opens passage N. Before the first, the names of who speaks on the page: Pagefind
    finds the page by them (the host speaks in every episode and may never say his own name), and
    the browser scores the passages each speaks (search.js `nameWeights`).
    """
    summary = {
        "id": document.id,
        "type": document.type,
        "title": document.title,
        "url": document.url,
        "date": document.date.isoformat() if document.date else None,
        "guests": list(document.guests),
        "topics": list(document.topics),
        "module": document.module,
        "p": [
            [p.anchor, shown_heading(document, p), list(p.speakers)] + ([p.start] if p.start is not None else [])
            for p in document.passages
        ],
        **({"audio": True} if document.audio else {}),  # only where there is a recording: other pages stay as they were
        **({"parts": joined} if (joined := _parts(document)) else {}),
    }
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>',
        _text(coded(document.title)),
        "</title></head><body>",
    ]
    parts.append(
        f'<span data-pagefind-meta="d" data-pagefind-ignore>{_text(json.dumps(summary, ensure_ascii=False))}</span>'
    )
    speakers = sorted({name for passage in document.passages for name in passage.speakers})
    if speakers:  # before the first marker, in no passage: the page is found by who speaks (the speaker field)
        parts.append(f"<p>{_text(', '.join(speakers))}</p>")
    for number, passage in enumerate(document.passages):
        parts.append(f'<i id="p{number}"></i>')
        blocks: list[str | int] = list(searchable_text(document, passage))
        if _in_parts(document, passage):  # the marker `<i id="pNsK">` opens its part K
            blocks = _cut(passage)
        for block in blocks:
            marker = f'<i id="p{number}s{block}"></i>'
            parts.append(f"<p>{_text(coded(block))}</p>" if isinstance(block, str) else marker)
    parts.append("</body></html>")
    return "".join(parts)


def _parts(document: Document) -> dict[str, list]:
    """passage number -> [anchor, start] of each later part of a joined passage (Passage.parts):
    a match found in part K links to its anchor (static-search.js `partAt`)."""
    return {
        str(number): [[anchor, start] for _, anchor, start in passage.parts]
        for number, passage in enumerate(document.passages)
        if _in_parts(document, passage)
    }


def _in_parts(document: Document, passage: Passage) -> bool:
    """Whether the passage is written in its parts: a joined one whose searchable text is its text."""
    return bool(passage.parts) and searchable_text(document, passage) == [passage.text]


def _cut(passage: Passage) -> list[str | int]:
    """A joined passage's text in its parts, each later one after its number (from 1)."""
    offsets = [0] + [offset for offset, _, _ in passage.parts] + [len(passage.text)]
    pieces: list[str | int] = []
    for k, (start, end) in enumerate(itertools.pairwise(offsets)):
        if k:
            pieces.append(k)
        pieces.append(passage.text[start:end].strip())
    return pieces


def coded(text: str) -> str:
    """`text` with each of CODED_WORDS as its character, punctuation kept: "So, the" -> "⠙, ⡍", and
    its spaces and line breaks as one space each (Pagefind reads them alike). Split and looked up,
    not a regular expression: 0.5 s against 1.1 s at 1,000 episodes."""
    words = text.split()
    for at, word in enumerate(words):
        code = _CODES.get(word)
        if code is None:
            core = word.strip(_PUNCTUATION)
            code = _CODES.get(core) if core != word else None
            if code is not None:
                start = word.index(core)
                code = word[:start] + code + word[start + len(core) :]
        if code is not None:
            words[at] = code
    return " ".join(words)


def shown_heading(document: Document, passage: Passage) -> str:
    """A passage's heading in the results, as /api/search shows it (engine._passage_hit): a
    section's own, else who speaks, else the page's title (an episode's summary: "E204: ...")."""
    own = passage.heading if passage.kind == "section" else ""
    return own or ", ".join(passage.speakers) or document.title


def searchable_text(document: Document, passage: Passage) -> list[str]:
    """What of a passage is searchable on a static host, in reading order.

    A quiz passage keeps only its question: its text is the explanation, which gives the answer.
    An episode's "about" passage holds its title (also the page's), hook, notes and quotes. A
    section's heading is searched as the server's `heading` field is, the page's title where the
    section has none of its own: a word only a post's title says finds the post.
    """
    if document.type == "quiz":
        return [passage.heading] if passage.heading else []
    if passage.kind == "about":
        return [b for b in (document.title, passage.notes, *passage.quotes) if b]
    if passage.kind == "section":
        return [b for b in (passage.heading, passage.text) if b]
    return [passage.text] if passage.text else []


def facet_values(document: Document) -> list[tuple[str, str, str]]:
    """(facet, value, label) of a page, as /api/search's facets name and show them."""
    values = [("type", document.type, document.type)]
    values += [("guest", slugify(g), g) for g in document.guests]
    values += [("topic", topic_key(t), t) for t in document.topics]  # "Negotiation" and "negotiations" are one
    if document.module:
        values.append(("module", document.module, document.module_title or document.module))
    if document.date:
        values.append(("year", str(document.date.year), str(document.date.year)))
    return values


def run_pagefind(pages: Path, bundle: Path) -> None:
    """Pagefind's binary (from the `pagefind[extended]` package) over `pages`, writing `bundle`."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(pages),
        "--output-path",
        str(bundle),
        "--force-language",
        INDEX_LANGUAGE,
        "--quiet",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=pages.parent)  # no stray pagefind.yml
    except OSError as error:
        raise StaticIndexFailed(f"cannot run Pagefind: {error}") from error
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (done.stderr or done.stdout).strip()
        if "No module named pagefind" in said:
            said = "the pagefind package is not installed (pip install -e . installs the pinned one)"
        raise StaticIndexFailed(f"Pagefind failed (exit {done.returncode}): {said[-2000:]}")


def _remove_unused(bundle: Path) -> None:
    """Pagefind's UI scripts and styles (400 KB: search.js renders the results itself), its
    worker, and the wasm of languages the index does not hold (a language without a stemmer, as
    INDEX_LANGUAGE, uses the "unknown" one)."""
    languages = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    wasm = {f"wasm.{language['wasm'] or 'unknown'}.pagefind" for language in languages.values()}
    for path in bundle.iterdir():
        unused_ui = path.name.startswith("pagefind-") and path.name not in KEPT
        unused_wasm = path.name.startswith("wasm.") and path.name not in wasm
        if path.is_file() and (unused_ui or unused_wasm):
            path.unlink()


def _text(value: str) -> str:
    return html.escape(value, quote=False)
