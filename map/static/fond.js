/* Offline base map: when no tile server is configured, draws the outlines of the
 * départements (one cached request) under every map of the page. folium names each
 * Leaflet map after its element's id. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-fond");
  var maps = Array.prototype.map
    .call(document.querySelectorAll(".folium-map"), function (el) { return window[el.id]; })
    .filter(Boolean);
  if (!url || maps.length === 0) return;
  fetch(url, { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (outlines) {
      if (!outlines) return;
      maps.forEach(function (map) {
        var pane = map.createPane("fond");
        pane.style.zIndex = 150;
        pane.style.pointerEvents = "none";
        L.geoJSON(outlines, {
          pane: "fond",
          interactive: false,
          style: { color: "#8585f6", weight: 1, opacity: 0.8, fillColor: "#ffffff", fillOpacity: 1 },
        }).addTo(map);
      });
    })
    .catch(function () { /* the markers are there anyway */ });
})();
