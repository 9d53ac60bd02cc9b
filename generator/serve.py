"""`podcourse serve`: the built site plus a JSON search endpoint, under waitress, in worker processes.

A plain WSGI application, so tests call it in-process and any production WSGI server can run
it; `serve()` runs it under waitress (pinned in pyproject.toml) in several forked worker
processes that share one listening socket, because a search holds the GIL for its whole length
and one process therefore serves from one core. Four routes:

- `/api/search?q=...&type=&guest=&topic=&module=&year=&page=` -> JSON results; any bad input is
  a 400 with `{"error": {"parameter": ..., "message": ...}}`, never a 500 or a traceback.
- `/api/openapi.json` -> the OpenAPI document of `/api/search` (generator/openapi.py).
- `/search/backend.json` -> `{"backend": "api"}`: the search page asks it once, and on a static
  host finds the build's file there saying "static" (generator.search.static_index).
- everything else: a file of the built site (directory -> its index.html), or a 404.
"""

from __future__ import annotations

import heapq
import json
import logging
import mimetypes
import os
import posixpath
import re
import resource
import signal
import socket
import time
from dataclasses import dataclass, replace
from datetime import UTC
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote

from waitress.adjustments import Adjustments
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

from .openapi import OPENAPI_PATH, search_api_document
from .search.engine import IndexUnavailable, SearchError, SearchIndex, parse_request, search
from .urls import SEARCH_BACKEND
from .workers import STOP_GRACE_S, Worker, finished, stop_all

log = logging.getLogger("podcourse.serve")

API_PATH = "/api/search"
BACKEND_PATH = "/" + SEARCH_BACKEND
MAX_QUERY_STRING = 2000  # bytes; far above any honest search, far below anything harmful


def make_app(site_dir: Path, index_root: Path):
    """The WSGI application serving `site_dir` and searching the index under `index_root`."""
    site_dir = Path(site_dir).resolve()
    index = SearchIndex(index_root, site=site_dir)  # the index built with the pages served

    def app(environ, start_response):
        try:
            status, headers, body = _respond(environ, site_dir, index)
        except Exception:  # the last line of defence: log it, tell the client nothing internal
            log.exception("unexpected error answering %s", environ.get("PATH_INFO"))
            status, headers, body = _json(500, {"error": {"parameter": None, "message": "internal error"}})
        start_response(status, headers + [("X-Content-Type-Options", "nosniff")])  # never guess a type
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    return app


def _respond(environ, site_dir: Path, index: SearchIndex) -> tuple[str, list, bytes]:
    method = environ.get("REQUEST_METHOD", "GET")
    path = environ.get("PATH_INFO", "/") or "/"
    if method not in ("GET", "HEAD"):
        status, headers, body = _json(405, _error(None, f"method {method} not allowed; use GET"))
        return status, headers + [("Allow", "GET, HEAD")], body
    if path.rstrip("/") == API_PATH:
        return _search_api(environ.get("QUERY_STRING", ""), index)
    if path == BACKEND_PATH:
        return _json(200, {"backend": "api"})
    if path == OPENAPI_PATH:
        return _json(200, search_api_document(API_PATH))
    return _static(site_dir, path, environ)


def _search_api(query_string: str, index: SearchIndex) -> tuple[str, list, bytes]:
    try:
        params = query_parameters(query_string)
        results = search(index, parse_request(params))
    except SearchError as error:
        return _json(400, _error(error.parameter, error.message))
    except IndexUnavailable as error:
        log.warning("search index unavailable: %s", error)
        return _json(503, _error(None, "the search index is not built yet"))
    return _json(200, results.to_json())


def query_parameters(query_string: str) -> dict[str, str]:
    """Parameters of a query string, each given at most once, as text; else a SearchError."""
    if len(query_string) > MAX_QUERY_STRING:
        raise SearchError("query string", f"longer than {MAX_QUERY_STRING} characters")
    try:
        # WSGI hands the raw bytes over as latin-1; the URL's percent-escapes are UTF-8.
        raw = query_string.encode("latin-1").decode("utf-8")
        pairs = parse_qs(raw, keep_blank_values=True, strict_parsing=False, errors="strict")
    except (UnicodeError, ValueError):
        raise SearchError("query string", "is not valid UTF-8") from None
    params = {}
    for name, values in pairs.items():
        if len(values) > 1:
            raise SearchError(name, "given more than once")
        params[name] = values[0]
    return params


