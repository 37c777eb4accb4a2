/*! Shop assistant widget: one <script src=".../widget.js" data-shop="SHOP" async></script>.
 * Plain JavaScript, no dependencies. Everything lives in a shadow root, so the shop's CSS cannot
 * break it and it cannot break the shop. Shopper text is only ever set as text, never as HTML.
 * Protocol: see the README ("Widget protocol, version 1"). */
(function () {
  "use strict";
  if (window.ShopAssistant && window.ShopAssistant.version) return; // loaded twice

  var script = document.currentScript || document.querySelector("script[data-shop][src*='widget.js']");
  if (!script) return;
  var SHOP = script.getAttribute("data-shop") || "";
  var BASE = new URL(script.src, location.href);
  var WS_URL = (BASE.protocol === "https:" ? "wss://" : "ws://") + BASE.host + "/ws?shop=" + encodeURIComponent(SHOP);
  var HTTP_URL = BASE.origin + "/api/v1";
  var STORE = "shopassist:" + SHOP;
  var FATAL = { unknown_shop: 1, origin_not_allowed: 1, unsupported_version: 1 };
  var REJECTED = { text_too_long: 1, empty_text: 1, bad_frame: 1, frame_too_large: 1 };
  var MAX_TRIES = 3; // a message the server failed on this often is given up, not sent forever

  function pageLang() {
    var l = (script.getAttribute("data-lang") || document.documentElement.lang || navigator.language || "de").toLowerCase();
    return l.indexOf("en") === 0 ? "en" : "de";
  }
  var T = {
    de: {
      open: "Chat mit dem Shop-Assistenten öffnen", close: "Chat schließen", title: "Shop-Assistent",
      input: "Ihre Nachricht", placeholder: "Frage stellen …", send: "Senden", typing: "Der Assistent schreibt …",
      offline: "Verbindung unterbrochen – neuer Versuch …", failed: "Nicht gesendet", you: "Sie", bot: "Assistent",
      gaveUp: "Das hat auch nach mehreren Versuchen nicht geklappt. Bitte formulieren Sie es anders oder versuchen Sie es später noch einmal.",
      unavailable: "Der Assistent ist gerade nicht erreichbar.", log: "Gesprächsverlauf", unread: "neue Nachricht",
      checkout: "Zur Kasse", checkoutLabel: "Warenkorb: zur Kasse gehen",
      ph_email: "name@beispiel.de", ph_address: "Name\nStraße Hausnummer\nPLZ Ort\nLand",
      ph_quantity: "z. B. 2", ph_order_number: "z. B. BB-1A2B3C4D", ph_code: "Gutscheincode", newTab: "öffnet in neuem Tab",
      agentTyping: "{name} schreibt …", withAgent: "Sie chatten mit {name}", agent: "Mitarbeiter",
      email: "Ihre E-Mail-Adresse", message: "Ihre Nachricht an unser Team", leave: "Nachricht senden",
      setPrice: "Im Set", regular: "Einzeln", adding: "Wird hinzugefügt …", added: "Im Warenkorb ✓", offers: "Vorschläge",
      surveyCsat: "Wie zufrieden sind Sie mit diesem Chat?", surveyNps: "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?",
      surveyLow: "gar nicht", surveyHigh: "sehr", surveyThanks: "Danke für Ihre Bewertung!", score: "Bewertung",
      teaserClose: "Hinweis schließen",
      helpful: "War das hilfreich?", yes: "Ja", no: "Nein", thanks: "Danke für Ihre Rückmeldung!",
      setDiscount: "Set-Rabatt", voucher: "Gutschein", cartTotal: "Warenkorb"
    },
    en: {
      open: "Open chat with the shop assistant", close: "Close chat", title: "Shop assistant",
      input: "Your message", placeholder: "Ask a question …", send: "Send", typing: "The assistant is typing …",
      offline: "Connection lost – retrying …", failed: "Not sent", you: "You", bot: "Assistant",
      gaveUp: "That did not work after several tries either. Please put it differently or try again later.",
      unavailable: "The assistant cannot be reached right now.", log: "Conversation", unread: "new message",
      checkout: "Checkout", checkoutLabel: "Cart: go to checkout",
      ph_email: "name@example.com", ph_address: "Name\nStreet and number\nPostcode and town\nCountry",
      ph_quantity: "e.g. 2", ph_order_number: "e.g. BB-1A2B3C4D", ph_code: "Voucher code", newTab: "opens in a new tab",
      agentTyping: "{name} is typing …", withAgent: "You are chatting with {name}", agent: "Agent",
      email: "Your e-mail address", message: "Your message to our team", leave: "Send message",
      setPrice: "Set price", regular: "Separately", adding: "Adding …", added: "In your cart ✓", offers: "Suggestions",
      surveyCsat: "How happy are you with this chat?", surveyNps: "How likely are you to recommend us?",
      surveyLow: "not at all", surveyHigh: "very", surveyThanks: "Thank you for your rating!", score: "Rating",
      teaserClose: "Close the note",
      helpful: "Was this helpful?", yes: "Yes", no: "No", thanks: "Thank you for your feedback!",
      setDiscount: "Set discount", voucher: "Voucher", cartTotal: "Cart"
    }
  };
  var lang = pageLang();
  function t(key) { return (T[lang] || T.de)[key]; }

  // ---- persistent state (survives reloads) ------------------------------------------------
  function loadState() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  var state = loadState();
  state.pending = state.pending || [];
  state.cartSent = state.cartSent || "[]"; // an empty cart needs no telling
  if (!state.visitor) state.visitor = uid();
  function saveState() {
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* private mode: memory only */ }
  }
  saveState();
  function uid() {
    // Visitor and message ids must not be guessable: 128 bits from crypto.getRandomValues
    // (there also on plain-HTTP pages, where crypto.randomUUID is missing); no weak PRNG.
    var bytes = new Uint8Array(16), out = "";
    crypto.getRandomValues(bytes);
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] + 256).toString(16).slice(1);
    return out;
  }

  // ---- DOM ------------------------------------------------------------------------------
  var CSS =
    ":host{all:initial}*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
    ".launcher{position:fixed;right:20px;bottom:20px;width:60px;height:60px;border-radius:50%;border:0;cursor:pointer;" +
    "background:var(--sa-accent,#8a4b2a);color:#fff;box-shadow:0 6px 20px rgba(0,0,0,.25);z-index:2147483000;display:flex;align-items:center;justify-content:center}" +
    ".launcher:focus-visible,button:focus-visible,textarea:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}" +
    ".launcher svg{width:28px;height:28px}.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#d93025;color:#fff;font-size:12px;line-height:20px;text-align:center;padding:0 5px}" +
    ".panel{position:fixed;right:20px;bottom:92px;width:370px;max-width:calc(100vw - 24px);height:560px;max-height:calc(100vh - 112px);" +
    "background:#fff;color:#1f1f1f;border-radius:16px;box-shadow:0 12px 40px rgba(0,0,0,.28);display:flex;flex-direction:column;overflow:hidden;z-index:2147483001;font-size:15px;line-height:1.45}" +
    ".panel[hidden]{display:none}" +
    ".head{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;background:var(--sa-accent,#8a4b2a);color:#fff}" +
    ".head h2{margin:0;font-size:16px;font-weight:700}.x{border:0;background:transparent;color:#fff;font-size:24px;line-height:1;cursor:pointer;padding:4px 8px;border-radius:8px}" +
    ".status{font-size:12px;padding:4px 14px;background:#fff4e5;color:#7a4b00}.status:empty{display:none}" +
    ".cartbar{font-size:12px;padding:4px 14px;background:#eef7ef;color:#1e6b33}.cartbar[hidden]{display:none}" +
    ".log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:8px;background:#faf8f6}" +
    ".msg{max-width:85%;padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}" +
    ".in{align-self:flex-end;background:var(--sa-accent,#8a4b2a);color:#fff;border-bottom-right-radius:4px}" +
    ".out{align-self:flex-start;background:#fff;border:1px solid #e7e0da;border-bottom-left-radius:4px}" +
    ".pending{opacity:.65}.failed{background:#fdecea;color:#8c1d18;border:1px solid #f5c2bd}.failed small{display:block;font-size:12px}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    ".quick{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start}.quick button,.card button{border:1px solid var(--sa-accent,#8a4b2a);color:var(--sa-accent,#8a4b2a);background:#fff;border-radius:999px;padding:6px 12px;font-size:14px;cursor:pointer;text-align:left}" +
    ".quick button:hover,.card button:hover{background:#f6ede6}" +
    ".cards{display:flex;gap:8px;overflow-x:auto;align-self:stretch;padding-bottom:4px;flex-shrink:0}.card{flex:0 0 170px;background:#fff;border:1px solid #e7e0da;border-radius:12px;padding:8px;display:flex;flex-direction:column;gap:4px}" +
    ".card img{width:100%;height:110px;object-fit:cover;border-radius:8px}.card .ct{font-weight:600;font-size:14px}.card .cp{font-size:13px;color:#555}" +
    ".card a.link{display:block;border-radius:999px;padding:6px 12px;background:var(--sa-accent,#8a4b2a);color:#fff;text-decoration:none;font-size:14px;text-align:center}" +
    ".cart-go{border:1px solid #fff;background:transparent;color:#fff;border-radius:999px;padding:3px 10px;font-size:13px;cursor:pointer;margin-left:auto;margin-right:6px}.cart-go[hidden]{display:none}" +
    ".card.offer{flex-basis:190px}.card.offer img{height:90px}.card .cr{font-size:12px;color:#6b4f3a}.card .ci{margin:0;padding-left:16px;font-size:12px;color:#444}" +
    ".card .old{text-decoration:line-through;color:#777;margin-right:6px}.card .bp{font-weight:700;color:var(--sa-accent,#8a4b2a)}.card .cs{font-size:12px;color:#1e6b33}.card .cs:empty{display:none}" +
    ".card .open{border:0;background:none;padding:0;text-align:left;cursor:pointer;color:inherit;font:inherit}" +
    ".card .cf{font-size:12px;color:#555}.card .ca{font-size:12px;color:#1e6b33}.card .ca.out_of_stock{color:#9b2c2c}.card a.pl{color:inherit}.card .why{font-style:italic}" +
    ".msg a{color:inherit;text-decoration:underline}.rate{display:flex;align-items:center;gap:6px;align-self:flex-start;font-size:13px;color:#555}" +
    ".rate button{border:1px solid #cfc7c0;background:#fff;border-radius:999px;padding:2px 10px;font-size:13px;cursor:pointer;color:#333}.rate button:hover{background:#f6ede6}" +
    ".typing{align-self:flex-start;color:#6b6b6b;font-size:13px;padding:2px 4px}.typing[hidden]{display:none}" +
    ".sub{margin:2px 0 0;font-size:12px;opacity:.9}.sub:empty{display:none}.agent{background:#eef4fc;border-color:#c6d8f2}.who{display:block;font-size:12px;font-weight:600;color:#1a5fb4}" +
    ".sys{align-self:center;max-width:90%;text-align:center;font-size:13px;font-style:italic;color:#5f5f5f;padding:2px 8px}" +
    ".survey{align-self:stretch;background:#fff;border:1px solid #e7e0da;border-radius:12px;padding:8px 10px;font-size:14px}.survey .scale{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0 2px}" +
    ".survey .scale button{min-width:30px;border:1px solid var(--sa-accent,#8a4b2a);background:#fff;color:var(--sa-accent,#8a4b2a);border-radius:8px;padding:4px 6px;cursor:pointer}.survey small{color:#6b6b6b}" +
    ".teaser{position:fixed;right:20px;bottom:92px;max-width:280px;background:#fff;color:#1f1f1f;border-radius:14px;box-shadow:0 6px 20px rgba(0,0,0,.2);padding:10px 30px 10px 12px;font-size:14px;cursor:pointer;z-index:2147483000}" +
    ".teaser[hidden]{display:none}.teaser .tx{position:absolute;top:2px;right:4px;border:0;background:transparent;font-size:18px;cursor:pointer;color:#555}" +
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #eee;background:#fff}" +
    "textarea{flex:1;resize:none;border:1px solid #cfc7c0;border-radius:12px;padding:9px 11px;font-size:15px;max-height:120px;min-height:42px;color:#1f1f1f;background:#fff}" +
    ".send{border:0;border-radius:12px;padding:0 16px;background:var(--sa-accent,#8a4b2a);color:#fff;font-weight:600;cursor:pointer;font-size:15px}" +
    ".quick.offline{flex-direction:column;flex-wrap:nowrap;align-self:stretch;gap:6px;padding:10px;border:1px solid #e7e0da;border-radius:12px;background:#fff}" +
    ".offline label{font-size:13px;color:#555}.offline input{border:1px solid #cfc7c0;border-radius:8px;padding:7px 9px;font-size:15px;color:#1f1f1f}.offline .send{padding:8px 12px;align-self:flex-start}" +
    "@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100%;max-height:100%;border-radius:0}.launcher{right:14px;bottom:14px}}" +
    "@media (prefers-reduced-motion:no-preference){.msg{animation:pop .15s ease-out}@keyframes pop{from{transform:translateY(4px);opacity:0}to{transform:none;opacity:1}}}";

  var host = document.createElement("div");
  host.id = "shop-assistant";
  var root = host.attachShadow({ mode: "open" });
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS); // constructable sheets need no 'unsafe-inline' in the shop's CSP
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    var style = document.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text != null) node.textContent = text;
    return node;
  }
  var ICON = '<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

  var launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "sa-panel", "aria-label": t("open"), part: "launcher" });
  launcher.innerHTML = ICON; // a constant icon, never shopper text
  var badge = el("span", { class: "badge", hidden: "" });
  launcher.appendChild(badge);
  var panel = el("section", { id: "sa-panel", class: "panel", role: "dialog", "aria-label": t("title"), hidden: "" });
  var head = el("div", { class: "head" });
  var title = el("h2", {}, t("title"));
  var sub = el("p", { class: "sub" });
  var titles = el("div", {});
  titles.appendChild(title);
  titles.appendChild(sub);
  var closeBtn = el("button", { type: "button", class: "x", "aria-label": t("close") }, "×");
  var cartGo = el("button", { type: "button", class: "cart-go", hidden: "", "aria-label": t("checkoutLabel") }, t("checkout"));
  head.appendChild(titles);
  head.appendChild(cartGo);
  head.appendChild(closeBtn);
  var status = el("div", { class: "status", role: "status" });
  var cartbar = el("div", { class: "cartbar", hidden: "", "aria-live": "polite" });
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": t("log"), tabindex: "0" });
  var typing = el("div", { class: "typing", hidden: "", "aria-live": "polite" }, t("typing"));
  var form = el("form", {});
  var inputId = "sa-input";
  var label = el("label", { for: inputId, class: "sr" }, t("input"));
  var input = el("textarea", { id: inputId, rows: "1", maxlength: "2000", placeholder: t("placeholder"), autocomplete: "off" });
  var send = el("button", { type: "submit", class: "send" }, t("send"));
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  log.appendChild(typing);
  panel.appendChild(head);
  panel.appendChild(status);
  panel.appendChild(cartbar);
  panel.appendChild(log);
  panel.appendChild(form);

  root.appendChild(launcher);
  root.appendChild(panel);

  // ---- rendering -----------------------------------------------------------------------
  var seenIds = {};   // server message ids already shown
  var ownNodes = {};  // client_id -> the shopper's bubble
  var greeting = null;
  var unread = 0;
  var listeners = {};

  function emit(name, detail) {
    (listeners[name] || []).slice().forEach(function (fn) { try { fn(detail); } catch (e) { /* shop code */ } });
    try { window.dispatchEvent(new CustomEvent("shopassistant:" + name, { detail: detail })); } catch (e) { /* old browser */ }
  }

  function scroll() { log.scrollTop = log.scrollHeight; }

  function clearQuick() {
    var old = log.querySelectorAll(".quick");
    for (var i = 0; i < old.length; i++) old[i].remove();
  }

  function bubble(kind, text, who, before, visibleWho) {
    var node = el("div", { class: "msg " + kind });
    if (visibleWho) node.appendChild(el("span", { class: "who" }, who));
    else node.appendChild(el("span", { class: "sr" }, who + ": "));
    node.appendChild(document.createTextNode(text));
    log.insertBefore(node, before || typing);
    return node;
  }

  function renderQuick(items) {
    if (!items || !items.length) return;
    var box = el("div", { class: "quick", role: "group" });
    items.forEach(function (q) {
      var b = el("button", { type: "button" }, q.label);
      b.addEventListener("click", function () { submit(q.text || q.label, q.payload); });
      box.appendChild(b);
    });
    log.insertBefore(box, typing);
  }

  function renderCards(cards) {
    if (!cards || !cards.length) return;
    var box = el("div", { class: "cards", role: "list", "aria-label": t("offers") });
    cards.forEach(function (c) {
      if (c.type === "offer" && c.offer) { box.appendChild(renderOffer(c)); return; }
      if (c.type === "product" && c.sku) { box.appendChild(renderProduct(c)); return; }
      var card = el("div", { class: "card", role: "listitem" });
      if (c.image) card.appendChild(el("img", { src: new URL(c.image, BASE).href, alt: "" }));
      card.appendChild(el("div", { class: "ct" }, c.title || ""));
      if (c.price) card.appendChild(el("div", { class: "cp" }, c.price));
      if (c.url) renderLink(card, c);
      (c.actions || []).forEach(function (a) {
        var b = el("button", { type: "button" }, a.label);
        b.addEventListener("click", function () { emit(a.event || "action", a); if (a.text) submit(a.text, a.payload); });
        card.appendChild(b);
      });
      box.appendChild(card);
    });
    log.insertBefore(box, typing);
  }

  // A card that is a link (pay at the payment provider, track a parcel): http(s) only.
  function renderLink(card, c) {
    var href;
    try { href = new URL(c.url, BASE); } catch (e) { return; }
    if (href.protocol !== "https:" && href.protocol !== "http:") return;
    var a = el("a", { class: "link", href: href.href, target: "_blank", rel: "noopener noreferrer", "aria-label": (c.title || "") + " (" + t("newTab") + ")" }, c.title || href.host);
    card.appendChild(a);
  }

  // ---- flow steps: the input field follows what the step expects ------------------------
  var inputKind = "text";
  var HINTS = {
    email: { inputmode: "email", autocomplete: "email", rows: "1" },
    address: { inputmode: "text", autocomplete: "shipping street-address", rows: "4" },
    quantity: { inputmode: "numeric", autocomplete: "off", rows: "1" },
    order_number: { inputmode: "text", autocomplete: "off", rows: "1" },
    code: { inputmode: "text", autocomplete: "off", rows: "1" }
  };
  function applyInputHint(hint) {
    inputKind = (hint && hint.kind) || "text";
    var h = HINTS[inputKind] || { inputmode: "text", autocomplete: "off", rows: "1" };
    input.setAttribute("inputmode", h.inputmode);
    input.setAttribute("autocomplete", h.autocomplete);
    input.setAttribute("rows", h.rows);
    input.setAttribute("placeholder", t("ph_" + inputKind) || t("placeholder"));
    input.setAttribute("data-kind", inputKind);
  }

  function updateCartButton() {
    cartGo.hidden = !(state.cart && state.cart.length);
  }

  // The set prices the cart carries (from the last cart frame), with the cart's total.
  var MONEY = new Intl.NumberFormat(lang === "en" ? "en-IE" : "de-DE", { style: "currency", currency: "EUR" });
  function showSets() {
    var view = state.cartView || {};
    var parts = (view.discounts || []).map(function (d) {
      return t("setDiscount") + " " + (lang === "en" ? d.title_en : d.title_de) + ": −" + MONEY.format(Number(d.discount));
    });
    if (view.code && view.code.code) parts.push(t("voucher") + " " + view.code.code + ": −" + MONEY.format(Number(view.code.discount)));
    cartbar.hidden = !parts.length;
    cartbar.textContent = parts.length ? parts.concat([t("cartTotal") + ": " + MONEY.format(Number(view.total))]).join(" · ") : "";
  }

  function checkout() {
    open();
    submit(t("checkout"), { intent: "checkout" });
  }

  var resumeShown = false;
  function showResume(offer) {
    // A checkout left earlier: offered once per page view, not stored as a message.
    if (!offer || resumeShown) return;
    resumeShown = true;
    clearQuick();
    bubble("out resume", offer.text, t("bot"));
    renderQuick(offer.quick_replies);
  }

  // ---- offer cards (bundles, cross-, up- and down-sell; see the README's card format) ------
  var waitingOffers = []; // accepted cards until the cart frame confirms them

  function renderOffer(c) {
    var card = el("div", { class: "card offer", role: "listitem", "data-offer": c.offer, "aria-label": c.title || "" });
    var open = el("button", { type: "button", class: "open" });
    if (c.image) {
      var img = el("img", { src: new URL(c.image, BASE).href, alt: "" });
      img.addEventListener("load", scroll); // the card grew: keep the newest line in view
      open.appendChild(img);
    }
    open.appendChild(el("div", { class: "ct" }, c.title || ""));
    open.addEventListener("click", function () { offerAction(c, "bundle_click"); });
    card.appendChild(open);
    if (c.reason) card.appendChild(el("div", { class: "cr" }, c.reason));
    if ((c.items || []).length > 1 || c.kind === "bundle") {
      var list = el("ul", { class: "ci" });
      (c.items || []).forEach(function (i) { list.appendChild(el("li", {}, "+ " + i.name + " (" + i.price + ")")); });
      card.appendChild(list);
    }
    var price = el("div", { class: "cp" });
    if (c.bundle_price) {
      price.appendChild(el("span", { class: "old", "aria-label": t("regular") + " " + c.price }, c.price));
      price.appendChild(el("span", { class: "bp" }, t("setPrice") + " " + c.bundle_price));
    } else if (c.price) {
      price.textContent = c.price;
    }
    card.appendChild(price);
    var note = el("div", { class: "cs", role: "status" });
    var buttons = [];
    (c.actions || []).forEach(function (a) {
      var b = el("button", { type: "button", "data-action": a.name }, a.label);
      b.addEventListener("click", function () {
        buttons.forEach(function (x) { x.disabled = true; });
        if (a.name === "bundle_accept") {
          note.textContent = t("adding");
          waitingOffers.push({ note: note, buttons: buttons });
        }
        offerAction(c, a.name);
        if (a.name === "bundle_decline") { card.remove(); input.focus(); }
      });
      buttons.push(b);
      card.appendChild(b);
    });
    if (c.state === "accepted") { // from the history: already in the cart, nothing to press
      buttons.forEach(function (b) { b.disabled = true; });
      note.textContent = t("added");
    }
    card.appendChild(note);
    return card;
  }

  function offerAction(c, name) {
    if (canSend()) sendFrame({ type: "action", name: name, offer: c.offer });
    emit("offer", { action: name, offer: c.offer, kind: c.kind, items: c.items || [] });
  }

  function offersSettled(error) {
    waitingOffers.forEach(function (w) {
      w.note.textContent = error || t("added");
      if (error) w.buttons.forEach(function (b) { b.disabled = false; });
    });
    waitingOffers = [];
  }

  // ---- product cards (search results, the finder's recommendations; docs/products.md) -----
  function renderProduct(c) {
    var card = el("div", { class: "card product", role: "listitem", "data-sku": c.sku, "aria-label": c.title || "" });
    if (c.image) {
      var img = el("img", { src: new URL(c.image, BASE).href, alt: "" });
      img.addEventListener("load", scroll);
      card.appendChild(img);
    }
    var title = el("div", { class: "ct" }, c.title || "");
    var href = c.url ? productHref(c.url) : null;
    if (href) {
      var a = el("a", { class: "pl", href: href, target: "_blank", rel: "noopener noreferrer" }, c.title || "");
      a.addEventListener("click", function () { productAction(c, "click"); });
      title.textContent = "";
      title.appendChild(a);
    }
    card.appendChild(title);
    if (c.brand) card.appendChild(el("div", { class: "cr" }, c.brand));
    if (c.reason) card.appendChild(el("div", { class: "cr why" }, c.reason));
    (c.facts || []).forEach(function (f) { card.appendChild(el("div", { class: "cf" }, f)); });
    var price = el("div", { class: "cp" });
    if (c.regular_price) price.appendChild(el("span", { class: "old" }, c.regular_price));
    price.appendChild(el("span", {}, c.price || ""));
    card.appendChild(price);
    card.appendChild(el("div", { class: "ca " + (c.availability || "") }, c.availability_label || ""));
    var note = el("div", { class: "cs", role: "status" });
    (c.actions || []).forEach(function (act) {
      var b = el("button", { type: "button", "data-action": act.name }, act.label);
      b.addEventListener("click", function () {
        b.disabled = true;
        if (c.add === "page") {
          // The shop's page keeps the cart (feed-only tier): it adds the product and calls setCart.
          emit("add-to-cart", { sku: c.sku, name: c.title, price: c.amount, qty: 1 });
          note.textContent = t("added");
        } else {
          note.textContent = t("adding");
          waitingOffers.push({ note: note, buttons: [b] });
        }
        productAction(c, "add");
      });
      card.appendChild(b);
    });
    card.appendChild(note);
    return card;
  }

  function productHref(url) {
    try { var u = new URL(url, BASE); } catch (e) { return null; }
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  }

  function productAction(c, name) {
    if (canSend()) sendFrame({ type: "product", name: name, sku: c.sku });
    emit("product", { action: name, sku: c.sku, title: c.title, price: c.amount });
  }

  // ---- formatted answers and "was this helpful?" ----------------------------------------
  function safeHref(href) {
    try {
      var url = new URL(href, location.href); // relative links point into the shop's own site
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) { return null; }
  }

  function renderSegments(node, segments) {
    (segments || []).forEach(function (seg) {
      var href = seg.href ? safeHref(seg.href) : null;
      var part;
      if (href) part = el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, seg.text);
      else if (seg.strong) part = el("strong", {}, seg.text);
      else part = document.createTextNode(seg.text || "");
      node.appendChild(part);
    });
  }

  var rateBars = {}; // message id -> its feedback bar
  function renderFeedback(id) {
    var bar = el("div", { class: "rate", role: "group", "aria-label": t("helpful") });
    bar.appendChild(el("span", {}, t("helpful")));
    [[true, t("yes")], [false, t("no")]].forEach(function (choice) {
      var b = el("button", { type: "button", "data-helpful": String(choice[0]) }, choice[1]);
      b.addEventListener("click", function () { sendFeedback(id, choice[0]); });
      bar.appendChild(b);
    });
    rateBars[id] = bar;
    log.insertBefore(bar, typing);
  }

  function sendFeedback(id, helpful) {
    if (!canSend()) return;
    sendFrame({ type: "feedback", message_id: id, helpful: helpful });
    if (!helpful) sendFrame({ type: "alternatives", message_id: id });
    feedbackDone(id);
    emit("feedback", { message_id: id, helpful: helpful });
  }

  function feedbackDone(id) {
    var bar = rateBars[id];
    if (!bar) return;
    bar.textContent = "";
    bar.appendChild(el("span", {}, t("thanks")));
  }

  function showServerMessage(m) {
    if (m.id != null) {
      if (seenIds[m.id]) return;
      seenIds[m.id] = 1;
      if (!state.lastId || m.id > state.lastId) state.lastId = m.id;
    }
    if (m.direction === "in") {
      var mine = m.client_id && ownNodes[m.client_id];
      if (mine) { mine.classList.remove("pending"); return; }
      var node = bubble("in", m.text, t("you"));
      if (m.client_id) ownNodes[m.client_id] = node;
      return;
    }
    clearQuick();
    if (m.author === "system") bubble("sys", m.text, t("title"));
    else if (m.author === "agent") { bubble("out agent", m.text, (m.agent && m.agent.name) || t("agent"), null, true); agentTyping(null); }
    else {
      var out = bubble("out", m.segments && m.segments.length ? "" : m.text, t("bot"));
      renderSegments(out, m.segments);
      if (m.feedback && m.id != null) renderFeedback(m.id);
    }
    renderCards(m.cards);
    renderQuick(m.quick_replies);
    applyInputHint(m.input);
    if (m.form && m.form.kind === "offline") renderOfflineForm();
    if (panel.hidden) { unread++; badge.textContent = String(unread); badge.hidden = false; launcher.setAttribute("aria-label", t("open") + " (" + unread + " " + t("unread") + ")"); }
    emit("message", { text: m.text, id: m.id });
    if (m.reply_to) scheduleSurvey();
  }

  // Nobody from the team is online: e-mail and message go to the team's inbox instead.
  function renderOfflineForm() {
    var box = el("form", { class: "quick offline", novalidate: "" });
    var mail = el("input", { type: "email", id: "sa-offline-email", required: "", autocomplete: "email", maxlength: "320" });
    var text = el("textarea", { id: "sa-offline-text", required: "", rows: "3", maxlength: "2000" });
    box.appendChild(el("label", { for: "sa-offline-email" }, t("email")));
    box.appendChild(mail);
    box.appendChild(el("label", { for: "sa-offline-text" }, t("message")));
    box.appendChild(text);
    box.appendChild(el("button", { type: "submit", class: "send" }, t("leave")));
    box.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!mail.checkValidity() || !mail.value.trim()) { mail.focus(); return; }
      if (!text.value.trim()) { text.focus(); return; }
      submit(text.value, { offline: { email: mail.value.trim() } });
    });
    log.insertBefore(box, typing);
  }

  // Who has the conversation: the header names the agent while one does.
  var convStatus = "bot";
  function setStatus(status, agentName) {
    convStatus = status || "bot";
    sub.textContent = convStatus === "agent" && agentName ? t("withAgent").replace("{name}", agentName) : "";
    emit("status", { status: convStatus, agent: agentName || null });
  }

  var agentTypingName = null, agentTypingTimer = null;
  function agentTyping(name) {
    agentTypingName = name;
    clearTimeout(agentTypingTimer);
    if (name) agentTypingTimer = setTimeout(function () { agentTyping(null); }, 6000);
    updateTyping();
  }

  var lastTypingSent = 0;
  function sendTyping() {
    if ((convStatus !== "agent" && convStatus !== "waiting") || !canSend() || !state.conversation) return;
    var now = Date.now();
    if (now - lastTypingSent < 3000) return;
    lastTypingSent = now;
    sendFrame({ type: "typing" });
  }

  function showGreeting() {
    if (!greeting || log.querySelector(".msg.out")) return;
    // Above anything the shopper typed before the connection was ready.
    bubble("out greeting", greeting.text, t("bot"), log.firstChild);
    if (!log.querySelector(".msg.in")) renderQuick(greeting.quick_replies);
  }

  function updateTyping() {
    if (state.pending.length) typing.textContent = t("typing");
    else if (agentTypingName) typing.textContent = t("agentTyping").replace("{name}", agentTypingName);
    typing.hidden = !state.pending.length && !agentTypingName;
    scroll();
  }

  // ---- connection -----------------------------------------------------------------------
  var ws = null;
  var ready = false;
  var attempts = 0;
  var everOpened = false;
  var stopped = false;
  var httpMode = !("WebSocket" in window);
  var firstHello = true;
  var retryTimer = null;

  function connect() {
    if (stopped || httpMode) return;
    try { ws = new WebSocket(WS_URL); } catch (e) { scheduleReconnect(); return; }
    ws.onopen = function () {
      everOpened = true;
      attempts = 0;
      var hello = { type: "hello", v: 1, shop: SHOP, visitor: state.visitor, locale: lang, page: location.pathname };
      if (state.conversation) hello.conversation = state.conversation;
      if (!firstHello && state.lastId) hello.after = state.lastId; // only what was missed
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = function (ev) {
      var f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      handleFrame(f);
    };
    ws.onclose = function () {
      ready = false;
      if (!everOpened && attempts === 0) checkEmbed(); // refused at once: ask why
      if (!stopped) { status.textContent = t("offline"); scheduleReconnect(); }
    };
    ws.onerror = function () { /* onclose follows */ };
  }

  // The browser hides why a socket was refused; a page whose origin the shop does not allow
  // (or a wrong data-shop) gets the reason here and stops instead of retrying for ever.
  function checkEmbed() {
    if (!window.fetch) return;
    fetch(HTTP_URL + "/embed?shop=" + encodeURIComponent(SHOP) + "&locale=" + encodeURIComponent(lang))
      .then(function (r) { return r.json(); })
      .then(function (body) { if (body && body.type === "error" && FATAL[body.code]) onError(body); })
      .catch(function () { /* offline: keep retrying */ });
  }

  function scheduleReconnect() {
    attempts++;
    if (!everOpened && attempts >= 4) { httpMode = true; status.textContent = ""; httpStart(); return; }
    var delay = Math.min(30000, 500 * Math.pow(2, attempts - 1)) * (0.75 + Math.random() / 2);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, delay);
  }

  function handleFrame(f) {
    switch (f.type) {
      case "welcome":
        ready = true;
        firstHello = false;
        status.textContent = "";
        state.visitor = f.visitor || state.visitor;
        state.conversation = f.conversation || state.conversation;
        greeting = f.greeting;
        setStatus(f.status, f.agent);
        (f.history || []).forEach(showServerMessage);
        showGreeting();
        showResume(f.resume);
        saveState();
        flushLifecycle(); // who the shopper is (identify) and the page view come first,
        flushCart(); // then the cart, before queued messages: "checkout" must find the cart
        flush();
        updateTyping();
        poll();
        emit("ready", { conversation: state.conversation });
        break;
      case "ack":
        acked(f.client_id, f.conversation);
        break;
      case "cart":
        // The assistant's view of the cart (after setCart, or after it changed the cart itself).
        state.cart = (f.items || []).map(function (i) { return { sku: i.sku, qty: i.qty }; });
        state.cartSent = JSON.stringify(state.cart);
        state.cartView = { total: f.total, discounts: f.discounts || [], code: f.code || null };
        saveState();
        updateCartButton();
        showSets();
        offersSettled();
        emit("cart", { items: f.items || [], subtotal: f.subtotal, discounts: f.discounts || [], discount: f.discount, code: f.code || null, total: f.total });
        break;
      case "reply":
        showServerMessage(f);
        saveState();
        updateTyping();
        break;
      case "typing":
        agentTyping(f.name || t("agent"));
        break;
      case "status":
        setStatus(f.status, f.agent);
        break;
      case "feedback":
        feedbackDone(f.message_id);
        break;
      case "alternatives": // after "not helpful": the next-best answers and a person
        clearQuick();
        bubble("out", f.text, t("bot"));
        renderQuick(f.quick_replies);
        scroll();
        break;
      case "error":
        onError(f);
        break;
      case "identified":
        onIdentified(f);
        break;
      case "proactive":
        onProactive(f);
        break;
      case "survey":
        onSurveyStored(f);
        break;
      default:
        emit(f.type, f); // later protocol additions
    }
  }

  function acked(clientId, conversation) {
    state.pending = state.pending.filter(function (p) { return p.client_id !== clientId; });
    if (conversation) { state.conversation = conversation; poll(); }
    var node = ownNodes[clientId];
    if (node) node.classList.remove("pending");
    saveState();
    updateTyping();
  }

  function onError(f) {
    if (waitingOffers.length && !f.client_id) offersSettled(f.message || t("unavailable"));
    if (FATAL[f.code]) {
      stopped = true;
      status.textContent = f.message || t("unavailable");
      if (ws) ws.close();
      return;
    }
    if (f.code === "not_ready" && ws) { ws.close(); return; }
    if (f.client_id && REJECTED[f.code]) { giveUp(f.client_id, f.message || ""); return; }
    // storage_unavailable, internal: keep the message and try again a little later, but a
    // message the server keeps failing on is given up after a few tries, with a clear word.
    var failing = state.pending.filter(function (p) { return p.client_id === f.client_id; })[0];
    if (failing) {
      failing.tries = (failing.tries || 0) + 1;
      saveState();
      if (failing.tries >= MAX_TRIES) { status.textContent = ""; giveUp(f.client_id, t("gaveUp")); return; }
    }
    status.textContent = f.message || t("unavailable");
    setTimeout(function () { status.textContent = ""; flush(); }, 2000 + Math.random() * 2000);
  }

  function giveUp(clientId, why) {
    state.pending = state.pending.filter(function (p) { return p.client_id !== clientId; });
    var node = ownNodes[clientId];
    if (node) { node.classList.remove("pending"); node.classList.add("failed"); node.appendChild(el("small", {}, t("failed") + " – " + why)); }
    saveState();
    updateTyping();
  }

  function flush() {
    if (httpMode) { flushHttp(); return; }
    if (!ready || !ws || ws.readyState !== 1) return;
    state.pending.forEach(function (p) {
      ws.send(JSON.stringify({ type: "message", client_id: p.client_id, text: p.text, payload: p.payload || undefined }));
    });
  }

  function flushCart() {
    if (!state.cart || !canSend()) return;
    var json = JSON.stringify(state.cart);
    if (json === state.cartSent) return; // the server has this cart already
    sendFrame({ type: "cart", items: state.cart });
  }

  function setCart(items) {
    state.cart = (items || []).filter(function (i) { return i && i.sku; }).slice(0, 100).map(function (i) {
      return { sku: String(i.sku), qty: Math.max(1, Math.min(99, parseInt(i.qty || i.quantity || 1, 10) || 1)) };
    });
    saveState();
    updateCartButton();
    flushCart();
  }

  // ---- without WebSocket: the same frames over HTTP, pushes over a long poll ---------------
  function canSend() { return httpMode ? ready && !stopped : ready && ws && ws.readyState === 1; }
  function sendFrame(frame) {
    if (!httpMode) { ws.send(JSON.stringify(frame)); return; }
    frameQueue.push(frame);
    pumpFrames();
  }
  function who() {
    return { v: 1, shop: SHOP, visitor: state.visitor, locale: lang, conversation: state.conversation || undefined };
  }
  function query(extra) {
    var q = who(), parts = [];
    for (var k in extra) q[k] = extra[k];
    for (var key in q) if (q[key] != null && key !== "v") parts.push(key + "=" + encodeURIComponent(q[key]));
    return "?" + parts.join("&");
  }
  function postJson(path, body) {
    return fetch(HTTP_URL + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); });
  }

  // The welcome, from GET /history: the conversation so far, the greeting, the status.
  function httpStart() {
    if (stopped) return;
    fetch(HTTP_URL + "/history" + query({})).then(function (r) { return r.json(); }).then(function (body) {
      if (body.type === "error") { onError(body); if (!stopped) setTimeout(httpStart, 5000); return; }
      handleFrame({ type: "welcome", visitor: body.visitor, conversation: body.conversation, locale: body.locale,
        history: body.messages || [], greeting: body.greeting, status: body.status, agent: body.agent });
    }).catch(function () { status.textContent = t("offline"); setTimeout(httpStart, 5000); });
  }

  var frameQueue = [], framesBusy = false;
  function pumpFrames() {
    if (framesBusy) return;
    if (!frameQueue.length) { flushHttp(); return; }
    framesBusy = true;
    var frame = frameQueue.shift(), body = who();
    body.frame = frame;
    postJson("/frames", body).then(function (res) {
      framesBusy = false;
      if (res.type === "error") onError(res);
      else {
        if (res.conversation && !state.conversation) { state.conversation = res.conversation; saveState(); }
        (res.frames || []).forEach(handleFrame);
        poll();
      }
      pumpFrames();
    }).catch(function () {
      framesBusy = false;
      frameQueue.unshift(frame);
      status.textContent = t("offline");
      setTimeout(pumpFrames, 5000);
    });
  }

  // What the socket would push (an agent's answer, typing, status, the cart): one long poll at
  // a time for the current conversation; an answer for an earlier one is dropped.
  var polling = false;
  function poll() {
    if (!httpMode || polling || stopped || !ready || !state.conversation) return;
    polling = true;
    var conversation = state.conversation;
    fetch(HTTP_URL + "/events" + query({ after: state.lastId || 0 })).then(function (r) { return r.json(); }).then(function (body) {
      polling = false;
      if (body.type === "error" || !body.conversation) { setTimeout(poll, 5000); return; }
      if (conversation === state.conversation) {
        (body.frames || []).forEach(handleFrame);
        saveState();
      }
      poll();
    }).catch(function () { polling = false; setTimeout(poll, 5000); });
  }

  var httpBusy = false;
  function flushHttp() {
    // Frames first (identify, the cart), so that "checkout" finds the cart, as on the socket.
    if (!ready || httpBusy || framesBusy || frameQueue.length || !state.pending.length) return;
    httpBusy = true;
    var p = state.pending[0];
    fetch(HTTP_URL + "/messages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ v: 1, shop: SHOP, visitor: state.visitor, locale: lang, conversation: state.conversation, client_id: p.client_id, text: p.text, payload: p.payload })
    }).then(function (r) { return r.json(); }).then(function (body) {
      httpBusy = false;
      if (body.type === "error") { body.client_id = p.client_id; onError(body); return; }
      acked(p.client_id, body.conversation);
      if (body.reply) showServerMessage(body.reply);
      saveState();
      flushHttp();
    }).catch(function () {
      httpBusy = false;
      status.textContent = t("offline");
      setTimeout(flushHttp, 5000);
    });
  }

  function submit(text, payload) {
    text = String(text || "").trim();
    if (!text) return;
    clearQuick();
    var item = { client_id: uid(), text: text };
    if (payload) item.payload = payload;
    state.pending.push(item);
    saveState();
    var node = bubble("in pending", text, t("you"));
    ownNodes[item.client_id] = node;
    updateTyping();
    flush();
  }

  // Messages typed before a reload that were never acknowledged: show them and resend.
  state.pending.forEach(function (p) {
    ownNodes[p.client_id] = bubble("in pending", p.text, t("you"));
  });

  // ---- interaction ----------------------------------------------------------------------
  function open() {
    panel.hidden = false;
    if (teaser) teaser.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    unread = 0;
    badge.hidden = true;
    launcher.setAttribute("aria-label", t("close"));
    state.open = true;
    saveState();
    scroll();
    input.focus();
    emit("open", {});
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", t("open"));
    state.open = false;
    saveState();
    launcher.focus();
    emit("close", {});
    if (answered && !surveyed()) showSurvey();
  }
  // An on-screen keyboard shrinks the panel: the newest message stays in sight above the input
  // unless the shopper had scrolled back to read older ones.
  var atBottom = true;
  log.addEventListener("scroll", function () { atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24; });
  (window.visualViewport || window).addEventListener("resize", function () { if (state.open && atBottom) scroll(); });
  launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
  closeBtn.addEventListener("click", close);
  cartGo.addEventListener("click", checkout);
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    submit(input.value);
    input.value = "";
    input.style.height = "";
  });
  input.addEventListener("keydown", function (e) {
    // An address has several lines: there Enter is a new line and the button sends.
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && inputKind !== "address") { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
  });
  input.addEventListener("input", function () { input.style.height = "auto"; input.style.height = Math.min(120, input.scrollHeight) + "px"; sendTyping(); });

  // ---- lifecycle: page views, track, identify, proactive messages, survey -----------------
  var SURVEY = (script.getAttribute("data-survey") || "csat").toLowerCase(); // csat | nps | off
  var SURVEY_IDLE_MS = 1000 * (parseFloat(script.getAttribute("data-survey-delay")) || 60);
  var outbox = [];          // lifecycle frames waiting for the connection
  var pageViewSent = false; // one page view per page load
  var answered = false;     // the assistant answered something on this page
  var surveyTimer = null;
  var teaser = el("div", { class: "teaser", hidden: "", role: "status" });
  root.appendChild(teaser);

  function sendLifecycle(frame) {
    outbox.push(frame);
    flushLifecycle();
  }
  function flushLifecycle() {
    if (!canSend()) return;
    if (!pageViewSent) {
      pageViewSent = true;
      outbox.unshift({ type: "page_view", url: location.href });
    }
    while (outbox.length) sendFrame(outbox.shift());
  }
  function track(name, props) {
    if (!name) return;
    sendLifecycle({ type: "track", name: String(name).slice(0, 64), props: props || {} });
  }
  function identify(who) {
    who = who || {};
    if (!who.id || !who.hash) return;
    var frame = { type: "identify", id: String(who.id), hash: String(who.hash) };
    if (who.email) frame.email = String(who.email);
    if (who.name) frame.name = String(who.name);
    if (typeof who.consent === "boolean") frame.consent = who.consent;
    sendLifecycle(frame);
  }
  function onIdentified(f) {
    if (f.conversation !== state.conversation) {
      state.conversation = f.conversation || null;
      state.lastId = 0;
      saveState();
      poll();
    }
    emit("identified", { customer: f.customer });
  }

  // A proactive message: shown after its delay (if the shopper is still here), never opens
  // the panel by itself; a short teaser by the launcher points at it.
  function onProactive(f) {
    setTimeout(function () {
      var node = bubble("out proactive", f.text, t("bot"));
      if (f.cta && f.cta.label) {
        var box = el("div", { class: "quick", role: "group" });
        var b = el("button", { type: "button" }, f.cta.label);
        b.addEventListener("click", function () {
          sendLifecycle({ type: "proactive", id: f.action, event: "clicked" });
          box.remove();
          submit(f.cta.text || f.cta.label, { action: f.action });
        });
        box.appendChild(b);
        log.insertBefore(box, typing);
      }
      sendLifecycle({ type: "proactive", id: f.action, event: "shown" });
      if (panel.hidden) {
        teaser.textContent = "";
        teaser.appendChild(document.createTextNode(f.text));
        var x = el("button", { type: "button", class: "tx", "aria-label": t("teaserClose") }, "×");
        x.addEventListener("click", function (e) {
          e.stopPropagation();
          teaser.hidden = true;
          sendLifecycle({ type: "proactive", id: f.action, event: "dismissed" });
        });
        teaser.appendChild(x);
        teaser.hidden = false;
      }
      scroll();
      emit("proactive", { action: f.action, rule: f.rule, text: f.text, node: node });
    }, Math.max(0, (f.delay || 0) * 1000));
  }
  teaser.addEventListener("click", function () { teaser.hidden = true; open(); });

  // The survey: once per conversation, at its end (the shopper closes the panel after an
  // answer, or nothing happens for a minute after the last answer), as a row of buttons in
  // the log: no pop-up, no badge.
  function surveyed() {
    return SURVEY === "off" || !state.conversation || (state.surveyed || {})[state.conversation];
  }
  function scheduleSurvey() {
    answered = true;
    clearTimeout(surveyTimer);
    surveyTimer = setTimeout(function () { if (!surveyed()) showSurvey(); }, SURVEY_IDLE_MS);
  }
  function showSurvey() {
    if (log.querySelector(".survey")) return;
    state.surveyed = state.surveyed || {};
    state.surveyed[state.conversation] = 1;
    saveState();
    var nps = SURVEY === "nps";
    var box = el("div", { class: "survey", role: "group", "aria-label": t("score") });
    box.appendChild(el("div", {}, nps ? t("surveyNps") : t("surveyCsat")));
    var scale = el("div", { class: "scale" });
    for (var i = nps ? 0 : 1; i <= (nps ? 10 : 5); i++) {
      (function (score) {
        var b = el("button", { type: "button", "aria-label": t("score") + " " + score }, String(score));
        b.addEventListener("click", function () {
          sendLifecycle({ type: "survey", kind: nps ? "nps" : "csat", score: score });
          box.textContent = "";
          box.appendChild(el("div", {}, t("surveyThanks")));
        });
        scale.appendChild(b);
      })(i);
    }
    box.appendChild(scale);
    box.appendChild(el("small", {}, (nps ? "0" : "1") + " = " + t("surveyLow") + ", " + (nps ? "10" : "5") + " = " + t("surveyHigh")));
    log.insertBefore(box, typing);
    scroll();
  }
  function onSurveyStored(f) { emit("survey", { kind: f.kind, score: f.score }); }

  // ---- public API -----------------------------------------------------------------------
  var api = {
    version: 1,
    open: open,
    close: close,
    toggle: function () { if (panel.hidden) open(); else close(); },
    send: function (text, payload) { submit(text, payload); },
    setCart: setCart,
    checkout: checkout,
    track: track,
    identify: identify,
    on: function (name, fn) { (listeners[name] = listeners[name] || []).push(fn); return api; },
    off: function (name, fn) { listeners[name] = (listeners[name] || []).filter(function (f) { return f !== fn; }); return api; }
  };
  var queued = Array.isArray(window.ShopAssistant) ? window.ShopAssistant : [];
  window.ShopAssistant = api;
  queued.forEach(function (call) { if (call && api[call[0]]) api[call[0]].apply(api, call.slice(1)); });

  function mount() {
    document.body.appendChild(host);
    updateCartButton();
    showSets();
    if (state.open) open();
    if (httpMode) httpStart(); else connect();
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
