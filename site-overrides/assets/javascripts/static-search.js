/* podcourse: the search page's static backend, for a host without `podcourse serve`.

   search.js imports this module at the first query when search/backend.json says "static", so
   the other pages never download it. It answers in the JSON shape of /api/search, from the
   Pagefind index the build writes into pagefind/ (generator/search/static_index.py): one
   Pagefind page per searchable document, each passage opened by a marker <i id="pN"> whose
   word position Pagefind keeps.

   Pagefind finds pages that hold every word of a query. Listeners type questions and phrases
   of their own ("how do I ask my boss for resources"), so this module reads a query as the
   server does (generator/search/engine.py) and uses Pagefind for what it is good at, finding
   the pages and positions of one word:
     - filler words ("how", "do", "I", "my") are dropped, as the server's QUERY_FILLER (the
       build sends the list), unless they are all the query holds; most are not in the index at
       all (static_index.CODED_WORDS: the pages write each as one character, which `wordsAt`
       spells again), so a query of those alone is told to name its subject;
     - each remaining word is searched on its own, and with the trainer's synonyms (weighed
       SYNONYM_WEIGHT beside the word typed), so a page need not hold every word;
     - a word Pagefind finds nowhere is corrected from the words of the index that start as it
       does ("negociation" -> "negotiation"), or failing that from the pages' words of about its
       length ("pshycology"), and the answer says so (`searched`, `corrected`);
     - a word after NOT or a minus leaves out the passages that hold it; a request the server
       refuses is refused in its words (`refusedQuery`);
     - pages are ranked by the words they hold, rarer words counting more (IDF over pages);
       the moments of the pages shown are then scored by BM25 over their passages, from the
       word positions Pagefind returns, and each page ranks by its best moment, episodes first
       (the moments of a screen's worth of pages are read before the results are drawn, the
       others' when the listener scrolls toward them: `later`, `rest()`);
     - a word of a guest's name counts on every passage of their episodes, and a word of a
       speaker's name on the passages they speak (the server's guest and speaker fields), from
       the page's metadata: the index holds what is said, and who speaks only once per page.
   Pagefind's index keeps words as written (the build gives it no stemmer: its English one joins
   objections and objectives), so a word is looked for as the forms the server's stemmer joins
   (`formsOf`); Pagefind matches the beginnings of words and answers a word it does not know
   with pages without a place for it, so a page counts only where it holds one of the forms, and
   a position only when the word there has the query word's stem as the server stems it (`sameWord`).
   `highlight` is escaped HTML where only <mark> is markup. */

const PER_PAGE = 10;  // pages of results per page, as the endpoint's default
const FIRST_READ = 4;  // pages of results whose moments are read before the results are drawn
const PASSAGES = 10;  // matching passages sent per page (its best), as the endpoint's default
const EXCERPT_WORDS = 40;  // words around the first match (the endpoint shows ~240 characters)
const SYNONYM_WEIGHT = 0.8;  // generator/search/synonyms.py OTHER_WORDS_WEIGHT
const K1 = 1.2, B = 0.75;  // BM25, as Whoosh's defaults
const GUEST_WEIGHT = 2.0, SPEAKER_WEIGHT = 1.5;  // generator/search/fields.py FIELD_BOOSTS
const CHECKED = 3;  // a word's best pages read to find its spelling among the index's words
const PASSES = 4;  // rankings of the pages found beyond one per page of results (after reading some)
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
const FIELD = /^[-+]?(guest|speaker|title|topic|heading|text|notes|quotes):/i;  // the server's fields, named in a query
const CLITICS = new Set(["s", "re", "ve", "ll", "d", "m"]);  // generator/search/analysis.py CLITICS

let pagefindLoad = null, tableLoad = null;
const CODE_POINT = 0x2801;  // static_index.CODE_POINT
const coded = new Set();  // the filler words the pages write as one character each (static_index.CODED_WORDS)
const spelled = new Map();  // such a character -> the word as written (capitalised or not)
let codes = /$^/g;  // any of those characters

function pagefind(site) {
  if (!pagefindLoad) {
    const bundle = new URL(site.root + "pagefind/", window.location.href).href;
    // Its script gzipped (static_index.SCRIPT_GZIPPED: 13 KB, not 46). In this thread: the worker
    // would be one more script (41 KB) to fetch for the first query, and the build leaves it out
    // of the bundle (static_index.KEPT). basePath: imported from memory, the script cannot tell
    // where its bundle is.
    pagefindLoad = site.importGzipped(bundle + "pagefind.js")
      .then((module) => module.options({ noWorker: true, basePath: bundle }).then(() => module));
    pagefindLoad.catch(() => { pagefindLoad = null; });  // a later search tries again
  }
  return pagefindLoad;
}

function searchTable(site) {
  // static_index.TABLE_FILE, gzipped: {values: [[facet, value, label]], pages: {page id: [value
  // index]}, filler: [word], coded: [word], synonyms: [[word]], lengths: [length of a WORDS_FILE list]}.
  if (!tableLoad) {
    tableLoad = fetch(site.root + "pagefind/podcourse-search.gz").then((response) => {
      if (!response.ok) throw new Error("no search table");
      return site.gunzippedBody(response);
    }).then((body) => body.json()).then((table) => {
      table.number = {};  // "facet|value" -> index in table.values
      table.values.forEach((entry, i) => { table.number[entry[0] + "|" + entry[1]] = i; });
      table.size = Object.keys(table.pages).length;
      table.filler = new Set(table.filler || []);
      learnCodes(table.coded || []);
      table.lengths = table.lengths ? new Set(table.lengths) : null;  // of the word lists there are (static_index.write_words)
      table.groups = synonymGroups(table.synonyms || []);
      return table;
    });
    tableLoad.catch(() => { tableLoad = null; });
  }
  return tableLoad;
}

