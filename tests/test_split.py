from index.split import split_paragraphs, split_sentences


def sentences(text: str) -> list[str]:
    spans = split_sentences(text)
    for s in spans:  # the invariant every citation relies on
        assert text[s.start : s.end] == text[s.start : s.end].strip()
        assert s.end > s.start
    return [text[s.start : s.end] for s in spans]


def test_basic_sentences_and_offsets():
    text = "The talks went on. A deal is near!  Is it? Yes."
    assert sentences(text) == ["The talks went on.", "A deal is near!", "Is it?", "Yes."]


def test_abbreviations_initials_and_acronyms_do_not_split():
    text = "Sen. John J. Smith met Mr. Brown in the U.S. capital on Jan. 5. They talked at 9 p.m. Friday."
    assert sentences(text) == [
        "Sen. John J. Smith met Mr. Brown in the U.S. capital on Jan. 5.",
        "They talked at 9 p.m. Friday.",
    ]


def test_acronym_at_sentence_end_before_a_starter_word_splits():
    assert sentences("He moved to the U.S. The next day it rained.") == [
        "He moved to the U.S.",
        "The next day it rained.",
    ]


def test_a_name_ending_abbreviation_ends_a_sentence_only_before_a_starter_word():
    text = "He managed country star Hank Williams Jr. He wrote Ring of Fire. Sales at Apple Inc. rose. Tesco Plc. The end."
    assert sentences(text) == [
        "He managed country star Hank Williams Jr.",
        "He wrote Ring of Fire.",
        "Sales at Apple Inc. rose.",
        "Tesco Plc.",
        "The end.",
    ]
    assert sentences("Martin Luther King Jr. Day is a holiday.") == ["Martin Luther King Jr. Day is a holiday."]


def test_quotes_stay_with_their_sentence():
    text = 'He said: "It is over." Then he left. “We will return,” she said. ‘Fine.’ OK.'
    assert sentences(text) == ['He said: "It is over."', "Then he left.", "“We will return,” she said.", "‘Fine.’", "OK."]


def test_dateline_stays_with_the_first_sentence():
    text = "WASHINGTON (Reuters) - The Senate voted on Tuesday. It passed 52-48."
    assert sentences(text)[0] == "WASHINGTON (Reuters) - The Senate voted on Tuesday."


def test_paragraphs_and_headlines_are_never_joined():
    text = "A Headline Without A Full Stop\n\nFirst paragraph here. Second sentence\ncontinues on a new line."
    got = sentences(text)
    assert got[0] == "A Headline Without A Full Stop"
    assert "First paragraph here." in got
    assert len(split_paragraphs(text)) == 3
    assert {s.paragraph for s in split_sentences(text)} == {0, 1, 2}


def test_decimals_and_money_do_not_split():
    assert sentences("Shares fell 3.5 percent to $12.75. Analysts were surprised.") == [
        "Shares fell 3.5 percent to $12.75.",
        "Analysts were surprised.",
    ]


def test_overlong_sentence_is_capped():
    text = "word, " * 500 + "end."
    spans = split_sentences(text, max_chars=300)
    assert len(spans) > 1
    assert all(s.end - s.start <= 300 for s in spans)
    assert text[spans[0].start : spans[-1].end].startswith("word")


def test_empty_text():
    assert split_sentences("") == []
    assert split_sentences("  \n\n  ") == []
