"""The static search index (generator/search/static_index.py): what goes into Pagefind, and what not.

Pagefind itself is run on the real sample's documents; its fragments (gzip, one per page, holding
the page's searchable text) are read back to check that the quiz explanations, which give the
answers away, never reach a static host. A missing Pagefind fails the build (and these tests);
it never skips.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

from sample import ROOT
from generator.search import static_index
from generator.search.index import Document, Passage, documents_from_catalogue
from generator.search.static_index import StaticIndexFailed, page_html, write_static_index


def fragments(bundle: Path) -> list[dict]:
    """Pagefind's per-page fragments: gzip of b"pagefind_dcd" + JSON, with the content's filler
    words spelled again from the table's "coded" list, as static-search.js `wordsAt` reads them."""
    coded = json.loads(gzip.decompress((bundle / "podcourse-search.gz").read_bytes()))["coded"]
    spelled = {chr(0x2801 + 2 * place + capital): word.capitalize() if capital else word
               for place, word in enumerate(coded) for capital in (0, 1)}
    found = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        fragment["content"] = "".join(spelled.get(char, char) for char in fragment["content"])
        found.append(fragment)
    return found


def places(bundle: Path) -> dict[str, int]:
    """word -> how many places Pagefind's index chunks (gzip of b"pagefind_dcd" + CBOR) hold for it:
    each chunk is [[word, [[page, [place, ...], ...], ...], ...], ...]]; a negative number among the
    places sets the weight of those after it, and is no place."""
    counts = {}
    for path in (bundle / "index").glob("*.pf_index"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        (words,), _ = _cbor(data, len(b"pagefind_dcd"))
        for word, pages, *_ in words:
            counts[word] = sum(1 for page in pages for place in page[1] if place >= 0)
    return counts


def _cbor(data: bytes, at: int):
    """(value, next offset) of the CBOR item at `at`: the integers, texts and arrays Pagefind writes."""
    kind, info = data[at] >> 5, data[at] & 31
    at += 1
    if info >= 24:
        size = 1 << (info - 24)
        info, at = int.from_bytes(data[at : at + size], "big"), at + size
    if kind == 0:
        return info, at
    if kind == 1:
        return -1 - info, at
    if kind in (2, 3):
        return data[at : at + info].decode() if kind == 3 else data[at : at + info], at + info
    assert kind == 4, kind
    items = []
    for _ in range(info):
        item, at = _cbor(data, at)
        items.append(item)
    return items, at


@pytest.fixture(scope="module")
def sample(catalogue):
    return catalogue


@pytest.fixture(scope="module")
def built(sample, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("static") / "site"
    report = write_static_index(documents_from_catalogue(sample), site, synonyms=sample.synonyms)
    assert report.documents == len(documents_from_catalogue(sample)) and report.passages > 100
    return site


def test_the_bundle_holds_every_page_and_flags_the_static_backend(built, sample):
    bundle = built / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.unknown.pagefind").is_file()  # no stemmer's
    assert sorted(p.name for p in bundle.iterdir() if p.is_file() and not p.name.startswith(("pagefind.und_", "podcourse-words-"))) == [
        "pagefind-entry.json", "pagefind.js", "pagefind.js.gz", "podcourse-pages.sha256", "podcourse-search.gz",
        "wasm.unknown.pagefind"]
    assert gzip.decompress((bundle / "pagefind.js.gz").read_bytes()) == (bundle / "pagefind.js").read_bytes()
    assert json.loads((built / "search" / "backend.json").read_text()) == {"backend": "static"}
    pages = {json.loads(f["meta"]["d"])["id"]: f for f in fragments(bundle)}
    assert set(pages) == {d.id for d in documents_from_catalogue(sample)}
    e204 = pages["episode:e204"]
    summary = json.loads(e204["meta"]["d"])
    assert summary["url"] == "episodes/e204/" and summary["guests"] == ["Kwame Christian"]
    # Each passage starts at its marker; the turn that says "lizard brain" is E204's turn 8.
    starts = sorted((a["location"], int(a["id"][1:])) for a in e204["anchors"] if a["id"].startswith("p"))
    words = e204["content"].split()
    at = next(i for i in range(len(words) - 1) if words[i].lower() == "lizard" and words[i + 1].lower().startswith("brain"))
    number = max(n for location, n in starts if location <= at)
    assert summary["p"][number][0] == "t-8"
    # Facets: one gzipped table, by Pagefind's page id (the fragment's name).
    table = json.loads(gzip.decompress((bundle / "podcourse-search.gz").read_bytes()))
    e204_id = next(p.stem for p in (bundle / "fragment").glob("*.pf_fragment")
                   if json.loads(json.loads(gzip.decompress(p.read_bytes())[12:])["meta"]["d"])["id"] == "episode:e204")
    values = {tuple(table["values"][n]) for n in table["pages"][e204_id]}
    assert {("type", "episode", "episode"), ("guest", "kwame-christian", "Kwame Christian"),
            ("year", "2024", "2024")} <= values
    assert len(table["pages"]) == len(pages)
    # one facet value per topic whatever its case or number, as /api/search's facets
    topics = [value for facet, value, _ in table["values"] if facet == "topic"]
    assert len(topics) == len(set(topics)) and "negotiation" in topics and "negotiations" not in topics
    # and how the browser reads a query as the server does: the filler words, the trainer's synonyms
    assert {"how", "do", "i", "my"} <= set(table["filler"]) and "boss" not in table["filler"]
    assert table["synonyms"] == [list(group) for group in sample.synonyms] and ["boss", "manager", "supervisor"] in table["synonyms"]


def test_filler_words_are_in_the_pages_text_but_not_in_the_index(built):
    """A query drops "the", "that", "of" (static_index.CODED_WORDS); indexed, they are half of
    Pagefind's index, and each filled chunks a first query had to download for its other words."""
    bundle = built / "pagefind"
    counts = places(bundle)
    assert counts["lizard"] >= 2 and counts["conflict"] > 10 and counts["talk"] > 10
    assert {"the", "that", "of", "you", "and"} <= set(static_index.CODED_WORDS)
    left = sum(counts.get(word, 0) for word in static_index.CODED_WORDS)  # "it’s" is "its" to Pagefind; "and/or"
    assert left < 0.05 * sum(counts.values())  # they were about half
    assert not counts.get("the") and not counts.get("of")
    e204 = next(f for f in fragments(bundle) if json.loads(f["meta"]["d"])["id"] == "episode:e204")
    assert "fear of conflict" in e204["content"].lower()


def test_two_builds_of_the_same_content_are_identical(built, sample, tmp_path):
    """Pagefind's own filter index differs from run to run (a HashMap's order): not used."""
    write_static_index(documents_from_catalogue(sample), tmp_path / "again", synonyms=sample.synonyms)
    first = {p.relative_to(built / "pagefind"): p.read_bytes() for p in (built / "pagefind").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "again" / "pagefind"): p.read_bytes()
              for p in (tmp_path / "again" / "pagefind").rglob("*") if p.is_file()}
    assert first == second


def test_quiz_explanations_never_reach_the_static_index_but_prompts_do(built, sample):
    questions = [q for m in sample.modules if m.quiz for q in m.quiz.questions]
    assert questions
    text = " ".join(" ".join(f["content"].split()) for f in fragments(built / "pagefind"))
    for question in questions:
        prompt = " ".join(question.prompt.split())
        assert prompt in text
        explanation = " ".join(question.explanation.split())
        assert explanation not in text, question.id
        if question.model_answer:
            assert " ".join(question.model_answer.split()) not in text


def test_every_value_is_escaped_in_the_page_pagefind_reads():
    hostile = 'Play it on a <b>xylophone</b> <img src=x onerror="alert(1)"> & more'
    document = Document(id="episode:e1", type="episode", title="E1: <i>Title</i>", url="episodes/e1/",
                        date=dt.date(2024, 1, 2), guests=("A <b>Guest</b>",),
                        passages=(Passage(anchor="t-1", kind="transcript", heading="Jason", speakers=("Jason",),
                                          text=hostile),))
    html = page_html(document)
    assert "<b>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;b&gt;xylophone&lt;/b&gt;" in html and "&amp; more" in html


def test_a_timed_passage_record_carries_its_start():
    """Per passage the metadata holds [anchor, heading, speakers], and the seconds where a timed one
    starts (what /api/search gives as `start`)."""
    document = Document(id="episode:e1", type="episode", title="E1: Title", url="episodes/e1/",
                        passages=(Passage(anchor="t-1", kind="transcript", heading="Jason", speakers=("Jason",),
                                          text="Welcome.", start=754.2),
                                  Passage(anchor="t-1-p2", kind="transcript", heading="Jason", speakers=("Jason",),
                                          text="Later.")))
    meta = page_html(document).split('data-pagefind-meta="d" data-pagefind-ignore>')[1].split("</span>")[0]
    assert json.loads(meta.replace("&quot;", '"'))["p"] == [["t-1", "Jason", ["Jason"], 754.2], ["t-1-p2", "Jason", ["Jason"]]]


def test_a_missing_pagefind_fails_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setattr(static_index.sys, "executable", "/usr/bin/python3")  # Debian's Python: no pagefind
    document = Document(id="post:x", type="post", title="X", url="blog/x/",
                        passages=(Passage(anchor="", kind="section", text="words"),))
    with pytest.raises(StaticIndexFailed, match="pagefind"):
        write_static_index([document], tmp_path / "site")
    assert not (tmp_path / "site" / "search" / "backend.json").exists()


def test_a_cancelled_build_leaves_nothing_behind(tmp_path, monkeypatch):
    """A build that fails elsewhere stops the Pagefind worker at once (SIGKILL): the pages it was
    writing for Pagefind are in the folder the cancel removes, not in the system's temporary one."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    started = tmp_path / "started"
    monkeypatch.setattr(static_index, "run_pagefind", lambda *args: started.touch() or time.sleep(120))
    document = Document(id="post:x", type="post", title="X", url="blog/x/",
                        passages=(Passage(anchor="", kind="section", text="words"),))
    building = static_index.StaticIndexInBackground(lambda: [document], tmp_path / "site")
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists()
    building.cancel()
    assert list(temporary.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["started", "tmp"]  # its own folder beside the site is gone


def test_the_static_index_does_not_import_whoosh():
    import subprocess
    import sys

    code = "import sys, generator.search.static_index; print(any(m.startswith('whoosh') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout.strip() == "False"


def test_an_unchanged_bundle_is_copied_and_a_changed_one_rebuilt(built, sample, tmp_path):
    documents = documents_from_catalogue(sample)
    again = static_index.build_bundle(documents, tmp_path / "same", previous=built / "pagefind",
                                      synonyms=sample.synonyms)
    assert again.reused
    assert sorted(p.name for p in (tmp_path / "same").rglob("*")) == sorted(p.name for p in (built / "pagefind").rglob("*"))
    edited = [replace(documents[0], title=documents[0].title + " (edited)"), *documents[1:]]
    changed = static_index.build_bundle(edited, tmp_path / "changed", previous=built / "pagefind",
                                        synonyms=sample.synonyms)
    assert not changed.reused
    titles = {json.loads(f["meta"]["d"])["title"] for f in fragments(tmp_path / "changed")}
    assert documents[0].title + " (edited)" in titles
    # a new synonym changes the table the browser reads: not copied either
    more = static_index.build_bundle(documents, tmp_path / "more", previous=built / "pagefind",
                                     synonyms=(*sample.synonyms, ("podcast", "show")))
    assert not more.reused
    assert ["podcast", "show"] in json.loads(gzip.decompress((tmp_path / "more" / "podcourse-search.gz").read_bytes()))["synonyms"]


def test_podcourse_serve_tells_the_page_to_ask_its_endpoint(built, tmp_path):
    """The build's search/backend.json says "static"; `podcourse serve` answers that address "api"."""
    from generator.serve import make_app

    captured = {}
    app = make_app(built, tmp_path / "no-index-needed")
    body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": "/search/backend.json", "QUERY_STRING": ""},
                        lambda status, headers: captured.update(status=status, headers=dict(headers))))
    assert captured["status"] == "200 OK" and captured["headers"]["Content-Type"].startswith("application/json")
    assert json.loads(body) == {"backend": "api"}


