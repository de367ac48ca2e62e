// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  function focusErrorSummary() {
    // Move focus to the error summary so screen-reader and keyboard users learn what went wrong first.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusErrorSummary);

  // After a post, the confirmation is what the person needs to hear and see. When the redirect
  // points at a part of the page (#step-…), the message moves into that part, so the step stays in
  // view with its message on top; focus then takes the reader (and the screen reader) to it.
  function showMessages() {
    var region = document.querySelector("[data-messages]");
    if (!region || document.querySelector("[data-error-summary]")) { return; }
    var target = null;
    if (window.location.hash.length > 1) {
      try { target = document.getElementById(decodeURIComponent(window.location.hash.slice(1))); } catch (e) { target = null; }
    }
    if (target && target !== region && !target.contains(region)) {
      var heading = target.querySelector("h1, h2, h3, h4");
      if (heading && heading.parentNode === target) { heading.insertAdjacentElement("afterend", region); }
      else { target.insertBefore(region, target.firstChild); }
    }
    region.focus({ preventScroll: true });
    region.scrollIntoView({ block: "center" });
    // Chromium clears focus when it scrolls to a fragment that cannot take focus (after load):
    // give the focus back to the message then, unless the person has moved on.
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        if (!document.activeElement || document.activeElement === document.body) {
          region.focus({ preventScroll: true });
          region.scrollIntoView({ block: "nearest" });
        }
      }, 0);
    });
  }
  document.addEventListener("DOMContentLoaded", showMessages);
  document.addEventListener("htmx:afterSwap", focusErrorSummary);
  // A form answered in place (data-in-place) that cannot be (an error page, no connection) is sent
  // the plain way instead: the person then sees the whole answer, as without JavaScript. A plain
  // submit() leaves out the button pressed (a vote's "agree"), so it is remembered and added back.
  var pressed = new WeakMap();
  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-in-place")) { pressed.set(event.target, event.submitter); }
  }, true);
  function sendPlainly(event) {
    var form = event.detail.elt;
    if (!form || form.tagName !== "FORM" || !form.hasAttribute("data-in-place")) { return; }
    var button = pressed.get(form);
    if (button && button.name) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = button.name;
      field.value = button.value;
      form.appendChild(field);
    }
    form.submit();
  }
  document.addEventListener("htmx:responseError", sendPlainly);
  document.addEventListener("htmx:sendError", sendPlainly);
  // htmx posts need the CSRF token; read it from the cookie-free hidden input Django renders in forms,
  // or from the csrftoken cookie.
  document.addEventListener("htmx:configRequest", function (event) {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (match) { event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]); }
  });
})();

// Live-mode timers: <span data-countdown="seconds"> counts down to 0:00 (the server sends the start).
(function () {
  "use strict";
  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = Math.max(0, parseInt(el.getAttribute("data-countdown"), 10) - 1);
      el.setAttribute("data-countdown", String(left));
      el.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    });
  }
  setInterval(tick, 1000);
})();

// Autosave of ratings: <form id="…" data-autosave> owns radios elsewhere on the page (form="…").
// Each choice is sent at once, so nothing is lost when the person leaves without pressing save;
// the form's own submit (no JavaScript) still saves every choice on the page together.
(function () {
  "use strict";
  function autosave(form, input) {
    var body = new FormData();
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    body.append("csrfmiddlewaretoken", token ? token.value : "");
    body.append(input.name, input.value);
    var status = document.getElementById("saved-" + input.getAttribute("data-step"));
    if (status) { status.textContent = ""; }
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (status) {
        status.textContent = result.ok ? form.getAttribute("data-saved-text") : (result.data.error || form.getAttribute("data-failed-text"));
      }
    }).catch(function () {
      if (status) { status.textContent = form.getAttribute("data-failed-text"); }
    });
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.type !== "radio" || !input.form || !input.form.hasAttribute("data-autosave")) { return; }
    autosave(input.form, input);
  });
})();

// Live regions: <div data-live-stream="…" data-live-fragment="…"> shows what the server pushes
// (server-sent events, decision 0020). Whenever the stream is down — not yet open, cut, refused —
// the region polls the fragment every 2 s instead, and stops as soon as the stream is back (the
// server then sends the current fragment first, so nothing is missed). Without JavaScript the
// page says to reload.
(function () {
  "use strict";
  var POLL_MS = 2000;
  var REOPEN_MS = 15000;
  function follow(region) {
    var timer = null;
    var source = null;
    function show(html) {
      if (region.innerHTML !== html) { region.innerHTML = html; }
    }
    function poll() {
      fetch(region.getAttribute("data-live-fragment"), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null && region.getAttribute("data-live") !== "stream") { show(html); } })
        .catch(function () { /* offline: the next poll tries again */ });
    }
    function polling(on) {
      if (on && timer === null) { timer = window.setInterval(poll, POLL_MS); }
      if (!on && timer !== null) { window.clearInterval(timer); timer = null; }
    }
    function open() {
      source = new EventSource(region.getAttribute("data-live-stream"));
      source.addEventListener("open", function () {
        region.setAttribute("data-live", "stream");
        polling(false);
      });
      source.addEventListener("change", function (event) { show(event.data); });
      source.addEventListener("error", function () {
        region.setAttribute("data-live", "polling");
        polling(true);
        if (source.readyState === EventSource.CLOSED) { window.setTimeout(open, REOPEN_MS); }
      });
    }
    region.setAttribute("data-live", "polling");
    polling(true);
    if ("EventSource" in window) { open(); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live-stream]").forEach(follow);
  });
})();
