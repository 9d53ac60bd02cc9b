"""The site build indexes in a second process while MkDocs renders (generator.search.process).

Monkeypatching before the build reaches the child too: it is forked from this process.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sample import ROOT
import generator.search.process as index_process
from generator.build import build_site
from generator.search.index import build_index as real_build_index, current_generation


def built(site_dir: Path) -> list[str]:
    return [str(p) for p in build_site(ROOT, site_dir) if p.severity == "error"]


def site_files(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}


def test_the_index_is_built_in_another_process_and_published_with_the_site(tmp_path, monkeypatch):
    pids = tmp_path / "pids"

    def recording_build_index(*args, **kwargs):
        pids.write_text(str(os.getpid()), encoding="utf-8")
        return real_build_index(*args, **kwargs)

    monkeypatch.setattr(index_process, "build_index", recording_build_index)
    site = tmp_path / "site"
    assert built(site) == []
    assert int(pids.read_text(encoding="utf-8")) != os.getpid()
    live = current_generation(tmp_path / "site-index")
    assert live and (tmp_path / "site-index" / live / "manifest.json").is_file()
    referrals = (site / "topics/referrals/index.html").read_text(encoding="utf-8")
    assert 'class="pc-result"' in referrals and 'data-pc-placeholder="' not in referrals  # filled from that index


def test_a_failing_index_build_fails_the_site_build_and_leaves_site_and_index_as_they_were(tmp_path, monkeypatch):
    site = tmp_path / "site"
    assert built(site) == []
    before, live = site_files(site), current_generation(tmp_path / "site-index")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device (simulated)")

    monkeypatch.setattr(index_process, "build_index", full_disk)
    problems = built(site)
    reasons = [p for p in problems if "building the search index failed" in p]
    assert len(reasons) == 1 and "No space left on device (simulated)" in reasons[0], problems
    assert "site-index: OSError" in reasons[0]  # names the folder it could not write
    assert not [p for p in problems if "Traceback" in p]
    assert site_files(site) == before
    assert current_generation(tmp_path / "site-index") == live
    assert json.loads((tmp_path / "site-index/current.json").read_text())["generation"] == live


def test_an_index_process_that_dies_is_reported_with_its_exit_code(tmp_path, monkeypatch):
    monkeypatch.setattr(index_process, "build_index", lambda *args, **kwargs: os._exit(3))
    problems = built(tmp_path / "site")
    assert any("the index process died (exit code 3)" in p for p in problems), problems
    assert not (tmp_path / "site").exists()


def test_a_big_batch_is_written_by_several_processes_with_the_same_results(tmp_path, monkeypatch):
    """The sample is below PARALLEL_FROM; lowered, it takes the path a 1,000-episode build takes."""
    import generator.search.index as index
    from generator.load import load_catalogue
    from generator.search.engine import SearchIndex, SearchRequest, search

    catalogue, _ = load_catalogue(ROOT)
    documents = index.documents_from_catalogue(catalogue)
    index.build_index(documents, tmp_path / "one")
    monkeypatch.setattr(index, "PARALLEL_FROM", 1)
    monkeypatch.setattr(index, "usable_cores", lambda: 2)
    index.build_index(documents, tmp_path / "two")
    one, two = (SearchIndex(tmp_path / name) for name in ("one", "two"))
    _, ix = index.open_generation(tmp_path / "two")
    assert len(ix._segments()) == 2  # one segment per writing process
    assert index.read_vocabulary(tmp_path / "one" / current_generation(tmp_path / "one")) == \
        index.read_vocabulary(tmp_path / "two" / current_generation(tmp_path / "two"))
    for q in ("referrals", "smart goals", '"all you have to do is ask"', "negotiat*"):
        first, second = (search(i, SearchRequest(q=q, per_page=50)) for i in (one, two))
        assert [g.id for g in first.groups] == [g.id for g in second.groups], q
        assert [p.url for g in first.groups for p in g.passages] == [p.url for g in second.groups for p in g.passages]


@pytest.mark.parametrize("failing", ["index process", "second writing process"])
def test_a_failing_parallel_index_build_leaves_no_process_behind(tmp_path, monkeypatch, failing):
    """A share of the passages fails half way, in the index process while the other writes, or
    in the other while the index process writes (generator.search.segments)."""
    import generator.search.index as index

    monkeypatch.setattr(index, "PARALLEL_FROM", 1)
    monkeypatch.setattr(index, "usable_cores", lambda: 2)
    real_fields, seen = index.passage_fields, []
    group_file = tmp_path / "group"

    def fails_half_way(document, number, passage):
        seen.append(1)
        if len(seen) == 1:  # both writing processes get here; one may be stopped mid-write
            part = group_file.with_name(f"group.{os.getpid()}")
            part.write_text(str(os.getpgrp()), encoding="utf-8")
            os.replace(part, group_file)
        in_index_process = os.getpgrp() == os.getpid()  # it leads the group its writers run in
        if len(seen) > 60 and in_index_process == (failing == "index process"):
            raise OSError(28, "No space left on device (simulated)")
        return real_fields(document, number, passage)

    monkeypatch.setattr(index, "passage_fields", fails_half_way)
    problems = built(tmp_path / "site")
    assert any("No space left on device (simulated)" in p for p in problems), problems
    group = int(group_file.read_text(encoding="utf-8"))
    assert group != os.getpgrp()  # the index ran in a process group of its own ...
    left = [stat for stat in Path("/proc").glob("[0-9]*/stat") if _running_in_group(stat, group)]
    assert left == []  # ... and nothing of it is left running


def test_a_failing_parallel_index_build_prints_no_traceback(tmp_path):
    """Neither the index process nor the second writing process prints a traceback."""
    script = f"""
