"""2.8 million DS consoles are no count of PSP consoles (``qa.counted``)."""

from __future__ import annotations

import pytest

from tests.conftest import keeps, kept_by_the_rules, proposal

_DS = "More than 2.8 million DS consoles have been sold since it first appeared in the US and Japan."


@pytest.mark.parametrize(
    "question, asked",
    [
        ("How many PSP consoles has Sony sold?", ("PSP", "consoles")),
        ("How many Labour MPs voted against?", ("Labour", "MPs")),
        ("How many consoles has Sony sold?", None),  # no kind named
        ("How many US troops took part?", None),  # a country's: qa.places reads it
        ("How many British soldiers died?", None),  # a people's
        ("How many Grammys has Kanye West won?", None),  # "has" is no plural
    ],
)
def test_which_kind_a_question_counts(question, asked):
    from qa.counted import asked_kind

    assert asked_kind(question) == asked


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # a BBC probe: "More than 2.8 million" (0.59) for how many PSP consoles Sony has sold
        ("How many PSP consoles has Sony sold?", _DS, "More than 2.8 million", False),
        ("How many PSP consoles has Sony sold?", _DS, "2.8 million DS consoles", False),
        ("How many DS consoles has Nintendo sold?", _DS, "More than 2.8 million", True),
        ("How many PSP consoles has Sony sold?", "Sony has shipped 200,000 PSPs.", "200,000", True),  # no kind after it
        ("How many PSP consoles has Sony sold?", "It has sold 500,000 consoles.", "500,000", True),
        ("How many UN peacekeepers are there?", "There are 5,000 United Nations peacekeepers.", "5,000",
         True),  # the name in full
        ("How many Labour MPs voted against?", "Some 40 Labour MPs and 12 Tory MPs rebelled.", "40", True),
        ("How many Labour MPs voted against?", "Some 40 Labour MPs and 12 Tory MPs rebelled.", "12",
         True),  # names of words: not read (another name may be the same kind: "Premier League" / "Premiership")
        ("How many PSP consoles has Sony sold?", "Sony sold 2.8 million PlayStation Portable consoles.", "2.8 million",
         True),
        ("How many A380 planes has Emirates ordered?", "Emirates ordered 10 A340 planes.", "10", False),  # codes
    ],
)
def test_a_number_counting_another_kind_is_no_answer(question, sentence, span, kept):
    from qa.counted import of_the_kind_counted

    assert keeps(of_the_kind_counted, question, sentence, span) is kept


def test_why_no_count_of_the_kind_was_given():
    read = [proposal(_DS, "More than 2.8 million")]
    assert kept_by_the_rules("How many PSP consoles has Sony sold?", *read) == (
        [], "The closest sentences count DS consoles, not PSP consoles.")


@pytest.mark.parametrize(
    "question, span, kept",
    [
        # a medal's metal ("three", 0.59, for how many silver medals Marion Jones won in Sydney; a BBC probe)
        ("How many silver medals did Jones win in Sydney?", "three", False),
        ("How many gold medals did Jones win in Sydney?", "three", True),
        ("How many medals did Jones win in Sydney?", "three", True),
    ],
)
def test_a_count_of_another_metal_is_no_answer(question, span, kept):
    from qa.counted import of_the_kind_counted

    sentence = "Jones won three gold medals and two bronzes in Sydney in 2000."
    assert keeps(of_the_kind_counted, question, sentence, span) is kept
