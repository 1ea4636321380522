"""Who did it (qa.agents): a sentence that gives the question's deed to another name does not answer it.

The rule alone on sentences, then through the real pipeline on an article written for the test."""

from __future__ import annotations

import pytest

from tests.conftest import add_article, answered_exactly, keeps, kept_by_the_rules, proposal


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "When did Yahoo acquire Pyra Labs?" was answered "2003" of this sentence (a BBC probe, 0.90)
        # both deeds in one sentence, each with its own doer ("49%" answered how much National Bank of Kuwait
        # bought, 0.98; a BBC probe)
        ("How much of Credit Bank of Iraq did National Bank of Kuwait buy?", "National Bank of Kuwait has bought a "
         "majority stake in Credit Bank of Iraq, the Jordanian bank Export & Finance Bank has bought 49% of National "
         "Bank of Iraq.", "49%", False),
        ("How much of Credit Bank of Iraq did National Bank of Kuwait buy?", "National Bank of Kuwait has bought a "
         "majority stake in Credit Bank of Iraq, the Jordanian bank Export & Finance Bank has bought 49% of National "
         "Bank of Iraq.", "a majority stake", True),
        ("How much did National Bank of Kuwait buy?", "Export & Finance Bank has bought 49% of Credit Bank, a "
         "stake National Bank of Kuwait had hoped to buy.", "49%", True),  # the doer asked did not do it: named
        ("When did Monophonic chant stop being the dominant form?", "Monophonic chant, also called plainsong, was the "
         "dominant form until about 1100, when Gregorian chant stopped being sung.", "about 1100", True),  # no last verb
        ("When did Yahoo acquire Pyra Labs?", "Google acquired Pyra Labs, makers of the Blogger software, in 2003.",
         "2003", False),
        ("When did Yahoo acquire Pyra Labs?", "Google acquired Pyra Labs, makers of the Blogger software, in 2003.",
         "Google acquired Pyra Labs, makers of the Blogger software, in 2003", False),  # a whole clause
        ("When did Google acquire Pyra Labs?", "Google acquired Pyra Labs, makers of the Blogger software, in 2003.",
         "2003", True),
        # "When did Atari file for bankruptcy?" was answered "1994" (0.74)
        ("When did Atari file for bankruptcy?", "Commodore International filed for bankruptcy in 1994.", "1994", False),
        # done to it: "When was the Amiga launched?" was answered "1982" (0.75)
        ("When was the Amiga launched?", "The Commodore 64, launched in 1982, was one of the first home PCs.",
         "1982", False),
        ("When was the Commodore 64 launched?", "The Commodore 64, launched in 1982, was one of the first home PCs.",
         "1982", True),
        ("When was San Francisco voted the host?", "In 2013, NFL owners meeting in Boston voted for it.", "2013",
         True),  # SQuAD dev: who voted is no one it was done to
        # a word at opposite ends of two names ("How much does China Southern plan to raise from its flotation?" was
        # answered "$1bn", Air China's, a BBC probe, 0.90)
        ("How much does China Southern plan to raise?", "Air China plans to raise $1bn (£514m) from the flotation.",
         "$1bn", False),
        ("How much does Air China plan to raise?", "Air China plans to raise $1bn (£514m) from the flotation.",
         "$1bn", True),
        ("When did Joseph Dobrovsky release a grammar?", "In 1809 linguist Josef Dobrovsky released a grammar.",
         "1809", True),  # a name spelt otherwise, its last word the same (SQuAD train)
        ("When did Britain pass the Regulating Act?", "Acts of Parliament were passed, the Regulating Act in 1773.",
         "1773", True),  # SQuAD train: what was done, not who did it
        # the same one, written another way
        ("How many banks has Enrico Bondi sued?", "That brought to 49 the banks Mr Bondi has sued.", "49", True),
        ("What year did Pamerston die?", "Palmerston died in 1865, and Derby returned to power.", "1865", True),
        ("How long did Ms Kucukdeveci work there?", "Ms Kücükdeveci worked for 10 years there.", "10 years", True),
        ("When did Napoleon's army capture it?", "In 1796, the army captured it.", "1796", True),  # a description
        # names with "of the" and numbers written with a slash
        ("How much did Fahrenheit 9/11 make?", "The Passion of the Christ made more than US$370m.", "US$370m", False),
        ("How much did The Passion of the Christ make?", "The Passion of the Christ made more than US$370m.",
         "US$370m", True),
        ("When did the V&A acquire the collection?", "In 2002, the Museum acquired the collection.", "2002", True),
        ("When did Yahoo buy it?", "Google bought it in 2003, and Yahoo bought its rival.", "2003", True),  # named
        ("Who did Yahoo buy?", "Google bought Pyra Labs in 2003.", "Pyra Labs", True),  # no deed of a name asked
        # a clause between the name and its verb: "How much does Sri Lanka owe the Paris Club?" (a BBC probe)
        ("How much does Sri Lanka owe the Paris Club?",
         "Indonesia, which originally accepted the offer, owes the Paris Club about $48bn.", "about $48bn", False),
        ("How much does Indonesia owe the Paris Club?",
         "Indonesia, which originally accepted the offer, owes the Paris Club about $48bn.", "about $48bn", True),
        # the deed in a clause of another name: "How many viewers did Supervolcano draw?" was answered
        # "10 million" (a BBC probe, 0.90), Pompei's
        ("How many viewers did Supervolcano draw?", "Supervolcano follows in the footsteps of last year's Pompei, "
         "which drew 10 million viewers to BBC One.", "10 million", False),
        ("How many viewers did Pompei draw?", "Supervolcano follows in the footsteps of last year's Pompei, "
         "which drew 10 million viewers to BBC One.", "10 million", True),
        ("When did Elizabeth open the Olympics?", "The Queen, who opened the 1976 Olympics in Montreal, was there.",
         "1976", True),  # a description: who it is, unread (SQuAD train)
        ("What century did Alexandria become a hub?", "Key was the city of Alexandria in Egypt, which became a "
         "centre of research in the 3rd century BC.", "3rd century BC", True),  # the place of a name (SQuAD train)
        # "that" after a verb of saying opens what was said ("When did Stephen Fry die?" was answered "2001", Douglas
        # Adams's death; a BBC probe, 0.59)
        ("When did Stephen Fry die?", "Robbie Stamp said that Adams, who died in 2001, would have been delighted with "
         "the choice of Fry.", "2001", False),
        ("When did Douglas Adams die?", "Robbie Stamp said that Adams, who died in 2001, would have been delighted with "
         "the choice of Fry.", "2001", True),
    ],
)
def test_another_name_did_it(question, sentence, span, kept):
    from qa.agents import of_the_doer

    assert keeps(of_the_doer, question, sentence, span) is kept


