/* The explorer map: markers from /api/v2/map/, clustered; filters change it without a reload and
   are kept in the address so a filtered view can be shared. The list under the map is refreshed
   with the same filters, so it always shows the same places (it is the keyboard and screen-reader path). */
(function () {
  "use strict";
  var mapEl = document.getElementById("map");
  if (!mapEl || !window.L) { return; }
  var settings = JSON.parse(document.getElementById("map-settings").textContent);
  var labels = JSON.parse(document.getElementById("map-labels").textContent);
  var form = document.getElementById("map-filters");
  var status = document.getElementById("map-status");
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  var map = L.map(mapEl, { center: [50.5, 10], zoom: 4, minZoom: 2, maxZoom: 18, worldCopyJump: true,
                           zoomAnimation: !reduceMotion, fadeAnimation: !reduceMotion, markerZoomAnimation: !reduceMotion });
  window.addBasemap(map, mapEl.dataset.countries, settings);
  var clusters = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false,
                                        animate: !reduceMotion, maxClusterRadius: 50 });
  map.addLayer(clusters);

  var icons = {};
  ["p", "g", "m", "l"].forEach(function (kind) {
    icons[kind] = L.divIcon({ className: "place-marker marker-" + kind, iconSize: [16, 16], iconAnchor: [8, 8], popupAnchor: [0, -8] });
  });

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function popupContent(feature, data) {
    var p = feature.properties;
    var url = p.u || data.url_template.replace("{id}", encodeURIComponent(feature.id));
    var box = el("div", null, { "class": "map-popup" });
    box.appendChild(el("h3", p.n, { "class": "h6 mb-1" }));
    box.appendChild(el("p", labels.kinds[p.k], { "class": "small mb-1 text-body-secondary" }));
    if (p.nw) {
      box.appendChild(el("p", p.nw.map(function (i) {
        var slug = data.networks[i]; return labels.networks[slug] || slug;
      }).join(", "), { "class": "small mb-1" }));
    }
    if (p.np) { box.appendChild(el("p", labels.practices + ": " + p.np, { "class": "small mb-1" })); }
    var link = el("a", format(labels.open, { name: p.n }), { href: url });
    box.appendChild(link);
    return box;
  }

  function currentParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value) { params.append(key, value); } });
    return params;
  }

  function setFormFrom(params) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name) { field.value = params.get(field.name) || ""; }
    });
  }

  var requestNumber = 0;
  function refreshList(params) {
    var url = window.location.pathname + (params.toString() ? "?" + params : "");
    return fetch(url, { headers: { "X-Requested-With": "fetch" } }).then(function (response) {
      return response.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("places");
      var current = document.getElementById("places");
      if (fresh && current) { current.replaceWith(fresh); }
    });
  }

  function load(params, updateAddress) {
    var mine = ++requestNumber;
    status.textContent = labels.loading;
    mapEl.setAttribute("aria-busy", "true");
    var query = new URLSearchParams(params);
    query.set("lang", document.documentElement.lang);  // addresses in the page's language
    return fetch(mapEl.dataset.endpoint + "?" + query)
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) { throw new Error(data.error ? data.error.message : labels.failed); }
          return data;
        });
      })
      .then(function (data) {
        if (mine !== requestNumber) { return; }
        clusters.clearLayers();
        var markers = data.features.map(function (feature) {
          var c = feature.geometry.coordinates;
          var marker = L.marker([c[1], c[0]], { icon: icons[feature.properties.k] || icons.l,
                                                title: feature.properties.n, keyboard: true });
          marker.bindPopup(function () { return popupContent(feature, data); });
          marker.on("add", function () {
            var node = marker.getElement();
            if (node) { node.setAttribute("aria-label", feature.properties.n + ", " + labels.kinds[feature.properties.k]); }
          });
          return marker;
        });
        clusters.addLayers(markers);
        mapEl.dataset.count = String(markers.length);
        mapEl.setAttribute("aria-busy", "false");
        status.textContent = format(labels.shown, { count: markers.length });
        if (updateAddress) {
          var query = params.toString();
          window.history.pushState({ map: query }, "", window.location.pathname + (query ? "?" + query : ""));
        }
      })
      .catch(function (error) {
        if (mine !== requestNumber) { return; }
        mapEl.setAttribute("aria-busy", "false");
        status.textContent = error.message || labels.failed;
      });
  }

  form.addEventListener("change", function () {
    var params = currentParams();
    load(params, true);
    refreshList(params);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = currentParams();
    load(params, true);
    refreshList(params);
  });
  window.addEventListener("popstate", function () {
    var params = new URLSearchParams(window.location.search);
    params.delete("page");
    setFormFrom(params);
    load(params, false);
    refreshList(params);
  });

  var initial = new URLSearchParams(window.location.search);
  initial.delete("page");
  load(initial, false);
}());
