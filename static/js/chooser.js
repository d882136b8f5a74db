/*
 * Choosers: a long list of units, organizations, people or authorities as a searchable combobox.
 *
 * The server renders a field whose list is longer than CHOOSER_THRESHOLD as a <select> that holds
 * only the chosen options, with data-chooser-url (the JSON endpoint and the signed token of the
 * field's list) and data-chooser-texts (what this script says, in the page's language); see
 * organizations/choosers.py. This script hides that select and puts in its place a text input
 * following the WAI-ARIA combobox pattern with a listbox popup:
 *
 * - typing asks the endpoint for the options whose name holds every word typed (diacritics and
 *   case ignored: "phuoc hoi" finds "Phước Hội"), a moment after the last key, 20 at a time;
 *   "More results", the last option, fetches the next 20;
 * - Down and Up move through the options (aria-activedescendant), Enter chooses one, Escape
 *   closes the list (and, closed, puts back the chosen name); Down opens the list;
 * - a live region says how many results there are, and a visible note when there are none;
 * - the field's <label> names the input and the list; help and errors still describe it;
 * - a multiple choice lists what is chosen above the input as buttons that remove it
 *   ("Remove Khu phố 2").
 *
 * The select stays in the form and carries the values posted; choosing sets it and sends it a
 * "change" event, so a select narrowed by it (static/js/forms.js) follows. A chooser whose select
 * has data-narrowed-by sends that select's value as ?parent=, which only narrows the list.
 * Without JavaScript the select works with what it holds; the server checks every choice.
 */
