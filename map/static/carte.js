/* Public map: asks the server (/api/v1/carte) for what is in view after every move, and
 * draws groups (a count; click to zoom) and services (a pin; popup with links). The list
 * beside the map says the same in text. The view and the filters live in the URL.
 * Every text from the server is set with textContent: service names are third-party. */
(function () {
  "use strict";
  var script = document.getElementById("carte-script");
  var map = script && window[script.getAttribute("data-map")];
  var config = JSON.parse(document.getElementById("carte-config").textContent);
  var form = document.getElementById("carte-filtres");
  var state = document.getElementById("carte-etat");
  var list = document.getElementById("carte-liste");
  var nearestTitle = document.getElementById("carte-proches-titre");
  var locate = document.getElementById("me-localiser");
  if (!map || !form) return;

  var layer = L.layerGroup().addTo(map);
  var here = L.layerGroup().addTo(map);
  var controller = null;
  var timer = null;
  var MAX_LAT = 85.05;
  var LOCAL_ZOOM = 10;

  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  function chosenFreins() {
    return Array.prototype.map.call(
      form.querySelectorAll('input[name="freins"]:checked'),
      function (box) { return box.value; }
    );
  }

  function bbox() {
    var b = map.getBounds();
    return [
      clamp(b.getWest(), -180, 179.99999),
      clamp(b.getSouth(), -MAX_LAT, MAX_LAT - 0.00001),
      clamp(b.getEast(), -179.99999, 180),
      clamp(b.getNorth(), -MAX_LAT + 0.00001, MAX_LAT),
    ].map(function (v) { return v.toFixed(5); }).join(",");
  }

  function pageQuery() {
    var params = new URLSearchParams();
    chosenFreins().forEach(function (f) { params.append("freins", f); });
    var centre = map.getCenter();
    params.set("lat", centre.lat.toFixed(5));
    params.set("lon", centre.lng.toFixed(5));
    params.set("zoom", String(map.getZoom()));
    return "/carte?" + params.toString();
  }

  function count(n) { return n.toLocaleString("fr-FR"); }

  function groupIcon(n) {
    var size = n < 10 ? 34 : n < 100 ? 40 : n < 1000 ? 48 : 56;
    var label = n >= 10000 ? Math.round(n / 1000) + "\u00a0k" : count(n);
    return L.divIcon({
      className: "maillage-groupe",
      html: "<span>" + label + "</span>", // digits only
      iconSize: [size, size],
    });
  }

  function pinIcon(n) {
    return L.divIcon({
      className: "maillage-point",
      html: n > 1 ? "<span>" + n + "</span>" : "",
      iconSize: [28, 28],
      iconAnchor: [14, 28],
      popupAnchor: [0, -26],
    });
  }

  function serviceItem(service, tag) {
    var item = document.createElement(tag);
    var link = document.createElement("a");
    link.href = service.lien;
    link.textContent = service.nom;
    item.appendChild(link);
    var detail = document.createElement("span");
    detail.className = "maillage-carte-liste__detail";
    detail.textContent = [service.structure, service.commune].filter(Boolean).join(" · ");
    item.appendChild(detail);
    return item;
  }

  function sectorItem(group) {
    var item = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fr-link maillage-lien-bouton";
    button.textContent = (group.commune || "Secteur") + " et alentours";
    button.addEventListener("click", function () {
      zoomTo(group);
      document.getElementById("liste-titre").focus();
    });
    item.appendChild(button);
    var detail = document.createElement("span");
    detail.className = "maillage-carte-liste__detail";
    detail.textContent = count(group.nombre) + " services · zoomer sur la carte";
    item.appendChild(detail);
    return item;
  }

  function popup(services) {
    var box = document.createElement("div");
    if (services.length > 1) {
      var title = document.createElement("p");
      title.className = "fr-text--bold fr-mb-1v";
      title.textContent = services.length + " services à cette adresse";
      box.appendChild(title);
    }
    var items = document.createElement("ul");
    items.className = "maillage-popup-liste";
    services.forEach(function (s) { items.appendChild(serviceItem(s, "li")); });
    box.appendChild(items);
    return box;
  }

  function zoomTo(group) {
    var e = group.emprise;
    var bounds = L.latLngBounds([e[1], e[0]], [e[3], e[2]]);
    var target = Math.min(map.getBoundsZoom(bounds.pad(0.3)), map.getMaxZoom());
    if (map.getZoom() >= map.getMaxZoom()) {
      map.setView(bounds.getCenter(), map.getZoom());
      return;
    }
    map.setView(bounds.getCenter(), Math.max(target, map.getZoom() + 1));
  }

  function draw(data) {
    layer.clearLayers();
    data.groupes.forEach(function (g) {
      var title = count(g.nombre) + " services" + (g.commune ? " autour de " + g.commune : "") +
        " : zoomer";
      var marker = L.marker([g.latitude, g.longitude], {
        icon: groupIcon(g.nombre), title: title, alt: title, keyboard: true, riseOnHover: true,
      });
      marker.on("click", function () { zoomTo(g); });
      marker.addTo(layer);
    });
    var places = {};
    data.services.forEach(function (s) {
      var key = s.latitude + "," + s.longitude;
      (places[key] = places[key] || []).push(s);
    });
    Object.keys(places).forEach(function (key) {
      var services = places[key];
      var title = services.length > 1 ? services.length + " services à cette adresse" : services[0].nom;
      var marker = L.marker([services[0].latitude, services[0].longitude], {
        icon: pinIcon(services.length), title: title, alt: title, keyboard: true,
      });
      marker.bindPopup(popup(services), { maxWidth: 320 });
      marker.addTo(layer);
    });

    var n = data.total;
    state.textContent = n === 0
      ? "Aucun service dans la zone affichée : dézoomez ou retirez un filtre."
      : count(n) + " service" + (n > 1 ? "s" : "") + " dans la zone affichée" +
        (data.regroupe ? ", regroupés par secteur : zoomez pour les voir un par un." : ".");
    // Seen from afar, the list names the busiest sectors (a button zooms there); closer,
    // the services nearest the centre of the map.
    list.textContent = "";
    var sectors = data.regroupe && data.zoom < LOCAL_ZOOM;
    var services = data.zoom < LOCAL_ZOOM ? data.services : data.proches;
    if (sectors) {
      data.groupes.slice(0, config.liste).forEach(function (g) { list.appendChild(sectorItem(g)); });
    } else {
      services.slice(0, config.liste).forEach(function (s) { list.appendChild(serviceItem(s, "li")); });
    }
    nearestTitle.textContent = sectors
      ? "Les secteurs les plus fournis :"
      : data.zoom < LOCAL_ZOOM ? "Services de la zone :" : "Les plus proches du centre de la carte :";
    nearestTitle.hidden = list.children.length === 0;
    map.getContainer().setAttribute("data-total", String(n));
    map.getContainer().setAttribute("data-zoom", String(data.zoom));
  }

  function refresh() {
    if (controller) controller.abort();
    controller = new AbortController();
    var params = new URLSearchParams();
    params.set("bbox", bbox());
    params.set("zoom", String(map.getZoom()));
    // Seen from afar the list names sectors: the nearest services are asked for closer.
    params.set("liste", String(map.getZoom() >= LOCAL_ZOOM ? config.liste : 0));
    chosenFreins().forEach(function (f) { params.append("freins", f); });
    state.textContent = "Chargement des services…";
    window.history.replaceState({ carte: true }, "", pageQuery());
    fetch(config.api + "?" + params.toString(), {
      signal: controller.signal,
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.erreur || "erreur du serveur");
          return body;
        });
      })
      .then(draw)
      .catch(function (error) {
        if (error.name !== "AbortError") {
          state.textContent = "Les services n'ont pas pu être affichés : " + error.message;
        }
      });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 120);
  }

  // Filters act at once; each change is a step of the history (back undoes it).
  form.addEventListener("change", function (event) {
    if (event.target.name !== "freins") return;
    window.history.pushState({ carte: true }, "", pageQuery());
    refresh();
  });
  form.addEventListener("submit", function (event) {
    var code = form.querySelector("input[name=code_commune]");
    var lieu = form.querySelector("input[name=lieu]");
    if ((code && code.value) || !lieu || !lieu.value.trim()) event.preventDefault();
    if (!code || !code.value) refresh();
  });
  form.addEventListener("maillage:commune", function (event) {
    map.setView([event.detail.latitude, event.detail.longitude], 12);
  });
  function fromAddress() {
    var params = new URLSearchParams(window.location.search);
    var chosen = params.getAll("freins");
    form.querySelectorAll('input[name="freins"]').forEach(function (box) {
      box.checked = chosen.indexOf(box.value) !== -1;
    });
    var lat = parseFloat(params.get("lat"));
    var lon = parseFloat(params.get("lon"));
    var zoom = parseInt(params.get("zoom"), 10);
    if (isFinite(lat) && isFinite(lon) && isFinite(zoom)) map.setView([lat, lon], zoom);
    refresh();
  }
  window.addEventListener("popstate", fromAddress);
  window.addEventListener("pageshow", function (event) { if (event.persisted) fromAddress(); });

  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      state.textContent = "Recherche de votre position…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var point = [position.coords.latitude, position.coords.longitude];
          here.clearLayers();
          L.circleMarker(point, { radius: 8, color: "#000091", fillOpacity: 1, interactive: false })
            .addTo(here);
          map.setView(point, 13);
        },
        function () {
          state.textContent = "Votre position n'est pas disponible : cherchez plutôt une commune.";
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
      );
    });
  }

  map.on("moveend", schedule);
  refresh();
})();
