"""The static search index at N episodes: what it adds to the build, and what a first query downloads.

    .venv/bin/python bench/static_search.py -n 1000 [--repo DIR] [--rounds 2] [--out FILE]

Two figures, against the goals of issue 11 (at N = 1000: at most 25 % more build time, at most
300 KB for a first query):
  - **build overhead**: a full `podcourse build` (no previous site nor index) of the same
    repository with the plugin's `static_index: false` and with it on (the default),
    alternated `--rounds` times each, in subprocesses; the overhead is the median with over
    the median without, minus one. Peak memory (all processes) is printed beside.
  - **first query bytes**: the built site served by a plain static server under a subpath
    (`sub/`, as GitHub Pages does), the search page opened in headless Chromium, then the body
    of every response counted from the first keystroke in the search field to the results
    drawn: Pagefind's script, wasm, metadata, filter and index chunks, fragments, and
    search/backend.json. Beside it, the bytes once the listener has scrolled to the tenth
    result (the later results' fragments are read then). A fresh browser profile for each
    query (nothing cached). Pagefind's files are compressed by Pagefind itself; a static host
    that gzips adds nothing to them.
The repository is the synthetic catalogue of bench/catalogue.py (made in a temp folder unless
--repo names one made before; its site-overrides/ is replaced by the repository's, so that the
search module measured is the one under test). bench/run.py calls `measure` for its largest N.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bench.catalogue import make_catalogue, refresh_theme  # noqa: E402
from bench.run import our_build, tree_bytes  # noqa: E402

# Listener queries: words the synthetic transcripts hold (cut from the sample's): a rare pair, a
# word, a pair, a question with common words, a very common word, and four words (each word that
# is not common fetches its own index chunk, 25-40 KB at N = 1000).
FIRST_QUERIES = ("lizard brain", "referrals", "negotiation conflict", "ask for the sale", "sales",
                 "silence tension negotiation conflict")
GOAL_BYTES = 300_000
GOAL_OVERHEAD = 0.25


def static_index_off(root: Path, on: bool) -> None:
    """Set the podcourse plugin's static_index option in the repository copy's mkdocs.yml."""
    config = root / "mkdocs.yml"
    text = re.sub(r"\n      static_index: (true|false)", "", config.read_text(encoding="utf-8"))
    text, found = re.subn(r"(\n  - podcourse:\n)", rf"\1      static_index: {'true' if on else 'false'}\n", text)
    if not found:
        raise SystemExit(f"{config}: no `- podcourse:` plugin entry to configure")
    config.write_text(text, encoding="utf-8")


def build_overhead(root: Path, rounds: int) -> dict:
    site = root / "site"
    times: dict[str, list[float]] = {"without": [], "with": []}
    memory: dict[str, list[float]] = {"without": [], "with": []}
    for _ in range(rounds):
        for label, on in (("without", False), ("with", True)):
            static_index_off(root, on)
            for previous in (site, root / "site-index"):  # a full build: no pages to copy, no index to update
                shutil.rmtree(previous, ignore_errors=True)
            run = our_build(root, site)
            if not run.ok:
                raise SystemExit(f"build {label} the static index failed:\n{run.log_tail}")
            times[label].append(run.wall_s)
            memory[label].append(run.peak_rss_mb)
            print(f"  build {label} static index: {run.wall_s} s, {run.peak_rss_mb} MB", flush=True)
    without, with_ = statistics.median(times["without"]), statistics.median(times["with"])
    return {"without_s": times["without"], "with_s": times["with"], "median_without_s": without,
            "median_with_s": with_, "overhead": round(with_ / without - 1, 3),
            "peak_rss_mb_without": max(memory["without"]), "peak_rss_mb_with": max(memory["with"]),
            "bundle_bytes": tree_bytes(site / "pagefind")}


def first_query_bytes(site: Path, queries=FIRST_QUERIES) -> dict:
    """Bytes of every response from the first keystroke to the drawn results, per query."""
    from playwright.sync_api import sync_playwright

    from browser import fresh_browser, static_server

    with tempfile.TemporaryDirectory() as host:
        (Path(host) / "sub").symlink_to(site.resolve())
        figures = {}
        with static_server(Path(host)) as base, sync_playwright() as driver:
            for query in queries:
                with fresh_browser(driver) as context:
                    page = context.new_page()
                    page.goto(base + "sub/search/")
                    page.wait_for_load_state("networkidle")
                    responses = []
                    page.on("response", lambda response: responses.append(response))
                    page.type("#pc-search-q", query)
                    started = time.perf_counter()
                    page.press("#pc-search-q", "Enter")
                    page.locator("li.pc-result, #pc-search-status.pc-search-error").first.wait_for(timeout=30_000)
                    seconds = time.perf_counter() - started
                    page.wait_for_load_state("networkidle")
                    files = {}
                    for response in filter(downloaded, responses):
                        files[response.url.split("/sub/", 1)[-1]] = (response.status, len(response.body()))
                    bad = {url: status for url, (status, _) in files.items() if status >= 400}
                    if bad:
                        raise SystemExit(f"{query!r}: failed requests {bad}")
                    scrolled = bytes_after_scrolling(page, responses)
                    figures[query] = {"bytes": sum(size for _, size in files.values()), "requests": len(files),
                                      "bytes_after_scrolling": scrolled,
                                      "ms_to_results": round(seconds * 1000),
                                      "results": page.locator("li.pc-result").count(),
                                      "files": {url: size for url, (_, size) in sorted(files.items())}}
                    print(f"  first query {query!r}: {figures[query]['bytes'] / 1000:.1f} KB in "
                          f"{len(files)} requests, results drawn {figures[query]['ms_to_results']} ms after Enter "
                          f"(local server, nothing cached); {scrolled / 1000:.1f} KB once scrolled to the tenth",
                          flush=True)
    return figures


def bytes_after_scrolling(page, responses) -> int:
    """Every response's bytes once the listener has scrolled to the end of the first page of
    results, which reads the pages search.js holds back until then (`.pc-results-later`)."""
    waiting = page.locator(".pc-results-later")
    if waiting.count():
        waiting.scroll_into_view_if_needed()
        page.wait_for_function("() => !document.querySelector('.pc-results-later')", timeout=30_000)
        page.wait_for_load_state("networkidle")
    return sum(len(r.body()) for r in filter(downloaded, responses))


def downloaded(response) -> bool:
    """Fetched over the network: not blob: (pagefind.js unzipped in memory) nor data:."""
    return response.url.startswith("http")


def measure(root: Path, rounds: int = 2) -> dict:
    """Both figures for the repository at root (a synthetic catalogue, built here)."""
    overhead = build_overhead(root, rounds)
    queries = first_query_bytes(root / "site")
    largest = max(q["bytes"] for q in queries.values())
    return {"build": overhead, "first_query": queries, "first_query_max_bytes": largest,
            "goals": {"overhead_met": overhead["overhead"] <= GOAL_OVERHEAD, "bytes_met": largest <= GOAL_BYTES}}


def measure_bytes(root: Path) -> dict:
    """The first queries' downloads only, from one full build with the static index."""
    static_index_off(root, True)
    run = our_build(root, root / "site")
    if not run.ok:
        raise SystemExit(f"the build failed:\n{run.log_tail}")
    queries = first_query_bytes(root / "site")
    largest = max(q["bytes"] for q in queries.values())
    print(f"  first query download: at most {largest / 1000:.0f} KB (goal at most {GOAL_BYTES / 1000:.0f} KB: "
          f"{'met' if largest <= GOAL_BYTES else 'MISSED'})")
    return {"first_query": queries, "first_query_max_bytes": largest}


