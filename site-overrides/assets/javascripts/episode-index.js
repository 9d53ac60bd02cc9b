/* podcourse: the episode index's filter (generator/render/episode_index.py), loaded by podcourse.js on
   the index's pages only. The pages themselves are static, PAGE_SIZE episodes each, linked by page
   numbers: that is the index without JavaScript. This shows the filter form and answers it from the
   index's data file (the form's data-pc-source, episodes/index.json), fetched the first time the form
   is used, or at once when the address already holds a filter. The filter lives in the address
   (?words=&guest=&series=&topic=&year=&page=) so a filtered view can be shared; a filter set on a
   later page of the index goes to the first page's address. `words` is not `q`: Material opens its
   search overlay over any page whose address holds ?q=. */

import { everyPage } from "./podcourse.js";

var FIELDS = ["words", "guest", "series", "topic", "year"];
var PAGE_SIZE = 50;  // generator/render/episode_index.py: PAGE_SIZE
var loads = {};  // data file URL -> its promise, fetched once a visit (a failure is tried again)

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function fold(text) {
  return String(text || "").toLocaleLowerCase();
}

function dataOf(form) {
  var url = new URL(form.getAttribute("data-pc-source"), window.location.href).href;
  if (!loads[url]) {
    loads[url] = fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      })
      .then(function (data) { data.url = url; return data; });
    loads[url].catch(function () { delete loads[url]; });
  }
  return loads[url];
}

function askedIn(search) {
  var params = new URLSearchParams(search), asked = {};
  FIELDS.forEach(function (name) { asked[name] = (params.get(name) || "").trim(); });
  asked.page = Math.max(1, parseInt(params.get("page"), 10) || 1);
  return asked;
}

function filtering(asked) {
  return FIELDS.some(function (name) { return asked[name]; });
}

function addressOf(form, asked, page) {
  var params = new URLSearchParams();
  FIELDS.forEach(function (name) { if (asked[name]) params.set(name, asked[name]); });
  if (page > 1) params.set("page", String(page));
  var query = params.toString();
  return new URL(form.getAttribute("action"), window.location.href).pathname + (query ? "?" + query : "");
}

// ---- answering from the data file --------------------------------------------------------------

// The indices of a table's entries ([id, name, url]) a value names: its id exactly, else every
// entry whose name holds it ("kwame" finds Kwame Christian).
function named(table, value) {
  var wanted = fold(value), exact = [], partly = [];
  table.forEach(function (entry, index) {
    if (fold(entry[0]) === wanted || fold(entry[1]) === wanted) exact.push(index);
    else if (fold(entry[1]).indexOf(wanted) >= 0) partly.push(index);
  });
  return exact.length ? exact : partly;
}

function matches(data, asked) {
  var guests = asked.guest ? named(data.guests, asked.guest) : null;
  var series = asked.series ? named(data.series, asked.series) : null;
  var topic = asked.topic ? data.topics.findIndex(function (t) { return t[0] === asked.topic; }) : null;
  var words = fold(asked.words).split(/\s+/).filter(Boolean);
  return data.episodes.filter(function (e) {
    // [code, title, date, url, [guest...], series or null, part or null, [topic...]]
    if (asked.year && e[2].slice(0, 4) !== asked.year) return false;
    if (guests && !e[4].some(function (g) { return guests.indexOf(g) >= 0; })) return false;
    if (series && (e[5] === null || series.indexOf(e[5]) < 0)) return false;
    if (topic !== null && e[7].indexOf(topic) < 0) return false;
    if (!words.length) return true;
    var text = fold([e[0], e[1]].concat(e[4].map(function (g) { return data.guests[g][1]; }),
                                       e[5] === null ? [] : [data.series[e[5]][1]]).join(" "));
    return words.every(function (word) { return text.indexOf(word) >= 0; });
  });
}

// ---- drawing -----------------------------------------------------------------------------------

function link(data, url, text) {
  if (!url) return document.createTextNode(text);
  var a = el("a", null, text);
  a.href = new URL(url, data.url).pathname;
  return a;
}

var DATE = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

function row(data, e) {
  var tr = el("tr");
  [el("td"), el("td"), el("td"), el("td"), el("td")].forEach(function (td) { tr.appendChild(td); });
  tr.cells[0].appendChild(link(data, e[3], e[0]));
  tr.cells[1].appendChild(link(data, e[3], e[1]));
  var time = el("time", null, DATE.format(new Date(e[2] + "T00:00:00Z")));
  time.dateTime = e[2];
  tr.cells[2].appendChild(time);
  e[4].forEach(function (g, n) {
    if (n) tr.cells[3].appendChild(document.createTextNode(", "));
    tr.cells[3].appendChild(link(data, data.guests[g][2], data.guests[g][1]));
  });
  if (e[5] !== null) {
    tr.cells[4].appendChild(link(data, data.series[e[5]][2], data.series[e[5]][1]));
    if (e[6]) tr.cells[4].appendChild(document.createTextNode(" (" + e[6] + ")"));
  }
  return tr;
}

