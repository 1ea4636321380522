"""Whose role is it (``qa.roles``): "Who is the president of Akamai?" is not answered from a sentence
that gives the role to another name ("Mike Prettejohn, president of Netcraft"). Through the real
pipeline on a corpus written for these tests (tests/data/roles/: a World Cup bid naming two rugby
unions, a web story naming two companies, an airline's spokesman)."""

from __future__ import annotations

import pytest

from tests.conftest import add_article, answered_exactly, corpus_assistant, keeps, kept_by_the_rules, proposal


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    return corpus_assistant(tmp_path_factory, "roles", 5)


@pytest.mark.parametrize(
    "question, asked",
    [
        ("Who is the president of Akamai?", ("president", "Akamai")),
        ("Who is British Airways' chief executive?", ("chief executive", "British Airways")),
        ("Who is the chairman of the Japanese Rugby Football Union?", ("chairman", "Japanese Rugby Football Union")),
        ("Who is Ryanair chief executive?", ("chief executive", "Ryanair")),
        ("Who is the chief financial officer of Ryanair?", ("chief financial officer", "Ryanair")),
        ("Who is the Arsenal manager?", ("manager", "Arsenal")),
        ("Who is the mayor of New York?", ("mayor", "New York")),  # "New" of the name, after "of" (was "York")
        ("Who is the New Chelsea manager?", ("manager", "Chelsea")),  # "New" before the role: the holder's
        ("Who won the election?", None),
        ("Who is the president?", None),
        ("Who is the president of the ANC now?", ("president", "ANC")),
        # the role asked by its verb
        ("Who founded Yahoo?", ("founder", "Yahoo")),
        ("Who else founded Yahoo?", ("founder", "Yahoo")),
        ("Who coaches Chelsea?", ("coach", "Chelsea")),
        ("Who owns Manchester United?", ("owner", "Manchester United")),
        ("Who founded Yahoo with Jerry Yang?", None),  # more than the role
        ("Who led the attack?", None),
        ("Who is the Mayor of London?", ("mayor", "London")),  # a role written with capitals
        ("Who is the spokesman for Symantec?", ("spokesman", "Symantec")),  # the role "for" a name
        ("Who is the prime minister of Spain?", ("prime minister", "Spain")),
        ("Who is India's High Commissioner to Britain?", None),  # "High Commissioner": a role not read
        ("Who is the Palestinian prime minister?", ("prime minister", "Palestinian")),  # a state's post
        ("Who is the Portuguese manager?", None),  # a people's word describes a manager
        # a possessive is an owner's ("Who is Wigan's captain?" was not read, "Wigan" reading as "German"; a BBC
        # probe answered it "Maurice Lindsay", Wigan's chairman, 0.43)
        ("Who is Wigan's captain?", ("captain", "Wigan")),
        ("Who is Deutsche Boerse's chief?", ("chief", "Deutsche Boerse")),
        ("Who is ClearView's chief economist?", ("chief economist", "ClearView")),  # not "chief" alone
        # a deputy's post is another ("Who is the deputy editor of Mac Format?" was answered "Graham Barlow",
        # its editor, 0.86: a BBC probe)
        ("Who is the deputy editor of Mac Format?", ("deputy editor", "Mac Format")),
        ("Who is Italy's assistant coach?", None),  # a word between whose and the post: not read
        ("Who is Chelsea's new manager?", ("manager", "Chelsea")),  # which holder, not which post
        # a holder of the time ("Who was James Hardie's then chief executive?" was answered "Meredith Hellicar", its
        # chairwoman, a BBC probe, 0.59)
        ("Who was James Hardie's then chief executive?", ("chief executive", "James Hardie")),
        ("Who is the vice president of Akamai?", ("vice president", "Akamai")),  # a role of its own
        # not who holds the role, or whose it is unclear: no rule
        ("Who did the president of Akamai meet?", None),
        ("Which company is Mike Prettejohn president of?", None),
        ("Who is the chief executive of Durex maker SSL International?", None),
        ("Who is the manager of the London club?", None),
    ],
)
def test_which_role_a_question_asks_about(question, asked):
    from qa.roles import asked_role

    assert asked_role(question) == asked


@pytest.mark.parametrize(
    "sentence, role, name, anothers",
    [
        ("Mike Prettejohn, president of Netcraft, said the decision was taken.", "president", "Akamai", True),
        ("Tony Vito, a spokesman for McAfee, said the worm was spreading.", "spokesman", "Symantec", True),
        ("But Hong Kong Rugby Football Union (HKRFU) chairman John Molloy said so.", "chairman",
         "Japanese Rugby Football Union", True),
        # the same name: in initials, as its people's word, in part, or also named in the sentence
        ("BA chief executive Rod Eddington said results were modest.", "chief executive", "British Airways", False),
        ("The president of France, Jacques Chirac, said so.", "president", "French", False),
        ("Chadian president Idriss Deby said so.", "president", "Chad", False),
        ("Air France-KLM chief executive Jean-Cyril Spinetta said so.", "chief executive", "Air France", False),
        ("Akamai's president Paul Sagan said Netcraft's president was wrong.", "president", "Akamai", False),
        # no name the role is given to: the sentence may well be about the asked one
        ("The trio are chief executive Willie Walsh and chief financial officer Brian Dunne.",
         "chief financial officer", "Ryanair", False),
        ("Former president Paul Sagan said so.", "president", "Akamai", False),
        # words that describe the holder are no names: a people, a place, a sentence's first word
        ("Portuguese manager Jose Mourinho said so.", "manager", "Chelsea", False),
        ("Jose Mourinho, manager of the London club, said so.", "manager", "Chelsea", False),
        ("Former Porto manager Jose Mourinho took charge at Stamford Bridge.", "manager", "Chelsea", False),
        ("Paul Sagan, president of the Massachusetts company, said so.", "president", "Akamai", False),
        ("Outspoken chief executive Michael O'Leary said so.", "chief executive", "Ryanair", False),
        ("Dublin-based chief executive Michael O'Leary said so.", "chief executive", "Ryanair", False),
        # other names of the same one
        ("Manchester United manager Sir Alex Ferguson said so.", "manager", "Man Utd", False),
        ("Conservative leader Michael Howard said so.", "leader", "Tory", False),
        ("Federal Reserve chairman Alan Greenspan said so.", "chairman", "Fed", False),
        ("Israeli president Moshe Katsav said so.", "president", "Israel", False),
        ("Paul Stallsworth, president of the Taskforce of United Methodists on Abortion and Sexuality, said so.",
         "president", "TUMAS", False),  # initials of the capitalised words
        # a name of three words or more written once with a plural ("Who is the spokeswoman for the Disasters
        # Emergency Committee?" abstained: "the spokeswoman of Disaster Emergency Committee", a BBC probe)
        ("Patricia Sanders, spokeswoman for the Disaster Emergency Committee, said so.", "spokeswoman",
         "Disasters Emergency Committee", False),
        # near namesakes are others
        ("Manchester United manager Sir Alex Ferguson said so.", "manager", "Manchester City", True),
        ("Serena Williams's coach Rick Macci said so.", "coach", "William", True),  # a short name keeps its s
        ("Real Betis president Manuel Ruiz de Lopera said so.", "president", "Real Madrid", True),
        ("South Korea coach Jo Bonfrere said so.", "coach", "South Africa", True),
        ("Mike Prettejohn, chairman of Netcraft, said so.", "president", "Akamai", False),  # another role
        ("Under Party leader Mao Zedong, the anthem became The East Is Red.", "leader", "Communist Party of China",
         False),  # the opening "Under" is no name
        # what kind of body the owner is, before its name ("video game giant Electronic Arts")
        ("\"We know,\" said Rory Armes, studio general manager for video game giant Electronic Arts in Europe.",
         "general manager", "Sony", True),
        ("Anssi Vanjoki, chief executive of mobile phone maker Nokia, said so.", "chief executive", "Motorola", True),
        # whose "their" post it is ("Who is the Portsmouth manager?" was answered "Harry Redknapp", a BBC probe, 0.75)
        ("Southampton are set to unveil Harry Redknapp as their new manager on Wednesday.", "manager", "Portsmouth",
         True),
        ("Southampton are set to unveil Harry Redknapp as their new manager on Wednesday.", "manager", "Southampton",
         False),
        ("The club named Smith as its captain.", "captain", "Portsmouth", False),  # no name whose
    ],
)
def test_which_sentences_give_the_role_to_another_name(sentence, role, name, anothers):
    from qa.roles import _anothers

    assert _anothers(sentence, role, name) is anothers


