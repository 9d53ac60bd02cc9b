"""The onboarding course: how it is loaded and validated from content/ and quizzes/ (its types are in model).

A trainer writes the path (content/course/path.yml), one YAML file per module, one Markdown file per
lesson and one quiz per module (quizzes/<module>.yml). Everything is checked at once against the
catalogue, so a citation of a turn that does not exist is reported with the line that makes it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from pathlib import Path


from . import layout
from .closest import did_you_mean, file_stems
from .model import Catalogue, Lesson, Listening, Module, Option, Problem, Question, Quiz, Source, TurnSpan
from .yaml_source import YamlDocument, list_folder, parse_yaml, read_text_file, split_front_matter

QUESTION_TYPES = ("single", "multiple", "truefalse", "ordering", "open")
DEFAULT_PASS_MARK = 80  # percent
RESERVED_MODULE_IDS = ("progress", "review", "index")  # course/progress/ and course/review/ are the course's own
DONE_RULES = ("lessons and quiz", "quiz only")  # what makes a module done, set in path.yml
DEFAULT_DONE_RULE = DONE_RULES[0]


# ---------------------------------------------------------------------------------------------
# Citations: one syntax for lessons, quiz sources and listening
# ---------------------------------------------------------------------------------------------

# What trainers write is understood: E227, e227, Ep 227, Ep. 227, Episode 227; turn 31, turns 31-34,
# turns 31 to 34, t. 31, t31 (any case); the site shows every citation the one way ("E227, turns 31-34").
_EPISODE_CITATION = (r"(?i:e|ep\.?|episode)\s*(?P<episode>\d+)"
                     r"(?:\s*,?\s*(?i:turns?|t\.?)\s*(?P<first>\d+)(?:\s*(?:[-–]|(?i:to))\s*(?P<last>\d+))?)?")
_POST_CITATION = r"(?i:post):\s*(?P<post>[a-z0-9-]+)"
CITATION_IN_TEXT = re.compile(r"\[(?:" + _EPISODE_CITATION + "|" + _POST_CITATION + r")\](?!\()")
_CITATION_ALONE = re.compile(r"^(?:" + _EPISODE_CITATION + "|" + _POST_CITATION + r")$")


def source_from_match(match: re.Match) -> Source:
    """The Source a citation names (`E227, turns 31-34`, `E204, turn 9`, `E100`, `post: slug`)."""
    if match.group("post"):
        return Source(post=match.group("post"))
    turns = None
    if match.group("first"):
        first = int(match.group("first"))
        turns = TurnSpan(first, int(match.group("last") or first))
    return Source(episode=int(match.group("episode")), turns=turns)


def citation_problems(path: str, body: str, body_line: int, catalogue: Catalogue) -> list[Problem]:
    """Each citation of a lesson's body that names no episode, turn or post there is, at its line."""
    problems = []
    for line_number, line in enumerate(body.split("\n"), start=body_line):
        for match in CITATION_IN_TEXT.finditer(line):
            reason = source_problem(source_from_match(match), catalogue)
            if reason:
                problems.append(Problem(path, line_number, reason))
    return problems


def parse_turn_span(value) -> TurnSpan | None:
    """`31`, `"31-34"` or `[31, 34]` as a TurnSpan; None when it is none of those."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return TurnSpan(value, value)
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return TurnSpan(value[0], value[1])
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?", value)
        if match:
            return TurnSpan(int(match.group(1)), int(match.group(2) or match.group(1)))
    return None


def source_problem(source: Source, catalogue: Catalogue) -> str | None:
    """Why a source does not resolve against the catalogue, or None when it does."""
    if source.post:
        if not any(post.slug == source.post for post in catalogue.posts):
            return f"source names post '{source.post}', which is not in {layout.POSTS}/"
        return None
    episode = catalogue.episode(source.episode)
    if episode is None:
        return f"source names episode E{source.episode}, which is not in {layout.EPISODES}/"
    if source.turns:
        span = source.turns
        if span.first < 1 or span.last < span.first:
            return f"E{source.episode}: {span} is not a valid span of turns"
        if span.last > len(episode.transcript):
            return (f"source names E{source.episode}, {span}, but E{source.episode} has "
                    f"{len(episode.transcript)} turns")
    return None


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


class _Collector:
    """The problems found so far, for one content root; paths are reported relative to it."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def add(self, path: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def read_text(self, path: Path) -> str | None:
        """A course file's text; None (and a problem) when it is a folder, unreadable or not UTF-8."""
        text, problem = read_text_file(path, self.rel(path))
        if problem:
            self.problems.append(problem)
        return text

    def read_yaml(self, path: Path) -> YamlDocument | None:
        """A YAML file as a document with line numbers; None (and a problem) when it can't be read."""
        text = self.read_text(path)
        if text is None:
            return None
        document, problem = parse_yaml(text, self.rel(path))  # a key given twice is its problem too
        if problem:
            self.problems.append(problem)
            return None
        return document


