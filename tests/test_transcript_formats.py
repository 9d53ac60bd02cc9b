"""Timed transcript formats read into turns (issue 14): WebVTT, SRT, Podcasting 2.0 JSON and HTML,
plain text with labels, and JSON chapters; bad input refused at its line.

The small files here are written in each format's documented shape (the Podcasting 2.0
transcripts spec's own snippets for JSON and HTML, W3C WebVTT, SubRip), with the sample's host
and guest; every expectation is written by hand from the file above it.
"""
from __future__ import annotations

import pytest

from generator.importers import importer_for, parse_source
from generator.importers.turns import PARAGRAPH_PAUSE, turns_from_cues
from generator.model import Chapter, Person, Turn

HOST = Person("Jason Cutter")
LABELS = ("Jason",)
GUESTS = ["Kwame Christian"]


def read(text: str, name: str = "e204.x"):
    """(turns, every problem as text) of a transcript file of the sample's E204."""
    result = parse_source(text, name, HOST, LABELS)
    turns, problems = turns_from_cues(result.cues, HOST, LABELS, GUESTS, name)
    return turns, [str(p) for p in (*result.problems, *problems)]


VTT = """WEBVTT
Kind: captions

NOTE exported by an editing tool

1
00:00:00.000 --> 00:00:03.500 align:start
<v Jason>Welcome to the sales experience podcast.

2
00:00:03.500 --> 00:00:06.000
<v Jason>On today&rsquo;s episode I have Kwame &amp; his book.

00:00:06.000 --> 00:00:08.000
<v.loud Kwame Christian>Hey Jason, <i>thanks</i> for having me.</v>

00:00:08.000 --> 00:00:10.000
Jason: So I say this about all my guests.

00:00:13.000 --> 00:00:15.000
Let’s start there.
"""


def test_webvtt_voices_and_labels_become_turns_with_their_times():
    turns, problems = read(VTT)
    assert problems == []
    assert turns == (
        Turn("Jason Cutter", "Welcome to the sales experience podcast. On today’s episode I have Kwame & his book.",
             start=0.0, end=6.0),
        Turn("Kwame Christian", "Hey Jason, thanks for having me.", start=6.0, end=8.0),
        # 3 s of silence after "guests." (more than PARAGRAPH_PAUSE): a new paragraph of the same turn
        Turn("Jason Cutter", "So I say this about all my guests.\n\nLet’s start there.", start=8.0, end=15.0),
    )
    assert 15.0 - 10.0 > PARAGRAPH_PAUSE


def test_webvtt_with_two_voices_in_one_cue_and_hours_long_timestamps():
    text = ("\ufeffWEBVTT\r\n\r\n101:02:03.250 --> 101:02:05.000\r\n<v Jason>Right.</v>\r\n<v Kwame>Exactly.</v>\r\n\r\n"
            "101:02:05.000 --> 101:02:06.000\r\n<v Kwame>Absolutely</v>\r\n")
    turns, problems = read(text)
    assert problems == []
    start = 101 * 3600 + 2 * 60 + 3.25
    assert turns == (Turn("Jason Cutter", "Right.", start=start, end=start + 1.75),
                     Turn("Kwame Christian", "Exactly. Absolutely", start=start, end=start + 2.75))


SRT = """1
00:00:00,000 --> 00:00:02,760
Jason: Welcome to the <i>sales</i>
experience podcast.

2
00:00:02,760 --> 00:00:06,090
{\\an8}Kwame: Hey Jason,
thanks for having me.

3
00:00:06,090 --> 00:00:11,610
Jason: So I say this about all my guests.

4
00:00:11,610 --> 00:00:13,000
Kwame: Perfect.
"""


def test_srt_labels_open_turns_and_formatting_is_dropped():
    turns, problems = read(SRT)
    assert problems == []
    assert [(t.speaker, t.text, t.start, t.end) for t in turns] == [
        ("Jason Cutter", "Welcome to the sales experience podcast.", 0.0, 2.76),
        ("Kwame Christian", "Hey Jason, thanks for having me.", 2.76, 6.09),
        ("Jason Cutter", "So I say this about all my guests.", 6.09, 11.61),
        ("Kwame Christian", "Perfect.", 11.61, 13.0),
    ]


