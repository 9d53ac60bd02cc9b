"""The command line refuses bad parameters with a message naming the parameter, never a traceback."""
import socket
import subprocess
import sys
from pathlib import Path

from sample import ROOT


def podcourse(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_a_root_that_is_not_a_folder_is_named(tmp_path):
    done = podcourse("--root", str(tmp_path / "missing"), "check")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == f"podcourse: error: argument --root: {tmp_path / 'missing'}: no such folder"


def test_a_port_out_of_range_is_refused_not_wrapped_round():
    done = podcourse("serve", "--port", "99999")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "podcourse serve: error: argument --port: '99999' is not a port number (1-65535)"


def test_a_port_already_taken_is_a_message_not_a_traceback(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>built</p>")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = podcourse("--root", str(tmp_path), "serve", "--port", str(port))
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith(f"podcourse serve: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in done.stderr


def test_serve_without_a_built_site_says_to_build(tmp_path):
    done = podcourse("--root", str(tmp_path), "serve")
    assert done.returncode == 1
    assert done.stderr.strip() == f"{tmp_path / 'site'}: no built site here; run `podcourse build` first"


def test_a_bad_number_of_workers_is_refused_naming_the_parameter():
    for bad in ("0", "65", "two", "-1"):
        done = podcourse("serve", "--workers", bad)
        assert done.returncode == 2, bad
        assert done.stderr.splitlines()[-1] == \
            f"podcourse serve: error: argument --workers: '{bad}' is not a number of workers (1-64)", bad
