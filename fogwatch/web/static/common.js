/* Fogwatch dashboard: helpers shared by every page.
 *
 * Everything that comes from an article (titles, outlets, sentences, names) reaches the
 * page through el() and text nodes, never through innerHTML, so a story that contains
 * markup is shown as the text it is.
 */
"use strict";

const FW = (function () {
  /** Build an element: el("td", {class: "x", href: "..."}, child, "text", ...). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "href") {
        const safe = safeHref(value);
        if (safe) node.setAttribute("href", safe);
      } else node.setAttribute(key, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** SVG element with attributes; text children become text nodes. */
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      node.setAttribute(key, String(value));
    }
    return append(node, children);
  }

  /** Only in-page anchors, same-origin paths and http(s) links may become hrefs
   * (never javascript: or data: URLs from an article). */
  function safeHref(value) {
    const text = String(value);
    if (text.startsWith("#") || (text.startsWith("/") && !text.startsWith("//"))) return text;
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  /** Replace the children of a node. */
  function fill(node, ...children) {
    node.replaceChildren();
    return append(node, children);
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const body = await response.json();
        if (body && body.detail) {
          // A 422's detail is a list of {loc, msg}; every other error's is a sentence.
          detail = typeof body.detail === "string" ? body.detail
            : body.detail.map((e) => (e && e.msg) || JSON.stringify(e)).join("; ");
        }
      } catch (e) { /* not JSON: keep the status text */ }
      throw new Error(response.status + ": " + detail);
    }
    return response.json();
  }

  /** The first of several keys that is set: the API passes store records through. */
  function pick(obj, ...keys) {
    if (!obj) return null;
    for (const key of keys) {
      const value = key.split(".").reduce((o, k) => (o === null || o === undefined ? o : o[k]), obj);
      if (value !== null && value !== undefined && value !== "") return value;
    }
    return null;
  }

  /** "Explosions/Remote violence" -> "explosions-remote-violence", for CSS classes. */
  function slug(text) {
    return String(text || "unknown").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  function num(value) {
    return value === null || value === undefined || value === "" ? null : Number(value);
  }

  /** low / best / high as "92", "15-33 (best 18)", "at least 92". */
  function range(low, best, high) {
    low = num(low); best = num(best); high = num(high);
    if (low === null && best === null && high === null) return "";
    if (high === null && low !== null) return best !== null && best !== low ? `at least ${low} (best ${best})` : `at least ${low}`;
    if (low === null) return high !== null ? `up to ${high}` : String(best);
    if (low === high) return String(low);
    const core = `${low}\u2013${high}`;
    return best !== null && best !== low && best !== high ? `${core} (best ${best})` : core;
  }

  function place(e) {
    return [pick(e, "location"), pick(e, "admin1"), pick(e, "country")]
      .filter((x, i, all) => x && all.indexOf(x) === i).join(", ");
  }

  /** Text with [start, end) spans wrapped in <mark>, built from text nodes only. */
  function highlighted(text, spans, className) {
    const out = [];
    let at = 0;
    const sorted = (spans || []).filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
    for (const span of sorted) {
      const start = Math.max(span.start, at);
      if (span.end <= start) continue;
      if (start > at) out.push(document.createTextNode(text.slice(at, start)));
      const mark = el("mark", { class: className || "evidence", id: span.id || null, title: span.title || null }, text.slice(start, span.end));
      out.push(mark);
      at = span.end;
    }
    if (at < text.length) out.push(document.createTextNode(text.slice(at)));
    return out;
  }

  /** The formats of `fogwatch export`, each with a download button on the pages. */
  const EXPORT_FORMATS = ["acled", "ucdp", "geojson", "jsonl", "parquet"];

  function showError(node, error) {
    fill(node, el("p", { class: "error" }, "Could not load: " + error.message));
  }

  // -- signing in: the token lives in this tab's sessionStorage only (never a cookie,
  // never localStorage), and goes to the API in the Authorization header.
  const TOKEN_KEY = "fogwatch.token";

  function token() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null;
    }
  }

  /** The words of an API error: a 422 names its field, a 409 says the event moved on. */
  function problem(status, body) {
    const detail = body && body.detail;
    if (status === 422 && Array.isArray(detail)) {
      return detail.map((d) => {
        const loc = (d && d.loc) || [];
        const field = loc.length ? loc[loc.length - 1] : "";
        const msg = (d && d.msg) || "is not valid";
        // The review routes' messages name their field already.
        return field && field !== "body" && !msg.startsWith(field + ":") ? field + ": " + msg : msg;
      }).join("; ");
    }
    if (status === 409) {
      return "Someone else changed this event since you opened it" +
        (body && body.version !== undefined ? " (it is now at version " + body.version + ")" : "") +
        ". Nothing of yours was saved and your edits are still in the form: reload the event to see " +
        "their change, then save again if yours still applies.";
    }
    if (status === 401) return "Your token was refused (missing, wrong or revoked): sign in again.";
    if (status === 429) return "Too many writes: " + (typeof detail === "string" ? detail : "wait a minute");
    return typeof detail === "string" ? detail : "the server answered " + status;
  }

  /** POST JSON with the token; resolves to the answer, or throws an Error whose
   * message is in plain words and whose .status and .field say what failed. */
  async function send(url, body) {
    const headers = { Accept: "application/json", "Content-Type": "application/json" };
    const t = token();
    if (t) headers.Authorization = "Bearer " + t;
    const response = await fetch(url, { method: "POST", headers: headers, body: JSON.stringify(body) });
    let answer = null;
    try {
      answer = await response.json();
    } catch (e) { /* not JSON */ }
    if (!response.ok) {
      const error = new Error(problem(response.status, answer));
      error.status = response.status;
      error.body = answer;
      throw error;
    }
    return answer;
  }

  let whoCache = null;

  /** Who the tab's token belongs to ({name, role}), or null when signed out. */
  function whoami() {
    if (whoCache) return whoCache;
    const t = token();
    whoCache = !t ? Promise.resolve(null) : fetch("/api/whoami", {
      headers: { Accept: "application/json", Authorization: "Bearer " + t },
    }).then((r) => (r.ok ? r.json() : null)).catch(() => null);
    return whoCache;
  }

  function mayReview(who) {
    return !!who && (who.role === "reviewer" || who.role === "admin");
  }

  async function signIn(value) {
    const t = String(value || "").trim();
    if (!t) throw new Error("Paste a token first.");
    const r = await fetch("/api/whoami", { headers: { Accept: "application/json", Authorization: "Bearer " + t } });
    if (!r.ok) {
      let body = null;
      try { body = await r.json(); } catch (e) { /* not JSON */ }
      throw new Error(problem(r.status, body));
    }
    window.sessionStorage.setItem(TOKEN_KEY, t);
    whoCache = null;
    return r.json();
  }

  function signOut() {
    window.sessionStorage.removeItem(TOKEN_KEY);
    whoCache = null;
  }

  /** The sign-in box in the top bar; a change of who is signed in reloads the page. */
  async function drawAuth() {
    const box = document.getElementById("auth");
    if (!box) return;
    const who = await whoami();
    if (token() && !who) signOut(); // a token that no longer works is dropped
    const status = document.getElementById("auth-status");
    const body = document.getElementById("auth-body");
    if (who) {
      fill(status, "signed in as " + who.name + " (" + who.role + ")");
      fill(body, el("button", { type: "button", id: "signout-button" }, "Sign out"));
      document.getElementById("signout-button").addEventListener("click", () => {
        signOut();
        window.location.reload();
      });
      box.dataset.role = who.role;
    } else {
      fill(status, "Sign in");
      const input = el("input", { id: "token-input", type: "password", autocomplete: "off", spellcheck: "false" });
      const error = el("p", { id: "signin-error", class: "error", role: "alert" });
      const form = el("form", { id: "signin-form" },
        el("label", { for: "token-input" }, "API token"), input,
        el("button", { type: "submit", id: "signin-button" }, "Sign in"), error,
        el("p", { class: "muted" }, "Kept in this tab only, until you sign out or close it."));
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          await signIn(input.value);
          window.location.reload();
        } catch (e) {
          fill(error, e.message);
        }
      });
      fill(body, form);
      delete box.dataset.role;
    }
    box.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", drawAuth);

  return { el, svg, fill, append, getJSON, pick, slug, range, place, highlighted, safeHref, showError, num, EXPORT_FORMATS,
    token, send, whoami, mayReview, problem };
})();
