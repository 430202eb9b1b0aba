// Progressive enhancement of the chat form: ask over the JSON API, keep the conversation on the page and
// send the previous turn with a follow-up. Every text from the record or the user is set with textContent,
// never as HTML. In the widget's frame (/embed) Escape asks the host page to close the chat.
(function () {
  "use strict";
  var form = document.getElementById("ask-form");
  var input = document.getElementById("question");
  var conversation = document.getElementById("conversation");
  var errorLine = document.getElementById("ask-error");
  var statusLine = document.getElementById("ask-status");
  var previousQuestion = document.getElementById("previous-question");
  var previousSpeaker = document.getElementById("previous-speaker");
  var embedded = document.body.getAttribute("data-embedded") === "true";
  var t = JSON.parse(document.getElementById("chat-messages").textContent);
  if (embedded) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") window.parent.postMessage({ type: "cityqa:close" }, "*");
    });
    window.addEventListener("message", function (event) {
      if (event.source === window.parent && event.data && event.data.type === "cityqa:focus") input.focus();
    });
  }
  if (!form || !window.fetch) return;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function quote(passage, mark) {
    var block = el("blockquote");
    block.setAttribute("lang", /[\u3400-\u9fff]/.test(passage.text) ? "zh" : "en");  // quoted as recorded
    var at = mark && passage.marked && passage.highlight ? passage.text.indexOf(passage.highlight) : -1;
    if (at < 0) { block.textContent = passage.text; return block; }
    block.appendChild(document.createTextNode(passage.text.slice(0, at)));
    block.appendChild(el("mark", null, passage.highlight));
    block.appendChild(document.createTextNode(passage.text.slice(at + passage.highlight.length)));
    return block;
  }

  function labelled(className, label, text) {
    var line = el("p", className);
    line.appendChild(el("span", "who", label));
    line.appendChild(document.createTextNode(" " + text));
    return line;
  }

  function passageItem(passage, abstained) {
    var li = el("li", "passage");
    if (passage.speaker) {
      var who = el("p", "speaker", passage.speaker.name);
      if (passage.speaker.role) {
        who.appendChild(document.createTextNode(", "));
        who.appendChild(el("span", "role", passage.speaker.role));
      }
      li.appendChild(who);
    }
    li.appendChild(quote(passage, !abstained));
    var cite = el("p", "cite");
    var link = el("a", null, passage.document.title + ", ¶" + passage.paragraph);
    link.href = passage.document.url;
    if (embedded) { link.target = "_blank"; link.rel = "noopener"; }
    cite.appendChild(link);
    if (passage.document.date) cite.appendChild(document.createTextNode(" · " + passage.document.date));
    li.appendChild(cite);
    return li;
  }

  function feedbackForm(data) {
    var box = el("form", "feedback");
    var fieldset = el("fieldset");
    fieldset.appendChild(el("legend", null, t.helpful));
    var comment = el("textarea");
    comment.name = "comment"; comment.maxLength = 500; comment.rows = 2;
    [[true, t.yes], [false, t.no]].forEach(function (choice) {
      var button = el("button", null, choice[1]);
      button.type = "button";
      button.addEventListener("click", function () { sendFeedback(box, data.id, choice[0], comment.value); });
      fieldset.appendChild(button);
    });
    var details = el("details", "comment");
    details.appendChild(el("summary", null, t.add_comment));
    var label = el("label", null, t.comment + " ");
    label.appendChild(comment);
    details.appendChild(label);
    fieldset.appendChild(details);
    box.appendChild(fieldset);
    return box;
  }

  function sendFeedback(box, id, helpful, comment) {
    var body = { id: id, helpful: helpful };
    if (comment.trim()) body.comment = comment.trim();
    postJSON("/api/feedback", body).then(function () {
      var thanks = el("p", "notice", t.thanks);
      thanks.setAttribute("role", "status");
      thanks.tabIndex = -1;
      box.replaceWith(thanks);
      thanks.focus();
    }).catch(function (error) { errorLine.textContent = error.message || t.failed; });
  }

  // The answer sentence: what the product says in the interface's language (the refusal, or who said the
  // answer), then the highlight quoted as recorded (as web/i18n.py answer_parts says it for the no-JS page).
  function answerLine(data) {
    var line = el("p", "answer");
    if (data.abstained || !data.passages.length) { line.textContent = t.not_in_record; return line; }
    var parts = data.lead_parts;
    if (parts) {
      var who = parts.role ? parts.speaker + " (" + parts.role + ")" : parts.speaker;
      var said = { said: t.lead_said, asked: t.lead_asked,
                   answered: parts.asker ? t.lead_answered : t.lead_answered_unknown }[parts.act] || t.lead_said;
      line.appendChild(document.createTextNode(said.replace("{who}", who).replace("{asker}", parts.asker || "") + " "));
    }
    var quoted = el("span", "quoted", data.passages[0].highlight);
    quoted.setAttribute("lang", data.record_language || document.documentElement.lang);
    line.appendChild(quoted);
    return line;
  }

  function render(data) {
    var item = el("li", "exchange");
    item.setAttribute("data-answer-id", data.id);
    item.appendChild(labelled("question", t.you_asked, data.question));
    if (data.understood !== data.question) item.appendChild(labelled("understood", t.understood, data.understood));
    var reply = el("div", "reply" + (data.abstained ? " abstained" : ""));
    reply.appendChild(answerLine(data));
    if (data.outcome === "uncertain") reply.appendChild(el("p", "uncertain", t.uncertain));
    if (data.passages.length && data.record_language && data.record_language !== document.documentElement.lang) {
      reply.appendChild(el("p", "source-note", t.source_other));
    }
    if (data.passages.length) {
      reply.appendChild(el("h2", "passages-title", data.abstained ? t.related : t.from_record));
      var list = el("ol", "passages");
      data.passages.forEach(function (passage) { list.appendChild(passageItem(passage, data.abstained)); });
      reply.appendChild(list);
    }
    reply.appendChild(feedbackForm(data));
    item.appendChild(reply);
    conversation.appendChild(item);
    item.scrollIntoView({ block: "start" });
  }

  function postJSON(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(typeof data.detail === "string" ? data.detail : t.failed);
        return data;
      });
    });
  }

  function ask(question) {
    var button = form.querySelector("button");
    button.disabled = true;
    statusLine.textContent = t.asking;
    errorLine.textContent = "";
    input.removeAttribute("aria-invalid");
    var body = { question: question };
    if (previousQuestion.value) body.context = { question: previousQuestion.value, speaker: previousSpeaker.value || null };
    postJSON("/api/ask", body).then(function (data) {
      ["intro", "suggested"].forEach(function (id) {
        var node = document.getElementById(id);
        if (node) node.remove();
      });
      render(data);
      previousQuestion.value = data.understood;
      var top = data.passages[0];
      previousSpeaker.value = !data.abstained && top && top.speaker ? top.speaker.name : "";
      input.value = "";
    }).catch(function (error) {
      errorLine.textContent = error.message || t.failed;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", "ask-error");
    }).finally(function () {
      statusLine.textContent = "";
      button.disabled = false;
      input.focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question) { errorLine.textContent = t.empty; input.focus(); return; }
    ask(question);
  });

  Array.prototype.forEach.call(document.querySelectorAll("a.suggestion"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      input.value = link.textContent;
      ask(link.textContent);
    });
  });

  // Feedback forms the server rendered (after a no-JS answer) send over the API too.
  Array.prototype.forEach.call(document.querySelectorAll("form.feedback"), function (box) {
    var id = box.querySelector("input[name=answer_id]").value;
    var comment = box.querySelector("textarea");
    Array.prototype.forEach.call(box.querySelectorAll("button"), function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        sendFeedback(box, id, button.value === "true", comment.value);
      });
    });
  });
})();
