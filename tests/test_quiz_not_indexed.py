"""Quiz answers never reach Material's search index.

`search/search_index.json` is downloaded by every visitor who uses the header's search box, so
whatever it holds is readable by anyone: a quiz's answers, per-option notes and explanations
must stay out of it (course/quiz.html marks them data-search-exclude), while the prompts stay
searchable. Checked on the sample site, built once, against every question of every quiz as the
loader reads it from quizzes/*.yml.
"""
from __future__ import annotations

import html
import json
import re

import pytest



def flat(text: str) -> str:
    """Text as the index holds it, comparable: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()


@pytest.fixture(scope="module")
def index(sample_site) -> list[dict]:
    return json.loads((sample_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.fixture(scope="module")
def everything(index) -> str:
    return "\n".join(flat(doc["title"]) + "\n" + flat(doc["text"]) for doc in index)


def quizzes(catalogue):
    return [module.quiz for module in catalogue.modules if module.quiz]


def answers(question) -> list[str]:
    """The right options' texts (or the items to order): lessons and posts may use the same words."""
    by_id = {option.id: option.text for option in question.options}
    if question.type == "truefalse":
        return [f"Answer: {by_id[answer]}" for answer in question.answer]  # "True" alone is any word
    if question.type == "ordering":
        return [flat(item) for item in question.items]
    return [flat(by_id[answer]) for answer in question.answer]


def notes(question) -> list[str]:
    """What only the quiz says: the explanation, per-option notes, an open question's model answer."""
    texts = [question.explanation, question.model_answer, *question.rubric,
             *(option.feedback for option in question.options)]
    return [flat(text) for text in texts if text and text.strip()]


def module_page(index: list[dict], module: str) -> str:
    """The index's entries for a module's own page (its sections, the quiz among them), not its lessons."""
    here = re.compile(rf"course/{re.escape(module)}/(#.*)?")
    return "\n".join(flat(doc["text"]) for doc in index if here.fullmatch(doc["location"]))


def test_the_sample_has_quizzes_of_every_kind(catalogue):
    kinds = {question.type for quiz in quizzes(catalogue) for question in quiz.questions}
    assert kinds == {"single", "multiple", "truefalse", "ordering", "open"}


def test_no_explanation_note_or_model_answer_is_anywhere_in_materials_index(catalogue, everything):
    leaked = [(quiz.module, question.id, text) for quiz in quizzes(catalogue) for question in quiz.questions
              for text in notes(question) if text in everything]
    assert leaked == []
    assert "Answer:" not in everything and "Model answer:" not in everything


def test_no_answer_is_on_its_module_page_in_materials_index(catalogue, index):
    # Not the whole index: the five stages of a sale ("Rapport", ...) are a lesson's subject too.
    leaked = []
    for quiz in quizzes(catalogue):
        page = module_page(index, quiz.module)
        assert page, quiz.module
        leaked += [(quiz.module, question.id, text) for question in quiz.questions
                   for text in answers(question) if text in page]
    assert leaked == []


def test_every_prompt_is_in_its_modules_quiz_section(catalogue, index):
    for module in catalogue.modules:
        if not module.quiz:
            continue
        sections = [flat(doc["text"]) for doc in index if doc["location"] == f"course/{module.id}/#quiz"]
        assert len(sections) == 1, module.id
        missing = [question.id for question in module.quiz.questions if flat(question.prompt) not in sections[0]]
        assert missing == [], module.id
