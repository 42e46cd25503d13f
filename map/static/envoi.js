// A form that writes (method="post") is sent once: a second click, or Enter pressed
// again while the first request runs, does nothing (the button says it is busy).
// Pages restored from the back-forward cache get their buttons back.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
  if (form.dataset.envoi === "en-cours") {
    event.preventDefault();
    return;
  }
  form.dataset.envoi = "en-cours";
  for (const button of form.querySelectorAll("button[type=submit], button:not([type])")) {
    button.setAttribute("aria-disabled", "true");
  }
});
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-envoi]")) {
    delete form.dataset.envoi;
    for (const button of form.querySelectorAll("[aria-disabled=true]")) {
      button.removeAttribute("aria-disabled");
    }
  }
});
