/* Agenda editor: drag a session to move it (to another time or venue), drag its lower
   edge to resize it, both snapped to quarter hours (interact.js, served from our static
   files). The new local times go to the session's move address; the answer is the day's
   grid, which htmx swaps in (refusals included, shown above the grid). The form behind
   each session's link stays the way for keyboards and phones. */
(function () {
  "use strict";
  var SLOT = 15;
  var refocus = null;

  function day() { return document.getElementById("agenda-grid"); }

  function pxPerMinute() {
    var grid = day();
    var track = grid && grid.querySelector(".agenda-grid .agenda-track");
    return track ? track.getBoundingClientRect().height / Number(grid.dataset.height) : 1;
  }

  function snap(minutes) { return Math.round(minutes / SLOT) * SLOT; }

  // Minutes since the day's local midnight as "YYYY-MM-DDTHH:MM" on the venue's clock.
  function wallClock(minutes) {
    var parts = day().dataset.day.split("-").map(Number);
    var moment = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], 0, minutes));
    return moment.toISOString().slice(0, 16);
  }

  function csrfHeaders() {
    var holder = document.querySelector("[hx-headers]");
    return holder ? JSON.parse(holder.getAttribute("hx-headers")) : {};
  }

  function send(block, first, last, venue) {
    block.dataset.dragged = "1";
    htmx.ajax("POST", block.dataset.moveUrl, {
      target: "#agenda-grid",
      swap: "outerHTML",
      values: { starts_at: wallClock(first), ends_at: wallClock(last), venue: venue },
      headers: csrfHeaders(),
    });
  }

  function columnAt(x, y, block) {
    var found = document.elementsFromPoint(x, y);
    for (var i = 0; i < found.length; i++) {
      if (found[i] === block || block.contains(found[i])) continue;
      var column = found[i].closest(".agenda-column");
      if (column) return column;
    }
    return null;
  }

  function setUp() {
    if (!window.interact || !window.htmx) return;
    interact(".agenda-block[data-move-url]")
      .draggable({
        listeners: {
          move: function (event) {
            var block = event.target;
            var x = (parseFloat(block.dataset.x) || 0) + event.dx;
            var y = (parseFloat(block.dataset.y) || 0) + event.dy;
            block.dataset.x = x;
            block.dataset.y = y;
            block.style.transform = "translate(" + x + "px, " + y + "px)";
            block.classList.add("dragging");
          },
          end: function (event) {
            var block = event.target;
            var shift = snap((parseFloat(block.dataset.y) || 0) / pxPerMinute());
            var column = columnAt(event.clientX, event.clientY, block);
            var venue = column ? column.dataset.venue : block.dataset.venue;
            send(block, Number(block.dataset.first) + shift, Number(block.dataset.last) + shift, venue);
          },
        },
      })
      .resizable({
        edges: { bottom: true },
        listeners: {
          move: function (event) {
            event.target.style.height = event.rect.height + "px";
          },
          end: function (event) {
            var block = event.target;
            var length = Math.max(SLOT, snap(event.rect.height / pxPerMinute()));
            var first = Number(block.dataset.first);
            send(block, first, first + length, block.dataset.venue);
          },
        },
      });
    // A drag ends with a click on the block: it must not open the session's form.
    document.addEventListener("click", function (event) {
      var block = event.target.closest && event.target.closest(".agenda-block");
      if (block && block.dataset.dragged) {
        event.preventDefault();
        event.stopImmediatePropagation();
        delete block.dataset.dragged;
      }
    }, true);
    // Keyboard: Alt+Up/Down moves the focused session a quarter hour, Alt+Shift+Up/Down
    // shortens or lengthens it; the focus comes back to it in the new grid.
    document.addEventListener("keydown", function (event) {
      var block = event.target.closest && event.target.closest(".agenda-block[data-move-url]");
      if (!block || !event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      event.preventDefault();
      var step = event.key === "ArrowUp" ? -SLOT : SLOT;
      var first = Number(block.dataset.first);
      var last = Number(block.dataset.last);
      refocus = block.id;
      if (event.shiftKey) send(block, first, Math.max(first + SLOT, last + step), block.dataset.venue);
      else send(block, first + step, last + step, block.dataset.venue);
    });
    document.body.addEventListener("htmx:afterSwap", function () {
      var again = refocus && document.getElementById(refocus);
      refocus = null;
      if (again) again.focus();
    });
    // A session's form opened beside the grid (Enter on a session): move the focus to it.
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target.id !== "agenda-panel") return;
      var first = event.detail.target.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
    // A refused move answers 400 or 409 with the grid and the reason: show it.
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var status = event.detail.xhr.status;
      if (status === 400 || status === 409) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
