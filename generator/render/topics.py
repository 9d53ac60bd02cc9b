"""Finding things by subject: topic pages, related episodes, and the full-text search page.

Topic pages and related episodes are computed from the search index at build time, so a
listener can browse by topic on a purely static host; the search page asks the live index
through `podcourse serve`. The index this uses is the one the site build prepared
(`generator.index.prepare_site_index`, named in `catalogue.extra["search_index"]`); rendering
without a site build (tests, previews) indexes the catalogue into a temporary directory.
"""
from __future__ import annotations

import json
import posixpath
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from whoosh.classify import Expander
from whoosh.query import Or, Term

from ..index import MANIFEST, build_index, documents_from_catalogue
from ..model import Catalogue, Episode, Topic
from ..store import write_atomic
from ..search import SearchError, SearchIndex, SearchRequest, search
from . import paths
from .page import Page, Section, page_from_sections, page_url
from .templates import render

TOPIC_INDEX = "topics/index.md"
SEARCH_PAGE = "search.md"
RELATED_PER_EPISODE = 3
RELATED_POSTINGS_BUDGET = 3000  # passages one episode's related-episodes query may read
PASSAGES_PER_TOPIC_RESULT = 3


def topic_path(topic: Topic) -> str:
    return f"topics/{topic.id}.md"


def site_link(here: str, url: str) -> str:
    """A relative link from page `here` (docs path) to a site-relative URL ("episodes/e227/#t-5")."""
    target, _, anchor = url.partition("#")
    link = posixpath.relpath(target or ".", page_url(here) or ".")
    link = "./" if link == "." else link + ("/" if target.endswith("/") else "")
    return link + (f"#{anchor}" if anchor else "")


def site_index(catalogue: Catalogue) -> SearchIndex:
    """The index of this build; built once into a temporary directory when there is none."""
    if "search_index" not in catalogue.extra:
        folder = Path(tempfile.mkdtemp(prefix="podcourse-index-"))
        catalogue.extra["search_index"] = (folder, build_index(documents_from_catalogue(catalogue), folder).generation)
    if "searcher" not in catalogue.extra:
        catalogue.extra["searcher"] = SearchIndex(*catalogue.extra["search_index"])
    return catalogue.extra["searcher"]


def catalogue_topics(catalogue: Catalogue) -> tuple[Topic, ...]:
    """The topics declared in content/topics.yml, as the loader read and checked them."""
    return catalogue.topics


# ---------------------------------------------------------------------------------------------
# Topic pages
# ---------------------------------------------------------------------------------------------


def topic_matches(catalogue: Catalogue, topic: Topic):
    """Every page the topic's query finds, best first."""
    try:
        return search(site_index(catalogue), SearchRequest(q=topic.query, per_page=10_000)).groups
    except SearchError:  # checked when loading; a query that still fails lists nothing
        return ()


def topic_page(catalogue: Catalogue, topic: Topic, groups) -> Page:
    here = topic_path(topic)
    listing = render(
        "search/topic.html",
        description=topic.description,
        search_url=site_link(here, "search/") + "?query=" + quote(topic.query),  # ?q= would open Material's own search
        groups=[
            {
                "title": group.title,
                "url": site_link(here, group.url),
                "kind": group.type,
                "date": group.date,
                "guests": group.guests,
                "passages": [
                    {"url": site_link(here, p.url), "heading": p.heading, "highlight": p.highlight}
                    for p in group.passages[:PASSAGES_PER_TOPIC_RESULT]
                ],
            }
            for group in groups
        ],
    )
    return page_from_sections(here, topic.name, [Section("topic", listing)])


def topic_pages(catalogue: Catalogue) -> list[Page]:
    """The topics index (in the nav) and one page per topic declared in content/topics.yml."""
    topics = catalogue_topics(catalogue)
    matches = {topic.id: topic_matches(catalogue, topic) for topic in topics}
    index = render(
        "search/topic_index.html",
        topics=[
            {"name": t.name, "description": t.description, "url": site_link(TOPIC_INDEX, page_url(topic_path(t))),
             "count": len(matches[t.id])}
            for t in topics
        ],
        search_url=site_link(TOPIC_INDEX, page_url(SEARCH_PAGE)),
    )
    return [
        page_from_sections(TOPIC_INDEX, "Topics", [Section("topic-index", index)], in_nav=True),
        *(topic_page(catalogue, topic, matches[topic.id]) for topic in topics),
    ]


# ---------------------------------------------------------------------------------------------
# Related episodes
# ---------------------------------------------------------------------------------------------


def related_episodes(catalogue: Catalogue) -> dict[int, list[int]]:
    """Episode number -> the episodes most alike in words, best first (computed once per build).

    Alike means: the episode's most characteristic terms (Whoosh's key terms of its passages)
    searched across the other episodes, each episode scored by the sum of its passage scores.
    """
    cached = catalogue.extra.get("related_episodes")
    if cached is None:
        cached = catalogue.extra["related_episodes"] = _compute_related(site_index(catalogue), catalogue)
    return cached


RELATED_TERMS = "related-terms.json"
"""Beside the manifest: each episode's analysed words, keyed by its content hash (see _term_weights)."""
KEY_TERM_FIELDS = (("text", 15), ("notes", 5))  # field, how many key terms it gives