@pytest.mark.parametrize(
    "question, other",
    [
        ("Who is the chairman of the Japanese Rugby Football Union?", "John Molloy"),  # was answered, 0.92
        ("Who is the president of Akamai?", "Mike Prettejohn"),  # was answered, 0.92
        # "Michael Lamberty, a Lufthansa spokesman" answered Lufthansa's chief executive (BBC, 0.09)
        ("Who is Skyvale's chief executive?", "Marten Albrecht"),
    ],
)
def test_another_names_role_holder_is_no_answer(assistant, question, other):
    a = assistant.ask(question)
    assert a.abstained, f"answered {a.answer!r} ({a.confidence})"
    assert a.citations == [] and a.related


@pytest.mark.parametrize(
    "question, expected",
    [
        ("Who is the chairman of the Hong Kong Rugby Football Union?", "John Molloy"),
        ("Who is the HKRFU chairman?", "John Molloy"),
        ("Who is the president of Netcraft?", "Mike Prettejohn"),
        ("Who is Netcraft's president?", "Mike Prettejohn"),
        ("Who is Skyvale's spokesman?", "Marten Albrecht"),
    ],
)
def test_the_names_own_role_holder_is_answered(assistant, question, expected):
    answered_exactly(assistant, question, expected)


def test_the_reason_says_what_the_best_span_was_instead(assistant):
    """"Who is the chief executive of Netcraft?" was answered "Mike" (0.22) from "Mike Prettejohn,
    president of Netcraft"; none of the closest sentences names Netcraft's chief executive, and the
    abstention says so (as it did not: 26 of 48 BBC dev abstentions had a reason, then 29). The
    reader's best span was set aside as another post's holder, and the spans left were too weak to
    give: the reason is the one that set the best aside (32 of 48)."""
    a = assistant.ask("Who is the chief executive of Netcraft?")
    assert a.abstained, f"answered {a.answer!r} ({a.confidence})"
    assert a.reason == "The closest sentences name a president, not the chief executive of Netcraft."


def test_a_former_holder_is_not_who_holds_the_role_now(assistant):
    """"under the regime of former president Eduard Shevardnadze" answered "Who is the president of
    Georgia?" (BBC, 0.43), beside a sentence naming the new president."""
    answered_exactly(assistant, "Who is the president of Freedonia?", "Chico Ravelli")


def test_a_departments_head_is_not_the_companys_chief(assistant):
    """"said Gerhard Romen, head of market development at Nokia" answered "Who is the chief executive of
    Nokia?" (BBC, 0.35)."""
    a = assistant.ask("Who is the chief executive of Skyvale?")
    assert a.abstained, f"answered {a.answer!r} ({a.confidence})"
    answered_exactly(assistant, "Who is the head of network planning at Skyvale?", "Kurt Vogel")


def test_a_name_titled_otherwise_is_not_the_role_holder(assistant):
    """"Real Madrid midfielder David Beckham has no plans to become a manager" answered "Who is the
    manager of Real Madrid?" (BBC, 0.59)."""
    a = assistant.ask("Who is the manager of Real Sylvania?")
    assert a.abstained, f"answered {a.answer!r} ({a.confidence})"


