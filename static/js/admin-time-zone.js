// The admin's date and time widgets warn "Note: You are N hours ahead of server time" when the
// browser's UTC offset differs from the archive's. For an editor whose browser is in the
// archive's own zone (TIME_ZONE) that note is only noise: their clock and the archive's agree
// by name, and an offset that differs is an out-of-date time zone table (Kazakhstan moved to
// UTC+5 in 2024). For them the note is dropped; everything else about the widgets stays as
// Django made it ("Now" still converts to the archive's time), and editors elsewhere still
// see the note, which is true for them.
(function () {
  "use strict";
  var script = document.currentScript;
  var archiveZone = script && script.dataset.timeZone;
  var browserZone = "";
  try {
    browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!archiveZone || browserZone !== archiveZone || typeof window.DateTimeShortcuts === "undefined") {
    return;
  }
  window.DateTimeShortcuts.addTimezoneWarning = function () {};
})();