def print_summary(n: int, result: dict) -> None:
    build = result["build"]
    print(f"static search at N={n}:")
    print(f"  build time: {build['median_without_s']} s without the static index, {build['median_with_s']} s with: "
          f"+{build['overhead'] * 100:.0f} % (goal at most {GOAL_OVERHEAD * 100:.0f} %: "
          f"{'met' if result['goals']['overhead_met'] else 'MISSED'}); bundle {build['bundle_bytes'] / 1e6:.1f} MB; "
          f"peak memory {build['peak_rss_mb_without']:.0f} -> {build['peak_rss_mb_with']:.0f} MB (all processes)")
    sizes = ", ".join(f"{q!r} {v['bytes'] / 1000:.0f} KB" for q, v in result["first_query"].items())
    print(f"  first query download: at most {result['first_query_max_bytes'] / 1000:.0f} KB "
          f"(goal at most {GOAL_BYTES / 1000:.0f} KB: {'met' if result['goals']['bytes_met'] else 'MISSED'}): {sizes}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="synthetic episodes")
    parser.add_argument("--repo", type=Path, help="a repository copy made by bench/catalogue.py (else a temp one)")
    parser.add_argument("--rounds", type=int, default=2, help="builds with and without, each")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--bytes-only", action="store_true",
                        help="build once and measure the first queries' downloads, not the build overhead")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="podcourse-static-bench-"))
    try:
        root = args.repo
        if root is None:
            root, problems = make_catalogue(work / "repo", args.n)
            if any(p.severity == "error" for p in problems):
                raise SystemExit("synthetic import failed:\n" + "\n".join(map(str, problems[:20])))
        else:
            refresh_theme(root)  # the search module under test, not the one the copy was made with
        if args.bytes_only:
            result = {"n": args.n, **measure_bytes(root)}
        else:
            result = {"n": args.n, **measure(root, args.rounds)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not args.bytes_only:
        print_summary(args.n, result)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
