// cityqa widget: <script src="https://HOST/widget.js" data-title="..." data-lang="en" data-position="right" defer>
// Draws a launcher that opens the chat of HOST in an iframe. Its styles live in a shadow root, so the
// page's CSS cannot reach the widget and the widget adds no CSS to the page. No dependencies.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !Element.prototype.attachShadow) return;
  var host = new URL(script.src, location.href).origin;
  var lang = script.getAttribute("data-lang") === "zh" ? "zh" : "en";
  var title = script.getAttribute("data-title") || (lang === "zh" ? "查询记录" : "Ask the record");
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  var css =
    ":host{all:initial}" +
    "*{box-sizing:border-box}" +
    ".launcher{position:fixed;bottom:20px;" + side + ":20px;font:600 16px/1.2 system-ui,sans-serif;color:#fff;" +
    "background:#0b5cad;border:0;border-radius:999px;padding:12px 20px;cursor:pointer;" +
    "box-shadow:0 2px 10px rgba(0,0,0,.3)}" +
    ".launcher:focus-visible,.close:focus-visible{outline:3px solid #1b1f24;outline-offset:2px}" +
    ".panel{position:fixed;bottom:84px;" + side + ":20px;width:380px;height:min(600px,calc(100vh - 104px));" +
    "display:flex;flex-direction:column;background:#fff;border-radius:12px;overflow:hidden;" +
    "box-shadow:0 8px 32px rgba(0,0,0,.3);font:16px/1.4 system-ui,sans-serif;color:#1b1f24}" +
    ".panel[hidden]{display:none}" +
    ".bar{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:6px 6px 6px 16px;" +
    "background:#0b5cad;color:#fff}" +
    ".bar h2{font:600 16px/1.2 system-ui,sans-serif;margin:0}" +
    ".close{font:600 22px/1 system-ui,sans-serif;color:#fff;background:transparent;border:0;border-radius:6px;" +
    "width:40px;height:40px;cursor:pointer}" +
    "iframe{flex:1;width:100%;border:0;background:#fff}" +
    "@media (max-width:480px){.panel{inset:0;width:100%;height:100%;border-radius:0}}";

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

    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }

    function focusChat() {
      frame.focus();
      frame.contentWindow.postMessage({ type: "cityqa:focus" }, host);
    }

    function open() {
      if (!frame) {
        frame = element("iframe");
        frame.title = title;
        frame.src = host + "/embed?lang=" + lang;
        frame.addEventListener("load", focusChat);
        panel.appendChild(frame);
      } else {
        setTimeout(focusChat, 0);
      }
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
    }

    function shut() {
      if (panel.hidden) return;
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    }

    launcher.addEventListener("click", function () { if (panel.hidden) open(); else shut(); });
    close.addEventListener("click", shut);
    root.addEventListener("keydown", function (event) { if (event.key === "Escape") shut(); });
    window.addEventListener("message", function (event) {
      if (frame && event.source === frame.contentWindow && event.origin === host &&
          event.data && event.data.type === "cityqa:close") shut();
    });
  }

  if (document.body) build(); else document.addEventListener("DOMContentLoaded", build);
})();
