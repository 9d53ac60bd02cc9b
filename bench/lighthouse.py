"""Lighthouse on every kind of page of an N-episode catalogue: what a phone pays for a first view.

    .venv/bin/python bench/lighthouse.py -n 1000 [--site DIR] [--runs 3] [--out FILE] [--compare FILE]

The goals of issue 18, at N = 1000, on every kind of page: performance at least 95, total bytes
of the first view at most 350 KiB uncompressed, total blocking time under 200 ms.

- **The site**: the synthetic catalogue of bench/catalogue.py, built with `podcourse build`. A
  1,000-episode build takes minutes: `--site DIR` builds into DIR the first time and measures
  what DIR holds on every later run (delete it, or name another, to measure new code).
- **The server**: a plain static file server on loopback (tests/browser.py: Python's, no
  compression), as the cheapest host would serve it; every byte counts as sent.
- **Lighthouse** from npm, pinned in bench/package.json and installed by this script into
  bench/node_modules (`npm ci`, once per lock), driving Debian's Chromium (CHROME_PATH); it
  downloads no browser. Its default settings are the mobile preset: a mid-range phone's screen,
  simulated slow 4G (150 ms, 1.6 Mbit/s) and a CPU 4x slower than this machine's.
- **The pages**: for each kind (home, an episode, the episode index, a guest, a topic, a series,
  a module with its quiz, a lesson, the search page, What's new), the largest page of that kind
  the site holds, so each row is its kind's worst case. Sections are found as a listener finds
  them, by the labels of the site's tabs; an episode by episodes.json.
- **Figures**: the performance score, LCP, TBT, CLS (layout shift: a part of the score), the bytes of every response of the first view
  (Lighthouse's total-byte-weight), the number of requests, and the largest three. With
  `--runs K`, each figure is the median of K runs.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bench.catalogue import make_catalogue  # noqa: E402
from bench.run import our_build  # noqa: E402

CHROME = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
KIB = 1024
GOALS = {"performance": 95, "bytes": 350 * KIB, "tbt_ms": 200}
"""At least 95, at most 350 KiB, under 200 ms (issue 18)."""


@dataclass
class Figures:
    """One page's first view, as Lighthouse measured it (medians over the runs)."""

    kind: str
    path: str  # site-relative URL
    performance: float
    lcp_ms: float
    tbt_ms: float
    cls: float
    bytes: int
    requests: int
    largest: list[tuple[str, int]] = field(default_factory=list)  # (site-relative URL, bytes), largest first

    def goals_met(self) -> dict[str, bool]:
        return {"performance": self.performance >= GOALS["performance"], "bytes": self.bytes <= GOALS["bytes"],
                "tbt": self.tbt_ms < GOALS["tbt_ms"]}


# ---- Lighthouse, installed from the lock ---------------------------------------------------------

def ensure_lighthouse() -> Path:
    """bench/node_modules/.bin/lighthouse, installed by `npm ci` when the lock changed (as ./run
    installs the tests' npm packages)."""
    lock = HERE / "package-lock.json"
    stamp = HERE / "node_modules" / f".installed-{hashlib.sha1(lock.read_bytes()).hexdigest()[:12]}"
    if not stamp.is_file() or not LIGHTHOUSE.is_file():
        if shutil.which("npm") is None:
            raise SystemExit("bench/lighthouse.py: npm is missing: Lighthouse is installed from npm (Node.js 18.16+)")
        print("installing Lighthouse (bench/node_modules, once per lock)...", file=sys.stderr, flush=True)
        subprocess.run(["npm", "ci", "--prefix", str(HERE), "--no-audit", "--no-fund", "--loglevel=error"], check=True)
        for old in (HERE / "node_modules").glob(".installed-*"):
            old.unlink()
        stamp.touch()
    if not CHROME.is_file():
        raise SystemExit(f"bench/lighthouse.py: {CHROME} is missing: install Debian's chromium (or set CHROME_PATH)")
    return LIGHTHOUSE


def lighthouse_version() -> str:
    return json.loads((HERE / "node_modules" / "lighthouse" / "package.json").read_text())["version"]


