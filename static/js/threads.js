// Long conversations stay readable (issue 15). Everything here is an enhancement: without JavaScript each
// comment's menu is still a <details>, a thread opens on its own page from that menu, and quoting is a link.
// - Menus: Escape closes the open one (focus back on its button), opening one closes the others.
// - Collapse any thread or reply with its answers; the page remembers it (localStorage, per page address).
// - Keys, only while focus is in the conversation: n moves to the next thread, p to the previous one.
// - Quote a sentence of the comment being answered into the reply; "Jump to the reply box" focuses the box.
(function () {
  "use strict";

  if (!Element.prototype.closest) {
    return;
  }
  var conversation = document.querySelector(".conversation");
  var storeKey = "kindred:collapsed:" + window.location.pathname;

  // --- menus ------------------------------------------------------------------------------------------------
  function openMenus() {
    return Array.prototype.slice.call(document.querySelectorAll("details[data-comment-menu][open]"));
  }

  document.addEventListener(
    "toggle",
    function (event) {
      var menu = event.target;
      if (!menu.matches || !menu.matches("details[data-comment-menu]") || !menu.open) {
        return;
      }
      openMenus().forEach(function (other) {
        if (other !== menu) {
          other.open = false;
        }
      });
    },
    true
  );

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var menu = event.target.closest && event.target.closest("details[data-comment-menu][open]");
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.open = false;
      }
    });
  });

  // --- one toolbar per comment ----------------------------------------------------------------------------------
  // A comment's actions (Reply, support signals, More) are one tab stop; Left/Right, Home/End move inside
  // (the WAI-ARIA toolbar pattern). The open menu's own items stay in the Tab order after its button.
  function toolbarItems(bar) {
    return Array.prototype.slice.call(bar.querySelectorAll("a[href], button, summary")).filter(function (item) {
      return !item.closest(".menu-items") && !item.disabled;
    });
  }

  function makeCurrent(bar, current) {
    toolbarItems(bar).forEach(function (item) {
      item.tabIndex = item === current ? 0 : -1;
    });
  }

  document.querySelectorAll("[data-comment-toolbar]").forEach(function (bar) {
    var items = toolbarItems(bar);
    if (items.length < 2) {
      return;
    }
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", bar.getAttribute("data-label"));
    makeCurrent(bar, items[0]);
  });

  document.addEventListener("focusin", function (event) {
    var bar = event.target.closest && event.target.closest("[data-comment-toolbar][role=toolbar]");
    if (bar && !event.target.closest(".menu-items")) {
      makeCurrent(bar, event.target);
    }
  });

  document.addEventListener("keydown", function (event) {
    var keys = ["ArrowLeft", "ArrowRight", "Home", "End"];
    if (keys.indexOf(event.key) === -1 || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var bar = event.target.closest && event.target.closest("[data-comment-toolbar][role=toolbar]");
    if (!bar || event.target.closest(".menu-items")) {
      return;
    }
    var items = toolbarItems(bar);
    var index = items.indexOf(event.target);
    if (index === -1) {
      return;
    }
    var next = {
      ArrowLeft: (index - 1 + items.length) % items.length,
      ArrowRight: (index + 1) % items.length,
      Home: 0,
      End: items.length - 1,
    }[event.key];
    makeCurrent(bar, items[next]);
    items[next].focus();
    event.preventDefault();
  });

  // --- collapse ---------------------------------------------------------------------------------------------
  function loadCollapsed() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(storeKey) || "[]");
      return Array.isArray(ids) ? ids.map(String) : [];
    } catch (error) {
      return [];
    }
  }

  function saveCollapsed(ids) {
    try {
      if (ids.length) {
        window.localStorage.setItem(storeKey, JSON.stringify(ids));
      } else {
        window.localStorage.removeItem(storeKey);
      }
    } catch (error) {
      // Private browsing or storage full: collapsing still works for this page view.
    }
  }

  function remember(id, collapsed) {
    var ids = loadCollapsed().filter(function (other) {
      return other !== id;
    });
    if (collapsed) {
      ids.push(id);
    }
    saveCollapsed(ids);
  }

  function itemOf(id) {
    var article = document.getElementById("c" + id);
    return article ? article.closest("li.comment-item") : null;
  }

  function collapse(id, focus) {
    var item = itemOf(id);
    if (!item || item.classList.contains("is-collapsed")) {
      return;
    }
    var article = item.querySelector("article.comment");
    var hidden = item.querySelectorAll("li.comment-item").length;
    var name = article.querySelector(".comment-author");
    var bar = document.createElement("p");
    bar.className = "collapsed-bar";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("data-expand", id);
    // textContent only: a display name is text, whatever it contains.
    button.textContent =
      "Show " + (name ? name.textContent.trim() + "'s comment" : "this comment") +
      (hidden ? " and " + hidden + " repl" + (hidden === 1 ? "y" : "ies") : "");
    bar.appendChild(button);
    article.querySelector(".comment-meta").insertAdjacentElement("afterend", bar);
    item.classList.add("is-collapsed");
    var menu = article.querySelector("details[data-comment-menu]");
    if (menu) {
      menu.open = false;
    }
    if (focus) {
      button.focus();
    }
  }

  function expand(id, focus) {
    var item = itemOf(id);
    if (!item) {
      return;
    }
    item.classList.remove("is-collapsed");
    var bar = item.querySelector("article.comment > .collapsed-bar");
    if (bar) {
      bar.parentNode.removeChild(bar);
    }
    if (focus) {
      var summary = item.querySelector("article.comment details[data-comment-menu] summary");
      (summary || item.querySelector("article.comment")).focus();
    }
  }

  document.querySelectorAll("[data-collapse-item]").forEach(function (entry) {
    entry.hidden = false;
  });

  document.addEventListener("click", function (event) {
    var collapseButton = event.target.closest("[data-collapse]");
    if (collapseButton) {
      var id = collapseButton.getAttribute("data-collapse");
      collapse(id, true);
      remember(id, true);
      return;
    }
    var expandButton = event.target.closest("[data-expand]");
    if (expandButton) {
      var expandId = expandButton.getAttribute("data-expand");
      expand(expandId, true);
      remember(expandId, false);
    }
  });

  loadCollapsed().forEach(function (id) {
    collapse(id, false);
  });

  // A link to a comment inside a collapsed thread opens the thread around it.
  function revealTarget() {
    var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (!target) {
      return;
    }
    var item = target.closest("li.comment-item.is-collapsed");
    while (item) {
      var article = item.querySelector("article.comment");
      if (article && article !== target) {
        expand(article.id.slice(1), false);
      }
      item = item.parentNode.closest("li.comment-item.is-collapsed");
    }
  }
  revealTarget();
  window.addEventListener("hashchange", revealTarget);

  // --- next / previous thread -------------------------------------------------------------------------------
  function threadRoots() {
    if (!conversation) {
      return [];
    }
    return Array.prototype.slice.call(conversation.children).filter(function (item) {
      return item.matches("li.comment-item");
    });
  }

  document.addEventListener("keydown", function (event) {
    if ((event.key !== "n" && event.key !== "p") || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target;
    if (!target.closest || !target.closest(".conversation-section")) {
      return; // active only while focus is in the conversation (WCAG 2.1.4)
    }
    if (target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    var roots = threadRoots();
    if (!roots.length) {
      return;
    }
    var current = -1;
    roots.forEach(function (item, index) {
      if (item.contains(target)) {
        current = index;
      }
    });
    var next = event.key === "n" ? current + 1 : current - 1;
    if (current === -1) {
      next = event.key === "n" ? 0 : roots.length - 1;
    }
    if (next < 0 || next >= roots.length) {
      return;
    }
    var article = roots[next].querySelector("article");
    article.setAttribute("tabindex", "-1");
    article.focus();
    event.preventDefault();
  });

  // --- quoting and the reply box ------------------------------------------------------------------------------
  function sentencesOf(article) {
    var body = article && article.querySelector(".comment-body");
    if (!body) {
      return [];
    }
    var parts = [];
    body.querySelectorAll("p").forEach(function (paragraph) {
      if (paragraph.closest("blockquote")) {
        return; // what the comment itself quoted
      }
      // No look-behind in the pattern: older browsers would refuse the whole script.
      var text = (paragraph.innerText || paragraph.textContent).replace(/([.!?\u2026])\s+/g, "$1\n");
      text.split(/\n+/).forEach(function (part) {
        part = part.trim();
        if (part) {
          parts.push(part.length > 300 ? part.slice(0, 299) + "\u2026" : part);
        }
      });
    });
    return parts.slice(0, 30);
  }

  function insertQuote(form, sentence) {
    var textarea = form.querySelector("textarea");
    var quote = "> " + sentence.replace(/\s+/g, " ") + "\n\n";
    var at = textarea.selectionStart || 0;
    textarea.value = textarea.value.slice(0, at) + quote + textarea.value.slice(at);
    textarea.focus();
    textarea.selectionStart = textarea.selectionEnd = at + quote.length;
    var picker = form.querySelector("[data-quote-picker]");
    if (picker) {
      picker.open = false;
    }
  }

  function fillPicker(holder, article) {
    var picker = holder.querySelector("[data-quote-picker]");
    var list = holder.querySelector("[data-quote-list]");
    if (!picker || !list) {
      return;
    }
    list.textContent = "";
    var sentences = sentencesOf(article);
    sentences.forEach(function (sentence) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.setAttribute("dir", "auto");
      button.setAttribute("data-quote", sentence);
      button.textContent = sentence;
      item.appendChild(button);
      list.appendChild(item);
    });
    picker.open = false;
    picker.hidden = sentences.length === 0;
  }

  document.addEventListener("click", function (event) {
    var reply = event.target.closest("a[data-reply-to]");
    if (reply) {
      // comments.js moves the inline form under the comment on this same click; fill its picker afterwards.
      window.setTimeout(function () {
        var article = document.getElementById("c" + reply.getAttribute("data-reply-to"));
        var holder = article && article.nextElementSibling;
        if (holder && holder.classList.contains("inline-reply")) {
          fillPicker(holder, article);
        }
      }, 0);
      return;
    }
    var quoteButton = event.target.closest("[data-quote]");
    if (quoteButton) {
      insertQuote(quoteButton.closest("form"), quoteButton.getAttribute("data-quote"));
      return;
    }
    var quoteLink = event.target.closest("[data-quote-list] a");
    if (quoteLink && quoteLink.closest("form")) {
      // The reply page: insert without reloading, so words already typed stay.
      event.preventDefault();
      insertQuote(quoteLink.closest("form"), quoteLink.textContent);
      return;
    }
    var jump = event.target.closest("a.jump-link");
    if (jump) {
      var box = document.getElementById("join-body");
      if (box) {
        event.preventDefault();
        box.scrollIntoView({ block: "center" });
        box.focus();
      }
    }
  });
})();
