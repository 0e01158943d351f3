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