def load_course(root: Path, catalogue: Catalogue) -> tuple[tuple[Module, ...], list[Problem]]:
    """The onboarding path's modules, in order, with every problem found in the course files.

    A repository without content/course/ has no course, which is not a problem.
    """
    root = Path(root)
    collector = _Collector(root)
    path_file = root / layout.PATH_FILE
    if not path_file.exists() and not path_file.is_symlink():
        if (root / layout.COURSE).exists():
            collector.add(layout.PATH_FILE, None, "missing: the onboarding path lists its modules here")
        return (), collector.problems
    module_ids = _read_path(path_file, collector)
    modules = []
    for module_id, line, done in module_ids:
        module = _load_module(root, module_id, line, catalogue, collector)
        if module is not None:
            modules.append(dataclasses.replace(module, done=done))
    _report_orphan_quizzes(root, {entry[0] for entry in module_ids}, collector)
    return tuple(modules), collector.problems


def _read_path(path_file: Path, collector: _Collector) -> list[tuple[str, int, str]]:
    """Module ids from path.yml in order, each with its line and done rule; duplicates reported and dropped.

    An entry is an id, or `{id: ..., done: ...}` to override the course-wide `done:` for one module.
    """
    document = collector.read_yaml(path_file)
    if document is None:
        return []
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("modules"), list):
        collector.problems.append(document.problem("expected `modules:` with a list of module ids"))
        return []
    _report_unknown_keys(document, data, (), {"modules", "done"}, collector)
    course_rule = _done_rule(document, data, (), DEFAULT_DONE_RULE, collector)
    ids: list[tuple[str, int, str]] = []
    for index, entry in enumerate(data["modules"]):
        line = document.line("modules", index)
        module_id, rule = entry, course_rule
        if isinstance(entry, dict):
            _report_unknown_keys(document, entry, ("modules", index), {"id", "done"}, collector)
            module_id = entry.get("id")
            rule = _done_rule(document, entry, ("modules", index), course_rule, collector)
        if not isinstance(module_id, str) or not re.fullmatch(r"[a-z0-9-]+", module_id):
            collector.add(document.path, line, f"module id {module_id!r} must be lower-case letters, digits and -")
        elif module_id in RESERVED_MODULE_IDS:
            collector.add(document.path, line, f"module id '{module_id}' is taken by the course's own pages")
        elif module_id in {known for known, _, _ in ids}:
            collector.add(document.path, line, f"duplicate id '{module_id}': module listed twice in the path")
        else:
            ids.append((module_id, line, rule))
    return ids


def _done_rule(document: YamlDocument, data: dict, where: tuple, default: str, collector: _Collector) -> str:
    """`done:` of the course or of one module; the default when absent or not one of DONE_RULES."""
    if "done" not in data:
        return default
    rule = data["done"]
    if rule not in DONE_RULES:
        collector.problems.append(document.problem(
            f"done: {rule!r}: expected one of {', '.join(repr(r) for r in DONE_RULES)}", *where, "done"))
        return default
    return rule


def _module_file(collector: _Collector, path: Path, path_line: int, missing: str) -> YamlDocument | None:
    """A file a module of path.yml needs, read; None when it is missing (reported at the module's
    line in path.yml) or unreadable (reported by read_yaml)."""
    if not path.exists() and not path.is_symlink():
        collector.add(layout.PATH_FILE, path_line, missing)
        return None
    return collector.read_yaml(path)


def _load_module(root: Path, module_id: str, path_line: int, catalogue: Catalogue,
                 collector: _Collector) -> Module | None:
    document = _module_file(collector, root / layout.module_file(module_id), path_line,
                            f"module '{module_id}' has no file {layout.module_file(module_id)}"
                            + did_you_mean(module_id, file_stems(root / layout.MODULES, ".yml")))
    if document is None:
        return None
    data = document.data
    if not isinstance(data, dict):
        collector.problems.append(document.problem("expected a mapping with title, objectives, lessons"))
        return None
    _report_unknown_keys(document, data, (), {"title", "summary", "objectives", "lessons", "listening"},
                         collector)
    title = _required_text(document, data, "title", collector)
    objectives = _text_list(document, data, "objectives", collector, required=True)
    lessons = tuple(filter(None, (
        _load_lesson(root, lesson_id, document, index, catalogue, collector)
        for index, lesson_id in enumerate(_text_list(document, data, "lessons", collector))
        if _lesson_id_ok(document, index, lesson_id, collector))))
    listening = _read_listening(document, data, catalogue, collector)
    quiz = _load_quiz(root, module_id, path_line, catalogue, collector)
    return Module(module_id, title, _optional_text(document, data, "summary", collector), objectives,
                  lessons, listening, quiz)


