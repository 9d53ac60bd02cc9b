"""The HTTP search endpoint: JSON results, a 400 with a JSON error for every bad input, never a 500.

Called in-process as a WSGI app, and once through a real waitress server on loopback.
"""
from __future__ import annotations

import io
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import waitress

from generator.search.index import build_index, documents_from_catalogue
from generator.load import load_catalogue
from generator.serve import make_app

ROOT = Path(__file__).resolve().parents[1]

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
    catalogue, _ = load_catalogue(ROOT)
    build_index(documents_from_catalogue(catalogue), index_dir)
    return site_dir, index_dir


def call(app, path: str, query: str = "", method: str = "GET") -> tuple[int, dict, bytes]:
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = int(status.split()[0]), dict(headers)

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
               "wsgi.input": io.BytesIO(b""), "SERVER_NAME": "test", "SERVER_PORT": "80"}
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