// ---- reading the query ------------------------------------------------------------------------

function learnCodes(words) {
  words.forEach((word, place) => {
    coded.add(word);
    spelled.set(String.fromCharCode(CODE_POINT + 2 * place), word);
    spelled.set(String.fromCharCode(CODE_POINT + 2 * place + 1), word.charAt(0).toUpperCase() + word.slice(1));
  });
  if (spelled.size) codes = new RegExp("[" + [...spelled.keys()].join("") + "]", "g");
}

function bareWord(word) {
  // generator/search/analysis.py bare_word: lower case, the possessive or contracted ending gone.
  word = word.toLowerCase().replace(/’/g, "'");
  const cut = word.lastIndexOf("'");
  if (cut < 0) return word;
  const tail = word.slice(cut + 1), head = word.slice(0, cut);
  return CLITICS.has(tail) && head ? head.replace(/'/g, "") : word.replace(/'/g, "");
}

function keyOf(word) {
  // One key for the words the server's analyser makes one term (its stem), to look synonyms up
  // by, as generator/search/synonyms.py does: "silent" finds the group of "silence".
  return stemWord(bareWord(word));
}

function synonymGroups(groups) {
  // key of a single word -> its group's members (words, or phrases of several)
  const byKey = new Map();
  groups.forEach((group) => group.forEach((member) => {
    const words = member.match(WORD) || [];
    if (words.length === 1) byKey.set(keyOf(words[0]), group);
  }));
  return byKey;
}

function queryConcepts(query, table) {
  // The query as the words it searches for: [{word, phrase, alternatives: [{text, words, weight}]}].
  // Pagefind knows no operators: `OR` and `AND` go, `NOT x` and `-x` go with their word (they
  // leave passages out: `excludedWords`), a field's name goes (`guest:kwame` searches "kwame"). A
  // prefix keeps its `*` (`refer*`): it alone is searched by its beginning.
  const parts = queryParts(query);
  const plain = [], phrases = [];
  for (let i = 0; i < parts.length; i += 1) {
    let part = parts[i];
    if (part === "NOT") { i += 1; continue; }
    if (part === "OR" || part === "AND" || /^-./.test(part)) continue;  // -word: `excludedWords`
    part = part.replace(FIELD, "");
    const prefix = part.charAt(0) !== '"' && /\*+$/.test(part);
    const words = part.replace(/\*+$/, "").match(WORD) || [];
    if (part.charAt(0) === '"' && words.length > 1) phrases.push(words);
    else plain.push(...words.map((word, n) => (prefix && n === words.length - 1 ? word + "*" : word)));
  }
  const meaningful = plain.filter((word) => !table.filler.has(bareWord(word)));
  const words = meaningful.length || phrases.length ? meaningful : plain.filter((word) => !coded.has(bareWord(word)));
  const concepts = [], seen = new Set();
  words.forEach((word) => {
    const key = keyOf(word);
    if (seen.has(key)) return;
    seen.add(key);
    concepts.push({ word: word, phrase: false, alternatives: [searchable([word], 1)] });
  });
  phrases.forEach((words) => {
    concepts.push({ word: words.join(" "), phrase: true, alternatives: [searchable(words, 1)] });
  });
  return concepts;
}

function queryParts(query) {
  // A query's "phrases" and the runs of other characters between spaces, in order.
  return query.match(/"[^"]*"?|\S+/g) || [];
}

function excludedWords(query) {
  // The words a query excludes, `NOT word` or `-word` (a field's name goes): the passages that
  // hold one are left out (`leaveOut`), as the server leaves them out; a guest's name is on each
  // passage of their episodes, so "sales NOT Kwame" lists no E204 on either.
  const parts = queryParts(query);
  const words = [];
  parts.forEach((part, i) => {
    const excluded = part === "NOT" ? parts[i + 1] || "" : /^-./.test(part) ? part.slice(1) : "";
    if (excluded.charAt(0) !== '"') words.push(...(excluded.replace(FIELD, "").match(WORD) || []));
  });
  return words.map(bareWord);
}

function searchable(words, weight) {
  // What Pagefind is asked: a word (as its forms: `finder`), a prefix (without its `*`), or a
  // phrase in quotes (its exact search).
  const prefix = words.length === 1 && words[0].endsWith("*");
  const text = words.length > 1 ? '"' + words.join(" ") + '"' : prefix ? words[0].slice(0, -1) : words[0];
  const forms = words.length === 1 && !prefix ? formsOf(bareWord(words[0])) : null;
  const phrase = words.length > 1 ? words.map((word) => (coded.has(bareWord(word)) ? null : formsOf(bareWord(word)))) : null;
  return { text: text, forms: forms, phrase: phrase, words: words.map(bareWord), weight: weight };
}

export function formsOf(word) {
  // The words the server's stemmer makes one with `word` ("negotiation": negotiate, negotiated,
  // negotiating, negotiations, negotiator...), as Pagefind's index holds words as written
  // (static_index.INDEX_LANGUAGE). Spelled from the stem with the endings stemWord undoes, and
  // kept where stemWord gives the stem back, so that no other word slips in.
  const stem = stemWord(word), cut = stem.slice(0, -1);
  const spellings = [  // [beginning, endings]
    [stem, ["", "s", "es", "ed", "ing", "ion", "ions", "or", "ors", "ation", "ations", "y"]],
    [stem + "e", ["", "s", "d"]],  // negotiate(s), negotiated
    [stem + stem.slice(-1), ["ed", "ing"]],  // stopped, stopping
  ];
  if (stem.endsWith("y")) spellings.push([cut + "i", ["es", "ed"]]);  // stories
  if (stem.endsWith("iz")) spellings.push([cut + "s", ["ation", "ations"]]);  // organisation
  if (/[ea]nt$/.test(stem)) spellings.push([cut + "c", ["e", "es", "ed", "ing", "y"]], [cut + "ci", ["es"]]);  // silence(d), urgencies
  const forms = new Set([word]);
  spellings.forEach(([beginning, endings]) => endings.forEach((ending) => {
    if (stemWord(beginning + ending) === stem) forms.add(beginning + ending);
  }));
  return [...forms].sort();
}

