/* The small locator map on city profiles and municipality pages: one marker, no interaction. */
(function () {
  "use strict";
  var el = document.querySelector(".locator-map");
  if (!el || !window.L) { return; }
  var settings = JSON.parse(document.getElementById("map-settings").textContent);
  var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)];
  var map = L.map(el, { center: point, zoom: 5, zoomControl: false, dragging: false, scrollWheelZoom: false,
                        doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, attributionControl: true });
  if (window.topojson) {
    map.createPane("countries").style.zIndex = 150;
    fetch(el.dataset.countries).then(function (r) { return r.json(); }).then(function (topo) {
      L.geoJSON(topojson.feature(topo, topo.objects.countries), { pane: "countries", interactive: false,
        style: { color: "#8a9a9f", weight: 1, fillColor: "#f6f4ee", fillOpacity: 1 } }).addTo(map);
    }).catch(function () {});
  }
  if (settings.tile_url) { L.tileLayer(settings.tile_url, { attribution: settings.attribution }).addTo(map); }
  L.circleMarker(point, { radius: 7, color: "#fff", weight: 2, fillColor: "#a3001b", fillOpacity: 1, interactive: false }).addTo(map);
}());
