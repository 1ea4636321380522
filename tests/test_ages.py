"""How old (qa.ages): an age answers "How old is X?", and X's, not another name's.

The rule alone on sentences, then through the real pipeline on an article written for the test."""

from __future__ import annotations

import pytest

from tests.conftest import add_article, answered_exactly, keeps, kept_by_the_rules, proposal


@pytest.mark.parametrize(
    "question, sentence, span, kept",
    [
        # "How old is Scott Sullivan?": the reader's best spans were "two" and "Mr Ebbers, 63" (a BBC probe)
        ("How old is Scott Sullivan?", "Mr Sullivan, WorldCom's former number two, is the chief witness.", "two",
         False),  # no age
        ("How old is Scott Sullivan?", "Mr Ebbers, 63, has always insisted that he was unaware.", "63", False),
        ("How old is Scott Sullivan?", "Mr Sullivan, 42, has already pleaded guilty to fraud.", "42", True),
        # "How old is Martin Scorsese?" was answered "30 years old" (0.55): DiCaprio's own age
        ("How old is Martin Scorsese?", '"I\'m only 30 years old," DiCaprio said.', "30 years old", False),
        ("How old is Jens Lehmann?", "He was critical of 27-year-old Almunia.", "27", False),
        ("How old is Manuel Almunia?", "He was critical of 27-year-old Almunia.", "27", True),
        # "How old is Hew Raymond Griffiths?" was answered "British-born Australian" (a BBC probe, 0.35)
        ("How old is Hew Raymond Griffiths?", "The sentence went to Sankus, a 28-year-old from Philadelphia.", "28",
         False),
        ("How old is John Sankus?", "The sentence went to Sankus, a 28-year-old from Philadelphia.", "28", True),
        ("How old was Newton during Super Bowl 50?", "Manning was 39, Newton was 26.", "26", True),
        ("How old was Newton during Super Bowl 50?", "Manning was 39, Newton was 26.", "39",
         False),  # an age written beside a name is that name's, though the sentence names Newton too
        # ("How old is Stephen Pound?" was answered "36", a BBC probe, 0.23: Lucy's)
        ("How old is Stephen Pound?", "Lucy, 36, tracked down Mr Pound after her birth mother told her.", "36",
         False),
        # SQuAD's gold answers: an age however written, and no one's when no name is beside it
        ("How old was Tesla when he died?", "On 7 January 1943, at the age of 86, Tesla died alone.", "86", True),
        ("How old was Chopin when he moved?", "He moved to the city when he was seven months old.",
         "seven months old", True),
        ("How old was Chopin then?", "In October 1810, aged six months, Fryderyk moved with them.", "six months",
         True),  # a date is no one
        ("How old are the fossils?", "The fossils are dated to about 515 million years ago.", "515 million years",
         True),
        ("How old are the graves?", "Nestorian graves dating to 1338 near the lake refer to plague.", "1338", True),
        ("How old is the author?", "I'm 28 now and I really need a licence.", "28", True),
        # "How old is Andy Roddick?" was answered "18" of this sentence (a BBC probe written after the rule, 0.35)
        ("How old is Andy Roddick?", "Andy Roddick has ended an 18-month association with his coach.", "18", False),
        ("How old is Andy Roddick?", "Andy Roddick has ended an 18-month association with his coach.", "18-month",
         False),
        ("How old is the boyfriend?", "I am preparing to marry my 24M boyfriend.", "24M", True),
        ("How old was Pelagija Belousava?", "There he met Pelagija Belousova who was then thirteen.", "thirteen", True),
        ("What is Scott Sullivan's age?", "Mr Ebbers, 63, has always insisted that he was unaware.", "63", False),
        ("What is her age?", "Mr Sullivan, WorldCom's former number two, is the chief witness.", "two", False),
        ("What is the average age of the players?", "The club has two players over 30.", "two", True),  # not read
        ("Who is Scott Sullivan?", "Mr Ebbers, 63, has always insisted that he was unaware.", "63", True),  # no age asked
        # "the 32-year-old" stands for someone named before, and the question's name after it is another
        # ("How old is Jo Pavey?" was answered "32", a BBC probe written after the rule, 0.35)
        ("How old is Jo Pavey?", "The 32-year-old will race alongside Olympic 5,000m finalist Pavey in the "
         "women's 8km race.", "32", False),
        ("How old is Matthew Upson?", "The 25-year-old was only called into the squad after Upson withdrew.", "25",
         False),
        ("How old is Wes Brown?", "The 25-year-old was only called into the squad after Upson withdrew.", "25",
         True),  # no name after it is Brown's: the 25-year-old may be
        # "How old is Hayley Yelling?" was answered "31" (a BBC probe, 0.59): Pavey's age, the sentence tells
        ("How old is Hayley Yelling?", "The 31-year-old was third behind Hayley Yelling and Justyna Bak.", "31",
         False),
        ("How old is Jo Pavey?", "The 31-year-old was third behind Hayley Yelling and Justyna Bak.", "31", True),
        ("How old is Jo Pavey?", "The 32-year-old, Pavey, will race in France.", "32", True),  # in apposition
        ("How old is Jo Pavey?", "The 32-year-old Pavey will race in France.", "32", True),
        ("How old is Jo Pavey?", "The 32-year-old striker Pavey will race in France.", "32", True),
        # an age of a time past is not how old someone is now ("How old is Stan Lee?" was answered "40", a BBC
        # probe, 0.90)
        ("How old is Stan Lee?", "By the time he was 40, Lee had decided he was too old for the comic game.", "40",
         False),
        ("How old was Stan Lee then?", "By the time he was 40, Lee had decided he was too old for the comic game.",
         "40", True),
        ("How old is Stan Lee?", "Lee, 82, created Spider-Man in 1962.", "82", True),
        # a while is no age ("ten years", 0.05, for how old Bob Marley was when he died; a BBC probe)
        ("How old was Bob Marley when he died?", "In 1991, ten years after his death, he sold more records.",
         "ten years", False),
        ("How old is the charcoal?", "Charcoal placed around 50,000 years ago was found.", "50,000 years ago",
         True),  # "ago" dates a thing (SQuAD train)
        # a term written as one word with a number is no age ("How old is Michelle Collins?" was answered with
        # the whole sentence of "her eight-year doping ban", a BBC probe)
        ("How old is Michelle Collins?", "Sprinter Michelle Collins has lodged an appeal against her eight-year "
         "doping ban.", "Sprinter Michelle Collins has lodged an appeal against her eight-year doping ban", False),
        ("How old is Michelle Collins?", "Michelle Collins lodged an appeal against her eight-year doping ban.",
         "eight", False),
        ("How old is Michelle Collins?", "The 33-year-old received the ban last month.", "33", True),
        ("How old was Shunzhi at his death?", "His reign was cut short by his early death in 1661 at the age of "
         "twenty-four from smallpox.", "twenty-four", True),  # a number word, no term
        ("How old is the writer?", "At 50-something, my hands are beginning to ache.", "50-something", True),
        # the age someone died at is no one's age now ("37", Bobby Darin's, for how old Kevin Spacey is; a BBC probe)
        ("How old is Kevin Spacey?", "Bobby Darin became one of the biggest stars of the 1950s, but died aged 37 from a "
         "heart condition.", "37", False),
        ("How old was Bobby Darin when he died?", "Bobby Darin became one of the biggest stars of the 1950s, but died "
         "aged 37 from a heart condition.", "37", True),
        # a date's day or year is no age ("27 October, 1920", 0.90, for how old Sir Anthony Meyer was when he died; a
        # BBC probe), and "He" is no name whose age it is ("84" was set aside as He's)
        ("How old was Sir Anthony Meyer when he died?", "Sir Anthony John Charles Meyer was born on 27 October, 1920.",
         "27 October, 1920", False),
        ("How old was Sir Anthony Meyer when he died?", "Sir Anthony John Charles Meyer was born on 27 October, 1920.",
         "1920", False),
        ("How old was Sir Anthony Meyer when he died?", "He was 84, had been suffering from cancer for many months, "
         "and died at his London home.", "84", True),
        ("How old is Jo Pavey?", "Pavey, 31, will race in May.", "31", True),
        ("How old are the players?", "The tournament is for 16-year-olds.", "16-year-olds", True),
    ],
)
def test_an_age_and_whose(question, sentence, span, kept):
    from qa.ages import of_an_age

    assert keeps(of_an_age, question, sentence, span) is kept


