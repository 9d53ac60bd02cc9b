"""What each topic's query finds, for the topic pages (generator.render.topics).

The renderers do not search: the build hands them `topic_results(index)` in its context once the
index built beside the pages is ready, so rendering never loads Whoosh and a topic page shows what
a listener typing the topic's query would find.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Topic
from .engine import ResultGroup, SearchError, SearchIndex, SearchRequest, search

PASSAGES_PER_TOPIC_RESULT = 3
HIGHLIGHTED_TOPIC_RESULTS = 25
"""How many of a topic's best pages show the passages that matched; the rest are listed by title.

A topic of a 1,000-episode catalogue finds most of it: excerpts for all of them made each topic
page about a megabyte, and highlighting them was most of the time the topic pages took."""


def topic_results(index: SearchIndex) -> Callable[[Topic], tuple[ResultGroup, ...]]:
    """Topic -> every page its query finds in `index`, best first; the best ones with their passages."""

    def found(topic: Topic) -> tuple[ResultGroup, ...]:
        try:
            request = SearchRequest(q=topic.query, per_page=10_000, passages=PASSAGES_PER_TOPIC_RESULT)
            return search(index, request, highlights=HIGHLIGHTED_TOPIC_RESULTS).groups
        except SearchError:  # checked when loading; a query that still fails lists nothing
            return ()

    return found
