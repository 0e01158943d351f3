// The form engine's questions (participants/_questions.html), progressive enhancement:
// a conditional question appears as soon as its earlier answer matches (without this
// script the server shows it after the next save), and long answers with word limits
// get a live word count.
(function () {
  "use strict";
  function answer(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") { if (el.checked) values.push(el.value); }
      else if (el.value !== "") values.push(el.value);
    });
    return values;
  }
  function asText(value) {
    if (value === true) return "yes";
    if (value === false) return "no";
    return String(value);
  }
  function same(a, b) {
    // "4" and "4.0" are the same number.
    return a === b || (a !== "" && b !== "" && !isNaN(a) && !isNaN(b) && Number(a) === Number(b));
  }
  function update(form) {
    form.querySelectorAll("[data-depends-on]").forEach(function (box) {
      var parentInput = form.querySelector('[name="' + box.dataset.dependsOn + '"]');
      var parentBox = parentInput && parentInput.closest(".question");
      var expected = JSON.parse(box.dataset.shownWhen);
      expected = (Array.isArray(expected) ? expected : [expected]).map(asText);
      var given = answer(form, box.dataset.dependsOn);
      var matches = given.some(function (g) {
        return expected.some(function (e) { return same(g, e); });
      });
      box.hidden = !(parentBox && !parentBox.hidden && matches);
    });
  }
  function wordCounts(form) {
    form.querySelectorAll("textarea[data-min-words], textarea[data-max-words]").forEach(function (area) {
      if (!area.dataset.minWords && !area.dataset.maxWords) return;
      var counter = document.createElement("p");
      counter.className = "help word-count";
      counter.id = area.id + "_count";
      counter.setAttribute("aria-live", "polite");
      area.insertAdjacentElement("afterend", counter);
      function count() {
        var words = area.value.trim() ? area.value.trim().split(/\s+/).length : 0;
        counter.textContent = (area.dataset.wordsLabel || form.dataset.wordsLabel || "") + " " + words;
      }
      area.addEventListener("input", count);
      count();
    });
  }
  function enhance(form) {
    if (form.dataset.questionsEnhanced) return;
    form.dataset.questionsEnhanced = "1";
    form.addEventListener("change", function () { update(form); });
    update(form);
    wordCounts(form);
  }
  function all(root) {
    (root || document).querySelectorAll("form").forEach(function (form) {
      if (form.querySelector(".question")) enhance(form);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { all(); });
  else all();
  // The builder's preview is swapped in by htmx: enhance it too.
  document.addEventListener("htmx:afterSettle", function (event) { all(event.target.parentNode || document); });
})();
