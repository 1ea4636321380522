"""A match's result line (``qa.results``: which lines are one, their score first) and a forecast is
no result (``qa.results.of_the_result``), through the real pipeline on a corpus written for these
tests (tests/data/forecasts/: critics' picks for an award not yet given, a cup final won by a side
that "could win the league"; tests/data/results/: a tennis final won "with victory over" the world
number one, an awards night where the star won best supporting actress; tests/data/cups/: a side
reaches a cup's semi-final, the final yet to be played). Result lines through the pipeline:
tests/test_measures.py."""

from __future__ import annotations

import pytest

from tests.conftest import answered_exactly, corpus_assistant, keeps, kept_by_the_rules, proposal


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    return corpus_assistant(tmp_path_factory, "forecasts", 2)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """The articles of tests/data/results/ (a tennis final, an awards night), indexed once."""
    return corpus_assistant(tmp_path_factory, "results", 3)


@pytest.mark.parametrize(
    "question, sentence, score",
    [
        ("What was the score when Ireland beat England?", "Ireland 19-13 England", "19-13"),
        ("What was the final score of Wales's six-try win over Italy?", "Italy 8-38 Wales", "8-38"),
        ("What was the score of Manchester United's win over Arsenal?", "Man Utd 2-0 Arsenal", "2-0"),
        ("What was the score between Queen of the South and St Johnstone?",
         "Queen of the South 1-2 St Johnstone", "1-2"),
        ("What was the score when Ireland beat Italy?", "Ireland 19-13 England", None),  # another match
        ("What was the score when Ireland beat England?", "Wales win in Rome", None),
        ("What was the half-time score when Ireland played England?", "Ireland 19-13 England", None),
        ("What was the score in the first leg between Chelsea and Barcelona?", "Chelsea 4-2 Barcelona", None),
        ("What was the final score when Scotland beat Italy, in which Paterson kicked six penalties?",
         "Scotland 18-10 Italy", "18-10"),  # penalties kicked, not a shoot-out
        ("What was the score when Ireland beat England?",
         "Ireland beat England 19-13 at Lansdowne Road.", None),  # a sentence, not a result line
    ],
)
def test_a_result_line_of_the_match_asked(question, sentence, score):
    from qa.results import result_of

    found = result_of(question, sentence)
    assert (sentence[found[0] : found[1]] if found else None) == score


_IRELAND_ENGLAND = "What was the score when Ireland beat England?"


