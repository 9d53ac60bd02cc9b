/* Course progress kept in this browser (localStorage): lessons read, quizzes passed with their best
   score, date and quiz version. Draws the progress page and the completion record, and marks what
   is done on the course pages. Runs on every page Material's instant navigation loads. */
(function () {
  "use strict";

  var KEY = "podcourse.progress";

  function storageKey() {
    // Scoped to the site like Material's own keys, so two sites on one host keep apart.
    var scope = typeof __md_scope !== "undefined" ? __md_scope.pathname : "/";
    return scope + "." + KEY;
  }

  function empty() {
    return { name: "", lessons: {}, quizzes: {} };
  }

  function load() {
    try {
      var data = JSON.parse(localStorage.getItem(storageKey()) || "null");
      if (data && typeof data === "object") {
        data.lessons = data.lessons || {};
        data.quizzes = data.quizzes || {};
        data.name = data.name || "";
        return data;
      }
    } catch (error) {
      /* unreadable or blocked storage: start afresh */
    }
    return empty();
  }

  function save(data) {
    try {
      localStorage.setItem(storageKey(), JSON.stringify(data));
      return true;
    } catch (error) {
      return false;
    }
  }

  function today() {
    return new Date().toISOString();
  }

  function formatDate(iso) {
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
    if (!old || old.version !== version || percent > old.percent) {
      data.quizzes[module] = {
        version: version, score: score, total: total, percent: percent, passed: passed, date: now,
        attempts: (old && old.version === version ? old.attempts || 1 : 0) + 1
      };
    } else {
      old.attempts = (old.attempts || 1) + 1;
    }
    save(data);
    announce("quiz", module, null, data.quizzes[module]);  // SCORM/LMS contract, below
    return data.quizzes[module];
  }

  /* How a stored result stands against the quiz as it is now. */
  function quizStatus(result, version) {
    if (!result) return "none";
    if (result.version !== version) return "outdated";
    return result.passed ? "passed" : "failed";
  }

  function setLessonRead(key, read) {
    var data = load();
    if (read) data.lessons[key] = today();
    else delete data.lessons[key];
    save(data);
    announce("lesson", key.split("/")[0], key, null);  // SCORM/LMS contract, below
  }

  window.podcourse = {
    load: load, save: save, recordQuiz: recordQuiz, quizStatus: quizStatus, formatDate: formatDate,
    setLessonRead: setLessonRead
  };

  function el(tag, attributes, children) {
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

  /* ---- lesson pages: mark as read ------------------------------------------------------- */

  function setUpLesson(box) {
    var key = box.getAttribute("data-pc-lesson-page");
    var button = box.querySelector(".pc-mark-read");
    var status = box.querySelector(".pc-read-status");
    showJsOnly(box);
    function draw() {
      var readOn = load().lessons[key];
      button.setAttribute("aria-pressed", readOn ? "true" : "false");
      button.textContent = readOn ? "Read ✓ (undo)" : "Mark this lesson as read";
      status.textContent = readOn ? "Marked as read on " + formatDate(readOn) + "." : "";
    }
    button.addEventListener("click", function () {
      setLessonRead(key, !load().lessons[key]);
      draw();
    });
    draw();
  }

  /* ---- course home and module pages: what is done --------------------------------------- */

  function markStatuses(root) {
    var data = load();
    root.querySelectorAll("[data-pc-lesson-status]").forEach(function (node) {
      node.textContent = data.lessons[node.getAttribute("data-pc-lesson-status")] ? "✓ read" : "";
    });
    root.querySelectorAll("[data-pc-module-status]").forEach(function (node) {
      var module = node.getAttribute("data-pc-module-status");
      var result = data.quizzes[module];
      var status = quizStatus(result, node.getAttribute("data-version"));
      node.className = "pc-status pc-status--" + status;
      node.textContent = {
        passed: "✓ quiz passed (" + (result && result.percent) + "%)",
        failed: "quiz not passed yet",
        outdated: "quiz changed since your last result",
        none: ""
      }[status];
    });
  }

  /* ---- the progress page ------------------------------------------------------------------ */

  function moduleState(module, data) {
    var lessonsRead = module.lessons.filter(function (lesson) { return data.lessons[lesson.key]; }).length;
    var result = data.quizzes[module.id];
    var status = module.quiz ? quizStatus(result, module.quiz.version) : "none";
    return { lessonsRead: lessonsRead, result: result, status: status, done: status === "passed" };
  }

  function quizCell(module, state) {
    var result = state.result;
    if (state.status === "passed") {
      return "Passed: best " + result.score + " of " + result.total + " (" + result.percent + "%) on " +
        formatDate(result.date);
    }
    if (state.status === "failed") {
      return "Not passed yet: best " + result.percent + "% (pass mark " + module.quiz.passMark + "%)";
    }
    if (state.status === "outdated") {
      return "Your result (" + result.percent + "% on " + formatDate(result.date) +
        ") is from an older version of this quiz and does not count: take it again";
    }
    return "Not taken";
  }

  function nextStep(module, state, data) {
    var unread = module.lessons.filter(function (lesson) { return !data.lessons[lesson.key]; })[0];
    if (unread) return { text: "Read “" + unread.title + "” (" + module.title + ")", url: unread.url };
    return { text: "Take the quiz of " + module.title, url: module.url + "#quiz" };
  }

  function drawProgress(box) {
    var course = JSON.parse(box.querySelector(".pc-course-data").textContent);
    var data = load();
    var states = course.modules.map(function (module) { return moduleState(module, data); });
    box.querySelectorAll(".pc-drawn").forEach(function (node) { node.remove(); });
    box.querySelector(".pc-progress-path").hidden = true;

    var doneCount = states.filter(function (state) { return state.done; }).length;
    var summary = el("p", { "class": "pc-drawn pc-progress-summary",
      text: doneCount + " of " + course.modules.length + " modules done." });
    box.appendChild(summary);

    var firstOpen = states.findIndex(function (state) { return !state.done; });
    if (firstOpen >= 0) {
      var step = nextStep(course.modules[firstOpen], states[firstOpen], data);
      box.appendChild(el("p", { "class": "pc-drawn pc-next" }, [
        el("strong", { text: "Next: " }), el("a", { href: step.url, text: step.text })
      ]));
    }

    var rows = course.modules.map(function (module, index) {
      var state = states[index];
      var label = state.done ? "Done" : index === firstOpen ? "Next" : "To do";
      return el("tr", { "class": "pc-row pc-row--" + state.status, "data-module": module.id }, [
        el("td", { text: String(index + 1) }),
        el("td", {}, [el("a", { href: module.url, text: module.title })]),
        el("td", { text: state.lessonsRead + " of " + module.lessons.length }),
        el("td", { "class": "pc-quiz-cell", text: module.quiz ? quizCell(module, state) : "No quiz" }),
        el("td", { "class": "pc-state", text: label })
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

    if (firstOpen < 0 && course.modules.length) box.appendChild(completionRecord(course, states, data));
  }

  function completionRecord(course, states, data) {
    var latest = states.reduce(function (last, state) {
      return state.result.date > last ? state.result.date : last;
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
      var result = states[index].result;
      return el("tr", {}, [
        el("td", { text: module.title }),
        el("td", { text: result.score + " of " + result.total + " (" + result.percent + "%)" }),
        el("td", { text: formatDate(result.date) })
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
          el("thead", {}, [el("tr", {}, ["Module", "Quiz score", "Passed on"].map(function (h) {
            return el("th", { scope: "col", text: h });
          }))]),
          el("tbody", {}, rows)
        ]),
        el("p", { "class": "pc-record-date", text: "Completed on " + formatDate(latest) + "." })
      ]),
      el("p", {}, [printButton])
    ]);
  }

  function setUpPage() {
    document.querySelectorAll("[data-pc-lesson-page]:not([data-pc-ready])").forEach(function (box) {
      box.setAttribute("data-pc-ready", "");
      setUpLesson(box);
    });
    markStatuses(document);
    document.querySelectorAll("[data-pc-progress]").forEach(drawProgress);
  }

  window.podcourse.refresh = setUpPage;
  window.podcourseEveryPage(setUpPage);  // podcourse.js: once per page shown, instant navigation too

  /* ---- SCORM/LMS contract ------------------------------------------------------------------
     What an LMS bridge (scorm.js, in SCORM packages only) relies on: after anything is recorded,
     a "podcourse:recorded" event on document; podcourse.replace(data) stores a whole progress
     object (what load() returns) and redraws. */

  function announce(kind, module, lesson, result) {
    document.dispatchEvent(new CustomEvent("podcourse:recorded", { detail: {
      kind: kind, module: module, lesson: lesson, score: result ? result.score : null,
      total: result ? result.total : null, percent: result ? result.percent : null,
      passed: result ? result.passed : null, version: result ? result.version : null
    } }));
  }

  window.podcourse.replace = function (data) {
    save(data);
    setUpPage();
  };
})();
