// Passkey ceremonies for the HTML pages (PK1, PK2), with the vendored @simplewebauthn/browser.
// A box [data-passkey="login"|"register"] holds the server's options; its button runs the
// ceremony, puts the answer into the form's hidden field and submits the form. Without
// JavaScript or WebAuthn the box says so, and the page offers the other ways in.
(function () {
  function wire(root) {
    root.querySelectorAll("[data-passkey]").forEach(function (box) {
      if (box.dataset.wired) return;
      box.dataset.wired = "1";
      const form = box.closest("form");
      const field = form.querySelector("input[name='" + box.dataset.field + "']");
      const button = box.querySelector("[data-passkey-start]");
      const note = box.querySelector("[data-passkey-note]");
      const browser = window.SimpleWebAuthnBrowser;
      if (!browser || !browser.browserSupportsWebAuthn()) {
        note.textContent = "This browser cannot use passkeys. Use another method.";
        return;
      }
      button.hidden = false;
      button.addEventListener("click", async function () {
        const optionsJSON = JSON.parse(box.dataset.options);
        try {
          const answer = box.dataset.passkey === "register"
            ? await browser.startRegistration({ optionsJSON: optionsJSON })
            : await browser.startAuthentication({ optionsJSON: optionsJSON });
          field.value = JSON.stringify(answer);
          form.requestSubmit();
        } catch (error) {
          note.textContent = "The passkey was not used (" + error.name + "). Try again, or use another method.";
        }
      });
    });
  }
  // This script may arrive inside an HTMX fragment, after DOMContentLoaded and after the
  // swap's afterSettle: then the box it came with is wired as soon as the script runs.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wire(document); });
  } else {
    wire(document);
  }
  document.addEventListener("htmx:afterSettle", function () { wire(document); });
})();