def test_srt_without_labels_is_all_the_hosts():
    text = "1\n00:00:01,000 --> 00:00:02,000\nWelcome.\n\n2\n00:00:02,000 --> 00:00:03,000\nThis is episode 100.\n"
    turns, problems = read(text)
    assert problems == [] and turns == (Turn("Jason Cutter", "Welcome. This is episode 100.", start=1.0, end=3.0),)


# The Podcasting 2.0 spec's word-level example, with the sample's people
JSON_WORDS = """{
  "version": "1.0.0",
  "segments": [
    {"speaker": "Jason", "startTime": 0.5, "endTime": 0.75, "body": "Let’s"},
    {"speaker": "Jason", "startTime": 1, "endTime": 1.25, "body": "start"},
    {"speaker": "Jason", "startTime": 1.5, "endTime": 2.0, "body": "there"},
    {"speaker": "Jason", "startTime": 2.0, "endTime": 2.1, "body": "."},
    {"speaker": "Jason", "startTime": 2.25, "endTime": 2.5, "body": "Okay?\\n"},
    {"speaker": "Jason", "startTime": 2.6, "endTime": 2.9, "body": "Go."},
    {"speaker": "Kwame Christian", "startTime": 2.75, "endTime": 3.0, "body": "Perfect."}
  ]
}"""


def test_json_word_segments_join_into_turns_and_a_line_break_opens_a_paragraph():
    turns, problems = read(JSON_WORDS)
    assert [t for t in problems if "warning" not in t] == []
    assert turns == (Turn("Jason Cutter", "Let’s start there. Okay?\n\nGo.", start=0.5, end=2.9),
                     Turn("Kwame Christian", "Perfect.", start=2.75, end=3.0))
    # Kwame starts before Jason's last word ends: said, and kept
    assert problems == ["e204.x:10: warning: 1 cue(s) start before the cue before them ends (the first here): "
                        "imported as they are; check the times"]


def test_our_own_transcript_json_reads_back_with_its_paragraphs():
    text = ('{"version": "1.0.0", "segments": [{"speaker": "Jason Cutter", "startTime": 0, "endTime": 4.5, '
            '"body": "First paragraph.\\n\\nSecond one."}, {"speaker": "Kwame Christian", "body": "No times here."}]}')
    turns, problems = read(text)
    assert problems == []
    assert turns == (Turn("Jason Cutter", "First paragraph.\n\nSecond one.", start=0.0, end=4.5),
                     Turn("Kwame Christian", "No times here."))


HTML = """<cite>Jason:</cite>
<time>0:00</time>
<p>Welcome to the sales experience podcast. It&#39;s great &amp; <b>fun</b>.</p>
<cite>Kwame :</cite>
<time>1:02:09</time>
<p>
  Hey Jason, thanks
  for having me.
</p>
<p>A second paragraph.</p>
<script>alert("no")</script>
"""


def test_html_cites_times_and_paragraphs():
    turns, problems = read(HTML)
    assert problems == []
    assert turns == (Turn("Jason Cutter", "Welcome to the sales experience podcast. It's great & fun.", start=0.0),
                     Turn("Kwame Christian", "Hey Jason, thanks for having me.\n\nA second paragraph.", start=3729.0))


TEXT = """Transcript of E204

Jason Cutter (00:00:01):
Welcome to the sales experience podcast.

[00:00:09] Kwame: Hey Jason, thanks for having me.

Jason: So I say this about all my guests.
And I truly mean it.
Kwame: Perfect.
"""


def test_plain_text_with_labels_and_the_times_beside_them():
    turns, problems = read(TEXT)
    assert problems == []
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("Jason Cutter", "Transcript of E204", None),  # unlabelled opening: the host's, as on the pages
        ("Jason Cutter", "Welcome to the sales experience podcast.", 1.0),
        ("Kwame Christian", "Hey Jason, thanks for having me.", 9.0),
        ("Jason Cutter", "So I say this about all my guests. And I truly mean it.", None),
        ("Kwame Christian", "Perfect.", None),
    ]


def test_each_format_is_chosen_by_content_not_by_name():
    chapters = '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}'
    found = {text: importer_for(text).name for text in (VTT, SRT, JSON_WORDS, HTML, TEXT, chapters)}
    assert list(found.values()) == ["WebVTT transcript", "SRT transcript", "JSON transcript", "HTML transcript",
                                    "text transcript", "JSON chapters"]


