"""Dates written in a question, as the period of publication dates they name.

"What happened on March 9?", "Who resigned in April 1987?", "What changed since May 2023?",
"What did the minister say last week?": the question's own words name a period, and the articles
asked are those published in it. Explicit dates ("on March 9", "in April 1987", "in 1987",
"since May 2023", "between March 1 and March 9, 1987", "from 2019 to 2021") and relative ones
("yesterday", "today", "this week", "last month", "3 days ago", "on Monday", "last Monday") are
resolved against a reference day: today, or ``--today`` / ``NEWSQA_TODAY`` for an archive.

Who does what:

- ``dateparser`` (``DateDataParser``, English only, ``RELATIVE_BASE`` = the reference day,
  ``PREFER_DATES_FROM="past"``) reads each date phrase into a day and its period (day, week,
  month, year). It also gives the no-year rule: "March 9" is the latest March 9 on or before the
  reference day; "April", the latest April that has started; "Monday", the latest Monday before it.
  It is imported on the first question that has a date phrase (its import takes ~0.35 s).
- This module's patterns only find the phrase boundaries and the preposition ("on", "in",
  "during", "since", "after", "before", "until", "by", "between X and Y", "from X to Y"), and turn a
  point and its period into a range (weeks run Monday to Sunday). ``dateparser.search`` is not
  used: it reads "may", "the 2008" or "1987 of the" as dates, the guesses this module must refuse.

Conservative by design: no reading rather than a guess. A bare year or month needs a preposition
("in 1987", never "the 2008 election" or "Section 1987"), and none when a noun follows it
("in 2000 cases"); a day needs one too ("on March 9"), or the question's start ("March 9: who
...?"), or a verb of saying or happening before it ("What happened March 9?"); no date after words
that date something else ("the quarter ended March 31", "the year to Dec 31", "payable April 15",
"the week of March 9", "a letter dated March 9") or used as an adjective ("the March 9 attack",
"the 9 March attack", "last year's budget") is a filter. "3 days ago" and "two weeks ago" are the
one day that far back; "a year ago" and "3 months ago" are not read. A range that cannot be read
whole ("between March 1 and 9", "between 9 and 12 March"), a bound whose pair has no date ("until
2020 and after"), a date without a year in a question that writes a year elsewhere ("the 1987
election in March"), two periods that do not combine into one, or an inverted range give None.
Relative periods that run on past the reference day ("this week") end on it; explicit ones ("in
1987") are kept as written.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from index.dates import (
    ISO_DAY,
    MAX_YEAR,
    MIN_YEAR,
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    MONTH_TITLES,
    WEEKDAY_NAMES,
)
from index.errors import BadInput

__all__ = ["QuestionDates", "dates_in_question", "reference_day"]

# -- the words ---------------------------------------------------------------------------------
# The names and abbreviations are index.dates' own (English, whatever the locale), plus "Sept".
_FULL = "|".join(n for n in MONTH_NAMES if n != "may")
_ABBR = "|".join(["sept", *(m for m in MONTH_ABBREVIATIONS if m != "may")])
# "May" only capitalised ("may" is a verb); "Mar." / "Sept." take an optional dot.
_MONTH = rf"\b(?:(?:{_FULL}|(?-i:May))\b|(?:{_ABBR})\b\.?)"
_FULL_MONTH = rf"\b(?:{_FULL}|(?-i:May))\b"
_WEEKDAY = r"\b(?:" + "|".join(WEEKDAY_NAMES) + r")\b"
_DAY = r"\b(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?<![\w$€£/.,-])\d{4}(?![\w%/-]|[.,]\d)"
_COUNT = r"(?:\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
_RELATIVE = (
    rf"\b(?:yesterday|today|(?:this|last)\s+(?:week|month|year)\b|{_COUNT}\s+(?:day|week|month|year)s?\s+ago"
    rf"|last\s+{_WEEKDAY})"
)


def _date(p: str) -> str:
    """One date expression, its kind in the named group that matched (``p`` prefixes the names)."""
    return (
        rf"(?:(?P<{p}iso>(?<![\w-])\d{{4}}-\d{{2}}-\d{{2}}(?![\w-]))"
        rf"|(?P<{p}md>{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?)"  # March 9, March 9th, 1987
        rf"|(?P<{p}dm>(?:\bthe\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?)"  # 9 March, the 9th of March
        rf"|(?P<{p}my>{_MONTH},?\s+(?:of\s+)?{_YEAR})"  # April 1987
        rf"|(?P<{p}rel>{_RELATIVE})"
        rf"|(?P<{p}wd>{_WEEKDAY})"
        rf"|(?P<{p}m>{_FULL_MONTH})"
        rf"|(?P<{p}y>{_YEAR}))"
    )


_PREPOSITIONS = r"between|from|since|after|before|until|till|through|by|during|in|on"
_PHRASE = re.compile(
    rf"(?:\b(?P<prep>{_PREPOSITIONS})\s+)?{_date('x_')}"
    rf"(?:\s*(?P<conj>\band\b|\bto\b|\buntil\b|\btill\b|\bthrough\b|-|–)\s*{_date('y_')})?",
    re.IGNORECASE,
)
# The fast gate: a question without one of these words (or four digits) never reaches the patterns
# above. A word split and a set lookup: ~0.1 ms for a 1,000-character question, 5x faster than a
# regex alternation of the words.
_GATE_TOKENS = re.compile(r"[A-Za-z]+|\d{4}")
_GATE_WORDS = frozenset(
    [*_FULL.split("|"), *_ABBR.split("|"), *WEEKDAY_NAMES,
     "yesterday", "today", "ago", "week", "weeks", "month", "months", "year", "years"]
)
# After a phrase: another date joined to it that the phrase did not take ("in 2019 and 2020").
_DANGLING = re.compile(rf"\s*(?:,|\band\b|\bor\b|\bto\b|\buntil\b|\bthrough\b|-|–)\s*(?:\d|{_MONTH})", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b")
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")  # a lowercase word right after the phrase
_PREVIOUS_WORD = re.compile(r"\b(the|a|an)\s+$", re.IGNORECASE)
# Words that may follow a date ("in 2008 who ...", "on March 9 the ..."): any other lowercase word
# makes it an adjective or a count ("the March 9 attack", "in 2000 cases").
_FOLLOWERS = frozenset(
    "and or but nor the a an in on at of to for from by with about after before until since during "
    "than as when while what who whom whose which where why how that this these those there it its "
    "he she they we i you his her their our did do does was were is are be been has have had will "
    "would could should can not according".split()
)
_RELATIVE_WORDS = re.compile(rf"\b(?:yesterday|today|this|last|ago)\b|{_WEEKDAY}", re.IGNORECASE)
# Before a date phrase: words that make it the date of something other than publication ("the
# quarter ended March 31", "the year to Dec 31", "payable April 15", "the week of March 9", "a letter
# dated March 9"), with or without a preposition of their own ("ended on March 31").
_NOT_PUBLICATION = frozenset(
    "ended ending ends end to payable of week weeks dated due paid effective expiring expires expired "
    "maturing matures matured closing".split()
)
# A day written without a preposition is a publication date at the question's start ("March 9: what
# happened?") or right after one of these verbs ("What happened March 9?", "What did he say March 9?").
_SAID_ON = frozenset("happened happen happens occurred occur say said says announced announce reported report do".split())
_WORD_BEFORE = re.compile(r"\b([a-z]+)\s+$", re.IGNORECASE)
_QUESTION_START = re.compile(r"[\s\"'“‘(]*$")
# The second end of a range whose first end the patterns could not read ("between 9 and 12 March",
# "from 9 to 12 March", "9-12 March", "between the ninth and 12 March"): never read alone.
_HALF_RANGE = re.compile(
    r"(?:\d(?:st|nd|rd|th)?|\b(?:between|from)\b[^.?!;]{0,60}?)"
    r"\s*(?:\band\b|\bto\b|\buntil\b|\btill\b|\bthrough\b|-|–)\s*$",
    re.IGNORECASE,
)
# A second bound written without its date: "until 2020 and after", "before and after 2020", "on or
# after March 9". The bound given alone would be read as the whole period.
_OPEN_BOUND = r"since|after|before|until|till|later|earlier|afterwards|onwards?|beyond|prior"
_BOUND_AFTER = re.compile(rf"\s*,?\s*\b(?:and|or)\s+(?P<word>{_OPEN_BOUND})\b", re.IGNORECASE)
_BOUND_BEFORE = re.compile(rf"\b(?:{_OPEN_BOUND}|on|in|from)\s*,?\s*(?:and|or)\s+$", re.IGNORECASE)
# A year written anywhere in the question (an ISO day's too): a date without one is then unclear.
_ANY_YEAR = re.compile(rf"{_YEAR}|(?<![\w-])\d{{4}}(?=-\d\d-\d\d(?![\w-]))")
_AGO = re.compile(rf"(?P<count>{_COUNT})\s+(?P<unit>day|week|month|year)s?\s+ago", re.IGNORECASE)
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}

_UNCLEAR = object()  # a date phrase that cannot be read whole: the question gets no filter
_DAY_KINDS = {"iso", "md", "dm"}
_PERIOD_OF_KIND = {"iso": "day", "md": "day", "dm": "day", "my": "month", "m": "month", "y": "year"}
_NEEDS_PREPOSITION = {"wd", "m", "y"}  # "in April", "in 1987", "on Monday"; never bare
_RANGE_CONJUNCTIONS = {"between": {"and"}, "from": {"to", "until", "till", "through", "-", "–"},
                       "since": {"to", "until", "till", "through"}}
_ONE_DAY = datetime.timedelta(days=1)
_FOUR_DIGITS = re.compile(r"\d{4}")
_Days = tuple[datetime.date, datetime.date]  # the first and last day of a period


@dataclass(frozen=True)
class QuestionDates:
    """The period a question names: publication dates from ``since`` to ``until`` (inclusive; None
    is an open end), read from ``phrase``, the words as written, at ``question[start:end]``."""

    since: datetime.date | None
    until: datetime.date | None
    phrase: str
    start: int
    end: int

    def describe(self) -> str:
        """In words, for an answer or an abstention: "on 1987-03-09", "in April 1987", "since May
        2023", "from 1987-03-01 to 1987-03-09"; a relative phrase with its days, "last week
        (2026-11-16 to 2026-11-22)"."""
        if _RELATIVE_WORDS.search(self.phrase):
            return f"{self.phrase} ({_days(self.since, self.until)})"
        return _period_words(self.since, self.until)


