"""Worker processes: start one, watch it, stop it, and leave nothing behind.

The server's workers, the index process, its segment writers and the Pagefind process are all
forked children that must keep the same promises, so they keep them here, once:

- what the worker returns (or the error that stopped it, as `Type: message`) comes back over a
  pipe; a worker that dies without one is reported with its exit code or signal, never waited
  for forever, and `result(timeout)` stops one that runs past its time;
- stopping asks first (SIGTERM, raised in the worker as SystemExit, so its `finally` blocks and a
  server's own shutdown run), kills after a grace period, and always reaps: no zombie is left;
- a worker whose parent is gone (killed outright, no cleanup run) notices the end of a pipe only
  the parent held open and stops itself: no orphan is left either;
- a worker may lead a process group of its own, so stopping it stops what it started (Pagefind,
  segment writers), and what it leaves behind when it exits is stopped with it.

Workers are forked, not spawned: they share what the parent loaded (a catalogue, a listening
socket) without pickling it, which is why no pool does this job (ProcessPoolExecutor, loky and
billiard pickle each task and cannot stop one that is running). Ctrl-C is the parent's to act on:
workers ignore SIGINT, and the parent stops them. POSIX only, as `os.fork` is.
"""

from __future__ import annotations

import gc
import logging
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection, Pipe
from typing import Any, Literal

STOP_GRACE_S = 10.0
"""How long `stop` waits after SIGTERM before it kills (0 kills at once)."""
ORPHAN_GRACE_S = 3.0
"""How long a worker whose parent died waits after its SIGTERM to itself before it kills itself."""


class WorkerFailed(RuntimeError):
    """A worker raised, died or ran past its time. `raised` is the name of the error it raised
    (None when it died or was stopped) and `text` that error's message or what happened to it."""

    def __init__(self, text: str, raised: str | None = None):
        super().__init__(f"{raised}: {text}" if raised else text)
        self.text = text
        self.raised = raised


class _Stopped(SystemExit):
    """SIGTERM in a worker: a SystemExit, so code that stops cleanly on one (waitress) does."""


_Outcome = tuple[Literal["ok"], object] | tuple[Literal["error"], WorkerFailed]
"""What a worker came to: what its target returned, or why it failed."""


