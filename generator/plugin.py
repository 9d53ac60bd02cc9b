"""The MkDocs adapter: hands MkDocs the generated pages and writes the machine-readable files.

Thin on purpose (ARCHITECTURE.md): loading, validation and rendering are plain Python in
generator.load and generator.render; this module only maps them onto MkDocs' build events.
Registered as the `podcourse` plugin through the `mkdocs.plugins` entry point.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from . import layout
from .authored_html import authored_html_problems, sanitise
from .history import History, read_history
from .load import errors, load_catalogue
from .model import Catalogue
from .navigation import arrange
from .render import extra_files, pages_from_index, site_pages
from .render.context import NO_BUILD, BuildContext
from .render.course_outline import course_outline
from .render.instant import INSTANT_NAVIGATION, catalogue_page_urls, instant_navigation_sitemap
from .render.page import Page, fill_placeholders, split_fragments, with_problems_panel, without_indentation
from .render.scripts import minify_scripts
from .render.whatsnew import COMPARED_SOURCES, last_updated_html, page_dates
from .search.engine import SearchIndex
from .search.index import documents_from_catalogue, pair_site, publish_generation, site_index_dir
from .search.process import IndexBuildFailed, IndexInBackground
from .search.static_index import StaticIndexFailed, StaticIndexInBackground
from .search.topics import topic_results
from .site_config import PodcourseConfig, settings_of
from .unchanged import REUSED_SOURCE, REUSED_TEMPLATE, find_unchanged, marked, site_fingerprint, site_settings

log = get_plugin_logger(__name__)


class _TurnAnchorNotices(logging.Filter):
    """MkDocs looks for `#t-N` anchors before the transcripts are in the page (they go in at
    on_post_page) and reports each link to a turn as missing; `check` validates those links
    itself, so the notices are false and drowned the preview's terminal."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "does not contain an anchor '#t-" not in record.getMessage()


logging.getLogger("mkdocs.structure.pages").addFilter(_TurnAnchorNotices())

_Set = TypeVar("_Set")


def _known(value: _Set | None, what: str) -> _Set:
    """What an earlier build event set (on_config, before all others): None here is a bug, said plainly."""
    if value is None:
        raise PluginError(f"podcourse: {what} is not known at this point of the build (a bug)")
    return value


_LAST_GOOD: dict[Path, Catalogue] = {}
"""A preview's last catalogue without errors, by repository: `mkdocs serve` makes a new plugin for
each rebuild, and the site stays whole while a mistake is on screen."""


