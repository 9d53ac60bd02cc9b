/* The course's progress page (the path, its next step, the completion record) and its review
   page (questions due and coming up), drawn from what progress.js keeps. Apart from progress.js so
   that the pages a learner opens most, a module's and a lesson's, do not download the drawing of
   the two pages that use it (issue 18); podcourse.js loads it where a page has either. */

import { everyPage } from "./podcourse.js";
import { currentCards, el, formatDate, isDue, load, moduleState, save } from "./progress.js";

/* ---- the progress page ------------------------------------------------------------------ */

function quizCell(module, state) {
  var result = state.result;
  if (state.status === "passed") {
    return "Passed: best " + result.score + " of " + result.total + " (" + result.percent + "%) on " +
      formatDate(result.date);
  }
  if (state.status === "failed") {
    return "Not passed yet: best " + result.percent + "% (pass mark " + module.quiz.passMark + "%)";
  }
  if (state.review) {
    return "Review: the quiz has changed since you passed it (" + result.percent + "% on " +
      formatDate(result.date) + "); take it again to count this module as done";
  }
  if (state.status === "outdated") {
    return "Your result (" + result.percent + "% on " + formatDate(result.date) +
      ") is from an older version of this quiz and does not count: take it again";
  }
  return "Not taken";
}

function nextStep(module, state, data) {
  var unread = module.lessons.filter(function (lesson) { return !data.lessons[lesson.key]; })[0];
  if (unread && state.needsLessons) {
    return { text: "Read “" + unread.title + "” (" + module.title + ")", url: unread.url };
  }
  return { text: (state.review ? "Take the changed quiz of " : "Take the quiz of ") + module.title,
    url: module.url + "#quiz" };
}

function stateLabel(state, isNext) {
  if (state.done) return "Done";
  if (state.review) return "Review";
  return isNext ? "Next" : "To do";
}

function drawProgress(box) {
  var course = JSON.parse(box.getAttribute("data-pc-course"));
  var data = load();
  var states = course.modules.map(function (module) { return moduleState(module, data); });
  box.querySelectorAll(".pc-drawn").forEach(function (node) { node.remove(); });
  box.querySelector(".pc-progress-path").hidden = true;

  var doneCount = states.filter(function (state) { return state.done; }).length;
  box.appendChild(el("p", { "class": "pc-drawn pc-progress-summary",
    text: doneCount + " of " + course.modules.length + " modules done." }));

  var firstOpen = states.findIndex(function (state) { return !state.done; });
  if (firstOpen >= 0) {
    var step = nextStep(course.modules[firstOpen], states[firstOpen], data);
    box.appendChild(el("p", { "class": "pc-drawn pc-next" }, [
      el("strong", { text: "Next: " }), el("a", { href: step.url, text: step.text })
    ]));
  }

  var rows = course.modules.map(function (module, index) {
    var state = states[index];
    var rowClass = state.done ? "done" : state.review ? "review" : state.status;
    return el("tr", { "class": "pc-row pc-row--" + rowClass, "data-pc-module": module.id }, [
      el("td", { text: String(index + 1) }),
      el("td", {}, [el("a", { href: module.url, text: module.title })]),
      el("td", { text: state.lessonsRead + " of " + module.lessons.length +
        (state.needsLessons ? "" : " (not required)") }),
      el("td", { "class": "pc-quiz-cell", text: module.quiz ? quizCell(module, state) : "No quiz" }),
      el("td", { "class": "pc-state", text: stateLabel(state, index === firstOpen) })
    ]);
  });
  var table = el("table", { "class": "pc-drawn pc-progress-table" }, [
    el("caption", { text: "Your onboarding path" }),
    el("thead", {}, [el("tr", {}, ["Step", "Module", "Lessons read", "Quiz", "Status"].map(function (h) {
      return el("th", { scope: "col", text: h });
    }))]),
    el("tbody", {}, rows)
  ]);
  box.appendChild(el("div", { "class": "pc-drawn md-typeset__scrollwrap" }, [
    el("div", { "class": "md-typeset__table" }, [table])
  ]));

  // Issued only when every module is done, by the rule path.yml sets for it.
  if (firstOpen < 0 && course.modules.length) box.appendChild(completionRecord(course, states, data));
}