function synonymsOf(word, table) {
  // The other members of the word's synonym group, as searched.
  const group = table.groups.get(keyOf(word)) || [];
  return group.map((member) => member.match(WORD) || [])
    .filter((words) => words.length && !(words.length === 1 && keyOf(words[0]) === keyOf(word)))
    .map((words) => searchable(words, SYNONYM_WEIGHT));
}

// ---- finding pages ----------------------------------------------------------------------------

function finder(pf) {
  // find(text, forms): Pagefind's results for `text`, each asked once. Only the pages where the
  // text is at a place in the page's words: Pagefind also answers with pages that hold it in
  // their metadata only, and with every page, each without a place, for a word it does not know
  // ("pause" on the sample). With `forms` (a word's, `formsOf`), only the pages that hold one of
  // them: unquoted, Pagefind matches the words that begin with a form ("dr" drama, "personal"
  // personality), and such pages have no moment to show; quoted, it finds the form alone, but
  // ranks every page alike and places only the first match, so its answer only says which pages
  // to keep. (Counting the others made "15 pages" of four shown, a page 2 that did not exist,
  // and filters that found nothing.) A word's forms mostly share an index chunk, read once.
  // With `phrase` (each word's forms), the pages where its words are in a row (`phrasePlaces`).
  const asked = new Map();
  const ask = (text) => {
    if (!asked.has(text)) asked.set(text, pf.search(text).then((found) => found.results.filter(placed)));
    return asked.get(text);
  };
  const holdingForms = async (forms) => {
    // The quoted searches first: each loads the index chunk its form is in, and Pagefind matches
    // a beginning only in the chunks it has loaded ("sal" would miss "sales", alone in a chunk
    // of its own at 1,000 episodes, and "sales" found 676 pages where "sale" found 1,018).
    const exact = await Promise.all(forms.map((form) => ask('"' + form + '"')));
    const roots = forms.filter((form) => !forms.some((other) => other !== form && form.startsWith(other)));
    const found = await Promise.all(roots.map(ask));
    const holding = new Set(exact.flat().map((result) => result.id));
    return found.flat().filter((result) => holding.has(result.id));  // a page once per root that begins its words
  };
  return async (text, forms, phrase) => {
    if (phrase) return phrasePlaces(holdingForms, phrase);
    return forms ? holdingForms(forms) : ask(text);
  };
}

async function phrasePlaces(holdingForms, phrase) {
  // The pages that say the phrase, found by the places of its words: each word the index holds
  // (`phrase` has its forms; null for a filler word the index leaves out, static_index.CODED_WORDS)
  // is where the first one is plus its distance in the phrase ("fear _ conflict"). Pagefind's own
  // phrase search cannot skip a word, and places only a page's first match. A page's result holds
  // the places where the phrase starts; its data() leaves the phrase's matches to `laterPhrases`,
  // which reads the page's words, filler included, and keeps the places where every word is said.
  const searched = phrase.map((forms, k) => [k, forms]).filter(([, forms]) => forms);
  if (!searched.length) return [];
  const places = (await Promise.all(searched.map(([, forms]) => holdingForms(forms)))).map((results) => {
    const byPage = new Map();  // page id -> {result, at: the places of the word's forms}
    results.forEach((result) => {
      if (!byPage.has(result.id)) byPage.set(result.id, { result: result, at: new Set() });
      (result.words || []).forEach((at) => byPage.get(result.id).at.add(at));
    });
    return byPage;
  });
  const pages = [];
  places[0].forEach(({ result, at }, id) => {
    const starts = [...at].map((place) => place - searched[0][0]).filter((start) => places.every((byPage, i) => {
      const word = byPage.get(id);
      return word && word.at.has(start + searched[i][0]);
    }));
    if (!starts.length) return;
    const data = async () => ({ ...(await result.data()), weighted_locations: [] });
    pages.push({ id: id, score: starts.length, words: starts, data: data });
  });
  return pages;
}

function placed(result) {
  return !Array.isArray(result.words) || result.words.length > 0;
}

function sameWord(word, searched) {
  // Whether Pagefind's match `word` (a word of the page, punctuation and markup and all:
  // "<b>xylophone</b>", "follow-up") holds the searched word or a form of it: a run of its
  // letters with the searched word's stem, as the server's analyser stems them (`stemWord`), so
  // "negotiating" is "negotiation" while "objectives" is not "objections", nor "drama" "Dr.".
  // Pagefind's own matching is looser (its stemmer joins objections and objectives, and it
  // matches a word's beginning), so this decides which of its positions count.
  const runs = (word || "").match(WORD) || [];
  if (searched.endsWith("*")) return runs.some((run) => bareWord(run).startsWith(searched.slice(0, -1)));
  const stem = stemWord(searched);
  return runs.some((run) => stemWord(bareWord(run)) === stem || codeNumber(bareWord(run)) === searched);
}

function codeNumber(word) {
  // generator/search/analysis.py code_number: "e204" -> "204", as the server indexes an episode's code.
  const code = /^[a-z]{1,2}(\d{1,5})$/.exec(word);
  return code ? code[1] : null;
}

// generator/search/analysis.py stem_word, line for line: inflection undone, a few derivations
// whose meaning does not move joined (negotiation -> negotiate, silence -> silent, pushy -> push).
const DERIVATIONS = [
  [/^(\p{L}{3,})i[sz]ation$/u, "$1ize"],
  [/^(\p{L}{4,})at(?:ion|or)$/u, "$1ate"],
  [/^(\p{L}{3,})([ea])nc[ey]$/u, "$1$2nt"],
  [/^(\p{L}+(?:sh|ch|ck|ss))y$/u, "$1"],
];
const stems = new Map();

