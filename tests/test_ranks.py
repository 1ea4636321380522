"""The second best-paid is not the best-paid (``qa.ranks``)."""

from __future__ import annotations

import pytest

from tests.conftest import proposal


@pytest.mark.parametrize(
    "question, top",
    [
        ("Who was France's best-paid actor of 2004?", "best"),
        ("Which is the world's biggest winemaker?", "biggest"),
        ("What is the most popular film?", "most popular"),
        ("Who is the second richest man in Britain?", None),  # another place asked
        ("What is the 20th largest city?", None),
        ("When did India build the forth largest rail system?", None),  # misspelt, a place all the same
        ("Who won the election?", None),
    ],
)
def test_which_top_a_question_asks(question, top):
    from qa.ranks import asked_top

    assert asked_top(question) == top


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # a BBC probe: "Jean Reno" (0.92)
        ("Who was France's best-paid actor of 2004?", "Godzilla star Jean Reno was France's second best-paid actor in "
         "2004, earning 3.55m Euros.", "Jean Reno", False),
        ("Who was France's best-paid actor of 2004?", "Gerard Jugnot has beaten Gerard Depardieu to become France's "
         "best-paid actor of 2004.", "Gerard Jugnot", True),
        ("What is the largest island near Zhoushan?", "Chongming, China's third largest island, lies north.",
         "Chongming", True),  # China's ranking, not the question's
        ("What is the largest city in Connecticut?", "New Haven is the second-largest city in Connecticut.",
         "New Haven", False),
        ("What is the largest city in Connecticut?", "It is the second-largest city in Connecticut (after "
         "Bridgeport).", "Bridgeport", True),  # the first, after it
        ("Which is the biggest firm?", "The second biggest firm, Acme, grew.", "Acme", False),
        ("What is Iran's largest ethnic group?", "It concerns the largest and second largest ethnic groups, the "
         "Persians and Azeris.", "Persians", True),
        ("What is the largest economy in Africa?", "Nigeria is the world's 20th largest economy.", "Nigeria",
         True),  # the world's ranking
        ("What is the largest reservoir in the state?", "It is Fort Peck Reservoir, which is held by the second "
         "largest earthen dam.", "Fort Peck Reservoir", True),  # another thing's place
    ],
)
def test_another_place_in_the_ranking_is_not_the_top(question, sentence, span, kept):
    from qa.question import analyse
    from qa.ranks import of_the_rank

    p = proposal(sentence, span)
    assert (of_the_rank(analyse(question), [p]) == [p]) is kept



@pytest.mark.parametrize(
    "question, place",
    [
        ("Which film was second in the US box office chart?", 2),
        ("Who finished third?", 3),
        ("Which candidate finished in second place in the Georgia primary?", 2),
        ("What came 4th in the race?", 4),
        ("Who scored in the second half?", None),  # a half, no place
        ("What was the third?", None),  # a list's third, no place
        ("What is the third of the Four Noble Truths?", None),
        ("Who was the second best-paid actor?", None),  # a ranking (asked_top's)
        ("What city is ranked 20th in largest metropolitan area?", None),
    ],
)
def test_which_place_a_question_asks(question, place):
    from qa.ranks import asked_place

    assert asked_place(question) == place


@pytest.mark.parametrize(
    "sentence, span, kept",
    [
        # a BBC probe: "National Treasure" (0.75) for which film was second in the chart
        ("Top of the box office for a second week was action movie National Treasure.", "National Treasure", False),
        ("Wesley Snipes' Blade: Trinity was in second, taking $16.1m.", "Blade: Trinity", True),
        ("Blade: Trinity came second, behind Ocean's Twelve.", "Blade: Trinity", True),
        ("Jax, the 2nd-place finalist, sang.", "Jax", True),
        ("Second-placed Blade: Trinity took $16.1m.", "Blade: Trinity", True),
        ("Nick Fradiani won the season, defeating Clark Beckham.", "Clark Beckham", True),  # no place word: kept
        ("It was the second biggest film of the year, Blade: Trinity.", "Blade: Trinity", False),
    ],
)
def test_a_place_word_in_another_sense_gives_no_place(sentence, span, kept):
    from qa.ranks import of_the_position
    from tests.conftest import keeps

    assert keeps(of_the_position, "Which film was second in the US box office chart?", sentence, span) is kept


def test_why_no_place_was_given():
    from qa.question import analyse
    from qa.ranks import position_reason

    q = analyse("Which film was second in the chart?")
    p = proposal("Top of the box office for a second week was National Treasure.", "National Treasure")
    assert "another sense" in position_reason(q, [p])
