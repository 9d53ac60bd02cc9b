"""Searching the passage index: user input checked, results grouped by page, highlights escaped.

One function, `search(index, request)`, serves the terminal (`podcourse search`), the HTTP
endpoint (`podcourse serve`) and the build (topic pages, related episodes). Whatever a user
types is checked first (`parse_request`), and every refusal is a SearchError naming the
parameter at fault, which the endpoint turns into a 400 and the terminal into a message.
Text from transcripts is data: highlights are HTML-escaped, and the only markup in them is
the <mark> around matched words.
"""

from __future__ import annotations

import html
import math
import re
import threading
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import chain, islice
from pathlib import Path

from whoosh import highlight, qparser
from whoosh.analysis import Token
from whoosh.qparser import syntax
from whoosh.query import And, AndNot, Not, NullQuery, Or, Phrase, Prefix, Term
from whoosh.scoring import BM25F
from whoosh.spelling import Corrector

from ..model import slugify
from .analysis import QUERY_FILLER, bare_word, code_number, term_of, tokens
from .fields import SEARCHED_FIELDS, TEXT_FIELDS, topic_key
from .index import (
    current_generation,
    open_generation,
    read_documents,
    read_length_averages,
    read_synonyms,
    read_vocabulary,
    site_generation,
)
from .request import (  # noqa: F401  (the request's names are the engine's interface too)
    _FIELD_NAME,
    FILTERS,
    PARAMETERS,
    SearchError,
    SearchRequest,
    check_query,
    parse_request,
)
from .setwise import Postings, Unsupported, score_matching
from .synonyms import OTHER_WORDS_WEIGHT, Synonyms
from .whoosh_internals import (
    AndNotMatcher,
    ArrayUnionMatcher,
    FilterMatcher,
    IntersectionMatcher,
    InverseMatcher,
    ListCorrector,
    NullMatcherClass,
    Results,
    SpanNear2,
    UnionMatcher,
    WrappingMatcher,
    find_all_matches,
    levenshtein_automaton,
)


class IndexUnavailable(RuntimeError):
    """No index has been built yet (the endpoint answers 503, the terminal says to build)."""


def _lower_field_names(q: str) -> str:
    parts = q.split('"')
    parts[::2] = [
        _FIELD_NAME.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + m.group(1).lower() + ":", p)
        for p in parts[::2]
    ]
    return '"'.join(parts)


def query_parser(schema) -> qparser.QueryParser:
    """Words, "phrases", AND/OR/NOT, -word, (groups), field:value and prefix*; nothing more exotic.

    Plain words need not all occur in a passage: a passage scores for each of them it holds
    (BM25, so rarer words count for more), in any of the text and name fields. "AND" between
    words still requires both. Single quotes are apostrophes ("don't"), not phrase marks;
    wildcards other than a final * are off because one leading * makes Whoosh walk every term.
    """
    parser = qparser.MultifieldParser(list(SEARCHED_FIELDS), schema, group=qparser.OrGroup)
    for plugin in (qparser.WildcardPlugin, qparser.SingleQuotePlugin, qparser.RangePlugin, qparser.EveryPlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.PrefixPlugin())
    # -word leaves out what holds it, as NOT word; only at a word's start ("follow-up" is a word)
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.add_plugin(FillerWordsPlugin())
    return parser


class FillerWordsPlugin(qparser.Plugin):
    """Drops the words of a question or sentence ("how", "what does", "my", "I", "for the",
    generator.search.analysis.QUERY_FILLER) from a plain group of words.

    "what does SMART stand for" then looks for "smart" and "stand", and "how to ask my boss for
    resources" for "ask", "boss" and "resources": filler neither blocks a passage nor steers the
    ranking towards passages that say "how" and "my" often. The index keeps every word, so a
    "quoted phrase" still requires them; so do a field:word, and a query made only of filler.
    """

    def filters(self, parser):
        return [(self.drop_filler, 700)]  # after the operators (600) have built the groups

    def drop_filler(self, parser, group):
        for node in group:
            if isinstance(node, syntax.GroupNode):
                self.drop_filler(parser, node)
        if isinstance(group, (syntax.AndGroup, syntax.OrGroup)) and not _is_plain_word(group):
            kept = [node for node in group.nodes if not _is_filler(node)]
            if kept:
                group.nodes = kept
        return group


def _is_plain_word(node) -> bool:
    """One unquoted word as the multifield parser expands it: the word over every searched field."""
    return (
        isinstance(node, syntax.OrGroup)
        and len(node.nodes) == len(SEARCHED_FIELDS)
        and all(type(sub) is syntax.WordNode and sub.fieldname in SEARCHED_FIELDS for sub in node.nodes)
    )


def _is_filler(node) -> bool:
    return _is_plain_word(node) and bare_word(node.nodes[0].text) in QUERY_FILLER


# ---------------------------------------------------------------------------------------------
# The index as searchers see it: the live generation, reopened after a swap
# ---------------------------------------------------------------------------------------------


