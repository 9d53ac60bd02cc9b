"""Writing new segments with postings held in memory (generator.search.segments) stores exactly what
Whoosh's own writer stores for the same passages of the sample: terms, postings, positions,
weights, field lengths and stored fields, in one process or shared between two."""
from __future__ import annotations


import pytest
from whoosh import index as whoosh_index

from sample import ROOT
from generator.search.index import documents_from_catalogue, passage_fields, passage_schema
from generator.load import load_catalogue
from generator.search.segments import write_segments


@pytest.fixture(scope="module")
def passages():
    catalogue, _ = load_catalogue(ROOT)
    return [passage_fields(d, n, p) for d in documents_from_catalogue(catalogue) for n, p in enumerate(d.passages)]


@pytest.fixture(scope="module")
def whooshs(passages, tmp_path_factory):
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("whoosh")), passage_schema())
    writer = ix.writer()
    for fields in passages:
        writer.add_document(**fields)
    writer.commit()
    return contents(ix)


def contents(ix) -> dict:
    """Everything the index holds, keyed by passage id rather than by document number."""
    with ix.reader() as reader:
        ids = {number: stored["passage_id"] for number, stored in reader.iter_docs()}
        postings, infos = {}, {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            infos[fieldname, text] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                      info.max_weight(), info.min_id(), info.max_id())
            matcher = reader.postings(fieldname, text)
            found = set()
            while matcher.is_active():
                found.add((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            postings[fieldname, text] = found
        return {
            "postings": postings,
            "term_infos": infos,  # with the block statistics the codec works out from the lengths
            "stored": {ids[n]: stored for n, stored in reader.iter_docs()},
            # A segment without a field's lengths reads None for them where another reads 0
            "lengths": {(ids[n], name): reader.doc_field_length(n, name) or 0
                        for n in ids for name in reader.indexed_field_names()},
            "totals": {name: reader.field_length(name) for name in reader.indexed_field_names()},
            "count": reader.doc_count_all(),
        }


@pytest.mark.parametrize("processes", [1, 2])
def test_segments_hold_what_whooshs_writer_writes(passages, whooshs, tmp_path, processes):
    ix = whoosh_index.create_in(str(tmp_path), passage_schema())
    summaries = write_segments(ix, passages, processes, dict, len)
    assert summaries == [len(passages[i::processes]) for i in range(processes)]
    assert len(ix._segments()) == processes
    ours = contents(ix)
    assert ours["count"] == whooshs["count"] == len(passages) > 200
    assert ours["postings"].keys() == whooshs["postings"].keys()
    for term, found in whooshs["postings"].items():
        assert ours["postings"][term] == found, term
    assert ours["stored"] == whooshs["stored"]
    assert ours["lengths"] == whooshs["lengths"]
    assert ours["totals"] == whooshs["totals"]
    if processes == 1:  # numbered as Whoosh numbers them: the terms' statistics are the same too
        assert ours["term_infos"] == whooshs["term_infos"]


@pytest.mark.parametrize("share, error", [(0, ValueError), (1, RuntimeError)])
def test_a_failing_share_leaves_the_index_as_it_was(passages, tmp_path, share, error):
    """The first share is written by the calling process (its error is raised as it is), the
    second by a child (its error comes back as a RuntimeError naming it)."""
    ix = whoosh_index.create_in(str(tmp_path), passage_schema())
    broken = passages[share + 20]  # passages[i::2] is share i % 2

    def fails_on_one_passage(fields):
        if fields is broken:
            raise ValueError("a broken passage (simulated)")
        return fields

    with pytest.raises(error, match="a broken passage"):
        write_segments(ix, passages, 2, fails_on_one_passage, len)
    assert whoosh_index.open_dir(str(tmp_path)).doc_count_all() == 0
    write_segments(ix, passages[:10], 2, dict, len)  # the lock was released
    assert whoosh_index.open_dir(str(tmp_path)).doc_count_all() == 10
