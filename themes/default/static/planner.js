/* credcat pathway planner: tick the credentials you hold, see what remains.
 * The rule comes from the form itself: each fieldset is a group (data-kind all | at_least |
 * credits, data-need), each checkbox a credential (value = id, data-credits). The rules are
 * those of credcat's pathways.evaluate(); a browser test keeps the two in step.
 * Progressive enhancement: without this script the planner stays hidden and the page lists
 * the pathway as text. The choice lives in the URL (?have=a,b). No inline script, no
 * innerHTML, nothing leaves the browser. */
(function () {
  "use strict";

  var section = document.querySelector("[data-planner]");
  if (!section || !window.URLSearchParams || !window.history.replaceState) return;
  var form = section.querySelector("form");
  var top = form.querySelector("fieldset");
  var result = section.querySelector(".pw-result");
  var share = section.querySelector(".pw-share");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var EPSILON = 1e-9;

  function msg(name, values) {
    var text = section.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(values[key]);
    });
    return text;
  }

  var LANG = document.documentElement.lang || "en";

  function number(value) {
    try {
      return new Intl.NumberFormat(LANG, { maximumFractionDigits: 2 }).format(value);
    } catch (e) {
      return String(Math.round(value * 100) / 100);
    }
  }

  // Text with a count: data-msg-<name> holds one text per CLDR plural category ("one",
  // "other", ...) and the language whose rules pick it ("lang").
  function plural(name, count, values) {
    var forms = {};
    try { forms = JSON.parse(section.getAttribute("data-msg-" + name) || "{}"); } catch (e) { forms = {}; }
    var category = "other";
    try { category = new Intl.PluralRules(forms.lang || LANG).select(count); } catch (e) { category = "other"; }
    var text = forms[category] || forms.other || "";
    var all = Object.assign({ n: number(count) }, values || {});
    Object.keys(all).forEach(function (key) {
      text = text.split("{" + key + "}").join(all[key]);
    });
    return text;
  }

  // What remains of one group: mirrors pathways.evaluate().
  function evaluate(fieldset, held) {
    var parts = [];
    var heldCredits = 0;
    Array.prototype.forEach.call(fieldset.children, function (child) {
      if (child.tagName === "FIELDSET") {
        var sub = evaluate(child, held);
        parts.push({ item: sub, done: sub.satisfied, cost: sub.credits });
        heldCredits += sub.heldCredits;
      } else if (child.classList.contains("pw-choice")) {
        var box = child.querySelector("input");
        var value = parseFloat(box.getAttribute("data-credits")) || 0;
        var has = held.has(box.value);
        parts.push({ item: box, done: has, cost: has ? 0 : value });
        if (has) heldCredits += value;
      }
    });
    var open = parts.filter(function (p) { return !p.done; });
    var costs = open.map(function (p) { return p.cost; }).sort(function (a, b) { return a - b; });
    var kind = fieldset.getAttribute("data-kind");
    var want = parseFloat(fieldset.getAttribute("data-need")) || 0;
    var need, credits;
    if (kind === "all") {
      need = open.length;
      credits = costs.reduce(function (a, b) { return a + b; }, 0);
    } else if (kind === "at_least") {
      need = Math.max(0, want - (parts.length - open.length));
      credits = costs.slice(0, Math.floor(need)).reduce(function (a, b) { return a + b; }, 0);
    } else {
      need = Math.max(0, want - heldCredits);
      credits = need;
    }
    return {
      kind: kind,
      need: need,
      satisfied: need <= EPSILON,
      open: open.map(function (p) { return p.item; }),
      credits: credits,
      heldCredits: heldCredits
    };
  }

  // The fewest credentials still to earn: mirrors pathways.remaining_count().
  function remainingCount(fieldset, held) {
    var kind = fieldset.getAttribute("data-kind");
    var want = parseFloat(fieldset.getAttribute("data-need")) || 0;
    var counts = [];
    var short = want;
    var open = [];
    Array.prototype.forEach.call(fieldset.children, function (child) {
      if (child.tagName === "FIELDSET") {
        counts.push(remainingCount(child, held));
      } else if (child.classList.contains("pw-choice")) {
        var box = child.querySelector("input");
        var value = parseFloat(box.getAttribute("data-credits")) || 0;
        var has = held.has(box.value);
        counts.push(has ? 0 : 1);
        if (has) short -= value;
        else open.push(value);
      }
    });
    if (kind === "credits") {
      var count = 0;
      open.sort(function (a, b) { return b - a; });
      for (var i = 0; i < open.length && short > EPSILON; i++) {
        short -= open[i];
        count++;
      }
      return count;
    }
    counts.sort(function (a, b) { return a - b; });
    if (kind === "at_least") counts = counts.slice(0, Math.floor(want));
    return counts.reduce(function (a, b) { return a + b; }, 0);
  }

  function describe(state) {
    var names = state.open.map(function (item) {
      return item.tagName ? item.getAttribute("data-title") : "(" + describe(item) + ")";
    }).join("; ");
    if (state.kind === "all") return msg("all", { items: names });
    if (state.kind === "at_least") return msg("any", { n: number(state.need), items: names });
    return plural("from", state.need, { items: names });
  }

  function listRemaining(state, into) {
    // The top group's open items, one per line; nested groups described in one line each.
    if (state.kind !== "all") {
      var only = document.createElement("li");
      only.textContent = describe(state);
      into.appendChild(only);
      return;
    }
    state.open.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.tagName ? item.getAttribute("data-title") : describe(item);
      into.appendChild(li);
    });
  }

  function held() {
    return new Set(boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
  }

  function update(writeUrl) {
    var have = held();
    var state = evaluate(top, have);
    while (result.firstChild) result.removeChild(result.firstChild);
    var summary = document.createElement("p");
    var needed = remainingCount(top, new Set());
    var counted = needed - remainingCount(top, have);
    summary.className = "pw-count";
    summary.setAttribute("data-counted", String(counted));
    summary.setAttribute("data-needed", String(needed));
    summary.textContent = plural("held", needed, { held: number(counted) });
    result.appendChild(summary);
    var own = parseFloat(section.getAttribute("data-own")) || 0;
    if (state.satisfied) {
      var done = document.createElement("p");
      done.className = "pw-done";
      done.textContent = msg(own > EPSILON ? "done-own" : "done");
      result.appendChild(done);
      if (own > EPSILON) {
        var rest = document.createElement("p");
        rest.textContent = msg("own");
        result.appendChild(rest);
      }
    } else {
      var left = document.createElement("p");
      left.textContent = msg("left");
      result.appendChild(left);
      var list = document.createElement("ul");
      list.className = "pw-remaining";
      listRemaining(state, list);
      result.appendChild(list);
      if (state.credits > EPSILON) {
        var credits = document.createElement("p");
        credits.className = "pw-credits";
        credits.textContent = plural("credits", Math.round(state.credits * 100) / 100);
        result.appendChild(credits);
      }
    }
    var params = new URLSearchParams(window.location.search);
    var chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    if (chosen.length) params.set("have", chosen.join(","));
    else params.delete("have");
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + "#planner-title";
    share.setAttribute("href", url);
    if (writeUrl) window.history.replaceState(null, "", url);
  }

  var start = new URLSearchParams(window.location.search).get("have");
  if (start) {
    var wanted = new Set(start.split(","));
    boxes.forEach(function (b) { b.checked = wanted.has(b.value); });
  }
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  section.hidden = false;
  update(false);
})();