def _static(site_dir: Path, path: str, environ: dict) -> tuple[str, list, bytes]:
    """A file of the built site; never anything outside it.

    A name the file system cannot hold (a segment over 255 bytes: ENAMETOOLONG) or a folder it
    may not read is a 404 like any missing file: the client asked for something we do not have.
    """
    relative = posixpath.normpath(unquote(path)).lstrip("/")
    if "\x00" in relative or relative.startswith(".."):
        return _not_found()
    try:
        target = (site_dir / relative).resolve()
        if target != site_dir and site_dir not in target.parents:
            return _not_found()
        if target.is_dir():
            if not path.endswith("/"):
                return "301 Moved Permanently", [("Location", path + "/"), ("Content-Length", "0")], b""
            target = target / "index.html"
        if not target.is_file():
            return _not_found(site_dir)
        return _file_response(target, environ)
    except OSError as error:
        log.info("404 for %.200s: %s", path, error.strerror or error)
        return _not_found(site_dir)


IMMUTABLE = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:js|css)(?:\.map)?$")
"""Names that change with their content (Material's `bundle.79ae519e.min.js`): cached for a year."""
ARCHIVE_TYPES = {"gzip": "application/gzip", "bzip2": "application/x-bzip2", "xz": "application/x-xz"}
"""The type of a compressed file sent as the file it is (see `content_type`)."""


def _file_response(target: Path, environ: dict) -> tuple[str, list, bytes]:
    """The file with validators, or a bodiless 304 when the client's copy is still current."""
    with target.open("rb") as file:
        stat = os.fstat(file.fileno())  # the stat of the bytes we send, even if a rebuild replaces the file
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        validators = [
            ("ETag", etag),
            ("Last-Modified", formatdate(stat.st_mtime, usegmt=True)),
            ("Cache-Control", cache_control(target.name)),
        ]
        if not_modified(environ, etag, stat.st_mtime):
            return "304 Not Modified", validators, b""
        headers = [("Content-Type", content_type(target.name)), ("Accept-Ranges", "bytes")] + validators
        wanted = byte_range(environ.get("HTTP_RANGE"), stat.st_size) if _range_applies(environ, etag) else None
        if wanted == "unsatisfiable":
            return (
                "416 Range Not Satisfiable",
                [("Content-Range", f"bytes */{stat.st_size}"), ("Content-Length", "0")],
                b"",
            )
        if wanted is not None:  # a player seeking in a recording asks for the part it needs
            first, last = wanted
            file.seek(first)
            body = file.read(last - first + 1)
            return (
                "206 Partial Content",
                headers
                + [("Content-Range", f"bytes {first}-{last}/{stat.st_size}"), ("Content-Length", str(len(body)))],
                body,
            )
        body = file.read()
    return "200 OK", headers + [("Content-Length", str(len(body)))], body


def _range_applies(environ: dict, etag: str) -> bool:
    """If-Range: the range is for the copy the client has; another copy gets the whole file."""
    if_range = environ.get("HTTP_IF_RANGE")
    return if_range is None or if_range.strip() == etag


def byte_range(header: str | None, size: int):
    """RFC 9110's single byte range as (first, last), "unsatisfiable", or None for the whole file
    (no header, a form we do not serve such as several ranges, or one that is malformed: ignored,
    as the RFC allows)."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    start, dash, end = header[len("bytes=") :].strip().partition("-")
    if (
        not dash
        or not (start.isdigit() or end.isdigit())
        or (start and not start.isdigit())
        or (end and not end.isdigit())
    ):
        return None
    if not start:  # the last N bytes
        count = int(end)
        return (max(0, size - count), size - 1) if count and size else "unsatisfiable"
    first = int(start)
    last = min(int(end), size - 1) if end else size - 1
    if end and int(end) < first:
        return None
    return (first, last) if first < size else "unsatisfiable"


def cache_control(name: str) -> str:
    """A year for names that change with their content; else kept but asked again, so a rebuild shows at once."""
    return "public, max-age=31536000, immutable" if IMMUTABLE.search(name) else "no-cache"


def not_modified(environ: dict, etag: str, mtime: float) -> bool:
    """RFC 9110's conditional GET: If-None-Match decides when given, else If-Modified-Since."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [tag.strip() for tag in if_none_match.split(",")]
        return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)  # weak comparison
    try:
        since = parsedate_to_datetime(environ.get("HTTP_IF_MODIFIED_SINCE") or "")
    except (TypeError, ValueError, IndexError, OverflowError):  # absent or not a date: ignored, as RFC 9110 says
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return int(mtime) <= since.timestamp()


