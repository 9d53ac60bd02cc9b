"""Bad content gives `path:line: message` and exit 1 from `podcourse check`, never a traceback.

Each case breaks one file of a copy of the sample content (issue 12, defects 6, 8 and 9).
"""
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sample import ROOT, copy_site
from generator.yaml_source import parse_yaml

POST = "content/posts/2010-04-29-i-only-want-the-toughest-customers.md"
LESSON = "content/course/lessons/silence.md"


@pytest.fixture
def sample(tmp_path) -> Path:
    """A copy of the sample repository's content, quizzes and configuration, to break."""
    return copy_site(tmp_path, ("mkdocs.yml", "content", "quizzes"))


def podcourse(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120)


def check_fails_with(root: Path, *expected: str) -> list[str]:
    """Run check; it must exit 1 without a traceback, and print each expected line."""
    done = podcourse(root, "check")
    lines = done.stderr.splitlines()
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    for line in expected:
        assert line in lines, (line, lines)
    return lines


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---- impossible dates (defect 6) ----

def test_an_impossible_date_is_named_in_an_episode_a_post_a_lesson_and_a_quiz(sample):
    edit(sample / "content/episodes/e204.yml", "date: 2024-01-08", "date: 2024-02-30")
    edit(sample / POST, "date: 2010-04-29", "date: 2024-02-30")
    edit(sample / LESSON, "title: Silence", "title: Silence\nreviewed: 2024-02-30")
    edit(sample / "quizzes/mindset.yml", "pass_mark: 75", "pass_mark: 75\nreviewed: 2023-02-29")
    lines = check_fails_with(sample, *(
        f"{path}: '{day}' is not a real date (day is out of range for month)" for path, day in (
            ("content/episodes/e204.yml:3", "2024-02-30"), (f"{POST}:3", "2024-02-30"),
            (f"{LESSON}:3", "2024-02-30"), ("quizzes/mindset.yml:3", "2023-02-29"))))
    assert not any("orphan" in line and "silence" in line for line in lines), lines  # listed, only broken


def test_a_value_yaml_cannot_build_is_named_with_its_line():
    document, problem = parse_yaml("title: x\nnumber: !!int twelve\n", "e1.yml")
    assert document is None
    assert str(problem) == "e1.yml:2: 'twelve' cannot be read as int (invalid literal for int() with base 10: 'twelve')"


def test_an_escaped_control_character_is_named_not_carried_into_a_page(sample):
    """Issue 12, defect 10: a double-quoted "\\0" in YAML reached the HTML."""
    hook = "hook: How does having a resilient mindset contribute to effectively managing conflict in a sales setting?"
    edit(sample / "content/episodes/e204.yml", hook, 'hook: "How does having a \\0resilient mindset help?"')
    check_fails_with(sample, "content/episodes/e204.yml:13: control character U+0000 in the text "
                             "(written as an escape such as \\0): no page can show it; remove it")


# ---- quiz option ids YAML reads as true/false (defect 6) ----

def test_quiz_options_yes_no_maybe_are_named_not_a_traceback(sample):
    quiz = sample / "quizzes/mindset.yml"
    edit(quiz, "    options:\n      a:\n", "    options:\n      yes: Yes\n      no: No\n      maybe:\n")
    edit(quiz, "    answer: a\n", "    answer: maybe\n")
    check_fails_with(sample, *(
        f"quizzes/mindset.yml:{line}: option id read by YAML as {value} (yes, no, on and off are true/false "
        "to YAML): quote it ('yes':) or choose another id" for line, value in ((9, "true"), (10, "false"))))


def test_quoted_yes_and_no_are_ordinary_option_ids(sample):
    quiz = sample / "quizzes/mindset.yml"
    edit(quiz, "    options:\n      a:\n", "    options:\n      'yes': Sure\n      'no': Not at all\n      maybe:\n")
    edit(quiz, "    answer: a\n", "    answer: maybe\n")
    done = podcourse(sample, "check")
    assert done.returncode == 0, done.stderr


# ---- lessons that cannot be read (defect 6) ----

def test_a_lesson_that_is_a_folder_a_loop_or_not_utf8_is_named(sample):
    lessons = sample / "content/course/lessons"
    (lessons / "silence.md").unlink()
    (lessons / "silence.md").mkdir()
    (lessons / "reciprocity.md").unlink()
    (lessons / "reciprocity.md").symlink_to("reciprocity.md")
    with open(lessons / "five-criteria.md", "ab") as lesson:
        lesson.write(b"\nCaf\xe9 au lait\n")
    lines = check_fails_with(
        sample,
        f"{LESSON}: is a folder; expected a file here",
        "content/course/lessons/reciprocity.md: cannot read: Too many levels of symbolic links")
    broken = [line for line in lines if line.startswith("content/course/lessons/five-criteria.md:")]
    length = (ROOT / "content/course/lessons/five-criteria.md").read_text().count("\n")
    assert broken == [f"content/course/lessons/five-criteria.md:{length + 2}: not UTF-8 text (byte 0xe9, "
                      "invalid continuation byte); save the file as UTF-8"]


# ---- alias bombs (defect 8) ----

