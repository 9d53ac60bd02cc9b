/* Course progress kept in this browser (localStorage): lessons read, quizzes passed with their best
   score, date and quiz version. A module is done when its quiz is passed and, unless path.yml says
   `done: quiz only`, its lessons are read. Keeps review cards (Leitner boxes: questions missed or
   answered unsure come back after 1, 3, 7, 14 days), marks what is done on the course pages and
   counts what is due in the header; progress-pages.js draws the progress and review pages from it.
   Runs on every page Material's instant navigation loads.

   EVENT CONTRACT (the SCORM package's scorm.js relies on it; keep it exactly):
   - After anything is recorded (a lesson read or unmarked, a quiz attempt), progress.js dispatches on
     document `new CustomEvent("podcourse:recorded", {detail: {kind, module, lesson, score, total,
     percent, passed, version}})`: kind is "lesson" or "quiz"; module the module id; lesson the lesson
     id (null for a quiz); score, total, percent, passed and version are null for a lesson.
   - progress.load() returns the whole stored progress object ({name, lessons, quizzes});
     progress.replace(data) stores a whole progress object (an LMS's suspend_data on resume)
     and redraws the page. Review cards are kept apart (their own key) and are not part of it.
     `progress` is this module's export, and window.podcourse.progress outside the modules. */

import { everyPage, podcourse } from "./podcourse.js";

var KEY = "podcourse.progress";
var REVIEW_KEY = "podcourse.review";
var REVIEW_DAYS = [1, 3, 7, 14];  // Leitner boxes: days until a card comes back
var DAY = 24 * 60 * 60 * 1000;

function storageKey(name) {
  // Scoped to the site like Material's own keys, so two sites on one host keep apart.
  var scope = typeof __md_scope !== "undefined" ? __md_scope.pathname : "/";
  return scope + "." + (name || KEY);
}

function empty() {
  return { name: "", lessons: {}, quizzes: {} };
}

function normalise(data) {
  if (!data || typeof data !== "object") return empty();
  data.lessons = data.lessons || {};
  data.quizzes = data.quizzes || {};
  data.name = data.name || "";
  return data;
}

function readStored(name) {
  try {
    return JSON.parse(localStorage.getItem(storageKey(name)) || "null");
  } catch (error) {
    return null;  // unreadable or blocked storage: start afresh
  }
}

function writeStored(name, data) {
  try {
    localStorage.setItem(storageKey(name), JSON.stringify(data));
    return true;
  } catch (error) {
    return false;
  }
}

export function load() {
  return normalise(readStored(KEY));
}

export function save(data) {
  return writeStored(KEY, data);
}

/* The event contract above: what was just recorded, for listeners such as an LMS bridge. */
function announce(detail) {
  var blank = { lesson: null, score: null, total: null, percent: null, passed: null, version: null };
  Object.keys(blank).forEach(function (name) { if (!(name in detail)) detail[name] = blank[name]; });
  document.dispatchEvent(new CustomEvent("podcourse:recorded", { detail: detail }));
}

function today() {
  return new Date().toISOString();
}

export function formatDate(iso) {
  var date = new Date(iso);
  if (isNaN(date.getTime())) return "";
  return date.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
}

/* A quiz attempt: the best score per quiz version is kept; one from another version never counts. */
function recordQuiz(module, version, score, total, passMark) {
  var data = load();
  var percent = total ? Math.round((100 * score) / total) : 0;
  var passed = percent >= passMark;
  var old = data.quizzes[module];
  var now = today();
  var same = old && old.version === version;
  // passedOn: when this version was first passed, the date the module's quiz part was done
  var passedOn = same && old.passedOn ? old.passedOn : passed ? now : null;
  if (!same || percent > old.percent) {
    data.quizzes[module] = {
      version: version, score: score, total: total, percent: percent, passed: passed, date: now,
      attempts: (same ? old.attempts || 1 : 0) + 1, passedOn: passedOn
    };
  } else {
    old.attempts = (old.attempts || 1) + 1;
    old.passedOn = passedOn;
  }
  save(data);
  announce({ kind: "quiz", module: module, score: score, total: total, percent: percent, passed: passed,
    version: version });
  return data.quizzes[module];
}

/* How a stored result stands against the quiz as it is now. */
function quizStatus(result, version) {
  if (!result) return "none";
  if (result.version !== version) return "outdated";
  return result.passed ? "passed" : "failed";
}

/* A lesson key is "<module id>/<lesson id>" (generator/render/course.py: lesson_key). */
function setLessonRead(key, read) {
  var data = load();
  if (read) data.lessons[key] = today();
  else delete data.lessons[key];
  save(data);
  var parts = key.split("/");
  announce({ kind: "lesson", module: parts[0], lesson: parts.slice(1).join("/") });
}