@pytest.mark.parametrize(
    "question, proposals, expected",
    [
        # the result line's score first, alone
        (_IRELAND_ENGLAND, [("When England were 42-6 victors in 2003.", "42-6 victors"), ("Ireland 19-13 England", "19-13")],
         ["19-13", "42-6 victors"]),
        # the best proposal is the result line's: the score alone ("Ireland 19-13" was kept as read)
        (_IRELAND_ENGLAND, [("Ireland 19-13 England", "Ireland 19-13"), ("When England were 42-6 victors in 2003.", "42-6")],
         ["19-13", "42-6"]),
        # the best proposal gives the result line's score already, the other way round: as read
        ("What was the score when Ireland beat Italy?",
         [("Italy lost 28-17 to Ireland.", "28-17"), ("Italy 17-28 Ireland", "17-28")], ["28-17", "17-28"]),
    ],
)
def test_the_result_line_of_the_match_comes_first(question, proposals, expected):
    from qa.question import analyse
    from qa.results import results_first

    read = [proposal(sentence, span, doc=str(i), index=i) for i, (sentence, span) in enumerate(proposals)]
    out = results_first(analyse(question), read)
    assert [p.evidence.sentence[p.span.start : p.span.end] for p in out] == expected


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
        ("Which film won the best picture Oscar?", "Million Dollar Baby has become the new favourite to win best "
         "picture.", "Million Dollar Baby", False),
        ("Who directed The Aviator?", "Martin Scorsese will win best director.", "Martin Scorsese", True),  # no result asked
        # the other side of the result
        ("Who won the Australian Open?", "Williams won the title with victory over Lindsay Davenport.",
         "Lindsay Davenport", False),
        ("Who won the final?", "Williams won the title with victory over Lindsay Davenport.", "Williams", True),
        ("Which team beat City?", "Rovers, who beat City last year, lost to United.", "City", False),
        ("Which team won?", "United were defeated by the Rovers.", "Rovers", True),
        ("Who lost the final?", "Davenport lost to Serena Williams in the final.", "Serena Williams", False),
        ("Who lost the final?", "Davenport lost to Serena Williams in the final.", "Davenport", True),
        ("Who lost the final?", "Williams won with victory over Lindsay Davenport.", "Lindsay Davenport", True),
        ("Who did the Panthers beat?", "They defeated the Arizona Cardinals 49-15.", "Arizona Cardinals", True),
        ("Who did Federer lose to?", "Federer lost to Marat Safin.", "Marat Safin", True),  # asks the other side
        # a span that ends with the other side (the reader proposes it whole on some CPUs)
        ("Who won the Sylvania Open?", "Keller won her first title with victory over Anna Lind.",
         "Keller won her first title with victory over Anna Lind", False),
        ("Who won the Sylvania Open?", "Keller won her first title with victory over Anna Lind.", "Keller", True),
        ("Who won the Sylvania Open?", "Keller won her first title with victory over Anna Lind.", "Lind", False),
        # a word saying who the loser is ("Who won the AAAs long jump title?" was answered "Kelly Sotherton", a BBC
        # probe, 0.35)
        ("Who won the AAAs long jump title?", "Jade Johnson edged out rival Kelly Sotherton with her last effort to "
         "claim the AAAs long jump title.", "Kelly Sotherton", False),
        ("Who won the AAAs long jump title?", "Jade Johnson edged out rival Kelly Sotherton with her last effort to "
         "claim the AAAs long jump title.", "Jade Johnson", True),
        ("Who won the final?", "Smith was defeated by Jones in the final.", "Jones", True),  # "by": the winner
        # one of the sides listed after the marker lost too
        ("Who won the women's 60m?", "Maduaka edged out Russia's Olga Fedorova and Sweden's Jenny Kallur to win the "
         "women's 60m.", "Jenny Kallur", False),
        ("Who won the women's 60m?", "Maduaka edged out Russia's Olga Fedorova and Sweden's Jenny Kallur to win the "
         "women's 60m.", "Olga Fedorova", False),
        ("Who won the title?", "Federer beat Hewitt, Safin and Roddick on his way to the title.", "Roddick", False),
        ("Who beat France?", "England beat Wales and Ireland beat France.", "Ireland", True),  # wins itself
        # who reports the result is not its subject
        ("Who won the innovation award?", "Paul Trotter, news and features editor of PC Pro, said several Sony "
         "products helped it to take the innovation award.", "Paul Trotter", False),
        ("Who won the innovation award?", "Paul Trotter told the BBC that Sony won the innovation award.",
         "Paul Trotter", False),
        ("Who won the award?", "Paul Trotter said he won the award.", "Paul Trotter", True),  # he: the speaker won
        ("Who said Sony won the award?", "Paul Trotter said Sony won the award.", "Paul Trotter", True),
        # whose something is, in a sentence that tells of no win, did not win (BBC dev, 0.23: he came second)
        ("Who won the men's 3,000m?", "But Kenenisa Bekele's record hopes were dashed when he miscounted his "
         "laps in the men's 3,000m.", "Kenenisa Bekele", False),
        ("Who won the men's 3,000m?", "But Kenenisa Bekele's record hopes were dashed in the men's 3,000m.",
         "Kenenisa Bekele's", False),
        ("Who won the men's 3,000m?", "Ireland's Alistair Cragg won in 7:39.89.", "Ireland", True),  # a win
        ("Who won the election?", "Bush's victory in Ohio decided the election.", "Bush", True),  # a win of his
        ("Who won the Nobel Prize in 1905?", "It was not until Robert Koch's 1891 proofs, for which he was "
         "awarded a Nobel Prize in 1905, that microbes were confirmed as the cause.", "Robert Koch", True),
        ("Who won this season's Celebrity Apprentice?", "Now you can add winner of the show to Joan Rivers' "
         "lengthy resume.", "Joan Rivers", True),
        ("Who beat Wales?", "Scotland's hopes were dashed.", "Scotland", True),  # only who won is read so
        # one yet to do something, in a sentence of no win ("Paula Radcliffe", 0.23, for who won the men's race at
        # the 2005 London Marathon; BBC dev)
        ("Who won the men's race at the 2005 London Marathon?", "Paula Radcliffe will compete in the Flora London "
         "Marathon this year.", "Paula Radcliffe", False),
        ("Who won the London Marathon?", "Paula Radcliffe is set to defend the title she won last year.",
         "Paula Radcliffe", True),  # a win told
    ],
)
def test_a_forecast_is_no_result(question, sentence, span, kept):
    from qa.results import of_the_result

    assert keeps(of_the_result, question, sentence, span) is kept


