"""Import and check agree (issue 14, part 4): a transcript speaker the page does not list as a
guest (a producer, a co-host, a caller) is imported as a participant of that episode, and the
site still checks and builds; a speaker a trainer types by hand that nobody declared still fails.

The raw page is written here in the layout of the client's pages in content/sources/; the
expectations are written by hand from it.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sample import copy_site
from generator.build import build_site
from generator.importing import import_sources
from generator.load import errors, load_catalogue


PAGE = """CUTTER CONSULTING GROUP

E1299: Renewals Without Discounts with Dana Reyes

March 3, 2025


What do you say when a client asks for a discount at renewal?


Dana Reyes joins me to talk about renewals. Sam, our producer, brings the listeners' questions.

  • Show Transcript

    Jason: Welcome to the sales experience podcast. Dana, welcome.

    Dana: Thanks Jason, glad to be here.

    Sam: Dana, a listener asks: what is the first thing to say when a client wants a discount?

    Dana: Start with curiosity. Ask what changed for them this year.

    Sam: And if they push back?

    Dana: Stay curious, and hold the price.

    Jason: That's it for today. Thanks for listening.
"""


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A copy of the sample repository with the page above among its sources."""
    root = copy_site(tmp_path / "repo")
    (root / "content" / "sources" / "e1299.txt").write_text(PAGE, encoding="utf-8")
    return root


def imported(root: Path):
    return import_sources([root / "content" / "sources" / "e1299.txt"], root)


def episode_file(root: Path) -> Path:
    return root / "content" / "episodes" / "e1299.yml"


def test_a_speaker_outside_the_guests_is_imported_as_a_participant_once(repository):
    problems = imported(repository)
    assert [p for p in problems if p.severity == "error"] == []
    said = [str(p) for p in problems if "Sam" in p.message]
    assert said == ["content/sources/e1299.txt: warning: 'Sam' speaks in the transcript but is neither the host "
                    "nor a guest; listed as a participant of E1299 (give them a role there)"]
    data = yaml.safe_load(episode_file(repository).read_text(encoding="utf-8"))
    assert data["guests"] == ["Dana Reyes"]
    assert data["participants"] == [{"name": "Sam"}]
    assert [turn["speaker"] for turn in data["transcript"]] == [
        "Jason Cutter", "Dana Reyes", "Sam", "Dana Reyes", "Sam", "Dana Reyes", "Jason Cutter"]


def test_check_passes_and_the_site_builds_with_the_participant_on_the_episode_page(repository, tmp_path):
    imported(repository)
    catalogue, problems = load_catalogue(repository)
    assert errors(problems) == [], [str(p) for p in errors(problems)]
    assert [(p.name, p.role) for p in catalogue.episode(1299).participants] == [("Sam", "")]
    site = tmp_path / "site"
    assert [str(p) for p in errors(build_site(repository, site))] == []
    html = (site / "episodes" / "e1299" / "index.html").read_text(encoding="utf-8")
    assert '<span class="pc-participant">Sam</span>' in html
    assert '<span class="pc-turn-speaker">Sam</span>' in html


def test_a_role_given_by_the_trainer_shows_and_survives_reimport(repository):
    imported(repository)
    path = episode_file(repository)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "participants:\n- name: Sam\n", "participants:\n- name: Sam\n  role: producer\n"), encoding="utf-8")
    edited = path.read_bytes()
    assert [p for p in imported(repository) if p.severity == "error"] == []
    assert path.read_bytes() == edited
    catalogue, problems = load_catalogue(repository)
    assert errors(problems) == []
    assert [(p.name, p.role) for p in catalogue.episode(1299).participants] == [("Sam", "producer")]


def test_a_new_speaker_in_the_source_joins_participants_a_trainer_edited(repository):
    """Both sides changed `participants`: the trainer's edit stays and the new speaker is added,
    so the re-import still passes check."""
    imported(repository)
    path = episode_file(repository)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "participants:\n- name: Sam\n", "participants:\n- name: Sam\n  role: producer\n"), encoding="utf-8")
    source = repository / "content" / "sources" / "e1299.txt"
    source.write_text(PAGE.replace("    Jason: That's it", "    Priya: Caller here, thanks!\n\n    Priya: Bye.\n\n"
                                                          "    Jason: That's it"), encoding="utf-8")
    assert [p for p in imported(repository) if p.severity == "error"] == []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["participants"] == [{"name": "Sam", "role": "producer"}, {"name": "Priya"}]
    assert errors(load_catalogue(repository)[1]) == []


def test_a_hand_typed_unknown_speaker_still_fails_check_and_says_how_to_fix_it(repository):
    imported(repository)
    path = episode_file(repository)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- speaker: Sam\n", "- speaker: Samm\n", 1), encoding="utf-8")
    line = next(number for number, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if row == "- speaker: Samm")
    found = [str(p) for p in errors(load_catalogue(repository)[1])]
    assert found == [f"content/episodes/e1299.yml:{line}: turn 3: unknown speaker 'Samm': neither the host, "
                     "a guest nor a participant; correct the name, or add it to the episode's participants; did you mean 'Sam'?"]


def test_a_new_speaker_is_added_even_where_the_trainer_removed_participants(repository):
    """The trainer removed the field (Sam is now a person with a file); the source adds a caller:
    the caller is listed, Sam is not brought back."""
    imported(repository)
    (repository / "content" / "people" / "sam.yml").write_text("name: Sam\nbio: Our producer.\n", encoding="utf-8")
    path = episode_file(repository)
    path.write_text(path.read_text(encoding="utf-8").replace("participants:\n- name: Sam\n", ""), encoding="utf-8")
    source = repository / "content" / "sources" / "e1299.txt"
    source.write_text(PAGE.replace("    Jason: That's it", "    Priya: Caller here, thanks!\n\n    Priya: Bye.\n\n"
                                                          "    Jason: That's it"), encoding="utf-8")
    assert [p for p in imported(repository) if p.severity == "error"] == []
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["participants"] == [{"name": "Priya"}]
    assert errors(load_catalogue(repository)[1]) == []
