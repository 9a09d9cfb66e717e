// Keyboard shortcuts for the moderators' queue. Progressive enhancement: every action is a link or a form
// button that works without this file (and on a phone). Keys never fire while typing in a field (a hint says so,
// and Esc leaves the field). The server, not this file, makes sure nothing flagged is published unconfirmed.
//   list page: j / k move between items (past the last or first row, on to the next or previous page), o (or
//              Enter on the link) opens one, x ticks it for a bulk action
//   item page: j / k next / previous item in the filtered queue, c work on this, a approve, r remove (after a
//              confirmation)
(function () {
  "use strict";

  if (!document.querySelector || !Element.prototype.closest) {
    return;
  }

  var help = document.querySelectorAll("[data-shortcuts-help]");
  for (var h = 0; h < help.length; h++) {
    help[h].hidden = false;
  }

  // Buttons that change something for good ask first, whether clicked or reached by a key.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    if (target.tagName === "INPUT") {
      return !/^(checkbox|radio|submit|button)$/.test(target.type);
    }
    return target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName);
  }

  // While a text field has focus, keys type text; a visible hint says how to get the shortcuts back.
  var typingText = "Keys type text in this field. Press Esc to return to the keyboard shortcuts.";
  var choosingText = "Keys choose an option in this list. Press Esc to return to the keyboard shortcuts.";
  var typingHint = null;
  if (help.length) {
    typingHint = document.createElement("p");
    typingHint.className = "typing-hint";
    typingHint.id = "typing-hint";
    typingHint.hidden = true;
    help[0].parentNode.insertBefore(typingHint, help[0].nextSibling);
  }

  document.addEventListener("focusin", function (event) {
    if (typingHint) {
      typingHint.hidden = !typing(event.target);
      typingHint.textContent = event.target.tagName === "SELECT" ? choosingText : typingText;
    }
  });
  document.addEventListener("focusout", function () {
    if (typingHint) {
      typingHint.hidden = true;
    }
  });

  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-queue-row]"));
  var current = -1;

  function select(index) {
    if (!rows.length) {
      return;
    }
    current = Math.max(0, Math.min(rows.length - 1, index));
    for (var i = 0; i < rows.length; i++) {
      rows[i].classList.toggle("current", i === current);
    }
    var link = rows[current].querySelector("[data-row-link]");
    if (link) {
      link.focus();
    }
  }

  function rowIndexOf(element) {
    var row = element && element.closest ? element.closest("[data-queue-row]") : null;
    return row ? rows.indexOf(row) : -1;
  }

  // j past the last row and k before the first go on to the next or previous page of the same filters; the
  // page they open starts at its first (or last) row.
  function turnPage(selector, where) {
    var link = document.querySelector(selector);
    if (!link) {
      return false;
    }
    window.location.href = link.href.split("#")[0] + where;
    return true;
  }

  function listKey(key) {
    var focused = rowIndexOf(document.activeElement);
    if (focused >= 0) {
      current = focused;
    }
    if (key === "j") {
      if (current === rows.length - 1 && turnPage("[data-page-next]", "#first-row")) {
        return true;
      }
      select(current + 1);
    } else if (key === "k") {
      if (current === 0 && turnPage("[data-page-prev]", "#last-row")) {
        return true;
      }
      select(current < 0 ? 0 : current - 1);
    } else if (key === "o" && current >= 0) {
      rows[current].querySelector("[data-row-link]").click();
    } else if (key === "x" && current >= 0) {
      var box = rows[current].querySelector("input[type=checkbox]");
      if (box) {
        box.checked = !box.checked;
      }
    } else {
      return false;
    }
    return true;
  }

  function itemKey(key) {
    var target = document.querySelector('[data-shortcut="' + key + '"]');
    if (!target) {
      return false;
    }
    if (target.tagName === "A") {
      window.location.href = target.href;
      return true;
    }
    var opens = target.getAttribute("data-open");
    if (opens) {
      var details = document.getElementById(opens);
      if (details) {
        details.open = true; // a field in a closed <details> can't show why it is invalid
      }
    }
    target.click();
    return true;
  }

  if (rows.length && window.location.hash === "#first-row") {
    select(0);
  } else if (rows.length && window.location.hash === "#last-row") {
    select(rows.length - 1);
  }

  // The list beside an item scrolls (on its own, not the page) to show the open item's row.
  var pane = document.querySelector(".queue-pane");
  var openRow = pane ? pane.querySelector(".current-item") : null;
  if (pane && openRow && pane.offsetHeight > 0) {
    // The pane ends at the window's bottom edge, so all of its rows can be scrolled into view; the open row
    // goes a third of the way down it.
    var top = pane.getBoundingClientRect().top;
    if (top > 0 && top < window.innerHeight - 200) {
      pane.style.maxHeight = Math.floor(window.innerHeight - top - 8) + "px";
    }
    var below = openRow.getBoundingClientRect().top - top;
    pane.scrollTop = Math.max(0, pane.scrollTop + below - pane.clientHeight / 3);
  }

  // After a decision the next item opens: its heading takes the focus, so a screen reader starts there and
  // the keys act on the new item (the message above it says what happened).
  if (document.querySelector(".message.next-opened")) {
    var heading = document.getElementById("item-heading");
    if (heading) {
      heading.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && typing(event.target) && !event.defaultPrevented) {
      // Leave the field (its text stays) so the next key is a shortcut again.
      event.target.blur();
      if (typingHint) {
        typingHint.hidden = true;
      }
      return;
    }
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
      return;
    }
    var key = event.key;
    if (key.length !== 1) {
      return;
    }
    var handled = rows.length ? listKey(key) : itemKey(key);
    if (handled) {
      event.preventDefault();
    }
  });
})();
