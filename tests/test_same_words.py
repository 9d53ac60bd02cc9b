"""Same words, any format (issue 14, part 5): an episode imported from its web page and from a
timed transcript of the same words has the same turns and text, so a lesson's `[E204, turn 12]`
means the same moment whichever file the episode came from.

The timed transcripts are made here from the turns the client's pages give (content/sources/),
the way a transcription tool writes them: one cue per sentence, the speaker named on a turn's
first cue (WebVTT `<v Name>`, SRT "Name:"; JSON names the speaker of every word), a pause before
each paragraph, none inside one. Names are written as the pages' labels write them ("Kwame",
"Dr. Wayne"), so they go through the same matching to full names.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from sample import copy_site
from generator.importers import parse_source
from generator.importers.turns import PARAGRAPH_PAUSE, turns_from_cues
from generator.importing import DEFAULT_HOST, DEFAULT_HOST_LABELS, import_sources
from generator.load import errors, load_catalogue
from generator.model import Turn


SOURCES = sorted((Path(__file__).resolve().parents[1] / "content" / "sources").glob("*.txt"))
PAGES = [path for path in SOURCES if parse_source(path.read_text(encoding="utf-8"), path.name, DEFAULT_HOST,
                                                  DEFAULT_HOST_LABELS).episodes]
SECONDS_A_WORD = 0.4


def page_episode(path: Path):
    return parse_source(path.read_text(encoding="utf-8"), path.name, DEFAULT_HOST, DEFAULT_HOST_LABELS).episodes[0]


def label(name: str) -> str:
    """How a transcription tool's speaker list might name them: the host by the label the show
    uses, a guest by first name (with the honorific, "Dr. Wayne")."""
    if name == DEFAULT_HOST.name:
        return DEFAULT_HOST_LABELS[0]
    words = name.split()
    return " ".join(words[:2]) if words[0].endswith(".") else words[0]


def timed_sentences(turns: tuple[Turn, ...]):
    """(turn index, opens the turn, start, end, sentence) of every sentence, timed as speech."""
    clock = 0.0
    for index, turn in enumerate(turns):
        for k, paragraph in enumerate(turn.text.split("\n\n")):
            clock += PARAGRAPH_PAUSE + 0.5  # a pause before every paragraph
            for s, sentence in enumerate(re.split(r"(?<=[.!?…])\s+", paragraph)):
                length = SECONDS_A_WORD * len(sentence.split())
                yield index, k == 0 and s == 0, round(clock, 3), round(clock + length, 3), sentence
                clock += length


def clock(seconds: float, decimal: str) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}{decimal}{round((seconds - whole) * 1000):03d}"


def as_webvtt(turns) -> str:
    cues = ["WEBVTT", ""]
    for index, opens, start, end, sentence in timed_sentences(turns):
        text = sentence.replace("&", "&amp;").replace("<", "&lt;")
        voice = f"<v {label(turns[index].speaker)}>" if opens else ""
        cues += [f"{clock(start, '.')} --> {clock(end, '.')}", voice + text, ""]
    return "\n".join(cues)


def as_srt(turns) -> str:
    cues = []
    for number, (index, opens, start, end, sentence) in enumerate(timed_sentences(turns), start=1):
        named = f"{label(turns[index].speaker)}: " if opens else ""
        cues += [str(number), f"{clock(start, ',')} --> {clock(end, ',')}", named + sentence, ""]
    return "\r\n".join(cues)


def as_json_words(turns) -> str:
    """Word by word, each word timed and named (the format's finest grain)."""
    segments = []
    for index, _, start, end, sentence in timed_sentences(turns):
        words = sentence.split()
        step = (end - start) / len(words)
        segments += [{"speaker": turns[index].speaker, "startTime": round(start + i * step, 3),
                      "endTime": round(start + (i + 1) * step, 3), "body": word} for i, word in enumerate(words)]
    return json.dumps({"version": "1.0.0", "segments": segments}, ensure_ascii=False, indent=1)


def imported(text: str, episode) -> tuple[Turn, ...]:
    result = parse_source(text, "e.x", DEFAULT_HOST, DEFAULT_HOST_LABELS)
    assert [p for p in result.problems if p.severity == "error"] == []
    turns, _ = turns_from_cues(result.cues, DEFAULT_HOST, DEFAULT_HOST_LABELS, list(episode.guests), "e.x")
    return turns


def words(turns) -> list[tuple[str, str, str]]:
    return [(turn.speaker, turn.kind, turn.text) for turn in turns]


def speaker_runs(turns) -> list[tuple[str, str, str]]:
    """Turns of one speaker and kind in a row as one turn: what a format naming the speaker of every
    word can tell apart (the pages open a new turn wherever they label a speaker again)."""
    runs: list[list[str]] = []
    for turn in turns:
        if runs and runs[-1][:2] == [turn.speaker, turn.kind]:
            runs[-1][2] += "\n\n" + turn.text
        else:
            runs.append([turn.speaker, turn.kind, turn.text])
    return [tuple(run) for run in runs]


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
@pytest.mark.parametrize("fmt", [as_webvtt, as_srt], ids=["webvtt", "srt"])
def test_a_timed_transcript_of_the_same_words_gives_the_same_turns(page, fmt):
    episode = page_episode(page)
    assert len(episode.transcript) >= 2
    turns = imported(fmt(episode.transcript), episode)
    assert words(turns) == words(episode.transcript)
    # each turn starts when its first sentence does, and ends with its last
    sentences = list(timed_sentences(episode.transcript))
    firsts = {index: start for index, opens, start, _, _ in sentences if opens}
    lasts = {index: end for index, _, _, end, _ in sentences}
    assert [(t.start, t.end) for t in turns] == [(firsts[i], lasts[i]) for i in range(len(turns))]


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_word_by_word_json_of_the_same_words_gives_the_same_text(page):
    episode = page_episode(page)
    turns = imported(as_json_words(episode.transcript), episode)
    assert words(turns) == speaker_runs(episode.transcript)


def test_imported_over_the_page_the_episode_keeps_its_turns_and_gains_their_times(tmp_path):
    """Through the import command: E204's page is in the sample; its WebVTT transcript, imported
    on its own (named after the episode), times every turn and leaves words and edits alone;
    check passes and transcript.json carries the times."""
    root = copy_site(tmp_path / "repo")
    path = root / "content" / "episodes" / "e204.yml"
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    episode = page_episode(next(p for p in PAGES if page_episode(p).number == 204))
    vtt = tmp_path / "incoming" / "E204 - Kwame Christian.vtt"
    vtt.parent.mkdir()
    vtt.write_text(as_webvtt(episode.transcript), encoding="utf-8")

    assert [str(p) for p in import_sources([vtt], root)] == []
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [(t["speaker"], t.get("kind"), t["text"]) for t in after["transcript"]] == \
           [(t["speaker"], t.get("kind"), t["text"]) for t in before["transcript"]]
    assert all(isinstance(t["start"], (int, float)) and t["end"] >= t["start"] for t in after["transcript"])
    assert after["topics"] == before["topics"]  # the trainer's field, untouched
    assert (root / "content" / "sources" / vtt.name).read_bytes() == vtt.read_bytes()
    catalogue, problems = load_catalogue(root)
    assert [str(p) for p in errors(problems)] == []
    assert catalogue.episode(204).transcript[1].start == after["transcript"][1]["start"]

    # the page imported again brings the same words without times: the times stay
    page = root / "content" / "sources" / "000_3c2fe57e61de32a4.txt"
    assert [str(p) for p in errors(import_sources([page], root))] == []
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["transcript"] == after["transcript"]
