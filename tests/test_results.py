"""A forecast is no result (``qa.results.of_the_result``), through the real pipeline on a corpus
written for these tests (tests/data/forecasts/: critics' picks for an award not yet given, a cup
final won by a side that "could win the league")."""

from __future__ import annotations

import pytest

from tests.conftest import answered_exactly, corpus_assistant


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    return corpus_assistant(tmp_path_factory, "forecasts", 2)


def _proposal(sentence: str, span: str):
    from types import SimpleNamespace

    from qa.reader import Proposal, Span

    start = sentence.index(span)
    evidence = SimpleNamespace(sentence=sentence, doc=SimpleNamespace(id="a"), index=0)
    return Proposal(evidence, Span(start, start + len(span), 1.0), 1.0, 1.0)


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        ("Who won best film at the Oscars?", "Martin Scorsese's The Aviator will win best film at the Oscars.",
         "Martin Scorsese", False),
        ("Who won best film at the Oscars?", "The Aviator will win best film at the Oscars.",
         "The Aviator will win best film", False),  # the forecast in the span itself
        ("Who won best director?", "Anna Keller is expected to win best director.", "Anna Keller", False),
        ("Which team beat City?", "Rovers could beat City on Saturday.", "Rovers", False),
        ("Which team beat City?", "Rovers beat City 2-0 and could win the league.", "Rovers", True),  # another statement
        ("Who won best film at the Oscars?", "The Aviator won best film at the Oscars.", "The Aviator", True),
        ("Who won best film at the Oscars?", "Critics said Sideways, not The Aviator, will win best film.",
         "Sideways", True),  # a comma between: not read
        ("Who directed The Aviator?", "Martin Scorsese will win best director.", "Martin Scorsese", True),  # no result asked
    ],
)
def test_a_forecast_is_no_result(question, sentence, span, kept):
    from qa.question import analyse
    from qa.results import of_the_result

    p = _proposal(sentence, span)
    assert (of_the_result(analyse(question), [p]) == [p]) is kept


@pytest.mark.parametrize(
    "question",
    ["Who won best film at the Golden Reel awards?", "Who won best director at the Golden Reel awards?"],
)
def test_an_award_not_yet_given_is_not_answered_from_the_critics_picks(assistant, question):
    """The critics' poll says "Harbour Lights will win best film" and "Anna Keller is expected to win
    best director": both were answered (0.90, 0.92) as if the awards had been given."""
    a = assistant.ask(question)
    assert a.abstained, f"answered {a.answer!r} ({a.confidence})"


def test_a_result_beside_a_forecast_is_answered(assistant):
    answered_exactly(assistant, "Which team beat City in the county cup final?", "Rovers")
    answered_exactly(assistant, "Who is expected to win best director at the Golden Reel awards?", "Anna Keller")
