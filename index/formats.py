"""Article file formats: plain text, HTML, PDF, JSON / JSON Lines, RSS / Atom files.

Every parser turns a file's bytes into ``Document``s and raises ``LoadError`` (or a subclass) with
a reason a person can act on, naming the file. A file holds one article (.txt, .md, .html, .pdf)
or several (.json, .jsonl, .rss, .atom, .xml); records inside a file get the id
``<file id>#<record key>``, where the key is the record's own id / GUID / URL when it has one,
else its 1-based position. Which suffix goes to which parser is ``index.load``'s table.
"""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any
from xml.sax import SAXParseException

from index.documents import Document
from index.errors import LoadError, UnsupportedFile

_TEXT_FIELDS = ("text", "body", "content", "article", "full_text", "fulltext", "context", "story")
_TITLE_FIELDS = ("title", "headline", "name")
_DATE_FIELDS = ("published", "date", "published_at", "publishedAt", "pubDate", "datetime", "created_at")
_URL_FIELDS = ("url", "link", "canonical_url", "href")
_KEY_FIELDS = ("id", "guid", "uuid", "doc_id", "article_id", "url", "link")
_SOURCE_FIELDS = ("source", "publisher", "site", "site_name")
_SNIFF = 8192  # bytes looked at to tell text from binary data


# -- plain text ------------------------------------------------------------------------------
def decode_text(data: bytes, name: str) -> str:
    """Decode article bytes: UTF-8 (BOM allowed), else Windows-1252, else Latin-1.

    Empty data is a ``LoadError``; binary data (NUL bytes, or mostly control characters) is
    refused as ``UnsupportedFile``. ``name`` is how the file is named in messages.
    """
    if not data.strip():
        raise LoadError(f"{name}: the file is empty; add the article text or remove the file")
    if b"\x00" in data[:_SNIFF]:
        raise UnsupportedFile(f"{name}: this is not a text file (it contains binary data); give a .txt or .md article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old newsroom exports are often Windows-1252 (curly quotes at 0x91-0x94); Latin-1
        # decodes any byte, so it is the last resort for the few bytes cp1252 leaves undefined.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    sample = text[:_SNIFF]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v" or 0x7F <= ord(ch) < 0xA0)
    if controls > 0.1 * len(sample):
        raise UnsupportedFile(f"{name}: this is not a text file (it is mostly control characters, i.e. binary data)")
    return text


def parse_text(data: bytes, doc_id: str) -> list[Document]:
    """A plain-text or Markdown article: its decoded text, whole (cleaning comes later)."""
    text = decode_text(data, doc_id)
    if not text.strip():  # e.g. a byte-order mark or Unicode spaces only
        raise LoadError(f"{doc_id}: the file has no text")
    return [Document(id=doc_id, text=text)]


# -- HTML ------------------------------------------------------------------------------------
def html_to_document(html: str, doc_id: str, url: str | None = None) -> Document:
    """The main text of a web page, with its title, date and canonical URL (trafilatura).

    Scripts, styles, navigation and comments are dropped; a page with no article text left
    raises ``LoadError``.
    """
    import trafilatura

    if not html.strip():
        raise LoadError(f"{doc_id}: the page is empty")
    try:
        extracted = trafilatura.bare_extraction(
            html, url=url, include_comments=False, include_tables=False, favor_recall=True,
            with_metadata=True, deduplicate=False,
        )
    except Exception as exc:  # trafilatura/lxml raise many types on malformed markup
        raise LoadError(f"{doc_id}: cannot parse the HTML ({type(exc).__name__}: {exc})") from exc
    meta: dict[str, Any] = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted or {})
    text = (meta.get("text") or "").strip()
    if not text:
        raise LoadError(f"{doc_id}: no article text found in the page (only scripts, menus or markup)")
    return Document(
        id=doc_id,
        text=text,
        title=_clean_str(meta.get("title")),
        published=_clean_str(meta.get("date")),
        source=_clean_str(meta.get("sitename")) or _clean_str(meta.get("hostname")),
        url=_clean_str(meta.get("url")) or url,
    )


