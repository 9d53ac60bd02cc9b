"""`podcourse search` run as a process on the built sample: text and JSON output, and clear
messages (no traceback) with exit 2 for a query it refuses and exit 1 when there is no index.

Expectations from the E227 source page: Dr. Wayne Baker lists his SMART criteria in turn 9.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sample import ROOT

E227_TURN = re.compile(r"^episodes/e227/(?:#t-(\d+)(-p\d+)?)?$")  # a turn, or the episode's header


@pytest.fixture(scope="module")
def index_dir(sample_site) -> Path:
    assert (sample_site.parent / "site-index").is_dir()
    return sample_site.parent / "site-index"


def podcourse_search(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "search", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_text_output_lists_pages_then_passages_with_links_and_marked_words(index_dir):
    done = podcourse_search("SMART", "--type", "episode", "--index-dir", str(index_dir))
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"1 pages, \d+ passages for 'SMART'", lines[0])
    assert lines[2].startswith("E227: All You Have To Do Is Ask, with Dr. Wayne Baker  [episode, 2024-01-16]")
    links = [line.split()[0] for line in lines[3:] if line.startswith("  episodes/")]
    assert links and all(E227_TURN.match(link) for link in links)
    assert "9" in {E227_TURN.match(link).group(1) for link in links}
    excerpts = [line for line in lines[3:] if line.startswith("    ")]
    assert excerpts and all(re.search(r"\[smart\]", line, re.I) for line in excerpts)
    assert "<mark>" not in done.stdout


def test_json_output_is_what_the_endpoint_answers(index_dir):
    done = podcourse_search("SMART", "--type", "episode", "--json", "--index-dir", str(index_dir))
    assert done.returncode == 0 and done.stderr == ""
    data = json.loads(done.stdout)
    assert data["query"] == "SMART" and data["filters"] == {"type": "episode"}
    assert [g["id"] for g in data["groups"]] == ["episode:e227"]
    assert all(E227_TURN.match(p["url"]) and "<mark>" in p["highlight"] for p in data["groups"][0]["passages"])
    assert data["facets"]["type"] == [{"value": "episode", "label": "episode", "count": 1}]


def test_a_misspelt_word_is_searched_as_corrected(index_dir):
    done = podcourse_search("refferals", "--index-dir", str(index_dir))
    assert done.returncode == 0
    assert "Showing results for 'referrals'; search instead for 'refferals' with --exact" in done.stdout.splitlines()
    typed = podcourse_search("refferals", "--exact", "--index-dir", str(index_dir))
    assert typed.returncode == 0 and "Did you mean: referrals" in typed.stdout.splitlines()


@pytest.mark.parametrize("args, message", [
    (['"smart criteria'], "podcourse search: q: unbalanced quotes"),
    (["(smart"], "podcourse search: q: unbalanced parentheses"),
    (["host:jason"], "podcourse search: q: unknown field 'host:'"),
    (["*art"], "podcourse search: q: a prefix search needs two or more letters"),
    (["   "], "podcourse search: q: the query is empty"),
    (["smart", "--type", "video"], "podcourse search: type: unknown type 'video'"),
    (["smart", "--guest", "nobody-we-know"], "podcourse search: guest: no guest 'nobody-we-know' in the index"),
    (["smart", "--page", "999"], "podcourse search: page: page 999 is past the last page of results"),
])
def test_a_refused_query_is_one_clear_line_on_stderr_and_exit_2(index_dir, args, message):
    done = podcourse_search(*args, "--index-dir", str(index_dir))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(message) and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_no_index_says_to_build_and_exits_1(tmp_path):
    done = podcourse_search("smart", "--index-dir", str(tmp_path / "site-index"))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("podcourse search: ") and "podcourse build" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def damaged_copy(index_dir: Path, tmp_path: Path, damage) -> Path:
    """A copy of the built index with `damage` done to its live generation's folder."""
    copy = tmp_path / "site-index"
    shutil.copytree(index_dir, copy)
    damage(copy / json.loads((copy / "current.json").read_text())["generation"])
    return copy


def cut_segment_short(generation: Path) -> None:
    (segment,) = generation.glob("*.seg")
    os.truncate(segment, segment.stat().st_size // 2)


def remove_toc(generation: Path) -> None:
    (toc,) = generation.glob("*.toc")
    toc.unlink()


@pytest.mark.parametrize("damage", [cut_segment_short, remove_toc])
def test_a_damaged_index_is_named_with_what_rebuilds_it(index_dir, tmp_path, damage):
    damaged = damaged_copy(index_dir, tmp_path, damage)
    done = podcourse_search("smart", "--index-dir", str(damaged))
    assert done.returncode == 1 and done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"podcourse search: {damaged}: the search index is damaged or incomplete (")
    assert done.stderr.endswith("); run `podcourse build` to make it again\n")


@pytest.mark.parametrize("damage", [cut_segment_short, remove_toc])
def test_a_build_over_a_damaged_index_makes_it_again(tmp_path, damage):
    """The damaged live generation is not copied into the next one: built again from nothing."""
    from generator.build import build_site
    from generator.load import errors
    from generator.search.engine import SearchIndex, SearchRequest, search
    from sample import copy_site

    root = copy_site(tmp_path / "repo")
    assert errors(build_site(root)) == []
    index_root = root / "site-index"
    damage(index_root / json.loads((index_root / "current.json").read_text())["generation"])
    assert errors(build_site(root)) == []
    assert search(SearchIndex(index_root), SearchRequest(q="smart")).total > 0


def test_a_reader_that_stops_early_gets_no_traceback(index_dir):
    """`podcourse search ... | head`: the reader has gone before the results are written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "generator.cli", "search", "sales", "--index-dir", str(index_dir)],
                              cwd=ROOT, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode == 141
    assert done.stderr == ""
