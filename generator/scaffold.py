"""`podcourse new episode|lesson|module|quiz`: start a trainer off with a valid, commented file.

Trainers are not developers. A new file that already passes `podcourse check`, with a comment
above every field saying what it does, teaches the format better than any page of docs. Values
a trainer typed (titles) go into YAML through yaml.safe_dump, never pasted raw into the text,
and every scaffold is parsed back before it is written, so a title full of colons and quotes
still gives valid YAML. An existing file is never overwritten, and when one file of a set
cannot be written, none is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import layout
from .commands import typed
from .content_reader import read_text_file
from .layout import PATH_FILE
from .load import load_catalogue
from .model import Catalogue, Episode, Problem
from .placeholders import PLACEHOLDERS
from .store import write_atomic
from .yaml_source import load_content_yaml, parse_yaml, split_front_matter

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Refused(Exception):
    """The scaffold would overwrite a file or could not be valid; nothing has been written."""

    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(message)
        self.problem = Problem(path, line, message)


@dataclass(frozen=True)
class FileWrite:
    """One file a scaffold writes: a new file, or an existing list it adds an id to."""

    path: str
    """Relative to the repository root."""
    text: str
    note: str
    """What the trainer is told, e.g. "created" or "added 'referrals' to the path"."""


# ---- the four scaffolds: each returns the writes it needs, having checked they are safe ----


def plan_episode(root: Path, catalogue: Catalogue, number: int, title: str, aired: dt.date) -> list[FileWrite]:
    """content/episodes/e<number>.yml with every field of the format, commented."""
    if number < 1:
        raise Refused(layout.episode_file(number), "the episode number must be 1 or more")
    path = layout.episode_file(number)
    _refuse_existing(root, path)
    if catalogue.episode(number):
        raise Refused(path, f"episode E{number} already exists in another file of {layout.EPISODES}/")
    host = catalogue.host.name
    text = f"""\
# E{number}: one episode of the podcast. Fill in the fields, then run `{typed(root, "check")}`.
# (To bring in an episode page from the podcast's website, use `{typed(root, "import <page.txt>")}` instead.)

# The number listeners know the episode by (E{number}); no other episode may use it.
number: {number}
# The title, without the episode number or "Part 1 of 3" (those come from `number` and `series`).
title: {_yaml(title)}
# The day it aired, YYYY-MM-DD. The episode index and "What's new" order episodes by it.
date: {aired.isoformat()}
# null, or the series this episode is part of: {{name: Series name, part: 1, parts: 3}}
# (part and parts may be null when unknown).
series: null
# The guests by full name, e.g. [Kwame Christian]; each needs a file content/people/<name>.yml.
# The host ({host}) is declared once in content/podcast.yml and is never listed here.
guests: []
# Anyone else who speaks (a co-host, a producer, a caller), with an optional role,
# e.g. [{{name: Sam, role: producer}}]; they need no file in content/people/.
participants: []
# Topics for browsing and search, e.g. [negotiation, mindset].
topics: []
# The question the episode opens with, shown under the title.
hook: ''
# The show notes. Separate paragraphs with a blank line (write `description: |` and indent them).
description: ''
# Memorable lines from the episode ("gems"), one item each.
quotes: []
# The raw page this episode was imported from; empty when written by hand.
source: ''
# The conversation, turn by turn, in order. Turn N is the link episodes/e{number}/#t-N, and a
# lesson cites it as [E{number}, turn N], so add turns at the end rather than in the middle.
# `speaker` is a full name: the host, a guest or a participant. Add `kind: ad` to a mid-roll ad read
# and `kind: outro` to the closing words; speech needs no kind.
transcript:
  - speaker: {_yaml(host)}
    text: {_yaml(PLACEHOLDERS["episode_turn"])}