@dataclass
class LiveGeneration:
    """One generation of the index, opened, with what every request on it shares."""

    name: str
    ix: object  # the Whoosh index
    documents: dict  # page facts by document id (documents.json)
    weighting: object
    doc_ids: list  # Whoosh document number -> document id; reading the column per request cost 4 ms
    facets: dict  # document id -> its (facet, value) pairs, worked out once
    labels: dict  # (facet, value) -> what a person reads
    known: dict  # facet -> the values some page has, for checking filters
    vocabulary: Vocabulary
    synonyms: Synonyms = field(default_factory=Synonyms)
    """The trainer's synonyms the generation was built with (content/synonyms.yml)."""
    passages_by_kind: dict = field(default_factory=dict)
    """Kinds searched together -> their passages' sorted Whoosh document numbers (search_by_kind)."""
    postings: Postings = field(default_factory=Postings)
    """Decoded postings of the terms searched lately, for scoring set-wise (generator.setwise)."""
    corrections: dict = field(default_factory=dict)
    """A memo shared by every request on this generation: a word's suggestion depends only on
    the generation's vocabulary, and finding it walks the whole word list (the dearest part of
    a misspelt query; bench/query_cost.py)."""


class Vocabulary(Corrector):
    """A generation's words (words.json): is a word known, words with a prefix, the closest words.

    As a Whoosh Corrector it ranks candidates by edit distance, then by how many passages hold
    them (as Whoosh's ReaderCorrector did over the old spelling field), finding them with a
    Levenshtein automaton over the sorted list (as ListCorrector does).
    """

    def __init__(self, counts: Mapping[str, int]):
        self.counts = dict(counts)
        self.words = sorted(self.counts)
        self.terms = frozenset(term_of(word) for word in self.words)

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def knows(self, word: str) -> bool:
        """The word, or another form of it ("negotiators" for "negotiator"), is in the index."""
        return word in self.counts or term_of(word) in self.terms

    def with_prefix(self, prefix: str) -> Iterator[str]:
        """The words starting with `prefix`, in order."""
        for i in range(bisect_left(self.words, prefix), len(self.words)):
            if not self.words[i].startswith(prefix):
                return
            yield self.words[i]

    def _suggestions(self, text, maxdist, prefix):
        if not self.words:
            return
        seen = set()
        for distance in range(1, maxdist + 1):
            automaton = levenshtein_automaton(text, distance, prefix).to_dfa()
            found = find_all_matches(automaton, ListCorrector.Skipper(self.words))
            if distance == 1:  # two letters swapped is one slip ("scirpt"), which Levenshtein counts as two
                found = chain(found, (word for word in _swaps(text, prefix) if word in self.counts))
            for word in found:
                if word not in seen:
                    seen.add(word)
                    yield -(distance + 0.5 / self.counts.get(word, 1)), word


def _swaps(word: str, prefix: int = 0) -> Iterator[str]:
    """The word with two neighbouring letters swapped, at each place after `prefix` letters."""
    for i in range(prefix, len(word) - 1):
        if word[i] != word[i + 1]:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def open_live_generation(index_root: Path, generation: str | None) -> LiveGeneration:
    generation, ix = open_generation(index_root, generation)
    documents = read_documents(index_root / generation)
    facets: dict[str, tuple[tuple[str, str], ...]] = {}
    labels: dict[tuple[str, str], str] = {}
    known: defaultdict[str, set[str]] = defaultdict(set)
    for doc_id, summary in sorted(documents.items()):
        triples = set(_facet_values([summary]))
        facets[doc_id] = tuple(sorted((facet, value) for facet, value, _ in triples))
        for facet, value, label in sorted(triples):
            labels.setdefault((facet, value), label)
            known[facet].add(value)
    with ix.reader() as reader:
        doc_ids = list(reader.column_reader("doc_id"))
        passages_by_kind = passage_numbers_by_kind(reader)
    return LiveGeneration(
        name=generation,
        ix=ix,
        documents=documents,
        weighting=ExactLengthBM25F(read_length_averages(index_root / generation)),
        doc_ids=doc_ids,
        facets=facets,
        labels=labels,
        known=dict(known),
        vocabulary=Vocabulary(read_vocabulary(index_root / generation)),
        synonyms=Synonyms.from_json(read_synonyms(index_root / generation)),
        passages_by_kind=passages_by_kind,
    )


def passage_numbers_by_kind(reader) -> dict:
    """Kinds searched together (KINDS_SEARCHED_TOGETHER) -> their passages' sorted document numbers,
    from the `kind` field's postings (8 ms at 1,000 episodes); under None, passages of any other
    kind, searched in every field."""
    by_kinds: dict[tuple[str, ...] | None, list[int]] = {
        kinds: sorted(
            chain.from_iterable(reader.postings("kind", kind).all_ids() for kind in kinds if ("kind", kind) in reader)
        )
        for kinds in KINDS_SEARCHED_TOGETHER
    }
    known = set(chain.from_iterable(by_kinds.values()))
    by_kinds[None] = [n for n in range(reader.doc_count_all()) if n not in known]
    return by_kinds


