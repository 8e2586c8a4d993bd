/* Fogwatch review queue: unreviewed events, contested first, then by fatalities. */
"use strict";

(function () {
  const { el, fill, getJSON, pick, place } = FW;
  // The API sorts by one key; contested events are brought forward here, keeping
  // that order within each group.
  const QUERY = "/api/events?review=unreviewed&sort=-fatalities&limit=500";

  function row(e) {
    const status = (e.review && e.review.status) || "unreviewed";
    return el("tr", { class: "queue-row" + (e.contested ? " contested" : ""), dataset: { eventId: e.id } },
      el("td", {}, el("a", { href: "/events/" + encodeURIComponent(e.id), class: "event-link" },
        [pick(e, "event_type") || "Event", pick(e, "sub_event_type")].filter(Boolean).join(": ")),
        e.contested ? [" ", el("span", { class: "badge contested-badge" }, "contested")] : ""),
      el("td", { class: "nowrap" }, pick(e, "date") || "undated"),
      el("td", {}, place(e)),
      el("td", { class: "num" }, String(pick(e, "fatalities") ?? 0)),
      el("td", { class: "num" }, String(pick(e, "n_sources") ?? "")),
      el("td", { class: "status status-" + status }, status));
  }

  async function main() {
    const body = document.querySelector("#queue tbody");
    try {
      const page = await getJSON(QUERY);
      const events = page.events.filter((e) => e.contested).concat(page.events.filter((e) => !e.contested));
      fill(document.getElementById("queue-total"), page.total === events.length
        ? `${page.total} event(s) to review.` : `${page.total} event(s) to review; the first ${events.length} by fatalities are listed.`);
      fill(body, events.length ? events.map(row)
        : el("tr", {}, el("td", { colspan: 6, class: "muted" }, "Nothing to review: every event is marked reviewed.")));
      document.body.dataset.ready = "true";
    } catch (error) {
      FW.showError(body, error);
      document.body.dataset.ready = "error";
    }
  }

  main();
})();
