/* "Add to comparison" without reloading the page. Progressive enhancement: without
   this script the forms post and come back to the page, which says what happened. */
(function () {
  "use strict";

  function update(form, selected, count) {
    var button = form.querySelector("button");
    form.action = selected ? form.dataset.removeUrl : form.dataset.addUrl;
    button.textContent = selected ? button.dataset.removeLabel : button.dataset.addLabel;
    document.querySelectorAll("[data-comparison-count]").forEach(function (counter) {
      counter.textContent = count;
    });
    document.querySelectorAll("[data-comparison-nav]").forEach(function (item) {
      item.hidden = count === 0;
    });
  }

  function announce(form, message) {
    var note = form.querySelector("[data-comparison-note]");
    if (note) {
      note.textContent = message;
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-comparison]") || !window.fetch) {
      return;
    }
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        update(form, data.selected, data.count);
        announce(form, data.message);
      })
      .catch(function () {
        form.submit();
      });
  });
})();
