"""Follow-ups read as standalone questions (qa.conversation.resolve_follow_up), rule by rule.

The whole pipeline with follow-ups is tested in tests/test_trust.py; these are the rules alone.
"""

from __future__ import annotations

import pytest

from qa.conversation import resolve_follow_up
from tests.conftest import proposal


def read(question: str, previous: str, answer: str | None = None) -> str:
    return resolve_follow_up(question, previous, lambda: answer).question


@pytest.mark.parametrize(
    "previous, follow_up, expected",
    [
        ("Where did Labour hold its autumn conference in 2002?", "And the following year?",
         "Where did Labour hold its autumn conference in 2003?"),
        ("How many tonnes of crops did Ethiopia produce in 2004?", "And the year before?",
         "How many tonnes of crops did Ethiopia produce in 2003?"),
        ("How much did Ford earn in the last three months of 2004?", "What about two years earlier?",
         "How much did Ford earn in the last three months of 2002?"),
        ("Who won the men's singles title at Wimbledon in 2004?", "And a year later?",
         "Who won the men's singles title at Wimbledon in 2005?"),
        ("Who won the Eurovision Song Contest in 2004?", "And in the previous year?",
         "Who won the Eurovision Song Contest in 2003?"),
        ("Who won the Booker Prize in 1998?", "what about 3 years after?", "Who won the Booker Prize in 2001?"),
        ("How big was the US trade deficit in 2004?", "What about 2003?", "How big was the US trade deficit in 2003?"),
        # a month or a day without a year keeps the previous question's year
        ("How many cars did GM sell in March 2004?", "And in May?", "How many cars did GM sell in May 2004?"),
        ("What was the price of oil on March 3, 2004?", "And on March 9?", "What was the price of oil on March 9, 2004?"),
        ("What was the price of oil on 3 March 2004?", "what about 9 March?", "What was the price of oil on 9 March 2004?"),
        ("How many cars did GM sell in March?", "And in May?", "How many cars did GM sell in May?"),
        # "now": the same question without the time it was pinned to
        ("How many employees did Yahoo have when it floated in April 1996?", "And now?",
         "How many employees did Yahoo have now?"),
        ("How big was the US trade deficit in 2004?", "What about today?", "How big was the US trade deficit now?"),
        ("What was the price of oil on 3 March 2004?", "and currently?", "What was the price of oil now?"),
        # a clause in the place of the previous question's (BBC dev c19 read it as "When William Hague
        # became Leader of the Opposition?")
        ("How old was William Hague when he became an MP?", "And when he became Leader of the Opposition?",
         "How old was William Hague when he became Leader of the Opposition?"),
        ("How old was William Hague when he became an MP?", "And when did he become leader?",
         "When did William Hague become leader?"),  # a question of its own
    ],
)
def test_a_time_counted_from_the_previous_question(previous, follow_up, expected):
    assert read(follow_up, previous) == expected


def test_a_year_counted_from_nothing_is_not_invented():
    # the previous question names no year: "the following year" cannot be turned into one
    assert read("And the following year?", "Who won the election?") == "Who won the election in the following year?"


