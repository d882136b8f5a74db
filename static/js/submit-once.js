/*
 * A form is sent once: while it is being sent, its submit buttons are disabled and say so.
 *
 * On a slow mobile network a tap that seems to do nothing is tapped again. The server absorbs a
 * repeated form anyway (each form carries a one-time key); this spares the second request. The
 * buttons are disabled just after the browser has started sending, so the tapped button's own
 * name and value still go with the form. They come back when the page is shown again from the
 * browser's history. Without JavaScript the forms work as before.
 */
(function () {
  "use strict";

  function buttonsOf(form) {
    return form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") {
      return;
    }
    if (event.defaultPrevented) {
      return;
    }
    window.setTimeout(function () {
      buttonsOf(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
      form.setAttribute("data-sending", "true");
    }, 0);
  });

  window.addEventListener("pageshow", function () {
    document.querySelectorAll('form[data-sending="true"]').forEach(function (form) {
      form.removeAttribute("data-sending");
      buttonsOf(form).forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });
})();
