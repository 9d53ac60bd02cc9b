"""The index's fields as searchers name them: which a plain query looks in, how much each weighs.

Plain data, no Whoosh: checking a query's syntax (`podcourse check` checks topic queries) needs
these names and nothing of the index.
"""

from __future__ import annotations

from ..model import slugify

DOCUMENT_TYPES = ("episode", "lesson", "quiz", "post")
TEXT_FIELDS = ("title", "heading", "quotes", "notes", "text")
"""Fields holding what a page says, strongest first; boosts below."""
NAME_FIELDS = ("guest", "speaker")
"""Who is on the page: an episode's guests (on each of its passages) and who says a passage.
Searched by default too, so that a guest's name finds their episodes before pages that only
mention them."""
SEARCHED_FIELDS = TEXT_FIELDS + NAME_FIELDS
"""Fields a plain word is looked for in."""
FIELD_BOOSTS = {"title": 4.0, "quotes": 3.0, "notes": 2.0, "heading": 1.5, "text": 1.0, "guest": 2.0, "speaker": 1.5}
QUERY_FIELDS = SEARCHED_FIELDS + ("topic", "type", "module", "year")
"""Fields a user may name in a query (`guest:kwame`)."""


def topic_key(topic: str) -> str:
    """One facet value per topic whatever its case or number: "Negotiations" and "negotiation"
    are one topic, `negotiation`."""
    return "-".join(_singular(word) for word in slugify(topic).split("-") if word)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
