"""What the course says and what it cites: the text each citation backs, and the cited words.

A lesson backs its sentences with citations (`... [E204, turn 16].`); a module's listening note
is backed by the moment it points at; a quiz question by its `source:`. The checks that compare
the two (generator.quotations, generator.citation_targets) read them from here, each piece of text
with the file and line a trainer would edit.

A lesson's paragraph is cut at its citations: the words before a citation, back to the previous
one, are what that citation backs; words after a paragraph's last citation lean on it. A list
that follows a paragraph ending in a colon ("He gives two examples [E100, turn 1]:") belongs to
that paragraph. Markup that is not text (HTML tags, link targets, admonition titles, code) is
blanked out, keeping every other character where it was so lines stay countable.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from . import layout
from .citations import CITATION_IN_TEXT, source_from_match
from .content_reader import read_text_file
from .links import MARKDOWN_LINK, visible_lines
from .model import Catalogue, Lesson, Module, Question, Source
from .yaml_source import YamlDocument, parse_yaml


@dataclass(frozen=True)
class Claim:
    """A piece of the course's own text and the source it cites."""

    path: str  # the file a trainer edits
    text: str  # as written, markup blanked out
    source: Source
    lines: tuple[tuple[int, int], ...]
    """(offset in `text`, line of the file) where each line of the file starts in the text, first
    (0, line) included: YAML folds a `>-` block into one line, so newlines cannot be counted."""
    cited_at: int
    """The line of the citation itself: the lesson's `[E204, turn 16]`, the note's `turns:`, the
    question's `source:`."""
    part: str = "text"
    """What the text is: "text" of a lesson or a note, or the quiz field it comes from (prompt,
    explanation, answer b, option c, feedback on c, "false statement": the prompt of a true/false
    question whose answer is false, ...)."""
    question: str = ""  # the id of the quiz question it belongs to

    @property
    def wrong_on_purpose(self) -> bool:
        """A wrong option, or a statement the learner should find false: meant not to match its source."""
        return self.part.startswith("option ") or self.part == "false statement"

    @property
    def asserts(self) -> bool:
        """Says what the source says: lesson text, a note, and a question's prompt, right answers,
        items, model answer, rubric and explanation (feedback talks to the learner)."""
        return not self.wrong_on_purpose and not self.part.startswith("feedback")

    @property
    def line(self) -> int:
        """The line where the text starts."""
        return self.lines[0][1]

    def line_at(self, offset: int) -> int:
        """The file's line holding the character at `offset` of the text."""
        return self.lines[max(bisect_right(self.lines, (offset, float("inf"))) - 1, 0)][1]


@dataclass(frozen=True)
class CitedText:
    """The words a source holds: one passage per turn of an episode, or a post's title and body."""

    label: str  # "E204, turn 16", "post 2010-06-22-..."
    passages: tuple[tuple[str, str], ...]
    """(where, text): ("turn 16", ...), or a post's ("title", ...), ("categories", ...), ("text", ...):
    what its page shows."""


def cited_text(source: Source, catalogue: Catalogue) -> CitedText | None:
    """What a source says, or None when it names nothing (reported by the loaders)."""
    if source.post:
        post = next((p for p in catalogue.posts if p.slug == source.post), None)
        if post is None:
            return None
        return CitedText(
            f"post {post.slug}",
            (("title", post.title), ("categories", ", ".join(post.categories)), ("text", post.body)),
        )
    episode = catalogue.episode(source.episode)
    if episode is None:
        return None
    first, last = (source.turns.first, source.turns.last) if source.turns else (1, len(episode.transcript))
    if not 1 <= first <= last <= len(episode.transcript):
        return None
    return CitedText(
        str(source), tuple((f"turn {number}", episode.transcript[number - 1].text) for number in range(first, last + 1))
    )


def course_claims(root: Path, catalogue: Catalogue) -> list[Claim]:
    """Every cited piece of the course, in path order: lessons, listening notes, quizzes (the
    YAML files read again from `root` for the line of each field)."""
    claims: list[Claim] = []
    for module in catalogue.modules:
        for lesson in module.lessons:
            claims += lesson_claims(lesson)
        claims += _note_claims(root, module)
        if module.quiz is not None:
            claims += _quiz_claims(root, module.quiz.path, module.quiz.questions)
    return claims


