// Small progressive enhancements; every page works without them.
"use strict";

// "Copy the citation": the button stays hidden where the Clipboard API is missing.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  if (!navigator.clipboard) {
    return;
  }
  var source = document.getElementById(button.dataset.copy);
  var status = button.parentElement.querySelector(".copy-status");
  if (!source) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.textContent.replace(/\s+/g, " ").trim()).then(
      function () {
        if (status) {
          status.textContent = button.dataset.copied;
        }
      },
      function () {
        // Refused (no permission): the text stays on the page to select by hand.
      }
    );
  });
});
