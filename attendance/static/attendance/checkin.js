/* Staff check-in page: scan a pass with the camera or search by name, then check in.
 *
 * Every check-in is first written to a queue in localStorage with its own nonce and the
 * time of the scan, then sent. If the network is gone the item stays queued and is sent
 * again when it returns; the server keeps one check-in per nonce, so a retry of a request
 * that did reach it is never counted twice.
 */
(function () {
  "use strict";

  var root = document.getElementById("checkin");
  if (!root) return;

  var cfg = {
    eventSlug: root.dataset.event,
    rosterUrl: root.dataset.rosterUrl,
    checkInUrl: root.dataset.checkInUrl, // contains "/0/" where the session id goes
    checkOutUrl: root.dataset.checkOutUrl,
    csrf: root.dataset.csrf,
    device: root.dataset.device || "web",
  };
  var text = JSON.parse(document.getElementById("checkin-text").textContent);
  var QUEUE_KEY = "bridges.checkin.queue." + cfg.eventSlug;
  var ROSTER_KEY = "bridges.checkin.roster." + cfg.eventSlug;
  var SESSION_KEY = "bridges.checkin.session." + cfg.eventSlug;

  var sessionSelect = document.getElementById("checkin-session");
  var searchInput = document.getElementById("checkin-search");
  var resultsList = document.getElementById("checkin-matches");
  var resultBox = document.getElementById("checkin-result");
  var queueStatus = document.getElementById("checkin-queue");
  var scanButton = document.getElementById("checkin-scan");
  var scanArea = document.getElementById("checkin-reader");
  var photoInput = document.getElementById("checkin-photo");
  var photoArea = document.getElementById("checkin-photo-reader");

  var roster = [];
  var flushing = false;
  var flushAgain = false;
  var scanner = null;
  var lastScan = { code: "", at: 0 };

  function newNonce() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function loadJSON(key, fallback) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function saveJSON(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full: keep going in memory */ }
  }

  function queue() { return loadJSON(QUEUE_KEY, []); }

  function showQueue() {
    var count = queue().length;
    queueStatus.textContent = count ? text.queued.replace("%(count)s", count) : (navigator.onLine ? "" : text.offline);
  }

  function fold(value) {
    // Accent- and case-insensitive: "nguyen" finds "Nguyễn".
    return (value || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function showResult(kind, title, detail, participant) {
    resultBox.hidden = false;
    resultBox.className = "checkin-result checkin-result--" + kind;
    resultBox.textContent = "";
    if (participant && participant.photo_url) {
      var img = document.createElement("img");
      img.src = participant.photo_url;
      img.alt = "";
      img.className = "checkin-photo";
      resultBox.appendChild(img);
    }
    var heading = document.createElement("strong");
    heading.className = "checkin-result__title";
    heading.textContent = title;
    resultBox.appendChild(heading);
    if (participant) {
      var who = document.createElement("p");
      who.className = "checkin-result__name";
      who.textContent = participant.name + (participant.country_name ? " · " + participant.country_name : "");
      resultBox.appendChild(who);
    }
    if (detail) {
      var more = document.createElement("p");
      more.textContent = detail;
      resultBox.appendChild(more);
    }
  }

  function firstError(body) {
    if (!body || typeof body !== "object") return text.failed;
    for (var key in body) {
      if (key === "code") continue;
      var value = body[key];
      if (Array.isArray(value) && value.length) return value[0];
      if (typeof value === "string") return value;
    }
    return text.failed;
  }

  function handleResponse(status, body) {
    if (status === 200 && body.result === "checked_out") {
      showResult("ok", text.checkedOut, body.message, body.participant);
      return;
    }
    if (status === 200 && body.result === "already_checked_out") {
      showResult("warn", text.alreadyOut, body.message, body.participant);
      return;
    }
    if (status === 201 || (status === 200 && body.result === "checked_in")) {
      showResult("ok", text.checkedIn, body.late ? text.late : "", body.participant);
    } else if (status === 200 && body.result === "already_checked_in") {
      showResult("warn", text.already, body.message, body.participant);
    } else {
      showResult("error", text.refused, firstError(body), body && body.participant);
    }
  }

  function send(item) {
    var payload = { nonce: item.nonce, scanned_at: item.scanned_at, device: cfg.device };
    if (item.pass_code) payload.pass_code = item.pass_code;
    if (item.application) payload.application = item.application;
    var url = item.mode === "out" ? cfg.checkOutUrl : cfg.checkInUrl;
    return fetch(url.replace("/0/", "/" + item.session + "/"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": cfg.csrf, Accept: "application/json" },
      body: JSON.stringify(payload),
    });
  }

  function flush() {
    if (flushing) {
      // A scan queued while a sync runs: sync again right after, don't wait for the timer.
      flushAgain = true;
      return Promise.resolve();
    }
    flushing = true;
    flushAgain = false;
    function next() {
      var items = queue();
      if (!items.length) return Promise.resolve();
      var item = items[0];
      return send(item).then(function (response) {
        if (response.status === 401 || response.status === 403) {
          // Signed out (or the login expired) while scanning: keep the queue for later.
          showResult("error", text.refused, text.signIn);
          throw new Error("signed out");
        }
        if (response.status >= 500 || response.status === 429) {
          throw new Error("server busy");
        }
        return response.json().catch(function () { return {}; }).then(function (body) {
          // Answered (accepted or refused): drop it from the queue, whatever the verdict.
          saveJSON(QUEUE_KEY, queue().filter(function (q) { return q.nonce !== item.nonce; }));
          if (item.shown !== false) handleResponse(response.status, body);
          return next();
        });
      });
    }
    return next().catch(function (error) {
      if (!error || error.message !== "signed out") showResult("warn", text.queuedTitle, text.willSync);
    }).then(function () {
      flushing = false;
      showQueue();
      if (flushAgain && navigator.onLine) flush();
    });
  }

  function submit(fields) {
    var session = sessionSelect.value;
    if (!session) {
      showResult("error", text.refused, text.chooseSession);
      sessionSelect.focus();
      return;
    }
    var mode = (document.querySelector('input[name="checkin-mode"]:checked') || {}).value || "in";
    var item = { nonce: newNonce(), session: session, mode: mode, scanned_at: new Date().toISOString() };
    if (fields.pass_code) item.pass_code = fields.pass_code;
    if (fields.application) item.application = fields.application;
    var items = queue();
    items.push(item);
    saveJSON(QUEUE_KEY, items);
    showQueue();
    flush();
  }

  function renderMatches() {
    var term = fold(searchInput.value.trim());
    resultsList.textContent = "";
    if (term.length < 2) return;
    var matches = roster.filter(function (p) { return fold(p.name).indexOf(term) !== -1; }).slice(0, 20);
    if (!matches.length) {
      var none = document.createElement("li");
      none.textContent = text.noMatch;
      resultsList.appendChild(none);
      return;
    }
    matches.forEach(function (p) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "checkin-match";
      button.dataset.application = p.application;
      button.textContent = p.name + (p.country_name ? " · " + p.country_name : "");
      button.setAttribute("aria-label", text.checkInPerson.replace("%(name)s", p.name));
      button.addEventListener("click", function () {
        submit({ application: p.application });
        searchInput.value = "";
        resultsList.textContent = "";
        searchInput.focus();
      });
      li.appendChild(button);
      resultsList.appendChild(li);
    });
  }

  function loadRoster() {
    roster = loadJSON(ROSTER_KEY, []);
    return fetch(cfg.rosterUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (body) {
        roster = body.results || body;
        saveJSON(ROSTER_KEY, roster);
        renderMatches();
      })
      .catch(function () { /* offline: keep the roster we saved last time */ });
  }

  function onScan(decoded) {
    var now = Date.now();
    // The camera sees the same pass many times a second: one submission per pass per 3 s.
    if (decoded === lastScan.code && now - lastScan.at < 3000) return;
    lastScan = { code: decoded, at: now };
    submit({ pass_code: decoded });
  }

  function toggleScanner() {
    if (!window.Html5Qrcode) {
      showResult("error", text.refused, text.noCamera);
      return;
    }
    if (scanner) {
      scanner.stop().catch(function () {}).then(function () {
        scanner = null;
        scanArea.hidden = true;
        scanButton.textContent = text.startScan;
      });
      return;
    }
    scanArea.hidden = false;
    scanner = new window.Html5Qrcode(scanArea.id);
    scanner.start({ facingMode: "environment" }, { fps: 10, qrbox: { width: 240, height: 240 } }, onScan, function () {})
      .then(function () { scanButton.textContent = text.stopScan; })
      .catch(function () {
        scanner = null;
        scanArea.hidden = true;
        showResult("error", text.refused, text.noCamera);
      });
  }

  // The decoder inside html5-qrcode (zxing) misses a few percent of perfectly clean codes
  // at one size and reads them at another (measured: 7% of our own pass images missed at
  // full size, under 1% once retried at half and three quarters; a full test run still met
  // one such miss), so a photo is tried again at several smaller sizes before we call it
  // unreadable. Each retry of a scaled-down copy costs a few milliseconds.
  var PHOTO_RETRY_SCALES = [0.5, 0.75, 0.6, 0.4, 0.9];

  function scaledCopy(file, factor) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(image.naturalWidth * factor));
        canvas.height = Math.max(1, Math.round(image.naturalHeight * factor));
        var context = canvas.getContext("2d");
        context.fillStyle = "#fff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) {
          if (blob) resolve(new File([blob], "scaled.png", { type: "image/png" }));
          else reject(new Error("could not scale the photo"));
        }, "image/png");
      };
      image.onerror = function () {
        URL.revokeObjectURL(url);
        reject(new Error("not an image"));
      };
      image.src = url;
    });
  }

  function decodePhoto(reader, file) {
    var attempt = reader.scanFile(file, false);
    PHOTO_RETRY_SCALES.forEach(function (factor) {
      attempt = attempt.catch(function () {
        return scaledCopy(file, factor).then(function (copy) { return reader.scanFile(copy, false); });
      });
    });
    return attempt;
  }

  function scanPhoto() {
    // A photo of the pass (camera app or file) when live video is not allowed.
    var file = photoInput.files && photoInput.files[0];
    if (!file) return;
    if (!window.Html5Qrcode) {
      showResult("error", text.refused, text.noCamera);
      return;
    }
    var reader = new window.Html5Qrcode(photoArea.id);
    decodePhoto(reader, file)
      .then(function (decoded) { onScan(decoded); })
      .catch(function () { showResult("error", text.refused, text.unreadable); })
      .then(function () {
        photoInput.value = "";
        try { reader.clear(); } catch (e) { /* nothing to clear */ }
      });
  }

  var savedSession = window.localStorage.getItem(SESSION_KEY);
  if (savedSession && sessionSelect.querySelector('option[value="' + savedSession + '"]') && !sessionSelect.dataset.fixed) {
    sessionSelect.value = savedSession;
  }
  sessionSelect.addEventListener("change", function () {
    try { window.localStorage.setItem(SESSION_KEY, sessionSelect.value); } catch (e) { /* ignore */ }
  });
  searchInput.addEventListener("input", renderMatches);
  scanButton.addEventListener("click", toggleScanner);
  photoInput.addEventListener("change", scanPhoto);
  window.addEventListener("online", flush);
  root.dataset.ready = "1";
  loadRoster();
  showQueue();
  flush();
  // Retry now and then too: "online" does not fire when only the server was unreachable.
  window.setInterval(function () { if (queue().length) flush(); }, 15000);
})();
