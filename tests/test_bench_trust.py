"""bench.trust's grading (the BBC sets themselves are outside the repository)."""

from __future__ import annotations

from types import SimpleNamespace

from bench.trust import is_right


def _answer(text: str, doc: str = "bbc/sport/302.txt", sentence: str = "Ireland won in Rome.") -> SimpleNamespace:
    return SimpleNamespace(abstained=False, answer=text, citations=[SimpleNamespace(doc_id=doc, sentence=sentence)])


def test_a_score_the_other_way_round_is_the_same_result():
    docs = {"bbc/sport/302.txt"}
    assert is_right(_answer("28-17"), ["17-28"], docs)  # Ireland's 28-17 win, headed "Italy 17-28 Ireland"
    assert is_right(_answer("17-28"), ["17-28"], docs)
    assert not is_right(_answer("28-18"), ["17-28"], docs)
    assert not is_right(_answer("28-17 victors in 2003"), ["17-28"], docs)  # no longer a score alone
    assert not is_right(SimpleNamespace(abstained=True, answer=None, citations=[]), ["17-28"], docs)