def test_whose_age_is_said_when_none_is_left():
    read = [proposal("Mr Ebbers, 63, has always insisted that he was unaware.", "63")]
    assert kept_by_the_rules("How old is Scott Sullivan?", *read) == (
        [], "The closest sentences give the age of Ebbers, not of Scott Sullivan.")
    read = [proposal("Mr Sullivan, WorldCom's former number two, is the chief witness.", "two")]
    assert kept_by_the_rules("How old is Scott Sullivan?", *read) == ([], "The closest sentences give no age.")


def test_the_reason_names_the_other_aged():
    read = [proposal("The 32-year-old will race alongside Olympic 5,000m finalist Pavey.", "32")]
    assert kept_by_the_rules("How old is Jo Pavey?", *read) == (
        [], "The closest sentences give the age of the 32-year-old, not of Jo Pavey.")


def test_another_persons_age_is_not_an_answer_through_the_pipeline(fresh, tmp_path):
    """The near miss of another person, in one article: the ages it gives are two others'."""
    add_article(fresh, tmp_path, "trial.txt",
        "Finance chief admits lying to board\n\nPublished: March 3, 2005\n\n"
        "The former finance chief of Zentara, Colin Marsh, told a New York court on Wednesday that he had lied "
        "to the board. Mr Marsh, 42, has already pleaded guilty to fraud. His former boss, Peter Okoro, 63, "
        "denies all the charges. Prosecutor Dana Whitfield questioned Mr Marsh for 23 hours.\n")
    answered_exactly(fresh, "How old is Peter Okoro?", "63")
    a = fresh.ask("How old is Dana Whitfield?")
    assert a.abstained, f"answered {a.answer!r} ({a.confidence})"
    assert a.reason.startswith("The closest sentences give the age of "), a.reason


