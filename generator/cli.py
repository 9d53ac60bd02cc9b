"""The `podcourse` command: one verb per step a trainer takes (import, check, build, ...).

Problems go to stderr as `path:line: message`; any error makes the exit code 1.

Each verb imports the stage it runs when it runs, and only that: `podcourse check` loads the
validation, not the renderers, MkDocs' build or the search engine (Whoosh), so a trainer's check
and the commit hook start in a fraction of a second (tests/test_imports.py holds this). These are
the package's only imports inside functions (ARCHITECTURE.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .commands import typed
from .model import Problem


def report(problems: list[Problem]) -> int:
    """Print every problem, errors and warnings alike; the exit code says whether any was an error."""
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if any(p.severity == "error" for p in problems) else 0


def cmd_import(args: argparse.Namespace) -> int:
    from .importing import import_sources

    written: list[tuple[str, str]] = []
    problems = import_sources([Path(p) for p in args.paths], Path(args.root), fetch_links=args.fetch, written=written)
    for done, path in written:
        if done != "unchanged":
            print(f"{done} {path}")
    print(import_summary(written))
    status = report(problems)
    # Bad input exits non-zero even where the importer could recover (a cp1252 page, notes only).
    return 1 if status or any(p.severity == "warning" for p in problems) else 0


def import_summary(written: list[tuple[str, str]]) -> str:
    """One line: how many files the import added, updated, merged with the trainer's edits, left alone."""
    counts = {
        done: sum(1 for d, _ in written if d == done)
        for done in ("added", "updated", "kept your edits in", "unchanged")
    }
    parts = [f"{plural(counts['added'], 'file')} added", f"{counts['updated']} updated"]
    if counts["kept your edits in"]:
        parts.append(f"{counts['kept your edits in']} merged with your edits")
    return "import: " + ", ".join(parts) + f", {counts['unchanged']} unchanged"


def check_site(root: Path) -> list[Problem]:
    """Every content problem, and a warning for each piece of lesson HTML the build will drop,
    found with the site's own Markdown settings: what check passes, build builds."""
    from .authored_html import authored_html_problems
    from .load import load_catalogue
    from .placeholders import placeholder_problems, placeholder_severity
    from .site_config import read_site_settings

    site, unusable = read_site_settings(root)
    catalogue, problems = load_catalogue(root, site)
    left = placeholder_problems(root, placeholder_severity(os.environ))
    return [*problems, *unusable, *authored_html_problems(catalogue, site.markdown), *left]


def cmd_check(args: argparse.Namespace) -> int:
    from .load import errors

    if args.staged:
        with staged_tree(Path(args.root)) as (tree, why_not):
            if tree is None:
                print(f"podcourse check --staged: {why_not}", file=sys.stderr)
                return 2
            problems = check_site(tree)
    else:
        problems = check_site(Path(args.root))
    status = report(problems)
    if status == 0:
        print(f"content OK ({plural(len(problems), 'warning')})" if problems else "content OK", file=sys.stderr)
    elif args.staged:
        print(
            f"commit refused: {plural(len(errors(problems)), 'error')} in the files being committed; "
            "fix them, `git add` the fixes, and commit again",
            file=sys.stderr,
        )
    return status if errors(problems) else 0


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


@contextlib.contextmanager
def staged_tree(root: Path):
    """The repository as the next commit would hold it (git's index), written out into a temporary
    folder: the commit hook checks what is committed, not the edits left unstaged or the untracked
    drafts beside them. Yields (folder, None), or (None, why) outside a git repository."""
    with tempfile.TemporaryDirectory(prefix="podcourse-staged-") as tmp:
        done = subprocess.run(
            ["git", "checkout-index", "--all", f"--prefix={tmp}/"], cwd=root, capture_output=True, text=True
        )
        inside = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True, text=True)
        if done.returncode != 0 or inside.returncode != 0:
            yield None, f"cannot read git's staged files here ({done.stderr.strip() or 'not a git repository'})"
        else:  # root may be a folder inside the repository: the same folder inside the copy
            yield Path(tmp) / inside.stdout.strip(), None


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site

    started = time.perf_counter()
    site = Path(args.site_dir) if args.site_dir else None
    status = report(build_site(Path(args.root), site))
    if status == 0:
        shown = site or Path(args.root) / "site"
        print(
            f"built {shown} in {time.perf_counter() - started:.1f} s; view it with `{typed(Path(args.root), 'serve')}`",
            file=sys.stderr,
        )
    return status


def _index_dir(args: argparse.Namespace, site: Path | None = None) -> Path:
    """--index-dir, else the index beside the site (site/ -> site-index/), as the build puts it."""
    from .search.index import site_index_dir

    return Path(args.index_dir) if args.index_dir else site_index_dir(site or Path(args.root) / "site")