class SearchIndex:
    """The live generation of the index under index_root, followed across atomic swaps."""

    def __init__(self, index_root: Path, generation: str | None = None, site: Path | None = None):
        self.index_root = Path(index_root)
        self.generation = generation
        """A fixed generation (the site build's, before it is published); None follows the site or current.json."""
        self.site = Path(site) if site is not None else None
        """A built site: its generation (index.site_generation) is searched, so `podcourse serve`
        answers with the index built with the pages it serves; a site naming none, current.json's."""
        self._lock = threading.Lock()
        self._live: LiveGeneration | None = None
        self._per_thread = threading.local()  # this thread's open (index, searcher), see session()

    def _open_live(self) -> LiveGeneration:
        generation = (
            self.generation
            or (self.site and site_generation(self.site, self.index_root))
            or current_generation(self.index_root)
        )
        with self._lock:
            if self._live is None or self._live.name != generation:
                try:
                    self._live = open_live_generation(self.index_root, generation)
                except (OSError, ValueError) as error:
                    raise IndexUnavailable(str(error)) from error
            return self._live

    @contextmanager
    def searcher(self) -> Iterator[tuple[object, dict]]:
        """(Whoosh searcher, documents by id) of the live generation, for one request."""
        with self.session() as (searcher, live):
            yield searcher, live.documents

    @contextmanager
    def session(self) -> Iterator[tuple[object, LiveGeneration]]:
        """(Whoosh searcher, live generation) for one request.

        Searchers are never shared between threads, but each thread keeps its own open while its
        generation stays live: opening one reads every column's offsets, which at 1,000 episodes
        cost more than the search itself (bench/run.py). If the generation vanished between
        reading current.json and opening it (two swaps in a row), the next live one is opened.
        """
        for attempt in range(3):
            live = self._open_live()
            try:
                searcher = self._thread_searcher(live.ix, live.weighting)
            except OSError as error:
                with self._lock:
                    self._live = None
                if attempt == 2:
                    raise IndexUnavailable(f"{self.index_root}: the index changed while opening it") from error
                continue
            yield searcher, live
            return

    def _thread_searcher(self, ix, weighting):
        """This thread's searcher on `ix`, opened once; the one on a replaced index is closed."""
        kept = getattr(self._per_thread, "open", None)
        if kept is not None and kept[0] is ix:
            return kept[1]
        if kept is not None:
            kept[1].close()
        self._per_thread.open = None
        searcher = ix.searcher(weighting=weighting)
        self._per_thread.open = (ix, searcher)
        return searcher


class ExactLengthBM25F(BM25F):
    """Whoosh's BM25F, with average field lengths from lengths.json rather than Whoosh's totals.

    Whoosh's totals drift after a merge (generator.index.field_length_averages says why);
    these do not, so an incremental build scores exactly as a full build does.
    """

    def __init__(self, averages: Mapping[str, float]):
        super().__init__()
        self.averages = dict(averages)

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if fieldname in self.averages and hasattr(scorer, "avgfl"):
            scorer.avgfl = self.averages[fieldname] or 1.0
        return scorer


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PassageHit:
    """One matching passage, linked to its spot on the page."""

    anchor: str
    url: str  # page URL with the anchor: "episodes/e227/#t-31"
    heading: str
    speakers: tuple[str, ...]
    highlight: str  # escaped HTML; only <mark> is markup
    score: float
    start: float | None = None  # seconds into the episode's recording where the passage is heard, when timed


@dataclass(frozen=True)
class ResultGroup:
    """A page with its best matching passages."""

    id: str
    type: str
    title: str
    url: str
    date: str | None
    guests: tuple[str, ...]
    topics: tuple[str, ...]
    module: str
    score: float  # the best passage's
    matches: int  # how many passages of the page matched
    passages: tuple[PassageHit, ...]
    audio: bool = False  # an episode with a recording: a timed passage can play from its start


@dataclass(frozen=True)
class FacetValue:
    value: str  # what the filter parameter takes
    label: str
    count: int  # pages (results) in the current result set with this value


@dataclass(frozen=True)
class SearchResults:
    query: str
    filters: Mapping[str, str]
    total: int  # pages matched
    passages: int  # passages matched
    page: int
    pages: int
    per_page: int
    groups: tuple[ResultGroup, ...]
    facets: Mapping[str, tuple[FacetValue, ...]]
    suggestion: str | None  # the query with misspelt words corrected, offered ("Did you mean ...?")
    searched: str = ""  # the query these results are for: `query`, or its correction
    corrected: bool = False  # True when `searched` is the correction of a query that misspelt words

    def to_json(self) -> dict:
        return asdict(self)


