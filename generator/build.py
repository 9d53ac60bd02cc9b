"""`podcourse build`: validate the content, then let MkDocs build the site.

Validation runs first so that a trainer gets the whole list of `path:line: message` problems
and no site at all (the previous site stays as it was) rather than a half-built one.
The site is built beside the old one and swapped in with one system call, and one build at a
time may do so (site-index/.site.lock): at every instant `site/` is a whole site, the old or the new.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .authored_html import authored_html_problems
from .load import errors, load_catalogue
from .model import Problem
from .placeholders import placeholder_problems, placeholder_severity
from .search.index import current_generation, remove_generations_except, site_generation, site_index_dir
from .site_config import CONFIG_FILE, settings_of


def build_site(root: Path, site_dir: Path | None = None) -> list[Problem]:
    """Build the site of the repository at `root` into `site_dir` (default: mkdocs.yml's site_dir).

    Returns every problem found: content problems (errors stop the build, warnings do not) and
    MkDocs' own failures, each as a Problem; an empty list or only warnings means a built site.
    """
    catalogue, problems = load_catalogue(root)
    problems += placeholder_problems(root, placeholder_severity(os.environ))  # an error in CI: never published
    if errors(problems):
        return problems
    config_file = root / CONFIG_FILE
    if not config_file.is_file():
        return [*problems, Problem(str(config_file), None, "missing: the MkDocs configuration of the site")]
    _show_mkdocs_warnings()
    logged = _ErrorCollector()
    logging.getLogger("mkdocs").addHandler(logged)
    try:
        # Where the site is published comes from mkdocs.yml, which reads PODCOURSE_SITE_URL (!ENV)
        # as CI sets it: `mkdocs build` and `podcourse build` make the same site.
        config = load_config(str(config_file), site_dir=str(site_dir) if site_dir else None)
        problems = [*problems, *authored_html_problems(catalogue, settings_of(config).markdown)]
        _hand_over(config, catalogue)
        final = Path(config.site_dir)
        with _one_build_at_a_time(final):
            recover_site(final)
            _remove_unused_generations(config, final)
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
        return [*problems, _write_failure(error, Path(site_dir) if site_dir else root / "site")]
    finally:
        logging.getLogger("mkdocs").removeHandler(logged)
    return problems


def _write_failure(error: OSError, site: Path) -> Problem:
    """What could not be written, named by the site being built: a full disk fails while MkDocs
    copies a theme file, and the error then names that file's source (the venv's favicon.png)."""
    named = error.filename2 or error.filename
    inside = named is not None and site.name in Path(str(named)).parts
    detail = f" (at {named})" if inside else (f" (copying {named})" if named else "")
    return Problem(str(site), None, f"cannot write the site: {error.strerror or error}{detail}")


def _remove_unused_generations(config, final: Path) -> None:
    """Every index generation that neither current.json nor the site names: builds that failed
    or died left them, and under the site's lock no other build is writing one."""
    plugin = config.plugins.get("podcourse")
    index_root = site_index_dir(final, plugin.config.search_index if plugin is not None else None)
    remove_generations_except(index_root, {current_generation(index_root), site_generation(final, index_root)})


def _build_beside(config, final: Path) -> None:
    """Build into a staging folder beside the site, so a build that dies leaves the old site whole.

    The search index keeps its place beside the final site (site/ -> site-index/), not the staging one.
    """
    staging = final.with_name(f".{final.name}.building")
    shutil.rmtree(staging, ignore_errors=True)  # left by a build that died
    plugin = config.plugins.get("podcourse")
    if plugin is not None:
        plugin.stage_for(final)
    config.site_dir = str(staging)
    try:
        build(config)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


@contextlib.contextmanager
def _one_build_at_a_time(final: Path) -> Iterator[None]:
    """Hold the site's lock (in its index folder, site-index/.site.lock) for the whole build: a
    second build waits for the first.

    Two builds sharing one staging folder deleted each other's files and published a site of
    15 to 60 of its 117 files, both exiting 0. The lock is the kernel's (flock): a build that
    dies releases it.
    """
    folder = site_index_dir(final)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".site.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            print(f"waiting for the build of {final} already running ({holder}) to finish...", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _retired(final: Path) -> Path:
    return final.with_name(f".{final.name}.old")


def recover_site(final: Path) -> None:
    """Put back the old site that a build killed between its two renames left aside (where the
    system cannot swap two folders in one step): `podcourse serve` needs a site/."""
    if not final.exists() and _retired(final).is_dir():
        os.replace(_retired(final), final)


def _swap_into_place(staging: Path, final: Path) -> None:
    """The new site where the old one was, in one step where the system can (`_exchange`), then
    the old one removed. Elsewhere two renames, with a moment without a site (`recover_site`)."""
    if final.is_dir() and not final.is_symlink() and _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # now the old site
        return
    retired = _retired(final)
    shutil.rmtree(retired, ignore_errors=True)
    if final.exists():
        os.replace(final, retired)
    os.replace(staging, final)
    shutil.rmtree(retired, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux's renameat2 with RENAME_EXCHANGE); False where the
    kernel, the C library or the file system cannot, and the caller renames twice instead."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


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


class _WarningsToStderr(logging.StreamHandler):
    """The handler _show_mkdocs_warnings adds, known by its class so it is added once."""


def _show_mkdocs_warnings() -> None:
    """MkDocs logs nothing until its CLI sets up logging: show its warnings on stderr (its errors
    come back as Problems, printed by the caller)."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _WarningsToStderr) for h in logger.handlers):
        handler = _WarningsToStderr()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handler.addFilter(lambda record: record.levelno < logging.ERROR)
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
