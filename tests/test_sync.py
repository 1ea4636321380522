"""Folder sync through the real pipeline (Chroma, MiniLM): add, change, delete, touch, dry run,
bad input, questions during a sync, watch mode."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace

import pytest

from qa import Assistant, Document
from tests.files import ARTICLE_HTML, jsonl, make_pdf, stored_sentences, write

MAYOR_A = "The mayor of Springfield is Joe Quimby. He was first elected in 1990."
MAYOR_B = "The mayor of Springfield is Marge Simpson. She won the election in 2024."


class EncodeCounter:
    """Counts the texts the real embedder encodes (to prove what was, and was not, re-embedded)."""

    def __init__(self, assistant: Assistant) -> None:
        self.texts: list[str] = []
        real = assistant.embedder.encode

        def encode(texts, *a, **kw):
            self.texts.extend(texts)
            return real(texts, *a, **kw)

        assistant.embedder.encode = encode

    def take(self) -> list[str]:
        out, self.texts = self.texts, []
        return out


def make_folder(root):
    write(root, "mayor.txt", MAYOR_A)
    write(root, "sub/acme.md", "# Acme news\n\nAcme Corp named Ada Lovelace as its new chief executive on Monday.")
    write(root, "bridge.html", ARTICLE_HTML)
    write(root, "rates.pdf", make_pdf(["The central bank raised its main rate to 4.5 percent on Thursday."]))
    write(root, "wire.jsonl", jsonl([
        {"id": "w1", "title": "Storm", "text": "A storm closed the port of Brest on Friday evening."},
        {"id": "w2", "title": "Vote", "text": "The council of Lyon approved the new budget by nine votes to two."},
    ]))


def test_sync_adds_changes_removes_and_skips_unchanged(tmp_path):
    folder = tmp_path / "news"
    make_folder(folder)
    a = Assistant(tmp_path / "store")
    a.add([Document(id="uploaded-1", text="The zoo in Riga welcomed a baby giraffe named Lina.")])  # not synced
    count = EncodeCounter(a)

    r = a.sync(folder)
    ids = {"mayor.txt", "sub/acme.md", "bridge.html", "rates.pdf", "wire.jsonl#w1", "wire.jsonl#w2"}
    assert set(r.added) == ids and not r.updated and not r.removed and not r.skipped
    assert {d.id for d in a.documents()} == ids | {"uploaded-1"}
    assert a.ask("Who is the mayor of Springfield?").answer == "Joe Quimby"
    assert a.ask("Which company carried out the bridge works?").citations[0].doc_id == "bridge.html"
    count.take()

    # Nothing changed: nothing read, nothing embedded.
    r = a.sync(folder)
    assert set(r.unchanged) == ids and not (r.added or r.updated or r.removed) and count.take() == []

    # Touched, not changed: read and hashed, never embedded.
    later = time.time() + 5
    for p in folder.rglob("*.*"):
        os.utime(p, (later, later))
    r = a.sync(folder)
    assert set(r.unchanged) == ids and not r.changed and count.take() == []

    # One file changed: only its sentences are embedded; the old version is gone everywhere.
    old_version = a.get_document("mayor.txt").version
    write(folder, "mayor.txt", MAYOR_B)
    r = a.sync(folder)
    assert r.updated == ["mayor.txt"] and not r.added and not r.removed
    assert sorted(count.take()) == sorted(MAYOR_B.replace(". ", ".\n").splitlines())
    assert a.get_document("mayor.txt").version != old_version
    assert all("Quimby" not in s for s in stored_sentences(a, "mayor.txt"))
    ans = a.ask("Who is the mayor of Springfield?")
    assert ans.answer == "Marge Simpson"
    assert all(a.get_document(c.doc_id).text[c.start : c.end] == c.sentence for c in ans.citations)

    count.take()  # (questions are embedded too)

    # A record dropped from a .jsonl file and a deleted file both disappear; other documents stay.
    write(folder, "wire.jsonl", jsonl([{"id": "w1", "title": "Storm", "text": "A storm closed the port of Brest on Friday evening."}]))
    (folder / "rates.pdf").unlink()
    r = a.sync(folder)
    assert sorted(r.removed) == ["rates.pdf", "wire.jsonl#w2"] and count.take() == []
    assert {d.id for d in a.documents()} == ids - {"rates.pdf", "wire.jsonl#w2"} | {"uploaded-1"}
    assert stored_sentences(a, "rates.pdf") == [] and stored_sentences(a, "wire.jsonl#w2") == []
    assert all(c.doc_id != "rates.pdf" for c in a.ask("What rate did the central bank raise?").related)

    count.take()

    # Dry run: reports, touches nothing.
    write(folder, "new.txt", "The library of Ghent will open on Sundays from next month.")
    (folder / "sub/acme.md").unlink()
    before = {d.id: d.version for d in a.documents()}
    r = a.sync(folder, dry_run=True)
    assert r.dry_run and r.added == ["new.txt"] and r.removed == ["sub/acme.md"] and count.take() == []
    assert {d.id: d.version for d in a.documents()} == before
    r = a.sync(folder)
    assert r.added == ["new.txt"] and r.removed == ["sub/acme.md"]
    assert "uploaded-1" in {d.id for d in a.documents()}


def test_bad_input_never_stops_a_sync(tmp_path):
    folder = tmp_path / "news"
    good = write(folder, "good.txt", "Acme Corp named Ada Lovelace as its new chief executive on Monday.")
    keep = write(folder, "keep.txt", "The ferry to Skye will run twice a day from June, the operator said.")
    a = Assistant(tmp_path / "store")
    a.settings = replace(a.settings, max_file_bytes=50_000)
    assert set(a.sync(folder).added) == {"good.txt", "keep.txt"}

    write(folder, "empty.txt", b"")
    write(folder, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 10)
    write(folder, "big.txt", "word " * 20_000)  # 100 kB, over the 50 kB limit
    write(folder, "broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF")
    write(folder, "scripts.html", "<html><body>" + "<script>var x = 1;</script>" * 200 + "</body></html>")
    write(folder, "bad.jsonl", "{not json}\n")
    write(folder, "photo.jpg", b"\xff\xd8\xff")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    write(folder, "latin1.txt", "Ren\u00e9e Dupr\u00e9 opened a caf\u00e9 in Arles on Tuesday.".encode("latin-1"))
    keep.write_text("")  # a stored article whose file is emptied: reported, the stored version is kept

    r = a.sync(folder)
    reasons = {s.path: s.reason for s in r.skipped}
    assert set(reasons) == {"empty.txt", "binary.txt", "big.txt", "broken.pdf", "scripts.html", "bad.jsonl",
                            "photo.jpg", "dangling.txt", "keep.txt"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["binary.txt"]
    assert "limit" in reasons["big.txt"] and "PDF" in reasons["broken.pdf"]
    assert "no article text" in reasons["scripts.html"] and "JSON" in reasons["bad.jsonl"]
    assert "unsupported" in reasons["photo.jpg"] and "broken symbolic link" in reasons["dangling.txt"]
    assert r.added == ["latin1.txt"] and r.unchanged == ["good.txt"]
    assert {d.id for d in a.documents()} == {"good.txt", "keep.txt", "latin1.txt"}
    assert "ferry to Skye" in a.get_document("keep.txt").text
    assert a.ask("Who opened a cafe in Arles?").citations[0].doc_id == "latin1.txt"
    assert good.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file, so permissions cannot block it")
def test_unreadable_file_is_skipped(tmp_path):
    folder = tmp_path / "news"
    secret = write(folder, "secret.txt", "The vault code is hidden from everyone.")
    write(folder, "ok.txt", "The museum reopened its east wing to visitors.")
    secret.chmod(0)
    r = Assistant(tmp_path / "store").sync(folder)
    assert r.added == ["ok.txt"] and "permission denied" in r.skipped[0].reason


def test_questions_during_a_sync_see_old_or_new_never_a_mix(tmp_path):
    folder = tmp_path / "news"
    write(folder, "mayor.txt", MAYOR_A)
    a = Assistant(tmp_path / "store")
    a.sync(folder)
    v_a = a.get_document("mayor.txt")
    write(folder, "mayor.txt", MAYOR_B)
    for i in range(40):
        write(folder, f"filler/{i:02d}.txt", f"Filler story {i}: the town of Lake{i} held its annual fair on day {i}.")
    texts = {v_a.version: v_a.text}
    answers: list = []
    errors: list = []
    done = threading.Event()

    def sync() -> None:
        try:
            a.sync(folder)
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            done.set()

    t = threading.Thread(target=sync)
    t.start()
    while not done.is_set() or len(answers) < 2:
        answers.append(a.ask("Who is the mayor of Springfield?"))
    t.join()
    assert not errors
    v_b = a.get_document("mayor.txt")
    texts[v_b.version] = v_b.text
    for ans in answers:
        assert ans.answer in ("Joe Quimby", "Marge Simpson")
        c = ans.citations[0]
        assert c.doc_id == "mayor.txt"
        assert texts[c.version][c.start : c.end] == c.sentence  # the cited version's own text
        assert (ans.answer == "Joe Quimby") == (c.version == v_a.version)
    final = a.ask("Who is the mayor of Springfield?")  # asked after the sync: the new version only
    assert final.answer == "Marge Simpson" and final.citations[0].version == v_b.version


def test_watch_follows_new_changed_and_deleted_files(tmp_path):
    folder = tmp_path / "news"
    write(folder, "first.txt", "The ferry to Skye will run twice a day from June, the operator said.")
    a = Assistant(tmp_path / "store")
    stop = threading.Event()
    reports: list = []
    t = threading.Thread(target=a.watch, args=(folder,), kwargs={"stop": stop, "on_sync": reports.append, "debounce_ms": 200})
    t.start()

    def wait_for(cond, what):
        deadline = time.time() + 30
        while time.time() < deadline:
            if cond():
                return
            time.sleep(0.1)
        stop.set()
        raise AssertionError(f"watch did not {what}; reports: {[r.summary() for r in reports]}")

    try:
        wait_for(lambda: "first.txt" in {d.id for d in a.documents()}, "index the folder on start")
        write(folder, "second.txt", "Acme Corp named Ada Lovelace as its new chief executive on Monday.")
        wait_for(lambda: "second.txt" in {d.id for d in a.documents()}, "add a new file")
        (folder / "first.txt").unlink()
        wait_for(lambda: "first.txt" not in {d.id for d in a.documents()}, "remove a deleted file")
        assert a.ask("Who is the new chief executive of Acme Corp?").answer == "Ada Lovelace"
    finally:
        stop.set()
        t.join(timeout=10)
    assert not t.is_alive()


def test_two_synced_folders_keep_to_their_own_documents(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write(one, "a.txt", "The ferry to Skye will run twice a day from June, the operator said.")
    write(two, "b.txt", "The library of Ghent will open on Sundays from next month.")
    write(two, "a.txt", "A different article that happens to share the relative path a.txt with folder one.")
    a = Assistant(tmp_path / "store")
    assert a.sync(one).added == ["a.txt"]
    r = a.sync(two)
    assert r.added == ["b.txt"]
    assert [(s.path, "already synced from" in s.reason) for s in r.skipped] == [("a.txt", True)]
    (one / "a.txt").unlink()
    assert a.sync(two).removed == []  # folder two never removes folder one's documents
    assert a.sync(one).removed == ["a.txt"]
    assert {d.id for d in a.documents()} == {"b.txt"}
