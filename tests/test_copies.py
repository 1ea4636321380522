"""Wire copies and re-sends (``index.copies``) through the real pipeline and real Chroma: grouped at
ingest, regrouped when a document changes or goes (by ``Assistant.remove`` or a sync), kept in the
store across reopening and seen by a second Assistant on the same store."""

from __future__ import annotations

import pytest

from index.copies import MIN_SHINGLES, THRESHOLD, CopyGroups, copies_table, shingles, signature
from index.pipeline import prepare
from index.store import RecordTable, SentenceStore
from qa import Assistant, Document
from tests.files import write

BODY = (
    "Acme Corp agreed on Tuesday to buy the valve maker Widget Industries for 2.1 billion dollars in cash, "
    "its largest acquisition since the company was founded in Ohio in 1921. "
    "The board of Widget Industries backed the offer, which values each of its shares at 48 dollars, "
    "a premium of 31 percent over Monday's closing price on the New York Stock Exchange. "
    "Acme chief executive Dana Whitfield said the deal would add about 900 engineers and three factories "
    "in Texas, Bavaria and the Czech Republic to the group. "
    "Analysts at Harbor Securities said the price looked high but that the two product ranges barely overlap. "
    "The companies expect regulators in Washington and Brussels to approve the purchase before the end of "
    "September, and Acme will pay for it with cash on hand and a new bank loan of 1.5 billion dollars."
)
OTHER_ACME = (
    "Acme Corp said on Thursday that it will close its oldest plant in Dayton, Ohio, by the end of next year "
    "and move the production of industrial pumps to a new site near Monterrey in Mexico. "
    "About 640 workers are employed at the Dayton plant, which opened in 1958, and the union said it would "
    "fight the decision in talks with the management over the coming weeks. "
    "Chief executive Dana Whitfield told reporters that demand for the older pump models had fallen by half "
    "since 2019 and that the building needed repairs costing more than 80 million dollars. "
    "The company expects a one-time charge of 120 million dollars in the fourth quarter, and its shares fell "
    "two percent in early trading on the New York Stock Exchange after the announcement."
)
ORIGINAL = Document(id="wire-1", title="Acme to buy Widget Industries for $2.1 billion", text=BODY,
                    published="2024-03-05")
RESEND = Document(id="wire-2", title="Acme agrees Widget deal, its biggest ever", text=BODY, published="2024-03-05")
CORRECTION = Document(id="wire-3", title="CORRECTED - Acme to buy Widget Industries for $2.1 billion",
                      text=BODY.replace("on Tuesday", "on Wednesday"), published="2024-03-06")
PLANT = Document(id="wire-4", title="Acme to close Dayton pump plant", text=OTHER_ACME, published="2024-03-07")


def groups_of(store: SentenceStore) -> dict[str, list[str]]:
    """Group id -> members, as ``CopyGroups.load`` gives them."""
    groups = CopyGroups.load(store)
    return {g: groups.members(g) for g in set(groups.as_dict().values())}


def test_fixtures_are_what_they_claim():
    """The re-send and the correction are near-copies of the original by the module's own measure,
    the plant story is not, and every body is long enough to be signed."""
    bodies = {d.id: shingles(BODY if d is not PLANT else OTHER_ACME) for d in (ORIGINAL, PLANT)}
    corrected = shingles(CORRECTION.text)
    assert min(len(s) for s in bodies.values()) >= MIN_SHINGLES
    assert len(corrected & bodies["wire-1"]) / len(corrected | bodies["wire-1"]) >= THRESHOLD
    assert len(bodies["wire-4"] & bodies["wire-1"]) / len(bodies["wire-4"] | bodies["wire-1"]) < 0.2


def test_signature_is_of_the_body_and_short_bodies_are_not_signed():
    resend, original = signature(prepare(RESEND)), signature(prepare(ORIGINAL))
    assert resend.version != original.version  # another headline: another stored text ...
    assert (resend.hashvalues == original.hashvalues).all()  # ... the same body
    short = signature(prepare(Document(id="s", title="Brief", text="Acme Corp raised its dividend to 20 cents.")))
    assert short.hashvalues is None


def test_copies_are_grouped_and_follow_updates_and_removal(tmp_path):
    a = Assistant(tmp_path / "s")
    a.add([ORIGINAL, RESEND, CORRECTION, PLANT])
    groups = CopyGroups.load(a.store)
    assert groups.group_of("wire-1") == groups.group_of("wire-2") == groups.group_of("wire-3") == "wire-1"
    assert groups.members("wire-1") == ["wire-1", "wire-2", "wire-3"]
    assert groups.group_of("wire-4") is None  # another story on the same company
    assert groups.as_dict() == {"wire-1": "wire-1", "wire-2": "wire-1", "wire-3": "wire-1"}

    # The re-send is rewritten into another story: no longer a copy.
    a.add([Document(id="wire-2", title="Acme shares slip", text=OTHER_ACME.replace("Thursday", "Friday"),
                    published="2024-03-08")])
    groups = CopyGroups.load(a.store)
    assert groups.members("wire-1") == ["wire-1", "wire-3"]
    assert groups.group_of("wire-2") == groups.group_of("wire-4") == "wire-2"  # it is now a copy of the plant story
    # Read back from the store alone (wire-1's record still lists wire-2's old version: it no longer counts).
    assert groups_of(SentenceStore(tmp_path / "s")) == {"wire-1": ["wire-1", "wire-3"], "wire-2": ["wire-2", "wire-4"]}

    # Assistant.remove does not touch the copies table: the record stops counting all the same ...
    assert a.remove("wire-1")
    groups = CopyGroups.load(a.store)
    assert groups.group_of("wire-1") is None and groups.group_of("wire-3") is None
    assert "wire-1" in copies_table(a.store).all()
    # ... and is deleted at the next write.
    a.add([Document(id="other", title="Weather", text="Rain is expected in Lyon on Friday.")])
    assert "wire-1" not in copies_table(a.store).all()
    assert groups_of(a.store) == {"wire-2": ["wire-2", "wire-4"]}


