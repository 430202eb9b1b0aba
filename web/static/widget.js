// cityqa widget, one tag on a city's page:
// <script src="https://HOST/widget.js" data-title="..." data-lang="en" data-position="right" data-color="#0b5cad"
//         data-welcome="A first message" data-suggestions="A question?|Another question?" data-open="true" defer>
// Draws a launcher that opens the chat of HOST in an iframe. Its styles live in a shadow root, so the page's CSS
// cannot reach the widget and the widget adds no CSS to the page. The page may open it from its own button:
// window.cityqa.open() / .close() / .toggle(), or document.dispatchEvent(new Event("cityqa:open")). No dependencies.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !Element.prototype.attachShadow) return;
  var host = new URL(script.src, location.href).origin;
  var lang = script.getAttribute("data-lang") === "zh" ? "zh" : "en";
  var title = script.getAttribute("data-title") || (lang === "zh" ? "查询记录" : "Ask the record");
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  var color = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(script.getAttribute("data-color") || "") ?
    script.getAttribute("data-color") : "#0b5cad";
  var ink = readableOn(color);
  var welcome = (script.getAttribute("data-welcome") || "").slice(0, 300);
  var suggestions = (script.getAttribute("data-suggestions") || "").split("|")
    .map(function (s) { return s.trim(); }).filter(Boolean).slice(0, 6);
  var css =
    ":host{all:initial}" +
    "*{box-sizing:border-box}" +
    ".launcher{position:fixed;bottom:20px;" + side + ":20px;font:600 16px/1.2 system-ui,sans-serif;color:" + ink + ";" +
    "background:" + color + ";border:0;border-radius:999px;padding:12px 20px;cursor:pointer;" +
    "box-shadow:0 2px 10px rgba(0,0,0,.3)}" +
    ".launcher:focus-visible,.close:focus-visible{outline:3px solid #1b1f24;outline-offset:2px}" +
    ".panel{position:fixed;bottom:84px;" + side + ":20px;width:380px;height:min(600px,calc(100vh - 104px));" +
    "display:flex;flex-direction:column;background:#fff;border-radius:12px;overflow:hidden;" +
    "box-shadow:0 8px 32px rgba(0,0,0,.3);font:16px/1.4 system-ui,sans-serif;color:#1b1f24}" +
    ".panel[hidden]{display:none}" +
    ".bar{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:6px 6px 6px 16px;" +
    "background:" + color + ";color:" + ink + "}" +
    ".bar h2{font:600 16px/1.2 system-ui,sans-serif;margin:0}" +
    ".close{font:600 22px/1 system-ui,sans-serif;color:" + ink + ";background:transparent;border:0;border-radius:6px;" +
    "width:40px;height:40px;cursor:pointer}" +
    "iframe{flex:1;width:100%;border:0;background:#fff}" +
    "@media (max-width:480px){.panel{inset:0;width:100%;height:100%;border-radius:0}}";

  // White text on the colour when it reads (WCAG 4.5:1), else dark ink.
  function readableOn(hex) {
    var digits = hex.slice(1);
    if (digits.length === 3) digits = digits.replace(/./g, "$&$&");
    var lum = [0, 2, 4].map(function (i) {
      var c = parseInt(digits.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var luminance = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    return 1.05 / (luminance + 0.05) >= 4.5 ? "#fff" : "#1b1f24";
  }

  function chatAddress() {
    var query = new URLSearchParams({ lang: lang });
    if (script.getAttribute("data-color")) query.set("color", color);
    if (welcome) query.set("welcome", welcome);
    suggestions.forEach(function (s) { query.append("suggest", s); });
    return host + "/embed?" + query.toString();
  }

  function build() {
    var holder = document.createElement("cityqa-widget");
    [["all", "initial"], ["position", "fixed"], ["z-index", "2147483000"], ["bottom", "0"], [side, "0"],
     ["display", "block"], ["width", "0"], ["height", "0"]].forEach(function (rule) {
      holder.style.setProperty(rule[0], rule[1], "important");
    });
    var root = holder.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent = css;
    var launcher = element("button", "launcher", title);
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "cityqa-panel");
    var panel = element("div", "panel");
    panel.id = "cityqa-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", title);
    var bar = element("div", "bar");
    var close = element("button", "close", "×");
    close.type = "button";
    close.setAttribute("aria-label", lang === "zh" ? "关闭" : "Close");
    bar.appendChild(element("h2", null, title));
    bar.appendChild(close);
    panel.appendChild(bar);
    root.appendChild(style);
    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(holder);
    var frame = null;
    var focusOnLoad = true;
    var returnTo = null;  // where focus goes back when the chat closes: the launcher, or the page's own button

    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }

    function focusChat() {
      if (!focusOnLoad) { focusOnLoad = true; return; }
      frame.focus();
      frame.contentWindow.postMessage({ type: "cityqa:focus" }, host);
    }

    function open(takeFocus) {
      if (!panel.hidden) return;
      var active = document.activeElement;
      returnTo = active && active !== document.body && active !== holder ? active : launcher;
      if (!frame) {
        focusOnLoad = takeFocus !== false;
        frame = element("iframe");
        frame.title = title;
        frame.src = chatAddress();
        frame.addEventListener("load", focusChat);
        panel.appendChild(frame);
      } else if (takeFocus !== false) {
        setTimeout(focusChat, 0);
      }
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
    }

    function shut() {
      if (panel.hidden) return;
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      (returnTo && document.contains(returnTo) ? returnTo : launcher).focus();
    }

    launcher.addEventListener("click", function () { if (panel.hidden) open(); else shut(); });
    close.addEventListener("click", shut);
    root.addEventListener("keydown", function (event) { if (event.key === "Escape") shut(); });
    window.addEventListener("message", function (event) {
      if (frame && event.source === frame.contentWindow && event.origin === host &&
          event.data && event.data.type === "cityqa:close") shut();
    });
    // The host page's own buttons: a small API and events, both on the page's window and document.
    window.cityqa = {
      open: function () { open(); },
      close: shut,
      toggle: function () { if (panel.hidden) open(); else shut(); }
    };
    document.addEventListener("cityqa:open", function () { open(); });
    document.addEventListener("cityqa:close", shut);
    if (script.getAttribute("data-open") === "true") open(false);  // open, without taking the page's focus
  }

  if (document.body) build(); else document.addEventListener("DOMContentLoaded", build);
})();
