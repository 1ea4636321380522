"""Another country (qa.places): a fact stated for the UK does not answer a question asking it in India.

The rule alone on sentences, then through the real pipeline on an article written for the test."""

from __future__ import annotations

import pytest

from tests.conftest import add_article, answered_exactly, keeps, kept_by_the_rules, proposal


@pytest.mark.parametrize(
    "question, country",
    [
        ("When does Kisna open in India?", "India"),
        ("How many copies has Halo 2 sold in the US?", "the US"),
        ("How much will the PSP cost in Japan in 2005?", "Japan"),
        ("How many people live in London?", None),  # a city: it may be part of a country asked
        ("Where did Tesla teach in Croatia?", "Croatia"),  # read, but where-questions keep their spans (below)
        ("What is the Saxon Garden in Polish?", None),
    ],
)
def test_the_country_a_question_asks_in(question, country):
    from qa.places import asked_in

    assert asked_in(question) == country


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "When does Kisna open in India?" was answered "21 January" of this sentence (a BBC probe, 0.75)
        ("When does Kisna open in India?", "Kisna - the Warrior Poet opens in the UK on 21 January.", "21 January",
         False),
        ("When does Kisna open in India?", "Kisna - the Warrior Poet opens in the UK on 21 January.",
         "Kisna - the Warrior Poet opens in the UK on 21 January", False),  # a clause going on past the UK
        ("When does Kisna open in Britain?", "Kisna - the Warrior Poet opens in the UK on 21 January.", "21 January",
         True),  # two names of one country
        ("When does Kisna open in the UK?", "Kisna opens in London on 21 January.", "21 January", True),  # a city
        ("When does Kisna open in India?", "It opens in the UK on 21 January and in India a week later.",
         "21 January", True),  # India is named
        ("When does Kisna open in India?", "Kisna was shot in the UK, and it opens on 21 January.", "21 January",
         True),  # the UK is not beside the span
        ("What happened to Louis Philippe after the revolution in France?",
         "Louis Philippe was deposed in 1848, and fled to exile in England.", "fled to exile in England", True),
        ("Where did Tesla teach in Croatia?", "Tesla taught at his old school in Austria.", "his old school", True),
        # "How much annual growth may India lose?" was answered "1%" (a BBC probe, 0.71): a sentence opening with
        # "In Sri Lanka," states all it says there
        ("How much annual growth may India lose?",
         "In Sri Lanka, some observers have said that as much as 1% of annual growth may be lost.", "1%", False),
        ("How much annual growth may Sri Lanka lose?",
         "In Sri Lanka, some observers have said that as much as 1% of annual growth may be lost.", "1%", True),
        ("How much growth may India's economy lose?",
         "In Sri Lanka, as in India, as much as 1% of annual growth may be lost.", "1%", True),  # India named
        ("How much growth may the region lose?",
         "In Sri Lanka, as much as 1% of annual growth may be lost.", "1%", True),  # no country asked
        ("What country has higher test scores than the US?",
         "In Japan, for example, attainment on standardized tests may exceed those in Western countries.", "Japan",
         True),  # the place itself (SQuAD dev)
    ],
)
def test_a_fact_of_another_country(question, sentence, span, kept):
    from qa.places import of_the_place_asked

    assert keeps(of_the_place_asked, question, sentence, span) is kept


@pytest.mark.parametrize(
    "question, country",
    [
        ("How much annual growth may India lose?", "India"),
        ("What was Japan's trade surplus?", "Japan"),
        ("How many US troops are in Iraq?", None),  # two countries
        ("Who is the chairman of Yili?", None),
    ],
)
def test_the_one_country_a_question_names(question, country):
    from qa.places import named_country

    assert named_country(question) == country


def test_the_other_country_is_said_when_none_is_left():
    read = [proposal("Kisna - the Warrior Poet opens in the UK on 21 January.", "21 January")]
    assert kept_by_the_rules("When does Kisna open in India?", *read) == (
        [], "The closest sentences are about the UK, not India.")


def test_a_date_of_another_country_is_not_an_answer_through_the_pipeline(fresh, tmp_path):
    """The near miss of another place, in one article that names both countries: the UK's date is not
    given for India (without the rule: "21 January", 0.99). What the reader has left is no date, and is
    given, if at all, only as a guess (confidence under 0.1: "unsure")."""
    add_article(fresh, tmp_path, "premiere.txt",
        "Bollywood epic draws British star\n\nPublished: January 12, 2005\n\n"
        "British actress Clara Venn is making her debut in Rajmahal, the new film from India's biggest studio. "
        "Rajmahal opens in the UK on 21 January.\n")
    answered_exactly(fresh, "When does Rajmahal open in the UK?", "21 January")
    a = fresh.ask("When does Rajmahal open in India?")
    assert a.answer is None or ("21 January" not in a.answer and a.unsure), f"answered {a.answer!r} ({a.confidence})"