@pytest.mark.parametrize(
    "question, asks",
    [
        ("Who won best film at the Golden Reel awards?", True),
        ("Which team beat City?", True),
        ("Who lost the final?", True),
        ("Who told the fire victims they won't be forgotten?", False),
        ("Who told them they won’t be forgotten?", False),
        ("Who is the coach?", False),
    ],
)
def test_which_questions_ask_for_a_result(question, asks):
    from qa.results import asks_result

    assert asks_result(question) is asks


@pytest.mark.parametrize(
    "question",
    ["Who won best film at the Golden Reel awards?", "Who won best director at the Golden Reel awards?"],
)
def test_an_award_not_yet_given_is_not_answered_from_the_critics_picks(assistant, question):
    """The critics' poll says "Harbour Lights will win best film" and "Anna Keller is expected to win
    best director": both were answered (0.90, 0.92) as if the awards had been given. With those set
    aside, the dateline's "2005" was next, held back only by the threshold (0.135 against 0.14): it
    names no one (``qa.roles.of_someone``), so the forecast is the reason given."""
    a = assistant.ask(question)
    assert a.abstained, f"answered {a.answer!r} ({a.confidence})"
    assert a.reason == "The closest sentences forecast the result; none reports it."


def test_the_loser_is_not_who_won(results):
    """"Williams won her first Grand Slam title since 2003 with victory over Lindsay Davenport" answered
    "Who won the women's title at the 2003 Australian Open?" with "Lindsay Davenport" (BBC, 0.59)."""
    answered_exactly(results, "Who won the Sylvania Open?", "Keller")


@pytest.mark.parametrize(
    "question, wrong",
    [
        # "Paul Trotter, news and features editor of PC Pro, said several Sony products helped it to take
        # the innovation award" answered "Who won the innovation award at the PC Pro awards?" (BBC probe, 0.88)
        ("Who won the innovation award at the Circuit Monthly awards?", "Tessa Rourke"),
        # "... edged out Russia's Olga Fedorova and Sweden's Jenny Kallur to win" (BBC probe, 0.23)
        ("Who won the women's 60m in Leeds?", "Kaisa Virtanen"),
    ],
)
def test_who_reports_or_lost_is_not_who_won(results, question, wrong):
    a = results.ask(question)
    assert a.answer is None or wrong not in a.answer, f"answered {a.answer!r} ({a.confidence})"


def test_the_reason_names_what_the_span_owns():
    read = [proposal("But compatriot Kenenisa Bekele's record hopes were dashed when he miscounted his laps.",
                     "compatriot Kenenisa Bekele")]
    assert kept_by_the_rules("Who won the men's 3,000m at the Boston Indoor Games?", *read) == (
        [], "The closest sentences speak of Kenenisa Bekele's record hopes, not of who won.")


