"""Finding things by subject: topic pages, related episodes, and the full-text search page.

Topic pages list what the search index finds at build time, so a listener can browse by topic on
a purely static host; the search page asks the live index through `podcourse serve`. The index is
the one the site build makes in a second process (generator.search.process): its answers reach
these pages through the build's context (`BuildContext.topic_results`, generator.search.topics)
once it is ready, and until then the pages are frames with nothing found. Related episodes need
no index: they are computed from the episodes' own words, so they can be rendered meanwhile.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict

from .. import urls
from ..model import Catalogue, Episode, Topic, slugify
from ..search.analysis import COMMON_WORDS, stem_word
from ..urls import SEARCH_PAGE, TOPIC_INDEX, page_url, site_link
from .context import NO_BUILD, BuildContext
from .page import Page, Section, page_from_sections
from .templates import render

RELATED_PER_EPISODE = 3


# ---------------------------------------------------------------------------------------------
# Topic pages
# ---------------------------------------------------------------------------------------------


LISTED_TOPIC_RESULTS = 50
"""How many of a topic's best pages its page lists; the count says how many it found in all.

At 1,000 episodes a topic found most of the catalogue and its page, listing every page found by
title, was 268 KiB: a phone's first view of it passed a megabyte (issue 18). The best fifty are
what a listener browsing a subject reads; the search page finds the rest."""


def topic_page(catalogue: Catalogue, topic: Topic, groups) -> Page:
    here = urls.topic(topic)
    listing = render(
        "search/topic.html",
        description=topic.description,
        search_url=site_link(here, page_url(SEARCH_PAGE)) + urls.search_query(topic.query),
        found=len(groups),
        groups=[
            {
                "title": group.title,
                "url": site_link(here, group.url),
                "kind": group.type,
                "date": group.date,
                "guests": group.guests,
                "passages": [
                    {"url": site_link(here, p.url), "heading": p.heading, "highlight": p.highlight}
                    for p in group.passages
                ],
            }
            for group in groups[:LISTED_TOPIC_RESULTS]
        ],
    )
    return page_from_sections(here, topic.name, [Section("topic", listing)])


def topic_pages(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> list[Page]:
    """The topics index (in the nav) and one page per topic declared in content/topics.yml, each
    listing what the index finds for it; frames (the same paths, titles and Markdown, nothing
    found) while the build's context has no index yet, which the build hands MkDocs meanwhile."""
    topics = catalogue.topics
    found = context.topic_results or (lambda topic: ())
    matches = {topic.id: found(topic) for topic in topics}
    index = render(
        "search/topic_index.html",
        topics=[
            {
                "name": t.name,
                "description": t.description,
                "url": site_link(TOPIC_INDEX, page_url(urls.topic(t))),
                "count": len(matches[t.id]),
            }
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
    """Episode number -> the episodes most alike in words, best first (the episode pages ask once
    per build).

    Computed from the model in plain Python, not from the search index: the index is built
    beside the renderers, which must not wait for it (see `_compute_related`).
    """
    return _compute_related(catalogue.episodes)


KEY_TERMS_PER_EPISODE = 30
"""How many of its most characteristic terms describe an episode when comparing it with others."""
MAX_DOCUMENT_SHARE = 0.5
"""A term used by more than this share of the episodes says nothing about which ones are alike."""
RELATED_POSTINGS_BUDGET = 1500
"""How many (episode, weight) entries one episode's comparison may read: the cost per episode
stays the same whatever the size of the catalogue, so the whole stays linear in N."""
LABEL_COUNT = 5
"""A shared guest, topic or series counts as much as a word said this many times in both."""
_WORD = re.compile(r"[^\W\d_][^\W_]{2,}")  # a letter, then letters or digits: three or more in all


def _compute_related(episodes) -> dict[int, list[int]]:
    """Cosine similarity of tf-idf vectors, each cut to its episode's key terms.

    Every episode is tokenised once; the comparison goes through an inverted map from key term
    to the episodes it characterises, read rarest term first within RELATED_POSTINGS_BUDGET.
    """
    words = {episode.number: episode_terms(episode) for episode in episodes}
    frequency = Counter(term for counts in words.values() for term in counts)  # episodes using each term
    vectors = {number: key_terms(counts, frequency, len(words)) for number, counts in sorted(words.items())}
    holders: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for number, vector in vectors.items():
        for term, weight in vector.items():
            holders[term].append((number, weight))
    return {number: _most_alike(number, vector, holders) for number, vector in vectors.items()}


def episode_terms(episode: Episode) -> Counter:
    """How often the episode uses each stemmed word, plus its guests, topics and series as labels.

    Words come from what a listener reads or hears of the episode itself: title, hook, show notes,
    quotes and spoken turns. Ad reads and outros are left out (a sponsor's script shared by many
    episodes does not make them alike), as the search index leaves them out. Stop words and
    words under three letters are dropped.
    """
    text = " ".join(
        [
            episode.title,
            episode.hook,
            episode.description,
            *episode.quotes,
            *(turn.text for turn in episode.transcript if turn.kind == "speech"),
        ]
    )
    terms: Counter = Counter()
    for word, count in Counter(_WORD.findall(text.lower())).items():
        if word not in COMMON_WORDS:
            terms[stem_word(word)] += count
    labels = [f"guest:{slugify(name)}" for name in episode.guests]
    labels += [f"topic:{slugify(topic)}" for topic in episode.topics]
    if episode.series:
        labels.append(f"series:{episode.series.id}")
    for label in labels:  # the colon keeps a label apart from any word
        terms[label] += LABEL_COUNT
    return terms


def key_terms(counts: Counter, frequency: Counter, episodes: int) -> dict[str, float]:
    """The episode's KEY_TERMS_PER_EPISODE heaviest terms by tf-idf, as a unit-length vector.

    Only terms that some other episode uses, and not more than MAX_DOCUMENT_SHARE of them, can
    tell which episodes are alike. Ties keep the order the episode first uses the terms in.
    """
    most = max(2, MAX_DOCUMENT_SHARE * episodes)
    weights = [
        (term, (1 + math.log(count)) * math.log(1 + episodes / frequency[term]))  # idf > 0, even at N = 2
        for term, count in counts.items()
        if 2 <= frequency[term] <= most
    ]
    top = heapq.nlargest(KEY_TERMS_PER_EPISODE, weights, key=lambda item: item[1])
    norm = math.sqrt(sum(weight * weight for _, weight in top))
    return {term: weight / norm for term, weight in top}


def _most_alike(number: int, vector: dict[str, float], holders: dict) -> list[int]:
    """The RELATED_PER_EPISODE episodes whose key-term vectors are closest to `vector`, best
    first, ties by number. The rarest key terms are read first, the first always."""
    scores: dict[int, float] = defaultdict(float)
    read = 0
    for term in sorted(vector, key=lambda t: (len(holders[t]), t)):
        postings = holders[term]
        if read and read + len(postings) > RELATED_POSTINGS_BUDGET:
            break
        read += len(postings)
        weight = vector[term]
        for other, other_weight in postings:
            scores[other] += weight * other_weight
    scores.pop(number, None)
    return heapq.nsmallest(RELATED_PER_EPISODE, scores, key=lambda other: (-scores[other], other))


def related_section(catalogue: Catalogue, here: str, episode: Episode, related: dict[int, list[int]]) -> str:
    """HTML listing the related episodes (`related`: related_episodes of the catalogue), for the
    episode page ("" when there are none)."""
    items = []
    for number in related.get(episode.number, []):
        other = catalogue.episode(number)
        if other:
            items.append(
                {"code": other.code, "title": other.title, "url": site_link(here, page_url(urls.episode(other)))}
            )
    return render("search/related.html", items=items) if items else ""


# ---------------------------------------------------------------------------------------------
# The search page
# ---------------------------------------------------------------------------------------------


def search_pages(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> list[Page]:
    """The full-text search page; its script (assets/javascripts/search.js) calls /api/search."""
    return [page_from_sections(SEARCH_PAGE, "Search", [Section("search", render("search/search_page.html"))])]
