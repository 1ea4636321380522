"""News is a stream: one question, different answers on different days. Through the real pipeline
(embedded Chroma, the shipped reader and answerability model) on a small dated story written for
these tests: the answer is the newest report (or the newest on or before ``until``), and
``Answer.reports`` lists the earlier values, newest first, each with its own exact citation."""

from __future__ import annotations

import pytest

from index.documents import Document

STORY = [
    ("raid-1", "2024-03-01", "Gunmen raid Lakeside village",
     "Gunmen raided the village of Lakeside on Friday. Officials said 200 captives were taken by the gunmen. "
     "The army has sent troops to the area."),
    ("raid-2", "2024-03-03", "Lakeside captives: toll rises",
     "The number of people abducted in Lakeside has risen. Officials said 240 captives were taken by the gunmen. "
     "Families gathered outside the district office."),
    ("raid-3", "2024-03-05", "Lakeside: talks with gunmen begin",
     "Negotiators met the gunmen for the first time on Tuesday. Officials said 239 captives were taken by the "
     "gunmen, after a recount. A local bishop is mediating."),
    ("harvest", "2024-03-04", "Record harvest in the north",
     "Farmers in the north brought in a record wheat harvest. Prices fell by ten percent at the market."),
]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from qa import Assistant

    a = Assistant(tmp_path_factory.mktemp("reports"))
    a.add([Document(id=i, text=t, title=h, published=p) for i, p, h, t in STORY])
    return a


def exact(assistant, answer) -> None:
    for c in answer.citations + [r.citation for r in answer.reports]:
        doc = assistant.get_document(c.doc_id)
        assert doc.text[c.start : c.end] == c.sentence
        assert doc.text[c.answer_start : c.answer_end] in c.sentence


def test_the_newest_report_is_the_answer_and_the_earlier_ones_are_listed(assistant):
    a = assistant.ask("How many captives were taken by the gunmen in Lakeside?")
    assert a.answer is not None and "239" in a.answer
    assert a.as_of == "2024-03-05"
    assert [r.published for r in a.reports] == sorted((r.published for r in a.reports), reverse=True)
    assert a.reports[0].answer == a.citations[0].sentence[
        a.citations[0].answer_start - a.citations[0].start : a.citations[0].answer_end - a.citations[0].start]
    earlier = {r.published: r.answer for r in a.reports[1:]}
    assert "240" in earlier.get("2024-03-03", "") and "200" in earlier.get("2024-03-01", "")
    assert not any(r.conflicting for r in a.reports)
    exact(assistant, a)
    assert a.to_dict()["reports"][0]["published"] == "2024-03-05"


def test_until_gives_the_newest_report_of_that_day(assistant):
    a = assistant.ask("How many captives were taken by the gunmen in Lakeside?", until="2024-03-03")
    assert a.answer is not None and "240" in a.answer
    assert a.as_of == "2024-03-03"
    assert all(r.published <= "2024-03-03" for r in a.reports)
    exact(assistant, a)


def test_same_day_disagreement_is_marked_conflicting(tmp_path):
    from qa import Assistant

    a = Assistant(tmp_path / "s")
    a.add([
        Document(id="wire-a", title="Lakeside raid", published="2024-03-01", source="Wire A",
                 text="Gunmen raided Lakeside on Friday. Officials said 200 captives were taken by the gunmen."),
        Document(id="wire-b", title="Lakeside raid", published="2024-03-01", source="Wire B",
                 text="Gunmen attacked Lakeside on Friday. Police said 150 captives were taken by the gunmen."),
    ])
    ans = a.ask("How many captives were taken by the gunmen in Lakeside?")
    assert ans.answer is not None
    assert len(ans.reports) == 2 and all(r.conflicting for r in ans.reports)
    assert {r.citation.doc_id for r in ans.reports} == {"wire-a", "wire-b"}


def test_one_value_everywhere_gives_no_reports(assistant):
    a = assistant.ask("Who is mediating?")
    assert a.answer is not None and "bishop" in a.answer
    assert a.reports == []


def test_values_are_told_apart_by_their_numbers_and_each_is_cited_from_its_newest_article():
    from types import SimpleNamespace

    from qa.reports import Reading, reports, same_value

    assert same_value("80", "80 ships") and same_value("about 240", "240")
    assert not same_value("1,200", "200") and not same_value("23", "239") and not same_value("12 pct", "2 pct")

    def reading(doc: str, value: str, day: str) -> Reading:
        return Reading(SimpleNamespace(evidence=SimpleNamespace(doc=SimpleNamespace(id=doc))), value, day)

    best, old, same_day = reading("a", "240", "2024-03-10"), reading("b", "200", "2024-03-01"), reading("c", "200", "2024-03-10")
    got = reports([best, old, same_day], best.proposal, "cite-a", lambda p: "cite-" + p.evidence.doc.id)
    assert [(r.answer, r.published, r.citation, r.conflicting) for r in got] == [
        ("240", "2024-03-10", "cite-a", True), ("200", "2024-03-10", "cite-c", True)]
    assert reports([best, reading("d", "1,200", "2024-03-01")], best.proposal, "cite-a", str)[1].answer == "1,200"