def test_a_sentence_opening_word_the_article_writes_in_lower_case_is_no_name():
    from qa.agents import of_the_doer
    from qa.question import analyse

    sentence = "Despite spending $13 billion on acquisitions, it failed."
    q = analyse("How much did Dell spend on acquisitions?")
    read = proposal(sentence, "$13 billion", article=f"Dell grew, despite its size. {sentence}")
    assert of_the_doer(q, [read]) == [read]  # "despite" is a word of the article's, not a name
    alone = proposal(sentence, "$13 billion", article=sentence)
    assert of_the_doer(q, [alone]) == []  # (read as a name when the article never writes it in lower case)


def test_who_did_it_is_named_without_the_words_the_article_writes_in_lower_case():
    sentence = "Actress Nicole Kidman won a restraining order against photographers in 2003."
    read = [proposal(sentence, "photographers", article=f"The actress said so. {sentence}")]
    assert kept_by_the_rules("Which photographers did Russell Crowe win an order against?", *read) == (
        [], "The closest sentences are about Nicole Kidman, not Russell Crowe.")


def test_who_did_it_is_said_when_none_is_left():
    read = [proposal("Commodore International filed for bankruptcy in 1994.", "1994")]
    assert kept_by_the_rules("When did Atari file for bankruptcy?", *read) == (
        [], "The closest sentences are about Commodore International, not Atari.")