function completionRecord(course, states, data) {
  var latest = states.reduce(function (last, state) {
    return state.doneOn > last ? state.doneOn : last;
  }, "");
  var nameInput = el("input", { type: "text", id: "pc-record-name", autocomplete: "name" });
  nameInput.value = data.name || "";
  var nameShown = el("span", { "class": "pc-record-name", text: data.name || "(your name)" });
  nameInput.addEventListener("input", function () {
    var stored = load();
    stored.name = nameInput.value.trim();
    save(stored);
    nameShown.textContent = stored.name || "(your name)";
  });
  var rows = course.modules.map(function (module, index) {
    var state = states[index];
    var result = state.result;
    return el("tr", { "data-pc-module": module.id }, [
      el("td", { text: module.title }),
      el("td", { text: result.score + " of " + result.total + " (" + result.percent + "%)" }),
      el("td", { text: formatDate(state.doneOn) })
    ]);
  });
  var printButton = el("button", { type: "button", "class": "md-button md-button--primary pc-print",
    text: "Print the record" });
  printButton.addEventListener("click", function () { window.print(); });
  return el("section", { "class": "pc-drawn pc-record-box", "aria-labelledby": "pc-record-title" }, [
    el("h2", { id: "pc-record-title", text: "Path complete: your completion record" }),
    el("p", { "class": "pc-record-form" }, [
      el("label", { "for": "pc-record-name", text: "Name on the record " }), nameInput
    ]),
    el("div", { "class": "pc-record" }, [
      el("p", { "class": "pc-record-heading", text: "Record of completion" }),
      el("p", {}, [nameShown, " completed the onboarding path of " + course.show + "."]),
      el("table", { "class": "pc-record-table" }, [
        el("thead", {}, [el("tr", {}, ["Module", "Best quiz score", "Done on"].map(function (h) {
          return el("th", { scope: "col", text: h });
        }))]),
        el("tbody", {}, rows)
      ]),
      el("p", { "class": "pc-record-date", text: "Completed on " + formatDate(latest) + "." })
    ]),
    el("p", {}, [printButton])
  ]);
}

/* ---- the review page ------------------------------------------------------------------- */

function drawReview(box) {
  var course = JSON.parse(box.getAttribute("data-pc-course"));
  var entries = currentCards(course).sort(function (a, b) { return a.card.due < b.card.due ? -1 : 1; });
  var due = entries.filter(function (entry) { return isDue(entry.card); });
  var later = entries.filter(function (entry) { return !isDue(entry.card); });
  box.querySelectorAll(".pc-drawn").forEach(function (node) { node.remove(); });
  box.appendChild(el("p", { "class": "pc-drawn pc-review-summary", text: due.length ?
    due.length + (due.length === 1 ? " question is" : " questions are") + " due for review. Answer each " +
      "on its module's page: right and sure, it comes back later; missed or unsure, tomorrow." :
    "Nothing is due for review." + (later.length ? "" : " Questions you miss in a quiz, or mark “not sure”, " +
      "come back here.") }));
  if (due.length) box.appendChild(reviewList("pc-review-due", due, "due since "));
  if (later.length) {
    box.appendChild(el("h2", { "class": "pc-drawn", id: "coming-up", text: "Coming up" }));
    box.appendChild(reviewList("pc-review-later", later, "due on "));
  }
}

function reviewList(className, entries, when) {
  return el("ul", { "class": "pc-drawn " + className }, entries.map(function (entry) {
    return el("li", { "data-pc-question": entry.card.module + "/" + entry.card.question }, [
      el("a", { href: entry.question.url, text: entry.question.prompt }),
      " (" + entry.module.title + "; " + when + formatDate(entry.card.due) + ")"
    ]);
  }));
}

function drawPages() {
  document.querySelectorAll("[data-pc-progress]").forEach(drawProgress);
  document.querySelectorAll("[data-pc-review]").forEach(drawReview);
}

everyPage(drawPages);  // once per page shown, instant navigation too
document.addEventListener("podcourse:replaced", drawPages);  // progress resumed from an LMS