@pytest.mark.parametrize(
    "previous, answer, follow_up, expected",
    [
        # an ordinal for the previous question's ("And their second?" was read "Who scored Chelsea's first goal
        # against Arsenal their second?", a BBC probe)
        ("Who scored Chelsea's first goal against Arsenal?", "John Terry", "And their second?",
         "Who scored Chelsea's second goal against Arsenal?"),
        ("Who won the first set?", "Federer", "And the third one?", "Who won the third set?"),
        # kin of the one answered ("And his brother?" was read "Who is Reliance's chairman his brother?", a BBC probe)
        ("Who is Reliance's chairman?", "Mukesh Ambani", "And his brother?", "Who is Mukesh Ambani's brother?"),
        ("Who is Reliance's chairman?", None, "And his brother?", "Who is Reliance's chairman's brother?"),
        # "he" or "she" after a who-question
        # answered: the pronoun is the answer
        ("Who is British Airways' chief executive?", "Rod Eddington",
         "How did he describe the airline's latest quarterly results?",
         "How did Rod Eddington describe the airline's latest quarterly results?"),
        # not answered: the person asked about, by the role the question gave
        ("Who is British Airways' chief executive?", None,
         "How did he describe the airline's latest quarterly results?",
         "How did British Airways' chief executive describe the airline's latest quarterly results?"),
        ("Who is the Italy rugby coach?", None, "Which player did he single out?",
         "Which player did the Italy rugby coach single out?"),
        # not answered, no role: a name in the question is not the person asked for ("Boston", "5,000m")
        ("Who set a new world indoor record in the women's 5,000m in Boston?", None, "What was her winning time?",
         "What was her winning time?"),
        # a possessive antecedent is not made possessive twice ("Japan's's", "Barclays''s")
        ("How much did Japan's economy grow in 2004?", None, "And what does its central bank expect for 2005?",
         "What does Japan's central bank expect for 2005?"),
        ("Which team plays at Barclays' ground?", None, "And who owns its stadium?", "Who owns Barclays' stadium?"),
        ("Who is Britain's richest woman?", "the Duchess of Westminster's", "How old is she?",
         "How old is the Duchess of Westminster?"),
        # a name that holds a year replaces the name, not the year ("the final in the final of 2005")
        ("Where was the Champions League final of 2004 played?", None, "And the Champions League final of 2005?",
         "Where was the Champions League final of 2005 played?"),
        ("Which act topped the Sound of 2004 poll?", None, "And Sound of 2003?", "Which act topped the Sound of 2003 poll?"),
        ("How many goals did Arsenal score in the 2003 FA Cup final?", None, "And in the 2005 League Cup final?",
         "How many goals did Arsenal score in the 2005 League Cup final?"),
        ("By what score did the Dutch side lose the 1974 World Cup final?", None, "And in the 1988 European final?",
         "By what score did the Dutch side lose the 1988 European final?"),
        # the slot runs from the first word they share to the last
        ("Which song did the Brit Awards name best British single of the year?", None, "And best British debut single?",
         "Which song did the Brit Awards name best British debut single of the year?"),
        # a name, then words the previous question has: the name takes a name's place
        ("Who did Arsenal play in the Champions League?", None, "What about Chelsea in the Champions League?",
         "Who did Chelsea play in the Champions League?"),
        # the category takes the category's place, "the" does not take a word's
        ("How many boys were rescued?", None, "And the girls?", "How many girls were rescued?"),
        ("Who coaches the England men's football team?", None, "And the women's team?",
         "Who coaches the England women's team?"),
        ("How many seats did the Labour Party win?", None, "What about the Liberal Democrats?",
         "How many seats did the Liberal Democrats win?"),
        # a time alone still replaces the time
        ("How many viewers watched the EastEnders episode in 2003?", None, "And at Christmas 1986?",
         "How many viewers watched the EastEnders episode at Christmas 1986?"),
        # a place takes the place's place (it was appended: "... cost in the US in Japan?")
        ("How much will the PSP cost in the US?", None, "And in Japan?", "How much will the PSP cost in Japan?"),
        ("How much will the PSP cost in the US?", None, "What about in the UK?", "How much will the PSP cost in the UK?"),
        ("How many people died in the blast in Peshawar?", None, "And in Lahore?",
         "How many people died in the blast in Lahore?"),
        ("Who won at Wimbledon in 2004?", None, "And at Roland Garros?", "Who won at Roland Garros in 2004?"),
        # ... and a party another party's ("... with Croatia with Turkey?" answered Croatia's date, a BBC probe)
        ("When will the EU start accession talks with Croatia?", None, "And with Turkey?",
         "When will the EU start accession talks with Turkey?"),
        ("Who did Arsenal play against Chelsea?", None, "And against Liverpool?", "Who did Arsenal play against Liverpool?"),
        # a place's name of two joined by "and" is one ("in Sheffield Hallam and Chelsea" was read)
        ("What was the participation rate in Kensington and Chelsea?", None, "And in Sheffield Hallam?",
         "What was the participation rate in Sheffield Hallam?"),
        # the shared word, then what qualifies it: the qualifier is added, the rest kept
        ("How big was the US trade deficit in 2004?", None, "What about the deficit with China?",
         "How big was the US trade deficit with China in 2004?"),
        # whom a named subject did something to: the pronoun is the subject, not the answer
        ("Who did Lindsay Davenport beat in Dubai?", "Jie Zheng", "Who will she face next?",
         "Who will Lindsay Davenport face next?"),
        # a name's post takes the place of a name's post ("And United's chair?" after "Who is S&N's chief
        # executive?" was read "Who is United's chair's chief executive?", a BBC probe)
        ("Who is S&N's chief executive?", "Tony Froggatt", "And United's chair?", "Who is United's chair?"),
        ("Who is GM's chief executive?", "Rick Wagoner", "And Ford's boss?", "Who is Ford's boss?"),
        ("Who is Arsenal's captain?", "Patrick Vieira", "And Chelsea's?", "Who is Chelsea's captain?"),
        # "its" post is the same one's ("And its chief financial officer?" after "Who is Yukos' chief executive?"
        # was read "Who is its chief financial officer?" and answered Fannie Mae's, a BBC probe, 0.59)
        ("Who is Yukos' chief executive?", "Steven Theede", "And its chief financial officer?",
         "Who is Yukos' chief financial officer?"),
        ("Who is the chief executive of Yukos?", "Steven Theede", "And its finance chief?",
         "Who is the finance chief of Yukos?"),
        ("Who is England's coach?", "Andy Robinson", "And their captain?", "Who is England's captain?"),
        ("Who did the Panthers beat?", "Arizona Cardinals", "Who will they face next?", "Who will the Panthers face next?"),
        ("Who won the men's singles title at Wimbledon in 2004?", "Roger Federer", "Who did he beat in the final?",
         "Who did Roger Federer beat in the final?"),  # the answer is the subject of the deed
    ],
)
def test_a_follow_up_reads_as_a_question_of_its_own(previous, answer, follow_up, expected):
    assert read(follow_up, previous, answer) == expected


