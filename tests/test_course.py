"""The course schema and its validation: every message, with the file and line a trainer must fix.

Fixtures are tiny courses written by each test; the catalogue they cite is built in memory, so the
expected line numbers can be read off the YAML in the test itself.
"""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from generator.course import load_course
from generator.model import Module, Question, Source, TurnSpan
from generator.model import Catalogue, Episode, Person, Post, Turn
from small_course import write


def catalogue() -> Catalogue:
    """Two episodes (E7 has 5 turns, E9 has 2) and one post."""
    turns = tuple(Turn("Host", f"turn {n}") for n in range(1, 6))
    return Catalogue(
        host=Person("Host"), show_title="Show",
        episodes=(Episode(7, "Seven", dt.date(2024, 1, 1), transcript=turns),
                  Episode(9, "Nine", dt.date(2024, 1, 2), transcript=turns[:2])),
        posts=(Post("A Post", dt.date(2010, 6, 22), "Body."),),
    )


GOOD_QUIZ = """
pass_mark: 75
shuffle: false
questions:
  - id: one
    type: single
    prompt: Which?
    options:
      a: {text: Right, feedback: Yes.}
      b: Wrong
    answer: a
    explanation: Because.
    source: E7, turns 2-3
  - id: two
    type: multiple
    prompt: Which ones?
    options: {a: A, b: B, c: C}
    answer: [a, c]
    explanation: Because.
    source: {post: 2010-06-22-a-post}
  - id: three
    type: truefalse
    prompt: True?
    answer: false
    feedback: {true: No., false: Right.}
    explanation: Because.
    source: E9
  - id: four
    type: ordering
    prompt: Order these.
    items: [First, Second, Third]
    explanation: Because.
    source: {episode: 7, turns: 4}
  - id: five
    type: open
    prompt: Explain.
    model_answer: Like this.
    rubric: [Says this, Says that]
    explanation: Because.
    source: E7, turn 5
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A valid one-module course; tests break one thing in it."""
    write(tmp_path, "content/course/path.yml", "modules: [basics]\n")
    write(tmp_path, "content/course/modules/basics.yml", """
        title: Basics
        summary: The start.
        objectives: [Know things]
        lessons: [first]
        listening:
          - episode: 7
            turns: 2-3
            note: Listen.
        """)
    write(tmp_path, "content/course/lessons/first.md", """
        ---
        title: First lesson
        ---
        Said in [E7, turns 2-3] and [post: 2010-06-22-a-post].
        """)
    write(tmp_path, "quizzes/basics.yml", GOOD_QUIZ)
    return tmp_path


def messages(root: Path) -> list[str]:
    _, problems = load_course(root, catalogue())
    return [str(problem) for problem in problems]


def test_a_valid_course_loads_into_the_model(root):
    modules, problems = load_course(root, catalogue())
    assert problems == []
    (module,) = modules
    assert isinstance(module, Module)
    assert (module.id, module.title, module.objectives) == ("basics", "Basics", ("Know things",))
    assert module.lessons[0].title == "First lesson"
    assert module.listening[0].episode == 7 and module.listening[0].turns == TurnSpan(2, 3)
    quiz = module.quiz
    assert (quiz.pass_mark, quiz.shuffle) == (75, False)
    one, two, three, four, five = quiz.questions
    assert isinstance(one, Question)
    assert [o.id for o in one.options] == ["a", "b"] and one.answer == ("a",)
    assert one.options[0].feedback == "Yes." and one.source == Source(episode=7, turns=TurnSpan(2, 3))
    assert two.answer == ("a", "c") and two.source == Source(post="2010-06-22-a-post")
    assert three.answer == ("false",) and [o.feedback for o in three.options] == ["No.", "Right."]
    assert four.items == ("First", "Second", "Third") and four.source.turns == TurnSpan(4, 4)
    assert five.model_answer == "Like this." and five.rubric == ("Says this", "Says that")
    assert one.line == 4 and five.line == 33


def test_no_course_directory_means_no_course_and_no_problem(tmp_path):
    assert load_course(tmp_path, catalogue()) == ((), [])


def test_quiz_version_changes_with_the_content_not_with_comments(root):
    version = load_course(root, catalogue())[0][0].quiz.version
    write(root, "quizzes/basics.yml", "# a comment\n" + textwrap.dedent(GOOD_QUIZ))
    assert load_course(root, catalogue())[0][0].quiz.version == version
    write(root, "quizzes/basics.yml", GOOD_QUIZ.replace("Which?", "Which one?"))
    assert load_course(root, catalogue())[0][0].quiz.version != version


