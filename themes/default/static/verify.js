/* credcat "Check a badge" page: checks an Open Badges 2.0 or 3.0 badge against this catalog,
 * entirely in the reader's browser. It reads the catalog's own catalog.json (and, for a badge
 * issued against an earlier version, that version's document); nothing the reader gives it is
 * stored or sent anywhere, except the fetch of a hosted assertion's address when the reader
 * asks for it. Each check is shown on its own; "passed" is said only of what was checked. */
(function () {
  "use strict";
  var root = document.getElementById("verify");
  if (!root) return;
  var MAX_TEXT = 1024 * 1024; // pasted text, characters
  var MAX_FILE = 8 * 1024 * 1024; // a badge image or JSON file, bytes
  var MAX_FETCH = 1024 * 1024; // a hosted assertion, bytes
  var OB_NS = "http://openbadges.org";

  var messages = {};
  document.querySelectorAll("#verify-text [data-key]").forEach(function (item) {
    messages[item.getAttribute("data-key")] = item.textContent;
  });
  function t(key, values) {
    var text = messages[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  var input = document.getElementById("badge-input");
  var fileInput = document.getElementById("badge-file");
  var recipientInput = document.getElementById("recipient");
  var checkButton = document.getElementById("check");
  var clearButton = document.getElementById("clear");
  var status = document.getElementById("status");
  var result = document.getElementById("result");
  var verdictBox = document.getElementById("verdict");
  var heading = document.getElementById("result-heading");
  var list = document.getElementById("checks");
  var dropZone = document.getElementById("drop");
  var catalogUrl = root.getAttribute("data-catalog");
  root.hidden = false;

  var catalogData = null;
  var run = 0;

  function Problem(key, values) {
    this.key = key;
    this.values = values || {};
  }

  function loadCatalog() {
    if (catalogData) return Promise.resolve(catalogData);
    return fetch(catalogUrl, { credentials: "same-origin", cache: "no-cache" })
      .then(function (r) {
        if (!r.ok) throw new Problem("catalog-missing");
        return r.json();
      })
      .then(function (data) {
        catalogData = indexCatalog(data);
        return catalogData;
      }, function (err) {
        throw err instanceof Problem ? err : new Problem("catalog-missing");
      });
  }

  function indexCatalog(data) {
    var documents = {};
    var byId = {};
    var issuers = {};
    var issuerIds = {};
    (data.credentials || []).forEach(function (c) {
      byId[c.id] = c;
      (c.documents || []).forEach(function (d) {
        documents[d.url] = { credential: c, document: d };
      });
    });
    (data.issuers || []).forEach(function (i) {
      issuers[i.id] = i;
      (i.identifiers || [i.profile]).forEach(function (ident) {
        issuerIds[ident] = i;
      });
    });
    return { raw: data, documents: documents, byId: byId, issuers: issuers, issuerIds: issuerIds };
  }

  // -- reading what the reader gave ------------------------------------------------------

  function bytesToText(bytes) {
    return new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\ufeff/, "");
  }

  function isPng(bytes) {
    var sig = [137, 80, 78, 71, 13, 10, 26, 10];
    if (bytes.length < 8) return false;
    for (var n = 0; n < 8; n++) if (bytes[n] !== sig[n]) return false;
    return true;
  }

  function inflate(bytes) {
    if (typeof DecompressionStream === "undefined") return Promise.reject(new Problem("png-compressed"));
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer().then(function (buf) {
      return bytesToText(new Uint8Array(buf));
    });
  }

  /* The text of the `openbadges` iTXt (or tEXt) chunk of a PNG, or null. */
  function pngBadge(bytes) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    var pos = 8;
    while (pos + 12 <= bytes.length) {
      var length = view.getUint32(pos);
      var type = String.fromCharCode(bytes[pos + 4], bytes[pos + 5], bytes[pos + 6], bytes[pos + 7]);
      var start = pos + 8;
      var end = start + length;
      if (end + 4 > bytes.length) throw new Problem("png-broken");
      if (type === "iTXt" || type === "tEXt") {
        var data = bytes.subarray(start, end);
        var zero = data.indexOf(0);
        var keyword = zero > 0 ? bytesToText(data.subarray(0, zero)) : "";
        if (keyword === "openbadges") {
          if (type === "tEXt") return Promise.resolve(bytesToText(data.subarray(zero + 1)));
          var compressed = data[zero + 1] === 1;
          var rest = data.subarray(zero + 3);
          var lang = rest.indexOf(0);
          rest = rest.subarray(lang + 1);
          var translated = rest.indexOf(0);
          rest = rest.subarray(translated + 1);
          return compressed ? inflate(rest) : Promise.resolve(bytesToText(rest));
        }
      }
      if (type === "IEND") break;
      pos = end + 4;
    }
    return Promise.resolve(null);
  }

  /* The content (or `verify` address) of an SVG's <openbadges:assertion>, or null. */
  function svgBadge(text) {
    var doc = new DOMParser().parseFromString(text, "image/svg+xml");
    if (doc.getElementsByTagName("parsererror").length) throw new Problem("svg-broken");
    var found = doc.getElementsByTagNameNS(OB_NS, "assertion");
    if (!found.length) found = doc.getElementsByTagName("openbadges:assertion");
    if (!found.length) return null;
    var content = (found[0].textContent || "").trim();
    return content || (found[0].getAttribute("verify") || "").trim() || null;
  }

  function b64urlBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var n = 0; n < bin.length; n++) out[n] = bin.charCodeAt(n);
    return out;
  }

  var JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

  function parseJws(text) {
    var parts = text.split(".");
    var header, payload;
    try {
      header = JSON.parse(bytesToText(b64urlBytes(parts[0])));
      payload = JSON.parse(bytesToText(b64urlBytes(parts[1])));
    } catch (e) {
      throw new Problem("jwt-broken");
    }
    if (!header || typeof header !== "object" || !payload || typeof payload !== "object") {
      throw new Problem("jwt-broken");
    }
    return {
      header: header,
      payload: payload,
      signingInput: parts[0] + "." + parts[1],
      signature: b64urlBytes(parts[2]),
    };
  }

  function parseJson(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Problem("json-broken", { detail: e.message });
    }
  }

  function types(obj) {
    var found = obj && (obj.type || obj["@type"]);
    return Array.isArray(found) ? found.map(String) : found ? [String(found)] : [];
  }

  /* What the reader gave, as { kind, doc, jws?, hosted?, url? }. */
  function interpret(text, origin) {
    text = text.trim();
    if (!text) throw new Problem(origin === "text" ? "empty" : "no-badge-data");
    if (text.length > MAX_TEXT) throw new Problem("too-large", { limit: "1 MiB" });
    if (/^https?:\/\/\S+$/.test(text)) return { kind: "url", url: text };
    if (JWS.test(text)) {
      var jws = parseJws(text);
      var doc = jws.payload.vc && typeof jws.payload.vc === "object" ? jws.payload.vc : jws.payload;
      return classify(doc, jws);
    }
    if (text.charAt(0) === "{") return classify(parseJson(text), null);
    if (text.charAt(0) === "<") throw new Problem("svg-as-text");
    throw new Problem("unknown-format");
  }

  function classify(doc, jws) {
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Problem("not-a-badge");
    var kinds = types(doc);
    var ob3 = ["VerifiableCredential", "OpenBadgeCredential", "AchievementCredential"];
    if (kinds.some(function (k) { return ob3.indexOf(k) >= 0; })) return { kind: "ob3", doc: doc, jws: jws };
    if (kinds.indexOf("Assertion") >= 0 || (doc.recipient && doc.badge)) {
      return { kind: "ob2", doc: doc, jws: jws };
    }
    if (kinds.indexOf("BadgeClass") >= 0 || kinds.indexOf("Achievement") >= 0) {
      throw new Problem("definition-only");
    }
    throw new Problem("not-a-badge");
  }

  function readFile(file) {
    if (file.size > MAX_FILE) return Promise.reject(new Problem("too-large", { limit: "8 MiB" }));
    return file.arrayBuffer().then(function (buf) {
      var bytes = new Uint8Array(buf);
      if (isPng(bytes)) {
        return pngBadge(bytes).then(function (text) {
          if (text === null) throw new Problem("png-no-badge");
          return { text: text, container: "png" };
        });
      }
      var text = bytesToText(bytes);
      if (/^\s*</.test(text)) {
        var found = svgBadge(text);
        if (found === null) throw new Problem("svg-no-badge");
        return { text: found, container: "svg" };
      }
      return { text: text, container: "file" };
    });
  }

  // -- fetching a hosted assertion (only when the reader asks) ------------------------------

  var blockedByPolicy = false;
  document.addEventListener("securitypolicyviolation", function () {
    blockedByPolicy = true;
  });

  function fetchHosted(url) {
    blockedByPolicy = false;
    var controller = typeof AbortController !== "undefined" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, 15000) : null;
    return fetch(url, {
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      headers: { Accept: "application/ld+json, application/json" },
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (response.status === 410) return { state: "revoked-gone", status: 410 };
        if (!response.ok) return { state: "http-error", status: response.status };
        if (Number(response.headers.get("Content-Length")) > MAX_FETCH) return { state: "too-large" };
        return response.text().then(function (body) {
          if (body.length > MAX_FETCH) return { state: "too-large" };
          return { state: "answered", body: body, url: response.url || url };
        });
      }, function () {
        return { state: blockedByPolicy ? "blocked-policy" : "unreachable" };
      })
      .finally(function () {
        if (timer) clearTimeout(timer);
      });
  }

  // -- checks ----------------------------------------------------------------------------

  function sha256Hex(text) {
    if (!window.crypto || !crypto.subtle) return Promise.reject(new Problem("no-webcrypto"));
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buf) {
      return Array.prototype.map
        .call(new Uint8Array(buf), function (b) { return ("0" + b.toString(16)).slice(-2); })
        .join("");
    });
  }

  /* Compare what the reader typed with one identity claim: {identity, hashed, salt, type}. */
  function compareIdentity(typed, claim) {
    var identity = String(claim.identity || "");
    var candidates = [typed, typed.trim(), typed.trim().toLowerCase()].filter(function (v, n, all) {
      return all.indexOf(v) === n;
    });
    if (!claim.hashed) {
      var plain = identity.trim().toLowerCase();
      return Promise.resolve(candidates.some(function (c) { return c.toLowerCase() === plain; }) ? "match" : "differ");
    }
    var match = /^sha256\$([0-9a-fA-F]{64})$/.exec(identity);
    if (!match) return Promise.resolve(/^md5\$/.test(identity) ? "md5" : "unknown-hash");
    var salt = claim.salt ? String(claim.salt) : "";
    return Promise.all(candidates.map(function (c) { return sha256Hex(c + salt); })).then(function (hashes) {
      return hashes.indexOf(match[1].toLowerCase()) >= 0 ? "match" : "differ";
    });
  }

  function identityClaims(badge) {
    if (badge.kind === "ob2") {
      var r = badge.doc.recipient || {};
      return [{ identity: r.identity, hashed: r.hashed === true || r.hashed === "true", salt: r.salt, type: r.type }];
    }
    var subject = badge.doc.credentialSubject;
    if (Array.isArray(subject)) subject = subject[0];
    subject = subject || {};
    var claims = [];
    var ids = subject.identifier;
    (Array.isArray(ids) ? ids : ids ? [ids] : []).forEach(function (i) {
      claims.push({ identity: i.identityHash, hashed: i.hashed === true || i.hashed === "true", salt: i.salt, type: i.identityType });
    });
    if (subject.id) claims.push({ identity: subject.id, hashed: false, type: "id" });
    return claims;
  }

  function subjectOf(doc) {
    var subject = doc.credentialSubject;
    return (Array.isArray(subject) ? subject[0] : subject) || {};
  }

  function idOf(value) {
    if (typeof value === "string") return value;
    if (value && typeof value === "object" && typeof value.id === "string") return value.id;
    return "";
  }

  function parseDate(value) {
    if (value === undefined || value === null || value === "") return null;
    var date = typeof value === "number" ? new Date(value * 1000) : new Date(String(value));
    return isNaN(date.getTime()) ? undefined : date;
  }

  // A date as the page's language writes it (CLDR through the browser's Intl, the same
  // "medium" style as the dates the build writes); day() stays the machine form.
  function shown(value) {
    var date = typeof value === "string" ? new Date(value.slice(0, 10) + "T00:00:00Z") : value;
    if (!date || isNaN(date.getTime())) return String(value);
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || "en",
        { dateStyle: "medium", timeZone: "UTC" }).format(date);
    } catch (e) {
      return day(date);
    }
  }

  function day(date) {
    return date.toISOString().slice(0, 10);
  }

  function importKey(jwk) {
    var ed = jwk.crv === "Ed25519";
    var key = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, ext: true };
    if (jwk.y) key.y = jwk.y;
    return crypto.subtle.importKey(
      "jwk", key, ed ? { name: "Ed25519" } : { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]
    );
  }

  function verifyJws(jws, entry) {
    var ed = entry.publicKeyJwk.crv === "Ed25519";
    return importKey(entry.publicKeyJwk).then(function (key) {
      return crypto.subtle.verify(
        ed ? { name: "Ed25519" } : { name: "ECDSA", hash: "SHA-256" },
        key,
        jws.signature,
        new TextEncoder().encode(jws.signingInput)
      );
    });
  }

  // -- the report ------------------------------------------------------------------------

  function Report() {
    this.items = [];
  }
  Report.prototype.add = function (state, title, text, links) {
    var item = { state: state, title: title, text: text, links: links || [], extra: [] };
    this.items.push(item);
    return item;
  };
  Report.prototype.has = function (state) {
    return this.items.some(function (i) { return i.state === state; });
  };

  function credentialLink(c) {
    return { href: (c.pages && (c.pages[document.documentElement.lang] || c.pages[catalogData.raw.language])) || c.url, text: c.title };
  }

  function describeMatch(report, badgeUrl, catalog) {
    var found = catalog.documents[badgeUrl];
    if (!found) {
      var own = badgeUrl && catalog.raw.url && badgeUrl.indexOf(catalog.raw.url) === 0;
      report.add("fail", t("check-credential"), own ? t("credential-unknown-here", { url: badgeUrl }) : t("credential-foreign", { url: badgeUrl || "?" }));
      report.foreign = true;
      return null;
    }
    var c = found.credential, d = found.document;
    var item = report.add("pass", t("check-credential"), t("credential-found", { title: c.title }), [credentialLink(c)]);
    if (d.earlier_id) item.extra.push(t("credential-earlier-id", { old: d.earlier_id, id: c.id }));
    if (d.language) item.extra.push(t("credential-language", { lang: d.language }));
    return found;
  }

  function describeState(report, found, catalog, issued) {
    var c = found.credential, d = found.document;
    var links = [];
    var text;
    if (c.status === "retired" && c.superseded_by && catalog.byId[c.superseded_by]) {
      var next = catalog.byId[c.superseded_by];
      text = t("state-superseded", { title: next.title });
      links.push(credentialLink(next));
    } else if (c.status === "retired") {
      text = t("state-retired");
    } else {
      text = t("state-offered");
    }
    var item = report.add(c.status === "retired" ? "warn" : "info", t("check-state"), text, links);
    var versions = c.versions || [];
    var current = c.version;
    var since = [];
    if (d.version) {
      item.extra.push(d.version === current ? t("version-current", { version: current }) : t("version-earlier", { version: d.version, current: current }));
      versions.forEach(function (v) {
        if (compareVersions(v.version, d.version) > 0) since.push(v);
      });
    } else {
      item.extra.push(t("version-stable", { version: current }));
      var dated = versions.filter(function (v) { return v.date && issued && v.date > day(issued); });
      since = dated;
      if (dated.length) item.extra.push(t("version-stable-older"));
    }
    since.sort(function (a, b) { return compareVersions(a.version, b.version); });
    since.forEach(function (v) {
      item.extra.push(t("version-change", { version: v.version, date: v.date ? shown(v.date) : "?", note: v.note || t("no-note") }));
    });
    if (d.version && d.version !== current) {
      return fetch(d.url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (doc) {
          var narrative = doc && doc.criteria && doc.criteria.narrative;
          if (narrative) item.criteria = { label: t("version-criteria", { version: d.version }), text: String(narrative) };
        }, function () {});
    }
    return Promise.resolve();
  }

  function compareVersions(a, b) {
    var x = String(a).split(".").map(Number), y = String(b).split(".").map(Number);
    for (var n = 0; n < Math.max(x.length, y.length); n++) {
      var d = (x[n] || 0) - (y[n] || 0);
      if (d) return d;
    }
    return 0;
  }

  function issuerOf(catalog, found) {
    return found ? catalog.issuers[found.credential.issuer] : null;
  }

  function describeIssuer(report, badge, catalog, found) {
    var expected = issuerOf(catalog, found);
    if (!expected) {
      report.add("skip", t("check-issuer"), t("issuer-unknown"));
      return;
    }
    var named = badge.kind === "ob3" ? idOf(badge.doc.issuer) : idOf(badge.doc.badge && badge.doc.badge.issuer);
    if (!named) {
      var state = badge.kind === "ob2" ? "pass" : "fail";
      report.add(state, t("check-issuer"), badge.kind === "ob2" ? t("issuer-from-catalog", { name: expected.name }) : t("issuer-missing"), [{ href: expected.url, text: expected.name }]);
      return;
    }
    var claimed = badge.jws && badge.jws.payload.vc ? badge.jws.payload.iss : null;
    if (claimed && claimed !== named) {
      // a VC-JWT's iss must name the credential's issuer
      report.add("fail", t("check-issuer"), t("issuer-mismatch", { named: claimed, name: expected.name }), [{ href: expected.url, text: expected.name }]);
      report.issuerMismatch = true;
      return;
    }
    if (catalog.issuerIds[named] === expected) {
      report.add("pass", t("check-issuer"), t("issuer-match", { name: expected.name }), [{ href: expected.url, text: expected.name }]);
    } else {
      report.add("fail", t("check-issuer"), t("issuer-mismatch", { named: named, name: expected.name }), [{ href: expected.url, text: expected.name }]);
      report.issuerMismatch = true;
    }
  }

  function describeRecipient(report, badge) {
    var typed = recipientInput.value;
    var claims = identityClaims(badge).filter(function (c) { return c.identity; });
    if (!claims.length) {
      report.add("skip", t("check-recipient"), t("recipient-none"));
      return Promise.resolve();
    }
    if (!typed.trim()) {
      report.add("skip", t("check-recipient"), t("recipient-not-given"));
      return Promise.resolve();
    }
    return Promise.all(claims.map(function (c) { return compareIdentity(typed, c); })).then(function (answers) {
      if (answers.indexOf("match") >= 0) {
        report.add("pass", t("check-recipient"), t("recipient-match"));
      } else if (answers.indexOf("differ") >= 0) {
        report.add("fail", t("check-recipient"), t("recipient-differ"));
        report.wrongRecipient = true;
      } else {
        report.add("skip", t("check-recipient"), t(answers[0] === "md5" ? "recipient-md5" : "recipient-unknown-hash"));
      }
    }, function () {
      report.add("skip", t("check-recipient"), t("no-webcrypto"));
    });
  }

  function badgeDates(badge) {
    var doc = badge.doc, claims = badge.jws ? badge.jws.payload : {};
    if (badge.kind === "ob2") return { issued: parseDate(doc.issuedOn), expires: parseDate(doc.expires) };
    var expires = parseDate(doc.validUntil || doc.expirationDate);
    if (!expires && claims.exp !== undefined) expires = parseDate(claims.exp);
    var issued = parseDate(doc.validFrom || doc.issuanceDate || doc.awardedDate);
    if (!issued && claims.nbf !== undefined) issued = parseDate(claims.nbf);
    if (!issued && claims.iat !== undefined) issued = parseDate(claims.iat);
    return { issued: issued, expires: expires };
  }

  function describeDates(report, badge) {
    var dates = badgeDates(badge);
    var now = new Date();
    if (dates.issued === undefined || dates.expires === undefined) {
      report.add("fail", t("check-dates"), t("dates-unreadable"));
      return dates;
    }
    var parts = [];
    var state = "pass";
    if (dates.issued) {
      parts.push(t("dates-issued", { date: shown(dates.issued) }));
      if (dates.issued > now) { state = "warn"; parts.push(t("dates-future")); }
    } else {
      parts.push(t("dates-no-issue"));
    }
    if (dates.expires && dates.expires < now) {
      state = "fail";
      report.expired = day(dates.expires);
      parts.push(t("dates-expired", { date: shown(dates.expires) }));
    } else if (dates.expires) {
      parts.push(t("dates-expires", { date: shown(dates.expires) }));
    } else {
      parts.push(t("dates-no-expiry"));
    }
    report.add(state, t("check-dates"), parts.join(" "));
    return dates;
  }

  function describeSignature(report, badge, catalog, found, dates) {
    var title = t("check-signature");
    var issuer = issuerOf(catalog, found);
    if (!badge.jws) {
      var proof = badge.doc.proof;
      if (proof) {
        var suite = (Array.isArray(proof) ? proof[0] : proof) || {};
        report.add("skip", title, t("signature-format", { format: suite.cryptosuite || suite.type || "?" }));
      } else if (badge.kind === "ob3") {
        report.add("skip", title, t("signature-none"));
      } else {
        report.add("info", title, t("signature-hosted"));
      }
      return Promise.resolve();
    }
    var alg = badge.jws.header.alg;
    if (alg !== "EdDSA" && alg !== "ES256") {
      report.add("skip", title, t("signature-alg", { alg: String(alg) }));
      return Promise.resolve();
    }
    if (!issuer) {
      report.add("skip", title, t("signature-no-issuer"));
      return Promise.resolve();
    }
    var keys = (issuer.keys || []).filter(function (k) { return k.alg === alg; });
    if (!keys.length) {
      report.add("skip", title, t("signature-no-key"));
      return Promise.resolve();
    }
    var kid = badge.jws.header.kid;
    if (kid) {
      keys = keys.filter(function (k) { return k.id === kid || k.kid === kid || "#" + k.kid === kid; });
      if (!keys.length) {
        report.add("skip", title, t("signature-unknown-key", { kid: String(kid) }));
        return Promise.resolve();
      }
    }
    if (!window.crypto || !crypto.subtle) {
      report.add("skip", title, t("no-webcrypto"));
      return Promise.resolve();
    }
    return Promise.all(keys.map(function (k) {
      return verifyJws(badge.jws, k).catch(function () { return null; });
    })).then(function (answers) {
      var n = answers.indexOf(true);
      if (n < 0) {
        if (answers.every(function (a) { return a === null; })) {
          report.add("skip", title, t("signature-browser", { alg: alg }));
        } else {
          report.add("fail", title, t("signature-bad"));
          report.badSignature = true;
        }
        return;
      }
      var key = keys[n];
      if (key.retired && dates.issued && day(dates.issued) >= key.retired) {
        report.add("fail", title, t("signature-retired-late", { kid: key.kid, date: shown(key.retired) }));
        report.badSignature = true;
      } else if (key.retired) {
        report.add("pass", title, t("signature-good-retired", { kid: key.kid, date: shown(key.retired), name: issuer.name }));
      } else {
        report.add("pass", title, t("signature-good", { kid: key.kid, name: issuer.name }));
      }
      report.signed = true;
    });
  }

  function hostAllowed(url, issuer) {
    var policy = issuer && issuer.verification;
    var host;
    try { host = new URL(url).hostname; } catch (e) { return false; }
    if (policy && policy.starts_with && policy.starts_with.length) {
      return policy.starts_with.some(function (p) { return url.indexOf(p) === 0; });
    }
    if (policy && policy.allowed_origins && policy.allowed_origins.length) {
      return policy.allowed_origins.indexOf(host) >= 0;
    }
    try { return new URL(issuer.profile).hostname === host; } catch (e) { return false; }
  }

  // -- one run ---------------------------------------------------------------------------

  /* Check ``source`` ({text} or {file} or {url}); resolves to a report. */
  function examine(source) {
    var report = new Report();
    var hosted = null;
    return loadCatalog().then(function (catalog) {
      var reading = source.file ? readFile(source.file) : Promise.resolve({ text: source.text, container: "text" });
      return reading.then(function (read) {
        var badge = interpret(read.text, read.container);
        if (badge.kind === "url" && read.container !== "text") {
          // An address found inside a file is fetched only when the reader asks.
          report.add("skip", t("check-hosted"), t("hosted-not-asked", { url: badge.url })).ask = badge.url;
          return null;
        }
        if (badge.kind === "url") {
          return fetchHosted(badge.url).then(function (answer) {
            hosted = { url: badge.url, answer: answer };
            if (answer.state !== "answered") return null;
            var got = interpret(answer.body, "fetched");
            if (got.kind !== "ob2") throw new Problem("hosted-not-assertion");
            return got;
          });
        }
        return badge;
      }).then(function (badge) {
        return finish(report, catalog, badge, hosted);
      });
    }).catch(function (err) {
      report.unreadable = err instanceof Problem ? t(err.key, err.values) : t("internal", { detail: String(err && err.message || err) });
      return report;
    });
  }

  function finish(report, catalog, badge, hosted) {
    if (!badge && !hosted) return Promise.resolve(report);
    if (hosted) {
      var a = hosted.answer;
      var where = { url: hosted.url };
      if (a.state === "revoked-gone") {
        report.add("fail", t("check-hosted"), t("hosted-gone", where));
        report.revoked = true;
      } else if (a.state === "http-error") {
        report.add("fail", t("check-hosted"), t(a.status === 404 ? "hosted-missing" : "hosted-status", { url: hosted.url, status: a.status }));
        report.hostFailed = true;
      } else if (a.state === "blocked-policy") {
        report.add("skip", t("check-hosted"), t("hosted-policy", where));
        report.hostUnknown = true;
      } else if (a.state === "unreachable") {
        report.add("skip", t("check-hosted"), t("hosted-cors", where));
        report.hostUnknown = true;
      } else if (a.state === "too-large") {
        report.add("fail", t("check-hosted"), t("hosted-large", where));
        report.hostFailed = true;
      }
      if (!badge) return report;
    }
    if (badge.kind === "ob2") report.add("info", t("check-format"), t(badge.jws ? "format-ob2-signed" : "format-ob2"));
    else report.add("info", t("check-format"), t(badge.jws ? "format-ob3-jwt" : "format-ob3"));

    var badgeUrl = badge.kind === "ob2" ? idOf(badge.doc.badge) : idOf(subjectOf(badge.doc).achievement);
    var found = describeMatch(report, badgeUrl, catalog);
    var issuer = issuerOf(catalog, found);
    var steps = [];
    var dates;

    if (badge.kind === "ob2") {
      var id = typeof badge.doc.id === "string" ? badge.doc.id : "";
      var verification = badge.doc.verification || {};
      var vtype = String(verification.type || "hosted").toLowerCase();
      if (hosted) {
        if (badge.doc.revoked === true || badge.doc.revoked === "true") {
          report.add("fail", t("check-hosted"), t("hosted-revoked", { url: hosted.url, reason: badge.doc.revocationReason || t("no-reason") }));
          report.revoked = true;
        } else if (id && id !== hosted.url && id !== hosted.answer.url) {
          report.add("fail", t("check-hosted"), t("hosted-other-id", { url: hosted.url, id: id }));
          report.hostFailed = true;
        } else if (issuer && !hostAllowed(hosted.url, issuer)) {
          report.add("fail", t("check-hosted"), t("hosted-not-allowed", { url: hosted.url, name: issuer.name }));
          report.hostFailed = true;
        } else {
          report.add("pass", t("check-hosted"), t("hosted-ok", { url: hosted.url }));
          report.hostConfirmed = true;
        }
      } else if (!badge.jws && (vtype === "hosted" || vtype === "hostedbadge") && /^https?:\/\//.test(id)) {
        var ask = report.add("skip", t("check-hosted"), t("hosted-not-asked", { url: id }));
        ask.ask = id;
      }
    }
    dates = describeDates(report, badge);
    if (found) steps.push(describeState(report, found, catalog, dates.issued));
    describeIssuer(report, badge, catalog, found);
    steps.push(describeRecipient(report, badge));
    steps.push(describeSignature(report, badge, catalog, found, dates));
    if (badge.kind === "ob3" && badge.doc.credentialStatus) {
      report.add("skip", t("check-status"), t("status-not-checked"));
    }
    return Promise.all(steps).then(function () {
      var order = ["check-format", "check-credential", "check-state", "check-issuer", "check-hosted", "check-signature", "check-recipient", "check-dates", "check-status"];
      var rank = order.map(function (k) { return t(k); });
      report.items.sort(function (x, y) { return rank.indexOf(x.title) - rank.indexOf(y.title); });
      return report;
    });
  }

  function verdictOf(report) {
    if (report.unreadable) return "unreadable";
    if (report.foreign) return "foreign";
    if (report.badSignature || report.issuerMismatch || report.hostFailed) return "invalid";
    if (report.revoked) return "revoked";
    if (report.wrongRecipient) return "wrong-recipient";
    if (report.expired) return "expired";
    if (report.has("fail")) return "invalid";
    if (report.signed || report.hostConfirmed) return report.has("skip") ? "partly-confirmed" : "confirmed";
    return "unconfirmed";
  }

  // -- showing it ------------------------------------------------------------------------

  var STATE_LABEL = { pass: "state-pass", fail: "state-fail", warn: "state-warn", skip: "state-skip", info: "state-info" };

  function show(report) {
    var verdict = verdictOf(report);
    list.textContent = "";
    result.setAttribute("data-verdict", verdict);
    heading.textContent = t("verdict-" + verdict + "-title");
    verdictBox.textContent = report.unreadable ? report.unreadable : t("verdict-" + verdict);
    report.items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "check check-" + item.state;
      li.setAttribute("data-state", item.state);
      var label = document.createElement("strong");
      label.textContent = t(STATE_LABEL[item.state]) + ": ";
      li.appendChild(label);
      var name = document.createElement("span");
      name.className = "check-title";
      name.textContent = item.title + ". ";
      li.appendChild(name);
      li.appendChild(document.createTextNode(item.text));
      item.links.forEach(function (link) {
        li.appendChild(document.createTextNode(" "));
        var a = document.createElement("a");
        a.href = link.href;
        a.textContent = link.text;
        li.appendChild(a);
      });
      item.extra.forEach(function (line) {
        var p = document.createElement("p");
        p.textContent = line;
        li.appendChild(p);
      });
      if (item.criteria) {
        var p = document.createElement("p");
        p.textContent = item.criteria.label;
        var quote = document.createElement("blockquote");
        quote.textContent = item.criteria.text;
        li.appendChild(p);
        li.appendChild(quote);
      }
      if (item.ask) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "ask-host";
        button.textContent = t("hosted-ask");
        button.addEventListener("click", function () { start({ text: item.ask }); });
        li.appendChild(document.createTextNode(" "));
        li.appendChild(button);
      }
      list.appendChild(li);
    });
    result.hidden = false;
    status.textContent = t("done", { verdict: heading.textContent });
    result.focus();
  }

  function start(source) {
    var mine = ++run;
    status.textContent = t("checking");
    checkButton.disabled = true;
    examine(source).then(function (report) {
      if (mine !== run) return;
      checkButton.disabled = false;
      show(report);
    });
  }

  checkButton.addEventListener("click", function () {
    start({ text: input.value });
  });
  fileInput.addEventListener("change", function () {
    if (fileInput.files && fileInput.files[0]) start({ file: fileInput.files[0] });
  });
  clearButton.addEventListener("click", function () {
    run++;
    input.value = "";
    fileInput.value = "";
    recipientInput.value = "";
    result.hidden = true;
    list.textContent = "";
    status.textContent = "";
    checkButton.disabled = false;
    input.focus();
  });
  ["dragenter", "dragover"].forEach(function (type) {
    dropZone.addEventListener(type, function (event) {
      event.preventDefault();
      dropZone.classList.add("drop-active");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    dropZone.addEventListener(type, function () {
      dropZone.classList.remove("drop-active");
    });
  });
  dropZone.addEventListener("drop", function (event) {
    event.preventDefault();
    var files = event.dataTransfer && event.dataTransfer.files;
    if (files && files[0]) start({ file: files[0] });
    else if (event.dataTransfer && event.dataTransfer.getData("text")) {
      input.value = event.dataTransfer.getData("text");
      start({ text: input.value });
    }
  });
})();
