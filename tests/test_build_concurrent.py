"""One build at a time, and a site that is whole at every instant (issue 12, defects 1 and 4).

Two `podcourse build`s started together used to share one staging folder: the second deleted
the first's files and the published site had 15 to 60 of its files, without index.html, while
both exited 0. Now the second waits for the first (site-index/.site.lock), and the new site replaces the
old one in one system call.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from generator import build
from generator.build import _exchange, _recover_site, _swap_into_place, build_site
from generator.load import errors
from gitrepo import copy_site


def files_of(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def podcourse_build(root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(root), "build"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_builds_at_once_publish_a_whole_site(tmp_path):
    root = copy_site(tmp_path / "repo")
    first = podcourse_build(root)
    time.sleep(0.2)
    second = podcourse_build(root)
    outputs = [process.communicate(timeout=300) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert any("waiting for the build" in err for _, err in outputs), "the second build did not wait"
    site = root / "site"
    assert (site / "index.html").is_file()
    reference = copy_site(tmp_path / "alone")
    assert errors(build_site(reference)) == []
    assert files_of(site) == files_of(reference / "site")
    assert not (root / ".site.building").exists() and not (root / ".site.old").exists()


def test_the_new_site_takes_the_old_ones_place_in_one_step(tmp_path):
    old, new = tmp_path / "site", tmp_path / ".site.building"
    for folder, text in ((old, "old"), (new, "new")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    assert _exchange(new, old)  # Linux: renameat2(RENAME_EXCHANGE)
    assert (old / "index.html").read_text() == "new" and (new / "index.html").read_text() == "old"
    _exchange(new, old)
    _swap_into_place(new, old)
    assert (old / "index.html").read_text() == "new" and not new.exists()


def test_where_folders_cannot_be_swapped_a_site_left_aside_is_put_back(tmp_path, monkeypatch):
    """Two renames, and a build killed between them: the next build (or serve) finds the old site."""
    monkeypatch.setattr(build, "_exchange", lambda a, b: False)
    site, aside = tmp_path / "site", tmp_path / ".site.old"
    aside.mkdir()
    (aside / "index.html").write_text("old")
    _recover_site(site)
    assert (site / "index.html").read_text() == "old" and not aside.exists()
    staging = tmp_path / ".site.building"
    staging.mkdir()
    (staging / "index.html").write_text("new")
    _swap_into_place(staging, site)
    assert (site / "index.html").read_text() == "new" and not aside.exists() and not staging.exists()
    assert os.listdir(tmp_path) == ["site"]
