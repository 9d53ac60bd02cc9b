"""Property tests of `podcourse import` (generator/importing.py) in scratch repositories: whatever
the source (a mutated real page, a page synthesised in the client's layout, random bytes), the
import writes only under content/, what it writes passes `podcourse check`, and a trainer's edit
survives the re-import of a mutated source, as tests/test_import_command.py defines "edits kept".

Inputs per test and time (profile ci, 2 shared cores), from the session summary of conftest.py:
    3 tests, 178 inputs, 6.6 s inside the tests:
    fresh import writes only under content/ and check passes 85 (five explicit @examples),
    trainer edit survives the re-import of a mutated source 53 (every input copies an imported
    repository, edits, mutates, imports and checks), a transcript imported over a sample episode 40.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, example, given
from hypothesis import strategies as st

from generator.importing import import_sources
from generator.load import errors, load_catalogue
from generator.model import Problem
from generator.store import read_post
from properties import SOURCE_PAGE, SOURCES, TIMED_TRANSCRIPT, counted, inputs, mutated, tree

OUTSIDE = {"README.md": b"# a repository\n", "quizzes/mindset.yml": b"questions: []\n", "incoming/notes.txt": b"x\n"}
"""Files outside content/ that every scratch repository holds; an import must leave them as they are."""


@pytest.fixture(scope="module", autouse=True)
def no_waiting_for_the_disk():
    """os.fsync as a no-op for these tests: on a shared disk each import's twenty fsyncs cost more
    than the rest of an input, and no property here is about durability (tests/test_import_command.py
    and tests/test_build_safety.py hold the interrupted-write promises, with fsync)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("generator.store.os.fsync", lambda descriptor: None)
        yield


def scratch_repository(folder: Path) -> Path:
    """An empty repository but for the files outside content/ that an import must not touch."""
    for relative, data in OUTSIDE.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    return folder


def assert_changes_only_under_content(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """No file outside content/ appeared, changed or vanished."""
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert all(path.startswith("content/") for path in changed), sorted(changed)


def assert_check_passes(root: Path) -> None:
    """`podcourse check` on the repository finds no error: what import wrote is valid content."""
    _, problems = load_catalogue(root)
    assert errors(problems) == [], [str(p) for p in errors(problems)]


SOURCE_BYTES = st.one_of(
    st.sampled_from(SOURCES).flatmap(lambda path: mutated(path.read_bytes())),
    SOURCE_PAGE.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=400),
)


@given(data=SOURCE_BYTES, inside=st.booleans())
# each wrote an episode file check refuses: an empty title and series, part 0, part 3 of 2
@example(data="E0: – Part 0 of 0\n\nJanuary 1, 0001\n".encode(), inside=True)
@example(data=b"E5: Ask - Part 0\n\nJanuary 1, 2001\n", inside=False)
@example(data=b"E5: Ask (Part 3 of 2)\n\nJanuary 1, 2001\n", inside=True)
@example(data=b"E5: Ask - Part 3\n\nJanuary 1, 2001\n\nA two-part series.\n", inside=True)
# an AttributeError: a feed post dated February 30 became a Post without a date
@example(data="E5: Ask\n\nJanuary 1, 2001\n\nBy Jason Cutter February 30, 2025\nA Post Today.\n".encode(), inside=True)
@inputs(80)
@counted
def test_an_import_writes_only_under_content_and_check_passes_what_it_wrote(data, inside):
    """A fresh repository, one source (in content/sources/ or outside the repository's content):
    problems are Problem values, nothing outside content/ changes, and check passes the result."""
    with tempfile.TemporaryDirectory() as folder:
        root = scratch_repository(Path(folder))
        source = root / ("content/sources" if inside else "incoming") / "page.txt"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(data)
        before = tree(root)
        problems = import_sources([source], root)
        assert all(isinstance(p, Problem) for p in problems)
        after = tree(root)
        assert_changes_only_under_content(before, after)
        assert after[source.relative_to(root).as_posix()] == data  # the source is never edited
        assert_check_passes(root)


# ---- a trainer's edit, then the re-import of a mutated source ----

@pytest.fixture(scope="module")
def imported_sample(tmp_path_factory) -> Path:
    """The client's five pages imported once into a scratch repository: copied for each input."""
    root = scratch_repository(tmp_path_factory.mktemp("imported"))
    shutil.copytree(SOURCES[0].parent, root / "content" / "sources")
    assert import_sources(sorted((root / "content" / "sources").glob("*.txt")), root) == []
    return root


