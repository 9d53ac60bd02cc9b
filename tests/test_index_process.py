"""The site build indexes in a second process while MkDocs renders (generator.index_process).

Monkeypatching before the build reaches the child too: it is forked from this process.
"""
import json
import os
from pathlib import Path

import generator.index_process as index_process
from generator.build import build_site
from generator.index import build_index as real_build_index, current_generation

ROOT = Path(__file__).resolve().parents[1]


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
    assert 'class="pc-result"' in referrals and 'data-podcourse="' not in referrals  # filled from that index


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
