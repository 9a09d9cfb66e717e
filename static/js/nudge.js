// The nudge before posting (issue 15): before a comment form is sent, ask the server whether the draft deserves
// one calm sentence (POST /nudges/check/, CSRF, rate-limited; the answer is only the sentence). If it does, show
// it in the form's live region with "Edit" and "Post anyway"; otherwise send the form as usual. Anything going
// wrong (no network, a limit, an error) sends the form: the server's own check on the POST still runs.
(function () {
  "use strict";

  var URL = "/nudges/check/";
  if (!window.fetch || !window.FormData || !Element.prototype.closest) {
    return;
  }

  function send(form) {
    form.setAttribute("data-nudge-state", "checked");
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function button(label, className) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = label;
    return element;
  }

  function show(form, region, sentence) {
    var textarea = form.querySelector("textarea");
    region.textContent = "";
    var text = document.createElement("p");
    text.className = "draft-nudge-sentence";
    text.textContent = sentence; // text, never HTML
    var actions = document.createElement("div");
    actions.className = "draft-nudge-actions";
    var edit = button("Edit", "button");
    var anyway = button("Post anyway", "link-button");
    edit.addEventListener("click", function () {
      region.textContent = "";
      if (textarea) {
        textarea.focus();
      }
    });
    anyway.addEventListener("click", function () {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = "nudge_anyway";
      field.value = "1";
      region.appendChild(field);
      send(form);
    });
    actions.appendChild(edit);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(anyway);
    region.appendChild(text);
    region.appendChild(actions);
  }

  // Capturing, so it runs before comment-send.js disables the button.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("form[data-comment-form][data-post]")) {
        return;
      }
      if (event.submitter && event.submitter.name === "preview") {
        return; // a preview saves nothing: no nudge before it
      }
      var region = form.querySelector("[data-draft-nudge]");
      var state = form.getAttribute("data-nudge-state");
      if (!region || state === "checked" || form.querySelector("input[name=nudge_anyway]")) {
        return; // already checked, or the writer chose to post anyway
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      if (state === "checking") {
        return;
      }
      form.setAttribute("data-nudge-state", "checking");
      var data = new FormData(form);
      data.append("post", form.getAttribute("data-post"));
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(URL, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
      })
        .then(function (response) {
          return response.json();
        })
        .catch(function () {
          return { nudge: "" };
        })
        .then(function (answer) {
          if (answer && typeof answer.nudge === "string" && answer.nudge) {
            form.removeAttribute("data-nudge-state");
            show(form, region, answer.nudge);
          } else {
            send(form);
          }
        });
    },
    true
  );

  // A form that went back into the browser's cache may be checked again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-nudge-state]").forEach(function (form) {
        form.removeAttribute("data-nudge-state");
      });
    }
  });
})();