def run_lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run (performance only, default mobile settings); its JSON report."""
    command = [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
               f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}", "--quiet"]
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": str(CHROME)}, capture_output=True, text=True)
    if done.returncode != 0 or not report.is_file():
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    result = json.loads(report.read_text(encoding="utf-8"))
    if result.get("runtimeError"):
        raise SystemExit(f"lighthouse could not load {url}: {result['runtimeError']}")
    return result


def figures_of(kind: str, path: str, base: str, reports: list[dict]) -> Figures:
    """The figures of one page from its runs' reports: the median of each."""
    def median(audit: str) -> float:
        return statistics.median(r["audits"][audit]["numericValue"] for r in reports)

    requests = [_requests(r, base) for r in reports]
    middle = sorted(requests, key=lambda found: sum(found.values()))[len(requests) // 2]
    largest = sorted(middle.items(), key=lambda item: -item[1])[:3]
    return Figures(kind, path, round(statistics.median(r["categories"]["performance"]["score"] * 100 for r in reports)),
                   round(median("largest-contentful-paint")), round(median("total-blocking-time")),
                   round(median("cumulative-layout-shift"), 3), round(median("total-byte-weight")), len(middle), largest)


def _requests(report: dict, base: str) -> dict[str, int]:
    """Site-relative URL -> bytes received, for every request of the run (the page's too)."""
    found: dict[str, int] = {}
    for item in report["audits"]["network-requests"]["details"]["items"]:
        url = item["url"]
        name = (url[len(base):] if url.startswith(base) else url) or "(home)"
        found[name] = found.get(name, 0) + int(item.get("transferSize") or 0)
    return found


# ---- the site and its pages ----------------------------------------------------------------------

def built_site(n: int, site: Path | None, repo: Path | None) -> Path:
    """A built site of the N-episode catalogue: `site` as it is when it holds one, else built there
    (or in a temporary folder) from `repo` (a catalogue made before) or a new catalogue."""
    if site is not None and (site / "index.html").is_file():
        print(f"measuring the site already built in {site}", flush=True)
        return site
    work = Path(tempfile.mkdtemp(prefix="podcourse-lighthouse-"))
    root = repo
    if root is None or not (root / "mkdocs.yml").is_file():
        root, problems = make_catalogue(root or work / "repo", n)
        if any(p.severity == "error" for p in problems):
            raise SystemExit("synthetic import failed:\n" + "\n".join(map(str, problems[:20])))
    site = site or work / "site"
    print(f"building {n} episodes into {site} (minutes)...", flush=True)
    run = our_build(root, site)
    if not run.ok:
        raise SystemExit(f"the build failed:\n{run.log_tail}")
    print(f"built in {run.wall_s} s", flush=True)
    return site


_TAB = re.compile(r'<a href="([^"]*)" class="md-tabs__link[^"]*">\s*([^<]+?)\s*</a>')


def section_paths(site: Path) -> dict[str, str]:
    """The site's sections as its tabs name them ("Episodes" -> "episodes/"), site-relative."""
    home = (site / "index.html").read_text(encoding="utf-8")
    return {label: urlsplit(href).path.lstrip("./") if href not in (".", "./") else ""
            for href, label in _TAB.findall(home)}


def pages_below(site: Path, section: str, depth: int) -> list[Path]:
    """The pages `depth` folders below a section (directory URLs: each page is a folder's index.html)."""
    return [page for page in (site / section).glob("/".join(["*"] * depth) + "/index.html") if page.is_file()]


def largest(pages: list[Path], what: str) -> Path:
    if not pages:
        raise SystemExit(f"the site has no {what}")
    return max(pages, key=lambda page: (page.stat().st_size, str(page)))


def pages_to_measure(site: Path) -> list[tuple[str, str]]:
    """(kind, site-relative URL) of the largest page of each kind."""
    tabs = section_paths(site)

    def section(label: str) -> str:
        if label not in tabs:
            raise SystemExit(f"{site / 'index.html'}: no tab named {label!r} (tabs: {', '.join(tabs)})")
        return tabs[label]

    def url(page: Path) -> str:
        return page.parent.relative_to(site).as_posix() + "/"

    catalogue = json.loads((site / "episodes.json").read_text(encoding="utf-8"))
    episodes = catalogue["episodes"] if isinstance(catalogue, dict) else catalogue
    episode_pages = [site / urlsplit(e["url"]).path.lstrip("/") / "index.html" for e in episodes]
    course = section("Course")
    modules = [p for p in pages_below(site, course, 1) if 'class="pc-quiz' in p.read_text(encoding="utf-8")]
    return [
        ("home", ""),
        ("an episode", url(largest([p for p in episode_pages if p.is_file()], "episode page"))),
        ("the episode index", section("Episodes")),
        ("a guest", url(largest(pages_below(site, section("Guests"), 1), "guest page"))),
        ("a topic", url(largest(pages_below(site, section("Topics"), 1), "topic page"))),
        ("a series", url(largest(pages_below(site, section("Series"), 1), "series page"))),
        ("a module with its quiz", url(largest(modules, "module page with a quiz"))),
        ("a lesson", url(largest(pages_below(site, course, 2), "lesson page"))),
        ("the search page", section("Search")),
        ("What's new", section("What's new")),
    ]


# ---- measuring and reporting ---------------------------------------------------------------------

def measure(site: Path, runs: int) -> list[Figures]:
    from browser import static_server

    results = []
    with static_server(site) as base, tempfile.TemporaryDirectory() as reports:
        for kind, path in pages_to_measure(site):
            found = [run_lighthouse(base + path, Path(reports) / f"{len(results)}-{k}.json") for k in range(runs)]
            results.append(figures_of(kind, path, base, found))
            print(f"  {kind}: {row(results[-1])}", flush=True)
    return results


def kib(size: float) -> str:
    return f"{size / KIB:,.0f} KiB"


def row(f: Figures) -> str:
    largest = ", ".join(f"{name} {kib(size)}" for name, size in f.largest)
    return (f"{f.performance:.0f} | {f.lcp_ms / 1000:.1f} s | {f.tbt_ms:,.0f} ms | {f.cls:.2f} | {kib(f.bytes)} | "
            f"{f.requests} | {largest}")


def print_table(results: list[Figures], header: str) -> None:
    print(f"\n{header}\n")
    print("| page | performance | LCP | TBT | CLS | bytes | requests | largest requests |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for f in results:
        misses = [goal for goal, met in f.goals_met().items() if not met]
        print(f"| {f.kind} (`{f.path or '/'}`) | {row(f)} |" + (f" missed: {', '.join(misses)}" if misses else ""))
    met = sum(all(f.goals_met().values()) for f in results)
    print(f"\n{met} of {len(results)} pages meet every goal (performance >= {GOALS['performance']}, "
          f"bytes <= {kib(GOALS['bytes'])}, TBT < {GOALS['tbt_ms']} ms)")


def print_comparison(old: list[dict], new: list[Figures]) -> None:
    before = {f["kind"]: f for f in old}
    print("\n| page | performance | LCP | TBT | bytes |")
    print("| --- | --- | --- | --- | --- |")
    for f in new:
        b = before.get(f.kind)
        if b is None:
            continue
        print(f"| {f.kind} | {b['performance']:.0f} -> {f.performance:.0f} | {b['lcp_ms'] / 1000:.1f} -> "
              f"{f.lcp_ms / 1000:.1f} s | {b['tbt_ms']:,.0f} -> {f.tbt_ms:,.0f} ms | "
              f"{kib(b['bytes'])} -> {kib(f.bytes)} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="synthetic episodes")
    parser.add_argument("--site", type=Path, help="a built site to measure; built there first when it holds none")
    parser.add_argument("--repo", type=Path, help="a catalogue made by bench/catalogue.py to build (else a new one)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (figures are medians)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--compare", type=Path, help="an earlier --out file to compare against")
    args = parser.parse_args(argv)
    ensure_lighthouse()
    site = built_site(args.n, args.site, args.repo)
    results = measure(site, max(1, args.runs))
    print_table(results, f"N = {args.n}, Lighthouse {lighthouse_version()} (mobile), {args.runs} run(s) a page, "
                         f"site {site}")
    if args.compare:
        print_comparison(json.loads(args.compare.read_text(encoding="utf-8"))["pages"], results)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"n": args.n, "lighthouse": lighthouse_version(), "runs": args.runs,
                                        "pages": [asdict(f) for f in results]}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
