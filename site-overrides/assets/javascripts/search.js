/* podcourse: the full-text search page (search/) and its two backends, one rendering.

   Which backend answers is decided once per visit, from search/backend.json: the build writes
   {"backend": "static"} (a Pagefind index of every passage in pagefind/, generator/search/
   static_index.py, searched by the module static-search.js, imported at the first query);
   `podcourse serve` answers the same address with {"backend": "api"}, and
   the page then asks /api/search (Whoosh). So a static host never sees a request to an endpoint
   it lacks. Both backends resolve to the JSON shape of /api/search (SearchResults.to_json() in
   generator/search/engine.py), or to its {"error": {...}} for a request it refuses, and are
   exposed as window.podcourse.search = {static: fn(params), api: fn(params)}, where params
   is {query, type?, guest?, topic?, module?, year?, page?, exact?}. The static answer holds the
   groups of a screen's worth of pages, `later` (how many more this page of results has) and
   `rest()`, which reads them: the page calls it when the listener scrolls toward the end.
   `highlight` is escaped HTML in which only <mark> is markup (the server's, or made here from
   escaped words); every other value is set with textContent. A passage with `start` (seconds into
   the recording) in a group with `audio` (true when the episode has a recording) gets a "Play
   from m:ss" link to its moment.
   The page's own parameter is `query`, not `q`: Material opens its search overlay over any page
   whose address holds `?q=` (and then deletes it), which would hide these results.
   Loaded by podcourse.js on the search page only; podcourse.js also gives Material's overlay (the
   header's box, its own small index without transcripts) a first line "Search all transcripts
   for '…'" that opens this page with the query. */

import { clock, everyPage, gunzippedBody, importGzipped, podcourse, siteRoot } from "./podcourse.js";

var FACETS = [["type", "Type"], ["guest", "Guest"], ["topic", "Topic"], ["module", "Module"], ["year", "Year"]];
var FACET_NAMES = FACETS.map(function (pair) { return pair[0]; });
var QUERY = "query";  // this page's parameter; the endpoint's is q
var PASSED_ON = ["page", "exact", "passages"].concat(FACET_NAMES);  // to the endpoint as they are
var SHOWN_PASSAGES = 3;  // of a page's matching moments; a button shows the rest
var ALL_PASSAGES = 100;  // a page's moments fetched when the listener asks for all (the endpoint's most)

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function refusal(parameter, message) {
  return { error: { parameter: parameter, message: parameter ? parameter + ": " + message : message } };
}

function readable(error) {
  // A refusal as a listener reads it: "q: the query is empty" is the API's, for a program.
  var message = error.message || "The search failed.";
  var named = error.parameter ? error.parameter + ": " : "";
  if (named && message.indexOf(named) === 0) message = message.slice(named.length);
  return message.charAt(0).toUpperCase() + message.slice(1);
}

function plainParams(params) {
  // An object of strings from an object or URLSearchParams.
  var out = {};
  if (params instanceof URLSearchParams) params.forEach(function (value, key) { out[key] = value; });
  else Object.keys(params || {}).forEach(function (key) {
    if (params[key] !== undefined && params[key] !== null) out[key] = String(params[key]);
  });
  return out;
}

// ---- which backend: asked once per visit -----------------------------------------------------

var backendChoice = null;

function chosenBackend() {
  if (!backendChoice) {
    // No file (a site built without its static index): null, and the page says what it lacks.
    // No answer at all (the network): an error, asked again at the next search.
    backendChoice = fetch(siteRoot() + "search/backend.json", { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json().catch(function () { return {}; }) : {}; })
      .then(function (answer) { return answer.backend === "api" || answer.backend === "static" ? answer.backend : null; });
    backendChoice.catch(function () { backendChoice = null; });
  }
  return backendChoice;
}

// ---- the API backend: `podcourse serve` ------------------------------------------------------

