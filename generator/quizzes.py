"""Quizzes: one self-graded quiz per module (quizzes/<module>.yml), loaded and checked at once.

Every question names the moment that answers it (generator.citations), is checked against the
catalogue, and is refused with every reason at its line; its answers stay in the quiz (the search
index takes only the prompt). A quiz's version is a hash of what it says, so a learner's result
saved against another version is shown as out of date.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import layout
from .citations import CITATION_ALONE, parse_turn_span, source_from_match, source_problem
from .content_reader import ContentReader
from .course_fields import report_unknown_keys, required_text
from .model import Catalogue, Option, Question, Quiz, Source
from .yaml_source import YamlDocument

QUESTION_TYPES = ("single", "multiple", "truefalse", "ordering", "open")
DEFAULT_PASS_MARK = 80  # percent

_QUESTION_KEYS = {
    "single": {"options", "answer"},
    "multiple": {"options", "answer"},
    "truefalse": {"answer", "feedback"},
    "ordering": {"items"},
    "open": {"model_answer", "rubric"},
}
_COMMON_QUESTION_KEYS = {"id", "type", "prompt", "explanation", "source"}


def quiz_version(data: dict) -> str:
    """A short hash of what the quiz says (not how the file is laid out or commented)."""
    canonical = json.dumps(_text_keys(data), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def _text_keys(value):
    """The data with every mapping key as text: keys of mixed types (`1:`, `b:`, `yes:`) cannot be sorted."""
    if isinstance(value, dict):
        return {str(key): _text_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_text_keys(item) for item in value]
    return value


def load_quiz(
    root: Path, module_id: str, path_line: int, catalogue: Catalogue, collector: ContentReader
) -> Quiz | None:
    document = collector.needed(
        root / layout.quiz_file(module_id),
        (layout.PATH_FILE, path_line),
        f"module '{module_id}' has no quiz: expected {layout.quiz_file(module_id)}",
    )
    if document is None:
        return None
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list) or not data["questions"]:
        collector.problems.append(document.problem("expected `questions:` with a list of questions", "questions"))
        return None
    report_unknown_keys(document, data, (), {"pass_mark", "shuffle", "questions"}, collector)
    pass_mark = data.get("pass_mark", DEFAULT_PASS_MARK)
    if isinstance(pass_mark, bool) or not isinstance(pass_mark, int) or not 1 <= pass_mark <= 100:
        collector.problems.append(
            document.problem(f"pass_mark {pass_mark!r}: expected a percentage from 1 to 100", "pass_mark")
        )
        pass_mark = DEFAULT_PASS_MARK
    shuffle = data.get("shuffle", True)
    if not isinstance(shuffle, bool):
        collector.problems.append(document.problem("shuffle: expected true or false", "shuffle"))
        shuffle = True
    questions = []
    seen_ids: set[str] = set()
    for index, raw in enumerate(data["questions"]):
        question_id = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") is not None else None
        duplicate = question_id is not None and question_id in seen_ids  # a missing id is its own problem
        if duplicate:
            collector.problems.append(document.problem(f"duplicate id '{question_id}'", "questions", index, "id"))
        if question_id is not None:
            seen_ids.add(question_id)
        question = _read_question(document, index, raw, catalogue, collector)
        if question is not None and not duplicate:
            questions.append(question)
    return Quiz(module_id, pass_mark, shuffle, tuple(questions), quiz_version(data), document.path)


def _read_question(
    document: YamlDocument, index: int, raw, catalogue: Catalogue, collector: ContentReader
) -> Question | None:
    """One question, or None after reporting every reason it cannot be used."""
    where = ("questions", index)
    if not isinstance(raw, dict):
        collector.problems.append(document.problem("a question must be a mapping with id, type, prompt", *where))
        return None
    before = len(collector.problems)
    question_id = raw.get("id")
    if not isinstance(question_id, (str, int)) or isinstance(question_id, bool) or str(question_id) == "":
        collector.problems.append(document.problem("question needs an `id:`", *where))
    kind = raw.get("type")
    if kind not in QUESTION_TYPES:
        collector.problems.append(
            document.problem(
                f"unknown question type {kind!r}: expected one of {', '.join(QUESTION_TYPES)}", *where, "type"
            )
        )
        return None
    report_unknown_keys(document, raw, where, _COMMON_QUESTION_KEYS | _QUESTION_KEYS[kind], collector)
    prompt = required_text(document, raw, "prompt", collector, where)
    explanation = required_text(document, raw, "explanation", collector, where)
    source = _read_source(document, raw, where, catalogue, collector)
    answers = _ANSWER_READERS[kind](document, raw, where, collector)
    if len(collector.problems) > before or source is None or answers is None:
        return None
    return Question(
        id=str(question_id),
        type=kind,
        prompt=prompt,
        explanation=explanation,
        source=source,
        line=document.line(*where),
        **answers,
    )


def _read_source(
    document: YamlDocument, raw: dict, where: tuple, catalogue: Catalogue, collector: ContentReader
) -> Source | None:
    value = raw.get("source")
    source = None
    if isinstance(value, str):
        match = CITATION_ALONE.match(value.strip())
        source = source_from_match(match) if match else None
    elif isinstance(value, dict):
        if isinstance(value.get("post"), str):
            source = Source(post=value["post"])
        elif isinstance(value.get("episode"), int):
            turns = parse_turn_span(value["turns"]) if value.get("turns") is not None else None
            if value.get("turns") is None or turns is not None:
                source = Source(episode=value["episode"], turns=turns)
    if source is None:
        collector.problems.append(
            document.problem(
                "source: expected an episode moment like `E227, turns 31-34` or `{post: <slug>}`", *where, "source"
            )
        )
        return None
    reason = source_problem(source, catalogue)
    if reason:
        collector.problems.append(document.problem(reason, *where, "source"))
        return None
    return source


def _read_options(document: YamlDocument, raw: dict, where: tuple, collector: ContentReader) -> tuple[Option, ...]:
    """Options as a mapping `id: text` or `id: {text: ..., feedback: ...}`, in file order."""
    options = raw.get("options")
    if not isinstance(options, dict) or len(options) < 2:
        collector.problems.append(
            document.problem("options: expected a mapping of at least two `id: text`", *where, "options")
        )
        return ()
    result = []
    for option_id, value in options.items():
        if isinstance(option_id, bool):
            collector.problems.append(
                document.problem(
                    f"option id read by YAML as {str(option_id).lower()} (yes, no, on and off are true/false to "
                    "YAML): quote it ('yes':) or choose another id",
                    *where,
                    "options",
                    option_id,
                )
            )
        elif isinstance(value, dict) and isinstance(value.get("text"), str):
            feedback = value.get("feedback") or ""
            result.append(Option(str(option_id), value["text"].strip(), str(feedback).strip()))
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            result.append(Option(str(option_id), str(value).strip()))
        else:
            collector.problems.append(
                document.problem(
                    f"option '{option_id}': expected text or `{{text: ..., feedback: ...}}`",
                    *where,
                    "options",
                    option_id,
                )
            )
    return tuple(result)


def _read_answer_ids(
    document: YamlDocument, raw: dict, where: tuple, collector: ContentReader, options: tuple[Option, ...]
) -> tuple[str, ...]:
    value = raw.get("answer")
    answers = value if isinstance(value, list) else ([] if value is None else [value])
    answers = [str(answer) for answer in answers]
    if not answers:
        collector.problems.append(document.problem("no correct answer: set `answer:` to an option id", *where))
        return ()
    known = {option.id for option in options}
    for answer in answers:
        if options and answer not in known:
            collector.problems.append(
                document.problem(
                    f"answer '{answer}' is not among the options ({', '.join(sorted(known))})", *where, "answer"
                )
            )
    return tuple(answers)


def _choice_answers(document, raw, where, collector) -> dict | None:
    options = _read_options(document, raw, where, collector)
    answers = _read_answer_ids(document, raw, where, collector, options)
    if raw.get("type") == "single" and len(answers) > 1:
        collector.problems.append(
            document.problem(
                "a single-choice question has one answer; use type: multiple for several", *where, "answer"
            )
        )
    return {"options": options, "answer": answers}


def _truefalse_answers(document, raw, where, collector) -> dict | None:
    answer = raw.get("answer")
    if not isinstance(answer, bool):
        collector.problems.append(
            document.problem("no correct answer: a true/false question needs `answer: true` or `answer: false`", *where)
        )
        return None
    feedback = raw.get("feedback") or {}
    if not isinstance(feedback, dict) or not set(feedback) <= {True, False}:
        collector.problems.append(document.problem("feedback: expected `{true: ..., false: ...}`", *where, "feedback"))
        return None
    options = (
        Option("true", "True", str(feedback.get(True) or "").strip()),
        Option("false", "False", str(feedback.get(False) or "").strip()),
    )
    return {"options": options, "answer": ("true" if answer else "false",)}


def _ordering_answers(document, raw, where, collector) -> dict | None:
    items = raw.get("items")
    if not isinstance(items, list) or len(items) < 2 or not all(isinstance(i, str) and i.strip() for i in items):
        collector.problems.append(
            document.problem(
                "no correct answer: an ordering question needs `items:`, two or more, in their correct order",
                *where,
                "items",
            )
        )
        return None
    if len(set(items)) != len(items):
        duplicate = next(item for item in items if items.count(item) > 1)
        collector.problems.append(document.problem(f"duplicate id '{duplicate}' among the items", *where, "items"))
        return None
    return {"items": tuple(item.strip() for item in items)}


def _open_answers(document, raw, where, collector) -> dict | None:
    model_answer = raw.get("model_answer") or ""
    rubric = raw.get("rubric") or []
    if (
        not isinstance(model_answer, str)
        or not isinstance(rubric, list)
        or not all(isinstance(point, str) for point in rubric)
    ):
        collector.problems.append(document.problem("model_answer must be text and rubric a list of points", *where))
        return None
    if not model_answer.strip() and not rubric:
        collector.problems.append(
            document.problem(
                "no correct answer: an open question needs `model_answer:` or `rubric:` to grade against", *where
            )
        )
        return None
    return {"model_answer": model_answer.strip(), "rubric": tuple(point.strip() for point in rubric)}


_ANSWER_READERS = {
    "single": _choice_answers,
    "multiple": _choice_answers,
    "truefalse": _truefalse_answers,
    "ordering": _ordering_answers,
    "open": _open_answers,
}


def report_orphan_quizzes(root: Path, module_ids: set[str], collector: ContentReader) -> None:
    """A quiz whose module is not on the path would never be shown: say so."""
    for quiz_file in collector.files(layout.QUIZZES, "*.yml"):
        if quiz_file.stem not in module_ids:
            collector.add(
                collector.rel(quiz_file), 1, f"quiz for module '{quiz_file.stem}', which is not in {layout.PATH_FILE}"
            )
