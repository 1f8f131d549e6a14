/* GIA maps (Leaflet, vendored). Works offline: without a tile server (setting GIA_TILE_URL) the map
   draws the vendored basemap of the Baltic Sea countries (Natural Earth, built by tools/build_basemap.py)
   as vectors; with one, its tiles are used. Every map fits its view to what it shows.

   API (kept stable, other pages build on it):
     GIA.showBoundary(id, geometry)        a map showing one GeoJSON geometry (or none); returns the map
     GIA.drawBoundary(id, fieldId, clearId) click to add boundary points into a GeoJSON field; returns the map
                                           (until something is drawn, the map shows the country chosen in
                                           the form's "country" field)
     GIA.registryMap(id, url, shown)       markers and boundaries of the registry's areas; returns the map
     GIA.makeMap(id)                       an empty map with the basemap, showing the Baltic Sea region
     GIA.fitView(map, bounds, options)     fit the view to bounds (a point gets a fixed zoom); options:
                                           maxZoom (13), pointZoom (12) */
window.GIA = (function () {
  "use strict";
  var script = document.currentScript || {dataset: {}};
  var config = script.dataset || {};
  /** the Baltic Sea region: the view of a map with nothing on it */
  var REGION = [[53.5, 9.5], [66.0, 30.5]];
  /** room around what a map shows [px]: a marker's pin stands 41 px above its point */
  var PADDING_TOP_LEFT = [24, 48], PADDING_BOTTOM_RIGHT = [24, 16];
  /** country names are written up to this zoom */
  var LABELS_UP_TO_ZOOM = 6;
  var STYLE = {
    land: {stroke: true, color: "#9fb3ba", weight: 0.8, fill: true, fillColor: "#f4f2ea", fillOpacity: 1},
    borders: {color: "#7d8b90", weight: 1.2, dashArray: "5 3", fill: false},
    shape: {color: "#1f7a4d", weight: 3, fillColor: "#1f7a4d", fillOpacity: 0.2},
    vertex: {radius: 5, color: "#135c8a", weight: 2, fillColor: "#ffffff", fillOpacity: 1, interactive: false}
  };
  var basemapData = null;

  function loadBasemap() {
    if (!basemapData) {
      basemapData = fetch(config.basemap).then(function (response) {
        if (!response.ok) { throw new Error("basemap " + response.status); }
        return response.json();
      });
    }
    return basemapData;
  }

  function countryName(code) {
    try {
      var lang = document.documentElement.lang || "en";
      return new Intl.DisplayNames([lang, "en"], {type: "region"}).of(code) || "";
    } catch (e) { return ""; }
  }

  function drawBasemap(map) {
    var container = map.getContainer();
    map.createPane("basemap").style.zIndex = 150;
    map.createPane("basemap-labels").style.zIndex = 350;
    map.attributionControl.addAttribution("Natural Earth");
    function toggleLabels() { container.classList.toggle("gia-map-far", map.getZoom() <= LABELS_UP_TO_ZOOM); }
    map.on("zoomend", toggleLabels);
    toggleLabels();
    loadBasemap().then(function (collection) {
      L.geoJSON(collection, {
        pane: "basemap", interactive: false,
        style: function (feature) { return STYLE[feature.properties.kind] || STYLE.land; }
      }).addTo(map);
      collection.features.forEach(function (feature) {
        var label = feature.properties.label, name = label && countryName(feature.properties.country);
        if (!name) { return; }
        // a permanent tooltip, not a marker: markers are what a map shows, names are background
        var text = document.createElement("span");
        text.textContent = name;
        var tooltip = L.tooltip({
          pane: "basemap-labels", permanent: true, direction: "center", interactive: false,
          className: "gia-map-label", opacity: 1
        }).setLatLng([label[1], label[0]]).setContent(text);
        map.openTooltip(tooltip);
        tooltip.getElement().setAttribute("aria-hidden", "true");
      });
      container.dataset.basemap = "ready";
    }).catch(function () { container.dataset.basemap = "missing"; });
  }

  /** the land of a country on the basemap (a promise of LatLngBounds, or of null) */
  function countryBounds(code) {
    return loadBasemap().then(function (collection) {
      var bounds = L.latLngBounds([]);
      collection.features.forEach(function (feature) {
        if (feature.properties.country === code) { bounds.extend(L.geoJSON(feature).getBounds()); }
      });
      return bounds.isValid() ? bounds : null;
    }).catch(function () { return null; });
  }

  function makeMap(id) {
    var element = document.getElementById(id);
    var tiles = config.tileUrl || (window.GIA_TILES || {}).url || "";
    var map = L.map(id, {
      attributionControl: true, zoomControl: false, minZoom: 3, maxZoom: 18,
      zoomSnap: tiles ? 1 : 0.5
    });
    L.control.zoom({
      zoomInTitle: config.zoomIn || "Zoom in", zoomOutTitle: config.zoomOut || "Zoom out"
    }).addTo(map);
    map.fitBounds(REGION);
    if (tiles) {
      L.tileLayer(tiles, {attribution: config.tileAttribution || "", maxZoom: 18}).addTo(map);
    } else {
      element.classList.add("no-tiles", "gia-basemap");
      drawBasemap(map);
    }
    return map;
  }

  function fitView(map, bounds, options) {
    options = options || {};
    var maxZoom = options.maxZoom || 13;
    if (!bounds || !bounds.isValid()) { return false; }
    // without animation: the map is shown where it belongs, not flying there after the page loaded
    if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
      map.setView(bounds.getCenter(), Math.min(options.pointZoom || 12, maxZoom), {animate: false});
    } else {
      map.fitBounds(bounds, {
        maxZoom: maxZoom, paddingTopLeft: PADDING_TOP_LEFT, paddingBottomRight: PADDING_BOTTOM_RIGHT, animate: false
      });
    }
    return true;
  }

  function shapeLayer(geometry, interactive) {
    return L.geoJSON(geometry, {
      style: function () { return L.extend({interactive: interactive}, STYLE.shape); },
      pointToLayer: function (feature, latlng) {
        return L.marker(latlng, {alt: "", interactive: false, keyboard: false});
      }
    });
  }

  function showBoundary(id, geometry) {
    var map = makeMap(id);
    if (!geometry) { return map; }
    var layer = shapeLayer(geometry, false).addTo(map);
    fitView(map, layer.getBounds());
    return map;
  }

  function drawBoundary(id, fieldId, clearId) {
    var field = document.getElementById(fieldId);
    var map = makeMap(id), layer = null, vertices = L.layerGroup().addTo(map), points = [];
    document.getElementById(id).classList.add("gia-drawing");
    map.doubleClickZoom.disable();  /* each click is a point: a double click must not zoom as well */
    function show(geometry) {
      if (layer) { map.removeLayer(layer); layer = null; }
      if (geometry) { layer = shapeLayer(geometry, false).addTo(map); }
    }
    function showVertices() {
      vertices.clearLayers();
      points.forEach(function (point) { L.circleMarker([point[1], point[0]], STYLE.vertex).addTo(vertices); });
      if (points.length === 2) {
        L.polyline(points.map(function (p) { return [p[1], p[0]]; }), L.extend({dashArray: "4 4"}, STYLE.shape, {interactive: false})).addTo(vertices);
      }
    }
    function fromField() {  // the field is the keyboard's way: what is typed there is shown
      var geometry = null;
      try { geometry = JSON.parse(field.value); } catch (e) { return; }  /* empty or being typed */
      if (!geometry || !geometry.type) { return; }
      try { show(geometry); } catch (e) { return; }
      points = []; showVertices();
      if (layer) { fitView(map, layer.getBounds()); }
    }
    fromField();
    field.addEventListener("change", fromField);
    // nothing drawn yet: the map follows the country chosen in the form, so the area is easy to find
    var country = field.form && field.form.elements.namedItem("country");
    function toCountry() {
      if (layer || points.length || !country || !country.value) { return; }
      countryBounds(country.value).then(function (bounds) {
        if (bounds && !layer && !points.length) { fitView(map, bounds, {maxZoom: 9}); }
      });
    }
    if (country && country.addEventListener) { country.addEventListener("change", toCountry); toCountry(); }
    map.on("click", function (event) {
      points.push([Number(event.latlng.lng.toFixed(6)), Number(event.latlng.lat.toFixed(6))]);
      var geometry = points.length < 3
        ? {type: "Point", coordinates: points[0]}
        : {type: "Polygon", coordinates: [points.concat([points[0]])]};
      field.value = JSON.stringify(geometry);
      show(geometry);
      showVertices();
    });
    document.getElementById(clearId).addEventListener("click", function () {
      points = []; field.value = ""; show(null); showVertices();
    });
    return map;
  }

  function registryMap(id, url, shown) {
    var map = makeMap(id);
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      data.features = data.features.filter(function (f) { return !shown || shown.has(f.properties.name); });
      var group = L.featureGroup();
      data.features.forEach(function (f) {
        var p = f.properties;
        function popup() {
          var box = document.createElement("div"), link = document.createElement("a");
          link.href = p.url; link.textContent = p.name;
          box.appendChild(link); box.appendChild(document.createElement("br"));
          box.appendChild(document.createTextNode(p.level || ""));
          return box;
        }
        L.geoJSON(f, {
          style: function () { return STYLE.shape; },
          pointToLayer: function () { return L.featureGroup(); }  /* the marker below stands for a point */
        }).bindPopup(popup).addTo(group);
        L.marker([p.latitude, p.longitude], {title: p.name, alt: p.name}).bindPopup(popup).addTo(group);
      });
      group.addTo(map);
      fitView(map, group.getBounds(), {maxZoom: 9, pointZoom: 8});
      document.getElementById(id).dataset.areas = String(data.features.length);
    });
    return map;
  }

  return {
    showBoundary: showBoundary, drawBoundary: drawBoundary, registryMap: registryMap,
    makeMap: makeMap, fitView: fitView
  };
})();
