/* podcourse: the full-text search page (search/). Asks /api/search, served by `podcourse serve`,
   and shows results grouped by page, each with its best passages (linked to #t-N) and facets.
   `highlight` strings come escaped from the server (only <mark> is markup); every other value
   is set with textContent. On a static host without the endpoint the page says so: the header's
   search box (Material's own) still finds titles, show notes, lessons and posts. */
(function () {
  "use strict";

  var FACETS = [["type", "Type"], ["guest", "Guest"], ["topic", "Topic"], ["module", "Module"], ["year", "Year"]];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function siteRoot() {
    // The search page is <root>/search/; results carry site-relative URLs.
    var path = window.location.pathname.replace(/search\/(index\.html)?$/, "");
    return path.endsWith("/") ? path : path + "/";
  }

  function apiUrl(params) {
    return siteRoot() + "api/search?" + params.toString();
  }

  function pageUrl(params) {
    return window.location.pathname + "?" + params.toString();
  }

  function renderFacets(box, data, params) {
    box.textContent = "";
    FACETS.forEach(function (pair) {
      var name = pair[0], values = data.facets[name] || [];
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

  function renderResults(box, data, params) {
    box.textContent = "";
    var root = siteRoot();
    var list = el("ol", "pc-results");
    data.groups.forEach(function (group) {
      var item = el("li", "pc-result");
      var title = el("a", "pc-result-title", group.title);
      title.href = root + group.url;
      item.appendChild(title);
      var meta = [group.type, group.date, (group.guests || []).join(", ")].filter(Boolean).join(" · ");
      item.appendChild(el("span", "pc-result-meta", " " + meta + (group.matches > group.passages.length
        ? " · " + group.matches + " matching passages" : "")));
      var passages = el("ul", "pc-passages");
      group.passages.forEach(function (passage) {
        var li = el("li");
        var link = el("a", "pc-passage-link", passage.heading);
        link.href = root + passage.url;
        li.appendChild(link);
        li.appendChild(document.createTextNode(": "));
        var excerpt = el("span", "pc-excerpt");
        excerpt.innerHTML = passage.highlight;  // escaped by the server; only <mark> is markup
        li.appendChild(excerpt);
        passages.appendChild(li);
      });
      item.appendChild(passages);
      list.appendChild(item);
    });
    box.appendChild(list);
    if (data.pages > 1) {
      var nav = el("nav", "pc-pages");
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
  }

  function showStatus(status, data, params) {
    status.textContent = "";
    var text = data.total + " page" + (data.total === 1 ? "" : "s") + " (" + data.passages +
      " passage" + (data.passages === 1 ? "" : "s") + ") for “" + data.query + "”.";
    status.appendChild(el("span", null, text));
    if (data.suggestion) {
      var next = new URLSearchParams(params);
      next.set("q", data.suggestion); next.delete("page");
      var p = el("p", "pc-suggestion", "Did you mean ");
      var a = el("a", null, data.suggestion);
      a.href = pageUrl(next);
      p.appendChild(a);
      p.appendChild(document.createTextNode("?"));
      status.appendChild(p);
    }
  }

  function run(form) {
    var status = document.getElementById("pc-search-status");
    var facets = document.getElementById("pc-search-facets");
    var results = document.getElementById("pc-search-results");
    var staticNote = document.getElementById("pc-search-static");
    var params = new URLSearchParams(window.location.search);
    form.elements.q.value = params.get("q") || "";
    if (!params.get("q")) return;
    status.textContent = "Searching…";
    fetch(apiUrl(params), { headers: { Accept: "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") < 0) throw new Error("no search service");
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          status.textContent = (answer.data.error && answer.data.error.message) || "The search failed.";
          status.classList.add("pc-search-error");
          return;
        }
        showStatus(status, answer.data, params);
        renderFacets(facets, answer.data, params);
        renderResults(results, answer.data, params);
      })
      .catch(function () {
        status.textContent = "";
        staticNote.hidden = false;
      });
  }

  function init() {
    var form = document.getElementById("pc-search");
    if (form) run(form);
  }

  // Material's instant navigation swaps pages without reloading scripts: re-run on each page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
