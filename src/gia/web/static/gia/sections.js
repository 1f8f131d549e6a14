/* GIA data entry: a field that matters only for some answers of another field (data-when="name=a|b")
   is hidden while that field holds another answer. Without JavaScript every field stays visible. */
(function () {
  "use strict";
  document.querySelectorAll("[data-when]").forEach(function (field) {
    var spec = field.getAttribute("data-when").split("=");
    var form = field.closest("form");
    var control = form && form.elements.namedItem(spec[0]);
    if (!control || !control.addEventListener) { return; }
    var values = spec[1].split("|");
    function update() {
      var value = control.type === "checkbox" ? (control.checked ? "1" : "") : control.value;
      field.hidden = values.indexOf(value) < 0;
    }
    control.addEventListener("change", update);
    update();
  });
})();
/* Leaving a section with changes that are not saved asks first (the browser's own question). */
(function () {
  "use strict";
  var form = document.querySelector("form.section-form");
  if (!form) { return; }
  var changed = form.hasAttribute("data-unsaved");
  form.addEventListener("input", function () { changed = true; });
  form.addEventListener("change", function () { changed = true; });
  form.addEventListener("submit", function () { changed = false; });
  window.addEventListener("beforeunload", function (event) {
    if (changed) { event.preventDefault(); event.returnValue = ""; }
  });
})();
