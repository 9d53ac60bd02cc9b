"""Citations that point at another turn than the one holding their claim get a warning naming it.

A made-up episode of ten short turns, each about one thing, and tiny courses citing it: the
expected warnings (and their lines) can be read off the test itself. In so small an episode even
"it" or "an" is said in one turn only, so the warnings name them too.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.citation_targets import citation_target_problems
from generator.model import Catalogue, Episode, Person, Turn
from small_course import claims_of_one_module

TURNS = (
    ("Host", "Welcome to the show, today with our guest."),
    ("Guest", "Thanks for having me. I love talking about negotiation."),
    ("Host", "How did you start?"),
    ("Guest", "I am a chess player. Garry Kasparov wrote that novices capture pieces too quickly, because "
              "the tension on the board is uncomfortable."),
    ("Guest", "In sales the tension is a necessary part of the process."),
    ("Host", "Silence after a question scares new reps."),
    ("Guest", "Silence can mean an introvert is thinking, so give them time."),
    ("Host", "Tell me about your book."),
    ("Guest", "It is about a loan officer in Chicago, Janet, who sent 40 clients to a competitor bank."),
    ("Host", "Thanks for coming on the show."),
)
CATALOGUE = Catalogue(host=Person("Host"), show_title="Show", episodes=(
    Episode(7, "Seven", dt.date(2024, 1, 1), transcript=tuple(Turn(speaker, text) for speaker, text in TURNS)),))

QUIZ = """
questions:
  - id: one
    type: single
    prompt: What does the guest say about tension in sales?
    options:
      a: It is a necessary part of the process.
      b: A loan officer in Chicago sent 40 clients to a competitor bank.
    answer: a
    explanation: He says the tension is a necessary part of the process.
    source: E7, turn 5
"""


def warnings(root: Path, lesson: str = "Nothing cited.\n", quiz: str = QUIZ, listening: str = "") -> list[str]:
    catalogue, claims = claims_of_one_module(root, CATALOGUE, lesson, quiz, listening)
    return [str(p) for p in citation_target_problems(claims, catalogue)]


def test_a_story_cited_to_the_next_turn_gets_a_warning_naming_the_turn_that_tells_it(tmp_path):
    assert warnings(tmp_path, """\
        The guest borrows a lesson from Kasparov: chess novices capture the
        pieces too quickly [E7, turn 5].
        """) == ["content/course/lessons/l.md:5: warning: E7, turn 5 may point at the wrong turn: the claim's "
                 "distinctive words (capture, chess, Kasparov, novices, pieces, quickly, too) are not in turn 5 but are in turn 4"]


def test_the_same_story_cited_to_its_turn_or_a_range_holding_it_gets_none(tmp_path):
    assert warnings(tmp_path, """\
        The guest borrows a lesson from Kasparov: chess novices capture the
        pieces too quickly [E7, turn 4]. So he sits with the tension [E7, turns 4-5].
        """) == []


def test_one_telling_word_elsewhere_is_not_enough_nor_words_the_episode_never_says(tmp_path):
    assert warnings(tmp_path, """\
        Like Kasparov, he believes the strain of a negotiation is productive and part
        of the process [E7, turn 5].
        """) == []


def test_words_said_in_several_turns_do_not_point_at_one(tmp_path):
    assert warnings(tmp_path, "Silence scares the show's guest and the host [E7, turn 5].\n") == []


def test_a_quiz_question_is_one_claim_its_wrong_options_left_out(tmp_path):
    assert warnings(tmp_path) == []
    misaimed = QUIZ.replace("explanation: He says the tension is a necessary part of the process.",
                            "explanation: Janet, a loan officer in Chicago, sent 40 clients to a competitor.")
    assert warnings(tmp_path, quiz=misaimed) == [
        "quizzes/m.yml:10: warning: E7, turn 5 may point at the wrong turn: the claim's distinctive words "
        "(40, Chicago, clients, competitor, It, Janet, loan, officer, sent) are not in turn 5 but are in turn 9"]


def test_a_listening_note_is_warned_at_its_turns(tmp_path):
    note = """listening:
  - episode: 7
    turns: 6
    note: An introvert may be thinking during the silence; give them time.
"""
    assert warnings(tmp_path, listening=note) == [
        "content/course/modules/m.yml:6: warning: E7, turn 6 may point at the wrong turn: the claim's "
        "distinctive words (An, give, introvert, them, thinking, time) are not in turn 6 but are in turn 7"]
