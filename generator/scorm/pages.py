"""A built site's page made fit for a SCORM package: self-contained and quiet on the network.

An LMS serves the package from wherever it unpacked it, often without answering a folder with
its index.html, and the learner may have no route to the published site. So every link between
packaged pages names its index.html; a link to a page left out of the package becomes plain text
(a dead link helps nobody); and what would fetch something the package lacks goes: Material's
search (its index), instant navigation (the sitemap) and podcourse's search script.
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

SCORM_SCRIPT = "assets/javascripts/scorm.js"
"""The package's LMS bridge, named by every packaged page; it imports progress.js, which it uses."""

PAGE_SCRIPT = "assets/javascripts/podcourse.js"
"""The one script every page of the site names; it loads the others where a page uses them."""
COURSE_SCRIPTS = (
    "assets/javascripts/progress.js",
    "assets/javascripts/progress-pages.js",
    "assets/javascripts/quiz.js",
    SCORM_SCRIPT,
)
"""Named by every packaged page after podcourse.js: scorm.js reports what progress.js records, on
every page, and an LMS may unpack only the files a package's pages name. ES modules, as the site's
scripts are: each imports what it uses, so the order they are named in does not matter."""
HELD_SCRIPT_TYPE = "podcourse/after-paint"
"""How every page names its scripts: a type the browser neither fetches nor runs, swapped for the
real one once the page is drawn (site-overrides/partials/after-paint.html); the course scripts are
named the same way, as modules (data-pc-type), so they wait for podcourse.js and Material's bundle."""
LEFT_OUT_SCRIPTS = ("assets/javascripts/search.js",)
"""Site scripts a package does without: the search they serve is not in it."""

URL_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "track": "src",
    "iframe": "src",
}


@dataclass
class Target:
    """Where a relative URL in a page leads, as a path inside the site."""

    path: str  # site-relative file path ("course/mindset/index.html", "assets/x.css")
    fragment: str = ""


@dataclass
class Rewritten:
    """A page's HTML for the package, with the site files it names (to follow or copy)."""

    html: str
    pages: set[str] = field(default_factory=set)  # site pages it links to
    files: set[str] = field(default_factory=set)  # other site files it needs or links to


def resolve(page: str, url: str, is_folder) -> Target | None:
    """The site file a URL in `page` names, or None when it leaves the site (another scheme,
    host or an absolute path) or stays on the page (a bare #fragment)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/") or not parts.path:
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    if path.startswith(".."):
        return None
    path = "" if path == "." else path
    if url.endswith("/") or is_folder(path):
        path = posixpath.join(path, "index.html") if path else "index.html"
    return Target(path, parts.fragment)


def relative(page: str, target: Target) -> str:
    """The URL of `target` from `page`, by file name (no folder URLs)."""
    url = posixpath.relpath(target.path, posixpath.dirname(page) or ".")
    return url + (f"#{target.fragment}" if target.fragment else "")


def rewrite_page(page: str, text: str, packaged, is_folder) -> Rewritten:
    """`text` (the built page at site path `page`) as the package holds it.

    `packaged(path)` says whether a site page is in the package; `is_folder(path)` whether a site
    path is a folder (a page served by its index.html).
    """
    rewriter = _PageRewriter(page, packaged, is_folder)
    rewriter.feed(text)
    rewriter.close()
    return Rewritten("".join(rewriter.out), rewriter.pages, rewriter.files)


def _is_page(path: str) -> bool:
    return path.endswith(".html")


def _without_site_search(config: str) -> str:
    """Material's page configuration without instant navigation (it fetches sitemap.xml) or the
    search worker (it fetches the search index)."""
    data = json.loads(config)
    data["features"] = [name for name in data.get("features", []) if name != "navigation.instant"]
    data.pop("search", None)
    return json.dumps(data)


def _removed(tag: str, attrs: dict) -> bool:
    """Elements of Material's header that serve the site as a whole: search and the section tabs."""
    classes = (attrs.get("class") or "").split()
    return (
        (tag == "div" and attrs.get("data-md-component") == "search")
        or (tag == "label" and attrs.get("for") == "__search")
        or (tag == "nav" and "md-tabs" in classes)
        or (tag == "link" and attrs.get("rel") in ("canonical", "alternate", "sitemap"))
    )