def test_a_deed_of_another_is_not_an_answer_through_the_pipeline(fresh, tmp_path):
    """The near miss of another name, in one article: what Google did is not what Yahoo did."""
    add_article(fresh, tmp_path, "blogs.txt",
        "Search firm buys blog site\n\nPublished: February 10, 2005\n\n"
        "Ask Jeeves has bought the Bloglines website to improve the way it handles web journals. "
        "Google acquired Pyra Labs, makers of the Blogger software, in 2003. "
        "Yahoo has tweaked its technology to do a better job of handling blog entries.\n")
    answered_exactly(fresh, "When did Google acquire Pyra Labs?", "2003")
    a = fresh.ask("When did Yahoo acquire Pyra Labs?")
    assert a.abstained, f"answered {a.answer!r} ({a.confidence})"
    assert a.reason == "The closest sentences are about Google, not Yahoo."


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "What was Barclays' net income in its last financial year?" was answered "$6.2bn" (a BBC probe, 0.90)
        ("What was Barclays' net income last year?", "Wells Fargo had net income of $6.2bn last year.", "$6.2bn",
         False),
        ("What was Barclays' net income last year?", "Wells Fargo had net income of $6.2bn last year.",
         "net income of $6.2bn", False),
        ("What was Wells Fargo's net income last year?", "Wells Fargo had net income of $6.2bn last year.", "$6.2bn",
         True),
        # "What is Justin Gatlin's 60m world record?" was answered "6.39 seconds" (0.35), Greene's
        ("What is Justin Gatlin's 60m world record?", "Greene currently holds the world record of 6.39 seconds.",
         "6.39 seconds", False),
        ("What is Justin Gatlin's 60m world record?", "Maurice Greene's world record of 6.39secs still stands.",
         "6.39secs", False),
        ("What is Maurice Greene's 60m world record?", "Greene currently holds the world record of 6.39 seconds.",
         "6.39 seconds", True),  # part of the name
        ("What was Detroit's rate of property crime?", "Neighborhoodscout.com reported a crime rate of 62.18.",
         "62.18", True),  # who reported it does not own it (SQuAD train)
        ("What was Barclays' net income last year?", "It had net income of £3bn, more than the bank's rivals.", "£3bn",
         True),  # no other name
        ("What was Barclays' net income?", "Unlike Wells Fargo, Barclays had net income of £3bn.", "£3bn", True),
        # "What is Charlie Hodgson's kicking success rate?" was answered "80%" (a BBC probe, 0.35): Wilkinson's
        ("What is Charlie Hodgson's kicking success rate?", "Jonny Wilkinson has proved himself a cool customer "
         "with around an 80% kicking success rate.", "80%", False),
        ("What is Jonny Wilkinson's kicking success rate?", "Jonny Wilkinson has proved himself a cool customer "
         "with around an 80% kicking success rate.", "80%", True),
        # "How long was Richard Berry's jail sentence?" was answered "46 months" (a BBC probe, 0.84), Sankus's
        ("How long was Richard Berry's jail sentence?",
         "The longest jail sentence - 46 months - was handed down to Sankus, 28.", "46 months", False),
        ("How long is Kelli White's ban?", "Dwain Chambers, who was handed a two-year ban, is out.", "two-year",
         False),  # the thing just after the span
        ("How long is Kelli White's ban?", "She was subsequently handed a two-year ban in May.", "two-year", True),
        ("How long was John Sankus's jail sentence?",
         "The longest jail sentence - 46 months - was handed down to Sankus, 28.", "46 months", True),
        # "What were Yahoo's revenues for the three months to September?" was answered "$805.9m" (a BBC probe, 0.90)
        ("What were Yahoo's revenues for the three months to September?",
         "These small ads helped Google reach revenues of $805.9m for the three months to September.", "$805.9m",
         False),
        ("What were Google's revenues for the three months to September?",
         "These small ads helped Google reach revenues of $805.9m for the three months to September.", "$805.9m",
         True),
    ],
)
def test_another_names_thing(question, sentence, span, kept):
    from qa.agents import of_the_owner

    assert keeps(of_the_owner, question, sentence, span) is kept


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "Who is Lord Falconer's nephew?" was answered "George Ritchie" (a BBC probe, 0.35), Lord Scarman's
        ("Who is Lord Falconer's nephew?", "Lord Scarman's nephew George Ritchie said he would be sadly missed.",
         "George Ritchie", False),
        ("Who is Lord Scarman's nephew?", "Lord Scarman's nephew George Ritchie said he would be sadly missed.",
         "George Ritchie", True),
        ("Who is Lord Falconer's nephew?", "Lord Falconer and Lord Scarman's nephew George Ritchie spoke.",
         "George Ritchie", True),  # the asked name is in the sentence: whose nephew, unread
    ],
)
def test_another_names_kin_or_post(question, sentence, span, kept):
    from qa.agents import of_the_owner

    assert keeps(of_the_owner, question, sentence, span) is kept