def _lesson_id_ok(module_doc: YamlDocument, index: int, lesson_id: str, collector: _Collector) -> bool:
    """A lesson id names a file beside the others and a page beside its module's: no `/`, no `index`."""
    if not re.fullmatch(r"[a-z0-9-]+", lesson_id):
        collector.problems.append(module_doc.problem(
            f"lesson id {lesson_id!r} must be lower-case letters, digits and -", "lessons", index))
        return False
    if lesson_id == "index":
        collector.problems.append(module_doc.problem(
            "lesson id 'index' is taken by the module's own page; rename the lesson", "lessons", index))
        return False
    return True


def _load_lesson(root: Path, lesson_id: str, module_doc: YamlDocument, index: int, catalogue: Catalogue,
                 collector: _Collector) -> Lesson | None:
    lesson_file = root / layout.lesson_file(lesson_id)
    if not lesson_file.exists() and not lesson_file.is_symlink():
        collector.add(module_doc.path, module_doc.line("lessons", index),
                      f"lesson '{lesson_id}' has no file {layout.lesson_file(lesson_id)}"
                      + did_you_mean(lesson_id, file_stems(lesson_file.parent, ".md")))
        return None
    path = collector.rel(lesson_file)
    text = collector.read_text(lesson_file)
    if text is None:
        return None
    front, body, body_line = split_front_matter(text)
    if front is None:
        collector.add(path, 1, "expected front matter between `---` lines with at least `title:`")
        return None
    document, problem = parse_yaml(front, path, first_line=2)
    if problem:
        collector.problems.append(problem)
        return None
    data = document.data if isinstance(document.data, dict) else {}
    title = _required_text(document, data, "title", collector)
    collector.problems.extend(citation_problems(path, body, body_line, catalogue))
    leading = body[: len(body) - len(body.lstrip())].count("\n")  # blank lines before the text
    return Lesson(lesson_id, title, body.strip() + "\n", path, body_line + leading)


def _read_listening(document: YamlDocument, data: dict, catalogue: Catalogue,
                    collector: _Collector) -> tuple[Listening, ...]:
    items = data.get("listening") or []
    if not isinstance(items, list):
        collector.problems.append(document.problem("`listening` must be a list", "listening"))
        return ()
    listening = []
    for index, item in enumerate(items):
        where = ("listening", index)
        if not isinstance(item, dict) or not isinstance(item.get("episode"), int) or isinstance(
                item.get("episode"), bool):
            collector.problems.append(document.problem("listening needs `episode:` with an episode number", *where))
            continue
        _report_unknown_keys(document, item, where, {"episode", "turns", "note"}, collector)
        turns = None
        if item.get("turns") is not None:
            turns = parse_turn_span(item["turns"])
            if turns is None:
                collector.problems.append(document.problem(
                    f"turns {item['turns']!r}: expected a turn number or a span like 31-34", *where, "turns"))
                continue
        reason = source_problem(Source(episode=item["episode"], turns=turns), catalogue)
        if reason:
            collector.problems.append(document.problem(reason, *where))
            continue
        note = item.get("note") or ""
        listening.append(Listening(item["episode"], turns, str(note).strip()))
    return tuple(listening)


# ---------------------------------------------------------------------------------------------
# Quizzes
# ---------------------------------------------------------------------------------------------

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