def search(
    index: SearchIndex, request: SearchRequest, *, highlights: bool | int = True, by_kind: bool = True
) -> SearchResults:
    """Run a checked request against the live index; SearchError for filters naming nothing known.

    A query holding words the index never saw is searched as corrected ("negociation" as
    "negotiation": the unknown word could match nothing), unless request.exact or the
    correction finds nothing; `searched` and `corrected` say so. Episodes come before other
    pages (`_listener_order`), each page ranked by its best passage.
    Every hit is scored (a page ranks by its best passage, facets count every page), but the
    terms each hit matched are not collected: asking every hit's matchers for them cost more
    than the scoring, and only the ≤ 30 passages shown are highlighted (`query_words`).
    `highlights` may also be a number: only that many of the pages shown get their passages,
    with excerpts; the others are listed without (a topic page lists hundreds by title).
    by_kind=False runs Whoosh's own search instead of `search_by_kind`, which must find the
    same (tests/test_search_by_kind.py compares them).
    """
    with index.session() as (searcher, live):
        _check_filter_values(request.filters, live.known)
        suggestion = suggest(live.vocabulary, request.q, live.corrections, live.synonyms)
        searched, query, results = request.q, None, None
        if suggestion and not request.exact:
            query, results = _matching(searcher, live, suggestion, request.filters, by_kind)
            searched = suggestion
        if results is None or not results.top_n:  # no correction, or nothing found with it either
            searched = request.q
            query, results = _matching(searcher, live, request.q, request.filters, by_kind)
        by_doc: dict[str, list[int]] = defaultdict(list)  # doc id -> hit positions, best first
        doc_ids = live.doc_ids
        for position, (_score, docnum) in enumerate(results.top_n):
            by_doc[doc_ids[docnum]].append(position)
        ranked = sorted(
            by_doc, key=lambda d: (_listener_order(live.documents.get(d, {})), -results.top_n[by_doc[d][0]][0], d)
        )
        pages = max(1, math.ceil(len(ranked) / request.per_page))
        if request.page > pages:
            raise SearchError("page", f"page {request.page} is past the last page of results ({pages})")
        start = (request.page - 1) * request.per_page
        words = query_words(query) if highlights else None
        shown = ranked[start : start + request.per_page]
        with_passages = highlights if type(highlights) is int else len(shown)  # a number, not True/False
        groups = tuple(
            _group(
                doc_id,
                live.documents.get(doc_id, {}),
                _best_first(results, by_doc[doc_id]),
                words,
                passages=request.passages,
            )
            if n < with_passages
            else _group(doc_id, live.documents.get(doc_id, {}), [results[i] for i in by_doc[doc_id]], None, passages=0)
            for n, doc_id in enumerate(shown)
        )
        corrected = searched != request.q
        return SearchResults(
            query=request.q,
            filters=dict(request.filters),
            total=len(ranked),
            passages=len(results.top_n),
            page=request.page,
            pages=pages,
            per_page=request.per_page,
            groups=groups,
            facets=facet_counts((live.facets.get(d, ()) for d in ranked), live.labels),
            suggestion=None if corrected else suggestion,
            searched=searched,
            corrected=corrected,
        )


def _matching(searcher, live: LiveGeneration, q: str, filters: Mapping[str, str], by_kind: bool):
    """(query, Whoosh results) of every passage matching the query text, scored."""
    query = _parse(searcher, q, live.vocabulary, live.synonyms)
    restrict = _filter_query(filters)
    if by_kind:
        return query, search_by_kind(searcher, live.passages_by_kind, query, restrict, live.postings)
    return query, searcher.search(query, filter=restrict, limit=None, terms=False)


def _listener_order(summary: Mapping) -> int:
    """Episodes first: a listener looks for what was said on the show, and a course page that
    repeats an episode's words must not bury the moment itself (0 = episodes, 1 = the rest)."""
    return 0 if summary.get("type") == "episode" else 1


# ---------------------------------------------------------------------------------------------
# Matching passages kind by kind: the same hits and scores as Whoosh's search, for less work
# ---------------------------------------------------------------------------------------------

ABSENT_FIELDS = {
    "transcript": frozenset({"title", "heading", "quotes", "notes"}),
    "about": frozenset({"heading", "text"}),
    "section": frozenset({"title", "quotes", "notes"}),
}
"""The text fields a passage of each kind never fills (generator.index.passage_fields and the
Passage each kind is made from); tests/test_search_by_kind.py checks it on the sample index."""
KINDS_SEARCHED_TOGETHER = (("transcript", "section"), ("about",))
"""Sections share `text` with transcripts: searched apart, a phrase's `text` postings would be
walked twice (Whoosh finds a phrase's first match as it builds the matcher)."""


def _absent_in_all(kinds) -> frozenset:
    """The text fields no passage of these kinds fills; none for passages of unknown kinds (None)."""
    if kinds is None:
        return frozenset()
    return frozenset.intersection(*(ABSENT_FIELDS[kind] for kind in kinds))