class Worker:
    """`target(*args)` running in a forked child named `name` (for messages: "the index process").

    Call `result()` to wait for what it returns, or `stop()`; either reaps the child. A worker that
    leads its own process group (`own_group`) takes the group with it when it is stopped or ends.
    """

    def __init__(self, target: Callable, *args, name: str, own_group: bool = False):
        self.name = name
        self.own_group = own_group
        self.status: int | None = None  # the wait status, once reaped
        self._outcome: _Outcome | None = None
        self._receive, send = Pipe(duplex=False)
        lifeline = _lifeline_read_end()
        _flush_std_streams()  # or the child would write what this process has buffered a second time
        gc.freeze()  # what the child inherits stays shared: its collections would copy the pages
        try:
            self.pid = os.fork()
        except BaseException:
            gc.unfreeze()
            _close(send)
            _close(self._receive)
            raise
        if self.pid == 0:
            _run_in_child(target, args, send, lifeline, own_group)  # never returns
        gc.unfreeze()
        self.started = time.monotonic()
        send.close()  # the child holds the only sending end: its exit ends the pipe
        if own_group:
            _set_group(self.pid)  # here as well as in the child, so a stop right away reaches the group
        self._exited = _exit_notifier(self.pid)
        _Inherited.parent_side(self._receive, self._exited)

    # ---- watching ----

    def done(self) -> bool:
        """Whether the worker has exited (and is reaped), without waiting."""
        return self._reap(block=False)

    def result(self, timeout: float | None = None):
        """What `target` returned, once it has; WorkerFailed when it raised (the error's type and
        message), died without a result (its exit code or signal) or ran past `timeout` seconds
        (stopped then, as `stop` does)."""
        if self._outcome is None:
            self._outcome = self._receive_outcome(timeout)
        outcome = self._outcome
        if outcome[0] == "ok":
            return outcome[1]
        raise outcome[1]

    def exit_reason(self) -> str:
        """How the reaped worker ended: "exit code 3", "killed by signal 9"."""
        if self.status is None:
            return "still running"
        if self.status < 0:
            return "exit status unknown"
        if os.WIFSIGNALED(self.status):
            return f"killed by signal {os.WTERMSIG(self.status)}"
        return f"exit code {os.waitstatus_to_exitcode(self.status)}"

    def _receive_outcome(self, timeout: float | None) -> _Outcome:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._receive.poll(0) and not self.done():
            if not _wait_for([self._receive, self._exited], _remaining(deadline)):
                self.stop()
                return "error", WorkerFailed(f"{self.name} ran past its {timeout:g} s and was stopped")
        status: str | None = None  # once it has exited, what it sent is in the pipe, or it sent nothing
        value: Any = None  # unpickled from the worker
        if self._receive.poll(0):
            try:
                status, value = self._receive.recv()
            except (EOFError, OSError, ValueError, TypeError, AttributeError, ImportError):  # died half way
                pass
        _Inherited.release(self._receive)
        self._reap(block=True)  # it exits as soon as it has sent, or has already
        if status == "ok":
            return "ok", value
        if status == "error":
            return "error", WorkerFailed(value[1], value[0])
        return "error", WorkerFailed(f"{self.name} died ({self.exit_reason()})")

    # ---- stopping ----

    def stop(self, grace: float = STOP_GRACE_S) -> None:
        """SIGTERM (to its group, if it leads one), SIGKILL after `grace` seconds, and reap."""
        stop_all([self], grace)

    def close(self) -> None:
        """Let go of a finished worker: its pipe is closed, and what it sent is no longer read
        (`result()` then says it was stopped). A server replacing a dead worker calls this."""
        if self._outcome is None:
            self._outcome = ("error", WorkerFailed(f"{self.name} was stopped ({self.exit_reason()})"))
            _Inherited.release(self._receive)

    def _signal(self, sig: int) -> None:
        try:
            if self.own_group:
                os.killpg(self.pid, sig)
            elif self.status is None:
                os.kill(self.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def _reap(self, block: bool) -> bool:
        if self.status is not None:
            return True
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:  # reaped already (SIGCHLD ignored): how it ended is not known
            pid, status = self.pid, -1
        if pid == 0:
            return False
        self.status = status
        if self.own_group:
            self._signal(signal.SIGKILL)  # what it started and left running (a writer it did not collect)
        _Inherited.release(self._exited)
        self._exited = None
        return True


def stop_all(workers: Iterable[Worker], grace: float = STOP_GRACE_S) -> None:
    """Stop several workers at once: SIGTERM to each, one grace period for all, SIGKILL to those
    still running, and every one reaped."""
    workers = list(workers)
    running = [worker for worker in workers if not worker.done()]
    for worker in running:
        worker._signal(signal.SIGTERM if grace > 0 else signal.SIGKILL)
    deadline: float | None = time.monotonic() + grace
    while running:
        running = [worker for worker in running if not worker.done()]
        if running and not _wait_for([worker._exited for worker in running], _remaining(deadline)):
            for worker in running:
                worker._signal(signal.SIGKILL)
            deadline = None
    for worker in workers:
        worker.close()


def finished(workers: Iterable[Worker], timeout: float) -> list[Worker]:
    """The workers that have exited (reaped), waiting up to `timeout` seconds for the first."""
    workers = list(workers)
    done = [worker for worker in workers if worker.done()]
    if not done and _wait_for([worker._exited for worker in workers], timeout):
        done = [worker for worker in workers if worker.done()]
    return done


# ---- waiting ----


def _exit_notifier(pid: int) -> int | None:
    """A descriptor that becomes readable when the process exits (Linux's pidfd), or None: then
    waiting polls."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


POLL_S = 0.05
"""How often waiting looks again where no pidfd tells it a worker has exited."""


def _wait_for(waitables: list, timeout: float | None) -> bool:
    """False once `timeout` seconds have passed with none of `waitables` (connections, pidfds)
    ready; True as soon as one is. None stands for a worker without a pidfd: then True after
    POLL_S as well, to look again. A signal handler runs meanwhile, and the wait resumes."""
    ready = [item if isinstance(item, int) else item.fileno() for item in waitables if item is not None]
    if len(ready) == len(waitables):  # each tells when it is ready: no polling
        return bool(select.select(ready, [], [], timeout)[0])
    step = min(POLL_S, timeout) if timeout is not None else POLL_S
    if select.select(ready, [], [], step)[0]:
        return True
    return timeout is None or timeout > step


def _remaining(deadline: float | None) -> float | None:
    return None if deadline is None else max(0.0, deadline - time.monotonic())


# ---- what the child does ----


def _run_in_child(target: Callable, args: tuple, send: Connection, lifeline: int, own_group: bool) -> None:
    """The child's whole life: its own group if asked, signals as workers take them, a watch on
    the parent, `target`, its outcome sent back, and an exit that runs none of the parent's
    cleanup (atexit handlers, `finally` blocks up the stack it was forked from)."""
    status = 1
    try:
        if own_group:
            _set_group(0)
        _Inherited.close_in_child(send, lifeline)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
        signal.signal(signal.SIGTERM, _stopped)
        threading.Thread(target=_stop_when_orphaned, args=(lifeline, own_group), daemon=True).start()
        try:
            outcome = ("ok", target(*args))
            status = 0
        except BaseException as error:  # sent back as a message; the parent decides what it means
            outcome = ("error", (type(error).__name__, str(error)))
        try:
            send.send(outcome)
        except Exception as error:  # a value that cannot be pickled, or a parent gone
            status = 1
            try:
                send.send(("error", (type(error).__name__, f"cannot send the result back: {error}")))
            except Exception:
                pass
    finally:
        _flush_std_streams()
        logging.shutdown()
        os._exit(status)


def _stopped(signum, frame) -> None:
    raise _Stopped("stopped (SIGTERM)")


def _stop_when_orphaned(lifeline: int, own_group: bool) -> None:
    """Once the parent's end of the lifeline closes (it died, whatever way), stop: SIGTERM, then
    SIGKILL if that was not enough; the whole group when this worker leads one."""
    while os.read(lifeline, 1):
        pass
    stop = (lambda sig: os.killpg(0, sig)) if own_group else (lambda sig: os.kill(os.getpid(), sig))
    stop(signal.SIGTERM)
    time.sleep(ORPHAN_GRACE_S)
    stop(signal.SIGKILL)


def _set_group(pid: int) -> None:
    try:
        os.setpgid(pid, 0)
    except (ProcessLookupError, PermissionError):  # it has exited, or already runs as its own group
        pass


def _flush_std_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, ValueError, OSError):
            pass


class _Inherited:
    """The descriptors a fork copies that the child must close: the parent's ends of its workers'
    pipes and of its lifeline, and the parent's own way up to its parent. Were a copy kept, a
    worker's exit would not end its pipe while a sibling (or its own child) held the other end,
    and a parent's death would not end its lifeline."""

    held: list = []  # the receiving ends and pidfds of this process's workers
    lifeline: tuple[int, int] | None = None  # (read end, write end) of this process's lifeline
    way_up: list = []  # this process's own result pipe and its parent's lifeline, if it is a worker

    @classmethod
    def parent_side(cls, *items) -> None:
        cls.held += [item for item in items if item is not None]

    @classmethod
    def release(cls, item) -> None:
        """Close one of this process's parent-side ends, a finished worker's."""
        if item in cls.held:
            cls.held.remove(item)
            _close(item)

    @classmethod
    def close_in_child(cls, *way_up) -> None:
        """In a new worker: close what the parent held, and keep `way_up` for its own children to close."""
        for item in cls.held + cls.way_up + ([cls.lifeline[1]] if cls.lifeline else []):
            _close(item)
        cls.held, cls.lifeline, cls.way_up = [], None, list(way_up)


def _lifeline_read_end() -> int:
    """The read end of this process's lifeline: a pipe whose write end only this process keeps
    (each child closes its copy), so a child reads EOF from it once this process is gone."""
    if _Inherited.lifeline is None:
        _Inherited.lifeline = os.pipe()
    return _Inherited.lifeline[0]


def _close(item) -> None:
    try:
        item.close() if isinstance(item, Connection) else os.close(item)
    except OSError:
        pass