def _load_quiz(root: Path, module_id: str, path_line: int, catalogue: Catalogue,
               collector: _Collector) -> Quiz | None:
    document = _module_file(collector, root / layout.quiz_file(module_id), path_line,
                            f"module '{module_id}' has no quiz: expected {layout.quiz_file(module_id)}")
    if document is None:
        return None
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list) or not data["questions"]:
        collector.problems.append(document.problem("expected `questions:` with a list of questions",
                                                   "questions"))
        return None
    _report_unknown_keys(document, data, (), {"pass_mark", "shuffle", "questions"}, collector)
    pass_mark = data.get("pass_mark", DEFAULT_PASS_MARK)
    if isinstance(pass_mark, bool) or not isinstance(pass_mark, int) or not 1 <= pass_mark <= 100:
        collector.problems.append(document.problem(
            f"pass_mark {pass_mark!r}: expected a percentage from 1 to 100", "pass_mark"))
        pass_mark = DEFAULT_PASS_MARK
    shuffle = data.get("shuffle", True)
    if not isinstance(shuffle, bool):
        collector.problems.append(document.problem("shuffle: expected true or false", "shuffle"))
        shuffle = True
    questions = []
    seen_ids: set[str] = set()
    for index, raw in enumerate(data["questions"]):
        question_id = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") is not None else None
        duplicate = question_id in seen_ids
        if duplicate:
            collector.problems.append(document.problem(f"duplicate id '{question_id}'", "questions", index, "id"))
        seen_ids.add(question_id)
        question = _read_question(document, index, raw, catalogue, collector)
        if question is not None and not duplicate:
            questions.append(question)
    return Quiz(module_id, pass_mark, shuffle, tuple(questions), quiz_version(data), document.path)


def _read_question(document: YamlDocument, index: int, raw, catalogue: Catalogue,
                   collector: _Collector) -> Question | None:
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
        collector.problems.append(document.problem(
            f"unknown question type {kind!r}: expected one of {', '.join(QUESTION_TYPES)}", *where, "type"))
        return None
    _report_unknown_keys(document, raw, where, _COMMON_QUESTION_KEYS | _QUESTION_KEYS[kind], collector)
    prompt = _required_text(document, raw, "prompt", collector, where)
    explanation = _required_text(document, raw, "explanation", collector, where)
    source = _read_source(document, raw, where, catalogue, collector)
    answers = _ANSWER_READERS[kind](document, raw, where, collector)
    if len(collector.problems) > before or source is None or answers is None:
        return None
    return Question(id=str(question_id), type=kind, prompt=prompt, explanation=explanation, source=source,
                    line=document.line(*where), **answers)


def _read_source(document: YamlDocument, raw: dict, where: tuple, catalogue: Catalogue,
                 collector: _Collector) -> Source | None:
    value = raw.get("source")
    source = None
    if isinstance(value, str):
        match = _CITATION_ALONE.match(value.strip())
        source = source_from_match(match) if match else None
    elif isinstance(value, dict):
        if isinstance(value.get("post"), str):
            source = Source(post=value["post"])
        elif isinstance(value.get("episode"), int):
            turns = parse_turn_span(value["turns"]) if value.get("turns") is not None else None
            if value.get("turns") is None or turns is not None:
                source = Source(episode=value["episode"], turns=turns)
    if source is None:
        collector.problems.append(document.problem(
            "source: expected an episode moment like `E227, turns 31-34` or `{post: <slug>}`", *where, "source"))
        return None
    reason = source_problem(source, catalogue)
    if reason:
        collector.problems.append(document.problem(reason, *where, "source"))
        return None
    return source


def _read_options(document: YamlDocument, raw: dict, where: tuple, collector: _Collector) -> tuple[Option, ...]:
    """Options as a mapping `id: text` or `id: {text: ..., feedback: ...}`, in file order."""
    options = raw.get("options")
    if not isinstance(options, dict) or len(options) < 2:
        collector.problems.append(document.problem("options: expected a mapping of at least two `id: text`",
                                                   *where, "options"))
        return ()
    result = []
    for option_id, value in options.items():
        if isinstance(option_id, bool):
            collector.problems.append(document.problem(
                f"option id read by YAML as {str(option_id).lower()} (yes, no, on and off are true/false to "
                "YAML): quote it ('yes':) or choose another id", *where, "options", option_id))
        elif isinstance(value, dict) and isinstance(value.get("text"), str):
            feedback = value.get("feedback") or ""
            result.append(Option(str(option_id), value["text"].strip(), str(feedback).strip()))
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            result.append(Option(str(option_id), str(value).strip()))
        else:
            collector.problems.append(document.problem(
                f"option '{option_id}': expected text or `{{text: ..., feedback: ...}}`", *where, "options", option_id))
    return tuple(result)


def _read_answer_ids(document: YamlDocument, raw: dict, where: tuple, collector: _Collector,
                     options: tuple[Option, ...]) -> tuple[str, ...]:
    value = raw.get("answer")
    answers = value if isinstance(value, list) else ([] if value is None else [value])
    answers = [str(answer) for answer in answers]
    if not answers:
        collector.problems.append(document.problem("no correct answer: set `answer:` to an option id", *where))
        return ()
    known = {option.id for option in options}
    for answer in answers:
        if options and answer not in known:
            collector.problems.append(document.problem(
                f"answer '{answer}' is not among the options ({', '.join(sorted(known))})", *where, "answer"))
    return tuple(answers)


