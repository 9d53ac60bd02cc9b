"""`podcourse serve`: the built site plus a JSON search endpoint, under waitress.

A plain WSGI application, so tests call it in-process and any production WSGI server can run
it; `serve()` runs it under waitress (pinned in pyproject.toml). Two routes:

- `/api/search?q=...&type=&guest=&topic=&module=&year=&page=` -> JSON results; any bad input is
  a 400 with `{"error": {"parameter": ..., "message": ...}}`, never a 500 or a traceback.
- everything else: a file of the built site (directory -> its index.html), or a 404.
"""
from __future__ import annotations

import json
import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import parse_qs, unquote

from .search import IndexUnavailable, SearchError, SearchIndex, parse_request, search

log = logging.getLogger("podcourse.serve")

API_PATH = "/api/search"
MAX_QUERY_STRING = 2000  # bytes; far above any honest search, far below anything harmful


def make_app(site_dir: Path, index_root: Path):
    """The WSGI application serving `site_dir` and searching the index under `index_root`."""
    site_dir = Path(site_dir).resolve()
    index = SearchIndex(index_root)

    def app(environ, start_response):
        try:
            status, headers, body = _respond(environ, site_dir, index)
        except Exception:  # the last line of defence: log it, tell the client nothing internal
            log.exception("unexpected error answering %s", environ.get("PATH_INFO"))
            status, headers, body = _json(500, {"error": {"parameter": None, "message": "internal error"}})
        start_response(status, headers)
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
    return _static(site_dir, path)


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
        raise SearchError("query string", "is not valid UTF-8")
    params = {}
    for name, values in pairs.items():
        if len(values) > 1:
            raise SearchError(name, "given more than once")
        params[name] = values[0]
    return params


def _static(site_dir: Path, path: str) -> tuple[str, list, bytes]:
    """A file of the built site; never anything outside it."""
    relative = posixpath.normpath(unquote(path)).lstrip("/")
    if "\x00" in relative or relative.startswith(".."):
        return _not_found()
    target = (site_dir / relative).resolve()
    if target != site_dir and site_dir not in target.parents:
        return _not_found()
    if target.is_dir():
        if not path.endswith("/"):
            return "301 Moved Permanently", [("Location", path + "/"), ("Content-Length", "0")], b""
        target = target / "index.html"
    if not target.is_file():
        return _not_found(site_dir)
    body = target.read_bytes()
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    return "200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))], body


def _not_found(site_dir: Path | None = None) -> tuple[str, list, bytes]:
    page = site_dir / "404.html" if site_dir else None
    body = page.read_bytes() if page and page.is_file() else b"<!doctype html><title>Not found</title><h1>Not found</h1>"
    return "404 Not Found", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))], body


def _error(parameter: str | None, message: str) -> dict:
    return {"error": {"parameter": parameter, "message": f"{parameter}: {message}" if parameter else message}}


_STATUS = {200: "200 OK", 400: "400 Bad Request", 405: "405 Method Not Allowed", 500: "500 Internal Server Error",
           503: "503 Service Unavailable"}


def _json(code: int, payload: dict) -> tuple[str, list, bytes]:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body))),
               ("Cache-Control", "no-store")]
    return _STATUS[code], headers, body


def serve(site_dir: Path, index_root: Path, *, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> None:
    """Serve until interrupted, under waitress (a production WSGI server, not a development one)."""
    import waitress

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(f"serving {site_dir} with search at http://{host}:{port}{API_PATH}?q=...", flush=True)
    waitress.serve(make_app(site_dir, index_root), host=host, port=port, threads=threads, ident="podcourse")