def test_a_build_without_pagefind_fails_and_leaves_no_site(tmp_path, monkeypatch):
    from generator.build import build_site

    monkeypatch.setattr(static_index.sys, "executable", "/usr/bin/python3")  # the build's child inherits it
    problems = [p for p in build_site(ROOT, tmp_path / "site") if p.severity == "error"]
    assert len(problems) == 1 and "static search index failed" in problems[0].message
    assert "pagefind package is not installed" in problems[0].message
    assert not (tmp_path / "site").exists()
    assert [p.name for p in tmp_path.iterdir() if "pagefind" in p.name] == []  # its temporary folder is gone


def test_the_words_of_the_pages_are_listed_by_length_most_pages_first(built, sample):
    """The lists the page's spelling correction reads for a slip in a word's first letters."""
    bundle = built / "pagefind"
    lists = {int(p.name[len("podcourse-words-"):-3]): gzip.decompress(p.read_bytes()).decode().split("\n")
             for p in bundle.glob("podcourse-words-*.gz")}
    assert all(len(word) == length for length, words in lists.items() for word in words)
    assert "psychology" in lists[10] and "negotiation" in lists[11] and "kozodoy" in lists[7]
    assert lists[5].index("sales") < lists[5].index("chess")  # on more pages: first among equals
    assert all(len(words) == len(set(words)) for words in lists.values())