def reference_day(value: str | datetime.date | None = None) -> datetime.date:
    """value (an ISO date, e.g. from --today / NEWSQA_TODAY) or today's date; BadInput(param="today")
    naming the value when it is not a date."""
    if value is None:
        return datetime.date.today()
    if isinstance(value, datetime.datetime):
        day: datetime.date | None = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        day = _iso_day(value)
    if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadInput(f"today: {value!r} is not a date; give the reference day as YYYY-MM-DD "
                       "(e.g. 2024-03-02), or leave it out for today's date", param="today")
    return day


def _iso_day(value: Any) -> datetime.date | None:
    """``YYYY-MM-DD`` (surrounding spaces allowed) as a date; None for anything else."""
    text = value.strip() if isinstance(value, str) else ""
    if not ISO_DAY.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:  # 2024-02-30
        return None


def dates_in_question(question: str, today: datetime.date) -> QuestionDates | None:
    """The period a question's own words name, or None."""
    if not _has_date_word(question):
        return None
    found: list[QuestionDates] = []
    for match in _PHRASE.finditer(question):
        reading = _read(match, question, today)
        if reading is _UNCLEAR:
            return None
        if isinstance(reading, QuestionDates):
            found.append(reading)
            if len(found) > 2:  # more than two periods never make one: stop reading
                return None
    return _combine(found, question)