function apiSearch(params) {
  params = plainParams(params);
  var api = new URLSearchParams();
  api.set("q", params[QUERY] || "");
  PASSED_ON.forEach(function (name) { if (params[name]) api.set(name, params[name]); });
  return fetch(siteRoot() + "api/search?" + api.toString(), { headers: { Accept: "application/json" } })
    .then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") < 0) throw new Error("no search service answered");
      return response.json();
    });
}

// ---- the static backend: Pagefind, in its own module (static-search.js) ---------------------

var staticLoad = null;

function staticSearch(params) {
  // Imported at the first query, so that pages without one never download it; gzipped by the
  // build (generator/render/scripts.py: 24 KB, 8 KB gzipped, on a host that does not compress).
  if (!staticLoad) {
    staticLoad = importGzipped(new URL("static-search.js", import.meta.url).href);
    staticLoad.catch(function () { staticLoad = null; });  // a later search tries again
  }
  return staticLoad.then(function (module) {
    return module.search(plainParams(params), {
      root: siteRoot(), facets: FACET_NAMES, refusal: refusal, gunzippedBody: gunzippedBody, importGzipped: importGzipped,
    });
  });
}

const backends = podcourse.search = { static: staticSearch, api: apiSearch };

// ---- the page --------------------------------------------------------------------------------

function pageUrl(params) {
  return window.location.pathname + "?" + params.toString();
}

function renderFacets(box, data, params) {
  box.textContent = "";
  FACETS.forEach(function (pair) {
    var name = pair[0], values = (data.facets || {})[name] || [];
    if (!values.length && !params.get(name)) return;
    var group = el("div", "pc-facet");
    group.appendChild(el("h3", null, pair[1]));
    var list = el("ul");
    if (params.get(name)) {
      var clear = new URLSearchParams(params);
      clear.delete(name); clear.delete("page");
      var li = el("li"), a = el("a", "pc-facet-clear", "Any " + pair[1].toLowerCase());
      a.href = pageUrl(clear); li.appendChild(a); list.appendChild(li);
    }
    values.forEach(function (facet) {
      var next = new URLSearchParams(params);
      next.set(name, facet.value); next.delete("page");
      var li = el("li"), a = el("a", null, facet.label);
      a.href = pageUrl(next);
      if (params.get(name) === facet.value) a.setAttribute("aria-current", "true");
      li.appendChild(a);
      li.appendChild(el("span", "pc-count", " (" + facet.count + ")"));
      list.appendChild(li);
    });
    group.appendChild(list);
    box.appendChild(group);
  });
}

var excerptsDrawn = 0;

function renderPassage(passage, root, group) {
  var li = el("li");
  var link = el("a", "pc-passage-link", passage.heading);
  link.href = root + passage.url;
  li.appendChild(link);
  li.appendChild(document.createTextNode(": "));
  var text = el("span", "pc-excerpt");
  text.innerHTML = passage.highlight;  // escaped by the backend; only <mark> is markup
  // A link is named by who speaks ("Jason Cutter", many times over): its excerpt describes it,
  // so that a screen reader going from link to link hears which moment each one opens.
  text.id = "pc-excerpt-" + (excerptsDrawn += 1);
  link.setAttribute("aria-describedby", text.id);
  li.appendChild(text);
  if (group.audio && typeof passage.start === "number" && isFinite(passage.start)) {
    li.appendChild(document.createTextNode(" "));
    li.appendChild(playFrom(passage, root));
  }
  return li;
}

function playFrom(passage, root) {
  // The passage's episode page opened at its moment, playing from there (player.js reads ?t=,
  // exact to the millisecond as the build writes it); the fragment still lands on the turn
  // for a reader without JavaScript.
  var url = new URL(root + passage.url, window.location.href);
  url.searchParams.set("t", String(Math.round(passage.start * 1000) / 1000));
  var link = el("a", "pc-play-from", "Play from " + clock(passage.start));
  link.href = url.pathname + url.search + url.hash;
  return link;
}