# ---- lessons --------------------------------------------------------------------------------

_NOT_TEXT = (
    re.compile(r"<!--.*?-->|<[^>\n]+>", re.S),  # HTML comments and tags (their attributes are quoted)
    re.compile(r"\{[:#.][^}\n]*\}|\{\s+[#.][^}\n]*\}"),  # attribute lists: { .class title="..." }
    re.compile(r"^\s*(?:!!!|\?\?\?\+?|===)[^\n]*", re.M),  # admonition, details and tab titles
    re.compile(r"\[\^[^\]\n]+\]:?"),  # footnote marks
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


def lesson_claims(lesson: Lesson) -> list[Claim]:
    """The lesson cut into what each citation backs (see the module's docstring)."""
    claims: list[Claim] = []
    for first_line, text in _paragraphs(lesson):
        claims += _claims_of_paragraph(lesson.path, first_line, text)
    return claims


def _paragraphs(lesson: Lesson):
    """(first line, text) of each paragraph of the lesson, code left out, a list after a colon
    joined to the paragraph it completes; blank lines inside stay, so lines can be counted."""
    merged: list[tuple[list[tuple[int, str]], bool]] = []  # (lines, takes a list)
    for block in _blocks(lesson):
        if merged and merged[-1][1] and _LIST_ITEM.match(block[0][1]) and block[0][0] - merged[-1][0][-1][0] <= 2:
            merged[-1] = (merged[-1][0] + block, True)
        else:
            merged.append((block, block[-1][1].rstrip().endswith(":")))
    for block, _ in merged:
        text = block[0][1]
        for (previous, _), (number, line) in pairwise(block):
            text += "\n" * (number - previous) + line
        yield block[0][0], text


def _blocks(lesson: Lesson) -> list[list[tuple[int, str]]]:
    """Runs of consecutive written lines (line number, text) of the lesson, outside code."""
    blocks: list[list[tuple[int, str]]] = []
    previous = None
    for number, line in visible_lines(lesson.body):
        number += lesson.body_line - 1
        if line.strip():
            if blocks and previous == number - 1 and blocks[-1][-1][0] == previous:
                blocks[-1].append((number, line))
            else:
                blocks.append([(number, line)])
        previous = number
    return blocks


def _claims_of_paragraph(path: str, first_line: int, text: str) -> list[Claim]:
    """What each citation of a paragraph backs: the words back to the previous citation, and for
    the last one the words after it too."""
    text = _blank(text)
    citations = list(CITATION_IN_TEXT.finditer(text))
    claims = []
    for index, citation in enumerate(citations):
        start = citations[index - 1].end() if index else 0
        end = citation.start() if index + 1 < len(citations) else len(text)
        piece = CITATION_IN_TEXT.sub(_spaces, text[start:end])
        line = first_line + text.count("\n", 0, start)
        breaks = [(0, line)] + [(match.end(), line + row) for row, match in enumerate(re.finditer("\n", piece), 1)]
        cited_at = first_line + text.count("\n", 0, citation.start())
        claims.append(Claim(path, piece, source_from_match(citation), tuple(breaks), cited_at))
    return claims


def _blank(text: str) -> str:
    """Markup that is not the lesson's words replaced by spaces (newlines kept)."""
    for pattern in _NOT_TEXT:
        text = pattern.sub(_spaces, text)
    return MARKDOWN_LINK.sub(_link_text, text)


def _spaces(match: re.Match) -> str:
    return _blanked(match.group(0))


def _blanked(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _link_text(match: re.Match) -> str:
    """A Markdown link keeps its words, in their place; its brackets and target become spaces."""
    whole, words = match.group(0), match.group("text")
    before = whole.index("[") + 1
    return _blanked(whole[:before]) + words + _blanked(whole[before + len(words) :])


# ---- module notes and quizzes (YAML) ---------------------------------------------------------


def _note_claims(root: Path, module: Module) -> list[Claim]:
    path = layout.module_file(module.id)
    document, raw = _yaml_file(root, path)
    claims = []
    for index, item in enumerate(module.listening):
        if item.note:
            source = Source(episode=item.episode, turns=item.turns)
            where = ("listening", index)
            claims.append(
                _field_claim(
                    document, raw, path, where + ("note",), item.note, source, cited_at=_line(document, *where, "turns")
                )
            )
    return claims


def _quiz_claims(root: Path, path: str, questions: tuple[Question, ...]) -> list[Claim]:
    document, raw = _yaml_file(root, path)
    claims = []
    for question in questions:
        where = ("questions", _question_index(document, question))
        cited_at = _line(document, *where, "source")
        for part, key_path, text in _question_fields(question):
            claims.append(
                _field_claim(document, raw, path, where + key_path, text, question.source, cited_at, part, question.id)
            )
    return claims


def _question_fields(question: Question):
    """(part, key path, text) of every text field of a question, options as `option a`."""
    false = question.type == "truefalse" and question.answer == ("false",)
    yield "false statement" if false else "prompt", ("prompt",), question.prompt
    for option in question.options if question.type != "truefalse" else ():
        shown = "option" if option.id not in question.answer else "answer"
        yield f"{shown} {option.id}", ("options", _yaml_key(option.id), "text"), option.text
        if option.feedback:
            yield f"feedback on {option.id}", ("options", _yaml_key(option.id), "feedback"), option.feedback
    for option in question.options if question.type == "truefalse" else ():
        if option.feedback:
            yield f"feedback on {option.id}", ("feedback", option.id == "true"), option.feedback
    for index, item in enumerate(question.items):
        yield "items", ("items", index), item
    if question.model_answer:
        yield "model_answer", ("model_answer",), question.model_answer
    for index, point in enumerate(question.rubric):
        yield "rubric", ("rubric", index), point
    yield "explanation", ("explanation",), question.explanation


def _yaml_key(option_id: str):
    return int(option_id) if option_id.isdigit() else option_id


def _question_index(document: YamlDocument | None, question: Question) -> int:
    if document is None:
        return 0
    questions = document.data.get("questions") if isinstance(document.data, dict) else None
    for index in range(len(questions or ())):
        if document.line("questions", index) == question.line:
            return index
    return 0


def _yaml_file(root: Path, path: str) -> tuple[YamlDocument | None, list[str]]:
    """A course YAML file with its lines, already read once by the loader (its problems are
    reported there; without it every field is placed on line 1)."""
    text, problem = read_text_file(Path(root) / path, path)
    if problem or text is None:
        return None, []
    document, _ = parse_yaml(text, path)
    return document, text.split("\n")


def _field_claim(
    document: YamlDocument | None,
    raw: list[str],
    path: str,
    key_path: tuple,
    text: str,
    source: Source,
    cited_at: int,
    part: str = "text",
    question: str = "",
) -> Claim:
    """A YAML text field as a claim, with the file line of each of its words' lines."""
    line = _line(document, *key_path)
    end = (
        min((later for later in document.lines.values() if later > line), default=len(raw) + 1)
        if document
        else line + 1
    )
    return Claim(path, text, source, _field_lines(raw[line - 1 : end - 1], line, text), cited_at, part, question)


def _line(document: YamlDocument | None, *key_path) -> int:
    return document.line(*key_path) if document else 1


_FIELD_START = re.compile(r"^\s*(?:-\s+)?(?:(?:[^\s:#'\"-][^:#]*|'[^']*'|\"[^\"]*\"):(?:\s+[>|][-+0-9]*)?(?=\s|$))?")
"""What comes before a field's value on its first line: a list's dash, the key, a block indicator."""


def _field_lines(raw: list[str], line: int, text: str) -> tuple[tuple[int, int], ...]:
    """Where each of the field's file lines starts in its text. YAML folds `>-` blocks and plain
    multi-line values into one line but keeps their words, so the Nth word of the text is the
    Nth word written after the key; when quoting escapes make the counts differ, the whole text
    is placed on the key's line."""
    if not raw:
        return ((0, line),)
    written = [_FIELD_START.sub("", raw[0], count=1)] + raw[1:]
    word_lines = [line + row for row, part in enumerate(written) for _ in part.split()]
    words = list(re.finditer(r"\S+", text))
    if len(words) != len(word_lines):
        return ((0, line),)
    breaks = [(0, word_lines[0] if word_lines else line)]
    for word, word_line in zip(words, word_lines, strict=True):
        if word_line != breaks[-1][1]:
            breaks.append((word.start(), word_line))
    return tuple(breaks)
