/* Fogwatch article page: the stored text with every evidence span highlighted. */
"use strict";

(function () {
  const { el, fill, getJSON, pick, highlighted } = FW;
  const articleId = document.body.dataset.articleId;

  async function main() {
    const box = document.getElementById("article");
    try {
      const a = await getJSON("/api/articles/" + encodeURIComponent(articleId));
      const url = pick(a, "url");
      fill(box, el("article", { class: "article", dataset: { articleId: a.id } },
        el("h1", { id: "article-title" }, pick(a, "title") || "(untitled)"),
        el("p", { class: "muted meta", id: "article-meta" }, [pick(a, "outlet"), pick(a, "published")].filter(Boolean).join(", ")),
        url && FW.safeHref(url)
          ? el("p", { class: "links" }, el("a", { href: url, class: "source-link", rel: "noopener noreferrer nofollow", target: "_blank" }, "Original source"))
          : "",
        (a.events || []).length
          ? el("p", { class: "links", id: "article-events" }, "Feeds ",
            a.events.map((id, i) => [i ? ", " : "", el("a", { href: "/events/" + encodeURIComponent(id), class: "event-link" }, "event " + (i + 1))]))
          : el("p", { class: "muted" }, "No event reconciled from this article."),
        el("div", { class: "article-text", id: "article-text" }, highlighted(a.text || "", a.spans || [], "evidence"))));
      document.title = "Fogwatch: " + (pick(a, "title") || a.id);
      document.body.dataset.ready = "true";
    } catch (error) {
      FW.showError(box, error);
      document.body.dataset.ready = "error";
    }
  }

  main();
})();