/* Stores a whole progress object (resuming from an LMS) and redraws what the page shows of it. */
function replace(data) {
  save(normalise(data));
  setUpPage();
  document.dispatchEvent(new CustomEvent("podcourse:replaced"));  // progress-pages.js redraws too
}

/* ---- done means learned ------------------------------------------------------------------ */

/* Where a module stands: `module` is {id, done, lessons: [{key}], quiz: {version}} (the course data). */
export function moduleState(module, data) {
  var read = module.lessons.filter(function (lesson) { return data.lessons[lesson.key]; });
  var needsLessons = module.done !== "quiz only";
  var lessonsOk = !needsLessons || read.length === module.lessons.length;
  var result = data.quizzes[module.id];
  var status = module.quiz ? quizStatus(result, module.quiz.version) : "none";
  var done = lessonsOk && status === "passed";
  var doneOn = null;
  if (done) {
    doneOn = result.passedOn || result.date;
    if (needsLessons) {
      read.forEach(function (lesson) { if (data.lessons[lesson.key] > doneOn) doneOn = data.lessons[lesson.key]; });
    }
  }
  return {
    lessonsRead: read.length, needsLessons: needsLessons, lessonsOk: lessonsOk, result: result, status: status,
    done: done, doneOn: doneOn,
    review: status === "outdated" && Boolean(result.passed)  // done on a quiz that has changed since
  };
}

/* ---- review: Leitner boxes --------------------------------------------------------------- */

function loadCards() {
  var cards = readStored(REVIEW_KEY);
  return cards && typeof cards === "object" ? cards : {};
}

/* One checked answer moves its card: missed or unsure -> box 1 (back tomorrow); right and sure on
   a due card -> the next box, and out of review after the last. A card from another version of
   its quiz is dropped first: the question may have changed. */
function recordAnswer(module, version, question, correct, sure) {
  var cards = loadCards();
  var key = module + "/" + question;
  var card = cards[key];
  if (card && card.version !== version) card = null;
  var now = Date.now();
  if (!correct || !sure) {
    card = { module: module, question: question, version: version, box: 0, due: new Date(now + DAY).toISOString() };
  } else if (card && Date.parse(card.due) <= now) {
    card.box += 1;
    card.due = card.box < REVIEW_DAYS.length ? new Date(now + REVIEW_DAYS[card.box] * DAY).toISOString() : null;
  }
  if (card && card.due) cards[key] = card;
  else delete cards[key];
  writeStored(REVIEW_KEY, cards);
  return card;
}

export function isDue(card) {
  return Date.parse(card.due) <= Date.now();
}

/* Cards for the course as it is now: those of changed quizzes or removed questions are dropped. */
export function currentCards(course) {
  var cards = loadCards();
  var kept = {};
  Object.keys(cards).forEach(function (key) {
    var card = cards[key];
    var module = course.modules.filter(function (m) { return m.id === card.module; })[0];
    var question = module && module.quiz && module.quiz.version === card.version &&
      module.quiz.questions.filter(function (q) { return q.id === card.question; })[0];
    if (question) kept[key] = { card: card, module: module, question: question };
  });
  if (Object.keys(kept).length !== Object.keys(cards).length) {
    var stored = {};
    Object.keys(kept).forEach(function (key) { stored[key] = kept[key].card; });
    writeStored(REVIEW_KEY, stored);
  }
  return Object.keys(kept).map(function (key) { return kept[key]; });
}

export const progress = podcourse.progress = {
  load: load, save: save, replace: replace, recordQuiz: recordQuiz, quizStatus: quizStatus,
  formatDate: formatDate, setLessonRead: setLessonRead, moduleState: moduleState,
  recordAnswer: recordAnswer, reviewCards: loadCards, reviewDays: REVIEW_DAYS, refresh: setUpPage
};

