/* The municipality field of the submission form: a WAI-ARIA 1.2 combobox (combobox.js, list
   autocomplete, no automatic selection) over GET /search/places/, and an optional point on a small Leaflet map.
   Choosing a suggestion fills the name, selects the country and sets the point (the hidden
   latitude and longitude fields). Progressive enhancement: without this script the field is a
   plain text box and the form works the same; free text that matches nothing is always kept.
   Every text shown or announced comes from the template (data attributes of #place-picker). */
(function () {
  "use strict";
  var input = document.querySelector("input[data-place-picker]");
  var config = document.getElementById("place-picker");
  if (!input || !config || !input.form || !window.fetch || !window.McCombobox) { return; }
  var text = config.dataset;
  var fields = input.form.elements;
  var latInput = fields.namedItem("latitude"), lngInput = fields.namedItem("longitude");
  var countrySelect = fields.namedItem("country");
  var el = McCombobox.el, format = McCombobox.format;

  var combobox = McCombobox.attach(input, {
    text: text,
    url: function (query) {
      var url = input.dataset.placePicker + "?q=" + encodeURIComponent(query);
      if (countryByUser && countrySelect && countrySelect.value) { url += "&country=" + encodeURIComponent(countrySelect.value); }
      return url;
    },
    render: function (place) {
      var content = document.createDocumentFragment();
      content.appendChild(el("span", { "class": "place-picker-name" }, place.name));
      content.appendChild(el("span", { "class": "combobox-detail" }, ", " + place.country_name));
      if (place.listed) { content.appendChild(el("span", { "class": "badge badge-network ms-2" }, text.listed)); }
      return content;
    },
    choose: choose
  });
  var chosen = null, countryByUser = false;

  function choose(place) {
    input.value = place.name;
    chosen = place;
    if (countrySelect && place.country && countrySelect.querySelector('option[value="' + place.country + '"]')) {
      countrySelect.value = place.country;
    }
    if (place.latitude !== null && place.longitude !== null) {
      setPoint(place.latitude, place.longitude, "suggestion", true);
    } else if (pointSource === "suggestion") {
      clearPoint();
    }
    combobox.announce(format(text.chosen, { name: place.name, country: place.country_name }));
  }

  input.addEventListener("input", function () {
    if (chosen && input.value !== chosen.name) {
      chosen = null;
      if (pointSource === "suggestion") { clearPoint(); }  // the point belonged to the name just changed
    }
  });
  if (countrySelect) {
    countrySelect.addEventListener("change", function () { countryByUser = true; });
  }

  /* ---- The optional point: hidden fields, marker, words ---- */
  var map = null, marker = null, pointText = null, pointSource = null;

  function parse(value) {
    var number = parseFloat(value);
    return isFinite(number) ? number : null;
  }

  function describePoint() {
    if (!pointText) { return; }
    var lat = parse(latInput.value), lng = parse(lngInput.value);
    pointText.textContent = lat === null || lng === null ? text.noPoint
      : format(text.point, { lat: lat.toFixed(5), lng: lng.toFixed(5) });
  }

  function setPoint(lat, lng, source, centre) {
    latInput.value = Number(lat).toFixed(5);
    lngInput.value = Number(lng).toFixed(5);
    pointSource = source;
    if (map) {
      var point = [parseFloat(latInput.value), parseFloat(lngInput.value)];
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.marker(point, { draggable: true, keyboard: false, title: text.marker, alt: text.marker }).addTo(map);
        marker.on("dragend", function () {
          var moved = marker.getLatLng();
          setPoint(moved.lat, moved.lng, "map", false);
        });
      }
      if (centre) { map.setView(point, Math.max(map.getZoom(), 11)); }
    }
    describePoint();
  }

  function clearPoint() {
    latInput.value = "";
    lngInput.value = "";
    pointSource = null;
    if (marker) { map.removeLayer(marker); marker = null; }
    describePoint();
  }

  function initMap() {
    var block = config.content.querySelector(".place-picker-map-block").cloneNode(true);
    var anchor = (countrySelect && countrySelect.closest(".mb-3")) || input.closest(".mb-3") || input;
    anchor.insertAdjacentElement("afterend", block);
    var mapEl = block.querySelector(".place-map");
    var settings = JSON.parse(document.getElementById("map-settings").textContent);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    pointText = block.querySelector("#place-map-point");
    map = L.map(mapEl, { center: [50.5, 10], zoom: 3, minZoom: 2, maxZoom: 18, scrollWheelZoom: false,
                         zoomAnimation: !reduceMotion, fadeAnimation: !reduceMotion, markerZoomAnimation: !reduceMotion });
    window.addBasemap(map, mapEl.dataset.countries, settings);
    map.on("click", function (event) { setPoint(event.latlng.lat, event.latlng.lng, "map", false); });
    mapEl.addEventListener("keydown", function (event) {
      if (event.target === mapEl && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        var centre = map.getCenter();
        setPoint(centre.lat, centre.lng, "map", false);
      }
    });
    block.querySelector("[data-remove-point]").addEventListener("click", clearPoint);
  }

  if (window.L && window.addBasemap && latInput && lngInput && config.content) { initMap(); }
  var postedLat = latInput ? parse(latInput.value) : null, postedLng = lngInput ? parse(lngInput.value) : null;
  if (postedLat !== null && postedLng !== null) {
    setPoint(postedLat, postedLng, "posted", true);  // the form came back after an error: keep its point
  } else {
    describePoint();
  }
}());
