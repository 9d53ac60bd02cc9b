"""What the property tests (tests/test_properties_*.py) share: Hypothesis profiles, the number of
inputs each test ran, and real files mutated the ways editors, browsers and disks mutate them.

Profiles: `ci` (the default) is derandomized with no example database, so every run of the suite
tries the same inputs and a failure in CI fails the same way on a laptop. `HYPOTHESIS_PROFILE=long`
draws fresh random inputs, LONG_FACTOR times as many, for a longer hunt on a developer's machine.
Settings are given per test (`inputs(n)`), never loaded globally, so the other Hypothesis users of
the suite (Schemathesis in tests/test_serve_openapi.py) keep their own.

Every property test is wrapped in `counted`, and conftest.py prints the inputs each one ran (and
the seconds they took) at the end of the session: a test whose strategy filtered out most of its
inputs would show it there. All four files (profile ci): 21 tests, 5,189 inputs, 9 s inside the
tests, 18 s wall clock and 17 s of CPU on a shared two-core machine (pytest and Hypothesis's own
generation make up the rest).
"""
from __future__ import annotations

import functools
import os
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from sample import ROOT


PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
LONG_FACTOR = 20
"""How many times more inputs each test runs under HYPOTHESIS_PROFILE=long."""

_COMMON = dict(deadline=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
settings.register_profile("podcourse-ci", derandomize=True, database=None, **_COMMON)
settings.register_profile("podcourse-long", derandomize=False, database=None, **_COMMON)
if PROFILE not in ("ci", "long"):
    raise RuntimeError(f"HYPOTHESIS_PROFILE={PROFILE!r}: use ci (the default) or long")


def inputs(max_examples: int) -> settings:
    """The settings of one property test: its number of inputs, scaled up under the long profile."""
    scale = LONG_FACTOR if PROFILE == "long" else 1
    return settings(settings.get_profile(f"podcourse-{PROFILE}"), max_examples=max_examples * scale)


RAN: Counter = Counter()
"""Inputs run, by test (`module::name`): conftest.py prints them after the session."""
SECONDS: Counter = Counter()


def counted(test):
    """Count each input the test runs (place it beneath @given), and the time it spent on them."""
    name = f"{test.__module__}::{test.__name__}"

    @functools.wraps(test)
    def run(*args, **kwargs):
        RAN[name] += 1
        started = time.perf_counter()
        try:
            return test(*args, **kwargs)
        finally:
            SECONDS[name] += time.perf_counter() - started
    return run


# ---------------------------------------------------------------------------------------------
# The sample's real files, and mutations of them
# ---------------------------------------------------------------------------------------------

SOURCES = sorted((ROOT / "content" / "sources").glob("*.txt"))
EPISODE_FILES = sorted((ROOT / "content" / "episodes").glob("*.yml"))
POST_FILES = sorted((ROOT / "content" / "posts").glob("*.md"))
COURSE_FILES = sorted(p for p in (ROOT / "content" / "course").rglob("*") if p.is_file())
QUIZ_FILES = sorted((ROOT / "quizzes").glob("*.yml"))
CONTENT_FILES = (EPISODE_FILES + POST_FILES + COURSE_FILES + QUIZ_FILES
                 + sorted((ROOT / "content" / "people").glob("*.yml"))
                 + [ROOT / "content" / name for name in ("podcast.yml", "topics.yml", "synonyms.yml")])
"""Every file `podcourse check` reads, but the raw source pages (which only `import` reads)."""

SYNTAX = (
    # YAML
    "---", "...", "- ", ": ", ":", "? ", "&a ", "*a", "<<: *a", "!!str ", "!!python/object/apply:os.system ",
    "{", "}", "[", "]", ",", '"', "'", "|", "|-", ">", "#", "%YAML 1.1", "@", "`", "\t", "\\", '"\\0"', '"\\e"',
    "~", "null", "yes", "no", "2024-02-30", "1e999", ".nan", "0x", "  ", "    ",
    # Markdown and HTML
    "*", "_", "**", "# ", "```", "    ", "> ", "1. ", "<script>alert(1)</script>", "](javascript:alert(1))",
    "[E227, turns 1-999]", "[E9999]", "9" * 5000, "[post: nowhere]", "<!--", "&amp;",
    # the page shapes the importers recognise
    "E999: ", "[E999] ", " – Part 2 of 3", "January 8, 2024", "February 30, 2024", "• Show Transcript",
    "Archive for the ‘x’ Category", "By Jason Cutter February 19, 2025", "Kwame: ", "Jason: ", "Bio", "Links",
    "We’ll be right back", "let’s get back to the episode.", "That’s it for part one",
    # characters that have broken text handling before
    "\n", "\r", "\r\n", "\x00", "\x0c", "\x1b", "\ufeff", "\u200b", "\u00a0", "🎉", "\u202e", "e\u0301", "\udcff",
)
"""Snippets a mutation inserts: YAML and Markdown syntax, the importers' own cues, odd characters."""


def _encoded(snippet: str) -> bytes:
    return snippet.encode("utf-8", "surrogatepass")  # "\udcff" stays a broken byte sequence


@st.composite
def mutated(draw, original: bytes, max_mutations: int = 4) -> bytes:
    """The original bytes after 1 to max_mutations edits: a flipped byte, lines deleted or
    duplicated, the file cut short, a syntax snippet or random bytes inserted, a number lengthened."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, max_mutations))):
        kind = draw(st.sampled_from(("flip", "delete lines", "duplicate line", "truncate", "insert syntax",
                                     "insert bytes", "lengthen a number")))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        digits = [i for i in range(at, min(len(data), at + 4000)) if 48 <= data[i] <= 57] if kind == "lengthen a number" else []
        if digits:  # the first number after `at` grows by up to 5,000 digits (int() refuses 4,300)
            data[digits[0]:digits[0]] = b"9" * draw(st.integers(1, 5000))
        elif kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert syntax":
            data[at:at] = _encoded(draw(st.sampled_from(SYNTAX)))
        elif kind == "insert bytes":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            lines = bytes(data).splitlines(keepends=True) or [b""]
            index = draw(st.integers(0, len(lines) - 1))
            if kind == "delete lines":
                del lines[index:index + draw(st.integers(1, 3))]
            else:
                lines.insert(index, lines[index])
            data = bytearray(b"".join(lines))
    return bytes(data)


def mutated_file(paths: list[Path], max_mutations: int = 4):
    """(path, mutated bytes) of one of the files."""
    return st.sampled_from(paths).flatmap(lambda path: mutated(path.read_bytes(), max_mutations).map(
        lambda data: (path, data)))


def as_text(data: bytes) -> str:
    """Bytes as the text a reader is handed: invalid UTF-8 as U+FFFD, as a lenient editor shows it."""
    return data.decode("utf-8", "replace")


YAMLISH = st.lists(st.sampled_from(list("abc01:-?&*!|>#'\"{}[],.%@`~ \t\n\\") + ["  ", "\n  ", "- ", ": "]),
                   max_size=120).map("".join)
"""Text made mostly of YAML's syntax characters, to reach the parser's corners faster than any text."""


# ---------------------------------------------------------------------------------------------
# Scratch repositories
# ---------------------------------------------------------------------------------------------

def tree(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path, with its bytes (symlinks as their target)."""
    found = {}
    for path in sorted(Path(root).rglob("*")):
        if path.is_symlink():
            found[path.relative_to(root).as_posix()] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def line_count(text: str) -> int:
    """Lines an editor shows for the text (a final newline opens one more, empty line)."""
    return text.count("\n") + 1


# ---------------------------------------------------------------------------------------------
# Source pages synthesised from the shapes the importers recognise
# ---------------------------------------------------------------------------------------------

_WORDS = st.sampled_from(("sales", "Ask", "the", "negotiation", "Kwame", "Christian", "Dr.", "with", "and", "?",
                          "Part", "of", "–", "-", ":", "“quote”", "’s", "Bio", "Links", "E12:", "…", "🎉", "Ünïcödé",
                          "مرحبا", "e\u0301", "\u00a0", "Jason", "Cutter", "That’s it for", "Show", "Transcript"))
PHRASE = st.lists(_WORDS, min_size=0, max_size=8).map(" ".join)
"""A few words from the vocabulary of the client's pages (titles, labels, cues), in any order."""

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_REAL_DATE = st.dates().map(lambda date: f"{date:%B} {date.day}, {date.year:04d}")
LONG_DATE = st.one_of(_REAL_DATE, _REAL_DATE, st.builds("{} {}, {}".format, st.sampled_from(_MONTHS + ("Smarch",)),
                                                        st.integers(0, 40), st.integers(0, 99999)))
"""A long-form date line as the pages write it; a third of them impossible (February 30, year 0)."""

EPISODE_NUMBER = st.one_of(st.integers(0, 10_000).map(str), st.integers(0, 10_000).map(str),
                           st.integers(1, 5000).map(lambda n: "1" * n))
"""An episode number's digits: mostly a show's, sometimes thousands (Python's int() refuses 4,300)."""


@st.composite
def episode_page(draw) -> str:
    """An episode page in the client's layout, every part drawn: title line (any number, any title,
    any part suffix), date, notes, gems, bio and links, a transcript of labelled turns, a feed."""
    number = draw(EPISODE_NUMBER)
    title = draw(PHRASE) + draw(st.sampled_from(("", " – Part 2 of 3", " - Part 1", " (Part 3 of 2)", " – Part 0 of 0")))
    opening = draw(st.sampled_from((f"E{number}: {title}", f"[E{number}] {title}", f"E{number} – {title}")))
    lines = ["CUTTER CONSULTING GROUP", "", opening, "", draw(LONG_DATE), "", draw(PHRASE) + "?", ""]
    lines += draw(st.lists(PHRASE, max_size=3))
    if draw(st.booleans()):
        lines += ["Some gems from Part 1:", ""] + [f"“{q}”" for q in draw(st.lists(PHRASE, max_size=3))]
    guest = draw(st.sampled_from(("Kwame", "Dr. Wayne", "Peter", "X")))
    if draw(st.booleans()):
        lines += ["", f"{guest}’s Bio:", "", draw(PHRASE), "", f"{guest}’s Links:", "Website: ",
                  draw(st.sampled_from(("https://example.com/", "javascript:alert(1)", "", "www.x")))]
    if draw(st.booleans()):
        lines += ["", "  • Show Transcript", ""]
        for _ in range(draw(st.integers(0, 6))):
            label = draw(st.sampled_from(("Jason", guest, "Kwame Christian", "", "Narrator")))
            text = draw(PHRASE)
            lines += [f"    {label}: {text}" if label else f"    {text}", ""]
    lines += ["", "Show More"] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 3))):
        lines += [f"By {draw(st.sampled_from(('Jason Cutter', 'A', 'x y')))} {draw(LONG_DATE)}", draw(PHRASE)]
    return "\n".join(lines) + draw(st.sampled_from(("", "\n", "\r\n")))