def _has_date_word(question: str) -> bool:
    """Whether ``question`` has a word a date phrase needs: a month, a weekday, "yesterday",
    "today", "ago", "week", "month", "year" (or their plurals), or four digits."""
    for token in _GATE_TOKENS.findall(question):
        if token[0].isdigit() or token == "May" or token.lower() in _GATE_WORDS:
            return True
    return False


# -- one phrase --------------------------------------------------------------------------------
def _read(match: re.Match[str], question: str, today: datetime.date) -> QuestionDates | object | None:
    """The period ``match`` names; None when it is no date filter (an adjective, a bare year without
    a preposition); ``_UNCLEAR`` when it is a date that cannot be read whole."""
    prep = (match["prep"] or "").lower()
    x_kind, y_kind = _kind(match, "x_"), _kind(match, "y_")
    if not prep and _HALF_RANGE.search(question, 0, match.start()):  # "and before 2022" has its own
        return _UNCLEAR
    if not _is_filter(match, question, prep, x_kind, y_kind):
        return None
    if _DANGLING.match(question, match.end()) or not _joined_well(match, prep, y_kind):
        return _UNCLEAR
    if _half_bound(match, question) or _year_elsewhere(match, question, x_kind, y_kind):
        return _UNCLEAR
    periods = _periods(match, x_kind, y_kind, today)
    if periods is None:
        return _UNCLEAR
    first, last = periods
    since, until = _bounds(prep, first, last, ranged=bool(y_kind))
    if since is not None and until is not None and since > until:
        return _UNCLEAR
    return QuestionDates(since, until, match.group(0), match.start(), match.end())


