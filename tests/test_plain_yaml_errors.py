"""YAML mistakes in a trainer's words (issue 17): what is wrong and what to do, the column, the line
under a caret; and one unreadable episode reported once, not again in every lesson citing it."""
from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from sample import copy_site
from generator.yaml_source import parse_yaml


@pytest.mark.parametrize("text, line, column, words", [
    ("title: Sales: the basics\n", 1, 13, "a colon inside a value; put the whole value in quotes"),
    ("title: x\n\tdate: 2024-01-08\n", 2, 1, "a tab; indent with spaces only"),
    ("title: x\n  date: 2024-01-08\n", 2, 7, "indented more than the line above, which already has its value"),
    ("guests:\n  - a\n - b\n", 3, 2, "does not line up with the ones above it"),
    ('title: "Sales\ndate: 2024-01-08\n', 1, 8, "this quotation mark is never closed"),
    ("guests: [a, b\ndate: 2024-01-08\n", 1, 9, "this [ is never closed"),
    ('title: "Sales" basics\n', 1, 16, "text after the closing quotation mark"),
    ("title: @home\n", 1, 8, "a value cannot start with @; put the whole value in quotes"),
    ("title: x\njust some words\ndate: 1\n", 2, 1, "a line that is not 'key: value'"),
])
def test_a_yaml_mistake_is_said_in_plain_words_with_its_column_and_line(text, line, column, words):
    document, problem = parse_yaml(text, "content/episodes/e1.yml")
    assert document is None
    first, shown, caret = str(problem).split("\n")
    assert first.startswith(f"content/episodes/e1.yml:{line}: invalid YAML at column {column}: ") and words in first
    assert shown == "    " + text.splitlines()[line - 1].replace("\t", " ")
    assert caret == "    " + " " * (column - 1) + "^"


def test_one_unreadable_episode_is_reported_once_not_in_every_lesson_citing_it(tmp_path):
    site = copy_site(tmp_path / "site")
    episode = site / "content/episodes/e204.yml"
    episode.write_text(episode.read_text().replace("title: Sales Negotiations with Kwame Christian",
                                                   "title: Sales Negotiations: with Kwame Christian"))
    done = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(site), "check"],
                          capture_output=True, text=True)
    lines = done.stderr.splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith("content/episodes/e204.yml:2: invalid YAML at column 26: a colon inside a value")
    assert lines[3].startswith("content/episodes/e204.yml: notice: ") and "follow from this file not being read" in lines[3]
    assert int(lines[3].split("notice: ")[1].split()[0]) > 10  # the sample cites E204 in many lessons and quizzes
    assert len(lines) == 4, done.stderr


def test_an_unknown_name_or_id_suggests_the_closest_known_one(tmp_path):
    site = copy_site(tmp_path / "site")
    episode = site / "content/episodes/e204.yml"
    text = episode.read_text().replace("guests:\n- Kwame Christian", "guests:\n- Kwame Cristian")
    episode.write_text(text.replace("- speaker: Kwame Christian\n  text: Hey Jason", "- speaker: Kwame\n  text: Hey Jason", 1)
                       .replace("- Negotiation\n", "- Negociation\n", 1))
    module = site / "content/course/modules/mindset.yml"
    lessons = yaml.safe_load(module.read_text())["lessons"]
    module.write_text(module.read_text().replace(f"  - {lessons[0]}\n", f"  - {lessons[0][:-1]}\n", 1))
    done = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(site), "check"],
                          capture_output=True, text=True)
    assert "unknown guest 'Kwame Cristian': add content/people/<name>.yml; did you mean 'Kwame Christian'?" in done.stderr
    assert "unknown speaker 'Kwame'" in done.stderr and "participants; did you mean 'Kwame Christian'?" in done.stderr
    assert "topic 'Negociation' is not declared in content/topics.yml; did you mean 'Negotiation'?" in done.stderr
    assert f"lesson '{lessons[0][:-1]}' has no file content/course/lessons/{lessons[0][:-1]}.md; did you mean '{lessons[0]}'?" in done.stderr