def _compute_related(index: SearchIndex, catalogue: Catalogue) -> dict[int, list[int]]:
    related: dict[int, list[int]] = {}
    with index.searcher() as (searcher, documents):
        number_of = {doc_id: s["episode"] for doc_id, s in documents.items() if s.get("type") == "episode"}
        doc_ids = searcher.reader().column_reader("doc_id")
        root, generation = catalogue.extra["search_index"]
        weights = _term_weights(Path(root) / generation, searcher, sorted(number_of))
        reader = _FrequencyMemo(searcher.reader())
        for doc_id, number in sorted(number_of.items()):
            terms = [term for field, count in KEY_TERM_FIELDS
                     for term, _ in _key_terms(reader, field, weights[doc_id][field], count)]
            terms = _within_postings_budget(searcher, terms)
            if not terms:
                related[number] = []
                continue
            query = Or([Term("text", t) for t in terms] + [Term("notes", t) for t in terms])
            results = searcher.search(query, limit=None)  # a filter= query costs a pass over every passage
            scores: dict[str, float] = defaultdict(float)
            for score, docnum in results.top_n:
                if doc_ids[docnum] in number_of:  # episodes only
                    scores[doc_ids[docnum]] += score
            scores.pop(doc_id, None)
            best = sorted(scores, key=lambda d: (-scores[d], d))[:RELATED_PER_EPISODE]
            related[number] = [number_of[d] for d in best if d in number_of]
    return related


def _term_weights(folder: Path, searcher, doc_ids: list[str]) -> dict[str, dict]:
    """Each episode's analysed words per key-term field ({"text": [weights, total], ...}).

    Analysing an episode's passages again is most of what Whoosh's key_terms costs (about 6 ms
    an episode), and it depends only on the episode's own text. So the result is kept in the
    index generation, keyed by the episode document's content hash (manifest.json), and copied
    along with it by the next build: a rebuild analyses only the episodes that changed. The
    key terms themselves are not kept: they weigh each word against the whole catalogue, which
    any edit changes.
    """
    hashes = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["documents"]
    try:
        cached = json.loads((folder / RELATED_TERMS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = {}
    weights, fresh = {}, False
    for doc_id in doc_ids:
        entry = cached.get(doc_id)
        if not isinstance(entry, dict) or entry.get("hash") != hashes.get(doc_id):
            entry = {"hash": hashes.get(doc_id), **_analyse(searcher, doc_id)}
            fresh = True
        weights[doc_id] = entry
    if fresh or set(cached) != set(weights):
        write_atomic(folder / RELATED_TERMS, json.dumps(weights, separators=(",", ":")))
    return weights


def _analyse(searcher, doc_id: str) -> dict:
    """What Whoosh's Expander gathers from an episode's passages, per field: word weights in the
    order it meets them, and their total."""
    docnums = list(searcher.document_numbers(doc_id=doc_id))
    result = {}
    for field, _ in KEY_TERM_FIELDS:
        expander = Expander(searcher.reader(), field)
        for docnum in docnums:
            expander.add_document(docnum)
        result[field] = [dict(expander.topN_weight), expander.top_total]
    return result


def _key_terms(reader, field: str, weights: list, count: int) -> list[tuple[str, float]]:
    """Whoosh's key_terms (Bo1 model) of an episode, from its analysed words: the same code, fed
    from the cache rather than by analysing the passages again."""
    words, total = weights
    expander = Expander(reader, field)
    expander.topN_weight = defaultdict(float, words)
    expander.top_total = total
    return expander.expanded_terms(count)


class _FrequencyMemo:
    """The few reader calls Whoosh's Expander makes, remembered for one related-episodes pass.

    Each episode's key terms look up the catalogue frequency of every word it uses; most words
    are shared, so the N episodes' lookups are mostly repeats.
    """

    def __init__(self, reader):
        self._reader = reader
        self.schema = reader.schema
        self._frequency: dict = {}
        self._doc_count_all = reader.doc_count_all()
        self._field_length: dict = {}

    def doc_count_all(self) -> int:
        return self._doc_count_all

    def field_length(self, field: str):
        if field not in self._field_length:
            self._field_length[field] = self._reader.field_length(field)
        return self._field_length[field]

    def __contains__(self, key) -> bool:
        return self.frequency(*key) is not None

    def frequency(self, field: str, text):
        """The word's weight across the catalogue; None when the index does not hold it."""
        key = (field, text)
        if key not in self._frequency:
            self._frequency[key] = self._reader.frequency(field, text) if key in self._reader else None
        return self._frequency[key]


def _within_postings_budget(searcher, terms: list[str]) -> list[str]:
    """The rarest of `terms` whose passages add up to RELATED_POSTINGS_BUDGET at most.

    Each episode's query must read a bounded number of postings: with every key term kept, a
    word common across the catalogue made each of the N queries score nearly all passages, and
    related episodes grew as N squared (at 300 episodes, 85 s of a 110 s build). The rarest
    terms are also the most telling ones; the first is always kept.
    """
    frequency = {t: searcher.doc_frequency("text", t) + searcher.doc_frequency("notes", t) for t in set(terms)}
    kept, read = [], 0
    for term in sorted(frequency, key=lambda t: (frequency[t], t)):
        if kept and read + frequency[term] > RELATED_POSTINGS_BUDGET:
            break
        kept.append(term)
        read += frequency[term]
    return kept


def related_section(catalogue: Catalogue, here: str, episode: Episode) -> str:
    """HTML listing the related episodes, for the episode page ("" when there are none)."""
    items = []
    for number in related_episodes(catalogue).get(episode.number, []):
        other = catalogue.episode(number)
        if other:
            items.append({"code": other.code, "title": other.title,
                          "url": site_link(here, page_url(paths.episode(other)))})
    return render("search/related.html", items=items) if items else ""


# ---------------------------------------------------------------------------------------------
# The search page
# ---------------------------------------------------------------------------------------------


def search_pages(catalogue: Catalogue) -> list[Page]:
    """The full-text search page; its script (assets/javascripts/search.js) calls /api/search."""
    return [page_from_sections(SEARCH_PAGE, "Search", [Section("search", render("search/search_page.html"))])]