def search_by_kind(
    searcher, passages_by_kind: Mapping, query, restrict=None, postings: Postings | None = None
) -> Results:
    """Whoosh's `searcher.search(query, filter=restrict, limit=None)`, a few passage kinds at a time.

    A plain word is looked for in five fields, and Whoosh walks the five postings through a tree
    of unions in Python for every passage: 2.5 times the cost of the `text` field alone, though
    31 of 32 passages (transcripts) have nothing but text. So for each group of kinds
    (KINDS_SEARCHED_TOGETHER) the query's matcher is built as Whoosh builds it, the same tree,
    except that the terms of the fields those kinds never fill read as absent from the index
    (`_FieldsHidden`), and it is run over their passages only. Those terms never matched such
    a passage, so each passage gets the very sum of the same scorers' scores, added in the same
    order: hits, scores and their order are Whoosh's own. Queries that name no such field, or
    build matchers not known to be per-passage sums (`_PER_PASSAGE`), are left to Whoosh.
    """
    fields = {name for name, _ in query.iter_all_terms(phrases=True)}
    if searcher.weighting.use_final or not fields & set().union(*ABSENT_FIELDS.values()):
        return searcher.search(query, filter=restrict, limit=None, terms=False)
    context = searcher.context()
    allowed = set(searcher.docs_for_query(restrict)) if restrict is not None else None
    items: list[tuple[float, int]] = []
    for sub, offset in searcher.leaf_searchers():
        end = offset + sub.doc_count_all()
        for kinds, numbers in passages_by_kind.items():
            local = _segment_numbers(
                sub, kinds, numbers[bisect_left(numbers, offset) : bisect_left(numbers, end)], offset, allowed, postings
            )
            if not local:
                continue
            absent = _absent_in_all(kinds)
            matcher = query.matcher(_FieldsHidden(sub, absent) if absent else sub, context)
            if not _per_passage(matcher):
                return searcher.search(query, filter=restrict, limit=None, terms=False)
            items += ((score, offset + n) for score, n in _scored(sub, matcher, local, postings))
    items.sort(key=lambda item: (0 - item[0], item[1]))  # as Whoosh's UnlimitedCollector
    return Results(searcher, query, items)


class _FieldsHidden:
    """A searcher whose reader says the terms of some fields are not in the index.

    Whoosh's Term and Phrase then build a NullMatcher for them, and nothing else changes: the
    shape of the matcher tree comes from the terms' document frequencies, which it still sees.
    """

    def __init__(self, searcher, absent: frozenset):
        self._searcher = searcher
        self._reader = _ReaderHiding(searcher.reader(), absent)

    def reader(self):
        return self._reader

    def __getattr__(self, name):
        return getattr(self._searcher, name)


class _ReaderHiding:
    def __init__(self, reader, absent: frozenset):
        self._reader = reader
        self._absent = absent

    def __contains__(self, term) -> bool:
        return term[0] not in self._absent and term in self._reader

    def __getattr__(self, name):
        return getattr(self._reader, name)


_PER_PASSAGE = (
    UnionMatcher,
    IntersectionMatcher,
    AndNotMatcher,
    InverseMatcher,
    ArrayUnionMatcher,
    NullMatcherClass,
    SpanNear2.SpanNear2Matcher,
    WrappingMatcher,
    FilterMatcher,
)
"""Matchers whose match and score on a passage are their parts' on that passage, summed in a
fixed order: a part that never matches the passage (a hidden field) changes neither."""


def _per_passage(matcher) -> bool:
    if matcher.term() is not None and not matcher.children():  # a term's postings
        return True
    return type(matcher) in _PER_PASSAGE and all(_per_passage(child) for child in matcher.children())


def _segment_numbers(sub, kinds, numbers: list[int], offset: int, allowed, postings) -> frozenset:
    """`numbers` (a segment's passages of some kinds) as numbers within the segment, only those
    `allowed` by the filters; without filters they are the same on every search of a generation."""
    if allowed is None and postings is not None:
        return postings.remember(
            ("kinds", sub.reader().segment().segment_id(), kinds), lambda: frozenset(n - offset for n in numbers)
        )
    return frozenset(n - offset for n in numbers if allowed is None or n in allowed)


def _scored(sub, matcher, numbers: frozenset, postings: Postings | None):
    """The passages among `numbers` that `matcher` matches, with their scores: set-wise over
    decoded postings where the tree allows it (generator.setwise), else walked as Whoosh does."""
    if postings is not None:
        try:
            return score_matching(sub.reader(), matcher, numbers, postings)
        except Unsupported:
            pass
    return _scored_among(matcher, sorted(numbers))


def _scored_among(matcher, numbers: list[int]):
    """(score, number) of the documents among `numbers` (sorted) that `matcher` matches.

    Like Whoosh's collector, the matcher is replaced every ten matches by its simpler self
    (exhausted parts dropped, which changes no score), here the hidden fields' NullMatchers first.
    """
    i, count, found = 0, len(numbers), 0
    matcher = matcher.replace(0)
    while matcher.is_active():
        current = matcher.id()
        i = bisect_left(numbers, current, i)
        if i == count:
            return
        if numbers[i] == current:
            yield matcher.score(), current
            found += 1
            matcher.next()
            if found % 10 == 0:
                matcher = matcher.replace(0)
        else:
            matcher.skip_to(numbers[i])


def query_words(query) -> dict[str, set[str]]:
    """The indexed words (stems) a query looks for, by field: what a hit's excerpt marks.

    Words under NOT are left out; words of OR branches and phrases are in, and an excerpt marks
    those that its passage holds. A prefix counts through the words it was expanded to.
    """
    words: dict[str, set[str]] = defaultdict(set)
    for fieldname, text in _positive_terms(query):
        words[fieldname].add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return words


def _positive_terms(query):
    if isinstance(query, Not):
        return
    if isinstance(query, AndNot):
        yield from _positive_terms(query.a)
        return
    if isinstance(query, (Term, Phrase)):
        yield from query.terms(phrases=True)
        return
    for child in query.children():
        yield from _positive_terms(child)