@pytest.mark.parametrize(
    "sentence, whose",
    [
        ("the 74-year-old Eastwood said so.", "Eastwood"),
        ("The 74-year-old Eastwood later told Reuters.", "Eastwood"),
        ("42-year-old striker Alan Shearer scored.", "Alan Shearer"),
        # what the person is, not a name ("How old is Trevor Brennan?" abstained: "the age of Dublin", a BBC probe)
        ("The 31-year-old former Dublin milkman moved from Leinster to Toulouse in 2003.", None),
        ("The 25-year-old Ferrari driver won.", None),
        # "How old is Vincent Candela?" abstained: "the age of France" (a BBC probe)
        ("The 31-year-old former France international gave his last press conference.", None),
        # "How old is Jonny Wilkinson?" abstained: "the age of Newcastle" (a BBC probe)
        ("The 25-year-old Newcastle star takes over from Lawrence Dallaglio.", None),
        ("Chairman Steve Vaughan cannot afford to sack the 43-year-old Liverpool legend.", None),
        ("The 31-year-old was third behind Hayley Yelling.", None),  # told, not described
        ("The 28-year-old England international Jonny Wilkinson is fit.", "Jonny Wilkinson"),
        ("The 30-year-old Chelsea striker Didier Drogba scored.", "Didier Drogba"),  # the name after the noun
    ],
)
def test_whose_age_the_number_after_it_names(sentence, whose):
    import re

    from qa.ages import holder

    assert holder(sentence, re.search(r"\d+", sentence)) == whose


def test_why_an_age_of_a_time_past_was_not_given():
    read = [proposal("By the time he was 40, Lee had decided he was too old for the comic game.", "40")]
    assert kept_by_the_rules("How old is Stan Lee?", *read) == (
        [], "The closest sentences give an age at a time past, not now.")
