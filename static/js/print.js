/*
 * The "Print" button of a report: shown only when this script runs (the browser's own print
 * command works without it), it opens the print dialog; the print stylesheet does the rest.
 */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