def _periods(match: re.Match[str], x_kind: str, y_kind: str, today: datetime.date) -> tuple[_Days, _Days] | None:
    """The periods of the phrase's first and last date (the same one when it has one). A range's
    first date written without a year takes the second's ("between March 1 and March 9, 1987",
    "from March to May 2020"), or the year before when that would put it after the second
    ("from December 20 to January 5, 1987")."""
    x_text = match.group("x_" + x_kind)
    first = _period(x_text, x_kind, today)
    if not y_kind:
        return (first, first) if first is not None else None
    y_text = match.group("y_" + y_kind)
    last, year = _period(y_text, y_kind, today), _written_year(y_text, y_kind)
    if last is not None and year is not None and x_kind in ("md", "dm", "m") and _written_year(x_text, x_kind) is None:
        for written in (year, year - 1):
            first = _period(f"{x_text} {written}", "my" if x_kind == "m" else x_kind, today)
            if first is not None and first[0] <= last[1]:
                break
    return (first, last) if first is not None and last is not None else None


def _written_year(text: str, kind: str) -> int | None:
    """The year written in a date ("March 9, 1987": 1987); None when it has none ("March 9")."""
    found = _FOUR_DIGITS.search(text) if kind in _PERIOD_OF_KIND else None
    return int(found[0]) if found else None


def _kind(match: re.Match[str], prefix: str) -> str:
    """Which form of date matched under ``prefix`` ("md", "y", ...); "" when none did."""
    for kind in ("iso", "md", "dm", "my", "rel", "wd", "m", "y"):
        if match[prefix + kind] is not None:
            return kind
    return ""


