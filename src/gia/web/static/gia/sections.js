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
