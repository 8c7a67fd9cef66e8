// The copy button of a link shown once (the people page's invitation link).
// The only script of the dashboard, allowed on that answer alone: without
// it the link stays in a plain field, selected by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy-from]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    if (!field) {
      return;
    }
    field.focus();
    field.select();
    button.addEventListener("click", function () {
      field.select();
      var done = function () { button.textContent = button.getAttribute("data-copied"); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
