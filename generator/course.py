"""The onboarding course: the path of modules, each module's lessons and listening, loaded and
validated from content/course/ (its types are in model; its quizzes in generator.quizzes).

A trainer writes the path (content/course/path.yml), one YAML file per module, one Markdown file per
lesson and one quiz per module (quizzes/<module>.yml). Everything is checked at once against the
catalogue, so a citation of a turn that does not exist is reported with the line that makes it.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from . import layout
from .citations import citation_problems, parse_turn_span, source_problem
from .closest import did_you_mean, file_stems
from .content_reader import ContentReader
from .course_fields import optional_text, report_unknown_keys, required_text, text_list
from .model import Catalogue, Lesson, Listening, Module, Problem, Source
from .quizzes import load_quiz, report_orphan_quizzes
from .yaml_source import YamlDocument

RESERVED_MODULE_IDS = ("progress", "review", "index")  # course/progress/ and course/review/ are the course's own
DONE_RULES = ("lessons and quiz", "quiz only")  # what makes a module done, set in path.yml
DEFAULT_DONE_RULE = DONE_RULES[0]


def load_course(root: Path, catalogue: Catalogue) -> tuple[tuple[Module, ...], list[Problem]]:
    """The onboarding path's modules, in order, with every problem found in the course files.

    A repository without content/course/ has no course, which is not a problem.
    """
    root = Path(root)
    collector = ContentReader(root)
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
    report_orphan_quizzes(root, {entry[0] for entry in module_ids}, collector)
    return tuple(modules), collector.problems


def _read_path(path_file: Path, collector: ContentReader) -> list[tuple[str, int, str]]:
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
    report_unknown_keys(document, data, (), {"modules", "done"}, collector)
    course_rule = _done_rule(document, data, (), DEFAULT_DONE_RULE, collector)
    ids: list[tuple[str, int, str]] = []
    for index, entry in enumerate(data["modules"]):
        line = document.line("modules", index)
        module_id, rule = entry, course_rule
        if isinstance(entry, dict):
            report_unknown_keys(document, entry, ("modules", index), {"id", "done"}, collector)
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


def _done_rule(document: YamlDocument, data: dict, where: tuple, default: str, collector: ContentReader) -> str:
    """`done:` of the course or of one module; the default when absent or not one of DONE_RULES."""
    if "done" not in data:
        return default
    rule = data["done"]
    if rule not in DONE_RULES:
        collector.problems.append(
            document.problem(
                f"done: {rule!r}: expected one of {', '.join(repr(r) for r in DONE_RULES)}", *where, "done"
            )
        )
        return default
    return rule


def _load_module(
    root: Path, module_id: str, path_line: int, catalogue: Catalogue, collector: ContentReader
) -> Module | None:
    document = collector.needed(
        root / layout.module_file(module_id),
        (layout.PATH_FILE, path_line),
        f"module '{module_id}' has no file {layout.module_file(module_id)}"
        + did_you_mean(module_id, file_stems(root / layout.MODULES, ".yml")),
    )
    if document is None:
        return None
    data = document.data
    if not isinstance(data, dict):
        collector.problems.append(document.problem("expected a mapping with title, objectives, lessons"))
        return None
    report_unknown_keys(document, data, (), {"title", "summary", "objectives", "lessons", "listening"}, collector)
    title = required_text(document, data, "title", collector)
    objectives = text_list(document, data, "objectives", collector, required=True)
    lessons = tuple(
        filter(
            None,
            (
                _load_lesson(root, lesson_id, document, index, catalogue, collector)
                for index, lesson_id in enumerate(text_list(document, data, "lessons", collector))
                if _lesson_id_ok(document, index, lesson_id, collector)
            ),
        )
    )
    listening = _read_listening(document, data, catalogue, collector)
    quiz = load_quiz(root, module_id, path_line, catalogue, collector)
    return Module(
        module_id, title, optional_text(document, data, "summary", collector), objectives, lessons, listening, quiz
    )


def _lesson_id_ok(module_doc: YamlDocument, index: int, lesson_id: str, collector: ContentReader) -> bool:
    """A lesson id names a file beside the others and a page beside its module's: no `/`, no `index`."""
    if not re.fullmatch(r"[a-z0-9-]+", lesson_id):
        collector.problems.append(
            module_doc.problem(f"lesson id {lesson_id!r} must be lower-case letters, digits and -", "lessons", index)
        )
        return False
    if lesson_id == "index":
        collector.problems.append(
            module_doc.problem(
                "lesson id 'index' is taken by the module's own page; rename the lesson", "lessons", index
            )
        )
        return False
    return True


def _load_lesson(
    root: Path, lesson_id: str, module_doc: YamlDocument, index: int, catalogue: Catalogue, collector: ContentReader
) -> Lesson | None:
    lesson_file = root / layout.lesson_file(lesson_id)
    if not lesson_file.exists() and not lesson_file.is_symlink():
        collector.add(
            module_doc.path,
            module_doc.line("lessons", index),
            f"lesson '{lesson_id}' has no file {layout.lesson_file(lesson_id)}"
            + did_you_mean(lesson_id, file_stems(lesson_file.parent, ".md")),
        )
        return None
    path = collector.rel(lesson_file)
    markdown = collector.read_markdown(lesson_file)
    if markdown is None:
        return None
    if markdown.front is None:
        collector.add(path, 1, "expected front matter between `---` lines with at least `title:`")
        return None
    document, body = markdown.front, markdown.body
    data = document.data if isinstance(document.data, dict) else {}
    title = required_text(document, data, "title", collector)
    collector.problems.extend(citation_problems(path, body, markdown.body_line, catalogue))
    leading = body[: len(body) - len(body.lstrip())].count("\n")  # blank lines before the text
    return Lesson(lesson_id, title, body.strip() + "\n", path, markdown.body_line + leading)


def _read_listening(
    document: YamlDocument, data: dict, catalogue: Catalogue, collector: ContentReader
) -> tuple[Listening, ...]:
    items = data.get("listening") or []
    if not isinstance(items, list):
        collector.problems.append(document.problem("`listening` must be a list", "listening"))
        return ()
    listening = []
    for index, item in enumerate(items):
        where = ("listening", index)
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("episode"), int)
            or isinstance(item.get("episode"), bool)
        ):
            collector.problems.append(document.problem("listening needs `episode:` with an episode number", *where))
            continue
        report_unknown_keys(document, item, where, {"episode", "turns", "note"}, collector)
        turns = None
        if item.get("turns") is not None:
            turns = parse_turn_span(item["turns"])
            if turns is None:
                collector.problems.append(
                    document.problem(
                        f"turns {item['turns']!r}: expected a turn number or a span like 31-34", *where, "turns"
                    )
                )
                continue
        reason = source_problem(Source(episode=item["episode"], turns=turns), catalogue)
        if reason:
            collector.problems.append(document.problem(reason, *where))
            continue
        note = item.get("note") or ""
        listening.append(Listening(item["episode"], turns, str(note).strip()))
    return tuple(listening)