def break_quiz(root: Path, old: str, new: str) -> list[str]:
    assert old in GOOD_QUIZ
    write(root, "quizzes/basics.yml", GOOD_QUIZ.replace(old, new, 1))
    return messages(root)


def test_unknown_question_type(root):
    assert break_quiz(root, "type: single", "type: essay") == [
        "quizzes/basics.yml:5: unknown question type 'essay': expected one of single, multiple, truefalse, "
        "ordering, open"]


def test_no_correct_answer(root):
    assert break_quiz(root, "    answer: a\n", "") == [
        "quizzes/basics.yml:4: no correct answer: set `answer:` to an option id"]


def test_true_false_without_an_answer(root):
    assert break_quiz(root, "answer: false", "answer: maybe") == [
        "quizzes/basics.yml:20: no correct answer: a true/false question needs `answer: true` or `answer: false`"]


def test_open_question_without_model_answer_or_rubric(root):
    assert break_quiz(root, "    model_answer: Like this.\n    rubric: [Says this, Says that]\n", "") == [
        "quizzes/basics.yml:33: no correct answer: an open question needs `model_answer:` or `rubric:` to "
        "grade against"]


def test_answer_not_among_the_options(root):
    assert break_quiz(root, "answer: [a, c]", "answer: [a, d]") == [
        "quizzes/basics.yml:17: answer 'd' is not among the options (a, b, c)"]


def test_single_choice_with_two_answers(root):
    assert break_quiz(root, "    answer: a\n", "    answer: [a, b]\n") == [
        "quizzes/basics.yml:10: a single-choice question has one answer; use type: multiple for several"]


def test_duplicate_question_id(root):
    assert break_quiz(root, "id: two", "id: one") == ["quizzes/basics.yml:13: duplicate id 'one'"]


def test_questions_without_ids_are_each_named_and_not_taken_for_duplicates(root):
    write(root, "quizzes/basics.yml", GOOD_QUIZ.replace("  - id: one\n    type", "  - type", 1)
          .replace("  - id: two\n    type", "  - type", 1))
    assert messages(root) == ["quizzes/basics.yml:4: question needs an `id:`",
                              "quizzes/basics.yml:12: question needs an `id:`"]


def test_duplicate_option_id(root):
    assert break_quiz(root, "options: {a: A, b: B, c: C}", "options: {a: A, b: B, a: C}") == [
        "quizzes/basics.yml:16: 'a' is given twice in one mapping on line 16: YAML keeps only the last; remove one"]


def test_duplicate_ordering_item(root):
    assert break_quiz(root, "[First, Second, Third]", "[First, Second, First]") == [
        "quizzes/basics.yml:30: duplicate id 'First' among the items"]


def test_source_naming_a_missing_episode(root):
    assert break_quiz(root, "source: E9", "source: E8") == [
        "quizzes/basics.yml:26: source names episode E8, which is not in content/episodes/"]


def test_source_naming_a_missing_turn(root):
    assert break_quiz(root, "source: E7, turns 2-3", "source: E7, turns 4-6") == [
        "quizzes/basics.yml:12: source names E7, turns 4-6, but E7 has 5 turns"]


def test_source_naming_a_missing_post(root):
    assert break_quiz(root, "{post: 2010-06-22-a-post}", "{post: no-such-post}") == [
        "quizzes/basics.yml:19: source names post 'no-such-post', which is not in content/posts/"]


def test_source_that_is_not_a_citation(root):
    assert break_quiz(root, "source: E9", "source: the episode with Kwame") == [
        "quizzes/basics.yml:26: source: expected an episode moment like `E227, turns 31-34` or `{post: <slug>}`"]


def test_missing_explanation_and_misspelt_key(root):
    assert break_quiz(root, "    explanation: Because.\n    source: E9", "    explaination: Because.\n    source: E9") == [
        "quizzes/basics.yml:25: unknown key 'explaination' (expected answer, explanation, feedback, id, prompt, "
        "source, type)",
        "quizzes/basics.yml:20: `explanation:` is required (text)"]


def test_pass_mark_out_of_range(root):
    assert break_quiz(root, "pass_mark: 75", "pass_mark: 175") == [
        "quizzes/basics.yml:1: pass_mark 175: expected a percentage from 1 to 100"]


def test_malformed_yaml_points_at_its_line(root):
    assert break_quiz(root, "    prompt: Which?\n", "    prompt: [Which?\n") == [
        "quizzes/basics.yml:6: invalid YAML at column 13: this [ is never closed; end the value with ] on the same "
        "line, or put it in quotes\n        prompt: [Which?\n                ^"]


def test_module_without_a_quiz(root):
    (root / "quizzes" / "basics.yml").unlink()
    assert messages(root) == ["content/course/path.yml:1: module 'basics' has no quiz: expected quizzes/basics.yml"]