export function stemWord(word) {
  if (word.length <= 3 || !/^\p{L}+$/u.test(word)) return word;
  if (stems.has(word)) return stems.get(word);
  let stem = withoutInflection(word);
  for (const [pattern, replacement] of DERIVATIONS) {
    if (pattern.test(stem)) { stem = stem.replace(pattern, replacement); break; }
  }
  if (stem.length >= 4 && stem.endsWith("e")) stem = stem.slice(0, -1);
  if (stem.endsWith("enc") || stem.endsWith("anc")) stem = stem.slice(0, -1) + "t";
  stems.set(word, stem);
  return stem;
}

function withoutInflection(word) {
  if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3) + "y";
  if (/(sses|shes|ches|xes|zzes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  for (const ending of ["ing", "ed"]) {
    let stem = word.slice(0, -ending.length);
    if (word.endsWith(ending) && !word.endsWith("eed") && stem.length >= 3 && /[aeiouy]/.test(stem)) {
      if (stem.length >= 4 && stem.at(-1) === stem.at(-2) && !"lsz".includes(stem.at(-1))) stem = stem.slice(0, -1);
      return stem;
    }
  }
  return word;
}

const wordsOf = new WeakMap();  // a page's data -> its words

function wordsAt(data) {
  // The page's words, one per place Pagefind counts, each filler word the pages write as its
  // character (static_index.coded) spelled again.
  if (!wordsOf.has(data)) {
    wordsOf.set(data, data.content.replace(codes, (code) => spelled.get(code)).split(/\s+/));
  }
  return wordsOf.get(data);
}

async function matchedWords(results) {
  // The words of the index at the match positions of the CHECKED results with the most matches
  // (Pagefind ranks a page saying "refer" above one saying "referral" ten times for "refer",
  // and "referal" is a slip for the second).
  const words = [];
  const richest = [...results].sort((x, y) => (y.words || []).length - (x.words || []).length);
  for (const result of richest.slice(0, CHECKED)) {
    const data = await result.data();
    const content = wordsAt(data);
    data.locations.forEach((location) => { if (content[location]) words.push(content[location]); });
  }
  return words;
}

const wordLists = new Map();  // length -> a promise of the words of that length (static_index.WORDS_FILE)

function wordsOfLength(site, length) {
  if (!wordLists.has(length)) {
    const list = fetch(site.root + "pagefind/podcourse-words-" + length + ".gz")
      .then((response) => (response.ok ? site.gunzippedBody(response).then((body) => body.text()) : ""))
      .then((text) => (text ? text.split("\n") : []));
    list.catch(() => wordLists.delete(length));  // asked again at the next search
    wordLists.set(length, list);
  }
  return wordLists.get(length);
}

async function closestWord(site, table, typed, allowed) {
  // The word of the pages closest in spelling to `typed`, at most `allowed` letters off, the one
  // on most pages among the closest: for a slip in the first letters ("pshycology"), which the
  // word's beginnings cannot find. Reads the lists of the lengths it could have (a few KB each).
  let best = null, distance = allowed + 1;
  for (let off = 0; off <= allowed; off += 1) {
    for (const length of new Set([typed.length - off, typed.length + off])) {
      if (length < 3 || (table.lengths && !table.lengths.has(length))) continue;  // no list, no request
      (await wordsOfLength(site, length)).forEach((candidate) => {
        const d = editDistance(typed, candidate);
        if (d > 1 && candidate[0] !== typed[0]) return;  // as the server's _closest_word: "ghosted" is not "posted"
        if (d > 0 && d < distance) { best = candidate; distance = d; }
      });
    }
  }
  return best;
}

async function correction(find, word, reach, site, table) {
  // The word of the index closest in spelling to `word`, among those that start as it does
  // (its first letters, fewer and fewer down to three), at most `reach` letters off (one for
  // a word of five letters or fewer); null when none is close enough. Only words that begin
  // with the letters searched count: Pagefind answers letters no word begins with by dropping
  // some ("refera" finds "refer"), and "referal" is a slip for "referral", a shorter search
  // away. A word two letters off is kept while a shorter beginning may find one a letter off
  // ("mindest": "minded", then "mindset"). None found so: the lists of words by length.
  const typed = bareWord(word);
  if (typed.length < 4 || /[\d*]/.test(typed)) return null;  // no numbers, no prefixes
  const allowed = typed.length <= 5 ? 1 : reach;
  let best = null, distance = allowed + 1;
  for (let size = typed.length - 1; size >= 3 && distance > 1; size -= 1) {
    const beginning = typed.slice(0, size);
    const results = await find(beginning);
    if (!results.length) continue;
    (await matchedWords(results)).flatMap((found) => found.match(WORD) || []).forEach((run) => {
      const candidate = bareWord(run);
      if (!candidate.startsWith(beginning)) return;
      const d = editDistance(typed, candidate);
      if (d < distance && d > 0) { best = candidate; distance = d; }
    });
  }
  return best || closestWord(site, table, typed, allowed);
}

function editDistance(a, b) {
  // Damerau-Levenshtein (optimal string alignment): a swap of two letters costs one.
  const d = [];
  for (let i = 0; i <= a.length; i += 1) d.push([i]);
  for (let j = 1; j <= b.length; j += 1) d[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

async function foundWords(find, concepts) {
  // Each alternative's Pagefind results, searched in parallel (those not searched yet).
  await Promise.all(concepts.flatMap((concept) => concept.alternatives.map(async (alternative) => {
    if (!alternative.results) alternative.results = await find(alternative.text, alternative.forms, alternative.phrase);
  })));
}

async function correct(find, concepts, exact, table, site) {
  // The words found nowhere, searched as the closest word the index holds (unless `exact`:
  // then the correction is only offered). Returns the query's words as corrected, or null.
  // As the server (engine._reach): beside a phrase or a word the index holds, only one letter
  // may be off; "dreading Monday morning" finds moments, and Monday is no slip for "money".
  // A word of the trainer's synonyms is no misspelling: "remorse" means regret, not "reverse".
  const found = (concept) => concept.phrase || concept.alternatives[0].results.length > 0
    || table.groups.has(keyOf(concept.word));
  const reach = concepts.some(found) ? 1 : 2;
  let changed = false;
  for (const concept of concepts) {
    if (found(concept) || concept.corrected) continue;
    concept.corrected = true;  // tried once
    const better = await correction(find, concept.word, reach, site, table);
    if (!better) continue;
    changed = true;
    concept.correction = better;
    if (!exact) concept.alternatives = [searchable([better], 1)];
  }
  if (changed) await foundWords(find, concepts);
  return changed;
}

async function addSynonyms(find, concepts, table) {
  // A word found on fewer pages than a page of results is also looked for as its synonyms.
  // Not every word: on a static host each synonym costs an index chunk (25-70 KB at 1,000
  // episodes), and a word found widely needs no help to fill a page.
  concepts.forEach((concept) => {
    if (concept.phrase || concept.expanded || new Set(concept.alternatives[0].results.map((r) => r.id)).size >= PER_PAGE) return;
    concept.expanded = true;
    concept.alternatives.push(...synonymsOf(concept.correction || concept.word, table));
  });
  await foundWords(find, concepts);
}

function strays(concepts, shown) {
  // Words Pagefind matched on the pages shown without any of them holding the word as the
  // server reads it: Pagefind's stemmer joins words the server's keeps apart ("objections"
  // finds a page saying only "objectives"). Treated as not found on those pages.
  return concepts.filter((concept, c) => !concept.phrase
    && shown.some((scored) => scored.page.hits.some((hit) => hit[0] === c))
    && !shown.some((scored) => scored.matching.some((hit) => hit.frequency.has(c) || hit.named.has(c))));
}

function rarity(pagesWithIt, size) {
  // BM25's IDF over pages: a word on few pages tells more of what is meant.
  return Math.log(1 + (size - pagesWithIt + 0.5) / (pagesWithIt + 0.5));
}

function rankPages(concepts, table) {
  // Pages by the words they hold: for each word, its rarity times how well Pagefind ranked the
  // page for it (or a synonym, weighed less). Returns [{id, score, hits: [[concept, alternative, result]]}].
  const pages = new Map();
  concepts.forEach((concept, c) => {
    const best = new Map();  // page id -> this concept's best share
    concept.alternatives.forEach((alternative, a) => {
      const top = Math.max(0, ...alternative.results.map((r) => r.score)) || 1;
      alternative.results.forEach((result) => {
        const share = alternative.weight * (0.5 + 0.5 * result.score / top);
        best.set(result.id, Math.max(best.get(result.id) || 0, share));
        if (!pages.has(result.id)) pages.set(result.id, { id: result.id, score: 0, hits: [] });
        pages.get(result.id).hits.push([c, a, result]);
      });
    });
    concept.rarity = rarity(best.size, table.size);
    best.forEach((share, id) => { pages.get(id).score += concept.rarity * share; });
  });
  return [...pages.values()];
}

// ---- the moments of a page --------------------------------------------------------------------

async function scoredPage(page, concepts, excluded) {
  // The page's data, and its passages scored by BM25 over the positions of the query's words,
  // and by the names of the page's guests and of who speaks each passage (as the server's guest
  // and speaker fields: "Kwame Christian" finds the turns he speaks, which need not say his name).
  // One result's data() at a time: Pagefind hands every result of a page the same object.
  let data = null;
  const located = [];  // [concept, weight, location, searched words]
  for (const [c, a, result] of page.hits) {
    data = await result.data();
    const alternative = concepts[c].alternatives[a];
    (data.weighted_locations || []).forEach((match) => {
      located.push([c, alternative.weight * (match.weight || 1) / alternative.words.length, match.location, alternative.words]);
    });
  }
  const summary = JSON.parse(data.meta.d);
  const content = wordsAt(data);
  located.push(...laterPhrases(page.hits, concepts, content, located));
  const starts = (data.anchors || [])
    .filter((anchor) => /^p\d+$/.test(anchor.id))
    .map((anchor) => ({ number: Number(anchor.id.slice(1)), location: anchor.location, parts: [] }))
    .sort((x, y) => x.location - y.location);
  const byNumber = new Map(starts.map((start) => [start.number, start]));
  (data.anchors || []).forEach((anchor) => {  // `<i id="pNsK">`: part K of passage N (static_index._cut)
    const part = /^p(\d+)s(\d+)$/.exec(anchor.id);
    if (part && byNumber.has(Number(part[1]))) byNumber.get(Number(part[1])).parts.push([Number(part[2]), anchor.location]);
  });
  const hits = new Map();
  const hitAt = (at) => {
    if (!hits.has(at)) hits.set(at, { index: at, frequency: new Map(), named: new Map(), locations: [] });
    return hits.get(at);
  };
  located.forEach(([c, weight, location, words]) => {
    if (!words.some((word) => sameWord(content[location], word))) return;
    const at = passageAt(starts, location);
    if (at < 0) return;
    const hit = hitAt(at);
    hit.frequency.set(c, (hit.frequency.get(c) || 0) + weight);
    hit.locations.push(location);
  });
  nameWeights(summary, starts, concepts).forEach((weights, at) => {
    const hit = hitAt(at);
    weights.forEach((weight, c) => { hit.named.set(c, weight); });
  });
  leaveOut(hits, excluded, summary, starts, content);
  const length = (i) => (i + 1 < starts.length ? starts[i + 1].location : content.length) - starts[i].location;
  const average = starts.length ? content.length / starts.length : 1;
  hits.forEach((hit) => {
    const norm = K1 * (1 - B + B * length(hit.index) / average);
    hit.score = 0;
    hit.frequency.forEach((tf, c) => { hit.score += concepts[c].rarity * tf * (K1 + 1) / (tf + norm); });
    // A name is a field of its own, a few words long: saturated, not scaled by the passage's length.
    hit.named.forEach((tf, c) => { hit.score += concepts[c].rarity * tf * (K1 + 1) / (tf + K1); });
  });
  const matching = [...hits.values()].sort((x, y) => y.score - x.score || x.index - y.index);
  return { page: page, summary: summary, data: data, content: content, starts: starts, matching: matching,
           score: matching.length ? matching[0].score : 0 };
}

function laterPhrases(hits, concepts, content, located) {
  // The places of a phrase Pagefind left out: it places only a page's first match of a phrase
  // ("make a request" is said six times in E227), so the page's words are read for the others,
  // each word of the phrase in any of its forms (`sameWord`).
  const more = [], done = new Set();
  hits.forEach(([c, a]) => {
    const alternative = concepts[c].alternatives[a];
    if (!alternative.phrase || done.has(c + "/" + a)) return;
    done.add(c + "/" + a);
    const words = alternative.words, known = new Set(located.filter((l) => l[0] === c).map((l) => l[2]));
    for (let i = 0; i + words.length <= content.length; i += 1) {
      if (known.has(i) || !words.every((word, k) => sameWord(content[i + k], word))) continue;
      words.forEach((_, k) => more.push([c, alternative.weight / words.length, i + k, words]));
    }
  });
  return more;
}

function leaveOut(hits, excluded, summary, starts, content) {
  // The passages a NOT or -word leaves out, as the server's engine does: those that say a form
  // of it, those its speaker speaks, and every passage of a page whose guest it names (the
  // guest field is on each). A page left with no moment is not shown, nor counted once read.
  if (!excluded.length) return;
  if (excluded.some((word) => nameHolds(summary.guests, [word]))) return hits.clear();
  content.forEach((word, location) => {
    if (excluded.some((banned) => sameWord(word, banned))) hits.delete(passageAt(starts, location));
  });
  starts.forEach((start, at) => {
    const about = (summary.p || [])[start.number];
    if (about && excluded.some((word) => nameHolds(about[2], [word]))) hits.delete(at);
  });
}

function nameHolds(names, words) {
  // Whether one of the names holds the words, one after another ("jason cutter", "cutter").
  return (names || []).some((name) => {
    const parts = (name.match(WORD) || []).map(bareWord);
    return parts.some((_, i) => words.every((word, k) => parts[i + k] === word));
  });
}

function nameWeights(summary, starts, concepts) {
  // passage index (in `starts`) -> concept -> weight, for the query's words (or phrase) that are
  // in the name of one of the page's guests (every passage: the server's guest field is on each)
  // or of who speaks the passage: "cutter" and "jason cutter" find every turn the host speaks.
  const named = new Map();
  concepts.forEach((concept, c) => {
    const words = concept.phrase ? concept.alternatives[0].words : [bareWord(concept.correction || concept.word)];
    const guest = nameHolds(summary.guests, words);
    starts.forEach((start, at) => {
      const about = (summary.p || [])[start.number];
      const weight = (guest ? GUEST_WEIGHT : 0) + (about && nameHolds(about[2], words) ? SPEAKER_WEIGHT : 0);
      if (!weight) return;
      if (!named.has(at)) named.set(at, new Map());
      named.get(at).set(c, weight);
    });
  });
  return named;
}

function passageAt(starts, location) {
  let low = 0, high = starts.length - 1, found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (starts[middle].location <= location) { found = middle; low = middle + 1; } else high = middle - 1;
  }
  return found;
}

function group(scored, terms, sent) {
  // A result group in /api/search's shape; the page's summary and passages come from its metadata `d`.
  const page = scored.summary, starts = scored.starts, words = scored.content;
  const passages = scored.matching.slice(0, sent).map((hit) => {
    const start = starts[hit.index];
    const end = hit.index + 1 < starts.length ? starts[hit.index + 1].location : words.length;
    const about = page.p[start.number] || ["", page.title, []];
    const [anchor, time] = partAt(page, start, hit.locations, about);
    return {
      anchor: anchor,
      url: page.url + (anchor ? "#" + anchor : ""),
      heading: about[1],
      speakers: about[2],
      highlight: excerpt(words, start.location, end, hit.locations, terms),
      score: Math.round(hit.score * 1e6) / 1e6,
      start: time,  // seconds into the recording, where the passage is timed
    };
  });
  return {
    id: page.id, type: page.type, title: page.title, url: page.url, date: page.date,
    guests: page.guests, topics: page.topics, module: page.module,
    score: Math.round(scored.score * 1e6) / 1e6, matches: scored.matching.length, passages: passages,
    audio: Boolean(page.audio),
  };
}

function partAt(page, start, locations, about) {
  // [anchor, start] of the part of a joined passage its excerpt opens in (its first match), as
  // the server's engine._part_at: a match in the second paragraph links to that paragraph, not
  // to the short one before it. A part without a time is heard in the one before.
  let anchor = about[0], time = about.length > 3 ? about[3] : null;
  if (!locations.length) return [anchor, time];
  const first = Math.min(...locations), parts = (page.parts || {})[start.number] || [];
  [...start.parts].sort((x, y) => x[1] - y[1]).forEach(([k, location]) => {
    if (location > first || !parts[k - 1]) return;
    anchor = parts[k - 1][0];
    if (parts[k - 1][1] !== null) time = parts[k - 1][1];
  });
  return [anchor, time];
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function markedWord(word, terms) {
  // A matched word, escaped, with <mark> around the letters a query term matched: Pagefind
  // matches the parts of "follow-up" or "<b>xylophone</b>", so a run of letters is marked when
  // it is a form of a term (`sameWord`); failing that, all of the word's letters are.
  const pieces = word.split(/([\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*)/u);  // odd indexes: runs of letters
  const matches = (run) => terms.some((term) => sameWord(run, term));
  const some = pieces.some((piece, i) => i % 2 === 1 && matches(piece));
  return pieces.map((piece, i) => (i % 2 === 1 && (!some || matches(piece)) ? "<mark>" + escapeHtml(piece) + "</mark>" : escapeHtml(piece))).join("");
}

function excerpt(words, start, end, locations, terms) {
  // Escaped words around the passage's first match; the matched words' letters in <mark>.
  const marked = new Set(locations);
  const first = locations.length ? Math.min(...locations) : start;  // a passage found by its speaker's name only
  let from = Math.max(start, first - Math.floor(EXCERPT_WORDS / 3));
  const to = Math.min(end, from + EXCERPT_WORDS);
  from = Math.max(start, to - EXCERPT_WORDS);
  const parts = [];
  for (let i = from; i < to; i += 1) {
    if (words[i]) parts.push(marked.has(i) ? markedWord(words[i], terms) : escapeHtml(words[i]));
  }
  return (from > start ? "… " : "") + parts.join(" ") + (to < end ? " …" : "");
}

function facetCounts(pagesValues, table, names) {
  // Pages of the result per facet value: what a filter on that value would leave.
  const counts = {};
  pagesValues.forEach((values) => values.forEach((n) => { counts[n] = (counts[n] || 0) + 1; }));
  const facets = {};
  names.forEach((name) => { facets[name] = []; });
  Object.keys(counts).forEach((n) => {
    const entry = table.values[n];
    if (facets[entry[0]]) facets[entry[0]].push({ value: entry[1], label: entry[2], count: counts[n] });
  });
  names.forEach((name) => {
    facets[name].sort((a, b) => b.count - a.count || a.label.toLowerCase().localeCompare(b.label.toLowerCase()));
  });
  return facets;
}

// ---- the search -------------------------------------------------------------------------------

// ---- checking a request as the server does (generator/search/request.py) -----------------------

const MAX_QUERY_CHARS = 200;
const QUERY_FIELDS = ["title", "heading", "quotes", "notes", "text", "guest", "speaker", "topic", "type", "module", "year"];
const DOCUMENT_TYPES = ["episode", "lesson", "quiz", "post"];

function refusedQuery(query) {
  // Why the server would refuse the query (check_query), or null: both hosts refuse the same.
  if (query.length > MAX_QUERY_CHARS) return "the query is " + query.length + " characters long; the limit is " + MAX_QUERY_CHARS;
  if ((query.match(/"/g) || []).length % 2) return 'unbalanced quotes: a "phrase" needs a closing quote';
  const outside = query.split('"').filter((_, i) => i % 2 === 0);
  let depth = 0;
  for (const char of outside.join(" ")) {
    depth += char === "(" ? 1 : char === ")" ? -1 : 0;
    if (depth < 0) return "unbalanced parentheses: ')' without '('";
  }
  if (depth) return "unbalanced parentheses: '(' without ')'";
  for (const part of outside) {
    for (const match of part.matchAll(/(?<![\w:])[-+]?(\p{L}+):(?=[^\s\/])/gu)) {  // request.py _FIELD_NAME
      if (QUERY_FIELDS.indexOf(match[1].toLowerCase()) < 0) return "unknown field '" + match[1] + ":'; use one of " + QUERY_FIELDS.join(", ");
    }
    if (/(?:^|[\s("])\S?\*|\*\w/.test(part)) return "a prefix search needs two or more letters before a final * (refer*)";
  }
  return null;
}

function filterValue(name, value) {
  // A filter's value as the server reads it (check_filter): a guest or module by name or slug,
  // a topic whatever its case or number ("Referrals" is referral).
  if (value.length > 100) return { refused: "is too long" };
  if (name === "type") return DOCUMENT_TYPES.indexOf(value) >= 0 ? value : { refused: "unknown type '" + value + "'; use one of " + DOCUMENT_TYPES.join(", ") };
  if (name === "year") return /^\d{4}$/.test(value) ? value : { refused: "must be a four-digit year, got '" + value + "'" };
  return name === "topic" ? topicKey(value) : slugify(value);
}

function slugify(text) {
  // generator/model.py slugify: "Dr. Wayne Baker" -> "dr-wayne-baker".
  const ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  return ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "untitled";
}

function topicKey(topic) {
  // generator/search/fields.py topic_key: each word of the slug singular.
  return slugify(topic).split("-").filter(Boolean).map((word) => {
    if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3) + "y";
    return word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word) ? word.slice(0, -1) : word;
  }).join("-");
}

function asTyped(word, typed) {
  // The correction with the typed word's capital: "Kozodoi" -> "Kozodoy", not "kozodoy".
  return typed.charAt(0) !== typed.charAt(0).toLowerCase() ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

function searchedText(query, concepts) {
  // The query as searched: each corrected word replaced by its correction.
  let text = query;
  concepts.forEach((concept) => {
    if (concept.correction) text = text.replace(concept.word, asTyped(concept.correction, concept.word));
  });
  return text;
}

/* search(params, site): params {query, page?, passages?, exact?, type?, guest?, ...} as strings;
   site {root, facets: facet names, refusal(parameter, message), gunzippedBody, importGzipped (podcourse.js's:
   this module imports nothing, so that it runs from memory as the build gzipped it)}. Resolves to
   /api/search's shape. */
export async function search(params, site) {
  const query = (params.query || "").replace(/[\x00-\x1f\x7f]/g, " ").trim();
  if (!query) return site.refusal("q", "the query is empty; type a word or a \"phrase\"");
  const refused = refusedQuery(query);
  if (refused) return site.refusal("q", refused);
  const number = params.page ? Number(params.page) : 1;
  if (!/^\d{1,6}$/.test((params.page || "1").trim())) {  // as the server's check_page
    return site.refusal("page", "must be a whole number from 1, got '" + params.page + "'");
  }
  if (number < 1) return site.refusal("page", "must be 1 or more");
  const [pf, table] = await Promise.all([pagefind(site), searchTable(site)]);
  const required = [], chosen = {};
  for (const name of site.facets) {
    if (!params[name]) continue;
    const value = filterValue(name, params[name]);
    if (value.refused) return site.refusal(name, value.refused);
    if (!(name + "|" + value in table.number)) return site.refusal(name, "no " + name + " '" + value + "' in the index");
    required.push(table.number[name + "|" + value]);
    chosen[name] = value;
  }
  const exact = /^(1|true|yes)$/i.test(params.exact || "");
  const find = finder(pf), concepts = queryConcepts(query, table);
  if (!concepts.length && excludedWords(query).length) {  // as the server (engine._looks_for_something)
    return site.refusal("q", "the query only leaves words out (NOT word, -word): add a word to look for");
  }
  const typed = query.match(WORD) || [];
  if (!concepts.length && typed.length && typed.every((word) => coded.has(bareWord(word)))) {
    // The index leaves these out (static_index.CODED_WORDS); the server would find them anywhere.
    return site.refusal("q", "the words \u201c" + query + "\u201d are too common to search for on their own: add the subject you are looking for");
  }
  const valuesOf = (page) => table.pages[page.id] || [];
  const episode = table.number["type|episode"];
  const isEpisode = (page) => valuesOf(page).indexOf(episode) >= 0;
  const sent = Math.min(100, Math.max(1, Number(params.passages) || PASSAGES));
  await foundWords(find, concepts);
  const excluded = excludedWords(query);
  let corrected = false, kept = [], shown = [], shownFor = 0;
  const slice = (n) => kept.slice((n - 1) * PER_PAGE, n * PER_PAGE);
  const onThisPage = () => slice(number);
  const read = (pages) => Promise.all(pages.slice(0, FIRST_READ).map((page) => scoredPage(page, concepts, excluded)));
  // Pages read that hold no moment to show are left uncounted, and the others move up: Pagefind
  // also indexes the parts of a word ("100" of "E100", "don" of "don't"), which the server's
  // words are not, and a NOT may leave a page no moment. Each page of results up to the one
  // asked is read in turn, as the listener came through them, so that page 2 does not show again
  // what moved up onto page 1 (its pages' texts are already loaded when the listener came so).
  const unshowable = new Set();
  for (let current = 1, pass = 0; current <= number && pass < number + PASSES; pass += 1) {
    corrected = (await correct(find, concepts, exact, table, site)) || corrected;
    await addSynonyms(find, concepts, table);
    kept = rankPages(concepts, table)
      .filter((page) => required.every((n) => valuesOf(page).indexOf(n) >= 0) && !unshowable.has(page.id))
      .sort((x, y) => isEpisode(y) - isEpisode(x) || y.score - x.score);
    if (current > Math.max(1, Math.ceil(kept.length / PER_PAGE))) break;
    shown = await read(slice(current));
    shownFor = current;
    const stray = strays(concepts, shown), empty = shown.filter((one) => !one.matching.length);
    stray.forEach((concept) => {
      concept.alternatives.forEach((alternative) => { alternative.results = []; });
      concept.corrected = true;  // a word of the index (its quoted search found it): no misspelling to correct
    });
    if (!stray.length) empty.forEach((one) => unshowable.add(one.page.id));
    if (!stray.length && !empty.length) current += 1;  // else this page of results again, ranked anew
  }
  const pages = Math.max(1, Math.ceil(kept.length / PER_PAGE));
  if (number > pages) return site.refusal("page", "page " + number + " is past the last page of results (" + pages + ")");
  if (shownFor !== number) shown = await read(onThisPage());  // the passes ran out on an earlier page
  const terms = [...new Set(concepts.flatMap((concept) => concept.alternatives.flatMap((a) => a.words)))];
  const groupsOf = (scored) => scored.filter((one) => one.matching.length)
    .sort((x, y) => isEpisode(y.page) - isEpisode(x.page) || y.score - x.score)
    .map((one) => group(one, terms, sent));
  const later = onThisPage().slice(FIRST_READ);
  const searched = corrected ? searchedText(query, concepts) : query;
  const answer = {
    query: query,
    filters: chosen,
    total: kept.length,
    passages: null,  // the passages of pages not shown are not read: unknown here
    page: number,
    pages: pages,
    per_page: PER_PAGE,
    groups: groupsOf(shown),
    facets: facetCounts(kept.map(valuesOf), table, site.facets),
    suggestion: exact && corrected ? searched : null,
    searched: exact ? query : searched,
    corrected: corrected && !exact,
    later: later.length,  // pages of this page of results that `rest()` reads
  };
  // The rest of this page of results. Each page's moments are a download of their own (the
  // page's whole text, 5-20 KB compressed), so only the first FIRST_READ pages are read before
  // the results are drawn, a screen's worth; `rest()` (not part of the JSON) reads the others,
  // ordered among themselves, when the listener scrolls toward them (search.js). A group drawn
  // never moves: the pages come in Pagefind's order, and the first few hold the best moments.
  let reading = null;
  Object.defineProperty(answer, "rest", {
    value: () => reading || (reading = Promise.all(later.map((page) => scoredPage(page, concepts, excluded))).then(groupsOf)),
  });
  return answer;
}
