"""`podcourse build`: validate the content, then let MkDocs build the site.

Validation runs first so that a trainer gets the whole list of `path:line: message` problems
and no site at all (the previous site stays as it was) rather than a half-built one.
"""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .authored_html import authored_html_problems
from .load import errors, load_catalogue
from .model import Problem
from .search.index import site_index_dir
from .site_config import CONFIG_FILE, site_markdown


def build_site(root: Path, site_dir: Path | None = None) -> list[Problem]:
    """Build the site of the repository at `root` into `site_dir` (default: mkdocs.yml's site_dir).

    Returns every problem found: content problems (errors stop the build, warnings do not) and
    MkDocs' own failures, each as a Problem; an empty list or only warnings means a built site.
    """
    catalogue, problems = load_catalogue(root)
    if errors(problems):
        return problems
    config_file = root / CONFIG_FILE
    if not config_file.is_file():
        return [*problems, Problem(str(config_file), None, "missing: the MkDocs configuration of the site")]
    _show_mkdocs_warnings()
    logged = _ErrorCollector()
    logging.getLogger("mkdocs").addHandler(logged)
    try:
        # Publishing (and the browser tests) say where the site lives: without site_url, sitemap.xml
        # is empty and Material's instant navigation leaves every link to a full page load.
        config = load_config(str(config_file), site_dir=str(site_dir) if site_dir else None,
                             site_url=os.environ.get("PODCOURSE_SITE_URL") or None)
        problems = [*problems, *authored_html_problems(catalogue, site_markdown(config))]
        _hand_over(config, catalogue)
        final = Path(config.site_dir)
        _build_beside(config, final)
        _swap_into_place(Path(config.site_dir), final)
    except MkDocsException as error:
        # MkDocs logs the cause (a PluginError's message, each configuration error) and raises a
        # bare "Aborted ..."; the logged messages are what a trainer needs to read.
        reasons = logged.messages or [str(error)]
        return [*problems, *(Problem(CONFIG_FILE, None, f"build failed: {reason}") for reason in reasons)]
    except jinja2.TemplateNotFound as error:  # an OSError too, but nothing to do with writing
        return [*problems, Problem(CONFIG_FILE, None, f"build failed: no template named {error.name!r} in the theme")]
    except OSError as error:
        return [*problems, Problem(str(error.filename or site_dir or "site"), None, f"cannot write the site: {error.strerror or error}")]
    finally:
        logging.getLogger("mkdocs").removeHandler(logged)
    return problems


def _build_beside(config, final: Path) -> None:
    """Build into a staging folder beside the site, so a build that dies leaves the old site whole.

    The search index keeps its place beside the final site (site/ -> site-index/), not the staging one.
    """
    staging = final.with_name(f".{final.name}.building")
    shutil.rmtree(staging, ignore_errors=True)  # left by a build that died
    plugin = config.plugins.get("podcourse")
    if plugin is not None:
        plugin.reuse_unchanged_pages(final if final.is_dir() else None)
        if not plugin.config.search_index:
            plugin.config.search_index = site_index_dir(final).name
    config.site_dir = str(staging)
    try:
        build(config)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_into_place(staging: Path, final: Path) -> None:
    """Two renames put the new site where the old one was; the old one is then removed."""
    retired = final.with_name(f".{final.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if final.exists():
        os.replace(final, retired)
    os.replace(staging, final)
    shutil.rmtree(retired, ignore_errors=True)


def _hand_over(config, catalogue) -> None:
    """Spare the plugin loading and validating content/ a second time in this process."""
    plugin = config.plugins.get("podcourse")
    if plugin is not None:
        plugin.use_catalogue(catalogue)


class _ErrorCollector(logging.Handler):
    """Keeps the error messages MkDocs logs during one build, to return them as Problems."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _show_mkdocs_warnings() -> None:
    """MkDocs logs nothing until its CLI sets up logging: show its warnings on stderr (its errors
    come back as Problems, printed by the caller)."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "podcourse_warnings", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.podcourse_warnings = True
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handler.addFilter(lambda record: record.levelno < logging.ERROR)
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
