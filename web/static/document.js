// The document view: the sentence a citation points at (#p12-s3) is marked by CSS (:target); "Copy citation"
// copies the hearing, date, speaker, paragraph and permalink of that sentence (of the paragraph, or of the
// document when the address names neither).
(function () {
  "use strict";
  var button = document.getElementById("copy-citation");
  var status = document.getElementById("copy-status");
  var article = document.querySelector("article.document");
  var t = JSON.parse(document.getElementById("chat-messages").textContent);
  if (!button || !article || !navigator.clipboard) return;
  button.hidden = false;

  function citation() {
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var paragraph = target ? target.closest(".paragraph") : null;
    var parts = [];
    if (target && target.classList.contains("sentence")) parts.push("\u201c" + target.textContent + "\u201d");
    if (paragraph && paragraph.getAttribute("data-speaker")) parts.push(paragraph.getAttribute("data-speaker"));
    parts.push(article.getAttribute("data-title"));
    parts.push(article.getAttribute("data-date") || t.undated);
    if (paragraph) parts.push("\u00b6" + paragraph.value);
    var link = location.origin + location.pathname + (target ? "#" + target.id : "");
    return parts.join(", ") + ". " + link;
  }

  button.addEventListener("click", function () {
    navigator.clipboard.writeText(citation()).then(function () {
      status.textContent = t.copied;
    }, function () { status.textContent = t.copy_failed; });
  });
})();
