"""A back catalogue brought in from a feed and a folder of transcripts (issue 14): the transcripts
and chapters an item links are read from the feed's folder, or fetched with --fetch from a real
(local) web server; their times reach the episode file, check and build; a re-import keeps the
trainer's edits; bad or hostile links are refused at their line and leave what was imported whole.

The feed and files are written here in the shapes hosts publish (RSS 2.0 with Podcasting 2.0
tags, WebVTT, JSON chapters); the expectations are written by hand from them.
"""
from __future__ import annotations

import http.server
import json
import socket
import threading
from pathlib import Path

import pytest
import yaml

from sample import copy_site
from generator import importing
from generator.build import build_site
from generator.cli import main
from generator.fetch import fetch
from generator.importing import episode_number_in_name, import_sources
from generator.load import errors, load_catalogue


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:podcast="https://podcastindex.org/namespace/1.0">
  <channel>
    <title>The Sales Experience Podcast</title>
    <item>
      <title>Closing Without Pressure with Dana Reyes</title>
      <pubDate>Mon, 03 Mar 2025 05:00:00 -0500</pubDate>
      <enclosure url="https://media.example.com/sep/e1300.mp3" length="41234567" type="audio/mpeg"/>
      <podcast:episode>1300</podcast:episode>
      <podcast:person role="guest">Dana Reyes</podcast:person>
      <podcast:transcript url="transcripts/e1300.srt" type="application/x-subrip"/>
      <podcast:transcript url="transcripts/e1300.vtt" type="text/vtt"/>
      <podcast:chapters url="transcripts/e1300-chapters.json" type="application/json+chapters"/>
    </item>
  </channel>
</rss>
"""

VTT = """WEBVTT

00:00:00.000 --> 00:00:04.000
<v Jason>Welcome to the sales experience podcast. Dana, welcome.

00:00:04.000 --> 00:00:06.500
<v Dana>Thanks Jason, glad to be here.

00:00:06.500 --> 00:00:09.000
<v Sam>Dana, a listener asks: what comes first when a client wants a discount?

