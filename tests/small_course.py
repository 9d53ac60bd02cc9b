"""A tiny course written into a temporary repository (one module, one lesson, one quiz), for the
checks that read what a course says against what its sources say."""
from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

from generator.claims import course_claims
from generator.course import load_course
from generator.model import Catalogue


def write(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def claims_of_one_module(root: Path, catalogue: Catalogue, lesson: str, quiz: str, listening: str = ""):
    """(catalogue with the course, the course's claims) of module `m` with lesson `l` and its quiz;
    the course itself must load without errors."""
    write(root, "content/course/path.yml", "modules: [m]\n")
    write(root, "content/course/modules/m.yml", f"title: M\nobjectives: [Learn]\nlessons: [l]\n{listening}")
    write(root, "content/course/lessons/l.md", "---\ntitle: L\n---\n" + textwrap.dedent(lesson))
    write(root, "quizzes/m.yml", quiz)
    modules, loading = load_course(root, catalogue)
    assert [p for p in loading if p.severity == "error"] == []
    catalogue = replace(catalogue, modules=modules)
    return catalogue, course_claims(root, catalogue)
