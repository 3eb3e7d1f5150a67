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