def cmd_search(args: argparse.Namespace) -> int:
    from .search.engine import IndexUnavailable, SearchError, parse_request, search, terminal_text

    params = {"q": args.query, "page": str(args.page), "exact": "1" if args.exact else ""}
    if args.passages is not None:
        params["passages"] = str(args.passages)
    params.update({name: value for name in FILTERS if (value := getattr(args, name))})
    try:
        request = parse_request(params)
        index = open_index(_index_dir(args))
        results = search(index, request)
    except SearchError as error:
        print(f"podcourse search: {error}", file=sys.stderr)
        return 2
    except IndexUnavailable as error:
        print(f"podcourse search: {error}", file=sys.stderr)
        return 1
    print(json.dumps(results.to_json(), indent=2, ensure_ascii=False) if args.json else terminal_text(results))
    return 0


def open_index(index_dir: Path):
    """The search index, opened before searching so that a damaged one (a segment cut short, a
    missing .toc) is named with what rebuilds it (`podcourse build` makes a damaged generation
    again from nothing). Whoosh raises whatever its reader hit (EOFError, UnpicklingError,
    EmptyIndexError, ...), so any error while opening means damage."""
    from .search.engine import IndexUnavailable, SearchIndex

    index = SearchIndex(index_dir)
    try:
        with index.session():
            return index
    except IndexUnavailable:
        raise
    except Exception as error:
        raise IndexUnavailable(
            f"{index_dir}: the search index is damaged or incomplete ({type(error).__name__}: "
            f"{error}); run `podcourse build` to make it again"
        ) from error


