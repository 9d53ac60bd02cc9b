/* podcourse: the one script every page loads. It loads the others where a page uses them (the search
   page, the episode index's filter, course progress, a quiz once it nears the screen; on a page with
   audio, its player), adds "Search all transcripts" to the header's search box, copies transcript
   permalinks on click and marks cited ranges of turns. Everything is an enhancement: without
   JavaScript every #t-N (and paragraph #t-N-pK) permalink is an ordinary link and every page reads
   as it is.

   The site's scripts are ES modules. Each imports what it uses (everyPage, clock, siteRoot, show
   from this one; quiz.js, progress-pages.js and scorm.js progress.js), so the browser runs them in
   an order that follows from those imports, whatever order a page names them in (a SCORM package
   names several), and runs each once a visit however often it is asked for. What a script offers
   outside the modules (to an LMS's frame, to the tests, to bench/) it adds to the one global they share,
   window.podcourse: progress.js its `progress`, quiz.js its `quiz`, search.js its `search`, the
   SCORM launch page its `scormSession`. */

/** The one global object of podcourse's scripts; each adds its part under its own name. */
export const podcourse = window.podcourse || (window.podcourse = {});

// ---- the scripts a page uses, loaded by the pages that use them ------------------------------
// Every page used to load every script: a listener opening an episode downloaded the quiz, the
// course progress and the search page (issue 18). Each is loaded, once a visit, by the first
// page shown that has what it serves; it then sets up that page and every later one (everyPage).
// quiz.js and progress-pages.js bring progress.js, which they import. A quiz sits below its
// module's lessons, and setting one up (nine questions shuffled) was most of a module page's
// blocked time on a phone: quiz.js waits until the quiz nears the screen (NEAR), and until then
// the quiz reads as it does without JavaScript, answers behind a disclosure.
const PAGE_SCRIPTS = [
  ["search.js", "#pc-search"],
  ["episode-index.js", "form[data-pc-filter]"],
  ["progress.js", "[data-pc-lesson-page], [data-pc-lesson-status], [data-pc-module-status]"],
  ["progress-pages.js", "[data-pc-progress], [data-pc-review]"],
  ["quiz.js", ".pc-quiz", "near"],
];

// How near: within a screen's height of the window, so on a phone the quiz is set up while
// the learner still scrolls the screen above it (fetching and setting up take well under a second).
const NEAR = "100% 0px";

// A module beside this one (wherever the site is served from: a subpath, a SCORM package), named
// by the page as a script element rather than import()ed, as the page names its own: the promise
// returned resolves once it has run (or failed to arrive), at once if the page names it already.
// The browser runs a module once a visit however often it is named; one that fails to arrive is
// named again by a later page.
function loadScript(name) {
  var url = new URL(name, import.meta.url).href;
  if (isNamed(url)) return Promise.resolve();
  var script = document.createElement("script");
  script.type = "module";
  script.src = url;
  var ran = new Promise(function (resolve) {
    script.onload = resolve;
    script.onerror = function () { script.remove(); resolve(); };
  });
  document.body.appendChild(script);
  return ran;
}

// The learner's review cards, kept by progress.js (its storageKey): with any, progress.js runs on
// every page, for the header's "Review N" badge.
function reviewCardsKept() {
  try {
    var cards = window.localStorage.getItem((window.__md_scope ? window.__md_scope.pathname : "/") + ".podcourse.review");
    return Boolean(cards) && cards !== "{}";
  } catch (error) {
    return false;  // storage refused: there is nothing to show either
  }
}

function isNamed(url) {
  return Array.prototype.some.call(document.scripts, function (script) { return script.src === url; });
}

// The watches of the page shown, ended when instant navigation shows another.
var watches = [];

// Loads `name` once one of `elements` is NEAR the window; at once if the address aims at one
// (its heading, #quiz, or a part of it: the page scrolls there) or the browser cannot watch;
// never if the script is named already (it then sets up every page itself; a SCORM package
// names them all).
function loadWhenNear(name, elements) {
  var target = addressedElement();
  var targeted = target && elements.some(function (element) {
    return element.contains(target) || element.previousElementSibling === target;
  });
  if (isNamed(new URL(name, import.meta.url).href)) return;
  if (targeted || !("IntersectionObserver" in window)) return loadScript(name);
  var watch = new IntersectionObserver(function (entries) {  // its first report says whether already near
    if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
    watch.disconnect();
    loadScript(name);
  }, { rootMargin: NEAR });
  elements.forEach(function (element) { watch.observe(element); });
  watches.push(watch);
}

