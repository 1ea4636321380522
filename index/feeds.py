"""RSS / Atom feeds: subscribe, poll (conditional GET), index new items.

The subscriptions and what each poll learned (ETag, Last-Modified, the GUIDs already indexed)
live in the store of record, in its ``newsqa_feeds`` table (``SentenceStore.table``), so they survive
restarts and are shared by every process on the same Chroma server.

An item's id is its GUID (Atom id), else its link; its version is the hash of its cleaned text
like any document. Items that carry their full text (content:encoded, a long summary) use it;
items with only a link have their page fetched and its main text extracted (trafilatura).
A feed that fails (HTTP error, unreachable, not XML) is reported with the reason; nothing
stored is touched and the other feeds are polled as usual.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urljoin, urlparse

from index.documents import Document
from index.embed import Embedder
from index.errors import FeedError, LoadError
from index.formats import (
    decode_text,
    entry_document,
    entry_full_text,
    entry_key,
    feed_entries,
    html_to_document,
)
from index.load import DEFAULT_MAX_BYTES
from index.pipeline import index_documents
from index.report import ChangeReport, SkippedFile
from index.store import SentenceStore

__all__ = ["Feed", "FeedBook", "FeedError", "FeedReport", "fetch", "poll_feed"]

FEEDS = "newsqa_feeds"
USER_AGENT = "newsqa/0.1 (+offline news QA; feed poller)"
_SEEN_LIMIT = 5000  # GUIDs remembered per feed (feeds list their latest items only)


@dataclass
class Feed:
    """A subscribed feed and what its last poll found."""

    url: str
    title: str | None = None
    etag: str | None = None
    modified: str | None = None
    last_polled: str | None = None
    last_status: str | None = None
    seen: list[str] = field(default_factory=list)


@dataclass
class FeedReport(ChangeReport):
    """What one poll of one feed did."""

    url: str
    status: str = "ok"  # "ok", "not modified" or "error"
    error: str | None = None

    COUNTS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("added", "added"), ("updated", "updated"), ("unchanged", "already indexed"), ("skipped", "skipped"),
    )

    def summary(self) -> str:
        """``URL: 2 added, 0 updated, 5 already indexed, 1 skipped``, or the error, or ``not modified``."""
        if self.status == "error":
            return f"{self.url}: error: {self.error}"
        if self.status == "not modified":
            return f"{self.url}: not modified"
        return f"{self.url}: {self.counts()}"


class FeedBook:
    """The subscribed feeds, kept in the store's ``newsqa_feeds`` table (one record per URL)."""

    def __init__(self, store: SentenceStore) -> None:
        self.table = store.table(FEEDS, json_fields=("seen",))

    def add(self, url: str) -> Feed:
        """Subscribe (idempotent); the URL must be http(s), else ``FeedError``."""
        u = urlparse(url)
        if u.scheme not in ("http", "https") or not u.netloc:
            raise FeedError(f"{url!r} is not a feed URL: expected http://... or https://...")
        existing = self.get(url)
        if existing:
            return existing
        feed = Feed(url=url)
        self.save(feed)
        return feed

    def get(self, url: str) -> Feed | None:
        """The subscription to ``url``, or None."""
        record = self.table.get(url)
        return _feed(record) if record is not None else None

    def feeds(self) -> list[Feed]:
        """Every subscription, by URL."""
        return sorted((_feed(r) for r in self.table.all().values()), key=lambda f: f.url)

    def remove(self, url: str) -> bool:
        """Unsubscribe; False when ``url`` was not subscribed."""
        existed = self.get(url) is not None
        self.table.delete([url])
        return existed

    def save(self, feed: Feed) -> None:
        """Write the subscription and what its last poll learned (the latest GUIDs only)."""
        self.table.put({feed.url: {**asdict(feed), "seen": feed.seen[-_SEEN_LIMIT:]}})


def _feed(record: dict[str, Any]) -> Feed:
    return Feed(
        url=str(record["url"]), title=record.get("title"), etag=record.get("etag"), modified=record.get("modified"),
        last_polled=record.get("last_polled"), last_status=record.get("last_status"),
        seen=record.get("seen", []),
    )


