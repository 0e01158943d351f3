// The survey page saves the draft as the respondent goes: shortly after a change or
// typing, and when a field loses focus, the form is posted to its own address the way
// "Save draft" posts it (no page load); a status line says whether it was saved. The
// buttons keep working without this script.
(function () {
  "use strict";
  var form = document.getElementById("questions");
  var status = document.getElementById("autosave-status");
  if (!form || !status || !window.fetch || !window.FormData) return;
  var timer = null;
  var busy = false;
  var again = false;
  var sending = false;

  function save() {
    timer = null;
    if (sending) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    again = false;
    var data = new FormData(form);
    data.append("save", "1");
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Autosave": "1" },
    })
      .then(function (response) {
        status.textContent = response.ok ? status.dataset.saved : status.dataset.failed;
      })
      .catch(function () {
        status.textContent = status.dataset.failed;
      })
      .then(function () {
        busy = false;
        if (again) schedule(0);
      });
  }

  function schedule(delay) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  form.addEventListener("change", function () { schedule(300); });
  form.addEventListener("input", function () { schedule(1200); });
  form.addEventListener("focusout", function () { if (timer) schedule(0); });
  form.addEventListener("submit", function () {
    sending = true;
    if (timer) clearTimeout(timer);
  });
})();