def cmd_serve(args: argparse.Namespace) -> int:
    from .build import recover_site
    from .serve import Limits, serve

    site = Path(args.site_dir) if args.site_dir else Path(args.root) / "site"
    recover_site(site)  # a build that died between its two renames left the old site aside
    if not (site / "index.html").is_file():
        print(f"{site}: no built site here; run `{typed(Path(args.root), 'build')}` first", file=sys.stderr)
        return 1
    try:
        given = {"connections": args.connection_limit, "idle_timeout_s": args.idle_timeout}
        limits = Limits(**{name: value for name, value in given.items() if value is not None})
        serve(site, _index_dir(args, site), host=args.host, port=args.port, workers=args.workers, limits=limits)
    except OSError as error:  # the port is taken, or the address is not this machine's
        print(f"podcourse serve: cannot listen on {args.host}:{args.port}: {error.strerror}", file=sys.stderr)
        return 1
    except RuntimeError as error:  # a worker could not start (its own error is logged above)
        print(f"podcourse serve: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    """MkDocs' live preview for a trainer: on 127.0.0.1, reloading the page on every save, with
    content errors shown on the pages (the plugin's preview mode) instead of a page that never
    loads; the terminal keeps to warnings and errors, what a trainer acts on."""
    os.environ["PODCOURSE_PREVIEW"] = "true"  # mkdocs.yml: preview: !ENV [PODCOURSE_PREVIEW, false]
    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # Material's documented switch for its end-of-life banner
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.WARNING)
    mkdocs_log.propagate = False
    config_file = Path(args.root) / "mkdocs.yml"
    if not config_file.is_file():
        print(f"{config_file}: missing: the MkDocs configuration of the site", file=sys.stderr)
        return 1
    print(
        f"previewing at http://127.0.0.1:{args.port}/ ; a page reloads when you save a file, "
        "and shows any problem on top; Ctrl+C stops",
        file=sys.stderr,
    )
    # Stopped by a service manager or a terminal closing (SIGTERM) as by Ctrl+C: MkDocs then
    # removes its temporary site, and the plugin the index beside it.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        serve(config_file=str(config_file), livereload=True, dev_addr=f"127.0.0.1:{args.port}")
    except OSError as error:
        print(
            f"podcourse preview: cannot listen on 127.0.0.1:{args.port}: {error.strerror or error}; "
            "try --port with another number",
            file=sys.stderr,
        )
        return 1
    except MkDocsException as error:
        print(f"podcourse preview: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_export_scorm(args: argparse.Namespace) -> int:
    from .scorm.export import export_scorm

    status = report(export_scorm(Path(args.root), Path(args.out), args.module))
    if status == 0:
        print(f"wrote {args.out}: a SCORM 1.2 package; upload it to the LMS as it is", file=sys.stderr)
    return status


FILTERS = ("type", "guest", "topic", "module", "year")


def port_number(text: str) -> int:
    """A TCP port; waitress would silently wrap 99999 round to another port."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return int(text)


def whole_number(low: int, high: int):
    """An argparse type for a whole number from low to high, refusing anything else with a reason."""

    def parse(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from {low} to {high}")
        return int(text)

    return parse


MAX_WORKERS = 64


def worker_count(text: str) -> int:
    """How many server processes: at least one, and not so many that they only fight for memory."""
    if not text.isdigit() or not 1 <= int(text) <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers (1-{MAX_WORKERS})")
    return int(text)


def default_workers() -> int:
    """One worker per CPU this process may run on: each worker searches on one core."""
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def existing_folder(text: str) -> str:
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"{text}: no such folder")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="podcourse", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        default=".",
        type=existing_folder,
        help="repository holding mkdocs.yml, content/ and quizzes/ (default: .)",
    )
    verbs = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    importer = verbs.add_parser(
        "import", help="import episode pages, blog archives, feeds and transcripts into content/"
    )
    importer.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="episode pages, blog archives, podcast feeds, transcripts (WebVTT, SRT, Podcasting 2.0 "
        "JSON or HTML, text with labels) and chapters files; a transcript's name gives its episode (e204.vtt)",
    )
    importer.add_argument(
        "--fetch",
        action="store_true",
        help="fetch the transcripts and chapters a feed links by web address (else only files next to the feed, "
        "and copies fetched before, are read)",
    )
    importer.set_defaults(run=cmd_import)

    check = verbs.add_parser(
        "check", help="validate all content and quizzes; report every problem as path:line: message"
    )
    check.add_argument(
        "--staged",
        action="store_true",
        help="check the files as the next commit holds them (git's staged versions), as the commit hook does",
    )
    check.set_defaults(run=cmd_check)

    build = verbs.add_parser("build", help="validate, then build the site into site/")
    build.add_argument("--site-dir", help="where to write the site (default: site/ beside mkdocs.yml)")
    build.set_defaults(run=cmd_build)

    finder = verbs.add_parser("search", help="search the built index: transcripts, notes, lessons, posts")
    finder.add_argument(
        "query",
        help='words, "a phrase", OR/NOT, -word, field:value (guest:kwame), prefix* (refer*); '
        "a query that starts with - goes after -- (podcourse search -- -kwame referrals)",
    )
    for name in FILTERS:
        finder.add_argument(f"--{name}", help=f"only results with this {name}")
    finder.add_argument("--page", type=int, default=1, help="page of results (10 pages of the site each)")
    finder.add_argument("--passages", type=int, help="matching passages shown per page found (default 10)")
    finder.add_argument(
        "--exact", action="store_true", help="search the words as typed, without correcting misspellings"
    )
    finder.add_argument("--json", action="store_true", help="print the results as JSON, as /api/search does")
    finder.add_argument("--index-dir", help="the search index (default: site-index/ beside site/)")
    finder.set_defaults(run=cmd_search)

    server = verbs.add_parser("serve", help="serve the built site and /api/search with waitress")
    server.add_argument(
        "--workers",
        type=worker_count,
        default=default_workers(),
        help="server processes, 1-64, each searching on its own core (default: one per CPU)",
    )
    server.add_argument("--port", type=port_number, default=8000, help="TCP port, 1-65535 (default: 8000)")
    server.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    server.add_argument(
        "--connection-limit",
        type=whole_number(10, 100_000),
        metavar="N",
        help="open connections a worker holds; at the limit the longest idle are closed (default: 2000)",
    )
    server.add_argument(
        "--idle-timeout",
        type=whole_number(1, 3600),
        metavar="SECONDS",
        help="close a connection idle this long, with no request running (default: 30)",
    )
    server.add_argument("--site-dir", help="the built site (default: site/)")
    server.add_argument("--index-dir", help="the search index (default: site-index/ beside site/)")
    server.set_defaults(run=cmd_serve)

    preview = verbs.add_parser(
        "preview", help="a live preview on 127.0.0.1 that reloads when you save and shows problems on the page"
    )
    preview.add_argument("--port", type=port_number, default=8000, help="TCP port, 1-65535 (default: 8000)")
    preview.set_defaults(run=cmd_preview)

    exporter = verbs.add_parser("export", help="package the course for elsewhere: scorm (a SCORM 1.2 zip for an LMS)")
    formats = exporter.add_subparsers(dest="format", required=True, metavar="FORMAT")
    scorm = formats.add_parser("scorm", help="write a SCORM 1.2 package of the course, or of one module")
    scorm.add_argument("out", metavar="OUT.zip", help="the package to write (replaced whole, or left as it was)")
    scorm.add_argument("--module", metavar="ID", help="only this module of content/course/path.yml")
    scorm.set_defaults(run=cmd_export_scorm)

    from .scaffold import add_new_command  # `podcourse new episode|lesson|module|quiz` (publishing issue)

    add_new_command(verbs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("podcourse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `podcourse search ... | head` closed the pipe: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
