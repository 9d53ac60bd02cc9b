"""Quotations checked against the words they cite.

A course that teaches from transcripts must quote them as they were said: a quotation that
drifts ("often" where the guest said "sometimes") is the kind of slip a new hire repeats to a
customer. Every text in double quotation marks, straight or typographic, in a lesson, a
listening note or a quiz question is looked up in what its citation holds (generator.claims):
the cited turn, any turn of a cited range, or the cited post's title and text.

The comparison ignores case, punctuation, spacing and the kind of quotation marks or
apostrophes; an ellipsis (`...` or `…`) stands for words left out, and words in square brackets
are the author's own (`"[The tension] is a necessary part"`). The words between them must follow
one another in the source, in order. A quotation announced as the source's opening or closing
words ("its closing line: ...", "the first sentence, ...") must also be there.

When the words are not there the problem names the citation and shows the source's closest
passage, so the trainer sees the difference at a glance. Text that is wrong on purpose (a quiz's
wrong options, the statement of a true/false question whose answer is false) may misquote.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, replace

from .claims import CitedText, Claim, cited_text
from .model import Catalogue, Problem

QUOTATION = re.compile(r"\"(?P<straight>[^\"]+)\"|“(?P<curly>[^“”]+)”")
"""Text in double quotation marks, straight or typographic; a quotation stays in its paragraph."""

OMITTED = re.compile(r"\.\s*\.\s*\.|…|\[[^\]]*\]")
"""An ellipsis or the author's words in square brackets: a gap in the quoted words."""

WORD = re.compile(r"\w+(?:['’‘]\w+)*")
"""A word, apostrophes inside it kept (and ignored when words are compared)."""

_POSITIONS = (
    ("end", re.compile(r"\b(?:closing|final|last)\s+(?:line|sentence|words?)\W*$", re.I)),
    ("start", re.compile(r"\b(?:opening|first)\s+(?:line|sentence|words?)\W*$", re.I)),
)
"""Words right before a quotation that say where in the source it stands."""


@dataclass(frozen=True)
class Quotation:
    """One quotation of a claim: the words as written, and the runs of words they must match."""

    written: str  # between the quotation marks, as the trainer wrote it
    offset: int  # where it starts in the claim's text
    runs: tuple[tuple[str, ...], ...]  # normalised words, one run per stretch between gaps
    position: str | None = None  # "start" or "end" when the text says where the source has it


def quotation_problems(claims: list[Claim], catalogue: Catalogue) -> list[Problem]:
    """An error at its line for every quotation of the course whose words its source does not hold."""
    problems = []
    for claim in claims:
        cited = cited_text(claim.source, catalogue)
        if cited is None or claim.wrong_on_purpose:
            continue  # a citation of nothing is the loader's problem; a wrong option may misquote
        for quotation in quotations(claim.text):
            reason = mismatch(quotation, cited)
            if reason:
                problems.append(Problem(claim.path, claim.line_at(quotation.offset), reason))
    return problems


def quotations(text: str) -> list[Quotation]:
    """The quotations of a text, in order; quotation marks around nothing but gaps are skipped."""
    found = []
    for match in QUOTATION.finditer(text):
        written = match.group("straight") or match.group("curly")
        runs = tuple(run for run in (words(part) for part in OMITTED.split(written)) if run)
        if runs:
            found.append(Quotation(written, match.start(), runs, _position(text[: match.start()])))
    return found


def words(text: str) -> tuple[str, ...]:
    """The words of a text as quotations are compared: case, punctuation and apostrophes aside."""
    return tuple(_normal(match.group()) for match in WORD.finditer(text))


def _normal(word: str) -> str:
    return re.sub(r"['’‘]", "", unicodedata.normalize("NFKC", word).casefold())


def _position(before: str) -> str | None:
    sentence = re.split(r"[.!?]\s", before)[-1]
    return next((where for where, pattern in _POSITIONS if pattern.search(sentence)), None)


# ---- matching ------------------------------------------------------------------------------


