/* podcourse: the full-text search page (search/). Asks /api/search, served by `podcourse serve`,
   and shows results grouped by page, each with its best passages (linked to #t-N) and facets.
   `highlight` strings come escaped from the server (only <mark> is markup); every other value
   is set with textContent. On a static host without the endpoint the page says so: the header's
   search box (Material's own) still finds titles, show notes, lessons and posts.
   The page's own parameter is `query`, not `q`: Material opens its search overlay over any page
   whose address holds `?q=` (and then deletes it), which would hide these results. */
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

  var QUERY = "query";  // this page's parameter; the endpoint's is q

  function apiUrl(params) {
    var api = new URLSearchParams(params);
    api.delete(QUERY);
    api.set("q", params.get(QUERY));
    return siteRoot() + "api/search?" + api.toString();
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
      next.set(QUERY, data.suggestion); next.delete("page");
      var p = el("p", "pc-suggestion", "Did you mean ");
      var a = el("a", null, data.suggestion);
      a.href = pageUrl(next);
      p.appendChild(a);
      p.appendChild(document.createTextNode("?"));
      status.appendChild(p);
    }
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
    if (!query.trim()) {
      status.textContent = ""; facets.textContent = ""; results.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    fetch(apiUrl(params), { headers: { Accept: "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") < 0) throw new Error("no search service");
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (answer) {
        if (request !== latest) return;
        if (!answer.ok) {
          status.textContent = (answer.data.error && answer.data.error.message) || "The search failed.";
          status.classList.add("pc-search-error");
          facets.textContent = ""; results.textContent = "";
          return;
        }
        showStatus(status, answer.data, params);
        renderFacets(facets, answer.data, params);
        renderResults(results, answer.data, params);
      })
      .catch(function () {
        if (request !== latest) return;
        status.textContent = "";
        staticNote.hidden = false;
        offerMaterialSearch(staticNote, form);
      });
  }

  function go(form, search) {
    // A new search on this page: pushed to history and run here. Material's instant navigation
    // only loads pages whose path changes, so it would change the address and show stale results.
    history.pushState(null, "", window.location.pathname + search);
    run(form);
    window.scrollTo(0, 0);
  }

  function isSamePageLink(link) {
    return link && link.origin === window.location.origin && link.pathname === window.location.pathname &&
      !link.hash && !link.target;
  }

  function bind(form) {
    form.dataset.path = window.location.pathname;
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
        go(form, link.search);
      });
    });
  }

  function init() {
    var form = document.getElementById("pc-search");
    if (!form) return;
    bind(form);
    run(form);
  }

  // Back and forward between searches on this page (a change of path is Material's to handle).
  window.addEventListener("popstate", function () {
    var form = document.getElementById("pc-search");
    if (form && form.dataset.path === window.location.pathname) run(form);
  });

  window.podcourseEveryPage(init);  // podcourse.js: once per page shown, instant navigation too
})();