def test_the_winner_of_another_award_is_no_answer(results):
    """"The Aviator was declared best film, and its star Cate Blanchett won best supporting actress"
    answered "Who won best actress at the Baftas?" (BBC). Here "Maria Costa" was given at 0.92; the
    reader does not find "The award for best actress went to Ines Duarte", so newsqa abstains."""
    a = results.ask("Who won best actress at the Golden Reel awards?")
    assert a.answer in (None, "Ines Duarte"), f"answered {a.answer!r} ({a.confidence})"


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        ("Who won best actress?", "Its star Cate Blanchett won best supporting actress.", "Cate Blanchett", False),
        ("Who won best film?", "It was named best film while Alexander Payne won best director.", "Alexander Payne",
         False),
        ("Who won best film?", "Other winners included Catalina Sandino Moreno, who took best actress.",
         "Catalina Sandino Moreno", False),
        ("Who won best film?", "Other winners included Catalina Sandino Moreno, who took best actress.",
         "Catalina Sandino Moreno, who took best actress", False),  # the award in the span
        ("Who won best director?", "It was named best film while Alexander Payne won best director.",
         "Alexander Payne", True),
        ("Who won the best actor Oscar?", "Jamie Foxx won the best actor Oscar for Ray.", "Jamie Foxx", True),
        ("Who won best actress?", "Imelda Staunton was at the ceremony.", "Imelda Staunton", True),  # no award given
        # the award's own name between the verb and "best"
        ("Who won the Screen Actors Guild award for best supporting actor?", "Jamie Foxx and Hilary Swank have won "
         "the Screen Actors Guild Awards for best male and female film actors.", "Jamie Foxx and Hilary Swank", False),
        ("Who won best actress?", "Hilary Swank won the Oscar for best actress.", "Hilary Swank", True),
        # the award before the name: "best actor for Paul Giamatti", in the span or before it
        ("Who won best film?", "It won in five categories including best film and best actor for Paul Giamatti.",
         "Paul Giamatti", False),
        ("Who won best film?", "It won in five categories including best film and best actor for Paul Giamatti.",
         "best actor for Paul Giamatti", False),
        ("Who won best film?", "It won in five categories including best film and best actor for Paul Giamatti.",
         "Giamatti", False),  # the name's words before the span
        ("Who won best actor?", "It won in five categories including best film and best actor for Paul Giamatti.",
         "Paul Giamatti", True),
        ("Who won best film?", "But the best director award went to Clint Eastwood.", "Clint Eastwood", False),
        ("Who won best film?", "But the director award went to Clint Eastwood for Million Dollar Baby.",
         "Clint Eastwood", False),  # an award written without "best"
        ("Who won best director?", "But the director award went to Clint Eastwood for Million Dollar Baby.",
         "Clint Eastwood", True),
        # what the name is, between "went to" and it
        ("Which game was named best GameCube title?", "The children's award went to GameCube bongo rhythm game "
         "Donkey Konga.", "bongo rhythm game Donkey Konga", False),
        ("Which game won the children's award?", "The children's award went to GameCube bongo rhythm game "
         "Donkey Konga.", "Donkey Konga", True),
        # two awards written as one: either is given
        ("Who won the Screen Actors Guild award for best male film actor?", "Jamie Foxx and Hilary Swank have won "
         "the Screen Actors Guild Awards for best male and female film actors.", "Jamie Foxx and Hilary Swank", True),
        # two awards one after the other: "Who won best director at the Independent Spirit Awards?" abstained,
        # "The closest sentences give best director and best screenplay, not best director." (a BBC probe)
        ("Who won best director?", "Alexander Payne won best director and best screenplay.", "Alexander Payne", True),
        ("Who won best screenplay?", "Alexander Payne won best director and best screenplay.", "Alexander Payne",
         True),
        ("Who won best actor?", "Alexander Payne won best director, and best screenplay.", "Alexander Payne", False),
        ("Who won?", "Jamie Foxx won best actor.", "Jamie Foxx", True),  # no award asked
    ],
)
def test_another_award_is_no_answer(question, sentence, span, kept):
    from qa.results import of_the_award

    assert keeps(of_the_award, question, sentence, span) is kept


def test_the_reason_names_the_award_given():
    from qa.question import analyse
    from qa.results import award_reason

    read = [proposal("Its star Cate Blanchett won best supporting actress.", "Cate Blanchett")]
    assert award_reason(analyse("Who won best actress at the Baftas?"), read) == (
        "The closest sentences give best supporting actress, not best actress.")
    read = [proposal("Foxx and Swank have won the Screen Actors Guild Awards for best male and female film actors.",
                     "Foxx and Swank")]
    assert award_reason(analyse("Who won best supporting actor?"), read) == (
        "The closest sentences give best male and female film actors, not best supporting actor.")


def test_a_result_beside_a_forecast_is_answered(assistant):
    answered_exactly(assistant, "Which team beat City in the county cup final?", "Rovers")
    answered_exactly(assistant, "Who is expected to win best director at the Golden Reel awards?", "Anna Keller")


@pytest.fixture(scope="module")
def cups(tmp_path_factory):
    """tests/data/cups/: a side reaches a cup's semi-final; the final is yet to be played."""
    return corpus_assistant(tmp_path_factory, "cups", 1)


