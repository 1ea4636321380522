import pytest

from qa.question import analyse


@pytest.mark.parametrize(
    ("question", "wh", "label"),
    [
        ("Who is mediating?", "who", "PERSON"),
        ("How many captives were taken?", "how-many", "CARDINAL"),
        ("When did the talks start?", "when", "DATE"),
        ("Where was the bomb found?", "where", "GPE"),
        ("Which country is mediating?", "which", "GPE"),
        ("How much did the deal cost?", "how-much", "MONEY"),
    ],
)
def test_expected_answer_types(question, wh, label):
    q = analyse(question)
    assert q.wh == wh
    assert label in q.expected


def test_terms_drop_question_words_and_stem():
    q = analyse("Who is mediating the talks?")
    assert "who" not in q.terms
    assert "mediat" in q.terms and "talk" in q.terms


def test_publication_questions():
    assert analyse("When was this published?").asks_publication_date
    assert analyse("What is the publication date of the article?").asks_publication_date
    assert not analyse("When will the prisoners be released?").asks_publication_date


@pytest.mark.parametrize(
    "question, names",
    [
        ("Which album won album of the year at the BBC Radio 2 Folk Awards?", ["BBC Radio 2", "Folk Awards"]),
        ("Who won the World Cup 2006 final?", ["World Cup", "2006"]),  # a year is its own
        ("Who advises Toyota, Saatchi & Saatchi's client?", ["Toyota", "Saatchi & Saatchi"]),
        ("What did Japan's 2 biggest banks do?", ["Japan", "2"]),  # a possessive ends a name
        ("How many goals did Arsenal score in 3 games?", ["Arsenal", "3"]),
        ("What did the Bank of England decide?", ["Bank of England"]),  # "of", "the", "for" inside a name
        ("Who won the Whitbread Novel of the Year award?", ["Whitbread Novel of the Year"]),
        ("Which of the players did Arsenal sell?", ["Arsenal"]),
    ],
)
def test_the_names_a_question_pins_its_fact_to(question, names):
    from qa.question import key_names

    assert [name for name, _ in key_names(analyse(question))] == names
