// A table's scroll region is a Tab stop so that keyboard users can scroll it, which only
// makes sense while the table is wider than the page: where it fits, the region is a plain
// box (no Tab stop, no landmark), and it becomes one again when a narrower window or larger
// text makes the table scroll. Without this script every table stays focusable.
(function () {
  "use strict";
  if (!window.ResizeObserver) {
    return;
  }
  var names = new Map();
  var fits = new Map(); // what the last measurement found, while it still holds

  // A table far from the screen is not laid out (content-visibility in site.css), so its
  // width cannot be measured there.
  function laidOut(region) {
    var table = region.querySelector("table");
    return !table.checkVisibility || table.checkVisibility({ contentVisibilityAuto: true });
  }

  var widths = new Map();

  function update(region) {
    if (laidOut(region)) {
      fits.set(region, region.scrollWidth <= region.clientWidth);
      widths.set(region, region.clientWidth);
    } else if (widths.get(region) !== region.clientWidth) {
      fits.delete(region); // not measured at this width: keeps its Tab stop to be safe
    }
    var name = names.get(region);
    if (!fits.get(region)) {
      region.setAttribute("role", "region");
      region.setAttribute("tabindex", "0");
      region.setAttribute(name.attribute, name.value);
    } else if (document.activeElement === region) {
      // Taking the Tab stop from the focused element would drop the focus to the page.
      region.addEventListener("blur", function () { update(region); }, { once: true });
    } else {
      region.removeAttribute("role");
      region.removeAttribute("tabindex");
      // A plain box must not be named (ARIA: generic elements are not named).
      region.removeAttribute(name.attribute);
    }
  }

  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      update(entry.target.closest(".table-scroll"));
    });
  });
  document.querySelectorAll(".table-scroll").forEach(function (region) {
    var attribute = region.hasAttribute("aria-labelledby") ? "aria-labelledby" : "aria-label";
    names.set(region, { attribute: attribute, value: region.getAttribute(attribute) });
    // The region changes size with the window, the table with its text.
    observer.observe(region);
    observer.observe(region.querySelector("table"));
    // Sent before the table is laid out: measure in the next frame.
    region.addEventListener("contentvisibilityautostatechange", function () {
      requestAnimationFrame(function () { update(region); });
    });
  });
})();
