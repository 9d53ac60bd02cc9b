"""The Jinja2 templates that turn model objects into HTML fragments, escaped by default.

Templates live in site-overrides/podcourse/ beside the theme overrides, so whoever restyles
the site finds markup in one place. MkDocs never copies *.html from a theme directory, so they
do not leak into the built site. This environment is ours, not MkDocs' (which does not
autoescape): here every value from the sources is escaped unless a template says otherwise.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import jinja2

from ..importers.page_text import MONTHS  # the long dates the client's pages are read in
from ..model import paragraphs

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "site-overrides" / "podcourse"


def long_date(day: dt.date) -> str:
    """The date as the client's pages print it ("January 8, 2024"), whatever the locale."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def clock(seconds: float) -> str:
    """A moment of the recording as players print it: "0:07", "12:34", "1:02:03" (whole seconds)."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, whole = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{whole:02d}" if hours else f"{minutes}:{whole:02d}"


def web_address(url: str) -> str | None:
    """The URL when it is an http(s) or mailto address, else None: a `javascript:` link from a
    source page must not become a live link (escaping alone does not stop it)."""
    scheme = url.strip().split(":", 1)[0].lower() if ":" in url else ""
    return url.strip() if scheme in ("http", "https", "mailto") else None


@cache
def environment(directory: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """A strict, autoescaping environment: an unknown variable is an error, not an empty string."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["long_date"] = long_date
    env.filters["web_address"] = web_address
    return env


def render(template: str, **context) -> str:
    """One template rendered to an HTML fragment."""
    return environment().get_template(template).render(**context).strip()
