"""The sample course says what its sources say, and the slips of issue 16 do not come back unseen.

Issue 16 found eight slips in the sample course. Slip 5 (a line called the post's "closing line"
that opens its last paragraph) is caught as it was written. Slips 1-4 and 6 were paraphrases
without quotation marks; the fixed content quotes the source at those places, so putting a slip's
words back into the quotation (as the issue quotes them) is caught at its line. Slips 7 and 8 (a
quiz answer presenting a remark as a difference the guest never draws, a wrong option that is
arguably right) assert nothing a word-by-word check can compare, and no check here claims them.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sample import ROOT, copy_site
from generator.citation_targets import aimed_claims, citation_target_problems
from generator.claims import course_claims
from generator.load import load_catalogue
from generator.quotations import quotation_problems, quotations

HITCH = "post 2025-02-03-if-you-have-seen-the-movie-hitch-then-you-know-the-scene"


def test_the_sample_course_passes_both_checks_with_nothing_to_explain():
    catalogue, problems = load_catalogue(ROOT)
    assert [str(p) for p in problems] == []
    claims = course_claims(ROOT, catalogue)
    assert sum(len(quotations(claim.text)) for claim in claims) >= 45  # the check has quotations to check
    assert len(aimed_claims(claims)) >= 100  # and turn citations to aim
    assert quotation_problems(claims, catalogue) == [] and citation_target_problems(claims, catalogue) == []


@pytest.fixture
def sample(tmp_path) -> Path:
    return copy_site(tmp_path, with_sources=False)


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    file.write_text(text.replace(old, new), encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    return [str(problem) for problem in load_catalogue(root)[1]]


SLIPS = {
    "1: often, where Kwame says sometimes": (
        "content/course/lessons/the-toughest-customers.md",
        '"sometimes that tension is a necessary part of the process" [E204, turn 16]',
        '"is often a necessary part of it" [E204, turn 16]',
        "content/course/lessons/the-toughest-customers.md:28: quotation “is often a necessary part of it” is not "
        "in E204, turn 16; closest passage: “…thing, and sometimes that tension is a necessary part of the process. "
        "These…”"),
    "2: often, in the tension-signs explanation": (
        "quizzes/mindset.yml",
        'Kwame says "sometimes that tension is a necessary part of the process"',
        'Kwame says "tension is often necessary"',
        "quizzes/mindset.yml:87: quotation “tension is often necessary” is not in E204, turns 16-17; closest in "
        "turn 16: “…and sometimes that tension is a necessary part of the…”"),
    "3: at least as much as you": (
        "quizzes/sales-fundamentals.yml",
        '"potentially 51% of the way – so they want\n      it more than you"',
        '"the prospect has to want it at least\n      as much as you"',
        f"quizzes/sales-fundamentals.yml:104: quotation “the prospect has to want it at least as much as you” is not "
        f"in {HITCH}; closest passage: “…potentially 51% of the way – so they want it more than you. The more you can "
        f"get them…”"),
    "4: at least 51%, cited to the Hitch post": (
        "content/course/lessons/bought-for-their-reasons.md",
        '"potentially 51% of the way"',
        '"at least 51% of the way"',
        f"content/course/lessons/bought-for-their-reasons.md:29: quotation “at least 51% of the way” is not in "
        f"{HITCH}; closest passage: “…an Order Taker. But potentially 51% of the way – so they want…”"),
    "5: the opening of the last paragraph called the closing line": (
        "content/course/lessons/just-send-me-some-information.md",
        'Its last paragraph opens\nwith "The antidote for objections is always truth serum", and its closing line asks you to\n'
        '"Focus on the customer with a sincere curiosity" [post',
        'Its closing line:\n"The antidote for objections is always truth serum"\n[post',
        "content/course/lessons/just-send-me-some-information.md:28: quotation “The antidote for objections is "
        "always truth serum” is in post 2010-06-22-please-just-send-me-some-information, but not where it closes: "
        "its last sentence is “Focus on the customer with a sincere curiosity, and it could give you just the clues "
        "you need to close that next opportunity.”"),
    "6: the difference is in the A": (
        "content/course/lessons/requests-are-not-goals.md",
        '"goal is not a request. A goal is a destination"',
        '"The difference [from SMART goals] is in the A"',
        "content/course/lessons/requests-are-not-goals.md:7: quotation “The difference [from SMART goals] is in the "
        "A” is not in E227, turn 9; closest passage: “…That's the S. The M is meaningful. It's the Y of the…”"),
}


@pytest.mark.parametrize("slip", SLIPS)
def test_each_slip_of_issue_16_put_back_is_an_error_at_its_line_with_the_source_beside_it(sample, slip):
    path, fixed, slipped, expected = SLIPS[slip]
    edit(sample, path, fixed, slipped)
    assert problems_of(sample) == [expected]


def test_podcourse_check_reports_slip_5_and_exits_1(sample):
    path, fixed, slipped, expected = SLIPS["5: the opening of the last paragraph called the closing line"]
    edit(sample, path, fixed, slipped)
    done = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(sample), "check"],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr.splitlines()) == (1, [expected])


CHESS_WARNING = (
    "content/course/lessons/productive-tension.md:7: warning: E204, turn 16 may point at the wrong turn: the "
    "claim's distinctive words (chess, Kasparov, mistake, novices, pieces, player, Sitting, uncomfortable) are "
    "not in turn 16 but are in turn 15")


def test_a_citation_moved_off_the_chess_story_is_warned(sample):
    edit(sample, "content/course/lessons/productive-tension.md",
         "mistake trying to relieve it [E204, turn 15].", "mistake trying to relieve it [E204, turn 16].")
    assert problems_of(sample) == [CHESS_WARNING]


def test_the_trainers_guide_shows_what_check_prints():
    guide = (ROOT / "docs/pages/guide/index.md").read_text(encoding="utf-8")
    assert SLIPS["1: often, where Kwame says sometimes"][3] in guide
    assert 'conversation "is often a necessary part of it" [E204, turn 16].' in guide
    assert CHESS_WARNING in guide
