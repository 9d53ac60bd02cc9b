"""When each file of the repository last changed, and what changed when, from git history.

Trainers publish through git, so git already knows when a lesson was written or a quiz edited,
and what it said before and after. The whole history is read in ONE `git log` pass (plus one
`git rev-parse` to learn whether the clone is shallow, and one `git cat-file` for the texts
What's new compares), never one git call per page: a thousand episode pages must not mean a
thousand processes. Outside a git repository, without git, or in a shallow clone (where the
oldest commit we can see pretends to add every file), dates are unknown: the history is empty,
a warning says why, and nothing crashes.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

RECORD = "\x1e"  # starts each commit in the log output (ASCII record separator)
FIELD = "\x1f"  # separates the commit's fields (ASCII unit separator)
TRAILERS = "\x1d"  # separates several trailers of one key (ASCII group separator)
LEARNERS_TRAILER = "Learners"
"""The trailer (`Learners: <text>` at the end of a commit message) whose text What's new shows."""
LOG_FORMAT = f"{RECORD}%H{FIELD}%aI{FIELD}%s{FIELD}%(trailers:key={LEARNERS_TRAILER},valueonly,unfold,separator=%x1d)"
NO_FILE = "0" * 40  # the blob id `git log --raw` gives the missing side of an added or deleted file

STATUS_NAMES = {"A": "added", "M": "modified", "D": "deleted", "T": "modified"}


@dataclass(frozen=True)
class Change:
    """One file added, modified or deleted by one commit: a line of "What's new"."""

    path: str
    """Path relative to the site's root (the folder holding mkdocs.yml), POSIX separators."""
    status: str
    """"added", "modified" or "deleted"."""
    when: dt.datetime
    """Author date of the commit, timezone-aware: when the trainer made the change."""
    subject: str
    """The commit message's first line: the trainer's own words for the change."""
    commit: str
    """Full commit hash; with the path, a stable identity for feed entries."""
    learners: str = ""
    """The commit's `Learners:` trailer, the trainer's words meant for learners; "" without one.

    Only this part of a message is published: the rest is written for colleagues."""
    before: str = ""
    """Blob id of the file as it was before the commit; "" when the commit added it."""
    after: str = ""
    """Blob id of the file as the commit left it; "" when the commit deleted it."""


@dataclass(frozen=True)
class History:
    """Every change git knows of under the root, newest first, and what it could not tell."""

    changes: tuple[Change, ...] = ()
    warnings: tuple[str, ...] = ()
    last_changed: dict[str, dt.datetime] = field(default_factory=dict, compare=False)
    """Path of every file that exists at HEAD -> when a commit last touched it."""
    first_added: dict[str, dt.datetime] = field(default_factory=dict, compare=False)
    """Path of every file that exists at HEAD -> when it was (last) added: its publication."""
    texts: dict[str, str] = field(default_factory=dict, compare=False)
    """Blob id -> text, for both sides of every change under the folders `read_history` was
    asked to read: what What's new compares to say what changed in a lesson or a quiz."""


def read_history(root: Path, texts_under: tuple[str, ...] = ()) -> History:
    """The history of everything under root, read in one `git log` pass (and one `git cat-file`
    for the texts of files under `texts_under`); empty with a warning when git cannot tell (no
    git, not a repository, a shallow clone)."""
    root = Path(root)
    state = _repository_state(root)
    if isinstance(state, str):
        return History(warnings=(state,))
    try:
        log = _git(
            root,
            "log",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--relative",
            "-z",
            f"--format={LOG_FORMAT}",
            "HEAD",
            "--",
        )
    except _GitFailed as error:
        if "bad revision 'HEAD'" in error.stderr or "does not have any commits" in error.stderr:
            return History(warnings=(f"{root}: no commits yet, so no page has a last-changed date",))
        return History(warnings=(f"{root}: cannot read git history ({error.stderr.strip() or error})",))
    history = history_from_log(log)
    if not texts_under:
        return history
    blobs = {
        blob
        for change in history.changes
        if change.path.startswith(texts_under)
        for blob in (change.before, change.after)
        if blob
    }
    try:
        texts = read_texts(root, blobs)
    except _GitFailed as error:
        return replace(
            history, warnings=(f"{root}: cannot read old versions of files ({error.stderr.strip() or error})",)
        )
    return replace(history, texts=texts)


