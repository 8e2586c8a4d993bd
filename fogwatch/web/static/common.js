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

  return { el, svg, fill, append, getJSON, pick, slug, range, place, highlighted, safeHref, showError, num, EXPORT_FORMATS };
})();
