// Staff documents page: files dropped on the drop zone are uploaded through the same form as the file input
// (which works without this script), and the build's progress bar follows /admin/documents/status.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var zone = document.getElementById("drop-zone");
  var input = document.getElementById("files");
  if (form && zone && input) {
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      input.files = event.dataTransfer.files;
      form.requestSubmit();
    });
  }

  var box = document.getElementById("build-status");
  if (!box) { return; }
  var bar = document.getElementById("build-progress");
  var message = document.getElementById("build-message");
  var finished = Number(box.dataset.finished);
  function poll() {
    fetch("/admin/documents/status", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { return; }
        if (status.state === "building") {
          bar.max = status.total || 1;
          bar.value = status.total ? status.done : 0;
          message.textContent = "Building: " + status.message + " " + status.done + " / " + status.total +
            (status.waiting ? ". Another build waits in line." : "");
          setTimeout(poll, 700);
        } else if (status.finished !== finished) {
          window.location.reload();  // the list shows the new index
        }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  if (box.dataset.state === "building") { poll(); }
})();
