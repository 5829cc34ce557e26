/* credcat catalog search: full text, facets with counts, sorting, state in the URL.
 * Progressive enhancement: without this script the catalog page lists every credential and
 * the browse pages filter by facet. No inline script, no third party, no innerHTML: result
 * cards come as markup the build rendered and sanitised, parsed without running anything. */
(function () {
  "use strict";

  var root = document.getElementById("catalog-search");
  if (!root || !window.fetch || !window.URLSearchParams) return;

  var BASE = root.getAttribute("data-base");
  var DATA = BASE + "search/";
  var PAGE = 10;
  var TRIES = 3;             // a failed fetch is tried this often, then reported (never cached)
  var BUSY_AFTER = 150;      // ms before a query still in flight shows the loading state
  var STOP = new Set();      // the index's stopwords, from meta.json
  var SHORT = new Set();     // the index's keys under three letters, from meta.json
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
  var filtersBox = document.getElementById("filters");
  var filtersCount = document.getElementById("filters-count");
  var chips = document.getElementById("filter-chips");
  var filtersDone = document.getElementById("filters-done");   // phones: close and see results
  var results = list.parentNode;
  var notice = document.createElement("p");   // unknown filter values from the address
  notice.id = "search-notice";
  notice.className = "notice";
  notice.hidden = true;
  results.insertBefore(notice, status);
  var retry = document.createElement("button");
  retry.type = "button";
  retry.id = "search-retry";
  retry.className = "button";
  retry.hidden = true;
  retry.textContent = msg("retry");
  status.parentNode.insertBefore(retry, status.nextSibling);

  var meta = null;
  var columns = {};          // facet key -> array (per credential) of value indexes
  var sortData = {};         // sort key -> promise of ranks (per credential; Infinity for none)
  var files = new Map();     // path -> promise of parsed JSON; a failure is forgotten at once
  var shown = 0;
  var current = [];          // result doc numbers in display order
  var run = 0;               // increases with every search, so stale answers are dropped
  var moreBusy = false;      // a "Show more" is being fetched: further clicks wait for it

  function msg(name) { return root.getAttribute("data-msg-" + name) || ""; }
  // Text with a count: data-msg-<name> holds one text per CLDR plural category and the
  // language whose rules pick it ("lang"); {n} is the count in the page's language.
  function counted(name, count) {
    var forms = {};
    var lang = document.documentElement.lang || "en";
    try { forms = JSON.parse(msg(name) || "{}"); } catch (e) { forms = {}; }
    var category = "other";
    try { category = new Intl.PluralRules(forms.lang || lang).select(count); } catch (e) { category = "other"; }
    var shown = String(count);
    try { shown = new Intl.NumberFormat(lang).format(count); } catch (e) { shown = String(count); }
    return (forms[category] || forms.other || "").split("{n}").join(shown);
  }

  function wait(ms) { return new Promise(function (done) { setTimeout(done, ms); }); }

  function fetchJSON(path, tries) {
    if (location.protocol === "file:") return viaScript(path);
    return fetch(DATA + path, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    }).catch(function (error) {
      if (tries <= 1) throw error;
      return wait(250 * (TRIES - tries + 1)).then(function () { return fetchJSON(path, tries - 1); });
    });
  }

  /* Each file is fetched once; a failure is retried a few times and then forgotten, so the
   * next query asks again instead of reusing the failure. */
  function getJSON(path) {
    if (!files.has(path)) {
      var promise = fetchJSON(path, TRIES);
      files.set(path, promise);
      promise.catch(function () { if (files.get(path) === promise) files.delete(path); });
    }
    return files.get(path);
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
    return text.normalize("NFKD").replace(/[\u0300-\u036f]+/g, "").toLowerCase();
  }

  function tokens(text) {
    var words = normalize(text).match(/[\p{L}\p{N}]+(?:\+\+|#)?/gu) || [];
    return words.filter(function (w) { return !STOP.has(w); });
  }

  function chars(text) { return Array.from(text); }
  function group(key) { return chars(key).slice(0, 2).join(""); }

  /* ---------- the term index ---------- */

  /* Numbers of the term files that may hold keys starting with prefix. */
  function filesFor(prefix) {
    var ranges = meta.terms, out = [], high = prefix + "\uffff";
    for (var i = 0; i < ranges.length; i++) {
      if (ranges[i][0] < high && ranges[i][1] >= prefix) out.push(i);
    }
    return out;
  }

  /* Number of the term file that holds key, if any does. */
  function fileOf(key) {
    var ranges = meta.terms;
    for (var i = 0; i < ranges.length; i++) {
      if (ranges[i][0] <= key && key <= ranges[i][1]) return i;
    }
    return -1;
  }

  function loadTerms(numbers) {
    return Promise.all(numbers.map(function (n) { return getJSON("terms/" + n + ".json"); }))
      .then(function (parts) {
        var merged = {};
        parts.forEach(function (part) { Object.assign(merged, part); });
        return merged;
      });
  }

  /* One typo: a letter added, dropped, changed, or two neighbours swapped ("pyhton").
   * a and b are arrays of characters. */
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    function same(x, y) { return a.slice(x).join("") === b.slice(y).join(""); }
    if (a.length === b.length) {
      return same(i + 1, i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && same(i + 2, i + 2));
    }
    return a.length > b.length ? same(i + 1, i) : same(i, i + 1);
  }

  function stemOf(value, key) { return typeof value[0] === "string" ? value[0] : key; }
  function postingsOf(value) { return typeof value[0] === "string" ? value.slice(1) : value; }

  /* Scores (doc -> score) for one query word. The index maps each word to its stem, so a
   * word it knows finds its whole family ("welding": weld, welder, welders); then, as the
   * learner types, prefixes; words of five letters or more, one typo. Rare words weigh more. */
  function scoresFor(word) {
    var w = chars(word), length = w.length;
    // Words under three letters match exactly: the one file that would hold them. Longer
    // ones: the files of their two-letter group (for prefixes and typos), or of their first
    // three letters when the group is large.
    var numbers;
    if (length < 3) numbers = SHORT.has(word) ? [fileOf(word)] : [];
    else {
      numbers = filesFor(group(word));
      if (numbers.length > 2) numbers = filesFor(w.slice(0, 3).join(""));
    }
    return loadTerms(numbers).then(function (terms) {
      var wanted = new Map();   // key whose postings count -> factor
      function want(key, factor) { if (factor > (wanted.get(key) || 0)) wanted.set(key, factor); }
      var stem = terms[word] ? stemOf(terms[word], word) : null;
      Object.keys(terms).forEach(function (key) {
        if (key === word) { want(key, 1); want(stem, 1); return; }
        var factor = 0;
        if (length >= 3 && key.startsWith(word)) factor = 0.7;
        else if (stem && chars(stem).length >= 4 && key !== stem && key.startsWith(stem)) factor = 0.6;
        else if (length >= 5 && chars(key).length >= 5 && oneEdit(chars(key), w)) factor = 0.4;
        if (!factor) return;
        want(key, factor);
        // A word whose stem lies in another group carries its own postings: no extra file.
        var root = stemOf(terms[key], key);
        if (group(root) === group(key)) want(root, factor);
      });
      // A word the index has never seen ("welding" where only "welders" is written): the
      // keys that share its longest start of at least four letters and all but three.
      if (!stem && length >= 5) {
        var keys = Object.keys(terms);
        for (var cut = length - 1; cut >= Math.max(4, length - 3); cut--) {
          var start = w.slice(0, cut).join("");
          var sharing = keys.filter(function (key) { return key.startsWith(start); });
          if (!sharing.length) continue;
          sharing.forEach(function (key) {
            want(key, 0.5);
            var root = stemOf(terms[key], key);
            if (group(root) === group(key)) want(root, 0.5);
          });
          break;
        }
      }
      var missing = [];
      wanted.forEach(function (_, key) {
        var n = fileOf(key);
        if (!(key in terms) && n >= 0 && numbers.indexOf(n) < 0 && missing.indexOf(n) < 0) missing.push(n);
      });
      return (missing.length ? loadTerms(missing) : Promise.resolve({})).then(function (extra) {
        var scores = new Map();
        wanted.forEach(function (factor, key) {
          var value = terms[key] || extra[key];
          if (!value) return;
          var postings = postingsOf(value);
          if (!postings.length) return;
          var idf = Math.log(1 + meta.count / postings.length);
          var doc = 0;
          for (var k = 0; k < postings.length; k++) {
            doc += Math.floor(postings[k] / 8);
            var s = meta.weights[postings[k] % 8] * factor * idf;
            if (s > (scores.get(doc) || 0)) scores.set(doc, s);
          }
        });
        return scores;
      });
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

  function loadColumns() {
    var loads = meta.facets.map(function (f) {
      var parts = [];
      for (var n = 0; n < f.parts; n++) parts.push(getJSON("facets/" + f.key + "-" + n + ".json"));
      return Promise.all(parts).then(function (got) {
        columns[f.key] = decode(f, got.join(f.multi ? "," : ""));
      });
    });
    if (meta.starts) loads.push(loadStarts());
    return Promise.all(loads);
  }

  /* Intake start dates (days since 1970-01-01, three characters each), one cell per
   * credential: the "Starts within 3 months" filter compares them with this browser's date,
   * so the filter stays right however long ago the site was built. */
  var starts = [];
  function loadStarts() {
    var parts = [];
    for (var n = 0; n < meta.starts.parts; n++) parts.push(getJSON("starts-" + n + ".json"));
    return Promise.all(parts).then(function (got) {
      var width = meta.starts.width;
      starts = got.join(",").split(",").map(function (cell) {
        var days = [];
        for (var i = 0; i < cell.length; i += width) days.push(parseCode(cell.substr(i, width)));
        return days;
      });
    });
  }

  var STARTS_MONTHS = 3;
  function startsFacet() {
    var now = new Date();
    var y = now.getFullYear(), m = now.getMonth(), d = now.getDate();
    var from = Date.UTC(y, m, d) / 86400000;
    var to = Date.UTC(y, m + STARTS_MONTHS, d) / 86400000;
    return {
      key: "starts", label: msg("starts"), values: [{ slug: "3m", label: msg("starts-soon") }],
      of: function (doc) {
        var days = starts[doc] || [];
        for (var i = 0; i < days.length; i++) if (days[i] >= from && days[i] <= to) return [0];
        return [];
      }
    };
  }

  function allFacets() {
    var found = meta.facets.map(function (f) {
      return { key: f.key, label: f.label, values: f.values, of: function (doc) { return columns[f.key][doc]; } };
    });
    if (meta.starts) found.push(startsFacet());
    return found;
  }

  function loadSortData(key) {
    if (!sortData[key]) {
      var info = meta.sorts[key], parts = [];
      for (var n = 0; n < info.parts; n++) parts.push(getJSON("sort/" + key + "-" + n + ".json"));
      sortData[key] = Promise.all(parts).then(function (got) {
        var text = got.join(""), ranks = [];
        for (var i = 0; i < text.length; i += info.width) {
          var cell = text.substr(i, info.width);
          ranks.push(cell[0] === "-" ? Infinity : parseCode(cell));
        }
        return ranks;
      });
      sortData[key].catch(function () { delete sortData[key]; });
    }
    return sortData[key];
  }

  /* ---------- state <-> URL ---------- */

  var SORTS = ["title", "workload", "newest"];

  /* The state in the address. A value that names no filter (an old bookmark, a typo) is left
   * out and explained, rather than silently giving no results. */
  function readState() {
    var params = new URLSearchParams(location.search);
    var unknown = [];
    var sort = params.get("sort") || "";
    if (sort && SORTS.indexOf(sort) < 0) { unknown.push([msg("sort-label"), sort]); sort = ""; }
    var state = { q: params.get("q") || "", sort: sort, retired: params.get("retired") === "1", filters: {} };
    allFacets().forEach(function (f) {
      var v = params.get(f.key);
      if (!v) return;
      var known = f.values.map(function (value) { return value.slug; });
      var chosen = v.split(",").filter(Boolean).filter(function (slug) {
        if (known.indexOf(slug) >= 0) return true;
        unknown.push([f.label, slug]);
        return false;
      });
      if (chosen.length) state.filters[f.key] = chosen;
    });
    notice.textContent = unknown.map(function (pair) {
      return msg("unknown-filter").split("{filter}").join(pair[0]).split("{value}").join(pair[1]);
    }).join(" ");
    notice.hidden = !unknown.length;
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

  /* ---------- active filters: their number on the Filters button, and removable chips ---------- */

  function chip(text, facet, value) {
    var li = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "chip";
    if (facet) {
      button.setAttribute("data-facet", facet);
      button.setAttribute("data-value", value);
    }
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = msg("remove-filter") + " ";
    var cross = document.createElement("span");
    cross.setAttribute("aria-hidden", "true");
    cross.className = "chip-x";
    cross.textContent = "\u00d7";
    button.appendChild(hidden);
    button.appendChild(document.createTextNode(text));
    button.appendChild(cross);
    li.appendChild(button);
    return li;
  }

  function showActive(state) {
    chips.textContent = "";
    var n = 0;
    allFacets().forEach(function (f) {
      (state.filters[f.key] || []).forEach(function (slug) {
        var value = f.values.filter(function (v) { return v.slug === slug; })[0];
        if (!value) return;
        n++;
        chips.appendChild(chip(f.label + ": " + value.label, f.key, slug));
      });
    });
    if (state.retired) {
      n++;
      chips.appendChild(chip(msg("retired-chip"), null, null));
    }
    chips.hidden = !n;
    filtersCount.hidden = !n;
    filtersCount.textContent = msg("active-filters").split("{n}").join(String(n));
  }

  /* A chip's filter is turned off; focus moves to the chip now in its place, or to the
   * Filters button when none is left. */
  function removeChip(button) {
    var index = Array.prototype.indexOf.call(chips.querySelectorAll("button"), button);
    var facet = button.getAttribute("data-facet");
    if (!facet) retiredBox.checked = false;
    facetsBox.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.getAttribute("data-facet") === facet && box.value === button.getAttribute("data-value")) box.checked = false;
    });
    changed(true);
    var left = chips.querySelectorAll("button");
    if (left.length) left[Math.min(index, left.length - 1)].focus();
    else filtersBox.querySelector("summary").focus();
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

  function setBusy(busy) {
    list.setAttribute("aria-busy", busy ? "true" : "false");
    list.style.opacity = busy ? "0.55" : "";   // old results dimmed (CSSOM: allowed by the CSP)
    if (busy) {
      status.textContent = msg("searching");
      more.hidden = true;
    }
  }

  function failed(mine) {
    if (mine !== run) return;
    clearTimeout(busyTimer);
    setBusy(false);
    current = [];
    shown = 0;
    list.textContent = "";
    more.hidden = true;
    status.textContent = msg("failed");
    retry.hidden = false;
  }

  var busyTimer = null;
  function search(state) {
    var mine = ++run;
    showActive(state);
    moreBusy = false;
    retry.hidden = true;
    clearTimeout(busyTimer);
    busyTimer = setTimeout(function () { if (mine === run) setBusy(true); }, BUSY_AFTER);
    var sortKey = state.sort === "workload" ? "hours" : state.sort === "newest" ? "date" : null;
    return Promise.all([textScores(state.q), sortKey ? loadSortData(sortKey) : null]).then(function (got) {
      var scores = got[0], ranks = got[1];
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

      var found = pool.filter(function (doc) { return matches(doc, filters, facets, null); });
      var sort = state.sort || (scores ? "relevance" : "title");
      if (sort === "relevance" && scores) {
        found.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
      } else if (sort === "workload" && ranks) {
        found.sort(function (a, b) { return ranks[a] - ranks[b] || a - b; });
      } else if (sort === "newest" && ranks) {
        found.sort(function (a, b) {
          var x = ranks[a] === Infinity ? -1 : ranks[a], y = ranks[b] === Infinity ? -1 : ranks[b];
          return y - x || a - b;
        });
      }
      // The first page's cards are fetched before anything is shown: a count is never
      // announced over a list that could not be drawn.
      return Promise.all(found.slice(0, PAGE).map(record)).then(function (items) {
        if (mine !== run) return;
        clearTimeout(busyTimer);
        setBusy(false);
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
        current = found;
        shown = 0;
        list.textContent = "";
        var active = state.q || Object.keys(filters).length || state.retired;
        clear.hidden = !active;
        status.textContent = counted("found", found.length);
        filtersDone.textContent = counted("show", found.length);
        draw(items, false);
      });
    }).catch(function () { failed(mine); });
  }

  function record(doc) {
    var file = Math.floor(doc / meta.records_per_file);
    return getJSON("records/" + file + ".json").then(function (items) { return items[doc % meta.records_per_file]; });
  }

  /* A result's card. The build rendered it from the theme's card partial, the same markup as
   * the static list, and sanitised it (PageRenderer.search_card); it is parsed here, never
   * run: a document made by DOMParser executes no script. */
  var parser = new DOMParser();
  function card(item) {
    var doc = parser.parseFromString("<ul>" + item.card + "</ul>", "text/html");
    var li = document.importNode(doc.body.firstElementChild.firstElementChild, true);
    if (location.protocol === "file:") {
      li.querySelectorAll("a[href$='/']").forEach(function (a) {
        a.setAttribute("href", a.getAttribute("href") + "index.html");
      });
    }
    return li;
  }

  function draw(items, focus) {
    var first = null;
    items.forEach(function (item) {
      var li = card(item);
      list.appendChild(li);
      first = first || li.querySelector("a");
    });
    shown += items.length;
    more.hidden = shown >= current.length;
    if (focus && first) first.focus();
  }

  /* The next page of results. Clicks while one is being fetched are ignored, so two quick
   * clicks cannot show the same cards twice. */
  function showMore(focus) {
    if (moreBusy) return Promise.resolve();
    moreBusy = true;
    var mine = run;
    var next = current.slice(shown, shown + PAGE);
    more.setAttribute("aria-disabled", "true");
    return Promise.all(next.map(record)).then(function (items) {
      if (mine !== run) return;
      draw(items, focus);
    }).catch(function () {
      if (mine !== run) return;
      status.textContent = msg("failed");
      retry.hidden = false;
    }).then(function () {
      if (mine === run) moreBusy = false;
      more.removeAttribute("aria-disabled");
    });
  }

  /* ---------- wiring ---------- */

  var typing = null;
  function changed(push) {
    var state = stateFromControls();
    notice.hidden = true;
    writeState(state, push);
    search(state);
  }

  function start() {
    buildFacets();
    // Words typed while the data was loading are kept (the address has no query yet).
    var initial = readState();
    if (!initial.q && input.value.trim()) initial.q = input.value.trim();
    applyToControls(initial);
    root.hidden = false;
    // The static list leaves the page: its cards would repeat the ids of the results' cards.
    if (listing) listing.remove();
    // Wide screens have room for the filters beside the results: open them there.
    if (window.matchMedia && window.matchMedia("(min-width: 56rem)").matches) filtersBox.open = true;
    input.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () { changed(false); }, 25);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); changed(true); });
    sortSelect.addEventListener("change", function () { changed(true); });
    retiredBox.addEventListener("change", function () { changed(true); });
    facetsBox.addEventListener("change", function () { changed(true); });
    more.addEventListener("click", function () { showMore(true); });
    filtersDone.addEventListener("click", function () {
      filtersBox.open = false;
      status.focus();
    });
    chips.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (button) removeChip(button);
    });
    retry.addEventListener("click", function () { search(stateFromControls()); input.focus(); });
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
    if (initial.q) writeState(initial, false);
    return search(initial);
  }

  getJSON("meta.json").then(function (data) {
    meta = data;
    STOP = new Set(meta.stopwords);
    SHORT = new Set(meta.short);
    return loadColumns();
  }).then(start).catch(function () {
    root.hidden = true;
    if (listing && !listing.isConnected) root.parentNode.insertBefore(listing, root.nextSibling);
  });
})();
