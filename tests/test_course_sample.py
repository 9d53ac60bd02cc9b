"""The sample course in the repository: it validates clean, every citation resolves to a real moment,
and the pages show what the model says (quoted turns escaped, links to the exact turn)."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter


from generator.citations import CITATION_IN_TEXT, source_from_match, source_problem
from generator.model import Listening, Module, Question, Quiz, Source, TurnSpan
from generator.model import Catalogue, Episode, Person, Turn
from generator.render.course import course_pages, module_page, quiz_html


def test_the_path_is_the_five_modules_of_the_issue_in_order(catalogue):
    assert [(m.id, m.title) for m in catalogue.modules] == [
        ("mindset", "Mindset"),
        ("sales-fundamentals", "Sales fundamentals"),
        ("referrals", "Referrals"),
        ("smart-asks", "SMART asks"),
        ("objections", "Objections and negotiation"),
    ]


def test_every_module_has_lessons_objectives_listening_and_a_big_enough_quiz(catalogue):
    for module in catalogue.modules:
        assert module.lessons and module.objectives and module.listening, module.id
        types = Counter(q.type for q in module.quiz.questions)
        assert len(module.quiz.questions) >= 8, module.id
        assert len(types) >= 3, (module.id, types)


def test_every_citation_in_lessons_resolves_and_every_lesson_cites(catalogue):
    for module in catalogue.modules:
        for lesson in module.lessons:
            sources = [source_from_match(m) for m in CITATION_IN_TEXT.finditer(lesson.body)]
            assert sources, f"{lesson.path} cites nothing"
            for source in sources:
                assert source_problem(source, catalogue) is None, (lesson.path, source)


def test_every_quiz_question_cites_a_moment_that_exists(catalogue):
    for module in catalogue.modules:
        for question in module.quiz.questions:
            assert question.explanation and source_problem(question.source, catalogue) is None, question.id


def test_sources_point_at_what_was_said_there(catalogue):
    """Spot checks written from reading the transcripts: the cited turn holds the claim."""
    def turn_text(module_id, question_id):
        module = next(m for m in catalogue.modules if m.id == module_id)
        question = next(q for q in module.quiz.questions if q.id == question_id)
        episode = catalogue.episode(question.source.episode)
        span = question.source.turns
        return " ".join(t.text for t in episode.transcript[span.first - 1:span.last])

    assert "look at it as an opportunity" in turn_text("mindset", "opportunity-blank")
    assert "Gary Kasparov" in turn_text("mindset", "chess")
    assert "how do I know" in turn_text("mindset", "two-questions")
    assert "competitor bank down the street" in turn_text("referrals", "janet-shift")
    assert "different than smart goals" in turn_text("smart-asks", "goal-vs-request")
    assert "more competent, not less" in turn_text("smart-asks", "competence")
    assert "gold on the other side of that tension" in turn_text("objections", "silence-meanings")
    assert "rapport and then you have empathy, then trust and then hope and then urgency" in turn_text(
        "sales-fundamentals", "stage-order")


def test_the_course_renders_a_home_a_progress_page_and_a_page_per_module_and_lesson(catalogue):
    pages = {page.path: page for page in course_pages(catalogue)}
    lessons = sum(len(m.lessons) for m in catalogue.modules)
    assert len(pages) == 3 + len(catalogue.modules) + lessons
    assert {"course/index.md", "course/progress.md", "course/review.md"} <= set(pages)
    assert pages["course/index.md"].in_nav
    assert "course/mindset/conflict-as-opportunity.md" in pages


def test_lesson_citations_become_links_to_the_turn(catalogue):
    page = next(p for p in course_pages(catalogue) if p.path == "course/smart-asks/five-criteria.md")
    assert "[E227, turn 9](../../episodes/e227.md#t-9)" in page.markdown


def test_module_page_links_to_the_moment_and_quotes_the_turn(catalogue):
    mindset = catalogue.modules[0]
    page = module_page(catalogue, mindset)
    html = "\n".join(page.html.values())
    assert 'href="../../episodes/e204/#t-12"' in html
    assert "The easiest thing you can do is look at it as an opportunity." in html
    assert "Kwame Christian" in html


def tiny_catalogue(text: str) -> Catalogue:
    episode = Episode(5, "Five <b>bold</b>", dt.date(2024, 1, 1), transcript=(Turn("Guest", text),))
    return Catalogue(host=Person("Host"), show_title="Show", episodes=(episode,))


def test_quoted_turns_and_quiz_text_are_escaped():
    catalogue = tiny_catalogue("Hello <script>alert(1)</script> & bye")
    quiz = Quiz("m", 80, True, (Question(
        id="q<1>", type="single", prompt="Is <i>this</i> safe?", explanation="Because & so.",
        source=Source(episode=5, turns=TurnSpan(1, 1)),
        options=(), answer=()),), "v1")
    module = Module("m", "M", "", ("Learn <this>",), (), (Listening(5, TurnSpan(1, 1), "<note>"),), None)
    html = "\n".join(module_page(catalogue, module).html.values()) + quiz_html(catalogue, "course/m/index.md", quiz)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; bye" in html
    assert "&lt;note&gt;" in html and "Learn &lt;this&gt;" in html
    assert "Is &lt;i&gt;this&lt;/i&gt; safe?" in html and "Because &amp; so." in html
    assert "Five &lt;b&gt;bold&lt;/b&gt;" in html


def test_no_javascript_still_shows_questions_and_hides_answers_in_a_disclosure(catalogue):
    module = catalogue.modules[2]
    html = quiz_html(catalogue, "course/referrals/index.md", module.quiz)
    assert html.count('<li class="pc-question"') == len(module.quiz.questions)
    assert html.count('<details class="pc-answer"') == len(module.quiz.questions)
    assert html.count("<fieldset>") == len(module.quiz.questions)
    assert html.count("<legend>") == len(module.quiz.questions)
    assert re.search(r'<div class="pc-feedback" role="status" aria-live="polite">', html)
    # each radio or checkbox has its label
    inputs = re.findall(r'<input type="(?:radio|checkbox)" id="([^"]+)"', html)
    assert inputs and all(f'<label for="{input_id}">' in html for input_id in inputs)


def test_ordering_items_are_never_shown_in_the_answer_order(catalogue):
    for module in catalogue.modules:
        html = quiz_html(catalogue, f"course/{module.id}/index.md", module.quiz)
        for question in module.quiz.questions:
            if question.type != "ordering":
                continue
            block = html[html.index(f'data-pc-question="{question.id}"'):]
            block = block[:block.index("</ol>")]
            shown = re.findall(r'<span class="pc-order-text">([^<]+)</span>', block)
            assert sorted(shown) == sorted(i.replace('"', "&#34;") for i in question.items)
            assert shown != [i.replace('"', "&#34;") for i in question.items], question.id