"""
    _parses_to(path, text, {"number": number, "title": title, "date": aired})
    return [FileWrite(path, text, "created")]


def plan_lesson(root: Path, catalogue: Catalogue, lesson_id: str, module_id: str, title: str) -> list[FileWrite]:
    """content/course/lessons/<id>.md, and its id added to the module's `lessons:` list."""
    path = layout.lesson_file(lesson_id)
    _refuse_bad_id(path, lesson_id, "lesson")
    _refuse_existing(root, path)
    module_path = layout.module_file(module_id)
    if not (root / module_path).is_file():
        raise Refused(
            module_path, f"no module '{module_id}': create it first with `{typed(root, 'new module ' + module_id)}`"
        )
    citation = _citation(catalogue)
    example = (
        PLACEHOLDERS["lesson_example"].format(citation=citation)
        if citation
        else PLACEHOLDERS["lesson_example_no_episode"]
    )
    text = f"""\
---
# A lesson of module '{module_id}' (content/course/modules/{module_id}.yml lists it under `lessons:`).
# `title` is the lesson's heading and its name in the course navigation.
title: {_yaml(title)}
---
<!--
Write the lesson below, in Markdown: ## for headings, blank lines between paragraphs.
Back every claim with the moment of an episode it comes from, in square brackets:
[E<number>, turn <N>] or [E<number>, turns <first>-<last>], where N is the #t-N anchor of the
turn on the episode's page; or a blog post as [post: <slug>]. On the site each citation becomes
a link to that moment, and `{typed(root, "check")}` makes sure the episode and the turns exist.
Words in "double quotation marks" must be the speaker's own, as the cited turn has them
(... for words left out, [square brackets] for yours): the check compares them.
This comment does not show on the site.
-->

## What you will learn

{example}
"""
    front, _, _ = split_front_matter(text)
    if front is None:
        raise AssertionError(f"{path}: scaffold has no front matter")
    _parses_to(path, front, {"title": title})
    edited = add_to_yaml_list(_text_to_edit(root, module_path), "lessons", lesson_id, module_path)
    return [FileWrite(path, text, "created"), FileWrite(module_path, edited, f"added '{lesson_id}' to its lessons")]


def plan_module(root: Path, catalogue: Catalogue, module_id: str, title: str) -> list[FileWrite]:
    """content/course/modules/<id>.yml and quizzes/<id>.yml, and the id added to the path."""
    path = layout.module_file(module_id)
    _refuse_bad_id(path, module_id, "module")
    _refuse_existing(root, path)
    quiz = plan_quiz(root, catalogue, module_id, module_must_exist=False)
    episode = _sample_episode(catalogue)
    if episode:
        turns = "1-2" if len(episode.transcript) >= 2 else "1"
        listening = (
            f"""\
listening:
  - episode: {episode.number}
    turns: {turns}
    note: {_yaml(PLACEHOLDERS["listening_note"].format(code=episode.code))}
"""
            if episode.transcript
            else f"listening:\n  - episode: {episode.number}\n"
        )
    else:
        listening = "listening: []\n"
    text = f"""\
# Module '{module_id}': one step of the onboarding path. content/course/path.yml lists the
# modules in the order new hires take them; the module's quiz is quizzes/{module_id}.yml.

# The module's name, shown on the path and as its page's heading.
title: {_yaml(title)}
# One or two sentences under the title: why this module matters to a new hire.
summary: {_yaml(PLACEHOLDERS["module_summary"])}
# What a new hire can do after this module, one item each (at least one).
objectives:
  - {_yaml(PLACEHOLDERS["module_objective"])}
# The lessons in reading order, by id: each is content/course/lessons/<id>.md.
# `{typed(root, "new lesson <id> --module " + module_id)}` writes one and adds its id here.
lessons:  # none yet
# Required listening: an episode and, where it matters, the span of turns to hear
# (turns: 31-34 links to that moment and quotes it), with a note on why it is worth the time.
{listening}"""
    _parses_to(path, text, {"title": title, "lessons": None})
    path_text = _text_to_edit(root, PATH_FILE) if (root / PATH_FILE).exists() else PATH_HEADER
    edited = add_to_yaml_list(path_text, "modules", module_id, PATH_FILE)
    return [FileWrite(path, text, "created"), *quiz, FileWrite(PATH_FILE, edited, f"added '{module_id}' to the path")]


