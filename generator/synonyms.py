"""Synonyms: words a listener may type for the words the episodes use, kept by the trainer.

content/synonyms.yml is a list of groups; every word (or short phrase) of a group finds the
others, in every search: the server, the terminal, topic pages and the static site.

    - [boss, manager, supervisor]
    - [quiet, silence, pause]
    - [regret, "buyer's remorse"]

A word belongs to one group: were it in two, a search for it would chain both groups together
(boss -> manager -> team lead -> ...), so that is refused with both lines named. Loading
checks every entry at once, each problem with its line.
"""

from __future__ import annotations

import re
from pathlib import Path

from .content_reader import read_optional_file
from .layout import SYNONYMS_FILE
from .model import Problem
from .search.analysis import tokens
from .yaml_source import YamlDocument, parse_yaml_list

MAX_WORDS = 4
"""Words in one synonym: a short phrase ("buyer's remorse"), not a sentence."""
_ALLOWED = re.compile(r"[\w' ’-]+")


def load_synonyms(root: Path) -> tuple[tuple[tuple[str, ...], ...], list[Problem]]:
    """The groups of content/synonyms.yml (none when the file is absent) and every problem in it."""
    text, problems = read_optional_file(root, SYNONYMS_FILE)
    return parse_synonyms(text, SYNONYMS_FILE) if text is not None else ((), problems)


def parse_synonyms(text: str, path: str) -> tuple[tuple[tuple[str, ...], ...], list[Problem]]:
    document, problems = parse_yaml_list(text, path, "groups, one a line: - [boss, manager, supervisor]")
    if document is None:
        return (), problems
    groups = []
    first_seen: dict[str, tuple[str, int]] = {}  # a word's search terms -> (as written, line)
    for index, entry in enumerate(document.entries):
        group = _group(document, index, entry, problems)
        if group is None:
            continue
        line = document.line(index)
        for word in group:
            key = synonym_key(word)
            if key in first_seen and first_seen[key][1] != line:
                problems.append(
                    document.problem(
                        f"{word!r} is already in the group on line {first_seen[key][1]} (as {first_seen[key][0]!r}): "
                        "a word belongs to one group, or searches would chain both; merge the two groups",
                        index,
                    )
                )
            first_seen.setdefault(key, (word, line))
        groups.append(group)
    return tuple(groups), problems


def synonym_key(word: str) -> str:
    """What a synonym is searched as: the terms of its words (so "Managers" and "manager" are one)."""
    return " ".join(term for term, _, _ in tokens(word))


def _group(document: YamlDocument, index: int, entry, problems: list[Problem]) -> tuple[str, ...] | None:
    if not isinstance(entry, list):
        problems.append(document.problem("a group is a list of two or more words: - [boss, manager]", index))
        return None
    words, keys = [], set()
    for position, word in enumerate(entry):
        reason = _bad_word(word)
        if reason:
            problems.append(document.problem(f"{reason}, in item {position + 1} of this group", index, position))
            continue
        word = " ".join(word.split())
        if synonym_key(word) in keys:
            problems.append(document.problem(f"{word!r} is twice in this group", index, position))
            continue
        keys.add(synonym_key(word))
        words.append(word)
    if len(words) < 2 and len(entry) >= 2:
        return None  # its items' problems are reported
    if len(words) < 2:
        problems.append(document.problem("a group needs two or more words that mean the same", index))
        return None
    return tuple(words)


def _bad_word(word) -> str | None:
    if not isinstance(word, str) or not word.strip():
        return f"expected a word or short phrase, got {word!r}"
    if not _ALLOWED.fullmatch(word.strip()):
        return f"{word!r} holds characters other than letters, digits, spaces, hyphens and apostrophes"
    count = len(list(tokens(word)))
    if count == 0 or count > MAX_WORDS:
        return f"{word!r}: a synonym is a word or a phrase of up to {MAX_WORDS} words"
    return None