@pytest.mark.parametrize(
    "question, sentence, span, otherwise",
    [
        ("Who is the manager of Real Madrid?", "Real Madrid midfielder David Beckham has no plans to become a "
         "manager.", "David Beckham", True),
        ("Who is the prime minister of Spain?", "Spain's minister of sport Jaime Lissavetzky backed it.",
         "Spain's minister of sport Jaime Lissavetzky", True),
        ("Who is the president of Georgia?", "It hid under former president Eduard Shevardnadze.",
         "Eduard Shevardnadze", True),
        ("Who was the president of Georgia?", "It hid under former president Eduard Shevardnadze.",
         "Eduard Shevardnadze", False),  # asked about the past
        ("Who is the manager of Real Madrid?", "Real Madrid general manager Arrigo Sacchi and new coach "
         "Wanderley Luxemburgo agreed.", "Sacchi", True),  # the coach's post is another's
        # "former" before whose post it was: "Who is Liverpool's manager?" was answered "Gerard Houllier" (a
        # BBC probe, 0.83)
        ("Who is Liverpool's manager?", "Former Liverpool manager Gerard Houllier has praised the work of his "
         "Anfield successor Rafael Benitez.", "Gerard Houllier", True),
        ("Who was Liverpool's manager?", "Former Liverpool manager Gerard Houllier has praised the work of his "
         "Anfield successor Rafael Benitez.", "Gerard Houllier", False),  # asked about the past
        ("Who is the manager of Real Madrid?", "Real Madrid general manager Arrigo Sacchi and new coach "
         "Wanderley Luxemburgo agreed.", "Wanderley Luxemburgo", False),  # a coach manages
        ("Who is the Chelsea manager?", "Chelsea boss Jose Mourinho said so.", "Jose Mourinho", False),
        ("Who is the chairman of BA?", "Chairman and chief executive Bob Smith said so.", "Bob Smith", False),
        ("Who is the founder of Spalding?", "President Albert Spalding (founder of Spalding) came.",
         "Albert Spalding", False),
        ("Who is England's captain?", "Fly-half Jonny Wilkinson has been named as England's new captain.",
         "Jonny Wilkinson", False),  # the post given after the name
        ("Who is the leader of the Arab League?", "It is held by former foreign minister Nabil el-Araby.",
         "Nabil el-Araby", False),  # another post, once: says nothing of this one
        ("Who is the manager of Real Madrid?", "He met David Beckham.", "David Beckham", False),
        ("Who is the president of Chelsea?", "Chelsea vice-president Bob Smith said so.", "Bob Smith", True),
        ("Who is the chief executive of IBM?", "Under Chief Executive Virginia Rometty IBM is changing.",
         "Virginia Rometty", False),  # "under" is no under-secretary
        ("Who is the prime minister of Italy?", "Italian Prime Minister Silvio Berlusconi spoke.", "Silvio Berlusconi",
         False),  # a title written with capitals
        ("Who is the Mayor of London?", "Deputy Mayor Nicky Gavron told the BBC the Mayor of London would say "
         "sorry.", "Nicky Gavron", True),  # another's post later: no post of hers
        ("Who was the first governor of Saint Helena?", "The first governor, Captain John Dutton, arrived in 1659.",
         "Captain John Dutton", False),  # the post before the name, in apposition
        ("Who is England's captain?", "Striker Bob Smith is the new captain.", "Bob Smith", False),
        ("Who was the founder of the Three Worlds Theory?", "It was like the Three Worlds Theory developed by "
         "China's political leader Mao Zedong.", "Mao Zedong", False),  # China's post, not the theory's
        # the post, but another name's: the title's owner written just before it
        ("Who is the leader of the British National Party?", "Tory leader Michael Howard has dismissed claims that his "
         "policy was moving onto the turf of the British National Party (BNP).", "Michael Howard", True),
        ("Who is the leader of the Liberal Democrats?", "Lib Dem leader Charles Kennedy said so.", "Charles Kennedy",
         False),  # another name of the party
        ("Who is the manager of Chelsea?", "Portuguese manager Jose Mourinho said so.", "Jose Mourinho", False),  # a people
        ("Who is the field director of the NFL?", "NFL and Atlanta Braves field director Ed Mangan stated it.",
         "Ed Mangan", False),  # two owners, one the asked
        ("Who is the president of the ANC?", "Prosecutors dropped charges against South Africa's ruling party "
         "president Jacob Zuma.", "Jacob Zuma", False),  # the owner is not next to the title
        ("Who was the Party leader of the Communist Party of China?", "Under Party leader Mao Zedong, the Party "
         "anthem became The East Is Red.", "Mao Zedong", False),  # "Under": no name
        # a span that runs on past its name (the reader proposes it whole on some CPUs): the name it opens with
        ("Who is the manager of Real Madrid?", "Real Madrid midfielder David Beckham has no plans to become a "
         "manager when his career is over.", "David Beckham has no plans to become a manager when his career is over",
         True),
        # the post given in apposition after the name
        ("Who is Lufthansa's chief executive?", '"We are checking," Michael Lamberty, a Lufthansa spokesman told '
         "the BBC.", "Michael Lamberty", True),  # another post of the asked name
        ("Who is Lufthansa's chief executive?", '"We are checking," Michael Lamberty, a Lufthansa spokesman told '
         "the BBC.", "Michael Lamberty, a Lufthansa spokesman told the BBC", True),  # the span runs on past it
        ("Who is Lufthansa's spokesman?", "Michael Lamberty, a BA spokesman, said so.", "Michael Lamberty",
         True),  # the post, another name's
        # the asked post's deputy, in apposition (BBC, 0.91: "Radwan Hadi" for the managing director)
        ("Who is the managing director of Blackwatch?", "Radwan Hadi, deputy managing director of oil consultancy "
         "Blackwatch, said so.", "Radwan Hadi", True),
        ("Who is the deputy managing director of Blackwatch?", "Radwan Hadi, deputy managing director of oil "
         "consultancy Blackwatch, said so.", "Radwan Hadi", False),  # the deputy asked
        ("Who is the managing director of Blackwatch?", "Radwan Hadi, managing director of oil consultancy "
         "Blackwatch, said so.", "Radwan Hadi", False),
        # between dashes (BBC, 0.75: "Clive Griffiths - Wales" for the St Helens coach)
        ("Who is the St Helens coach?", "Kel Coslett is Saints' football manager, while Clive Griffiths - Wales' "
         "defensive coach - is a former St Helens player.", "Clive Griffiths - Wales", True),
        ("Who is the St Helens coach?", "Kel Coslett is Saints' football manager, while Clive Griffiths - Wales' "
         "defensive coach - is a former St Helens player.", "Clive Griffiths", True),
        ("Who is the Wales coach?", "Clive Griffiths - Wales' defensive coach - is a former St Helens player.",
         "Clive Griffiths", False),  # the asked name's
        ("Who is the St Helens coach?", "Clive Griffiths - who coached at Wigan - is a former St Helens player.",
         "Clive Griffiths", False),  # no post in apposition
        ("Who is Lufthansa's chief executive?", "Michael Lamberty, the former chief executive of Lufthansa, "
         "said so.", "Michael Lamberty", True),  # once
        ("Who was Lufthansa's chief executive?", "Michael Lamberty, the former chief executive of Lufthansa, "
         "said so.", "Michael Lamberty", False),  # asked about the past
        ("Who is Lufthansa's chief executive?", "Michael Lamberty, chairman and chief executive of Lufthansa, "
         "said so.", "Michael Lamberty", False),  # among the titles written together
        ("Who was Poland's foreign minister in 2011?", "Radek Sikorski, Poland's Foreign Minister, stated it.",
         "Radek Sikorski", False),  # the post written with capitals
        ("Who is Lufthansa's chief executive?", "Michael Lamberty, a spokesman, said so.", "Michael Lamberty",
         False),  # whose post, unsaid
        ("Who is the chief executive of Netcraft?", "Mike Prettejohn, president of Netcraft, said so.", "Mike",
         True),  # the span's name runs on past it
        ("Who founded Yahoo?", "Nick Hazel, Yahoo's head of consumer services in the UK, thinks so.", "Nick Hazel",
         True),  # the role asked by its verb; "head", another post
        ("Who is Yahoo's chief executive?", "Yahoo head Terry Semel said so.", "Terry Semel", False),  # the same post
        ("Who owned the Dallas Desperados?", "Desperados owner Jerry Jones designed it.", "Jerry Jones",
         False),  # the name in part
        ("Who is the chairman of the House Committee on Energy and Commerce?", "Joe Barton, chairman of the House "
         "Committee on Energy and Commerce, wrote.", "Joe Barton", False),  # whose, after the post
        # a department's post after the name: another post of the name after "at"
        ("Who is the chief executive of Nokia?", "It is the next step, said Gerhard Romen, head of market development "
         "at Nokia.", "Gerhard Romen", True),
        ("Who is the chief executive of Nokia?", "It is the next step, said Gerhard Romen, head of market development "
         "at Nokia.", "Gerhard Romen, head of market development at Nokia", True),  # the span runs on past it
        ("Who is the head of market development at Nokia?", "It is the next step, said Gerhard Romen, head of market "
         "development at Nokia.", "Gerhard Romen", False),  # that post
        ("Who is a director at the Pew Charitable Trusts?", "According to Allan Coukell, senior director for health "
         "programs at The Pew Charitable Trusts, it helps.", "Allan Coukell", False),  # a director of a department
        # the department before "for" ("Who is technical director of Astra?" was answered "Alexander Oudendijk",
        # a BBC probe written after the rules, 0.19)
        ("Who is technical director of Astra?", "There are 74 such devices, according to Alexander Oudendijk, senior "
         "vice president of marketing for satellite giant Astra.", "Alexander Oudendijk", True),
        ("Who is the vice president of marketing for Astra?", "There are 74 such devices, according to Alexander "
         "Oudendijk, senior vice president of marketing for satellite giant Astra.", "Alexander Oudendijk", False),
        # a post of a part of the name, in apposition before the span (Sher Khan answered who chairs the Muslim
        # Council of Britain, a BBC probe, 0.89)
        ("Who is the chairman of the Muslim Council of Britain?", "The chairman of the MCB's public affairs committee, "
         "Sher Khan, said so.", "Sher Khan", True),
        ("Who is the chairman of the Muslim Council of Britain?", "The chairman of the MCB's public affairs committee, "
         "Sher Khan, said so.", "The chairman of the MCB's public affairs committee, Sher Khan", True),
        ("Who is the chairman of the Muslim Council of Britain?", "The chairman of the MCB's board, Sher Khan, said "
         "so.", "Sher Khan", False),  # a board's chairman is the council's
        # a consultant's or an analyst's post, whose name after words that describe it ("security firm")
        ("Who is the managing director of Sophos?", "But Graham Cluley, senior consultant at security firm Sophos, "
         "told the BBC it was positive.", "Graham Cluley", True),
        ("Who is a senior consultant at Sophos?", "But Graham Cluley, senior consultant at security firm Sophos, "
         "told the BBC it was positive.", "Graham Cluley", False),
        # two posts of one firm written together, "its": "Who is Vivendi's chief operating officer?" was answered
        # "Jean-Rene Fourtou" (its chief executive; a BBC probe, 0.55), the right span set aside as "the
        # Jean-Rene Fourtou chief operating officer"
        ("Who is Corvel's chief operating officer?", "The regulator acts against Corvel, its chief executive Anna "
         "Brandt and chief operating officer Piet Lorre.", "Piet Lorre", False),
        ("Who is Corvel's chief operating officer?", "The regulator acts against Corvel, its chief executive Anna "
         "Brandt and chief operating officer Piet Lorre.", "Anna Brandt", True),
        ("Who is Corvel's chief financial officer?", "The regulator acts against Corvel, its chief executive Anna "
         "Brandt and chief operating officer Piet Lorre.", "Piet Lorre", True),
        ("Who is Corvel's chairman?", "The regulator acts against Corvel, its chief executive Anna Brandt and chief "
         "operating officer Piet Lorre.", "Anna Brandt and chief operating officer Piet Lorre", True),  # its first name
        ("Who founded Def Jam?", "Def Jam was founded in 1984 by Russell Simmons and producer Rick Rubin.",
         "Russell Simmons and producer Rick Rubin", False),  # two founders
        # a post held at one club at a time, another club's ("Who is Ajax's sporting director?" was answered
        # "Martin Jol", 0.33, of "Tottenham's boss Martin Jol"; a BBC probe)
        ("Who is Ajax's sporting director?", "Ajax would not say whether Tottenham's boss Martin Jol is on their "
         "shortlist.", "Martin Jol", True),
        ("Who is Ajax's sporting director?", "Ajax sporting director Louis van Gaal spoke.", "Louis van Gaal", False),
        ("Who is Arsenal's captain?", "France striker Thierry Henry scored.", "Thierry Henry", False),  # not one place's
        # a people's word before a state's post is whose the post is ("Who is the Palestinian prime minister?" was
        # answered "Tony Blair", 0.59, of "British Prime Minister Tony Blair"; a BBC probe)
        ("Who is the Palestinian prime minister?", "The talks are hosted by British Prime Minister Tony Blair.",
         "Tony Blair", True),
        ("Who is the Israeli prime minister?", "He described Israeli Prime Minister Ariel Sharon as the best chance.",
         "Ariel Sharon", False),
        ("Who is the prime minister of Israel?", "He described Israeli Prime Minister Ariel Sharon as the best chance.",
         "Ariel Sharon", False),
        ("Who is Chelsea's manager?", "Portuguese manager Jose Mourinho was fined.", "Jose Mourinho", False),  # a people's word
        # "chief" is a title: "elections chief Lord Rennard" is not the party's chairman, "LSE chief" its chief executive
        ("Who is the Lib Dem chairman?", "Lib Dem's elections chief Lord Rennard said so.", "Lord Rennard", True),
        ("Who is the Lib Dem chairman?", "Lib Dem's elections chief Lord Rennard said so.", "chief Lord Rennard said",
         True),  # the name after the title the span opens with
        ("Who is Deutsche Boerse's chief?", "He met LSE chief executive Clara Furse.", "Clara Furse", True),
        ("Who is the LSE's chief?", "He met LSE chief executive Clara Furse.", "Clara Furse", False),
        # a deputy's post: not the post's holder ("Graham Barlow", 0.86, a BBC probe)
        ("Who is the deputy editor of Mac Format?", "Graham Barlow, editor of Mac Format, disagrees.", "Graham Barlow",
         True),
        ("Who is the deputy editor of Mac Format?", "Ian Harris, deputy editor of UK magazine Mac Format, said so.",
         "Ian Harris", False),
        ("Who is the LSE's chief executive?", "He met LSE chief Clara Furse.", "Clara Furse", False),
        # the post without "chief" ("Gary Thayer", 0.87, for AG Edwards' chief economist; a BBC probe written after
        # the session's other rules)
        ("Who is the chief economist at AG Edwards?", '"It looks like the job situation is improving," said economist '
         "Gary Thayer of AG Edwards & Sons.", "Gary Thayer", True),
        ("Who is the chief economist at AG Edwards?", "Gary Thayer, chief economist at AG Edwards, said so.",
         "Gary Thayer", False),
        # another post held at one firm at a time, no owner written before it, in a sentence about the firm asked
        # ("Who is News Corp's chief executive?" was answered "Peter Chernin", 0.43; a BBC probe)
        ("Who is News Corp's chief executive?", "According to the Financial Times, chief operating officer Peter "
         "Chernin said that News Corp is looking at video games companies.", "Peter Chernin", True),
        ("Who is Acme's chief executive?", "According to the Financial Times, chief operating officer Peter Chernin "
         "said video games are big business.", "Peter Chernin", False),  # whose post, unsaid
        ("Who is News Corp's chairman?", "According to the Financial Times, chief operating officer Peter Chernin "
         "said that News Corp is looking at video games companies.", "Peter Chernin", False),  # not held alone
        # the title, then a comma ("Who is James Hardie's chief financial officer?" was answered "Meredith
        # Hellicar", a BBC probe, 0.43)
        ("Who is James Hardie's chief financial officer?", "James Hardie chairwoman, Meredith Hellicar, said the deal "
         "was workable.", "Meredith Hellicar", True),
        ("Who is James Hardie's chairwoman?", "James Hardie chairwoman, Meredith Hellicar, said the deal was "
         "workable.", "Meredith Hellicar", False),
        # another chief's post after the name ("Who is Turkcell's chief executive?" was answered "Ruhi Dogusoy",
        # 0.59, "Who is the chief executive of Shopping.com?" "Iggy Fanlo", 0.51: BBC probes)
        ("Who is Turkcell's chief executive?", "He met Ruhi Dogusoy, Turkcell's chief operating officer, and "
         "others.", "Ruhi Dogusoy", True),
        ("Who is the chief executive of Shopping.com?", "Iggy Fanlo, chief revenue officer at Shopping.com, said "
         "so.", "Iggy Fanlo", True),
        ("Who is the LSE's chief?", "Clara Furse, the LSE's chief, said so.", "Clara Furse", False),
        # a dash ends whose the post is ("Who is the Blackburn manager?" was answered "Karen Brady", a BBC probe,
        # 0.43: Birmingham's managing director, not Robbie Savage's)
        ("Who is the Blackburn manager?", "Birmingham have confirmed Blackburn made a bid for Robbie Savage - but "
         "managing director Karen Brady has called it derisory.", "Karen Brady", True),
    ],
)
def test_which_names_a_sentence_titles_otherwise(question, sentence, span, otherwise):
    from qa.question import analyse
    from qa.roles import of_its_title

    p = proposal(sentence, span)
    assert (of_its_title(analyse(question), [p]) == []) is otherwise