PATH_HEADER = """\
# The onboarding path: module ids in the order new hires take them.
# Each is content/course/modules/<id>.yml with its quiz in quizzes/<id>.yml.
modules: []
"""


def plan_quiz(root: Path, catalogue: Catalogue, module_id: str, module_must_exist: bool = True) -> list[FileWrite]:
    """quizzes/<module>.yml with one question of each kind, every field commented."""
    path = layout.quiz_file(module_id)
    _refuse_bad_id(path, module_id, "module")
    _refuse_existing(root, path)
    if module_must_exist and not (root / layout.module_file(module_id)).is_file():
        raise Refused(
            path, f"no module '{module_id}': `{typed(root, 'new module ' + module_id)}` writes the module and its quiz"
        )
    episode = _sample_episode(catalogue)
    if episode is None:
        raise Refused(path, "each question cites the episode moment that answers it: add an episode first")
    source = _yaml(f"{episode.code}, turns 1-2" if len(episode.transcript) >= 2 else episode.code)
    text = f"""\
# The self-graded quiz of module '{module_id}'. Learners answer in the browser; their best score
# is kept there. Changing a question makes earlier results show as "from an older version".

# Percent of questions a learner must get right to pass.
pass_mark: 80
# Shuffle the questions and their options for each attempt (true or false).
shuffle: true
# The questions. Every question has:
#   id           unique within this quiz (q1, q2, ...); keep it when you reword a question
#   type         single, multiple, truefalse, ordering or open
#   prompt       the question as the learner reads it
#   explanation  shown after answering, right or wrong: why the answer is right
#   source       the moment that answers it: "E204, turns 5-7", "E204, turn 5", "E204",
#                or {{post: <slug>}} for a blog post; `{typed(root, "check")}` makes sure it exists
questions:
  # single: one right option. `options` maps an id to its text, or to
  # {{text: ..., feedback: ...}} to say something to whoever picks it; `answer` is the right id.
  # (type: multiple works the same, with `answer: [a, c]` listing every right id.)
  - id: q1
    type: single
    prompt: {_yaml(PLACEHOLDERS["single_prompt"])}
    options:
      a: {_yaml(PLACEHOLDERS["right_option"])}
      b: {{text: {_yaml(PLACEHOLDERS["wrong_option"])}, feedback: {_yaml(PLACEHOLDERS["wrong_feedback"])}}}
    answer: a
    explanation: {_yaml(PLACEHOLDERS["single_explanation"])}
    source: {source}
  # truefalse: `answer` is true or false; `feedback` may say something for each choice.
  - id: q2
    type: truefalse
    prompt: {_yaml(PLACEHOLDERS["truefalse_prompt"])}
    answer: true
    feedback: {{true: {_yaml("Right.")}, false: {_yaml("Listen to the source again.")}}}
    explanation: {_yaml(PLACEHOLDERS["truefalse_explanation"])}
    source: {source}
  # ordering: `items` in their RIGHT order; the learner sees them shuffled.
  - id: q3
    type: ordering
    prompt: {_yaml("Put these steps in order.")}
    items:
      - {_yaml(PLACEHOLDERS["ordering_step_1"])}
      - {_yaml(PLACEHOLDERS["ordering_step_2"])}
      - {_yaml(PLACEHOLDERS["ordering_step_3"])}
    explanation: {_yaml(PLACEHOLDERS["ordering_explanation"])}
    source: {source}
  # open: the learner writes an answer, then grades it against `model_answer` and/or the
  # points of the `rubric`.
  - id: q4
    type: open
    prompt: {_yaml(PLACEHOLDERS["open_prompt"])}
    model_answer: {_yaml(PLACEHOLDERS["open_model_answer"])}
    rubric:
      - {_yaml(PLACEHOLDERS["open_rubric_1"])}
      - {_yaml(PLACEHOLDERS["open_rubric_2"])}
    explanation: {_yaml(PLACEHOLDERS["open_explanation"])}
    source: {source}
"""
    _parses_to(path, text, {"pass_mark": 80, "shuffle": True})
    return [FileWrite(path, text, "created")]


