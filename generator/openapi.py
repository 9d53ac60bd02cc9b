"""The OpenAPI document of `/api/search`, served by `podcourse serve` at `/api/openapi.json`.

Written from the same constants that check a request (`generator.search.request`), so the
limits it states are the ones enforced; tests/test_serve_openapi.py runs Schemathesis against a
live server to hold the server to it (no 5xx, every answer as described).
"""

from __future__ import annotations

from .search.fields import DOCUMENT_TYPES
from .search.request import MAX_PASSAGES_PER_RESULT, MAX_QUERY_CHARS

OPENAPI_PATH = "/api/openapi.json"


def search_api_document(api_path: str) -> dict:
    """The OpenAPI 3.0 document of the search endpoint at `api_path`."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "podcourse search",
            "version": "1",
            "description": "Full-text search over every passage of the course and the podcast's transcripts.",
        },
        "paths": {
            api_path: {
                "get": {
                    "operationId": "search",
                    "summary": "Pages matching a query, each with its best matching passages, and facet counts",
                    "parameters": _parameters(),
                    "responses": {
                        "200": _json_response("Results, ten pages of the site a page of results", "Results"),
                        "400": _json_response("A request refused: the parameter at fault and what to change", "Error"),
                        "503": _json_response("The search index is not built yet", "Error"),
                    },
                }
            }
        },
        "components": {"schemas": _schemas()},
    }


def _parameters() -> list[dict]:
    def query(name: str, schema: dict, description: str, required: bool = False) -> dict:
        parameter = {"name": name, "in": "query", "required": required, "schema": schema, "description": description}
        return parameter if required else {**parameter, "allowEmptyValue": True}  # `year=` means no year

    text = {"type": "string", "maxLength": 100}
    return [
        query(
            "q",
            {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS},
            'Words, "a phrase", refer* (a prefix), field:word, AND / OR / NOT, (groups)',
            required=True,
        ),
        query("page", {"type": "integer", "minimum": 1, "maximum": 999999}, "Page of results, from 1"),
        query(
            "passages",
            {"type": "integer", "minimum": 1, "maximum": MAX_PASSAGES_PER_RESULT},
            "Matching passages shown per page found",
        ),
        query(
            "exact",
            {"type": "string", "enum": ["0", "1", "true", "false", "yes", "no"]},
            "Search the words as typed, without correcting misspellings",
        ),
        query("type", {"type": "string", "enum": list(DOCUMENT_TYPES)}, "Only pages of this kind"),
        query("guest", text, "Only episodes with this guest (a name or its slug)"),
        query("topic", text, "Only pages on this topic"),
        query("module", text, "Only pages of this course module"),
        query("year", {"type": "string", "pattern": r"^\d{4}$"}, "Only pages dated in this year"),
    ]


def _json_response(description: str, schema: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _schemas() -> dict:
    strings = {"type": "array", "items": {"type": "string"}}
    return {
        "Results": _object(
            {
                "query": {"type": "string"},
                "searched": {"type": "string"},
                "corrected": {"type": "boolean"},
                "suggestion": {"type": "string", "nullable": True},
                "filters": {"type": "object", "additionalProperties": {"type": "string"}},
                "total": _count(),
                "passages": _count(),
                "page": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
                "groups": {"type": "array", "items": {"$ref": "#/components/schemas/Group"}},
                "facets": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                },
            }
        ),
        "Group": _object(
            {
                "id": {"type": "string"},
                "type": {"type": "string", "enum": list(DOCUMENT_TYPES)},
                "title": {"type": "string"},
                "url": {"type": "string"},
                "date": {"type": "string", "nullable": True},
                "guests": strings,
                "topics": strings,
                "module": {"type": "string"},
                "score": {"type": "number"},
                "matches": _count(),
                "passages": {"type": "array", "items": {"$ref": "#/components/schemas/Passage"}},
                "audio": {
                    "type": "boolean",
                    "description": "The episode has a recording: a passage with a start can play from it",
                },
            }
        ),
        "Passage": _object(
            {
                "anchor": {"type": "string"},
                "url": {"type": "string"},
                "heading": {"type": "string"},
                "speakers": strings,
                "score": {"type": "number"},
                "highlight": {"type": "string", "description": "Escaped HTML; <mark> is its only markup"},
                "start": {
                    "type": "number",
                    "minimum": 0,
                    "nullable": True,
                    "description": (
                        "Seconds into the episode's recording where the passage is heard from; null when untimed"
                    ),
                },
            }
        ),
        "FacetValue": _object({"value": {"type": "string"}, "label": {"type": "string"}, "count": _count()}),
        "Error": _object(
            {
                "error": _object(
                    {
                        "parameter": {"type": "string", "nullable": True},
                        "message": {"type": "string", "minLength": 1},
                    }
                )
            }
        ),
    }


def _object(properties: dict) -> dict:
    """An object with every property required (the server always sends each); more may come later."""
    return {"type": "object", "required": sorted(properties), "properties": properties}


def _count() -> dict:
    return {"type": "integer", "minimum": 0}