@st.composite
def category_archive(draw) -> str:
    """A blog category archive in the client's layout: heading, then posts of title, date and body."""
    category = draw(PHRASE)
    lines = [draw(st.sampled_from((f"Archive for the ‘{category}’ Category", f"Archive for the '{category}' Category"))), ""]
    for _ in range(draw(st.integers(0, 4))):
        lines += ["", draw(PHRASE), "", draw(LONG_DATE), ""]
        lines += [item for paragraph in draw(st.lists(PHRASE, max_size=4)) for item in (paragraph, "")]
    return "\n".join(lines)


SOURCE_PAGE = st.one_of(episode_page(), category_archive())


# ---------------------------------------------------------------------------------------------
# Timed transcripts synthesised in each format the importers read
# ---------------------------------------------------------------------------------------------

_LABELS = st.sampled_from(("Jason", "Kwame", "Kwame Christian", "Dr. Wayne", "Sam", "SPEAKER_1", "x", "", ""))
_SECONDS = st.one_of(st.floats(0, 4000, allow_nan=False).map(lambda s: round(s, 3)),
                     st.integers(0, 200 * 3600), st.just(0))
_CUE_WORDS = st.one_of(PHRASE, PHRASE, st.sampled_from(("", " ", "&amp; &lt;b&gt;", "<i>x</i>", "a -> b", "{\\an8}",
                                                        "Remember: this", "Kwame: and", "\n")))


