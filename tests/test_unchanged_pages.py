"""A rebuild copies the pages that cannot have changed from the previous site instead of
rendering their templates again (generator.unchanged), and leaves exactly the site a fresh
build makes: after no change, after an edited episode, after a change every page shows."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import build_site
from generator.plugin import PodcoursePlugin
from generator.search.index import SITE_POINTER, site_generation, site_index_dir
from tests.test_build import copy_of_repository


@pytest.fixture()
def copied(monkeypatch) -> list[str]:
    """The pages each build copies from the previous site, in the order copied."""
    paths: list[str] = []
    real = PodcoursePlugin._reused

    def recorded(self, path, old):
        paths.append(path)
        return real(self, path, old)

    monkeypatch.setattr(PodcoursePlugin, "_reused", recorded)
    return paths


def built(root: Path, site: Path) -> dict[str, bytes]:
    """Every file of the built site, but the name of its own index generation (a build's own)."""
    problems = build_site(root, site)
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert site_generation(site, site_index_dir(site)) is not None
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != SITE_POINTER}


def html_pages(files: dict) -> set[str]:
    return {path for path in files if path.endswith("index.html") and not path.startswith("topics/")}


def test_a_rebuild_with_nothing_changed_copies_every_page_and_changes_no_byte(tmp_path, copied):
    root = copy_of_repository(tmp_path / "repo")
    first = built(root, tmp_path / "site")
    assert copied == []  # nothing to copy from
    second = built(root, tmp_path / "site")
    assert second == first
    copied_pages = {re.sub(r"\.md$", "", path) for path in copied}
    assert len(copied) == len(html_pages(first)) > 20  # every page but those listing what the index finds
    assert "episodes/e204" in copied_pages


def test_a_rebuild_after_an_edit_renders_what_changed_and_equals_a_fresh_build(tmp_path, copied):
    root = copy_of_repository(tmp_path / "repo")
    built(root, tmp_path / "site")
    path = root / "content/episodes/e227.yml"
    text = path.read_text(encoding="utf-8")
    assert "everything in life is sales" in text
    path.write_text(text.replace("everything in life is sales", "everything in life is sales (edited)", 1),
                    encoding="utf-8")
    copied.clear()
    rebuilt = built(root, tmp_path / "site")
    fresh = built(root, tmp_path / "fresh")
    assert rebuilt == fresh
    assert b"everything in life is sales (edited)" in rebuilt["episodes/e227/index.html"]
    assert "episodes/e227.md" not in copied and "episodes/e204.md" in copied


def test_a_change_every_page_shows_renders_every_page_again(tmp_path, copied):
    root = copy_of_repository(tmp_path / "repo")
    built(root, tmp_path / "site")
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_name: .*$", "site_name: Renamed course", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    copied.clear()
    rebuilt = built(root, tmp_path / "site")
    assert copied == []
    assert rebuilt == built(root, tmp_path / "fresh")
    assert b"Renamed course" in rebuilt["episodes/e204/index.html"]


def test_a_page_changed_by_hand_in_the_old_site_is_rendered_again(tmp_path, copied):
    root = copy_of_repository(tmp_path / "repo")
    first = built(root, tmp_path / "site")
    page = tmp_path / "site/episodes/e204/index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>hand edit</p></body>") + b"\n")
    copied.clear()
    assert built(root, tmp_path / "site") == first
    assert "episodes/e204.md" not in copied and copied


def test_the_site_fingerprint_follows_the_navigation_and_the_settings_every_page_shows(tmp_path):
    """The sample's nav titles live in mkdocs.yml; a site whose nav comes from its pages' titles
    must see a renamed page in every page's fingerprint too."""
    from types import SimpleNamespace

    from generator.unchanged import site_fingerprint

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Course\n", encoding="utf-8")

    def nav(title: str):
        page = SimpleNamespace(title=title, url="course/", children=None)
        return SimpleNamespace(items=[SimpleNamespace(title="Course", url=None, children=[page])])

    def fingerprint(title: str, site_url: str = "http://127.0.0.1:8000/") -> str:
        return site_fingerprint(config, {"site_url": site_url}, [], nav(title))

    assert fingerprint("Module 1") == fingerprint("Module 1")
    assert fingerprint("Module 1") != fingerprint("Module one")
    assert fingerprint("Module 1") != fingerprint("Module 1", "https://course.example/")  # set from the environment