def test_groups_survive_reopening_and_a_second_assistant_sees_them(tmp_path):
    first = Assistant(tmp_path / "s")
    first.add([ORIGINAL, RESEND, PLANT])
    second = Assistant(tmp_path / "s")  # its own SentenceStore: reads the groups from the store
    assert groups_of(second.store) == {"wire-1": ["wire-1", "wire-2"]}

    first.add([CORRECTION])  # a write by the other one: seen at the next load
    assert groups_of(second.store) == {"wire-1": ["wire-1", "wire-2", "wire-3"]}
    first.remove("wire-2")
    assert groups_of(second.store) == {"wire-1": ["wire-1", "wire-3"]}

    del first, second
    reopened = SentenceStore(tmp_path / "s")
    assert groups_of(reopened) == {"wire-1": ["wire-1", "wire-3"]}


def test_sync_groups_copies_and_a_deleted_file_leaves_its_group(tmp_path):
    folder = tmp_path / "news"
    write(folder, "original.md", f"# {ORIGINAL.title}\n\n{BODY}")
    write(folder, "resend.md", f"# {RESEND.title}\n\n{BODY}")
    write(folder, "plant.md", f"# {PLANT.title}\n\n{OTHER_ACME}")
    a = Assistant(tmp_path / "s")
    a.sync(folder)
    assert groups_of(a.store) == {"original.md": ["original.md", "resend.md"]}

    (folder / "resend.md").unlink()
    report = a.sync(folder)
    assert report.removed == ["resend.md"]
    assert groups_of(a.store) == {}
    assert set(copies_table(a.store).all()) == {"original.md", "plant.md"}  # the removed one's record is gone


def test_a_write_costs_what_it_changes(tmp_path, monkeypatch):
    """Once a process holds the groups, a write reads no whole table and no version list for them;
    a load after it reads the versions once and no record (its own writes are applied already)."""
    a = Assistant(tmp_path / "s")
    a.add([ORIGINAL, PLANT])
    CopyGroups.load(a.store)
    calls: list[str] = []
    real_all, real_get, real_versions = RecordTable.all, RecordTable.get, SentenceStore.current_versions
    monkeypatch.setattr(RecordTable, "all", lambda self: calls.append("all") or real_all(self))
    monkeypatch.setattr(RecordTable, "get", lambda self, key: calls.append("get") or real_get(self, key))
    from index import copies

    def versions(self):
        calls.append("versions")
        return real_versions(self)

    monkeypatch.setattr(copies.SentenceStore, "current_versions", versions)
    from index.pipeline import index_documents

    index_documents(a.store, a.embedder, [RESEND])  # the pipeline reads the versions itself, once
    assert calls == ["versions"]
    calls.clear()
    assert CopyGroups.load(a.store).members("wire-1") == ["wire-1", "wire-2"]
    assert calls == ["versions"]
    calls.clear()
    CopyGroups.load(a.store)  # nothing written since: the generation says so
    assert calls == []


def test_missing_and_stale_records_are_repaired_at_the_next_write(tmp_path):
    """A store whose signatures are missing (written before copies existed, or a crash between the
    document write and its signature) is signed at the next write; until then the documents are
    simply not grouped."""
    a = Assistant(tmp_path / "s")
    a.add([ORIGINAL, RESEND])
    table = copies_table(a.store)
    table.delete(["wire-2"])
    table.put({"wire-1": {**table.get("wire-1"), "version": "0123456789abcdef"}})  # a version never current
    fresh = SentenceStore(tmp_path / "s")
    assert groups_of(fresh) == {}
    Assistant(tmp_path / "s").add([PLANT])
    assert groups_of(SentenceStore(tmp_path / "s")) == {"wire-1": ["wire-1", "wire-2"]}
    current = a.store.current_versions()
    assert {k: r["version"] for k, r in copies_table(a.store).all().items()} == current


@pytest.mark.parametrize("days, grouped", [(2, True), (9, False)])
def test_the_same_text_days_apart_is_another_event(tmp_path, days, grouped):
    """A template repeated word for word a week later (a weekly auction, a policy meeting) is not a copy."""
    later = Document(id="later", title=ORIGINAL.title, text=BODY, published=f"2024-03-{5 + days:02d}")
    a = Assistant(tmp_path / "s")
    a.add([ORIGINAL, later])
    assert (CopyGroups.load(a.store).group_of("later") == "later") is grouped
