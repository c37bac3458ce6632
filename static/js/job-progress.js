// The admin's job page: poll the job's status (JSON) and show it without a reload; reload
// once when the job ends, to show its result. With JavaScript off a meta refresh does this.
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root || root.dataset.finished === "true") {
    return;
  }
  var url = root.dataset.statusUrl;
  var delay = 1000 * (parseFloat(root.dataset.refreshSeconds) || 2);

  function part(name) {
    return root.querySelector('[data-job="' + name + '"]');
  }

  function setText(name, text) {
    var element = part(name);
    if (element) {
      element.textContent = text || "-";
    }
  }

  function show(status) {
    setText("state_label", status.state_label);
    setText("phase_label", status.phase_label);
    var phase = part("phase_wrap");
    if (phase) {
      phase.hidden = !status.phase_label;
    }
    setText("progress", status.progress);
    setText("elapsed", status.elapsed);
    setText("remaining", status.remaining);
    part("summary").textContent = status.summary || "";
    var bar = part("bar");
    if (status.total) {
      bar.max = status.total;
      bar.value = status.done;
    } else {
      bar.removeAttribute("value");
    }
    var cancel = part("cancel");
    if (cancel) {
      cancel.hidden = !status.can_cancel;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        window.setTimeout(poll, delay * 3);
      });
  }

  window.setTimeout(poll, delay);
})();
