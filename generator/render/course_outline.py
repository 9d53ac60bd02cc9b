"""The course path as steps in order: the course home, then per module its overview, its lessons
and its quiz, then the learner's progress.

The plugin hands this to MkDocs' navigation (generator.navigation), so Material marks the Course
tab, lists the modules and the current module's lessons in the sidebar, and links each step to
the one before and after it in the footer. Plain data: nothing here knows MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..model import Catalogue, Module
from ..urls import COURSE_HOME, PROGRESS, QUIZ_ANCHOR, page_url


@dataclass(frozen=True)
class Step:
    """One place on the path a learner goes next."""

    title: str
    """Plain text, as a learner reads it in the footer ("Mindset: quiz")."""
    path: str
    """Docs-relative path of the page the step is on."""
    anchor: str = ""
    """The part of that page, for a step that is not a page of its own (a quiz); empty otherwise."""

    @property
    def url(self) -> str:
        """Site-relative address: the page, and the anchor when the step is part of it."""
        return page_url(self.path) + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True)
class ModuleSteps:
    """A module as the sidebar shows it: its overview page, then its lessons, then its quiz."""

    title: str
    """Plain text (the trainer's), escaped where it becomes HTML."""
    overview: Step
    lessons: tuple[Step, ...]
    quiz: Step | None


@dataclass(frozen=True)
class CourseOutline:
    """The whole path, in the order of content/course/path.yml."""

    home: Step
    modules: tuple[ModuleSteps, ...]
    progress: Step

    def steps(self) -> list[Step]:
        """Every step in the order a new hire walks them: previous and next follow this order."""
        steps = [self.home]
        for module in self.modules:
            steps += [module.overview, *module.lessons, *([module.quiz] if module.quiz else [])]
        return steps + [self.progress]


def module_steps(module: Module) -> ModuleSteps:
    """One module's steps; the quiz is the module page's own "Quiz" section."""
    overview = urls.module(module)
    return ModuleSteps(
        title=module.title,
        overview=Step(module.title, overview),
        lessons=tuple(Step(lesson.title, urls.lesson(module, lesson)) for lesson in module.lessons),
        quiz=Step(f"{module.title}: quiz", overview, QUIZ_ANCHOR) if module.quiz else None,
    )


def course_outline(catalogue: Catalogue) -> CourseOutline | None:
    """The course's path, or None when the repository has no course."""
    if not catalogue.modules:
        return None
    return CourseOutline(
        home=Step("Onboarding path", COURSE_HOME),
        modules=tuple(module_steps(module) for module in catalogue.modules),
        progress=Step("My progress", PROGRESS),
    )
