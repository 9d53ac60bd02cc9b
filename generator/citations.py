"""Citations: the one syntax that ties the course to its sources, in lessons, quizzes and listening.

A lesson cites a moment as `[E227, turns 31-34]` in its text, a quiz question names its `source:`
as `E227, turns 31-34` or `{post: <slug>}`, a module's listening gives `episode:` and `turns:`.
Each becomes a Source (model) and is resolved against the catalogue here, so a citation of a turn
that does not exist is refused with the line that makes it; the renderers link it to the moment.
"""

from __future__ import annotations

import re

from . import layout
from .model import Catalogue, Problem, Source, TurnSpan

# What trainers write is understood: E227, e227, Ep 227, Ep. 227, Episode 227; turn 31, turns 31-34,
# turns 31 to 34, t. 31, t31 (any case); the site shows every citation the one way ("E227, turns 31-34").
_EPISODE_CITATION = (
    r"(?i:e|ep\.?|episode)\s*(?P<episode>\d+)"
    r"(?:\s*,?\s*(?i:turns?|t\.?)\s*(?P<first>\d+)(?:\s*(?:[-–]|(?i:to))\s*(?P<last>\d+))?)?"
)
_POST_CITATION = r"(?i:post):\s*(?P<post>[a-z0-9-]+)"
CITATION_IN_TEXT = re.compile(r"\[(?:" + _EPISODE_CITATION + "|" + _POST_CITATION + r")\](?!\()")
CITATION_ALONE = re.compile(r"^(?:" + _EPISODE_CITATION + "|" + _POST_CITATION + r")$")


def source_from_match(match: re.Match) -> Source:
    """The Source a citation names (`E227, turns 31-34`, `E204, turn 9`, `E100`, `post: slug`)."""
    if match.group("post"):
        return Source(post=match.group("post"))
    turns = None
    if match.group("first"):
        first = int(match.group("first"))
        turns = TurnSpan(first, int(match.group("last") or first))
    return Source(episode=int(match.group("episode")), turns=turns)


def post_citation_words(title: str) -> str:
    """How a cited post reads wherever the course cites it, on its pages and in search: its
    title (a slug is an address, not words)."""
    return f"“{title}” (blog post)"


def posts_cited_as_titles(text: str, catalogue: Catalogue) -> str:
    """`text` with each `[post: <slug>]` as the words its page shows (post_citation_words); a
    post not in the catalogue (which `check` refuses) keeps its citation."""
    titles = {post.slug: post.title for post in catalogue.posts}

    def as_words(match: re.Match) -> str:
        title = titles.get(match.group("post") or "")
        return post_citation_words(title) if title is not None else match.group(0)

    return CITATION_IN_TEXT.sub(as_words, text)


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
            return f"source names E{source.episode}, {span}, but E{source.episode} has {len(episode.transcript)} turns"
    return None
