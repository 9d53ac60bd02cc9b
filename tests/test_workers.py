"""generator.workers, the one way podcourse runs a process of its own: what comes back from a
worker that returns, raises, dies or hangs; stopping; and nothing left behind (no zombie, no
orphan, nothing of a process group). Real forked processes, looked up in /proc."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sample import ROOT
from generator.workers import Worker, WorkerFailed, finished, stop_all


def alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie (a zombie is dead, but not reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def exists(pid: int) -> bool:
    """Whether anything, a zombie included, still holds the pid."""
    return Path(f"/proc/{pid}").exists()


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def reaped(worker: Worker) -> bool:
    """The worker's process is reaped: no zombie is left for it (its pid is free again)."""
    return worker.status is not None and not exists(worker.pid)


def test_what_a_worker_returns_comes_back_and_the_worker_is_reaped():
    loaded = {"catalogue": list(range(1000))}  # inherited by the fork, not sent to it
    worker = Worker(lambda extra: sum(loaded["catalogue"]) + extra, 5, name="adder")
    assert worker.result(timeout=30) == 499505
    assert worker.exit_reason() == "exit code 0" and reaped(worker)


def test_a_worker_that_raises_fails_with_its_error():
    worker = Worker(lambda: open("/no/such/file"), name="reader")
    with pytest.raises(WorkerFailed) as failure:
        worker.result(timeout=30)
    assert str(failure.value) == "FileNotFoundError: [Errno 2] No such file or directory: '/no/such/file'"
    assert (failure.value.raised, failure.value.text) == ("FileNotFoundError", "[Errno 2] No such file or directory: '/no/such/file'")
    assert reaped(worker)


@pytest.mark.parametrize("death, reason", [(lambda: os._exit(3), "exit code 3"),
                                           (lambda: os.kill(os.getpid(), signal.SIGKILL), "killed by signal 9")])
def test_a_worker_that_dies_is_reported_with_how_it_ended(death, reason):
    worker = Worker(death, name="the index process")
    with pytest.raises(WorkerFailed, match=rf"^the index process died \({reason}\)$") as failure:
        worker.result(timeout=30)
    assert failure.value.raised is None and reaped(worker)


def test_a_worker_that_hangs_past_its_timeout_is_stopped_and_reaped():
    worker = Worker(time.sleep, 60, name="sleeper")
    started = time.monotonic()
    with pytest.raises(WorkerFailed, match=r"^sleeper ran past its 0.5 s and was stopped$"):
        worker.result(timeout=0.5)
    assert time.monotonic() - started < 5 and reaped(worker)


def test_a_stop_lets_the_worker_clean_up_and_kills_one_that_will_not_stop(tmp_path):
    cleaned = tmp_path / "cleaned"

    def tidy():
        try:
            (tmp_path / "polite").write_text("ready")
            time.sleep(60)
        finally:
            cleaned.write_text("done")

    def stubborn():
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        (tmp_path / "deaf").write_text("ready")
        time.sleep(60)

    polite, deaf = Worker(tidy, name="polite"), Worker(stubborn, name="deaf")
    wait_for_files(tmp_path / "polite", tmp_path / "deaf")  # both are where a stop should find them
    started = time.monotonic()
    stop_all([polite, deaf], grace=1.0)
    assert 1.0 <= time.monotonic() - started < 5  # the grace period, once for both
    assert cleaned.read_text() == "done"  # SIGTERM ran the worker's finally
    assert deaf.exit_reason() == "killed by signal 9"
    assert reaped(polite) and reaped(deaf)
    with pytest.raises(WorkerFailed, match=r"^deaf was stopped \(killed by signal 9\)$"):
        deaf.result()


def wait_for_files(*paths: Path, seconds: float = 30) -> None:
    """Until a worker has written each file (not empty)."""
    deadline = time.monotonic() + seconds
    while not all(path.exists() and path.stat().st_size for path in paths):
        assert time.monotonic() < deadline, [path for path in paths if not path.exists()]
        time.sleep(0.05)


def test_finished_names_the_worker_that_ended_while_the_other_runs():
    quick, slow = Worker(time.sleep, 0.2, name="quick"), Worker(time.sleep, 60, name="slow")
    try:
        deadline = time.monotonic() + 10
        ended = []
        while not ended and time.monotonic() < deadline:
            ended = finished([quick, slow], timeout=0.5)
        assert ended == [quick] and not slow.done() and alive(slow.pid)
    finally:
        stop_all([quick, slow], grace=0)
    assert reaped(quick) and reaped(slow)


def test_a_death_is_seen_at_once_though_a_sibling_and_a_child_of_it_still_run(tmp_path):
    """A worker's death is reported at once, not when a sibling forked after it, or a worker it
    started itself, ends; that worker, orphaned, stops by itself."""
    grandchild = tmp_path / "grandchild"

    def starts_a_worker_then_dies():
        grandchild.write_text(str(Worker(time.sleep, 60, name="grandchild").pid))
        os._exit(5)

    dying = Worker(starts_a_worker_then_dies, name="parent")
    sibling = Worker(time.sleep, 60, name="sibling")
    started = time.monotonic()
    try:
        with pytest.raises(WorkerFailed, match=r"^parent died \(exit code 5\)$"):
            dying.result(timeout=30)
        assert time.monotonic() - started < 5 and alive(sibling.pid)
        assert gone_within(int(grandchild.read_text()), 10)
    finally:
        sibling.stop(grace=0)


def test_a_worker_leading_its_group_takes_what_it_started_with_it(tmp_path):
    """Pagefind, segment writers: what a group leader starts stops with it, stopped or ended."""
    pids = tmp_path / "pids"

    def starts_a_program(then_exit: bool):
        program = subprocess.Popen(["sleep", "60"])
        pids.write_text(str(program.pid))
        if then_exit:
            return "left it running"
        time.sleep(60)

    for then_exit in (False, True):
        pids.unlink(missing_ok=True)
        leader = Worker(starts_a_program, then_exit, name="leader", own_group=True)
        wait_for_files(pids)
        program = int(pids.read_text())
        if then_exit:
            assert leader.result(timeout=30) == "left it running"
        else:
            leader.stop(grace=1)
        assert gone_within(program, 5) and reaped(leader)


def test_a_worker_whose_parent_is_killed_outright_stops_by_itself(tmp_path):
    """SIGKILL runs no cleanup in the parent; its workers notice the lifeline's end and stop."""
    pids = tmp_path / "pids"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from generator.workers import Worker
        workers = [Worker(time.sleep, 60, name="plain"), Worker(time.sleep, 60, name="leader", own_group=True)]
        Path({str(pids)!r}).write_text(" ".join(str(worker.pid) for worker in workers))
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        wait_for_files(pids)
        workers = [int(pid) for pid in pids.read_text().split()]
        assert all(alive(pid) for pid in workers)
        parent.kill()
        parent.wait(timeout=10)
        assert all(gone_within(pid, 10) for pid in workers)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_finished_workers_leave_no_descriptor_open_in_the_parent():
    """A server replaces dead workers for weeks: each one's pipe and pidfd are closed once it is done."""
    def open_descriptors() -> int:
        return len(os.listdir("/proc/self/fd"))

    Worker(int, name="first").result(timeout=30)  # this process's lifeline, made once, is open from here on
    before = open_descriptors()
    for number in range(10):
        Worker(int, name=f"read {number}").result(timeout=30)
        ended = Worker(os._exit, 0, name=f"closed {number}")
        while not finished([ended], timeout=1):
            pass
        ended.close()
        Worker(time.sleep, 60, name=f"stopped {number}").stop(grace=0)
    assert open_descriptors() == before
