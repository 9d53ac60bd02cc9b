"""Finding things by subject: topic pages, related episodes, and the full-text search page.

Topic pages and related episodes are computed from the search index at build time, so a
listener can browse by topic on a purely static host; the search page asks the live index
through `podcourse serve`. The index this uses is the one the site build prepared
(`generator.index.prepare_site_index`, named in `catalogue.extra["search_index"]`); rendering
without a site build (tests, previews) indexes the catalogue into a temporary directory.
"""
from __future__ import annotations

import posixpath
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from whoosh.query import Or, Term

from ..index import build_index, documents_from_catalogue
from ..model import Catalogue, Episode, Topic
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


def _compute_related(index: SearchIndex, catalogue: Catalogue) -> dict[int, list[int]]:
    related: dict[int, list[int]] = {}
    with index.searcher() as (searcher, documents):
        number_of = {doc_id: s["episode"] for doc_id, s in documents.items() if s.get("type") == "episode"}
        doc_ids = searcher.reader().column_reader("doc_id")
        for doc_id, number in sorted(number_of.items()):
            docnums = list(searcher.document_numbers(doc_id=doc_id))
            terms = [term for term, _ in searcher.key_terms(docnums, "text", numterms=15)]
            terms += [term for term, _ in searcher.key_terms(docnums, "notes", numterms=5)]
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
