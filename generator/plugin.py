"""The MkDocs adapter: hands MkDocs the generated pages and writes the machine-readable files.

Thin on purpose (DESIGN.md): loading, validation and rendering are plain Python in
generator.load and generator.render; this module only maps them onto MkDocs' build events.
Registered as the `podcourse` plugin through the `mkdocs.plugins` entry point.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from .history import read_history
from .index import prepare_site_index, publish_generation, site_index_dir
from .load import errors, load_catalogue
from .model import Catalogue
from .render import extra_files, site_pages
from .render.page import Page, fill_placeholders
from .render.whatsnew import last_updated_html, page_dates
from .store import write_atomic

log = get_plugin_logger(__name__)


class PodcourseConfig(Config):
    root = c.Type(str, default=".")
    """The repository holding content/ and quizzes/, relative to mkdocs.yml."""
    search_index = c.Optional(c.Type(str))
    """Where the search index goes, relative to the site's parent folder (default: site-index/ beside site/)."""


class PodcoursePlugin(BasePlugin[PodcourseConfig]):
    """Adds the catalogue's pages to the build; page HTML is final by `on_page_content`."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        """Generated pages by docs-relative path; set by on_config on every (re)build."""
        self.files: dict[str, bytes] = {}
        """Machine-readable files by site-relative path; written by on_post_build."""
        self.root: Path | None = None
        self.preloaded: Catalogue | None = None
        """A catalogue already loaded and validated by the caller (generator.build), used once."""
        self.updated: dict = {}
        """Docs-relative page path -> the day its source last changed in git (publishing)."""

    def use_catalogue(self, catalogue: Catalogue) -> None:
        """Build from this validated catalogue instead of loading content/ again (used once)."""
        self.preloaded = catalogue

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("podcourse: set use_directory_urls: true (episode links and transcript.json rely on it)")
        self.root = (Path(config.config_file_path).parent / self.config.root).resolve()
        catalogue, self.preloaded = self.preloaded or self._load_valid_catalogue(self.root), None
        self._read_history(catalogue, config)
        self.search_index = site_index_dir(config.site_dir, self.config.search_index)
        self.search_generation = prepare_site_index(catalogue, self.search_index).generation
        try:
            pages = site_pages(catalogue)
            self.files = extra_files(catalogue)
        except (jinja2.TemplateError, ValueError) as error:
            raise PluginError(f"podcourse: rendering failed: {error}") from error
        self.pages = {page.path: page for page in pages}
        self.updated = self._page_dates(catalogue, config)
        log.info(f"{len(catalogue.episodes)} episodes, {len(pages)} generated pages")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self.pages.values():
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(f"{self._shown(Path(config.docs_dir) / page.path)}: collides with a generated page; "
                                  "rename or remove it")
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.markdown, inclusion=inclusion))
        return files

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """Material prints page.meta.revision_date under the content: "Last updated <date>"."""
        if day := self.updated.get(page.file.src_uri):
            page.meta["revision_date"] = last_updated_html(day)
        return markdown

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        html, missing = fill_placeholders(html, generated.html)
        if missing:
            raise PluginError(f"podcourse: {page.file.src_uri}: Markdown altered placeholders {missing}")
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        for path, data in sorted(self.files.items()):
            write_atomic(site / path, data)
        log.info(f"wrote {len(self.files)} machine-readable files")
        publish_generation(self.search_index, self.search_generation)  # live together with its site
        log.info(f"search index {self.search_generation} published in {self.search_index}")

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """`mkdocs serve` rebuilds when the content changes, not only the docs folder."""
        if self.root is not None:
            for folder in ("content", "quizzes"):
                if (self.root / folder).is_dir():
                    server.watch(str(self.root / folder))
        return server

    def _read_history(self, catalogue: Catalogue, config: MkDocsConfig) -> None:
        """Git history, read once per build for What's new, the feed and each page's date."""
        history = read_history(self.root)
        for warning in history.warnings:
            log.warning(warning)
        catalogue.extra.update(history=history, site_url=config.site_url)

    def _page_dates(self, catalogue: Catalogue, config: MkDocsConfig) -> dict:
        docs_dir = Path(config.docs_dir).resolve()
        docs = docs_dir.relative_to(self.root).as_posix() if docs_dir.is_relative_to(self.root) else ""
        return page_dates(catalogue, catalogue.extra["history"], docs, self.pages)

    def _shown(self, path: Path) -> str:
        """A path as a trainer sees it: relative to the repository when it is inside it."""
        path = path.resolve()
        return path.relative_to(self.root).as_posix() if self.root and path.is_relative_to(self.root) else str(path)

    @staticmethod
    def _load_valid_catalogue(root: Path) -> Catalogue:
        """The catalogue, or a PluginError listing every `path:line: message` when any is an error."""
        catalogue, problems = load_catalogue(root)
        for problem in problems:
            if problem.severity != "error":
                log.warning(str(problem))
        if failures := errors(problems):
            listing = "\n".join(str(p) for p in failures)
            raise PluginError(f"podcourse: the content has {len(failures)} problem(s):\n{listing}")
        return catalogue
