"""Asking with time and sources: since/until/sources through the Python API, HTTP and the OpenAI
endpoint, on a real store (the dated trust corpus of tests/data/trust plus two sourced articles)."""

from __future__ import annotations

import datetime

import httpx
import pytest

from index.errors import BadInput
from qa import Document
from qa.filters import Filters
from tests.conftest import ROOT

QUESTION = "How much did Ford earn in the last three months of 2004?"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from qa import Assistant

    a = Assistant(tmp_path_factory.mktemp("filters"))
    a.add_files([str(ROOT / "tests" / "data" / "trust")])
    a.add([
        Document(id="wire-1", text="The port of Halden handled 2.1 million containers in 2004, its owners said.",
                 title="Halden port traffic", published="2005-03-01", source="Reuters"),
        Document(id="paper-1", text="The port of Halden handled 1.9 million containers in 2004, a local paper said.",
                 title="Halden figures questioned", published="2005-03-02", source="Halden Tidende"),
    ])
    return a


def test_filters_parse_dates_and_name_the_field():
    assert Filters.parse("2005-01-21").since_ts == int(datetime.datetime(2005, 1, 21, tzinfo=datetime.UTC).timestamp())
    assert Filters.parse(until=datetime.date(2005, 1, 20)).until_ts == Filters.parse(until="2005-01-20").until_ts
    with pytest.raises(BadInput) as err:
        Filters.parse(since="the other day")
    assert err.value.param == "since" and err.value.status == 400
    with pytest.raises(BadInput, match="after until"):
        Filters.parse(since="2005-02-01", until="2005-01-01")


def test_a_date_range_keeps_the_answer_to_its_articles(assistant):
    ford = assistant.ask(QUESTION, since="2005-01-21")
    assert ford.answer == "$104m" and ford.as_of == "2005-01-21"  # the date of the article it comes from
    a = assistant.ask(QUESTION, until=datetime.date(2005, 1, 20))  # Ford's article is of the 21st
    assert a.abstained and a.citations == []
    assert all(c.published <= "2005-01-20" for c in a.related)
    empty = assistant.ask(QUESTION, since="2006-01-01")
    assert empty.abstained and "No article published since 2006-01-01" in empty.reason
    assert "2004-07-04" in empty.reason  # says which period the articles cover


def test_sources_are_matched_in_any_case_and_unknown_ones_are_an_error(assistant):
    q = "How many containers did the port of Halden handle in 2004?"
    assert assistant.ask(q, sources=["reuters"]).answer == "2.1 million"
    assert assistant.ask(q, sources=["HALDEN TIDENDE"]).answer == "1.9 million"
    with pytest.raises(BadInput) as err:
        assistant.ask(q, sources=["AP"])
    assert err.value.param == "sources" and "reuters" in str(err.value)


def test_http_and_openai_take_the_same_filters(assistant):
    from tests.servers import running_server

    with running_server(assistant) as url:
        d = httpx.post(url + "/api/ask", json={"question": QUESTION, "since": "2005-01-21"}, timeout=60).json()
        assert d["answer"] == "$104m"
        bad = httpx.post(url + "/api/ask", json={"question": QUESTION, "until": "someday"}, timeout=60)
        assert bad.status_code == 400 and bad.json()["error"]["param"] == "until"
        unknown = httpx.post(url + "/api/ask", json={"question": QUESTION, "sources": ["AP"]}, timeout=60)
        assert unknown.status_code == 400 and unknown.json()["error"]["param"] == "sources"
        body = {"model": "newsqa", "messages": [{"role": "user", "content": QUESTION}], "until": "2005-01-20"}
        chat = httpx.post(url + "/v1/chat/completions", json=body, timeout=60).json()
        assert chat["newsqa"]["abstained"]
        streamed = httpx.post(url + "/v1/chat/completions", json={**body, "stream": True, "until": "never"}, timeout=60)
        assert streamed.status_code == 400 and streamed.json()["error"]["param"] == "until"
