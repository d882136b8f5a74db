/*
 * On logout, forget every form draft kept in this browser (they may hold a resident's
 * name or phone typed into a half-finished form). See form-draft.js.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-logout-form]");
  if (!form) {
    return;
  }
  form.addEventListener("submit", function () {
    try {
      var store = window.localStorage;
      for (var i = store.length - 1; i >= 0; i--) {
        var key = store.key(i);
        if (key && key.indexOf("form-draft:") === 0) {
          store.removeItem(key);
        }
      }
    } catch (error) {
      // No localStorage (private mode, disabled): nothing was kept.
    }
  });
})();
