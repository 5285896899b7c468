/* A form sent back with errors: move focus to its error summary (#form-errors, role="alert"), so
   keyboard and screen-reader users start there; its links lead to the fields, which carry
   aria-invalid and aria-describedby pointing at their own messages. */
(function () {
  "use strict";
  var summary = document.getElementById("form-errors");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });
}());
