// The demo shop's own little cart (a real shop has its own). It tells the assistant what is in
// the cart through the widget's public API, and listens for "add to cart" from the assistant.
(function () {
  "use strict";
  var KEY = "bohne-becher-cart";
  var SETS = "bohne-becher-sets"; // the set prices the assistant's shop granted this cart
  var drawer = document.getElementById("cart");
  var lang = drawer.getAttribute("data-lang") || "de";
  var money = new Intl.NumberFormat(lang === "en" ? "en-IE" : "de-DE", { style: "currency", currency: "EUR" });

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function tellAssistant(items) {
    var sa = window.ShopAssistant;
    if (sa && typeof sa.setCart === "function") sa.setCart(items);
    else (window.ShopAssistant = Array.isArray(sa) ? sa : []).push(["setCart", items]); // not loaded yet
  }
  function loadSets() {
    try { return JSON.parse(localStorage.getItem(SETS)) || []; } catch (e) { return []; }
  }
  function save(items) {
    // A set no longer complete has lost its price; the shop's answer (shopassistant:cart) says
    // which set prices stay.
    var skus = items.map(function (i) { return i.sku; });
    var sets = loadSets().filter(function (d) { return d.skus.every(function (s) { return skus.indexOf(s) >= 0; }); });
    localStorage.setItem(KEY, JSON.stringify(items));
    localStorage.setItem(SETS, JSON.stringify(sets));
    render(items, sets);
    tellAssistant(items);
  }
  function add(item) {
    var items = load();
    var found = items.filter(function (i) { return i.sku === item.sku; })[0];
    if (found) { found.qty += item.qty || 1; } else { items.push({ sku: item.sku, name: item.name, price: item.price, qty: item.qty || 1 }); }
    save(items);
  }
  function remove(sku) {
    save(load().filter(function (i) { return i.sku !== sku; }));
  }
  function render(items, sets) {
    var count = items.reduce(function (n, i) { return n + i.qty; }, 0);
    document.getElementById("cart-count").textContent = String(count);
    var list = document.getElementById("cart-items");
    list.replaceChildren();
    if (!items.length) {
      var empty = document.createElement("li");
      empty.textContent = drawer.getAttribute("data-empty");
      list.appendChild(empty);
    }
    items.forEach(function (i) {
      var li = document.createElement("li");
      var label = document.createElement("span");
      label.textContent = i.qty + " × " + i.name;
      var right = document.createElement("span");
      right.textContent = money.format(Number(i.price) * i.qty) + " ";
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = drawer.getAttribute("data-remove");
      btn.addEventListener("click", function () { remove(i.sku); });
      right.appendChild(btn);
      li.appendChild(label);
      li.appendChild(right);
      list.appendChild(li);
    });
    (sets || []).forEach(function (d) {
      var li = document.createElement("li");
      li.className = "set";
      li.setAttribute("data-testid", "cart-set");
      var label = document.createElement("span");
      label.textContent = drawer.getAttribute("data-set") + " " + (lang === "en" ? d.title_en : d.title_de);
      var amount = document.createElement("span");
      amount.textContent = "−" + money.format(Number(d.discount));
      li.appendChild(label);
      li.appendChild(amount);
      list.appendChild(li);
    });
    var total = items.reduce(function (s, i) { return s + Number(i.price) * i.qty; }, 0);
    total -= (sets || []).reduce(function (s, d) { return s + Number(d.discount); }, 0);
    document.getElementById("cart-total").textContent = money.format(total);
  }

  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("button.add[data-sku]");
    if (btn) {
      add({ sku: btn.getAttribute("data-sku"), name: btn.getAttribute("data-name"), price: btn.getAttribute("data-price"), qty: 1 });
    }
  });
  document.getElementById("cart-button").addEventListener("click", function () {
    drawer.hidden = !drawer.hidden;
    if (!drawer.hidden) document.getElementById("cart-close").focus();
  });
  document.getElementById("cart-close").addEventListener("click", function () {
    drawer.hidden = true;
    document.getElementById("cart-button").focus();
  });
  document.getElementById("cart-checkout").addEventListener("click", function () {
    drawer.hidden = true;
    if (window.ShopAssistant && typeof window.ShopAssistant.checkout === "function") {
      window.ShopAssistant.checkout();
    } else if (window.ShopAssistant) {
      window.ShopAssistant.open();
    }
  });
  // The assistant's bundle cards add to this cart through the widget's JS event.
  window.addEventListener("shopassistant:add-to-cart", function (e) {
    var d = e.detail || {};
    if (d.sku) add({ sku: d.sku, name: d.name || d.sku, price: d.price || "0", qty: d.qty || 1 });
  });
  // The assistant changed the cart (checkout, a bundle card): take its version.
  window.addEventListener("shopassistant:cart", function (e) {
    var items = ((e.detail || {}).items || []).map(function (i) {
      return { sku: i.sku, qty: i.qty, price: i.price, name: (lang === "en" ? i.name_en : i.name_de) || i.sku };
    });
    var sets = (e.detail || {}).discounts || [];
    localStorage.setItem(KEY, JSON.stringify(items));
    localStorage.setItem(SETS, JSON.stringify(sets));
    render(items, sets);
  });
  window.DemoShop = { cart: load, sets: loadSets, add: add, remove: remove };
  render(load(), loadSets());
  tellAssistant(load());
})();
