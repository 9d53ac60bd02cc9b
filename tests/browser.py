"""Helpers for tests in a real browser: Debian's headless Chromium, a static server on loopback, axe-core."""
from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, pinned in tests/package.json and installed by `./run test` (npm ci into tests/node_modules)."""


def axe_violations(page, context: object = None, rules: list[str] | None = None,
                   inside: str | None = None) -> list[dict]:
    """Run axe-core in a Playwright page and return its violations, each with its nodes.

    `context` is axe's include/exclude context (default: the whole document); `rules` limits the
    run to those rule ids. Each node says, as `inside`, whether its element lies within an element
    matching the CSS selector `inside` (None when not asked), so a test can tell whose markup
    failed. A missing axe-core fails the test; it never skips.
    """
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: ./run test installs axe-core (npm ci --prefix tests, pinned in tests/package.json)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    options = {"resultTypes": ["violations"], "elementRef": True}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return page.evaluate("""async ([context, options, inside]) => {
        // Colours as they settle: a class just set (a turn marked as heard) starts a colour
        // transition, and axe measured a contrast halfway through one (flaky, 1 run in many).
        const finite = document.getAnimations().filter(a => a.effect && a.effect.getTiming().iterations !== Infinity);
        await Promise.all(finite.map(a => a.finished.catch(() => null)));
        const result = await axe.run(context || document, options);
        return result.violations.map(violation => ({
            id: violation.id, impact: violation.impact, help: violation.help,
            nodes: violation.nodes.map(node => ({
                target: node.target, html: node.html, summary: node.failureSummary || "",
                inside: inside ? Boolean(node.element && node.element.closest(inside)) : null,
            })),
        }));
    }""", [context, options, inside])


def require_chromium() -> None:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (./run test does it as root)")


@contextlib.contextmanager
def fresh_browser(driver, extra_args: list[str] = (), **options) -> Iterator[object]:
    """A Chromium context with a new, empty profile (no localStorage), removed afterwards;
    `extra_args` are further command-line switches (an autoplay policy)."""
    require_chromium()
    profile = tempfile.mkdtemp(prefix="podcourse-chromium-")
    context = driver.chromium.launch_persistent_context(
        profile, executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra_args], headless=True, **options)
    if options.get("java_script_enabled", True):
        for page in context.pages:
            _waits_for_scripts(page)
        context.on("page", _waits_for_scripts)
    try:
        yield context
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


SCRIPTS_RUN = "() => document.documentElement.getAttribute('data-pc-scripts') !== 'held'"
"""A podcourse page holds its scripts until it is drawn (site-overrides/partials/after-paint.html)
and says on <html> when they, and those podcourse.js loads for the page at once, have run; any
other page holds none."""


def _waits_for_scripts(page) -> None:
    """`page.goto` and `page.reload` return once the page's scripts have run, as before they were
    held until the page is drawn (which may come after the load event Playwright waits for)."""
    for name in ("goto", "reload"):
        def navigate_then_wait(*args, _navigate=getattr(page, name), **kwargs):
            response = _navigate(*args, **kwargs)
            page.wait_for_function(SCRIPTS_RUN)
            return response
        setattr(page, name, navigate_then_wait)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files quietly, and a part of one when asked (`Range: bytes=A-B`), as the hosts of
    podcast audio do: a browser seeks in a recording only where it can ask for part of it."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        asked = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not asked or not path.is_file() or asked.group(0) == "bytes=-":
            return super().do_GET()
        data = path.read_bytes()
        first, last = asked.groups()
        start = int(first) if first else max(0, len(data) - int(last))
        end = min(int(last), len(data) - 1) if first and last else len(data) - 1
        if start >= len(data) or start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{len(data)}")
            self.end_headers()
            return
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.wfile.write(data[start:end + 1])


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 from a thread; yields the base URL.

    The port is known before the first request, so a site can be built for the address it is
    served at (Material's instant navigation needs site_url to match) once the server is up.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join()


SCRIPT_TAG = re.compile(r'<script\b[^>]*\bsrc="[^"]+"[^>]*>\s*</script>\n?')
"""A script a page names by its address (Material's bundle, podcourse.js); not an inline one."""


def with_scripts_reversed(html: str, added: tuple[str, ...] = ()) -> str:
    """`html` naming its scripts, and `added` (more of ours, named as podcourse.js is, in the order
    the site loads them), in reverse order, at the end of its body."""
    tags = [match.group(0).strip() for match in SCRIPT_TAG.finditer(html)]
    ours = next(tag for tag in tags if "/podcourse.js" in tag)
    tags += [ours.replace("/podcourse.js", "/" + name) for name in added]
    return SCRIPT_TAG.sub("", html).replace("</body>", "\n".join(reversed(tags)) + "\n</body>")


def name_scripts_in_reverse(page, added: tuple[str, ...] = ()) -> None:
    """Every page `page` opens names its scripts reversed (with_scripts_reversed); what instant
    navigation fetches is left alone, its scripts are not run."""
    def reverse(route):
        if route.request.resource_type != "document":
            return route.continue_()
        response = route.fetch()
        route.fulfill(response=response, body=with_scripts_reversed(response.text(), added))

    page.route("**/*", reverse)


def scripts_named(page) -> list[str]:
    """The file names of the scripts the page names by address, in the page's order."""
    return page.evaluate("[...document.scripts].filter(s => s.src).map(s => s.src.split('/').pop())")
