// The import's progress bar (templates/importing.html): asks the server how
// far the import has got every second and moves the bar; once it is done,
// opens the board. Without this script the page refreshes itself instead
// (its <noscript> refresh), and the server sends it to the board at the end.
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  var count = document.getElementById("import-count");
  if (!bar || !window.fetch) {
    return;
  }
  var poll = bar.getAttribute("data-poll");
  var board = bar.getAttribute("data-board");
  var ask = function () {
    fetch(poll, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) {
        if (!answer.ok) {
          throw new Error(answer.status);
        }
        return answer.json();
      })
      .then(function (progress) {
        if (progress.done) {
          window.location.assign(board);
          return;
        }
        if (progress.total > 0) {
          bar.max = progress.total;
          bar.value = progress.started;
          bar.textContent = progress.started + " / " + progress.total;
          count.textContent = progress.started + " / " + progress.total;
        }
        window.setTimeout(ask, 1000);
      })
      .catch(function () {
        window.setTimeout(ask, 3000); // the server restarting, say: ask again, more slowly
      });
  };
  ask();
})();
