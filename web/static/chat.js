// Progressive enhancement of the chat form: ask over the JSON API, show each answer as a card (the answering
// sentence first, numbered source chips with a preview, the passages folded below), send the previous turn with
// a follow-up, and keep the conversation in this browser (localStorage) across reloads until "New conversation".
// Every text from the record or the user is set with textContent, never as HTML. In the widget's frame (/embed)
// Escape asks the host page to close the chat, and the host's colour comes in as data-accent.
(function () {
  "use strict";
  var form = document.getElementById("ask-form");
  var input = document.getElementById("question");
  var conversation = document.getElementById("conversation");
  var errorLine = document.getElementById("ask-error");
  var statusLine = document.getElementById("ask-status");
  var previousQuestion = document.getElementById("previous-question");
  var previousSpeaker = document.getElementById("previous-speaker");
  var previousShown = document.getElementById("previous-shown");
  var newConversation = document.getElementById("new-conversation");
  var body = document.body;
  var embedded = body.getAttribute("data-embedded") === "true";
  var t = JSON.parse(document.getElementById("chat-messages").textContent);
  var STORE = "cityqa:conversation:" + (embedded ? "embed" : "chat");
  var KEPT = 50;  // exchanges kept in the browser
  var ICONS = { answered: "\u2713", uncertain: "?", abstained: "\u2013" };
  var OUTCOMES = { answered: t.outcome_answered, uncertain: t.outcome_uncertain, abstained: t.outcome_abstained };
  var accent = body.getAttribute("data-accent");
  if (accent) document.documentElement.style.setProperty("--accent", accent);
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

  function linkTo(href, text) {
    var link = el("a", null, text);
    link.href = href;
    if (embedded) { link.target = "_blank"; link.rel = "noopener"; }
    return link;
  }

  // The citation's address: the sentence's permalink with the way back to this answer (?answer=).
  function citeHref(passage, id) { return passage.permalink.replace("#", "?answer=" + id + "#"); }

  function quote(passage, mark) {
    var block = el("blockquote");
    block.setAttribute("lang", /[\u3400-\u9fff]/.test(passage.text) ? "zh" : "en");  // quoted as recorded
    // The span counts code points (as Python does); a JavaScript string counts UTF-16 units.
    var span = passage.highlight_span, text = Array.from(passage.text);
    if (!mark || !passage.marked || !span || span[0] >= span[1]) { block.textContent = passage.text; return block; }
    block.appendChild(document.createTextNode(text.slice(0, span[0]).join("")));
    block.appendChild(el("mark", null, text.slice(span[0], span[1]).join("")));
    block.appendChild(document.createTextNode(text.slice(span[1]).join("")));
    return block;
  }

  function labelled(className, label, text) {
    var line = el("p", className);
    line.appendChild(el("span", "who", label));
    line.appendChild(document.createTextNode(" " + text));
    return line;
  }

  function citationText(passage) {
    var parts = ["\u201c" + passage.highlight + "\u201d"];
    var who = passage.speaker;
    if (who) parts.push(who.name + (who.role ? " (" + who.role + ")" : ""));
    parts.push(passage.document.title, passage.document.date || t.undated, "\u00b6" + passage.paragraph);
    return parts.join(", ") + ". " + location.origin + passage.permalink;
  }

  function copyButton(passage) {
    var button = el("button", "copy-citation", t.copy_citation);
    button.type = "button";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(citationText(passage)).then(function () {
        button.textContent = t.copied;
      }, function () { button.textContent = t.copy_failed; });
    });
    return button;
  }

  function passageItem(passage, data) {
    var li = el("li", "passage");
    li.setAttribute("data-permalink", passage.permalink);
    if (passage.speaker) {
      var who = el("p", "speaker", passage.speaker.name);
      if (passage.speaker.role) {
        who.appendChild(document.createTextNode(", "));
        who.appendChild(el("span", "role", passage.speaker.role));
      }
      li.appendChild(who);
    }
    li.appendChild(quote(passage, shown(data)));
    var cite = el("p", "cite");
    cite.appendChild(linkTo(citeHref(passage, data.id), passage.document.title + ", \u00b6" + passage.paragraph));
    if (passage.document.date) cite.appendChild(document.createTextNode(" \u00b7 " + passage.document.date));
    li.appendChild(cite);
    return li;
  }

  function chip(passage, number, data) {
    var details = el("details", "chip");
    var summary = el("summary", null, String(number));
    summary.setAttribute("aria-label",
                         t.source + " " + number + ": " + passage.document.title + ", \u00b6" + passage.paragraph);
    details.appendChild(summary);
    var preview = el("div", "preview");
    if (passage.speaker) {
      preview.appendChild(el("span", "preview-who speaker", passage.speaker.name + ":"));
      preview.appendChild(document.createTextNode(" "));
    }
    var said = el("span", "quoted", "\u201c" + passage.highlight + "\u201d");
    said.setAttribute("lang", data.record_language || document.documentElement.lang);
    preview.appendChild(said);
    preview.appendChild(document.createTextNode(" "));
    preview.appendChild(linkTo(citeHref(passage, data.id), t.open_source + ", \u00b6" + passage.paragraph));
    details.appendChild(preview);
    return details;
  }

  function feedbackForm(id) {
    var box = el("form", "feedback");
    var fieldset = el("fieldset");
    fieldset.appendChild(el("legend", null, t.helpful));
    var comment = el("textarea");
    comment.name = "comment"; comment.maxLength = 500; comment.rows = 2;
    [[true, t.yes], [false, t.no]].forEach(function (choice) {
      var button = el("button", null, choice[1]);
      button.type = "button";
      button.addEventListener("click", function () { sendFeedback(box, id, choice[0], comment.value); });
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
    var payload = { id: id, helpful: helpful };
    if (comment.trim()) payload.comment = comment.trim();
    postJSON("/api/feedback", payload).then(function () {
      var thanks = el("p", "notice", t.thanks);
      thanks.setAttribute("role", "status");
      thanks.tabIndex = -1;
      box.replaceWith(thanks);
      thanks.focus();
    }).catch(function (error) { errorLine.textContent = error.message || t.failed; });
  }

  // What the product says before the quoted answer, in the interface's language (as web/i18n.py lead_line says
  // it for the no-JS page): who said the answer, from the structured lead.
  function leadText(data) {
    var parts = data.lead_parts;
    if (!parts) return "";
    var who = parts.role ? parts.speaker + " (" + parts.role + ")" : parts.speaker;
    var said = { said: t.lead_said, asked: t.lead_asked,
                 answered: parts.asker ? t.lead_answered : t.lead_answered_unknown,
                 confirmed: parts.asker ? t.lead_confirmed : t.lead_confirmed_unknown,
                 named: parts.several ? t.lead_named_several : t.lead_named }[parts.act] || t.lead_said;
    return said.replace("{who}", who).replace("{asker}", parts.asker || "").replace("{reply}", parts.reply || "");
  }

  // The passages answer, or (asked what someone said who never speaks) show where the record names them.
  function shown(data) {
    var unsaid = data.abstained && data.lead_parts && data.lead_parts.act === "named";
    return data.passages.length > 0 && (!data.abstained || unsaid);
  }

  function card(data) {
    var item = el("li", "exchange");
    item.id = "answer-" + data.id;
    item.setAttribute("data-answer-id", data.id);
    item.appendChild(labelled("question", t.you_asked, data.question));
    if (data.understood !== data.question) item.appendChild(labelled("understood", t.understood, data.understood));
    var reply = el("div", "reply outcome-" + data.outcome + (data.abstained ? " abstained" : ""));
    var outcome = el("p", "outcome");
    var icon = el("span", "outcome-icon", ICONS[data.outcome]);
    icon.setAttribute("aria-hidden", "true");
    outcome.appendChild(icon);
    outcome.appendChild(document.createTextNode(" " + OUTCOMES[data.outcome]));
    reply.appendChild(outcome);
    var answer = el("p", "answer");
    var recordLang = data.record_language || document.documentElement.lang;
    if (shown(data)) {
      var lead = leadText(data);
      if (lead) {
        answer.appendChild(el("span", "lead", lead));
        answer.appendChild(document.createTextNode(" "));
      }
      var sentence = el("mark", "answer-sentence quoted", data.passages[0].highlight.trim());
      sentence.setAttribute("lang", recordLang);
      answer.appendChild(sentence);
      reply.appendChild(answer);
      if (data.record_language && data.record_language !== document.documentElement.lang) {
        reply.appendChild(el("p", "source-note", t.source_other));
      }
      var chips = el("div", "chips");
      chips.appendChild(el("span", "chips-label", t.sources));
      data.passages.forEach(function (passage, i) { chips.appendChild(chip(passage, i + 1, data)); });
      reply.appendChild(chips);
    } else {
      answer.textContent = t.not_in_record;
      reply.appendChild(answer);
    }
    if (data.passages.length) {
      var sources = el("details", "sources");
      sources.appendChild(el("summary", null, t.show_passages + " (" + data.passages.length + ")"));
      sources.appendChild(el("h2", "passages-title", shown(data) ? t.from_record : t.related));
      var list = el("ol", "passages");
      data.passages.forEach(function (passage) { list.appendChild(passageItem(passage, data)); });
      sources.appendChild(list);
      reply.appendChild(sources);
    }
    var actions = el("div", "card-actions");
    actions.appendChild(linkTo("/a/" + data.id, t.share));
    actions.lastChild.className = "share";
    actions.appendChild(feedbackForm(data.id));
    reply.appendChild(actions);
    item.appendChild(reply);
    enhance(item, data);
    return item;
  }

  // What the server or card() drew gets its behaviour: chips preview on hover (tap and keyboard use the
  // <details> itself), one preview open at a time, and a "Copy citation" button for each passage.
  function enhance(item, data) {
    var chips = item.querySelectorAll("details.chip");
    Array.prototype.forEach.call(chips, function (details) {
      var byHover = false;
      // A mouse previews on hover; a touch (whose taps also send mouse events) opens the preview by the tap alone.
      details.addEventListener("pointerenter", function (event) {
        if (event.pointerType === "mouse" && !details.open) { byHover = true; details.open = true; }
      });
      details.addEventListener("pointerleave", function (event) {
        if (event.pointerType === "mouse" && byHover) details.open = false;
        byHover = false;
      });
      details.addEventListener("toggle", function () {
        if (!details.open) return;
        Array.prototype.forEach.call(chips, function (other) { if (other !== details) other.open = false; });
      });
      // Escape closes an open preview first (in the widget, only the next Escape closes the chat).
      details.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || !details.open) return;
        event.stopPropagation();
        byHover = false;
        details.open = false;
        details.querySelector("summary").focus();
      });
      // A click on a chip the mouse already opened pins its preview rather than closing it.
      details.querySelector("summary").addEventListener("click", function (event) {
        if (byHover) event.preventDefault();
        byHover = false;
      });
    });
    if (!navigator.clipboard || !data) return;
    Array.prototype.forEach.call(item.querySelectorAll(".passage"), function (li, i) {
      if (data.passages[i]) li.querySelector(".cite").appendChild(copyButton(data.passages[i]));
    });
  }

  function serverAnswer() {
    var node = document.getElementById("answer-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function conversationKept() {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }

  function keep(data) {
    var kept = conversationKept().concat([data]).slice(-KEPT);
    try { localStorage.setItem(STORE, JSON.stringify(kept)); } catch (e) { /* storage full or refused */ }
  }

  function remember(data) {
    previousQuestion.value = data.understood;
    var top = data.passages[0];
    previousSpeaker.value = !data.abstained && top && top.speaker ? top.speaker.name : "";
    previousShown.value = data.passages.map(function (p) { return p.id; }).join(" ");
  }

  function started() {
    ["intro", "suggested"].forEach(function (id) {
      var node = document.getElementById(id);
      if (node) node.remove();
    });
    if (newConversation) newConversation.hidden = false;
  }

  function postJSON(url, payload) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(typeof data.detail === "string" ? data.detail : t.failed);
        return data;
      });
    });
  }

  function ask(question) {
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    statusLine.textContent = t.asking;
    errorLine.textContent = "";
    input.removeAttribute("aria-invalid");
    var payload = { question: question };
    if (previousQuestion.value) {
      payload.context = { question: previousQuestion.value, speaker: previousSpeaker.value || null,
                          shown: previousShown.value ? previousShown.value.split(" ") : [] };
    }
    postJSON("/api/ask", payload).then(function (data) {
      started();
      keep(data);
      var item = card(data);
      conversation.appendChild(item);
      item.scrollIntoView({ block: "start" });
      remember(data);
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
    // Nothing typed, or '???' or emoji alone (nothing to search for: the server would say so in English)
    var problem = !question ? t.empty : (!/[\p{L}\p{N}]/u.test(question) ? t.no_words : null);
    if (problem) {
      errorLine.textContent = problem;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", "ask-error");
      input.focus();
      return;
    }
    ask(question);
  });

  Array.prototype.forEach.call(document.querySelectorAll("a.suggestion"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      input.value = link.textContent;
      ask(link.textContent);
    });
  });

  if (newConversation) {
    newConversation.addEventListener("click", function (event) {
      event.preventDefault();
      try { localStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
      location.href = newConversation.getAttribute("href");
    });
  }

  // A page the server answered (a ?q= link opened in a new tab) joins the conversation this browser keeps, and
  // the address becomes the chat's own, so that a reload shows the whole conversation; an empty chat shows the
  // kept conversation, and goes to the answer the address names (#answer-<id>).
  var answered = serverAnswer();
  if (answered) {
    var before = conversationKept();
    if (!before.length || before[before.length - 1].id !== answered.id) keep(answered);
    Array.prototype.forEach.call(conversation.querySelectorAll(".exchange"), function (node) { node.remove(); });
    history.replaceState(null, "", form.getAttribute("action"));
  }
  var kept = conversationKept();
  if (kept.length) {
    started();
    kept.forEach(function (data) { conversation.appendChild(card(data)); });
    remember(kept[kept.length - 1]);
    var wanted = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    (wanted || conversation.lastElementChild).scrollIntoView({ block: "start" });
  }
  // Back from a citation to an answer this browser does not keep (a shared one): its read-only page.
  var named = /^#answer-([0-9a-f]{1,64})$/.exec(location.hash);
  if (named && !document.getElementById("answer-" + named[1])) location.replace("/a/" + named[1]);
})();
