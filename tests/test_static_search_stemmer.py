"""The static search page stems words as the server does.

static-search.js decides which of Pagefind's matches count by comparing stems (`sameWord`), and
its `stemWord` is a port of generator/search/analysis.py's `stem_word`: if the two drifted apart,
a static host would count "objectives" for "objections" again, or miss "negotiating" for
"negotiation". Every word of the sample's content is stemmed by both, with Node (on the machine
for the accessibility tests; a missing Node fails this test, never skips it).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess

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


def test_static_search_stems_every_word_of_the_sample_as_the_server():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: install Node.js (the test suite's accessibility checks need it too)")
    words = sample_words()
    assert len(words) > 1500
    program = (f"import {{ stemWord }} from {json.dumps(SCRIPT.as_uri())};"
               "let text = ''; process.stdin.on('data', (d) => { text += d; });"
               "process.stdin.on('end', () => { const words = JSON.parse(text);"
               " console.log(JSON.stringify(words.map((w) => stemWord(w)))); });")
    done = subprocess.run([node, "--input-type=module", "-e", program], input=json.dumps(words),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    browser = dict(zip(words, json.loads(done.stdout)))
    assert {w: (stem_word(w), s) for w, s in browser.items() if s != stem_word(w)} == {}
    assert browser["objections"] != browser["objectives"] and browser["negotiating"] == browser["negotiation"]