def _best_first(results, positions: list[int]) -> list:
    """A page's hits by score, ties in page order: the same whatever order the index holds them in.

    The page order is in each hit's stored fields, read only when two scores tie: a long episode
    has dozens of hits and only the first few are shown."""
    hits = [results[i] for i in positions]  # already by score: results are
    if len({hit.score for hit in hits}) == len(hits):
        return hits
    return sorted(hits, key=lambda hit: (-hit.score, int(hit["passage_id"].rsplit("#", 1)[1])))


def _parse(searcher, q: str, vocabulary: Vocabulary, synonyms: Synonyms | None = None):
    try:
        query = query_parser(searcher.schema).parse(_lower_field_names(q))
    except Exception as error:  # Whoosh's parser raises assorted errors on odd input
        raise SearchError("q", f"cannot understand the query ({type(error).__name__})") from error
    query = query.accept(_not_as_exclusion).accept(_minus_as_not)
    if not _looks_for_something(query):
        raise SearchError("q", "the query only leaves words out (NOT word, -word): add a word to look for")
    if synonyms is not None and synonyms.groups:
        query = _outside_exclusions(query, lambda node: _with_synonyms(synonyms, node))
    return query.accept(lambda node: _prefix_over_words(vocabulary, node))


def _looks_for_something(query) -> bool:
    """Whether the query holds a word or phrase to find, not only ones to leave out: "NOT
    silence" alone matched every passage without silence (209 of them, nothing marked), while
    "-silence" matched none."""
    if isinstance(query, Not) or query is NullQuery:
        return False
    if isinstance(query, And | Or):
        return any(_looks_for_something(sub) for sub in query.subqueries)
    return True


def _outside_exclusions(query, change):
    """`change` applied to every node but those a NOT or -word leaves out: "silence NOT quiet"
    leaves out the passages saying quiet, not those saying silence too, quiet's synonym."""
    if isinstance(query, Not):
        return query
    return change(query.apply(lambda sub: _outside_exclusions(sub, change)))


def _minus_as_not(node):
    """`conflict -sales` (Whoosh's AndNot, also `conflict ANDNOT sales`) as `conflict NOT sales` (an
    And with a Not): one shape for both, which search_by_kind scores as Whoosh does
    (tests/test_setwise.py: as an AndNot its hits and scores differed)."""
    return And([node.a, Not(node.b)]) if isinstance(node, AndNot) else node


def _not_as_exclusion(node):
    """`fear NOT conflict` as passages with fear and without conflict.

    Words are OR'ed, and Whoosh puts a NOT among them as one more alternative (anything without
    "conflict"), which would match nearly every passage; the NOT excludes from the rest instead.
    """
    if not isinstance(node, Or) or not any(isinstance(sub, Not) for sub in node.subqueries):
        return node
    kept = [sub for sub in node.subqueries if not isinstance(sub, Not)]
    excluded = [sub.query for sub in node.subqueries if isinstance(sub, Not)]
    if not kept:
        return node
    return And([kept[0] if len(kept) == 1 else Or(kept, boost=node.boost), *(Not(sub) for sub in excluded)])


def _with_synonyms(synonyms: Synonyms, node):
    """A word of a text field as itself or any word of its synonym group (content/synonyms.yml);
    the others weigh OTHER_WORDS_WEIGHT of the word typed. Phrases are left as typed."""
    if type(node) is not Term or node.fieldname not in TEXT_FIELDS:
        return node
    others = synonyms.alternatives(node.text)
    if not others:
        return node
    boost = node.boost * OTHER_WORDS_WEIGHT
    return Or(
        [node]
        + [
            Term(node.fieldname, terms[0], boost=boost)
            if len(terms) == 1
            else Phrase(node.fieldname, list(terms), boost=boost)
            for terms in others
        ]
    )


MAX_PREFIX_WORDS = 200


def _prefix_over_words(vocabulary: Vocabulary, node):
    """`negotiat*` as every stem of a word starting with "negotiat".

    The text fields hold stems ("negotiation" -> "negotiat"), which a typed prefix may not be a
    prefix of; the vocabulary holds the words themselves, so the prefix is expanded there and
    each word's stem looked up. Hits then stay in the text fields, where highlighting works.
    """
    if not (isinstance(node, Prefix) and node.fieldname in TEXT_FIELDS):
        return node
    words = list(islice(vocabulary.with_prefix(node.text), MAX_PREFIX_WORDS))
    stems = sorted({term_of(word) for word in words})
    return Or([node] + [Term(node.fieldname, s, boost=node.boost) for s in stems])


def _filter_query(filters: Mapping[str, str]):
    fields = {"type": "type", "guest": "guest_id", "topic": "topic_id", "module": "module", "year": "year"}
    terms = [Term(fields[name], value) for name, value in sorted(filters.items())]
    return And(terms) if terms else None


def _check_filter_values(filters: Mapping[str, str], known: Mapping[str, set]) -> None:
    """A filter naming a guest, topic, module or year that no page has is a mistake, not a miss."""
    for name, value in filters.items():
        if name != "type" and value not in known.get(name, ()):
            raise SearchError(name, f"no {name} {value!r} in the index")


