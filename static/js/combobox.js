/* A WAI-ARIA 1.2 combobox (list autocomplete, no automatic selection) for a text field, shared by
   the header search box (search_box.js) and the submission form's municipality field
   (place_picker.js). The field keeps working as a plain text box without it.

   window.McCombobox.attach(input, options) where options are
     url(query)        → the address to fetch suggestions from ({results: [...]}), or null for none
     render(item)      → the option's content (a node)
     choose(item)      → what taking a suggestion does
     text              → {listLabel, none, one, many (with %(count)s), failed}: the words shown and
                         announced, from the template so that they are translated
     enterSubmits      → Enter on an open list without an active option sends the form (default: no)
     minLength, delay  → characters before asking, and the pause after a keystroke (ms)
   Returns {close, announce}. */
(function () {
  "use strict";

  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (content) { node.textContent = content; }
    return node;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function attach(input, options) {
    var text = options.text, minLength = options.minLength || 2, delay = options.delay || 150;
    var listbox = el("ul", { id: input.id + "-listbox", role: "listbox", "class": "combobox-list",
                             "aria-label": text.listLabel });
    listbox.hidden = true;
    var status = el("div", { role: "status", "aria-live": "polite", "class": "visually-hidden" });
    input.parentNode.classList.add("combobox");
    input.insertAdjacentElement("afterend", listbox);
    listbox.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");

    var results = [], active = -1, timer = null, controller = null;

    function announce(message) { status.textContent = message || ""; }

    function isOpen() { return !listbox.hidden; }

    function open() {
      listbox.style.top = (input.offsetTop + input.offsetHeight) + "px";
      listbox.style.left = input.offsetLeft + "px";
      listbox.style.minWidth = input.offsetWidth + "px";
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function setActive(index) {
      var items = listbox.children;
      if (items[active]) { items[active].setAttribute("aria-selected", "false"); }
      active = index;
      if (items[active]) {
        items[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[active].id);
        items[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function take(index) {
      var item = results[index];
      if (!item) { return; }
      close();
      options.choose(item);
    }

    function show(found) {
      results = found;
      active = -1;
      listbox.textContent = "";
      found.forEach(function (item, index) {
        var option = el("li", { id: listbox.id + "-" + index, role: "option", "aria-selected": "false",
                                "class": "combobox-option" });
        option.appendChild(options.render(item));
        option.addEventListener("click", function () { take(index); });
        listbox.appendChild(option);
      });
      if (found.length) { open(); } else { close(); }
      announce(found.length === 0 ? text.none : found.length === 1 ? text.one : format(text.many, { count: found.length }));
    }

    function lookUp() {
      var query = input.value.trim();
      var url = query.length < minLength ? null : options.url(query);
      if (controller) { controller.abort(); }
      if (!url) { results = []; close(); announce(""); return; }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === query) { show(data.results || []); } })
        .catch(function (error) {
          if (error.name !== "AbortError") { results = []; close(); announce(text.failed); }
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookUp, delay);
    });

    input.addEventListener("keydown", function (event) {
      var count = listbox.children.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!isOpen()) {
          if (results.length) { open(); } else { lookUp(); return; }
          if (event.altKey) { return; }
        }
        setActive(active + 1 >= count ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!isOpen()) { if (results.length) { open(); } else { return; } }
        setActive(active <= 0 ? count - 1 : active - 1);
      } else if (event.key === "Enter" && isOpen()) {
        if (active >= 0) {
          event.preventDefault();
          take(active);
        } else {
          if (!options.enterSubmits) { event.preventDefault(); }  // never send the form from an open list
          close();
        }
      } else if (event.key === "Escape" && isOpen()) {
        event.preventDefault();
        close();
      }
    });

    listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep focus in the field
    input.addEventListener("blur", function () { close(); });

    return { close: close, announce: announce };
  }

  window.McCombobox = { attach: attach, el: el, format: format };
}());