# ---- carrying a plan out ----


def carry_out(root: Path, writes: list[FileWrite]) -> list[str]:
    """Write every planned file (each atomically) and say what was done, one line per file."""
    for write in writes:
        write_atomic(root / write.path, write.text)
    return [f"{write.path}: {write.note}" for write in writes]


def scaffold(
    root: Path,
    kind: str,
    name: str,
    *,
    title: str | None = None,
    module: str | None = None,
    aired: dt.date | None = None,
) -> tuple[list[str], list[Problem]]:
    """Plan and write one scaffold: (what was done, problems). Nothing is written on a problem."""
    root = Path(root)
    catalogue, _ = load_catalogue(root)  # content with problems still names its episodes and modules
    try:
        if kind == "episode":
            number = _episode_number(name)
            writes = plan_episode(root, catalogue, number, title or f"Episode {number}", aired or dt.date.today())
        elif kind == "lesson":
            writes = plan_lesson(root, catalogue, name, module or "", title or _title_from_id(name))
        elif kind == "module":
            writes = plan_module(root, catalogue, name, title or _title_from_id(name))
        elif kind == "quiz":
            writes = plan_quiz(root, catalogue, name)
        else:
            raise Refused(name, f"unknown kind {kind!r}: expected episode, lesson, module or quiz")
    except Refused as refusal:
        return [], [refusal.problem]
    return carry_out(root, writes), []


# ---- adding an id to a YAML list without losing the trainer's comments ----


def add_to_yaml_list(text: str, key: str, item: str, path: str) -> str:
    """`text` with `item` appended to the top-level list `key`, comments and layout kept.

    Re-dumping the YAML would drop every comment a trainer wrote, so the item is spliced into
    the text where the list ends, and the result is parsed back to prove it says what we meant.
    """
    document, problem = parse_yaml(text, path)  # as check reads it: a key given twice is refused too
    if problem:
        raise Refused(path, f"cannot add '{item}' to `{key}:`: {problem.message}", problem.line)
    assert document is not None  # parse_yaml gives a document or a problem
    before = document.data or {}
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(before, dict):
        raise Refused(path, f"cannot add '{item}' to `{key}:`: the file is not a mapping of fields")
    current = before.get(key)
    if current is not None and not isinstance(current, list):
        raise Refused(path, f"cannot add '{item}': `{key}:` is not a list")
    if item in (current or []):
        raise Refused(path, f"'{item}' is already listed under `{key}:`")
    edited = _splice(text, root, key, item)
    try:
        after = load_content_yaml(edited)
    except yaml.YAMLError:
        after = None
    if (
        not isinstance(after, dict)
        or after.get(key) != [*(current or []), item]
        or {k: v for k, v in after.items() if k != key} != {k: v for k, v in before.items() if k != key}
    ):
        raise Refused(path, f"could not add '{item}' to `{key}:` safely; add `- {item}` there by hand")
    return edited


def _splice(text: str, root, key: str, item: str) -> str:
    value = next((v for k, v in (root.value if isinstance(root, yaml.MappingNode) else []) if k.value == key), None)
    if value is None:  # no such key: add it at the end
        return text + ("" if text.endswith("\n") or not text else "\n") + f"{key}:\n  - {item}\n"
    if isinstance(value, yaml.SequenceNode) and value.flow_style:  # [a, b] or []
        close = text.rindex("]", 0, value.end_mark.index)
        separator = ", " if value.value else ""
        return text[:close] + separator + item + text[close:]
    if isinstance(value, yaml.SequenceNode) and value.value:  # a block list: a new line after its last item
        last = value.value[-1]
        end_of_line = text.find("\n", last.end_mark.index)
        end_of_line = len(text) if end_of_line == -1 else end_of_line
        dash = text.rfind("-", 0, value.value[0].start_mark.index)
        indent = dash - text.rfind("\n", 0, dash) - 1
        return text[:end_of_line] + "\n" + " " * indent + f"- {item}" + text[end_of_line:]
    if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):  # `key:`, `key: ~`, `key: null`
        start, end = value.start_mark.index, value.end_mark.index
        return text[:start] + (f" [{item}]" if start == end else f"[{item}]") + text[end:]
    return text  # anything else fails the parse-back check and is refused


