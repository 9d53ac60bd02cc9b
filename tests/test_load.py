"""Loading and validation: every problem at once, each with the file and line a trainer must fix."""
import subprocess
import sys
import textwrap
from pathlib import Path

from generator.load import load_catalogue

PODCAST = """\
show: The Sales Experience Podcast
host:
  name: Jason Cutter
  labels: [Jason]
"""

GOOD_EPISODE = """\
number: 204
title: Sales Negotiations with Kwame Christian
date: 2024-01-08
series: {name: Sales Negotiations with Kwame Christian, part: 1, parts: 4}
guests: [Kwame Christian]
topics: [negotiation]
hook: How does a resilient mindset help?
transcript:
  - speaker: Jason Cutter
    text: Welcome to the show.
  - speaker: Kwame Christian
    text: Thanks for having me.
"""


def make_content(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"content/podcast.yml": PODCAST, "content/people/kwame-christian.yml": "name: Kwame Christian\n", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def messages(problems):
    return [str(p) for p in problems]


def test_a_valid_episode_loads_into_the_model(tmp_path):
    root = make_content(tmp_path, {"content/episodes/e204.yml": GOOD_EPISODE})
    catalogue, problems = load_catalogue(root)
    assert problems == []
    (episode,) = catalogue.episodes
    assert (episode.code, episode.date.isoformat(), episode.series.part, episode.series.parts) == ("E204", "2024-01-08", 1, 4)
    assert [t.speaker for t in episode.transcript] == ["Jason Cutter", "Kwame Christian"]
    assert catalogue.host.name == "Jason Cutter" and catalogue.host_labels == ("Jason",)


def test_every_problem_is_reported_with_its_line(tmp_path):
    broken = GOOD_EPISODE.replace("date: 2024-01-08", "date: January 8th").replace(
        "speaker: Kwame Christian", "speaker: Kwame").replace("topics: [negotiation]", "topics: [negotiation]\nguests_extra: 1")
    broken += "  - speaker: Jason Cutter\n    kind: advert\n    text: Buy now.\n"
    root = make_content(tmp_path, {
        "content/episodes/e207.yml": GOOD_EPISODE.replace("number: 204", "number: 207").replace("guests: [Kwame Christian]", "guests: [Kwame Christian, Jason Cutter]"),
        "content/episodes/e204.yml": GOOD_EPISODE,
        "content/episodes/e205.yml": broken.replace("number: 204", "number: 205"),
        "content/episodes/e206.yml": "number: 206\ntitle: [unclosed\n",
        "content/episodes/copy.yml": GOOD_EPISODE,
        "content/posts/no-front-matter.md": "Just a body.\n",
    })
    _, problems = load_catalogue(root)
    found = messages(problems)
    assert "content/episodes/e205.yml:3: 'date' must be a date like 2024-01-08" in found
    assert any(m.startswith("content/episodes/e206.yml:2: invalid YAML at column 8: this [ is never closed") for m in found), found
    assert any(m.startswith("content/episodes/e207.yml:5: Jason Cutter is the host") for m in found), found
    assert "content/episodes/e204.yml:1: episode number 204 is also claimed by content/episodes/copy.yml" in found
    assert "content/posts/no-front-matter.md:1: a post starts with front matter between '---' lines (title, date, author, categories)" in found


def test_unknown_speaker_and_turn_kind_point_at_the_turn(tmp_path):
    broken = GOOD_EPISODE.replace("speaker: Kwame Christian", "speaker: Kwame")
    broken += "  - speaker: Jason Cutter\n    kind: advert\n    text: Buy now.\n"
    root = make_content(tmp_path, {"content/episodes/e204.yml": broken})
    _, problems = load_catalogue(root)
    assert messages(problems) == [
        "content/episodes/e204.yml:14: turn 3: unknown kind 'advert' (use one of speech, ad, outro)",
        "content/episodes/e204.yml:11: turn 2: unknown speaker 'Kwame': neither the host, a guest nor a participant; "
        "correct the name, or add it to the episode's participants; did you mean 'Kwame Christian'?",
    ]


def test_participants_are_speakers_of_their_own_episode_only(tmp_path):
    with_sam = GOOD_EPISODE.replace("topics:", "participants:\n  - Sam\n  - {name: Kim Lee, role: co-host}\ntopics:")
    with_sam += "  - speaker: Sam\n    text: A listener asks.\n  - speaker: Kim Lee\n    text: Good question.\n"
    other = GOOD_EPISODE.replace("number: 204", "number: 205") + "  - speaker: Sam\n    text: Me again.\n"
    root = make_content(tmp_path, {"content/episodes/e204.yml": with_sam, "content/episodes/e205.yml": other})
    catalogue, problems = load_catalogue(root)
    assert [(p.name, p.role) for p in catalogue.episode(204).participants] == [("Sam", ""), ("Kim Lee", "co-host")]
    assert [str(p).split(":", 2)[:2] for p in problems] == [["content/episodes/e205.yml", "13"]]
    assert "unknown speaker 'Sam'" in problems[0].message


def test_a_participant_without_a_name_is_refused_with_its_line(tmp_path):
    broken = GOOD_EPISODE.replace("topics:", "participants:\n  - {role: producer}\n  - 7\ntopics:")
    root = make_content(tmp_path, {"content/episodes/e204.yml": broken})
    _, problems = load_catalogue(root)
    assert messages(problems) == [
        "content/episodes/e204.yml:7: participant 1 needs a 'name' (and an optional 'role'), as text",
        "content/episodes/e204.yml:8: participant 2 needs a 'name' (and an optional 'role'), as text",
    ]


def test_check_command_exits_1_without_traceback(tmp_path):
    root = make_content(tmp_path, {"content/episodes/e204.yml": "number: two hundred\ntitle: x\ndate: 2024-01-01\n"})
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "check"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "content/episodes/e204.yml:1: 'number' must be the episode number, e.g. 204" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_podcast_declaration_is_reported(tmp_path):
    _, problems = load_catalogue(tmp_path)
    assert messages(problems) == ["content/podcast.yml: missing: declare the show and its host here (see docs/content-format.md)"]


def test_topic_problems_are_part_of_the_check(tmp_path):
    root = make_content(tmp_path, {"content/episodes/e204.yml": GOOD_EPISODE,
                                   "content/topics.yml": "- name: Asking\n  description: How to ask.\n  query: '\"SMART'\n"})
    catalogue, problems = load_catalogue(root)
    assert [p.path for p in problems] == ["content/topics.yml"] and problems[0].line == 3, messages(problems)
    assert catalogue.topics == ()


def test_an_episode_topic_not_declared_is_a_warning_at_its_line(tmp_path):
    root = make_content(tmp_path, {"content/episodes/e204.yml": GOOD_EPISODE.replace("topics: [negotiation]", "topics:\n  - Negotiation\n  - Haggling"),
                                   "content/topics.yml": "- name: Negotiation\n  description: Negotiating.\n  query: negotiat*\n"})
    _, problems = load_catalogue(root)
    assert messages(problems) == ["content/episodes/e204.yml:8: warning: topic 'Haggling' is not declared in content/topics.yml"]


TIMED_EPISODE = GOOD_EPISODE.replace("    text: Welcome to the show.\n", "    text: Welcome to the show.\n    start: 0\n    end: 4.5\n").replace(
    "    text: Thanks for having me.\n", "    text: Thanks for having me.\n    start: 4.5\n") + "chapters:\n  - {start: 0, title: Welcome}\n  - {start: 65.5, title: Fear of conflict}\n"


def test_turn_times_and_chapters_load_in_seconds(tmp_path):
    root = make_content(tmp_path, {"content/episodes/e204.yml": TIMED_EPISODE})
    catalogue, problems = load_catalogue(root)
    assert problems == []
    (episode,) = catalogue.episodes
    assert [(t.start, t.end) for t in episode.transcript] == [(0.0, 4.5), (4.5, None)]
    assert [(c.start, c.title) for c in episode.chapters] == [(0.0, "Welcome"), (65.5, "Fear of conflict")]


def test_times_out_of_order_or_backwards_are_refused_at_their_line(tmp_path):
    broken = TIMED_EPISODE.replace("start: 4.5\n", "start: 3\n").replace("end: 4.5", "end: -1").replace(
        "{start: 65.5, title: Fear of conflict}", "{start: soon, title: Fear of conflict}")
    root = make_content(tmp_path, {"content/episodes/e204.yml": broken})
    _, problems = load_catalogue(root)
    found = messages(problems)
    lines = broken.splitlines()
    assert f"content/episodes/e204.yml:{lines.index('    end: -1') + 1}: turn 1: 'end' must be seconds into the recording, a number from 0 (e.g. 754.2)" in found
    assert any("chapter 2: 'start' must be seconds" in m for m in found)
    backwards = TIMED_EPISODE.replace("start: 4.5\n", "start: 1\n", 1).replace("    start: 0\n", "    start: 2\n", 1)
    root2 = make_content(tmp_path / "b", {"content/episodes/e204.yml": backwards})
    _, problems = load_catalogue(root2)
    assert any("turn 2 starts at 1 s, before turn 1 (2 s)" in m for m in messages(problems)), messages(problems)
