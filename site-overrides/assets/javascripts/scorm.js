/* The bridge to a company's LMS, in SCORM 1.2 packages only (podcourse export scorm); the site
   never loads it. Two roles in one file:
   - on the package's launch page (index.html), it holds the LMS session: it finds the LMS's API
     object, LMSInitialize when launched, LMSFinish when the learner leaves, and shows the
     module's pages in a frame, so that one session lasts while the learner moves between pages
     (SCORM 1.2 allows one LMSInitialize per launch);
   - on those pages, it puts the LMS's record of the module (cmi.suspend_data) into this
     browser's progress before anything is drawn, and passes each thing progress.js records
     (its "podcourse:recorded" event) to the session: lessons read as suspend_data, the quiz as
     cmi.core.score.* and cmi.core.lesson_status.
   Without an LMS (no API found), or opened outside the launch page, it does nothing and the pages
   work as they do on the site. The launch page's session is window.podcourse.scormSession, where
   the pages' frames find it. */

import { podcourse } from "./podcourse.js";
import { progress } from "./progress.js";

var SUSPEND_DATA_LIMIT = 4096;  // SCORM 1.2: cmi.suspend_data is a CMIString4096

/* ---- finding the LMS (SCORM 1.2 RTE 3.3: the API object is in a parent or the opener) ---- */

function apiAbove(start) {
  var win = start;
  for (var tries = 0; win && tries < 20; tries++) {
    try {
      if (win.API && typeof win.API.LMSInitialize === "function") return win.API;
    } catch (error) {
      /* a window of another origin: look further up */
    }
    if (win.parent === win) break;
    win = win.parent;
  }
  return null;
}

function findAPI() {
  var api = apiAbove(window);
  if (!api && window.top && window.top.opener) {
    try { api = apiAbove(window.top.opener); } catch (error) { api = null; }
  }
  return api;
}

/* ---- the module's record as suspend_data: its lessons read and its quiz result ---------- */

function moduleRecord(data, module) {
  var prefix = module + "/";
  var record = { read: {}, quiz: data.quizzes[module] || null };
  Object.keys(data.lessons).forEach(function (key) {
    if (key.indexOf(prefix) === 0) record.read[key.slice(prefix.length)] = data.lessons[key];
  });
  return record;
}

function suspendData(record) {
  var text = JSON.stringify(record);
  if (text.length <= SUSPEND_DATA_LIMIT) return text;
  Object.keys(record.read).forEach(function (id) {  // too long: the days lessons were read, not the times
    record.read[id] = String(record.read[id]).slice(0, 10);
  });
  return JSON.stringify(record).slice(0, SUSPEND_DATA_LIMIT);
}

function parseRecord(text) {
  try {
    var record = JSON.parse(text || "null");
    if (record && typeof record === "object" && record.read && typeof record.read === "object") return record;
  } catch (error) {
    /* not ours, or cut short: start afresh */
  }
  return { read: {}, quiz: null };
}

/* The browser's progress with this module's part replaced by the LMS's: the LMS is the record. */
function withRecord(data, module, record) {
  var prefix = module + "/";
  Object.keys(data.lessons).forEach(function (key) {
    if (key.indexOf(prefix) === 0) delete data.lessons[key];
  });
  Object.keys(record.read).forEach(function (id) { data.lessons[prefix + id] = record.read[id]; });
  if (record.quiz) data.quizzes[module] = record.quiz;
  else delete data.quizzes[module];
  return data;
}

/* ---- the launch page: the session -------------------------------------------------------- */

function sessionTime(milliseconds) {
  var seconds = Math.floor(milliseconds / 1000);
  function two(n) { return (n < 10 ? "0" : "") + n; }
  var hours = Math.floor(seconds / 3600);
  return (hours < 10 ? "000" : hours < 100 ? "00" : hours < 1000 ? "0" : "") + hours + ":" +
    two(Math.floor(seconds / 60) % 60) + ":" + two(seconds % 60);
}

function openSession(api, module) {
  var started = Date.now();
  var finished = false;
  if (String(api.LMSInitialize("")) !== "true") return null;
  var session = { module: module, record: parseRecord(api.LMSGetValue("cmi.suspend_data")) };
  var status = api.LMSGetValue("cmi.core.lesson_status");
  if (!status || status === "not attempted") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    api.LMSCommit("");
  }

  session.report = function (detail, record) {
    session.record = record;
    if (detail.kind === "quiz" && detail.percent !== null && detail.percent !== undefined) {
      var passedBefore = api.LMSGetValue("cmi.core.lesson_status") === "passed";
      if (!(passedBefore && !detail.passed)) {  // a module passed stays passed, with its best score
        var before = Number(api.LMSGetValue("cmi.core.score.raw"));
        var raw = passedBefore && before > detail.percent ? before : detail.percent;
        api.LMSSetValue("cmi.core.score.min", "0");
        api.LMSSetValue("cmi.core.score.max", "100");
        api.LMSSetValue("cmi.core.score.raw", String(raw));
        api.LMSSetValue("cmi.core.lesson_status", detail.passed ? "passed" : "failed");
      }
    }
    api.LMSSetValue("cmi.suspend_data", suspendData(record));
    api.LMSCommit("");
  };

  function finish() {
    if (finished) return;
    finished = true;
    var passed = api.LMSGetValue("cmi.core.lesson_status") === "passed";
    api.LMSSetValue("cmi.core.exit", passed ? "" : "suspend");  // suspend: the next launch resumes
    api.LMSSetValue("cmi.core.session_time", sessionTime(Date.now() - started));
    api.LMSCommit("");
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  return session;
}

function launch(root) {
  var setup = JSON.parse(root.getAttribute("data-pc-scorm-launch"));
  var asked = new URLSearchParams(window.location.search).get("module");
  var module = asked && setup.pages[asked] ? asked : setup.module;
  var api = module ? findAPI() : null;
  podcourse.scormSession = api ? openSession(api, module) : null;
  function show() {
    document.querySelector(".pc-scorm-frame").src = module ? setup.pages[module] : setup.start;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
}

/* ---- a page of the course, inside the launch page ---------------------------------------- */

function sessionAbove() {
  var win = window;
  for (var tries = 0; win.parent !== win && tries < 20; tries++) {
    win = win.parent;
    try {
      if (win.podcourse && win.podcourse.scormSession) return win.podcourse.scormSession;
    } catch (error) {
      return null;  // the LMS's own frames, of another origin
    }
  }
  return null;
}

function joinSession() {
  var session = sessionAbove();
  if (!session) return;
  progress.replace(withRecord(progress.load(), session.module, session.record));
  document.addEventListener("podcourse:recorded", function (event) {
    var detail = event.detail || {};
    if (detail.module !== session.module) return;  // a page of another module: that SCO's business
    session.report(detail, moduleRecord(progress.load(), session.module));
  });
}

var root = document.documentElement;
if (root.hasAttribute("data-pc-scorm-launch")) launch(root);
else joinSession();
