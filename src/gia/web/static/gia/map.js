/* GIA maps (Leaflet, vendored). Tiles come from a setting; without one the map still shows boundaries. */
window.GIA = (function () {
  "use strict";
  function makeMap(id) {
    var map = L.map(id, {attributionControl: true}).setView([56, 15], 4);
    var tiles = window.GIA_TILES || {};
    if (tiles.url) { L.tileLayer(tiles.url, {attribution: tiles.attribution || "", maxZoom: 18}).addTo(map); }
    else { document.getElementById(id).classList.add("no-tiles"); }
    return map;
  }
  function fit(map, layer) {
    var bounds = layer.getBounds ? layer.getBounds() : null;
    if (bounds && bounds.isValid()) { map.fitBounds(bounds, {maxZoom: 13, padding: [20, 20]}); }
  }
  function showBoundary(id, geometry) {
    var map = makeMap(id);
    if (!geometry) { return map; }
    var layer = L.geoJSON(geometry).addTo(map);
    fit(map, layer);
    return map;
  }
  function drawBoundary(id, fieldId, clearId) {
    var field = document.getElementById(fieldId);
    var map = makeMap(id), layer = null, points = [];
    function show(geometry) {
      if (layer) { map.removeLayer(layer); }
      layer = L.geoJSON(geometry).addTo(map);
    }
    try { var current = JSON.parse(field.value); show(current); fit(map, layer); } catch (e) { /* empty or being typed */ }
    map.on("click", function (event) {
      points.push([Number(event.latlng.lng.toFixed(6)), Number(event.latlng.lat.toFixed(6))]);
      var geometry = points.length < 3
        ? {type: "Point", coordinates: points[0]}
        : {type: "Polygon", coordinates: [points.concat([points[0]])]};
      field.value = JSON.stringify(geometry);
      show(geometry);
    });
    document.getElementById(clearId).addEventListener("click", function () {
      points = []; field.value = ""; if (layer) { map.removeLayer(layer); layer = null; }
    });
  }
  function registryMap(id, url, shown) {
    var map = makeMap(id);
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      data.features = data.features.filter(function (f) { return shown.has(f.properties.name); });
      var group = L.featureGroup();
      data.features.forEach(function (f) {
        var p = f.properties;
        var popup = '<a href="' + p.url + '">' + L.Util.template("{name}", p).replace(/</g, "&lt;") + "</a><br>" + p.level;
        L.geoJSON(f).bindPopup(popup).addTo(group);
        L.marker([p.latitude, p.longitude], {title: p.name, alt: p.name}).bindPopup(popup).addTo(group);
      });
      group.addTo(map);
      if (data.features.length) { map.fitBounds(group.getBounds(), {maxZoom: 9, padding: [20, 20]}); }
      document.getElementById(id).dataset.areas = String(data.features.length);
    });
    return map;
  }
  return {showBoundary: showBoundary, drawBoundary: drawBoundary, registryMap: registryMap};
})();
