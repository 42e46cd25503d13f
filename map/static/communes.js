/* Commune autocomplete (ARIA combobox) for every `.maillage-autocomplete` group.
 * Progressive enhancement: without this script the text field is sent as it is and the
 * server finds the commune from a postcode and a name. With it, choosing a suggestion
 * fills the hidden `code_commune` field and announces the choice (`maillage:commune`). */
(function () {
  "use strict";

  function setup(group) {
    var input = group.querySelector("input[type=text]");
    var hidden = group.querySelector("input[name=code_commune]");
    var endpoint = group.getAttribute("data-communes");
    if (!input || !hidden || !endpoint) return;

    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "maillage-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Communes proposées");
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
      live.textContent = commune.nom + " choisie.";
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
      live.textContent = open
        ? communes.length + " commune" + (communes.length > 1 ? "s" : "") +
          " proposée" + (communes.length > 1 ? "s" : "") + " : flèches haut et bas pour choisir."
        : "Aucune commune ne correspond.";
    }

    function suggest() {
      var q = input.value.trim();
      if (q.length < 2) {
        close();
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(endpoint + "?limite=8&q=" + encodeURIComponent(q), {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(render)
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