def _html_fragment_to_text(fragment: str) -> str:
    """Plain text of a small HTML fragment (a feed item's content), paragraphs kept."""
    if "<" not in fragment:
        return unescape(fragment).strip()
    fragment = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", fragment)
    fragment = re.sub(r"(?i)<\s*(br|/p|/div|/h[1-6]|/li|/blockquote)\s*/?>", "\n\n", fragment)
    text = unescape(re.sub(r"<[^>]+>", " ", fragment))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


# -- PDF -------------------------------------------------------------------------------------
def pdf_to_document(data: bytes, doc_id: str) -> Document:
    """The text of a PDF (pypdf), pages joined by blank lines; title from its metadata."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # corrupt files are reported, not logged
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise LoadError(f"{doc_id}: the PDF is encrypted; save an unencrypted copy")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise LoadError(f"{doc_id}: the PDF is damaged or not a PDF ({exc})") from exc
    except Exception as exc:  # pypdf surfaces assorted errors on hostile input
        raise LoadError(f"{doc_id}: the PDF cannot be read ({type(exc).__name__}: {exc})") from exc
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise LoadError(f"{doc_id}: the PDF has no extractable text (a scan? run OCR first)")
    title = _clean_str(getattr(info, "title", None)) if info else None
    return Document(id=doc_id, text=text, title=title)


# -- JSON / JSON Lines -----------------------------------------------------------------------
def json_to_documents(text: str, doc_id: str, lines: bool) -> list[Document]:
    """Article records from JSON (an object, a list, or {"articles"/"items"/"data": [...]})
    or JSON Lines. A record needs a text field (text, body, content, ...); title, date, url
    and source fields are used when present. Records without text are skipped silently only
    when at least one record has text."""
    records = _json_lines_records(text, doc_id) if lines else _json_records(text, doc_id)
    docs: list[Document] = []
    seen: set[str] = set()
    for n, rec in enumerate(records, 1):
        if not isinstance(rec, dict):
            continue
        body = _first(rec, _TEXT_FIELDS)
        if not body:
            continue
        key = _first(rec, _KEY_FIELDS) or str(n)
        if key in seen:  # ids must be unique inside the file: fall back to the position
            key = f"{key}@{n}"
        seen.add(key)
        docs.append(
            Document(
                id=f"{doc_id}#{key}" if len(records) > 1 or lines else doc_id,
                text=body,
                title=_first(rec, _TITLE_FIELDS),
                published=_first(rec, _DATE_FIELDS),
                source=_first(rec, _SOURCE_FIELDS),
                url=_first(rec, _URL_FIELDS),
            )
        )
    if not docs:
        raise LoadError(
            f"{doc_id}: no record with article text (expected a field named one of: {', '.join(_TEXT_FIELDS)})"
        )
    return docs


def _json_lines_records(text: str, doc_id: str) -> list[Any]:
    """The parsed lines of JSON Lines (blank lines skipped)."""
    records: list[Any] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise LoadError(f"{doc_id}: line {n} is not valid JSON ({exc.msg})") from exc
        except RecursionError as exc:
            raise LoadError(f"{doc_id}: line {n} is nested too deeply to be an article record") from exc
    return records


def _json_records(text: str, doc_id: str) -> list[Any]:
    """The records of a JSON file: an object, a list, or an object holding the list."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"{doc_id}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    except RecursionError as exc:  # "[[[[..." thousands deep: Python's parser gives up
        raise LoadError(f"{doc_id}: the JSON is nested too deeply to hold article records") from exc
    if isinstance(data, dict):
        inner = next((data[k] for k in ("articles", "items", "data", "documents", "records") if isinstance(data.get(k), list)), None)
        return inner if inner is not None else [data]
    if isinstance(data, list):
        return data
    raise LoadError(f"{doc_id}: expected a JSON object or a list of articles")


