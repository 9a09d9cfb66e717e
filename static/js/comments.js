// Progressive enhancement for the conversation: "Reply" opens the page's one reply form right under the
// comment instead of going to the reply page. Without JavaScript the links work as they are.
(function () {
  "use strict";

  var template = document.getElementById("reply-form-template");
  if (!template || !("content" in template) || !Element.prototype.closest) {
    return;
  }

  var holder = null; // the single in-place form; moved, never duplicated, so typed text is never lost
  var openedBy = null;

  function build() {
    holder = document.createElement("div");
    holder.className = "inline-reply";
    holder.appendChild(template.content.cloneNode(true));
    var cancel = holder.querySelector("[data-cancel-reply]");
    cancel.hidden = false;
    cancel.addEventListener("click", close);
    holder.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        close();
      }
    });
  }

  function close() {
    if (!holder) {
      return;
    }
    holder.hidden = true;
    if (openedBy) {
      openedBy.setAttribute("aria-expanded", "false");
      openedBy.focus();
    }
  }

  function openUnder(link) {
    var article = document.getElementById("c" + link.getAttribute("data-reply-to"));
    if (!article) {
      return false;
    }
    if (!holder) {
      build();
    }
    if (openedBy && openedBy !== link) {
      openedBy.setAttribute("aria-expanded", "false");
    }
    var form = holder.querySelector("form");
    form.querySelector("input[name=parent]").value = link.getAttribute("data-reply-to");
    // textContent, never innerHTML: a display name is text, whatever it contains; <bdi> keeps a right-to-left
    // name from reordering the words around it.
    var label = form.querySelector("[data-form-label]");
    var name = document.createElement("bdi");
    name.textContent = link.getAttribute("data-reply-name");
    label.textContent = "Your reply to ";
    label.appendChild(name);
    article.insertAdjacentElement("afterend", holder);
    holder.hidden = false;
    openedBy = link;
    link.setAttribute("aria-expanded", "true");
    form.querySelector("textarea").focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-reply-to]");
    if (link && openUnder(link)) {
      event.preventDefault();
    }
  });
})();