def files_of_source(root: Path, source: Path) -> list[str]:
    """The episode and post files (under content/) the last import made from this source."""
    wanted = f"content/sources/{source.name}"
    found = []
    for path in sorted((root / "content" / "episodes").glob("*.yml")):
        if yaml.safe_load(path.read_text(encoding="utf-8")).get("source") == wanted:
            found.append(path.relative_to(root).as_posix())
    for path in sorted((root / "content" / "posts").glob("*.md")):
        if read_post(path.read_text(encoding="utf-8")).get("source") == wanted:
            found.append(path.relative_to(root).as_posix())
    return found


TRAINER_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda text: text.strip())
"""What a trainer types into a field: any printable text (check refuses control characters)."""


@st.composite
def trainer_edit(draw, root: Path, relative: str):
    """(field path, new value) of one edit to one file: an episode's title, hook, description,
    quotes, topics or a transcript turn's text; a post's title or body."""
    if relative.endswith(".md"):
        field = draw(st.sampled_from((("title",), ("body",))))
        return field, draw(TRAINER_TEXT)
    data = yaml.safe_load((root / relative).read_text(encoding="utf-8"))
    fields = [("title",), ("hook",), ("description",), ("quotes",), ("topics",)]
    fields += [("transcript", index, "text") for index in range(len(data.get("transcript") or []))]
    field = draw(st.sampled_from(fields))
    value = draw(st.lists(TRAINER_TEXT, min_size=1, max_size=3) if field[0] in ("quotes", "topics") else TRAINER_TEXT)
    return field, value


def read_fields(path: Path) -> dict:
    """A catalogue file's fields as the import command reads them back (a post's body included)."""
    text = path.read_text(encoding="utf-8")
    return read_post(text) if path.suffix == ".md" else yaml.safe_load(text)


def field_value(data: dict, field: tuple):
    for key in field:
        data = data[key]
    return data


def apply_edit(path: Path, field: tuple, value) -> None:
    """Edit one field as a trainer's editor would leave the file (YAML re-dumped, as the import tests do)."""
    data = read_fields(path)
    target = data
    for key in field[:-1]:
        target = target[key]
    target[field[-1]] = value
    if path.suffix == ".md":
        body = data.pop("body")
        path.write_text(f"---\n{yaml.safe_dump(data, sort_keys=False, allow_unicode=True)}---\n{body}\n", encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@given(st.data())
@inputs(50)
@counted
def test_a_trainer_edit_survives_the_reimport_of_a_mutated_source(imported_sample, data):
    """Edit one field of a file a source made, mutate that source in place, import it again: the
    edit is still there, nothing outside content/ changed, and check passes the repository."""
    source = data.draw(st.sampled_from(SOURCES), label="source")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        shutil.copytree(imported_sample, root)
        relative = data.draw(st.sampled_from(files_of_source(root, source)), label="file")
        field, value = data.draw(trainer_edit(root, relative), label="edit")
        edited = root / relative
        assume(field_value(read_fields(edited), field) != (value.strip() if field == ("body",) else value))
        apply_edit(edited, field, value)
        kept = field_value(read_fields(edited), field)
        copy = root / "content" / "sources" / source.name
        copy.write_bytes(data.draw(mutated(source.read_bytes()), label="mutated source"))
        before = tree(root)

        problems = import_sources([copy], root)

        assert all(isinstance(p, Problem) for p in problems)
        assert edited.exists() and field_value(read_fields(edited), field) == kept
        assert_changes_only_under_content(before, tree(root))
        assert_check_passes(root)


# ---- a timed transcript imported over an episode the sample has ----

@given(text=TIMED_TRANSCRIPT, name=st.sampled_from(("e204.vtt", "E227 transcript.srt", "298.json", "e100.html", "e204.txt")))
@inputs(40)
@counted
def test_a_transcript_imported_over_an_episode_writes_what_check_passes(imported_sample, text, name):
    """Any transcript file (in order or not, overlapping, empty, hours long), named after one of
    the sample's episodes: the import writes only under content/, and check passes what it wrote,
    whatever speakers and times the file had."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        shutil.copytree(imported_sample, root)
        source = root / "incoming" / name
        source.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = tree(root)
        problems = import_sources([source], root)
        assert all(isinstance(p, Problem) for p in problems)
        assert_changes_only_under_content(before, tree(root))
        assert_check_passes(root)
