/* The header search box: suggestions from GET /search/autocomplete/ as you type (a combobox, see
   combobox.js). Taking a suggestion opens its page; Enter without one sends the search form as
   before, and without this script the box is the plain search form. The words shown and announced
   come from the form's data attributes (templates/includes/header.html), so they are translated. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autocomplete]");
  var input = form && form.elements.namedItem("q");
  if (!input || !window.fetch || !window.McCombobox) { return; }
  var text = form.dataset, el = McCombobox.el;

  var combobox = McCombobox.attach(input, {
    text: text,
    enterSubmits: true,
    url: function (query) { return text.autocomplete + "?q=" + encodeURIComponent(query); },
    render: function (item) {
      var content = document.createDocumentFragment();
      content.appendChild(el("span", { "class": "search-suggestion-label" }, item.label));
      var detail = item.context ? item.type_label + " · " + item.context : item.type_label;
      content.appendChild(el("span", { "class": "combobox-detail small" }, detail));
      return content;
    },
    choose: function (item) {
      input.value = item.label;
      combobox.announce(McCombobox.format(text.going, { label: item.label }));
      window.location.assign(item.url);
    }
  });
}());
