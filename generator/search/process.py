"""The site build's search index, built in a second process while the pages render.

Indexing every passage is pure-Python Whoosh work, and at 1,000 episodes it takes longer than
rendering every page; the two need nothing from each other (only the topic pages list what the
index finds, and the plugin renders those last). So the build forks once: the child indexes
the catalogue it inherited, unpublished, and sends back its report; the parent renders and
collects the report when it first needs the index. A child that fails or dies becomes an
error of the build, never a site published without its index; one whose build is killed
outright stops by itself (generator.workers keeps those promises for every worker process).
"""

from __future__ import annotations

import atexit
from pathlib import Path

from ..model import Catalogue
from ..workers import Worker, WorkerFailed
from .index import (
    BuildReport,
    build_index,
    current_generation,
    documents_from_catalogue,
    generation_names,
    remove_generations_except,
)


class IndexBuildFailed(RuntimeError):
    """The index process raised or died; the message says which, for the build log."""


class IndexInBackground:
    """An index build running in a child process (generator.workers); `report()` waits for it (once).

    The child leads a process group of its own: a big batch is written by processes it starts
    (generator.search.segments), and stopping the child stops them too.
    """

    def __init__(self, catalogue: Catalogue, index_root: Path):
        self.index_root = Path(index_root)
        self._existing = generation_names(self.index_root)  # what a cancelled build must not remove
        self._worker = Worker(
            _build_unpublished, catalogue, self.index_root, name="the index process", own_group=True
        )  # forked: the child shares the loaded catalogue, unpickled
        self._outcome: BuildReport | IndexBuildFailed | None = None
        atexit.register(self.cancel)  # a build interrupted any other way does not wait for the index

    def report(self) -> BuildReport:
        """The child's build report, once it has finished; IndexBuildFailed if it failed."""
        if self._outcome is None:
            try:
                self._outcome = self._worker.result()
            except WorkerFailed as failure:  # what it raised names the folder; a death, the process
                self._outcome = IndexBuildFailed(f"{self.index_root}: {failure}" if failure.raised else str(failure))
            atexit.unregister(self.cancel)
        if isinstance(self._outcome, IndexBuildFailed):
            raise self._outcome
        return self._outcome

    def cancel(self) -> None:
        """Stop the child and its segment writers (the site build failed or was interrupted), and
        remove the generation it made unless it went live: failed builds used to leave theirs
        until a later build, and nine of them on a full disk kept the disk full."""
        self._worker.stop(grace=0)
        atexit.unregister(self.cancel)
        remove_generations_except(self.index_root, self._existing | {current_generation(self.index_root)})


def _build_unpublished(catalogue: Catalogue, index_root: Path) -> BuildReport:
    """The child's work: index the catalogue it inherited into a new generation, not yet live."""
    documents = documents_from_catalogue(catalogue)
    return build_index(documents, index_root, publish=False, synonyms=catalogue.synonyms)
