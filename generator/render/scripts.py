"""The site's own scripts, minified as the build writes them.

Comments and indentation are for the people who read site-overrides/assets/javascripts/; a
phone pays for them in bytes. static-search.js, which a listener on a static host downloads at
their first query, is 23 KB as written and 13 KB minified. rjsmin only removes comments and
spaces (no renaming, no rewriting), so the code that runs is the code that was reviewed.
"""
from __future__ import annotations

from pathlib import Path

import rjsmin

from ..store import write_atomic

SCRIPTS = Path("assets") / "javascripts"
"""Where the theme's overrides keep their scripts, and where the site serves them."""


def minify_scripts(site: Path, overrides: Path) -> int:
    """Minify, in the built `site`, every script the `overrides` folder brings; returns the bytes saved."""
    saved = 0
    for source in sorted((Path(overrides) / SCRIPTS).glob("*.js")):
        built = Path(site) / SCRIPTS / source.name
        if not built.is_file():
            continue
        text = built.read_text(encoding="utf-8")
        small = rjsmin.jsmin(text)
        if small != text:
            write_atomic(built, small)
            saved += len(text.encode("utf-8")) - len(small.encode("utf-8"))
    return saved
