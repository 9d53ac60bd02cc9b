"""In-process cost of one search on the sample: p50/p99 over a fixed query list. Prints figures.

    .venv/bin/python bench/query_cost.py [--rounds 30]

Indexes the sample catalogue into a temporary folder, then runs each query of QUERIES `rounds`
times through generator.search.engine.search (what /api/search and `podcourse search` call), timing
each call with perf_counter. Not a test: nothing is asserted.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.search.index import build_index, documents_from_catalogue  # noqa: E402
from generator.load import load_catalogue  # noqa: E402
from generator.search.engine import SearchIndex, parse_request, search  # noqa: E402

QUERIES = [
    {"q": "sales"}, {"q": "SMART"}, {"q": "referrals"}, {"q": "refferals"}, {"q": '"strategically realistic"'},
    {"q": "negotiat*"}, {"q": "the"}, {"q": "customer OR client"}, {"q": "sales", "type": "episode"},
    {"q": "mindset NOT rejection"}, {"q": "speaker:jason sales"}, {"q": "sales", "page": "2"},
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    catalogue, _ = load_catalogue(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        build_index(documents_from_catalogue(catalogue), Path(folder))
        index = SearchIndex(Path(folder))
        requests = [parse_request(params) for params in QUERIES]
        for request in requests:  # warm up: open the index, fill caches
            search(index, request)
        timings = []
        for _ in range(args.rounds):
            for request in requests:
                started = time.perf_counter()
                search(index, request)
                timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, round(0.99 * len(timings)))]
    print(f"{len(timings)} searches ({len(QUERIES)} queries x {args.rounds} rounds) on the sample: "
          f"p50 {statistics.median(timings):.2f} ms, p99 {p99:.2f} ms, mean {statistics.fmean(timings):.2f} ms")


if __name__ == "__main__":
    main()
