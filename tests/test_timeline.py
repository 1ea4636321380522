"""Timelines through the real pipeline (embedder, Chroma, retriever) on a small dated corpus:
a dock strike told by six wire stories (two copies of one, one fact repeated the next day), an
undated explainer about it and an unrelated story."""

from __future__ import annotations

import pytest

from index.documents import Document
from index.errors import BadInput, QuestionError

STRIKE = "Rotterdam dock strike"
STORIES = [
    Document("wire/reuters-1.txt", "Rotterdam dockers walk out\n\nROTTERDAM, March 1 (Reuters) - Dock workers at the port "
             "of Rotterdam walked off the job on Friday, demanding a 7 percent pay rise. The FNV union said the strike "
             "would last until employers improved their offer.",
             title="Rotterdam dockers walk out", published="2024-03-01T09:00:00Z", source="Reuters"),
    # the same wire story, carried by another outlet two and a half hours later
    Document("wire/ap-1.txt", "Dockers strike in Rotterdam\n\nDock workers at the port of Rotterdam walked off the job on "
             "Friday, demanding a 7 percent pay rise. Shipping lines said they were diverting vessels to Antwerp.",
             title="Dockers strike in Rotterdam", published="2024-03-01T11:30:00Z", source="AP"),
    Document("wire/reuters-2.txt", "Rotterdam strike talks collapse\n\nTalks between the FNV union and the Rotterdam port "
             "employers collapsed on Tuesday, and the dock strike entered its fifth day. Union leaders called the offer "
             "of 3 percent an insult.",
             title="Rotterdam strike talks collapse", published="2024-03-05", source="Reuters"),
    Document("wire/reuters-3.txt", "Ships queue off Rotterdam\n\nMore than 40 container ships were waiting outside "
             "Rotterdam on Thursday as the dock strike left cargo stranded on the quays. Retailers warned of empty "
             "shelves within weeks.",
             title="Ships queue off Rotterdam", published="2024-03-07", source="Reuters"),
    Document("wire/reuters-4.txt", "Rotterdam dockers end strike\n\nRotterdam dock workers voted to end their strike on "
             "Monday after accepting a 5 percent pay rise. Work resumed at the container terminals the same evening.",
             title="Rotterdam dockers end strike", published="2024-03-11", source="Reuters"),
    # the same fact, reported again the next day in other words
    Document("wire/ap-2.txt", "Port back to work\n\nDock workers in Rotterdam voted on Monday to end their strike, "
             "accepting a 5 percent pay rise. Terminal operators expect the backlog to clear within ten days.",
             title="Port back to work", published="2024-03-12", source="AP"),
    Document("notes/explainer.txt", "Why Rotterdam dockers strike\n\nRotterdam dock workers strike when pay falls behind "
             "inflation, the union says. The port handles more cargo than any other in Europe.",
             title="Why Rotterdam dockers strike"),
    Document("notes/lighthouse.txt", "Lighthouse restoration\n\nVolunteers finished restoring the old lighthouse at "
             "Westkapelle. The lighthouse keeper's cottage will open as a museum.",
             title="Lighthouse restoration"),
    Document("wire/reuters-9.txt", "Tulip season opens\n\nThe Keukenhof gardens near Lisse opened on Thursday with seven "
             "million tulips in bloom. Organisers expect a million visitors this spring.",
             title="Tulip season opens", published="2024-03-21", source="Reuters"),
]
DEVELOPMENTS = ["wire/reuters-1.txt", "wire/reuters-2.txt", "wire/reuters-3.txt", "wire/reuters-4.txt"]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from qa import Assistant

    a = Assistant(tmp_path_factory.mktemp("timeline") / "store")
    assert len(a.add(STORIES).added) == len(STORIES)
    return a


def ids(timeline) -> list[str]:
    return [e.citation.doc_id for e in timeline.entries]


def test_one_entry_per_development_oldest_first_with_exact_citations(assistant):
    t = assistant.timeline(STRIKE)
    assert t.query == STRIKE and t.reason is None
    assert ids(t) == DEVELOPMENTS  # no copy, no repeat, nothing undated, nothing unrelated
    assert [e.published for e in t.entries] == ["2024-03-01", "2024-03-05", "2024-03-07", "2024-03-11"]
    for e in t.entries:
        c = e.citation
        doc = assistant.get_document(c.doc_id)
        assert doc.text[c.start : c.end] == c.sentence == e.sentence
        assert c.published == e.published == doc.published and c.version == doc.version
        assert c.sentence_index >= doc.body_start  # a body sentence, not the headline
    first, *_, last = t.entries
    assert "walked off the job" in first.sentence and "5 percent" in last.sentence


def test_copies_collapse_into_the_earliest_and_are_listed(assistant):
    first = assistant.timeline(STRIKE).entries[0]
    assert first.citation.doc_id == "wire/reuters-1.txt"  # 09:00, before the AP copy of 11:30
    assert first.citation.duplicates == ("wire/ap-1.txt",)  # the same sentence word for word
    # the next day's restatement is folded in, but it is no copy of the sentence
    last = assistant.timeline(STRIKE).entries[-1]
    assert last.citation.doc_id == "wire/reuters-4.txt" and last.citation.duplicates == ()


