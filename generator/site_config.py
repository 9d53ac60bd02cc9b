"""What mkdocs.yml decides about the course: the podcourse plugin's options, where the site's
hand-written pages are, and the Markdown settings that turn a lesson into HTML.

A build reads them through MkDocs (`settings_of` its loaded config). Checking the content reads
the same parts of mkdocs.yml as MkDocs does (its YAML loader with !ENV and INHERIT, its validation
of `markdown_extensions`), once (`read_site_settings`), but not the whole configuration: MkDocs'
load_config loads every plugin, ours with the search engine, which a check has no use for
(tests/test_imports.py). Nothing else parses mkdocs.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from .authored_html import SiteMarkdown
from .model import Problem

CONFIG_FILE = "mkdocs.yml"
PLUGIN_NAME = "podcourse"


class PodcourseConfig(Config):
    """The plugin's options (`plugins: - podcourse: ...` in mkdocs.yml)."""

    root = c.Type(str, default=".")
    """The repository holding content/ and quizzes/, relative to mkdocs.yml."""
    search_index = c.Optional(c.Type(str))
    """Where the search index goes, relative to the site's parent folder (default: site-index/ beside site/)."""
    static_index = c.Type(bool, default=True)
    """Build the static search index (site/pagefind/) for hosts without `podcourse serve`; the
    benchmark turns it off to measure what it costs."""
    preview = c.Type(bool, default=False)
    """Show content errors on every page, over the last good content, instead of stopping the
    build: `podcourse preview` sets it (mkdocs.yml reads PODCOURSE_PREVIEW) for a live preview."""
    allow_raw_html = c.Type(bool, default=False)
    """Publish the HTML in lessons as written (script included) instead of sanitising it: a team's
    explicit choice, for a course whose every author is trusted (docs/content-format.md)."""


@dataclass(frozen=True)
class SiteSettings:
    """What checking the content needs of mkdocs.yml."""

    docs_dir: Path | None = None
    """The hand-written pages (mkdocs.yml `docs_dir`), whose links are checked; None without a
    readable mkdocs.yml."""
    markdown: SiteMarkdown = field(default_factory=SiteMarkdown)
    """How the site turns a lesson into HTML (MkDocs' defaults without a usable mkdocs.yml)."""


def settings_of(config: MkDocsConfig) -> SiteSettings:
    """The settings of a site MkDocs has loaded for a build: its docs folder, its Markdown
    extensions, and the plugin's choice about raw HTML."""
    plugin = config.plugins.get(PLUGIN_NAME)
    return SiteSettings(
        Path(config.docs_dir).resolve(),
        SiteMarkdown(
            tuple(config.markdown_extensions),
            dict(config.mdx_configs),
            allow_raw_html=bool(plugin and plugin.config.allow_raw_html),
        ),
    )


class _SiteSchema(Config):
    """The part of MkDocs' schema (mkdocs.config.defaults) that checking the content reads."""

    docs_dir = c.Type(str, default="docs")
    """Relative to mkdocs.yml, as MkDocs reads it."""
    markdown_extensions = c.MarkdownExtensions(builtins=["toc", "tables", "fenced_code"], configkey="mdx_configs")
    mdx_configs = c.Private[dict[str, dict]]()
    plugins = c.Type((list, dict), default=[])
    """Only to find podcourse's options; MkDocs itself loads the plugins when it builds."""


def read_site_settings(root: Path) -> tuple[SiteSettings, list[Problem]]:
    """The site's settings from its mkdocs.yml (MkDocs' defaults without one, no docs folder
    without a readable one), and the problems that would stop a build there."""
    path = Path(root) / CONFIG_FILE
    if not path.is_file():
        return SiteSettings(), []
    settings = _SiteSchema(config_file_path=str(path))
    try:
        with path.open("rb") as file:  # as MkDocs reads it: !ENV, !relative, INHERIT
            settings.load_dict(yaml_load(file, get_yaml_loader(config=MkDocsConfig(config_file_path=str(path)))))
    except (OSError, ConfigurationError) as error:
        return SiteSettings(), [Problem(CONFIG_FILE, None, f"cannot be read: {error}")]
    failed = settings.validate()[0]
    docs_dir = None if "docs_dir" in dict(failed) else path.parent / settings.docs_dir
    if failed:
        return SiteSettings(docs_dir), _validation_problems(failed, "")
    options = PodcourseConfig(config_file_path=str(path))
    options.load_dict(_plugin_options(settings.get("plugins")))
    failed = options.validate()[0]
    if failed:
        return SiteSettings(docs_dir), _validation_problems(failed, f"plugins: {PLUGIN_NAME}: ")
    return SiteSettings(
        docs_dir,
        SiteMarkdown(
            tuple(settings.markdown_extensions), dict(settings.mdx_configs), allow_raw_html=options.allow_raw_html
        ),
    ), []


def _validation_problems(failed: list, prefix: str) -> list[Problem]:
    """Errors only: unknown keys are the rest of mkdocs.yml here, and MkDocs warns of its own."""
    return [Problem(CONFIG_FILE, None, f"{prefix}{name}: {error}") for name, error in failed]


def _plugin_options(plugins) -> dict:
    """Podcourse's options from `plugins:`, a list of names and `{name: options}`, or a mapping."""
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (
            next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
            for item in plugins or []
        )
    )
    for name, options in entries:
        if name == PLUGIN_NAME:
            return options if isinstance(options, dict) else {}
    return {}