@pytest.mark.parametrize(
    "question, people",
    [
        ("How much will Germans spend buying gifts online this Christmas?", "Germans"),
        ("How many German shoppers buy online?", "German"),
        ("How many Kenyans voted?", "Kenyans"),
        ("How much did Brian spend?", None),  # a name, not a people
        ("How many troops did France send to Mali?", None),  # countries are ``asked_in``'s, not a people
        ("What does Zugunruhe mean in English?", None),  # a language
        ("How many French and German troops are there?", None),  # two peoples
    ],
)
def test_the_people_a_question_asks_of(question, people):
    from qa.places import asked_people

    assert asked_people(question) == people


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "How much will Germans spend buying gifts online this Christmas?" was answered "£4bn" (a BBC probe, 0.92)
        ("How much will Germans spend buying gifts online this Christmas?", "Forecasts predict that British people "
         "will spend £4bn buying gifts online.", "£4bn", False),
        ("How much will British people spend buying gifts online?", "Forecasts predict that British people will "
         "spend £4bn buying gifts online.", "£4bn", True),
        ("How much will English shoppers spend online?", "British people will spend £4bn online.", "£4bn",
         True),  # the English are British
        ("How much will Germans spend online?", "British people will spend £4bn online, Germans less.", "£4bn",
         True),  # the people asked is named: whose figure, unread
        ("Who will spend £4bn online, the Germans?", "British people will spend £4bn online.", "British people",
         True),  # not a figure asked
    ],
)
def test_a_figure_of_another_people(question, sentence, span, kept):
    from qa.places import of_the_people

    assert keeps(of_the_people, question, sentence, span) is kept


def test_the_other_people_is_said_when_none_is_left():
    read = [proposal("Forecasts predict that British people will spend £4bn buying gifts online.", "£4bn")]
    assert kept_by_the_rules("How much will Germans spend buying gifts online?", *read) == (
        [], "The closest sentences are about the British, not the Germans.")


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "Where will Bioware hold its auditions?" was answered "Video game firm" (a BBC probe, 0.55)
        ("Where will Bioware hold its auditions?", "Video game firm Bioware is to hold open auditions.",
         "Video game firm", False),
        ("Where will Bioware hold its auditions?", "Video game firm Bioware is to hold open auditions.", "Video game",
         False),  # the description goes on past the span
        ("Where will Bioware hold its auditions?", "The firm will hold them at a shopping mall in West Edmonton.",
         "a shopping mall in West Edmonton", True),
        ("Where in Houston is the campus?", "It has a 667-acre campus in southeast Houston.", "southeast",
         True),  # a part of a place (SQuAD train)
        ("Who is holding auditions?", "Video game firm Bioware is to hold open auditions.", "Video game firm",
         True),  # not a where-question
        # "<place>-based" said of another ("Where is Blackwatch based?" was answered "Baghdad", 0.75; a BBC probe)
        ("Where is Blackwatch based?", "Blackwatch's Baghdad-based affiliate Falcon Group has dozens of staff.",
         "Baghdad", False),  # the asked name's thing
        ("Where is Blackwatch based?", "Blackwatch's Baghdad-based affiliate Falcon Group has dozens of staff.",
         "Baghdad-based affiliate Falcon Group has dozens of staff", False),
        ("Where is Blackwatch based?", "Blackwatch's Baghdad-based affiliate Falcon Group has dozens of staff.",
         "Baghdad-", False),
        ("Where is Blackwatch based?", "London-based rival Acme said so.", "London", False),  # another name
        ("Where is Blackwatch based?", "Radwan Hadi of Aberdeen-based oil consultancy Blackwatch Petroleum Services "
         "said so.", "Aberdeen", True),  # the asked name, written longer
        ("Where is the BCCI based?", "The Pakistan-based Bank of Credit and Commerce International (BCCI) did so.",
         "Pakistan", True),  # by its short name (SQuAD train)
        ("Where is Blackwatch based?", "Blackwatch is based in Aberdeen.", "Aberdeen", True),
    ],
)
def test_a_where_question_is_not_answered_with_a_description(question, sentence, span, kept):
    from qa.places import of_somewhere

    assert keeps(of_somewhere, question, sentence, span) is kept


@pytest.mark.parametrize(
    "rule, question, sentence, span, kept",
    [
        # a clause saying again what was asked, the name asked about, a firm's description: no place
        ("of_somewhere", "Where will Bioware hold its auditions?", "Video game firm Bioware is to hold open auditions "
         "for people to become cast members for future games.", "Video game firm Bioware is to hold open auditions "
         "for people to become cast members for future games", False),
        ("of_somewhere", "Where will Bioware hold its auditions?", "Video game firm Bioware is to hold open auditions.",
         "Video game firm Bioware", False),
        ("of_somewhere", "Where will Bioware hold its auditions?", "Game firm holds 'cast' auditions", "Game firm",
         False),
        ("of_somewhere", "Where will Bioware hold its auditions?", "Bioware invites people to a shopping mall in West "
         "Edmonton.", "a shopping mall in West Edmonton", True),
        ("of_somewhere", "Where was The Mogadishu Times published?", "Newspapers were published in Mogadishu.",
         "Mogadishu", True),  # a word of a name asked, not the whole name
        # a country is no club ("Which club does Euan Murray play for?" was answered "Scotland", a BBC probe)
        ("of_a_club", "Which club does Euan Murray play for?", "Euan Murray has been named in the Scotland training "
         "squad.", "Scotland", False),
        ("of_a_club", "Which club does Euan Murray play for?", "Euan Murray has been named in the Scotland training "
         "squad.", "Scotland training squad", False),
        ("of_a_club", "Which club does Euan Murray play for?", "Euan Murray (Glasgow Rugby) returns.", "Glasgow Rugby",
         True),
        ("of_a_club", "Which team did Wales beat?", "Wales beat Scotland.", "Scotland", True),  # a team may be a country
    ],
)
def test_no_place_and_no_club(rule, question, sentence, span, kept):
    import qa.places

    assert keeps(getattr(qa.places, rule), question, sentence, span) is kept
