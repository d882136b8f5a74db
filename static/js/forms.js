/*
 * The portal's forms, a little kinder on a phone. Without JavaScript they work the same: the
 * server finds every mistake, refuses a text that is too long and checks that a residential
 * area lies in the ward chosen.
 *
 * - Error summary (templates/core/_error_summary.html): a page shown again after a failed save
 *   moves the focus to the list of mistakes at its top, so that the screen shows it and a screen
 *   reader reads it; each link moves the focus to its field.
 * - Text limits: a field with data-maxlength (written by core.forms.FormRenderer instead of
 *   maxlength, with which a browser cuts a longer paste without a word) shows "123/1000" under
 *   it (a one-line field only near its limit), read out politely by screen readers once typing
 *   pauses; past the limit it turns red.
 * - Narrowed choices: a <select data-narrowed-by="id of another select" data-options-url="…">
 *   asks the URL for its options (JSON: {"options": [[value, label], …]}) whenever the other
 *   select changes, e.g. the residential areas of the ward chosen. With no ward chosen it offers
 *   what the page offered at first. A list of checkboxes under headings does the same
 *   ({"groups": [[heading, [[value, label], …]], …]}), keeping the boxes ticked. A select that
 *   is a chooser (data-chooser-url, static/js/chooser.js) narrows its own searches instead.
 */
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.scrollIntoView({ block: "start" });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) {
        return;
      }
      var field = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      // A chooser's select is hidden: its combobox takes the focus (static/js/chooser.js).
      if (field && field.getAttribute("data-chooser-input")) {
        field = document.getElementById(field.getAttribute("data-chooser-input")) || field;
      }
      if (field) {
        event.preventDefault();
        (target.closest(".mb-3") || target).scrollIntoView({ block: "start" });
        field.focus({ preventScroll: true });
      }
    });
  }

  function addCounter(field) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!limit || field.type === "hidden" || field.type === "number") {
      return;
    }
    var counter = document.createElement("div");
    counter.className = "form-text text-end char-count";
    counter.id = (field.id || field.name) + "_count";
    counter.setAttribute("aria-live", "polite");
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);
    field.insertAdjacentElement("afterend", counter);
    var timer = null;
    function show() {
      // Line breaks count once, as the server counts them.
      var length = field.value.replace(/\r\n/g, "\n").length;
      counter.textContent = length + "/" + limit;
      counter.classList.toggle("text-danger", length > limit);
      counter.classList.toggle("fw-semibold", length > limit);
      // A one-line field shows its counter only near its limit; a text area always.
      counter.hidden = field.tagName !== "TEXTAREA" && length < limit * 0.8;
    }
    show();
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(show, 300);
    });
  }

  function narrow(select) {
    var parent = document.getElementById(select.getAttribute("data-narrowed-by"));
    var url = select.getAttribute("data-options-url");
    if (!parent || !url) {
      return;
    }
    var original = select.innerHTML;
    var request = 0;
    function load() {
      var chosen = select.value;
      var number = ++request;
      if (!parent.value) {
        select.innerHTML = original;
        select.value = chosen;
        return;
      }
      var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "parent=" + encodeURIComponent(parent.value);
      fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (!data || number !== request) {
            return;
          }
          var empty = select.querySelector("option[value='']");
          select.innerHTML = "";
          if (empty) {
            select.appendChild(empty.cloneNode(true));
          }
          data.options.forEach(function (pair) {
            var option = document.createElement("option");
            option.value = pair[0];
            option.textContent = pair[1];
            select.appendChild(option);
          });
          select.value = chosen;
          if (select.value !== chosen) {
            select.value = "";
          }
        })
        .catch(function () {
          // Offline: the full list stays, and the server checks the choice.
        });
    }
    parent.addEventListener("change", load);
    if (parent.value) {
      load();
    }
  }

  // The same for a list of checkboxes under headings (templates/core/_checkbox_groups.html): the
  // boxes ticked stay, first, under their own heading; the others are those of the unit chosen.
  function narrowCheckboxes(box) {
    var parent = document.getElementById(box.getAttribute("data-narrowed-by"));
    var url = box.getAttribute("data-options-url");
    var name = box.getAttribute("data-checkbox-groups");
    if (!parent || !url || !name) {
      return;
    }
    var request = 0;
    parent.addEventListener("change", function () {
      if (!parent.value) {
        return;
      }
      var number = ++request;
      var ticked = Array.prototype.map.call(box.querySelectorAll("input:checked"), function (input) {
        return input.value;
      });
      var query = ["parent=" + encodeURIComponent(parent.value)];
      var date = document.getElementById(box.getAttribute("data-date-from") || "");
      if (date && date.value) {
        query.push("date=" + encodeURIComponent(date.value));
      }
      ticked.forEach(function (value) {
        query.push("chosen=" + encodeURIComponent(value));
      });
      fetch(url + "?" + query.join("&"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (!data || number !== request) {
            return;
          }
          box.innerHTML = "";
          var count = 0;
          data.groups.forEach(function (group, index) {
            var part = document.createElement("div");
            part.setAttribute("role", "group");
            var heading = document.createElement("div");
            heading.className = "fw-semibold small pt-2";
            heading.id = "id_" + name + "_group_" + index;
            heading.textContent = group[0];
            part.setAttribute("aria-labelledby", heading.id);
            part.appendChild(heading);
            group[1].forEach(function (pair) {
              var line = document.createElement("div");
              line.className = "form-check";
              var input = document.createElement("input");
              input.type = "checkbox";
              input.className = "form-check-input";
              input.name = name;
              input.value = pair[0];
              input.id = "id_" + name + "_" + count++;
              input.checked = ticked.indexOf(String(pair[0])) >= 0;
              var label = document.createElement("label");
              label.className = "form-check-label";
              label.htmlFor = input.id;
              label.textContent = pair[1];
              line.appendChild(input);
              line.appendChild(label);
              part.appendChild(line);
            });
            box.appendChild(part);
          });
        })
        .catch(function () {
          // Offline: the list stays as it was, and the server checks the choice.
        });
    });
  }

  function start() {
    document.querySelectorAll("input[data-maxlength], textarea[data-maxlength]").forEach(addCounter);
    document.querySelectorAll("select[data-narrowed-by]:not([data-chooser-url])").forEach(narrow);
    document.querySelectorAll("[data-checkbox-groups]").forEach(narrowCheckboxes);
    focusSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