@pytest.mark.parametrize(
    "previous, answer, follow_up, expected",
    [
        # the deed of a subject asked, of its answer
        ("Who founded Def Jam?", "Russell Simmons", "When?", "When was it that Russell Simmons founded Def Jam?"),
        ("Which bank advised Vivendi on the bond sale?", "Deutsche Bank", "Why?",
         "Why was it that Deutsche Bank advised Vivendi on the bond sale?"),
        ("Who was arrested over the bombing?", "Ali Hassan", "And where?",
         "Where was it that Ali Hassan was arrested over the bombing?"),
        ("Who won the women's 60m race in Glasgow?", "Maduaka", "In what time?",
         "In what time was it that Maduaka won the women's 60m race in Glasgow?"),
        # the question word replaced
        ("When was Def Jam founded?", "1984", "Where?", "Where was Def Jam founded?"),
        ("How much did Fosters pay for the stake?", "A$3.1bn", "When?", "When did Fosters pay for the stake?"),
        ("Which coach have Valencia sacked?", "Claudio Ranieri", "When?", "When have Valencia sacked Claudio Ranieri?"),
        # not read: a post's holder ("Since when is the Lib Dem chairman?"), whom a named subject beat, no answer
        ("Who is the Lib Dem chairman?", "Matthew Taylor", "Since when?", "Since when?"),
        ("Who did Lindsay Davenport beat?", "Jie Zheng", "Where?", "Where?"),
        ("Who founded Def Jam?", None, "When?", "When?"),
        # not a question word alone
        ("How much did GM earn in 2004?", "$3.8bn", "What about Ford?", "How much did Ford earn in 2004?"),
    ],
)
def test_a_question_word_alone_asks_the_previous_question_again(previous, answer, follow_up, expected):
    assert read(follow_up, previous, answer) == expected