@pytest.mark.parametrize(
    "question, sentence, span, reason",
    [
        ("Who is the manager of Real Madrid?", "Real Madrid midfielder David Beckham has no plans.", "David Beckham",
         "The closest sentences name a midfielder, not the manager of Real Madrid."),
        ("Who is the Palestinian prime minister?", "The talks are hosted by British Prime Minister Tony Blair.",
         "Tony Blair", "The closest sentences name the British prime minister, not the Palestinian prime minister."),
        ("Who is the president of Georgia?", "It hid under former president Eduard Shevardnadze.", "Eduard Shevardnadze",
         "The closest sentences name the former president, not the president of Georgia now."),
        ("Who is Liverpool's manager?", "Former Liverpool manager Gerard Houllier praised him.", "Gerard Houllier",
         "The closest sentences name the former manager, not the manager of Liverpool now."),
        ("Who is Lufthansa's chief executive?", "Michael Lamberty, a Lufthansa spokesman told the BBC.",
         "Michael Lamberty", "The closest sentences name a spokesman, not the chief executive of Lufthansa."),
        # the post, another name's: said whose (it was "name a leader, not the leader of British National Party")
        ("Who is the leader of the British National Party?", "Tory leader Michael Howard has dismissed claims.",
         "Michael Howard", "The closest sentences name the Tory leader, not the leader of British National Party."),
        ("Who is Lufthansa's spokesman?", "Michael Lamberty, a BA spokesman, said so.", "Michael Lamberty",
         "The closest sentences name the BA spokesman, not the spokesman of Lufthansa."),
    ],
)
def test_the_reason_names_the_other_title(question, sentence, span, reason):
    from qa.question import analyse
    from qa.roles import title_reason

    assert title_reason(analyse(question), [proposal(sentence, span)]) == reason


