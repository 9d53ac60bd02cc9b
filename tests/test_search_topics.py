"""Topics (content/topics.yml) and topic pages, from the sample's index (related episodes:
test_related_episodes.py)."""
from __future__ import annotations

import dataclasses

import pytest

from sample import ROOT
from generator.load import load_catalogue
from generator.render.context import BuildContext
from generator.render.topics import topic_page, topic_pages
from generator.search import topics as search_topics
from generator.search.engine import SearchIndex, SearchRequest, search
from generator.search.index import build_index, documents_from_catalogue
from generator.topics import load_topics, parse_topics


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


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample catalogue and its search index (what a build hands the topic pages)."""
    catalogue, _ = load_catalogue(ROOT)
    folder = tmp_path_factory.mktemp("index")
    report = build_index(documents_from_catalogue(catalogue), folder, synonyms=catalogue.synonyms)
    return catalogue, SearchIndex(folder, report.generation)


def test_topic_pages_list_what_the_query_finds(sample):
    catalogue, index = sample
    context = BuildContext(topic_results=search_topics.topic_results(index))
    pages = {page.path: page for page in topic_pages(dataclasses.replace(catalogue, modules=()), context)}
    assert "topics/index.md" in pages and pages["topics/index.md"].in_nav
    negotiation = "".join(pages["topics/negotiation.md"].html.values())
    # E204 (Kwame Christian) is the negotiation episode; its turns 5 and 7 talk of negotiation.
    assert 'href="../../episodes/e204/"' in negotiation
    assert 'href="../../episodes/e204/#t-5"' in negotiation and 'href="../../episodes/e204/#t-7"' in negotiation
    asking = "".join(pages["topics/asking-for-what-you-need.md"].html.values())
    # The criteria are in the second paragraph of E227's turn 9: the link lands on that paragraph.
    assert 'href="../../episodes/e227/#t-9-p2"' in asking and "<mark>smart</mark>" in asking


def test_without_the_index_the_topic_pages_are_frames_with_the_same_paths_and_markdown(sample):
    catalogue, index = sample
    frames = topic_pages(catalogue)
    real = topic_pages(catalogue, BuildContext(topic_results=search_topics.topic_results(index)))
    assert [(p.path, p.title, p.markdown) for p in frames] == [(p.path, p.title, p.markdown) for p in real]
    assert 'class="pc-result"' not in "".join(frames[1].html.values())
    assert 'class="pc-result"' in "".join(real[1].html.values())


def test_only_the_best_pages_of_a_topic_show_their_passages_and_every_page_is_listed(sample, monkeypatch):
    catalogue, index = sample
    topic = next(t for t in catalogue.topics if t.id == "referrals")
    monkeypatch.setattr(search_topics, "HIGHLIGHTED_TOPIC_RESULTS", 2)
    groups = search_topics.topic_results(index)(topic)
    every = search(index, SearchRequest(q=topic.query, per_page=10_000)).groups
    assert len(every) > 2  # the sample has more referral pages than that
    assert [g.id for g in groups] == [g.id for g in every]
    assert [bool(g.passages) for g in groups] == [True, True] + [False] * (len(every) - 2)
    assert all(len(g.passages) <= search_topics.PASSAGES_PER_TOPIC_RESULT for g in groups)
    html = "".join(topic_page(catalogue, topic, groups).html.values())
    assert html.count('class="pc-result"') == len(every) and html.count('class="pc-passages"') == 2
