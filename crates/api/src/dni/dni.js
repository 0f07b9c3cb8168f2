/* CallCenter Pro dynamic number insertion. Install with
   <script async src="https://YOUR-HOST/dni.js" data-tag="TAG_CODE"></script> */
(function (w, d) {
  "use strict";
  if (w.CallCenterDNI) return;
  var script = d.currentScript;
  var api = { consent: function () {}, number: null, refresh: function () {} };
  w.CallCenterDNI = api;
  try {
    var tag = script && script.getAttribute("data-tag");
    if (!tag) return;
    var base = new URL(script.src).origin;
    var endpoint = base + "/api/dni/track";
    var needsConsent = script.getAttribute("data-consent") === "required";
    var consented = !needsConsent;
    var KEYS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
      "gclid", "gbraid", "wbraid", "fbclid", "msclkid"];
    var VISITOR = "ccdni_vid", SESSION = "ccdni_s_" + tag;
    var TWO_YEARS = 63072000;
    var config = null, timer = null, observer = null;

    var store = {
      get: function (k) { try { return w.localStorage.getItem(k); } catch (e) { return null; } },
      set: function (k, v) { try { w.localStorage.setItem(k, v); } catch (e) {} }
    };
    function cookie(name) {
      var m = d.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
      return m ? decodeURIComponent(m[1]) : null;
    }
    function newId(prefix) {
      var a = new Uint8Array(12);
      (w.crypto || w.msCrypto).getRandomValues(a);
      var s = "";
      for (var i = 0; i < a.length; i++) s += ("0" + a[i].toString(16)).slice(-2);
      return prefix + s;
    }
    function visitorId() {
      var v = cookie(VISITOR) || store.get(VISITOR) || newId("v_");
      store.set(VISITOR, v);
      d.cookie = VISITOR + "=" + v + "; max-age=" + TWO_YEARS + "; path=/; SameSite=Lax";
      return v;
    }
    // The Google Analytics client id: the last two parts of the _ga
    // cookie (GA1.1.<random>.<time>).
    function gaClientId() {
      var parts = String(cookie("_ga") || "").split(".");
      return parts.length >= 4 ? parts.slice(-2).join(".") : null;
    }
    function sessionId(minutes) {
      var now = Date.now(), saved = null;
      try { saved = JSON.parse(store.get(SESSION) || "null"); } catch (e) {}
      var s = saved && saved.id && now - saved.at < minutes * 60000 ? saved.id : newId("s_");
      store.set(SESSION, JSON.stringify({ id: s, at: now }));
      return s;
    }
    function params() {
      var q = new URLSearchParams(w.location.search), out = {};
      for (var i = 0; i < KEYS.length; i++) {
        var v = q.get(KEYS[i]);
        if (v) out[KEYS[i]] = v.slice(0, 200);
      }
      return out;
    }

    // The patterns of a number in its usual formats: +1 111 222 3333,
    // (111) 222-3333, 111-222-3333, 111.222.3333.
    function pattern(e164) {
      var n = String(e164).replace(/\D/g, "");
      if (n.length === 11 && n[0] === "1") n = n.slice(1);
      if (n.length !== 10) return null;
      var sep = "[\\s.\\-\\u00a0]?";
      return new RegExp("(?:\\+?1" + sep + ")?\\(?" + n.slice(0, 3) + "\\)?" + sep +
        n.slice(3, 6) + sep + n.slice(6), "g");
    }
    function digits(s) { return String(s).replace(/\D/g, "").replace(/^1(?=\d{10}$)/, ""); }

    function swap(root) {
      if (!config || !config.phoneNumber || !root) return;
      var shown = config.formattedNumber, tel = "tel:" + config.phoneNumber;
      if (root.nodeType === 1 || root.nodeType === 9) {
        var els = root.querySelectorAll ? root.querySelectorAll(config.selectors) : [];
        var list = Array.prototype.slice.call(els);
        if (root.nodeType === 1 && root.matches && root.matches(config.selectors)) list.push(root);
        list.forEach(function (el) {
          if (el.textContent !== shown) el.textContent = shown;
          if (el.tagName === "A") el.setAttribute("href", tel);
        });
        d.querySelectorAll('input[data-dni="input"]').forEach(function (el) { el.value = config.phoneNumber; });
      }
      var targets = (config.swapNumbers || []).map(function (n) { return { digits: digits(n), re: pattern(n) }; })
        .filter(function (t) { return t.re; });
      if (!targets.length) return;
      if (root.querySelectorAll) {
        root.querySelectorAll('a[href^="tel:"]').forEach(function (a) {
          var hd = digits(a.getAttribute("href"));
          if (targets.some(function (t) { return t.digits === hd; })) a.setAttribute("href", tel);
        });
      }
      var walker = d.createTreeWalker(root, 4, null), node, nodes = [];
      while ((node = walker.nextNode())) nodes.push(node);
      nodes.forEach(function (t) {
        var text = t.nodeValue, changed = text;
        targets.forEach(function (x) { x.re.lastIndex = 0; changed = changed.replace(x.re, shown); });
        if (changed !== text) t.nodeValue = changed;
      });
    }

    function send(heartbeat) {
      if (!consented) return;
      var body = {
        tagCode: tag,
        sessionId: sessionId(config ? config.sessionMinutes : 30),
        visitorId: visitorId(),
        gaClientId: gaClientId(),
        referrer: d.referrer || null,
        url: w.location.href,
        utmParams: params(),
        heartbeat: !!heartbeat
      };
      return fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "text/plain" },
        body: JSON.stringify(body),
        credentials: "omit",
        keepalive: true
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (!data || !data.success) return;
        config = data;
        api.number = data.phoneNumber || null;
        if (data.phoneNumber) {
          w.dniPhoneNumber = data.phoneNumber;
          swap(d.body);
          watch();
        }
      }).catch(function () {});
    }

    function watch() {
      if (observer || !w.MutationObserver || !d.body) return;
      observer = new MutationObserver(function (changes) {
        changes.forEach(function (c) {
          for (var i = 0; i < c.addedNodes.length; i++) {
            var n = c.addedNodes[i];
            if (n.nodeType === 1) swap(n);
            else if (n.nodeType === 3 && n.parentNode) swap(n.parentNode);
          }
        });
      });
      observer.observe(d.body, { childList: true, subtree: true });
    }

    function start() {
      send(false);
      if (!timer) {
        timer = setInterval(function () {
          if (d.visibilityState === "visible") send(true);
        }, 60000);
      }
    }

    api.consent = function () { if (!consented) { consented = true; start(); } };
    api.refresh = function () { swap(d.body); };
    if (consented) {
      if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start);
      else start();
    }
  } catch (e) { /* never break the host page */ }
})(window, document);