@pytest.mark.parametrize(
    "question, follow_up",
    [
        ("Who else founded Yahoo?", True),  # two words of its own, and "else"
        ("Which other firms has WPP bought in recent years?", True),
        ("Who else quit the show?", True),
        ("Why did the two leaders criticise each other in Brussels?", False),  # "each other" asks no other
        ("Has anyone else been arrested?", True),
        ("Which countries other than France have banned GM crops?", False),
        ("How much did Die Another Day take at the box office?", False),  # a title's word
        ("How many captives were taken in the raid?", False),
        ("And in 2003?", True),
    ],
)
def test_a_question_that_asks_for_another_is_a_follow_up(question, follow_up):
    from qa.conversation import is_follow_up
    from qa.question import analyse

    assert is_follow_up(analyse(question)) is follow_up


@pytest.mark.parametrize(
    "previous, follow_up, answer, expected",
    [
        # a person's pronoun after "who else" is the person answered
        ("Who was arrested over the bombing?", "Who else was arrested with him?", "Ahmed Khan",
         "Who was arrested with Ahmed Khan?"),
        # unanswered, "him" is no role: "Who was arrested over the bombing?" asks for no one's role (it
        # was read "Who else was arrested with arrested over the bombing?")
        ("Who was arrested over the bombing?", "Who else was arrested with him?", None, "Who else was arrested with him?"),
        ("Who was arrested over the bombing?", "What did he say?", None, "What did he say?"),
        ("Who is British Airways' chief executive?", "How did he describe the results?", None,
         "How did British Airways' chief executive describe the results?"),
        # a name asked about is whom the pronoun means, not the description answered ("Who is Michael Owen?" >>
        # "Which club has expressed interest in him?" was read "... in Real Madrid striker?", a BBC probe)
        ("Who is Michael Owen?", "Which club has expressed interest in him?", "Real Madrid striker",
         "Which club has expressed interest in Michael Owen?"),
        ("Who is Wolves' new manager?", "Which manager is he succeeding?", "Glenn Hoddle",
         "Which manager is Glenn Hoddle succeeding?"),  # a post asked: its holder answered
        # a pronoun of the other sex than the kin asked is whose kin ("How old is she?" after "Who is Kate Bosworth's
        # boyfriend?" was read "How old is Orlando Bloom?", a BBC probe)
        ("Who is Kate Bosworth's boyfriend?", "How old is she?", "Orlando Bloom", "How old is Kate Bosworth?"),
        ("Who is Kate Bosworth's boyfriend?", "How old is he?", "Orlando Bloom", "How old is Orlando Bloom?"),
        ("Who is Tony Blair's wife?", "What is his job?", "Cherie Blair", "What is Tony Blair's job?"),
        ("Who is Tony Blair's wife?", "What is her job?", "Cherie Blair", "What is Cherie Blair's job?"),
        ("Who is Chelsea's manager?", "How old is she?", "Jose Mourinho", "How old is Jose Mourinho?"),  # no sex
    ],
)
def test_who_a_pronoun_after_a_who_question_is(previous, follow_up, answer, expected):
    assert read(follow_up, previous, answer) == expected


@pytest.mark.parametrize(
    "previous, follow_up, swapped",
    [
        ("How much did A Series of Unfortunate Events take in its debut weekend?", "What about Spanglish?",
         ("A Series of Unfortunate Events", "Spanglish")),
        ("Who was named best actress at the 2004 Evening Standard British Film Awards?", "And best actor?",
         ("actress", "actor")),
        ("How much did GM earn in the last three months of 2004?", "And what about Ford?", ("GM", "Ford")),
        ("Where did Labour hold its autumn conference in 2002?", "And the following year?", ("2002", "2003")),
        ("By how much did the UK economy grow in 2004, according to the ONS?", "And in 2003?", ("2004", "2003")),
        ("Who is the Italy rugby coach?", "Which player did he single out?", None),  # no swap: a pronoun
    ],
)
def test_what_a_follow_up_swapped(previous, follow_up, swapped):
    assert resolve_follow_up(follow_up, previous, lambda: "John Kirwan").swapped == swapped