def test_the_reason_names_whose_role_the_sentences_give():
    """When every span read is of a sentence giving the role to another name, the abstention says so."""
    from types import SimpleNamespace

    from qa.question import analyse
    from qa.roles import of_the_holder, role_reason

    q = analyse("Who is the president of Akamai?")
    read = [SimpleNamespace(evidence=SimpleNamespace(sentence="Mike Prettejohn, president of Netcraft, said so."))]
    assert of_the_holder(q, read) == []
    assert role_reason(q, read) == "The closest sentences name the president of Netcraft, not of Akamai."


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        ("Who won best film at the Golden Reel awards?", "Published: February 20, 2005", "2005", False),
        ("Who won the match?", "Ireland 19-13 England", "19-13", False),
        ("Whom did the jury convict?", "The jury convicted 3 of the 12 men.", "3", False),
        ("Who won the match?", "Ireland 19-13 England", "Ireland", True),
        ("Who bought the team?", "The 76ers were bought by the club's fans.", "76ers", True),
        ("Who is the leader of the NUP?", "Published: February 3, 2005", "February 3, 2005", False),  # a date
        ("Who met the Pope?", "They met on 3 May.", "3 May", False),
        ("Who replaced him?", "He was replaced by May.", "May", True),  # a month alone may be a name
        ("When were the awards given?", "Published: February 20, 2005", "2005", True),  # not a who-question
        # a place after "at", when a player, singer ... is asked for
        ("Which Bath centre was cleared to play?", "Gloucester centre Henry Paul limped out at Kingsholm.", "Kingsholm",
         False),
        ("Which player scored?", "He scored at the Millennium Stadium.", "Millennium Stadium", False),
        ("Who built the computer?", "It was built at the RCA Research Laboratory.", "RCA Research Laboratory",
         True),  # whose doing it was
        # a title alone, before the name it titles
        ("Who is Gordon Brown's closest ally?", "Chancellor Gordon Brown's closest ally has denied it.", "Chancellor",
         False),
        ("Who signed the letter?", "It was signed by the chancellor.", "the chancellor", True),  # no name after it
        # a post and whose it is, no name, for a question asking which minister ("the Salford MP told ...")
        ("Which Home Office minister said Muslims are more likely to be stopped?", "It is a reality, the Salford MP "
         "told the committee.", "Salford MP", False),
        ("Which artist resided in Delray?", "Detroit blues artist John Lee Hooker lived there.", "John Lee Hooker",
         True),  # a name, though "hooker" is a post (SQuAD train)
        # who holds a post: a name, not other posts ("Who is the chairman of Yili?" was answered "chief
        # financial officer and securities representative", a BBC probe, 0.75)
        ("Who is the chairman of Yili?", "Yili confirmed its chairman, chief financial officer and securities "
         "representative were all in custody.", "chief financial officer and securities representative", False),
        ("Who is the chief executive of Mengniu Dairy?", "Its two main rivals - market leader Mengniu Dairy and "
         "Bright Dairy - dominate.", "market leader", False),
        ("Who is the chairman of Yili?", "It may move to oust chairman Zheng Junhuai.", "Zheng Junhuai", True),
        # a post whose no name is asked ("Who is the Attorney General?" was answered "prime minister", a BBC
        # probe, 0.35)
        ("Who is the Attorney General?", "It is the advice which the attorney general gave to the prime minister.",
         "prime minister", False),
        ("Who is the Attorney General?", "The Attorney General Lord Goldsmith gave his advice.", "Lord Goldsmith",
         True),
        # a post named with its body is no holder ("Who is the current Lord Chancellor?" was answered "House of
        # Lords speaker", a BBC probe, 0.75)
        ("Who is the current Lord Chancellor?", "The lord chancellor currently has the role of House of Lords "
         "speaker.", "House of Lords speaker", False),
        ("Who is the current Lord Chancellor?", "The Lords rejected a plea by current Lord Chancellor Lord Falconer.",
         "Lord Falconer", True),
        ("Who is the chairman of Yili?", "The plea was made by Yili chairman Charles de Gaulle.", "Charles de Gaulle",
         True),  # a name's particle
        # whose a post is, not who holds it ("Who is Reliance's vice-chairman?" was answered "Indian Petrochemicals
        # Corporation", a BBC probe, 0.75)
        ("Who is Reliance's vice-chairman?", "Anil has stepped down as director and vice-chairman of Indian "
         "Petrochemicals Corporation (IPC).", "Indian Petrochemicals Corporation", False),
        ("Who is Reliance's vice-chairman?", "Anil has stepped down as director and vice-chairman of Indian "
         "Petrochemicals Corporation (IPC).", "Petrochemicals Corporation", False),
        ("Who was the mayor of Buenos Aires?", "The mayor of Buenos Aires Mauricio Macri gave the torch to the first "
         "torchbearer.", "Mauricio Macri", True),  # the holder after the owner's name (SQuAD train)
        ("Who led the Yongying?", "The Yongying corps were led by regional commanders.", "regional commanders",
         True),  # who did the deed, not who holds a post (SQuAD train)
        # the work whose maker is named by a noun ("Who will write and direct the Wonder Woman movie?" was answered
        # "Buffy the Vampire Slayer", a BBC probe, 0.86)
        ("Who will write and direct the Wonder Woman movie?", "The creator of Buffy the Vampire Slayer is to take on "
         "a new superhero after signing up to write and direct the Wonder Woman movie.", "Buffy the Vampire Slayer",
         False),
        ("Who will direct the movie?", "The creator of the show, Joss Whedon, will direct the movie.", "Joss Whedon",
         True),
    ],
)
def test_a_who_question_is_answered_by_someone(question, sentence, span, kept):
    from qa.roles import of_someone

    assert keeps(of_someone, question, sentence, span) is kept


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # the name the question asks about ("Who did Robinson succeed as England coach?" was answered "Andy
        # Robinson", 0.35, then "Andy Robinson lambasted referee Jonathan Kaplan"; a BBC probe)
        ("Who did Robinson succeed as England coach?", "England coach Andy Robinson faces a test.", "Andy Robinson",
         False),
        ("Who did Robinson succeed as England coach?", "England coach Andy Robinson lambasted referee Jonathan Kaplan.",
         "Andy Robinson lambasted referee Jonathan Kaplan", False),  # a clause the name leads
        ("Who did Andy Robinson succeed?", "Robinson took over from Sir Clive Woodward.", "Robinson", False),
        # the name said of, in what was said ("Who said Blair should sack Brown?" was answered "prime minister", 0.88)
        ("Who said Blair should sack Brown?", "He said the prime minister should sack Mr Brown, but did not believe "
         "Mr Blair was strong enough.", "prime minister", False),
        ("Who said Blair should sack Brown?", "Former welfare minister Frank Field MP said the prime minister should "
         "sack Mr Brown.", "Frank Field MP", True),
        ("Who said Blair should sack Brown?", "Frank Field should sack Mr Brown, said Blair.", "Frank Field",
         False),  # who should sack him, not who said it
        ("Who says Blair will win?", "Pollster John Curtice says Labour will win easily.", "John Curtice", True),
        # a first name cut short of the asked name ("Who did Safin beat?" was answered "Marat", 0.43; a BBC probe)
        ("Who did Safin beat?", "He ripped through the draw before beating Marat Safin in the final.", "Marat", False),
        ("Who did Safin beat?", "Safin beat Lleyton Hewitt in the final.", "Lleyton", True),  # another name
        ("Who is the chief executive of IBM?", "Sales fell under Chief Executive Virginia Rometty IBM said.",
         "Virginia Rometty", True),  # two names side by side, not one cut short
        ("Who wrote Carmen?", "Bizet's Carmen premiered in 1875.", "Bizet's", True),  # whose
        ("Who did Robinson succeed as England coach?", "Robinson took over from Sir Clive Woodward in September.",
         "Sir Clive Woodward", True),
        ("Who did the British Empire side with?", "The British Empire sided with the Russian Empire.",
         "Russian Empire", True),  # another name before it
        ("Who heads the Canadian Army?", "It is headed by the Commander of the Canadian Army.",
         "the Commander of the Canadian Army", True),  # not a name: whose post
        ("Who donated money to the Booth School of Business?", "Investor David G. Booth donated $300 million.",
         "David G. Booth", True),  # a word of a longer name in the question (SQuAD train)
        ("Who was Edward Kennedy's brother?", "His brother was John F. Kennedy.", "John F. Kennedy", True),  # kin
        ("After whom are the Marshall Islands named?", "They are named after John Marshall.", "John Marshall", True),
        ("Who won, Bush or Kerry?", "George W Bush won.", "George W Bush", True),  # a choice
        ("Who scored for Robinson's England?", "Robinson's England scored through Jason Robinson.",
         "Jason Robinson", True),  # "Robinson's" before another name: whose England
        # the words that title the asked name ("US rappers", 0.55, for whose sample the Beastie Boys used; a BBC
        # probe written after the rules above)
        ("Whose sample did the Beastie Boys use in Pass the Mic?", "US rappers Beastie Boys have won their battle.",
         "US rappers", False),
        ("Who is Frank Ricci?", "New Haven firefighter Frank Ricci was the lead plaintiff.", "New Haven firefighter",
         True),  # asked what he is (NewsQA)
        ("Who wants to free Bergdahl?", "Forces are doing everything possible to free Bergdahl.",
         "doing everything possible to free", True),  # a deed, not a title
        ("Who wrote the Discourse to the Encyclopedia of Diderot?", "In d'Alembert's Discourse to the Encyclopedia "
         "of Diderot, the goal is outlined.", "d'Alembert's", True),  # whose it is (SQuAD train)
    ],
)
def test_a_who_question_is_not_answered_by_whom_it_asks_about(question, sentence, span, kept):
    from qa.roles import of_someone_else

    assert keeps(of_someone_else, question, sentence, span) is kept


def test_the_reason_names_whom_the_question_asks_about():
    reason = kept_by_the_rules("Who did Robinson succeed?", proposal("England coach Andy Robinson faces a test.",
                                                                       "Andy Robinson"))[1]
    assert reason == "The closest sentences name only Andy Robinson, whom the question asks about."
    reason = kept_by_the_rules("Who did Robinson succeed?", proposal(
        "England coach Andy Robinson lambasted referee Jonathan Kaplan.", "Andy Robinson lambasted referee Jonathan Kaplan"))[1]
    assert reason == "The closest sentences name only Andy Robinson, whom the question asks about."  # the name, not the clause
    reason = kept_by_the_rules("Whose sample did the Beastie Boys use?", proposal(
        "US rappers Beastie Boys have won their battle.", "US rappers"))[1]
    assert reason == "The closest sentences name only Beastie Boys, whom the question asks about."


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Which Manchester City player scored an own goal in the derby?", "player"),
        ("Which architect designed the new Wembley Stadium?", "architect"),
        ("What England striker scored twice?", "striker"),
        ("Which of the singers won?", "singer"),
        ("Which company makes the engines?", None),
        ("Which manager was sacked?", None),  # an office: not read
        # a player's or an actor's deed
        ("Who scored the winner?", "player"),
        ("Who else scored for Newcastle?", "player"),
        ("Who put Newcastle ahead against Bolton?", "player"),
        ("Who will play James Bond in Casino Royale?", "actor"),
        ("Who stars in Sideways?", "actor"),
        ("Who played Arsenal?", None),  # a side, or a part: unclear
        ("Who is the coach?", None),
    ],
)
def test_which_kind_of_person_a_question_asks_for(question, kind):
    from qa.roles import asked_kind

    assert asked_kind(question) == kind


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        ("Which Manchester City player scored an own goal?", "Manchester City boss Kevin Keegan said the first goal "
         "was crucial.", "Kevin Keegan", False),
        ("Which architect designed the new Wembley Stadium?", "The sale is a positive step, said Wembley chairman "
         "Claes Hultman.", "Claes Hultman", False),
        ("Which player was sent off?", "Assistant manager Bob Smith was sent to the stands.", "Bob Smith", False),
        ("Which Chelsea player scored?", "Chelsea striker Didier Drogba scored twice.", "Didier Drogba", True),
        ("Which player scored?", "Former Chelsea manager Gianluca Vialli scored.", "Gianluca Vialli", True),  # once
        ("Which player scored?", "Captain John Terry headed the winner.", "John Terry", True),
        ("Who is the coach?", "Manchester City boss Kevin Keegan scored.", "Kevin Keegan", True),  # no kind asked
        # a player's deed, asked with "who"
        ("Who scored the own goal in Liverpool's win?", "Liverpool manager Rafael Benitez admitted victory against "
         "Deportivo was vital.", "Rafael Benitez admitted victory against Deportivo", False),  # the span runs on
        ("Who else scored for Newcastle?", "Newcastle boss Graeme Souness said they deserved it.", "Graeme Souness",
         False),
        ("Who scored the winner?", "Captain John Terry headed the winner.", "John Terry", True),
        # an actor's: a director is not the part
        ("Who will play James Bond in Casino Royale?", "It is to be the next Bond film, with Goldeneye director "
         "Martin Campbell behind the camera.", "Martin Campbell", False),
        ("Which player scored?", "Club director Bob Smith scored.", "Bob Smith", True),  # a player may direct
        ("Who will play James Bond in Casino Royale?", "Casino Royale, author Ian Fleming's first James Bond book, "
         "is to be the next Bond film.", "Ian Fleming", False),  # nor an author's
    ],
)
def test_a_name_titled_with_an_office_is_not_the_kind_asked(question, sentence, span, kept):
    from qa.question import analyse
    from qa.roles import kind_reason, of_its_kind

    assert keeps(of_its_kind, question, sentence, span) is kept
    if not kept:
        assert kind_reason(analyse(question), [proposal(sentence, span)]).startswith("The closest sentences name a ")


