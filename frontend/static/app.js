// After HTMX swaps new content into <main>, move focus where a keyboard or
// screen-reader user needs it: the first refused field, else the heading.
document.addEventListener("htmx:afterSettle", function (event) {
  const main = document.getElementById("main");
  if (!main || !main.contains(event.detail.elt)) return;
  const target = main.querySelector("[aria-invalid='true']") || main.querySelector("[autofocus]") || main.querySelector("h1");
  if (target) {
    if (target.tagName === "H1") target.setAttribute("tabindex", "-1");
    target.focus();
  }
});

// "Copy code" buttons exist only with JavaScript (hidden otherwise).
function wireCopyButtons(root) {
  root.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      const source = document.querySelector(button.dataset.copy);
      if (!source || !navigator.clipboard) return;
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = "Copied";
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { wireCopyButtons(document); });
document.addEventListener("htmx:load", function (event) { wireCopyButtons(event.detail.elt); });

// Notes meant only for browsers without JavaScript (<noscript> is not honoured everywhere,
// for example when scripts are switched off per site) disappear once this script runs.
document.documentElement.classList.add("js");
