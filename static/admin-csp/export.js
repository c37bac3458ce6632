// The export page's "Select all" (templates/admin/import_export/export.html): what its inline
// onchange did, which the Content Security Policy blocks. Ticks or clears every field.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", () => {
      const boxes = document.querySelectorAll(
        '.selectable-field-export-row input[type="checkbox"]',
      );
      boxes.forEach((box) => {
        box.checked = toggle.checked;
      });
    });
  });
});
