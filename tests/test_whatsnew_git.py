"""What's new from a real git repository: the sample course committed, then changed the way a
trainer changes it (a new episode, new quiz questions, a lesson edited), each commit with the
date and message a test chooses. Entries must say what changed in the course's terms, and no
commit message may reach learners unless it carries a `Learners:` trailer.

Expected headlines are written by hand from the edits each test makes.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from sample import copy_site
from generator.history import read_history
from generator.load import load_catalogue
from generator.render.whatsnew import COMPARED_SOURCES, atom_feed, updates, whats_new_page
from gitrepo import GitRepo

A = "{http://www.w3.org/2005/Atom}"
QUIZ = "quizzes/smart-asks.yml"
LESSON = "content/course/lessons/five-criteria.md"
LESSON_TITLE = "The five criteria of a SMART request"


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    """The sample site committed as the trainer found it, in a repository of its own."""
    copy_site(tmp_path / "site")
    repo = GitRepo(tmp_path / "site")
    repo.commit("The course as the trainer found it", "2026-01-05T09:00:00+00:00")
    return repo


def course_updates(repo: GitRepo, after: str = "2026-01-06"):
    """The entries the site would show for what was committed after the starting commit."""
    catalogue, problems = load_catalogue(repo.path)
    assert [str(p) for p in problems if p.severity == "error"] == []
    history = read_history(repo.path, texts_under=COMPARED_SOURCES)
    assert history.warnings == ()
    found = updates(catalogue, history)
    return catalogue, history, [u for u in found if u.when.date().isoformat() >= after]


def edit(repo: GitRepo, name: str, old: str, new: str) -> None:
    path = repo.path / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer holds {old!r}: the test's edit needs updating"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_quiz_questions(repo: GitRepo) -> None:
    """Two questions appended to the SMART asks quiz, as a trainer would write them."""
    text = (repo.path / QUIZ).read_text(encoding="utf-8")
    (repo.path / QUIZ).write_text(text.rstrip("\n") + """
  - id: deadline
    type: truefalse
    prompt: A SMART request has a deadline.
    answer: true
    explanation: T is time-bound.
    source: E227, turn 9
  - id: action
    type: truefalse
    prompt: The A in SMART stands for "ambitious".
    answer: false
    explanation: It stands for action, something to be done.
    source: E227, turn 9
