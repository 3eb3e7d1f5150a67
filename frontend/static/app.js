// After HTMX swaps a new page into <main>, move focus where a keyboard or
// screen-reader user needs it: the first refused field, else the heading. A part
// swapped into an element marked data-keeps-focus (the login form's captcha, fetched as the email changes)
// leaves focus alone: the person may be typing their password meanwhile.
document.addEventListener("htmx:afterSettle", function (event) {
  const main = document.getElementById("main");
  if (!main || !main.contains(event.detail.elt)) return;
  const settled = event.target.nodeType === Node.ELEMENT_NODE ? event.target : event.target.parentNode;
  if (settled && settled.closest("[data-keeps-focus]")) return;
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
// L4: Resend is switched off while it would be refused, counting down to when it works.
function wireResendButtons(root) {
  root.querySelectorAll("button[data-resend-wait]").forEach(function (button) {
    let left = parseInt(button.dataset.resendWait, 10) || 0;
    if (left <= 0 || button.dataset.counting) return;
    button.dataset.counting = "yes";
    button.disabled = true;
    const note = button.parentElement.querySelector("[data-resend-note]");
    const timer = setInterval(function () {
      left -= 1;
      if (!button.isConnected) {
        clearInterval(timer);
      } else if (left <= 0) {
        clearInterval(timer);
        button.disabled = false;
        if (note) note.textContent = "You can ask for a new code now.";
      } else if (note) {
        note.textContent = "You can ask for a new code in " + left + " second" + (left === 1 ? "" : "s") + ".";
      }
    }, 1000);
  });
}

function wire(root) {
  wireCopyButtons(root);
  wireResendButtons(root);
}
document.addEventListener("DOMContentLoaded", function () { wire(document); });
document.addEventListener("htmx:load", function (event) { wire(event.detail.elt); });

// Notes meant only for browsers without JavaScript (<noscript> is not honoured everywhere,
// for example when scripts are switched off per site) disappear once this script runs.
document.documentElement.classList.add("js");