def test_filters_are_honoured(assistant):
    t = assistant.timeline(STRIKE, since="2024-03-04", until="2024-03-10")
    assert ids(t) == ["wire/reuters-2.txt", "wire/reuters-3.txt"]
    t = assistant.timeline(STRIKE, sources=["ap"])  # any case
    assert ids(t) == ["wire/ap-1.txt", "wire/ap-2.txt"]  # without Reuters, AP's own reports are the earliest
    t = assistant.timeline(STRIKE, since="2024-03-15")
    assert t.entries == [] and "published since 2024-03-15" in t.reason and "2024-03-01" in t.reason


def test_limit_keeps_the_most_relevant_in_date_order(assistant):
    full = ids(assistant.timeline(STRIKE))
    two = ids(assistant.timeline(STRIKE, limit=2))
    assert len(two) == 2 and set(two) <= set(full) and two == sorted(two, key=full.index)


def test_undated_articles_are_left_out_and_the_reason_says_so(assistant):
    t = assistant.timeline("lighthouse restoration")
    assert t.entries == [] and "no publication date" in t.reason
    assert "notes/explainer.txt" not in ids(assistant.timeline("why do Rotterdam dockers strike"))


def test_nothing_about_it(assistant):
    t = assistant.timeline("volcano eruption in Iceland")
    assert t.entries == [] and t.reason


def test_bad_filters_limit_and_query_are_refused_like_ask(assistant):
    for kwargs, param in [({"since": "2024-13-45"}, "since"), ({"until": "soon"}, "until"),
                          ({"since": "2024-03-10", "until": "2024-03-01"}, "since"),
                          ({"sources": ["Nobody News"]}, "sources"), ({"limit": 0}, "limit"),
                          ({"limit": 101}, "limit"), ({"limit": "5"}, "limit")]:
        with pytest.raises(BadInput) as got:
            assistant.timeline(STRIKE, **kwargs)
        assert got.value.param == param, kwargs
    with pytest.raises(QuestionError) as asked:
        assistant.ask("   ")
    with pytest.raises(QuestionError) as traced:
        assistant.timeline("   ")
    assert str(traced.value) == str(asked.value) and traced.value.param == "query"


def test_one_retrieval_and_no_reader(assistant, monkeypatch):
    calls = []
    retrieve = assistant.retriever.retrieve
    monkeypatch.setattr(assistant.retriever, "retrieve", lambda *a, **k: calls.append(1) or retrieve(*a, **k))

    def no_reader(*_a, **_k):
        raise AssertionError("a timeline must not call the reader")

    monkeypatch.setattr(assistant.reader, "propose", no_reader)
    assert ids(assistant.timeline(STRIKE)) == DEVELOPMENTS and calls == [1]


def test_to_dict_is_the_api_shape(assistant):
    import json

    d = assistant.timeline(STRIKE).to_dict()
    assert json.loads(json.dumps(d)) == d
    assert set(d) == {"query", "entries", "reason"}
    e = d["entries"][0]
    assert set(e) == {"published", "sentence", "citation"} and e["citation"]["duplicates"] == ["wire/ap-1.txt"]


# -- collapsing, sentence by sentence (no pipeline: collapse reads only the sentence, id and score) --
SHORT = "The Bundesbank left its discount rate unchanged at 3.0 pct."
LONG = "The Bundesbank left its discount rate unchanged at 3.0 pct, dealers said, but cut the Lombard rate to 5.0 pct."


def _evidence(doc_id: str, sentence: str, score: float = 1.0):
    from types import SimpleNamespace

    return SimpleNamespace(doc=SimpleNamespace(id=doc_id), sentence=sentence, score=score)


def _collapsed(*sentences: str) -> list[tuple[str, list[str]]]:
    from qa.timeline import collapse

    found = collapse([_evidence(f"doc-{i}", s) for i, s in enumerate(sentences)])
    return [(d.evidence.doc.id, d.copies) for d in found]


def test_only_the_same_sentence_word_for_word_is_listed_as_a_copy():
    # the later article carries part of the earlier sentence: folded in, but it is no copy of it
    assert _collapsed(LONG, SHORT) == [("doc-0", [])]
    # the whole sentence, whitespace aside, or without the dateline that opens it: a copy
    assert _collapsed(SHORT, "The  Bundesbank left its discount\nrate unchanged at 3.0 pct.") == [("doc-0", ["doc-1"])]
    assert _collapsed(f"FRANKFURT, March 9 (Reuters) - {SHORT}", SHORT) == [("doc-0", ["doc-1"])]
    assert _collapsed(SHORT, SHORT.replace("3.0", "2.5")) == [("doc-0", []), ("doc-1", [])]  # another figure: news


def test_a_longer_sentence_that_adds_a_figure_is_a_new_development():
    assert _collapsed(SHORT, LONG) == [("doc-0", []), ("doc-1", [])]
    # a clause added without a new figure still states the same thing: folded in, not listed
    assert _collapsed(SHORT, SHORT[:-1] + ", dealers in Frankfurt said.") == [("doc-0", [])]


def test_the_service_loads_the_stores_copy_groups(assistant):
    from index.copies import CopyGroups
    from qa.service import Service

    assert isinstance(Service(assistant).copy_groups(), CopyGroups)