def fetch(url: str, *, etag: str | None = None, modified: str | None = None, timeout: float = 20.0,
          max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[int, bytes, dict[str, str]]:
    """GET ``url`` (conditional when ``etag``/``modified`` are given): (status, body, headers).
    HTTP errors are returned as their status; network errors raise ``OSError``."""
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise OSError(f"the response is over the {max_bytes / 1e6:.0f} MB limit")
            return resp.status, body, {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, b"", {k.lower(): v for k, v in (exc.headers or {}).items()}


def poll_feed(
    book: FeedBook,
    store: SentenceStore,
    embedder: Embedder,
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 20.0,
) -> FeedReport:
    """Poll one feed and index its new or changed items; never raises for a bad feed."""
    report = FeedReport(url=url)
    feed = book.get(url) or book.add(url)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        status, body, headers = fetch(url, etag=feed.etag, modified=feed.modified, timeout=timeout, max_bytes=max_bytes)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return _failed(book, feed, report, f"cannot fetch the feed ({getattr(exc, 'reason', None) or exc})", now)
    if status == 304:
        report.status = "not modified"
        feed.last_polled, feed.last_status = now, report.status
        book.save(feed)
        return report
    if status >= 400:
        return _failed(book, feed, report, f"HTTP {status} from the feed URL", now)
    try:
        parsed, entries = feed_entries(body, url)
    except LoadError as exc:
        return _failed(book, feed, report, str(exc).removeprefix(f"{url}: "), now)

    feed_title = (parsed.feed.get("title") or "").strip() or None
    current = store.current_versions()
    seen = set(feed.seen)
    docs: list[Document] = []
    keys: list[str] = []
    for entry in entries:
        key = entry_key(entry)
        if not key:
            report.skipped.append(SkippedFile(entry.get("title") or "(untitled item)", "the item has no GUID and no link"))
            continue
        text = entry_full_text(entry)
        if key in seen and key in current and not text:
            report.unchanged.append(key)  # GUID dedup: a link-only item's page is fetched once
            continue
        # A full-text item is re-read every poll (no fetch): an edited item is re-indexed,
        # an unchanged one costs its cleaning only (same version, no embedding).
        try:
            if text:
                docs.append(entry_document(entry, key, text, feed_title))
            else:
                docs.append(_fetch_item_page(entry, key, url, feed_title, timeout, max_bytes))
            keys.append(key)
        except LoadError as exc:
            report.skipped.append(SkippedFile(key, str(exc).removeprefix(f"{key}: ")))
    indexed = index_documents(store, embedder, docs)
    report.added, report.updated = indexed.added, indexed.updated
    report.unchanged += indexed.unchanged
    report.skipped += indexed.skipped
    report.notes += indexed.notes
    done = set(indexed.added) | set(indexed.updated) | set(indexed.unchanged)
    # Remembered only after the items are stored: a crash before this re-fetches, never loses.
    feed.seen = [k for k in feed.seen if k not in done] + [k for k in keys if k in done]
    feed.title = feed_title or feed.title
    feed.etag, feed.modified = headers.get("etag"), headers.get("last-modified")
    feed.last_polled, feed.last_status = now, "ok"
    book.save(feed)
    return report


def _fetch_item_page(entry, key: str, feed_url: str, feed_title: str | None, timeout: float, max_bytes: int) -> Document:
    link = entry.get("link")
    if not link:
        summary = (entry.get("summary") or "").strip()
        if summary:
            return entry_document(entry, key, summary, feed_title)
        raise LoadError(f"{key}: the item has no text and no link")
    page_url = urljoin(feed_url, link)
    if urlparse(page_url).scheme not in ("http", "https"):
        raise LoadError(f"{key}: the item's link {page_url!r} is not http(s)")
    try:
        status, body, _ = fetch(page_url, timeout=timeout, max_bytes=max_bytes)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise LoadError(f"{key}: cannot fetch the article page {page_url} ({getattr(exc, 'reason', None) or exc})") from exc
    if status >= 400:
        raise LoadError(f"{key}: HTTP {status} from the article page {page_url}")
    page = html_to_document(decode_text(body, key), key, url=page_url)
    item = entry_document(entry, key, page.text, feed_title)
    return Document(
        id=key, text=page.text, title=item.title or page.title, published=item.published or page.published,
        source=feed_title or page.source, url=page_url, published_at=item.published_at,
    )


def _failed(book: FeedBook, feed: Feed, report: FeedReport, why: str, now: str) -> FeedReport:
    report.status, report.error = "error", why
    feed.last_polled, feed.last_status = now, f"error: {why}"
    book.save(feed)
    return report
