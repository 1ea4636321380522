"""Feeds against a real HTTP server on 127.0.0.1 (never the internet): full-text items, link-only
items whose page is fetched, conditional GET (ETag), GUID dedup, 404 and invalid XML."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from index.errors import FeedError
from qa import Assistant
from tests.files import ARTICLE_HTML, rss, stored_sentences

FULL = ("<p>Ferry crews in the Hebrides began a 48-hour strike on Tuesday over pay.</p>"
        "<p>The union said talks with CalMac would resume on Friday.</p>")


class Site:
    """What the test server serves; ``requests`` logs (path, If-None-Match) of every request."""

    def __init__(self) -> None:
        self.items = [
            {"guid": "urn:wire:1", "title": "Ferry strike", "content": FULL, "date": "Tue, 05 Mar 2024 10:00:00 GMT"},
            {"guid": "urn:wire:2", "title": "Harbour bridge reopens", "link": "/articles/bridge.html"},
            {"guid": "urn:wire:3", "title": "Gone", "link": "/articles/missing.html"},
        ]
        self.etag = '"v1"'
        self.requests: list[tuple[str, str | None]] = []
        self.since: list[str | None] = []  # If-Modified-Since of every request


@pytest.fixture
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output clean
            pass

        def do_GET(self):
            state.requests.append((self.path, self.headers.get("If-None-Match")))
            state.since.append(self.headers.get("If-Modified-Since"))
            if self.path == "/feed.xml":
                if self.headers.get("If-None-Match") == state.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self._send(200, rss(state.items, title="Island Wire").encode(), "application/rss+xml", state.etag)
            elif self.path == "/articles/bridge.html":
                self._send(200, ARTICLE_HTML.encode(), "text/html")
            elif self.path == "/bad.xml":
                self._send(200, b"<rss><channel><item><title>oops</title></channel>", "application/rss+xml")
            else:
                self._send(404, b"not found", "text/plain")

        def _send(self, code, body, ctype, etag=None):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Tue, 05 Mar 2024 10:00:00 GMT")
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def test_feed_add_poll_dedup_and_failures(tmp_path, site):
    a = Assistant(tmp_path / "store")
    url = site.base + "/feed.xml"
    r = a.add_feed(url)
    assert r.status == "ok"
    assert sorted(r.added) == ["urn:wire:1", "urn:wire:2"]
    assert [s.path for s in r.skipped] == ["urn:wire:3"] and "HTTP 404" in r.skipped[0].reason

    bridge = a.get_document("urn:wire:2")  # link-only item: the page was fetched and extracted
    assert "Halvorsen Engineering" in bridge.text and "robots from Mars" not in bridge.text
    assert bridge.url == site.base + "/articles/bridge.html" and bridge.source == "Island Wire"
    ferry = a.get_document("urn:wire:1")  # full-text item: its own text, no fetch
    assert ferry.published == "2024-03-05" and "<p>" not in ferry.text
    assert a.ask("Which company carried out the bridge works?").citations[0].doc_id == "urn:wire:2"
    c = a.ask("When did the ferry crews begin their strike?").citations[0]
    assert c.doc_id == "urn:wire:1" and "48-hour strike" in c.sentence

    # Unchanged feed: a conditional GET answered 304, nothing fetched or indexed.
    site.requests.clear()
    site.since.clear()
    (r,) = a.poll_feeds()
    assert r.status == "not modified"
    assert site.requests == [("/feed.xml", '"v1"')]
    assert site.since[-1] == "Tue, 05 Mar 2024 10:00:00 GMT"

    # A new item: only it is fetched and indexed; known GUIDs are not fetched again.
    site.items.append({"guid": "urn:wire:4", "title": "Vote", "content": "<p>The council of Stornoway approved the harbour budget by nine votes to two.</p>"})
    site.etag = '"v2"'
    site.requests.clear()
    (r,) = Assistant(tmp_path / "store").poll_feeds()  # feed state lives in the store
    assert r.added == ["urn:wire:4"] and not r.updated and "urn:wire:1" in r.unchanged
    assert "/articles/bridge.html" not in [p for p, _ in site.requests]
    assert "/articles/missing.html" in [p for p, _ in site.requests]  # a failed item is retried

    # An edited full-text item (same GUID) is re-indexed whole; the old text is gone.
    site.items[0]["content"] = FULL.replace("48-hour", "72-hour")
    site.etag = '"v3"'
    (r,) = a.poll_feeds()
    assert r.updated == ["urn:wire:1"] and not r.added
    assert "72-hour strike" in a.get_document("urn:wire:1").text
    assert not any("48-hour" in t for t in stored_sentences(a, "urn:wire:1"))

    # Broken feeds are reported by name with the reason; nothing stored is lost.
    before = {d.id: d.version for d in a.documents()}
    missing = a.add_feed(site.base + "/nope.xml")
    assert missing.status == "error" and "HTTP 404" in missing.error
    bad = a.add_feed(site.base + "/bad.xml")
    assert bad.status == "error" and "invalid XML" in bad.error
    reports = {r.url: r for r in a.poll_feeds()}
    assert reports[url].status == "not modified"
    assert reports[site.base + "/bad.xml"].status == "error"
    assert {d.id: d.version for d in a.documents()} == before
    feeds = {f.url: f for f in a.feeds()}
    assert feeds[url].title == "Island Wire" and feeds[url].etag == '"v3"'
    assert feeds[site.base + "/nope.xml"].last_status.startswith("error")

    unreachable = a.add_feed("http://127.0.0.1:9/feed.xml")  # nothing listens on port 9
    assert unreachable.status == "error" and "cannot fetch" in unreachable.error
    with pytest.raises(FeedError, match="not a feed URL"):
        a.add_feed("file:///etc/passwd")