export function el(tag, attributes, children) {
  var node = document.createElement(tag);
  Object.keys(attributes || {}).forEach(function (name) {
    if (name === "text") node.textContent = attributes[name];
    else node.setAttribute(name, attributes[name]);
  });
  (children || []).forEach(function (child) {
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return node;
}

function showJsOnly(root) {
  root.querySelectorAll(".pc-js-only").forEach(function (node) { node.hidden = false; });
}

/* ---- lesson pages: read to the end, or marked read ------------------------------------ */

var READ_DWELL = 1000;  // ms the lesson's end must stay in view: scrolling past it is not reading it

function setUpLesson(box) {
  var key = box.getAttribute("data-pc-lesson-page");
  var button = box.querySelector(".pc-mark-read");
  var status = box.querySelector(".pc-read-status");
  var undone = false;  // unmarked on this visit: do not mark it again behind the learner's back
  showJsOnly(box);
  function draw(how) {
    var readOn = load().lessons[key];
    button.setAttribute("aria-pressed", readOn ? "true" : "false");
    button.textContent = readOn ? "Read ✓ (undo)" : "Mark this lesson as read";
    status.textContent = !readOn ? "" : (how === "end" ? "You reached the end: marked as read on " :
      "Marked as read on ") + formatDate(readOn) + ".";
  }
  button.addEventListener("click", function () {
    var read = !load().lessons[key];
    undone = !read;
    setLessonRead(key, read);
    draw();
  });
  watchEnd(box, function () {
    if (undone || load().lessons[key]) return;
    setLessonRead(key, true);
    draw("end");
  });
  draw();
}

/* Calls `reached` once the element (the lesson's end) has stayed in view for READ_DWELL. */
function watchEnd(end, reached) {
  if (!("IntersectionObserver" in window)) return;  // the button still marks it
  var timer = null;
  var observer = new IntersectionObserver(function (entries) {
    var visible = entries.some(function (entry) { return entry.isIntersecting; });
    clearTimeout(timer);
    if (visible) {
      timer = setTimeout(function () {
        if (!document.body.contains(end)) return;  // instant navigation left the page
        observer.disconnect();
        reached();
      }, READ_DWELL);
    }
  });
  observer.observe(end);
}

/* ---- course home: what is done --------------------------------------------------------- */

function moduleFromStatus(node) {
  var keys = (node.getAttribute("data-pc-lessons") || "").split(" ").filter(Boolean);
  return {
    id: node.getAttribute("data-pc-module-status"), done: node.getAttribute("data-pc-done"),
    lessons: keys.map(function (key) { return { key: key }; }),
    quiz: node.getAttribute("data-pc-version") ? { version: node.getAttribute("data-pc-version") } : null
  };
}

function statusText(module, state) {
  var lessons = state.lessonsRead + " of " + module.lessons.length + " lessons read";
  if (state.done) return ["done", "✓ done"];
  if (state.review) return ["review", "review: the quiz has changed since you passed it"];
  if (state.status === "passed") return ["passed", "quiz passed; " + lessons];
  if (state.status === "failed") return ["failed", "quiz not passed yet" + (state.needsLessons ? "; " + lessons : "")];
  if (state.status === "outdated") return ["outdated", "quiz changed since your last result"];
  return ["none", state.lessonsRead && state.needsLessons ? lessons : ""];
}

function markStatuses(root) {
  var data = load();
  root.querySelectorAll("[data-pc-lesson-status]").forEach(function (node) {
    node.textContent = data.lessons[node.getAttribute("data-pc-lesson-status")] ? "✓ read" : "";
  });
  root.querySelectorAll("[data-pc-module-status]").forEach(function (node) {
    var module = moduleFromStatus(node);
    var shown = statusText(module, moduleState(module, data));
    node.className = "pc-status pc-status--" + shown[0];
    node.textContent = shown[1];
  });
}

/* ---- the header's count of questions due for review --------------------------------- */

/* A small link in the header with the number due; the review page drops cards of changed
   quizzes, so until it is opened the count may include a card from a quiz changed since. */
function drawBadge() {
  var header = document.querySelector(".md-header__inner");
  if (!header || typeof __md_scope === "undefined") return;
  var cards = loadCards();
  var count = Object.keys(cards).filter(function (key) { return isDue(cards[key]); }).length;
  var badge = header.querySelector(".pc-review-badge");
  if (!count) {
    if (badge) badge.remove();
    return;
  }
  if (!badge) {
    badge = el("a", { "class": "pc-review-badge md-header__button", href: new URL("course/review/", __md_scope).href });
    header.insertBefore(badge, header.querySelector(".md-search") || null);
  }
  // Its name is its text, "Review 2 questions due"; the words after the number are for screen readers.
  var rest = (count === 1 ? " question" : " questions") + " due";
  badge.setAttribute("title", count + rest + " for review");
  badge.textContent = "";
  badge.appendChild(document.createTextNode("Review " + count));
  badge.appendChild(el("span", { "class": "pc-visually-hidden", text: rest }));
}

function setUpPage() {
  document.querySelectorAll("[data-pc-lesson-page]:not([data-pc-ready])").forEach(function (box) {
    box.setAttribute("data-pc-ready", "");
    setUpLesson(box);
  });
  markStatuses(document);
  drawBadge();
}

everyPage(setUpPage);  // once per page shown, instant navigation too
