/* Fogwatch dashboard: the map, the timeline, the filters and the event list.
 *
 * The filters live in the page's query string (the form submits with GET), so a view
 * can be bookmarked and the export links carry exactly the filter on screen.
 * The timeline's bin (day, week, month or year) follows the span of the view.
 */
"use strict";

(function () {
  const { el, svg, fill, getJSON, pick, slug, range, place } = FW;
  const PAGE = 100;
  const FILTER_KEYS = ["country", "date_from", "date_to", "event_type", "actor", "q", "text", "contested"];
  const params = new URLSearchParams(window.location.search);
  let offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);

  /** The current filter as a query string (without paging). */
  function filterQuery() {
    const q = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = params.get(key);
      if (value) q.set(key, value);
    }
    return q;
  }

  function restoreForm() {
    const ids = { country: "f-country", date_from: "f-date-from", date_to: "f-date-to", actor: "f-actor", q: "f-q", text: "f-text" };
    for (const [key, id] of Object.entries(ids)) document.getElementById(id).value = params.get(key) || "";
    document.getElementById("f-contested").checked = params.get("contested") === "true";
    const sort = document.getElementById("f-sort");
    sort.value = params.get("sort") || "-date";
    if (!sort.value) sort.value = "-date"; // an unknown sort in the address
  }

  function setExports() {
    for (const format of FW.EXPORT_FORMATS) {
      const q = filterQuery();
      q.set("format", format);
      document.getElementById("export-" + format).setAttribute("href", "/api/export?" + q.toString());
    }
  }

  // --- map --------------------------------------------------------------------------
  let map = null;
  let cluster = null;

  function initMap() {
    if (typeof L === "undefined") return null;
    map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 11, zoomSnap: 0.5 }).setView([20, 30], 2);
    map.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas");
    document.getElementById("map").fwMap = map;  // the browser tests read marker places through it
    cluster = L.markerClusterGroup({ maxClusterRadius: 36, showCoverageOnHover: false });
    map.addLayer(cluster);
    getJSON("/vendor/world-atlas/countries-50m.json").then((topo) => {
      if (typeof topojson === "undefined") return;
      const land = topojson.feature(topo, topo.objects.countries);
      const layer = L.geoJSON(land, {
        interactive: false,
        style: { color: "#a7a397", weight: 0.6, fillColor: "#f3f0e8", fillOpacity: 1 },
      }).addTo(map);
      layer.bringToBack();
    }).catch(() => { /* outlines are decoration: markers still work */ });
    return map;
  }

  function markerSize(fatalities) {
    return Math.round(Math.min(46, 12 + 4 * Math.sqrt(Math.max(0, fatalities || 0))));
  }

  function popupFor(e) {
    return el("div", { class: "popup" },
      el("strong", {}, pick(e, "event_type") || "Event"),
      el("div", {}, pick(e, "date") || ""),
      el("div", {}, place(e)),
      el("div", {}, "Fatalities: ", String(pick(e, "fatalities") ?? 0), e.contested ? " (contested)" : ""),
      el("a", { href: "/events/" + encodeURIComponent(e.id), class: "popup-link" }, "Open the claims ledger"));
  }

  function drawMarkers(events) {
    if (!map) return;
    cluster.clearLayers();
    const markers = [];
    for (const e of events) {
      const lat = FW.num(pick(e, "latitude")), lon = FW.num(pick(e, "longitude"));
      if (lat === null || lon === null || isNaN(lat) || isNaN(lon)) continue;
      const size = markerSize(FW.num(pick(e, "best", "fatalities")));
      const icon = L.divIcon({
        className: "fw-marker fw-type-" + slug(e.event_type) + (e.contested ? " fw-contested" : ""),
        iconSize: [size, size],
      });
      const marker = L.marker([lat, lon], { icon, title: (e.event_type || "Event") + ", " + place(e), riseOnHover: true });
      marker.bindPopup(() => popupFor(e));
      markers.push(marker);
    }
    cluster.addLayers(markers);
    // body[data-map-settled] says when the view has stopped moving (tests wait on it):
    // the clusters are redrawn until then.
    document.body.dataset.mapSettled = "false";
    const settled = () => { document.body.dataset.mapSettled = "true"; };
    if (markers.length) {
      map.once("moveend", () => requestAnimationFrame(settled));
      map.fitBounds(cluster.getBounds(), { padding: [60, 60], maxZoom: 5 });
    } else {
      settled();
    }
  }

  function drawLegend(types) {
    const legend = document.getElementById("legend");
    const items = Object.keys(types || {}).map((t) =>
      el("span", { class: "legend-item" }, el("span", { class: "swatch fw-type-" + slug(t) }), t));
    fill(legend, items.length ? items : [],
      el("span", { class: "legend-item muted" }, "Marker size: best fatality estimate; dark ring: contested"));
  }

  // --- timeline -----------------------------------------------------------------------
  // The bin follows the span shown: days up to three months, weeks up to three years,
  // months up to thirty, years beyond. Every dated event falls in a bin; undated ones are
  // counted apart, so the bars and the note add up to the total.
  const DAY_MS = 86400000;
  const BINS = [
    { name: "day", upTo: 92 },
    { name: "week", upTo: 3 * 366 },
    { name: "month", upTo: 30 * 366 },
    { name: "year", upTo: Infinity },
  ];

  function utc(date) {
    return new Date(date.slice(0, 10) + "T00:00:00Z");
  }

  function binStart(day, bin) {
    const d = utc(day);
    if (bin === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // Monday
    if (bin === "month") d.setUTCDate(1);
    if (bin === "year") d.setUTCMonth(0, 1);
    return d.toISOString().slice(0, 10);
  }

  function nextBin(start, bin) {
    const d = utc(start);
    if (bin === "day") d.setUTCDate(d.getUTCDate() + 1);
    if (bin === "week") d.setUTCDate(d.getUTCDate() + 7);
    if (bin === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    if (bin === "year") d.setUTCFullYear(d.getUTCFullYear() + 1);
    return d.toISOString().slice(0, 10);
  }

  function binLabel(start, bin) {
    if (bin === "day") return start;
    if (bin === "week") return "Week of " + start;
    if (bin === "month") return start.slice(0, 7);
    return start.slice(0, 4);
  }

  /** Bins from the filter's dates (or the first and last event) with the events summed in. */
  function timelineBins(byDay) {
    const dated = byDay.filter((d) => d.date && !isNaN(utc(d.date)));
    const validDate = (v) => (v && !isNaN(utc(v)) ? v.slice(0, 10) : null);
    let first = validDate(params.get("date_from")) || dated[0].date;
    let last = validDate(params.get("date_to")) || dated[dated.length - 1].date;
    if (first > dated[0].date) first = dated[0].date;
    if (last < dated[dated.length - 1].date) last = dated[dated.length - 1].date;
    const span = (utc(last) - utc(first)) / DAY_MS + 1;
    const bin = BINS.find((b) => span <= b.upTo).name;
    const rows = [];
    const index = new Map();
    for (let s = binStart(first, bin); s <= last; s = nextBin(s, bin)) {
      index.set(s, rows.length);
      rows.push({ start: s, events: 0, fatalities: 0 });
    }
    for (const d of dated) {
      const row = rows[index.get(binStart(d.date, bin))];
      row.events += d.events || 0;
      row.fatalities += d.fatalities || 0;
    }
    return { bin, rows };
  }

  /** byDay: [{date, events, fatalities}] from /api/stats; date null for undated events. */
  function drawTimeline(byDay) {
    const box = document.getElementById("timeline");
    const days = byDay || [];
    const undated = days.filter((d) => !d.date || isNaN(utc(d.date)))
      .reduce((sum, d) => ({ events: sum.events + (d.events || 0), fatalities: sum.fatalities + (d.fatalities || 0) }),
        { events: 0, fatalities: 0 });
    const note = undated.events
      ? el("p", { id: "timeline-undated", class: "muted", dataset: { events: undated.events } },
        `Undated: ${undated.events} event(s), ${undated.fatalities} fatalities (not on the timeline)`)
      : "";
    if (days.length === undated.length || !days.some((d) => d.date && !isNaN(utc(d.date)))) {
      fill(box, el("p", { class: "muted" }, "No dated events."), note);
      return;
    }
    const { bin, rows } = timelineBins(days);
    document.getElementById("timeline-heading").textContent = "By " + bin;
    const W = 340, H = 170, left = 34, right = 8, band = 58, gap = 26, top = 14;
    const maxEvents = Math.max(1, ...rows.map((r) => r.events));
    const maxDeaths = Math.max(1, ...rows.map((r) => r.fatalities));
    const step = (W - left - right) / rows.length;
    const barW = Math.max(0.5, Math.min(18, step - (step > 3 ? 2 : 0)));
    const binned = rows.reduce((n, r) => n + r.events, 0);
    const chart = svg("svg", {
      viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "img",
      "aria-label": `Events and fatalities by ${bin}, ${rows[0].start} to ${rows[rows.length - 1].start}: ${binned} dated event(s)`,
      "data-bin": bin, "data-binned": binned,
    });
    const y1 = top + band, y2 = top + band * 2 + gap;
    chart.append(
      svg("text", { x: left, y: top - 3, class: "axis-title" }, `Events per ${bin} (max ${maxEvents})`),
      svg("text", { x: left, y: y1 + gap - 3, class: "axis-title" }, `Fatalities per ${bin} (max ${maxDeaths})`),
      svg("line", { x1: left, x2: W - right, y1: y1, y2: y1, class: "axis" }),
      svg("line", { x1: left, x2: W - right, y1: y2, y2: y2, class: "axis" }));
    rows.forEach((r, i) => {
      if (!r.events) return;
      const x = left + i * step + (step - barW) / 2;
      // A bin with events is never drawn thinner than a pixel, however tall the highest.
      const h1 = Math.max(1, (r.events / maxEvents) * (band - 4));
      const h2 = r.fatalities ? Math.max(1, (r.fatalities / maxDeaths) * (band - 4)) : 0;
      const label = `${binLabel(r.start, bin)}: ${r.events} event(s), ${r.fatalities} fatalities`;
      const data = { "data-start": r.start, "data-events": r.events };
      chart.append(
        svg("rect", { x, y: y1 - h1, width: barW, height: h1, class: "bar bar-events", ...data }, svg("title", {}, label)),
        svg("rect", { x, y: y2 - h2, width: barW, height: h2, class: "bar bar-deaths", ...data }, svg("title", {}, label)));
    });
    chart.append(
      svg("text", { x: left, y: H - 2, class: "tick" }, binLabel(rows[0].start, bin).replace("Week of ", "")),
      svg("text", { x: W - right, y: H - 2, class: "tick", "text-anchor": "end" },
        binLabel(rows[rows.length - 1].start, bin).replace("Week of ", "")));
    fill(box, chart, note);
  }

  function drawSummary(stats, total) {
    const sides = stats.fatalities_by_side || {};
    const names = { state: "state forces", nonstate: "non-state", civilians: "civilians", unknown: "unknown" };
    const parts = Object.entries(names).filter(([k]) => sides[k]).map(([k, n]) => `${sides[k]} ${n}`);
    fill(document.getElementById("summary"),
      el("div", { class: "big" }, el("span", { id: "total-events" }, String(total)), " events"),
      el("div", {}, `${stats.contested || 0} contested · ${stats.fatalities || 0} fatalities (ACLED rule)`),
      el("div", { class: "muted" }, parts.length ? "Fatalities by side: " + parts.join(", ") : ""));
  }

  // --- event list ---------------------------------------------------------------------
  function eventRow(e) {
    const href = "/events/" + encodeURIComponent(e.id) + "?" + filterQuery().toString();
    const actors = [pick(e, "actor1"), pick(e, "actor2")].filter(Boolean).join(" vs ");
    return el("tr", { class: "event-row" + (e.contested ? " contested" : ""), dataset: { eventId: e.id } },
      el("td", { class: "nowrap" }, pick(e, "date") || ""),
      el("td", {}, el("a", { class: "event-link", href }, place(e) || "(no place)")),
      el("td", {}, el("span", { class: "swatch fw-type-" + slug(e.event_type) }), pick(e, "event_type") || ""),
      el("td", { class: "actors" }, actors),
      el("td", { class: "num" }, String(pick(e, "fatalities") ?? 0)),
      el("td", {}, range(e.low, e.best, e.high)),
      el("td", { class: "num" }, String(pick(e, "n_sources") ?? "")),
      el("td", {}, e.contested ? el("span", { class: "badge contested-badge" }, "contested") : ""));
  }

  function drawList(page) {
    const body = document.querySelector("#event-list tbody");
    fill(body, page.events.length ? page.events.map(eventRow)
      : el("tr", {}, el("td", { colspan: 8, class: "muted" }, "No events match this filter.")));
    const last = Math.min(page.total, page.offset + page.events.length);
    document.getElementById("event-count").textContent = `(${page.total})`;
    document.getElementById("page-info").textContent = page.total ? `${page.offset + 1}\u2013${last} of ${page.total}` : "";
    document.getElementById("page-prev").disabled = page.offset <= 0;
    document.getElementById("page-next").disabled = last >= page.total;
  }

  function sortKey() {
    return document.getElementById("f-sort").value || "-date";
  }

  function goTo(newOffset) {
    const q = filterQuery();
    if (sortKey() !== "-date") q.set("sort", sortKey());
    if (newOffset > 0) q.set("offset", String(newOffset));
    window.location.search = q.toString();
  }

  async function fillTypes() {
    // The types offered are the ones in the store, whatever the current filter.
    const all = await getJSON("/api/stats");
    const select = document.getElementById("f-type");
    const current = params.get("event_type") || "";
    const types = Object.keys(all.by_type || {});
    if (current && !types.includes(current)) types.push(current);
    for (const t of types) select.append(el("option", { value: t, selected: t === current }, t));
    select.value = current;
    drawLegend(all.by_type);
  }

  /** Submit only the filters that are set, so addresses stay short and readable. */
  function submitFilters(event) {
    event.preventDefault();
    const q = new URLSearchParams();
    for (const [key, value] of new FormData(event.target)) {
      if (String(value).trim() && !(key === "sort" && value === "-date")) q.set(key, String(value).trim());
    }
    window.location.search = q.toString();
  }

  /** How many events the map draws at most (the server sets it on #map). */
  function mapLimit() {
    const n = parseInt(document.getElementById("map").dataset.mapLimit, 10);
    return Number.isFinite(n) && n > 0 ? n : 500;
  }

  /** Say so when the map holds only the newest events of the view, never silently. */
  function noteMapLimit(mapPage) {
    const note = document.getElementById("map-note");
    const shown = (mapPage.events || []).length;
    if (mapPage.total > shown) {
      note.textContent = `The map shows the ${shown.toLocaleString("en")} newest of ` +
        `${mapPage.total.toLocaleString("en")} events; the list and the counts hold all of ` +
        "them. Narrow the filters to map the rest.";
      note.hidden = false;
    } else {
      note.hidden = true;
    }
  }

  async function main() {
    restoreForm();
    document.getElementById("filters").addEventListener("submit", submitFilters);
    setExports();
    initMap();
    document.getElementById("page-prev").addEventListener("click", () => goTo(Math.max(0, offset - PAGE)));
    document.getElementById("page-next").addEventListener("click", () => goTo(offset + PAGE));
    const q = filterQuery();
    try {
      const [page, stats, mapPage] = await Promise.all([
        getJSON(`/api/events?${q}&limit=${PAGE}&offset=${offset}&sort=${encodeURIComponent(sortKey())}`),
        getJSON(`/api/stats?${q}`),
        getJSON(`/api/events?${q}&limit=${mapLimit()}&offset=0`),
        fillTypes(),
      ]);
      drawList(page);
      drawSummary(stats, page.total);
      drawTimeline(stats.by_day);
      drawMarkers(mapPage.events);
      noteMapLimit(mapPage);
      document.body.dataset.ready = "true";
    } catch (error) {
      FW.showError(document.getElementById("summary"), error);
      document.body.dataset.ready = "error";
    }
  }

  main();
})();