def test_the_reason_names_the_office():
    from qa.question import analyse
    from qa.roles import kind_reason

    read = [proposal("The sale is a positive step, said Wembley chairman Claes Hultman.", "Claes Hultman")]
    assert kind_reason(analyse("Which architect designed the new Wembley Stadium?"), read) == (
        "The closest sentences name a chairman, not an architect.")


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # a side of the match its article's result line heads ("Who else scored for Celtic?" was answered "Clyde",
        # 0.35, of "Clyde 0-5 Celtic"; BBC dev)
        ("Who scored for Celtic?", "Celtic brushed aside Clyde to reach the semi-final.", "Clyde", False),
        ("Who scored for Celtic?", "Celtic brushed aside Clyde to reach the semi-final.", "Celtic brushed aside Clyde",
         False),  # names only the sides
        ("Who scored for Celtic?", "Clyde 0-5 Celtic", "Clyde 0-5", False),  # the result line itself
        ("Who scored for Celtic?", "Bellamy opened his scoring account for the club.", "Bellamy", True),
        ("Who scored for Celtic?", "Celtic's Craig Bellamy scored twice.", "Celtic's Craig Bellamy", True),
        ("Which team did Celtic beat?", "Celtic brushed aside Clyde to reach the semi-final.", "Clyde", True),  # a side asked
    ],
)
def test_a_side_of_the_match_is_no_player(question, sentence, span, kept):
    from dataclasses import replace
    from types import SimpleNamespace

    from qa.question import analyse
    from qa.roles import of_its_kind

    doc = SimpleNamespace(id="a", version="", body_start=1, sentence_text=lambda i: "Clyde 0-5 Celtic")
    p = proposal(sentence, span)
    p = replace(p, evidence=SimpleNamespace(sentence=sentence, doc=doc, index=1))
    assert (of_its_kind(analyse(question), [p]) == [p]) is kept
    if not kept:
        from qa.roles import kind_reason

        assert kind_reason(analyse(question), [p]) == "The closest sentences name a side of the match, not a player."


def test_a_club_boss_is_not_its_player(tmp_path_factory):
    """tests/data/cups/: a cup tie whose scorers are not named, and the winning side's boss quoted.
    "Which Harwood Town player scored?" was answered "Jim Pryce" ("Harwood Town boss Jim Pryce said").
    The reader's next span is no player either (the beaten side, at a confidence of 0.05): the rule
    takes away one wrong answer, not every one."""
    cups = corpus_assistant(tmp_path_factory, "cups", 1)
    a = cups.ask("Which Harwood Town player scored?")
    assert a.answer != "Jim Pryce"
    # "Liverpool manager Rafael Benitez admitted victory against Deportivo" answered who scored Liverpool's
    # own goal (BBC probe, 0.35), "Newcastle boss Graeme Souness" who else scored for Newcastle (BBC dev)
    a = cups.ask("Who scored for Harwood Town?")
    assert a.answer is None or "Jim Pryce" not in a.answer, f"answered {a.answer!r} ({a.confidence})"
    answered_exactly(cups, "Who is the Harwood Town boss?", "Jim Pryce")


@pytest.mark.parametrize(
    "question, asked",
    [
        ("Which Bath centre was cleared to play after an ankle injury?", ("centre", "Bath")),
        ("Which Manchester City player scored?", ("player", "Manchester City")),
        ("Which player scored?", None),
        ("Which team won?", None),
    ],
)
def test_whose_post_a_question_asks_for(question, asked):
    from qa.roles import asked_whose

    assert asked_whose(question) == asked


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        ("Which Bath centre was cleared to play?", "Gloucester centre Henry Paul has also been cleared to play.",
         "Henry Paul", False),
        ("Which Bath centre was cleared to play?", "Gloucester centre Henry Paul has also been cleared to play.",
         "Gloucester centre", False),  # the post and whose it is
        ("Which Bath centre was cleared to play?", "Gloucester centre Henry Paul has also been cleared to play.",
         "Gloucester", False),  # whose the post after it is
        ("Which Gloucester centre was cleared to play?", "Gloucester centre Henry Paul has also been cleared to play.",
         "Henry Paul", True),
        ("Which England player scored?", "Chelsea striker Frank Lampard scored.", "Frank Lampard", True),  # another post
        ("Which Bath centre was cleared?", "Former Gloucester centre Bob Smith was cleared.", "Bob Smith", True),
    ],
)
def test_another_names_player_is_not_the_one_asked(question, sentence, span, kept):
    from qa.roles import of_its_side

    assert keeps(of_its_side, question, sentence, span) is kept


def test_another_names_post_holder_is_not_answered(tmp_path_factory):
    """tests/data/sides/: a party leader's remark about another party, and fitness news naming one
    side's centre. The old code answered "Who is the leader of the National Unity Party?" with "Edmund
    Marsh" (0.89; "Reform leader Edmund Marsh has dismissed claims ... the National Unity Party (NUP)")
    and "Which Ireland centre was cleared to play after an ankle injury?" with "Kingsport centre Jon
    Ellery" (0.86)."""
    sides = corpus_assistant(tmp_path_factory, "sides", 2)
    for question in ("Who is the leader of the National Unity Party?", "Who is the leader of the NUP?"):
        a = sides.ask(question)
        assert a.abstained, f"answered {a.answer!r} ({a.confidence})"
    a = sides.ask("Which Ireland centre was cleared to play after an ankle injury?")
    assert a.abstained, f"answered {a.answer!r} ({a.confidence})"
    assert a.reason == "The closest sentences name a Kingsport centre, not an Ireland centre."
    answered_exactly(sides, "Who is the Reform leader?", "Edmund Marsh")
    answered_exactly(sides, "Which Kingsport centre was cleared to play after an ankle injury?", "Jon Ellery")



@pytest.mark.parametrize(
    "question, sentences, reason",
    [
        ("Who is the chief executive of Air France?", ["KLM chief executive Leo van Wijk said so.",
         "Air France flies to Paris."], "The closest sentences do not name the chief executive of Air France."),
        ("Who is Lufthansa's chief executive?", ["Michael Lamberty, a Lufthansa spokesman, said so."],
         "The closest sentences do not name the chief executive of Lufthansa."),
        ("Who is Air France's boss?", ["Air France chief executive Jean-Cyril Spinetta said so."], None),  # the same post
        ("Who is BA's chief executive?", ["British Airways chief executive Rod Eddington said so."], None),  # in full
        ("Who won the match?", ["Ireland won."], None),  # no role asked
    ],
)
def test_why_a_role_holder_is_not_given(question, sentences, reason):
    from qa.question import analyse
    from qa.roles import unnamed_role_reason

    assert unnamed_role_reason(analyse(question), sentences) == reason


