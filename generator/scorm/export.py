"""`podcourse export scorm`: the course (or one module) as a SCORM 1.2 package for a company's LMS.

The site is built as usual into a temporary folder; the module pages, their lessons and the
episodes and posts they cite are copied from it with every file they load, made self-contained
(pages.py), beside a launch page and imsmanifest.xml (manifest.py). The zip is written to a
temporary file beside OUT.zip and renamed over it, so a failed export leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import tempfile
import zipfile
from pathlib import Path

from .. import layout, urls
from ..build import build_site
from ..load import errors, load_catalogue
from ..model import Catalogue, Module, Problem
from ..render.templates import render
from ..urls import COURSE_HOME
from .manifest import LAUNCH_PAGE, PackagedModule, manifest_xml
from .pages import SCORM_SCRIPT, rewrite_page

FOLLOWED = re.compile(r"(episodes|blog)/[^/]+/index\.html")
"""Pages a packaged page cites that come along (the moments of required listening, cited posts);
links onwards from them stay text."""

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def export_scorm(root: Path, out: Path, module_id: str | None = None) -> list[Problem]:
    """Write the SCORM package of the course at `root` (or of one module) to `out`.

    Returns every problem, as build_site does; any error means no package was written.
    """
    catalogue, problems = load_catalogue(root)
    if errors(problems):
        return problems
    modules, refused = chosen_modules(catalogue, module_id)
    if refused:
        return [refused]
    out = Path(out)
    try:
        handle, temporary = _temporary_beside(out)
    except OSError as error:
        where = "" if out.parent.is_dir() else f" (no folder {out.parent})"
        return [Problem(str(out), None, f"cannot write the package here: {error.strerror or error}{where}")]
    try:
        with tempfile.TemporaryDirectory(prefix="podcourse-scorm-") as work:
            site = Path(work) / "site"
            problems = build_site(root, site)
            if errors(problems):
                return problems
            _write_zip(handle, package_files(site, catalogue, modules))
        handle.close()
        os.chmod(temporary, _mode_for(out))
        os.replace(temporary, out)
        temporary = None
    except OSError as error:
        return [*problems, Problem(str(out), None, f"cannot write the package: {error.strerror or error}")]
    finally:
        handle.close()
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return problems


def chosen_modules(catalogue: Catalogue, module_id: str | None) -> tuple[list[Module], Problem | None]:
    """The modules to package, in path order; a Problem for an unknown id or a module without a
    quiz (a SCO reports its module's quiz: without one the LMS could never see it passed)."""
    if not catalogue.modules:
        return [], Problem(layout.PATH_FILE, None, "no course to export: the path lists no modules")
    known = [module.id for module in catalogue.modules]
    if module_id is not None and module_id not in known:
        return [], Problem(
            layout.PATH_FILE, None, f"no module '{module_id}' in the path; the modules are: {', '.join(known)}"
        )
    modules = [m for m in catalogue.modules if module_id is None or m.id == module_id]
    quizless = [m.id for m in modules if m.quiz is None]
    if quizless:
        return [], Problem(
            layout.quiz_file(quizless[0]),
            None,
            f"module '{quizless[0]}' has no quiz: a SCORM package reports each module's quiz to the LMS",
        )
    return modules, None


def _temporary_beside(out: Path):
    """An open temporary file in OUT's folder (so the rename is atomic), made before the build so
    that an unwritable place is refused at once."""
    if out.is_dir():
        raise IsADirectoryError(21, "is a folder, not a file name", str(out))
    descriptor, name = tempfile.mkstemp(
        dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}.", suffix=".tmp"
    )
    return os.fdopen(descriptor, "wb"), name


def _mode_for(out: Path) -> int:
    """An existing package's permissions, else rw-r--r-- less the umask (mkstemp's file is rw-------)."""
    try:
        return out.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _write_zip(handle, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in ["imsmanifest.xml", *sorted(name for name in files if name != "imsmanifest.xml")]:
            archive.writestr(
                zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0)), files[path], compress_type=zipfile.ZIP_DEFLATED
            )


def package_files(site: Path, catalogue: Catalogue, modules: list[Module]) -> dict[str, bytes]:
    """Every file of the package by its path inside it: pages, what they load, launch page, manifest."""
    pages = _packaged_pages(site, modules, whole_course=len(modules) == len(catalogue.modules))
    files: dict[str, bytes] = {}
    needed: set[str] = set()
    for page in sorted(pages):
        rewritten = rewrite_page(
            page, (site / page).read_text(encoding="utf-8"), pages.__contains__, lambda path: (site / path).is_dir()
        )
        files[page] = rewritten.html.encode("utf-8")
        needed |= rewritten.files
    for path in sorted(_with_css_references(site, needed)):
        if (site / path).is_file():
            files[path] = (site / path).read_bytes()
    files[SCORM_SCRIPT] = (site / SCORM_SCRIPT).read_bytes()
    start = _html(COURSE_HOME) if _html(COURSE_HOME) in pages else _html(urls.module(modules[0]))
    files[LAUNCH_PAGE] = launch_page(catalogue, modules, start).encode("utf-8")
    title = catalogue.show_title if len(modules) > 1 else modules[0].title
    identifier = "podcourse-" + ("course" if len(modules) > 1 else modules[0].id)
    packaged = [PackagedModule(m.id, m.title, m.quiz.pass_mark) for m in modules if m.quiz]  # (all: chosen_modules)
    files["imsmanifest.xml"] = manifest_xml(identifier, title, packaged, list(files))
    return files


def _html(source: str) -> str:
    """The built file of a page MkDocs knows by its Markdown path ("course/x/index.md")."""
    stem = source[:-3]
    return f"{stem}.html" if stem.endswith("index") else f"{stem}/index.html"


def _packaged_pages(site: Path, modules: list[Module], whole_course: bool) -> set[str]:
    """The module pages and lessons (and, for the whole course, the course page), with the
    episode and post pages they link to."""
    pages = {_html(urls.module(m)) for m in modules}
    pages |= {_html(urls.lesson(m, lesson)) for m in modules for lesson in m.lessons}
    if whole_course:
        pages.add(_html(COURSE_HOME))
    cited: set[str] = set()
    for page in pages:
        linked = rewrite_page(
            page, (site / page).read_text(encoding="utf-8"), lambda path: True, lambda path: (site / path).is_dir()
        ).pages
        cited |= {path for path in linked if FOLLOWED.fullmatch(path) and (site / path).is_file()}
    return pages | cited


def _with_css_references(site: Path, files: set[str]) -> set[str]:
    """The files, and what their stylesheets load in turn (fonts, images), data: URLs aside."""
    found, queue = set(files), sorted(files)
    while queue:
        path = queue.pop()
        if not path.endswith(".css") or not (site / path).is_file():
            continue
        for url in CSS_URL.findall((site / path).read_text(encoding="utf-8")):
            if url.startswith(("data:", "#")) or "://" in url:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), url.split("#")[0].split("?")[0]))
            if target not in found:
                found.add(target)
                queue.append(target)
    return found


def launch_page(catalogue: Catalogue, modules: list[Module], start: str) -> str:
    """The package's index.html: which page each module starts on, for scorm.js."""
    setup = {
        "start": start,
        "module": modules[0].id if len(modules) == 1 else None,
        "pages": {m.id: _html(urls.module(m)) for m in modules},
    }
    title = catalogue.show_title if len(modules) > 1 else modules[0].title
    listed = [{"url": _html(urls.module(m)), "title": m.title} for m in modules]
    return render("scorm/launch.html", setup=json.dumps(setup), title=title, pages=listed) + "\n"