function pager(form, asked, pages) {
  var nav = el("nav", "pc-pages pc-filter-pages");
  nav.setAttribute("aria-label", "Pages of matching episodes");
  for (var page = 1; page <= pages; page += 1) {
    var a = el("a", null, String(page));
    a.href = addressOf(form, asked, page);
    if (page === asked.page) a.setAttribute("aria-current", "page");
    nav.appendChild(a);
  }
  return nav;
}

function drawFiltered(view, data, asked) {
  var found = matches(data, asked);
  var pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
  var page = Math.min(asked.page, pages);
  view.filtered = true;
  view.body.textContent = "";
  found.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).forEach(function (e) { view.body.appendChild(row(data, e)); });
  view.count.textContent = found.length + " of " + data.episodes.length + " episodes";
  view.place.hidden = true;
  if (view.staticPages) view.staticPages.hidden = true;
  if (view.pages) view.pages.remove();
  view.pages = pages > 1 ? pager(view.form, { page: page, words: asked.words, guest: asked.guest,
                                              series: asked.series, topic: asked.topic, year: asked.year }, pages) : null;
  if (view.pages) view.table.after(view.pages);
  view.table.setAttribute("aria-busy", "false");
}

function drawStatic(view) {
  if (view.filtered) {  // the page's own rows again
    var rows = view.original.cloneNode(true);
    view.body.replaceWith(rows);
    view.body = rows;
  }
  view.filtered = false;
  view.count.textContent = "";
  view.place.hidden = false;
  if (view.staticPages) view.staticPages.hidden = false;
  if (view.pages) view.pages.remove();
  view.pages = null;
}

function fillChoices(form, data) {
  [["pc-filter-guests", data.guests], ["pc-filter-series", data.series]].forEach(function (pair) {
    var list = document.getElementById(pair[0]);
    if (!list || list.options.length) return;
    pair[1].forEach(function (entry) { list.appendChild(el("option")).value = entry[1]; });
  });
  ["guest", "series"].forEach(function (name) {  // an id from the address, shown as the name it is
    var field = form.elements[name], table = name === "guest" ? data.guests : data.series;
    var entry = table.find(function (e) { return e[0] === field.value; });
    if (entry) field.value = entry[1];
  });
}

// ---- the page ----------------------------------------------------------------------------------

var latest = 0;  // only the newest filter's answer is drawn

function show(view) {
  var asked = askedIn(window.location.search), request = ++latest;
  FIELDS.forEach(function (name) { view.form.elements[name].value = asked[name]; });
  if (!filtering(asked)) return drawStatic(view);
  view.table.setAttribute("aria-busy", "true");
  view.count.textContent = "Filtering…";
  dataOf(view.form).then(function (data) {
    if (request !== latest || !view.table.isConnected) return;
    fillChoices(view.form, data);
    drawFiltered(view, data, asked);
  }, function () {
    if (request !== latest) return;
    view.count.textContent = "The filter could not be loaded; the pages below list every episode.";
    view.table.setAttribute("aria-busy", "false");
  });
}

function go(view, address) {
  // A filter on this page: pushed to history and drawn here (Material's instant navigation would
  // only change the address, since the path stays the same); from another page of the index,
  // the first page's address is loaded.
  if (new URL(address, window.location.href).pathname !== window.location.pathname) {
    window.location.assign(address);
    return;
  }
  if (address === window.location.pathname + window.location.search) history.replaceState(null, "", address);
  else history.pushState(null, "", address);
  show(view);
}

function fromForm(form) {
  var asked = { page: 1 };
  FIELDS.forEach(function (name) { asked[name] = form.elements[name].value.trim(); });
  return asked;
}

function setUp(form) {
  var table = document.querySelector("table.pc-episode-index");
  if (!table || form.dataset.pcReady) return;
  form.dataset.pcReady = "true";
  var view = { form: form, table: table, body: table.tBodies[0], original: table.tBodies[0].cloneNode(true), filtered: false,
               count: form.querySelector(".pc-filter-count"), place: document.querySelector(".pc-index-place"),
               staticPages: document.querySelector(".pc-index-pages"), pages: null };
  function firstUse() {
    dataOf(form).then(function (data) { fillChoices(form, data); }, function () {});
  }
  ["focusin", "pointerdown"].forEach(function (type) { form.addEventListener(type, firstUse, { once: true }); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    go(view, addressOf(form, fromForm(form), 1));
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT" || event.target.list) go(view, addressOf(form, fromForm(form), 1));
  });
  form.parentNode.addEventListener("click", function (event) {
    var a = event.target.closest("a.pc-filter-clear, .pc-filter-pages a");
    if (!a || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    event.stopPropagation();  // Material's instant navigation listens on <body>
    go(view, a.getAttribute("href"));
  });
  window.addEventListener("popstate", function () {
    if (view.table.isConnected) show(view);
  });
  show(view);
}

everyPage(function () {  // once per page shown, instant navigation too
  var form = document.querySelector("form[data-pc-filter]");
  if (form) setUp(form);
});
