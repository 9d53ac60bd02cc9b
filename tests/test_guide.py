"""The trainer's guide: every command in its `sh` blocks runs, in order, in a trainer's clone."""
import os
import re
import shlex
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import yaml

from sample import ROOT
from generator.site_config import read_site_settings
from gitrepo import git_env, trainer_repository


class LenientLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as `!ENV`; their values do not matter here."""


LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)

GUIDE = ROOT / "docs/pages/guide/index.md"
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
SEED_E100 = "content/sources/001_c01bcb1865bdc080.txt"


def guide_commands() -> list[str]:
    return [line.strip() for block in SH_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
            for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_the_guide_is_in_the_site_linked_from_the_footer_not_the_tabs_and_from_the_readme():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=LenientLoader)
    assert GUIDE.parent.parent == read_site_settings(ROOT)[0].docs_dir
    assert not [entry for entry in config["nav"] if "guide/index.md" in entry.values()]  # learners' tabs only
    assert {"title": "Trainer's guide", "url": "guide/"} in config["extra"]["footer_links"]
    assert "(docs/pages/guide/index.md)" in (ROOT / "README.md").read_text()


def test_the_guide_covers_the_trainers_whole_job():
    commands = guide_commands()
    for expected in ("./run check", "git config core.hooksPath hooks", "./run import content/sources/e305.txt",
                     "./run new episode", "./run new module", "./run new lesson", "./run new quiz",
                     "./run preview", "./run build", "git push"):
        assert any(command.startswith(expected) for command in commands), expected


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_and_fetch(command: str, cwd: Path) -> str:
    """Run the preview command (on a free port, so tests never collide) until it serves the guide."""
    port = free_port()
    server = subprocess.Popen([*shlex.split(command), "--port", str(port)], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/guide/", timeout=5) as response:
                    return response.read().decode()
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"{command} did not answer within 90 s")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def write_new_episode_page(clone: Path) -> None:
    """What the guide asks the trainer to do by hand: save a new episode page as content/sources/e305.txt.
    A real page of the client's, renumbered, stands in for a page of an episode not yet imported."""
    page = (clone / SEED_E100).read_text(encoding="utf-8")
    (clone / "content/sources/e305.txt").write_text(page.replace("E100:", "E305:", 1), encoding="utf-8")


def test_every_command_in_the_guide_works_in_order(tmp_path):
    repo = trainer_repository(tmp_path / "course")
    clone = repo.path
    env = git_env("2026-12-02T10:00:00+00:00")
    outputs = {}
    for command in guide_commands():
        if command.startswith("./run import content/sources/e305.txt"):
            write_new_episode_page(clone)
        if command.startswith("./run preview"):
            page = serve_and_fetch(command, clone)
            assert "Trainer's guide" in page and "livereload" in page
            continue
        done = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        outputs[command] = done.stdout + done.stderr

    assert yaml.safe_load((clone / "content/episodes/e305.yml").read_text())["title"] == \
        "Closing Week: Ending Season One of TSEP"
    assert (clone / "content/episodes/e306.yml").is_file()
    path = yaml.safe_load((clone / "content/course/path.yml").read_text())
    assert path["modules"][-1] == "cold-calls"
    module = yaml.safe_load((clone / "content/course/modules/cold-calls.yml").read_text())
    assert module["lessons"] == ["first-ten-seconds"]
    assert (clone / "site/guide/index.html").is_file() and (clone / "site/feed.xml").is_file()
    commit = next(c for c in outputs if c.startswith("git commit"))
    assert "content OK" in outputs[commit]  # the pre-commit hook ran `podcourse check`
    pushed = subprocess.run(["git", "--git-dir", str(tmp_path / "origin.git"), "log", "-1", "--format=%s", "main"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert pushed == "Add the cold calls module and E305"