def test_quiz_for_a_module_not_on_the_path(root):
    write(root, "quizzes/extra.yml", GOOD_QUIZ)
    assert messages(root) == [
        "quizzes/extra.yml:1: quiz for module 'extra', which is not in content/course/path.yml"]


def test_every_problem_is_reported_at_once(root):
    broken = (GOOD_QUIZ.replace("type: single", "type: essay")
              .replace("id: two", "id: three")
              .replace("source: E9", "source: E8"))
    write(root, "quizzes/basics.yml", broken)
    write(root, "content/course/modules/basics.yml", "title: Basics\nobjectives: [x]\nlessons: [first, second]\n")
    assert messages(root) == [
        "content/course/modules/basics.yml:3: lesson 'second' has no file content/course/lessons/second.md",
        "quizzes/basics.yml:5: unknown question type 'essay': expected one of single, multiple, truefalse, "
        "ordering, open",
        "quizzes/basics.yml:20: duplicate id 'three'",
        "quizzes/basics.yml:26: source names episode E8, which is not in content/episodes/",
    ]


def test_path_problems(root):
    write(root, "content/course/path.yml", "modules:\n  - basics\n  - basics\n  - Bad Id\n  - progress\n  - later\n")
    assert messages(root) == [
        "content/course/path.yml:3: duplicate id 'basics': module listed twice in the path",
        "content/course/path.yml:4: module id 'Bad Id' must be lower-case letters, digits and -",
        "content/course/path.yml:5: module id 'progress' is taken by the course's own pages",
        "content/course/path.yml:6: module 'later' has no file content/course/modules/later.yml",
    ]


def test_listening_that_names_a_missing_turn(root):
    write(root, "content/course/modules/basics.yml", """
        title: Basics
        objectives: [Know things]
        listening:
          - episode: 9
            turns: 1-3
        """)
    assert messages(root) == ["content/course/modules/basics.yml:4: source names E9, turns 1-3, but E9 has 2 turns"]


def test_module_without_title_or_objectives(root):
    write(root, "content/course/modules/basics.yml", "summary: x\n")
    assert messages(root) == [
        "content/course/modules/basics.yml:1: `title:` is required (text)",
        "content/course/modules/basics.yml:1: `objectives:` must be a list of text",
    ]


def test_lesson_citation_of_a_missing_turn_points_at_its_line(root):
    write(root, "content/course/lessons/first.md", """
        ---
        title: First lesson
        ---
        Fine: [E7, turn 5].

        Not fine: [E7, turns 5-6].
        """)
    assert messages(root) == ["content/course/lessons/first.md:6: source names E7, turns 5-6, but E7 has 5 turns"]


def test_lesson_with_malformed_front_matter(root):
    write(root, "content/course/lessons/first.md", "---\ntitle: First\nnote: [open\n---\nBody\n")
    assert messages(root) == [
        "content/course/lessons/first.md:3: invalid YAML at column 7: this [ is never closed; end the value with ] "
        "on the same line, or put it in quotes\n    note: [open\n          ^"]


def test_done_rule_course_wide_and_per_module(root):
    write(root, "content/course/path.yml", "done: quiz only\nmodules:\n  - basics\n")
    (module,), problems = load_course(root, catalogue())
    assert problems == [] and module.done == "quiz only"
    write(root, "content/course/path.yml", "done: quiz only\nmodules:\n  - id: basics\n    done: lessons and quiz\n")
    (module,), problems = load_course(root, catalogue())
    assert problems == [] and module.done == "lessons and quiz"
    write(root, "content/course/path.yml", "modules: [basics]\n")
    (module,), _ = load_course(root, catalogue())
    assert module.done == "lessons and quiz"  # the default: a module is done when it is learned


def test_done_rule_problems_are_named_at_their_line(root):
    write(root, "content/course/path.yml",
          "done: lessons\nmodules:\n  - id: basics\n    done: quizz only\n    due: soon\n  - {done: quiz only}\n")
    assert messages(root) == [
        "content/course/path.yml:1: done: 'lessons': expected one of 'lessons and quiz', 'quiz only'",
        "content/course/path.yml:5: unknown key 'due' (expected done, id)",
        "content/course/path.yml:4: done: 'quizz only': expected one of 'lessons and quiz', 'quiz only'",
        "content/course/path.yml:6: module id None must be lower-case letters, digits and -",
    ]


def test_review_is_a_reserved_module_id(root):
    write(root, "content/course/path.yml", "modules: [basics, review]\n")
    assert "content/course/path.yml:1: module id 'review' is taken by the course's own pages" in messages(root)
