"""Load test of `podcourse serve`'s /api/search while rebuilds swap the index under it.

Not a test: it prints figures. Loopback only, bounded in requests and in time.

    .venv/bin/python bench/load_search.py [--requests 3000] [--seconds 30] [--clients 8]

It indexes the sample catalogue into a temporary folder, starts `podcourse serve` (waitress) on
a free loopback port, and fires queries drawn from the sample (words of its transcripts, a few
phrases, prefixes, field queries and filters) from several client threads, while another thread
rebuilds the index over and over, alternating between the sample and an edited copy, so each
rebuild is incremental and swaps the live generation. Reports requests/s, p50 and p99 latency,
errors (any answer but 200) and how many swaps happened during the run.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loopback import free_port, wait_for  # noqa: E402
from generator.search.index import build_index, documents_from_catalogue  # noqa: E402
from generator.load import load_catalogue  # noqa: E402


def sample_queries(catalogue, count: int, seed: int = 7) -> list[dict]:
    """Queries a listener might type, drawn from the sample's own words."""
    rng = random.Random(seed)
    words = sorted({w.lower() for e in catalogue.episodes for t in e.transcript
                    for w in re.findall(r"[A-Za-z]{5,}", t.text)})
    fixed = [{"q": "SMART"}, {"q": '"strategically realistic"'}, {"q": "refer*"}, {"q": "refferals"},
             {"q": "guest:kwame"}, {"q": "negotiation", "type": "episode"}, {"q": "sales", "year": "2024"},
             {"q": "honest OR truth"}, {"q": "sales", "page": "2"}]
    queries = list(fixed)
    while len(queries) < count:
        queries.append({"q": " ".join(rng.sample(words, rng.choice((1, 1, 2))))})
    rng.shuffle(queries)
    return queries


def edited(catalogue):
    e227 = catalogue.episode(227)
    turns = list(e227.transcript)
    turns[2] = dataclasses.replace(turns[2], text=turns[2].text + " An edit made by the load test.")
    episodes = tuple(dataclasses.replace(e, transcript=tuple(turns)) if e.number == 227 else e for e in catalogue.episodes)
    return dataclasses.replace(catalogue, episodes=episodes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="stop after this many requests")
    parser.add_argument("--seconds", type=float, default=30, help="stop after this many seconds")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    args = parser.parse_args()

    catalogue, _ = load_catalogue(ROOT)
    versions = [documents_from_catalogue(catalogue), documents_from_catalogue(edited(catalogue))]
    work = Path(tempfile.mkdtemp(prefix="podcourse-load-"))
    site, index_dir = work / "site", work / "site-index"
    site.mkdir()
    (site / "index.html").write_text("<h1>load test</h1>")
    build_index(versions[0], index_dir)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--site-dir", str(site), "--index-dir", str(index_dir)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        if not wait_for(base + "/api/search?q=sales", seconds=20):
            raise SystemExit("podcourse serve did not come up")
        queries = sample_queries(catalogue, 500)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        issued = iter(range(args.requests))
        stop_at = time.monotonic() + args.seconds
        done = threading.Event()
        swaps = [0]

        def client(number: int) -> None:
            rng = random.Random(number)
            while time.monotonic() < stop_at:
                with lock:
                    if next(issued, None) is None:
                        return
                url = f"{base}/api/search?{urllib.parse.urlencode(rng.choice(queries))}"
                detail = url
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(url, timeout=10) as answer:
                        json.loads(answer.read())
                        ok = answer.status == 200
                        detail = f"{url}: HTTP {answer.status}"
                except (urllib.error.URLError, ConnectionError, ValueError) as error:
                    ok, detail = False, f"{url}: {error}"
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(detail)

        def rebuilder() -> None:
            turn = 1
            while not done.is_set():
                build_index(versions[turn % 2], index_dir)
                swaps[0] += 1
                turn += 1

        rebuild_thread = threading.Thread(target=rebuilder, daemon=True)
        rebuild_thread.start()
        started = time.perf_counter()
        clients = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        wall = time.perf_counter() - started
        done.set()
        rebuild_thread.join(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=10)

    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(f"requests: {len(latencies)} in {wall:.1f} s with {args.clients} clients "
          f"({len(latencies) / wall:.0f} requests/s)")
    print(f"latency: p50 {p(0.50):.1f} ms, p99 {p(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms, "
          f"mean {statistics.mean(latencies) * 1000:.1f} ms")
    print(f"index swaps during the run: {swaps[0]}")
    print(f"errors: {len(errors)}")
    for line in errors[:10]:
        print("  ", line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
