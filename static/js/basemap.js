/* The base layers every map of the site shares: Natural Earth country outlines (world-atlas) under
   the tiles, so that with no tile server the map still shows Europe's countries, never a blank or
   broken map; then the tile layer the operator configured, if any. */
window.addBasemap = function (map, countriesUrl, settings) {
  "use strict";
  if (window.topojson && countriesUrl) {
    map.createPane("countries").style.zIndex = 150;
    fetch(countriesUrl).then(function (response) { return response.json(); }).then(function (topo) {
      L.geoJSON(topojson.feature(topo, topo.objects.countries), {
        pane: "countries", interactive: false,
        style: { color: "#8a9a9f", weight: 1, fillColor: "#f6f4ee", fillOpacity: 1 }
      }).addTo(map);
    }).catch(function () { /* the plain background stays */ });
  }
  if (settings.tile_url) {
    L.tileLayer(settings.tile_url, { attribution: settings.attribution, maxZoom: 18 }).addTo(map);
  }
};
