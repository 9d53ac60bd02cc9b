"""`/api/search` against its own OpenAPI document, fuzzed by Schemathesis on a live waitress server.

Schemathesis reads the document from the server (`/api/openapi.json`), generates requests that
fit it and requests that break it, sends them over a real loopback socket, and checks each
answer: no 5xx, only documented status codes and content types, bodies that fit the schemas,
and every request the document forbids refused with a 4xx.
"""
from __future__ import annotations

import threading

import pytest
import schemathesis
import waitress
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from sample import ROOT
from generator.load import load_catalogue
from generator.openapi import OPENAPI_PATH
from generator.search.index import build_index, documents_from_catalogue
from generator.serve import API_PATH, make_app
from test_serve import stop

EXAMPLES = 60
"""Requests per kind (fitting, breaking) of the one operation: a fuzz of a few seconds, enough to
reach the limits (empty, 200 characters, unknown values, non-integers) and the query syntax."""


@pytest.fixture(scope="module")
def live_schema(tmp_path_factory):
    """The document as the live server publishes it, with the server's address as base URL."""
    folder = tmp_path_factory.mktemp("openapi")
    (folder / "site").mkdir()
    (folder / "site" / "index.html").write_text("<h1>home</h1>")
    catalogue, _ = load_catalogue(ROOT)
    build_index(documents_from_catalogue(catalogue), folder / "site-index")
    server = waitress.create_server(make_app(folder / "site", folder / "site-index"),
                                    host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        yield schemathesis.openapi.from_url(base + OPENAPI_PATH, timeout=10)
    finally:
        stop(server, thread)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_search_api_keeps_to_its_document(live_schema, mode):
    """Driven by Hypothesis here: Schemathesis's lazy pytest loader (from_fixture) fails on pytest 9.2 (no `_nodeid`)."""
    @given(case=live_schema[API_PATH]["GET"].as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def keeps_to_it(case):
        case.call_and_validate(timeout=10, excluded_checks=[positive_data_acceptance])

    keeps_to_it()


def test_the_published_document_is_valid_openapi(live_schema):
    live_schema.validate()  # Schemathesis checks it against the OpenAPI 3.0 meta-schema
    assert API_PATH in live_schema.raw_schema["paths"]