(function () {
  "use strict";

  var DELAY_MS = 250;
  var made = 0;

  function format(text, values) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function enhance(select) {
    var url = select.getAttribute("data-chooser-url");
    var texts;
    try {
      texts = JSON.parse(select.getAttribute("data-chooser-texts") || "{}");
    } catch (error) {
      texts = {};
    }
    var multiple = select.multiple;
    var base = (select.id || "chooser-" + ++made) + "_chooser";
    var label = select.id ? document.querySelector("label[for='" + CSS.escape(select.id) + "']") : null;
    var parent = document.getElementById(select.getAttribute("data-narrowed-by") || "");

    var box = element("div", "chooser position-relative");
    var chosen = null;
    if (multiple) {
      chosen = element("ul", "list-unstyled d-flex flex-wrap gap-1 mb-1");
      chosen.id = base + "_chosen";
      box.appendChild(chosen);
    }
    var input = element("input", "form-select");
    input.type = "text";
    input.id = base;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", base + "_listbox");
    input.disabled = select.disabled;
    if (select.classList.contains("is-invalid")) {
      input.classList.add("is-invalid");
    }
    ["aria-invalid", "aria-required"].forEach(function (name) {
      if (select.hasAttribute(name)) {
        input.setAttribute(name, select.getAttribute(name));
      }
    });
    if (select.required) {
      // The hidden select cannot show the browser's own "fill in this field": the server says it.
      select.required = false;
      input.setAttribute("aria-required", "true");
    }
    var help = element("div", "visually-hidden", texts.instructions || "");
    help.id = base + "_help";
    var described = [help.id];
    if (select.getAttribute("aria-describedby")) {
      described.push(select.getAttribute("aria-describedby"));
    }
    if (chosen) {
      described.push(chosen.id);
    }
    input.setAttribute("aria-describedby", described.join(" "));

    var listbox = element("ul", "list-group position-absolute w-100 shadow-sm");
    listbox.id = base + "_listbox";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    listbox.style.zIndex = "1050";
    listbox.style.maxHeight = "16rem";
    listbox.style.overflowY = "auto";
    var note = element("div", "form-text");
    note.hidden = true;
    var status = element("div", "visually-hidden");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    if (label) {
      label.htmlFor = input.id;
      if (!label.id) {
        label.id = base + "_label";
      }
      listbox.setAttribute("aria-labelledby", label.id);
      if (chosen) {
        chosen.setAttribute("aria-label", (texts.chosen || "") + ": " + label.textContent.replace(/\*/g, "").trim());
      }
    } else if (chosen) {
      chosen.setAttribute("aria-label", texts.chosen || "");
    }

    box.appendChild(input);
    box.appendChild(listbox);
    box.appendChild(note);
    box.appendChild(help);
    box.appendChild(status);
    select.insertAdjacentElement("afterend", box);
    select.hidden = true;
    select.tabIndex = -1;
    select.setAttribute("data-chooser-input", input.id);

    var results = [];
    var more = false;
    var page = 1;
    var active = -1;
    var asked = 0;
    var timer = null;

    function chosenLabel() {
      var option = select.options[select.selectedIndex];
      return option && option.value ? option.textContent : "";
    }

    function say(message, visible) {
      status.textContent = message;
      note.textContent = visible ? message : "";
      note.hidden = !visible;
    }

    function open() {
      if (!results.length && !more) {
        return;
      }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function items() {
      return listbox.querySelectorAll("[role=option]");
    }

    function setActive(index) {
      var options = items();
      if (!options.length) {
        return;
      }
      active = Math.max(0, Math.min(index, options.length - 1));
      Array.prototype.forEach.call(options, function (option, position) {
        var on = position === active;
        option.setAttribute("aria-selected", on ? "true" : "false");
        option.classList.toggle("active", on);
      });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function render() {
      listbox.innerHTML = "";
      results.forEach(function (pair, index) {
        var option = element("li", "list-group-item list-group-item-action text-wrap", pair[1]);
        option.id = base + "_option_" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-index", String(index));
        option.style.cursor = "pointer";
        option.style.overflowWrap = "anywhere";
        listbox.appendChild(option);
      });
      if (more) {
        var next = element("li", "list-group-item list-group-item-action fw-semibold", texts.more || "…");
        next.id = base + "_more";
        next.setAttribute("role", "option");
        next.setAttribute("aria-selected", "false");
        next.setAttribute("data-more", "true");
        next.style.cursor = "pointer";
        listbox.appendChild(next);
      }
    }

    function announce() {
      if (!results.length) {
        say(texts.none || "", true);
        return;
      }
      var count = format(results.length === 1 ? texts.one : texts.many, { count: results.length });
      say(more ? count + " " + (texts.moreAvailable || "") : count, false);
    }

    function search(number, text) {
      var query = text === undefined ? input.value : text;
      var address = url + "&q=" + encodeURIComponent(query.trim()) + "&page=" + number;
      if (parent && parent.value) {
        address += "&parent=" + encodeURIComponent(parent.value);
      }
      var ticket = ++asked;
      fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (ticket !== asked) {
            return;
          }
          if (!data) {
            say(texts.failed || "", true);
            return;
          }
          var first = number === 1 ? 0 : results.length;
          results = number === 1 ? data.results : results.concat(data.results);
          more = Boolean(data.more);
          page = number;
          render();
          announce();
          if (results.length || more) {
            open();
            if (number > 1) {
              setActive(first);
            }
          } else {
            close();
          }
        })
        .catch(function () {
          if (ticket === asked) {
            say(texts.failed || "", true);
          }
        });
    }

    function changed() {
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function addChip(option) {
      var item = element("li");
      var button = element("button", "btn btn-sm btn-outline-secondary text-start text-wrap");
      button.type = "button";
      button.setAttribute("aria-label", format(texts.remove, { name: option.textContent }));
      button.appendChild(document.createTextNode(option.textContent + " "));
      var cross = element("span", "", "×");
      cross.setAttribute("aria-hidden", "true");
      button.appendChild(cross);
      button.addEventListener("click", function () {
        option.remove();
        item.remove();
        changed();
        input.focus();
      });
      item.appendChild(button);
      chosen.appendChild(item);
    }

    function pick(index) {
      var options = items();
      var target = options[index];
      if (!target) {
        return;
      }
      if (target.hasAttribute("data-more")) {
        search(page + 1);
        return;
      }
      var pair = results[Number(target.getAttribute("data-index"))];
      var value = String(pair[0]);
      if (multiple) {
        var present = Array.prototype.some.call(select.options, function (option) {
          return option.value === value;
        });
        if (!present) {
          var added = new Option(pair[1], value, true, true);
          select.appendChild(added);
          addChip(added);
          changed();
        }
        input.value = "";
      } else {
        Array.prototype.slice.call(select.options).forEach(function (option) {
          if (option.value) {
            option.remove();
          }
        });
        select.appendChild(new Option(pair[1], value, true, true));
        select.value = value;
        input.value = pair[1];
        changed();
      }
      close();
      say(pair[1], false);
    }

    // What the input shows must be what the select holds: an emptied single choice is cleared
    // (when the field may be empty), a name typed but not chosen gives way to the chosen one.
    function settle() {
      if (multiple) {
        input.value = "";
        return;
      }
      if (!input.value.trim() && select.value && select.querySelector("option[value='']")) {
        select.value = "";
        changed();
      }
      input.value = chosenLabel();
    }

    input.value = multiple ? "" : chosenLabel();
    if (multiple) {
      Array.prototype.forEach.call(select.selectedOptions, addChip);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        search(1);
      }, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !listbox.hidden;
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (expanded) {
          setActive(active + 1);
        } else if (results.length && !event.altKey) {
          open();
          setActive(0);
        } else {
          search(1, multiple || input.value !== chosenLabel() ? input.value : "");
        }
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (expanded) {
          event.preventDefault();
          setActive(active - 1);
        }
      } else if (event.key === "Enter") {
        if (expanded) {
          event.preventDefault();
          if (active >= 0) {
            pick(active);
          } else {
            close();
          }
        } else {
          settle();
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (expanded) {
          event.preventDefault();
          close();
        } else {
          input.value = multiple ? "" : chosenLabel();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("click", function () {
      if (listbox.hidden) {
        search(1, multiple || input.value !== chosenLabel() ? input.value : "");
      }
    });

    // A tap or click on an option chooses it without taking the focus from the input.
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        pick(Array.prototype.indexOf.call(items(), option));
        input.focus();
      }
    });

    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) {
        close();
        settle();
      }
    });

    if (parent) {
      parent.addEventListener("change", function () {
        results = [];
        more = false;
      });
    }
  }

  function start() {
    document.querySelectorAll("select[data-chooser-url]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