@pytest.mark.parametrize(
    "question, asks",
    [
        ("Who won the Scottish Cup final?", True),
        ("Where will the final be played?", True),
        ("Who reached the FA Cup Final in 2005?", True),
        ("What was the final score?", False),  # an adjective
        ("Who won the semi-final?", False),
        ("Who won the quarter final?", False),
        ("Who played at the World Cup finals?", False),  # a tournament
    ],
)
def test_which_questions_ask_about_a_final(question, asks):
    from qa.results import asks_the_final

    assert asks_the_final(question) is asks


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        ("Who won the Scottish Cup final?", "Dundee United eased into the semi-final of the Scottish Cup with a win.",
         "Dundee United", False),
        ("Who won the cup final?", "Hearts reached the quarter-finals.", "Hearts", False),
        ("Who won the cup final?", "Hearts beat Hibs in the semi-final, then won the final.", "Hearts", True),  # both
        ("Who won the cup final?", "Hearts beat Hibs in the semi-final to reach the final.", "Hearts",
         False),  # both, the final only reached
        ("Who won the cup final?", "Hearts lifted the cup.", "Hearts", True),  # no stage named
        ("Who won the semi-final?", "Hearts reached the quarter-finals.", "Hearts", True),  # not the final
        # the stage asked only reached: whom it took to reach it was beaten before it ("Who did Hewitt beat in the
        # semi-final?" was answered "Argentine David Nalbandian", 0.59; a BBC probe)
        ("Who did Hewitt beat in the semi-final?", "Hewitt came through a five-set battle with Argentine David "
         "Nalbandian to reach the Australian Open semi-finals.", "Argentine David Nalbandian", False),
        ("Who did Hearts beat in the final?", "Hearts beat Hibs to reach the final.", "Hibs", False),
        ("Who did Hearts beat in the final?", "Hearts beat Hibs to make the final, where they beat Celtic.", "Celtic",
         True),  # what it says of the final itself
        ("Who did Hearts beat in the final?", "Hearts reached the final and beat Celtic.", "Celtic", True),  # no "to"
        ("Who did Hearts beat in the semi-final?", "Hearts beat Hibs in the semi-final to reach the final.", "Hibs",
         True),
        ("Who will Hearts face in the final?", "Hearts beat Hibs to reach the final.", "Hibs", True),  # no result
    ],
)
def test_a_sentence_about_an_earlier_stage_is_no_answer_about_the_final(question, sentence, span, kept):
    from qa.results import of_the_stage

    assert keeps(of_the_stage, question, sentence, span) is kept


def test_the_semi_final_does_not_answer_who_won_the_final(cups):
    """"Who won the Scottish Cup final?" was answered "Dundee United" from "Dundee United eased into the
    semi-final of the Scottish Cup" (BBC, 0.35). Here the old code answered with that whole sentence
    (0.35), and "Where will the Kingsbridge Cup final be played?" with "Harwood Town" (0.86)."""
    a = cups.ask("Who won the Kingsbridge Cup final?")
    assert a.abstained, f"answered {a.answer!r} ({a.confidence})"
    assert a.reason == "The closest sentences are about the semi-final, not the final."
    answered_exactly(cups, "Where will the Kingsbridge Cup final be played?", "Bridge Park")


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "How many Grammys did Kanye West win?" was answered "10" (a BBC probe, 0.40): nominations
        ("How many Grammys did Kanye West win?", "This year the Grammys have been dominated by Kanye West, who is in "
         "contention for 10 awards.", "10", False),
        ("How many Grammys did Kanye West win?", "Kanye West leads the race with 10 Grammy nominations.", "10", False),
        ("How many Grammys did Kanye West win?", "Kanye West leads the race with 10 nominations.", "10 nominations",
         False),
        ("How many Grammys did Kanye West win?", "Kanye West won three Grammys on Sunday.", "three", True),
        ("How many Grammy nominations did Kanye West get?", "Kanye West leads with 10 Grammy nominations.", "10",
         True),  # nominations asked
        ("How many trays did the beef take up?", "It took up about 3 trays.", "about 3", True),  # (SQuAD train)
    ],
)
def test_a_count_of_nominations_is_no_count_of_wins(question, sentence, span, kept):
    from qa.results import of_the_wins

    assert keeps(of_the_wins, question, sentence, span) is kept


def test_the_reason_says_they_are_nominations():
    read = [proposal("Kanye West, who is in contention for 10 awards, leads.", "10")]
    assert kept_by_the_rules("How many Grammys did Kanye West win?", *read) == (
        [], "The closest sentences count nominations, not wins.")
