"""`newsqa sync`, `--dry-run`, `documents` and `feed` run as a user would (real subprocesses)."""

from __future__ import annotations

import json

from tests.files import write
from tests.test_cli import newsqa


def test_sync_dry_run_documents_and_feed_commands(tmp_path):
    store, folder = tmp_path / "store", tmp_path / "news"
    write(folder, "a.txt", "Acme Corp named Ada Lovelace as its new chief executive on Monday.")
    write(folder, "b.md", "# Ferry\n\nThe ferry to Skye will run twice a day from June, the operator said.")
    write(folder, "empty.txt", "")

    p = newsqa("sync", str(folder), store=store)
    assert "2 added, 0 updated, 0 removed, 0 unchanged, 1 skipped" in p.stdout
    assert "skipped empty.txt: the file is empty" in p.stderr
    assert "it/s" not in p.stderr and "%|" not in p.stderr  # no progress bar when not a terminal

    (folder / "a.txt").unlink()
    write(folder, "c.txt", "The library of Ghent will open on Sundays from next month.")
    p = newsqa("sync", str(folder), "--dry-run", store=store)
    assert "dry run: would do 1 added, 0 updated, 1 removed, 1 unchanged, 1 skipped" in p.stdout
    assert "+ c.txt (would be added)" in p.stdout and "- a.txt (would be removed)" in p.stdout
    docs = json.loads(newsqa("documents", "--json", store=store).stdout)
    assert sorted(d["id"] for d in docs) == ["a.txt", "b.md"]  # the dry run touched nothing

    p = newsqa("sync", str(folder), "--json", store=store)
    report = json.loads(p.stdout)
    assert report["added"] == ["c.txt"] and report["removed"] == ["a.txt"]
    assert report["skipped"] == [{"path": "empty.txt", "reason": "the file is empty; add the article text or remove the file"}]
    out = newsqa("documents", store=store).stdout
    assert "b.md\t" in out and "Ferry" in out and "c.txt\t" in out and "a.txt" not in out

    p = newsqa("sync", str(tmp_path / "missing"), store=store, check=False)
    assert p.returncode == 1 and "no such folder" in p.stderr
    assert "no feeds yet" in newsqa("feed", "poll", store=store).stdout
    p = newsqa("feed", "add", "ftp://example.invalid/rss", store=store, check=False)
    assert p.returncode == 2 and "not a feed URL" in p.stderr and "Traceback" not in p.stderr