def test_whose_thing_it_is_is_said_when_none_is_left():
    read = [proposal("Wells Fargo had net income of $6.2bn last year.", "$6.2bn")]
    assert kept_by_the_rules("What was Barclays' net income last year?", *read) == (
        [], "The closest sentences are about Wells Fargo, not Barclays.")


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "Where was the Tory spring conference held?" was answered "Gateshead" (a BBC probe, 0.35), Labour's
        ("Where was the Tory spring conference held?",
         "Unions met John Prescott at the Labour spring conference in Gateshead.", "Gateshead", False),
        ("Where was the Tory spring conference held?",
         "Tony Blair told Labour supporters at the party's spring conference in Gateshead he was back.", "Gateshead",
         False),
        ("Where was the Tory spring conference held?",
         "In a speech to his party's spring conference in Brighton, he said the Tories were hitting home.",
         "Brighton", True),
        ("Where was the Labour spring conference held?",
         "Unions met John Prescott at the Labour spring conference in Gateshead.", "Gateshead", True),
        ("What union is the Republican party in?",
         "The party is a full member of the International Democrat Union.", "International Democrat Union",
         True),  # part of another name (SQuAD train)
        ("Where was the Tory spring conference held?", "The spring conference was held in Brighton.", "Brighton",
         True),  # no party named
        # whose thing the span is, whatever other parties the sentence names ("What is the Conservative election
        # slogan?" was answered with Labour's, a BBC probe, 0.35)
        ("What is the Conservative election slogan?", "Labour's election slogan will be: \"Britain's working, don't "
         "let the Tories wreck it again\".", "Britain's working, don't let the Tories wreck it again", False),
        ("What is the Conservative election slogan?", "UKIP, which campaigned on a slogan of \"Say no to Europe\", "
         "spent £2.36m, second only to the Conservatives' £3.13m.", "Say no to Europe", False),
        ("What is the Conservative election slogan?", "New Labour's campaign would be centred around the slogan "
         "\"Britain is Working\".", "Britain is Working", False),  # New Labour is Labour
        ("What is Labour's election slogan?", "Labour's election slogan will be: \"Britain's working, don't let the "
         "Tories wreck it again\".", "Britain's working, don't let the Tories wreck it again", True),
        ("How far was the Conservative party in debt?", "Labour were £17 million in debt; compared to the "
         "Conservatives' £6 million.", "£6 million", True),  # the thing is not between (SQuAD train)
    ],
)
def test_another_partys_thing(question, sentence, span, kept):
    from qa.agents import of_the_party

    assert keeps(of_the_party, question, sentence, span) is kept


