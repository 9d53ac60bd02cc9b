"""`podcourse serve --workers 2`: two processes answer, each follows an index swap, signals stop both.

A real server on a free loopback port, started as a user starts it; requests are bounded.
"""
from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sample import ROOT
from generator.search.index import build_index, documents_from_catalogue
from generator.load import load_catalogue

NEW_WORD = "zanzibarish"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read()
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def with_an_edited_turn(catalogue):
    """The sample with a word no source holds added to E227's third turn."""
    e227 = catalogue.episode(227)
    turns = list(e227.transcript)
    turns[2] = dataclasses.replace(turns[2], text=turns[2].text + f" A {NEW_WORD} edit.")
    episodes = tuple(dataclasses.replace(e, transcript=tuple(turns)) if e.number == 227 else e
                     for e in catalogue.episodes)
    return dataclasses.replace(catalogue, episodes=episodes)


@pytest.fixture()
def served(tmp_path):
    """(base URL, server process, the catalogue, the index folder) of `serve --workers 2`."""
    site, index_dir = tmp_path / "site", tmp_path / "site-index"
    site.mkdir()
    (site / "index.html").write_text("<h1>home</h1>")
    catalogue, _ = load_catalogue(ROOT)
    build_index(documents_from_catalogue(catalogue), index_dir)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--port", str(port), "--workers", "2",
         "--site-dir", str(site), "--index-dir", str(index_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/search?q=sales", server)
        yield base, server, catalogue, index_dir
    finally:
        if server.poll() is None:
            server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def ask(base: str, q: str) -> tuple[str, dict]:
    """(the worker that answered, the JSON results) of one search on a new connection."""
    with urllib.request.urlopen(f"{base}/api/search?q={q}", timeout=10) as answer:
        return answer.headers["Server"], json.loads(answer.read())


def answers_by_worker(base: str, q: str, workers: int = 2, tries: int = 300) -> dict[str, dict]:
    """The last answer of each worker, asking until every worker has answered (bounded)."""
    seen: dict[str, dict] = {}
    for _ in range(tries):
        worker, results = ask(base, q)
        seen[worker] = results
        if len(seen) == workers:
            break
    return seen


def worker_pids(server: subprocess.Popen) -> set[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return {int(pid) for pid in children}


def test_two_workers_answer_and_both_follow_an_index_swap(served):
    base, server, catalogue, index_dir = served
    before = answers_by_worker(base, NEW_WORD)
    assert sorted(before) == ["podcourse worker 1", "podcourse worker 2"]
    assert all(results["total"] == 0 for results in before.values())
    # Both workers have the old generation open; the build swaps in a new one under them.
    build_index(documents_from_catalogue(with_an_edited_turn(catalogue)), index_dir)
    after = answers_by_worker(base, NEW_WORD)
    assert sorted(after) == ["podcourse worker 1", "podcourse worker 2"]
    for results in after.values():
        assert [g["id"] for g in results["groups"]] == ["episode:e227"]
        assert f"<mark>{NEW_WORD}</mark>" in results["groups"][0]["passages"][0]["highlight"]


def test_sigterm_stops_every_worker_and_exits_0(served):
    base, server, _, _ = served
    pids = worker_pids(server)
    assert len(pids) == 2
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=20) == 0
    assert "Traceback" not in server.stderr.read()
    assert all(gone(pid, seconds=0.1) for pid in pids)


def test_ctrl_c_stops_every_worker_as_an_interrupt(served):
    base, server, _, _ = served
    pids = worker_pids(server)
    server.send_signal(signal.SIGINT)
    assert server.wait(timeout=20) == 130
    assert server.stderr.read().splitlines()[-1] == "podcourse: interrupted"
    assert all(gone(pid, seconds=0.1) for pid in pids)


def gone(pid: int, seconds: float = 10) -> bool:
    """True once the process has exited (or is a zombie waiting for its parent)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if "zombie" in Path(f"/proc/{pid}/status").read_text():
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.1)
    return False


def test_workers_stop_when_the_supervisor_is_killed(served):
    """SIGKILL gives the supervisor no chance to stop anyone: the workers notice by themselves."""
    base, server, _, _ = served
    pids = worker_pids(server)
    server.kill()
    server.wait(timeout=10)
    assert all(gone(pid) for pid in pids)
    with pytest.raises(OSError):  # refused, or reset if it raced the last close: nobody answers
        urllib.request.urlopen(f"{base}/api/search?q=sales", timeout=5)


def test_a_worker_that_dies_is_replaced(served):
    base, server, _, _ = served
    [victim, other] = sorted(worker_pids(server))
    time.sleep(2.1)  # past the crash-loop window: an unlucky death, not a broken start
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and victim in worker_pids(server):
        time.sleep(0.1)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(worker_pids(server)) < 2:
        time.sleep(0.1)
    assert other in worker_pids(server) and len(worker_pids(server)) == 2
    assert sorted(answers_by_worker(base, "sales")) == ["podcourse worker 1", "podcourse worker 2"]
