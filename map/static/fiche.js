/* Fiche: a print button, and the optional note printed with the sheet (never sent). */
(function () {
  "use strict";
  var button = document.getElementById("imprimer");
  var note = document.getElementById("note");
  var printed = document.getElementById("note-imprimee");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }
  if (note && printed) {
    note.addEventListener("input", function () {
      printed.textContent = note.value;
      printed.hidden = note.value.trim() === "";
    });
  }
})();
