/* Commune autocomplete (ARIA combobox) for every `.maillage-autocomplete` group.
 * Progressive enhancement: without this script the text field is sent as it is and the
 * server finds the commune from a postcode and a name. With it, choosing a suggestion
 * fills the hidden `code_commune` field and announces the choice (`maillage:commune`).
 * A group with `data-adresses` (a geocoder is configured) also suggests street
 * addresses: choosing one fills the field with it and empties `code_commune`, so the
 * server centres the search on that address. */
(function () {
  "use strict";

  function setup(group) {
    var input = group.querySelector("input[type=text]");
    var hidden = group.querySelector("input[name=code_commune]");
    var endpoint = group.getAttribute("data-communes");
    var addressEndpoint = group.getAttribute("data-adresses");
    if (!input || !hidden || !endpoint) return;

    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "maillage-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", addressEndpoint ? "Lieux proposés" : "Communes proposées");
    list.hidden = true;
    group.appendChild(list);
    var live = document.createElement("p");
    live.className = "fr-sr-only";
    live.setAttribute("aria-live", "polite");
    group.appendChild(live);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var commune = items[index];
      if (!commune) return;
      input.value = commune.libelle;
      hidden.value = commune.code;
      close();
      live.textContent = commune.nom + (commune.code ? " choisie." : " choisie (adresse).");
      input.dispatchEvent(new CustomEvent("maillage:commune", { bubbles: true, detail: commune }));
    }

    function render(communes) {
      items = communes;
      list.textContent = "";
      communes.forEach(function (commune, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.textContent = commune.libelle;
        var where = document.createElement("span");
        where.className = "maillage-suggestions__departement";
        where.textContent = commune.departement;
        option.appendChild(name);
        option.appendChild(where);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the field
          choose(i);
        });
        list.appendChild(option);
      });
      var open = communes.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      active = -1;
      var what = addressEndpoint ? "lieu" : "commune";
      var plural = communes.length > 1 ? (addressEndpoint ? "x" : "s") : "";
      var chosen = addressEndpoint ? " proposé" : " proposée";
      live.textContent = open
        ? communes.length + " " + what + plural + chosen + (communes.length > 1 ? "s" : "") +
          " : flèches haut et bas pour choisir."
        : (addressEndpoint ? "Aucun lieu ne correspond." : "Aucune commune ne correspond.");
    }

    function suggest() {
      var q = input.value.trim();
      if (q.length < 2) {
        close();
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      var signal = controller.signal;
      function get(url) {
        return fetch(url + "q=" + encodeURIComponent(q), {
          signal: signal,
          headers: { Accept: "application/json" },
        }).then(function (response) { return response.ok ? response.json() : []; });
      }
      var asked = [get(endpoint + "?limite=8&")];
      if (addressEndpoint && q.length >= 3) asked.push(get(addressEndpoint + "?limite=5&"));
      Promise.all(asked)
        .then(function (answers) {
          var addresses = (answers[1] || []).map(function (a) {
            return {
              code: "", nom: a.libelle, libelle: a.libelle,
              departement: a.precision === "adresse" ? "Adresse" : "Voie",
              latitude: a.latitude, longitude: a.longitude,
            };
          });
          // A number first ("12 rue…"): an address is meant, its suggestions lead.
          render(/^\d+\s+\D/.test(q)
            ? addresses.concat(answers[0].slice(0, 3))
            : answers[0].slice(0, addresses.length ? 5 : 8).concat(addresses));
        })
        .catch(function (error) { if (error.name !== "AbortError") close(); });
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      clearTimeout(timer);
      timer = setTimeout(suggest, 180);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.querySelectorAll(".maillage-autocomplete").forEach(setup);
})();