@pytest.mark.parametrize(
    "swapped, sentence, kept",
    [
        (("A Series of Unfortunate Events", "Spanglish"), "A Series of Unfortunate Events took $30.2m in its debut "
         "weekend.", False),
        (("A Series of Unfortunate Events", "Spanglish"), "Spanglish took $9m, A Series of Unfortunate Events "
         "$30.2m.", True),  # names both
        (("A Series of Unfortunate Events", "Spanglish"), "The film took $9m.", True),  # names neither
        (("actress", "actor"), "Imelda Staunton won best actress.", False),
        (("when it floated in April 1996", "now"), "It had 50 staff when it floated in April 1996.", False),
        (("when it floated in April 1996", "now"), "It has 7,600 staff.", True),
    ],
)
def test_a_sentence_about_what_was_replaced_answers_the_previous_question(swapped, sentence, kept):
    from dataclasses import replace

    from qa.names import of_the_swap
    from qa.question import analyse
    from tests.conftest import proposal

    p = proposal(sentence, sentence.split()[0])
    q = replace(analyse("What about it?"), swapped=swapped)
    assert (of_the_swap(q, [p]) == [p]) is kept


def _similar(table: dict[tuple[str, str], float]):
    """A word similarity read from a table (the real one is the embedder's: tests/test_trust.py)."""
    return lambda word, others: [table.get((word, o), 0.0) for o in others]


@pytest.mark.parametrize(
    "previous, follow_up, table, expected",
    [
        # "And exports?" was appended: "By how much did US imports rise in October exports?"
        ("By how much did US imports rise in October?", "And exports?", {("exports", "imports"): 0.63},
         "By how much did US exports rise in October?"),
        ("How many gold medals did China win?", "And the silver?", {("silver", "gold"): 0.68, ("silver", "medals"): 0.5},
         "How many silver medals did China win?"),
        # the whole post the word is of
        ("Who is the chief executive of BA?", "And the chairman?", {("chairman", "executive"): 0.6},
         "Who is the chairman of BA?"),
        ("Who is BA's chairman?", "And the chief executive?", {("chief executive", "chairman"): 0.6},
         "Who is BA's chief executive?"),
        # not alike enough, or not clearly the one: appended as before
        ("What was the inflation rate in December?", "And unemployment?", {("unemployment", "inflation"): 0.34},
         "What was the inflation rate in December unemployment?"),
        ("How many gold medals did China win?", "And the bronze?", {("bronze", "medals"): 0.55, ("bronze", "gold"): 0.54},
         "How many gold medals did China win the bronze?"),
        ("How many law lords heard the case?", "And usually?", {("usually", "case"): 0.9},
         "How many law lords heard the case usually?"),  # no noun
    ],
)
def test_a_lone_noun_takes_the_place_of_the_word_it_is_alike(previous, follow_up, table, expected):
    assert resolve_follow_up(follow_up, previous, lambda: None, _similar(table)).question == expected


def test_without_a_similarity_a_lone_noun_is_appended():
    assert read("And exports?", "By how much did US imports rise in October?") == (
        "By how much did US imports rise in October exports?")


@pytest.mark.parametrize(("name", "bare"), [
    ("Mr Yang", "Yang"),
    ("Prime Minister Tony Blair", "Tony Blair"),
    ("Mr. Smith", "Smith"),
    ("the coach", "the coach"),  # no name after it: as it is
    ("Mr", "Mr"),
    ("Jerry Yang", "Jerry Yang"),
])
def test_a_name_without_its_titles(name, bare):
    from qa.names import untitled

    assert untitled(name) == bare


@pytest.mark.parametrize(("span", "answered", "repeats"), [
    ("Mr Yang", "Jerry Yang", True),  # the same man, titled
    ("Jerry Yang", "Mr Yang", True),
    ("Eric Fellner", "Tim Bevan and Eric Fellner", True),  # inside the answer given
    ("David Filo", "Jerry Yang", False),
    ("the coach", "the firm", False),  # "the" alone is no name
    ("Mr Yang founded it in a trailer", "Jerry Yang", True),  # a clause he leads
    ("his classmate David Filo", "Jerry Yang", False),
])
def test_who_else_does_not_give_the_one_answered_again(span, answered, repeats):
    from qa.extractive import _repeats

    assert _repeats(proposal(f"He said {span} was there.", span), (answered,)) is repeats


