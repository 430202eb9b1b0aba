// Progressive enhancement of the chat form: ask over the JSON API and keep the conversation on
// the page. Every text from the record or the user is set with textContent, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("ask-form");
  var input = document.getElementById("question");
  var conversation = document.getElementById("conversation");
  var errorLine = document.getElementById("ask-error");
  if (!form || !window.fetch) return;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function quote(passage) {
    var block = el("blockquote");
    var at = passage.highlight ? passage.text.indexOf(passage.highlight) : -1;
    if (at < 0) { block.textContent = passage.text; return block; }
    block.appendChild(document.createTextNode(passage.text.slice(0, at)));
    block.appendChild(el("mark", null, passage.highlight));
    block.appendChild(document.createTextNode(passage.text.slice(at + passage.highlight.length)));
    return block;
  }

  function render(data) {
    var item = el("li", "exchange");
    var question = el("p", "question");
    question.appendChild(el("span", "who", "You asked"));
    question.appendChild(document.createTextNode(" " + data.question));
    item.appendChild(question);
    var reply = el("div", "reply" + (data.abstained ? " abstained" : ""));
    reply.appendChild(el("p", "answer", data.answer));
    if (data.passages.length) {
      reply.appendChild(el("h3", "passages-title", data.abstained
        ? "Related passages (they do not answer the question)" : "From the record"));
      var list = el("ol", "passages");
      data.passages.forEach(function (passage) {
        var li = el("li", "passage");
        if (passage.speaker) {
          var who = el("p", "speaker", passage.speaker.name);
          if (passage.speaker.role) {
            who.appendChild(document.createTextNode(", "));
            who.appendChild(el("span", "role", passage.speaker.role));
          }
          li.appendChild(who);
        }
        li.appendChild(quote(passage));
        var cite = el("p", "cite");
        var link = el("a", null, passage.document.title);
        link.href = passage.document.url;
        cite.appendChild(link);
        if (passage.document.date) cite.appendChild(document.createTextNode(" · " + passage.document.date));
        li.appendChild(cite);
        list.appendChild(li);
      });
      reply.appendChild(list);
    }
    item.appendChild(reply);
    conversation.appendChild(item);
    item.scrollIntoView({ block: "start", behavior: "smooth" });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question) { errorLine.textContent = "Please type a question."; input.focus(); return; }
    var button = form.querySelector("button");
    button.disabled = true;
    errorLine.textContent = "";
    input.removeAttribute("aria-invalid");
    fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ question: question })
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(typeof data.detail === "string" ? data.detail : "The question could not be asked.");
        return data;
      });
    }).then(function (data) {
      var intro = document.getElementById("intro");
      if (intro) intro.remove();
      render(data);
      input.value = "";
    }).catch(function (error) {
      errorLine.textContent = error.message || "The answer could not be fetched; please try again.";
      input.setAttribute("aria-invalid", "true");
    }).finally(function () {
      button.disabled = false;
      input.focus();
    });
  });
})();
