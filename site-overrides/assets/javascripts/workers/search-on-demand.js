/* Material's search worker, started when it is first needed (issue 18). Material starts its worker
   on every page; partials/on-demand.html names this one instead, with Material's in `?worker=`.
   The first message (Material's setup, sent once the index has arrived, after the header's search
   box was first used) loads Material's worker, beside this file, which resolves its own files
   (../lunr/...) from here, and hands the message on; from then on Material's worker answers. */
addEventListener("message", function first(event) {
  removeEventListener("message", first);
  var name = new URL(location.href).searchParams.get("worker") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) throw new Error("search-on-demand.js: no search worker named");
  importScripts(name);
  dispatchEvent(new MessageEvent("message", { data: event.data }));
});
