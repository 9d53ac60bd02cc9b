"""Scoring a Whoosh matcher tree a whole set of passages at a time, with Whoosh's own numbers.

Whoosh walks a query's matcher tree one passage at a time in Python: every step of an AND is a
`skip_to` through nested matchers, every phrase candidate builds Span objects. At 1,000 episodes
that made `asking for the sale` cost 53 ms and `"sales experience"` 91 ms, and those two set the
HTTP throughput. Here the same tree is evaluated with sets: a term's passages are its decoded
postings (kept per generation, `Postings`), an AND is a set intersection, an OR a union, and only
the passages that match are scored, each with the very scorer Whoosh built for that term and the
sums in the tree's own order, so hits and scores are Whoosh's to the last bit
(tests/test_setwise.py and tests/test_search_by_kind.py compare them). A tree holding a matcher not listed here raises
`Unsupported`, and the caller falls back to walking it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Collection

from .whoosh_internals import (
    ArrayUnionMatcher,
    FilterMatcher,
    IntersectionMatcher,
    LeafMatcher,
    NullMatcherClass,
    SpanNear2,
    UnionMatcher,
    WeightLengthScorer,
    WeightScorer,
    WrappingMatcher,
)

POSTINGS_HELD = 400_000
"""Decoded postings kept per generation, a posting with its positions counting as four: about
25 MB at most (the benchmark's 15 queries hold 156,000 in 10 MB). The text field alone holds 1.8
million postings at 1,000 episodes."""
POSITIONS_COST = 4


class Unsupported(Exception):
    """The tree holds a matcher this module does not know to be a plain sum of its parts."""


class Postings:
    """Decoded postings of the terms searched lately, per segment, bounded (POSTINGS_HELD).

    A generation never changes once published, so what a term's postings decode to is fixed
    for its life: decoding them once saves walking Whoosh's blocks on every search."""

    def __init__(self, limit: int = POSTINGS_HELD):
        self.limit = limit
        self.held = 0
        self._terms: OrderedDict = OrderedDict()
        self._remembered: dict = {}
        self._lock = threading.Lock()

    def term(self, reader, leaf, positions: bool = False) -> TermPostings:
        """The postings of the leaf's term; with their positions only where a phrase needs them
        (a phrase's words decoded with positions serve the intersection scoring them too)."""
        key = (reader.segment().segment_id(), *leaf.term(), positions)
        with self._lock:
            for held in (key, key[:-1] + (True,)) if not positions else (key,):
                found = self._terms.get(held)
                if found is not None:
                    self._terms.move_to_end(held)
                    return found
        fieldname, text = leaf.term()
        found = TermPostings.decode(reader, fieldname, text, positions=positions)
        with self._lock:
            if key not in self._terms:
                self._terms[key] = found
                self.held += found.cost()
            while self.held > self.limit and len(self._terms) > 1:
                _, dropped = self._terms.popitem(last=False)
                self.held -= dropped.cost()
        return found

    def remember(self, key, make: Callable):
        """make(), worked out once per generation under `key` (it must depend on nothing else)."""
        found = self._remembered.get(key)
        if found is None:
            found = self._remembered[key] = make()
        return found

    def lengths(self, reader, fieldname: str) -> list[int]:
        """Every passage's length in a field, as the scorers read it (doc_field_length, default 1)."""
        return self.remember(
            ("lengths", reader.segment().segment_id(), fieldname),
            lambda: [reader.doc_field_length(n, fieldname, 1) for n in range(reader.doc_count_all())],
        )


class TermPostings:
    """One term's postings in one segment: passage -> weight, and its encoded positions."""

    __slots__ = ("weights", "values", "decode_positions")

    def __init__(self, weights: dict, values: dict, decode_positions: Callable | None):
        self.weights = weights
        self.values = values
        self.decode_positions = decode_positions

    @classmethod
    def decode(cls, reader, fieldname: str, text, positions: bool = False) -> TermPostings:
        raw = reader.postings(fieldname, text)
        while type(raw) is FilterMatcher:  # deleted passages: the tree filters them itself
            raw = raw.child
        weights, values = {}, {}
        while raw.is_active():
            number = raw.id()
            weights[number] = raw.weight()
            if positions:
                values[number] = raw.value()
            raw.next()
        return cls(weights, values, raw.format.decoder("positions") if positions else None)

    def positions(self, number: int):
        if self.decode_positions is None:
            raise ValueError("these postings were decoded without positions")
        return self.decode_positions(self.values[number])

    def cost(self) -> int:
        return len(self.weights) * (POSITIONS_COST if self.values else 1)


def score_matching(reader, matcher, numbers: frozenset, postings: Postings) -> list[tuple[float, int]]:
    """(score, number) of the passages among `numbers` that `matcher` (built on `reader`'s
    segment) matches, in no particular order; Unsupported if the tree has unknown parts."""
    node = _node(matcher, reader, postings)
    matched = node.ids() & numbers
    scores = node.scores(matched)
    return [(scores[n], n) for n in matched]


def _node(matcher, reader, postings: Postings):
    kind = type(matcher)
    if kind is NullMatcherClass:
        return _Nothing()
    if isinstance(matcher, LeafMatcher) and matcher.term() is not None:
        return _Term(matcher, reader, postings)
    if kind is UnionMatcher:
        return _Union(_node(matcher.a, reader, postings), _node(matcher.b, reader, postings))
    if kind is IntersectionMatcher:
        return _Intersection(_node(matcher.a, reader, postings), _node(matcher.b, reader, postings))
    if kind is SpanNear2.SpanNear2Matcher and (matcher.slop, matcher.ordered, matcher.mindist) == (1, True, 1):
        return _Phrase(matcher, reader, postings)
    if kind is ArrayUnionMatcher and matcher._scored:
        return _ArraySum([_node(m, reader, postings) for m in matcher._submatchers], matcher._boost)
    if kind is FilterMatcher:
        return _Filtered(_node(matcher.child, reader, postings), matcher._ids, matcher._exclude, matcher.boost)
    if kind is WrappingMatcher:
        return _Boosted(_node(matcher.child, reader, postings), matcher.boost)
    raise Unsupported(kind.__name__)


class _Node:
    """A part of the tree: the passages it matches (worked out once) and their scores."""

    _matched = None

    def _ids(self) -> Collection[int]:
        raise NotImplementedError  # each kind of node says which passages it matches

    def ids(self):
        if self._matched is None:
            self._matched = self._ids()
        return self._matched


class _Nothing(_Node):
    def _ids(self) -> set:
        return set()

    def scores(self, numbers: set) -> dict:
        return {}


class _Term(_Node):
    """A term's postings, scored as its Whoosh scorer scores them."""

    score: Callable | None  # Whoosh's own scoring of one posting; None: the weight is the score
    lengths: list[int] | None

    def __init__(self, leaf, reader, postings: Postings):
        self.postings = postings.term(reader, leaf)
        scorer = leaf.scorer
        if isinstance(scorer, WeightLengthScorer) and type(scorer).score is WeightLengthScorer.score:
            self.score = scorer._score
            self.lengths = postings.lengths(reader, leaf.term()[0])
        elif type(scorer) is WeightScorer:
            self.score, self.lengths = None, None
        else:
            raise Unsupported(type(scorer).__name__)

    def _ids(self):
        return self.postings.weights.keys()

    def scores(self, numbers: set) -> dict:
        weights = self.postings.weights
        score, lengths = self.score, self.lengths
        if score is None or lengths is None:  # (the two are None together)
            return {n: weights[n] for n in numbers}
        return {n: score(weights[n], lengths[n]) for n in numbers}


class _Union(_Node):
    """Either side; both sides' scores added (a + b) where both match, as UnionMatcher.score."""

    def __init__(self, a, b):
        self.a, self.b = a, b

    def _ids(self) -> set:
        return self.a.ids() | self.b.ids()

    def scores(self, numbers: set) -> dict:
        a = self.a.scores(numbers & self.a.ids())
        b = self.b.scores(numbers & self.b.ids())
        scores = {**a, **b}
        for n in a.keys() & b.keys():
            scores[n] = a[n] + b[n]
        return scores


class _ArraySum(_Node):
    """ArrayUnionMatcher (an OR of several parts on a small index): a passage any part matches,
    scored 0 + part * boost + ... in the parts' order, as its array accumulates them; a passage
    whose sum is not above 0 is not a match."""

    def __init__(self, parts, boost: float):
        self.parts, self.boost = parts, boost

    def _ids(self) -> set:
        found = set().union(*(part.ids() for part in self.parts))
        totals = self.scores(found)
        return {n for n in found if totals[n] > 0}

    def scores(self, numbers: set) -> dict:
        totals = dict.fromkeys(numbers, 0.0)
        for part in self.parts:
            for n, score in part.scores(numbers & part.ids()).items():
                totals[n] += score * self.boost
        return totals


class _Intersection(_Node):
    def __init__(self, a, b):
        self.a, self.b = a, b

    def _ids(self) -> set:
        return self.a.ids() & self.b.ids()

    def scores(self, numbers: set) -> dict:
        a, b = self.a.scores(numbers), self.b.scores(numbers)
        return {n: a[n] + b[n] for n in numbers}


class _Phrase(_Node):
    """Whoosh's Phrase (SpanNear2, words next to each other in order): the passages where the
    words' positions follow one another, scored as the intersection of its words."""

    def __init__(self, matcher, reader, postings: Postings):
        words = []
        for leaf in matcher.ms:
            while type(leaf) is FilterMatcher:
                leaf = leaf.child  # deleted passages are filtered by the intersection below
            if not (isinstance(leaf, LeafMatcher) and leaf.term() is not None):
                raise Unsupported("phrase of " + type(leaf).__name__)
            words.append(postings.term(reader, leaf, positions=True))
        self.words = words
        self.together = _node(matcher.child, reader, postings)

    def _ids(self) -> set:
        return {n for n in self.together.ids() if self._in_order(n)}

    def _in_order(self, number: int) -> bool:
        ends = set(self.words[0].positions(number))
        for word in self.words[1:]:
            ends = {p for p in word.positions(number) if p - 1 in ends}
            if not ends:
                return False
        return True

    def scores(self, numbers: set) -> dict:
        return self.together.scores(numbers)


class _Boosted(_Node):
    """WrappingMatcher: its child's passages, scores times the boost."""

    def __init__(self, child, boost: float):
        self.child, self.boost = child, boost

    def _ids(self):
        return self.child.ids()

    def scores(self, numbers: set) -> dict:
        return {n: s * self.boost for n, s in self.child.scores(numbers).items()}


class _Filtered(_Boosted):
    """FilterMatcher: only (or all but) a set of passages; deleted ones, for a start."""

    def __init__(self, child, ids, exclude: bool, boost: float):
        super().__init__(child, boost)
        self.filter, self.exclude = ids, exclude

    def _ids(self) -> set:
        return self.child.ids() - self.filter if self.exclude else self.child.ids() & self.filter
