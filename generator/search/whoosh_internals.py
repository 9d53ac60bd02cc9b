"""Every part of Whoosh's internals that podcourse relies on, in one place, for one version.

The set-wise scorer (setwise) reads matcher trees and scorers' private fields, the segment
writer (segments) hands a codec its postings, and the search (engine) builds matchers as
Whoosh's own searcher does and walks a Levenshtein automaton over the vocabulary. None of that
is Whoosh's public API, so it is checked against the version pinned in pyproject.toml when
imported: a different Whoosh fails at once with this message, not later with wrong scores
(tests/test_setwise.py and tests/test_segments.py compare the results with Whoosh's own).
"""

from __future__ import annotations

import whoosh
from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.codec.whoosh3 import byte_to_length, length_to_byte
from whoosh.matching import (
    AndNotMatcher,
    ArrayUnionMatcher,
    FilterMatcher,
    IntersectionMatcher,
    InverseMatcher,
    NullMatcherClass,
    UnionMatcher,
    WrappingMatcher,
)
from whoosh.matching.mcore import LeafMatcher
from whoosh.query.spans import SpanNear2
from whoosh.scoring import WeightLengthScorer, WeightScorer
from whoosh.searching import Results
from whoosh.spelling import ListCorrector
from whoosh.writing import SegmentWriter

PINNED = "2.7.5"
"""whoosh-reloaded's version these internals were read from (pyproject.toml pins it)."""

if whoosh.versionstring() != PINNED:
    raise ImportError(
        f"podcourse's search relies on Whoosh {PINNED} internals (generator/search/whoosh_internals.py); "
        f"found {whoosh.versionstring()}: install the pinned set (./run does)"
    )

__all__ = [
    "AndNotMatcher",
    "ArrayUnionMatcher",
    "FilterMatcher",
    "IntersectionMatcher",
    "InverseMatcher",
    "LeafMatcher",
    "ListCorrector",
    "NullMatcherClass",
    "Results",
    "SegmentWriter",
    "SpanNear2",
    "UnionMatcher",
    "WeightLengthScorer",
    "WeightScorer",
    "WrappingMatcher",
    "byte_to_length",
    "find_all_matches",
    "length_to_byte",
    "levenshtein_automaton",
]
