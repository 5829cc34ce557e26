/* "Copy link" on a credential page (#18): copies the page's address and says so in a live
   region. Without this script the address is still shown, ready to select. No third party. */
(function () {
  "use strict";
  var section = document.getElementById("share");
  var button = document.getElementById("copy-link");
  var field = document.getElementById("share-url");
  var status = document.getElementById("share-status");
  if (!section || !button || !field || !status) return;

  function say(text) {
    status.textContent = "";
    // A fresh text node each time, so that a second copy is announced again.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function fallback() {
    field.focus();
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    say(section.getAttribute(copied ? "data-msg-copied" : "data-msg-failed"));
  }

  button.addEventListener("click", function () {
    var text = field.value;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        say(section.getAttribute("data-msg-copied"));
      }, fallback);
    } else {
      fallback();
    }
  });
  button.hidden = false;
})();
