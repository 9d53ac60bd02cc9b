"""Read a WebVTT transcript (W3C WebVTT, as Apple Podcasts and most hosts take it) into cues.

Speakers come from voice spans (`<v Jason>Welcome</v>`, the Podcasting 2.0 recommendation) or
from "Name:" labels in the cue text; every other tag (`<c>`, `<i>`, `<b>`, `<u>`, `<lang>`,
`<ruby>`, inner timestamps) is dropped and entities (`&amp;`, `&lt;`, `&nbsp;`) read as the
characters they stand for. NOTE, STYLE and REGION blocks are skipped; a block that is none of
these and has no timing line is an error at its line, since its words would otherwise be lost.
"""

from __future__ import annotations

import html
import re

from ..model import Cue, ImportResult, Problem
from .cues import checked_cues, cue_words, file_lines, numbered_blocks, timed_blocks
from .turns import speaker_label

_SIGNATURE = re.compile(r"^\ufeff?\s*WEBVTT(?:[ \t\r\n]|$)")
_TAG = re.compile(r"<(?P<close>/)?(?P<name>[a-zA-Z]*|\d[^>]*)(?P<rest>[^>]*)>")
EXAMPLE_TIMING = "00:01:02.000 --> 00:01:05.000"
_NON_CUE_BLOCKS = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)")


def is_webvtt(text: str) -> bool:
    """True when the file opens with the WEBVTT signature."""
    return bool(_SIGNATURE.match(text[:64]))


def parse_webvtt(text: str, source: str) -> ImportResult:
    """The file's cues in order, one per speaker within a cue; problems at their lines."""
    blocks = [
        block
        for block in numbered_blocks(file_lines(text))[1:]  # the first block is the WEBVTT header
        if not _NON_CUE_BLOCKS.match(block[1][0])
    ]
    cues: list[Cue] = []
    empty: list[int] = []
    problems: list[Problem] = []
    for line, _, times, payload in timed_blocks(blocks, source, EXAMPLE_TIMING, "cue", problems):
        pieces = voiced_pieces(payload)
        if not pieces:
            empty.append(line)
        cues += [Cue(words, *times, speaker=voice, line=line) for _, voice, words in pieces]
    return checked_cues(cues, empty, source, problems)


def voiced_pieces(lines: list[tuple[int, str]]) -> list[tuple[int, str | None, str]]:
    """(line, voice, words) of a cue's text: a new piece at each <v Name>, and at each line opening
    with a "Name:" label outside a voice; other tags dropped, entities read."""
    pieces: list[tuple[int, str | None, list[str]]] = []
    voice: str | None = None
    for number, line in lines:
        at_line_start, position = True, 0
        for tag in [*_TAG.finditer(line), None]:
            text = html.unescape(line[position : tag.start() if tag else len(line)])
            if text.strip():
                labelled = at_line_start and voice is None and speaker_label(cue_words(text))[0] is not None
                if not pieces or pieces[-1][1] != voice or labelled:
                    pieces.append((number, voice, []))
                pieces[-1][2].append(text)
                at_line_start = False
            if tag is None:
                break
            position = tag.end()
            if tag["name"] == "v":
                voice = None if tag["close"] else (cue_words(html.unescape(_voice_name(tag["rest"]))) or None)
                if voice is not None:
                    pieces.append((number, voice, []))
        if pieces:
            pieces[-1][2].append(" ")
    return [(number, voice, words) for number, voice, texts in pieces if (words := cue_words("".join(texts)))]


def _voice_name(annotation: str) -> str:
    """The name in a voice tag: `<v Jason>` -> "Jason", `<v.loud Jason Cutter>` -> "Jason Cutter"."""
    if annotation.startswith("."):
        parts = annotation.split(None, 1)
        return parts[1] if len(parts) > 1 else ""
    return annotation