def _facet_values(summaries):
    """(facet, value, label) for every facet value of every page summary."""
    for summary in summaries:
        if summary.get("type"):
            yield "type", summary["type"], summary["type"]
        for guest in summary.get("guests", ()):
            yield "guest", slugify(guest), guest
        for topic in summary.get("topics", ()):
            yield "topic", topic_key(topic), topic
        if summary.get("module"):
            yield "module", summary["module"], summary.get("module_title") or summary["module"]
        if summary.get("year"):
            yield "year", summary["year"], summary["year"]


def facet_counts(pages, labels: Mapping) -> dict[str, tuple[FacetValue, ...]]:
    """Counts of result pages per facet value: what a filter on that value would leave.

    `pages` holds each result page's (facet, value) pairs (LiveGeneration.facets); `labels`
    what to show for each pair.
    """
    counts = Counter(chain.from_iterable(pages))
    facets = {}
    for name in FILTERS:
        values = [FacetValue(v, labels[f, v], n) for (f, v), n in counts.items() if f == name]
        facets[name] = tuple(sorted(values, key=lambda fv: (-fv.count, fv.label.lower())))
    return facets


def _group(doc_id: str, summary: dict, hits: list, words: dict | None, passages: int) -> ResultGroup:
    return ResultGroup(
        id=doc_id,
        type=summary.get("type", ""),
        title=summary.get("title", doc_id),
        url=summary.get("url", ""),
        date=summary.get("date"),
        guests=tuple(summary.get("guests", ())),
        topics=tuple(summary.get("topics", ())),
        module=summary.get("module", ""),
        score=round(hits[0].score, 6),
        matches=len(hits),
        passages=tuple(_passage_hit(summary, hit, words) for hit in hits[:passages]),
        audio=bool(summary.get("audio")),
    )


def _passage_hit(summary: dict, hit, words: dict | None) -> PassageHit:
    """A hit as shown; words None: no highlight (the build's topic pages need none)."""
    excerpt, at = passage_highlight(hit, words) if words is not None else ("", None)
    anchor, start = _part_at(hit, at)
    url = summary.get("url", "") + (f"#{anchor}" if anchor else "")
    heading = hit.get("heading") or ", ".join(hit["speakers"]) or summary.get("title", "")
    return PassageHit(
        anchor=anchor,
        url=url,
        heading=heading,
        speakers=tuple(hit["speakers"]),
        highlight=excerpt,
        score=round(hit.score, 6),
        start=start,
    )


def _part_at(hit, at: int | None) -> tuple[str, float | None]:
    """The anchor and start of the part of a joined passage (index.Passage.parts) holding the
    character `at` of its text: a hit whose excerpt opens in the second paragraph links to that
    paragraph, not to the short one before it. A part without a time is heard in the one before."""
    anchor, start = hit["anchor"], hit.get("start")
    for offset, part_anchor, part_start in (hit.get("parts") or ()) if at is not None else ():
        if offset > at:
            break
        anchor, start = part_anchor, part_start if part_start is not None else start
    return anchor, start


def passage_highlight(hit, query_words: Mapping[str, set[str]]) -> tuple[str, int | None]:
    """An escaped excerpt with the query's words in <mark>, from the first field that holds one,
    and the character of the passage's text where its first mark is (None: not from the text).

    Filler words ("the", "is", "for") are marked only when nothing else matched: a phrase like
    "the S is for specific" should show "specific" in context, not every "the" of the turn.
    """
    for name in ("text", "quotes", "notes", "heading", "title"):
        words = query_words.get(name, set())
        words = (words - _FILLER_TERMS) or words
        if words and hit.get(name):
            excerpt, at = _highlighted(hit[name], frozenset(words))
            if at is not None:
                return excerpt, at if name == "text" else None
    plain = next((hit[name] for name in ("text", "notes", "quotes", "heading", "title") if hit.get(name)), "")
    return html.escape(plain[:240] + ("…" if len(plain) > 240 else "")), None


_FILLER_TERMS = frozenset(term_of(word) for word in QUERY_FILLER)
_FRAGMENTER = highlight.ContextFragmenter(maxchars=240, surround=70)


def _highlight(text: str, words: frozenset) -> str:
    """Whoosh's highlight(text, words, <the text analyzer>, _FRAGMENTER, MarkFormatter(), top=2),
    with the analyzer's tokens made by `marked_tokens`."""
    return _highlighted(text, words)[0]


def _highlighted(text: str, words: frozenset) -> tuple[str, int | None]:
    """_highlight's excerpt, and the character of `text` where its first mark is (None: no mark)."""
    fragments = _FRAGMENTER.fragment_tokens(text, marked_tokens(text, words))
    best = highlight.top_fragments(fragments, 2, highlight.BasicFragmentScorer(), highlight.FIRST)
    first = min((token.startchar for token in best[0].matches), default=None) if best else None
    return MarkFormatter()(text, best), first


def marked_tokens(text: str, words: frozenset) -> Iterator[Token]:
    """The tokens the index's text analyzer (generator.index.passage_schema: tokenizer,
    lower-case, Porter stem) makes of `text`, with their characters, each marked if it is one of
    `words`: what highlight() gets through the analyzer's chain of filters, at a third of the
    cost (highlighting was 40 % of a one-word search). tests/test_search.py checks that the two
    agree on every passage of the sample."""
    token = Token(positions=False, chars=True, removestops=False, mode="query")
    for term, start, end in tokens(text):
        token.text = term
        token.startchar, token.endchar = start, end
        token.matched = term in words or code_number(term) in words  # "204" marks "E204", as indexed
        yield token