@pytest.mark.parametrize(
    "question, part",
    [
        ("Who played Den in EastEnders?", ("den",)),
        ("Who will play the role of James Bond?", ("james", "bond")),
        ("Who portrayed Chopin in the 1991 film, Impromptu?", ("chopin",)),
        ("Who played for Chelsea?", ()),  # a side, not a part
        ("Who scored for Celtic?", ()),
    ],
)
def test_which_part_a_question_asks_who_played(question, part):
    from qa.roles import asked_part

    assert asked_part(question) == part


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        ("Who played Den in EastEnders?", 'Millions saw "Dirty" Den Watts killed off.', "Den Watts", False),
        ("Who played Den in EastEnders?", "They tuned in to see Den, played by Leslie Grantham, leave.", "Leslie Grantham",
         True),
        ("Who played Venus Williams in the final?", "Serena Williams beat her sister.", "Serena Williams",
         True),  # in sport: whom she faced, and not every word of the name is there
        # who played another part ("Tony Robinson" answered who played Blackadder, a BBC probe, 0.55), or a part
        ("Who played Blackadder?", "Tony Robinson, who played the servant Baldrick, said the show's star, Rowan "
         "Atkinson, was keen.", "Tony Robinson", False),
        ("Who played Baldrick?", "Tony Robinson, who played the servant Baldrick, said the show's star, Rowan "
         "Atkinson, was keen.", "Tony Robinson", True),
        ("Who played Blackadder?", "Tony Robinson, who played the servant Baldrick, said the show's star, Rowan "
         "Atkinson, was keen.", "Baldrick", False),
        ("Who played Blackadder?", "Tony Robinson, who played the servant Baldrick, said the show's star, Rowan "
         "Atkinson, was keen.", "Rowan Atkinson", True),
        ("Who plays Tom Haverford?", "Tom Haverford is the character played by Aziz Ansari.", "Aziz Ansari",
         True),  # "played by": the actor (SQuAD train)
        # the part's words go on with capitals ("Who plays Bobby Darin's wife?" was answered "Sandra Dee", a BBC
        # probe, 0.88)
        ("Who plays Bobby Darin's wife?", "Bosworth, 21, plays Darin's wife - real life Hollywood actress Sandra "
         "Dee.", "Sandra Dee", False),
        ("Who plays Bobby Darin's wife?", "Bosworth, 21, plays Darin's wife - real life Hollywood actress Sandra "
         "Dee.", "Bosworth", True),
        ("Who plays Bobby Darin's wife?", "Spacey plays Darin opposite Kate Bosworth.", "Kate Bosworth",
         True),  # an actor opposite
    ],
)
def test_the_part_is_not_who_played_it(question, sentence, span, kept):
    from qa.roles import of_the_actor

    assert keeps(of_the_actor, question, sentence, span) is kept


def test_who_played_a_part_is_answered_with_the_actor(fresh, tmp_path):
    """"Who played Den in EastEnders?" was answered "Den Watts" (a BBC probe, 0.23), the part itself;
    the sentence naming the actor was the reader's next span. Through the real pipeline."""
    add_article(fresh, tmp_path, "soap.txt",
                "Dirty Den demise seen by 14m\n\nPublished: February 19, 2005\n\n"
                'More than 14 million people saw "Dirty" Den Watts killed off on Friday, marking EastEnders\' '
                "20th anniversary, according to unofficial figures.\n\nDen's death came 16 years after he was "
                "supposedly shot in 1989. But he came back to the show in September 2003. Den died after being "
                "confronted by Zoe, Chrissie and Sam in the Queen Vic.\n\nThe show's highest audience came at "
                "Christmas 1986, when more than 30 million tuned in to see Den, played by Lewis Graham, hand "
                "divorce papers to wife Angie.\n")
    answered_exactly(fresh, "Who played Den in EastEnders?", "Lewis Graham")


@pytest.mark.parametrize(
    "question, post, words",
    [
        ("Who is the shadow health secretary?", "secretary", {"shadow", "health"}),
        ("Who is the sports minister?", "minister", {"sport"}),
        ("Who is Britain's minister of sport?", "minister", {"sport"}),  # whose it is: not a word of the post
        ("Who is the new home secretary?", "secretary", {"home"}),
        ("Who is the Conservative spokesman on home affairs?", "spokesperson", {"conservative", "home", "affair"}),
        ("Who is the Chancellor?", "chancellor", set()),
        ("Who is the president of Akamai?", None, None),  # not a portfolio post: the role rules read it
        ("Who did the sports minister meet?", None, None),  # asks for someone else
    ],
)
def test_the_portfolio_a_question_asks(question, post, words):
    from qa.roles import asked_portfolio

    asked = asked_portfolio(question)
    assert (asked.post, set(asked.words)) == (post, words) if post else asked is None


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # BBC probes: "Who is the shadow health secretary?" was answered "Michael Ancram" (0.23), "Who is the
        # education secretary?" "Tim Collins" (0.35), "Who is the sports minister?" "Lord Moynihan" (0.75)
        ("Who is the shadow health secretary?", "The shadow foreign secretary, Michael Ancram, welcomed the "
         "return of the four detainees.", "Michael Ancram", False),
        ("Who is the education secretary?", "For the Conservatives, shadow education secretary Tim Collins "
         "said: \"It is all talk.\"", "Tim Collins", False),
        ("Who is the sports minister?", "Shadow sports minister Lord Moynihan said the policy would help.",
         "Lord Moynihan", False),
        ("Who is the sports minister?", "Shadow sports minister Lord Moynihan said the policy would help.",
         "Shadow sports minister Lord Moynihan", False),  # the span opens with the title
        ("Who is the deputy prime minister?", "Prime Minister Tony Blair said so.", "Tony Blair", False),
        ("Who is the prime minister?", "Deputy Prime Minister John Prescott said so.", "John Prescott", False),
        ("Who is the foreign secretary?", "Jack Straw, the home secretary, said so.", "Jack Straw", False),
        # another post of the kind: "Who is Scotland's First Minister?" (BBC dev) is no correspondent
        ("Who is Scotland's First Minister?", "BBC Scotland political correspondent Glenn Campbell said the first "
         "minister had ordered a review.", "Glenn Campbell", False),
        ("Who is the home secretary?", "Home Office minister Hazel Blears said so.", "Hazel Blears", False),
        ("Who is the Lib Dem spokesman on health?", "Lib Dem health spokeswoman Sandra Gidley said so.",
         "Sandra Gidley", True),  # a spokeswoman is a spokesman
        # another party's: "Who is the Conservative spokesman on home affairs?" was answered "Mark Oaten" (a BBC
        # probe, 0.59)
        ("Who is the Conservative spokesman on home affairs?", "Lib Dem home affairs spokesman Mark Oaten said so.",
         "Mark Oaten", False),
        ("Who is the Conservative spokesman on home affairs?", "Tory home affairs spokesman David Davis said so.",
         "David Davis", True),  # the party's other name
        # one field by another name ("Who is India's oil minister?" abstained: "the petroleum minister", a BBC probe)
        ("Who is India's oil minister?", "He met India's petroleum minister Mani Shankar Aiyar.", "Mani Shankar Aiyar",
         True),
        ("Who is India's oil minister?", "He met India's finance minister P Chidambaram.", "P Chidambaram", False),
        ("Who is the Conservative spokesman on home affairs?", "Home affairs spokesman David Davis said so.",
         "David Davis", True),  # no party written
        # the post asked, written another way
        ("Who is the shadow foreign secretary?", "Shadow Foreign Secretary Michael Ancram said so.", "Michael Ancram",
         True),
        ("Who is the home secretary?", "New Home Secretary Charles Clarke said so.", "Charles Clarke", True),
        ("Who is the sports minister?", "Spain's minister of sport Jaime Lissavetzky said so.", "Jaime Lissavetzky",
         True),
        ("Who was Harold Wilson's Defense Secretary?", "Prime Minister Harold Wilson and his Defence Secretary "
         "Denis Healey announced it.", "Denis Healey", True),  # SQuAD train: spelt otherwise
        ("Who is the Lib Dem home affairs spokesman?", "Mark Oaten, the Lib Dem's home affairs spokesman, said so.",
         "Mark Oaten", True),
        ("Who is the culture secretary?", "Culture Secretary Tessa Jowell said so.", "Tessa Jowell", True),
        ("Who was the health secretary?", "Ex-health secretary Alan Marsh earned up to £85,000.", "Alan Marsh",
         True),  # "ex-": once held (the present rule reads it), but this post
        ("Who is the chancellor?", "Gordon Brown said so.", "Gordon Brown", True),  # no post written
        # another field's affairs: "Who is the Liberal Democrats' home affairs spokesman?" was answered "David
        # Heath" of this sentence (a BBC probe, 0.61)
        ("Who is the Liberal Democrats' home affairs spokesman?", "It came in response to an emergency question "
         "from Liberal Democrat constitutional affairs spokesman David Heath.", "David Heath", False),
        ("Who is the Liberal Democrats' home affairs spokesman?", "Liberal Democrat home affairs spokesman Mark "
         "Oaten said the plan was dangerous.", "Mark Oaten", True),
        ("Who is the Lib Dem foreign affairs spokesman?", "Liberal Democrat foreign affairs spokesman Sir Menzies "
         "Campbell said so.", "Sir Menzies Campbell", True),  # the same party, written another way
        ("Who is the Lib Dem spokesman?", "Liberal Democrat constitutional affairs spokesman David Heath said so.",
         "David Heath", True),  # no field asked
        ("Who is the head of government?", "The president is the head of state and the prime minister the head "
         "of government.", "prime minister", True),  # SQuAD train: a list, not a title
        # an under secretary's post is another ("John Taylor", 0.75, for the US Treasury Secretary; a BBC probe)
        ("Who is the US Treasury Secretary?", '"The US is not convinced," said Treasury Under Secretary John Taylor.',
         "John Taylor", False),
        ("Who is the US Treasury Secretary?", "A day after US Treasury Secretary John Snow spoke, the dollar fell.",
         "John Snow", True),
    ],
)
def test_another_post_of_the_kind_is_not_the_one_asked(question, sentence, span, kept):
    from qa.roles import of_its_portfolio

    assert keeps(of_its_portfolio, question, sentence, span) is kept


