// Live preview: with scripts on, the preview follows the form by itself.
// Without scripts the Preview button does the same; nothing else needs this file.
"use strict";
document.querySelectorAll("form[data-live-preview]").forEach(function (form) {
  var button = form.querySelector("button[data-preview]"), timer = null;
  function refresh(delay) {
    clearTimeout(timer);
    timer = setTimeout(function () { form.requestSubmit(button); }, delay);
  }
  form.addEventListener("change", function () { refresh(150); });
  form.addEventListener("input", function (event) {
    if (event.target.type === "text" || event.target.tagName === "TEXTAREA") { refresh(800); }
  });
});
