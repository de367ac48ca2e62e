// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  function focusErrorSummary() {
    // Move focus to the error summary so screen-reader and keyboard users learn what went wrong first.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusErrorSummary);
  document.addEventListener("htmx:afterSwap", focusErrorSummary);
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