function renderGroup(group, root, moments) {
  // `moments(id)`: every matching moment of the page `id`, for a page with more than were sent.
  var item = el("li", "pc-result");
  var title = el("a", "pc-result-title", group.title);
  title.href = root + group.url;
  item.appendChild(title);
  var meta = [group.type, group.date, (group.guests || []).join(", ")].filter(Boolean).join(" · ");
  item.appendChild(el("span", "pc-result-meta", " " + meta));
  var passages = el("ul", "pc-passages");
  var hidden = [];
  group.passages.forEach(function (passage, n) {
    var li = renderPassage(passage, root, group);
    if (n >= SHOWN_PASSAGES) { li.hidden = true; hidden.push(li); }
    passages.appendChild(li);
  });
  item.appendChild(passages);
  if (hidden.length) {
    var total = Math.max(group.matches || 0, group.passages.length);  // the endpoint sends a page's best ones only
    var label = total > ALL_PASSAGES
      ? "Show " + ALL_PASSAGES + " of " + total + " matching moments"
      : "Show all " + total + " matching moments";
    var more = el("button", "pc-more-passages", label);
    more.type = "button";
    more.addEventListener("click", function () {
      hidden.forEach(function (li) { li.hidden = false; });
      var first = hidden[0].querySelector("a");
      if (first) first.focus();
      if (!(group.matches > group.passages.length && moments)) return more.remove();
      more.disabled = true;
      more.textContent = "Loading the other " + (group.matches - group.passages.length) + " moments…";
      moments(group.id).then(function (all) {
        var sent = new Set(group.passages.map(function (passage) { return passage.url; }));
        all.forEach(function (passage) {
          if (!sent.has(passage.url)) passages.appendChild(renderPassage(passage, root, group));
        });
        more.remove();
      }, function () {
        more.disabled = false;
        more.textContent = "The other moments could not be loaded; try again";
      });
    });
    item.appendChild(more);
  }
  return item;
}

function renderResults(box, data, params, request, backend) {
  box.textContent = "";
  var end = box.appendChild(el("span", "pc-results-end"));  // groups go before it: a later one too
  var add = groupAdder(box, end, siteRoot(), momentsOf(backend, params));
  data.groups.forEach(add);
  var readNow = data.later && data.rest ? readLater(box, end, data, add, request) : null;
  if (data.pages > 1) {
    var nav = el("nav", "pc-pages");
    nav.setAttribute("aria-label", "Pages of results");
    for (var page = 1; page <= data.pages; page += 1) {
      var next = new URLSearchParams(params);
      next.set("page", String(page));
      var a = el("a", null, String(page));
      a.href = pageUrl(next);
      if (page === data.page) a.setAttribute("aria-current", "page");
      nav.appendChild(a);
    }
    box.appendChild(nav);
  }
  return readNow;
}

function momentsOf(backend, params) {
  // moments(id): every matching moment (up to ALL_PASSAGES) of a page of these results, asked of
  // the backend once for all the pages shown, when the listener first asks for a page's all.
  var all = null;
  return function (id) {
    if (!all) {
      var every = new URLSearchParams(params);
      every.set("passages", String(ALL_PASSAGES));
      all = backends[backend](every).then(function (data) {
        if (data.error) throw new Error(data.error.message);
        return data.rest ? data.rest().then(function (later) { return data.groups.concat(later); }) : data.groups;
      });
      all.catch(function () { all = null; });  // asked again at the next click
    }
    return all.then(function (groups) {
      var found = groups.filter(function (group) { return group.id === id; })[0];
      return found ? found.passages : [];
    });
  };
}

function groupAdder(box, end, root, moments) {
  // Adds a group before `end`; episodes come first, with a small heading where the kind changes.
  var list = null, kind = null;
  return function (group) {
    var groupKind = group.type === "episode" ? "episode" : "other";
    if (groupKind !== kind) {
      kind = groupKind;
      box.insertBefore(el("h3", "pc-results-kind", kind === "episode" ? "In the episodes" : "In the course and blog"), end);
      list = box.insertBefore(el("ol", "pc-results"), end);
    }
    list.appendChild(renderGroup(group, root, moments));
  };
}

