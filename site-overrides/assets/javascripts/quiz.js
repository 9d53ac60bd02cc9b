/* Self-graded quizzes: check each answer as you go, see feedback and the explanation with its
   source, then a score and pass or fail; retries allowed, best result kept by progress.js.
   The page works without this script (answers sit behind a disclosure); this only enhances it.
   Runs on every page Material's instant navigation loads. Its feedback in words is
   window.podcourse.quiz outside the modules. */

import { addressedElement, everyPage, podcourse, show } from "./podcourse.js";
import { progress } from "./progress.js";

function shuffleInPlace(parent, selector) {
  var nodes = Array.prototype.slice.call(parent.querySelectorAll(":scope > " + selector));
  for (var i = nodes.length - 1; i > 0; i--) {
    var j = Math.floor(Math.random() * (i + 1));
    var swap = nodes[i]; nodes[i] = nodes[j]; nodes[j] = swap;
  }
  nodes.forEach(function (node) { parent.appendChild(node); });
}

function answerOf(question) {
  return JSON.parse(question.getAttribute("data-pc-answer"));
}

function orderOf(question) {
  return Array.prototype.map.call(question.querySelectorAll(".pc-order-item"), function (item) {
    return item.getAttribute("data-pc-item");
  });
}

/* ---- feedback as written English ----------------------------------------------------------
   Option and item texts are the trainer's, some full sentences ("…needed."), some not ("A
   deadline"): quoted, a list item loses its full stop, and a sentence ends exactly once. */

