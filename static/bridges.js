// Remember the visitor's time zone so pages can show "your time" next to the event's.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) return;
  var current = document.cookie.match(/(?:^|;\s*)bridges_tz=([^;]*)/);
  if (!current || decodeURIComponent(current[1]) !== zone) {
    document.cookie = "bridges_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
  }
})();

// On a phone the header's menu folds behind a button (kept open when scripts don't run).
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var toggle = header && header.querySelector(".menu-toggle");
  var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (!menu) return;
  header.classList.add("has-menu");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.classList.contains("is-open")) {
      toggle.setAttribute("aria-expanded", "false");
      menu.classList.remove("is-open");
      toggle.focus();
    }
  });
})();

// Panels folded on a phone (the event filters) start open where the screen has room.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(min-width: 48rem)").matches) return;
  var panels = document.querySelectorAll("details[data-open-wide]");
  for (var i = 0; i < panels.length; i++) panels[i].open = true;
})();