function readLater(box, end, data, add, request) {
  // The static backend reads the moments of a screen's worth of pages before answering (each is a
  // download of its own); the rest of this page of results are read when the listener scrolls
  // toward them, and added below the ones drawn. Returns a function that reads them at once.
  var waiting = box.insertBefore(el("p", "pc-results-later", "More results as you scroll…"), end);
  var reading = null;
  function readNow() {
    if (reading) return reading;
    observer.disconnect();
    waiting.textContent = "Loading more results…";
    reading = data.rest().then(function (groups) {
      if (request !== latest) return;
      waiting.remove();
      groups.forEach(add);
      if (groups.length < data.later && data.recount) data.recount(data.later - groups.length);
    }, function () {
      if (request === latest) waiting.textContent = "More results could not be loaded; search again in a moment.";
    });
    return reading;
  }
  var observer = new IntersectionObserver(function (entries) {
    if (entries.some(function (entry) { return entry.isIntersecting; })) readNow();
  }, { rootMargin: "0px 0px 300px 0px" });
  observer.observe(waiting);
  return readNow;
}

// ---- coming back: the same results at the same place ------------------------------------------

var PLACE = "pc-search-place:";  // + the page's path and query, in sessionStorage: how far down
var cameBackAt = 0;  // when a Back or Forward (popstate) brought the listener to this page
var BACK_WINDOW_MS = 3000;  // Material's instant navigation may draw the page again after ours
var firstPage = true;  // the first page this document shows (a whole page load)

function placeKey() {
  return PLACE + window.location.pathname + window.location.search;
}

function rememberPlace() {
  // The results are drawn after the page has loaded, so the browser's restoring of the scroll
  // position finds a short page, and Material's instant navigation keeps its own; the page
  // keeps where the listener was, per search, for when they come back.
  try {
    sessionStorage.setItem(placeKey(), String(Math.round(window.scrollY)));
  } catch (error) {
    // storage refused (a private window's quota): they come back to the top
  }
}

function storedPlace() {
  try {
    return Number(sessionStorage.getItem(placeKey()) || 0);
  } catch (error) {
    return 0;  // storage refused (cookies blocked): from the top
  }
}

function cameBackHere() {
  if (Date.now() - cameBackAt < BACK_WINDOW_MS) return true;
  var entry = firstPage && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  return Boolean(entry && entry.type === "back_forward");  // a whole page load by Back
}

function returnToPlace(readNow) {
  var back = cameBackHere();
  firstPage = false;
  var place = back ? storedPlace() : 0;
  if (!(place > 0)) return;
  var go = function () { window.scrollTo(0, place); };
  var short = document.documentElement.scrollHeight < place + window.innerHeight;
  if (readNow && short) readNow().then(go, go);  // the later results were drawn when they left
  else go();
}

function showStatus(status, data, params) {
  status.textContent = "";
  var searched = data.searched || data.query;
  var text = data.total + " page" + (data.total === 1 ? "" : "s") +
    (typeof data.passages === "number" ? " (" + data.passages + " passage" + (data.passages === 1 ? "" : "s") + ")" : "") +
    " for " + (/^".*"$/.test(searched) ? searched : "“" + searched + "”") +  // a phrase is quoted already
    chosenFilters(data).map(function (said) { return "; " + said; }).join("") + ".";
  status.appendChild(el("span", null, text));
  if (data.corrected) {
    var exact = new URLSearchParams(params);
    exact.set(QUERY, data.query); exact.set("exact", "1"); exact.delete("page");
    var note = el("p", "pc-corrected", "Showing results for ");
    note.appendChild(el("strong", null, searched));
    note.appendChild(document.createTextNode(". Search instead for "));
    var instead = el("a", null, data.query);
    instead.href = pageUrl(exact);
    note.appendChild(instead);
    note.appendChild(document.createTextNode("."));
    status.appendChild(note);
  }
  if (data.total === 0 && !data.suggestion) status.appendChild(nothingFound(params));
  if (data.suggestion) {
    var next = new URLSearchParams(params);
    next.set(QUERY, data.suggestion); next.delete("page"); next.delete("exact");
    var p = el("p", "pc-suggestion", "Did you mean ");
    var a = el("a", null, data.suggestion);
    a.href = pageUrl(next);
    p.appendChild(a);
    p.appendChild(document.createTextNode("?"));
    status.appendChild(p);
  }
}

