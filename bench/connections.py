"""Normal requests to `podcourse serve` while many idle connections are held open (issue 12, defect 5).

Not a test: it prints figures. Loopback only, bounded in connections, requests and time.

    .venv/bin/python bench/connections.py [--connections 1000] [--workers 4] [--style half-sent|silent]
                                          [--requests 40] [--source DIR] [-- serve options...]

It indexes the sample catalogue into a temporary folder, starts `podcourse serve` on a free
loopback port, opens `--connections` connections that each send the start of a request and
then nothing (`half-sent`), or nothing at all (`silent`), holds them, and then asks `--requests`
normal requests one after another on new connections (the home page and a search, in turn),
each with a 10 s timeout. It prints the latency of those requests (goal: all within 1 s), how
many of the held connections the server closed meanwhile, and the workers' memory. `--source`
runs the server from another checkout (e.g. `git archive` of an older commit) to compare.
"""
from __future__ import annotations

import argparse
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loopback import free_port, wait_for  # noqa: E402
from generator.load import load_catalogue  # noqa: E402
from generator.search.index import build_index, documents_from_catalogue  # noqa: E402

GOAL_S = 1.0
FIRST_BYTES = {"half-sent": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", "silent": b""}


def hold(port: int, count: int, style: str) -> list[socket.socket]:
    """`count` open connections that sent FIRST_BYTES[style] and will send no more."""
    held = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        if FIRST_BYTES[style]:
            connection.sendall(FIRST_BYTES[style])
        held.append(connection)
    return held


def closed_by_server(connection: socket.socket) -> bool:
    """True when the server has closed the connection (end of file or reset), without waiting."""
    connection.setblocking(False)
    try:
        return connection.recv(1) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True


def timed_requests(base: str, count: int) -> tuple[list[float], list[str]]:
    """Latencies (s) of `count` requests on new connections, and what went wrong with any."""
    latencies, failures = [], []
    for n in range(count):
        url = base + ("/" if n % 2 == 0 else "/api/search?q=referrals")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                answer.read()
                if answer.status != 200:
                    failures.append(f"{url}: HTTP {answer.status}")
        except (urllib.error.URLError, OSError) as error:
            failures.append(f"{url}: {error}")
        latencies.append(time.perf_counter() - started)
    return latencies, failures


def workers_memory_mb(server: subprocess.Popen) -> list[float]:
    """Resident memory of each worker process (Linux /proc), in MB."""
    pids = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def small_site(work: Path) -> tuple[Path, Path]:
    """(site, index folder) under `work`: a one-page site and the sample's index, enough to serve."""
    site, index_dir = work / "site", work / "site-index"
    site.mkdir()
    (site / "index.html").write_text("<h1>home</h1>")
    catalogue, _ = load_catalogue(ROOT)
    build_index(documents_from_catalogue(catalogue), index_dir)
    return site, index_dir


def start_server(source: Path, work: Path, workers: int, options: list[str]) -> tuple[subprocess.Popen, int]:
    site, index_dir = small_site(work)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--port", str(port), "--workers", str(workers),
         "--site-dir", str(site), "--index-dir", str(index_dir), *options],
        cwd=source, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if not wait_for(f"http://127.0.0.1:{port}/api/search?q=sales", seconds=30):
        server.kill()
        raise SystemExit(f"podcourse serve did not come up: {server.stderr.read()[-2000:]}")
    return server, port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=1000, help="idle connections held open")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--style", choices=sorted(FIRST_BYTES), default="half-sent")
    parser.add_argument("--requests", type=int, default=40, help="normal requests asked while they are held")
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose server is measured")
    parser.add_argument("serve_options", nargs="*", help="more options for `podcourse serve` (after --)")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.connections + 200)), hard))

    with tempfile.TemporaryDirectory(prefix="podcourse-connections-") as work:
        server, port = start_server(args.source.resolve(), Path(work), args.workers, args.serve_options)
        held: list[socket.socket] = []
        try:
            opened = time.perf_counter()
            held = hold(port, args.connections, args.style)
            opened = time.perf_counter() - opened
            time.sleep(2)  # let the workers accept what they will
            latencies, failures = timed_requests(f"http://127.0.0.1:{port}", args.requests)
            closed = sum(closed_by_server(c) for c in held)
            memory = workers_memory_mb(server)
        finally:
            for connection in held:
                connection.close()
            server.terminate()
            server.wait(timeout=30)
        log_lines = server.stderr.read().splitlines()

    slow = sum(latency > GOAL_S for latency in latencies)
    print(f"server: {args.source} --workers {args.workers} {' '.join(args.serve_options)}".rstrip())
    print(f"held: {args.connections} {args.style} connections, opened in {opened:.1f} s; "
          f"the server closed {closed} of them while the requests ran")
    print(f"requests: {len(latencies)} (home page and search in turn), failed {len(failures)}, "
          f"over {GOAL_S:.0f} s: {slow}")
    print(f"latency: p50 {statistics.median(latencies) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms")
    print(f"workers' memory: {', '.join(f'{mb:.0f}' for mb in memory)} MB")
    print(f"server log: {len(log_lines)} lines, tracebacks: {sum('Traceback' in line for line in log_lines)}")
    for line in failures[:5]:
        print("  ", line)
    return 1 if failures or slow else 0


if __name__ == "__main__":
    sys.exit(main())
