"""Checks across files that a trainer can break by editing one of them: links, orphans, look-alikes.

The loaders validate each file's fields (generator.load) and the course's citations and quizzes
(generator.course, generator.quizzes). What is left is what only shows once every file is known:
- a Markdown link in a lesson or a hand-written site page to a page that does not exist, or to a
  transcript turn beyond the episode's last (`../../episodes/e227.md#t-99`);
- a citation typed almost right (`[E227 t-31]`), which the site would show as plain text;
- a lesson listed twice in one module;
- lessons and modules that no module or path lists: pages nobody can reach;
- front matter in a hand-written page that is not a mapping (MkDocs would drop it silently).
Every problem is a `path:line: message`, like the loaders' own.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from . import layout, urls
from .citations import CITATION_IN_TEXT, citation_problems
from .content_reader import read_markdown_file, read_text_file, read_yaml_file
from .model import Catalogue, Problem
from .urls import TURN_ANCHOR
from .yaml_source import MarkdownDocument

MARKDOWN_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]+)(?:\s+[\"'][^)]*[\"'])?\)")
CITATION_LOOKALIKE = re.compile(r"\[\s*(?:(?:e|ep\.?|episode)\s*\d+\b|post\b)[^\]\n]*\](?!\()", re.IGNORECASE)
"""Bracketed text that starts like a citation: it must be one, or the site prints it as plain text."""
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+\1")


def link_problems(root: Path, catalogue: Catalogue, docs_dir: Path | None) -> list[Problem]:
    """Every cross-file problem of the repository at root, in file order; the site's hand-written
    pages are in `docs_dir` (mkdocs.yml's, generator.site_config), None when it has none."""
    root = Path(root)
    pages = known_pages(catalogue)
    problems: list[Problem] = []
    for page, source in _lesson_sources(catalogue):
        text, _ = read_text_file(root / source, source)  # a lesson that cannot be read is the loader's problem
        if text is not None:
            problems += _check_markdown(text, source, page, pages, catalogue, docs_pages=None)
    if docs_dir is not None and docs_dir.is_dir():
        docs_pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
        for page in sorted(docs_pages):
            source = _rel(root, docs_dir / page)
            markdown, problem = read_markdown_file(docs_dir / page, source)
            if problem:
                problems.append(problem)
            elif markdown is not None:
                problems += _front_matter_problems(markdown)
            if markdown is not None:
                problems += _check_markdown(markdown.text, source, page, pages, catalogue, docs_pages)
    problems += _duplicate_lessons(root, catalogue)
    problems += _orphans(root, catalogue)
    return problems


def known_pages(catalogue: Catalogue) -> set[str]:
    """Docs-relative path of every page the generator makes, from the model alone (no rendering)."""
    pages = set(urls.SECTION_PAGES)
    pages |= {urls.episode(e) for e in catalogue.episodes}
    pages |= {urls.series(e.series) for e in catalogue.episodes if e.series}
    pages |= {urls.guest(p) for p in catalogue.people if p != catalogue.host}
    pages |= {urls.post(p) for p in catalogue.posts}
    pages |= {urls.topic(t) for t in catalogue.topics}
    for module in catalogue.modules:
        pages.add(urls.module(module))
        pages |= {urls.lesson(module, lesson) for lesson in module.lessons}
    return pages


# ---- links in Markdown ----


def _check_markdown(
    text: str, shown: str, page: str, pages: set[str], catalogue: Catalogue, docs_pages: set[str] | None
) -> list[Problem]:
    problems = []
    for number, line in visible_lines(text):
        for match in MARKDOWN_LINK.finditer(line):
            reason = _link_problem(match.group("target").strip("<>"), page, pages | (docs_pages or set()), catalogue)
            if reason:
                problems.append(Problem(shown, number, reason))
        problems += _lookalikes(shown, number, line)
    return problems


def _lookalikes(shown: str, number: int, line: str) -> list[Problem]:
    return [
        Problem(
            shown,
            number,
            f"{match.group(0)} is not a citation the site understands: write [E227, turn 31], "
            "[E227, turns 31-34], [E227] or [post: <slug>]",
        )
        for match in CITATION_LOOKALIKE.finditer(line)
        if not CITATION_IN_TEXT.fullmatch(match.group(0))
    ]


def _unlisted_lesson_problems(root: Path, lesson: Path, catalogue: Catalogue) -> list[Problem]:
    """A lesson no module lists is not on the site yet, but it will be: its citations are checked
    now, so adding it to a module later does not bring errors to light all at once. (Its links
    are checked once a module places it: they are relative to where it will be.)"""
    shown = _rel(root, lesson)
    markdown, _ = read_markdown_file(lesson, shown)  # its front matter is checked once a module lists it
    if markdown is None:
        return []
    problems = citation_problems(shown, markdown.body, markdown.body_line, catalogue)
    for number, line in visible_lines(markdown.text):
        problems += _lookalikes(shown, number, line)
    return problems


def visible_lines(text: str):
    """(line number, text) of Markdown as it will be read, with code and HTML comments blanked out:
    an example in a code block is not a link, and a commented-out draft is not a broken one."""
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    fenced = None
    for number, line in enumerate(text.split("\n"), start=1):
        fence = FENCE.match(line)
        if fenced:
            if fence and fence.group(1) == fenced:
                fenced = None
            continue
        if fence:
            fenced = fence.group(1)
            continue
        yield number, INLINE_CODE.sub("", line)


def _link_problem(target: str, page: str, pages: set[str], catalogue: Catalogue) -> str | None:
    """Why a link written on `page` leads nowhere, or None; links off the site are not checked."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("/", "#")):
        return None
    address, _, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), address))
    if address.endswith("/"):
        candidates = [resolved + ".md", resolved + "/index.md"]
    elif address.endswith(".md"):
        candidates = [resolved]
    else:
        return None  # images, JSON, feeds: files, not pages
    found = next((c for c in candidates if c in pages), None)
    if found is None:
        return f"link to {target}: no such page ({candidates[0]} is not part of the site)"
    return _anchor_problem(target, found, anchor, catalogue)


def _anchor_problem(target: str, page: str, anchor: str, catalogue: Catalogue) -> str | None:
    """Turn anchors (#t-N) must name a turn that exists: the moment the link promises."""
    turn = TURN_ANCHOR.fullmatch(anchor)
    if not turn:
        return None
    episode = next((e for e in catalogue.episodes if urls.episode(e) == page), None)
    if episode is None:
        return None
    number = int(turn.group(1))
    if not 1 <= number <= len(episode.transcript):
        return f"link to {target}: {episode.code} has turns 1-{len(episode.transcript)}, no turn {number}"
    if turn.group(2) is None:
        return None
    count = len(episode.transcript[number - 1].paragraphs())
    if count < 2 or not 1 <= int(turn.group(2)) <= count:
        held = f"paragraphs 1-{count}" if count > 1 else f"a single paragraph (link to #t-{number})"
        return f"link to {target}: turn {number} of {episode.code} has {held}, no paragraph {turn.group(2)}"
    return None


# ---- the rest ----


def _front_matter_problems(markdown: MarkdownDocument) -> list[Problem]:
    """A hand-written page's front matter is MkDocs' to read, which drops what is not a mapping."""
    document = markdown.front
    if document is None:
        return []
    if document.data is not None and not isinstance(document.data, dict):
        return [
            Problem(
                document.path,
                2,
                f"front matter must be a mapping of fields (title: ...), not {type(document.data).__name__}",
            )
        ]
    title = document.data.get("title") if isinstance(document.data, dict) else None
    if title is not None and not isinstance(title, str):
        return [document.problem(f"'title' must be text, got {type(title).__name__}", "title")]
    return []


def _lesson_sources(catalogue: Catalogue):
    for module in catalogue.modules:
        for lesson in module.lessons:
            yield urls.lesson(module, lesson), lesson.path or layout.lesson_file(lesson.id)


def _duplicate_lessons(root: Path, catalogue: Catalogue) -> list[Problem]:
    problems = []
    for module in catalogue.modules:
        seen: set[str] = set()
        for index, lesson in enumerate(module.lessons):
            if lesson.id in seen:
                source = layout.module_file(module.id)
                problems.append(
                    Problem(
                        source,
                        _list_item_line(root / source, "lessons", index),
                        f"duplicate id '{lesson.id}': lesson listed twice in module '{module.id}'",
                    )
                )
            seen.add(lesson.id)
    return problems


def _orphans(root: Path, catalogue: Catalogue) -> list[Problem]:
    """Lessons no module lists and modules the path does not list: written, but never shown."""
    listed_lessons = {lesson.id for module in catalogue.modules for lesson in module.lessons}
    listed_lessons |= _lessons_named_in_modules(root / layout.MODULES)
    listed_modules = {module.id for module in catalogue.modules}
    problems = []
    for lesson in sorted((root / layout.LESSONS).glob("*.md")):
        if lesson.stem not in listed_lessons:
            problems.append(
                Problem(
                    _rel(root, lesson),
                    1,
                    f"orphan page: no module lists lesson '{lesson.stem}' "
                    "under `lessons:`, so the site does not show it",
                    "warning",
                )
            )
            problems += _unlisted_lesson_problems(root, lesson, catalogue)
    for module in sorted((root / layout.MODULES).glob("*.yml")):
        if module.stem not in listed_modules and (root / layout.PATH_FILE).is_file() and _path_lacks(root, module.stem):
            problems.append(
                Problem(
                    _rel(root, module),
                    1,
                    f"orphan page: {layout.PATH_FILE} does not list "
                    f"module '{module.stem}', so the site does not show it",
                    "warning",
                )
            )
    return problems


def _lessons_named_in_modules(modules: Path) -> set[str]:
    """Lesson ids under any module's `lessons:`, loaded or not: a lesson with errors is no orphan."""
    named: set[str] = set()
    for module in sorted(modules.glob("*.yml")):
        document, _ = read_yaml_file(module, module.name)  # a module that does not read is reported by the loader
        data = document.data if document else None
        if isinstance(data, dict) and isinstance(data.get("lessons"), list):
            named.update(item for item in data["lessons"] if isinstance(item, str))
    return named


def _path_lacks(root: Path, module_id: str) -> bool:
    """True when path.yml does not list the module (a listed module with errors is no orphan)."""
    document, _ = read_yaml_file(root / layout.PATH_FILE, layout.PATH_FILE)
    if document is None:
        return False
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("modules"), list):
        return True
    listed = [entry.get("id") if isinstance(entry, dict) else entry for entry in data["modules"]]
    return module_id not in listed  # an entry is an id or `{id: ..., done: ...}`


def _list_item_line(path: Path, key: str, index: int) -> int | None:
    document, _ = read_yaml_file(path, path.name)
    return document.line(key, index) if document else None


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