// Resolves once the scripts the page needs at once have run (not those waiting to be NEAR).
function loadPageScripts() {
  watches.forEach(function (watch) { watch.disconnect(); });
  watches = [];
  var loading = [];
  PAGE_SCRIPTS.forEach(function (entry) {
    var used = Array.prototype.slice.call(document.querySelectorAll(entry[1]));
    if (entry[2] === "near" && used.length) loadWhenNear(entry[0], used);
    else if (used.length || (entry[0] === "progress.js" && reviewCardsKept())) loading.push(loadScript(entry[0]));
  });
  return Promise.all(loading);
}

// ---- files the build gzipped ------------------------------------------------------------------
// A static host that does not compress (`python3 -m http.server`, many object stores) sends a
// file whole; the build gzips what a listener's first search downloads (static-search.js,
// Pagefind's script, its tables), and the page unzips them itself.

// The body of a gzipped file, unzipped, unless the host already did (sent it with Content-Encoding).
export async function gunzippedBody(response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new Response(bytes);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")));
}

// The module at `url`, from its gzipped copy beside it (url + ".gz") run from memory; the plain
// module where that fails (no DecompressionStream, a Content-Security-Policy without blob:, a
// site without the copy). The module must import nothing by a relative address.
export async function importGzipped(url) {
  if (typeof DecompressionStream === "function") {
    let memory = null;
    try {
      const response = await fetch(url + ".gz");
      if (!response.ok) throw new Error("no gzipped copy of " + url);
      const script = await (await gunzippedBody(response)).text();
      memory = URL.createObjectURL(new Blob([script], { type: "text/javascript" }));
      return await import(memory);
    } catch (error) {
      // the plain module below
    } finally {
      if (memory) URL.revokeObjectURL(memory);
    }
  }
  return import(url);
}

// The element the address's fragment names (#t-9-p6, #quiz), or null.
export function addressedElement() {
  var id = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
  return (id && document.getElementById(id)) || null;
}

// ---- the header's search box: Material's overlay offers the search page ---------------------

// The site's root URL: Material's __md_scope (it works under a subpath and survives instant
// navigation), else the folder above this script's assets/javascripts/.
export function siteRoot() {
  var scope = window.__md_scope instanceof URL ? window.__md_scope.pathname : new URL("../../", import.meta.url).pathname;
  return scope.endsWith("/") ? scope : scope + "/";
}

// A first line in Material's results, "Search all transcripts for '…'", opening the search page
// (search.js) with the query: Material's own index holds no transcripts. `query`, not `q`:
// Material opens its overlay over any page whose address holds ?q=.
function offerTranscriptSearch() {
  var input = document.querySelector("input.md-search__input");
  var output = document.querySelector(".md-search-result");
  if (!input || !output || output.querySelector("a.pc-search-all")) return;
  var link = document.createElement("a");  // drawn as one of Material's own results (its classes), above them
  link.className = "pc-search-all md-search-result__link";
  var article = link.appendChild(document.createElement("article"));
  article.className = "md-search-result__article md-typeset";
  var label = article.appendChild(document.createElement("h1"));
  link.hidden = true;
  output.insertBefore(link, output.firstChild);
  function update() {
    var query = input.value.trim();
    link.hidden = !query;
    label.textContent = "Search all transcripts for “" + query + "”";
    link.href = siteRoot() + "search/?" + new URLSearchParams([["query", query]]).toString();
  }
  ["input", "keyup", "focus"].forEach(function (type) { input.addEventListener(type, update); });
  link.addEventListener("click", function () {
    var toggle = document.getElementById("__search");  // close the overlay, as Material's results do
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  });
  update();
}

function copyTurnLinks() {
  // The tooltip is set here, with the behaviour it announces: written into every turn of
  // every transcript it was 2 MB of a 1,000-episode site.
  document.querySelectorAll("a.pc-turn-anchor, a.pc-para-anchor").forEach(function (anchor) {
    anchor.title = anchor.classList.contains("pc-turn-anchor") ? "Link to this moment (click to copy it)"
                                                               : "Link to this passage (click to copy it)";
    anchor.addEventListener("click", function () {
      if (!navigator.clipboard) return;  // the link still navigates to #t-N (or #t-N-pK)
      navigator.clipboard.writeText(anchor.href).then(function () {
        anchor.classList.add("pc-turn-copied");
        setTimeout(function () { anchor.classList.remove("pc-turn-copied"); }, 1500);
      }, function () {});
    });
  });
}

// A citation of several turns arrives as ?turns=15-16#t-15 (generator/render/paths.py: moment):
// the browser scrolls to the first turn and CSS :target marks it; this marks the rest of the
// range too, as long as the page still shows that moment (a click on another turn ends it).
function markCitedRange() {
  document.querySelectorAll(".pc-turn--cited").forEach(function (turn) {
    turn.classList.remove("pc-turn--cited");
  });
  var range = /^(\d+)-(\d+)$/.exec(new URLSearchParams(window.location.search).get("turns") || "");
  if (!range || window.location.hash !== "#t-" + range[1]) return;
  // Turns are numbered without gaps, so the range ends at its last turn or the transcript's.
  for (var number = +range[1], turn; number <= +range[2] && (turn = document.getElementById("t-" + number)); number += 1) {
    turn.classList.add("pc-turn--cited");
  }
}