# -- RSS / Atom ------------------------------------------------------------------------------
def feed_entries(data: bytes, name: str) -> tuple[Any, list[Any]]:
    """Parse RSS/Atom bytes with feedparser; ``LoadError`` when it is not a feed at all."""
    import feedparser

    parsed = feedparser.parse(data)
    problem = parsed.get("bozo_exception")
    if isinstance(problem, SAXParseException):  # not well-formed: refuse rather than guess
        raise LoadError(f"{name}: not an RSS/Atom feed: invalid XML ({problem})")
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f"invalid XML ({problem})" if problem else "no items"
        raise LoadError(f"{name}: not an RSS/Atom feed with items: {why}")
    return parsed, list(parsed.entries)


def entry_key(entry: Any) -> str | None:
    """A feed item's stable identity: its GUID / Atom id, else its link."""
    return _clean_str(entry.get("id")) or _clean_str(entry.get("link"))


def entry_full_text(entry: Any, min_chars: int = 400) -> str | None:
    """The item's own article text when it carries one (content:encoded, a long summary)."""
    for content in entry.get("content") or []:
        text = _html_fragment_to_text(content.get("value", ""))
        if text:
            return text
    summary = _html_fragment_to_text(entry.get("summary", "") or "")
    if len(summary) >= min_chars:
        return summary
    return None


def entry_document(entry: Any, doc_id: str, text: str, feed_title: str | None = None) -> Document:
    """A Document for one feed item, with its title, date, link and the feed's title as source."""
    published = published_at = None
    for key in ("published", "updated"):
        t = entry.get(f"{key}_parsed")
        if t:  # feedparser's parsed time is in UTC; the item's own text keeps its time and zone
            published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
            published_at = _clean_str(entry.get(key))
            break
    return Document(
        id=doc_id,
        text=text,
        title=_clean_str(entry.get("title")),
        published=published or _clean_str(entry.get("published")),
        source=feed_title,
        url=_clean_str(entry.get("link")),
        published_at=published_at,
    )


def feed_file_to_documents(data: bytes, doc_id: str) -> list[Document]:
    """Items of an RSS/Atom file that carry their text (no fetching from files on disk)."""
    parsed, entries = feed_entries(data, doc_id)
    feed_title = _clean_str(parsed.feed.get("title"))
    docs = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        text = entry_full_text(entry, min_chars=1) or None
        if not text:
            continue
        key = entry_key(entry) or str(n)
        if key in seen:
            key = f"{key}@{n}"
        seen.add(key)
        docs.append(entry_document(entry, f"{doc_id}#{key}", text, feed_title))
    if not docs:
        raise LoadError(f"{doc_id}: the feed's items carry no text (only links); add it with `newsqa feed add URL`")
    return docs


# -- bytes -> documents, one parser per format (``index.load.PARSERS`` maps suffixes to them) --
def parse_html(data: bytes, doc_id: str) -> list[Document]:
    """A web page: its main text (``html_to_document``)."""
    return [html_to_document(decode_text(data, doc_id), doc_id)]


def parse_pdf(data: bytes, doc_id: str) -> list[Document]:
    """A PDF: the text of its pages (``pdf_to_document``)."""
    if not data.strip():
        raise LoadError(f"{doc_id}: the file is empty; add the article text or remove the file")
    return [pdf_to_document(data, doc_id)]


def parse_json(data: bytes, doc_id: str) -> list[Document]:
    """A JSON file of one article or a list of them (``json_to_documents``)."""
    return json_to_documents(decode_text(data, doc_id), doc_id, lines=False)


def parse_json_lines(data: bytes, doc_id: str) -> list[Document]:
    """A JSON Lines file, one article record per line (``json_to_documents``)."""
    return json_to_documents(decode_text(data, doc_id), doc_id, lines=True)


def parse_feed_file(data: bytes, doc_id: str) -> list[Document]:
    """An RSS / Atom file: its items that carry their text (``feed_file_to_documents``)."""
    if not data.strip():
        raise LoadError(f"{doc_id}: the file is empty; add the article text or remove the file")
    if b"\x00" in data[:_SNIFF]:
        raise UnsupportedFile(f"{doc_id}: this is not a text file (it contains binary data)")
    return feed_file_to_documents(data, doc_id)


def _first(rec: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        v = rec.get(name)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            v = str(v)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def _clean_str(v: Any) -> str | None:
    if not isinstance(v, str):
        return None
    v = " ".join(v.split())
    return v or None
