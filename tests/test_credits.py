"""A film's other credits (qa.credits): "Who directed it?" is not answered with its actress or its star.

The rule alone on sentences, then through the real pipeline on an article written for the test."""

from __future__ import annotations

import pytest

from tests.conftest import add_article, answered_exactly, keeps, kept_by_the_rules, proposal


@pytest.mark.parametrize(
    "question, credit",
    [
        ("Who directed Kisna - the Warrior Poet?", "director"),
        ("Who is directing The Da Vinci Code film?", "director"),
        ("Who plays Harry Potter?", "actor"),
        ("Who will star in the sequel?", "actor"),
        ("Who wrote the music for Twilight Princess?", "writer"),
        ("Who composed the score?", "composer"),
        ("Who produced the album?", "producer"),
        ("Who will host the Oscars?", None),  # hosts are actors and comedians too
        ("Who directs the Bank of England?", "director"),  # the sentence's words decide (below)
        ("Who is the director of Kisna?", None),  # a role: qa.roles reads it
        ("Who created the Armenian alphabet?", None),  # a creator is asked by no verb (composers create too)
    ],
)
def test_the_credit_a_question_asks(question, credit):
    from qa.credits import asked_credit

    assert asked_credit(question) == credit


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # another credit given in a clause after the name ("Who plays Nathan Barley?" was answered "Charlie
        # Brooker", a BBC probe, 0.44)
        ("Who plays Nathan Barley?", 'It will be "a comedy", according to Charlie Brooker, who created TV Go Home and '
         "has co-written the series.", "Charlie Brooker", False),
        ("Who wrote Nathan Barley?", 'It will be "a comedy", according to Charlie Brooker, who created TV Go Home and '
         "has co-written the series.", "Charlie Brooker", True),
        ("Who plays Nathan Barley?", "The show stars Nicholas Burns, who made his name on stage.", "Nicholas Burns",
         True),  # no other credit's verb in the clause
        # "Who directed Kisna - the Warrior Poet?" was answered "Antonia Bernath" (a BBC probe, 0.88)
        ("Who directed Kisna?", "British actress Antonia Bernath is making her debut in Kisna.", "Antonia Bernath",
         False),
        ("Who directed Kisna?", "British actress Antonia Bernath is making her debut in Kisna.",
         "British actress Antonia Bernath", False),
        # "Who is directing The Da Vinci Code film?" was answered "Tom Hanks" (0.90)
        ("Who is directing the film?", "The Da Vinci Code is being made into a film starring Tom Hanks.", "Tom Hanks",
         False),
        ("Who is directing the film?", "The Da Vinci Code is being made into a film starring Tom Hanks.",
         "The Da Vinci Code is being made into a film starring Tom Hanks", False),
        ("Who plays Harry Potter?", "Harry Potter director Alfonso Cuaron has signed a deal.", "Cuaron", False),
        ("Who is directing the film?", "The main character, Robert Langdon, also appears in the sequel.",
         "Robert Langdon", False),  # a part
        ("Who directed The Passion?", "Actor Mel Gibson directed The Passion.", "Mel Gibson", True),  # both
        ("Who directed Kisna?", "Directed by Subhash Ghai, the film is set in the British Raj.", "Subhash Ghai", True),
        ("Who plays Harry Potter?", "Actor Daniel Radcliffe pulls it off very well.", "Daniel Radcliffe", True),
        # SQuAD train: music written is music composed
        ("Who wrote the music for Twilight Princess?", "The game's score was composed by Toru Minegishi.",
         "Toru Minegishi", True),
        ("Who will host the Oscars?", "Actor and comedian Chris Rock will host the event.", "Chris Rock", True),
        # another credit's verb just after the name ("Who played Buffy in the 1992 film?" was answered "Whedon", a
        # BBC probe, 0.88)
        ("Who played Buffy in the 1992 film?", "Whedon created the character of Buffy in the screenplay for the 1992 "
         "film.", "Whedon", False),
        ("Who directed the film?", "Tom Hanks later starred in the film.", "Tom Hanks", False),
        # a title of a list ("Who directed Beyond the Sea?" was answered "Kate Bosworth", a BBC probe, 0.35)
        ("Who directed Beyond the Sea?", "Hollywood stars Kevin Spacey and Kate Bosworth attended the British "
         "premiere of new film, Beyond the Sea.", "Kate Bosworth", False),
        ("Who played Buffy in the 1992 film?", "Kristy Swanson played Buffy in the 1992 film.", "Kristy Swanson",
         True),
        # a creator is another credit than the actor's only: "tablets created by scribes" were written by them
        ("Who wrote on the clay tablets?", "Records are left on thousands of clay tablets created by scribes.",
         "scribes", True),
    ],
)
def test_another_credit_is_not_the_one_asked(question, sentence, span, kept):
    from qa.credits import of_the_credit

    assert keeps(of_the_credit, question, sentence, span) is kept


def test_the_other_credit_is_said_when_none_is_left():
    read = [proposal("British actress Antonia Bernath is making her debut in Kisna.", "Antonia Bernath")]
    assert kept_by_the_rules("Who directed Kisna?", *read) == ([], "The closest sentences name an actor, not the director.")


def test_a_films_actress_is_not_its_director_through_the_pipeline(fresh, tmp_path):
    """The near miss of another credit, in one article: its director is not given, its actress is."""
    add_article(fresh, tmp_path, "premiere.txt",
        "Bollywood epic draws British star\n\nPublished: January 12, 2005\n\n"
        "British actress Clara Venn is making her debut in Rajmahal, a love story set in the British Raj. "
        "She spent three weeks learning Hindi and taking dance lessons for the part. "
        "Rajmahal opens in the UK on 21 January.\n")
    answered_exactly(fresh, "When does Rajmahal open in the UK?", "21 January")
    a = fresh.ask("Who directed Rajmahal?")  # without the rule: "Clara Venn" (0.35)
    assert a.abstained, f"answered {a.answer!r} ({a.confidence})"
    assert a.reason == "The closest sentences name an actor, not the director."
