"""The site build's search index, built in a second process while the pages render.

Indexing every passage is pure-Python Whoosh work, and at 1,000 episodes it takes longer than
rendering every page; the two need nothing from each other (only the topic pages list what the
index finds, and the plugin renders those last). So the build forks once: the child indexes
the catalogue it inherited, unpublished, and sends back its report; the parent renders and
collects the report when it first needs the index. A child that fails or dies becomes an
error of the build, never a site published without its index.
"""
from __future__ import annotations

import multiprocessing
from pathlib import Path

from .index import BuildReport, build_index, documents_from_catalogue
from .model import Catalogue


class IndexBuildFailed(RuntimeError):
    """The index process raised or died; the message says which, for the build log."""


class IndexInBackground:
    """An index build running in a child process; `report()` waits for it (once)."""

    def __init__(self, catalogue: Catalogue, index_root: Path):
        self.index_root = Path(index_root)
        context = multiprocessing.get_context("fork")  # the child shares the loaded catalogue, unpickled
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_index_in_child, args=(catalogue, self.index_root, send),
                                        name="podcourse-index", daemon=True)
        self._process.start()
        send.close()  # the child holds the only sending end: its exit ends the pipe
        self._outcome: BuildReport | IndexBuildFailed | None = None

    def report(self) -> BuildReport:
        """The child's build report, once it has finished; IndexBuildFailed if it failed."""
        if self._outcome is None:
            self._outcome = self._wait()
        if isinstance(self._outcome, IndexBuildFailed):
            raise self._outcome
        return self._outcome

    def cancel(self) -> None:
        """Stop the child (the site build failed); the unpublished generation it leaves is cleaned
        up by a later build (generator.index._remove_old_generations)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()

    def _wait(self) -> BuildReport | IndexBuildFailed:
        try:
            status, value = self._receive.recv()
        except EOFError:
            status, value = "error", None
        self._process.join()
        self._receive.close()
        if status == "ok":
            return value
        return IndexBuildFailed(value or f"the index process died (exit code {self._process.exitcode})")


def _index_in_child(catalogue: Catalogue, index_root: Path, send) -> None:
    """The child's whole life: index, report, exit."""
    try:
        outcome = ("ok", build_index(documents_from_catalogue(catalogue), index_root, publish=False))
    except BaseException as error:  # every failure goes back to the parent as a message
        outcome = ("error", f"{index_root}: {type(error).__name__}: {error}")
    send.send(outcome)
    send.close()
