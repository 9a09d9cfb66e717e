// The author's own notices on a post's pages. When the page opens on the crisis-resources panel (#you-matter),
// focus it, so screen readers start there. While a comment of theirs is being checked, ask again now and then and
// say what came of it; the notice's link does the same without JavaScript (no meta refresh).
(function () {
  "use strict";

  var panel = document.getElementById("you-matter");
  if (panel && (panel.hasAttribute("data-focus-on-load") || window.location.hash === "#you-matter")) {
    panel.scrollIntoView({ block: "start" });
    panel.focus({ preventScroll: true });
  }

  var notice = document.querySelector("[data-comment-check]");
  if (!notice || !window.fetch) {
    return;
  }
  var message = notice.querySelector("[data-check-message]");
  var link = notice.querySelector("[data-check-link]");
  var started = Date.now();
  var delay = 1500;
  var toldSlow = false;

  function say(text) {
    // The paragraph is a status region: a change of its text is read out.
    if (text && message.textContent !== text) {
      message.textContent = text;
    }
  }

  // The comment itself, where the page opened, says the same: its "being checked" badge changes or goes.
  function markComment(state) {
    var article = document.getElementById("c" + notice.getAttribute("data-comment-id"));
    var badge = article && article.querySelector("[data-review-badge]");
    if (!badge) {
      return;
    }
    if (state === "posted") {
      badge.parentNode.removeChild(badge);
      article.classList.remove("under-review");
    } else {
      badge.textContent = notice.getAttribute("data-held-badge");
    }
  }

  function later() {
    if (!toldSlow && Date.now() - started > 15000) {
      toldSlow = true;
      say(notice.getAttribute("data-slow"));
    }
    delay = Math.min(delay * 1.5, 30000);
    if (Date.now() - started < 30 * 60 * 1000) {
      window.setTimeout(ask, delay);
    }
  }

  function ask() {
    window
      .fetch(notice.getAttribute("data-comment-check"), {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      })
      .then(function (response) {
        if (response.status === 404) {
          return { state: "gone" }; // deleted, or signed out meanwhile: nothing more to ask
        }
        if (!response.ok) {
          throw new Error("state " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (data.state === "posted" || data.state === "held") {
          say(notice.getAttribute("data-" + data.state));
          link.textContent = "Show it";
          markComment(data.state);
        } else if (data.state === "checking") {
          later();
        }
      })
      .catch(later);
  }

  window.setTimeout(ask, delay);
})();
