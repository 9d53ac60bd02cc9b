"""Topics (content/topics.yml) and topic pages, from the sample's index (related episodes:
test_related_episodes.py)."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.load import load_catalogue
from generator.render.topics import topic_pages
from generator.topics import load_topics, parse_topics

ROOT = Path(__file__).resolve().parents[1]


def test_topics_file_problems_are_reported_with_their_lines():
    text = (
        "- name: Asking\n"            # 1
        "  description: d\n"
        "  query: smart\n"
        "- name: asking\n"            # 4: same id as line 1
        "  description: d\n"
        "  query: smart\n"
        "- just a string\n"           # 7
        "- name: Scripts\n"           # 8: no description
        "  query: '\"script'\n"       # 9: unbalanced quote
        "  colour: red\n"             # 10: unknown field
    )
    topics, problems = parse_topics(text, "content/topics.yml")
    assert [t.name for t in topics] == ["Asking"] and topics[0].line == 1
    assert [str(p) for p in problems] == [
        "content/topics.yml:4: topic 'asking' is declared twice (first on line 1)",
        "content/topics.yml:7: a topic must be a mapping with name, description and query",
        "content/topics.yml:10: unknown field 'colour'; a topic has name, description, query",
        "content/topics.yml:8: topic needs a non-empty text 'description'",
        'content/topics.yml:9: query: unbalanced quotes: a "phrase" needs a closing quote',
    ]


def test_the_sample_topics_load_cleanly():
    topics, problems = load_topics(ROOT)
    assert problems == []
    assert "Referrals" in [t.name for t in topics]


def test_topic_pages_list_what_the_query_finds():
    catalogue, _ = load_catalogue(ROOT)
    catalogue = dataclasses.replace(catalogue, modules=(), extra={"root": ROOT})
    pages = {page.path: page for page in topic_pages(catalogue)}
    assert "topics/index.md" in pages and pages["topics/index.md"].in_nav
    negotiation = "".join(pages["topics/negotiation.md"].html.values())
    # E204 (Kwame Christian) is the negotiation episode; its turns 5 and 7 talk of negotiation.
    assert 'href="../../episodes/e204/"' in negotiation
    assert 'href="../../episodes/e204/#t-5"' in negotiation and 'href="../../episodes/e204/#t-7"' in negotiation
    asking = "".join(pages["topics/asking-for-what-you-need.md"].html.values())
    # The criteria are in the second paragraph of E227's turn 9: the link lands on that paragraph.
    assert 'href="../../episodes/e227/#t-9-p2"' in asking and "<mark>smart</mark>" in asking


def test_only_the_best_pages_of_a_topic_show_their_passages_and_every_page_is_listed(monkeypatch):
    import generator.render.topics as topics_module
    from generator.search.engine import SearchRequest, search

    catalogue, _ = load_catalogue(ROOT)
    catalogue = dataclasses.replace(catalogue, extra={"root": ROOT})
    topic = next(t for t in catalogue.topics if t.id == "referrals")
    monkeypatch.setattr(topics_module, "HIGHLIGHTED_TOPIC_RESULTS", 2)
    groups = topics_module.topic_matches(catalogue, topic)
    every = search(topics_module.site_index(catalogue), SearchRequest(q=topic.query, per_page=10_000)).groups
    assert len(every) > 2  # the sample has more referral pages than that
    assert [g.id for g in groups] == [g.id for g in every]
    assert [bool(g.passages) for g in groups] == [True, True] + [False] * (len(every) - 2)
    html = "".join(topics_module.topic_page(catalogue, topic, groups).html.values())
    assert html.count('class="pc-result"') == len(every) and html.count('class="pc-passages"') == 2
