/* GIA page behaviour, loaded by every page. The Content-Security-Policy allows scripts from the
   platform's own files only (no inline script), so pages declare what they need with data attributes
   and this file wires it up:

     [data-menu]                          the main menu folds behind its button on phones
     select[data-submit-on-change]        a choice submits its form (the language menu)
     input[type=file]                     a file over the upload limit (body data-upload-limit) is refused
     [data-registry-map]                  GIA.registryMap; data-registry-map = the GeoJSON URL,
                                          data-names = id of a json_script with the names shown
     [data-boundary-map]                  GIA.showBoundary; data-boundary-map = id of a json_script
     [data-draw-boundary]                 GIA.drawBoundary; data-field, data-clear = element ids
     [data-pick-site]                     the company's site picked on a map of the area's boundary
                                          (data-pick-site = boundary json_script id; data-latitude,
                                          data-longitude = field ids)
     #symbiosis-map                       the area's companies, their offers and needs, the matches
     [data-focus-target]                  the element it names is scrolled to and focused when the page opens
     #measure-rows                        the roadmap's measure rows: add, remove, renumber */
(function () {
  "use strict";
  function json(id) { var node = id && document.getElementById(id); return node ? JSON.parse(node.textContent) : null; }
  function each(selector, action) { document.querySelectorAll(selector).forEach(action); }

  /* phones: the menu folds behind its button (open without JavaScript) */
  each("[data-menu]", function (menu) {
    var narrow = window.matchMedia("(max-width: 55.99em)");
    function fit() { menu.open = !narrow.matches; }
    fit(); narrow.addEventListener("change", fit);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });
  /* a file over the upload limit is refused before it is sent (the server refuses it too) */
  each("input[type=file]", function (input) {
    var limit = Number(document.body.dataset.uploadLimit) || 0, words = document.body.dataset.uploadTooLarge || "";
    input.addEventListener("change", function () {
      var big = Array.prototype.find.call(input.files || [], function (file) { return limit && file.size > limit; });
      input.setCustomValidity(big ? words.replace("{name}", big.name) : "");
      if (big) { input.reportValidity(); }
    });
  });
  each("select[data-submit-on-change]", function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  if (window.GIA && window.L) {
    each("[data-registry-map]", function (node) {
      GIA.registryMap(node.id, node.dataset.registryMap, new Set(json(node.dataset.names) || []));
    });
    each("[data-boundary-map]", function (node) { GIA.showBoundary(node.id, json(node.dataset.boundaryMap)); });
    each("[data-draw-boundary]", function (node) { GIA.drawBoundary(node.id, node.dataset.field, node.dataset.clear); });
    each("[data-pick-site]", pickSite);
    each("#symbiosis-map", symbiosisMap);
  }

  function pickSite(node) {
    var boundary = json(node.dataset.pickSite), map = GIA.showBoundary(node.id, boundary);
    if (boundary) { map.fitBounds(L.geoJSON(boundary).getBounds(), {maxZoom: 16, padding: [16, 16]}); }  // close enough to click a site
    var latitude = document.getElementById(node.dataset.latitude), longitude = document.getElementById(node.dataset.longitude);
    var marker = null;
    if (!latitude || !longitude) { return; }
    function show() {
      var lat = parseFloat(latitude.value), lng = parseFloat(longitude.value);
      if (marker) { map.removeLayer(marker); marker = null; }
      if (isFinite(lat) && isFinite(lng)) { marker = L.circleMarker([lat, lng], {radius: 8, color: "#1f7a4d", weight: 3, fillOpacity: 0.6}).addTo(map); }
    }
    map.on("click", function (event) {
      latitude.value = event.latlng.lat.toFixed(5); longitude.value = event.latlng.lng.toFixed(5); show();
    });
    latitude.addEventListener("change", show); longitude.addEventListener("change", show); show();
  }

  function symbiosisMap(node) {
    var boundary = json("symbiosis-boundary"), points = json("symbiosis-points") || [];
    var map = GIA.showBoundary(node.id, boundary), words = node.dataset, here = [];
    (json("symbiosis-lines") || []).forEach(function (line) { L.polyline(line, {color: "#1f7a4d", weight: 2, opacity: 0.7}).addTo(map); });
    points.forEach(function (point) {
      var box = document.createElement("div"), name = document.createElement("strong");
      name.textContent = point.name; box.appendChild(name);
      [["offers", point.offers], ["needs", point.needs]].forEach(function (part) {
        if (!part[1].length) { return; }
        var line = document.createElement("div");
        line.textContent = words[part[0]] + ": " + part[1].join(", ");
        box.appendChild(line);
      });
      L.circleMarker([point.latitude, point.longitude], {radius: 8, color: "#135c8a", weight: 2, fillColor: point.offers.length ? "#e69f00" : "#56b4e9", fillOpacity: 0.85})
        .bindTooltip(point.name).bindPopup(box).addTo(map);
      if (point.own) { here.push([point.latitude, point.longitude]); }
    });
    if (here.length) {  // closer than the boundary alone: the area's own companies fill the map
      var bounds = L.latLngBounds(here);
      if (boundary) { bounds.extend(L.geoJSON(boundary).getBounds()); }
      map.fitBounds(bounds, {maxZoom: 16, padding: [24, 24]});
    }
    node.dataset.markers = String(points.length);
  }

  each("[data-focus-target]", function (marker) {
    var target = document.getElementById(marker.dataset.focusTarget);
    if (!target) { return; }
    target.scrollIntoView({block: "start"});
    var focusable = target.matches("input,select,textarea,[tabindex]") ? target : target.querySelector("input:not([type=hidden]),select,textarea");
    if (focusable) { focusable.focus({preventScroll: true}); }
  });

  /* the roadmap's measure rows */
  (function () {
    var list = document.getElementById("measure-rows"), add = document.getElementById("add-row");
    if (!list || !add) { return; }
    function unitOf(select) { var option = select.options[select.selectedIndex]; return (option && option.dataset.unit) || "—"; }
    function renumber() {
      var rows = list.querySelectorAll(".measure-row");
      rows.forEach(function (row, index) {
        row.querySelectorAll(".row-position").forEach(function (node) { node.textContent = String(index + 1); });
        row.querySelector(".remove").hidden = rows.length < 2;
      });
      add.hidden = rows.length >= Number(list.dataset.max);
    }
    list.addEventListener("change", function (event) {
      if (event.target.name && event.target.name.indexOf("measure_") === 0) {
        event.target.closest(".measure-row").querySelector(".size-unit").textContent = unitOf(event.target);
      }
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest(".remove");
      if (!button) { return; }
      event.preventDefault();
      var row = button.closest(".measure-row"), next = row.nextElementSibling || row.previousElementSibling;
      row.remove(); renumber();
      if (next) { next.querySelector("select").focus(); }
    });
    add.addEventListener("click", function (event) {
      event.preventDefault();
      var rows = list.querySelectorAll(".measure-row"), last = rows[rows.length - 1];
      var number = 1 + Math.max.apply(null, Array.prototype.map.call(rows, function (r) { return Number(r.dataset.row); }));
      var row = last.cloneNode(true), old = last.dataset.row;
      row.dataset.row = String(number);
      row.querySelectorAll(".error").forEach(function (node) { node.remove(); });
      row.querySelectorAll(".invalid").forEach(function (node) { node.classList.remove("invalid"); });
      row.querySelectorAll("[name],[id],[for],[aria-describedby]").forEach(function (node) {
        ["name", "id", "for"].forEach(function (attribute) {
          var value = node.getAttribute(attribute);
          if (value) { node.setAttribute(attribute, value.replace("_" + old, "_" + number)); }
        });
        node.removeAttribute("aria-describedby"); node.removeAttribute("aria-invalid");
        if (node.tagName === "SELECT") { node.selectedIndex = 0; }
        else if (node.tagName === "INPUT") { node.value = ""; }
      });
      row.querySelector(".remove").value = String(number);
      row.querySelector(".size-unit").textContent = "—";
      list.appendChild(row); renumber();
      row.querySelector("select").focus();
    });
    renumber();
  })();
})();