def read_texts(root: Path, blobs) -> dict[str, str]:
    """Blob id -> its text, all read by one `git cat-file --batch` however many there are."""
    blobs = sorted(blobs)
    if not blobs:
        return {}
    output = _git(root, "cat-file", "--batch", input="".join(f"{blob}\n" for blob in blobs).encode(), text=False)
    texts, at = {}, 0
    for blob in blobs:
        header_end = output.index(b"\n", at)
        header = output[at:header_end].split()
        at = header_end + 1
        if len(header) < 3:  # "<id> missing": nothing follows
            continue
        size = int(header[2])
        texts[blob] = output[at : at + size].decode("utf-8", errors="replace")
        at += size + 1  # the content is followed by a newline
    return texts


def last_changed(root: Path) -> dict[str, dt.date]:
    """Root-relative path of each file -> the date it last changed: what "Last updated" shows."""
    return {path: when.date() for path, when in read_history(root).last_changed.items()}


def history_from_log(log: str) -> History:
    """Parse `git log --raw --no-abbrev -z --format=LOG_FORMAT` output (newest commit first).

    Each file comes as ":<mode> <mode> <blob before> <blob after> <status>" then its path."""
    changes: list[Change] = []
    for record in log.split(RECORD)[1:]:
        header, _, files = record.partition("\0")
        commit, date_text, subject, learners = header.split(FIELD, 3)
        when = dt.datetime.fromisoformat(date_text)
        learners = " ".join(text.strip() for text in learners.split(TRAILERS) if text.strip())
        fields = files.lstrip("\n").split("\0")
        for raw, path in zip(fields[0::2], fields[1::2], strict=False):  # a last field alone is git's trailing NUL
            if path:
                _, _, before, after, status = raw.split()
                changes.append(
                    Change(
                        path,
                        STATUS_NAMES.get(status[:1], "modified"),
                        when,
                        subject,
                        commit,
                        learners,
                        _blob(before),
                        _blob(after),
                    )
                )
    last: dict[str, dt.datetime] = {}
    added: dict[str, dt.datetime] = {}
    gone: set[str] = set()
    for change in changes:  # newest first: the first event seen for a path decides whether it exists
        if change.path in gone:
            continue
        if change.status == "deleted" and change.path not in last:
            gone.add(change.path)
            continue
        last.setdefault(change.path, change.when)
        if change.status == "added":
            added.setdefault(change.path, change.when)
            gone.add(change.path)  # older events belong to an earlier life of this path
    return History(tuple(changes), (), last, added)


def _blob(blob_id: str) -> str:
    return "" if blob_id == NO_FILE else blob_id


class _GitFailed(Exception):
    def __init__(self, message: str, stderr: str = ""):
        super().__init__(message)
        self.stderr = stderr


def _git(root: Path, *args: str, input: bytes | None = None, text: bool = True):
    """git's output, as text (or bytes when `text` is false: cat-file counts sizes in bytes)."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, input=input, env={**os.environ, "LC_ALL": "C"}
        )  # untranslated messages, which we match
    except OSError as error:
        raise _GitFailed(f"cannot run git: {error.strerror}") from error
    stderr = done.stderr.decode("utf-8", errors="replace")
    if done.returncode != 0:
        raise _GitFailed(f"git {args[0]} exited with {done.returncode}", stderr)
    return done.stdout.decode("utf-8", errors="replace") if text else done.stdout


def _repository_state(root: Path) -> str | None:
    """None when root is inside a full git clone; otherwise a warning saying why there are no dates."""
    if not root.is_dir():
        return f"{root}: not a folder, so no page has a last-changed date"
    try:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip()
    except _GitFailed as error:
        if error.stderr:
            return f"{root}: not a git repository, so no page has a last-changed date (commit your content to get them)"
        return f"{root}: {error}, so no page has a last-changed date"
    if shallow == "true":
        return (
            f"{root}: shallow git clone, so last-changed dates are unknown "
            "(in CI, fetch the whole history: actions/checkout with fetch-depth: 0, GIT_DEPTH: 0 on GitLab)"
        )
    return None