00:00:09.000 --> 00:00:12.250
<v Dana>Start with curiosity. Ask what changed for them this year.
"""

CHAPTERS = '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Welcome"}, {"startTime": 6.5, "title": "Listener questions"}]}'


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "repo")


@pytest.fixture
def download(tmp_path: Path) -> Path:
    """A folder as a trainer downloads a catalogue: the feed, and its transcripts beside it."""
    folder = tmp_path / "download"
    (folder / "transcripts").mkdir(parents=True)
    (folder / "feed.xml").write_text(FEED, encoding="utf-8")
    (folder / "transcripts" / "e1300.vtt").write_text(VTT, encoding="utf-8")
    (folder / "transcripts" / "e1300.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nNot this one.\n", encoding="utf-8")
    (folder / "transcripts" / "e1300-chapters.json").write_text(CHAPTERS, encoding="utf-8")
    return folder


def episode(root: Path, number: int = 1300) -> dict:
    return yaml.safe_load((root / "content" / "episodes" / f"e{number}.yml").read_text(encoding="utf-8"))


def content_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


def test_a_feed_and_its_folder_of_transcripts(repository, download, tmp_path):
    problems = import_sources([download / "feed.xml"], repository)
    assert [str(p) for p in problems] == [
        f"{download}/transcripts/e1300.vtt: warning: 'Sam' speaks in the transcript but is neither the host nor "
        "a guest; listed as a participant of E1300 (give them a role there)"]
    data = episode(repository)
    assert data["transcript"] == [  # the WebVTT file, preferred to the SRT one
        {"speaker": "Jason Cutter", "start": 0, "end": 4, "text": "Welcome to the sales experience podcast. Dana, welcome."},
        {"speaker": "Dana Reyes", "start": 4, "end": 6.5, "text": "Thanks Jason, glad to be here."},
        {"speaker": "Sam", "start": 6.5, "end": 9,
         "text": "Dana, a listener asks: what comes first when a client wants a discount?"},
        {"speaker": "Dana Reyes", "start": 9, "end": 12.25, "text": "Start with curiosity. Ask what changed for them this year."},
    ]
    assert data["participants"] == [{"name": "Sam"}]
    assert data["chapters"] == [{"start": 0, "title": "Welcome"}, {"start": 6.5, "title": "Listener questions"}]
    # the sources are kept beside the feed's copy, so importing content/sources/feed.xml later reads them
    sources = repository / "content" / "sources"
    assert (sources / "transcripts" / "e1300.vtt").read_text(encoding="utf-8") == VTT
    assert (sources / "transcripts" / "e1300-chapters.json").read_text(encoding="utf-8") == CHAPTERS
    assert not (sources / "transcripts" / "e1300.srt").exists()

    catalogue, problems = load_catalogue(repository)
    assert [str(p) for p in errors(problems)] == []
    assert catalogue.episode(1300).transcript[3].start == 9.0
    site = tmp_path / "site"
    assert [str(p) for p in errors(build_site(repository, site))] == []
    document = json.loads((site / "episodes" / "e1300" / "transcript.json").read_text(encoding="utf-8"))
    assert document["segments"][1] == {"speaker": "Dana Reyes", "startTime": 4.0, "endTime": 6.5,
                                       "body": "Thanks Jason, glad to be here."}
    assert "startTime" not in json.loads((site / "episodes" / "e204" / "transcript.json").read_text(encoding="utf-8"))["segments"][0]


def test_a_reimport_keeps_the_trainers_edits_and_takes_the_new_times(repository, download):
    import_sources([download / "feed.xml"], repository)
    path = repository / "content" / "episodes" / "e1300.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Thanks Jason, glad to be here.", "Thanks, Jason. Glad to be here.")
                    .replace("- name: Sam\n", "- name: Sam Okafor\n  role: producer\n")
                    .replace("speaker: Sam\n", "speaker: Sam Okafor\n")
                    .replace("title: Welcome", "title: Welcome and guest"), encoding="utf-8")
    # the host retimes the file (an intro added: everything 30 s later); import from the copies
    later = VTT.replace("00:00:0", "00:00:3").replace("00:00:12", "00:00:42")
    (repository / "content" / "sources" / "transcripts" / "e1300.vtt").write_text(later, encoding="utf-8")
    problems = import_sources([repository / "content" / "sources" / "feed.xml"], repository)
    assert errors(problems) == []
    data = episode(repository)
    assert [(t["speaker"], t["start"], t["end"], t["text"]) for t in data["transcript"]] == [
        ("Jason Cutter", 30, 34, "Welcome to the sales experience podcast. Dana, welcome."),
        ("Dana Reyes", 34, 36.5, "Thanks, Jason. Glad to be here."),  # the trainer's words, the new times
        ("Sam Okafor", 36.5, 39, "Dana, a listener asks: what comes first when a client wants a discount?"),
        ("Dana Reyes", 39, 42.25, "Start with curiosity. Ask what changed for them this year."),
    ]
    assert data["participants"] == [{"name": "Sam Okafor", "role": "producer"}]
    assert data["chapters"][0] == {"start": 0, "title": "Welcome and guest"}
    assert errors(load_catalogue(repository)[1]) == []


def test_a_feed_imported_again_without_its_files_keeps_the_transcript(repository, download):
    import_sources([download / "feed.xml"], repository)
    before = episode(repository)
    (download / "feed.xml").write_text(FEED.replace('<podcast:transcript url="transcripts/e1300.vtt" type="text/vtt"/>', "")
                                       .replace('<podcast:transcript url="transcripts/e1300.srt" type="application/x-subrip"/>', "")
                                       .replace('<podcast:chapters url="transcripts/e1300-chapters.json" type="application/json+chapters"/>', "")
                                       .replace("Closing Without Pressure", "Closing Without Any Pressure"), encoding="utf-8")
    (repository / "content" / "sources" / "feed.xml").unlink()
    assert errors(import_sources([download / "feed.xml"], repository)) == []
    after = episode(repository)
    assert after["title"] == "Closing Without Any Pressure with Dana Reyes"
    assert (after["transcript"], after["chapters"], after["participants"]) == \
           (before["transcript"], before["chapters"], before["participants"])


def test_a_broken_transcript_is_refused_at_its_line_and_the_last_import_stays(repository, download, capsys):
    import_sources([download / "feed.xml"], repository)
    before = content_files(repository)
    broken = VTT.replace("00:00:09.000 --> 00:00:12.250", "00:00:01.000 --> 00:00:12.250")
    (download / "transcripts" / "e1300.vtt").write_text(broken, encoding="utf-8")
    assert main(["--root", str(repository), "import", str(download / "feed.xml")]) == 1
    err = capsys.readouterr().err
    assert (f"{download}/transcripts/e1300.vtt:12: cue starts at 1 s, before the cue at line 9 (6.5 s): "
            "cues must be in the order they are heard") in err
    assert content_files(repository) == before


@pytest.mark.parametrize("link, expected", [
    ("../secret.txt", "is neither an http(s) address nor a path in the feed's folder; imported without it"),
    ("/etc/passwd", "is neither an http(s) address nor a path in the feed's folder; imported without it"),
    ("file:///etc/passwd", "is neither an http(s) address nor a path in the feed's folder; imported without it"),
])
def test_a_link_outside_the_feeds_folder_is_never_read(repository, download, link, expected, capsys):
    (download.parent / "secret.txt").write_text("Jason: a secret\n\nKwame: not for the site\n", encoding="utf-8")
    (download / "feed.xml").write_text(FEED.replace("transcripts/e1300.vtt", link), encoding="utf-8")
    assert main(["--root", str(repository), "import", str(download / "feed.xml")]) == 1
    assert f"{download}/feed.xml:13: E1300's transcript '{link}' {expected}" in capsys.readouterr().err
    assert "transcript" not in episode(repository) or episode(repository)["transcript"] == []
    assert not any("secret" in name for name in content_files(repository))


# ---- fetched from the web, only with --fetch ----

class _Files(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def web(tmp_path: Path):
    """A real HTTP server on loopback serving a folder; yields (folder, base address)."""
    folder = tmp_path / "web"
    folder.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             lambda *args: _Files(*args, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_web_links_are_fetched_only_with_fetch_and_kept_for_later(repository, download, web, capsys):
    folder, base = web
    (folder / "e1300.vtt").write_text(VTT, encoding="utf-8")
    feed = download / "feed.xml"
    feed.write_text(FEED.replace("transcripts/e1300.vtt", f"{base}/e1300.vtt"), encoding="utf-8")

    assert main(["--root", str(repository), "import", str(feed)]) == 1  # a warning: not fetched
    assert f"E1300's transcript '{base}/e1300.vtt' is on the web: not fetched (import with --fetch" in capsys.readouterr().err
    assert "transcript" not in episode(repository) or episode(repository)["transcript"] == []

    assert main(["--root", str(repository), "import", "--fetch", str(feed)]) == 1  # Sam, a participant, is a warning
    assert len(episode(repository)["transcript"]) == 4
    kept = repository / "content" / "sources" / "feed-files" / "e1300-transcript.vtt"
    assert kept.read_text(encoding="utf-8") == VTT

    (folder / "e1300.vtt").write_text(VTT.replace("glad to be here", "so glad to be here"), encoding="utf-8")
    assert main(["--root", str(repository), "import", "--fetch", str(feed)]) == 0  # a new fetch takes the new version
    assert episode(repository)["transcript"][1]["text"] == "Thanks Jason, so glad to be here."
    assert "so glad" in kept.read_text(encoding="utf-8")

    (folder / "e1300.vtt").unlink()  # offline, or the host took it down: the copy is read
    episode_file = repository / "content" / "episodes" / "e1300.yml"
    before = episode_file.read_bytes()
    assert errors(import_sources([repository / "content" / "sources" / "feed.xml"], repository)) == []
    assert episode_file.read_bytes() == before


def test_a_fetch_that_fails_is_an_error_at_the_link(repository, download, web, monkeypatch, capsys):
    folder, base = web
    (folder / "big.vtt").write_text(VTT + "\n" * 5000, encoding="utf-8")
    monkeypatch.setattr(importing, "MAX_SOURCE_BYTES", 4000)
    feed = download / "feed.xml"
    feed.write_text(FEED.replace("transcripts/e1300.vtt", f"{base}/big.vtt")
                    .replace("transcripts/e1300-chapters.json", f"{base}/missing.json"), encoding="utf-8")
    assert main(["--root", str(repository), "import", "--fetch", str(feed)]) == 1
    err = capsys.readouterr().err
    assert f"{download}/feed.xml:13: E1300's transcript '{base}/big.vtt': larger than 0 MB" in err
    assert f"{download}/feed.xml:14: E1300's chapters '{base}/missing.json': the server answered 404" in err
    assert episode(repository)["title"] == "Closing Without Pressure with Dana Reyes"  # the episode itself is imported


def test_fetch_gives_up_on_a_server_that_never_answers():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        raw, reason = fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/e1.vtt", 1000, seconds=0.5)
    assert raw is None and "timed out" in reason


def test_fetch_refuses_what_is_not_http():
    assert fetch("file:///etc/passwd", 1000) == (None, "not an http(s) address")


# ---- a folder of transcripts, each named after its episode ----

def test_transcript_files_go_to_the_episode_their_name_gives(repository, download, tmp_path):
    import_sources([download / "feed.xml"], repository)
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "Episode 1300 - Dana Reyes.srt").write_text(
        "1\n00:00:00,000 --> 00:00:02,000\nJason: Welcome back.\n\n2\n00:00:02,000 --> 00:00:03,000\nDana: Thank you.\n",
        encoding="utf-8")
    (folder / "notes.vtt").write_text("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello.\n", encoding="utf-8")
    (folder / "e77.vtt").write_text("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello.\n", encoding="utf-8")
    problems = [str(p) for p in import_sources(sorted(folder.iterdir()), repository)]
    assert sorted(problems) == sorted([
        f"{folder}/e77.vtt: E77 is not in the catalogue yet: import its page or feed first (or with it, in one "
        "command); this transcript is not imported",
        f"{folder}/notes.vtt: which episode is this transcript for? Name the file after its episode (e204.vtt, "
        "E204 - title.srt, 204.json) and import it again; not imported",
    ])
    assert [(t["speaker"], t["text"]) for t in episode(repository)["transcript"]] == [
        ("Jason Cutter", "Welcome back."), ("Dana Reyes", "Thank you.")]
    assert not (repository / "content" / "sources" / "notes.vtt").exists()
    assert not (repository / "content" / "episodes" / "e77.yml").exists()


def test_episode_numbers_in_file_names():
    assert [episode_number_in_name(name) for name in (
        "e204.vtt", "E204 - Kwame Christian.srt", "episode-204.json", "204.html", "sep_ep204_final.vtt",
        "2024-01-08-e204.vtt", "2024-01-08.vtt", "notes.vtt", "e1.e2.vtt")] == [
        204, 204, 204, 204, 204, 204, None, None, 1]


def test_an_oversize_transcript_is_refused_unread(repository, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(importing, "MAX_SOURCE_BYTES", 1000)
    big = tmp_path / "e204.vtt"
    big.write_text("WEBVTT\n\n" + "00:00:00.000 --> 00:00:01.000\nWords.\n\n" * 100, encoding="utf-8")
    before = content_files(repository)
    assert main(["--root", str(repository), "import", str(big)]) == 1
    assert "e204.vtt:1: larger than 0 MB: not a page, feed or transcript this import reads" in capsys.readouterr().err
    assert content_files(repository) == before


def test_an_edited_transcript_stays_whole_when_the_new_one_has_other_turns(repository, download):
    """Turns cannot be paired when their number changed: the trainer's transcript stays, with a
    notice, and the last import's record holds the new one to copy from (docs: the trainer's guide)."""
    import_sources([download / "feed.xml"], repository)
    path = repository / "content" / "episodes" / "e1300.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Dana, welcome.", "Dana, welcome!"), encoding="utf-8")
    longer = VTT + "\n00:00:12.250 --> 00:00:14.000\n<v Jason>That's it for today.\n"
    (repository / "content" / "sources" / "transcripts" / "e1300.vtt").write_text(longer, encoding="utf-8")
    problems = [str(p) for p in import_sources([repository / "content" / "sources" / "feed.xml"], repository)]
    line = path.read_text(encoding="utf-8").split("\n").index("transcript:") + 1
    assert problems == [f"content/episodes/e1300.yml:{line}: notice: source changed under edited field 'transcript'; kept your edit"]
    assert [t["text"] for t in episode(repository)["transcript"]][0] == "Welcome to the sales experience podcast. Dana, welcome!"
    assert len(episode(repository)["transcript"]) == 4
    record = yaml.safe_load((repository / "content" / ".imported" / "episodes" / "e1300.yml").read_text(encoding="utf-8"))
    assert record["transcript"][-1] == {"speaker": "Jason Cutter", "kind": "outro", "start": 12.25, "end": 14,
                                        "text": "That's it for today."}