def _clock(seconds: float, decimal: str = ".") -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}{decimal}{round((seconds - whole) * 1000) % 1000:03d}"


@st.composite
def timed_transcript(draw) -> str:
    """A transcript in one of the formats the importers read (WebVTT, SRT, Podcasting 2.0 JSON or
    HTML, labelled text), its cues mostly in order, sometimes shuffled, overlapping, empty,
    hours long; with or without a byte-order mark, LF or CRLF."""
    cues = draw(st.lists(st.tuples(_SECONDS, st.floats(0, 30, allow_nan=False), _LABELS, _CUE_WORDS), max_size=8))
    if draw(st.booleans()):
        cues.sort(key=lambda cue: cue[0])
    fmt = draw(st.sampled_from(("webvtt", "srt", "json", "html", "text")))
    lines: list[str] = []
    if fmt == "webvtt":
        lines = ["WEBVTT", ""]
        for start, length, label, words in cues:
            voice = f"<v {label}>" if label and draw(st.booleans()) else (f"{label}: " if label else "")
            lines += [f"{_clock(start)} --> {_clock(start + length)}", voice + words, ""]
    elif fmt == "srt":
        for number, (start, length, label, words) in enumerate(cues, start=1):
            lines += [str(number), f"{_clock(start, ',')} --> {_clock(start + length, ',')}", (f"{label}: " if label else "") + words, ""]
    elif fmt == "json":
        import json
        segments = [{"speaker": label or None, "startTime": start, "endTime": round(start + length, 3), "body": words}
                    for start, length, label, words in cues]
        lines = [json.dumps({"version": "1.0.0", "segments": segments}, ensure_ascii=False, indent=1)]
    elif fmt == "html":
        for start, _, label, words in cues:
            lines += [f"<cite>{label}:</cite>" if label else "", f"<time>{_clock(start)[:8]}</time>", f"<p>{words}</p>"]
    else:
        for start, _, label, words in cues:
            lines += [f"[{_clock(start)[:8]}] {label}: {words}" if label else words, ""]
    text = draw(st.sampled_from(("\n", "\r\n"))).join(lines)
    return draw(st.sampled_from(("", "\ufeff"))) + text


TIMED_TRANSCRIPT = timed_transcript()
