// Follow a guide PDF build without reloading the page (without JavaScript, the page
// refreshes itself through a <noscript> meta refresh). When the build ends, the page
// is reloaded once to show the download link or the error.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) return;
  var text = box.querySelector(".build-progress-text");
  var url = box.getAttribute("data-status-url");

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        if (state.finished || state.lost) {
          window.location.reload();
          return;
        }
        if (text) text.textContent = state.progress_text;
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
