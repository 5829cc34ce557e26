/* credcat intakes: hide the intakes that have ended and mark the next one, by the learner's
 * own clock, so a static page stays right between builds. Without this script every intake
 * is listed with its dates. No inline script, no innerHTML, nothing leaves the browser. */
(function () {
  "use strict";

  var section = document.querySelector("[data-intakes]");
  if (!section) return;
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  var items = Array.prototype.slice.call(section.querySelectorAll(".intake"));
  var upcoming = items.filter(function (item) {
    var over = item.getAttribute("data-end") < today;
    item.hidden = over;
    return !over;
  });
  if (upcoming.length) {
    var first = upcoming[0].querySelector(".intake-next");
    if (first) first.hidden = false;
  } else {
    section.querySelector(".intake-none").hidden = false;
  }
})();