""", encoding="utf-8")


def test_a_new_episode_is_announced_by_its_code_and_title(repo):
    text = (repo.path / "content/episodes/e100.yml").read_text(encoding="utf-8")
    text = text.replace("number: 100", "number: 305").replace(
        "title: 'Closing Week: Ending Season One of TSEP'", "title: Asking <well> & often").replace(
        "date: 2024-01-03", "date: 2026-02-10")
    repo.write("content/episodes/e305.yml", text)
    repo.commit("Import E305 from the feed (ran podcourse import)", "2026-02-10T08:00:00+00:00")
    _, _, found = course_updates(repo)
    assert [(u.headline, u.page) for u in found] == [("New episode E305: Asking <well> & often", "episodes/e305.md")]


def test_new_quiz_questions_are_counted_and_the_commit_message_stays_out(repo):
    add_quiz_questions(repo)
    repo.commit("quiz: t/f x2 (see Slack thread with Dana)", "2026-02-11T10:00:00+00:00")
    catalogue, history, found = course_updates(repo)
    assert [u.headline for u in found] == ["Quiz updated: SMART asks, 2 new questions"]
    assert found[0].note == "" and found[0].anchor == "#quiz"
    (listing,) = whats_new_page(catalogue, history).html.values()
    feed = atom_feed(catalogue, history)
    assert "Slack" not in listing and b"Slack" not in feed
    assert re.search(r"Quiz updated</span>:\s*<a href=\"../course/smart-asks/#quiz\">SMART asks</a>, "
                     r"<span class=\"pc-whats-new__detail\">2 new questions</span>", listing)


def test_a_learners_trailer_is_the_only_part_of_a_message_shown(repo):
    edit(repo, QUIZ, "pass_mark: 75", "pass_mark: 80")
    repo.commit("Raise the pass mark\n\nDana found 75% let people through who missed the R.\n\n"
                "Learners: The SMART asks quiz now needs 80% <to pass> & a retake if you passed before.",
                "2026-02-12T10:00:00+00:00")
    catalogue, history, found = course_updates(repo)
    assert [(u.headline, u.note) for u in found] == [
        ("Quiz updated: SMART asks, pass mark now 80%",
         "The SMART asks quiz now needs 80% <to pass> & a retake if you passed before.")]
    (listing,) = whats_new_page(catalogue, history).html.values()
    assert "— The SMART asks quiz now needs 80% &lt;to pass&gt; &amp; a retake if you passed before." in listing
    assert "Dana" not in listing and "Raise the pass mark" not in listing
    entry = ET.fromstring(atom_feed(catalogue, history)).find(A + "entry")
    assert entry.findtext(A + "summary") == "The SMART asks quiz now needs 80% <to pass> & a retake if you passed before."


def test_an_edited_lesson_names_its_new_section_and_a_rewrite_counts_paragraphs(repo):
    edit(repo, LESSON, "**A, action.** You ask for something to be done [E227, turn 9].\n",
         "**A, action.** You ask for something to be done [E227, turn 9].\n\n## Try it\n\nWrite one request today.\n")
    repo.commit("wip", "2026-02-13T10:00:00+00:00")
    edit(repo, LESSON, "**M, meaningful.** The why of the request.", "**M, meaningful.** Why you ask.")
    repo.commit("wording", "2026-02-14T10:00:00+00:00")
    _, _, found = course_updates(repo)
    assert [u.headline for u in found] == [
        f"Lesson updated: {LESSON_TITLE}, 1 paragraph rewritten",
        f"Lesson updated: {LESSON_TITLE}, new section “Try it”",
    ]
    assert {u.page for u in found} == {"course/smart-asks/five-criteria.md"}


def test_a_new_lesson_is_one_entry_and_its_module_file_is_not_news_again(repo):
    repo.write("content/course/lessons/follow-up.md", "---\ntitle: Following up\n---\nAsk again, kindly.\n")
    edit(repo, "content/course/modules/smart-asks.yml", "  - asking-your-manager\n", "  - asking-your-manager\n  - follow-up\n")
    repo.commit("Add follow-up lesson", "2026-02-15T10:00:00+00:00")
    _, _, found = course_updates(repo)
    assert [u.headline for u in found] == ["New lesson: Following up"]


def test_a_change_no_learner_sees_is_no_news(repo):
    edit(repo, QUIZ, "# Quiz of the SMART asks module.", "# Quiz of the SMART asks module (reviewed by Dana).")
    text = (repo.path / LESSON).read_text(encoding="utf-8")
    (repo.path / LESSON).write_text(text.replace("should meet five criteria, which he calls\nSMART",
                                                 "should meet five criteria,\nwhich he calls SMART"), encoding="utf-8")
    repo.commit("Comment and re-wrap only", "2026-02-16T10:00:00+00:00")
    _, _, found = course_updates(repo)
    assert found == []


def test_a_days_changes_to_one_file_are_one_entry_compared_from_first_to_last(repo):
    add_quiz_questions(repo)
    repo.commit("Two questions", "2026-02-17T09:00:00+00:00")
    edit(repo, QUIZ, "  - id: action\n", "  - id: action-letter\n")
    repo.commit("Rename an id", "2026-02-17T15:00:00+00:00")
    _, _, found = course_updates(repo)
    assert [u.headline for u in found] == ["Quiz updated: SMART asks, 2 new questions"]


def test_the_guides_example_message_shows_learners_its_trailer_and_nothing_else(repo):
    guide = (repo.path / "docs/pages/guide/index.md").read_text(encoding="utf-8")
    (message,) = [block for block in re.findall(r"```text\n(.*?)```", guide, re.S) if "Learners:" in block]
    trailer = re.search(r"^Learners: (.*)$", message, re.M).group(1)
    edit(repo, QUIZ, "pass_mark: 75", "pass_mark: 80")
    repo.commit(message, "2026-02-18T10:00:00+00:00")
    _, _, found = course_updates(repo)
    assert [(u.headline, u.note) for u in found] == [("Quiz updated: SMART asks, pass mark now 80%", trailer)]
