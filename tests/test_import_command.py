"""`podcourse import` end to end in a scratch repository: files written, edits kept, bad input refused."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator import store
from generator.cli import main
from generator.importing import import_sources
from generator.store import write_atomic

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "content" / "sources").glob("00[0-4]_*.txt"))
E204_SOURCE = "000_3c2fe57e61de32a4.txt"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A scratch repository holding the client's five pages as content/sources/."""
    sources = tmp_path / "content" / "sources"
    sources.mkdir(parents=True)
    for seed in SEEDS:
        (sources / seed.name).write_bytes(seed.read_bytes())
    return tmp_path


def sources(root: Path) -> list[Path]:
    return sorted((root / "content" / "sources").glob("*.txt"))


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def edit_yaml(path: Path, change) -> None:
    data = load(path)
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def change_source(root: Path, name: str, old: str, new: str) -> None:
    path = root / "content" / "sources" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def warnings_and_errors(problems):
    return [p for p in problems if p.severity == "notice"], [p for p in problems if p.severity == "error"]


# ---- the catalogue it writes ----

def test_first_import_writes_the_catalogue(root):
    assert import_sources(sources(root), root) == []
    content = root / "content"
    assert sorted(p.name for p in (content / "episodes").iterdir()) == ["e100.yml", "e204.yml", "e227.yml", "e298.yml"]
    assert sorted(p.name for p in (content / "people").iterdir()) == ["dr-wayne-baker.yml", "kwame-christian.yml", "peter-kozodoy.yml"]
    # six feed posts seen on four pages, once each, plus the archive's four
    assert len(list((content / "posts").glob("*.md"))) == 10
    assert (content / "posts" / "2025-02-18-the-numbers-game-mentality-is-a-losing-strategy.md").exists()
    assert (content / "posts" / "2010-06-02-sales-leaders-gps.md").exists()
    # .imported mirrors what was written, file for file
    written = {p.relative_to(content).as_posix() for d in ("episodes", "people", "posts") for p in (content / d).iterdir()}
    base = {p.relative_to(content / ".imported").as_posix() for p in (content / ".imported").rglob("*") if p.is_file()}
    assert written == base
    podcast = load(content / "podcast.yml")
    assert podcast["show"] == "The Sales Experience Podcast"
    assert podcast["host"]["name"] == "Jason Cutter" and podcast["host"]["labels"] == ["Jason"]


def test_episode_file_has_the_documented_fields(root):
    import_sources(sources(root), root)
    text = (root / "content" / "episodes" / "e227.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert list(data) == ["number", "title", "date", "series", "guests", "topics", "hook", "description", "quotes", "source", "transcript"]
    assert data["series"] == {"name": "All You Have To Do Is Ask, with Dr. Wayne Baker", "part": 1, "parts": 3}
    assert data["source"] == "content/sources/004_52606bfe6000e370.txt"
    assert [t.get("kind", "speech") for t in data["transcript"]].count("ad") == 1
    assert "kind" not in data["transcript"][0]  # speech is the default, omitted
    # multi-line text is a literal block a trainer can edit paragraph by paragraph
    assert "description: |" in text
    assert "\n\n    Dr. Wayne, welcome to the Sales Experience Podcast." in text


def test_post_file_is_front_matter_and_body(root):
    import_sources(sources(root), root)
    text = (root / "content" / "posts" / "2010-06-22-please-just-send-me-some-information.md").read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    data = yaml.safe_load(front.removeprefix("---\n"))
    assert data == {"title": "“Please Just Send Me Some Information…”", "date": data["date"], "author": None,
                    "categories": ["negotiations"], "source": "content/sources/003_08908ba2d80d8205.txt"}
    assert str(data["date"]) == "2010-06-22"
    assert body.startswith("Have you ever heard that one before?")


def test_the_loader_accepts_what_the_import_wrote(root):
    from generator.load import load_catalogue

    import_sources(sources(root), root)
    catalogue, problems = load_catalogue(root)
    catalogue_problems = [p for p in problems if p.path.startswith(("content/episodes", "content/people", "content/posts", "content/podcast"))]
    assert catalogue_problems == []
    assert [e.number for e in catalogue.episodes] == [100, 204, 227, 298]


# ---- re-import keeps edits ----

def test_reimport_changes_no_file(root):
    import_sources(sources(root), root)
    before = snapshot(root)
    assert import_sources(sources(root), root) == []
    assert snapshot(root) == before  # same bytes, same modification times


def test_trainer_edits_survive_reimport(root):
    import_sources(sources(root), root)
    episode = root / "content" / "episodes" / "e204.yml"

    def edit(data):
        data["topics"] = ["negotiation", "mindset"]
        data["title"] = "Sales Negotiations with Kwame Christian (corrected)"
        data["transcript"][2]["text"] = data["transcript"][2]["text"].replace("the Ted talk", "the TED talk")

    edit_yaml(episode, edit)
    post = root / "content" / "posts" / "2025-02-03-if-you-have-seen-the-movie-hitch-then-you-know-the-scene.md"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "title: If you have seen the movie Hitch, then you know the scene.", "title: Lessons from Hitch"), encoding="utf-8")
    edited = {path: path.read_bytes() for path in (episode, post)}

    assert import_sources(sources(root), root) == []
    assert {path: path.read_bytes() for path in edited} == edited
    data = load(episode)
    assert data["topics"] == ["negotiation", "mindset"]
    assert data["transcript"][2]["text"].endswith("the TED talk.")