def content_type(name: str) -> str:
    """The Content-Type of a site file; a compressed one (`sitemap.xml.gz`) as the archive it is.

    Not `application/xml` with `Content-Encoding: gzip`: that asks every client to unpack it in
    transit, so a browser or `curl -O` saves plain XML under a `.gz` name, and a crawler that
    gunzips what it fetched from a `.gz` address (as sitemap readers do; Google and sitemaps.org
    accept gzipped sitemaps) would get XML. Apache and nginx send `.gz` files as gzip files too.
    """
    kind, encoding = mimetypes.guess_type(name)
    if encoding:
        return ARCHIVE_TYPES.get(encoding, "application/octet-stream")
    kind = kind or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    return kind


def _not_found(site_dir: Path | None = None) -> tuple[str, list, bytes]:
    page = site_dir / "404.html" if site_dir else None
    body = (
        page.read_bytes() if page and page.is_file() else b"<!doctype html><title>Not found</title><h1>Not found</h1>"
    )
    return "404 Not Found", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))], body


def _error(parameter: str | None, message: str) -> dict:
    return {"error": {"parameter": parameter, "message": f"{parameter}: {message}" if parameter else message}}


_STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    405: "405 Method Not Allowed",
    500: "500 Internal Server Error",
    503: "503 Service Unavailable",
}


def _json(code: int, payload: dict) -> tuple[str, list, bytes]:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
    ]
    return _STATUS[code], headers, body


WORKER_THREADS = 4
"""Threads per worker process: they overlap the network waits; the GIL lets one search at a time."""
CRASH_LOOP_S = 2.0
"""A worker that dies sooner than this after it started is broken, not unlucky: stop serving."""