@pytest.mark.parametrize(
    "question, sentence, span, reason",
    [
        ("Who is the shadow health secretary?", "The shadow foreign secretary, Michael Ancram, welcomed the return.",
         "Michael Ancram", "The closest sentences name the shadow foreign secretary, not the shadow health secretary."),
        ("Who is Scotland's First Minister?", "Scottish National Party Justice Minister Kenny MacAskill said so.",
         "Kenny MacAskill", "The closest sentences name the Scottish National Party Justice Minister, not the First "
         "Minister."),  # as written
    ],
)
def test_the_reason_names_the_other_post(question, sentence, span, reason):
    assert kept_by_the_rules(question, proposal(sentence, span)) == ([], reason)


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "Who manages Partizan Belgrade?" was answered "Steve McClaren" (a BBC probe written after the rules, 0.75)
        ("Who manages Partizan Belgrade?", "Steve McClaren wants his Middlesbrough team to win their Uefa Cup "
         "group by beating Partizan Belgrade.", "Steve McClaren", False),
        ("Who manages Partizan Belgrade?", "Steve McClaren wants his Middlesbrough team to win their Uefa Cup "
         "group by beating Partizan Belgrade.", "Steve", False),  # part of the name
        ("Who manages Partizan Belgrade?", "Steve McClaren wants his Middlesbrough team to win their Uefa Cup "
         "group by beating Partizan Belgrade.", "Steve McClaren wants his Middlesbrough team", False),
        ("Who manages Middlesbrough?", "Steve McClaren wants his Middlesbrough team to win their Uefa Cup group by "
         "beating Partizan Belgrade.", "Steve McClaren", True),  # his own team
        ("Who is the Chelsea manager?", "Arsene Wenger praised his young Arsenal side after the win.",
         "Arsene Wenger", False),
        ("Who is the Arsenal captain?", "Arsene Wenger praised his young Arsenal side.", "Arsene Wenger", True),
        ("Who is the Chelsea manager?", "Jose Mourinho told his players to stay calm.", "Jose Mourinho", True),  # no team
        ("Who is the chief executive of Ford?", "Bill Smith wants his Toyota team to win.", "Bill Smith", True),  # no team post
        ("Who manages Partizan Belgrade?", "Steve McClaren and his Middlesbrough team will face Partizan.",
         "Steve McClaren", True),  # "and": another clause may start
    ],
)
def test_a_span_whose_own_team_is_another_does_not_hold_the_teams_post(question, sentence, span, kept):
    from qa.roles import of_its_team

    assert keeps(of_its_team, question, sentence, span) is kept


def test_the_reason_names_the_spans_own_team():
    read = [proposal("Steve McClaren wants his Middlesbrough team to win their Uefa Cup group by beating "
                     "Partizan Belgrade.", "Steve McClaren")]
    assert kept_by_the_rules("Who manages Partizan Belgrade?", *read) == (
        [], "The closest sentences are about Steve McClaren's Middlesbrough team, not Partizan Belgrade.")


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # an owner named only by a word, after naming another ("Who is Audi's chief executive?" was "Helmut Panke")
        ("Who is Audi's chief executive?", "When asked if BMW would be seeking compensation from Bosch, the carmaker's "
         "chief executive Helmut Panke said: \"we will first solve the problem\".", "Helmut Panke", False),
        ("Who is BMW's chief executive?", "When asked if BMW would be seeking compensation from Bosch, the carmaker's "
         "chief executive Helmut Panke said: \"we will first solve the problem\".", "Helmut Panke", True),
        ("Who is IBM's chief executive?", "Speaking in New York, the company's chief executive John Smith said sales "
         "rose.", "John Smith", True),  # a place named before it
    ],
)
def test_a_post_of_an_owner_named_by_a_word_after_another(question, sentence, span, kept):
    from qa.roles import of_the_holder

    assert keeps(of_the_holder, question, sentence, span) is kept


@pytest.mark.parametrize(
    "question, span, kept",
    [
        # a clause ending with whom the question asks about ("Who is Kahn understudy to?" was answered "Lehmann is
        # understudy to Oliver Kahn", a BBC probe, 0.59)
        ("Who is Kahn understudy to?", "Lehmann is understudy to Oliver Kahn", False),
        ("Who is Kahn understudy to?", "Lehmann", True),
        ("Who is Lehmann understudy to?", "Lehmann is understudy to Oliver Kahn", True),  # another name ends it
        ("Who is understudy to Oliver Kahn?", "Lehmann is understudy to Oliver Kahn", True),  # Kahn is no subject
        ("Who is Kahn understudy to?", "understudy to Oliver Kahn", True),  # no verb: no clause
    ],
)
def test_a_clause_ending_with_the_asked_name_is_not_an_answer(question, span, kept):
    from qa.roles import of_someone_else

    sentence = "Lehmann is understudy to Oliver Kahn in the German squad."
    assert keeps(of_someone_else, question, sentence, span) is kept


@pytest.mark.parametrize(
    "question, asked",
    [
        # a word between whose and the post: another name's holder of the role is not the name's ("Who is Sony's
        # studio general manager in Europe?" was answered "Rory Armes", Electronic Arts' studio general manager,
        # a BBC probe, 0.59)
        ("Who is Sony's studio general manager in Europe?", ("general manager", "Sony")),
        ("Who is Arsenal's stadium manager?", ("manager", "Arsenal")),
        ("Who is Italy's assistant coach?", None),  # a deputy's post is another
        ("Who is Chelsea's first manager?", None),  # which holder, not which post: not read
        ("Who is the chairman of Yili?", ("chairman", "Yili")),
    ],
)
def test_whose_holder_a_question_asks_for(question, asked):
    from qa.roles import asked_holder

    assert asked_holder(question) == asked


def test_a_post_written_with_a_word_is_no_role_for_the_other_rules():
    from qa.roles import asked_role

    assert asked_role("Who is Arsenal's stadium manager?") is None  # Arsenal's manager is not its stadium manager


def test_another_names_holder_of_a_post_written_with_a_word_is_not_answered():
    read = [proposal("\"We know,\" said Rory Armes, studio general manager for video game giant Electronic Arts in "
                     "Europe.", "Rory Armes")]
    assert kept_by_the_rules("Who is Sony's studio general manager in Europe?", *read) == (
        [], "The closest sentences name the general manager of Electronic Arts, not of Sony.")


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # who turned the post down does not hold it ("Who is Federer's coach?" was answered "Tony Roche", a BBC probe,
        # 0.75)
        ("Who is Federer's coach?", "Australian tennis coach Tony Roche has turned down an approach from Roger Federer "
         "to be the world number one's new full-time coach.", "Tony Roche", False),
        ("Who is Federer's coach?", "Tony Roche rejected an offer to be Federer's coach.", "Tony Roche", False),
        ("Who is Federer's coach?", "Tony Roche rejected claims that he is Federer's coach.", "Tony Roche",
         True),  # no offer of the post turned down
        ("Who is the chairman of Marks and Spencer?", "Paul Myners rejected Philip Green's bid and remains chairman "
         "of Marks and Spencer.", "Paul Myners", True),
        ("Who is the England coach?", "Sven-Goran Eriksson refused to be drawn on his future as England coach.",
         "Sven-Goran Eriksson", True),
        ("Who is Federer's coach?", "Tony Roche turned down a place at Wimbledon.", "Tony Roche", True),  # not the post
        ("Who is Federer's coach?", "Federer's coach Tony Roche said so.", "Tony Roche", True),
    ],
)
def test_who_turned_the_post_down_does_not_hold_it(question, sentence, span, kept):
    from qa.roles import of_the_refused

    assert keeps(of_the_refused, question, sentence, span) is kept
