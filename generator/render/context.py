"""What a build knows besides the content, handed to every page and file producer.

The catalogue is the content and nothing else. A build also reads git history (What's new, the
feed, each page's date), knows the address the site is published at (the feed's absolute links)
and, once the search index built beside the pages is ready, what each topic's query finds. The
plugin gathers these into one BuildContext; rendering without a build (tests, a preview that
failed) uses an empty one, and the pages that list what the index finds are then frames.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..history import History
from ..model import Topic

TopicResults = Callable[[Topic], Sequence]
"""What a topic's query finds, best first: result groups as generator.search.engine gives them
(title, url, type, date, guests, passages with url, heading and highlight)."""


@dataclass(frozen=True)
class BuildContext:
    """The build's facts for the renderers; every field has the value a build without it would get."""

    history: History = field(default_factory=History)
    """The repository's git history, read once per build (generator.history); empty outside git."""
    site_url: str | None = None
    """mkdocs.yml's `site_url`, where the site is published; None leaves the feed's links relative."""
    topic_results: TopicResults | None = None
    """The search index's answers for topic pages (generator.search.topics); None until the index
    is ready, when those pages are frames with nothing found yet."""


NO_BUILD = BuildContext()
"""Rendering outside a build: no history, no address, no index."""
