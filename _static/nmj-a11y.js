/* The book's small repairs to the themes' scripts, loaded on every page (Jupyter Book adds each
   _static/*.js). Each says which WCAG criterion it serves; tests/test_browser.py checks each. */
(() => {
  "use strict";

  // Every sidebar button works (2.1.1, 1.4.10). pydata-sphinx-theme and sphinx-book-theme bind
  // only the first .primary-toggle and .secondary-toggle on the page, a header button that is
  // hidden, so the article header's own buttons did nothing; at 200% zoom or on a phone the
  // chapter list could not be opened (pydata-sphinx-theme issue 2451). Their clicks are passed
  // to the bound button. The visible buttons are named for what they show, and on a wide
  // window, where the chapter list slides away rather than opening as a dialog, they say
  // whether it is shown (4.1.2).
  const SIDEBARS = {
    "primary-toggle": ["Site navigation", "pst-primary-sidebar"],
    "secondary-toggle": ["On this page", "pst-secondary-sidebar"],
  };
  function forwardSidebarToggles() {
    for (const [name, [label, sidebarId]] of Object.entries(SIDEBARS)) {
      const [bound, ...others] = document.querySelectorAll(`button.${name}`);
      const sidebar = document.getElementById(sidebarId);
      for (const button of others) {
        button.setAttribute("aria-label", label);
        const showState = () => {
          const slides = name === "primary-toggle" && window.matchMedia("(min-width: 992px)").matches;
          if (slides && sidebar) {
            button.setAttribute("aria-expanded", String(!sidebar.classList.contains("pst-sidebar-hidden")));
          } else {
            button.removeAttribute("aria-expanded");
          }
        };
        showState();
        window.addEventListener("resize", showState);
        button.addEventListener(
          "click",
          (event) => {
            event.preventDefault();
            event.stopImmediatePropagation();
            bound.click();
            showState();
          },
          true,
        );
      }
    }
  }

  // A drop-down box's button is named by the box's title ("Solution to Exercise 4.1 ...")
  // rather than sphinx-togglebutton's "Toggle hidden content" on all of them (2.4.6, 4.1.2); a
  // hint, which follows its exercise, is named "Hint for Exercise 4.1". aria-expanded, which
  // togglebutton keeps, says whether it is open.
  function nameToggleButtons() {
    const selector = ".admonition.toggle > .admonition-title > button.toggle-button";
    for (const button of document.querySelectorAll(selector)) {
      let title = button.parentElement.textContent.replace(/\s+/g, " ").trim();
      if (!title) continue;
      if (!/Exercise \d/.test(title)) {
        let previous = button.closest(".admonition").previousElementSibling;
        while (previous && !previous.matches(".exercise")) previous = previous.previousElementSibling;
        const exercise = previous?.querySelector(".admonition-title")?.textContent.match(/Exercise [\d.]+\d/);
        if (exercise) title = `${title} for ${exercise[0]}`;
      }
      button.setAttribute("aria-label", title);
    }
  }

  // The chapter-list sidebar is a landmark (1.3.1): the book's title and search button at its
  // top otherwise sit outside every landmark, where landmark navigation cannot reach them.
  function sidebarLandmark() {
    const sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "complementary");
      sidebar.setAttribute("aria-label", "Book");
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
  const run = () => [forwardSidebarToggles, nameToggleButtons, sidebarLandmark].forEach(later);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
