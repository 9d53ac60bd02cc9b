"""The site's own scripts and stylesheets, minified as the build writes them.

Comments and indentation are for the people who read site-overrides/assets/; a phone pays for
them in bytes. static-search.js, which a listener on a static host downloads at their first
query, is 45 KB as written and 23 KB minified (8 KB gzipped, below); the stylesheets, which every page waits for before
it shows anything, are 23 KB as written and 18 KB minified. rjsmin and rcssmin only remove
comments and spaces (no renaming, no rewriting), so the code that runs is the code that was
reviewed.

The modules a page imports only when a listener first uses them (GZIPPED: static-search.js, at the
first search on a static host) are also written gzipped beside themselves, as `name.js.gz`, which
podcourse.js `importGzipped` unzips and runs: a static host that does not compress sends the
minified 24 KB whole, gzipped 8 KB.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import rcssmin
import rjsmin

from ..store import write_atomic

SCRIPTS = Path("assets") / "javascripts"
"""Where the theme's overrides keep their scripts, and where the site serves them."""
STYLESHEETS = Path("assets") / "stylesheets"
"""And their stylesheets."""
MINIFIERS = ((SCRIPTS, "*.js", rjsmin.jsmin), (STYLESHEETS, "*.css", rcssmin.cssmin))
GZIPPED = ("static-search.js",)
"""Scripts (in SCRIPTS) also written gzipped beside themselves, as name.js.gz."""


def minify_scripts(site: Path, overrides: Path) -> int:
    """Minify, in the built `site`, every script and stylesheet the `overrides` folder brings;
    returns the bytes saved. Then the GZIPPED ones' gzipped copies."""
    saved = sum(_minify(site, overrides, folder, pattern, minify) for folder, pattern, minify in MINIFIERS)
    for name in GZIPPED:
        script = Path(site) / SCRIPTS / name
        if script.is_file():  # the same bytes for the same script (no time stamp)
            write_atomic(script.with_name(name + ".gz"), gzip.compress(script.read_bytes(), compresslevel=9, mtime=0))
    return saved


def _minify(site: Path, overrides: Path, folder: Path, pattern: str, minify) -> int:
    saved = 0
    for source in sorted((Path(overrides) / folder).glob(pattern)):
        built = Path(site) / folder / source.name
        if not built.is_file():
            continue
        text = built.read_text(encoding="utf-8")
        small = minify(text)
        if small != text:
            write_atomic(built, small)
            saved += len(text.encode("utf-8")) - len(small.encode("utf-8"))
    return saved
