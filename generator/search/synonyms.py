"""The trainer's synonyms (content/synonyms.yml, generator.synonyms) as a search applies them.

A plain word of a query that is in a group is looked for as every member of the group: single
words as terms, phrases ("buyer's remorse") as phrases. The word as typed keeps its full weight
and the others weigh a little less, so a passage with the listener's own word comes first.
No Whoosh here: the expansion is data; generator.search.engine turns it into queries.
"""

from __future__ import annotations

from collections.abc import Iterable

from .analysis import tokens

OTHER_WORDS_WEIGHT = 0.8
"""A synonym's weight beside the word typed."""


class Synonyms:
    """Groups of words that mean the same, looked up by a word's search term."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()):
        self.groups = tuple(tuple(group) for group in groups)
        self._by_term: dict[str, tuple[tuple[str, ...], ...]] = {}
        for group in self.groups:
            keys = tuple(dict.fromkeys(tuple(t for t, _, _ in tokens(word)) for word in group))
            for key in keys:
                if len(key) == 1:
                    self._by_term[key[0]] = keys

    def alternatives(self, term: str) -> tuple[tuple[str, ...], ...]:
        """The other members of `term`'s group, each as its sequence of terms; () if none."""
        return tuple(key for key in self._by_term.get(term, ()) if key != (term,))

    @classmethod
    def from_json(cls, data: object) -> Synonyms:
        if not isinstance(data, list):
            return cls()
        return cls(group for group in data if isinstance(group, list) and all(isinstance(w, str) for w in group))