def _held_module(src: str) -> str:
    return f'\n<script type="{HELD_SCRIPT_TYPE}" data-pc-type="module" src="{html.escape(src, quote=True)}"></script>'


def _start_tag(tag: str, attrs: list[tuple[str, str | None]], closed: bool = False) -> str:
    shown = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"' for name, value in attrs
    )
    return f"<{tag}{shown}{' /' if closed else ''}>"


class _PageRewriter(HTMLParser):
    """Copies a page token by token, changing only the tags that need it."""

    def __init__(self, page: str, packaged, is_folder) -> None:
        super().__init__(convert_charrefs=False)
        self.page, self.packaged, self.is_folder = page, packaged, is_folder
        self.out: list[str] = []
        self.pages: set[str] = set()
        self.files: set[str] = set()
        self.skipping: tuple[str, int] | None = None  # (tag, depth) of an element being dropped
        self.anchors: list[str] = []  # per open <a>: the end tag it gets ("a" or "span")
        self.config_script = False
        self.scorm_script_due = False  # podcourse.js just opened: the course scripts follow its </script>

    # ---- tags ----

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, closed=True)

    def _start(self, tag, attrs, closed):
        if self.skipping:
            name, depth = self.skipping
            if tag == name and not closed:
                self.skipping = (name, depth + 1)
            return
        named = dict(attrs)
        if _removed(tag, named):
            if tag not in ("link", "input", "img", "meta") and not closed:
                self.skipping = (tag, 1)
            return
        if tag == "script" and named.get("id") == "__config":
            self.config_script = True
        original = self.get_starttag_text() or ""  # never None inside a start tag's handler
        attribute = URL_ATTRIBUTES.get(tag)
        url = named.get(attribute) if attribute else None
        target = resolve(self.page, url, self.is_folder) if url else None
        if target is None:
            if tag == "a" and not closed:
                self.anchors.append("a")
            self.out.append(original)
            return
        self._emit_with_target(tag, attrs, attribute, target, closed)

    def _emit_with_target(self, tag, attrs, attribute, target: Target, closed):
        if tag == "script" and target.path in LEFT_OUT_SCRIPTS:
            self.skipping = ("script", 1)
            return
        if _is_page(target.path) and not self.packaged(target.path):
            if tag == "a":  # a link out of the package: its words stay, as text
                kept = [(name, value) for name, value in attrs if name in ("class", "id")]
                self.anchors.append("span")
                self.out.append(_start_tag("span", kept, closed))
            return  # a <link> to a page left out (prev/next hints) goes
        (self.pages if _is_page(target.path) else self.files).add(target.path)
        if tag == "a" and not closed:
            self.anchors.append("a")
        changed = [(name, relative(self.page, target) if name == attribute else value) for name, value in attrs]
        self.out.append(_start_tag(tag, changed, closed))
        if tag == "script" and target.path == PAGE_SCRIPT:
            self.files.update(COURSE_SCRIPTS)
            self.scorm_script_due = True

    def handle_endtag(self, tag):
        if self.skipping:
            name, depth = self.skipping
            if tag == name:
                self.skipping = None if depth == 1 else (name, depth - 1)
            return
        if tag == "a" and self.anchors:
            tag = self.anchors.pop()
        self.out.append(f"</{tag}>")
        if tag == "script" and self.scorm_script_due:
            self.scorm_script_due = False
            self.out.extend(_held_module(relative(self.page, Target(script))) for script in COURSE_SCRIPTS)

    # ---- everything else, verbatim unless inside a dropped element ----

    def _copy(self, text: str) -> None:
        if not self.skipping:
            self.out.append(text)

    def handle_data(self, data):
        if self.config_script and not self.skipping:
            self.config_script = False
            data = _without_site_search(data)
        self._copy(data)

    def handle_entityref(self, name):
        self._copy(f"&{name};")

    def handle_charref(self, name):
        self._copy(f"&#{name};")

    def handle_comment(self, data):
        self._copy(f"<!--{data}-->")

    def handle_decl(self, decl):
        self._copy(f"<!{decl}>")

    def handle_pi(self, data):
        self._copy(f"<?{data}>")

    def unknown_decl(self, data):
        self._copy(f"<![{data}]>")
