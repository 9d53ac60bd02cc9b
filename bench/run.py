"""The scale benchmark: our build and search against plain MkDocs + Material, at N episodes.

    .venv/bin/python bench/run.py --sizes 100,300,1000 --out bench/out/results.json [--compare old.json]

For each N it makes a synthetic catalogue (bench/catalogue.py) in a temp repository copy, then
measures, each build in its own subprocess so that its peak memory is its own:
  - our full build (`podcourse build`) and the baseline (the same episodes as plain Markdown
    pages in MkDocs + Material, default search and navigation): wall time, peak RSS, site size,
    and the bytes a browser downloads to run its first search;
  - a rebuild after editing one episode, and the Whoosh update for that edit alone;
  - Whoosh query latency (p50/p99) in process over a fixed query set;
  - `podcourse serve` on loopback: requests per second and errors, bounded in count and time.
It prints a table and writes JSON; --compare prints the change against an earlier JSON.
Timings on a shared machine are noisy: compare ratios, and rerun before trusting a small change.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.catalogue import FIRST_NUMBER, make_catalogue  # noqa: E402
from bench.loopback import free_port, wait_for  # noqa: E402

BIN = Path(sys.executable).parent
# A fixed query set: single words, a phrase, a field query, a prefix, a misspelling.
QUERIES = ("negotiation", "referrals", "mindset", "objections", "asking for the sale",
           '"sales experience"', "guest:synthb", "confiden*", "refferals", "team leader",
           "authentic persuasion", "silence tension", "goal resource request", "customer", "prospect")
HTTP_REQUESTS = 600  # bound on the load test, with HTTP_SECONDS
HTTP_SECONDS = 20
HTTP_CLIENTS = 4


@dataclass
class Run:
    """One subprocess: how long it took, its memory, and whether it worked.

    peak_rss_mb is the peak of the summed resident memory of the process and every process it
    started (our build forks one to index in parallel): counting pages the two share twice, it
    errs high. peak_pss_mb shares them out (Linux's proportional set size), and
    largest_process_mb is the biggest single process (wait4's ru_maxrss)."""

    wall_s: float
    peak_rss_mb: float
    ok: bool
    peak_pss_mb: float = 0.0
    largest_process_mb: float = 0.0
    log_tail: str = ""


def process_tree(pid: int) -> list[int]:
    """pid and its descendants, from /proc (children of every thread)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                queue += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def tree_memory_kb(pid: int) -> tuple[int, int]:
    """(summed RSS, summed PSS) in KB of a process tree right now."""
    rss = pss = 0
    for member in process_tree(pid):
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:  # exited meanwhile
            pass
    return rss, pss


class MemorySampler(threading.Thread):
    """Polls a process tree's memory every 20 ms until stopped; keeps the peaks."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.peak_pss = pid, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            rss, pss = tree_memory_kb(self.pid)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)


def run_measured(command: list[str], cwd: Path) -> Run:
    """Run command to completion, sampling its process tree's memory (see Run)."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        sampler = MemorySampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        tail = log.read().decode("utf-8", "replace")[-2000:]
    largest = usage.ru_maxrss
    return Run(round(wall, 2), round(max(sampler.peak_rss, largest) / 1024, 1), process.returncode == 0,
               peak_pss_mb=round(sampler.peak_pss / 1024, 1), largest_process_mb=round(largest / 1024, 1),
               log_tail=tail)


def tree_bytes(path: Path) -> int:
    """Total size of the files under path (what a host stores and uploads)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


# ---- what a browser downloads to run its first search ------------------------------------------

_ASSET = re.compile(r'(?:src|href)="([^"#?]+\.(?:js|css))(?:\?[^"]*)?"')


def page_assets(site: Path, page: Path) -> list[Path]:
    """The page and the local scripts and stylesheets it references."""
    html = page.read_text(encoding="utf-8")
    found = [page]
    for ref in _ASSET.findall(html):
        if ref.startswith(("http:", "https:", "//")):
            continue
        target = (page.parent / ref).resolve() if not ref.startswith("/") else site / ref.lstrip("/")
        if target.is_file() and target not in found:
            found.append(target)
    return found


def material_search_files(site: Path) -> list[Path]:
    """Material's search: its worker script and the JSON index it fetches."""
    files = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    index = site / "search" / "search_index.json"
    return files + ([index] if index.exists() else [])


def first_search_bytes(site: Path, page: Path, extra: int = 0) -> dict:
    """Bytes for the first search from `page`: the page with its assets, Material's search index
    and worker when the site has them (Material loads them on every page), and `extra` (our API
    response)."""
    shell = sum(p.stat().st_size for p in page_assets(site, page))
    search = sum(p.stat().st_size for p in material_search_files(site))
    return {"page_and_assets": shell, "material_search": search, "api_response": extra,
            "total": shell + search + extra}


# ---- the baseline: plain Markdown pages in MkDocs + Material ------------------------------------

BASELINE_CONFIG = """site_name: Baseline – plain MkDocs + Material
theme:
  name: material
  font: false
plugins:
  - search
"""


def baseline_page(episode) -> str:
    """An episode as a user would drop it in: title, notes, quotes, the transcript as paragraphs."""
    lines = [f"# {episode.code}: {episode.title}", "", f"{episode.date:%B %d, %Y}", ""]
    if episode.guests:
        lines += ["Guests: " + ", ".join(episode.guests), ""]
    lines += [episode.hook, "", episode.description, ""]
    lines += [f"> {quote}\n" for quote in episode.quotes]
    lines += ["## Transcript", ""]
    for turn in episode.transcript:
        lines += [f"**{turn.speaker}:** {turn.text}", ""]
    return "\n".join(lines)


def write_baseline(root: Path, catalogue) -> Path:
    """A MkDocs project with one Markdown page per episode, default nav (every page) and search."""
    project = root / "baseline"
    docs = project / "docs" / "episodes"
    docs.mkdir(parents=True)
    (project / "docs" / "index.md").write_text(f"# {catalogue.show_title}\n\nEvery episode, in the nav.\n")
    for episode in catalogue.episodes:
        (docs / f"{episode.slug}.md").write_text(baseline_page(episode), encoding="utf-8")
    (project / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    return project


# ---- search: in process and over HTTP ------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def query_latency(index_dir: Path, rounds: int = 5) -> dict:
    """p50/p99 of in-process searches (with highlights, as the endpoint does) over QUERIES.

    A first round opens the index and warms the caches, as a running server would have."""
    from generator.search.engine import SearchIndex, parse_request, search

    index = SearchIndex(index_dir)
    requests = [parse_request({"q": query}) for query in QUERIES]
    for request in requests:
        search(index, request)
    times = []
    for _ in range(rounds):
        for request in requests:
            start = time.perf_counter()
            search(index, request)
            times.append((time.perf_counter() - start) * 1000)
    return {"queries": len(times), "p50_ms": round(percentile(times, 0.5), 2),
            "p99_ms": round(percentile(times, 0.99), 2), "max_ms": round(max(times), 2)}


def http_load(base: str) -> dict:
    """Requests per second against /api/search on loopback, HTTP_CLIENTS at a time, bounded."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(HTTP_REQUESTS))
    deadline = time.monotonic() + HTTP_SECONDS

    def client() -> None:
        for i in counter:
            if time.monotonic() > deadline:
                return
            url = f"{base}/api/search?q={urllib.parse.quote(QUERIES[i % len(QUERIES)])}"
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    response.read()
                    failure = None if response.status == 200 else f"HTTP {response.status}"
            except urllib.error.HTTPError as error:
                failure = f"HTTP {error.code}"
            except (urllib.error.URLError, OSError) as error:
                failure = str(error)
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)
                if failure:
                    errors.append(failure)

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(HTTP_CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return {"requests": len(latencies), "errors": len(errors), "error_sample": errors[:3], "req_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(percentile(latencies, 0.5), 1), "p99_ms": round(percentile(latencies, 0.99), 1)}


def serve_and_load(root: Path, site: Path) -> dict:
    """Start `podcourse serve` on a free loopback port, fetch one search, run the load, stop it."""
    port = free_port()
    from generator.cli import default_workers

    workers = default_workers()  # one per core: `podcourse serve`'s default, said out loud
    command = [str(BIN / "podcourse"), "--root", str(root), "serve", "--host", "127.0.0.1", "--port", str(port),
               "--site-dir", str(site), "--workers", str(workers)]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            if not wait_for(f"{base}/api/search?q=sales"):
                log.seek(0)
                return {"error": "serve did not answer: " + log.read().decode("utf-8", "replace")[-500:]}
            with urllib.request.urlopen(f"{base}/api/search?q={QUERIES[0]}") as response:
                first = len(response.read())
            return {"workers": workers, "first_response_bytes": first, **http_load(base)}
        finally:
            server.terminate()
            server.wait(timeout=10)


# ---- one size -----------------------------------------------------------------------------------

def edit_one_episode(root: Path, number: int) -> Path:
    """A trainer's edit: one sentence appended to the first turn of one episode's transcript."""
    import yaml

    path = root / "content" / "episodes" / f"e{number}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["transcript"][0]["text"] += " Edited for the rebuild benchmark."
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    return path


def index_update_alone(root: Path, index_dir: Path, number: int) -> dict:
    """The Whoosh update for one edited episode, in process (loading the catalogue timed apart)."""
    from generator.search.index import build_index, documents_from_catalogue
    from generator.load import load_catalogue

    edit_one_episode(root, number)
    start = time.perf_counter()
    catalogue, _ = load_catalogue(root)
    documents = documents_from_catalogue(catalogue)
    prepared = time.perf_counter()
    report = build_index(documents, index_dir)
    done = time.perf_counter()
    return {"load_and_documents_s": round(prepared - start, 2), "whoosh_update_s": round(done - prepared, 2),
            "report": str(report)}


def our_build(root: Path, site: Path) -> Run:
    return run_measured([str(BIN / "podcourse"), "--root", str(root), "build", "--site-dir", str(site)], root)


def find_index_dir(root: Path, site: Path) -> Path:
    """Where the build put the Whoosh index: beside the site (site-index/) by convention."""
    for candidate in (site.parent / "site-index", root / "site-index", site / "search-index"):
        if candidate.is_dir():
            return candidate
    return root / "site-index"


def search_page(site: Path) -> Path:
    for candidate in ("search/index.html", "index.html"):
        if (site / candidate).is_file():
            return site / candidate
    raise FileNotFoundError(f"{site}: no page to search from")


def measure_size(n: int, work: Path, *, http: bool, static: bool = False) -> dict:
    """Every figure for one catalogue size."""
    from generator.load import load_catalogue

    result: dict = {"n": n}
    start = time.perf_counter()
    root, problems = make_catalogue(work / "repo", n)
    errors = [str(p) for p in problems if p.severity == "error"]
    if errors:
        raise SystemExit("synthetic import failed:\n" + "\n".join(errors[:20]))
    catalogue, _ = load_catalogue(root)
    result["episodes"] = len(catalogue.episodes)
    result["import_s"] = round(time.perf_counter() - start, 2)
    print(f"[N={n}] {len(catalogue.episodes)} episodes imported in {result['import_s']} s", flush=True)

    site = root / "site"
    ours = our_build(root, site)
    if not ours.ok:
        raise SystemExit(f"our build failed:\n{ours.log_tail}")
    index_dir = find_index_dir(root, site)
    result["ours"] = {**asdict(ours), "site_bytes": tree_bytes(site), "index_bytes": tree_bytes(index_dir)}
    print(f"[N={n}] ours: {ours.wall_s} s, {ours.peak_rss_mb} MB", flush=True)

    project = write_baseline(work, catalogue)
    base = run_measured([str(BIN / "mkdocs"), "build", "-q", "-f", str(project / "mkdocs.yml")], project)
    if not base.ok:
        raise SystemExit(f"baseline build failed:\n{base.log_tail}")
    base_site = project / "site"
    result["baseline"] = {**asdict(base), "site_bytes": tree_bytes(base_site), "index_bytes": 0,
                          "first_search": first_search_bytes(base_site, base_site / "index.html")}
    print(f"[N={n}] baseline: {base.wall_s} s, {base.peak_rss_mb} MB", flush=True)

    result["search"] = query_latency(index_dir) if index_dir.is_dir() else {"error": f"no index at {index_dir}"}
    result["http"] = serve_and_load(root, site) if http else {}
    api_bytes = result["http"].get("first_response_bytes", 0)
    result["ours"]["first_search"] = first_search_bytes(site, search_page(site), api_bytes)

    edited = FIRST_NUMBER + n // 2
    edit_one_episode(root, edited)
    rebuild = our_build(root, site)
    result["rebuild"] = asdict(rebuild)
    if index_dir.is_dir():
        result["rebuild"].update(index_update_alone(root, index_dir, edited))
    if static:  # the static (Pagefind) index: its build overhead and a first query's bytes (bench/static_search.py)
        from bench.static_search import measure as measure_static_search
        result["static_search"] = measure_static_search(root, rounds=1)
    for run in (result["ours"], result["baseline"], result["rebuild"]):
        run.pop("log_tail", None)
    result["ratios"] = ratios(result)
    return result


def ratios(result: dict) -> dict:
    ours, base = result["ours"], result["baseline"]
    share = lambda a, b: round(a / b, 3) if b else None  # noqa: E731
    return {"build_time": share(ours["wall_s"], base["wall_s"]),
            "peak_memory": share(ours["peak_rss_mb"], base["peak_rss_mb"]),
            "site_size": share(ours["site_bytes"] + ours["index_bytes"], base["site_bytes"]),
            "first_search": share(ours["first_search"]["total"], base["first_search"]["total"]),
            "rebuild_vs_full": share(result["rebuild"]["wall_s"], ours["wall_s"])}


# ---- reporting ----------------------------------------------------------------------------------

GOALS = {"build_time": 0.25, "peak_memory": 0.5, "site_size": 0.35, "first_search": 0.05, "rebuild_vs_full": 0.5}


def rows(result: dict) -> list[tuple[str, str, str, str]]:
    """(figure, ours, baseline, ratio) for the table."""
    o, b, r = result["ours"], result["baseline"], result["ratios"]
    mb = lambda x: f"{x / 1e6:.1f} MB"  # noqa: E731
    http = result.get("http") or {}
    return [
        ("build wall time", f"{o['wall_s']:.1f} s", f"{b['wall_s']:.1f} s", f"{r['build_time']}"),
        ("build peak RSS (all processes)", f"{o['peak_rss_mb']:.0f} MB", f"{b['peak_rss_mb']:.0f} MB", f"{r['peak_memory']}"),
        ("  PSS / largest process", f"{o.get('peak_pss_mb', 0):.0f} / {o.get('largest_process_mb', 0):.0f} MB",
         f"{b.get('peak_pss_mb', 0):.0f} / {b.get('largest_process_mb', 0):.0f} MB", ""),
        ("site size (+index)", f"{mb(o['site_bytes'])} + {mb(o['index_bytes'])}", mb(b["site_bytes"]), f"{r['site_size']}"),
        ("first search download", f"{o['first_search']['total'] / 1e3:.0f} KB",
         f"{b['first_search']['total'] / 1e3:.0f} KB", f"{r['first_search']}"),
        ("rebuild after 1 edit", f"{result['rebuild']['wall_s']:.1f} s", "", f"{r['rebuild_vs_full']} of full"),
        ("  Whoosh update alone", f"{result['rebuild'].get('whoosh_update_s', '-')} s", "", ""),
        ("search p50 / p99", f"{result['search'].get('p50_ms', '-')} / {result['search'].get('p99_ms', '-')} ms", "", ""),
        ("HTTP req/s (errors)", f"{http.get('req_per_s', '-')} ({http.get('errors', '-')})", "", ""),
    ] + static_rows(result.get("static_search"))


def static_rows(static: dict | None) -> list[tuple[str, str, str, str]]:
    """The static index's two figures (bench/static_search.py), when this N measured them."""
    if not static:
        return []
    build = static["build"]
    return [("static index build cost", f"+{build['overhead'] * 100:.0f} %",
             f"{build['median_without_s']:.1f} s", f"{build['median_with_s']:.1f} s with"),
            ("static first query", f"max {static['first_query_max_bytes'] / 1e3:.0f} KB", "", "")]


def print_table(results: list[dict]) -> None:
    for result in results:
        print(f"\nN = {result['n']} synthetic episodes ({result['episodes']} in the catalogue)")
        print(f"  {'figure':<24}{'ours':>24}{'baseline':>14}{'ratio':>16}")
        for figure, ours, base, ratio in rows(result):
            print(f"  {figure:<24}{ours:>24}{base:>14}{ratio:>16}")
    if len(results) > 1:
        print_growth(results[0], results[-1])


def growth_figures(result: dict) -> dict:
    o = result["ours"]
    return {"build s": o["wall_s"], "peak RSS MB": o["peak_rss_mb"], "site bytes": o["site_bytes"],
            "index bytes": o["index_bytes"], "first search bytes": o["first_search"]["total"],
            "rebuild s": result["rebuild"]["wall_s"], "whoosh update s": result["rebuild"].get("whoosh_update_s", 0),
            "search p50 ms": result["search"].get("p50_ms", 0), "baseline build s": result["baseline"]["wall_s"],
            "baseline site bytes": result["baseline"]["site_bytes"]}


def print_growth(small: dict, large: dict) -> None:
    """How each figure grew against how N grew: above 1 means faster than linear."""
    scale = large["episodes"] / small["episodes"]
    print(f"\nGrowth from N={small['n']} to N={large['n']} (catalogue x{scale:.1f}); "
          "'vs linear' above 1.0 means faster than linear")
    a, b = growth_figures(small), growth_figures(large)
    for name in a:
        factor = b[name] / a[name] if a[name] else float("nan")
        print(f"  {name:<22} x{factor:6.2f}   vs linear {factor / scale:5.2f}")


def compare(old: list[dict], new: list[dict]) -> None:
    before = {r["n"]: r for r in old}
    for result in new:
        if result["n"] not in before:
            continue
        print(f"\nN = {result['n']}: this run against the earlier one")
        a, b = growth_figures(before[result["n"]]), growth_figures(result)
        for name in a:
            change = (b[name] / a[name] - 1) * 100 if a[name] else float("nan")
            print(f"  {name:<22} {a[name]:>14} -> {b[name]:<14} {change:+6.1f}%")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000", help="comma-separated episode counts")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "results.json")
    parser.add_argument("--compare", type=Path, help="an earlier results.json to compare against")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP load test")
    parser.add_argument("--keep", action="store_true", help="keep the temp repositories (for profiling)")
    parser.add_argument("--no-static", action="store_true",
                        help="skip the static index's figures (measured at the largest N: two more full builds)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    results = []
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"podcourse-bench-{n}-"))
        try:
            results.append(measure_size(n, work, http=not args.no_http, static=not args.no_static and n == max(sizes)))
        finally:
            if args.keep:
                print(f"[N={n}] kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
    report = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_average": os.getloadavg()},
              "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "goals_at_1000": GOALS, "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print_table(results)
    if args.compare:
        compare(json.loads(args.compare.read_text())["results"], results)
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
