/* Support console: the live parts (server-sent events from /console/live) and small comforts.
 * Every page works without this script; it only adds live updates and fetch-based forms.
 * HTML it inserts comes from the server's own templates (escaped there); text it shows is set
 * with textContent. */
(function () {
  "use strict";
  var body = document.body;
  var csrf = (document.querySelector("meta[name=csrf-token]") || {}).content || "";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  // ---- times in the agent's own time zone ---------------------------------------------
  function localTimes(root) {
    $$("time[datetime]", root).forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (!isNaN(d)) el.textContent = d.toLocaleString(document.documentElement.lang, { dateStyle: "short", timeStyle: "short" });
    });
  }
  localTimes();

  function fromHtml(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html.trim(); // server-rendered, autoescaped template output
    localTimes(tpl.content);
    return tpl.content.firstElementChild;
  }

  // ---- messages for the agent -----------------------------------------------------------
  var flash = $("#flash");
  function say(text) {
    if (!flash) return;
    flash.textContent = text;
    flash.hidden = !text;
  }

  // ---- forms through fetch ----------------------------------------------------------------
  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: data
    }).then(function (r) {
      return r.json().catch(function () { return { type: "error", message: r.statusText }; }).then(function (b) {
        if (!r.ok || b.type === "error") throw new Error(b.message || r.statusText);
        return b;
      });
    });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute("data-ajax")) return;
    e.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    post(form.action, new URLSearchParams(new FormData(form))).then(function (b) {
      say("");
      if (b.html && b.message) addMessage(b.message.id, b.html);
      if (form.hasAttribute("data-reset")) form.reset();
      var area = form.querySelector("textarea");
      if (area && form.hasAttribute("data-reset")) area.focus();
    }).catch(function (err) { say(err.message); }).then(function () { if (button) button.disabled = false; });
  });

  // Ctrl/Cmd+Enter sends the reply.
  document.addEventListener("keydown", function (e) {
    if (e.target.id === "reply-text" && e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.target.form.requestSubmit();
    }
  });

  // Canned replies go into the reply box.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-insert]");
    if (!b) return;
    var area = $("#reply-text");
    if (!area) { say(b.getAttribute("data-insert")); return; }
    var text = b.getAttribute("data-insert");
    var start = area.selectionStart || 0, end = area.selectionEnd || 0;
    area.value = area.value.slice(0, start) + text + area.value.slice(end);
    area.focus();
    area.selectionStart = area.selectionEnd = start + text.length;
  });

  // The agent is typing: tell the shopper, at most every three seconds.
  var lastTyping = 0;
  document.addEventListener("input", function (e) {
    if (e.target.id !== "reply-text") return;
    var now = Date.now();
    if (now - lastTyping < 3000) return;
    lastTyping = now;
    var conv = $("[data-conversation]");
    if (conv) post("/console/conversations/" + conv.getAttribute("data-conversation") + "/typing", "").catch(function () {});
  });

  // ---- sound and title cue for a new waiting conversation ----------------------------------
  var audio = null;
  document.addEventListener("pointerdown", function () {
    // Browsers allow sound only after the page was used once.
    if (!audio && (window.AudioContext || window.webkitAudioContext)) {
      try { audio = new (window.AudioContext || window.webkitAudioContext)(); } catch (e) { audio = null; }
    }
  }, { once: true });
  function beep() {
    if (!audio) return;
    try {
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.35);
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + 0.35);
    } catch (e) { /* no sound then */ }
  }
  var baseTitle = document.title, flashTimer = null;
  function titleCue(n) {
    var label = "(" + n + ") " + body.getAttribute("data-t-new");
    clearInterval(flashTimer);
    var on = false;
    flashTimer = setInterval(function () { on = !on; document.title = on ? label : baseTitle; }, 1000);
    document.title = label;
    body.setAttribute("data-cue", String(n));
  }
  window.addEventListener("focus", function () { clearInterval(flashTimer); document.title = baseTitle; });

  // ---- inbox ----------------------------------------------------------------------------------
  var table = $("#inbox");
  function matches(d) {
    if (!table) return false;
    var f = table.getAttribute("data-filter"), shop = table.getAttribute("data-shop"), lang = table.getAttribute("data-lang");
    if (shop && d.shop !== shop) return false;
    if (lang && d.lang !== lang) return false;
    switch (f) {
      case "open": return d.status !== "closed";
      case "mine": return d.status === "agent" && d.mine;
      case "all": return true;
      default: return d.status === f;
    }
  }
  function onRow(d) {
    if (!table) return;
    var old = document.getElementById("row-" + d.id);
    if (!matches(d)) { if (old) old.remove(); }
    else {
      var row = fromHtml(d.html);
      row.classList.add("fresh");
      if (old) old.remove();
      $("#rows").insertBefore(row, $("#rows").firstChild); // the newest change goes on top
    }
    $("#empty").hidden = !!$("#rows tr");
  }
  function onCounts(counts) {
    var badge = $("#waiting-count");
    if (badge) {
      var before = parseInt(badge.getAttribute("data-waiting") || "0", 10);
      badge.textContent = counts.waiting;
      badge.setAttribute("data-waiting", counts.waiting);
      badge.classList.toggle("zero", !counts.waiting);
      if (counts.waiting > before) { beep(); titleCue(counts.waiting); }
    }
    $$("[data-count-for]").forEach(function (el) {
      var n = counts[el.getAttribute("data-count-for")];
      if (n != null) el.textContent = n;
    });
  }

  // ---- conversation ------------------------------------------------------------------------------
  var typingTimer = null;
  function addMessage(id, html) {
    var list = $("#transcript");
    if (!list || document.getElementById("m-" + id)) return;
    list.appendChild(fromHtml(html));
    list.scrollTop = list.scrollHeight;
    hideTyping();
  }
  function hideTyping() { var el = $("#typing"); if (el) el.hidden = true; }
  function onTyping(d) {
    var el = $("#typing");
    if (!el) return;
    el.textContent = d.author === "shopper" ? el.getAttribute("data-shopper") : el.getAttribute("data-agent").replace("{name}", d.name || "");
    el.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 6000);
  }
  function onStatus(d) {
    var old = $("#controls");
    if (old) { old.replaceWith(fromHtml(d.html)); }
    var pill = $("#status-pill");
    if (pill) { pill.className = "pill s-" + d.status; pill.textContent = d.label; }
  }
  function onNote(d) {
    var list = $("#note-list");
    if (list && !document.getElementById("note-" + d.id)) list.appendChild(fromHtml(d.html));
  }
  var transcript = $("#transcript");
  if (transcript) transcript.scrollTop = transcript.scrollHeight;

  // After a dropped connection: fetch the page again and swap in the live regions.
  function refresh() {
    fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      $$("[data-region]").forEach(function (el) {
        var fresh = el.id && doc.getElementById(el.id);
        if (fresh) { localTimes(fresh); el.replaceWith(document.importNode(fresh, true)); }
      });
      var badge = doc.getElementById("waiting-count");
      if (badge) onCounts({ waiting: parseInt(badge.getAttribute("data-waiting") || "0", 10) });
    });
  }

  // ---- knowledge base: test a question while typing ---------------------------------------------
  // Without this script the form loads the page with the result; with it the result comes
  // from /console/kb/test (JSON with the server-rendered fragment) as the agent types.
  var kbTest = $("#kb-test");
  if (kbTest) {
    var kbTimer = null, kbSeq = 0;
    var kbRun = function () {
      var params = new URLSearchParams(new FormData(kbTest));
      var seq = ++kbSeq;
      fetch("/console/kb/test?" + params.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) {
          return r.json().then(function (b) {
            if (!r.ok || b.type === "error") throw new Error(b.message || r.statusText);
            return b;
          });
        })
        .then(function (b) {
          if (seq !== kbSeq) return; // a newer question is on its way
          var box = $("#kb-test-result");
          box.textContent = "";
          if (b.html) box.appendChild(fromHtml(b.html));
          kbTest.setAttribute("data-tested", b.query || "");
          history.replaceState(null, "", "?" + params.toString() + "#test"); // reload keeps it
          say("");
        })
        .catch(function (err) { say(err.message); });
    };
    kbTest.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(kbTimer); kbRun(); });
    kbTest.addEventListener("input", function () { clearTimeout(kbTimer); kbTimer = setTimeout(kbRun, 300); });
    kbTest.addEventListener("change", function (e) { if (e.target.tagName === "SELECT") kbRun(); });
  }

  // ---- the live channel --------------------------------------------------------------------------------
  var liveUrl = body.getAttribute("data-live");
  if (liveUrl && window.EventSource) {
    var lost = $("#live-lost"), dropped = false;
    var source = new EventSource(liveUrl);
    function on(name, fn) { source.addEventListener(name, function (e) { fn(JSON.parse(e.data)); }); }
    on("ready", function (d) {
      if (lost) lost.hidden = true;
      body.setAttribute("data-live-ready", "1");
      onPresence(d);
      if (dropped) refresh();
      dropped = false;
    });
    on("row", onRow);
    on("counts", onCounts);
    on("presence", onPresence);
    on("message", function (d) { addMessage(d.id, d.html); });
    on("typing", onTyping);
    on("status", onStatus);
    on("note", onNote);
    source.onerror = function () {
      dropped = true;
      if (lost) lost.hidden = false;
      body.removeAttribute("data-live-ready");
      // Refused (signed out, no access): the page itself says why.
      if (source.readyState === EventSource.CLOSED) setTimeout(function () { location.reload(); }, 3000);
    };
  }
  function onPresence(d) {
    var el = $("#online");
    if (el && d.online) el.textContent = d.online.length ? d.online.join(", ") : el.getAttribute("data-nobody");
  }
})();

/* Settings: copy buttons for the snippets (without script the text is selected by hand). */
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) return;
      navigator.clipboard.writeText(source.value).then(function () {
        var label = button.textContent;
        button.textContent = button.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; }, 2000);
      }).catch(function () { source.select(); });
    });
  });
})();
