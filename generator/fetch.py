"""Fetching a file a feed links (a transcript, a chapters file), only when the trainer asks (`import --fetch`).

A feed's links point at anyone's server, so a fetch is bounded: http(s) only (also after a
redirect), FETCH_SECONDS for the whole download, and no more than the import's size limit read
into memory. It returns the bytes or the reason it got none; it never raises.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request

FETCH_SECONDS = 30.0
"""The longest one download may take, connection to last byte: a slow or stalled server fails the
one file, not the import."""

_CHUNK = 64 * 1024


def is_web_address(url: str) -> bool:
    return url.lower().startswith(("https://", "http://"))


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed to http(s) addresses only (never ftp: or file:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_web_address(newurl):
            raise urllib.error.HTTPError(
                newurl, code, f"redirected to {newurl[:80]!r}, not an http(s) address", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_WebOnlyRedirects)


def fetch(url: str, max_bytes: int, seconds: float = FETCH_SECONDS) -> tuple[bytes | None, str | None]:
    """(the file's bytes, None), or (None, why not) for an error, a timeout or a file over max_bytes."""
    if not is_web_address(url):
        return None, "not an http(s) address"
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(url, headers={"User-Agent": "podcourse-import"})
    try:
        with _OPENER.open(request, timeout=seconds) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                return None, f"larger than {max_bytes // (1024 * 1024)} MB ({int(declared):,} bytes)"
            return _read_until(response, max_bytes, deadline, seconds)
    except urllib.error.HTTPError as error:
        return None, f"the server answered {error.code} {error.reason}"
    except urllib.error.URLError as error:
        return None, f"cannot fetch: {error.reason}"
    except (OSError, ValueError, http.client.HTTPException) as error:  # timeouts, resets, bad addresses
        return None, f"cannot fetch: {error or type(error).__name__}"


def _read_until(response, max_bytes: int, deadline: float, seconds: float) -> tuple[bytes | None, str | None]:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            return None, f"larger than {max_bytes // (1024 * 1024)} MB"
        if time.monotonic() > deadline:
            return None, f"took longer than {seconds:g} s"
        chunks.append(chunk)
    return b"".join(chunks), None