// A link to a paragraph deep in a long turn (a search hit, #t-9-p6) lands screens below the
// turn's head, which names who speaks: the paragraph landed on names them too, while it is the target.
function nameSpeakerOfTarget() {
  document.querySelectorAll(".pc-para-speaker").forEach(function (label) { label.remove(); });
  var target = addressedElement();
  var paragraph = target && /^t-\d+-p\d+$/.test(target.id) && !/-p1$/.test(target.id) ? target : null;
  var turn = paragraph && paragraph.closest(".pc-turn");
  var speaker = turn && turn.querySelector(".pc-turn-speaker");
  if (!speaker) return;
  var label = document.createElement("span");
  label.className = "pc-para-speaker";
  label.textContent = speaker.textContent.trim() + ": ";
  paragraph.insertBefore(label, paragraph.firstChild);
}

// A link to a part of another page (a lesson's "Next" to its module's quiz, a citation to a
// turn) followed by Material's instant navigation sometimes kept the previous page's scroll
// position: in Chromium, 2 of 4 walks ended above the module's quiz. Once the page is shown,
// its target is brought into view below the sticky header (Material's scroll margin is for
// :target, which a page shown by instant navigation never has).
function showTarget() {
  var target = addressedElement();
  if (!target) return;
  setTimeout(function () { show(target); }, 0);  // after the other scripts have set the page up
}

// Scrolls `target` to just below what stays at the top of the window: Material's header and,
// once it plays, the episode's player (player.js docks it there).
export function show(target) {
  var header = document.querySelector(".md-header");
  var docked = document.querySelector("[data-pc-docked]");
  var dock = docked && (docked.parentElement || docked);  // what podcourse.css makes sticky
  var below = (header ? header.getBoundingClientRect().bottom : 0) + (dock ? dock.offsetHeight : 0) + 16;
  window.scrollTo(0, window.scrollY + target.getBoundingClientRect().top - below);
}

// A moment of a recording as players print it: "0:07", "12:34", "1:02:03" (whole seconds), as
// the build writes them (generator/render/templates.py: clock). player.js and search.js use it.
export function clock(seconds) {
  var whole = Math.floor(seconds), hours = Math.floor(whole / 3600), minutes = Math.floor(whole % 3600 / 60);
  var rest = ":" + String(whole % 60).padStart(2, "0");
  return hours ? hours + ":" + String(minutes).padStart(2, "0") + rest : minutes + rest;
}

function setUpPlayer() {
  var audio = document.querySelector(".pc-episode-audio audio");
  if (!audio) return;
  import("./player.js").then(function (player) { player.enhance(audio); }, function () {});  // else the native player plays
}

// The page's scripts held until it was drawn (partials/after-paint.html) have all run, and so
// have those this one loads for it at once: <html> says so, for tests and tools.
function saySetUp() {
  var root = document.documentElement;
  if (root.getAttribute("data-pc-scripts") === "held") root.setAttribute("data-pc-scripts", "run");
}

function init() {
  loadPageScripts().then(saySetUp);
  offerTranscriptSearch();
  copyTurnLinks();
  markCitedRange();
  nameSpeakerOfTarget();
  showTarget();
  setUpPlayer();
}

window.addEventListener("hashchange", markCitedRange);
window.addEventListener("hashchange", nameSpeakerOfTarget);

// Once every script the page names has run. The site's pages hold them until the page is drawn
// (partials/after-paint.html), which announces podcourse:scripts-run after the last, Material's
// bundle first. A page without that (the SCORM launch page) names them plainly, as modules,
// deferred: they run before DOMContentLoaded. Run after that event (imported later), this finds it
// past in the navigation's timing; the document's readyState cannot tell, being "interactive" both
// while deferred scripts run and after the event.
var parsed = new Promise(function (resolve) {
  if (document.documentElement.getAttribute("data-pc-scripts") === "held") {
    document.addEventListener("podcourse:scripts-run", function () { resolve(); }, { once: true });
    return;
  }
  var timing = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (document.readyState === "complete" || (timing && timing.domContentLoadedEventStart > 0)) resolve();
  else document.addEventListener("DOMContentLoaded", function () { resolve(); }, { once: true });
});

/** Runs `setUp` for every page shown. Material's instant navigation swaps pages without a reload
    (modules run once) and announces each on its document$, which also replays the page shown to a
    late subscriber; without Material, once. */
export function everyPage(setUp) {
  parsed.then(function () {
    var pages = window.document$;
    if (pages && typeof pages.subscribe === "function") pages.subscribe(setUp);
    else setUp();
  });
}

everyPage(init);
