// The article form's live preview: as the editor types the Markdown body, the HTML the public
// page would show appears under it. The server renders it (archive/admin_preview.py) with the
// public page's own sanitising renderer, so what is shown here is what visitors will get.
(function () {
  "use strict";
  var DELAY_MS = 400;

  function setUp(textarea) {
    var url = textarea.dataset.previewUrl;
    var form = textarea.form;
    var token = form && form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (!url || !token) {
      return;
    }
    var panel = document.createElement("section");
    panel.className = "markdown-preview";
    var heading = document.createElement("h3");
    heading.id = textarea.id + "-preview-heading";
    heading.textContent = textarea.dataset.previewLabel || "Preview";
    var body = document.createElement("div");
    body.className = "markdown-preview-body";
    panel.setAttribute("aria-labelledby", heading.id);
    panel.appendChild(heading);
    panel.appendChild(body);
    textarea.insertAdjacentElement("afterend", panel);

    var timer = null;
    var sent = 0;

    function render() {
      var number = ++sent;
      var data = new FormData();
      data.append("body", textarea.value);
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (answer) {
          if (number === sent) {
            body.innerHTML = answer.html; // sanitised by the server's renderer
            panel.classList.remove("failed");
          }
        })
        .catch(function () {
          if (number === sent) {
            body.textContent = textarea.dataset.previewFailed || "";
            panel.classList.add("failed");
          }
        });
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, DELAY_MS);
    });
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-preview-url]").forEach(setUp);
  });
})();
