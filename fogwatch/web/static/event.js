/* Fogwatch event page: summary, a low/best/high bar per claimant, the claims ledger
 * and each source article with the evidence for this event highlighted. */
"use strict";

(function () {
  const { el, svg, fill, getJSON, pick, range, place, highlighted, slug } = FW;
  const eventId = document.body.dataset.eventId;
  const backQuery = window.location.search.slice(1);

  function fact(term, value) {
    if (value === null || value === undefined || value === "") return [];
    return [el("dt", {}, term), el("dd", {}, value)];
  }

  function drawHeader(e) {
    const title = [pick(e, "event_type") || "Event", place(e)].filter(Boolean).join(" \u2014 ");
    fill(document.getElementById("event-header"),
      el("h1", {}, title),
      el("p", { class: "muted" }, [pick(e, "sub_event_type"), pick(e, "date")].filter(Boolean).join(", "),
        e.contested ? el("span", { class: "badge contested-badge", id: "contested-flag" }, "contested") : ""));
    document.title = "Fogwatch: " + title;
  }

  function drawSummary(e) {
    const deaths = e.deaths || {};
    const sides = [["state", "state forces"], ["nonstate", "non-state"], ["civilians", "civilians"], ["unknown", "unknown"]]
      .filter(([k]) => deaths[k]).map(([k, n]) => `${deaths[k]} ${n}`).join(", ");
    const actors = [pick(e, "actor1"), pick(e, "actor2")].filter(Boolean).join(" vs ");
    fill(document.getElementById("event-summary"),
      fact("Date", pick(e, "date")),
      fact("Place", place(e)),
      fact("Actors", actors),
      fact("Fatalities (ACLED rule)", String(pick(e, "fatalities") ?? 0)),
      fact("Range (low–high, best)", range(e.low, e.best, e.high)),
      fact("Deaths by side", sides),
      fact("First reported", pick(e, "first_reported")),
      fact("Last reported", pick(e, "last_reported")),
      fact("Sources", pick(e, "n_sources")),
      fact("Outlets", (e.outlets || []).join(", ")),
      fact("Verification", (e.verification || []).join(", ")),
      fact("Joined because", (e.joined_because || []).join("; ")),
      fact("Date", e.undated ? "undated: no date and no publication date" : ""));
  }

  /** One row per claimant and victim group: a line from low to high, a dot at best. */
  function drawBars(figures) {
    const box = document.getElementById("figure-bars");
    const rows = (figures || []).filter((f) => pick(f, "low", "best", "high") !== null);
    if (!rows.length) {
      fill(box, el("p", { class: "muted" }, "No figures for this event."));
      return;
    }
    const values = rows.flatMap((f) => [f.low, f.best, f.high]).map(FW.num).filter((v) => v !== null && !isNaN(v));
    const max = Math.max(1, ...values) * 1.15;
    const W = 660, label = 230, right = 150, rowH = 34;
    const H = rows.length * rowH + 22;
    const x = (v) => label + (v / max) * (W - label - right);
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "bars-svg", role: "img", "aria-label": "Figures by claimant" });
    rows.forEach((f, i) => {
      const y = 14 + i * rowH;
      const low = FW.num(f.low), best = FW.num(f.best), high = FW.num(f.high);
      const lo = low ?? best ?? 0;
      const openEnded = high === null;
      const hi = openEnded ? Math.max(lo, best ?? lo) : high;
      const who = pick(f, "claimant") || "unattributed";
      const victims = Array.isArray(f.victims) ? f.victims.join(", ") : f.victims;
      const what = [f.kind, SIDE_NAMES[f.side] || f.side, victims ? `(${victims})` : ""].filter(Boolean).join(" · ");
      const g = svg("g", { class: "bar-row", "data-claimant": who });
      g.append(
        svg("text", { x: 0, y: y + 4, class: "bar-label" }, who.length > 34 ? who.slice(0, 33) + "\u2026" : who),
        svg("text", { x: 0, y: y + 16, class: "bar-sub" }, what),
        svg("line", { x1: x(lo), x2: x(hi), y1: y, y2: y, class: "range-line" }),
        svg("line", { x1: x(lo), x2: x(lo), y1: y - 6, y2: y + 6, class: "range-cap" }));
      if (openEnded) {
        // "at least N": a short fading tail says the count may be higher.
        g.append(svg("line", { x1: x(hi), x2: Math.min(W - right, x(hi) + 48), y1: y, y2: y, class: "range-open" }));
      } else {
        g.append(svg("line", { x1: x(hi), x2: x(hi), y1: y - 6, y2: y + 6, class: "range-cap" }));
      }
      if (best !== null) g.append(svg("circle", { cx: x(best), cy: y, r: 5, class: "best-dot" }));
      g.append(svg("text", { x: W - right + 14, y: y + 4, class: "bar-value" }, range(low, best, high)),
        svg("title", {}, `${who}: ${what} ${range(low, best, high)}`));
      chart.append(g);
    });
    chart.append(svg("text", { x: label, y: H - 2, class: "tick" }, "0"),
      svg("text", { x: W - right, y: H - 2, class: "tick", "text-anchor": "end" }, String(Math.round(max))));
    fill(box, chart);
  }

  const SIDE_NAMES = { state: "state forces", nonstate: "non-state", civilians: "civilians", unknown: "unspecified" };

  function articleIdOf(a) {
    return pick(a, "article_id", "id");
  }

  function claimantOf(c) {
    return pick(c, "claimant", "speaker.name", "claimant_name") || "unattributed";
  }

  function figureOf(c) {
    const f = c.figure || {};
    const count = pick(f, "text") || range(f.low, f.best, f.high);
    const what = [pick(f, "victims", "victims_text"), pick(f, "kind")].filter(Boolean).join(" ");
    const bounds = f.low !== undefined || f.high !== undefined ? range(f.low, null, f.high) : "";
    return count ? [el("span", { class: "figure-text" }, `${count} ${what}`.trim()),
      bounds && bounds !== count ? el("span", { class: "muted figure-range" }, ` [${bounds}]`) : ""] : "";
  }

  /** One anchor per evidence span: ledger rows that rest on the same sentence share it. */
  function evidenceId(c) {
    const ev = c.evidence || {};
    const aid = pick(c, "article_id", "evidence.article_id");
    return "ev-" + slug(aid) + "-" + ev.start + "-" + ev.end;
  }

  function drawLedger(ledger, articles) {
    const byId = new Map((articles || []).map((a) => [articleIdOf(a), a]));
    const body = document.querySelector("#ledger tbody");
    if (!ledger || !ledger.length) {
      fill(body, el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No claims recorded.")));
      return;
    }
    fill(body, ledger.map((c, i) => {
      const ev = c.evidence || {};
      const articleId = pick(c, "article_id", "evidence.article_id");
      const article = byId.get(articleId) || {};
      const outlet = pick(c, "outlet") || pick(article, "outlet") || "";
      const sentence = pick(c, "text", "sentence", "evidence.text") || "";
      return el("tr", {
        class: "ledger-row" + (c.disputed ? " contested disputed" : "") + (c.figure ? " has-figure" : ""),
        dataset: { claimant: claimantOf(c), articleId: articleId || "" },
      },
      el("td", { class: "nowrap" }, pick(c, "first_reported", "published", "reported") || ""),
      el("td", { class: "claimant" }, claimantOf(c)),
      el("td", { class: "claim-text" },
        articleId && ev.end > ev.start
          ? el("a", { href: "#" + evidenceId(c), class: "evidence-link" }, "\u201c" + sentence + "\u201d")
          : "\u201c" + sentence + "\u201d"),
      el("td", { class: "figure" }, figureOf(c), c.disputed ? el("span", { class: "badge contested-badge" }, "disputed") : ""),
      el("td", { class: "stance" }, pick(c, "stance", "type") || ""),
      el("td", { class: "outlet" }, articleId ? el("a", { href: "/articles/" + encodeURIComponent(articleId), class: "outlet-link" }, outlet || "article") : outlet));
    }));
  }

  /** Spans of one article that this event's ledger rests on, with anchors for the ledger. */
  function spansFor(articleId, ledger) {
    const spans = [];
    const seen = new Set();
    (ledger || []).forEach((c) => {
      const ev = c.evidence || {};
      const aid = pick(c, "article_id", "evidence.article_id");
      const id = evidenceId(c);
      if (aid === articleId && ev.end > ev.start && !seen.has(id)) {
        seen.add(id);
        spans.push({ start: ev.start, end: ev.end, id: id, title: claimantOf(c) });
      }
    });
    return spans;
  }

  /** The host of a link without "www.", or null (the store fills outlets the same way). */
  function hostOf(url) {
    if (!url || !FW.safeHref(url)) return null;
    try {
      return new URL(url).hostname.replace(/^www\./, "") || null;
    } catch (e) {
      return null;
    }
  }

  /** A heading for a report without a title: its outlet and date, never "(untitled)". */
  function sourceName(stub) {
    const outlet = pick(stub, "outlet") || hostOf(pick(stub, "url"));
    const date = pick(stub, "published");
    return outlet ? "Report in " + outlet + (date ? " of " + date.slice(0, 10) : "")
      : "Report " + (date ? "of " + date.slice(0, 10) : articleIdOf(stub));
  }

  async function drawArticle(stub, ledger, box) {
    const id = articleIdOf(stub);
    const section = el("article", { class: "article", dataset: { articleId: id } },
      el("h3", {}, pick(stub, "title") || sourceName(stub)),
      el("p", { class: "muted meta" }, [pick(stub, "outlet") || hostOf(pick(stub, "url")), pick(stub, "published")]
        .filter(Boolean).join(", ") || "no outlet or date given"));
    box.append(section);
    const links = el("p", { class: "links" },
      el("a", { href: "/articles/" + encodeURIComponent(id), class: "stored-link" }, "Stored text"));
    const url = pick(stub, "url");
    if (url && FW.safeHref(url)) {
      links.append(" \u00b7 ", el("a", { href: url, class: "source-link", rel: "noopener noreferrer nofollow", target: "_blank" }, "Original at " + new URL(url).hostname));
    }
    section.append(links);
    try {
      const article = await getJSON("/api/articles/" + encodeURIComponent(id));
      let spans = spansFor(id, ledger);
      if (!spans.length) spans = article.spans || [];
      section.append(el("div", { class: "article-text" }, highlighted(article.text || "", spans, "evidence")));
    } catch (error) {
      section.append(el("p", { class: "error" }, "Could not load the text: " + error.message));
    }
  }

  /** A click on a claim scrolls the sources pane (not the page) to its sentence. */
  function showEvidence(event) {
    const link = event.target.closest("a.evidence-link");
    if (!link) return;
    const mark = document.getElementById(link.getAttribute("href").slice(1));
    if (!mark) return;
    event.preventDefault();
    for (const old of document.querySelectorAll("mark.evidence.active")) old.classList.remove("active");
    mark.classList.add("active");
    const pane = document.getElementById("articles");
    const stacked = getComputedStyle(pane).overflowY !== "auto";
    if (stacked) {
      mark.scrollIntoView({ block: "center" });
    } else {
      const top = mark.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
      pane.scrollTop = Math.max(0, top - pane.clientHeight / 3);
    }
    history.replaceState(null, "", link.getAttribute("href"));
  }

  // -- review: the history of the event, and the forms a reviewer sees ---------------

  function shown(value) {
    if (value === null || value === undefined || value === "") return "(none)";
    if (Array.isArray(value)) return value.join(", ");
    if (typeof value === "object") {
      if (value.reports) return value.reports.length + " report(s): " + value.reports.join(", ");
      return JSON.stringify(value);
    }
    return String(value);
  }

  function changeText(h) {
    const field = h.field || "";
    if (h.action === "mark") return "marked " + shown(h.after) + " (was " + shown(h.before) + ")";
    if (h.action === "merge") return "merged: " + ((h.after && h.after.events) || []).join(" + ");
    if (h.action === "split") return "split off " + shown(h.after && h.after.reports);
    const target = h.target && h.target.kind !== "event" ? h.target.kind + " " + h.target.id + ": " : "";
    return target + field + ": " + shown(h.before) + " \u2192 " + shown(h.after);
  }

  function drawHistory(rows) {
    const body = document.querySelector("#history tbody");
    if (!rows.length) {
      fill(body, el("tr", {}, el("td", { colspan: 4, class: "muted" }, "No reviews yet: this is the reader's output as it stands.")));
      return;
    }
    fill(body, rows.slice().reverse().map((h) => el("tr", { class: "history-row", dataset: { field: h.field || "", action: h.action || "" } },
      el("td", { class: "nowrap" }, (h.at || "").replace("T", " ").slice(0, 19)),
      el("td", { class: "reviewer" }, h.reviewer || ""),
      el("td", { class: "change" }, changeText(h)),
      el("td", { class: "reason" }, h.reason || "",
        h.source_url && FW.safeHref(h.source_url)
          ? [" ", el("a", { href: h.source_url, rel: "noopener noreferrer nofollow", target: "_blank" }, "source")] : ""))));
  }

  let current = null;  // the event as last drawn: its review version goes with each write

  function setValue(id, value) {
    document.getElementById(id).value = value === null || value === undefined ? "" : String(value);
  }

  function fillForms(e) {
    setValue("rv-location-name", e.location);
    setValue("rv-latitude", e.latitude);
    setValue("rv-longitude", e.longitude);
    setValue("rv-admin1", e.admin1);
    setValue("rv-event-type", e.event_type);
    setValue("rv-sub-event-type", e.sub_event_type);
    setValue("rv-fatalities", e.fatalities);
    for (const id of ["rv-location-reason", "rv-coding-reason", "rv-mark-reason", "rv-split-reason"]) setValue(id, "");
    // The mark offered next: "flagged" stays as it is; anything else (unreviewed, edited,
    // reviewed) offers "reviewed".
    const status = e.review && e.review.status;
    setValue("rv-mark-status", status === "flagged" ? "flagged" : "reviewed");
    const titles = new Map((e.articles || []).map((a) => [articleIdOf(a), a]));
    const reports = e.reports || [];
    fill(document.getElementById("rv-split-reports"), reports.length < 2
      ? el("p", { class: "muted" }, "One report only: nothing to split.")
      : reports.map((r, i) => {
        const a = titles.get(r.replace(/-r\d+$/, "")) || {};
        const id = "rv-split-" + i;
        return el("div", { class: "check" },
          el("input", { type: "checkbox", id: id, value: r, class: "split-report" }),
          el("label", { for: id }, [pick(a, "title") || sourceName(a), pick(a, "outlet"), pick(a, "published")].filter(Boolean).join(" \u2014 ") + " (" + r + ")"));
      }));
    document.getElementById("rv-split-save").disabled = reports.length < 2;
  }

  /** The fields of a form that differ from the event as drawn. */
  function changed(fields) {
    const out = {};
    for (const [id, field, kind] of fields) {
      const raw = document.getElementById(id).value.trim();
      const value = raw === "" ? null : kind === "number" ? Number(raw) : raw;
      const before = current[field] === undefined ? null : current[field];
      const same = kind === "number" ? (value === null ? before === null : before !== null && Number(before) === value)
        : (value || null) === (before || null);
      if (!same) out[field] = value;
    }
    return out;
  }

  function version() {
    return (current && current.review && current.review.version) || 0;
  }

  /** Run one write from a form: its errors go beside it, success redraws the page. */
  function onSubmit(formId, errorId, build) {
    const form = document.getElementById(formId);
    const error = document.getElementById(errorId);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      fill(error);
      form.dataset.state = "busy";
      try {
        const request = build();
        if (typeof request === "string") throw new Error(request);
        const answer = await FW.send(request.url, request.body);
        form.dataset.state = "done";
        if (request.then) await request.then(answer);
        else await load();
      } catch (e) {
        fill(error, e.message);
        form.dataset.state = "error";
        if (e.status === 409) await load(true);
      }
    });
  }

  function reasonOf(id) {
    return document.getElementById(id).value.trim();
  }

  function wireForms() {
    const url = (what) => "/api/events/" + encodeURIComponent(current.id) + "/" + what;
    onSubmit("rv-location", "rv-location-error", () => {
      const changes = changed([["rv-location-name", "location", "text"], ["rv-latitude", "latitude", "number"],
        ["rv-longitude", "longitude", "number"], ["rv-admin1", "admin1", "text"]]);
      if (!Object.keys(changes).length) return "Nothing changed: edit a field first.";
      return { url: url("recode"), body: { changes: changes, reason: reasonOf("rv-location-reason"), version: version() } };
    });
    onSubmit("rv-coding", "rv-coding-error", () => {
      const changes = changed([["rv-event-type", "event_type", "text"], ["rv-sub-event-type", "sub_event_type", "text"],
        ["rv-fatalities", "fatalities", "number"]]);
      if (!Object.keys(changes).length) return "Nothing changed: edit a field first.";
      return { url: url("recode"), body: { changes: changes, reason: reasonOf("rv-coding-reason"), version: version() } };
    });
    onSubmit("rv-mark", "rv-mark-error", () => ({
      url: url("mark"),
      body: { status: document.getElementById("rv-mark-status").value, reason: reasonOf("rv-mark-reason"), version: version() },
    }));
    onSubmit("rv-split", "rv-split-error", () => {
      const reports = [...document.querySelectorAll("#rv-split-reports input.split-report:checked")].map((c) => c.value);
      if (!reports.length) return "Tick the reports to take out of this event.";
      return {
        url: url("split"),
        body: { reports: reports, reason: reasonOf("rv-split-reason"), version: version() },
        then: (answer) => goTo((answer.events || [])[0]),
      };
    });
    const dialog = document.getElementById("merge-dialog");
    document.getElementById("rv-merge-open").addEventListener("click", async () => {
      fill(document.getElementById("rv-merge-error"));
      dialog.showModal();
      try {
        const queue = await getJSON("/api/events?review=unreviewed&sort=-fatalities&limit=100");
        fill(document.getElementById("rv-merge-choices"), queue.events.filter((q) => q.id !== current.id)
          .map((q) => el("option", { value: q.id }, [q.date, q.event_type, place(q)].filter(Boolean).join(", "))));
      } catch (e) { /* the id can still be typed */ }
    });
    document.getElementById("rv-merge-cancel").addEventListener("click", () => dialog.close());
    onSubmit("rv-merge", "rv-merge-error", () => {
      const other = document.getElementById("rv-merge-with").value.trim();
      if (!other) return "Give the id of the other event.";
      if (other === current.id) return "That is this event: choose another one.";
      return {
        url: "/api/events/merge",
        body: { events: [current.id, other], reason: reasonOf("rv-merge-reason"), version: version() },
        then: (answer) => { dialog.close(); return goTo(answer); },
      };
    });
  }

  /** After a merge or split the event may have a new id: go to its page. */
  function goTo(e) {
    if (e && e.id && e.id !== eventId) {
      window.location.assign("/events/" + encodeURIComponent(e.id) + window.location.search);
      return new Promise(() => {});
    }
    return load();
  }

  async function setUpReview() {
    const who = await FW.whoami();
    if (!FW.mayReview(who)) return false;
    document.getElementById("review-panel").hidden = false;
    try {
      const stats = await getJSON("/api/stats");
      fill(document.getElementById("rv-event-types"), Object.keys(stats.by_type || {}).map((t) => el("option", { value: t })));
    } catch (e) { /* a free text field then */ }
    wireForms();
    return true;
  }

  let reviewing = false;

  /** Fetch and draw the event, its history and (for a reviewer) its forms. */
  async function load(keepErrors) {
    const e = await getJSON("/api/events/" + encodeURIComponent(current ? current.id : eventId));
    current = e;
    drawHeader(e);
    drawSummary(e);
    drawBars((e.ranges && e.ranges.by_claimant) || []);
    drawLedger(e.ledger, e.articles);
    const box = document.getElementById("articles");
    fill(box);
    const history = getJSON("/api/events/" + encodeURIComponent(e.id) + "/history")
      .then((h) => drawHistory(h.history || []))
      .catch((error) => fill(document.querySelector("#history tbody"),
        el("tr", {}, el("td", { colspan: 4, class: "error" }, "Could not load the history: " + error.message))));
    await Promise.all([history, ...(e.articles || []).map((a) => drawArticle(a, e.ledger, box))]);
    if (reviewing) fillForms(e);
    document.body.dataset.version = String(version());
    if (!keepErrors) for (const p of document.querySelectorAll(".form-error")) fill(p);
  }

  async function main() {
    document.getElementById("ledger").addEventListener("click", showEvidence);
    if (backQuery) {
      document.getElementById("back-link").setAttribute("href", "/?" + backQuery);
      for (const format of FW.EXPORT_FORMATS) {
        const q = new URLSearchParams(backQuery);
        q.delete("offset");
        q.set("format", format);
        document.getElementById("export-" + format).setAttribute("href", "/api/export?" + q.toString());
      }
    }
    try {
      await load();
      reviewing = await setUpReview();
      if (reviewing) fillForms(current);
      document.body.dataset.ready = "true";
    } catch (error) {
      FW.showError(document.getElementById("event-header"), error);
      document.body.dataset.ready = "error";
    }
  }

  main();
})();
