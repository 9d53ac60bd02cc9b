"""The trainer's synonyms (content/synonyms.yml): checked with path:line, applied to every search."""
from __future__ import annotations

import subprocess
import sys

import pytest

from sample import ROOT, copy_site
from generator.layout import SYNONYMS_FILE
from generator.load import load_catalogue
from generator.search.engine import SearchIndex, SearchRequest, search
from generator.search.index import build_index, documents_from_catalogue
from generator.synonyms import parse_synonyms


def test_the_sample_synonyms_load_cleanly():
    catalogue, problems = load_catalogue(ROOT)
    assert not [p for p in problems if p.path == SYNONYMS_FILE]
    assert ("boss", "manager", "supervisor") in catalogue.synonyms


@pytest.mark.parametrize("text, line, message", [
    ("- [boss, manager]\n- boss\n", 2, "a group is a list of two or more words"),
    ("- [boss]\n", 1, "a group needs two or more words"),
    ("- [boss, manager]\n- [quiet, silence]\n- [managers, lead]\n", 3,
     "'managers' is already in the group on line 1 (as 'manager')"),
    ("- [boss, Boss]\n", 1, "'Boss' is twice in this group"),
    ("- [boss, <b>manager</b>]\n", 1, "holds characters other than letters"),
    ("- [boss, 12]\n", 1, "expected a word or short phrase, got 12"),
    ("- [boss, manager\n", 1, "invalid YAML"),  # the line where the [ opens
    ("boss: manager\n", 1, "expected a list of groups"),
])
def test_a_broken_synonyms_file_names_the_line(text, line, message):
    groups, problems = parse_synonyms(text, "content/synonyms.yml")
    assert problems, text
    assert problems[0].path == "content/synonyms.yml" and problems[0].line == line
    assert message in problems[0].message


def test_check_reports_a_synonym_loop_and_exits_1(tmp_path):
    copy_site(tmp_path, ("mkdocs.yml", "content", "quizzes", "docs"))
    (tmp_path / SYNONYMS_FILE).write_text("- [boss, manager]\n- [manager, boss]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(tmp_path), "check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "content/synonyms.yml:2:" in done.stderr and "Traceback" not in done.stderr


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    catalogue, _ = load_catalogue(ROOT)
    folder = tmp_path_factory.mktemp("index")
    build_index(documents_from_catalogue(catalogue), folder, synonyms=[("quiet", "silence"), ("scared", "afraid", "fear"),
                                                                         ("regret", "remorse")])
    return SearchIndex(folder)


def turns(results) -> set[str]:
    return {p.url for g in results.groups for p in g.passages}


def test_a_synonym_finds_what_its_group_says_and_the_word_typed_ranks_first(index):
    # The sample's transcripts never say "scared"; E204 talks of fear and of being afraid.
    scared = search(index, SearchRequest(q="scared", filters={"type": "episode"}))
    fear = search(index, SearchRequest(q="fear", filters={"type": "episode"}))
    assert scared.total and turns(fear) <= turns(scared)
    assert "<mark>" in scared.groups[0].passages[0].highlight
    # Typed "fear", the passages saying "fear" come before those saying only "afraid".
    first = fear.groups[0].passages[0].highlight.lower()
    assert "<mark>fear" in first


def test_a_word_of_a_synonym_group_is_never_corrected(index):
    """No transcript says "remorse", and "reverse" is two letters away; but the trainer's synonyms
    say it means regret, which the episodes say: it is searched as typed, and finds regret."""
    remorse = search(index, SearchRequest(q="remorse"))
    assert not remorse.corrected and remorse.searched == "remorse" and remorse.suggestion is None
    assert remorse.total > 0 and turns(remorse) == turns(search(index, SearchRequest(q="regret")))


def test_synonyms_change_the_index_generation(tmp_path):
    catalogue, _ = load_catalogue(ROOT)
    documents = documents_from_catalogue(catalogue)
    first = build_index(documents, tmp_path)
    same = build_index(documents, tmp_path)
    changed = build_index(documents, tmp_path, synonyms=[("boss", "manager")])
    assert same.generation == first.generation and changed.generation != first.generation
    boss = search(SearchIndex(tmp_path), SearchRequest(q="manager", filters={"type": "episode"}))
    assert any("<mark>boss" in p.highlight.lower() for g in boss.groups for p in g.passages)