function chosenFilters(data) {
  // "guest: Kwame Christian" for each filter the results are narrowed by, as the facets label it.
  var filters = data.filters || {};
  return FACETS.filter(function (pair) { return filters[pair[0]]; }).map(function (pair) {
    var value = filters[pair[0]];
    var known = ((data.facets || {})[pair[0]] || []).filter(function (facet) { return facet.value === value; })[0];
    return pair[1].toLowerCase() + ": " + (known ? known.label : value);
  });
}

function wayOut(error, params) {
  // A link out of a refused request, which an old or shared link makes: a page of results past
  // the last, or a filter on a value the site no longer has ("guest: no guest 'x' in the index").
  var name = error.parameter;
  if (name !== "page" && FACET_NAMES.indexOf(name) < 0) return null;
  var next = new URLSearchParams(params);
  next.delete(name); next.delete("page");
  var p = el("p", "pc-search-hint");
  var a = el("a", "pc-search-way-out", name === "page" ? "See the first page of results" : "Search without this filter");
  a.href = pageUrl(next);
  p.appendChild(a);
  return p;
}

function nothingFound(params) {
  // What to try when no moment matches: other words, fewer words or filters, or browsing.
  var filtered = FACET_NAMES.some(function (name) { return params.get(name); });
  var hint = el("p", "pc-search-hint", filtered
    ? "Nothing matches with these filters. "
    : "Nothing matches. Try fewer words, or other words for the same thing. ");
  if (filtered) {  // on a phone the filters are folded away: the way out is here too
    var unfiltered = new URLSearchParams(params);
    FACET_NAMES.concat(["page"]).forEach(function (name) { unfiltered.delete(name); });
    var clear = el("a", "pc-search-unfiltered", "Search without filters");
    clear.href = pageUrl(unfiltered);
    hint.appendChild(clear);
    hint.appendChild(document.createTextNode(", or try other words. "));
  }
  var root = siteRoot();
  hint.appendChild(document.createTextNode("Or browse the "));
  [["episodes/", "episodes"], ["topics/", "topics"], ["guests/", "guests"]].forEach(function (pair, n) {
    if (n) hint.appendChild(document.createTextNode(n === 2 ? " and " : ", "));
    var a = el("a", null, pair[1]);
    a.href = root + pair[0];
    hint.appendChild(a);
  });
  hint.appendChild(document.createTextNode("."));
  return hint;
}

function offerMaterialSearch(note, form) {
  // The note's opener is Material's own label for its search toggle; it also carries the query over.
  var opener = note.querySelector("label[for=__search]");
  var input = document.querySelector("input.md-search__input");
  if (!opener || !input || opener.dataset.pcReady) return;
  opener.dataset.pcReady = "true";
  opener.addEventListener("click", function () {
    input.value = form.elements[QUERY].value;
    input.dispatchEvent(new KeyboardEvent("keyup"));
  });
}

function describeSyntax(backend) {
  // The help names OR and fields only where they work: the static index searches words, phrases,
  // prefixes and leaves out -words, but knows no fields.
  var operators = document.getElementById("pc-search-help-api");
  if (operators) operators.hidden = backend !== "api";
}

var latest = 0;  // only the newest request's answer is shown