def _choice_answers(document, raw, where, collector) -> dict | None:
    options = _read_options(document, raw, where, collector)
    answers = _read_answer_ids(document, raw, where, collector, options)
    if raw.get("type") == "single" and len(answers) > 1:
        collector.problems.append(document.problem(
            "a single-choice question has one answer; use type: multiple for several", *where, "answer"))
    return {"options": options, "answer": answers}


def _truefalse_answers(document, raw, where, collector) -> dict | None:
    answer = raw.get("answer")
    if not isinstance(answer, bool):
        collector.problems.append(document.problem(
            "no correct answer: a true/false question needs `answer: true` or `answer: false`", *where))
        return None
    feedback = raw.get("feedback") or {}
    if not isinstance(feedback, dict) or not set(feedback) <= {True, False}:
        collector.problems.append(document.problem(
            "feedback: expected `{true: ..., false: ...}`", *where, "feedback"))
        return None
    options = (Option("true", "True", str(feedback.get(True) or "").strip()),
               Option("false", "False", str(feedback.get(False) or "").strip()))
    return {"options": options, "answer": ("true" if answer else "false",)}


def _ordering_answers(document, raw, where, collector) -> dict | None:
    items = raw.get("items")
    if not isinstance(items, list) or len(items) < 2 or not all(isinstance(i, str) and i.strip() for i in items):
        collector.problems.append(document.problem(
            "no correct answer: an ordering question needs `items:`, two or more, in their correct order",
            *where, "items"))
        return None
    if len(set(items)) != len(items):
        duplicate = next(item for item in items if items.count(item) > 1)
        collector.problems.append(document.problem(f"duplicate id '{duplicate}' among the items", *where, "items"))
        return None
    return {"items": tuple(item.strip() for item in items)}


def _open_answers(document, raw, where, collector) -> dict | None:
    model_answer = raw.get("model_answer") or ""
    rubric = raw.get("rubric") or []
    if not isinstance(model_answer, str) or not isinstance(rubric, list) or not all(
            isinstance(point, str) for point in rubric):
        collector.problems.append(document.problem(
            "model_answer must be text and rubric a list of points", *where))
        return None
    if not model_answer.strip() and not rubric:
        collector.problems.append(document.problem(
            "no correct answer: an open question needs `model_answer:` or `rubric:` to grade against", *where))
        return None
    return {"model_answer": model_answer.strip(), "rubric": tuple(point.strip() for point in rubric)}


_ANSWER_READERS = {
    "single": _choice_answers,
    "multiple": _choice_answers,
    "truefalse": _truefalse_answers,
    "ordering": _ordering_answers,
    "open": _open_answers,
}


def _report_orphan_quizzes(root: Path, module_ids: set[str], collector: _Collector) -> None:
    """A quiz whose module is not on the path would never be shown: say so."""
    quiz_files, problems = list_folder(root / layout.QUIZZES, "*.yml", layout.QUIZZES)
    collector.problems += problems
    for quiz_file in quiz_files:
        if quiz_file.stem not in module_ids:
            collector.add(collector.rel(quiz_file), 1,
                          f"quiz for module '{quiz_file.stem}', which is not in {layout.PATH_FILE}")


# ---------------------------------------------------------------------------------------------
# Small field readers that report in the trainer's terms
# ---------------------------------------------------------------------------------------------


def _required_text(document: YamlDocument, data: dict, key: str, collector: _Collector,
                   where: tuple = ()) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        collector.problems.append(document.problem(f"`{key}:` is required (text)", *where, key))
        return ""
    return value.strip()


def _optional_text(document: YamlDocument, data: dict, key: str, collector: _Collector) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        collector.problems.append(document.problem(f"`{key}:` must be text", key))
        return ""
    return value.strip()


def _text_list(document: YamlDocument, data: dict, key: str, collector: _Collector,
               required: bool = False) -> tuple[str, ...]:
    value = data.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        collector.problems.append(document.problem(f"`{key}:` must be a list of text", key))
        return ()
    return tuple(v.strip() for v in value)


def _report_unknown_keys(document: YamlDocument, data: dict, where: tuple, allowed: set[str],
                         collector: _Collector) -> None:
    """A misspelt key (`explaination:`) would silently drop what the trainer wrote."""
    for key in data:
        if key not in allowed:
            collector.problems.append(document.problem(
                f"unknown key '{key}' (expected {', '.join(sorted(allowed))})", *where, key))
