"""The course pages: the onboarding path, one page per module and per lesson, and the progress page.

Quizzes are plain HTML that works without JavaScript (answers behind a disclosure); quiz.js and
progress.js, loaded on every page, turn them into self-graded quizzes and keep progress in the
learner's browser. What the scripts need (answers, quiz versions, the path) travels in data-
attributes and a JSON block, so the scripts know nothing of how the site is laid out.
"""

from __future__ import annotations

import html
import json
import random
import re

from .. import urls
from ..citations import CITATION_IN_TEXT, post_citation_words, source_from_match
from ..model import Catalogue, Episode, Lesson, Listening, Module, Post, Question, Quiz, Source, TurnSpan
from ..urls import COURSE_HOME, PROGRESS, REVIEW, relative_url
from .context import NO_BUILD, BuildContext
from .page import Page, Section, assemble_markdown, page_from_sections, placeholder
from .templates import clock, render


def lesson_key(module: Module, lesson: Lesson) -> str:
    """How progress.js remembers a lesson as read: stable while the ids stay the same."""
    return f"{module.id}/{lesson.id}"


def course_pages(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> list[Page]:
    """Every page of the course, in path order; none when the repository has no course."""
    modules = catalogue.modules
    if not modules:
        return []
    pages = [course_home(catalogue), progress_page(catalogue), review_page(catalogue)]
    for module in modules:
        pages.append(module_page(catalogue, module))
        pages.extend(lesson_page(catalogue, module, index) for index in range(len(module.lessons)))
    return pages


# ---- links to the catalogue ---------------------------------------------------------------


def source_link(catalogue: Catalogue, here: str, source: Source) -> dict:
    """Label and URL of a cited moment or post, relative to the page `here`."""
    if source.post:
        post = _cited_post(catalogue, source.post)
        return {"label": post_citation_words(post.title), "url": relative_url(here, urls.post(post))}
    episode = _cited_episode(catalogue, source.episode)
    url = relative_url(here, urls.episode(episode)) + urls.moment(source.turns)
    return {"label": f"{source}: {episode.title}", "url": url}


def _markdown_link_target(catalogue: Catalogue, here: str, source: Source) -> str:
    """A source as a link MkDocs checks and rewrites: the target page's .md path, relative."""
    if source.post:
        target, anchor = urls.post(_cited_post(catalogue, source.post)), ""
    else:
        target = urls.episode(_cited_episode(catalogue, source.episode))
        anchor = urls.moment(source.turns)
    return urls.markdown_link(here, target) + anchor


def _cited_post(catalogue: Catalogue, slug: str) -> Post:
    """The post a course cites: `check` refuses a citation of one not in content/posts/."""
    return next(p for p in catalogue.posts if p.slug == slug)


def _cited_episode(catalogue: Catalogue, number: int | None) -> Episode:
    """The episode a course cites: `check` refuses a citation of one not in the catalogue, so
    rendering never meets one."""
    episode = catalogue.episode(number)
    if episode is None:
        raise LookupError(f"E{number} is cited but not in the catalogue: run `podcourse check`")
    return episode


def link_citations(catalogue: Catalogue, here: str, markdown: str) -> str:
    """`[E227, turns 31-34]` in a lesson becomes a link to that moment, the words as written; a
    post's, `[post: <slug>]`, reads as the post's title (a slug is an address, not words)."""

    def to_link(match: re.Match) -> str:
        source = source_from_match(match)
        words = _post_link_text(_cited_post(catalogue, source.post)) if source.post else match.group(0)[1:-1]
        return f"[{words}]({_markdown_link_target(catalogue, here, source)})"

    return CITATION_IN_TEXT.sub(to_link, markdown)


def _post_link_text(post: Post) -> str:
    """A cited post's words as Markdown link text, escaped (the title is the source's data)."""
    return re.sub(r"([\\`*_\[\]])", r"\\\1", html.escape(post_citation_words(post.title), quote=False))


# ---- the course home and the progress page -------------------------------------------------


def _module_summaries(here: str, modules) -> list[dict]:
    return [
        {
            "id": module.id,
            "title": module.title,
            "summary": module.summary,
            "url": relative_url(here, urls.module(module)),
            "lessons": module.lessons,
            "listening": module.listening,
            "questions": len(module.quiz.questions) if module.quiz else 0,
            "version": module.quiz.version if module.quiz else "",
            "done": module.done,
            "lesson_keys": " ".join(lesson_key(module, lesson) for lesson in module.lessons),
        }
        for module in modules
    ]


def course_home(catalogue: Catalogue) -> Page:
    context = {
        "modules": _module_summaries(COURSE_HOME, catalogue.modules),
        "progress_url": relative_url(COURSE_HOME, PROGRESS),
    }
    return page_from_sections(
        COURSE_HOME,
        "Onboarding path",
        [
            Section("path", render("course/path.html", **context), "The path, in order"),
        ],
        in_nav=True,
    )


def course_data(catalogue: Catalogue, here: str) -> dict:
    """What progress.js needs to draw the path: modules, their done rule, lessons, quiz versions and
    pass marks, and each question's prompt and place (for the review page)."""
    return {
        "show": catalogue.show_title,
        "modules": [
            {
                "id": module.id,
                "title": module.title,
                "url": relative_url(here, urls.module(module)),
                "done": module.done,
                "lessons": [
                    {
                        "key": lesson_key(module, lesson),
                        "title": lesson.title,
                        "url": relative_url(here, urls.lesson(module, lesson)),
                    }
                    for lesson in module.lessons
                ],
                "quiz": {
                    "version": module.quiz.version,
                    "passMark": module.quiz.pass_mark,
                    "questions": [
                        {
                            "id": question.id,
                            "prompt": question.prompt,
                            "url": relative_url(here, urls.module(module))
                            + "#"
                            + urls.question_anchor(module.id, question.id),
                        }
                        for question in module.quiz.questions
                    ],
                }
                if module.quiz
                else None,
            }
            for module in catalogue.modules
        ],
    }


def course_json(data: dict) -> str:
    """The course data for progress.js, as JSON for a data- attribute (the template escapes it).

    Not a <script type="application/json">: Material's instant navigation re-runs every inline
    script of a page it loads as JavaScript, type or not, and drops its class.
    """
    return json.dumps(data, ensure_ascii=False)


def progress_page(catalogue: Catalogue) -> Page:
    context = {
        "modules": _module_summaries(PROGRESS, catalogue.modules),
        "course_json": course_json(course_data(catalogue, PROGRESS)),
    }
    return page_from_sections(
        PROGRESS,
        "My progress",
        [
            Section("progress", render("course/progress.html", **context)),
        ],
    )


def review_page(catalogue: Catalogue) -> Page:
    """Due for review: questions missed or answered unsure come back (drawn by progress.js)."""
    context = {"course_json": course_json(course_data(catalogue, REVIEW))}
    return page_from_sections(
        REVIEW,
        "Due for review",
        [
            Section("review", render("course/review.html", **context)),
        ],
    )


# ---- module pages ---------------------------------------------------------------------------


def listening_item(catalogue: Catalogue, here: str, item: Listening) -> dict:
    """A required-listening moment with the words spoken in it, to quote on the page."""
    episode = _cited_episode(catalogue, item.episode)
    url = relative_url(here, urls.episode(episode))
    turns, play = [], None
    if item.turns:
        for number in range(item.turns.first, item.turns.last + 1):
            turn = episode.transcript[number - 1]
            turns.append(
                {
                    "number": number,
                    "speaker": turn.speaker,
                    "text": turn.text,
                    "url": f"{url}#{urls.turn_anchor(number)}",
                }
            )
        play = play_from(url, episode, item.turns)
        url += urls.moment(item.turns)
    return {
        "code": episode.code,
        "title": episode.title,
        "url": url,
        "note": item.note,
        "span": str(item.turns) if item.turns else "",
        "turns": turns,
        "play": play,
    }


def play_from(url: str, episode: Episode, span: TurnSpan) -> dict | None:
    """ "Play from 12:34": the cited moment on its episode page, playing from its first turn's start
    (player.js reads `?t=`). Only where the episode has audio and that turn a time."""
    start = episode.transcript[span.first - 1].start
    if episode.audio is None or start is None:
        return None
    return {"url": url + urls.moment(span, start), "clock": clock(start)}


def module_page(catalogue: Catalogue, module: Module) -> Page:
    here = urls.module(module)
    lessons = [
        {
            "title": lesson.title,
            "url": relative_url(here, urls.lesson(module, lesson)),
            "key": lesson_key(module, lesson),
        }
        for lesson in module.lessons
    ]
    sections = [
        Section("summary", f'<p class="pc-module-summary">{html.escape(module.summary)}</p>' if module.summary else ""),
        Section(
            "objectives", render("course/objectives.html", objectives=module.objectives), "What you will be able to do"
        ),
        Section("lessons", render("course/lessons.html", lessons=lessons), "Lessons"),
        Section(
            "listening",
            render(
                "course/listening.html", listening=[listening_item(catalogue, here, item) for item in module.listening]
            ),
            "Required listening",
        ),
    ]
    if module.quiz:
        sections.append(Section("quiz", quiz_html(catalogue, here, module.quiz), "Quiz"))
        sections.append(Section("after-quiz", after_quiz_html(catalogue, module)))
    return page_from_sections(here, module.title, sections)


def after_quiz_html(catalogue: Catalogue, module: Module) -> str:
    """Under a module's quiz, the path's next step: the next module, or the progress page after
    the last. The footer's "Next" on this page leads to its first lesson, the step after the overview."""
    here = urls.module(module)
    position = catalogue.modules.index(module)
    if position + 1 < len(catalogue.modules):
        following = catalogue.modules[position + 1]
        label, url = f"Next module: {following.title}", relative_url(here, urls.module(following))
    else:
        label, url = "My progress and completion record", relative_url(here, PROGRESS)
    return f'<p class="pc-after-quiz">After the quiz: <a href="{html.escape(url)}">{html.escape(label)}</a></p>'


# ---- quizzes --------------------------------------------------------------------------------


def scrambled(items: tuple[str, ...], seed: str) -> list[int]:
    """A fixed order of item indexes that is not the answer: what a reader without JavaScript sees."""
    order = list(range(len(items)))
    rng = random.Random(seed)
    while order == sorted(order):
        rng.shuffle(order)
    return order


def _answer_texts(question: Question) -> list[str]:
    if question.type == "ordering":
        return list(question.items)
    by_id = {option.id: option.text for option in question.options}
    return [by_id[answer] for answer in question.answer]


def question_context(catalogue: Catalogue, here: str, quiz: Quiz, question: Question) -> dict:
    dom_id = urls.question_anchor(quiz.module, question.id)
    context = {
        "id": question.id,
        "dom_id": dom_id,
        "type": question.type,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "source": source_link(catalogue, here, question.source),
        "options": [
            {
                "id": option.id,
                "text": option.text,
                "feedback": option.feedback,
                "note_label": option.text.rstrip("."),  # "<label>: <note>", one stop only
                "input_id": f"{dom_id}-{urls.id_part(option.id)}",
            }
            for option in question.options
        ],
        "answer_texts": _answer_texts(question),
        "model_answer": question.model_answer,
        "rubric": question.rubric,
        "order_items": [],
    }
    if question.type == "ordering":
        keys = [f"i{index}" for index in range(len(question.items))]
        context["order_items"] = [
            {"key": keys[index], "text": question.items[index]}
            for index in scrambled(question.items, f"{quiz.module}/{question.id}")
        ]
        context["answer_json"] = json.dumps(keys)
    else:
        context["answer_json"] = json.dumps(list(question.answer))
    return context


def quiz_html(catalogue: Catalogue, here: str, quiz: Quiz) -> str:
    questions = [question_context(catalogue, here, quiz, question) for question in quiz.questions]
    return render("course/quiz.html", quiz=quiz, questions=questions)


# ---- lesson pages ---------------------------------------------------------------------------


def lesson_page(catalogue: Catalogue, module: Module, index: int) -> Page:
    lesson = module.lessons[index]
    here = urls.lesson(module, lesson)
    following = module.lessons[index + 1] if index + 1 < len(module.lessons) else None
    next_step = (
        {"title": following.title, "url": relative_url(here, urls.lesson(module, following))}
        if following
        else {"title": f"{module.title}: quiz", "url": relative_url(here, urls.module(module)) + "#" + urls.QUIZ_ANCHOR}
    )
    footer = render(
        "course/lesson_footer.html",
        key=lesson_key(module, lesson),
        module_title=module.title,
        module_url=relative_url(here, urls.module(module)),
        next=next_step,
    )
    markdown = assemble_markdown(
        lesson.title, [link_citations(catalogue, here, lesson.body).strip(), placeholder("lesson-footer")]
    )
    return Page(
        path=here, title=lesson.title, markdown=markdown, html={placeholder("lesson-footer"): footer}, authored=True
    )
