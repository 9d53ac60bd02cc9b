"""docs/content-format.md describes every file kind with a complete example (issue 17): together,
the examples are a small site that passes `podcourse check` with nothing to report."""
from __future__ import annotations

import re
import subprocess
import sys

from sample import ROOT, copy_site


FORMAT_PAGE = ROOT / "docs/content-format.md"
EXAMPLE = re.compile(r"^## ((?:content|quizzes)/\S+)\n(?:(?!^## ).)*?^```(?:yaml|markdown)\n(.*?)^```", re.M | re.S)
"""A section named after a file, and the first example in it."""
KINDS = ("content/podcast.yml", "content/episodes/", "content/people/", "content/posts/", "content/course/path.yml",
         "content/course/modules/", "content/course/lessons/", "quizzes/", "content/topics.yml", "content/synonyms.yml")


def examples() -> dict[str, str]:
    return dict(EXAMPLE.findall(FORMAT_PAGE.read_text(encoding="utf-8")))


def test_every_file_kind_has_an_example():
    named = examples()
    assert [kind for kind in KINDS if not any(path.startswith(kind) for path in named)] == []


def test_the_examples_together_are_a_site_that_passes_the_check(tmp_path):
    copy_site(tmp_path, ("mkdocs.yml", "docs", "site-overrides"))
    for path, text in examples().items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(tmp_path), "check"],
                          capture_output=True, text=True)
    assert (done.returncode, done.stderr.strip()) == (0, "content OK")
