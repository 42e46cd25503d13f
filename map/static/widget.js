/* Maillage's search of a territory, embedded in another site:
 *   <script src="https://…/static/app/widget.js" data-territoire="13"
 *           data-freins="mobilite,sante" data-hauteur="600"></script>
 * writes, in place of the script, an <iframe> of /widget from the script's own server. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var origin = new URL(script.src).origin;
  var query = new URLSearchParams();
  query.set("territoire", script.dataset.territoire || "");
  if (script.dataset.freins) { query.set("freins", script.dataset.freins); }
  var frame = document.createElement("iframe");
  frame.src = origin + "/widget?" + query.toString();
  frame.title = script.dataset.titre || "Trouver une aide près de chez vous (Maillage)";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.height = (parseInt(script.dataset.hauteur, 10) || 600) + "px";
  frame.setAttribute("loading", "lazy");
  script.parentNode.insertBefore(frame, script.nextSibling);
}());
