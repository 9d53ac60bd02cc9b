"""`podcourse new`: valid, commented files that pass `podcourse check`; never an overwrite."""
import datetime as dt
import re

import pytest
import yaml

from sample import copy_site
from generator.cli import main
from generator.load import errors, load_catalogue
from generator.scaffold import Refused, add_to_yaml_list


@pytest.fixture
def site(tmp_path):
    return copy_site(tmp_path / "site")


def podcourse(site, *args):
    return main(["--root", str(site), *args])


def error_messages(site):
    return [str(p) for p in errors(load_catalogue(site)[1])]


def test_the_sample_content_is_valid_to_start_with(site):
    assert error_messages(site) == []


def test_a_new_episode_passes_check_and_says_what_each_field_does(site, capsys):
    title = 'Objections: "just send me some information" #2'
    assert podcourse(site, "new", "episode", "305", "--title", title, "--date", "2026-11-20") == 0
    assert "content/episodes/e305.yml: created" in capsys.readouterr().out
    assert podcourse(site, "check") == 0
    episode = load_catalogue(site)[0].episode(305)
    assert (episode.title, episode.date) == (title, dt.date(2026, 11, 20))
    assert [t.speaker for t in episode.transcript] == ["Jason Cutter"]  # the host from content/podcast.yml
    lines = (site / "content/episodes/e305.yml").read_text().splitlines()
    fields = [i for i, line in enumerate(lines) if re.match(r"[a-z]+:", line)]
    assert [lines[i].split(":")[0] for i in fields] == [
        "number", "title", "date", "series", "guests", "participants", "topics", "hook", "description", "quotes", "source", "transcript"]
    assert all(lines[i - 1].startswith("#") for i in fields), "every field has a comment above it"


def test_a_new_module_brings_its_quiz_and_joins_the_path(site, capsys):
    path_file = site / "content/course/path.yml"
    before = yaml.safe_load(path_file.read_text())["modules"] if path_file.exists() else []
    assert podcourse(site, "new", "module", "cold-calls", "--title", "Cold calls") == 0
    out = capsys.readouterr().out
    assert "content/course/modules/cold-calls.yml: created" in out and "quizzes/cold-calls.yml: created" in out
    assert yaml.safe_load(path_file.read_text())["modules"] == [*before, "cold-calls"]
    assert error_messages(site) == []
    catalogue = load_catalogue(site)[0]
    module = next(m for m in catalogue.modules if m.id == "cold-calls")
    assert module.title == "Cold calls"
    assert sorted(q.type for q in module.quiz.questions) == ["open", "ordering", "single", "truefalse"]
    assert {str(q.source) for q in module.quiz.questions} == {"E298, turns 1-2"}  # the newest episode, cited for real


def test_a_new_lesson_is_added_to_its_module_and_its_citation_resolves(site):
    assert podcourse(site, "new", "module", "cold-calls") == 0
    module_file = site / "content/course/modules/cold-calls.yml"
    module_comments = [line for line in module_file.read_text().splitlines() if line.startswith("#")]
    assert podcourse(site, "new", "lesson", "first-words", "--module", "cold-calls", "--title", "The first ten seconds") == 0
    assert podcourse(site, "check") == 0
    module = next(m for m in load_catalogue(site)[0].modules if m.id == "cold-calls")
    assert [(lesson.id, lesson.title) for lesson in module.lessons] == [("first-words", "The first ten seconds")]
    assert "[E298, turns 1-2]" in module.lessons[0].body
    assert [line for line in module_file.read_text().splitlines() if line.startswith("#")] == module_comments


def test_a_quiz_can_be_restored_for_a_module_that_lost_it(site, capsys):
    assert podcourse(site, "new", "module", "cold-calls") == 0
    (site / "quizzes/cold-calls.yml").unlink()
    assert any("has no quiz" in m for m in error_messages(site))
    assert podcourse(site, "new", "quiz", "cold-calls") == 0
    assert error_messages(site) == []


def test_an_existing_file_is_never_overwritten(site, capsys):
    original = (site / "content/episodes/e204.yml").read_bytes()
    assert podcourse(site, "new", "episode", "E204") == 1
    err = capsys.readouterr().err
    assert err.startswith("content/episodes/e204.yml: already exists; `podcourse new` never overwrites")
    assert "Traceback" not in err
    assert (site / "content/episodes/e204.yml").read_bytes() == original


def test_a_module_whose_quiz_exists_writes_nothing_at_all(site, capsys):
    (site / "quizzes").mkdir(exist_ok=True)
    (site / "quizzes/cold-calls.yml").write_text("questions: []\n")
    path_file = site / "content/course/path.yml"
    path_before = path_file.read_bytes() if path_file.exists() else None
    assert podcourse(site, "new", "module", "cold-calls") == 1
    assert "quizzes/cold-calls.yml: already exists" in capsys.readouterr().err
    assert not (site / "content/course/modules/cold-calls.yml").exists()
    assert (path_file.read_bytes() if path_file.exists() else None) == path_before


@pytest.mark.parametrize("args, message", [
    (("new", "lesson", "intro"), "intro: a lesson belongs to a module: add --module <module id>"),
    (("new", "lesson", "intro", "--module", "nope"), "content/course/modules/nope.yml: no module 'nope'"),
    (("new", "module", "Cold Calls"), "content/course/modules/Cold Calls.yml: module id 'Cold Calls': use lower-case"),
    (("new", "quiz", "nope"), "quizzes/nope.yml: no module 'nope'"),
    (("new", "episode", "three"), "three: episode 'three': give the episode number"),
])
def test_bad_requests_are_refused_with_a_clear_message(site, capsys, args, message):
    assert podcourse(site, *args) == 1
    assert capsys.readouterr().err.startswith(message)