def test_the_other_party_is_said_when_none_is_left():
    read = [proposal("Unions met John Prescott at the Labour spring conference in Gateshead.", "Gateshead")]
    assert kept_by_the_rules("Where was the Tory spring conference held?", *read) == (
        [], "The closest sentences are about the Labour conference, not the Tory one.")


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "What percentage opposed a hunting ban in the Countryfile survey?" was answered "24% against" (a BBC
        # probe, 0.75): the Mail on Sunday's survey
        ("What percentage opposed a hunting ban in the Countryfile survey?",
         "The Mail on Sunday survey found that 63% supported a hunting ban compared with 24% against.", "24%",
         False),
        ("What percentage opposed a hunting ban in the Countryfile survey?",
         "In the Countryfile survey, 47% said they supported the legislation, with 26% against.", "26%", True),
        ("What percentage opposed a ban in the Mail on Sunday survey?",
         "The Mail on Sunday survey found that 63% supported a hunting ban compared with 24% against.", "24%",
         True),
        ("What percentage opposed a ban in the Countryfile survey?", "The survey found 24% against.", "24%",
         True),  # no other name
        ("What did they find in the Countryfile programme?", "The Mail on Sunday programme found 24% against.",
         "24%", True),  # not a source of figures: unread
        ("What percentage backed a ban in the Mori poll?", "In the ICM poll, 24% backed a ban.", "24%",
         False),  # the name after the sentence's opening words
    ],
)
def test_another_sources_figure(question, sentence, span, kept):
    from qa.agents import of_the_named

    assert keeps(of_the_named, question, sentence, span) is kept


def test_the_other_source_is_said_when_none_is_left():
    read = [proposal("The Mail on Sunday survey found that 63% supported a hunting ban compared with 24% against.",
                     "24%")]
    assert kept_by_the_rules("What percentage opposed a hunting ban in the Countryfile survey?", *read) == (
        [], "The closest sentences are about the Mail on Sunday survey, not the Countryfile one.")


_BAND_AID = ("Do They Know It's Christmas, featuring artists including Chris Martin and Jamelia, held off Kylie Minogue "
             "to remain the week's biggest single.")


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # a BBC probe: "Who bought Glenmorangie?" was answered "Pernod" (0.35)
        ("Who bought Glenmorangie?", "Last year Pernod tried to buy Glenmorangie, but lost out to luxury goods firm "
         "LVMH.", "Pernod", False),
        ("Who bought Glenmorangie?", "Last year Pernod tried to buy Glenmorangie, but lost out to luxury goods firm "
         "LVMH.", "LVMH", True),
        ("Who bought Glenmorangie?", "LVMH bought Glenmorangie last year.", "LVMH", True),
        ("Who won the title?", "Federer is hoping to win the title again.", "Federer", False),
        ("Who won the title?", "Federer hoped to play well and won the title.", "Federer", True),  # another deed
        ("Who bought Glenmorangie?", "Pernod has also tried to sell Glenmorangie.", "Pernod", True),  # another deed
        ("Who is the chairman?", "Pernod tried to buy it.", "Pernod", True),  # no deed asked
        # inside an insert describing the subject that did it ("Chris Martin and Jamelia", 0.86, for who held off Kylie
        # Minogue; a BBC probe)
        ("Who held off Kylie Minogue?", _BAND_AID, "Chris Martin and Jamelia", False),
        ("Who held off Kylie Minogue?", _BAND_AID, "Do They Know It's Christmas", True),
        ("Who rendered help to the British?", "Some, including the rulers of Chamba, rendered help to the British.",
         "the rulers of Chamba", True),  # no subject of its own (SQuAD train)
        ("Who signed the treaty?", "The leaders, including Tony Blair and Jacques Chirac, signed the treaty.",
         "Tony Blair and Jacques Chirac", True),  # "including": among them
    ],
)
def test_a_deed_tried_is_not_done(question, sentence, span, kept):
    from qa.agents import of_a_deed_done

    assert keeps(of_a_deed_done, question, sentence, span) is kept


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "Who will revise the original book of The Pajama Game?" was answered "George Abbott and Richard Bissell"
        # (a BBC probe, 0.43): the sentence says after "by" who will revise it
        ("Who will revise the original book?", "The original book by George Abbott and Richard Bissell will be "
         "revised by playwright Peter Ackerman, who co-wrote Ice Age.", "George Abbott and Richard Bissell", False),
        ("Who will revise the original book?", "The original book by George Abbott and Richard Bissell will be "
         "revised by playwright Peter Ackerman, who co-wrote Ice Age.", "Peter Ackerman", True),
        ("Who wrote the original book?", "The original book by George Abbott and Richard Bissell will be "
         "revised by playwright Peter Ackerman.", "George Abbott and Richard Bissell", True),  # another deed
        ("Who scored the first goal?", "The first goal was scored by Brian Deane of Sheffield United.",
         "The first goal was scored by Brian Deane of Sheffield United", True),  # reaching into it (SQuAD train)
        ("Who developed the same technology as Baran?", "Donald Davies independently developed the same "
         "methodology as developed by Baran.", "Donald Davies", True),  # the one the question names (SQuAD dev)
        ("Who influenced the Taliban's ideology?", "Their ideology was influenced by Wahhabism, and the jihadism of "
         "their guest Osama bin Laden.", "Osama bin Laden", True),  # after it (SQuAD dev)
    ],
)
def test_who_did_a_deed_is_whom_the_sentence_names_after_by(question, sentence, span, kept):
    from qa.agents import of_the_agent

    assert keeps(of_the_agent, question, sentence, span) is kept


