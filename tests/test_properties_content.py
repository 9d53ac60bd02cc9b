"""Property tests of the YAML content reader (generator/yaml_source.py) and the loaders of content
(generator/load.py, generator/course.py, generator/quizzes.py) behind `podcourse check`: random text, YAML-syntax soup
and mutated real content files (episodes, posts, lessons, modules, quizzes...) are read or refused
with Problems at lines the file has, never with a traceback and never with a write.

Inputs per test and time (profile ci, 2 shared cores), from the session summary of conftest.py:
    6 tests (one plain), 1,503 inputs, 14.0 s inside the tests:
    read or refused at a line it has 401 (one @example), the two readers agree 402 (two
    @examples), dumped data reads back with keys at their lines 300, front matter split 300,
    check over one mutated content file 100 (each a whole load_catalogue of the sample).
"""
from __future__ import annotations

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from sample import ROOT, copy_site
from generator.load import load_catalogue
from generator.model import Problem
from generator.yaml_source import load_content_yaml, parse_yaml, split_front_matter
from properties import (CONTENT_FILES, ROOT, YAMLISH, as_text, counted,
                        inputs, line_count, mutated_file, tree)

YAML_FILES = [path for path in CONTENT_FILES if path.suffix == ".yml"]
ANY_YAML_TEXT = st.one_of(st.text(max_size=300), YAMLISH, mutated_file(YAML_FILES).map(lambda m: as_text(m[1])))


def same_data(a, b) -> bool:
    """Equal data, NaN included (YAML's .nan is not equal to itself)."""
    return a == b or repr(a) == repr(b)


@given(ANY_YAML_TEXT, st.integers(1, 50))
@example("---", 1)  # was a document recorded at line 2 of a file of one line
@inputs(400)
@counted
def test_yaml_is_read_or_refused_at_a_line_it_has(text, first_line):
    """parse_yaml gives a document or a Problem, never both, never an exception; the Problem's line
    is inside the file (the YAML starting at first_line, as front matter does), and so is every
    line the document records for a key."""
    document, problem = parse_yaml(text, "f.yml", first_line=first_line)
    assert (document is None) != (problem is None)
    last = line_count(text) + first_line - 1
    if problem:
        assert isinstance(problem, Problem) and problem.path == "f.yml" and problem.severity == "error"
        assert first_line <= problem.line <= last, (problem, last)
    else:
        assert all(first_line <= line <= last for line in document.lines.values())


@given(ANY_YAML_TEXT)
@example("a: [" * 40 + "]" * 40)  # nesting: libyaml's composer recursion, refused by depth
@example("a: &x [1]\nb: *x\n")  # aliases are refused, not expanded
@inputs(400)
@counted
def test_the_two_yaml_readers_agree(text):
    """load_content_yaml (used by import's merge) and parse_yaml (used by check) accept the same
    files with the same data, and refuse the same files: import never merges what check refuses."""
    document, problem = parse_yaml(text, "f.yml")
    try:
        data = load_content_yaml(text)
    except yaml.YAMLError:
        assert problem is not None
    else:
        assert problem is None and same_data(data, document.data)


SCALARS = st.one_of(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30), st.integers(),
                    st.booleans(), st.none(), st.dates(), st.floats(allow_nan=False))
KEYS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
DATA = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(KEYS, inner, max_size=4)), max_leaves=20)


@given(st.dictionaries(KEYS, DATA, min_size=1, max_size=6))
@inputs(300)
@counted
def test_what_a_yaml_writer_dumps_reads_back_with_each_key_at_its_line(data):
    """Any mapping a trainer's tool saves (safe_dump) reads back as the same data, and the line
    parse_yaml records for each top-level key is the line where that key is written."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    document, problem = parse_yaml(text, "f.yml")
    assert problem is None, problem
    assert same_data(document.data, data)
    lines = text.split("\n")
    for key in data:
        key_as_written = yaml.safe_dump({key: None}, allow_unicode=True, width=10_000).rsplit(": null", 1)[0]
        assert lines[document.line(key) - 1].startswith(key_as_written + ":")


@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(["---", " --- ", "a: 1", "", "body", "#"]))
                 .map("\n".join)))
@inputs(300)
@counted
def test_front_matter_and_body_are_the_file_split_at_its_lines(text):
    """split_front_matter loses and invents nothing: the body is the file from body_line on, and
    the front matter the lines between the first line and the closing `---`."""
    front, body, body_line = split_front_matter(text)
    lines = text.split("\n")
    if front is None:
        assert (body, body_line) == (text, 1)
        return
    assert lines[0].strip() == "---" and lines[body_line - 2].strip() == "---"
    assert front == "\n".join(lines[1:body_line - 2]) and body == "\n".join(lines[body_line - 1:])


# ---- the whole of `podcourse check` over a mutated real file ----

@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A copy of the sample repository that check passes; each input changes one file and puts it back."""
    root = copy_site(tmp_path_factory.mktemp("sample"), with_sources=False)
    _, problems = load_catalogue(root)
    assert [p for p in problems if p.severity == "error"] == []
    return root


@given(mutation=mutated_file(CONTENT_FILES))
@inputs(100)
@counted
def test_check_reports_a_mutated_content_file_at_lines_that_exist_and_writes_nothing(sample, mutation):
    """One content file mutated (any of them: an episode, a post, a lesson, a module, a quiz, the
    path...): load_catalogue returns Problems, each naming a file of the repository (relative) at a
    line that file has, and leaves every file as it was."""
    original, data = mutation
    target = sample / original.relative_to(ROOT)
    target.write_bytes(data)
    try:
        before = tree(sample)
        catalogue, problems = load_catalogue(sample)
        assert tree(sample) == before
        for problem in problems:
            assert isinstance(problem, Problem) and not problem.path.startswith("/"), problem
            named = sample / problem.path
            if problem.line is not None and named.is_file():
                text = named.read_bytes().decode("utf-8", "replace")
                assert 1 <= problem.line <= line_count(text), (str(problem), line_count(text))
    finally:
        target.write_bytes(original.read_bytes())


def test_the_mutated_files_include_every_kind_check_reads():
    """The mutated files cover episodes, posts, lessons, modules and quizzes (the brief of issue 12)."""
    folders = {path.parent.relative_to(ROOT).as_posix() for path in CONTENT_FILES}
    assert {"content/episodes", "content/posts", "content/course/lessons", "content/course/modules",
            "quizzes"} <= folders
