// Progressive enhancement for readers (issue 15). Without JavaScript the forms and links work as they are.
// 1. "Sending support" / "I relate" are sent without leaving the page; the button says whether it is on.
// 2. When "Reply" opens the inline form under a comment, the same guidance the reply page shows is asked for.
(function () {
  "use strict";
  if (!window.fetch || !Element.prototype.closest) {
    return;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-signal]");
    if (!form) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button");
    var onField = form.querySelector("input[name=on]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) {
            throw new Error(data.error || "Not sent.");
          }
          return data;
        });
      })
      .then(function (data) {
        button.setAttribute("aria-pressed", data.on ? "true" : "false");
        onField.value = data.on ? "0" : "1";
        var count = form.querySelector("[data-count]");
        if (count) {
          count.textContent = String(data.count);
        }
      })
      .catch(function () {
        form.submit(); // the page answers with what went wrong, in words
      })
      .finally(function () {
        button.disabled = false;
      });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-reply-to]");
    if (!link) {
      return;
    }
    // comments.js has moved the form under the comment in this same click; look for it once it is there.
    window.setTimeout(function () {
      var holder = document.querySelector(".inline-reply");
      if (!holder) {
        return;
      }
      var old = holder.querySelector("[data-reply-guidance]");
      if (old) {
        old.remove();
      }
      fetch("/readers/c/" + encodeURIComponent(link.getAttribute("data-reply-to")) + "/guidance/", {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { html: "" };
        })
        .then(function (data) {
          var form = holder.querySelector("form");
          if (!data.html || !form || form.querySelector("input[name=parent]").value !== link.getAttribute("data-reply-to")) {
            return;
          }
          // The server's own template (escaped there); parsed, never built from reader text here.
          var parsed = new DOMParser().parseFromString(data.html, "text/html").querySelector("[data-reply-guidance]");
          if (parsed) {
            form.insertAdjacentElement("beforebegin", document.importNode(parsed, true));
          }
        })
        .catch(function () {});
    }, 0);
  });
})();
