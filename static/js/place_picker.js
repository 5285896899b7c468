/* The municipality field of the submission form: a WAI-ARIA 1.2 combobox (list autocomplete,
   no automatic selection) over GET /search/places/, and an optional point on a small Leaflet map.
   Choosing a suggestion fills the name, selects the country and sets the point (the hidden
   latitude and longitude fields). Progressive enhancement: without this script the field is a
   plain text box and the form works the same; free text that matches nothing is always kept.
   Every text shown or announced comes from the template (data attributes of #place-picker). */
(function () {
  "use strict";
  var input = document.querySelector("input[data-place-picker]");
  var config = document.getElementById("place-picker");
  if (!input || !config || !input.form || !window.fetch) { return; }
  var text = config.dataset;
  var fields = input.form.elements;
  var latInput = fields.namedItem("latitude"), lngInput = fields.namedItem("longitude");
  var countrySelect = fields.namedItem("country");
  var DELAY = 150, MIN_LENGTH = 2;

  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (content) { node.textContent = content; }
    return node;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  /* ---- The combobox ---- */
  var listbox = el("ul", { id: input.id + "-listbox", role: "listbox", "class": "place-picker-list",
                           "aria-label": text.listLabel });
  listbox.hidden = true;
  var status = el("div", { role: "status", "aria-live": "polite", "class": "visually-hidden" });
  input.parentNode.classList.add("place-picker");
  input.insertAdjacentElement("afterend", listbox);
  listbox.insertAdjacentElement("afterend", status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);
  input.setAttribute("autocomplete", "off");

  var results = [], active = -1, chosen = null, timer = null, controller = null, countryByUser = false;

  function announce(message) { status.textContent = message || ""; }

  function isOpen() { return !listbox.hidden; }

  function open() {
    listbox.style.top = (input.offsetTop + input.offsetHeight) + "px";
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    setActive(-1);
  }

  function setActive(index) {
    var options = listbox.children;
    if (options[active]) { options[active].setAttribute("aria-selected", "false"); }
    active = index;
    if (options[active]) {
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(found) {
    results = found;
    active = -1;
    listbox.textContent = "";
    found.forEach(function (place, index) {
      var option = el("li", { id: listbox.id + "-" + index, role: "option", "aria-selected": "false",
                              "class": "place-picker-option" });
      option.appendChild(el("span", { "class": "place-picker-name" }, place.name));
      option.appendChild(el("span", { "class": "place-picker-country" }, ", " + place.country_name));
      if (place.listed) { option.appendChild(el("span", { "class": "badge badge-network ms-2" }, text.listed)); }
      option.addEventListener("click", function () { choose(index); });
      listbox.appendChild(option);
    });
    if (found.length) { open(); } else { close(); }
    announce(found.length === 0 ? text.none : found.length === 1 ? text.one : format(text.many, { count: found.length }));
  }

  function lookUp() {
    var query = input.value.trim();
    if (controller) { controller.abort(); }
    if (query.length < MIN_LENGTH) { results = []; close(); announce(""); return; }
    controller = window.AbortController ? new AbortController() : null;
    var url = input.dataset.placePicker + "?q=" + encodeURIComponent(query);
    if (countryByUser && countrySelect && countrySelect.value) { url += "&country=" + encodeURIComponent(countrySelect.value); }
    fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === query) { show(data.results || []); } })
      .catch(function (error) {
        if (error.name !== "AbortError") { results = []; close(); announce(text.failed); }
      });
  }

  function choose(index) {
    var place = results[index];
    if (!place) { return; }
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
    close();
    announce(format(text.chosen, { name: place.name, country: place.country_name }));
  }

  input.addEventListener("input", function () {
    if (chosen && input.value !== chosen.name) {
      chosen = null;
      if (pointSource === "suggestion") { clearPoint(); }  // the point belonged to the name just changed
    }
    clearTimeout(timer);
    timer = setTimeout(lookUp, DELAY);
  });

  input.addEventListener("keydown", function (event) {
    var count = listbox.children.length;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!isOpen()) {
        if (results.length) { open(); } else { lookUp(); return; }
        if (event.altKey) { return; }
      }
      setActive(active + 1 >= count ? 0 : active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (!isOpen()) { if (results.length) { open(); } else { return; } }
      setActive(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === "Enter" && isOpen()) {
      event.preventDefault();  // never send the form from an open list
      if (active >= 0) { choose(active); } else { close(); }
    } else if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      close();
    }
  });

  listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep focus in the field
  input.addEventListener("blur", function () { close(); });
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
