"""Two versions of a course file compared as a learner sees them; expectations written by hand."""
from generator.course_changes import describe_change

QUIZ = """pass_mark: 75
questions:
  - id: a
    prompt: One?
  - id: b
    prompt: Two?
  - id: c
    prompt: Three?
"""


def test_quiz_questions_are_matched_by_id():
    after = QUIZ.replace("Two?", "Two, said better?").replace("  - id: c\n    prompt: Three?\n", "") + "  - id: d\n    prompt: Four?\n"
    assert describe_change("quiz", QUIZ, after) == ["1 new question", "1 question removed", "1 question revised"]


def test_a_quiz_that_only_moved_its_comments_or_layout_has_no_news():
    assert describe_change("quiz", QUIZ, "# reviewed\n" + QUIZ.replace("prompt: One?", "prompt: 'One?'")) == []


def test_an_unreadable_old_version_counts_as_empty_and_an_unknown_side_says_nothing():
    assert describe_change("quiz", "questions: [", QUIZ) == ["3 new questions", "pass mark now 75%"]
    assert describe_change("quiz", None, QUIZ) == [] and describe_change("episode", QUIZ, QUIZ + "x: 1\n") == []


def test_a_lesson_reports_its_new_title_and_sections():
    before = "---\ntitle: Silence\n---\nIntro.\n\n## Why\n\nBecause.\n"
    after = "---\ntitle: Silence <is> golden\n---\nIntro.\n\n## How\n\nPause.\n"
    assert describe_change("lesson", before, after) == [
        "retitled (was “Silence”)", "new section “How”", "section “Why” removed"]


def test_a_lesson_counts_paragraphs_added_or_rewritten_but_not_rewrapped():
    before = "---\ntitle: T\n---\nOne two\nthree.\n\nFour.\n"
    assert describe_change("lesson", before, before.replace("One two\nthree.", "One\ntwo three.")) == []
    assert describe_change("lesson", before, before + "\nFive.\n\nSix.\n") == ["2 new paragraphs"]
    assert describe_change("lesson", before, before.replace("Four.", "Four, five.")) == ["1 paragraph rewritten"]
    assert describe_change("lesson", before, "---\ntitle: T\n---\nOne two three.\n") == ["1 paragraph removed"]


def test_a_module_reports_new_required_listening_and_revised_objectives():
    before = "title: Mindset\nobjectives: [Reframe]\nlistening:\n  - episode: 204\n    turns: 12\n"
    after = ("title: Mindset\nobjectives: [Reframe, Test a belief]\nlistening:\n  - episode: 204\n    turns: 12\n"
             "  - episode: 204\n    turns: 15-16\n  - episode: 298\n")
    assert describe_change("module", before, after) == [
        "objectives revised", "new required listening: E204, turns 15-16, E298"]
