/* Fogwatch dashboard: the map, the weekly timeline, the filters and the event list.
 *
 * The filters live in the page's query string (the form submits with GET), so a view
 * can be bookmarked and the export links carry exactly the filter on screen.
 */
"use strict";

(function () {
  const { el, svg, fill, getJSON, pick, slug, range, place } = FW;
  const PAGE = 100;
  const FILTER_KEYS = ["country", "date_from", "date_to", "event_type", "actor", "q", "contested"];
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
    const ids = { country: "f-country", date_from: "f-date-from", date_to: "f-date-to", actor: "f-actor", q: "f-q" };
    for (const [key, id] of Object.entries(ids)) document.getElementById(id).value = params.get(key) || "";
    document.getElementById("f-contested").checked = params.get("contested") === "true";
    const sort = document.getElementById("f-sort");
    sort.value = params.get("sort") || "-date";
    if (!sort.value) sort.value = "-date"; // an unknown sort in the address
  }

  function setExports() {
    for (const format of ["acled", "geojson"]) {
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
    if (markers.length) {
      map.fitBounds(cluster.getBounds(), { padding: [60, 60], maxZoom: 5 });
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
  function weeksBetween(first, last) {
    const out = [];
    const day = new Date(first + "T00:00:00Z");
    const end = new Date(last + "T00:00:00Z");
    while (day <= end && out.length < 520) {
      out.push(day.toISOString().slice(0, 10));
      day.setUTCDate(day.getUTCDate() + 7);
    }
    return out;
  }

  function drawTimeline(allWeeks) {
    const box = document.getElementById("timeline");
    const byWeek = (allWeeks || []).filter((w) => w.start);
    if (!byWeek || !byWeek.length) {
      fill(box, el("p", { class: "muted" }, "No dated events."));
      return;
    }
    const known = new Map(byWeek.map((w) => [w.start, w]));
    const weeks = weeksBetween(byWeek[0].start, byWeek[byWeek.length - 1].start);
    const rows = weeks.map((w) => ({ events: 0, fatalities: 0, ...(known.get(w) || {}), start: w }));
    const W = 340, H = 170, left = 34, right = 8, band = 58, gap = 26, top = 14;
    const maxEvents = Math.max(1, ...rows.map((r) => r.events));
    const maxDeaths = Math.max(1, ...rows.map((r) => r.fatalities));
    const step = (W - left - right) / rows.length;
    const barW = Math.max(1, Math.min(18, step - 2));
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "img", "aria-label": "Events and fatalities by week" });
    const y1 = top + band, y2 = top + band * 2 + gap;
    chart.append(
      svg("text", { x: left, y: top - 3, class: "axis-title" }, "Events per week (max " + maxEvents + ")"),
      svg("text", { x: left, y: y1 + gap - 3, class: "axis-title" }, "Fatalities per week (max " + maxDeaths + ")"),
      svg("line", { x1: left, x2: W - right, y1: y1, y2: y1, class: "axis" }),
      svg("line", { x1: left, x2: W - right, y1: y2, y2: y2, class: "axis" }));
    rows.forEach((r, i) => {
      const x = left + i * step + (step - barW) / 2;
      const h1 = (r.events / maxEvents) * (band - 4);
      const h2 = (r.fatalities / maxDeaths) * (band - 4);
      const label = `Week of ${r.start}: ${r.events} event(s), ${r.fatalities} fatalities`;
      chart.append(
        svg("rect", { x, y: y1 - h1, width: barW, height: h1, class: "bar bar-events" }, svg("title", {}, label)),
        svg("rect", { x, y: y2 - h2, width: barW, height: h2, class: "bar bar-deaths" }, svg("title", {}, label)));
    });
    chart.append(
      svg("text", { x: left, y: H - 2, class: "tick" }, rows[0].start),
      svg("text", { x: W - right, y: H - 2, class: "tick", "text-anchor": "end" }, rows[rows.length - 1].start));
    fill(box, chart);
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
        getJSON(`/api/events?${q}&limit=500&offset=0`),
        fillTypes(),
      ]);
      drawList(page);
      drawSummary(stats, page.total);
      drawTimeline(stats.by_week);
      drawMarkers(mapPage.events);
      document.body.dataset.ready = "true";
    } catch (error) {
      FW.showError(document.getElementById("summary"), error);
      document.body.dataset.ready = "error";
    }
  }

  main();
})();