import generator.search.index as index, generator.search.process as index_process
from generator.build import build_site
from pathlib import Path
index.PARALLEL_FROM, index.usable_cores = 1, lambda: 2
real, seen = index.passage_fields, []
def fails(*args):
    seen.append(1)
    if len(seen) > 60:  # in each writing process
        raise OSError(28, "No space left on device (simulated)")
    return real(*args)
index.passage_fields = fails
print([str(p) for p in build_site(Path({str(ROOT)!r}), Path({str(tmp_path / 'site')!r}))])
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "No space left on device (simulated)" in run.stdout
    assert "Traceback" not in run.stderr, run.stderr


def _running_in_group(stat: Path, group: int) -> bool:
    """Whether /proc/N/stat is a live (not zombie) process of the process group."""
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z" and int(fields[2]) == group


def test_a_build_killed_outright_takes_its_index_process_with_it(tmp_path):
    """SIGKILL runs no cleanup in the build: the index process notices and stops its process group."""
    import signal
    import time

    group_file = tmp_path / "group"
    script = f"""
import os, time
import generator.search.process as index_process
from generator.build import build_site
from pathlib import Path
def slow(*args, **kwargs):
    Path({str(group_file)!r}).write_text(str(os.getpgrp()))
    time.sleep(120)
index_process.build_index = slow
build_site(Path({str(ROOT)!r}), Path({str(tmp_path / 'site')!r}))
"""
    build = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not group_file.exists() or not group_file.read_text():
            assert time.monotonic() < deadline and build.poll() is None, "the index process never started"
            time.sleep(0.1)
        group = int(group_file.read_text())
        assert any(_running_in_group(stat, group) for stat in Path("/proc").glob("[0-9]*/stat"))
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_running_in_group(stat, group) for stat in Path("/proc").glob("[0-9]*/stat")):
            assert time.monotonic() < deadline, "the index process outlived the build"
            time.sleep(0.1)
    finally:
        if build.poll() is None:
            build.kill()
        if group_file.exists() and group_file.read_text():
            try:  # a failing run must not leave the sleeping index process behind
                os.killpg(int(group_file.read_text()), signal.SIGKILL)
            except ProcessLookupError:
                pass
