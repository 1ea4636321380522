"""The reports of indexing, sync and feed polls share one base: same summaries and JSON as before."""

from __future__ import annotations

from index.feeds import FeedReport
from index.pipeline import IndexReport
from index.report import ChangeReport, SkippedFile
from index.sync import SyncReport

BAD = SkippedFile("bad.txt", "the file is empty")


def test_index_report():
    r = IndexReport(added=["a", "b"], unchanged=["c"], skipped=[BAD])
    assert isinstance(r, ChangeReport) and r.changed
    assert r.summary() == "2 added, 0 updated, 1 unchanged, 1 skipped"
    assert r.to_dict() == {"added": ["a", "b"], "updated": [], "unchanged": ["c"],
                           "skipped": [{"path": "bad.txt", "reason": "the file is empty"}]}
    assert not IndexReport().changed


def test_sync_report():
    r = SyncReport(folder="/news", added=["a"], removed=["r"], unchanged=["u", "v"], skipped=[BAD], files=4)
    assert r.summary() == "1 added, 0 updated, 1 removed, 2 unchanged, 1 skipped"
    r.dry_run = True
    assert r.summary() == "dry run: would do 1 added, 0 updated, 1 removed, 2 unchanged, 1 skipped"
    assert SyncReport("/news", removed=["r"]).changed and not SyncReport("/news", unchanged=["u"]).changed
    d = r.to_dict()
    assert set(d) == {"folder", "dry_run", "added", "updated", "unchanged", "removed", "skipped", "files", "vacuumed",
                      "seconds"}
    assert d["skipped"] == [{"path": "bad.txt", "reason": "the file is empty"}] and d["files"] == 4
    assert str(BAD) == "bad.txt: the file is empty"


def test_feed_report():
    r = FeedReport(url="http://x/feed.xml", added=["g1"], unchanged=["g2", "g3"])
    assert r.summary() == "http://x/feed.xml: 1 added, 0 updated, 2 already indexed, 0 skipped"
    assert FeedReport(url="u", status="not modified").summary() == "u: not modified"
    assert FeedReport(url="u", status="error", error="HTTP 404").summary() == "u: error: HTTP 404"
    assert set(r.to_dict()) == {"url", "status", "error", "added", "updated", "unchanged", "skipped"}
