// The admin's change forms for translated content: a warning before leaving a form with
// unsaved changes, addresses (slugs) filled in from the title while still empty, and Enter on
// a checkbox (topics, related articles) that does not send the whole form.
// Loaded in the page's head, with the admin's other form scripts: it starts once the form is there.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.querySelector("#content-main form[method=post]");
  if (!form) {
    return;
  }

  // Unsaved changes: the form now differs from the form as it was opened. Saving does not
  // warn; a preview, which opens in a new tab, leaves the page where it is and the changes
  // still unsaved.
  function snapshot() {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      parts.push(name + "=" + (typeof value === "string" ? value : value.name));
    });
    return parts.join("&");
  }
  var opened = snapshot();
  var leaving = false;
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    leaving = !(submitter && submitter.formTarget === "_blank");
  });
  window.addEventListener("beforeunload", function (event) {
    if (leaving || snapshot() === opened) {
      return;
    }
    event.preventDefault();
    event.returnValue = "";
  });
  window.addEventListener("pageshow", function () {
    leaving = false;
  });

  // Chromium sends the form on Enter in a checkbox; someone ticking topics by keyboard meant
  // to stay (Space ticks).
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.type === "checkbox") {
      event.preventDefault();
    }
  });

  // The same as the site's slugify (articles/rendering.py, slugify_heading): German letters
  // transliterated, then Django's slugify.
  var GERMAN = { "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss" };
  function slugify(value) {
    var ascii = value
      .normalize("NFC")
      .replace(/[äöüÄÖÜß]/g, function (letter) {
        return GERMAN[letter];
      })
      .normalize("NFKD")
      .replace(/[^\x00-\x7f]/g, "");
    return ascii
      .toLowerCase()
      .replace(/[^\w\s-]/g, "")
      .replace(/[-\s]+/g, "-")
      .replace(/^[-_]+|[-_]+$/g, "");
  }

  form.querySelectorAll("input[data-slug-from]").forEach(function (slug) {
    var source = document.getElementById(slug.dataset.slugFrom);
    if (!source || slug.readOnly || slug.value !== "") {
      return;
    }
    var typed = false;
    slug.addEventListener("input", function () {
      typed = slug.value !== "";
    });
    source.addEventListener("input", function () {
      if (!typed) {
        var limit = slug.maxLength > 0 ? slug.maxLength : undefined;
        slug.value = slugify(source.value).slice(0, limit).replace(/-+$/, "");
      }
    });
  });
});