class PodcoursePlugin(BasePlugin[PodcourseConfig]):
    """Adds the catalogue's pages to the build.

    A page's HTML is final by `on_page_content` (search and the table of contents read it at
    `on_page_context`), except transcripts and the pages listing what the index finds, which
    go into the finished page at `on_post_page` (generator.render.page.LATE_SECTIONS says why).
    """

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
        self.catalogue: Catalogue | None = None
        self.context: BuildContext = NO_BUILD
        """What this build knows besides the content (history, site URL; the index once ready)."""
        self.index_build: IndexInBackground | None = None
        """The search index of this build, being built in a second process while pages render."""
        self.static_index: StaticIndexInBackground | None = None
        """The static (Pagefind) index of this build, for hosts without `podcourse serve`, built meanwhile too."""
        self.waiting: set[str] = set()
        """Paths of the pages listing what the index finds: MkDocs has their frames meanwhile."""
        self.from_index: dict[str, Page] | None = None
        """Those pages, rendered once the index is ready."""
        self.old_site: Path | None = None
        """The site of the previous build, whose unchanged pages are copied (generator.unchanged)."""
        self.final_site: Path | None = None
        """Where the site goes once built, when MkDocs builds it in a staging folder (generator.build)."""
        self.nav: Navigation | None = None
        self.fingerprints: dict[str, str] = {}
        """Docs-relative page path -> the fingerprint written into its HTML."""
        self.reused: dict[str, Path] = {}
        """Pages found unchanged -> their file in the old site."""
        self.problems_shown: list = []
        self.serving = False
        self.search_index: Path | None = None
        """Set by `mkdocs serve` (podcourse preview), whose site is a temporary folder it removes."""
        """A preview's content errors, shown at the top of every page (podcourse preview)."""

    def use_catalogue(self, catalogue: Catalogue) -> None:
        """Build from this validated catalogue instead of loading content/ again (used once)."""
        self.preloaded = catalogue

    def stage_for(self, final_site: Path) -> None:
        """This build goes to a staging folder and then replaces `final_site` (generator.build): its
        search index is kept beside `final_site`, and the pages unchanged since the site there are
        copied from it."""
        self.final_site = final_site
        self.old_site = final_site if final_site.is_dir() else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("podcourse: set use_directory_urls: true (episode links and transcript.json rely on it)")
        self.root = (Path(config.config_file_path).parent / self.config.root).resolve()
        catalogue, self.preloaded = self.preloaded or self._catalogue_to_build(config), None
        self.context = BuildContext(history=self._read_history(), site_url=config.site_url)
        self.search_index = site_index_dir(self.final_site or config.site_dir, self.config.search_index)
        self._cancel_index_build()  # a previous build's (mkdocs serve), if it never finished
        self.catalogue, self.from_index = catalogue, None
        self.index_build = IndexInBackground(catalogue, self.search_index)
        if self.config.static_index:
            self.static_index = StaticIndexInBackground(
                lambda: documents_from_catalogue(catalogue),
                Path(config.site_dir),
                previous_site=self.old_site,
                synonyms=catalogue.synonyms,
            )
        pages = self._render(lambda: site_pages(catalogue, self.context))
        if self.problems_shown:
            log.warning("the problems above are shown on every page of the preview until fixed")
        self.files = self._render(lambda: extra_files(catalogue, self.context))
        self.pages = {page.path: page for page in pages}
        self.waiting = {page.path for page in pages_from_index(catalogue, self.context)}  # frames yet
        self.updated = self._page_dates(catalogue, config)
        log.info(f"{len(catalogue.episodes)} episodes, {len(pages)} generated pages")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self.pages.values():
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"{self._shown(Path(config.docs_dir) / page.path)}: collides with a generated page; "
                    "rename or remove it"
                )
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.markdown, inclusion=inclusion))
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """The course path, and each generated page under its tab (generator.navigation)."""
        self.nav = arrange(nav, files, course_outline(_known(self.catalogue, "the catalogue")))
        return self.nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Every page is read and converted: fingerprint each, and mark those the old site holds
        unchanged to skip their template (generator.unchanged)."""
        env.loader = jinja2.ChoiceLoader([env.loader, jinja2.DictLoader({REUSED_TEMPLATE: REUSED_SOURCE})])
        theme_dirs = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        site = site_fingerprint(Path(config.config_file_path), site_settings(config), theme_dirs, self.nav)
        pages = [f.page for f in files.documentation_pages() if f.page is not None and f.src_uri not in self.waiting]
        self.fingerprints, self.reused = find_unchanged(pages, site, self._late_sections, self.old_site)
        for page in pages:
            if page.file.src_uri in self.reused:
                page.meta["template"] = REUSED_TEMPLATE
        if self.old_site is not None:
            log.info(f"{len(self.reused)} of {len(self.fingerprints)} pages unchanged since the last build: copied")
        return env

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """Material prints page.meta.revision_date under the content: "Last updated <date>"."""
        if day := self.updated.get(page.file.src_uri):
            page.meta["revision_date"] = last_updated_html(day)
        return markdown

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None or page.file.src_uri in self.waiting:
            return html  # a page from the index keeps its placeholders until on_post_page
        if generated.authored and not self.config.allow_raw_html:
            html = sanitise(html)  # before our own HTML goes in: only what the trainer wrote is cleaned
        return self._filled(page.file.src_uri, html, split_fragments(generated)[0])

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        """The finished page gets its late sections (transcripts), then its fragments are let go.

        Pages from the index come last (in file order), so the wait for the index comes late.
        They are listings kept out of Material's search index and hold no headings, so filling
        them after search and the table of contents have read the page changes neither.
        """
        path = page.file.src_uri
        if path in self.reused:
            output = self._reused(path, self.reused.pop(path))  # it carries its fingerprint already
        else:
            if path in self.waiting:
                output = self._filled(path, output, self._pages_from_index()[path].html)
            elif path in self.pages:
                output = self._filled(path, output, self._late_sections(path))
            if path in self.fingerprints:
                output = marked(output, self.fingerprints[path])
        if path in self.pages:
            self.pages[path] = replace(self.pages[path], html={})  # written: memory back for the next pages
        return with_problems_panel(without_indentation(output), self.problems_shown)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page too: a page the broken content no longer makes says why."""
        return (
            with_problems_panel(output_content, self.problems_shown) if template_name == "404.html" else output_content
        )

    def _late_sections(self, path: str) -> dict[str, str]:
        return split_fragments(self.pages[path])[1] if path in self.pages else {}

    def _reused(self, path: str, old: Path) -> str:
        try:
            return old.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise PluginError(
                f"podcourse: {path}: its unchanged page {old} could not be read again: {error}"
            ) from error

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        for path, data in sorted(self.files.items()):
            # Into the site being built: generator.build swaps the whole folder in at the end (as
            # MkDocs writes its pages), so a file-by-file fsync bought nothing; it cost 7 s at 1000 episodes.
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_bytes(data)
        log.info(f"wrote {len(self.files)} machine-readable files")
        self._instant_navigation_into(site, config)
        if config.theme.custom_dir:
            saved = minify_scripts(site, Path(config.theme.custom_dir))
            log.info(f"minified the site's scripts and stylesheets: {saved} bytes fewer")
        report = self._index_report()
        if self.static_index is not None:
            log.info(str(self._static_index_into(site)))
        pair_site(site, report.generation)  # `podcourse serve` searches the index built with the site
        publish_generation(
            _known(self.search_index, "the search index"), report.generation
        )  # last: nothing of the build can fail after it
        log.info(f"{report}; published in {self.search_index}")

    def _instant_navigation_into(self, site: Path, config: MkDocsConfig) -> None:
        """instant-navigation.xml: the sitemap MkDocs wrote less the catalogue's pages, which is what
        Material's instant navigation reads (generator.render.instant)."""
        sitemap = site / "sitemap.xml"
        if sitemap.is_file():
            (site / INSTANT_NAVIGATION).write_bytes(
                instant_navigation_sitemap(
                    sitemap.read_bytes(),
                    config.site_url or "",
                    catalogue_page_urls(_known(self.catalogue, "the catalogue")),
                )
            )

    def _static_index_into(self, site: Path):
        """The static search index, into the site being built (the site moves into place whole)."""
        static, self.static_index = _known(self.static_index, "the static index build"), None
        try:
            return static.move_into(site)
        except (StaticIndexFailed, OSError) as error:
            raise PluginError(f"podcourse: building the static search index failed: {error}") from error

    def on_build_error(self, *, error: Exception) -> None:
        self._cancel_index_build()

    def _filled(self, path: str, html: str, fragments: Mapping[str, str]) -> str:
        html, missing = fill_placeholders(html, fragments)
        if missing:
            raise PluginError(f"podcourse: {path}: Markdown altered placeholders {missing}")
        return html

    def _index_report(self):
        """The index build's report, waiting for it if it is still running."""
        try:
            return _known(self.index_build, "the search index build").report()
        except IndexBuildFailed as error:
            raise PluginError(f"podcourse: building the search index failed: {error}") from error

    def _pages_from_index(self) -> dict[str, Page]:
        """The real pages listing what the index finds, rendered once the index is there."""
        if self.from_index is None:
            report = self._index_report()
            found = topic_results(SearchIndex(_known(self.search_index, "the search index"), report.generation))
            context = replace(self.context, topic_results=found)
            catalogue = _known(self.catalogue, "the catalogue")
            pages = {page.path: page for page in self._render(lambda: pages_from_index(catalogue, context))}
            changed = [path for path in self.waiting if pages[path].markdown != self.pages[path].markdown]
            if changed:
                raise PluginError(f"podcourse: {changed[0]}: its Markdown changed once the index was read (a bug)")
            self.from_index = pages
        return self.from_index

    def _cancel_index_build(self) -> None:
        if self.index_build is not None:
            self.index_build.cancel()
            self.index_build = None
        if self.static_index is not None:
            self.static_index.cancel()
            self.static_index = None

    @staticmethod
    def _render(produce):
        """A renderer's result, or the build stopped with a message naming what failed."""
        try:
            return produce()
        except (jinja2.TemplateError, ValueError) as error:
            raise PluginError(f"podcourse: rendering failed: {error}") from error

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """`mkdocs serve` rebuilds when the content changes, not only the docs folder."""
        self.serving = True
        if self.root is not None:
            for folder in (layout.CONTENT, layout.QUIZZES):
                if (self.root / folder).is_dir():
                    server.watch(str(self.root / folder))
        return server

    def on_shutdown(self) -> None:
        """`mkdocs serve` removes its temporary site when it stops; the search index it made beside
        it goes too (every preview left one in the temporary folder before)."""
        self._cancel_index_build()
        if self.serving and self.search_index is not None:
            shutil.rmtree(self.search_index, ignore_errors=True)

    def _read_history(self) -> History:
        """Git history, read once per build for What's new, the feed and each page's date."""
        history = read_history(_known(self.root, "the repository"), texts_under=COMPARED_SOURCES)
        for warning in history.warnings:
            log.warning(warning)
        return history

    def _page_dates(self, catalogue: Catalogue, config: MkDocsConfig) -> dict:
        docs_dir, root = Path(config.docs_dir).resolve(), _known(self.root, "the repository")
        docs = docs_dir.relative_to(root).as_posix() if docs_dir.is_relative_to(root) else ""
        return page_dates(catalogue, self.context.history, docs, self.pages)

    def _shown(self, path: Path) -> str:
        """A path as a trainer sees it: relative to the repository when it is inside it."""
        path = path.resolve()
        return path.relative_to(self.root).as_posix() if self.root and path.is_relative_to(self.root) else str(path)

    def _catalogue_to_build(self, config: MkDocsConfig) -> Catalogue:
        """The validated catalogue; in a preview, one to show beside the errors instead of stopping."""
        self.problems_shown = []
        root = _known(self.root, "the repository")
        if not self.config.preview:
            return self._load_valid_catalogue(root, config)
        catalogue, problems = load_catalogue(root, settings_of(config))
        failures = errors(problems)
        for problem in problems:
            (log.error if problem in failures else log.warning)(str(problem))
        if not failures:
            _LAST_GOOD[root] = catalogue
            return catalogue
        self.problems_shown = [p for p in problems if p.severity != "warning"]  # errors, and notices about them
        shown = [
            _LAST_GOOD.get(root),
            replace(catalogue, modules=()),  # the course needs every file sound
            Catalogue(host=catalogue.host, show_title=catalogue.show_title),
        ]
        for candidate in filter(None, shown):
            try:
                site_pages(candidate, NO_BUILD)
                return candidate
            except Exception:  # noqa: BLE001 -- content that does not render: try a smaller site
                continue
        return self._load_valid_catalogue(root, config)  # nothing renders: stop, listing the errors

    @staticmethod
    def _load_valid_catalogue(root: Path, config: MkDocsConfig) -> Catalogue:
        """The catalogue, or a PluginError listing every `path:line: message` when any is an error.

        Its warnings are logged, with those about lesson HTML the site will drop, as `podcourse
        check` prints them (`podcourse build` checks before it hands the plugin a catalogue).
        """
        site = settings_of(config)
        catalogue, problems = load_catalogue(root, site)
        if not errors(problems):
            problems = [*problems, *authored_html_problems(catalogue, site.markdown)]
        for problem in problems:
            if problem.severity != "error":
                log.warning(str(problem))
        if failures := errors(problems):
            listing = "\n".join(str(p) for p in failures)
            raise PluginError(f"podcourse: the content has {len(failures)} problem(s):\n{listing}")
        return catalogue
