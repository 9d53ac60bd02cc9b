"""`podcourse serve` keeps answering while hundreds of connections sit half-sent.

A real server on a free loopback port; the idle connections are real sockets that sent part of
a request and then nothing. The figures for 1,000 such connections are bench/connections.py's.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from sample import ROOT
from bench.connections import closed_by_server, hold, small_site
from test_serve_workers import free_port, wait_for


@pytest.fixture()
def start_server(tmp_path):
    """A function starting `podcourse serve` with the given options on a small site; returns (base URL, port)."""
    site, index_dir = small_site(tmp_path)
    servers = []

    def start(*options: str) -> tuple[str, int]:
        port = free_port()
        servers.append(subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", "--port", str(port), *options,
             "--site-dir", str(site), "--index-dir", str(index_dir)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        wait_for(f"http://127.0.0.1:{port}/", servers[-1])
        return f"http://127.0.0.1:{port}", port

    yield start
    for server in servers:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def half_sent(port: int, count: int) -> list[socket.socket]:
    """`count` connections that each sent the start of a request and will send no more."""
    return hold(port, count, "half-sent")


def answered_quickly(base: str, bound_s: float = 5) -> None:
    """A page and a search are answered, each within a generous bound (the bench measures the real figure)."""
    for path in ("/", "/api/search?q=sales"):
        started = time.monotonic()
        with urllib.request.urlopen(base + path, timeout=10) as answer:
            assert answer.status == 200
        assert time.monotonic() - started < bound_s, path


def test_half_sent_connections_do_not_starve_four_workers(start_server):
    """Issue 12: 450 is more than waitress's default of 100 connections a worker, times four."""
    base, port = start_server("--workers", "4")
    held = half_sent(port, 450)
    try:
        time.sleep(1)  # let the workers accept what they will
        answered_quickly(base)
        assert not any(closed_by_server(c) for c in held)  # well under the limit: all of them are kept
    finally:
        for connection in held:
            connection.close()


def test_at_the_limit_the_longest_idle_connections_are_closed(start_server):
    base, port = start_server("--workers", "1", "--connection-limit", "50")
    held = half_sent(port, 200)
    try:
        answered_quickly(base)
        time.sleep(0.5)
        closed = sum(closed_by_server(c) for c in held)
        assert 150 <= closed < 200  # the oldest were closed to make room; the newest are still open
        assert not closed_by_server(held[-1])
    finally:
        for connection in held:
            connection.close()


def test_an_unfinished_request_is_closed_after_the_idle_timeout(start_server):
    base, port = start_server("--workers", "1", "--idle-timeout", "2")
    [connection] = half_sent(port, 1)
    try:
        deadline = time.monotonic() + 10
        while not closed_by_server(connection) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert closed_by_server(connection), "still open 10 s after a 2 s idle timeout"
    finally:
        connection.close()
