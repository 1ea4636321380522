"""Small article files for the re-indexing tests (written by hand, no extra dependencies)."""

from __future__ import annotations

import json
from pathlib import Path


def make_pdf(lines: list[str], title: str | None = None) -> bytes:
    """A minimal valid one-page PDF whose text layer holds ``lines`` (Helvetica, one per line)."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if title:
        objects.append(f"<< /Title ({esc(title)}) >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    info = f" /Info {len(objects)} 0 R" if title else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


ARTICLE_HTML = """<!doctype html><html><head><title>Harbour bridge reopens | Daily Tide</title>
<meta property="og:title" content="Harbour bridge reopens after repairs">
<meta property="article:published_time" content="2024-03-02T08:00:00Z">
<link rel="canonical" href="https://tide.example/news/harbour-bridge">
<script>var tracking = "Repairs were secretly done by robots from Mars.";</script>
<style>body { color: red }</style></head>
<body><nav><a href="/">Home</a> | <a href="/sport">Sport</a></nav>
<article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge in Port Ellis reopened on Saturday after eight months of repairs costing 40 million dollars.</p>
<p>The works were carried out by Halvorsen Engineering, which replaced the main cables and the deck surface.</p>
<p>Mayor Ines Calder said traffic would return to normal by Monday morning.</p>
</article><footer>Subscribe to our newsletter. All rights reserved.</footer>
<script>document.write("Click here to win a prize");</script></body></html>"""


def write(folder: Path, rel: str, content: str | bytes) -> Path:
    """Write an article file under ``folder`` (parents created); returns its path."""
    p = folder / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def rss(items: list[dict], title: str = "Test Wire") -> str:
    """An RSS 2.0 document; each item dict may have guid, title, link, description, content, date."""
    parts = []
    for it in items:
        x = "<item>"
        for tag, key in (("guid", "guid"), ("title", "title"), ("link", "link"), ("pubDate", "date")):
            if key in it:
                x += f"<{tag}>{it[key]}</{tag}>"
        if "description" in it:
            x += f"<description><![CDATA[{it['description']}]]></description>"
        if "content" in it:
            x += f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>"
        parts.append(x + "</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>http://example.invalid/</link><description>d</description>"
        + "".join(parts) + "</channel></rss>"
    )


def fair_story(i: int, edit: int = 0) -> str:
    """A small generated article with facts of its own (town Lake<i>, day <i>, <10i+7> stalls)."""
    extra = f" Edition {edit} added a late update about the parade route." if edit else ""
    return (
        f"Lake{i} fair. The town of Lake{i} held its annual fair on day {i}, with {i * 10 + 7} stalls. "
        f"Organisers said the fair drew visitors from across the county of Shire{i}.{extra}"
    )


def stored_sentences(assistant, doc_id: str) -> list[str]:
    """The texts of the sentence records stored in Chroma under ``doc_id`` (each is its document's
    text between the record's offsets), in order. A record of a version other than the current one
    (a leftover) fails the calling test."""
    metas = assistant.store.sentence_records(doc_id)
    if not metas:
        return []
    doc = assistant.store.get([doc_id]).get(doc_id)
    assert doc is not None, f"sentences of {doc_id!r} are stored without their document"
    assert {m["version"] for m in metas} == {doc.version}, f"sentences of an old version of {doc_id!r} are left"
    return [doc.text[m["start"] : m["end"]] for m in sorted(metas, key=lambda m: m["index"])]
