/* podcourse: the episode index filter, copy-on-click transcript permalinks and cited ranges of turns,
   and, on a page with audio, its player (player.js, imported there only).
   Everything here is an enhancement: without JavaScript the index is a plain table with lists
   by guest and series, and each #t-N (and paragraph #t-N-pK) permalink is an ordinary link. */
(function () {
  "use strict";

  // Beside this script, wherever the site is served from (a subpath, a SCORM package).
  var PLAYER = document.currentScript ? new URL("player.js", document.currentScript.src).href : null;

  function filterEpisodeIndex(form) {
    var table = document.querySelector("table.pc-episode-index");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".pc-filter-count");
    function apply() {
      var guest = form.elements.guest.value, series = form.elements.series.value, shown = 0;
      rows.forEach(function (row) {
        var guests = (row.getAttribute("data-guests") || "").split(" ");
        var match = (!guest || guests.indexOf(guest) >= 0) &&
                    (!series || row.getAttribute("data-series") === series);
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length + " episodes";
    }
    var query = new URLSearchParams(window.location.search);
    ["guest", "series"].forEach(function (name) {
      if (query.get(name)) form.elements[name].value = query.get(name);
    });
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
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

  // A link to a part of another page (a lesson's "Next" to its module's quiz, a citation to a
  // turn) followed by Material's instant navigation sometimes kept the previous page's scroll
  // position: in Chromium, 2 of 4 walks ended above the module's quiz. Once the page is shown,
  // its target is brought into view below the sticky header (Material's scroll margin is for
  // :target, which a page shown by instant navigation never has).
  function showTarget() {
    var id = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
    var target = id && document.getElementById(id);
    if (!target) return;
    setTimeout(function () { show(target); }, 0);  // after the other scripts have set the page up
  }

  // Scrolls `target` to just below what stays at the top of the window: Material's header and,
  // once it plays, the episode's player (player.js docks it there).
  function show(target) {
    var header = document.querySelector(".md-header");
    var docked = document.querySelector("[data-pc-docked]");
    var dock = docked && (docked.parentElement || docked);  // what podcourse.css makes sticky
    var below = (header ? header.getBoundingClientRect().bottom : 0) + (dock ? dock.offsetHeight : 0) + 16;
    window.scrollTo(0, window.scrollY + target.getBoundingClientRect().top - below);
  }

  // A moment of a recording as players print it: "0:07", "12:34", "1:02:03" (whole seconds), as
  // the build writes them (generator/render/templates.py: clock). search.js uses it too.
  function clock(seconds) {
    var whole = Math.floor(seconds), hours = Math.floor(whole / 3600), minutes = Math.floor(whole % 3600 / 60);
    var rest = ":" + String(whole % 60).padStart(2, "0");
    return hours ? hours + ":" + String(minutes).padStart(2, "0") + rest : minutes + rest;
  }

  var playerLoad = null;

  function setUpPlayer() {
    var audio = document.querySelector(".pc-episode-audio audio");
    if (!audio || !PLAYER) return;
    if (!playerLoad) {
      playerLoad = import(PLAYER);
      playerLoad.catch(function () { playerLoad = null; });  // the native player still plays
    }
    playerLoad.then(function (module) { module.enhance(audio, { clock: clock, show: show }); }, function () {});
  }

  function init() {
    var form = document.querySelector("form[data-podcourse-filter]");
    if (form) filterEpisodeIndex(form);
    copyTurnLinks();
    markCitedRange();
    showTarget();
    setUpPlayer();
  }

  window.addEventListener("hashchange", markCitedRange);

  // Run `setUp` for every page shown. Material's instant navigation swaps pages without a reload
  // (scripts run once) and announces each on document$; without it, once the page is parsed.
  // podcourse.js is the first of the site's scripts (mkdocs.yml): the others use this too.
  window.podcourseEveryPage = function (setUp) {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUp);
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
    else setUp();
  };

  window.podcourseClock = clock;
  window.podcourseEveryPage(init);
})();
