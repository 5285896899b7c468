/* The small locator map on city profiles and municipality pages: one marker, no interaction.
   It is decorative (aria-hidden; the facts beside it say the same in words), so nothing inside it
   may take keyboard focus either: Leaflet's attribution links are taken out of the tab order. */
(function () {
  "use strict";
  var el = document.querySelector(".locator-map");
  if (!el || !window.L) { return; }
  function leaveTabOrder() {
    Array.prototype.forEach.call(el.querySelectorAll("a, button, input, [tabindex]"), function (node) {
      if (node.getAttribute("tabindex") !== "-1") { node.setAttribute("tabindex", "-1"); }
    });
  }
  new MutationObserver(leaveTabOrder).observe(el, { childList: true, subtree: true });
  var settings = JSON.parse(document.getElementById("map-settings").textContent);
  var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)];
  var map = L.map(el, { center: point, zoom: 5, zoomControl: false, dragging: false, scrollWheelZoom: false,
                        doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, attributionControl: true });
  window.addBasemap(map, el.dataset.countries, settings);
  L.circleMarker(point, { radius: 7, color: "#fff", weight: 2, fillColor: "#a3001b", fillOpacity: 1, interactive: false }).addTo(map);
  leaveTabOrder();
}());