@pytest.mark.parametrize(
    "previous, standalone, year",
    [
        ("How much did Lord Sainsbury donate to Labour?", "How much did Lord Sainsbury donate to Labour in 2003?",
         "2003"),
        ("How much did GM earn in 2004?", "How much did GM earn in 2003?", None),  # a year swapped, not added
        ("Who won the title?", "Who won the title between 2003 and 2004?", None),  # two years
        ("Who won the title?", "Who won the title in March?", None),
    ],
)
def test_the_year_a_follow_up_added(previous, standalone, year):
    from qa.conversation import added_year

    assert added_year(previous, standalone) == year


@pytest.mark.parametrize(
    "previous, follow_up, sentence, says_it",
    [
        # "And the OFHEO's?" after "Who is the SEC's chief accountant?" was answered "Donald Nicolaisen" (a BBC
        # probe, 0.22), the SEC's, from a sentence that names no OFHEO
        ("Who is the SEC's chief accountant?", "And the OFHEO's?", "The watchdog's chief accountant Donald "
         "Nicolaisen said so.", False),
        ("Who is the SEC's chief accountant?", "And the OFHEO's?", "OFHEO's chief accountant is Jane Roe.", True),
        ("How much did Lord Sainsbury donate to Labour?", "And in 2003?", "He gave £2m in 2003.", True),
        ("How much did Lord Sainsbury donate to Labour?", "And in 2003?", "He gave £2m.", False),
        ("Who won best actress?", "And best actor?", "Imelda Staunton won best actress.", False),
    ],
)
def test_what_a_follow_up_changed_and_whether_a_sentence_says_it(previous, follow_up, sentence, says_it):
    from qa.conversation import resolve_follow_up, says, what_changed

    follow = resolve_follow_up(follow_up, previous, lambda: None)
    changed = what_changed(previous, follow)
    assert changed is not None and says(sentence, changed) is says_it


@pytest.mark.parametrize(
    "a, b, same",
    [("£2m", "£2m", True), ("£2m", "a £2m donation", True), ("£2m", "£2.5m", False), ("", "£2m", False)],
)
def test_the_same_answer(a, b, same):
    from qa.conversation import same_answer

    assert same_answer(a, b) is same


def test_a_year_added_is_not_answered_with_the_previous_answer_again(fresh, tmp_path):
    """"And in 2003?" after a question its article answers for now: not the same figure again from the
    sentence naming no 2003 (was "£2m", 0.90, a BBC probe), but the one the article gives for 2003."""
    from tests.conftest import add_article, assert_citations_exact

    add_article(fresh, tmp_path, "gift.txt",
        "Minister's election gift\n\nPublished: February 3, 2005\n\n"
        "Science Minister Lord Sainsbury has made a £2m donation to the Labour Party for its General Election fund. "
        "It is the latest hefty donation to the party by the billionaire. The 64-year-old's latest donation "
        "follows a £2.5m gift to the party in 2003. He was created a life peer in 1997.\n")
    first = fresh.ask("How much did Lord Sainsbury donate to Labour?")
    assert first.answer == "£2m", first.answer
    a = fresh.ask("And in 2003?", history=["How much did Lord Sainsbury donate to Labour?"])
    assert a.answer == "£2.5m", (a.answer, a.confidence)
    assert "2003" in a.citations[0].sentence
    assert_citations_exact(fresh, a)


def test_a_guess_is_not_what_a_follow_up_refers_to(fresh, monkeypatch):
    """"What will he receive on Monday?" after "Who is the Attorney General?" answered "Downing Street" at 0.09 (a
    BBC probe) was read "What will Downing Street receive ...?": an unsure answer is no previous answer, and the
    pronoun is the attorney general."""
    from qa.answer import Answer

    guess = Answer("Who is the Attorney General?", "Downing Street", "Downing Street", 0.09)
    monkeypatch.setattr(fresh, "_extractive", lambda *args, **kwargs: (guess, []))
    assert fresh._previous_answer("Who is the Attorney General?", []) is None
    sure = Answer("Who is the Attorney General?", "Lord Goldsmith", "Lord Goldsmith", 0.9)
    monkeypatch.setattr(fresh, "_extractive", lambda *args, **kwargs: (sure, []))
    assert fresh._previous_answer("Who is the Attorney General?", []) == "Lord Goldsmith"
