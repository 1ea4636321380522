"""A figure stated for another year is no answer for the year asked, nor a sentence about another
month for the month asked.

"How many tonnes of crops did Ethiopia produce in 2003?" was answered "14.27 million" at confidence
0.99, from "Ethiopia produced 14.27 million tonnes of crops in 2004, 24% higher than in 2003": the
sentence holds the year asked, but the figure is 2004's. A figure (a span with a digit or a number's word: not a name,
"Smith joined Tesco in 1998" says when he joined) is stated for a year when a few words after it say
"in 2004" ("in early 2004", "in March 2004"), with nothing between that could
start another statement (a number, a comma or other punctuation, "but", "and", "than", "from",
"since", "according to" ...). A question that asks about one year as a time ("in 2003", "for 2004";
not "the 2004 tsunami") keeps only the figures not stated for another.
Conservative by design: a year before the span ("In 2004, it produced ..."), a year used as a word
of a name ("the 2004 Olympics") and a span that is itself a date ("in March 2004") are not read; a
span that holds a figure and its year ("14.27 million tonnes of crops in 2004") is stated for it.

A question that asks about one month ("How much did the US export to China in November?") is not
answered from a sentence that names other months and not that one ("... from China during October,
exporting a little under $3bn"): ``of_the_month``. A sentence naming no month ("last month") may
answer it, and so may one that names a month from another ("In June ..., and the following month ...").
A question asking when is not answered with a bare number of one or two digits ("40" of "By the time he
was 40", for when Stan Lee was born), nor with a score ("Ireland 19-13"): ``of_a_time``; nor, asking when
something happens, with when it was said, in a sentence that dates both ("On Thursday, a US court said it will
hear arguments ... on 16 February"): ``of_the_deed_time``. A question about one named day ("on Boxing Day") is
not answered from a sentence about others only ("New Year's Eve", "New Year's Day"): ``of_the_holiday``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from index.dates import MONTH_ABBREVIATIONS, MONTH_TITLES, WEEKDAY_NAMES
from index.lexical import STOPWORDS, verb_stem
from qa.events import clause_of
from qa.explain import join_words
from qa.names import NUMBER_WORDS
from qa.posts import name_end

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

_Y = r"(1[89]\d\d|20\d\d)"
# a year alone: not part of a number, a range ("2004-05", "2004 and 2005") or a count ("2,000")
_ALONE = r"(?![.,]?\d|\s*[-–/]\s*\d|\s+(?:and|or|to)\s+(?:1[89]|20)\d\d\b)"
_YEAR = re.compile(rf"(?<![\d.,$£€/–-])\b{_Y}\b{_ALONE}")
# index.dates' month names and their abbreviations ("Sept" too), as written in a sentence
_MONTH = "(?:" + "|".join([*MONTH_TITLES,
                           *(a.capitalize() for a in MONTH_ABBREVIATIONS if a != "may"), "Sept"]) + ")"
_WHEN = rf"(?:(?:early|late|mid-?)\s*)?(?:{_MONTH}\s+)?"
# a year asked as a time: "in 2003", "for 2004", "in March 2003", "at Christmas 1986" (not "the 2004
# tsunami" or "Euro 2004", events whose figures may be stated for the year after)
# ... or a part of it: "in the final quarter of 2003", "in the first half of 2004"
_PART = (r"(?:the\s+)?(?:(?:first|second|third|fourth|final|last)\s+)?(?:quarter|half|three\s+months|six\s+months|"
         r"nine\s+months)\s+of\s+")
_ASKED = re.compile(rf"(?:\b(?:in|during|for)\s+(?:{_PART}|{_WHEN})|\bChristmas\s+){_Y}\b{_ALONE}")
# "in 2004", "during 2004", "by the end of June 2004" (the state at that time)
_IN = r"(?:in|during|(?:by|at)\s+the\s+end\s+of)"
_IN_YEAR = re.compile(rf"\b{_IN}\s+{_WHEN}{_Y}\b{_ALONE}")
_IN_A_YEAR = re.compile(rf"\b{_IN}\s+(?:{_PART}|{_WHEN}){_Y}\b{_ALONE}", re.I)  # "During 2004", "in the final quarter of 2004"
_DATE = re.compile(rf"\s*(?:(?:in|during|on)\s+)?(?:(?:early|late|mid-?)\s*)?(?:\d{{1,2}}\s+)?(?:{_MONTH}\s+)?"
                   rf"(?:\d{{1,2}},?\s+)?(?:1[89]\d\d|20\d\d)\s*", re.I)
# what may start another statement between a span and a year: "14.27 million, 24% higher than in
# 2003", "230,000, according to figures published in 2005"
_BREAK = re.compile(r"\d|[,;:.!?()\"“”]|\b(?:but|and|while|whereas|than|compared|from|since|after|before|"
                    r"according|said|says|say|told|published|reported|released|announced|estimated|estimates|"
                    r"figures|data)\b", re.I)
_NEAR = 6  # words between the span and "in 2004" at most


def asked_year(question: str) -> str | None:
    """The one year the question asks about as a time ("... in 2003?", "for 2004", "at Christmas
    1986"), or None."""
    years = {m.group(1) for m in _ASKED.finditer(question)}
    return years.pop() if len(years) == 1 else None


def year_of(sentence: str, start: int, end: int) -> str | None:
    """The year the figure ``sentence[start:end]`` is stated for ("14.27 million" + " tonnes of crops
    in 2004", or in the span), or None when the sentence does not say, the span is a date itself or
    holds no figure (a name: "Smith joined Tesco in 1998" says when he joined, not of what)."""
    span = sentence[start:end]
    if not _figure(span):
        return None
    if _YEAR.search(span):  # "14.27 million tonnes in 2004" states it; "March 2004" is a date
        inside = _IN_YEAR.search(span)
        return inside.group(1) if inside and not _DATE.fullmatch(span) else None
    after = sentence[end:]
    m = _IN_YEAR.search(after)
    if not m:
        return None
    between = after[: m.start()]
    if len(between.split()) > _NEAR or _BREAK.search(between):
        return None
    return m.group(1)


# a month asked as a time: "in October", "during March", "last November", "in March 2004" (May only
# after "in" or "during": "May" is a name too)
_ASKED_MONTH = re.compile(rf"\b(?:in|during|for|last|this)\s+(?:(?:early|late|mid-?)\s*)?"
                          rf"({'|'.join(m for m in MONTH_TITLES if m != 'May')})\b|\b(?:in|during)\s+(May)\b")
# a month a sentence names, in full or in short ("Oct", "Sept"): "May" only when the month asked is May
_MONTH_IN = re.compile(rf"\b({'|'.join(MONTH_TITLES)}|Sept|(?:{'|'.join(a.capitalize() for a in MONTH_ABBREVIATIONS)})\.?(?=\s*\d))\b")


# a month named from another ("In June ..., and the following month ...") or from the day it was written
# ("rose to 58.6 last month from 57.8 in November"): the month asked may be it
_MONTH_AFTER = re.compile(r"\b(?:following|next|previous|preceding|same|last|this)\s+month\b|"
                          r"\bmonths?\s+(?:later|earlier|after|before)\b", re.I)


def asked_month(question: str) -> str | None:
    """The one month the question asks about as a time ("How much did the US export in November?"), or None."""
    months = {m.group(1) or m.group(2) for m in _ASKED_MONTH.finditer(question)}
    return months.pop() if len(months) == 1 else None


def months_in(sentence: str, asked: str) -> set[str]:
    """The months the sentence names, in full ("Oct" is "October"); "May" only when ``asked`` is May."""
    found = set()
    for m in _MONTH_IN.finditer(sentence):
        word = m.group(1).rstrip(".")
        month = next((n for n in MONTH_TITLES if n.startswith(word[:3])), None)
        if month is not None and (month != "May" or asked == "May"):
            found.add(month)
    return found


def of_the_month(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking about one month ("How much did the US export to China in November?"),
    the proposals whose sentence names that month or none: not "under $3bn" of "The US imported almost
    $20bn worth of goods from China during October, exporting a little under $3bn"."""
    asked = asked_month(q.text)
    if asked is None:
        return proposals
    others = cache(lambda sentence: _of_other_months(sentence, asked))  # a sentence gives many spans: read it once
    return [p for p in proposals if not others(p.evidence.sentence)]


def _of_other_months(sentence: str, asked: str) -> bool:
    """Does the sentence name months, not ``asked``, and none counted from another ("the following month")?"""
    found = months_in(sentence, asked)
    return bool(found) and asked not in found and not _MONTH_AFTER.search(sentence)


def month_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences are about other months."""
    asked = asked_month(q.text)
    months = sorted({m for p in read for m in months_in(p.evidence.sentence, asked)}, key=MONTH_TITLES.index)
    return f"The closest sentences are about {join_words(months)}, not {asked}."


# a number of one or two digits and nothing else ("40" of "By the time he was 40"): an age or a count, no time
_BARE_NUMBER = re.compile(r"(?:(?:about|around|some|nearly|almost|over|more than)\s+)?\d{1,2}")
# nor is a score alone, or with its sides ("19-13", "Ireland 19-13" of the result line "Ireland 19-13 England", for
# when England play Ireland): a hyphen, not a range's dash ("(23–79)", "Jan 15-18"), and no unit after it
# ("6-7 years ago", "10-15 meters")
_A_SCORE = re.compile(r"(?:(?P<before>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)\s+)?\d{1,2}-\d{1,2}"
                      r"(?:\s+(?P<after>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*))?")


def _no_time(p: Proposal) -> bool:
    """Is the span a bare number, or a score with no unit after it in its sentence?"""
    span = p.text.strip()
    if _BARE_NUMBER.fullmatch(span):
        return True
    m = _A_SCORE.fullmatch(span)
    if m is None or re.match(r"\s*[a-z%]", p.evidence.sentence[p.span.end :]):
        return False
    sides = f"{m['before'] or ''} {m['after'] or ''}".split()
    return not any(w.rstrip(".") in MONTH_TITLES or w.rstrip(".").lower() in MONTH_ABBREVIATIONS for w in sides)


def of_a_time(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking when, the proposals that are not a bare number of one or two digits ("40" of
    "By the time he was 40, Lee had decided ..." for when Stan Lee was born), nor a score ("Ireland 19-13"); all
    of them for other questions.
    (A year, a date, a day or "two years ago" gives a time.)"""
    if q.wh != "when":
        return proposals
    return [p for p in proposals if not _no_time(p)]


def time_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was a number, not a time."""
    return "The closest sentences give a number, not a time."


# days with names: "How much did Meet the Fockers take on Boxing Day?" is not answered from a sentence about New
# Year's Eve and New Year's Day ("Christmas" alone may be Christmas Day or Eve)
_AP = "['’]?"
_HOLIDAYS = {
    "Christmas Eve": r"Christmas\s+Eve", "Christmas Day": r"Christmas\s+Day", "Boxing Day": r"Boxing\s+Day",
    "New Year's Eve": rf"New\s+Year{_AP}s?\s+Eve", "New Year's Day": rf"New\s+Year{_AP}s?\s+Day",
    "Valentine's Day": rf"(?:St\.?\s+)?Valentine{_AP}s?\s+Day", "Thanksgiving": r"Thanksgiving",
    "Easter Sunday": r"Easter\s+Sunday", "Easter Monday": r"Easter\s+Monday", "Good Friday": r"Good\s+Friday",
    "Independence Day": r"(?:Independence\s+Day|(?:the\s+)?(?:4th|Fourth)\s+of\s+July|July\s+4(?:th)?)",
    "Halloween": r"Hall?owe(?:e|')en", "Bonfire Night": r"Bonfire\s+Night|Guy\s+Fawkes\s+Night",
    "Mother's Day": rf"Mother{_AP}s?\s+Day", "Father's Day": rf"Father{_AP}s?\s+Day", "Labor Day": r"Labou?r\s+Day",
    "Memorial Day": r"Memorial\s+Day", "St Patrick's Day": rf"St\.?\s+Patrick{_AP}s?\s+Day", "Hogmanay": r"Hogmanay",
}
# (not a word of a name: "the New Year's Day Parade")
_HOLIDAY = {name: re.compile(rf"\b(?:{pattern})\b(?!\s+[A-Z])") for name, pattern in _HOLIDAYS.items()}
_CHRISTMAS_ALONE = re.compile(r"\bChristmas\b(?!\s+(?:Eve|Day)\b)")


def holidays_in(text: str) -> set[str]:
    """The named days the text names ("Boxing Day", "New Year's Eve")."""
    return {name for name, pattern in _HOLIDAY.items() if pattern.search(text)}


def asked_holiday(question: str) -> str | None:
    """The one named day the question asks about ("Boxing Day"), or None."""
    found = holidays_in(question)
    return found.pop() if len(found) == 1 else None


def _of_other_holidays(sentence: str, asked: str) -> bool:
    """Does the sentence name days, not ``asked`` (nor "Christmas" alone, for a day of Christmas)?"""
    found = holidays_in(sentence)
    if asked.startswith("Christmas") and _CHRISTMAS_ALONE.search(sentence):
        return False
    return bool(found) and asked not in found


def of_the_holiday(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking about one named day ("How much did Meet the Fockers take on Boxing Day?"), the
    proposals whose sentence names that day or none: not "$18m" of "... on New Year's Eve, when it made $12.2m
    (£6.2m), and New Year's Day, when it took $18m (£9.4m)" (a BBC probe, 0.55)."""
    asked = asked_holiday(q.text)
    if asked is None:
        return proposals
    others = cache(lambda sentence: _of_other_holidays(sentence, asked))
    return [p for p in proposals if not others(p.evidence.sentence)]


def holiday_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences are about other named days."""
    asked = asked_holiday(q.text)
    days = sorted({d for p in read for d in holidays_in(p.evidence.sentence)}, key=list(_HOLIDAYS).index)
    return f"The closest sentences are about {join_words(days)}, not {asked}."


# a weekday asked about ("At what price did Brent crude close on Friday?"), and one a span's clause names as a time:
# after "on", "last" ... ("on Thursday"), not in a name ("the Sunday Times", "Black Monday"), nor the date of a
# saying ("said on Tuesday")
_WEEKDAY = "(?:" + "|".join(day.title() for day in WEEKDAY_NAMES) + ")"  # capitalised, as a time is written
_ON_A_WEEKDAY = re.compile(rf"\b(?:[Oo]n|[Ll]ast|[Tt]his|[Nn]ext|[Bb]y|[Uu]ntil|[Ff]rom|[Ss]ince|[Ll]ate|[Ee]arly|and|or)\s+"
                           rf"(?P<day>{_WEEKDAY})\b(?!\s+[A-Z])")
_FRONTED_DAY = re.compile(rf"^[\s\"'“‘(]*(?:[Oo]n\s+|[Ll]ate\s+|[Ee]arly\s+)?(?P<day>{_WEEKDAY})\s*,")


def asked_weekday(question: str) -> str | None:
    """The one weekday the question asks about as a time ("on Friday"), or None (none, or several: "on Saturday and
    Sunday")."""
    days = {m["day"].lower() for m in _ON_A_WEEKDAY.finditer(question)}
    return days.pop() if len(days) == 1 else None


def weekdays_in(text: str) -> set[str]:
    """The weekdays the text names as when something happened, not when it was said."""
    return {m["day"].lower() for m in _ON_A_WEEKDAY.finditer(text)
            if not re.search(rf"\b{_SPEECH}\s+(?:[\w'’.&-]+\s+){{0,2}}$", text[max(0, m.start() - 40) : m.start()])}


def _days_of(p: Proposal) -> set[str]:
    """The weekdays the span's clause names as its time, or the one its sentence opens with ("On Thursday, ...")."""
    days = weekdays_in(clause_of(p))
    if days:
        return days
    fronted = _FRONTED_DAY.match(p.evidence.sentence)
    if fronted and not _SAID_AFTER.match(p.evidence.sentence, fronted.end() - 1):
        return {fronted["day"].lower()}
    return set()


def of_the_weekday(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking about one weekday ("At what price did Brent crude close on Friday?"), the proposals
    whose clause names that weekday or none: not "$40.15" of "London Brent crude closed at $40.15 on Thursday" (a BBC
    probe, 0.35); "Brent closed at $41.20, up from $40.15 on Thursday" gives $41.20 for another day."""
    asked = asked_weekday(q.text)
    if asked is None:
        return proposals
    return [p for p in proposals if not (days := _days_of(p)) or asked in days]


def weekday_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their clauses are about other weekdays."""
    asked = asked_weekday(q.text)
    days = sorted({d for p in read for d in _days_of(p)}, key=WEEKDAY_NAMES.index)
    return f"The closest sentences are about {join_words([d.title() for d in days])}, not {asked.title()}."


# a verb of saying: the date beside it is when something was said ("On Thursday, a US court said it will hear
# arguments ... on 16 February"; "BMW said on Monday"), not when what was said happens
_SPEECH = r"(?:said|says|announced|told|reported|confirmed|revealed|stated|claimed|warned|added|disclosed|insisted)"
_SAID_AFTER = re.compile(rf"\s*,?\s*(?:[\w'’.&-]+\s+){{0,6}}?{_SPEECH}\b")  # "On Thursday" + ", a US court said"
_FRONTED = re.compile(r"[\s\"'“‘(]*(?:(?:early|late)\s+)?(?:on|in)?\s*$", re.I)  # nothing but "On" before it
_SAID_BEFORE = re.compile(rf"\b{_SPEECH}\s+(?:(?:early|late)\s+)?(?:on\s+)?$")  # "said on" + "Thursday"
# a question that asks when something was said or made known ("When did BMW announce the recall?")
# (verbs only where the noun is a thing asked about: "claim", "state")
_ASKS_SAYING = re.compile(r"\b(?:say|said|says|announce[ds]?|announcing|tell|told|report(?:ed|s)?|confirm(?:ed|s)?|"
                          r"reveal(?:ed|s)?|stated|claimed|warn(?:ed|s)?|added|disclose[ds]?|insist(?:ed|s)?|statement|"
                          r"announcement|made\s+public|publish(?:ed)?|unveil(?:ed|s)?|learn(?:ed|t)?)\b", re.I)
_WEEKDAYS = "|".join(WEEKDAY_NAMES)  # (read with re.I)
_A_DATE = re.compile(rf"\b(?:{_MONTH}|{_WEEKDAYS}|yesterday|today|(?:1[89]|20)\d\d)\b", re.I)
# the date of what was said: not a year naming a thing ("the 1953 Armistice")
_OTHER_DATE = re.compile(rf"\b(?:{_MONTH}|{_WEEKDAYS}|tomorrow|(?:1[89]|20)\d\d(?!\s+(?-i:[A-Z])))\b", re.I)


def when_said(p: Proposal) -> bool:
    """Is the span the date of a saying, in a sentence that dates what was said too ("Thursday" of "On Thursday, a
    US court said it will hear arguments ... on 16 February", of "BMW said on Thursday it would close the plant in
    March")? (A saying dated alone may be the deed: "On August 24, 2006, Apple and Creative announced a broad
    settlement".)"""
    sentence, start, end = p.evidence.sentence, p.span.start, p.span.end
    if not _A_DATE.search(p.text):
        return False
    if _FRONTED.fullmatch(sentence[:start]) and (said := _SAID_AFTER.match(sentence, end)):
        return bool(_OTHER_DATE.search(sentence, said.end()))  # what was said has its own date
    said_before = _SAID_BEFORE.search(sentence[:start])
    return bool(said_before and _OTHER_DATE.search(sentence[end:]))


def of_the_deed_time(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking when something happens (not when it was said), the proposals that are not the date of a
    saying ("When will a US court hear arguments on Yukos' bankruptcy claim?" was answered "Thursday" of "On
    Thursday, a US court said it will hear arguments ... on 16 February", a BBC probe, 0.90); all of them for other
    questions."""
    if q.wh != "when" or _ASKS_SAYING.search(q.text):
        return proposals
    deed = asked_deed_verb(q.text)
    not_done = cache(lambda sentence: bool(deed) and only_not_done(deed, sentence))  # a sentence gives many spans
    return [p for p in proposals if not when_said(p) and not not_done(p.evidence.sentence)]


def deed_time_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was when something was said (or the sentence says it was not
    done)."""
    deed = asked_deed_verb(q.text)
    if deed and all(only_not_done(deed, p.evidence.sentence) for p in read):
        return "The closest sentences say it was not done."
    return "The closest sentences say when it was said, not when it happens."


# the deed a when-question asks the time of, after its subject: "When did Roddick hire Gilbert?" -> "hire"
_WHEN_DID = re.compile(r"^\s*(?:[Aa]nd\s+)?[Ww]hen\s+(?:did|does|do|will|would)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s+)+"
                       r"(?P<verb>[a-z]{3,})\b")


def asked_deed_verb(question: str) -> str | None:
    """The verb a when-question asks the time of, as written ("hire"), or None."""
    m = _WHEN_DID.match(question)
    return m["verb"].lower() if m else None


def only_not_done(verb: str, sentence: str) -> bool:
    """Does the sentence write the verb (any form: "hire", "re-hire", "hired"; "won" of "win") only after "not",
    "never" or "n't" ("The decision to not re-hire Brad Gilbert for the 2005 season" says no time Roddick hired
    Gilbert: a BBC probe answered "2005", 0.75), and no "until" after it ("did not conquer the Song dynasty until
    1279")?"""
    stem = verb_stem(verb)
    forms = [m for m in re.finditer(r"\b[A-Za-z]+(?:-[A-Za-z]+)?\b", sentence)
             if verb_stem(re.sub(r"^re-", "", m.group(0).lower())) == stem]
    negated = [m for m in forms if re.search(r"\b(?:not|never)\s+$|n['’]t\s+$", sentence[max(0, m.start() - 12) : m.start()],
                                             re.I)]
    return bool(forms) and len(negated) == len(forms) and not re.search(r"\buntil\b|\btill\b", sentence[negated[0].end():],
                                                                         re.I)


_FIGURE_WORDS = NUMBER_WORDS - {"one", "half", "several", "few"}


# a half that is a share ("almost half" its value, "half of"), not a time ("the first half", "half-time")
_A_HALF = re.compile(r"(?<!first )(?<!second )\bhalf\b(?![\s-]*(?:time|way)\b)", re.I)


def _figure(span: str, before: str = "") -> bool:
    """Does the span hold a figure ("9.1 million", "two", "million", "half" of "almost half" its value), not only
    words or names? (``before``: the words just before the span.)"""
    return (any(ch.isdigit() for ch in span) or any(w in _FIGURE_WORDS for w in re.findall(r"[a-z]+", span.lower()))
            or any(m.start() >= len(before) for m in _A_HALF.finditer(before + span)))


def of_the_year(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals not stated for a year other than the one the question names (all of them
    when it names none)."""
    asked = asked_year(q.text)
    if asked is None:
        return proposals
    return [p for p in proposals if year_of(p.evidence.sentence, p.span.start, p.span.end) in (None, asked)
            and (before := _year_before(p)) in (None, asked) and not _in_other_years(p, asked, before)]


# a figure of the year before the one a sentence states: "rose to 310 in 2004 from 287 the previous year",
# "losses had deepened to £51.6m in 2004 from £1.2m"
_PREVIOUS_AFTER = re.compile(r"\s*(?:in\s+)?(?:the\s+(?:previous|preceding|prior)\s+year|a\s+year\s+(?:earlier|before)|"
                             r"the\s+year\s+before)\b", re.I)
_FROM_AFTER_A_YEAR = re.compile(rf"\b{_IN}\s+{_Y}\s+from\s+(?:(?:just|only|about|around|some|nearly|almost|over|"
                                r"more\s+than|less\s+than)\s+)?$", re.I)


def _year_before(p: Proposal) -> str | None:
    """The year before the one year the span's sentence states, when the span is a figure of it ("287" of
    "... to 310 in 2004 from 287 the previous year"), or None."""
    sentence, span = p.evidence.sentence, p.evidence.sentence[p.span.start:p.span.end]
    stated = {m.group(1) for m in _IN_A_YEAR.finditer(sentence)}
    if len(stated) != 1 or not _figure(span) or _YEAR.search(span):
        return None
    before = _FROM_AFTER_A_YEAR.search(sentence, 0, p.span.start)
    if (before and before.group(1) in stated) or _PREVIOUS_AFTER.match(sentence, p.span.end):
        return str(int(next(iter(stated))) - 1)
    return None


def _years_stated(p: Proposal) -> list[str]:
    """The year the span is stated for, or else the years its sentence states figures for."""
    year = year_of(p.evidence.sentence, p.span.start, p.span.end) or _year_before(p)
    return [year] if year else [m.group(1) for m in _IN_A_YEAR.finditer(p.evidence.sentence)]


def _in_other_years(p: Proposal, asked: str, year_before: str | None) -> bool:
    """Is the span a figure of a sentence that states figures only for other years, and never names the one
    asked, nor the year before the one it states (``year_before``, of ``_year_before``)? ("18.6%" of "China
    accounted for 20.1% of Japan's trade in 2004, compared with 18.6% for the US" is the US share in 2004, not
    in 2003; a year itself is when, as ``year_of`` reads it)"""
    sentence, span = p.evidence.sentence, p.evidence.sentence[p.span.start:p.span.end]
    before = sentence[max(0, p.span.start - 12) : p.span.start]
    return (_figure(span, before) and not _DATE.fullmatch(span) and asked not in sentence
            and _IN_A_YEAR.search(sentence) is not None and year_before != asked)


def year_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was stated for another year."""
    years = sorted({y for p in read for y in _years_stated(p)})
    return f"The closest sentences give it for {join_words(years)}, not for {asked_year(q.text)}."


# a question about the present: "his current guide dog", "Who is now ...", "at present"
_ASKS_CURRENT = re.compile(r"(?i:\b(?:current|currently|now|present|presently)\b)|\b(?:these days|today)\b")
# ... unless it asks about the past too: "What was the former name of the place now ...?"
_ASKS_PAST = re.compile(r"\b(?:former|formerly|previous|previously|once|used to|old|originally|then)\b", re.I)
# a span said to be of the past just before it, in its noun phrase: "his then guide dog " + "Lucy", "the
# former " + "Chelsea manager", "her late husband "
# (lower-case words only between: "former Poland Prime Minister Donald Tusk" may hold another post now)
_PAST_WORDS = r"former|erstwhile|one-time|onetime|previous"
_PAST_BEFORE = re.compile(rf"\b(?i:(?:his|her|its|their|the|our|my)\s+(?:then|late)|{_PAST_WORDS})\s+"
                          r"(?:[a-z][\w'’-]*\s+){0,3}$|\b(?i:ex)-(?:[a-z][\w'’-]*\s+){0,3}$")
# ... and a post written with capitals ("former Metropolitan Police Commissioner " + "Sir John Stevens"),
# past only when the question asks that very post (Donald Tusk's is not the European Council's)
_PAST_POST_BEFORE = re.compile(rf"\b(?i:{_PAST_WORDS}|ex-)\s*(?:[A-Za-z][\w'’-]*\s+){{1,3}}$")


def asks_the_present(q: QuestionAnalysis) -> bool:
    """Does the question ask about the present ("his current guide dog", "now")?"""
    return bool(_ASKS_CURRENT.search(q.text)) and not _ASKS_PAST.search(q.text)


# "Who is the shadow health secretary?" asks who holds a post now: not its past holder, when the words
# after the past word are the question's own ("Ex-health secretary Alan Milburn"; "former foreign minister
# Nabil el-Araby" may lead the Arab League now)
_WHO_IS = re.compile(r"^\s*(?i:and\s+)?(?i:who)(?:['’]s|\s+is|\s+are)\b")
# ... or the span opens with it, before its name: "Ex-health secretary " of "Ex-health secretary Alan Milburn"
_PAST_OPENING = re.compile(rf"(?i:ex-|(?:{_PAST_WORDS})\s+)(?:[a-z][\w'’-]*\s+){{0,3}}(?=[A-Z])")
# the past word itself, to read the post after it
_PAST_WORD = re.compile(rf"^(?i:(?:his|her|its|their|the|our|my)\s+(?:then|late)|{_PAST_WORDS}|ex-)\s*")


# a holder said to have left just after the name: "Paul Tellier" + ", who was also Bombardier's president, left
# the company" (not a photograph's "Shiza Shahid, left, ...", nor "will leave": he holds it still)
_LEFT_AFTER = re.compile(r"(?:\s*,\s*(?:who|which)\b[^,;]*,)?\s*(?:has\s+|have\s+|had\s+)?(?:now\s+|since\s+|recently\s+)?"
                         r"(?:left(?!\s*[,)])|quit|resigned|stepped\s+down|stood\s+down|retired|departed|"
                         r"(?:was|were|has\s+been|had\s+been)\s+(?:sacked|fired|ousted|dismissed))\b", re.I)


# who led a government (board, team ...) of the past: "previous government, led by " + "President Megawati"
_LED_ONCE = re.compile(r"\b(?i:previous|former|last|then|old|outgoing|erstwhile)\s+(?:[a-z][\w-]*\s+)?"
                       r"(?:government|administration|regime|board|management|cabinet|coalition|leadership|team)"
                       r"\s*,?\s*(?:(?:which|that)\s+was\s+)?(?:led|headed|run|chaired)\s+by\s+(?:[A-Z][\w.'’-]*\s+){0,2}$")


def asks_who_is(q: QuestionAnalysis) -> bool:
    """Does the question ask who is (or are) something now ("Who is the shadow health secretary?", not
    "Who is the former ...?")?"""
    return bool(_WHO_IS.match(q.text)) and not _ASKS_PAST.search(q.text)


# one who is yet to hold the post asked, just after the name: "Mr Ghosn is to become chairman and chief executive of
# Renault, ..., in April" is not Renault's chairman now (was answered at 0.75)
_TO_HOLD_AFTER = re.compile(r"\s+(?:(?:is|are)\s+(?:set\s+|due\s+|expected\s+|poised\s+|likely\s+)?to|will)\s+"
                            r"(?:become|be\s+(?:named|appointed|made)(?:\s+as)?|take\s+over\s+as)\s+"
                            r"(?:(?:the|a|an|its|his|her|their)\s+)?(?:new\s+)?(?P<post>(?:[\w'’-]+\s+){0,3}?[\w'’-]+)"
                            r"(?=\s+(?:and|of|at|for|in|on)\b|[,;:.]|$)", re.I)


@lru_cache(maxsize=1024)
def _words_of(question: str) -> frozenset[str]:
    """A question's words, lower-cased."""
    return frozenset(re.findall(r"[a-z]+", question.lower()))


def _yet_to_hold(sentence: str, start: int, end: int, asked: frozenset[str]) -> bool:
    """Does the sentence say, just after the span's name, that it is yet to hold a post the question names?"""
    m = _TO_HOLD_AFTER.match(sentence, name_end(sentence, start, end))
    return m is not None and any(w in asked and w not in STOPWORDS for w in re.findall(r"[a-z]+", m["post"].lower()))


def of_the_present(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question about the present ("What is the name of his current guide dog?"), the proposals a
    sentence does not say are of the past just before them ("Lucy" of "his then guide dog Lucy"); for
    "Who is ...?", not those said to have held the post it asks about ("Ex-health secretary"). Nor, for
    either, a name the sentence says has left just after it ("Paul Tellier, who was also Bombardier's
    president, left the company" for who is Bombardier's chief executive)."""
    explicit = asks_the_present(q)
    if not explicit and not asks_who_is(q):
        return proposals
    asked = _words_of(q.text)

    def of_the_past(p: Proposal) -> bool:
        sentence, start = p.evidence.sentence, p.span.start
        if _LEFT_AFTER.match(sentence, name_end(sentence, start, p.span.end)):
            return True  # "Paul Tellier, who was also Bombardier's president, left the company"
        if _yet_to_hold(sentence, start, p.span.end, asked):
            return True  # "Mr Ghosn is to become chairman ... of Renault": not yet
        if _LED_ONCE.search(sentence, max(0, start - 80), start):
            return True  # "Indonesia's previous government, led by President Megawati Sukarnoputri"
        m = _PAST_BEFORE.search(sentence, max(0, start - 60), start) or _PAST_OPENING.match(sentence, start, p.span.end)
        if m is not None and explicit:
            return True
        m = m or _PAST_POST_BEFORE.search(sentence, max(0, start - 60), start)
        if m is None:
            return False
        post = re.findall(r"[a-z]+", _PAST_WORD.sub("", m.group(0)).lower())
        return bool(post) and all(w in asked for w in post)

    return [p for p in proposals if not of_the_past(p)]


def present_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: the sentences give them as of the past (or as yet to hold the post)."""
    asked = _words_of(q.text)
    if all(_yet_to_hold(p.evidence.sentence, p.span.start, p.span.end, asked) for p in read):
        return "The closest sentences name who is yet to hold the post, not who holds it now."
    return "The closest sentences speak of the past, not the present."
