"""Quotations in lessons, listening notes and quizzes are checked against the words they cite.

Each test writes a tiny course citing a made-up episode and post held in memory, so the expected
line of every problem can be read off the text in the test itself.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.model import Catalogue, Episode, Person, Post, Turn
from generator.quotations import quotation_problems
from small_course import claims_of_one_module

CATALOGUE = Catalogue(
    host=Person("Host"), show_title="Show",
    episodes=(Episode(7, "Seven", dt.date(2024, 1, 1), transcript=(
        Turn("Host", "Welcome to the show."),
        Turn("Guest", "And sometimes that tension is a necessary part of the process. These conversations are "
                      "by design, difficult."),
        Turn("Guest", "I’m a chess nerd. Novices jump the gun and attack the piece very quickly."),
        Turn("Host", "That's why I use the phrase order taker."),
    )),),
    posts=(Post("Please Just Send Me Some Information…", dt.date(2010, 6, 22),
                "Have you ever heard that one before?\n\nThe antidote for objections is always truth serum. "
                "Focus on the customer with a sincere curiosity.", categories=("negotiations",)),),
)
POST = "post: 2010-06-22-please-just-send-me-some-information"

QUIZ = """
questions:
  - id: one
    type: single
    prompt: Which?
    options:
      a: Right
      b: Wrong
    answer: a
    explanation: Because.
    source: E7, turn 2
"""


def problems(root: Path, lesson: str = "Nothing cited.\n", quiz: str = QUIZ, note: str = "") -> list[str]:
    """`podcourse check`'s quotation problems of a course of one module, one lesson and one quiz."""
    listening = f"listening:\n  - episode: 7\n    turns: 2\n    note: {note}\n" if note else ""
    catalogue, claims = claims_of_one_module(root, CATALOGUE, lesson, quiz, listening)
    return [str(p) for p in quotation_problems(claims, catalogue)]


def test_a_quotation_matches_whatever_its_case_punctuation_spacing_and_quotation_marks(tmp_path):
    assert problems(tmp_path, """\
        He says "SOMETIMES that tension is a necessary   part of the process!" [E7, turn 2].
        And “I'm a chess nerd,” with a straight apostrophe where the turn has a curly one [E7, turn 3].
        """) == []


def test_a_quotation_that_is_not_in_the_turn_is_an_error_at_its_line_with_the_closest_passage(tmp_path):
    assert problems(tmp_path, """\
        The tension in a hard conversation, he says,
        is "often a necessary part of it" [E7, turn 2].
        """) == ["content/course/lessons/l.md:5: quotation “often a necessary part of it” is not in E7, turn 2; "
                 "closest passage: “And sometimes that tension is a necessary part of the process. These…”"]


def test_an_ellipsis_stands_for_words_left_out_in_their_order(tmp_path):
    assert problems(tmp_path, 'He says "sometimes that tension ... by design, difficult" [E7, turn 2].\n') == []
    assert problems(tmp_path, 'He says "sometimes that tension… by design" [E7, turn 2].\n') == []
    out_of_order = problems(tmp_path, 'He says "by design ... sometimes that tension" [E7, turn 2].\n')
    assert len(out_of_order) == 1 and out_of_order[0].startswith(
        "content/course/lessons/l.md:4: quotation “by design ... sometimes that tension” is not in E7, turn 2")


def test_words_in_square_brackets_are_the_authors(tmp_path):
    assert problems(tmp_path, 'He says "[the] tension is a necessary part of [selling]" [E7, turn 2].\n') == []
    assert problems(tmp_path, 'He calls novices "[players who] jump the gun" [E7, turn 3].\n') == []
    assert problems(tmp_path, 'He says "[the] tension is [always] vital" [E7, turn 2].\n') == [
        "content/course/lessons/l.md:4: quotation “[the] tension is [always] vital” is not in E7, turn 2; "
        "closest passage: “And sometimes that tension is a necessary part…”"]


def test_a_quotation_citing_a_range_matches_in_any_of_its_turns_but_not_across_two(tmp_path):
    assert problems(tmp_path, 'Novices "jump the gun" [E7, turns 2-3].\n') == []
    across = problems(tmp_path, 'He says "by design, difficult. I\'m a chess nerd" [E7, turns 2-3].\n')
    assert len(across) == 1 and "is not in E7, turns 2-3; closest in turn" in across[0]


