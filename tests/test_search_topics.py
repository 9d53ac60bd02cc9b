"""Topics (content/topics.yml), topic pages and related episodes, from the sample's index."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.load import load_catalogue
from generator.render.topics import related_episodes, topic_pages
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
    # E204 (Kwame Christian) is the negotiation episode; its turn 16 says "negotiating".
    assert 'href="../../episodes/e204/"' in negotiation
    assert 'href="../../episodes/e204/#t-16"' in negotiation
    asking = "".join(pages["topics/asking-for-what-you-need.md"].html.values())
    # The criteria are in the second paragraph of E227's turn 9: the link lands on that paragraph.
    assert 'href="../../episodes/e227/#t-9-p2"' in asking and "<mark>smart</mark>" in asking


def test_every_episode_has_related_episodes_and_never_itself():
    catalogue, _ = load_catalogue(ROOT)
    catalogue = dataclasses.replace(catalogue, extra={})
    related = related_episodes(catalogue)
    assert set(related) == {e.number for e in catalogue.episodes}
    for number, others in related.items():
        assert others and number not in others and len(others) <= 3
        assert set(others) <= set(related)


def test_related_episodes_reuse_the_analysis_of_unchanged_episodes_and_match_whoosh(tmp_path, monkeypatch):
    """A rebuild analyses only the edited episode; the key terms equal Whoosh's key_terms."""
    import json

    from generator.index import build_index, documents_from_catalogue
    from generator.render import topics
    from generator.search import SearchIndex

    catalogue, _ = load_catalogue(ROOT)
    analysed = []
    analyse = topics._analyse
    monkeypatch.setattr(topics, "_analyse", lambda searcher, doc_id: analysed.append(doc_id) or analyse(searcher, doc_id))

    def related_in(catalogue):
        generation = build_index(documents_from_catalogue(catalogue), tmp_path).generation
        catalogue = dataclasses.replace(catalogue, extra={"search_index": (tmp_path, generation)})
        return related_episodes(catalogue), tmp_path / generation

    first, folder = related_in(dataclasses.replace(catalogue, extra={}))
    assert sorted(analysed) == ["episode:e100", "episode:e204", "episode:e227", "episode:e298"]
    e227 = catalogue.episode(227)
    turns = list(e227.transcript)
    turns[2] = dataclasses.replace(turns[2], text=turns[2].text + " Negotiation, referrals and honest work.")
    edited = dataclasses.replace(catalogue, extra={}, episodes=tuple(
        dataclasses.replace(e, transcript=tuple(turns)) if e.number == 227 else e for e in catalogue.episodes))
    analysed.clear()
    again, folder = related_in(edited)
    assert analysed == ["episode:e227"]
    cached = json.loads((folder / topics.RELATED_TERMS).read_text())
    assert sorted(cached) == ["episode:e100", "episode:e204", "episode:e227", "episode:e298"]

    # The same as a computation from nothing: no cache file, every episode analysed again ...
    (folder / topics.RELATED_TERMS).unlink()
    fresh = related_episodes(dataclasses.replace(edited, extra={"search_index": (tmp_path, folder.name)}))
    assert again == fresh and len(analysed) == 5
    # ... and each episode's key terms are exactly those Whoosh's own key_terms gives.
    with SearchIndex(tmp_path, folder.name).searcher() as (searcher, _):
        memo = topics._FrequencyMemo(searcher.reader())
        for doc_id, entry in cached.items():
            docnums = list(searcher.document_numbers(doc_id=doc_id))
            for field, count in topics.KEY_TERM_FIELDS:
                expected = searcher.key_terms(docnums, field, numterms=count)
                assert expected and topics._key_terms(memo, field, entry[field], count) == expected
