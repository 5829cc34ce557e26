/* credcat catalog search: full text, facets with counts, sorting, state in the URL.
 * Progressive enhancement: without this script the catalog page lists every credential and
 * the browse pages filter by facet. No inline script, no third party, no innerHTML. */
(function () {
  "use strict";

  var root = document.getElementById("catalog-search");
  if (!root || !window.fetch || !window.URLSearchParams) return;

  var BASE = root.getAttribute("data-base");
  var DATA = BASE + "search/";
  var PAGE = 10;
  var STOP = new Set(("a an and are as at be by for from in into is it of on or the to with " +
    "dan di ke yang untuk dari dengan pada ini itu atau").split(" "));
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var sortSelect = document.getElementById("sort");
  var retiredBox = document.getElementById("include-retired");
  var facetsBox = document.getElementById("facets");
  var status = document.getElementById("result-count");
  var list = document.getElementById("results");
  var more = document.getElementById("more");
  var clear = document.getElementById("clear-search");
  var listing = document.getElementById("listing");

  var meta = null;
  var columns = {};          // facet key -> array (per credential) of value indexes
  var sortData = null;       // promise of {hours: [...], date: [...]}, fetched to sort by them
  var shards = new Map();    // shard name -> promise of {term: [doc, score, ...]}
  var records = new Map();   // record file number -> promise of array
  var shown = 0;
  var current = [];          // result doc numbers in display order
  var run = 0;               // increases with every search, so stale answers are dropped

  function getJSON(path) {
    if (location.protocol === "file:") return viaScript(path);
    return fetch(DATA + path, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
  }

  // A page opened from file:// may not fetch(), but may load same-folder scripts: every
  // search file has a twin, <file>.js, that hands its data to credcatSearchData.
  var waiting = new Map();
  window.credcatSearchData = function (path, data) {
    var resolve = waiting.get(path);
    waiting.delete(path);
    if (resolve) resolve(data);
  };
  function viaScript(path) {
    return new Promise(function (resolve, reject) {
      waiting.set(path, resolve);
      var script = document.createElement("script");
      script.src = DATA + path + ".js";
      script.onload = function () { script.remove(); };
      script.onerror = function () { waiting.delete(path); script.remove(); reject(new Error(path)); };
      document.head.appendChild(script);
    });
  }

  function normalize(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function tokens(text) {
    var words = normalize(text).match(/[\p{L}\p{N}]+/gu) || [];
    return words.filter(function (w) { return Array.from(w).length > 1 && !STOP.has(w); });
  }

  function shardName(term) {
    var bytes = new TextEncoder().encode(Array.from(term).slice(0, 2).join(""));
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function shard(term) {
    var name = shardName(term);
    if (!shards.has(name)) {
      shards.set(name, getJSON("terms/" + name + ".json").catch(function () { return {}; }));
    }
    return shards.get(name);
  }

  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (b.length > a.length) j++;
      else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }

  /* Scores (doc -> score) for one query word: exact, prefix (as you type) and one typo. */
  function scoresFor(word) {
    return shard(word).then(function (terms) {
      var scores = new Map();
      Object.keys(terms).forEach(function (term) {
        var factor = 0;
        if (term === word) factor = 1;
        else if (term.startsWith(word)) factor = 0.8;
        else if (word.length >= 4 && oneEdit(term, word)) factor = 0.5;
        if (!factor) return;
        var postings = terms[term];
        for (var k = 0; k < postings.length; k += 2) {
          var s = postings[k + 1] * factor;
          if (s > (scores.get(postings[k]) || 0)) scores.set(postings[k], s);
        }
      });
      return scores;
    });
  }

  function textScores(query) {
    var words = tokens(query);
    if (!words.length) return Promise.resolve(null);
    return Promise.all(words.map(scoresFor)).then(function (perWord) {
      var total = new Map(perWord[0]);
      perWord.slice(1).forEach(function (scores) {
        total.forEach(function (value, doc) {
          if (scores.has(doc)) total.set(doc, value + scores.get(doc));
          else total.delete(doc);
        });
      });
      return total;
    });
  }

  function decode(facet, column) {
    var width = facet.width;
    var cells = [];
    if (facet.multi) {
      cells = column.split(",");
    } else {
      for (var i = 0; i < column.length; i += width) cells.push(column.substr(i, width));
    }
    return cells.map(function (cell) {
      var values = [];
      if (cell[0] === "-") return values;
      for (var i = 0; i < cell.length; i += width) values.push(parseCode(cell.substr(i, width)));
      return values;
    });
  }

  var ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  function parseCode(code) {
    var n = 0;
    for (var i = 0; i < code.length; i++) n = n * 62 + ALPHABET.indexOf(code[i]);
    return n;
  }

  function allFacets() {
    return meta.facets.map(function (f) {
      return { key: f.key, label: f.label, values: f.values, of: function (doc) { return columns[f.key][doc]; } };
    });
  }

  function loadSortData() {
    if (!sortData) {
      sortData = getJSON("sort.json").then(function (data) {
        return { hours: data.hours, date: data.date.split(",") };
      });
    }
    return sortData;
  }

  /* ---------- state <-> URL ---------- */

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = { q: params.get("q") || "", sort: params.get("sort") || "", retired: params.get("retired") === "1", filters: {} };
    allFacets().forEach(function (f) {
      var v = params.get(f.key);
      if (v) state.filters[f.key] = v.split(",").filter(Boolean);
    });
    return state;
  }

  function writeState(state, push) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    allFacets().forEach(function (f) {
      if (state.filters[f.key] && state.filters[f.key].length) params.set(f.key, state.filters[f.key].join(","));
    });
    if (state.sort) params.set("sort", state.sort);
    if (state.retired) params.set("retired", "1");
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "");
    if (url === location.pathname + location.search) return;
    (push ? history.pushState : history.replaceState).call(history, null, "", url);
  }

  function stateFromControls() {
    var state = { q: input.value.trim(), sort: sortSelect.value === "default" ? "" : sortSelect.value, retired: retiredBox.checked, filters: {} };
    facetsBox.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      var key = box.getAttribute("data-facet");
      (state.filters[key] = state.filters[key] || []).push(box.value);
    });
    return state;
  }

  function applyToControls(state) {
    input.value = state.q;
    sortSelect.value = state.sort || "default";
    retiredBox.checked = state.retired;
    facetsBox.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      var chosen = state.filters[box.getAttribute("data-facet")] || [];
      box.checked = chosen.indexOf(box.value) >= 0;
    });
  }

  /* ---------- facets UI ---------- */

  function buildFacets() {
    allFacets().forEach(function (f) {
      if (!f.values.length) return;
      var details = document.createElement("details");
      details.className = "facet";
      var summary = document.createElement("summary");
      summary.textContent = f.label;
      details.appendChild(summary);
      var fieldset = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.className = "visually-hidden";
      legend.textContent = f.label;
      fieldset.appendChild(legend);
      f.values.forEach(function (v, n) {
        var id = "f-" + f.key + "-" + n;
        var row = document.createElement("div");
        row.className = "facet-value";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.id = id;
        box.value = v.slug;
        box.setAttribute("data-facet", f.key);
        box.setAttribute("data-index", String(n));
        var label = document.createElement("label");
        label.htmlFor = id;
        label.appendChild(document.createTextNode(v.label + " "));
        var count = document.createElement("span");
        count.className = "count";
        label.appendChild(count);
        row.appendChild(box);
        row.appendChild(label);
        fieldset.appendChild(row);
      });
      details.appendChild(fieldset);
      facetsBox.appendChild(details);
    });
  }

  /* ---------- searching ---------- */

  function matches(doc, filters, facets, skip) {
    for (var i = 0; i < facets.length; i++) {
      var f = facets[i];
      if (f.key === skip) continue;
      var wanted = filters[f.key];
      if (!wanted) continue;
      var have = f.of(doc);
      var ok = false;
      for (var j = 0; j < have.length && !ok; j++) ok = wanted.has(have[j]);
      if (!ok) return false;
    }
    return true;
  }

  function search(state) {
    var mine = ++run;
    var needsSort = state.sort === "workload" || state.sort === "newest";
    return Promise.all([textScores(state.q), needsSort ? loadSortData() : null]).then(function (got) {
      var scores = got[0], extra = got[1];
      if (mine !== run) return;
      var facets = allFacets();
      var filters = {};
      facets.forEach(function (f) {
        var chosen = state.filters[f.key];
        if (!chosen || !chosen.length) return;
        var set = new Set();
        f.values.forEach(function (v, n) { if (chosen.indexOf(v.slug) >= 0) set.add(n); });
        filters[f.key] = set;
      });
      var limit = state.retired ? meta.count : meta.active;
      var pool = [];
      for (var doc = 0; doc < limit; doc++) if (!scores || scores.has(doc)) pool.push(doc);

      // Counts: each facet value as if chosen, with every other facet's filter applied.
      facets.forEach(function (f) {
        var counts = new Array(f.values.length).fill(0);
        pool.forEach(function (doc) {
          if (!matches(doc, filters, facets, f.key)) return;
          f.of(doc).forEach(function (n) { counts[n]++; });
        });
        facetsBox.querySelectorAll("input[data-facet='" + f.key + "']").forEach(function (box) {
          var n = Number(box.getAttribute("data-index"));
          box.nextSibling.lastChild.textContent = "(" + counts[n] + ")";
          box.parentNode.classList.toggle("empty", counts[n] === 0 && !box.checked);
        });
      });

      var results = pool.filter(function (doc) { return matches(doc, filters, facets, null); });
      var sort = state.sort || (scores ? "relevance" : "title");
      if (sort === "relevance" && scores) {
        results.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
      } else if (sort === "workload" && extra) {
        var hours = extra.hours;
        results.sort(function (a, b) {
          var x = hours[a] === null ? Infinity : hours[a], y = hours[b] === null ? Infinity : hours[b];
          return x - y || a - b;
        });
      } else if (sort === "newest" && extra) {
        var dates = extra.date;
        results.sort(function (a, b) { return (dates[b] || "").localeCompare(dates[a] || "") || a - b; });
      }
      current = results;
      shown = 0;
      list.textContent = "";
      var active = state.q || Object.keys(filters).length || state.retired;
      clear.hidden = !active;
      status.textContent = results.length === 1
        ? root.getAttribute("data-msg-found-one")
        : root.getAttribute("data-msg-found").split("{n}").join(String(results.length));
      return showMore(false);
    });
  }

  function record(doc) {
    var file = Math.floor(doc / meta.records_per_file);
    if (!records.has(file)) records.set(file, getJSON("records/" + file + ".json"));
    return records.get(file).then(function (items) { return items[doc % meta.records_per_file]; });
  }

  function card(item) {
    var li = document.createElement("li");
    li.className = "card";
    var article = document.createElement("article");
    var h3 = document.createElement("h3");
    h3.className = "card-title";
    var a = document.createElement("a");
    a.href = BASE + item.url + (location.protocol === "file:" ? "index.html" : "");
    a.textContent = item.title;
    h3.appendChild(a);
    article.appendChild(h3);
    var issuer = document.createElement("p");
    issuer.className = "card-issuer";
    issuer.textContent = item.issuer + (item.retired ? " · " + root.getAttribute("data-msg-retired") : "");
    article.appendChild(issuer);
    var summary = document.createElement("p");
    summary.className = "card-summary";
    summary.textContent = item.summary;
    article.appendChild(summary);
    var facts = document.createElement("p");
    facts.className = "card-facts";
    facts.textContent = item.facts.join(" · ");
    article.appendChild(facts);
    li.appendChild(article);
    return li;
  }

  function showMore(focus) {
    var mine = run;
    var next = current.slice(shown, shown + PAGE);
    return Promise.all(next.map(record)).then(function (items) {
      if (mine !== run) return;
      var first = null;
      items.forEach(function (item) {
        var li = card(item);
        list.appendChild(li);
        first = first || li.querySelector("a");
      });
      shown += next.length;
      more.hidden = shown >= current.length;
      if (focus && first) first.focus();
    });
  }

  /* ---------- wiring ---------- */

  var typing = null;
  function changed(push) {
    var state = stateFromControls();
    writeState(state, push);
    search(state);
  }

  function start(data) {
    meta = data;
    meta.facets.forEach(function (f) { columns[f.key] = decode(f, meta.columns[f.key]); });
    buildFacets();
    applyToControls(readState());
    root.hidden = false;
    if (listing) listing.hidden = true;
    input.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () { changed(false); }, 25);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); changed(true); });
    sortSelect.addEventListener("change", function () { changed(true); });
    retiredBox.addEventListener("change", function () { changed(true); });
    facetsBox.addEventListener("change", function () { changed(true); });
    more.addEventListener("click", function () { showMore(true); });
    clear.addEventListener("click", function () {
      applyToControls({ q: "", sort: "", retired: false, filters: {} });
      changed(true);
      input.focus();
    });
    window.addEventListener("popstate", function () {
      var state = readState();
      applyToControls(state);
      search(state);
    });
    return search(readState());
  }

  getJSON("meta.json").then(start).catch(function () {
    root.hidden = true;
    if (listing) listing.hidden = false;
  });
})();
