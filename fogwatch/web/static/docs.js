/* Fogwatch API docs: the OpenAPI description rendered locally (no CDN, no inline script). */
"use strict";

(function () {
  const { el, fill, getJSON } = FW;

  function paramRows(op) {
    return (op.parameters || []).map((p) => el("tr", {},
      el("td", {}, el("code", {}, p.name)),
      el("td", {}, p.in),
      el("td", {}, p.required ? "required" : ""),
      el("td", {}, (p.schema && (p.schema.type || (p.schema.anyOf || []).map((s) => s.type).join(" | "))) || ""),
      el("td", {}, p.description || "")));
  }

  /** The fields of a JSON request body, from the schema it references. */
  function bodyTable(op, spec) {
    const content = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
    const ref = content && content.schema && content.schema.$ref;
    const schema = ref ? (spec.components.schemas || {})[ref.split("/").pop()] : null;
    if (!schema) return "";
    const required = new Set(schema.required || []);
    return el("table", { class: "table params" },
      el("thead", {}, el("tr", {}, ["JSON body field", "", "Type", "Description"].map((h) => el("th", {}, h)))),
      el("tbody", {}, Object.entries(schema.properties || {}).map(([name, p]) => el("tr", {},
        el("td", {}, el("code", {}, name)),
        el("td", {}, required.has(name) ? "required" : ""),
        el("td", {}, p.type || (p.anyOf || []).map((s) => s.type).join(" | ")),
        el("td", {}, p.description || "")))));
  }

  async function main() {
    const box = document.getElementById("endpoints");
    try {
      const spec = await getJSON("/openapi.json");
      const sections = [];
      for (const [path, ops] of Object.entries(spec.paths || {})) {
        for (const [method, op] of Object.entries(ops)) {
          const rows = paramRows(op);
          sections.push(el("section", { class: "endpoint" },
            el("h2", {}, el("span", { class: "method method-" + method }, method.toUpperCase()), " ", el("code", {}, path)),
            el("p", {}, op.summary || ""),
            op.description ? el("p", { class: "muted" }, op.description) : "",
            rows.length ? el("table", { class: "table params" },
              el("thead", {}, el("tr", {}, ["Parameter", "In", "", "Type", "Description"].map((h) => el("th", {}, h)))),
              el("tbody", {}, rows)) : "",
            bodyTable(op, spec)));
        }
      }
      fill(box, sections);
      document.body.dataset.ready = "true";
    } catch (error) {
      FW.showError(box, error);
    }
  }

  main();
})();
