// The form builder (participants/builder/): shows the settings of the chosen kind of
// question only, and lets a mouse drag questions into order (the Up and Down buttons
// do the same from the keyboard). Dragging posts the whole order through the list's
// hidden order form, which htmx sends and answers with the list again.
(function () {
  "use strict";
  // A text in every working language hides as one group (templates/content/language_fields.html).
  function fieldBox(input) { return input.closest(".content-languages") || input.closest(".field") || input.parentNode; }
  function showKindFields(editor) {
    var kind = editor.querySelector('[name="kind"]');
    if (!kind) return;
    function update() {
      editor.querySelectorAll("[data-kinds]").forEach(function (input) {
        fieldBox(input).hidden = input.dataset.kinds.split(" ").indexOf(kind.value) === -1;
      });
      var dependsOn = editor.querySelector('[name="depends_on"]');
      editor.querySelectorAll('[data-needs="depends_on"]').forEach(function (input) {
        fieldBox(input).hidden = !dependsOn || !dependsOn.value;
      });
    }
    editor.addEventListener("change", update);
    update();
  }
  function draggable(root) {
    var list = root.querySelector(".builder-list");
    var orderForm = root.querySelector(".order-form");
    if (!list || !orderForm || list.dataset.dragReady) return;
    list.dataset.dragReady = "1";
    var dragged = null;
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("li[data-id]");
      if (!dragged) return;
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.id);
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      var over = event.target.closest("li[data-id]");
      if (!over || over === dragged) return;
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", function (event) {
      if (!dragged) return;
      event.preventDefault();
      dragged.classList.remove("dragging");
      dragged = null;
      orderForm.querySelectorAll('input[name="order"]').forEach(function (el) { el.remove(); });
      list.querySelectorAll("li[data-id]").forEach(function (li) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "order";
        input.value = li.dataset.id;
        orderForm.appendChild(input);
      });
      orderForm.requestSubmit();
    });
    list.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
    });
  }
  function init() {
    document.querySelectorAll("form.question-editor").forEach(showKindFields);
    draggable(document);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("htmx:afterSettle", function () { draggable(document); });
})();
