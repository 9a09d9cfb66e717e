// A comment form sends once: its button is disabled while the page waits for the answer, so a double click
// makes one comment. (The server also answers a second sending of the same form with the first comment, by
// the form's key, for when this script does not run.)
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-comment-form]")) {
      return;
    }
    if (form.getAttribute("data-sending") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-sending", "true");
    // The button that sent it: "Post" or (issue 15) "Preview", which sends the words to be shown, not posted.
    var button = event.submitter && event.submitter.form === form ? event.submitter : null;
    button = button || form.querySelector("button[type=submit]");
    if (button) {
      var preview = button.name === "preview";
      // Disabled after this event, so the browser still sends the form this click asked for.
      window.setTimeout(function () {
        button.disabled = true;
        button.setAttribute("data-label", button.textContent);
        button.textContent = preview ? "Preparing the preview…" : "Sending…";
      }, 0);
    }
  });

  // Back to a page from the browser's cache: the form may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-comment-form][data-sending]").forEach(function (form) {
      form.removeAttribute("data-sending");
      form.querySelectorAll("button[data-label]").forEach(function (button) {
        button.disabled = false;
        button.textContent = button.getAttribute("data-label");
      });
    });
  });
})();
