"""The `podcourse` command: one verb per step a trainer takes (import, check, build, ...).

Problems go to stderr as `path:line: message`; any error makes the exit code 1.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .model import Problem


def report(problems: list[Problem]) -> int:
    """Print every problem, errors and warnings alike; the exit code says whether any was an error."""
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if any(p.severity == "error" for p in problems) else 0


def cmd_import(args: argparse.Namespace) -> int:
    from .importing import import_sources

    return report(import_sources([Path(p) for p in args.paths], Path(args.root)))


def cmd_check(args: argparse.Namespace) -> int:
    from .load import errors, load_catalogue

    _, problems = load_catalogue(Path(args.root))
    status = report(problems)
    if status == 0:
        print(f"content OK ({len(problems)} warnings)" if problems else "content OK", file=sys.stderr)
    return status if errors(problems) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site

    return report(build_site(Path(args.root), Path(args.site_dir) if args.site_dir else None))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="podcourse", description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", help="repository holding mkdocs.yml, content/ and quizzes/ (default: .)")
    verbs = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    importer = verbs.add_parser("import", help="import raw episode pages or blog archives into content/")
    importer.add_argument("paths", nargs="+", metavar="PATH", help="raw page files (.txt)")
    importer.set_defaults(run=cmd_import)

    check = verbs.add_parser("check", help="validate all content and quizzes; report every problem as path:line: message")
    check.set_defaults(run=cmd_check)

    build = verbs.add_parser("build", help="validate, then build the site into site/")
    build.add_argument("--site-dir", help="where to write the site (default: site/ beside mkdocs.yml)")
    build.set_defaults(run=cmd_build)

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


if __name__ == "__main__":
    sys.exit(main())
