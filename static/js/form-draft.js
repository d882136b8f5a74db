/*
 * Form drafts: nothing typed on a phone is lost.
 *
 * A form with data-form-draft="KEY" is saved to the browser's localStorage while it is
 * typed in (and when it is submitted). When the form is shown again with
 * data-form-draft-restore="true" (e.g. after the session expired and the cadre logged in
 * again), the draft is put back in the fields and an element [data-form-draft-notice] is
 * shown, with a [data-form-draft-discard] button to go back to the form's own values.
 * A page with an element data-form-draft-clear="KEY" (the page shown after a successful
 * save) drops the draft. Drafts older than MAX_AGE_MS are dropped too, so that residents'
 * data does not stay on a shared phone.
 *
 * Without JavaScript, or without localStorage, the forms work as usual.
 */
(function () {
  "use strict";

  var PREFIX = "form-draft:";
  var MAX_AGE_MS = 12 * 60 * 60 * 1000;
  var SKIPPED_TYPES = ["file", "password", "hidden", "submit", "button", "reset", "image"];
  var SKIPPED_NAMES = ["csrfmiddlewaretoken"];

  function getStorage() {
    try {
      var store = window.localStorage;
      var probe = PREFIX + "probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null;
    }
  }

  function isSaved(element) {
    return (
      element.name &&
      !element.disabled &&
      SKIPPED_TYPES.indexOf(element.type) === -1 &&
      SKIPPED_NAMES.indexOf(element.name) === -1
    );
  }

  function collect(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!isSaved(element)) {
        return;
      }
      if (element.type === "radio") {
        if (element.checked) {
          fields[element.name] = element.value;
        }
      } else if (element.type === "checkbox") {
        var boxes = form.querySelectorAll('input[type="checkbox"][name="' + CSS.escape(element.name) + '"]');
        if (boxes.length > 1) {
          fields[element.name] = fields[element.name] || [];
          if (element.checked) {
            fields[element.name].push(element.value);
          }
        } else {
          fields[element.name] = element.checked;
        }
      } else if (element.type === "select-multiple") {
        fields[element.name] = Array.prototype.filter
          .call(element.options, function (option) { return option.selected; })
          .map(function (option) { return option.value; });
      } else {
        fields[element.name] = element.value;
      }
    });
    return fields;
  }

  function restore(form, fields) {
    var changed = false;
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!isSaved(element) || !Object.prototype.hasOwnProperty.call(fields, element.name)) {
        return;
      }
      var value = fields[element.name];
      if (element.type === "radio") {
        var checked = element.value === value;
        changed = changed || element.checked !== checked;
        element.checked = checked;
      } else if (element.type === "checkbox") {
        var on = Array.isArray(value) ? value.indexOf(element.value) !== -1 : value === true;
        changed = changed || element.checked !== on;
        element.checked = on;
      } else if (element.type === "select-multiple" && Array.isArray(value)) {
        Array.prototype.forEach.call(element.options, function (option) {
          var selected = value.indexOf(option.value) !== -1;
          changed = changed || option.selected !== selected;
          option.selected = selected;
        });
      } else if (typeof value === "string") {
        if (element.tagName === "SELECT") {
          var exists = Array.prototype.some.call(element.options, function (option) {
            return option.value === value;
          });
          if (!exists) {
            return;
          }
        }
        changed = changed || element.value !== value;
        element.value = value;
      }
    });
    return changed;
  }

  function read(store, key) {
    try {
      var draft = JSON.parse(store.getItem(PREFIX + key) || "null");
      if (!draft || typeof draft.fields !== "object" || Date.now() - draft.savedAt > MAX_AGE_MS) {
        store.removeItem(PREFIX + key);
        return null;
      }
      return draft.fields;
    } catch (error) {
      store.removeItem(PREFIX + key);
      return null;
    }
  }

  function write(store, key, form) {
    try {
      store.setItem(PREFIX + key, JSON.stringify({ savedAt: Date.now(), fields: collect(form) }));
    } catch (error) {
      /* Storage full or refused: the form still works, only without a draft. */
    }
  }

  function dropExpired(store) {
    var keys = [];
    for (var i = 0; i < store.length; i += 1) {
      var name = store.key(i);
      if (name && name.indexOf(PREFIX) === 0) {
        keys.push(name.slice(PREFIX.length));
      }
    }
    keys.forEach(function (key) { read(store, key); });
  }

  function setUp(store, form) {
    var key = form.getAttribute("data-form-draft");
    var notice = form.querySelector("[data-form-draft-notice]");
    if (form.getAttribute("data-form-draft-restore") === "true") {
      var fields = read(store, key);
      if (fields && restore(form, fields) && notice) {
        notice.hidden = false;
      }
    }
    var save = function () { write(store, key, form); };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
    var discard = form.querySelector("[data-form-draft-discard]");
    if (discard) {
      discard.addEventListener("click", function () {
        store.removeItem(PREFIX + key);
        form.reset();
        if (notice) {
          notice.hidden = true;
        }
      });
    }
  }

  function start() {
    var store = getStorage();
    if (!store) {
      return;
    }
    document.querySelectorAll("[data-form-draft-clear]").forEach(function (element) {
      store.removeItem(PREFIX + element.getAttribute("data-form-draft-clear"));
    });
    dropExpired(store);
    document.querySelectorAll("form[data-form-draft]").forEach(function (form) {
      setUp(store, form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