def _is_filter(match: re.Match[str], question: str, prep: str, x_kind: str, y_kind: str) -> bool:
    """Whether the words are used as a publication date: a bare month, year or weekday only after a
    preposition, a day after one or where it stands alone, never after words that date something
    else ("the quarter ended March 31"), no date used as an adjective ("the 2008 election", "last
    year's budget", "the March 9 attack", "the 9 March attack")."""
    if not prep and x_kind in _NEEDS_PREPOSITION:
        return False
    if prep == "on" and x_kind in ("m", "y"):  # "on 1987": not how a date is written
        return False
    if _PREVIOUS_WORD.search(question, 0, match.start()) or _POSSESSIVE.match(question, match.end()):
        return False
    before = _WORD_BEFORE.search(question, 0, match.start())
    word = before[1].lower() if before else ""
    if word in _NOT_PUBLICATION:
        return False
    if not prep and x_kind in _DAY_KINDS and word not in _SAID_ON and not _QUESTION_START.match(question[: match.start()]):
        return False
    last_kind = y_kind or x_kind
    article = _starts_with_the(match, x_kind, y_kind)  # "the 9 March attack": "the" inside the phrase
    if not article and (last_kind == "rel" or (prep and last_kind in _DAY_KINDS)):
        return True  # "yesterday morning", "on March 9 police said": the date stands on its own
    follower = _NEXT_WORD.match(question, match.end())
    return follower is None or follower[1] in _FOLLOWERS


def _starts_with_the(match: re.Match[str], x_kind: str, y_kind: str) -> bool:
    """Whether a date of the phrase opens with "the" ("the 9th of March", "the 9 March")."""
    dates = [match["x_" + x_kind]] + ([match["y_" + y_kind]] if y_kind else [])
    return any(d.lower().startswith("the") for d in dates)


def _half_bound(match: re.Match[str], question: str) -> bool:
    """Whether the phrase is one bound of a pair whose other has no date of its own ("until 2020 and
    after", "before and after 2020", "on or after March 9")."""
    if _BOUND_BEFORE.search(question, 0, match.start()):
        return True
    after = _BOUND_AFTER.match(question, match.end())
    return after is not None and _PHRASE.match(question, after.start("word")) is None


def _year_elsewhere(match: re.Match[str], question: str, x_kind: str, y_kind: str) -> bool:
    """Whether a date written without a year ("in March") stands in a question that writes a year
    elsewhere ("Who won the 1987 election in March?"): which year it means is unclear."""
    if x_kind not in ("md", "dm", "m") or _written_year(match.group("x_" + x_kind), x_kind) is not None:
        return False
    if y_kind and _written_year(match.group("y_" + y_kind), y_kind) is not None:
        return False
    return any(not match.start() <= y.start() < match.end() for y in _ANY_YEAR.finditer(question))


def _joined_well(match: re.Match[str], prep: str, y_kind: str) -> bool:
    """A range has its two ends with the right words ("between X and Y", "from X to Y", "X to Y");
    "between" or "from" without a second date, or "in X and Y", is not read."""
    conj = (match["conj"] or "").lower()
    if prep in ("between", "from"):
        return bool(y_kind) and conj in _RANGE_CONJUNCTIONS[prep]
    if not y_kind:
        return True
    return conj in _RANGE_CONJUNCTIONS["since" if prep == "since" else "from"] and prep in ("", "since")


def _bounds(prep: str, first: _Days, last: _Days, *, ranged: bool) -> tuple[datetime.date | None, datetime.date | None]:
    """``since`` and ``until`` from the preposition and the periods of the one or two dates."""
    if ranged:
        return first[0], last[1]
    if prep == "since":
        return first[0], None
    if prep == "after":
        return first[1] + _ONE_DAY, None
    if prep == "before":
        return None, first[0] - _ONE_DAY
    if prep in ("until", "till", "through", "by"):
        return None, first[1]
    return first  # on, in, during, or none: the period itself


# -- dateparser: a phrase -> a point and its period -> a range ------------------------------------
def _period(text: str, kind: str, today: datetime.date) -> _Days | None:
    """The first and last day of the period ``text`` names (dateparser's reading, checked against
    the form the pattern saw: "March 32" is no day); None when it is not one."""
    ago = _AGO.fullmatch(" ".join(text.split())) if kind == "rel" else None
    if ago is not None:
        return _ago(ago, today)
    data = _parser(today).get_date_data(" ".join(text.split()))
    if data is None or data.date_obj is None:
        return None
    expected = _PERIOD_OF_KIND.get(kind)
    if expected is not None and data.period != expected:
        return None
    first, last = _expand(data.date_obj.date(), data.period)
    if kind in ("rel", "wd"):
        if first > today:  # "next week" and the like: the future has no articles
            return None
        last = min(last, today)  # "this week" so far
    if not (MIN_YEAR <= first.year and last.year <= MAX_YEAR):
        return None
    return first, last


