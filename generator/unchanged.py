"""Pages whose output cannot have changed since the last build are copied from it, not rendered.

MkDocs renders every page through the theme's templates on every build: at 1,000 episodes
that is 1,500 pages and about 4 s, so a trainer's one-line edit cost as much template work as
the first build. Everything a page's HTML is made of is known before its template runs: the
page itself (content, table of contents, metadata, the sections filled in after the template)
and what every page shares (mkdocs.yml, the theme and its overrides, the navigation, the
versions and code that render them). Their hash, the page's fingerprint, is written into the
page as a closing comment. The next build that finds the same fingerprint at the end of the
page in the old site copies that file instead of rendering the template again. The mark lives
in the file it describes, so a site swapped in whole can never pair a page with another
build's fingerprint (tests/test_unchanged_pages.py checks that a rebuild after an edit is byte
for byte a fresh build's site).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

REUSED_TEMPLATE = "podcourse/reused.html"
REUSED_SOURCE = "{# unchanged: replaced by the page the last build wrote #}"
"""A page found unchanged is rendered with this empty template, then replaced by its old file."""
_MARK = "\n<!-- podcourse page {} -->\n"
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")
_CODE = Path(__file__).resolve().parent  # this package: its renderers and plugin make the pages


SETTINGS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "extra",
    "extra_css",
    "extra_javascript",
    "use_directory_urls",
    "theme",
)
"""The resolved settings a theme's templates read: mkdocs.yml's text misses values set from the
environment (`!ENV`, PODCOURSE_SITE_URL)."""


def site_fingerprint(config_file: Path, settings: dict, theme_dirs: list[Path], nav) -> str:
    """The hash of what every page's HTML depends on besides the page itself."""
    digest = hashlib.sha256()
    digest.update(Path(config_file).read_bytes())
    digest.update(json.dumps(settings, default=str, sort_keys=True).encode())
    digest.update(repr([(name, version(name)) for name in _PACKAGES]).encode())
    for folder in [*theme_dirs, _CODE]:
        _hash_tree(digest, Path(folder))
    digest.update(json.dumps(_nav_outline(nav.items)).encode())
    return digest.hexdigest()


def site_settings(config) -> dict:
    """The SETTINGS of a resolved MkDocs configuration, the theme's options as a plain dict."""
    return {name: dict(config.theme) if name == "theme" else config.get(name) for name in SETTINGS}


def find_unchanged(pages, site: str, late_sections: Callable[[str], dict], old_site: Path | None):
    """Each page's fingerprint (docs-relative path -> hash), and the pages whose file in the old
    site carries that very fingerprint (path -> that file)."""
    fingerprints, unchanged = {}, {}
    for page in pages:
        path = page.file.src_uri
        fingerprints[path] = page_fingerprint(site, page, late_sections(path))
        if (old := previous_output(old_site, page, fingerprints[path])) is not None:
            unchanged[path] = old
    return fingerprints, unchanged


def page_fingerprint(site: str, page, late_sections: dict[str, str]) -> str:
    """The hash of everything the page's HTML is made of, given the site's fingerprint."""
    digest = hashlib.sha256(site.encode())
    own = [page.file.src_uri, page.url, page.title, _toc_outline(page.toc), sorted(late_sections.items())]
    digest.update(json.dumps([own, page.meta], default=str, sort_keys=True).encode())
    digest.update((page.content or "").encode())
    return digest.hexdigest()


def marked(output: str, fingerprint: str) -> str:
    """A page's HTML as written: with its fingerprint at the end."""
    return output + _MARK.format(fingerprint)


def previous_output(old_site: Path | None, page, fingerprint: str) -> Path | None:
    """The old site's file for this page, if it carries this very fingerprint."""
    if old_site is None:
        return None
    path = Path(old_site) / page.file.dest_uri
    mark = _MARK.format(fingerprint).encode()
    try:
        with path.open("rb") as file:
            size = file.seek(0, 2)
            if size < len(mark):
                return None
            file.seek(size - len(mark))
            return path if file.read() == mark else None
    except OSError:
        return None


def _hash_tree(digest, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())


def _nav_outline(items) -> list:
    """The navigation every page shows: titles, URLs and nesting."""
    return [
        [type(item).__name__, item.title, getattr(item, "url", None), _nav_outline(item.children or [])]
        for item in items
    ]


def _toc_outline(toc) -> list:
    return [[item.title, item.id, item.level, _toc_outline(item.children)] for item in toc]
