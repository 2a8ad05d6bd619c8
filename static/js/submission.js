// Progressive enhancement of the submission steps; every step works without it.
// - "Add a …" buttons add an empty row to a formset without a round trip.
// - Typing an organisation's name suggests the organisations already known.
// - A report over the size limit is flagged before it is sent.
// - A form's buttons are disabled once it is sent, so a double click sends it once.
(function () {
  "use strict";

  document.querySelectorAll("form.submission-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      // After the click: the button pressed must still be sent with the form.
      setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    });
  });
  // Back to a page kept in the browser's cache: its forms can be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.submission-form button[type=submit]").forEach(function (button) {
      button.disabled = false;
    });
  });

  function addRow(prefix) {
    var template = document.querySelector('template[data-empty-form="' + prefix + '"]');
    var container = document.querySelector('[data-formset="' + prefix + '"]');
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!template || !container || !total) return;
    var index = parseInt(total.value, 10);
    var wrapper = document.createElement("div");
    wrapper.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = wrapper.firstElementChild;
    container.appendChild(row);
    total.value = String(index + 1);
    enhanceSearch(row);
    var first = row.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  }

  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { addRow(button.dataset.addRow); });
  });
  document.querySelectorAll("[data-no-js]").forEach(function (note) { note.hidden = true; });

  function enhanceSearch(scope) {
    scope.querySelectorAll("[data-organisation-search]").forEach(function (box) {
      var container = box.closest("[data-formset]") || document.querySelector("[data-suggest-url]");
      var url = container && container.dataset.suggestUrl;
      var row = box.closest("[data-row]");
      var input = box.querySelector("input");
      var hidden = row && row.querySelector('input[type=hidden][name$="-organisation"]');
      if (!url || !input || !hidden) return;
      var list = document.createElement("ul");
      list.className = "suggestions";
      var status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("aria-live", "polite");
      box.appendChild(status);
      box.appendChild(list);
      var timer = null;

      function choose(result) {
        hidden.value = String(result.id);
        input.value = result.name;
        list.innerHTML = "";
        row.querySelectorAll("select").forEach(function (select) {
          select.closest(".field").hidden = true;
        });
        status.textContent = container.dataset.chosenText.replace("{name}", result.name);
      }

      input.addEventListener("input", function () {
        hidden.value = "";
        row.querySelectorAll("select").forEach(function (select) {
          select.closest(".field").hidden = false;
        });
        clearTimeout(timer);
        var query = input.value.trim();
        if (query.length < 3) { list.innerHTML = ""; return; }
        timer = setTimeout(function () {
          fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : { results: [] }; })
            .then(function (data) {
              list.innerHTML = "";
              data.results.forEach(function (result) {
                var item = document.createElement("li");
                var button = document.createElement("button");
                button.type = "button";
                button.className = "button button-secondary";
                button.textContent = container.dataset.useText.replace(
                  "{name}", result.name + " (" + [result.kind, result.country].filter(Boolean).join(", ") + ")"
                );
                button.addEventListener("click", function () { choose(result); });
                item.appendChild(button);
                list.appendChild(item);
              });
              status.textContent = data.results.length
                ? container.dataset.foundText.replace("{count}", String(data.results.length))
                : "";
            })
            .catch(function () { list.innerHTML = ""; });
        }, 250);
      });
    });
  }
  enhanceSearch(document);

  document.querySelectorAll("input[type=file][data-max-size]").forEach(function (input) {
    input.addEventListener("change", function () {
      var field = input.closest(".field");
      var old = field.querySelector(".js-size-error");
      if (old) old.remove();
      var file = input.files && input.files[0];
      if (file && file.size > parseInt(input.dataset.maxSize, 10)) {
        var error = document.createElement("p");
        error.className = "errorlist js-size-error";
        error.setAttribute("role", "alert");
        error.textContent = input.dataset.tooBig;
        field.appendChild(error);
      }
    });
  });
})();
