"""Property tests of the importers (generator/importers/): any text, any bytes, any mutation of the
client's five real pages, pages synthesised in their layout, and timed transcripts synthesised in
every format (and mutated) are read or refused with Problems, never with a traceback; a transcript
read without an error gives turns in time order that check accepts.

Inputs per test and time (profile ci, 2 shared cores), from the session summary of conftest.py:
    9 tests, 2,206 inputs, 3.1 s inside the tests:
    any text 300, mutated real page 151 (one explicit @example), page in the client layout 252
    (two @examples), any bytes decoded 300, normalising twice 300, long date read back 200,
    blocks keep every line 200, transcript in any format 301 (one @example), mutated transcript
    202 (two @examples).
"""
from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from generator.importers import parse_source
from generator.importers.page_text import blocks, clean_line, normalise_page, parse_long_date
from generator.importers.turns import turns_from_cues
from generator.importing import DEFAULT_HOST, DEFAULT_HOST_LABELS, decode_source
from generator.model import MAX_SECONDS, TURN_KINDS, ImportResult, Problem
from generator.yaml_source import CONTROL_CHARACTERS
from properties import SOURCE_PAGE, SOURCES, TIMED_TRANSCRIPT, counted, inputs, line_count, mutated, mutated_file

SHOWN = "content/sources/page.txt"


def imported(text: str) -> ImportResult:
    """What the import command's parsing stage makes of a page's text."""
    return parse_source(text, SHOWN, DEFAULT_HOST, DEFAULT_HOST_LABELS)


def assert_well_formed(result: ImportResult, text: str) -> None:
    """Problems name the source at a line it has, with a known severity; the result is what the
    import command expects (tuples of model objects)."""
    assert isinstance(result, ImportResult)
    for problem in result.problems:
        assert isinstance(problem, Problem) and problem.path == SHOWN and problem.message
        assert problem.severity in ("error", "warning", "notice")
        assert problem.line is None or 1 <= problem.line <= line_count(normalise_page(text)), problem
    if any(p.severity == "error" for p in result.problems):
        return
    for episode in result.episodes:
        assert episode.number >= 0 and isinstance(episode.date, dt.date)


@given(st.text(max_size=2000))
@inputs(300)
@counted
def test_any_text_is_imported_or_refused_with_problems(text):
    """Random text: a traceback here would stop `podcourse import` for a page a trainer pasted."""
    assert_well_formed(imported(text), text)


@given(mutated_file(SOURCES))
@example((SOURCES[0], b"CUTTER CONSULTING GROUP\n\nE204: S"))  # was "no date" at line 4 of 3
@inputs(150)
@counted
def test_a_mutated_real_page_is_imported_or_refused_with_problems(mutation):
    """The client's pages with bytes flipped, lines lost or doubled, cut short or with syntax
    inserted: decoded as the import command decodes them, then parsed; same answer twice."""
    path, data = mutation
    text, problems = decode_source(data, SHOWN)
    assert all(isinstance(p, Problem) for p in problems)
    if text is None:
        assert any(p.severity == "error" for p in problems)
        return
    result = imported(text)
    assert_well_formed(result, text)
    assert imported(text) == result  # deterministic: a re-import of the same page is a no-op


@given(SOURCE_PAGE)
@example("E" + "1" * 4301 + ": A title\n\nJanuary 8, 2024\n")  # was a ValueError from int()
@example("E1: A title (Part 1 of " + "1" * 4301 + ")\n\nJanuary 8, 2024\n")  # the same in the part suffix
@inputs(250)
@counted
def test_a_page_in_the_client_layout_is_imported_or_refused_with_problems(text):
    """Synthesised episode pages and category archives reach past the title and date checks into
    notes, transcripts and feeds, where random text rarely gets."""
    assert_well_formed(imported(text), text)