def _ago(ago: re.Match[str], today: datetime.date) -> _Days | None:
    """"3 days ago", "two weeks ago": the one day that many days or weeks before ``today``. Months
    and years ago ("a year ago") give None: a calendar month or year would be a guess, and so would
    the day that many months back."""
    count = ago["count"].lower()
    n = _COUNT_WORDS[count] if count in _COUNT_WORDS else int(count)
    unit = ago["unit"].lower()
    if unit not in ("day", "week"):
        return None
    try:
        day = today - datetime.timedelta(days=n * (7 if unit == "week" else 1))
    except OverflowError:
        return None
    return (day, day) if MIN_YEAR <= day.year else None


def _expand(point: datetime.date, period: str) -> _Days:
    """The day, the Monday-Sunday week, the month or the year that contains ``point``."""
    if period == "week":
        monday = point - datetime.timedelta(days=point.weekday())
        return monday, monday + datetime.timedelta(days=6)
    if period == "month":
        return point.replace(day=1), point.replace(day=calendar.monthrange(point.year, point.month)[1])
    if period == "year":
        return datetime.date(point.year, 1, 1), datetime.date(point.year, 12, 31)
    return point, point


@lru_cache(maxsize=8)  # one per reference day; a server keeps asking with the same one
def _parser(today: datetime.date) -> Any:
    """A dateparser reader relative to ``today`` (imported here: the import takes ~0.35 s)."""
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": datetime.datetime(today.year, today.month, today.day),
        "PREFER_DATES_FROM": "past",
    }
    return DateDataParser(languages=["en"], settings=settings)


# -- several phrases, and words for a period ------------------------------------------------------
def _combine(found: list[QuestionDates], question: str) -> QuestionDates | None:
    """One period: the only one found, or a lower and an upper bound written apart ("after 2019 and
    before 2022"); None for none, or for periods that do not combine."""
    if len(found) == 1:
        return found[0]
    if len(found) != 2:
        return None
    first, second = found
    lower = next((q.since for q in found if q.until is None), None)
    upper = next((q.until for q in found if q.since is None), None)
    if lower is None or upper is None or lower > upper:
        return None
    return QuestionDates(lower, upper, question[first.start:second.end], first.start, second.end)


def _days(since: datetime.date | None, until: datetime.date | None) -> str:
    """ISO days: "2026-11-16 to 2026-11-22", "2026-11-16", "from 2026-11-16", "until 2026-11-22"."""
    if since is None:
        return f"until {until}"  # str(date) is its ISO form
    if until is None:
        return f"from {since}"
    return f"{since}" if since == until else f"{since} to {until}"


def _period_words(since: datetime.date | None, until: datetime.date | None) -> str:
    """An explicit period in words: a day, a month or a year by its name, else its two ends."""
    if since is not None and until is not None:
        if since == until:
            return f"on {since.isoformat()}"
        if since.day == 1 and until == _expand(since, "month")[1]:
            return f"in {MONTH_TITLES[since.month - 1]} {since.year}"
        if (since.month, since.day, until.month, until.day) == (1, 1, 12, 31) and since.year == until.year:
            return f"in {since.year}"
        return f"from {since.isoformat()} to {until.isoformat()}"
    if since is not None:
        if (since.month, since.day) == (1, 1):
            return f"since {since.year}"
        return f"since {MONTH_TITLES[since.month - 1]} {since.year}" if since.day == 1 else f"since {since.isoformat()}"
    assert until is not None  # a QuestionDates always has at least one end
    if (until.month, until.day) == (12, 31):
        return f"until the end of {until.year}"
    if until == _expand(until, "month")[1]:
        return f"until the end of {MONTH_TITLES[until.month - 1]} {until.year}"
    return f"until {until.isoformat()}"
