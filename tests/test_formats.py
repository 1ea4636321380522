"""Article formats: HTML, PDF, JSON / JSON Lines, RSS files, non-UTF-8 text (no models loaded)."""

from __future__ import annotations

import pytest

from index.formats import parse_feed_file
from index.load import LoadError, read_documents
from tests.files import ARTICLE_HTML, jsonl, make_pdf, rss, write


def test_html_main_text_title_date_url_without_scripts(tmp_path):
    f = write(tmp_path, "bridge.html", ARTICLE_HTML)
    (doc,) = read_documents(f, doc_id="bridge.html")
    assert doc.id == "bridge.html"
    assert "reopened on Saturday after eight months of repairs" in doc.text
    assert "Halvorsen Engineering" in doc.text
    for junk in ("robots from Mars", "Click here", "color: red", "Sport"):
        assert junk not in doc.text
    assert doc.title and doc.title.startswith("Harbour bridge reopens")
    assert doc.published == "2024-03-02"
    assert doc.url == "https://tide.example/news/harbour-bridge"


def test_script_only_html_is_refused_with_a_reason(tmp_path):
    f = write(tmp_path, "ads.htm", "<html><head><script>" + "var a=1;" * 2000 + "</script></head><body>"
              + "<script>track()</script>" * 50 + "</body></html>")
    with pytest.raises(LoadError, match="no article text"):
        read_documents(f)


def test_pdf_text_and_title(tmp_path):
    f = write(tmp_path, "report.pdf", make_pdf(
        ["The central bank raised its main rate to 4.5 percent on Thursday.", "Analysts had expected the move."],
        title="Rates rise"))
    (doc,) = read_documents(f, doc_id="report.pdf")
    assert "raised its main rate to 4.5 percent" in doc.text
    assert doc.title == "Rates rise"


@pytest.mark.parametrize("data", [b"%PDF-1.4", b"%PDF-1.4\n1 0 obj << /Type /Catalog", b"not a pdf at all " * 20])
def test_corrupt_pdf_gets_a_clear_reason(tmp_path, data):
    f = write(tmp_path, "broken.pdf", data)
    with pytest.raises(LoadError) as err:
        read_documents(f)
    assert str(f) in str(err.value)
    assert "PDF" in str(err.value)


def test_jsonl_records_get_ids_inside_the_file(tmp_path):
    f = write(tmp_path, "wire.jsonl", jsonl([
        {"id": "w1", "title": "Storm", "date": "2024-01-05", "text": "A storm closed the port of Brest on Friday.", "url": "https://w/1"},
        {"headline": "Vote", "body": "The council approved the new budget by nine votes to two."},
        {"title": "no text here"},
    ]))
    docs = read_documents(f, "wire.jsonl", 10_000)
    assert [d.id for d in docs] == ["wire.jsonl#w1", "wire.jsonl#2"]
    assert docs[0].title == "Storm" and docs[0].published == "2024-01-05" and docs[0].url == "https://w/1"
    assert docs[1].title == "Vote"


def test_json_object_and_list(tmp_path):
    one = write(tmp_path, "one.json", '{"title": "T", "content": "The museum reopened its east wing to visitors."}')
    assert [d.id for d in read_documents(one, "one.json", 10_000)] == ["one.json"]
    many = write(tmp_path, "many.json", '{"articles": [{"text": "First story text here."}, {"text": "Second story text."}]}')
    assert [d.id for d in read_documents(many, "many.json", 10_000)] == ["many.json#1", "many.json#2"]
    bad = write(tmp_path, "bad.jsonl", '{"text": "ok"}\n{broken\n')
    with pytest.raises(LoadError, match="line 2 is not valid JSON"):
        read_documents(bad, "bad.jsonl", 10_000)


def test_rss_file_items_with_text(tmp_path):
    f = write(tmp_path, "feed.rss", rss([
        {"guid": "g-1", "title": "Ferry strike", "date": "Tue, 05 Mar 2024 10:00:00 GMT",
         "content": "<p>Ferry crews began a 48-hour strike on Tuesday.</p><p>Services to the islands were cancelled.</p>"},
        {"guid": "g-2", "title": "Only a link", "link": "http://example.invalid/x"},
    ]))
    docs = parse_feed_file(f.read_bytes(), "feed.rss")
    assert [d.id for d in docs] == ["feed.rss#g-1"]
    assert docs[0].published == "2024-03-05" and docs[0].source == "Test Wire"
    assert "Ferry crews began a 48-hour strike" in docs[0].text and "<p>" not in docs[0].text
    bad = write(tmp_path, "bad.xml", "<rss><channel><item>unclosed")
    with pytest.raises(LoadError, match="not an RSS/Atom feed"):
        parse_feed_file(bad.read_bytes(), "bad.xml")


@pytest.mark.parametrize(
    ("encoding", "text"),
    [("latin-1", "Caf\u00e9 au lait in S\u00e3o Paulo."), ("cp1252", "\u201cQuoted\u201d \u2013 the mayor\u2019s words \u20ac5.")],
)
def test_non_utf8_text_is_decoded(tmp_path, encoding, text):
    f = write(tmp_path, "old.txt", text.encode(encoding))
    assert read_documents(f)[0].text == text
