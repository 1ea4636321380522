"""Another race (qa.events): the indoor 1500m record does not answer who holds the 400m one.

The rule alone on sentences, then through the real pipeline on an article written for the test."""

from __future__ import annotations

import pytest

from tests.conftest import add_article, answered_exactly, keeps, kept_by_the_rules, proposal


@pytest.mark.parametrize(
    "text, named",
    [
        ("Who holds the indoor 400m world record?", {"400m"}),
        ("Who won the 3,000m?", {"3,000m"}),
        ("He won the 10,000-metre race and the 3000 metres steeplechase.", {"10,000m", "3,000m steeplechase"}),
        ("She is the world indoor 60m hurdles champion.", {"60m hurdles"}),
        ("He won the half-marathon; she ran the London Marathon.", {"half marathon", "marathon"}),
        ("He ran the third quickest indoor mile ever.", {"mile"}),
        ("He will chase the world indoor two mile record.", {"two-mile"}),  # not the mile
        ("She won the 2-mile race and the mile.", {"two-mile", "mile"}),
        ("Yelling will race in the women's 8km race; Keska contests the men's 12km race.", {"8km", "12km"}),
        ("He won the 20km walk.", {"20km"}),
        # metres that are no race
        ("The firm paid £100m for a 5,000m peak.", set()),
        ("He could not maintain the pace over the final 400m.", set()),  # a stretch of a race
        ("He lives a mile away.", set()),
        ("A 12km stretch of road was closed, 5km from the town.", set()),
        ("Shares rose 1,250m.", set()),  # not a distance raced
        # field and combined events
        ("He won the high jump as he beat the Olympic triple jump champion.", {"high jump", "triple jump"}),
        ("The pole-vaulter won the heptathlon and the shot put.", {"pole vault", "heptathlon", "shot put"}),
        ("The British high jumper won.", {"high jump"}),
    ],
)
def test_the_races_a_text_names(text, named):
    from qa.events import events

    assert events(text) == named


@pytest.mark.parametrize(
    "question, event",
    [
        ("Who holds the indoor 400m world record?", "400m"),
        ("Who won the 3000 metres?", "3,000m"),
        ("What time did Lagat run in the mile?", "mile"),
        ("Who won the 100m and the 200m?", None),  # two races: no rule
        ("How much did the club pay for him?", None),
    ],
)
def test_the_race_a_question_names(question, event):
    from qa.events import asked_event

    assert asked_event(question) == event


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # BBC probes: "Hicham El Guerrouj" (0.35) and "Kelly Holmes" (0.35) were given
        ("Who holds the indoor 400m world record?",
         "He also missed out on the indoor 1500m world record, which Hicham El Guerrouj has held for eight years.",
         "Hicham El Guerrouj", False),
        ("Who won the 3,000m?", "Kelly Holmes comfortably won the 1,000m at the Norwich Union Grand Prix.",
         "Kelly Holmes", False),
        # a sentence naming no race may well be about the one asked
        ("Who holds the indoor 400m world record?", "Only Michael Johnson has gone quicker, setting the world "
         "record of 44.63secs in 1995.", "Michael Johnson", True),
        # the race asked is named, beside another
        ("Who won the 3,000m?", "Cragg won the 3,000m after finishing third in the 1,500m.", "Cragg", True),
        ("Who won the 3,000m?", "Kelly Holmes won the 3000 metres.", "Kelly Holmes", True),  # written otherwise
        # "Who is the Olympic triple jump champion?" was answered "Stefan Holm" (a BBC probe, 0.75)
        ("Who is the Olympic triple jump champion?", "He produced a shock in the high jump as he beat Olympic "
         "champion Stefan Holm into second place.", "Stefan Holm", False),
        ("Who is the Olympic triple jump champion?", "Olympic champion Christian Olsson will not be taking part.",
         "Christian Olsson", True),
    ],
)
def test_a_span_about_another_race(question, sentence, span, kept):
    from qa.events import of_the_event

    assert keeps(of_the_event, question, sentence, span) is kept


def test_the_other_race_is_said_when_none_is_left():
    read = [proposal("Kelly Holmes comfortably won the 1,000m at the Norwich Union Grand Prix.", "Kelly Holmes")]
    assert kept_by_the_rules("Who won the 3,000m?", *read) == (
        [], "The closest sentences are about the 1,000m, not the 3,000m.")


def test_another_race_is_not_an_answer_through_the_pipeline(fresh, tmp_path):
    """The near miss of another race, in one article that names both: the 1,500m winner is not given
    as the 800m's (without the rule: "Daniel Okafor", 0.88), while the 1,500m's own winner is."""
    add_article(fresh, tmp_path, "meeting.txt",
        "Okafor storms to indoor win\n\nPublished: February 6, 2005\n\n"
        "Kenyan runner Daniel Okafor won the 1,500m at the Glasgow indoor meeting on Saturday. "
        "The crowd of 4,000 saw him finish more than two seconds clear of the field. "
        "The 800m, the last race of the evening, was delayed by a fire alarm.\n")
    answered_exactly(fresh, "Who won the 1,500m at the Glasgow indoor meeting?", "Daniel Okafor")
    a = fresh.ask("Who won the 800m at the Glasgow indoor meeting?")
    assert a.answer is None, f"answered {a.answer!r} ({a.confidence})"
    assert a.reason == "The closest sentences are about the 1,500m, not the 800m."


_NADAL = "Rafael Nadal continued his run of fine form to beat Guillermo Canas and reach the Mexican Open semis in Acapulco."
_SELES = ("Four-time champion Monica Seles, who has not played since last year's French Open, is another absentee "
          "because of an injured left foot.")
_GULF = "Mr Cable compared that new cost with the £500m needed for Britain's role in the entire first Gulf War."


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        ("Whom did Nadal beat in the Brazil Open?", _NADAL, "Guillermo Canas", False),
        ("Whom did Nadal beat in the Mexico Open?", _NADAL, "Guillermo Canas", True),  # a people's word, its country
        ("Whom did Nadal beat to reach the semis?", _NADAL, "Guillermo Canas", True),  # no tournament asked
        # the other tournament outside the span's clause
        ("How many times has Monica Seles won the Australian Open?", _SELES, "Four", True),
        ("How much did Britain's role in the second Gulf War cost?", _GULF, "£500m", False),
        ("How much did Britain's role in the 1st Gulf War cost?", _GULF, "£500m", True),  # "1st" is "first"
        ("What was the first James Bond film to be screened at IMAX?", "It became the second James Bond film to be "
         "screened in IMAX venues after Skyfall.", "Skyfall", True),  # the first to do something
        ("Which park does 27th Street pass between Ninth and Tenth Avenues?", "It passes through Chelsea Park between "
         "Tenth and Ninth Avenues.", "Chelsea Park", True),  # two ordinals asked: not read
    ],
)
def test_another_tournament_or_another_of_a_series_is_no_answer(question, sentence, span, kept):
    from qa.events import of_the_tournament

    assert keeps(of_the_tournament, question, sentence, span) is kept


def test_why_no_answer_of_the_tournament_was_given():
    read = [proposal(_NADAL, "Guillermo Canas")]
    assert kept_by_the_rules("Whom did Nadal beat in the Brazil Open?", *read) == (
        [], "The closest sentences are about the Mexican Open, not the Brazil Open.")
