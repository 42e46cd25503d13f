/* Referent search: keeps the services chosen for the fiche while paging through results
 * (in this browser tab only, sessionStorage: nothing leaves the browser). Without this
 * script the fiche form still sends the services ticked on the current page. */
(function () {
  "use strict";
  // Back and forward must show the search of the address bar, not the boxes ticked just
  // before leaving (browsers restore them): the page's own HTML is that search.
  var search = document.getElementById("recherche");
  if (search) {
    search.setAttribute("autocomplete", "off");
    window.addEventListener("pageshow", function (event) { if (event.persisted) search.reset(); });
  }
})();

(function () {
  "use strict";
  var KEY = "maillage-fiche";
  var form = document.getElementById("fiche");
  var status = document.getElementById("fiche-etat");
  if (!form || !status) return;
  var boxes = Array.prototype.slice.call(
    document.querySelectorAll('input[form="fiche"][name="services"]')
  );

  function load() {
    try { return JSON.parse(window.sessionStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(selection) {
    try { window.sessionStorage.setItem(KEY, JSON.stringify(selection)); } catch (e) { /* private mode */ }
  }

  var selection = load();
  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "fr-btn fr-btn--tertiary-no-outline fr-btn--sm";
  clear.textContent = "Vider la sélection";
  clear.hidden = true;
  form.appendChild(clear);

  function update() {
    var n = Object.keys(selection).length;
    status.textContent = n === 0
      ? "Cochez des services pour préparer une fiche à remettre à la personne."
      : n + " service" + (n > 1 ? "s" : "") + " choisi" + (n > 1 ? "s" : "") + " pour la fiche.";
    clear.hidden = n === 0;
  }

  boxes.forEach(function (box) {
    if (selection[box.value]) box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) selection[box.value] = box.getAttribute("data-nom") || true;
      else delete selection[box.value];
      save(selection);
      update();
    });
  });

  clear.addEventListener("click", function () {
    selection = {};
    save(selection);
    boxes.forEach(function (box) { box.checked = false; });
    update();
  });

  form.addEventListener("submit", function () {
    // The services chosen on other pages of results travel with those of this page.
    var here = boxes.map(function (box) { return box.value; });
    Object.keys(selection).forEach(function (uid) {
      if (here.indexOf(uid) !== -1) return;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "services";
      input.value = uid;
      form.appendChild(input);
    });
  });

  update();
})();