@given(st.binary(max_size=3000))
@inputs(300)
@counted
def test_any_bytes_are_decoded_to_text_without_control_characters_or_refused(data):
    """decode_source: UTF-8, else Windows-1252 with a warning, else refused; whatever text it gives
    has no control character, since check refuses them in what import writes."""
    text, problems = decode_source(data, SHOWN)
    if text is None:
        assert [p.severity for p in problems] == ["error"]
    else:
        assert not CONTROL_CHARACTERS.search(text) and "\x00" not in text
        assert all(p.severity == "warning" for p in problems)


@given(st.text(max_size=500))
@inputs(300)
@counted
def test_normalising_a_page_twice_changes_nothing_more(text):
    """normalise_page is applied by every importer and again by clean_line: it must be idempotent,
    and its lines carry no trailing blanks and no carriage returns."""
    once = normalise_page(text)
    assert normalise_page(once) == once
    assert "\r" not in once and all(line == line.rstrip() for line in once.split("\n"))
    cleaned = clean_line(text)
    assert cleaned == cleaned.strip() and "  " not in cleaned


@given(st.dates(min_value=dt.date(1, 1, 1)))
@inputs(200)
@counted
def test_a_long_date_reads_back_as_the_date_written(date):
    """Every real date written as the pages write it ("January 8, 2024") is read as that date."""
    assert parse_long_date(f"{date:%B} {date.day}, {date.year:04d}") == date


@given(st.lists(st.text(alphabet=" ab\u00a0", max_size=4), max_size=20))
@inputs(200)
@counted
def test_blocks_keep_every_non_blank_line_in_order(lines):
    """Paragraph splitting loses no text: the blocks together are the non-blank lines."""
    found = blocks(lines)
    assert [line for block in found for line in block] == [line for line in lines if line.strip()]
    assert all(block for block in found)


# ---- timed transcripts (WebVTT, SRT, Podcasting 2.0 JSON and HTML, labelled text) ----

def assert_turns_check_would_pass(result: ImportResult, text: str) -> None:
    """A transcript read without an error gives cues in time order, and turns that check accepts:
    text without control characters, a known kind, times from 0 that never go back, no turn
    ending before it starts."""
    assert_well_formed(result, text)
    if any(p.severity == "error" for p in result.problems):
        return
    starts = [cue.start for cue in result.cues if cue.start is not None]
    assert starts == sorted(starts)
    turns, problems = turns_from_cues(result.cues, DEFAULT_HOST, DEFAULT_HOST_LABELS, ["Kwame Christian"], SHOWN)
    assert all(p.path == SHOWN and p.severity == "warning" for p in problems)
    previous = 0.0
    for turn in turns:
        assert turn.text.strip() and turn.speaker.strip() and turn.kind in TURN_KINDS
        assert not CONTROL_CHARACTERS.search(turn.text) and "\n\n\n" not in turn.text
        if turn.start is not None:
            assert previous <= turn.start < MAX_SECONDS
            previous = turn.start
        if turn.start is not None and turn.end is not None:
            assert turn.end >= turn.start


@given(TIMED_TRANSCRIPT)
@example("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v >x\n")  # a voice tag without a name
@inputs(300)
@counted
def test_a_transcript_in_any_format_is_read_in_order_or_refused_with_problems(text):
    """Synthesised transcripts, in order or not, overlapping, empty, hours long, BOM and CRLF."""
    assert_turns_check_would_pass(imported(text), text)


@given(TIMED_TRANSCRIPT.flatmap(lambda text: mutated(text.encode("utf-8", "surrogatepass"))))
@example(('{"segments": [{"startTime": 1' + "0" * 400 + ', "body": "x"}]}').encode())  # was an OverflowError
@example(b'{"segments": [{"startTime": 1e400, "body": "x"}, {"startTime": -1e400, "body": "y"}]}')  # inf
@inputs(200)
@counted
def test_a_mutated_transcript_is_read_in_order_or_refused_with_problems(data):
    """The same files with bytes flipped, lines lost or doubled, cut short or with syntax inserted."""
    text, _ = decode_source(data, SHOWN)
    if text is not None:
        result = imported(text)
        assert_turns_check_would_pass(result, text)
        assert imported(text) == result