def test_chapters_in_order_silent_ones_left_out():
    text = """{"version": "1.2.0", "chapters": [
      {"startTime": 0, "title": "Intro"},
      {"startTime": 168.5, "title": "Conflict as an opportunity", "img": "https://example.com/a.jpg"},
      {"startTime": 4826, "img": "https://example.com/paris.jpg", "toc": false},
      {"startTime": 5510}
    ]}"""
    result = parse_source(text, "e204-chapters.json", HOST, LABELS)
    assert result.chapters == (Chapter(0.0, "Intro"), Chapter(168.5, "Conflict as an opportunity"))
    assert [str(p) for p in result.problems] == ["e204-chapters.json:5: warning: chapter 4 has no title; left out"]


# ---- bad input: each at its line ----

@pytest.mark.parametrize("text, expected", [
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne.\n\n00:00:00.500 --> 00:00:03.000\nTwo.\n",
     "e204.x:6: cue starts at 0.5 s, before the cue at line 3 (1 s): cues must be in the order they are heard"),
    ("WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nOne.\n",
     "e204.x:3: not a cue: no timing line like '00:01:02.000 --> 00:01:05.000' before '00:00:01.000 -> 00:00:02.000'"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:61.000\nOne.\n",
     "e204.x:3: malformed timing line '00:00:01.000 --> 00:00:61.000': expected '00:01:02.000 --> 00:01:05.000'"),
    ("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nOne.\n", "e204.x:3: cue ends (2 s) before it starts (5 s)"),
    ("WEBVTT\n\n9999999:00:00.000 --> 9999999:00:01.000\nOne.\n",
     "e204.x:3: start 35999996400.0 s is beyond any recording (over 10,000,000 s)"),
    ("1\r\n00:00:01,000 --> 00:00:02,000\r\nOne.\r\n\r\nTwo without a timing line.\r\n",
     "e204.x:5: not a caption: no timing line like '00:01:02,000 --> 00:01:05,000' before 'Two without a timing line.'"),
    ('{"version": "1.0.0", "segments": [\n  {"speaker": "Jason", "startTime": 1, "body": "One."},\n  {"startTime": NaN, "body": "x"}\n]}',
     "e204.x: not valid JSON: NaN is not a number JSON allows"),
    ('{"version": "1.0.0", "segments": [\n  {"speaker": "Jason", "startTime": 1, "body": "One."},\n  {"startTime": 2 "body": "x"}\n]}',
     "e204.x:3: not valid JSON: Expecting ',' delimiter"),
    ('{"version": "1.0.0", "segments": [\n  {"speaker": "Jason", "startTime": 1, "body": "One."},\n  {"startTime": "0:02", "body": "x"}\n]}',
     'e204.x:3: segment 2: startTime must be a number of seconds, not "0:02"'),
    ("<cite>Jason:</cite>\n<time>soon</time>\n<p>One.</p>\n", "e204.x:2: <time>soon</time> is not a time like 1:02:03 or 4:05"),
])
def test_bad_transcripts_are_refused_at_their_line(text, expected):
    result = parse_source(text, "e204.x", HOST, LABELS)
    assert expected in [str(p) for p in result.problems]
    assert any(p.severity == "error" for p in result.problems)


def test_empty_and_overlapping_cues_are_warnings():
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Jason>One.\n\n00:00:02.000 --> 00:00:05.000\n<v Kwame>Two.\n\n"
            "00:00:05.000 --> 00:00:06.000\n<i> </i>\n")
    turns, problems = read(text)
    assert problems == ["e204.x:6: warning: 1 cue(s) start before the cue before them ends (the first here): "
                        "imported as they are; check the times",
                        "e204.x:9: warning: 1 cue(s) with no words, left out (the first here)"]
    assert [t.text for t in turns] == ["One.", "Two."]


def test_html_entities_are_read_never_expanded_from_a_doctype():
    text = ('<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<cite>Jason:</cite>\n'
            "<p>&secret; &lt;script&gt; &#x41;</p>\n")
    turns, problems = read(text)
    assert problems == [] and turns == (Turn("Jason Cutter", "&secret; <script> A"),)
