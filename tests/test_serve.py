"""The HTTP search endpoint: JSON results, a 400 with a JSON error for every bad input, never a 500.

Called in-process as a WSGI app, and once through a real waitress server on loopback.
"""
from __future__ import annotations

import gzip
import io
import logging
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import waitress

from sample import ROOT
from generator.search.index import build_index, documents_from_catalogue
from generator.load import load_catalogue
from generator.serve import make_app


BAD_REQUESTS = [
    ("q=", "q"),
    ("", "q"),
    ("q=" + "x" * 201, "q"),
    ("q=%22smart+criteria", "q"),  # unbalanced quote
    ("q=%28smart", "q"),  # unbalanced parenthesis
    ("q=smart%29", "q"),
    ("q=host%3Ajason", "q"),  # unknown field
    ("q=*art", "q"),
    ("q=smart&colour=red", "colour"),  # unknown filter
    ("q=smart&type=video", "type"),
    ("q=smart&guest=nobody-we-know", "guest"),
    ("q=smart&year=last", "year"),
    ("q=smart&page=0", "page"),
    ("q=smart&page=two", "page"),
    ("q=smart&page=999", "page"),  # out of range
    ("q=smart&q=criteria", "q"),  # given twice
    ("q=%ff%fe", "query string"),  # not UTF-8
    ("q=" + "a" * 3000, "query string"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("served")
    site_dir, index_dir = folder / "site", folder / "site-index"
    (site_dir / "episodes" / "e227").mkdir(parents=True)
    (site_dir / "index.html").write_text("<h1>home</h1>")
    (site_dir / "episodes" / "e227" / "index.html").write_text("<h1>E227</h1>")
    (folder / "secret.txt").write_text("outside the site")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset/>"))
    (site_dir / "assets" / "javascripts").mkdir(parents=True)
    (site_dir / "assets" / "javascripts" / "bundle.79ae519e.min.js").write_text("/* hashed */")
    (site_dir / "search.js").write_text("/* not hashed */")
    catalogue, _ = load_catalogue(ROOT)
    build_index(documents_from_catalogue(catalogue), index_dir)
    return site_dir, index_dir


def call(app, path: str, query: str = "", method: str = "GET", headers: dict | None = None) -> tuple[int, dict, bytes]:
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = int(status.split()[0]), dict(headers)

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
               "wsgi.input": io.BytesIO(b""), "SERVER_NAME": "test", "SERVER_PORT": "80"}
    environ.update({"HTTP_" + name.upper().replace("-", "_"): value for name, value in (headers or {}).items()})
    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


def test_search_answers_json_grouped_results(site):
    app = make_app(*site)
    status, headers, body = call(app, "/api/search", "q=SMART&type=episode")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert [g["id"] for g in data["groups"]] == ["episode:e227"]
    assert "episodes/e227/#t-9-p2" in [p["url"] for p in data["groups"][0]["passages"]]  # "I have smart criteria"
    assert data["facets"]["type"] == [{"value": "episode", "label": "episode", "count": 1}]
    status, _, body = call(app, "/api/search", "q=refferals")
    corrected = json.loads(body)
    assert status == 200 and corrected["corrected"] and corrected["searched"] == "referrals" and corrected["total"]
    status, _, body = call(app, "/api/search", "q=refferals&exact=1")
    assert status == 200 and json.loads(body)["suggestion"] == "referrals"


@pytest.mark.parametrize("query, parameter", BAD_REQUESTS)
def test_bad_input_is_a_400_json_error_naming_the_parameter(site, query, parameter):
    status, headers, body = call(make_app(*site), "/api/search", query)
    assert status == 400
    assert headers["Content-Type"].startswith("application/json")
    error = json.loads(body)["error"]
    assert error["parameter"] == parameter
    assert error["message"].startswith(f"{parameter}: ")
    assert "Traceback" not in body.decode("utf-8", "replace")


def test_static_files_and_nothing_outside_the_site(site):
    app = make_app(*site)
    assert call(app, "/episodes/e227/")[2] == b"<h1>E227</h1>"
    assert call(app, "/episodes/e227")[0] == 301
    assert call(app, "/../secret.txt")[0] == 404
    assert call(app, "/%2e%2e/secret.txt")[0] == 404
    assert call(app, "/nothing-here/")[0] == 404
    assert call(app, "/api/search", "q=smart", method="POST")[0] == 405


def test_no_index_yet_is_a_503_json_error(tmp_path, site):
    status, _, body = call(make_app(site[0], tmp_path / "missing"), "/api/search", "q=smart")
    assert status == 503 and "not built" in json.loads(body)["error"]["message"]


def test_through_waitress_on_loopback(site):
    server = waitress.create_server(make_app(*site), host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        with urllib.request.urlopen(f"{base}/api/search?q=%22strategically+realistic%22&type=episode", timeout=10) as answer:
            data = json.loads(answer.read())
        assert [(g["id"], [p["anchor"] for p in g["passages"]]) for g in data["groups"]] == [("episode:e227", ["t-9-p7"])]
        for query, parameter in BAD_REQUESTS:
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(f"{base}/api/search?{query}", timeout=10)
            assert refused.value.code == 400, query
            assert json.loads(refused.value.read())["error"]["parameter"] == parameter
    finally:
        stop(server, thread)


def stop(server, thread: threading.Thread) -> None:
    """Close every socket from inside waitress's loop (closing from outside races its select)."""
    def close_all():
        for dispatcher in list(server._map.values()):
            if dispatcher is not server.trigger:
                dispatcher.close()
        server.close()

    server.trigger.pull_trigger(close_all)
    thread.join(timeout=10)
    server.task_dispatcher.shutdown()
    assert not thread.is_alive()


def test_a_path_segment_too_long_for_the_file_system_is_a_404_without_traceback(site, caplog):
    app = make_app(*site)
    for length in (255, 256, 5000):
        with caplog.at_level(logging.WARNING, logger="podcourse.serve"):
            status, headers, body = call(app, "/" + "a" * length)
        assert status == 404, length
        assert b"Traceback" not in body
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_every_response_says_nosniff(site):
    app = make_app(*site)
    for path, query, method in [("/", "", "GET"), ("/episodes/e227", "", "GET"), ("/missing", "", "GET"),
                                ("/api/search", "q=smart", "GET"), ("/api/search", "", "GET"),
                                ("/api/search", "q=smart", "POST"), ("/search/backend.json", "", "HEAD")]:
        headers = call(app, path, query, method)[1]
        assert headers.get("X-Content-Type-Options") == "nosniff", (path, query, method)


def test_static_files_carry_validators_and_answer_304(site):
    app = make_app(*site)
    status, headers, body = call(app, "/episodes/e227/")
    assert status == 200 and body == b"<h1>E227</h1>"
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert etag.startswith('"') and modified.endswith(" GMT")
    assert headers["Cache-Control"] == "no-cache"  # pages: kept, but asked again so a rebuild shows at once
    for conditional in ({"If-None-Match": etag}, {"If-None-Match": f'"other", W/{etag}'}, {"If-None-Match": "*"},
                        {"If-Modified-Since": modified}):
        status, again, body = call(app, "/episodes/e227/", headers=conditional)
        assert (status, body) == (304, b""), conditional
        assert again["ETag"] == etag and "Content-Length" not in again
    for stale in ({"If-None-Match": '"other"'}, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
                  {"If-Modified-Since": "not a date"},
                  {"If-None-Match": '"other"', "If-Modified-Since": modified}):  # If-None-Match decides
        assert call(app, "/episodes/e227/", headers=stale)[0] == 200, stale
    hashed = call(app, "/assets/javascripts/bundle.79ae519e.min.js")[1]
    assert hashed["Cache-Control"] == "public, max-age=31536000, immutable"  # its name changes with its content
    assert call(app, "/search.js")[1]["Cache-Control"] == "no-cache"


def test_gzip_sitemap_is_sent_as_the_gzip_file_it_is(site):
    status, headers, body = call(make_app(*site), "/sitemap.xml.gz")
    assert status == 200 and headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in headers
    assert gzip.decompress(body) == b"<urlset/>"


def test_a_byte_range_is_served_so_a_player_can_seek(site):
    """A browser seeking in a recording asks for bytes from the middle (RFC 9110 ranges)."""
    site_dir, _ = site
    recording = bytes(range(256)) * 40  # 10,240 bytes
    (site_dir / "audio.wav").write_bytes(recording)
    app = make_app(*site)
    status, headers, body = call(app, "/audio.wav")
    assert (status, body, headers["Accept-Ranges"]) == (200, recording, "bytes")
    for asked, first, last in (("bytes=100-199", 100, 199), ("bytes=10000-", 10000, 10239), ("bytes=-40", 10200, 10239),
                               ("bytes=10200-99999", 10200, 10239)):
        status, headers, body = call(app, "/audio.wav", headers={"Range": asked})
        assert (status, body) == (206, recording[first:last + 1]), asked
        assert headers["Content-Range"] == f"bytes {first}-{last}/10240" and headers["Content-Length"] == str(last - first + 1)
    status, headers, body = call(app, "/audio.wav", headers={"Range": "bytes=20000-"})
    assert (status, headers["Content-Range"], body) == (416, "bytes */10240", b"")
    for whole in ("bytes=1-2,5-6", "items=1-2", "bytes=abc", "bytes=9-3"):  # forms not served: the whole file
        assert call(app, "/audio.wav", headers={"Range": whole})[0] == 200, whole
    etag = call(app, "/audio.wav")[1]["ETag"]
    assert call(app, "/audio.wav", headers={"Range": "bytes=0-9", "If-Range": etag})[0] == 206
    assert call(app, "/audio.wav", headers={"Range": "bytes=0-9", "If-Range": '"an-older-copy"'})[0] == 200