# ---- small helpers ----


def _yaml(value) -> str:
    """One value as inline YAML (quoted when it needs to be), for a scaffold's text."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=float("inf"))
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _parses_to(path: str, text: str, expected: dict) -> None:
    """A scaffold must say what it means: parse it back and compare (a bug otherwise, not a user error)."""
    data = load_content_yaml(text)
    wrong = {key: data.get(key) for key, value in expected.items() if data.get(key) != value}
    if wrong:
        raise AssertionError(f"{path}: scaffold does not parse back to what was asked: {wrong}")


def _text_to_edit(root: Path, path: str) -> str:
    """A file a scaffold adds an id to, read as check reads it; one that cannot be is refused."""
    text, problem = read_text_file(root / path, path)
    if problem:
        raise Refused(path, f"cannot add to it: {problem.message}", problem.line)
    assert text is not None  # read_text_file gives the text or a problem
    return text


def _refuse_existing(root: Path, path: str) -> None:
    if (root / path).exists():
        raise Refused(
            path, f"already exists; `{typed(root, 'new')}` never overwrites a file (edit it, or choose another name)"
        )


def _refuse_bad_id(path: str, value: str, what: str) -> None:
    if not ID_PATTERN.fullmatch(value):
        raise Refused(path, f"{what} id {value!r}: use lower-case letters, digits and single hyphens, e.g. smart-asks")


def _episode_number(name: str) -> int:
    match = re.fullmatch(r"[Ee]?(\d+)", name.strip())
    if not match:
        raise Refused(name, f"episode {name!r}: give the episode number, e.g. 305 or E305")
    return int(match.group(1))


def _title_from_id(identifier: str) -> str:
    return identifier.replace("-", " ").capitalize()


def _sample_episode(catalogue: Catalogue) -> Episode | None:
    """The newest episode with a transcript (else the newest): what the examples cite, so they resolve."""
    with_turns = [e for e in catalogue.episodes if e.transcript]
    candidates = with_turns or list(catalogue.episodes)
    return max(candidates, key=lambda e: (e.date, e.number), default=None)


def _citation(catalogue: Catalogue) -> str | None:
    episode = _sample_episode(catalogue)
    if episode is None:
        return None
    return f"[{episode.code}, turns 1-2]" if len(episode.transcript) >= 2 else f"[{episode.code}]"


# ---- the `podcourse new` command (generator.cli registers it) ----


def add_new_command(verbs) -> None:
    """Register `podcourse new KIND NAME` on the CLI's subparsers."""
    new = verbs.add_parser("new", help="start a new episode, lesson, module or quiz from a valid, commented file")
    new.add_argument("kind", choices=("episode", "lesson", "module", "quiz"), help="what to create")
    new.add_argument(
        "name",
        metavar="NAME",
        help="episode number (305), or the lesson/module id (smart-asks); for a quiz, its module's id",
    )
    new.add_argument("--title", help="the title (default: made from NAME)")
    new.add_argument("--module", help="lesson only: the module it belongs to (its id is added to the module's lessons)")
    new.add_argument("--date", type=_iso_date, help="episode only: the day it aired, YYYY-MM-DD (default: today)")
    new.set_defaults(run=cmd_new)


def cmd_new(args: argparse.Namespace) -> int:
    if args.kind == "lesson" and not args.module:
        print(f"{args.name}: a lesson belongs to a module: add --module <module id>", file=sys.stderr)
        return 1
    done, problems = scaffold(
        Path(args.root), args.kind, args.name, title=args.title, module=args.module, aired=args.date
    )
    for problem in problems:
        print(problem, file=sys.stderr)
    for line in done:
        print(line)
    if done:
        print(f"next: edit the new file, then run `{typed(Path(args.root), 'check')}`")
    return 1 if problems else 0


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-25") from None
