// Enter in a list of the topics / related articles selector moves the marked entries to the
// other list, as a double click does, instead of sending the whole form (Chromium sends the
// form on Enter in a select box).
"use strict";
document.addEventListener("keydown", function (event) {
  const list = event.target;
  if (event.key !== "Enter" || !(list instanceof HTMLSelectElement) || !list.closest(".selector")) {
    return;
  }
  event.preventDefault();
  const marked = list.querySelector("option:checked");
  if (marked) {
    marked.dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
  }
});
