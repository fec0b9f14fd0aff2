// Glossary definitions (popovers, which work without this script): close one when keyboard
// focus moves on past it, so that it does not cover the next words, and on phones, where it
// opens as a panel along the bottom of the screen, scroll its word above the panel.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 39.99em)");
  var gap = 8;

  document.addEventListener("focusout", function (event) {
    var term = event.target.closest(".term");
    var popover = term && term.querySelector(".term-popover");
    // No new focus (a click on text, another window): the popover's own light dismiss decides.
    if (!popover || !event.relatedTarget || term.contains(event.relatedTarget)) {
      return;
    }
    if (popover.matches(":popover-open")) {
      popover.hidePopover();
    }
  });

  // "toggle" does not bubble; caught on its way down instead.
  document.addEventListener(
    "toggle",
    function (event) {
      var popover = event.target;
      if (!popover.classList || !popover.classList.contains("term-popover")) {
        return;
      }
      var open = event.newState === "open";
      document.body.classList.toggle("term-sheet-open", open && narrow.matches);
      if (!open || !narrow.matches) {
        return;
      }
      var button = popover.closest(".term").querySelector(".term-button");
      var word = button.getBoundingClientRect();
      var panelTop = popover.getBoundingClientRect().top;
      if (word.bottom + gap > panelTop) {
        window.scrollBy({ top: word.bottom + gap - panelTop, behavior: "instant" });
      } else if (word.top < 0) {
        window.scrollBy({ top: word.top - gap, behavior: "instant" });
      }
    },
    true
  );
})();