def test_source_change_under_an_edited_field_keeps_the_edit_and_says_so(root):
    import_sources(sources(root), root)
    episode = root / "content" / "episodes" / "e204.yml"
    edit_yaml(episode, lambda d: d.update(hook="How does a resilient mindset help in sales conflict?", topics=["negotiation"]))
    change_source(root, E204_SOURCE, "How does having a resilient mindset", "How does a resilient mindset")
    change_source(root, E204_SOURCE, "joins me to talk about salespeople", "joins me to talk about sales teams")

    problems = import_sources(sources(root), root)

    warnings, errors = warnings_and_errors(problems)
    assert errors == []
    assert [(w.path, w.message) for w in warnings] == [
        ("content/episodes/e204.yml", "source changed under edited field 'hook'; kept your edit")]
    assert warnings[0].line == next(i for i, line in enumerate(episode.read_text(encoding="utf-8").split("\n"), 1) if line.startswith("hook:"))
    data = load(episode)
    assert data["hook"] == "How does a resilient mindset help in sales conflict?"
    assert data["topics"] == ["negotiation"]
    assert "joins me to talk about sales teams" in data["description"]  # not edited: the source wins


def test_edited_turn_kept_while_another_turn_takes_the_source_change(root):
    import_sources(sources(root), root)
    episode = root / "content" / "episodes" / "e204.yml"
    edit_yaml(episode, lambda d: d["transcript"][1].update(text="Hey Jason, thank you for having me."))
    change_source(root, E204_SOURCE, "Let’s start there.", "Let’s begin there.")

    assert import_sources(sources(root), root) == []
    turns = load(episode)["transcript"]
    assert turns[1]["text"] == "Hey Jason, thank you for having me."
    assert turns[3]["text"].endswith("Let’s begin there.")


def test_same_turn_changed_on_both_sides_is_reported_by_turn(root):
    import_sources(sources(root), root)
    episode = root / "content" / "episodes" / "e204.yml"
    edit_yaml(episode, lambda d: d["transcript"][1].update(text="Hey Jason, thank you for having me."))
    change_source(root, E204_SOURCE, "Kwame: Hey Jason, thanks for having me.", "Kwame: Hi Jason, thanks for having me.")

    problems = import_sources(sources(root), root)
    assert [p.message for p in problems] == ["source changed under edited field 'transcript' turn 2; kept your edit"]
    assert load(episode)["transcript"][1]["text"] == "Hey Jason, thank you for having me."