def mismatch(quotation: Quotation, cited: CitedText) -> str | None:
    """Why the source does not hold the quotation, showing its closest passage; None when it does."""
    if quotation.position:
        return _position_mismatch(quotation, cited)
    if holds([text for _, text in cited.passages], quotation.runs):
        return None
    where, passage = closest_passage(cited, quotation.runs)
    if not passage:
        return f"quotation “{_shortened(quotation.written)}” is not in {cited.label}, which has no words"
    there = f"closest in {where}" if where.startswith("turn") and len(cited.passages) > 1 else "closest passage"
    return f"quotation “{_shortened(quotation.written)}” is not in {cited.label}; {there}: “{passage}”"


def holds(texts: list[str], runs: tuple[tuple[str, ...], ...]) -> bool:
    """True when the runs of words occur in the texts in order, each run unbroken within one text
    (a turn, a title), the gaps between runs of any length."""
    haystack = " " + " | ".join(" ".join(words(text)) for text in texts) + " "
    start = 0
    for run in runs:
        needle = " " + " ".join(run) + " "
        found = haystack.find(needle, start)
        if found < 0:
            return False
        start = found + len(needle) - 1
    return True


def _position_mismatch(quotation: Quotation, cited: CitedText) -> str | None:
    """A quotation said to open or close the source must be in its first or last sentence (of its
    text, not its title)."""
    passages = [text for where, text in cited.passages if where not in ("title", "categories")]
    text = passages[0] if quotation.position == "start" else passages[-1]
    sentences = [s for s in re.split(r"(?<=[.!?…])\s+", text.strip()) if words(s)]
    if not sentences:
        return mismatch(replace(quotation, position=None), cited)  # nothing to open or close on
    sentence = sentences[0] if quotation.position == "start" else sentences[-1]
    if holds([sentence], quotation.runs):
        return None
    said = "opens" if quotation.position == "start" else "closes"
    where = "its first sentence" if quotation.position == "start" else "its last sentence"
    if holds([text for _, text in cited.passages], quotation.runs):
        return (
            f"quotation “{_shortened(quotation.written)}” is in {cited.label}, but not where it {said}: "
            f"{where} is “{_shortened(sentence.strip(), 160)}”"
        )
    return (
        f"quotation “{_shortened(quotation.written)}” is not in {cited.label}; "
        f"{where} is “{_shortened(sentence.strip(), 160)}”"
    )


def closest_passage(cited: CitedText, runs: tuple[tuple[str, ...], ...], context: int = 3) -> tuple[str, str]:
    """(where, text) of the stretch of the source most like the quoted words, as the source has it,
    with a few words of context either side."""
    wanted = [word for run in runs for word in run]
    best = (-1.0, "", "")
    for where, text in cited.passages:
        spans = [(match.start(), match.end(), _normal(match.group())) for match in WORD.finditer(text)]
        for start, end in _windows(spans, wanted):
            score = difflib.SequenceMatcher(None, wanted, [w for _, _, w in spans[start:end]], autojunk=False).ratio()
            if score > best[0]:
                first, last = max(start - context, 0), min(end + context, len(spans))
                shown = text[spans[first][0] : spans[last - 1][1]]
                shown = ("…" if first else "") + shown + ("…" if last < len(spans) else "")
                best = (score, where, re.sub(r"\s+", " ", shown))
    return best[1], best[2]


def _windows(spans: list, wanted: list[str], keep: int = 24) -> list[tuple[int, int]]:
    """(start, end) of the stretches of the source as long as the quotation that share the most
    words with it: only these are compared closely."""
    if not spans:
        return []
    size = min(len(wanted), len(spans))
    wanted_set = set(wanted)
    shared = [1 if word in wanted_set else 0 for _, _, word in spans]
    running = sum(shared[:size])
    counts = [(running, 0)]
    for start in range(1, len(spans) - size + 1):
        running += shared[start + size - 1] - shared[start - 1]
        counts.append((running, start))
    counts.sort(key=lambda item: (-item[0], item[1]))
    return [(start, start + size) for _, start in counts[:keep]]


def _shortened(text: str, limit: int = 80) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