def alias_bomb(depth: int) -> str:
    """The 10-line episode of the issue: each level repeats the one before nine times."""
    lines = ["number: 999", "title: Bomb", "date: 2024-01-08", "a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, depth + 1):
        before = "a" if level == 1 else f"b{level - 1}"
        lines.append(f"b{level}: &b{level} [" + ", ".join([f"*{before}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_its_first_anchor_before_it_expands(sample):
    (sample / "content/episodes/e999.yml").write_text(alias_bomb(8), encoding="utf-8")
    started = time.perf_counter()
    check_fails_with(sample, "content/episodes/e999.yml:4: YAML anchor '&a': content files do not use anchors "
                             "or aliases; remove it")
    assert time.perf_counter() - started < 20  # the whole check, in a fresh process; depth 8 ran past 60 s


def test_aliases_and_anchors_are_refused_in_front_matter_and_quizzes():
    _, problem = parse_yaml("title: x\ntags: [*t]\n", "post.md", first_line=2)
    assert str(problem) == ("post.md:3: YAML alias '*t': content files do not use aliases (a few nested ones "
                            "expand to gigabytes); write the value out in full")
    text = "questions:\n  - &q {id: a}\n"
    _, problem = parse_yaml(text, "quizzes/q.yml")
    assert str(problem) == "quizzes/q.yml:2: YAML anchor '&q': content files do not use anchors or aliases; remove it"


def test_ampersands_and_stars_in_text_are_not_anchors():
    document, problem = parse_yaml("title: 'Q&A: *the* best'\nhook: R&D * 2\n", "e1.yml")
    assert problem is None and document.data == {"title": "Q&A: *the* best", "hook": "R&D * 2"}


def test_nesting_deeper_than_any_content_file_needs_is_refused_not_a_crash():
    for text in ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", "a:\n" + "".join("  " * i + "- \n" for i in range(200))):
        document, problem = parse_yaml(text, "e1.yml")
        assert document is None and problem.message == "nested more than 64 levels deep; a content file needs a few"


# ---- folders check could not read (defect 9) ----

def test_topics_yml_as_a_folder_is_an_error_not_an_empty_list(sample):
    (sample / "content/topics.yml").unlink()
    (sample / "content/topics.yml").mkdir()
    check_fails_with(sample, "content/topics.yml: is a folder; expected a file here")


def test_an_episodes_folder_that_cannot_be_listed_is_reported(sample):
    shutil.rmtree(sample / "content/episodes")
    (sample / "content/episodes").symlink_to("episodes")  # a loop: listing it fails, as for no permission
    check_fails_with(sample, "content/episodes: cannot list this folder: Too many levels of symbolic links")
    shutil.rmtree(sample / "content/people")
    (sample / "content/people").write_text("not a folder\n")
    check_fails_with(sample, "content/people: is not a folder; expected a folder of content files here")


# ---- what check passes, build builds (defect 9) ----

def test_guests_whose_pages_would_clash_are_named_by_check_with_both_files(sample):
    (sample / "content/people/kwame-christian-2.yml").write_text("name: Kwame Christian!\n", encoding="utf-8")
    (sample / "content/people/index.yml").write_text("bio: The index.\nname: INDEX\n", encoding="utf-8")
    lines = check_fails_with(
        sample,
        "content/people/kwame-christian.yml:1: 'Kwame Christian' and 'Kwame Christian!' "
        "(content/people/kwame-christian-2.yml:1) would share the guest page guests/kwame-christian/: names must "
        "differ in more than punctuation, case or accents",
        "content/people/index.yml:2: 'INDEX' would take guests/index/, the page listing every guest; "
        "add a letter to the name")
    assert len(lines) == 2, lines  # the episodes naming Kwame Christian are not reported as well


def test_posts_whose_pages_would_clash_and_reserved_ids_are_named_by_check(sample):
    post = (sample / POST).read_text(encoding="utf-8")
    (sample / "content/posts/copy.md").write_text(
        post.replace("title: “I Only Want the Toughest Customers”", "title: I only want the toughest customers!"),
        encoding="utf-8")
    edit(sample / "content/course/modules/objections.yml", "  - silence\n", "  - silence\n  - index\n  - ../x\n")
    edit(sample / "content/episodes/e298.yml", "  name: ", "  name: Index #")
    check_fails_with(
        sample,
        "content/posts/copy.md:2: this post and " + POST + " would share the page "
        "blog/2010-04-29-i-only-want-the-toughest-customers/ (same date, titles alike but for punctuation or case); "
        "change a title",
        "content/course/modules/objections.yml:11: lesson id 'index' is taken by the module's own page; "
        "rename the lesson",
        "content/course/modules/objections.yml:12: lesson id '../x' must be lower-case letters, digits and -",
        "content/episodes/e298.yml:5: this series would take series/index/, the page listing every series; "
        "add a word to its name")


def test_the_build_refuses_what_check_refuses_with_the_same_lines(sample):
    """The build validates with check's own loader: the clash is named there, not as two pages."""
    from generator.build import build_site

    (sample / "content/people/kwame-christian-2.yml").write_text("name: Kwame Christian!\n", encoding="utf-8")
    copy_site(sample, ("docs", "site-overrides"))
    problems = [str(p) for p in build_site(sample, sample / "site") if p.severity == "error"]
    assert problems == [line for line in podcourse(sample, "check").stderr.splitlines()]
    assert not (sample / "site").exists()


# ---- a key given twice (issue 15's first bug: the first value was silently lost) ----

def test_a_key_given_twice_is_named_with_both_lines_in_every_kind_of_file(sample):
    edit(sample / "content/episodes/e100.yml", "number: 100", "number: 100\ntitle: 'Another title'")
    edit(sample / POST, "date: 2010-04-29", "date: 2010-04-29\ndate: 2010-04-30")
    edit(sample / "quizzes/mindset.yml", "pass_mark: 75", "pass_mark: 75\npass_mark: 80")
    check_fails_with(sample,
                     "content/episodes/e100.yml:3: 'title' is given twice in one mapping (lines 2 and 3): "
                     "YAML keeps only the last; remove one",
                     f"{POST}:4: 'date' is given twice in one mapping (lines 3 and 4): YAML keeps only the last; remove one",
                     "quizzes/mindset.yml:3: 'pass_mark' is given twice in one mapping (lines 2 and 3): "
                     "YAML keeps only the last; remove one")
