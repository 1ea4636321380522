"""Publication dates as data (``index.dates``): every format people send, normalised to ISO 8601;
unknown (with a note) rather than guessed; stored as numbers a Chroma ``where`` filters on.
No model is loaded: the store tests use made-up vectors."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest

from index.clean import clean_article
from index.dates import PublishedDate, day_range, extract_published, parse_published
from index.documents import Document
from index.formats import json_to_documents, parse_feed_file
from index.pipeline import index_documents, prepare
from index.report import DocumentNote
from index.store import SentenceStore, date_where
from index.sync import FileStep, ScannedFile, SyncPlan, SyncReport, plan_file
from tests.files import rss

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_cf9cc913bd578db9.txt"
BODY = "The harbour bridge in Port Ellis reopened on Saturday. Traffic will return to normal by Monday."


def utc(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp())


def published_of(doc: Document) -> tuple[PublishedDate | None, str | None]:
    return extract_published(doc, clean_article(doc.text))


# -- parsing -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "day", "iso", "precision"),
    [
        ("2023-11-15", "2023-11-15", "2023-11-15", "day"),
        ("Tue, 02 Mar 2024 08:00:00 GMT", "2024-03-02", "2024-03-02T08:00:00+00:00", "time"),
        ("2024-03-02T08:00:00Z", "2024-03-02", "2024-03-02T08:00:00+00:00", "time"),
        ("March 2, 2024", "2024-03-02", "2024-03-02", "day"),
        ("2 March 2024", "2024-03-02", "2024-03-02", "day"),
        ("Sat, 2 Mar 2024 08:00:00 +0100", "2024-03-02", "2024-03-02T08:00:00+01:00", "time"),
        ("2024-03-02 23:30:00-05:00", "2024-03-02", "2024-03-02T23:30:00-05:00", "time"),  # the day as printed
        ("Mar. 2, 2024 at 8:00 pm EST", "2024-03-02", "2024-03-02T20:00:00-05:00", "time"),
        ("2023-11-15 03:12:57", "2023-11-15", "2023-11-15T03:12:57", "time"),  # no zone: none invented
        ("13/02/2024", "2024-02-13", "2024-02-13", "day"),  # 13 cannot be a month
        ("20240302", "2024-03-02", "2024-03-02", "day"),
        ("1709366400", "2024-03-02", "2024-03-02T08:00:00+00:00", "time"),  # epoch seconds, read in UTC
        (date(2024, 3, 2), "2024-03-02", "2024-03-02", "day"),
    ],
)
def test_formats_people_send_are_normalised_to_iso(raw, day, iso, precision):
    got = parse_published(raw)
    assert got is not None
    assert (got.date, got.iso, got.precision) == (day, iso, precision)
    assert isinstance(got.timestamp, int)
    assert datetime.fromisoformat(got.iso)  # valid ISO 8601


def test_timestamps_are_the_instant_or_utc_midnight():
    assert parse_published("2024-03-02").timestamp == utc(2024, 3, 2)
    assert parse_published("March 2, 2024").timestamp == utc(2024, 3, 2)
    assert parse_published("2024-03-02T08:00:00Z").timestamp == utc(2024, 3, 2, 8)
    assert parse_published("2024-03-02T09:00:00+01:00").timestamp == utc(2024, 3, 2, 8)
    assert parse_published("2024-03-02T08:00:00").timestamp == utc(2024, 3, 2, 8)  # no zone: read as UTC


@pytest.mark.parametrize(
    "raw",
    [None, "", "   ", "Smarch 45", "yesterday", "2 hours ago", "Saturday", "March 2024", "2024", "2024-13-45",
     "0000-00-00", "0001-01-01", "3/2/2024", "02.03.24", "x" * 5000, "9" * 30, object(), b"2024-03-02", True,
     "2024-02-30", "\x00\ud800", "March 30"],
)
def test_what_is_not_a_whole_date_is_none_and_never_raises(raw):
    assert parse_published(raw) is None


def test_a_day_without_year_takes_the_reference_year_only():
    assert parse_published("March 30") is None
    assert parse_published("March 30", reference_year=2024).date == "2024-03-30"
    assert parse_published("30 May", reference_year=2023).date == "2023-05-30"
    assert parse_published("March 30, 2022", reference_year=2024).date == "2022-03-30"  # its own year wins


def test_day_range_bounds_whole_days():
    assert day_range("2024-03-01", "2024-03-02") == (utc(2024, 3, 1), utc(2024, 3, 3) - 1)
    assert day_range(None, "2024-03-02T08:00:00Z") == (None, utc(2024, 3, 2, 8))
    with pytest.raises(ValueError, match="not a date"):
        day_range("soon")


# -- a document's date, from its sources in order of trust ------------------------------------
def test_the_documents_own_field_comes_first():
    doc = Document("2020-01-01-x.txt", "Published: March 3, 2024\n\n" + BODY, published="Tue, 02 Mar 2024 08:00:00 GMT")
    got, note = published_of(doc)
    assert got.iso == "2024-03-02T08:00:00+00:00" and note is None


def test_published_at_keeps_time_and_zone_over_the_day():
    doc = Document("x", BODY, published="2024-03-03", published_at="Sat, 2 Mar 2024 23:30:00 -0500")
    got, _ = published_of(doc)
    assert (got.date, got.iso) == ("2024-03-02", "2024-03-02T23:30:00-05:00")


def test_date_line_in_the_text_with_its_time():
    stored = prepare(Document("seed.txt", SEED.read_text(encoding="utf-8")))
    assert stored.published == "2023-11-15"  # what citations and the CLI show
    assert stored.published_iso == "2023-11-15T03:12:57" and stored.published_ts == utc(2023, 11, 15, 3, 12, 57)
    assert stored.published_note is None


@pytest.mark.parametrize(
    ("doc", "day"),
    [
        (Document("news/2024/wire.txt", "NEW YORK, March 30 - " + BODY), "2024-03-30"),  # a year folder
        (Document("x", "LONDON, May 3 (Reuters) - " + BODY, published="2023"), "2023-05-03"),  # a year field
        (Document("x", "PARIS, 4 June - " + BODY, published="June 2022"), "2022-06-04"),
        (Document("2024-01-01-wire.txt", "WASHINGTON, Dec. 31 - " + BODY), "2023-12-31"),  # the nearest year
        (Document("x", "ROME, 3 May, 2021 (AP) -- " + BODY), "2021-05-03"),  # the dateline's own year
        (Document("x", "BERLIN, Sept 3 - " + BODY, url="https://w.example/2020/09/03/story"), "2020-09-03"),
        # hard-wrapped wire copy: the first line reads as a headline, its dateline still counts
        (Document("reuters/1987/r1.txt", "NEW YORK, March 2 - Standard Oil Co and BP North America\n"
                  "said they plan to form a venture to manage the money market."), "1987-03-02"),
    ],
)
def test_dateline_takes_its_year_from_the_metadata(doc, day):
    got, _ = published_of(doc)
    assert got is not None and got.date == day and got.precision == "day"


def test_dateline_without_any_year_stays_unknown_with_a_note():
    doc = Document("wire.txt", "NEW YORK, March 30 - " + BODY)
    got, note = published_of(doc)
    assert got is None
    assert note == "dateline 'March 30' has no year and no metadata gives one: stored as unknown"
    stored = prepare(doc)
    assert (stored.published, stored.published_iso, stored.published_ts) == (None, None, None)
    assert stored.published_note == note


@pytest.mark.parametrize(
    ("doc_id", "day"),
    [("2024-03-02-harbour.txt", "2024-03-02"), ("20240302_x.html", "2024-03-02"), ("a/2024_03_02.md", "2024-03-02"),
     ("wire.jsonl#2019-05-01", None), ("000_cf9cc913bd578db9.txt", None), ("20241345_x.txt", None)],
)
def test_file_name_dates(doc_id, day):
    got, note = published_of(Document(doc_id, BODY))
    assert (got.date if got else None) == day and note is None


@pytest.mark.parametrize(
    ("published", "why"),
    [("Smarch 45", "is not a date"), ("3/2/2024", "is ambiguous"), ("March 2024", "has no day"),
     ("0001-01-01", "is out of range")],
)
def test_unreadable_date_is_unknown_with_a_note_never_a_guess(published, why):
    doc = Document("x", BODY, published=published)
    stored = prepare(doc)  # never raises
    assert stored.published is None and stored.published_ts is None
    assert stored.published_note.startswith(f"published {published!r} {why}")
    assert stored.published_note.endswith("stored as unknown")


def test_unreadable_field_falls_back_to_a_real_date_and_says_so():
    stored = prepare(Document("x", "Published: March 3, 2024\n\n" + BODY, published="Smarch 45"))
    assert stored.published == "2024-03-03"
    assert stored.published_note == "published 'Smarch 45' is not a date: used 2024-03-03 from the date line"


def test_an_undated_document_has_no_date_and_no_note():
    stored = prepare(Document("notes.txt", BODY))
    assert (stored.published, stored.published_ts, stored.published_note) == (None, None, None)


# -- the format parsers keep what they find ----------------------------------------------------
def test_feed_item_keeps_time_and_zone():
    data = rss([{"guid": "g", "title": "Ferry strike", "date": "Tue, 05 Mar 2024 10:00:00 +0100",
                 "content": "<p>Ferry crews began a 48-hour strike on Tuesday.</p><p>Services were cancelled.</p>"}])
    (doc,) = parse_feed_file(data.encode(), "feed.rss")
    assert doc.published == "2024-03-05"
    stored = prepare(doc)
    assert stored.published == "2024-03-05" and stored.published_iso == "2024-03-05T10:00:00+01:00"
    assert stored.published_ts == utc(2024, 3, 5, 9)


def test_json_date_field_with_time():
    record = json.dumps({"text": BODY, "published_at": "2024-03-02T08:00:00+01:00"})
    (doc,) = json_to_documents(record, "a.json", lines=False)
    stored = prepare(doc)
    assert stored.published_iso == "2024-03-02T08:00:00+01:00" and stored.published == "2024-03-02"


# -- reports -------------------------------------------------------------------------------------
class RandomEmbedder:
    """Stands in for the model: one random unit vector per text."""

    def encode(self, texts: list[str]) -> np.ndarray:
        v = np.random.default_rng(len(texts)).normal(size=(len(texts), 384)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_notes_reach_the_index_report_and_the_sync_plan(tmp_path):
    bad = Document("bad.txt", BODY, published="Smarch 45")
    report = index_documents(SentenceStore(tmp_path / "store"), RandomEmbedder(), [bad, Document("ok.txt", BODY)])
    assert report.added == ["bad.txt", "ok.txt"]
    assert report.notes == [DocumentNote("bad.txt", "published 'Smarch 45' is not a date: stored as unknown")]
    assert report.summary() == "2 added, 0 updated, 0 unchanged, 0 skipped"  # as before: notes are not counted
    assert report.to_dict()["notes"] == [{"path": "bad.txt", "note": "published 'Smarch 45' is not a date: stored as unknown"}]
    assert "notes" not in SyncReport(folder="/news").to_dict()  # nothing to note: the JSON reads as before

    step = FileStep(ScannedFile("bad.txt", tmp_path / "bad.txt", 1, 1), None, True)
    change = plan_file(step, [bad], SyncPlan(str(tmp_path), [step], [], {}), {})
    assert [str(n) for n in change.notes] == ["bad.txt: published 'Smarch 45' is not a date: stored as unknown"]


# -- stored as data: filters on sentences and documents ----------------------------------------
def unit_vectors(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, 384)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_where_on_published_ts_filters_sentences_and_documents(tmp_path):
    store = SentenceStore(tmp_path / "store")
    docs = [
        prepare(Document("jan", "The port closed in January. Ships waited outside.", published="2024-01-10",
                         source="Reuters")),
        prepare(Document("mar", "The port reopened in March. Ships came back.", published="2024-03-02T08:00:00Z",
                         source="Daily Tide")),
        prepare(Document("undated", "The port has a new crane. It lifts containers.", source="reuters")),
    ]
    store.put_many([(d, unit_vectors(len(d.sentences), i)) for i, d in enumerate(docs)])
    query = unit_vectors(1, 9)[0]

    def sentence_docs(where):
        return {h.doc_id for h in store.query_sentences(query, 20, where=where)}

    def documents(where):
        return {i for i, _ in store.query_documents(query, 10, where=where)}

    assert sentence_docs(None) == documents(None) == {"jan", "mar", "undated"}  # today's calls still work
    assert {h.doc_id for h in store.query_sentences(query, 20)} == {"jan", "mar", "undated"}

    since_feb = date_where(since_ts=day_range("2024-02-01")[0])
    assert sentence_docs(since_feb) == documents(since_feb) == {"mar"}  # the undated one never matches
    jan_only = date_where(*day_range("2024-01-10", "2024-01-10"))
    assert sentence_docs(jan_only) == documents(jan_only) == {"jan"}
    reuters = date_where(sources=["REUTERS"])  # sources match in any case
    assert sentence_docs(reuters) == documents(reuters) == {"jan", "undated"}
    assert documents(date_where(since_ts=0, sources=["Reuters", "daily tide"])) == {"jan", "mar"}

    meta = next(m for m in store.sentence_records("mar"))
    assert meta["published_ts"] == utc(2024, 3, 2, 8) and meta["published"] == "2024-03-02"
    assert meta["source_key"] == "daily tide"


def test_store_keeps_the_date_apart_from_the_ingest_time(tmp_path):
    store = SentenceStore(tmp_path / "store")
    dated = prepare(Document("dated", BODY, published="2024-03-02T08:00:00Z"))
    undated = prepare(Document("undated", BODY))
    store.put_many([(dated, unit_vectors(len(dated.sentences), 1)), (undated, unit_vectors(len(undated.sentences), 2))])
    got = store.get(["dated", "undated"])
    assert (got["dated"].published, got["dated"].published_iso, got["dated"].published_ts) == (
        "2024-03-02", "2024-03-02T08:00:00+00:00", utc(2024, 3, 2, 8))
    assert got["undated"].indexed_at and got["undated"].published is None  # the ingest time is not the date
    assert got["undated"].published_iso is None and got["undated"].published_ts is None
    assert got["dated"].indexed_at != got["dated"].published_iso


def test_date_where_clauses():
    assert date_where() is None and date_where(sources=[]) is None
    assert date_where(since_ts=5) == {"published_ts": {"$gte": 5}}
    assert date_where(5, 9, ["A", "b "]) == {"$and": [
        {"published_ts": {"$gte": 5}}, {"published_ts": {"$lte": 9}}, {"source_key": {"$in": ["a", "b"]}}]}
