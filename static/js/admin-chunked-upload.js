// The Import pages: a file bigger than one piece is sent in pieces (a few MB per request,
// archive/transfer/chunks.py) with its progress on screen, then the form is submitted with
// the upload's id in place of the file. A piece that fails is sent again; the server says
// where the file stands. With JavaScript off the form sends the file whole.
(function () {
  "use strict";
  var RETRIES = 5;

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_match, key) {
      return values[key];
    });
  }

  function megabytes(bytes) {
    return (bytes / 1024 / 1024).toFixed(1);
  }

  function setUp(box) {
    var form = box.closest("form");
    var input = form && form.querySelector('input[type="file"][name="' + box.dataset.field + '"]');
    if (!input || !window.fetch || !window.Blob || !Blob.prototype.slice) {
      return;
    }
    var pieceBytes = parseInt(box.dataset.chunkBytes, 10);
    var maxBytes = parseInt(box.dataset.maxBytes, 10);
    var bar = box.querySelector("progress");
    var text = box.querySelector(".chunked-upload-text");
    var uploadId = box.querySelector('input[name="upload_id"]');
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
    var sending = false;

    function say(message, failed) {
      box.hidden = false;
      text.textContent = message;
      box.classList.toggle("chunked-upload-failed", Boolean(failed));
    }

    function post(url, body, contentType) {
      var headers = { "X-CSRFToken": token, Accept: "application/json" };
      if (contentType) {
        headers["Content-Type"] = contentType;
      }
      return fetch(url, { method: "POST", credentials: "same-origin", headers: headers, body: body })
        .then(function (response) {
          return response.json().then(
            function (data) {
              return { status: response.status, data: data };
            },
            function () {
              return { status: response.status, data: { error: "HTTP " + response.status + "." } };
            }
          );
        });
    }

    function begin(file) {
      var fields = new URLSearchParams();
      fields.set("name", file.name);
      fields.set("size", String(file.size));
      return post(box.dataset.chunkedUpload, fields, "application/x-www-form-urlencoded").then(
        function (answer) {
          if (answer.status !== 201) {
            throw new Error(answer.data.error);
          }
          return answer.data;
        }
      );
    }

    function wait(milliseconds) {
      return new Promise(function (resolve) {
        window.setTimeout(resolve, milliseconds);
      });
    }

    // One piece at `offset`; resolves to the bytes the server has. Sent again after a
    // network error or a server error; 409 says the server has it already.
    function piece(file, upload, offset, tries) {
      var end = Math.min(offset + upload.chunk_bytes, file.size);
      return post(upload.url + "?offset=" + offset, file.slice(offset, end), "application/octet-stream")
        .then(function (answer) {
          if (answer.status === 200 || answer.status === 409) {
            return answer.data.received;
          }
          var error = new Error(answer.data.error);
          error.final = answer.status < 500;
          throw error;
        })
        .catch(function (error) {
          if (error.final || tries >= RETRIES) {
            throw error;
          }
          return wait(1000 * (tries + 1)).then(function () {
            return piece(file, upload, offset, tries + 1);
          });
        });
    }

    function send(file, upload, offset) {
      if (offset >= file.size) {
        return Promise.resolve();
      }
      return piece(file, upload, offset, 0).then(function (received) {
        bar.max = file.size;
        bar.value = received;
        say(format(box.dataset.textSending, { done: megabytes(received), total: megabytes(file.size) }));
        return send(file, upload, received);
      });
    }

    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (sending) {
        event.preventDefault();
        return;
      }
      if (!file || file.size <= pieceBytes) {
        return; // small enough to go with the form
      }
      event.preventDefault();
      if (file.size > maxBytes) {
        say(format(box.dataset.textTooLarge, { size: megabytes(file.size), max: megabytes(maxBytes) }), true);
        return;
      }
      sending = true;
      var buttons = form.querySelectorAll('[type="submit"]');
      buttons.forEach(function (button) {
        button.disabled = true;
      });
      bar.removeAttribute("value");
      say(format(box.dataset.textSending, { done: "0.0", total: megabytes(file.size) }));
      begin(file)
        .then(function (upload) {
          return send(file, upload, 0).then(function () {
            return upload;
          });
        })
        .then(function (upload) {
          say(box.dataset.textSent);
          uploadId.value = upload.upload;
          input.disabled = true; // the form carries the id, not the file
          buttons.forEach(function (button) {
            button.disabled = false;
          });
          form.submit();
        })
        .catch(function (error) {
          sending = false;
          buttons.forEach(function (button) {
            button.disabled = false;
          });
          say(format(box.dataset.textFailed, { why: error.message || String(error) }), true);
        });
    });
  }

  document.querySelectorAll("[data-chunked-upload]").forEach(setUp);
})();
