/* STAR Impl: initialise the design system and page behaviour; no inline scripts (CSP). */
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
  // A link to something inside a closed DKFDS accordion item (the workspace's #fase-plan, where
  // a ticked checklist item returns to) opens that item.
  function openLinkedAccordion() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var item = target && target.closest(".accordion > li");
    var button = item && item.querySelector(".accordion-button[aria-expanded='false']");
    if (button) {
      button.click();
      target.scrollIntoView();
    }
  }
  openLinkedAccordion();
  window.addEventListener("hashchange", openLinkedAccordion);
  // Forms that ask for confirmation before a destructive action: data-confirm="Tekst".
  document.body.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
});
