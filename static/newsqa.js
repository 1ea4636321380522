// newsqa chat page: clicking a citation marker opens its article in the side panel, with the cited
// sentence highlighted and scrolled into view and the answer span emphasised. The offsets come from
// the answer object (carried in the marker's link); the text comes from GET api/documents/{id}.
// All document text is inserted with textContent: it can never become markup.
(function () {
  function params(href) {
    const q = new URLSearchParams(href.slice(href.indexOf("?") + 1));
    const num = (k) => (q.get(k) === null || q.get(k) === "" ? null : Number(q.get(k)));
    return { doc: q.get("doc"), version: q.get("v"), start: num("s"), end: num("e"), as: num("as"), ae: num("ae") };
  }
  function el(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }
  function panel() {
    const root = document.getElementById("newsqa-article");
    return root && (root.querySelector(".newsqa-panel") || root);
  }
  async function openCitation(c, kind) {
    const box = panel();
    if (!box) return;
    box.replaceChildren(el("p", "newsqa-hint", "Loading the article…"));
    let doc;
    try {
      const r = await fetch("api/documents/" + encodeURIComponent(c.doc), { credentials: "same-origin" });
      if (!r.ok) throw new Error((await r.json()).error.message);
      doc = await r.json();
    } catch (e) {
      box.replaceChildren(el("p", "newsqa-error", "Cannot open the article: " + e.message));
      return;
    }
    const t = doc.text;
    const head = el("div", "newsqa-doc-head");
    head.append(el("h3", "newsqa-doc-title", doc.title || doc.id));
    head.append(el("div", "newsqa-doc-meta", [doc.published, doc.source, doc.id].filter(Boolean).join(" · ")));
    if (kind === "related") head.append(el("div", "newsqa-note", "Related sentence, not an answer."));
    if (doc.version !== c.version)
      head.append(el("div", "newsqa-note", "This article changed since the answer was given; the highlight may be off."));
    const body = el("div", "newsqa-doc-text");
    body.append(document.createTextNode(t.slice(0, c.start)));
    const mark = el("mark", "newsqa-cited");
    mark.dataset.start = c.start;
    mark.dataset.end = c.end;
    if (c.as !== null && c.ae !== null && c.as >= c.start && c.ae <= c.end) {
      mark.append(document.createTextNode(t.slice(c.start, c.as)));
      mark.append(el("strong", "newsqa-answer", t.slice(c.as, c.ae)));
      mark.append(document.createTextNode(t.slice(c.ae, c.end)));
    } else {
      mark.append(document.createTextNode(t.slice(c.start, c.end)));
    }
    body.append(mark);
    body.append(document.createTextNode(t.slice(c.end)));
    box.replaceChildren(head, body);
    mark.scrollIntoView({ block: "center", behavior: "instant" });
  }
  document.addEventListener(
    "click",
    function (ev) {
      if (!ev.target.closest) return;
      // a new chat (the button, or the chat's own Clear icon) also closes the article
      if (ev.target.closest('#newsqa-new-chat, #newsqa-chat button[aria-label="Clear"]')) {
        const box = panel();
        if (box) box.replaceChildren(el("p", "newsqa-hint", "Click a citation [1] to read it in its article."));
        return;
      }
      const a = ev.target.closest('a[href*="#cite?"]');
      if (!a) return;
      ev.preventDefault();
      ev.stopPropagation();
      const href = a.getAttribute("href");
      openCitation(params(href), a.classList.contains("newsqa-related") ? "related" : "cite");
    },
    true
  );
  window.newsqaOpenCitation = openCitation;
})();
