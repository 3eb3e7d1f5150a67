// Passkey ceremonies for the HTML pages (PK1-PK3), with the vendored @simplewebauthn/browser.
// A box [data-passkey="login"|"register"] holds the server's options; its button runs the
// ceremony, puts the answer into the form's hidden field and submits the form. Without
// JavaScript or WebAuthn the box says so, and the page offers the other ways in.
// PK3: the login page's hidden form [data-passkey-sign-in] is shown where WebAuthn works; its
// button, or the email field's autofill (conditional mediation, where supported), asks the
// server for a request through GraphQL and posts the answer to /login/passkey.
(function () {
  const SIGN_IN_OPTIONS = "mutation($returnTo: String, $captcha: String!) {" +
    " result: passkeySignInOptions(returnTo: $returnTo, captcha: $captcha) { __typename" +
    " ... on PasskeyOptions { optionsJson } ... on UserError { message } } }";

  async function signInOptions(form) {
    const page = document.querySelector("form[action='/login']");
    const solution = page && page.querySelector("input[name='altcha']");
    const back = form.querySelector("input[name='return_to']");
    const answer = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({
        query: SIGN_IN_OPTIONS,
        variables: { returnTo: back ? back.value : null, captcha: solution ? solution.value : "" },
      }),
    });
    const result = (await answer.json()).data.result;
    if (result.__typename !== "PasskeyOptions") throw new Error(result.message);
    return JSON.parse(result.optionsJson);
  }

  function wireSignIn(form) {
    if (form.dataset.wired) return;
    form.dataset.wired = "1";
    const browser = window.SimpleWebAuthnBrowser;
    if (!browser || !browser.browserSupportsWebAuthn()) return;  // the password form stays
    const field = form.querySelector("input[name='response']");
    const note = form.querySelector("[data-passkey-note]");
    function submit(answer) {
      field.value = JSON.stringify(answer);
      form.requestSubmit();
    }
    form.hidden = false;
    form.querySelector("[data-passkey-start]").addEventListener("click", async function () {
      note.textContent = "";
      try {
        // Starting a ceremony ends a pending autofill request (the library's abort service).
        submit(await browser.startAuthentication({ optionsJSON: await signInOptions(form) }));
      } catch (error) {
        note.textContent = error.name === "Error" ? error.message
          : "The passkey was not used (" + error.name + "). Try again, or use your password.";
      }
    });
    browser.browserSupportsWebAuthnAutofill().then(async function (supported) {
      if (!supported) return;
      try {
        const optionsJSON = await signInOptions(form);
        // Leaving the page's fragment (HTMX) ends the autofill request with it.
        document.addEventListener("htmx:beforeSwap", function () {
          browser.WebAuthnAbortService.cancelCeremony();
        }, { once: true });
        submit(await browser.startAuthentication({ optionsJSON: optionsJSON, useBrowserAutofill: true }));
      } catch (error) {
        // Aborted by the button or by leaving the page, or no request now: autofill stays off.
      }
    });
  }

  function wire(root) {
    root.querySelectorAll("[data-passkey-sign-in]").forEach(wireSignIn);
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
