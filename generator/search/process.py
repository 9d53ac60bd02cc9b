"""The site build's search index, built in a second process while the pages render.

Indexing every passage is pure-Python Whoosh work, and at 1,000 episodes it takes longer than
rendering every page; the two need nothing from each other (only the topic pages list what the
index finds, and the plugin renders those last). So the build forks once: the child indexes
the catalogue it inherited, unpublished, and sends back its report; the parent renders and
collects the report when it first needs the index. A child that fails or dies becomes an
error of the build, never a site published without its index.
"""
from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import signal
import threading
from pathlib import Path

from .index import BuildReport, build_index, current_generation, documents_from_catalogue, generation_names, remove_generations_except
from ..model import Catalogue


class IndexBuildFailed(RuntimeError):
    """The index process raised or died; the message says which, for the build log."""


class IndexInBackground:
    """An index build running in a child process; `report()` waits for it (once)."""

    def __init__(self, catalogue: Catalogue, index_root: Path):
        self.index_root = Path(index_root)
        self._existing = generation_names(self.index_root)  # what a cancelled build must not remove
        context = multiprocessing.get_context("fork")  # the child shares the loaded catalogue, unpickled
        self._receive, send = context.Pipe(duplex=False)
        lifeline, self._lifeline = os.pipe()  # the child's read end sees EOF once this process is gone
        # Not a daemon: a big batch is written by processes of its own (generator.segments).
        self._process = context.Process(target=_index_in_child, name="podcourse-index",
                                        args=(catalogue, self.index_root, send, lifeline, self._lifeline))
        gc.freeze()  # objects the child inherits stay shared: its collections would copy their pages
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        send.close()  # the child holds the only sending end: its exit ends the pipe
        os.close(lifeline)
        self._outcome: BuildReport | IndexBuildFailed | None = None
        atexit.register(self.cancel)  # a build interrupted any other way does not wait for the index

    def report(self) -> BuildReport:
        """The child's build report, once it has finished; IndexBuildFailed if it failed."""
        if self._outcome is None:
            self._outcome = self._wait()
        if isinstance(self._outcome, IndexBuildFailed):
            raise self._outcome
        return self._outcome

    def cancel(self) -> None:
        """Stop the child and its segment writers (the site build failed or was interrupted), and
        remove the generation it made unless it went live: failed builds used to leave theirs
        until a later build, and nine of them on a full disk kept the disk full."""
        self._stop_process_group()
        self._process.join()
        self._close()
        remove_generations_except(self.index_root, self._existing | {current_generation(self.index_root)})

    def _wait(self) -> BuildReport | IndexBuildFailed:
        try:
            status, value = self._receive.recv()
        except EOFError:
            status, value = "error", None
        self._process.join()
        self._stop_process_group()  # segment writers, if the child failed before they finished
        self._close()
        if status == "ok":
            return value
        return IndexBuildFailed(value or f"the index process died (exit code {self._process.exitcode})")

    def _close(self) -> None:
        self._receive.close()
        if self._lifeline is not None:
            os.close(self._lifeline)
            self._lifeline = None
        atexit.unregister(self.cancel)

    def _stop_process_group(self) -> None:
        """Kill what is left of the child's process group: the segment writers it forked
        (generator.segments) when it failed or was stopped before collecting them."""
        try:
            os.killpg(self._process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _index_in_child(catalogue: Catalogue, index_root: Path, send, lifeline: int, parents_end: int) -> None:
    """The child's whole life: its own process group (so the parent can stop it with the segment
    writers it forks), index, report, exit without waiting for writers a failure left behind."""
    os.setpgid(0, 0)
    os.close(parents_end)
    threading.Thread(target=_stop_when_parent_is_gone, args=(lifeline,), daemon=True).start()
    try:
        documents = documents_from_catalogue(catalogue)
        outcome = ("ok", build_index(documents, index_root, publish=False, synonyms=catalogue.synonyms))
    except BaseException as error:  # every failure goes back to the parent as a message
        outcome = ("error", f"{index_root}: {type(error).__name__}: {error}")
    send.send(outcome)
    send.close()
    os._exit(0)


def _stop_when_parent_is_gone(lifeline: int) -> None:
    """A build killed outright (SIGKILL, SIGTERM) runs no cleanup: once its end of the lifeline
    closes, the child stops itself and its segment writers, rather than index for nobody."""
    os.read(lifeline, 1)
    os.killpg(0, signal.SIGKILL)