class MarkFormatter(highlight.Formatter):
    """Whoosh formatter that escapes all text (quotes too) and wraps matches in <mark>."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text)

    def format_token(self, text, token, replace=False):
        return f"<mark>{html.escape(highlight.get_text(text, token, replace))}</mark>"

    def format(self, fragments, replace=False):
        return html.escape(self.between).join(self.format_fragment(f, replace=replace) for f in fragments)


# ---------------------------------------------------------------------------------------------
# "Did you mean ...?"
# ---------------------------------------------------------------------------------------------

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_PLAIN_WORD = re.compile(r"(?<![\w:*])([^\W\d_]{3,})(?![\w:*])")


MAX_REMEMBERED_CORRECTIONS = 10_000
SHORT_WORD = 5
"""A word this short is corrected only when one letter is off: two letters make another word of
five ("warns" is not a slip for "want"), as on a static host (static-search.js `correction`)."""
_UNSEEN = object()


def suggest(vocabulary: Vocabulary, q: str, memo: dict | None = None, synonyms: Synonyms | None = None) -> str | None:
    """The query with each word the index never saw replaced by the closest word it did see.

    Words are looked up unstemmed in the vocabulary, so "refferals" becomes "referrals",
    not the stem "referr". None when every word is known or nothing close exists. `memo` keeps
    each looked-up word's correction (or None) for later queries on the same index.
    A word beside others the index knows (`_reach`) is corrected only when one letter is off.
    A word of the trainer's `synonyms` is never a misspelling ("remorse" is not "reverse": it
    means regret, which the transcripts say).
    """
    memo = {} if memo is None else memo
    changed = False
    parts = q.split('"')
    reach = _reach(vocabulary, parts)

    def correct(match: re.Match) -> str:
        nonlocal changed
        word = match.group(1)
        key = word.lower()
        if word in _OPERATORS or vocabulary.knows(key) or (synonyms and synonyms.alternatives(term_of(key))):
            return word
        found = memo.get((key, reach), _UNSEEN)  # one read: another thread may clear the memo meanwhile
        if found is _UNSEEN:
            found = _closest_word(vocabulary, key, 1 if len(key) <= SHORT_WORD else reach)
            if len(memo) >= MAX_REMEMBERED_CORRECTIONS:
                memo.clear()
            memo[key, reach] = found
        if found is None:
            return word
        changed = True
        return found[:1].upper() + found[1:] if word[:1].isupper() else found  # "Kozodoi": "Kozodoy"

    parts[::2] = [_PLAIN_WORD.sub(correct, part) for part in parts[::2]]
    return '"'.join(parts) if changed else None


def _reach(vocabulary: Vocabulary, parts: list[str]) -> int:
    """How many letters off a word may be corrected: 1 when the query holds a quoted phrase or
    a word of substance the index knows, else 2. A query that finds moments as typed needs no
    bold guess: in "dreading Monday morning", "Monday" is a word the transcripts never use,
    not a slip for "money" (two letters off); "negociation" alone, or "peter kozadoy", one
    letter off, are still corrected."""
    if any(part.strip() for part in parts[1::2]):
        return 1
    words = (w for part in parts[::2] for w in _PLAIN_WORD.findall(part) if w not in _OPERATORS)
    return 1 if any(vocabulary.knows(w.lower()) and bare_word(w) not in QUERY_FILLER for w in words) else 2


def _closest_word(corrector, word: str, reach: int = 2) -> str | None:
    """The closest word one letter off, else two off with the same first letter: a slip seldom
    changes a word's first letter, and two letters off and another first letter is another word
    ("ghosted" is not "posted"), as on a static host (static-search.js `closestWord`)."""
    for distance in range(1, reach + 1):
        found = corrector.suggest(word, limit=1, maxdist=distance, prefix=0 if distance == 1 else 1)
        if found:
            return found[0]
    return None


# ---------------------------------------------------------------------------------------------
# The terminal: `podcourse search`
# ---------------------------------------------------------------------------------------------


def terminal_text(results: SearchResults) -> str:
    """Results as plain text: pages, then their passages with [matched words] and links."""
    lines = [
        f"{results.total} pages, {results.passages} passages for {results.searched or results.query!r}"
        + (f" (page {results.page} of {results.pages})" if results.pages > 1 else "")
    ]
    if results.corrected:
        lines.append(f"Showing results for {results.searched!r}; search instead for {results.query!r} with --exact")
    if results.suggestion:
        lines.append(f"Did you mean: {results.suggestion}")
    for group in results.groups:
        lines.append("")
        lines.append(f"{group.title}  [{group.type}{', ' + group.date if group.date else ''}]  {group.url}")
        for passage in group.passages:
            excerpt = html.unescape(
                re.sub(r"</?mark>", lambda m: "]" if m.group(0)[1] == "/" else "[", passage.highlight)
            )
            lines.append(f"  {passage.url}  {passage.heading}")
            lines.append("    " + " ".join(excerpt.split()))
    return "\n".join(lines)