@pytest.mark.parametrize(
    "rule, question, sentence, span, kept",
    [
        # who made a work is not who handled it ("Who directed the film A Different Story?" was answered "BBC One")
        ("of_the_agent", "Who directed the film A Different Story?", "A Different Story, which is being shown at the "
         "Berlin Film Festival, has been screened by BBC One.", "BBC One", False),
        ("of_the_agent", "Who directed the film A Different Story?", "The film, directed by Southan Morris, was screened "
         "by BBC One.", "Southan Morris", True),
        ("of_the_agent", "Who makes PetaBox rack systems?", "The data is stored on PetaBox rack systems manufactured by "
         "Capricorn Technologies.", "Capricorn Technologies", True),  # another verb of making may say it
        # whose thing, asked by what the owner has ("What share of the broadband market does AOL have?" was "36%")
        ("of_the_owner", "What share of the broadband market does AOL have?", "BT now has a 36% share of the broadband "
         "market.", "36%", False),
        ("of_the_owner", "What share of the broadband market does BT have?", "BT now has a 36% share of the broadband "
         "market.", "36%", True),
    ],
)
def test_who_handled_a_work_and_whose_share(rule, question, sentence, span, kept):
    import qa.agents

    assert keeps(getattr(qa.agents, rule), question, sentence, span) is kept


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # how much another's thing moved ("By how much did Euronext shares surge?" was answered "4.9%", the LSE's; a
        # BBC probe, 0.87)
        ("By how much did Euronext shares surge?", "LSE saw its shares surge 4.9% to a new high of 583p.", "4.9%", False),
        ("By how much did LSE shares surge?", "LSE saw its shares surge 4.9% to a new high of 583p.", "4.9%", True),
        ("How much did Google's profit rise?", "Yahoo's profit rose 20%.", "20%", False),
        ("How much did Google's profit rise?", "Google's profit rose 20%.", "20%", True),
        ("How much did house prices rise?", "Nationwide saw its house prices index rise 2%.", "2%", True),  # no owner
    ],
)
def test_how_much_anothers_thing_moved_is_no_answer(question, sentence, span, kept):
    from qa.agents import of_the_owner

    assert keeps(of_the_owner, question, sentence, span) is kept
