"""Topics: subjects a listener can browse, declared once in content/topics.yml.

    - name: Asking for what you need
      description: How to make a request people can say yes to.
      query: SMART OR "make a request"

Each topic becomes a page listing what its query finds (generator.render.topics), built with
the site so browsing by topic works on a purely static host. Loading checks every entry at
once, with the line it sits on, and checks each query with the same rules as a listener's.
"""

from __future__ import annotations

from pathlib import Path

from .content_reader import read_optional_file
from .layout import TOPICS_FILE
from .model import Problem, Topic
from .search.request import SearchError, check_query
from .yaml_source import YamlDocument, parse_yaml_list

FIELDS = ("name", "description", "query")


def load_topics(root: Path) -> tuple[tuple[Topic, ...], list[Problem]]:
    """Topics from content/topics.yml (none when the file is absent) and every problem in it."""
    text, problems = read_optional_file(root, TOPICS_FILE)
    return parse_topics(text, TOPICS_FILE) if text is not None else ((), problems)


def parse_topics(text: str, path: str) -> tuple[tuple[Topic, ...], list[Problem]]:
    document, problems = parse_yaml_list(text, path, "topics (- name: ..., description: ..., query: ...)")
    if document is None:
        return (), problems
    topics: list[Topic] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(document.entries):
        topic = _topic(document, index, entry, problems)
        if topic is None:
            continue
        if topic.id in seen:
            problems.append(
                document.problem(
                    f"topic {topic.name!r} is declared twice (first on line {seen[topic.id]})", index, "name"
                )
            )
            continue
        seen[topic.id] = topic.line
        topics.append(topic)
    return tuple(topics), problems


def _topic(document: YamlDocument, index: int, entry, problems: list[Problem]) -> Topic | None:
    if not isinstance(entry, dict):
        problems.append(document.problem("a topic must be a mapping with name, description and query", index))
        return None
    before = len(problems)
    for key in sorted(set(entry) - set(FIELDS)):
        problems.append(document.problem(f"unknown field {key!r}; a topic has {', '.join(FIELDS)}", index, key))
    values = {}
    for key in FIELDS:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(document.problem(f"topic needs a non-empty text '{key}'", index, key))
        else:
            values[key] = value.strip()
    if "query" in values:
        try:
            check_query(values["query"])
        except SearchError as error:
            problems.append(document.problem(f"query: {error.message}", index, "query"))
    if len(problems) > before:
        return None
    return Topic(values["name"], values["description"], values["query"], line=document.line(index))