var ENDED = /[.!?…]["”’)]*$/;  // ends a sentence, perhaps inside a closing quote or bracket

function endSentence(text) {
  return ENDED.test(text) ? text : text + ".";
}

function quoted(text) {
  return "“" + text + "”";
}

function withoutFullStop(text) {
  return text.replace(/\.+$/, "");  // a list item, not a sentence; "?" and "!" stay
}

/* Parts joined by ", ": after a quoted question ("…true?"”) the question mark stands for the comma. */
function joinParts(parts) {
  return parts.reduce(function (text, part, index) {
    return index ? text + (/[?!]["”’)]*$/.test(text) ? " " : ", ") + part : part;
  }, "");
}

function listOf(items, last) {
  if (items.length < 2) return items.join("");
  return joinParts(items.slice(0, -1)) + " " + last + " " + items[items.length - 1];
}

function sameList(a, b) {
  return a.length === b.length && a.every(function (value, index) { return value === b[index]; });
}

function optionText(question, id) {
  var label = question.querySelector('.pc-option[data-pc-option="' + id + '"] label');
  return label ? label.textContent.trim() : id;
}

function itemText(question, key) {
  return question.querySelector('.pc-order-item[data-pc-item="' + key + '"] .pc-order-text').textContent.trim();
}

/* The note the trainer wrote for a chosen option, naming the option it is about. */
function optionNote(question, id) {
  var node = question.querySelector('.pc-option[data-pc-option="' + id + '"]');
  var note = node ? (node.getAttribute("data-pc-feedback") || "").trim() : "";
  return note ? "About your choice " + quoted(withoutFullStop(optionText(question, id))) + ": " + endSentence(note) : "";
}

/* What a choice question says for these chosen option ids: {correct, message}. */
function choiceFeedback(question, chosen) {
  var answer = answerOf(question);
  var correct = sameList(chosen.slice().sort(), answer.slice().sort());
  var verdict = "Correct.";
  if (!correct && answer.length === 1) {
    verdict = "Not quite. The answer is " + endSentence(quoted(optionText(question, answer[0])));
  } else if (!correct) {
    verdict = "Not quite. The answers are " + endSentence(listOf(answer.map(function (id) {
      return quoted(withoutFullStop(optionText(question, id)));
    }), "and"));
  }
  var notes = chosen.map(function (id) { return optionNote(question, id); }).filter(Boolean);
  return { correct: correct, message: [verdict].concat(notes).join(" ") };
}

/* What an ordering question says for this order of item keys: {correct, message}. */
function orderingFeedback(question, order) {
  var answer = answerOf(question);
  if (sameList(order, answer)) return { correct: true, message: "Correct: that is the order." };
  var steps = answer.map(function (key, index) {
    return (index ? "then " : "first ") + quoted(withoutFullStop(itemText(question, key)));
  });
  return { correct: false, message: "Not quite. The order is " + endSentence(joinParts(steps)) };
}

podcourse.quiz = { choiceFeedback: choiceFeedback, orderingFeedback: orderingFeedback };

/* Grading by type: returns {correct, message} or {message} when there is nothing to grade yet. */
var graders = {
  choice: function (question) {
    var chosen = Array.prototype.map.call(question.querySelectorAll(".pc-option input:checked"), function (input) {
      return input.value;
    });
    if (!chosen.length) return { message: "Choose an answer first." };
    var answer = answerOf(question);
    question.querySelectorAll(".pc-option").forEach(function (option) {
      var id = option.getAttribute("data-pc-option");
      var isAnswer = answer.indexOf(id) >= 0;
      option.classList.toggle("pc-option--answer", isAnswer);
      option.classList.toggle("pc-option--wrong", chosen.indexOf(id) >= 0 && !isAnswer);
    });
    return choiceFeedback(question, chosen);
  },
  ordering: function (question) {
    var answer = answerOf(question);
    question.querySelectorAll(".pc-order-item").forEach(function (item, index) {
      var right = item.getAttribute("data-pc-item") === answer[index];
      item.classList.toggle("pc-option--answer", right);
      item.classList.toggle("pc-option--wrong", !right);
    });
    return orderingFeedback(question, orderOf(question));
  }
};
graders.single = graders.multiple = graders.truefalse = graders.choice;

function setUpQuiz(quiz) {
  var module = quiz.getAttribute("data-pc-quiz");
  var version = quiz.getAttribute("data-pc-version");
  var passMark = Number(quiz.getAttribute("data-pc-pass-mark"));
  var list = quiz.querySelector(".pc-questions");
  var result = quiz.querySelector(".pc-quiz-result");
  var grades = {};

  quiz.classList.add("pc-quiz--js");
  quiz.querySelectorAll(".pc-js-only").forEach(function (node) { node.hidden = false; });
  quiz.querySelectorAll(".pc-no-js-note").forEach(function (node) { node.hidden = true; });

  function questions() {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > .pc-question"));
  }

  function numberQuestions() {
    questions().forEach(function (question, index) {
      question.querySelector(".pc-question-number").textContent = "Question " + (index + 1) + ".";
    });
  }

  function showSaved() {
    var saved = quiz.querySelector("[data-pc-saved]");
    var stored = progress.load().quizzes[module];
    var status = progress.quizStatus(stored, version);
    saved.hidden = status === "none";
    saved.className = "pc-quiz-saved pc-status--" + status;
    var when = stored ? progress.formatDate(stored.date) : "";
    saved.textContent = {
      passed: "You passed this quiz: best " + (stored && stored.percent) + "% on " + when + ".",
      failed: "Your best so far: " + (stored && stored.percent) + "% on " + when + " (pass mark " + passMark + "%).",
      outdated: "Your earlier result (" + (stored && stored.percent) + "% on " + when + ") was for an older " +
        "version of this quiz, so it no longer counts. Take the quiz again.",
      none: ""
    }[status];
  }

  function reset() {
    grades = {};
    result.textContent = "";
    result.className = "pc-quiz-result";
    questions().forEach(function (question) {
      question.querySelector("fieldset").disabled = false;
      question.classList.remove("pc-question--correct", "pc-question--wrong");
      question.querySelectorAll("input").forEach(function (input) { input.checked = false; input.disabled = false; });
      question.querySelectorAll("textarea").forEach(function (area) { area.value = ""; });
      question.querySelectorAll(".pc-option, .pc-order-item").forEach(function (node) {
        node.classList.remove("pc-option--answer", "pc-option--wrong");
      });
      var feedback = question.querySelector(".pc-feedback");
      feedback.textContent = "";
      var details = question.querySelector(".pc-answer");
      details.open = false;
      details.hidden = true;
      var check = question.querySelector(".pc-check");
      check.disabled = false;
      check.hidden = false;
      var selfAssess = question.querySelector(".pc-self-assess");
      if (selfAssess) selfAssess.hidden = true;
      if (quiz.getAttribute("data-pc-shuffle") === "true") {
        var options = question.querySelector(".pc-options");
        if (options && question.getAttribute("data-pc-type") !== "truefalse") shuffleInPlace(options, ".pc-option");
      }
      var order = question.querySelector(".pc-order");
      if (order) {
        do { shuffleInPlace(order, ".pc-order-item"); } while (sameList(orderOf(question), answerOf(question)));
      }
    });
    if (quiz.getAttribute("data-pc-shuffle") === "true") shuffleInPlace(list, ".pc-question");
    numberQuestions();
    showSaved();
  }

  function reveal(question) {
    var details = question.querySelector(".pc-answer");
    details.hidden = false;
    details.open = true;
  }

  function grade(question, outcome) {
    var id = question.getAttribute("data-pc-question");
    grades[id] = outcome.correct;
    var unsure = question.querySelector(".pc-unsure input");
    progress.recordAnswer(module, version, id, outcome.correct, !(unsure && unsure.checked));
    if (unsure) unsure.disabled = true;
    question.classList.add(outcome.correct ? "pc-question--correct" : "pc-question--wrong");
    question.querySelector(".pc-feedback").textContent = outcome.message;
    question.querySelector("fieldset").disabled = true;
    var check = question.querySelector(".pc-check");
    check.disabled = true;
    check.hidden = true;
    reveal(question);
    var done = Object.keys(grades).length;
    if (done === questions().length) finish();
    else question.querySelector(".pc-answer summary").focus(); // the checked button is gone: keep the place
  }

  function finish() {
    var total = questions().length;
    var score = Object.keys(grades).filter(function (id) { return grades[id]; }).length;
    var percent = Math.round((100 * score) / total);
    var passed = percent >= passMark;
    var best = progress.recordQuiz(module, version, score, total, passMark);
    result.className = "pc-quiz-result " + (passed ? "pc-quiz-result--passed" : "pc-quiz-result--failed");
    result.textContent = "Your score: " + score + " of " + total + " (" + percent + "%). " +
      (passed ? "Passed: the pass mark is " + passMark + "%." :
        "Not passed: the pass mark is " + passMark + "%. Read the explanations and try again.") +
      (best.percent > percent ? " Your best is still " + best.percent + "%." : "");
    result.focus();
    showSaved();
    progress.refresh();
  }

  quiz.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target || !quiz.contains(target)) return;
    var question = target.closest(".pc-question");
    if (target.classList.contains("pc-retry")) {
      reset();
      var first = quiz.querySelector(".pc-question input, .pc-question button, .pc-question textarea");
      if (first) first.focus();
    } else if (target.classList.contains("pc-check")) {
      var type = question.getAttribute("data-pc-type");
      if (type === "open") {
        question.querySelector(".pc-self-assess").hidden = false;
        question.querySelector(".pc-feedback").textContent =
          "Compare your answer with the model answer below, then say whether yours covers it.";
        reveal(question);
        target.hidden = true;
        question.querySelector(".pc-self").focus();
        return;
      }
      var outcome = graders[type](question);
      if (outcome.correct === undefined) {
        question.querySelector(".pc-feedback").textContent = outcome.message;
        return;
      }
      grade(question, outcome);
    } else if (target.classList.contains("pc-self")) {
      var yes = target.getAttribute("data-pc-self") === "yes";
      grade(question, { correct: yes, message: yes ? "You marked your answer as covering the model answer." :
        "You marked your answer as not covering it yet: read the explanation below." });
    } else if (target.classList.contains("pc-move")) {
      moveItem(question, target);
    }
  });

  function moveItem(question, button) {
    var item = button.closest(".pc-order-item");
    var parent = item.parentNode;
    var up = button.getAttribute("data-pc-move") === "up";
    var sibling = up ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return;
    parent.insertBefore(item, up ? sibling : sibling.nextElementSibling);
    button.focus();
    var items = Array.prototype.slice.call(parent.children);
    question.querySelector(".pc-feedback").textContent = "“" + item.querySelector(".pc-order-text").textContent +
      "” is now " + (items.indexOf(item) + 1) + " of " + items.length + ".";
  }

  keepingChoices(quiz, reset);
}

/* Runs `setUp` keeping what the learner chose or wrote before this script arrived: it loads when
   the quiz nears the screen (podcourse.js), and the page's quiz can be answered without it. */
function keepingChoices(quiz, setUp) {
  var chosen = Array.prototype.slice.call(quiz.querySelectorAll("input:checked"));
  var written = Array.prototype.map.call(quiz.querySelectorAll("textarea"), function (area) { return [area, area.value]; });
  setUp();
  chosen.forEach(function (input) { input.checked = true; });
  written.forEach(function (pair) { pair[0].value = pair[1]; });
}

function setUpQuizzes() {
  document.querySelectorAll(".pc-quiz:not([data-pc-ready])").forEach(function (quiz) {
    quiz.setAttribute("data-pc-ready", "");
    setUpQuiz(quiz);
    keepTargetInView(quiz);
  });
}

/* The questions are shuffled when the quiz is set up, after the browser has scrolled to the
   question the address names (a search hit on it, #q-<module>-<question>): back to it. */
function keepTargetInView(quiz) {
  var target = addressedElement();
  if (target && quiz.contains(target)) show(target);
}

everyPage(setUpQuizzes);  // once per page shown, instant navigation too
