"""One reader for every content file (issue 15): each kind of YAML and Markdown file the sample
has, broken in one way, makes `podcourse check` name the file, the line and what is wrong, and
exit 1, never a traceback. The kinds are read by different loaders; the refusals are the reader's."""
from __future__ import annotations

from pathlib import Path

import pytest

from sample import copy_site
from generator.cli import main
from generator.content_reader import ContentReader


KINDS = [
    # kind, file, the line after which a key is written again, what is written, the key's first line
    ("show", "content/podcast.yml", 1, "show: Another show", 1),
    ("episode", "content/episodes/e204.yml", 2, "title: Another title", 2),
    ("person", "content/people/kwame-christian.yml", 1, "name: Kwame", 1),
    ("post", "content/posts/2010-06-02-sales-leaders-gps.md", 2, "title: Another title", 2),
    ("topics", "content/topics.yml", 3, "  name: Another name", 3),
    ("synonyms", "content/synonyms.yml", 4, "- boss: manager\n  boss: supervisor", 5),  # a list of groups
    ("path", "content/course/path.yml", 8, "done: quiz only", 8),
    ("module", "content/course/modules/mindset.yml", 1, "title: Another title", 1),
    ("lesson", "content/course/lessons/silence.md", 2, "title: Another title", 2),
    ("quiz", "quizzes/mindset.yml", 2, "pass_mark: 90", 2),
    ("site page", "docs/pages/guide/index.md", 2, "title: Another title", 2),
]
IDS = [kind for kind, *_ in KINDS]
FILES = [(kind, path) for kind, path, *_ in KINDS]


@pytest.fixture
def sample(tmp_path) -> Path:
    """A copy of the sample's content, quizzes, hand-written pages and configuration, to break."""
    return copy_site(tmp_path, ("mkdocs.yml", "content", "quizzes", "docs"))


def check(root: Path, capsys) -> tuple[int, list[str]]:
    """`podcourse check` on root: its exit code and the lines it printed about problems."""
    capsys.readouterr()
    code = main(["--root", str(root), "check"])
    return code, capsys.readouterr().err.splitlines()


def insert_line(path: Path, after: int, line: bytes) -> None:
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join(lines[:after] + [line] + lines[after:]))


def about(lines: list[str], path: str) -> list[str]:
    """The errors printed about one file (its notice that other problems follow from it left out)."""
    return [line for line in lines if line.startswith(f"{path}:") and ": notice: " not in line]


@pytest.mark.parametrize("kind, path, after, written, first", KINDS, ids=IDS)
def test_a_key_given_twice_is_named_with_both_lines_in_every_kind_of_file(sample, capsys, kind, path, after,
                                                                           written, first):
    insert_line(sample / path, after, written.encode())
    key = written.split("\n")[-1].split(":")[0].strip(" -")
    code, lines = check(sample, capsys)
    assert code == 1
    assert about(lines, path) == [f"{path}:{first + 1}: '{key}' is given twice in one mapping "
                                  f"(lines {first} and {first + 1}): YAML keeps only the last; remove one"]


@pytest.mark.parametrize("kind, path", FILES, ids=IDS)
def test_bytes_that_are_not_utf8_are_named_with_their_line_in_every_kind_of_file(sample, capsys, kind, path):
    insert_line(sample / path, 1, b"# Caf\xe9 au lait")
    code, lines = check(sample, capsys)
    assert code == 1
    assert about(lines, path) == [f"{path}:2: not UTF-8 text (byte 0xe9, invalid continuation byte); "
                                  "save the file as UTF-8"]


@pytest.mark.parametrize("kind, path", FILES, ids=IDS)
def test_a_file_that_cannot_be_read_is_named_in_every_kind_of_file(sample, capsys, kind, path):
    """A file listed (or named) but gone when read: here a link to a file that is not there."""
    (sample / path).unlink()
    (sample / path).symlink_to(sample / "gone")
    code, lines = check(sample, capsys)
    assert code == 1
    assert about(lines, path) == [f"{path}: cannot read: No such file or directory"]


def test_a_file_that_goes_between_listing_and_reading_is_a_problem_not_an_exception(tmp_path):
    (tmp_path / "content/episodes").mkdir(parents=True)
    for number in (1, 2):
        (tmp_path / f"content/episodes/e{number}.yml").write_text(f"number: {number}\n", encoding="utf-8")
    reader = ContentReader(tmp_path)
    listed = reader.files("content/episodes", "*.yml")
    listed[0].unlink()
    assert [reader.read_mapping(path) is None for path in listed] == [True, False]
    assert [str(problem) for problem in reader.problems] == [
        "content/episodes/e1.yml: cannot read: No such file or directory"]