def test_podcast_yml_is_written_once_and_never_overwritten(root):
    import_sources(sources(root), root)
    podcast = root / "content" / "podcast.yml"
    edit_yaml(podcast, lambda d: d["host"].update(bio="Host of the show."))
    before = podcast.read_bytes()
    import_sources(sources(root), root)
    assert podcast.read_bytes() == before


# ---- atomic writes ----

def test_write_atomic_leaves_the_old_file_when_the_rename_fails(tmp_path, monkeypatch):
    target = tmp_path / "e1.yml"
    target.write_text("old: true\n", encoding="utf-8")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, "new: true\n")
    assert target.read_text(encoding="utf-8") == "old: true\n"
    assert [p.name for p in tmp_path.iterdir()] == ["e1.yml"]


def test_write_atomic_keeps_permissions(tmp_path):
    target = tmp_path / "e1.yml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n" and (target.stat().st_mode & 0o777) == 0o640


def test_import_interrupted_midway_leaves_each_file_old_or_new(root, monkeypatch):
    import_sources(sources(root), root)
    change_source(root, E204_SOURCE, "How does having a resilient mindset", "How does a resilient mindset")
    change_source(root, "004_52606bfe6000e370.txt", "How familiar are you with", "How comfortable are you with")
    before = snapshot(root)
    real_replace, calls = os.replace, []

    def replace_then_crash(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", replace_then_crash)
    problems = import_sources(sources(root), root)

    assert any(p.severity == "error" and "not written" in p.message for p in problems)
    assert not [p for p in (root / "content").rglob("*.tmp")]
    hooks = {"e204": ("How does having a resilient mindset", "How does a resilient mindset"),
             "e227": ("How familiar are you with", "How comfortable are you with")}
    for folder in ("content/episodes", "content/.imported/episodes"):
        for name, (old, new) in hooks.items():
            hook = load(root / folder / f"{name}.yml")["hook"]  # whole and parseable
            assert hook.startswith(old) or hook.startswith(new)
    # the file whose write failed is exactly as before
    failed = Path(calls[1]).relative_to(root).as_posix()
    assert (root / failed).read_bytes() == before[failed][0]

    # the next import finishes the job without mistaking the half-done state for trainer edits
    monkeypatch.setattr(store.os, "replace", real_replace)
    assert import_sources(sources(root), root) == []
    for folder in ("content/episodes", "content/.imported/episodes"):
        assert load(root / folder / "e204.yml")["hook"].startswith("How does a resilient mindset")
        assert load(root / folder / "e227.yml")["hook"].startswith("How comfortable are you with")


# ---- bad input ----

def test_bad_sources_are_reported_and_the_good_ones_still_imported(root, tmp_path_factory):
    outside = tmp_path_factory.mktemp("incoming")
    empty = outside / "empty.txt"
    empty.write_bytes(b"")
    blank = outside / "blank.txt"
    blank.write_bytes(b"  \n\n ")
    binary = outside / "cover.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    undecodable = outside / "garbled.txt"
    undecodable.write_bytes(b"E5: Title\n\nJanuary 8, 2024\n\x81\x8d\x9d\n")
    untitled = outside / "untitled.txt"
    untitled.write_text("CUTTER CONSULTING GROUP\n\nJust a page\n\nJanuary 8, 2024\n", encoding="utf-8")
    bad = [empty, blank, binary, undecodable, untitled]

    problems = import_sources(bad + sources(root), root)

    warnings, errors = warnings_and_errors(problems)
    assert warnings == []
    assert {p.path for p in errors} == {str(p) for p in bad}
    messages = {Path(p.path).name: p.message for p in errors}
    assert messages["empty.txt"].startswith("empty file")
    assert messages["blank.txt"].startswith("empty file")
    assert messages["cover.txt"].startswith("binary file")
    assert "not UTF-8" in messages["garbled.txt"] and "not Windows-1252" in messages["garbled.txt"]
    assert "not a source podcourse reads" in messages["untitled.txt"]
    # nothing of the bad files was written, the good ones were
    assert sorted(p.name for p in (root / "content" / "sources").iterdir()) == [s.name for s in SEEDS]
    assert len(list((root / "content" / "episodes").iterdir())) == 4
    assert not (root / "content" / "episodes" / "e5.yml").exists()


def test_windows_1252_page_is_read_with_a_warning(root, tmp_path_factory):
    page = tmp_path_factory.mktemp("incoming") / "e500.txt"
    page.write_bytes("E500: Don’t Wing It – Part 2\n\nMarch 4, 2024\n\nWhy?\n\n  • Show Transcript\n\n    Jason: It’s café time.\n".encode("cp1252"))
    problems = import_sources([page], root)
    assert [(p.path, p.severity) for p in problems] == [(str(page), "warning")]
    assert "not UTF-8" in problems[0].message and "Windows-1252" in problems[0].message
    data = load(root / "content" / "episodes" / "e500.yml")
    assert data["title"] == "Don’t Wing It"
    assert data["transcript"] == [{"speaker": "Jason Cutter", "text": "It’s café time."}]
    # the raw page is kept as given, and the episode points at the copy
    assert (root / "content" / "sources" / "e500.txt").read_bytes() == page.read_bytes()
    assert data["source"] == "content/sources/e500.txt"


def test_page_without_transcript_imports_the_notes_and_warns(root):
    text = (root / "content" / "sources" / E204_SOURCE).read_text(encoding="utf-8")
    start, end = text.index("  • Show Transcript"), text.index("Become a\u00a0Certified")
    page = root / "content" / "sources" / "204-notes-only.txt"
    page.write_text(text[:start] + text[end:], encoding="utf-8")

    problems = import_sources([page], root)
    assert [(p.path, p.severity) for p in problems] == [("content/sources/204-notes-only.txt", "warning")]
    assert "no transcript" in problems[0].message
    data = load(root / "content" / "episodes" / "e204.yml")
    assert data["transcript"] == [] and data["hook"].startswith("How does having a resilient mindset")


def test_two_sources_claiming_one_number_with_different_titles(root):
    other = root / "content" / "sources" / "other-e204.txt"
    other.write_text((root / "content" / "sources" / "001_c01bcb1865bdc080.txt").read_text(encoding="utf-8")
                     .replace("E100: Closing Week", "E204: Closing Week"), encoding="utf-8")

    problems = import_sources(sources(root), root)

    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1
    assert "content/sources/000_3c2fe57e61de32a4.txt" in errors[0].message
    assert "content/sources/other-e204.txt" in errors[0].message
    assert not (root / "content" / "episodes" / "e204.yml").exists()
    assert sorted(p.name for p in (root / "content" / "episodes").iterdir()) == ["e100.yml", "e227.yml", "e298.yml"]


def test_a_later_source_claiming_an_imported_number_is_refused(root):
    import_sources(sources(root), root)
    before = (root / "content" / "episodes" / "e204.yml").read_bytes()
    other = root / "content" / "sources" / "zz-e204.txt"
    other.write_text((root / "content" / "sources" / "001_c01bcb1865bdc080.txt").read_text(encoding="utf-8")
                     .replace("E100: Closing Week", "E204: Closing Week"), encoding="utf-8")
    problems = import_sources([other], root)
    assert [p.severity for p in problems] == ["error"]
    assert "000_3c2fe57e61de32a4.txt" in problems[0].message
    assert (root / "content" / "episodes" / "e204.yml").read_bytes() == before


def test_a_different_file_under_an_existing_source_name_is_refused(root, tmp_path_factory):
    page = tmp_path_factory.mktemp("incoming") / E204_SOURCE
    page.write_text((root / "content" / "sources" / E204_SOURCE).read_text(encoding="utf-8").replace("Kwame", "Kwami"), encoding="utf-8")
    problems = import_sources([page], root)
    assert [p.severity for p in problems] == ["error"]
    assert "already holds a different file" in problems[0].message
    assert not (root / "content" / "episodes").exists()


# ---- the command line ----

def test_cli_exit_codes_and_messages(root, capsys):
    assert main(["--root", str(root), "import", *map(str, sources(root))]) == 0
    empty = root / "empty.txt"
    empty.write_bytes(b"")
    assert main(["--root", str(root), "import", str(empty), *map(str, sources(root))]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "empty.txt: empty file: nothing to import"


def test_cli_as_a_process_reports_without_traceback(root):
    binary = root / "cover.txt"
    binary.write_bytes(b"\x00\x01\x02")
    run = subprocess.run([sys.executable, "-m", "generator.cli", "import", "cover.txt"], cwd=root,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 1
    assert run.stderr.strip() == "cover.txt: binary file (contains NUL bytes), not a text page; not imported"
    assert "Traceback" not in run.stderr


def test_control_characters_in_a_source_become_spaces_and_check_passes_what_import_wrote(root):
    """What import writes, check passes: check refuses control characters in content files."""
    source = sources(root)[0]
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(" ", " \x0c", 1).replace(" ", "\x1b ", 1), encoding="utf-8")
    problems = import_sources([source], root)
    assert any("control character(s) replaced by spaces" in p.message and p.severity == "warning"
               for p in problems), [str(p) for p in problems]
    written = [p for p in (root / "content").rglob("*") if p.is_file()]
    assert written and not any("\\f" in p.read_text(encoding="utf-8") or "\x0c" in p.read_text(encoding="utf-8")
                               for p in written if p.suffix in (".yml", ".md"))
    assert main(["--root", str(root), "check"]) == 0


def test_an_import_removes_what_a_killed_import_left_half_written(root):
    """Issue 12, defect 10: write_atomic's temporary file of a killed import was never removed."""
    import_sources(sources(root), root)
    folder = root / "content" / "episodes"
    left, writing = folder / ".e204.yml.k3j_x9a2.tmp", folder / ".e227.yml.q0w9e8r7.tmp"
    for path in (left, writing):
        path.write_text("half", encoding="utf-8")
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    import_sources(sources(root), root)
    assert not left.exists() and writing.exists()  # a young one may be another writer's


def test_post_body_edited_and_changed_at_the_source_keeps_the_edit(root):
    import_sources(sources(root), root)
    post = root / "content" / "posts" / "2010-04-29-i-only-want-the-toughest-customers.md"
    post.write_text(post.read_text(encoding="utf-8").replace("date a nun", "hug a cactus"), encoding="utf-8")
    change_source(root, "003_08908ba2d80d8205.txt", "Interesting perspective.", "An interesting perspective.")

    problems = import_sources(sources(root), root)

    assert [(p.path, p.line, p.message) for p in problems] == [
        ("content/posts/2010-04-29-i-only-want-the-toughest-customers.md", None, "source changed under edited field 'body'; kept your edit")]
    body = post.read_text(encoding="utf-8")
    assert "hug a cactus" in body and "An interesting perspective." not in body


def test_cli_exits_1_on_input_it_could_only_recover_from(root, capsys, tmp_path_factory):
    page = tmp_path_factory.mktemp("incoming") / "e501.txt"
    page.write_bytes("E501: Caf\u00e9 Calls\n\nMarch 4, 2024\n\nWhy?\n\n  \u2022 Show Transcript\n\n    Jason: Caf\u00e9.\n".encode("cp1252"))
    assert main(["--root", str(root), "import", str(page)]) == 1
    err = capsys.readouterr().err
    assert "e501.txt: warning: not UTF-8" in err
    assert (root / "content" / "episodes" / "e501.yml").exists()  # imported all the same


def test_cli_exits_0_when_a_kept_edit_is_only_a_notice(root, capsys):
    assert main(["--root", str(root), "import", *map(str, sources(root))]) == 0
    change_source(root, E204_SOURCE, "E204: Sales Negotiations", "E204: Sales Negotiating")
    episode = root / "content" / "episodes" / "e204.yml"
    episode.write_text(episode.read_text(encoding="utf-8").replace("title: Sales Negotiations", "title: Sales Negotiation Skills"), encoding="utf-8")
    assert main(["--root", str(root), "import", *map(str, sources(root))]) == 0
    assert "Sales Negotiation Skills" in episode.read_text(encoding="utf-8")
    assert "content/episodes/e204.yml:2: notice: source changed under edited field 'title'; kept your edit" in capsys.readouterr().err


def test_a_source_that_is_a_symlink_loop_is_named_not_a_traceback(root):
    (root / "loop.txt").symlink_to("loop.txt")
    run = subprocess.run([sys.executable, "-m", "generator.cli", "import", "loop.txt", *map(str, sources(root))],
                         cwd=root, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines() == ["loop.txt: cannot read: Too many levels of symbolic links"]
    assert len(list((root / "content" / "episodes").iterdir())) == 4  # the good sources still imported


def test_an_unreadable_record_of_the_last_import_is_named_and_nothing_of_its_file_written(root):
    import_sources(sources(root), root)
    episode, record = root / "content/episodes/e204.yml", root / "content/.imported/episodes/e204.yml"
    edit_yaml(episode, lambda data: data.update(topics=["Negotiation"]))
    change_source(root, E204_SOURCE, "Kwame Christian", "Kwame Christian Esq")
    kept = episode.read_bytes()
    for breakage, expected in (
            (lambda: record.write_bytes(b"number: 204\ntitle: caf\xe9\n"),
             "content/.imported/episodes/e204.yml:2: not UTF-8 text (byte 0xe9, invalid continuation byte); "
             "save the file as UTF-8"),
            (lambda: (record.unlink(), record.symlink_to("e204.yml")),
             "content/.imported/episodes/e204.yml: cannot read: Too many levels of symbolic links")):
        breakage()
        problems = [p for p in import_sources(sources(root), root) if p.severity == "error"]
        assert [str(p) for p in problems] == [expected + "; it records the last import: delete it and import "
                                                         "again (your edits in content/ are kept)"]
        assert episode.read_bytes() == kept
    record.unlink()
    assert [p for p in import_sources(sources(root), root) if p.severity == "error"] == []
    assert load(episode)["topics"] == ["Negotiation"]  # the trainer's edit survived the fresh import


def test_an_impossible_date_in_a_trainer_file_is_left_for_check_not_a_traceback(root):
    import_sources(sources(root), root)
    episode = root / "content/episodes/e204.yml"
    episode.write_text(episode.read_text(encoding="utf-8").replace("date: 2024-01-08", "date: 2024-02-30"),
                       encoding="utf-8")
    change_source(root, E204_SOURCE, "Kwame Christian", "Kwame Christian Esq")
    problems = import_sources(sources(root), root)
    assert [str(p) for p in problems if p.severity == "error"] == [
        "content/episodes/e204.yml: cannot merge the new import: this file is not valid (run `podcourse check`); "
        "left unchanged"]


def test_importing_one_new_page_touches_only_its_episode_and_says_what_it_wrote(root, capsys):
    """Every episode page repeats the blog's feed: a new page must not rewrite the posts to name it
    (issue 17). The import prints a line per file it wrote, and a summary."""
    assert main(["--root", str(root), "import", *map(str, sources(root))]) == 0
    capsys.readouterr()
    before = snapshot(root)
    e100 = next(p for p in sources(root) if p.name.startswith("001_"))
    (root / "content/sources/e305.txt").write_text(e100.read_text(encoding="utf-8").replace("E100:", "E305:", 1),
                                                  encoding="utf-8")
    assert main(["--root", str(root), "import", str(root / "content/sources/e305.txt")]) == 0
    after = snapshot(root)
    changed = sorted(path for path in after if before.get(path) != after[path])
    assert changed == ["content/.imported/episodes/e305.yml", "content/episodes/e305.yml", "content/sources/e305.txt"]
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "added content/episodes/e305.yml"
    assert out[-1].startswith("import: 1 file added, 0 updated, ") and out[-1].endswith(" unchanged")
    assert len(out) == 2
