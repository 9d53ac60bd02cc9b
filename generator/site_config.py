"""What mkdocs.yml decides about the course: the podcourse plugin's options, and the Markdown
settings that turn a lesson into HTML.

The plugin reads them through MkDocs while it builds. `podcourse check` reads the same two parts
of mkdocs.yml as MkDocs does (its YAML loader, its validation of `markdown_extensions`), but not
the whole configuration: MkDocs' load_config loads every plugin, ours with the search engine,
which a check has no use for (tests/test_search_package.py).
"""
from __future__ import annotations

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


def site_markdown(config: MkDocsConfig) -> SiteMarkdown:
    """How a site being built turns a lesson into HTML: its Markdown extensions, and the plugin's choice."""
    plugin = config.plugins.get(PLUGIN_NAME)
    return SiteMarkdown(tuple(config.markdown_extensions), dict(config.mdx_configs),
                        allow_raw_html=bool(plugin and plugin.config.allow_raw_html))


class _MarkdownSettings(Config):
    """The part of MkDocs' schema (mkdocs.config.defaults) that says how Markdown is converted."""

    markdown_extensions = c.MarkdownExtensions(builtins=["toc", "tables", "fenced_code"], configkey="mdx_configs")
    mdx_configs = c.Private()
    plugins = c.Type((list, dict), default=[])
    """Only to find podcourse's options; MkDocs itself loads the plugins when it builds."""


def read_site_markdown(root: Path) -> tuple[SiteMarkdown, list[Problem]]:
    """The site's Markdown settings from its mkdocs.yml (MkDocs' defaults without one), and the
    problems that would stop a build there."""
    path = Path(root) / CONFIG_FILE
    if not path.is_file():
        return SiteMarkdown(), []
    settings = _MarkdownSettings(config_file_path=str(path))
    try:
        with path.open("rb") as file:  # as MkDocs reads it: !ENV, !relative, INHERIT
            settings.load_dict(yaml_load(file, get_yaml_loader(config=MkDocsConfig(config_file_path=str(path)))))
    except (OSError, ConfigurationError) as error:
        return SiteMarkdown(), [Problem(CONFIG_FILE, None, f"cannot be read: {error}")]
    problems = _validation_problems(settings, "")
    if problems:
        return SiteMarkdown(), problems
    options = PodcourseConfig(config_file_path=str(path))
    options.load_dict(_plugin_options(settings.get("plugins")))
    problems = _validation_problems(options, f"plugins: {PLUGIN_NAME}: ")
    if problems:
        return SiteMarkdown(), problems
    return SiteMarkdown(tuple(settings.markdown_extensions), dict(settings.mdx_configs),
                        allow_raw_html=options.allow_raw_html), []


def _validation_problems(config: Config, prefix: str) -> list[Problem]:
    """Errors only: unknown keys are the rest of mkdocs.yml here, and MkDocs warns of its own."""
    errors, _ = config.validate()
    return [Problem(CONFIG_FILE, None, f"{prefix}{name}: {error}") for name, error in errors]


def _plugin_options(plugins) -> dict:
    """Podcourse's options from `plugins:`, a list of names and `{name: options}`, or a mapping."""
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
        for item in plugins or [])
    for name, options in entries:
        if name == PLUGIN_NAME:
            return options if isinstance(options, dict) else {}
    return {}
