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
  let vocab = null;    // GET /api/review/vocabulary: the values the forms offer

  function setValue(id, value) {
    document.getElementById(id).value = value === null || value === undefined ? "" : String(value);
  }

  // The event fields each recode form edits: [input id, field, kind].
  const EVENT_FORMS = {
    "rv-location": [["rv-location-name", "location", "text"], ["rv-country", "country", "text"],
      ["rv-admin1", "admin1", "text"], ["rv-admin2", "admin2", "text"], ["rv-latitude", "latitude", "number"],
      ["rv-longitude", "longitude", "number"], ["rv-geo-precision", "geo_precision", "number"]],
    "rv-coding": [["rv-event-type", "event_type", "text"], ["rv-sub-event-type", "sub_event_type", "text"],
      ["rv-fatalities", "fatalities", "number"]],
    "rv-actors": [["rv-actor1", "actor1", "text"], ["rv-inter1", "inter1", "number"],
      ["rv-actor2", "actor2", "text"], ["rv-inter2", "inter2", "number"]],
    "rv-date": [["rv-event-date", "date", "text"], ["rv-time-precision", "time_precision", "number"]],
  };

  // -- the map of the review panel: the event's marker, moved when its place changes --
  let eventMap = null;
  let eventMarker = null;

  function drawMap(e) {
    const box = document.getElementById("event-map");
    const lat = FW.num(e.latitude), lon = FW.num(e.longitude);
    if (typeof L === "undefined" || lat === null || lon === null || isNaN(lat) || isNaN(lon)) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    const title = "Marker of this event: " + (place(e) || "its place");
    if (!eventMap) {
      eventMap = L.map(box, { minZoom: 1, maxZoom: 11, zoomSnap: 0.5 }).setView([lat, lon], 5);
      eventMap.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas");
      box.fwMap = eventMap;  // the browser tests read the marker's place through the map
      getJSON("/vendor/world-atlas/countries-50m.json").then((topo) => {
        if (typeof topojson === "undefined") return;
        L.geoJSON(topojson.feature(topo, topo.objects.countries), {
          interactive: false,
          style: { color: "#a7a397", weight: 0.6, fillColor: "#f3f0e8", fillOpacity: 1 },
        }).addTo(eventMap).bringToBack();
      }).catch(() => { /* outlines are decoration */ });
    }
    const icon = L.divIcon({ className: "fw-marker event-marker fw-type-" + slug(e.event_type), iconSize: [18, 18] });
    if (!eventMarker) {
      eventMarker = L.marker([lat, lon], { icon: icon, title: title, keyboard: false }).addTo(eventMap);
    } else {
      eventMarker.setIcon(icon);
      eventMarker.setLatLng([lat, lon]);
      const node = eventMarker.getElement();
      if (node) node.title = title;
    }
    eventMap.invalidateSize();
    // A move within the view is drawn as a move; a place off the view recentres it.
    if (!eventMap.getBounds().pad(-0.1).contains([lat, lon])) eventMap.setView([lat, lon], eventMap.getZoom(), { animate: false });
    box.dataset.latitude = String(lat);
    box.dataset.longitude = String(lon);
  }

  // -- the place picker: GET /api/gazetteer fills the location form ------------------
  function placeLabel(p) {
    const where = [p.admin2 !== p.name ? p.admin2 : null, p.admin1, p.country].filter(Boolean).join(", ");
    const at = p.latitude !== null && p.longitude !== null ? ` ${p.latitude.toFixed(3)}, ${p.longitude.toFixed(3)}` : "";
    return `${p.name}${where ? " \u2014 " + where : ""} (${p.feature}${at})`;
  }

  function pickPlace(p) {
    setValue("rv-location-name", p.name);
    setValue("rv-country", p.country);
    setValue("rv-admin1", p.admin1);
    setValue("rv-admin2", p.admin2);
    setValue("rv-latitude", p.latitude);
    setValue("rv-longitude", p.longitude);
    setValue("rv-geo-precision", p.geo_precision);
    const form = document.getElementById("rv-location");
    form.dataset.pickedCountry = p.country || "";
    form.dataset.pickedIso = p.iso || "";
    fill(document.getElementById("rv-place-results"));
    fill(document.getElementById("rv-place-status"), "Filled in from the gazetteer: " + placeLabel(p) + ". Give a reason and save.");
    document.getElementById("rv-location-reason").focus();
  }

  async function findPlaces() {
    const query = document.getElementById("rv-place-query").value.trim();
    const results = document.getElementById("rv-place-results");
    const status = document.getElementById("rv-place-status");
    fill(results);
    if (!query) {
      fill(status, "Type a place name first.");
      return;
    }
    fill(status, "Searching\u2026");
    try {
      const answer = await getJSON("/api/gazetteer?limit=10&q=" + encodeURIComponent(query));
      const places = answer.places || [];
      fill(status, places.length ? places.length + " place(s) called or starting with \u201c" + query + "\u201d: choose one."
        : "No place called \u201c" + query + "\u201d in the gazetteer: type the fields below instead.");
      fill(results, places.map((p, i) => {
        const button = el("button", { type: "button", class: "place-choice secondary", id: "rv-place-" + i,
          dataset: { name: p.name, latitude: p.latitude, longitude: p.longitude } }, placeLabel(p));
        button.addEventListener("click", () => pickPlace(p));
        return el("li", {}, button);
      }));
    } catch (e) {
      fill(status, "The gazetteer refused the search: " + e.message);
    }
  }

  // -- filling the forms from the event as drawn ---------------------------------------
  function options(select, pairs) {
    fill(select, pairs.map(([value, text]) => el("option", { value: value }, text)));
  }

  function fillVocabulary() {
    const types = (vocab && vocab.event_types) || {};
    fill(document.getElementById("rv-event-types"), Object.keys(types).map((t) => el("option", { value: t })));
    const inter = (vocab && vocab.inter_codes) || { 1: "", 2: "", 3: "", 4: "", 5: "", 6: "", 7: "", 8: "" };
    const codes = Object.entries(inter).map(([code, name]) => [code, name ? code + ": " + name : code]);
    options(document.getElementById("rv-inter1"), codes);
    options(document.getElementById("rv-inter2"), [["", "none (no second actor)"], ...codes]);
    const kinds = (vocab && vocab.figure_kinds) || ["killed", "injured", "abducted", "arrested", "missing", "displaced"];
    options(document.getElementById("rv-figure-kind"), kinds.map((k) => [k, k]));
  }

  function fillSubTypes() {
    const types = (vocab && vocab.event_types) || {};
    const subs = types[document.getElementById("rv-event-type").value.trim()] || [];
    fill(document.getElementById("rv-sub-event-types"), subs.map((s) => el("option", { value: s })));
  }

  function figureLabel(f) {
    const count = pick(f, "text") || range(f.low, null, f.high);
    return [pick(f, "claimant") || "unattributed", ": ", count, " ", pick(f, "victims_text", "victims") || "", " ",
      f.kind || "", f.background ? " (background)" : ""].join("").replace(/\s+/g, " ").trim() + " [" + f.id + "]";
  }

  function claimLabel(c) {
    const text = pick(c, "text") || "";
    const verdict = c.review && c.review.verdict ? " \u2014 " + c.review.verdict : "";
    return claimantOf(c) + ": \u201c" + (text.length > 70 ? text.slice(0, 69) + "\u2026" : text) + "\u201d" + verdict;
  }

  function figureOfForm() {
    const id = document.getElementById("rv-figure-id").value;
    return (current.figures || []).find((f) => f.id === id) || null;
  }

  function figureStatus(f) {
    return f.review_status || (f.background ? "background" : "ok");
  }

  function fillFigure() {
    const f = figureOfForm();
    for (const id of ["rv-figure-claimant", "rv-figure-victims", "rv-figure-low", "rv-figure-high"]) setValue(id, "");
    document.getElementById("rv-figure-save").disabled = !f;
    if (!f) return;
    setValue("rv-figure-claimant", f.claimant);
    setValue("rv-figure-victims", f.victims);
    setValue("rv-figure-kind", f.kind);
    setValue("rv-figure-low", f.low);
    setValue("rv-figure-high", f.high);
    setValue("rv-figure-status", figureStatus(f));
  }

  function claimOfForm() {
    const id = document.getElementById("rv-claim-id").value;
    return (current.ledger || []).find((c) => c.id === id) || null;
  }

  function fillClaim() {
    const c = claimOfForm();
    document.getElementById("rv-claim-save").disabled = !c;
    const judged = (c && c.review) || {};
    setValue("rv-claim-verdict", judged.verdict || "verified");
    setValue("rv-claim-note", judged.note);
    setValue("rv-claim-source", judged.source_url);
  }

  function fillForms(e) {
    for (const fields of Object.values(EVENT_FORMS)) {
      for (const [id, field] of fields) setValue(id, e[field]);
    }
    fillSubTypes();
    const location = document.getElementById("rv-location");
    delete location.dataset.pickedCountry;
    delete location.dataset.pickedIso;
    setValue("rv-place-query", "");
    fill(document.getElementById("rv-place-results"));
    fill(document.getElementById("rv-place-status"));
    for (const input of document.querySelectorAll("#review-panel input[name=reason]")) input.value = "";
    // The mark offered next: "flagged" stays as it is; anything else (unreviewed, edited,
    // reviewed) offers "reviewed".
    const status = e.review && e.review.status;
    setValue("rv-mark-status", status === "flagged" ? "flagged" : "reviewed");
    // Figures and claims keep the one chosen before, if it is still there.
    const figure = document.getElementById("rv-figure-id");
    const chosenFigure = figure.value;
    const figures = e.figures || [];
    options(figure, figures.length ? figures.map((f) => [f.id, figureLabel(f)]) : [["", "no figures in this event"]]);
    if (figures.some((f) => f.id === chosenFigure)) figure.value = chosenFigure;
    fillFigure();
    const claim = document.getElementById("rv-claim-id");
    const chosenClaim = claim.value;
    const claims = (e.ledger || []).filter((c) => c.id);
    options(claim, claims.length ? claims.map((c) => [c.id, claimLabel(c)]) : [["", "no claims in this event"]]);
    if (claims.some((c) => c.id === chosenClaim)) claim.value = chosenClaim;
    fillClaim();
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
    drawMap(e);
  }

  // -- what a form sends -----------------------------------------------------------------
  function same(kind, value, before) {
    if (kind === "number") return value === null ? before === null : before !== null && Number(before) === value;
    return (value || null) === (before || null);
  }

  /** The fields of a form that differ from ``was`` (the event or figure as drawn). */
  function changed(fields, was) {
    const out = {};
    for (const [id, field, kind] of fields) {
      const raw = document.getElementById(id).value.trim();
      const value = raw === "" ? null : kind === "number" ? Number(raw) : raw;
      const before = was[field] === undefined ? null : was[field];
      if (!same(kind, value, before)) out[field] = value;
    }
    return out;
  }

  function version() {
    return (current && current.review && current.review.version) || 0;
  }

  /** A refusal: its words in the form's error box, the field it names marked. */
  function refusalField(error) {
    const body = error.body || {};
    if (Array.isArray(body.detail) && body.detail.length) {
      const loc = body.detail[0].loc || [];
      return loc[loc.length - 1];
    }
    return body.field || error.field || null;
  }

  function markField(form, field, errorId) {
    if (!field) return;
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
    if (!input) return;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", errorId);
    input.focus();
  }

  function clearMarks(form) {
    for (const input of form.querySelectorAll("[aria-invalid]")) {
      input.removeAttribute("aria-invalid");
      if (input.getAttribute("aria-describedby") && input.getAttribute("aria-describedby").endsWith("-error")) {
        input.removeAttribute("aria-describedby");
      }
    }
  }

  async function refreshHistory() {
    const h = await getJSON("/api/events/" + encodeURIComponent(current.id) + "/history");
    drawHistory(h.history || []);
    return h.history || [];
  }

  /** A stale version: say so, show what the other reviewer changed, keep this
   * reviewer's edits in the form, and offer to reload the event. */
  async function showConflict(form, error, message) {
    const seen = version();
    let theirs = [];
    try {
      theirs = (await refreshHistory()).filter((h) => (h.version || 0) > seen);
    } catch (e) { /* the message still says what happened */ }
    const button = el("button", { type: "button", class: "secondary reload-button", id: form.id + "-reload" }, "Reload the event");
    button.addEventListener("click", async () => {
      await load();
      const first = form.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
    });
    fill(error, el("p", { class: "conflict-text" }, message),
      theirs.length ? el("ul", { class: "conflict-changes" }, theirs.map((h) =>
        el("li", {}, (h.reviewer || "someone") + " changed " + changeText(h) + (h.reason ? " (" + h.reason + ")" : "")))) : "",
      button);
  }

  /** Run one write from a form: a refusal goes beside it naming its field; success
   * redraws the page and says "Saved" there. */
  function onSubmit(formId, build) {
    const form = document.getElementById(formId);
    const error = document.getElementById(formId + "-error");
    const notice = document.getElementById(formId + "-notice");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      for (const p of document.querySelectorAll("#review-panel .form-notice")) fill(p);
      fill(error);
      clearMarks(form);
      form.dataset.state = "busy";
      try {
        const reason = form.querySelector("input[name=reason]");
        if (reason && !reason.value.trim()) {
          const e = new Error("reason: every change needs a reason");
          e.field = "reason";
          throw e;
        }
        const request = build();
        if (typeof request === "string") throw new Error(request);
        const answer = await FW.send(request.url, request.body);
        if (request.then) await request.then(answer);
        else await load();
        fill(notice, "Saved: " + request.what + ". The event is now at version " + version() + "; the history below has the change.");
        form.dataset.state = "done";
      } catch (e) {
        if (e.status === 409) await showConflict(form, error, e.message);
        else fill(error, e.message);
        markField(form, refusalField(e), error.id);
        form.dataset.state = e.status === 409 ? "conflict" : "error";
      }
    });
  }

  function reasonOf(id) {
    return document.getElementById(id).value.trim();
  }

  function fieldList(changes) {
    return Object.keys(changes).join(", ") + " changed";
  }

  function recodeForm(formId, extra) {
    onSubmit(formId, () => {
      const changes = changed(EVENT_FORMS[formId], current);
      if (extra) extra(changes);
      if (!Object.keys(changes).length) return "Nothing changed: edit a field first.";
      return {
        url: "/api/events/" + encodeURIComponent(current.id) + "/recode",
        body: { changes: changes, reason: reasonOf(formId + "-reason"), version: version() },
        what: fieldList(changes),
      };
    });
  }

  function wireForms() {
    const url = (what) => "/api/events/" + encodeURIComponent(current.id) + "/" + what;
    recodeForm("rv-location", (changes) => {
      // A place picked from the gazetteer brings its ISO code with its country.
      const form = document.getElementById("rv-location");
      if ("country" in changes && form.dataset.pickedIso && changes.country === form.dataset.pickedCountry
        && form.dataset.pickedIso !== current.iso) changes.iso = form.dataset.pickedIso;
    });
    recodeForm("rv-coding");
    recodeForm("rv-actors");
    recodeForm("rv-date");
    document.getElementById("rv-event-type").addEventListener("input", fillSubTypes);
    document.getElementById("rv-place-find").addEventListener("click", findPlaces);
    document.getElementById("rv-place-query").addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        findPlaces();
      }
    });
    document.getElementById("rv-figure-id").addEventListener("change", fillFigure);
    document.getElementById("rv-claim-id").addEventListener("change", fillClaim);
    onSubmit("rv-figure", () => {
      const f = figureOfForm();
      if (!f) return "Choose a figure first.";
      const was = { claimant: f.claimant, victims: f.victims, kind: f.kind, low: f.low, high: f.high, status: figureStatus(f) };
      const changes = changed([["rv-figure-claimant", "claimant", "text"], ["rv-figure-victims", "victims", "text"],
        ["rv-figure-kind", "kind", "text"], ["rv-figure-low", "low", "number"], ["rv-figure-high", "high", "number"],
        ["rv-figure-status", "status", "text"]], was);
      if (!Object.keys(changes).length) return "Nothing changed: edit a field of the figure first.";
      return {
        url: "/api/figures/" + encodeURIComponent(f.id) + "/fix",
        body: { changes: changes, reason: reasonOf("rv-figure-reason"), version: version() },
        what: "figure " + f.id + ": " + fieldList(changes),
      };
    });
    onSubmit("rv-claim", () => {
      const c = claimOfForm();
      if (!c) return "Choose a claim first.";
      const verdict = document.getElementById("rv-claim-verdict").value;
      return {
        url: "/api/claims/" + encodeURIComponent(c.id) + "/judge",
        body: { verdict: verdict, note: document.getElementById("rv-claim-note").value.trim() || null,
          source_url: document.getElementById("rv-claim-source").value.trim() || null,
          reason: reasonOf("rv-claim-reason"), version: version() },
        what: "claim " + c.id + " " + verdict,
      };
    });
    onSubmit("rv-mark", () => {
      const status = document.getElementById("rv-mark-status").value;
      return { url: url("mark"), body: { status: status, reason: reasonOf("rv-mark-reason"), version: version() },
        what: "marked " + status };
    });
    onSubmit("rv-split", () => {
      const reports = [...document.querySelectorAll("#rv-split-reports input.split-report:checked")].map((c) => c.value);
      if (!reports.length) return "Tick the reports to take out of this event.";
      return {
        url: url("split"),
        body: { reports: reports, reason: reasonOf("rv-split-reason"), version: version() },
        then: (answer) => goTo((answer.events || [])[0]),
        what: reports.length + " report(s) split off",
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
    onSubmit("rv-merge", () => {
      const other = document.getElementById("rv-merge-with").value.trim();
      if (!other) return "Give the id of the other event.";
      if (other === current.id) return "That is this event: choose another one.";
      return {
        url: "/api/events/merge",
        body: { events: [current.id, other], reason: reasonOf("rv-merge-reason"), version: version() },
        then: (answer) => { dialog.close(); return goTo(answer); },
        what: "merged with " + other,
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
      vocab = await getJSON("/api/review/vocabulary");
    } catch (e) { /* free text fields and plain codes then */ }
    fillVocabulary();
    wireForms();
    return true;
  }

  let reviewing = false;

  /** Fetch and draw the event, its history and (for a reviewer) its forms. */
  async function load() {
    const e = await getJSON("/api/events/" + encodeURIComponent(current ? current.id : eventId));
    current = e;
    drawHeader(e);
    drawSummary(e);
    drawBars((e.ranges && e.ranges.by_claimant) || []);
    drawLedger(e.ledger, e.articles);
    const box = document.getElementById("articles");
    fill(box);
    const history = refreshHistory()
      .catch((error) => fill(document.querySelector("#history tbody"),
        el("tr", {}, el("td", { colspan: 4, class: "error" }, "Could not load the history: " + error.message))));
    await Promise.all([history, ...(e.articles || []).map((a) => drawArticle(a, e.ledger, box))]);
    if (reviewing) fillForms(e);
    document.body.dataset.version = String(version());
    for (const p of document.querySelectorAll(".form-error")) fill(p);
    for (const form of document.querySelectorAll("#review-panel form")) clearMarks(form);
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