def test_a_quotation_wrapped_over_lines_is_reported_where_it_opens(tmp_path):
    found = problems(tmp_path, """\
        First line of the paragraph, then the quotation
        opens here: "novices jump the gun and attack
        the king" [E7, turn 3].
        """)
    assert len(found) == 1 and found[0].startswith("content/course/lessons/l.md:5: quotation “novices jump the gun")
    assert found[0].endswith("closest passage: “I’m a chess nerd. Novices jump the gun and attack the piece very quickly”")


def test_only_text_next_to_a_citation_is_checked_and_markup_is_not_text(tmp_path):
    assert problems(tmp_path, """\
        **Try it:** write "this is an opportunity to ..." on a card. No citation in this paragraph.

        A <abbr title="not said anywhere">SMART</abbr> request, [in "his" words](https://example.com),
        is "a necessary part of the process" [E7, turn 2].

        ```text
        "Not in the source" [E7, turn 2]
        ```
        """) == ["content/course/lessons/l.md:6: quotation “his” is not in E7, turn 2; "
                 "closest passage: “And sometimes that tension…”"]


def test_words_after_a_paragraphs_last_citation_lean_on_it_and_a_list_after_a_colon_too(tmp_path):
    found = problems(tmp_path, """\
        Two things he says [E7, turn 3]:

        - "I'm a chess nerd".
        - "Novices jump the gun and attack the queen".
        """)
    assert len(found) == 1 and found[0].startswith("content/course/lessons/l.md:7: quotation “Novices jump")


def test_a_post_is_quoted_from_its_title_categories_and_text(tmp_path):
    assert problems(tmp_path, f"""\
        The "negotiations" post "Please just send me some information" says "the antidote for objections
        is always truth serum" [{POST}].
        """) == []


def test_a_quotation_called_the_closing_line_must_close_the_source(tmp_path):
    assert problems(tmp_path, f'Its closing line: "Focus on the customer with a sincere curiosity" [{POST}].\n') == []
    assert problems(tmp_path, f'Its closing line:\n"The antidote for objections is always truth serum" [{POST}].\n') == [
        "content/course/lessons/l.md:5: quotation “The antidote for objections is always truth serum” is in post "
        "2010-06-22-please-just-send-me-some-information, but not where it closes: its last sentence is "
        "“Focus on the customer with a sincere curiosity.”"]
    assert problems(tmp_path, f'Its first line: "Have you ever heard that one before?" [{POST}].\n') == []


def test_a_listening_note_is_checked_against_its_turns(tmp_path):
    assert problems(tmp_path, note='Why "sometimes that tension is a necessary part".') == []
    assert problems(tmp_path, note='Why "tension is always a necessary part".') == [
        "content/course/modules/m.yml:7: quotation “tension is always a necessary part” is not in E7, turn 2; "
        "closest passage: “And sometimes that tension is a necessary part of the process…”"]


def test_a_quiz_quotation_is_reported_at_its_line_inside_a_folded_block(tmp_path):
    quiz = QUIZ.replace("explanation: Because.", """explanation: >-
      He sits with the tension, which is fine, since he says
      "it is often a necessary part of the process", and moves on.""")
    assert problems(tmp_path, quiz=quiz) == [
        "quizzes/m.yml:11: quotation “it is often a necessary part of the process” is not in E7, turn 2; "
        "closest passage: “And sometimes that tension is a necessary part of the process. These conversations are…”"]


def test_what_a_quiz_gets_wrong_on_purpose_may_misquote_but_its_feedback_may_not(tmp_path):
    quiz = QUIZ.replace("b: Wrong", """b:
        text: He says "tension is always bad".
        feedback: He says "by design, easy".""")
    assert problems(tmp_path, quiz=quiz) == [
        "quizzes/m.yml:9: quotation “by design, easy” is not in E7, turn 2; "
        "closest passage: “…process. These conversations are by design, difficult”"]
    false_statement = """
questions:
  - id: one
    type: truefalse
    prompt: He says "tension is always bad".
    answer: false
    explanation: He says "sometimes that tension is a necessary part of the process".
    source: E7, turn 2
"""
    assert problems(tmp_path, quiz=false_statement) == []
