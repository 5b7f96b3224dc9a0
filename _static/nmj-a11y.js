/* The book's small repairs to the themes' scripts, loaded on every page (Jupyter Book adds each
   _static/*.js). Each says which WCAG criterion it serves; tests/test_browser.py checks each. */
(() => {
  "use strict";

  // Every sidebar button works (2.1.1, 1.4.10). pydata-sphinx-theme and sphinx-book-theme bind
  // only the first .primary-toggle and .secondary-toggle on the page, a header button that is
  // hidden, so the article header's own buttons did nothing; at 200% zoom or on a phone the
  // chapter list could not be opened. Their clicks are passed to the bound button.
  function forwardSidebarToggles() {
    for (const name of ["primary-toggle", "secondary-toggle"]) {
      const [bound, ...others] = document.querySelectorAll(`button.${name}`);
      for (const button of others) {
        button.addEventListener(
          "click",
          (event) => {
            event.preventDefault();
            event.stopImmediatePropagation();
            bound.click();
          },
          true,
        );
      }
    }
  }

  // A drop-down box's button is named by the box's title ("Solution to Exercise 4.1 ...")
  // rather than sphinx-togglebutton's "Toggle hidden content" on all of them (2.4.6, 4.1.2);
  // aria-expanded, which togglebutton keeps, says whether it is open.
  function nameToggleButtons() {
    const selector = ".admonition.toggle > .admonition-title > button.toggle-button";
    for (const button of document.querySelectorAll(selector)) {
      const title = button.parentElement.textContent.replace(/\s+/g, " ").trim();
      if (title) button.setAttribute("aria-label", title);
      button.setAttribute("aria-controls", button.closest(".admonition").id);
    }
  }

  // Tooltips close with Escape (1.4.13): the theme's header tooltips otherwise stay over the
  // buttons next to them until the pointer or focus moves.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !window.bootstrap) return;
    for (const element of document.querySelectorAll('[data-bs-toggle="tooltip"]')) {
      window.bootstrap.Tooltip.getInstance(element)?.hide();
    }
  });

  // After the themes' and togglebutton's own DOMContentLoaded handlers.
  const later = (fn) => setTimeout(fn, 0);
  const run = () => [forwardSidebarToggles, nameToggleButtons].forEach(later);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