@dataclass(frozen=True)
class Limits:
    """What one worker holds open, and for how long: set on purpose, because waitress's defaults
    (100 connections a worker, idle ones kept 120 s) let 400 half-sent requests starve four workers."""

    connections: int = 2000
    """Open connections a worker holds: twice the 1,000 idle ones bench/connections.py holds, as the
    kernel may hand them all to one worker. At the limit the longest-idle ones are closed (`_Shedding`)."""
    idle_timeout_s: int = 30
    """A connection with no request running and no byte received for this long is closed."""
    header_bytes: int = 32 * 1024
    """Request line and headers at most (waitress allows 256 KB: 1,000 such requests would hold 256 MB)."""
    body_bytes: int = 8 * 1024
    """Only GET and HEAD are answered, so no request needs a body (waitress allows 1 GB)."""

    def waitress_options(self) -> dict:
        return dict(
            connection_limit=self.connections,
            channel_timeout=self.idle_timeout_s,
            cleanup_interval=max(1, min(5, self.idle_timeout_s // 2)),
            asyncore_use_poll=True,  # select() fails on descriptors past 1023
            max_request_header_size=self.header_bytes,
            max_request_body_size=self.body_bytes,
        )


FILES_BESIDE_CONNECTIONS = 100
"""Descriptors a worker needs besides its connections: the index's segment files, the listener, logs."""


def serve(
    site_dir: Path,
    index_root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    limits: Limits = Limits(),
) -> None:
    """Serve until SIGINT or SIGTERM, with `workers` waitress processes sharing one listening socket.

    Searching is pure Python, so one process uses one core however many threads it runs; forked
    workers accepting from the same socket use them all. The socket is opened here, before any
    fork, so a taken port is one OSError for the caller. Each worker opens the index itself and
    follows current.json on its own, so an atomic swap reaches every worker at its next request.
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    limits = _within_open_file_limit(limits)
    listener = listening_socket(host, port)
    print(
        f"serving {site_dir} with search at http://{host}:{port}{API_PATH}?q=... "
        f"({workers} worker{'s' if workers != 1 else ''}, {limits.connections} connections each)",
        flush=True,
    )
    try:
        Supervisor(lambda number: _run_worker(number, listener, site_dir, index_root, limits), workers).run()
    finally:
        listener.close()


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port; OSError (with strerror) when it cannot be had."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[
        0
    ]
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(1024)
    except OSError:
        listener.close()
        raise
    return listener


def _within_open_file_limit(limits: Limits) -> Limits:
    """Raise the soft limit on open files (workers inherit it) to fit the connections, else fewer connections."""
    wanted = limits.connections + FILES_BESIDE_CONNECTIONS
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    if soft != resource.RLIM_INFINITY and soft < wanted:
        fits = max(1, soft - FILES_BESIDE_CONNECTIONS)
        log.warning(
            "open files are limited to %d (ulimit -Hn): %d connections a worker, not %d", soft, fits, limits.connections
        )
        return replace(limits, connections=fits)
    return limits


def _run_worker(number: int, listener: socket.socket, site_dir: Path, index_root: Path, limits: Limits) -> None:
    """One worker process: waitress on the shared socket until SIGTERM. `Server` names the worker."""
    adjustments = Adjustments(
        sockets=[listener], threads=WORKER_THREADS, ident=f"podcourse worker {number}", **limits.waitress_options()
    )
    tasks = ThreadedTaskDispatcher()
    tasks.set_thread_count(WORKER_THREADS)
    server = SheddingServer(
        make_app(site_dir, index_root),
        {},
        True,
        listener,
        dispatcher=tasks,
        adj=adjustments,
        bind_socket=False,
        sockinfo=(listener.family, listener.type, listener.proto, listener.getsockname()),
    )
    server.run()  # returns when SIGTERM's SystemExit reaches waitress's loop


SHED_SHARE = 10
"""At the limit, close the longest-idle tenth of the connections at once, not one per new client."""


class SheddingServer(TcpWSGIServer):
    """waitress's TCP server that, at its connection limit, closes the longest-idle connections.

    waitress itself stops accepting at the limit, so whoever holds the connections (clients that
    send half a request and wait) decides who else is served. Closing the connections idle longest
    (no request running: a half-sent request or a forgotten keep-alive) keeps the door open for new
    clients, as nginx does when it runs out of connections.
    """

    def readable(self):
        if self.accepting and len(self._map) >= self.adj.connection_limit:  # type: ignore[attr-defined]  # waitress's own test; typeshed leaves _map out
            self._shed_idle()
        return super().readable()

    def _shed_idle(self) -> None:
        open_channels = [c for c in self.active_channels.values() if not c.will_close]  # type: ignore[attr-defined]  # a dict of channels (typeshed: one channel)
        excess = len(open_channels) - (self.adj.connection_limit - self.adj.connection_limit // SHED_SHARE)
        idle = [c for c in open_channels if not c.requests]
        shed = heapq.nsmallest(max(0, excess), idle, key=lambda channel: channel.last_activity)
        for channel in shed:
            channel.will_close = True  # closed by waitress's loop at its next turn
        if shed:
            log.warning(
                "%s: %d connections open, the limit; closed the %d idle longest",
                self.adj.ident,
                len(open_channels),
                len(shed),
            )


class Supervisor:
    """Starts the workers (generator.workers), replaces one that dies, and stops them all on
    SIGINT or SIGTERM.

    SIGINT (Ctrl-C reaches the whole process group) and SIGTERM both make the supervisor stop
    every worker (SIGTERM, which ends waitress's loop, then SIGKILL after STOP_GRACE_S); SIGINT
    then ends as an interrupt (exit 130 in the CLI), SIGTERM as a normal stop (exit 0). A worker
    dying right after it started means something is wrong with every worker: the others are
    stopped and RuntimeError raised. If the supervisor itself dies, the workers stop by themselves
    (the workers' lifeline), rather than serve on, orphaned, from a port nobody will stop.
    """

    def __init__(self, work, count: int):
        self.work = work  # work(number) runs in the worker until it should exit
        self.count = count
        self.workers: dict[int, Worker] = {}  # worker number -> its process
        self.stopping: int | None = None  # the signal that asked us to stop

    def run(self) -> None:
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for number in range(1, self.count + 1):
                self._start(number)
            self._watch()
        finally:
            stop_all(self.workers.values(), STOP_GRACE_S)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if self.stopping == signal.SIGINT:
            raise KeyboardInterrupt

    def _stop(self, signum, frame) -> None:
        self.stopping = signum

    def _start(self, number: int) -> None:
        self.workers[number] = Worker(_logging_failures, self.work, number, name=f"worker {number}")

    def _watch(self) -> None:
        """Replace dead workers until a signal asks to stop (waiting resumes after a signal)."""
        while self.stopping is None:
            for worker in finished(self.workers.values(), timeout=0.1):
                if self.stopping is not None:
                    return
                number = next(n for n, known in self.workers.items() if known is worker)
                if time.monotonic() - worker.started < CRASH_LOOP_S:
                    raise RuntimeError(f"worker {number} exited at start ({worker.exit_reason()})")
                log.warning("worker %d exited (%s); starting a new one", number, worker.exit_reason())
                worker.close()
                self._start(number)


def _logging_failures(work, number: int) -> None:
    """A worker's work, with what made it fail in the server's log (the supervisor only sees it end)."""
    try:
        work(number)
    except Exception:
        log.exception("worker %d failed", number)
        raise