def test_a_quiz_without_any_episode_to_cite_is_refused(tmp_path, capsys):
    (tmp_path / "content/course/modules").mkdir(parents=True)
    (tmp_path / "content/course/modules/m.yml").write_text("title: M\n")
    assert podcourse(tmp_path, "new", "quiz", "m") == 1
    assert "add an episode first" in capsys.readouterr().err


@pytest.mark.parametrize("text, expected", [
    ("# the path\nmodules:\n  - mindset   # first\n  - referrals\n# end\n",
     "# the path\nmodules:\n  - mindset   # first\n  - referrals\n  - new-one\n# end\n"),
    ("modules:\n- mindset\nother: 1\n", "modules:\n- mindset\n- new-one\nother: 1\n"),
    ("modules: [mindset, referrals]  # in order\n", "modules: [mindset, referrals, new-one]  # in order\n"),
    ("modules: []\n", "modules: [new-one]\n"),
    ("modules:\ntitle: x\n", "modules: [new-one]\ntitle: x\n"),
    ("modules: ~\n", "modules: [new-one]\n"),
    ("modules:  # none yet\n", "modules: [new-one]  # none yet\n"),
    ("title: x\n", "title: x\nmodules:\n  - new-one\n"),
])
def test_an_id_is_added_to_a_yaml_list_keeping_comments_and_layout(text, expected):
    assert add_to_yaml_list(text, "modules", "new-one", "content/course/path.yml") == expected


@pytest.mark.parametrize("text, message", [
    ("modules: [a, new-one]\n", "'new-one' is already listed"),
    ("modules: mindset\n", "`modules:` is not a list"),
    ("modules: [a\n", ":1: cannot add 'new-one' to `modules:`: invalid YAML at column 10: this [ is never closed"),
    ("modules: [a]\nmodules: [b]\n", ":2: cannot add 'new-one' to `modules:`: 'modules' is given twice in one mapping "
                                      "(lines 1 and 2)"),
])
def test_a_list_that_cannot_take_the_id_is_refused(text, message):
    with pytest.raises(Refused) as refusal:
        add_to_yaml_list(text, "modules", "new-one", "content/course/path.yml")
    assert message in str(refusal.value.problem)


def test_placeholders_left_by_new_are_warnings_at_their_lines_and_errors_in_ci(site, capsys, monkeypatch):
    assert podcourse(site, "new", "module", "cold-calls", "--title", "Cold calls") == 0
    assert podcourse(site, "new", "lesson", "first-calls", "--module", "cold-calls") == 0
    assert podcourse(site, "new", "episode", "305", "--title", "Cold calls") == 0
    capsys.readouterr()
    assert podcourse(site, "check") == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if "still the placeholder" in line]
    files = {line.split(":")[0] for line in warned}
    assert files == {"content/course/modules/cold-calls.yml", "quizzes/cold-calls.yml",
                     "content/course/lessons/first-calls.md", "content/episodes/e305.yml"}
    for line in warned:  # each names a line that holds the placeholder it quotes
        path, number = line.split(":")[:2]
        quoted = re.search(r'placeholder "(.*)" that', line).group(1)
        assert quoted[:30] in (site / path).read_text().splitlines()[int(number) - 1], line
    summary = site / "content/course/modules/cold-calls.yml"
    summary.write_text(summary.read_text().replace("Replace with why this module matters.", "Calls nobody expects."))
    assert podcourse(site, "check") == 0
    assert "Replace with why this module matters" not in capsys.readouterr().err
    monkeypatch.setenv("CI", "true")  # the build that publishes refuses them
    assert podcourse(site, "check") == 1
    assert podcourse(site, "build", "--site-dir", str(site / "out")) == 1
    refused = [line for line in capsys.readouterr().err.splitlines() if "still the placeholder" in line]
    assert len(refused) == 2 * (len(warned) - 1) and not any("warning:" in line for line in refused)
    assert not (site / "out").exists()


def test_messages_name_the_commands_a_trainer_can_type_here(site, capsys):
    (site / "run").write_text("#!/bin/sh\n")  # a course repository: commands go through ./run
    assert podcourse(site, "new", "module", "cold-calls") == 0
    out = capsys.readouterr().out
    assert "then run `./run check`" in out and "podcourse check" not in (site / "quizzes/cold-calls.yml").read_text()
    assert "`./run check` makes sure it exists" in (site / "quizzes/cold-calls.yml").read_text()


def test_a_module_or_path_that_cannot_be_read_is_refused_with_its_line_and_left_alone(site, capsys):
    """The scaffolds read the file they add an id to as check does (generator.content_reader)."""
    module, path_file = site / "content/course/modules/mindset.yml", site / "content/course/path.yml"
    module.write_bytes(module.read_bytes().replace(b"title: Mindset", b"title: Mindset d\xe9but", 1))
    path_file.write_text(path_file.read_text() + "done: quiz only\n")
    before = {file: file.read_bytes() for file in (module, path_file)}
    assert podcourse(site, "new", "lesson", "first-calls", "--module", "mindset") == 1
    assert podcourse(site, "new", "module", "cold-calls") == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/course/modules/mindset.yml:1: cannot add to it: not UTF-8 text (byte 0xe9, invalid continuation "
        "byte); save the file as UTF-8",
        "content/course/path.yml:15: cannot add 'cold-calls' to `modules:`: "
        "'done' is given twice in one mapping (lines 8 and 15): YAML keeps only the last; remove one"]
    assert {file: file.read_bytes() for file in before} == before
    assert not (site / "content/course/lessons/first-calls.md").exists() and not (site / "quizzes/cold-calls.yml").exists()
