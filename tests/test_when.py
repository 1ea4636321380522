"""Dates written in questions (``qa.when``): each form becomes the period it names, resolved against
a fixed reference day; words that are no date filter give None; a bad reference day is refused.
The expected days are worked out by hand from the calendar (2026-11-25 is a Wednesday)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest

from index.errors import BadInput
from qa.when import QuestionDates, dates_in_question, reference_day

WED = date(2026, 11, 25)  # the reference day of most cases: a Wednesday
ARCHIVE = date(1987, 2, 10)  # an archive's reference day, early in its year


def period(question: str, today: date = WED) -> tuple[date | None, date | None]:
    found = dates_in_question(question, today)
    assert found is not None, question
    assert question[found.start:found.end] == found.phrase
    return found.since, found.until


# -- explicit dates ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "since", "until"),
    [
        ("What happened on March 9?", date(2026, 3, 9), date(2026, 3, 9)),
        ("What happened on 9 March 1987?", date(1987, 3, 9), date(1987, 3, 9)),
        ("What happened on March 9th, 1987?", date(1987, 3, 9), date(1987, 3, 9)),
        ("What happened on the 9th of March?", date(2026, 3, 9), date(2026, 3, 9)),
        ("What happened 1987-03-09?", date(1987, 3, 9), date(1987, 3, 9)),
        ("What did the minister say March 9?", date(2026, 3, 9), date(2026, 3, 9)),
        ("Who resigned in April 1987?", date(1987, 4, 1), date(1987, 4, 30)),
        ("Who resigned in Sept. 1986?", date(1986, 9, 1), date(1986, 9, 30)),
        ("What happened in 1987?", date(1987, 1, 1), date(1987, 12, 31)),
        ("What was decided during 2019?", date(2019, 1, 1), date(2019, 12, 31)),
        ("In 2008, who won?", date(2008, 1, 1), date(2008, 12, 31)),
        ("What happened in April?", date(2026, 4, 1), date(2026, 4, 30)),
        ("What happened in December?", date(2025, 12, 1), date(2025, 12, 31)),  # not yet started in 2026
        ("What has changed since May 2023?", date(2023, 5, 1), None),
        ("What happened after April 1987?", date(1987, 5, 1), None),
        ("What happened after March 9, 1987?", date(1987, 3, 10), None),
        ("What happened before April 1987?", None, date(1987, 3, 31)),
        ("What happened before 1987?", None, date(1986, 12, 31)),
        ("What happened until March 1987?", None, date(1987, 3, 31)),
        ("What was promised by 2020?", None, date(2020, 12, 31)),
        ("Who won between March 1 and March 9, 1987?", date(1987, 3, 1), date(1987, 3, 9)),
        ("What happened between 2019 and 2021?", date(2019, 1, 1), date(2021, 12, 31)),
        ("What happened from 2019 to 2021?", date(2019, 1, 1), date(2021, 12, 31)),
        ("What happened from March to May 2020?", date(2020, 3, 1), date(2020, 5, 31)),
        ("What happened from December 20 to January 5, 1987?", date(1986, 12, 20), date(1987, 1, 5)),
        ("What happened from the 1st of March until the 9th of March 1987?", date(1987, 3, 1), date(1987, 3, 9)),
        ("What happened after 2019 and before 2022?", date(2020, 1, 1), date(2021, 12, 31)),
        ("What is planned in 2030?", date(2030, 1, 1), date(2030, 12, 31)),  # explicit: kept as written
    ],
)
def test_explicit_dates(question, since, until):
    assert period(question) == (since, until)


# -- relative dates (weeks run Monday to Sunday; "this ..." ends on the reference day) ---------
@pytest.mark.parametrize(
    ("question", "since", "until"),
    [
        ("What happened yesterday?", date(2026, 11, 24), date(2026, 11, 24)),
        ("What is the news today?", WED, WED),
        ("What happened this week?", date(2026, 11, 23), WED),
        ("What did the minister say last week?", date(2026, 11, 16), date(2026, 11, 22)),
        ("What happened this month?", date(2026, 11, 1), WED),
        ("What happened last month?", date(2026, 10, 1), date(2026, 10, 31)),
        ("What happened this year?", date(2026, 1, 1), WED),
        ("What happened last year?", date(2025, 1, 1), date(2025, 12, 31)),
        ("What happened 3 days ago?", date(2026, 11, 22), date(2026, 11, 22)),
        ("What happened two weeks ago?", date(2026, 11, 11), date(2026, 11, 11)),  # the day 14 days back
        ("What happened a week ago?", date(2026, 11, 18), date(2026, 11, 18)),
        ("What happened on Monday?", date(2026, 11, 23), date(2026, 11, 23)),
        ("What happened last Monday?", date(2026, 11, 23), date(2026, 11, 23)),
        ("What happened on Wednesday?", date(2026, 11, 18), date(2026, 11, 18)),  # before the reference day
        ("What has changed since last week?", date(2026, 11, 16), None),
    ],
)
def test_relative_dates(question, since, until):
    assert period(question) == (since, until)


# -- a date without a year: the latest such date on or before the reference day ----------------
def test_no_year_is_the_latest_on_or_before_the_reference_day():
    assert period("What happened on March 9?", ARCHIVE) == (date(1986, 3, 9), date(1986, 3, 9))
    assert period("What happened on February 10?", ARCHIVE) == (ARCHIVE, ARCHIVE)  # the day itself
    assert period("What happened on February 29?", ARCHIVE) == (date(1984, 2, 29), date(1984, 2, 29))
    assert period("What happened in February?", ARCHIVE) == (date(1987, 2, 1), date(1987, 2, 28))
    assert period("What happened in April?", ARCHIVE) == (date(1986, 4, 1), date(1986, 4, 30))
    assert period("What happened in April?", date(1987, 4, 1)) == (date(1987, 4, 1), date(1987, 4, 30))
    assert period("What happened last week?", date(1987, 1, 1)) == (date(1986, 12, 22), date(1986, 12, 28))


# -- not a date filter ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "Who is mediating between Hamas and Israel?",
        "Who won the 2008 election?",  # a year as an adjective
        "What does a 1987 law say?",
        "Who died in the March 9 attack?",  # a day as an adjective
        "What was in last year's budget?",
        "What will happen in 200 days?",  # numbers that are not dates
        "Who are the 10 biggest banks?",
        "What does Section 1987 say?",
        "Were there deaths in 2000 homes?",
        "What did Theresa May say?",  # "May" as a name, "may" the verb
        "Who may win the vote?",
        "What has changed since May became prime minister?",
        "Did they march 9 miles?",
        "Who is April?",  # a month name alone is no date
        "Who lives in Augusta?",
        "What happened between March 1 and 9?",  # a range that cannot be read whole
        "What happened in 2019 and 2020?",
        "What happened between 2022 and 2019?",  # inverted
        "Who won in 2008 and who lost in 2012?",  # two periods that do not make one
        "What happened in the last week?",  # the last seven days, not last week
        "What happened on March 32?",
        "What happened on 1987?",
        "What is planned for next week?",
        "What happened in the 1990s?",
        "What happened in the 9 March attack?",  # an adjective, the day before the month
        "Who died in the 9th of March attack?",
        "What happened between 9 and 12 March?",  # half a range: never "12 March" alone
        "What happened from 9 to 12 March?",
        "What happened 9-12 March?",
        "What happened between the ninth and 12 March?",
        "What did the bank earn in the quarter ended March 31?",  # the date of something else
        "What did the bank earn in the quarter ended on March 31?",
        "What did it earn in the year to Dec 31, 1986?",
        "Who gets the dividend payable April 15?",
        "What happened in the week of March 9?",
        "What was in the letter dated March 9?",
        "Who resigned March 9?",  # a day with no preposition, mid-question
        "Who won the 1987 election in March?",  # which year's March: unclear
        "What happened on March 9 in 1987?",
        "What happened a year ago?",  # months and years ago: a calendar period would be a guess
        "What happened 3 months ago?",
        "What happened until 2020 and after?",  # a bound whose pair has no date
        "What changed before and after 2020?",
        "What happened on or after March 9?",
        "What happened since 2019 and later?",
    ],
)
def test_not_a_date_filter(question):
    assert dates_in_question(question, WED) is None


@pytest.mark.parametrize(
    ("question", "since", "until"),
    [
        ("March 9: what happened?", date(2026, 3, 9), date(2026, 3, 9)),  # a day at the question's start
        ("9 March 1987, who resigned?", date(1987, 3, 9), date(1987, 3, 9)),
        ("What happened the 9th of March?", date(2026, 3, 9), date(2026, 3, 9)),
        ("Who won between March 1 and March 9, 1987?", date(1987, 3, 1), date(1987, 3, 9)),  # its own year
        ("What did the minister say on Monday about the 2020 budget?", date(2026, 11, 23), date(2026, 11, 23)),
        ("What happened from 3 weeks ago to yesterday?", date(2026, 11, 4), date(2026, 11, 24)),
        ("What happened after March 9, 1987 and before 1990?", date(1987, 3, 10), date(1989, 12, 31)),
    ],
)
def test_days_that_stand_as_publication_dates(question, since, until):
    assert period(question) == (since, until)


def test_the_phrase_and_its_offsets():
    question = "Who said what in April 1987 about the strike?"
    found = dates_in_question(question, WED)
    assert found == QuestionDates(date(1987, 4, 1), date(1987, 4, 30), "in April 1987", 14, 27)


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("What happened on 9 March 1987?", "on 1987-03-09"),
        ("Who resigned in April 1987?", "in April 1987"),
        ("What happened in April?", "in April 2026"),
        ("What happened in 1987?", "in 1987"),
        ("What has changed since May 2023?", "since May 2023"),
        ("What happened before 1987?", "until the end of 1986"),
        ("What happened until March 9, 1987?", "until 1987-03-09"),
        ("Who won between March 1 and March 9, 1987?", "from 1987-03-01 to 1987-03-09"),
        ("What did the minister say last week?", "last week (2026-11-16 to 2026-11-22)"),
        ("What happened yesterday?", "yesterday (2026-11-24)"),
        ("What has changed since last week?", "since last week (from 2026-11-16)"),
    ],
)
def test_describe(question, words):
    found = dates_in_question(question, WED)
    assert found is not None and found.describe() == words


# -- the reference day ---------------------------------------------------------------------------
def test_reference_day_values():
    assert reference_day() == date.today()
    assert reference_day(None) == date.today()
    assert reference_day("1987-02-10") == ARCHIVE
    assert reference_day(" 1987-02-10 ") == ARCHIVE
    assert reference_day(ARCHIVE) == ARCHIVE
    assert reference_day(datetime(1987, 2, 10, 23, 59)) == ARCHIVE


@pytest.mark.parametrize("value", ["yesterday", "1987-02-30", "10/02/1987", "", "0001-01-01", 19870210])
def test_reference_day_refuses_what_is_not_a_day(value):
    with pytest.raises(BadInput) as info:
        reference_day(value)
    assert info.value.param == "today"
    assert repr(value) in info.value.message and "YYYY-MM-DD" in info.value.message


def test_dateparser_is_imported_only_for_a_question_with_a_date():
    """dateparser is slow to import: a question without a date word must not load it."""
    code = (
        "import sys, datetime; from qa.when import dates_in_question as d; t = datetime.date(2026, 11, 25)\n"
        "assert d('Who may lead the party after the vote?', t) is None\n"
        "assert 'dateparser' not in sys.modules, 'imported without a date'\n"
        "assert d('What happened last week?', t) is not None\n"
        "assert 'dateparser' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
