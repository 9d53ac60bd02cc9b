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

from sample import copy_site
from generator import build
from generator.build import _exchange, recover_site, _swap_into_place, build_site
from generator.search.index import current_generation, generation_names, site_generation
from generator.load import errors


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
    recover_site(site)
    assert (site / "index.html").read_text() == "old" and not aside.exists()
    staging = tmp_path / ".site.building"
    staging.mkdir()
    (staging / "index.html").write_text("new")
    _swap_into_place(staging, site)
    assert (site / "index.html").read_text() == "new" and not aside.exists() and not staging.exists()
    assert os.listdir(tmp_path) == ["site"]


def test_a_failed_build_leaves_no_index_generation_and_the_next_removes_leftovers(tmp_path, monkeypatch):
    """Issue 12, defect 3: failed builds left their generations until a later build, and only
    once a minute old; nine of them on a full disk kept it full."""
    from mkdocs.exceptions import PluginError

    from generator.plugin import PodcoursePlugin

    root = copy_site(tmp_path / "repo")
    site, index_root = root / "site", root / "site-index"
    assert errors(build_site(root)) == []
    first = current_generation(index_root)
    assert generation_names(index_root) == {first} and site_generation(site, index_root) == first

    def fails(self, site):
        raise PluginError("podcourse: the static index failed (simulated)")

    (root / "content" / "episodes" / "e100.yml").write_text(
        (root / "content" / "episodes" / "e100.yml").read_text(encoding="utf-8").replace("hook: What brings you", "hook: So what brings you", 1),
        encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(PodcoursePlugin, "_static_index_into", fails)
        assert any("simulated" in str(p) for p in build_site(root))
    assert generation_names(index_root) == {first}  # the failed build's own is gone
    assert current_generation(index_root) == first and site_generation(site, index_root) == first

    (index_root / "gen-1").mkdir()  # left by a build killed outright, moments ago
    assert errors(build_site(root)) == []
    live = current_generation(index_root)
    assert live != first and site_generation(site, index_root) == live
    assert "gen-1" not in generation_names(index_root)


def test_serve_searches_the_generation_its_site_was_built_with(tmp_path):
    """Issue 12, defect 4: the index went live before the site; a kill between left a site
    served with another site's index. The site names its generation and serve follows it."""
    from generator.search.engine import SearchIndex, SearchRequest, search
    from generator.search.index import Document, Passage, build_index, pair_site

    def page(word: str) -> Document:
        return Document(id="post:p", type="post", title="P", url="blog/p/",
                        passages=(Passage(anchor="", kind="section", text=f"a passage about {word}"),))

    index_root, site = tmp_path / "site-index", tmp_path / "site"
    site.mkdir()
    old = build_index([page("xylophones")], index_root).generation
    pair_site(site, old)
    build_index([page("marimbas")], index_root)  # live in current.json, its site not yet swapped in
    paired = SearchIndex(index_root, site=site)
    assert search(paired, SearchRequest(q="xylophones")).total == 1
    assert search(SearchIndex(index_root), SearchRequest(q="marimbas")).total == 1
    pair_site(site, current_generation(index_root))  # the new site swapped in
    assert search(paired, SearchRequest(q="marimbas")).total == 1
    # and `podcourse serve`'s application does the same
    import json

    from generator.serve import make_app
    from tests.test_serve import call

    (site / "index.html").write_text("home")
    pair_site(site, old)
    status, _, body = call(make_app(site, index_root), "/api/search", "q=xylophones")
    assert status == 200 and json.loads(body)["total"] == 1
