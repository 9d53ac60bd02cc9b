"""The static search page stems words as the server does, and looks for every form it joins.

static-search.js decides which of Pagefind's matches count by comparing stems (`sameWord`), and
its `stemWord` is a port of generator/search/analysis.py's `stem_word`: if the two drifted apart,
a static host would count "objectives" for "objections" again, or miss "negotiating" for
"negotiation". Every word of the sample's content is stemmed by both, with Node (on the machine
for the accessibility tests; a missing Node fails this test, never skips it).

Pagefind's index holds words as written (static_index.INDEX_LANGUAGE), so the page looks for a
word as the forms the server's stemmer joins (`formsOf`): a form it did not spell would leave its
pages unfound, and a word of another stem would count pages it cannot show.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess

from collections import defaultdict

import pytest

from generator.search.analysis import bare_word, stem_word
from sample import ROOT

SCRIPT = ROOT / "site-overrides" / "assets" / "javascripts" / "static-search.js"
FORMS = ("negotiate negotiates negotiating negotiated negotiation negotiator negotiators objection objections "
         "objective objectives silence silent pushy push stopped selling organisation organization urgency "
         "experiencing experience agreed hoping hopping buzzes classes dr i sales")


def sample_words() -> list[str]:
    words = set(FORMS.split())
    for path in (ROOT / "content").rglob("*"):
        if path.is_file() and path.suffix in {".md", ".yml", ".json", ".vtt", ".srt", ".txt"}:
            words |= {bare_word(w) for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", path.read_text(encoding="utf-8"))}
    return sorted(words)


def in_node(function: str, words: list[str]) -> dict:
    """`function` of static-search.js applied to each word, by Node."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: install Node.js (the test suite's accessibility checks need it too)")
    program = (f"import {{ {function} }} from {json.dumps(SCRIPT.as_uri())};"
               "let text = ''; process.stdin.on('data', (d) => { text += d; });"
               "process.stdin.on('end', () => { const words = JSON.parse(text);"
               f" console.log(JSON.stringify(words.map((w) => {function}(w)))); }});")
    done = subprocess.run([node, "--input-type=module", "-e", program], input=json.dumps(words),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return dict(zip(words, json.loads(done.stdout)))


def test_static_search_stems_every_word_of_the_sample_as_the_server():
    words = sample_words()
    assert len(words) > 1500
    browser = in_node("stemWord", words)
    assert {w: (stem_word(w), s) for w, s in browser.items() if s != stem_word(w)} == {}
    assert browser["objections"] != browser["objectives"] and browser["negotiating"] == browser["negotiation"]


def test_static_search_looks_for_every_form_of_a_word_the_sample_holds_and_no_other():
    words = sample_words()
    forms = in_node("formsOf", words)
    same_stem = defaultdict(set)
    for word in words:
        same_stem[stem_word(word)].add(word)
    unspelt = {w: sorted(same_stem[stem_word(w)] - set(forms[w])) for w in words if same_stem[stem_word(w)] - set(forms[w])}
    assert unspelt == {}
    assert {w: f for w in words for f in forms[w] if stem_word(f) != stem_word(w)} == {}
    assert {"negotiate", "negotiated", "negotiating", "negotiations", "negotiator"} <= set(forms["negotiation"])
    assert "objectives" not in forms["objections"] and "personality" not in forms["personal"]