function run(form) {
  var status = document.getElementById("pc-search-status");
  var facets = document.getElementById("pc-search-facets");
  var results = document.getElementById("pc-search-results");
  var staticNote = document.getElementById("pc-search-static");
  var params = new URLSearchParams(window.location.search);
  var query = params.get(QUERY) || "";
  var request = ++latest;
  form.elements[QUERY].value = query;
  status.classList.remove("pc-search-error");
  chosenBackend().then(describeSyntax, function () {});
  if (!query.trim()) {
    status.textContent = ""; facets.textContent = ""; results.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  function failed(message, way) {
    status.textContent = message;
    if (way) status.appendChild(way);
    status.classList.add("pc-search-error");
    facets.textContent = ""; results.textContent = "";
  }
  chosenBackend()
    .then(function (backend) {
      if (request !== latest) return;
      if (!backend) {  // an old copy of the site, built without its static index
        status.textContent = "";
        staticNote.hidden = false;
        offerMaterialSearch(staticNote, form);
        return;
      }
      return backends[backend](params).then(function (data) {
        if (request !== latest) return;
        if (data.error) return failed(readable(data.error), wayOut(data.error, params));
        showStatus(status, data, params);
        renderFacets(facets, data, params);
        // A later page read and found with no moment to show (a part of a word matched, as "100"
        // in "E100") is taken off the count the listener reads.
        data.recount = function (fewer) {
          data.total -= fewer;
          showStatus(status, data, params);
        };
        returnToPlace(renderResults(results, data, params, request, backend));
      });
    })
    .catch(function () {
      if (request === latest) failed("The search failed; try again in a moment.");
    });
}

function go(form, search) {
  // A new search on this page: pushed to history and run here. Material's instant navigation
  // only loads pages whose path changes, so it would change the address and show stale results.
  rememberPlace();  // for Back to these results
  cameBackAt = 0;  // a new search: from the top
  history.pushState(null, "", window.location.pathname + search);
  run(form);
  window.scrollTo(0, 0);
}

function isSamePageLink(link) {
  return link && link.origin === window.location.origin && link.pathname === window.location.pathname &&
    !link.hash && !link.target;
}

function bind(form) {
  form.dataset.pcPath = window.location.pathname;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams();
    params.set(QUERY, form.elements[QUERY].value);
    go(form, "?" + params.toString());
  });
  ["pc-search-status", "pc-search-facets", "pc-search-results"].forEach(function (id) {
    document.getElementById(id).addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (!isSamePageLink(link) || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      event.stopPropagation();  // Material's instant navigation listens on <body>
      foldFilters(link);
      go(form, link.search);
      // The link chosen (a filter, a page number) is drawn anew: focus goes on to the status
      // line, which says what was found, rather than back to the top of the page.
      var status = document.getElementById("pc-search-status");
      status.setAttribute("tabindex", "-1");
      status.focus({ preventScroll: true });
    });
  });
}

function foldFilters(link) {
  // On a phone the filters fold into "Filter results" above the results: a filter chosen there
  // folds them again, or the results it asked for would wait below a screenful of filters. (On
  // a wide screen the summary is hidden and the filters stay a column whatever the fold.)
  var filters = link.closest("details.pc-search-filters");
  var summary = filters && filters.querySelector("summary");
  if (summary && filters.open && getComputedStyle(summary).display !== "none") filters.open = false;
}

function init() {
  var form = document.getElementById("pc-search");
  if (!form) { cameBackAt = 0; firstPage = false; return; }
  bind(form);
  run(form);
  // Come to search with nothing asked yet (the header's link, a bookmark): the field takes the
  // typing at once, as a search page's does, not after a dozen Tabs through the header. With a
  // query the results are what the listener came for, and focus stays where the page begins.
  if (!new URLSearchParams(window.location.search).get(QUERY)) form.elements[QUERY].focus({ preventScroll: true });
}

// Leaving by a result's link (a whole page load, or Material's instant navigation) or another way.
window.addEventListener("pagehide", function () {
  if (document.getElementById("pc-search")) rememberPlace();
});
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("#pc-search-results a, #pc-search-facets a");
  if (link && document.getElementById("pc-search")) rememberPlace();
}, true);

// Back and forward between searches on this page (a change of path is Material's to handle).
window.addEventListener("popstate", function () {
  cameBackAt = Date.now();
  var form = document.getElementById("pc-search");
  if (form && form.dataset.pcPath === window.location.pathname) run(form);
});

everyPage(init);  // once per page shown, instant navigation too
