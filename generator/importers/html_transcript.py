"""Read a Podcasting 2.0 HTML transcript into cues: `<cite>` names the speaker, `<time>` the
moment the monologue starts, `<p>` holds its words.

The format is the low-fidelity one (no end times, often no times at all). Each `<p>` is a
paragraph; one after a `<cite>` opens that speaker's turn. The HTML is only read, never copied:
tags are dropped, entities read, scripts and styles skipped; the words are escaped like all
source text wherever they are shown.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..model import Cue, ImportResult, Problem
from .cues import checked_cues, cue_words, file_lines, seconds_problem, timestamp_seconds

_SIGNATURE = re.compile(r"^\ufeff?\s*<")
_TRANSCRIPT_TAGS = re.compile(r"<(?:cite|time)[\s>]", re.IGNORECASE)
_PARAGRAPH_TAG = re.compile(r"<p[\s>]", re.IGNORECASE)
_HIDDEN = frozenset({"script", "style", "template", "head", "noscript"})
_PARTS = ("cite", "time", "p")


def is_html_transcript(text: str) -> bool:
    """True for markup holding <p> paragraphs and <cite> or <time> elements."""
    return (
        bool(_SIGNATURE.match(text[:64])) and bool(_TRANSCRIPT_TAGS.search(text)) and bool(_PARAGRAPH_TAG.search(text))
    )


class _Monologues(HTMLParser):
    """(line, speaker, time, words) of each <p>, with the <cite> and <time> before it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, tuple[int, str] | None, tuple[int, str] | None, str]] = []
        self.cite: tuple[int, str] | None = None
        self.time: tuple[int, str] | None = None
        self.open: tuple[str, int, list[str]] | None = None  # the element being read: tag, line, text
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _PARTS and not (self.open and self.open[0] == "p"):  # a <cite> inside a <p> is part of its words
            self._close()
            self.open = (tag, self.getpos()[0], [])
        elif tag == "br" and self.open:
            self.open[2].append(" ")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif self.open and tag == self.open[0]:
            self._close()

    def handle_data(self, data):
        if self.open and not self.hidden:
            self.open[2].append(data)

    def _close(self):
        if self.open is None:
            return
        tag, line, texts = self.open
        self.open = None
        text = "".join(texts)
        if tag == "cite":
            self.cite = (line, text)
        elif tag == "time":
            self.time = (line, text)
        else:
            self.found.append((line, self.cite, self.time, text))
            self.cite = self.time = None

    def close(self):
        super().close()
        self._close()


def parse_html_transcript(text: str, source: str) -> ImportResult:
    """One cue per <p>; a <time> that is not a time is an error at its line."""
    reader = _Monologues()
    reader.feed("\n".join(file_lines(text)))
    reader.close()
    if not reader.found:
        return ImportResult(
            problems=(Problem(source, None, "no <p> paragraphs: not a transcript in the Podcasting 2.0 HTML format"),)
        )
    cues: list[Cue] = []
    empty: list[int] = []
    problems: list[Problem] = []
    for line, cite, time, words in reader.found:
        start, time_problem = _start(time, source)
        if time_problem:
            problems.append(time_problem)
            continue
        words = cue_words(words)
        if not words:
            empty.append(line)
            continue
        speaker = cue_words(cite[1]).rstrip(":").strip() if cite else ""
        cues.append(Cue(words, start, None, speaker or None, opens_paragraph=True, line=line))
    return checked_cues(cues, empty, source, problems)


def _start(time: tuple[int, str] | None, source: str) -> tuple[float | None, Problem | None]:
    if time is None or not time[1].strip():
        return None, None
    line, text = time
    seconds = timestamp_seconds(text)
    if seconds is None:
        return None, Problem(source, line, f"<time>{text.strip()[:40]}</time> is not a time like 1:02:03 or 4:05")
    reason = seconds_problem(seconds, "<time>")
    return (None, Problem(source, line, reason)) if reason else (seconds, None)
