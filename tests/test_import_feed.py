"""A podcast RSS feed imported (issue 14, feed slice): items become episodes with their audio, the
site checks and builds with an <audio> player on the episode page, and hostile or broken feeds are
refused at their line without touching what was imported before.

The feed is written here in the shape hosting services publish (RSS 2.0 with the iTunes and
Podcasting 2.0 namespaces), with the sample's E204 and E227 and a new episode; the expectations
are written by hand from it.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sample import copy_site
from generator.build import build_site
from generator.cli import main
from generator.importers.feed import duration_seconds, show_notes_text
from generator.importing import MAX_SOURCE_BYTES, import_sources
from generator.load import errors, load_catalogue


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>The Sales Experience Podcast</title>
    <link>https://cutterconsultinggroup.com/podcast</link>
    <item>
      <title>Closing Without Pressure with Dana Reyes</title>
      <guid isPermaLink="false">sep-1300</guid>
      <pubDate>Mon, 03 Mar 2025 05:00:00 -0500</pubDate>
      <description><![CDATA[<p>Dana Reyes joins me to talk about closing <b>without</b> pressure.</p><script>alert(1)</script><p>Q&amp;A at the end &mdash; <a href="javascript:alert(2)">listen</a>.</p>]]></description>
      <enclosure url="https://media.example.com/sep/e1300.mp3?from=feed&amp;id=7" length="41234567" type="audio/mpeg"/>
      <itunes:duration>43:05</itunes:duration>
      <podcast:episode>1300</podcast:episode>
      <podcast:season>5</podcast:season>
      <podcast:person role="host">Jason Cutter</podcast:person>
      <podcast:person role="guest" href="https://danareyes.example.com">Dana Reyes</podcast:person>
      <podcast:transcript url="https://media.example.com/sep/e1300.vtt" type="text/vtt"/>
    </item>
    <item>
      <title>All You Have To Do Is Ask, with Dr. Wayne Baker</title>
      <guid isPermaLink="false">sep-227</guid>
      <pubDate>Tue, 16 Jan 2024 05:00:00 -0500</pubDate>
      <description>How do you ask for what you need at work?</description>
      <enclosure url="https://media.example.com/sep/e227.m4a" length="30500000" type="audio/x-m4a"/>
      <itunes:duration>2417</itunes:duration>
      <itunes:episode>227</itunes:episode>
      <podcast:person role="guest">Dr. Wayne Baker</podcast:person>
    </item>
    <item>
      <title>Sales Negotiations with Kwame Christian</title>
      <guid isPermaLink="false">sep-204</guid>
      <pubDate>Mon, 08 Jan 2024 05:00:00 -0500</pubDate>
      <description>Kwame Christian on negotiation and confidence.</description>
      <enclosure url="https://media.example.com/sep/e204.mp3" length="38912000" type="audio/mpeg"/>
      <itunes:duration>1:02:10</itunes:duration>
      <podcast:episode>204</podcast:episode>
      <podcast:person role="guest">Kwame Christian</podcast:person>
    </item>
  </channel>
</rss>
"""


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A copy of the sample repository with the feed among its sources."""
    root = copy_site(tmp_path / "repo")
    (root / "content" / "sources" / "feed.xml").write_text(FEED, encoding="utf-8")
    return root


def feed(root: Path) -> Path:
    return root / "content" / "sources" / "feed.xml"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def content_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*"))
            if p.is_file() and "sources" not in p.parts}


def test_items_become_episodes_with_their_audio_and_guests(repository):
    problems = import_sources([feed(repository)], repository)
    assert errors(problems) == []
    assert [str(p) for p in problems if p.severity == "notice"] == [
        # the sample imported these two from their pages: the feed's copies are left out, but not their audio
        "content/sources/feed.xml: notice: E227 was already imported from content/sources/004_52606bfe6000e370.txt; "
        "this copy is ignored (its audio and chapters are added to it)",
        "content/sources/feed.xml: notice: E204 was already imported from content/sources/000_3c2fe57e61de32a4.txt; "
        "this copy is ignored (its audio and chapters are added to it)"]
    warnings = [str(p) for p in problems if p.severity == "warning"]
    assert warnings == [
        # a transcript on the web is read only with --fetch (tests/test_import_transcripts.py)
        "content/sources/feed.xml:18: warning: E1300's transcript 'https://media.example.com/sep/e1300.vtt' is on the web: "
        "not fetched (import with --fetch to read it); imported without it",
    ]
    new = load(repository / "content" / "episodes" / "e1300.yml")
    assert new["title"] == "Closing Without Pressure with Dana Reyes"
    assert str(new["date"]) == "2025-03-03"
    assert new["guests"] == ["Dana Reyes"]
    assert new["description"] == ("Dana Reyes joins me to talk about closing without pressure.\n\n"
                                  "Q&A at the end — listen.")
    assert new["audio"] == {"url": "https://media.example.com/sep/e1300.mp3?from=feed&id=7", "type": "audio/mpeg",
                            "length": 41234567, "duration_seconds": 43 * 60 + 5}
    assert new["source"] == "content/sources/feed.xml"
    assert load(repository / "content" / "people" / "dana-reyes.yml")["links"] == [
        {"label": "Website", "url": "https://danareyes.example.com"}]
    # E204 and E227 came from their pages: they keep the page's words and source, and gain the feed's audio
    e227 = load(repository / "content" / "episodes" / "e227.yml")
    assert e227["source"] == "content/sources/004_52606bfe6000e370.txt" and len(e227["transcript"]) > 10
    assert e227["audio"] == {"url": "https://media.example.com/sep/e227.m4a", "type": "audio/x-m4a",
                             "length": 30500000, "duration_seconds": 2417}
    assert list(e227)[list(e227).index("source") + 1] == "audio"  # in the documented order of fields
    assert load(repository / "content" / "people" / "kwame-christian.yml")["bio"]


def test_the_feeds_audio_joins_a_page_episode_without_touching_the_trainers_edits(repository):
    e204 = repository / "content" / "episodes" / "e204.yml"
    edited = e204.read_text(encoding="utf-8").replace("topics:\n- Negotiation\n", "topics:\n- Negotiation\n- Confidence\n")
    e204.write_text(edited, encoding="utf-8")
    assert errors(import_sources([feed(repository)], repository)) == []
    data = load(e204)
    assert data["topics"] == ["Negotiation", "Confidence", "Mindset"]  # the trainer's edit stays
    assert data["audio"]["url"] == "https://media.example.com/sep/e204.mp3"
    before = content_files(repository)
    import_sources([feed(repository)], repository)  # again: nothing changes
    assert content_files(repository) == before


def test_check_passes_and_the_episode_page_has_the_player(repository, tmp_path):
    import_sources([feed(repository)], repository)
    catalogue, problems = load_catalogue(repository)
    assert [str(p) for p in errors(problems)] == []
    assert catalogue.episode(1300).audio.duration_seconds == 2585
    site = tmp_path / "site"
    assert [str(p) for p in errors(build_site(repository, site))] == []
    html = (site / "episodes" / "e1300" / "index.html").read_text(encoding="utf-8")
    assert '<audio controls preload="none">' in html
    assert '<source src="https://media.example.com/sep/e1300.mp3?from=feed&amp;id=7" type="audio/mpeg">' in html
    assert '<a href="https://media.example.com/sep/e1300.mp3?from=feed&amp;id=7">Download the audio</a> (43 min, 41 MB)' in html
    assert "alert(" not in html
    assert "<audio" not in (site / "episodes" / "e100" / "index.html").read_text(encoding="utf-8")


def test_reimport_keeps_an_edited_audio_address(repository):
    import_sources([feed(repository)], repository)
    path = repository / "content" / "episodes" / "e1300.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("https://media.example.com/sep/e1300.mp3?from=feed&id=7",
                                                             "https://cdn.example.com/e1300.mp3"), encoding="utf-8")
    feed(repository).write_text(FEED.replace("Dana Reyes joins me", "Dana Reyes, closer, joins me"), encoding="utf-8")
    assert errors(import_sources([feed(repository)], repository)) == []
    data = load(path)
    assert data["audio"]["url"] == "https://cdn.example.com/e1300.mp3"
    assert data["description"].startswith("Dana Reyes, closer, joins me")


ATTACKS = {
    "external entity": ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
                        "<rss><channel><item><title>&secret;</title></item></channel></rss>\n", 3),
    "billion laughs": ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY lol "lol">\n'
                       ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
                       ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
                       "<rss><channel><item><title>&lol3;</title></item></channel></rss>\n", 3),
}


@pytest.mark.parametrize("name", ATTACKS)
def test_entity_tricks_are_refused_at_their_line_and_nothing_is_written(repository, name, capsys):
    text, line = ATTACKS[name]
    feed(repository).write_text(text, encoding="utf-8")
    before = content_files(repository)
    assert main(["--root", str(repository), "import", str(feed(repository))]) == 1
    assert f"content/sources/feed.xml:{line}: refused: the feed declares XML entities" in capsys.readouterr().err
    assert content_files(repository) == before


@pytest.mark.parametrize("text, expected", [
    (FEED.replace("</item>\n    <item>", "</itm>\n    <item>", 1), "content/sources/feed.xml:19: not well-formed XML: mismatched tag\n"),
    ('<?xml version="1.0"?>\n<rss version="2.0">\n  <channel>\n    <title>Empty</title>\n  </channel>\n</rss>\n',
     "content/sources/feed.xml:3: the feed has no <item>: nothing to import"),
])
def test_broken_feeds_are_refused_at_their_line(repository, text, expected, capsys):
    import_sources([feed(repository)], repository)  # an earlier, good import
    before = content_files(repository)
    feed(repository).write_text(text, encoding="utf-8")
    assert main(["--root", str(repository), "import", str(feed(repository))]) == 1
    assert expected in capsys.readouterr().err
    assert content_files(repository) == before


def test_an_item_without_a_number_is_skipped_at_its_line_and_the_others_imported(repository, capsys):
    feed(repository).write_text(FEED.replace("<podcast:episode>1300</podcast:episode>", ""), encoding="utf-8")
    assert main(["--root", str(repository), "import", str(feed(repository))]) == 1
    assert ("content/sources/feed.xml:7: warning: item 'Closing Without Pressure with Dana Reyes' has no episode number "
            "(<podcast:episode> or <itunes:episode>); not imported") in capsys.readouterr().err
    assert not (repository / "content" / "episodes" / "e1300.yml").exists()
    assert not (repository / "content" / "people" / "dana-reyes.yml").exists()
    assert errors(load_catalogue(repository)[1]) == []


def test_a_file_over_the_size_limit_is_refused_unread(repository, capsys):
    big = repository / "huge.xml"
    with open(big, "wb") as file:
        file.write(FEED.encode()[:-20] + b" " * (MAX_SOURCE_BYTES) + b"</channel></rss>\n")
    before = content_files(repository)
    assert main(["--root", str(repository), "import", str(big)]) == 1
    assert "huge.xml:1: larger than 20 MB" in capsys.readouterr().err
    assert content_files(repository) == before


def test_audio_check_names_the_line_of_a_bad_field(repository):
    import_sources([feed(repository)], repository)
    path = repository / "content" / "episodes" / "e1300.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("type: audio/mpeg", "type: video/mp4").replace("length: 41234567", "length: -1")
                    .replace("url: https://media", "url: javascript://media"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    found = sorted(str(p) for p in errors(load_catalogue(repository)[1]))
    at = {key: next(i + 1 for i, line in enumerate(lines) if line.strip().startswith(f"{key}:") and i > 5)
          for key in ("url", "type", "length")}
    assert found == sorted([
        f"content/episodes/e1300.yml:{at['url']}: 'url' must be the audio file's https:// (or http://) address",
        f"content/episodes/e1300.yml:{at['type']}: 'type' must be one of audio/mpeg, audio/mp4, audio/x-m4a, audio/aac, "
        "audio/ogg, audio/opus, audio/webm, audio/wav, audio/x-wav, audio/flac; got 'video/mp4'",
        f"content/episodes/e1300.yml:{at['length']}: 'length' must be a whole number from 0",
    ])


def test_durations_and_show_notes():
    assert [duration_seconds(t) for t in ("2417", "40:17", "1:05:09", "", "1h", "1:2:3:4")] == [2417, 2417, 3909, None, None, None]
    assert show_notes_text("Plain first.\n\nPlain second.") == "Plain first.\n\nPlain second."
    assert show_notes_text("<p>One<br>two</p><style>p{}</style><ul><li>three</li></ul>") == "One\n\ntwo\n\nthree"


def test_a_guest_the_feed_names_without_a_bio_keeps_the_bio_their_page_gave(repository):
    """A feed names people without bios: a guest the pages already brought keeps theirs."""
    person = repository / "content" / "people" / "kwame-christian.yml"
    before = load(person)
    assert before["bio"]
    item = FEED.split("<item>")[3].split("</item>")[0]
    again = (item.replace("Sales Negotiations with Kwame Christian", "Negotiating Salary with Kwame Christian")
             .replace("sep-204", "sep-1301").replace("<podcast:episode>204", "<podcast:episode>1301")
             .replace("08 Jan 2024", "10 Mar 2025"))
    feed(repository).write_text(FEED.replace("</channel>", f"<item>{again}</item></channel>"), encoding="utf-8")
    assert errors(import_sources([feed(repository)], repository)) == []
    assert (repository / "content" / "episodes" / "e1301.yml").is_file()
    assert load(person)["bio"] == before["bio"] and load(person)["links"] == before["links"]
