"""What a question asks to be measured in, and which spans give it.

"How much will the PSP cost?" asks for a sum of money, "What was the final score?" for a score,
"What was her winning time?" for a time. A span without one does not answer them, however well
the reader scored it: "19.9 million" (units sold) is not the price of an Xbox, "third" is not the
score of a match, "5,000m" is not a winning time. ``of_the_measure`` keeps the proposals that give
the measure asked; none left, the question is not answered from them (``measure_reason``).
A price asked for a place is in its currency ("How much will it cost in the US?": dollars, not "£130").
Questions that ask by how much something changed ("How much did profit rise?") may be answered
with a share as well as a sum: they ask no measure here.
A match's score is best read from its result line (``qa.results``).
A question asking by how much something rose is not answered with what fell ("How much did Google's
shares rise?" not "$12.33" of "fell $12.33 on Tuesday"), nor the other way round (``of_the_direction``).

"How many tonnes of crops did Ethiopia produce in 2003?" asks for a count: a share ("24%" of "24%
higher than in 2003") does not answer it (``of_a_count``). A share of a group does ("42% of UK
teachers" for "How many teachers ...?"), and so does any span for "How many of ...?" or "How many
percent ...?". Nor does a sum of money answer a count ("more than $2m" for "How many votes did
Kerekou win?"), unless the question speaks of money ("How many dollars ...?", "How many shares did it
buy for ...?").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from index.lexical import STOPWORDS, stem, verb_stem
from qa.reasons import NoneGiven

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

MONEY, SCORE, TIME = "money", "score", "time"
_NAMES = {MONEY: "sum of money", SCORE: "score", TIME: "time in hours, minutes or seconds"}

_CHANGE = (r"rise|rose|risen|fall|fell|fallen|grow|grew|grown|increase|increased|drop|dropped|decline|declined|"
           r"climb|climbed|jump|jumped|gain|gained|slip|slipped|cut|improve|improved|shrink|shrank|widen|widened|"
           r"narrow|narrowed|soar|soared|slump|slumped|plunge|plunged|surge|surged|outperform|exceed|beat|more|less")
_MONEY_WORDS = (
    r"cost|costs|costing|pay|paid|pays|paying|spend|spent|spending|worth|price|priced|fine|fined|earn|earned|earns|"
    r"raise|raised|charge|charged|charges|sells? for|sold for|selling for|bid|bids|bidding|offer|offered|offering|fee|fees|salary|profit|"
    r"profits|revenue|revenues|budget|bill|compensation|damages|bail|money|cash|fund|funding|funds|invest|invested|"
    r"investment|donate|donated|owe|owed|debt|deficit|tax|taxes|wage|wages|bonus|settle|settled|settlement|ransom|"
    r"reward|grant|loan|lend|lent|borrow|borrowed|takings|gross|grossed|turnover|fetch|fetched|fetches")
# not "How much of the budget goes to defence?", "How much does oil account for of the import bill?": a
# share answers them as well as a sum ("loss" is left out: "energy loss", "blood loss")
_HOW_MUCH_MONEY = re.compile(
    rf"\bhow much\b(?!\s+of\b)(?!.*\b(?:{_CHANGE}|accounts? for|accounted for)\b).*\b(?:{_MONEY_WORDS})\b", re.I)
# "How much did the film take / he make / she win?": money when "much" asks for no noun of its own
# (not "How much progress was made?", "How much time did it take?", "How much did Labour win by?")
_HOW_MUCH_DID = re.compile(rf"\bhow much (?:did|does|do|will|would|could|can|has|have|had)\b(?!.*\b(?:by|{_CHANGE})\b)"
                           r".*(?<![\w-])(?:make|made|makes|take|took|takes|win|won|wins)\b", re.I)
# "How much did Jarvis sell its Tube Lines stake for?", "How much did it get for the painting?": a price, the thing
# sold between the verb and "for"
_SOLD_FOR = re.compile(r"\bhow much (?:did|does|do|will|would|could|has|have|had)\b(?!.*\bby\b).*\b(?:sell|sold|sells|get|got|"
                       r"gets|receive|received|receives)\b.*\bfor\s*\??\s*$", re.I)
_WHAT_MONEY = re.compile(
    rf"\b(?:what|how large|how big|how high)\b(?!.*\b(?:by how|{_CHANGE})\b).*"
    r"\b(?:is|was|were|are|will be)\s+(?:the|its|their|his|her)\s+(?:[\w-]+\s+)?"
    r"(?:price|cost|fine|fee|salary|profit|profits|bill|budget|ransom|bail|reward|settlement|compensation|"
    r"deficit|revenue|revenues|turnover|takings)\s*\??$|"
    # or a price with more words before it, and when or where: "What was the average UK house price in December?"
    r"^\s*(?:and\s+)?what\s+(?:is|was|were|are|will\s+be)\s+(?:the|its|their|his|her)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:price|cost|salary|wage)(?:\s+(?:in|on|at|during|last|this|by)\s+[^?]*)?\s*\??$|"
    # or asked "at what price": "At what price will Reliance buy back shares?"
    r"^\s*(?:and\s+)?at\s+what\s+price\b", re.I)
_SCORE_Q = re.compile(r"\b(?:what|by what)\s+(?:was\s+|is\s+)?(?:the\s+)?(?:final\s+|half-time\s+|full-time\s+)?"
                      r"(?:score|scoreline)\b", re.I)
# a score of no match: "the score on the Richter scale", "in the exam", "of the survey", "in the poll", a
# test's (not a cricket Test's: "the Ashes Test"), a critic's ("What score did CNET give the PS3?")
_NOT_MATCH = re.compile(r"\b(?:richter|exam|exams|examination|survey|poll|polls|vote|ballot|(?-i:tests?)|iq|rating|"
                        r"index|credit|sat|gcse|a-level|review|reviewer|reviewers|critic|critics|stars)\b|"
                        r"\bscore\s+(?:did|does|do|would|will)\b(?:\s+[\w'’-]+){1,6}\s+(?:give|given)\b", re.I)
# a race's time ("winning time"), not a clock's ("What time did the polls close?")
# (not an era: "In what time period ...?", "In what time frame ...?")
_TIME_Q = re.compile(r"\b(?:winning|finishing|record|lap|qualifying|personal best)\s+time\b|"
                     r"\bin what time\b(?!\s+(?:period|periods|frame|span|of)\b)|"
                     # a race's time: "What times did Jason Gardener run in Glasgow?" (not "What time did it start?")
                     r"\bwhat\s+times?\s+(?:did|does|do|has|have|had|will|would|can|could)\s+[^?]*?"
                     r"\b(?:run|ran|clocked|swim|swam|record|recorded|post|posted)\b", re.I)

_CURRENCY = re.compile(
    r"[$£€¥₹₩¢]|\b(?:dollars?|pounds?|sterling|euros|yen|yuan|renminbi|rupees?|rupiah|pesos?|pesetas?|francs?|cents?|"
    # older and other currencies: "1.2 million Thalers", "53.3 billion kroons"
    r"thalers?|kroons?|guilders?|florins?|ducats?|livres?|reichsmarks?|deutschmarks?|hryvnias?|bolivars?|"
    r"quetzals?|"
    r"pence|dinars?|rubles?|roubles?|shekels?|riyals?|dirhams?|krona|kronor|kroner|kronur|lira|lire|zloty|zlotys|"
    r"baht|ringgit|forint|naira|shillings?|escudos?|drachmas?|usd|gbp|eur|jpy|chf|cny|inr|krw|aud|cad|hkd|nzd|sek|"
    r"nok|dkk)\b|\b(?:rs|rmb|sfr|chf)\.?\s?\d|\b\d+(?:\.\d+)?p\b|"
    # words that are money only after a sum: "5bn won", "20m rand", "300 real", "10 marks", "a 1 euro coin"
    r"\d(?:[\d,.]*\d)?\s*(?:m|bn|million|billion|trillion)?\s+(?:won|rand|real|reais|marks?|euro|rmb|crowns?|lei|dong)\b",
    re.I)
# "2-1", "17-18", "407 for 9", "350/6", "27 to 13", "won by 7 wickets", "a goalless draw"; not "4-4-2" or "aged 18-24"
_SCORE = re.compile(r"(?<![\d][-–])(?<!aged )(?<!ages )\b\d{1,3}\s*(?:[-–/]|to|for)\s*\d{1,3}\b(?![-–/]\d)|"
                    r"\bby \d{1,3} (?:wickets|runs|points|goals)\b|\b(?:draw|drew|drawn|goalless|scoreless|nil)\b", re.I)
# "2hrs 9mins", "14 minutes 32.93 seconds", "2:05:30", "8.61s"; not "5,000m" (a distance) or "1980s"
_TIME = re.compile(r"\d\s*(?:h|hr|hrs|hours?|mins?|minutes?|secs?|seconds?)\b|\d:\d\d\b|\d\.\d+\s*s(?:ecs?)?\b", re.I)


_LEAD_WORDS = 3
# a price asked for a place is in its currency: "How much will the PSP cost in the US?" is not "£130"
_PLACE_CURRENCY = [
    (r"US|U\.S\.|USA|United States|America", r"\$|\bdollars?\b|\busd\b|\bcents?\b"),
    (r"UK|U\.K\.|Britain|Great Britain|England|Scotland|Wales", r"£|\bpounds?\b|\bsterling\b|\bpence\b|\bgbp\b|\dp\b"),
    (r"Europe|the euro ?zone|eurozone", r"€|\beuros?\b|\beur\b"),
    (r"Japan", r"¥|\byen\b|\bjpy\b"),
]
_IN_PLACE = [(re.compile(rf"\bin (?:the )?(?:{place})(?![\w.])"), re.compile(money, re.I)) for place, money in _PLACE_CURRENCY]
_ENDS_WITH_NUMBER = re.compile(r"(?:\d(?:m|bn|b|k)?|\b(?:million|billion|trillion|thousand|hundred))\s*$", re.I)


# a change asked, which a share answers as well as a sum: "By how much did Australia raise interest rates?",
# "How much will the firm raise prices?" (not "How much did the charity raise?")
_CHANGE_ASKED = re.compile(r"\bby how much\b|\b(?:raise|raised|raises|raising)\s+(?:[\w'’-]+\s+){0,3}?"
                           r"(?:rates?|prices?|taxe?s|tariffs?|duty|duties|fares?|rents?|charges|fees|forecasts?|"
                           r"targets?|stakes?|holdings?)\b", re.I)


def asked_measure(question: str) -> str | None:
    """The measure a question asks for: ``"money"``, ``"score"``, ``"time"``, or None."""
    q = question.strip()
    if (_HOW_MUCH_MONEY.search(q) or _HOW_MUCH_DID.search(q) or _WHAT_MONEY.search(q) or _SOLD_FOR.search(q)) \
            and not _CHANGE_ASKED.search(q):
        return MONEY
    if _SCORE_Q.search(q) and not _NOT_MATCH.search(q):
        return SCORE
    if _TIME_Q.search(q):
        return TIME
    return None


def place_currency(question: str) -> re.Pattern | None:
    """The currency of the place a money question names ("... cost in the US?": dollars), or None."""
    return next((money for place, money in _IN_PLACE if place.search(question)), None)


def gives_measure(measure: str, sentence: str, start: int, end: int, currency: re.Pattern | None = None) -> bool:
    """Does the span ``sentence[start:end]`` give the measure, as what it leads with (at most three
    words before it: "more than £600", "50,000 euros", "Hearts won 2-1"; not "15% from a year ago to
    reach £546m" or "the highlight of the draw")? For money a currency sign just before the span or
    a currency word just after it counts ("£" + "4.5bn", "50 million" + " euros"), and with
    ``currency`` (``place_currency``) the sum must be in it."""
    span = text = sentence[start:end]
    span_end = len(span)  # where the span ends in ``text``
    if measure == MONEY:  # "£" + "4.5bn"; "300 million" + "US dollars"
        before = sentence[start - 1 : start] if start > 0 and sentence[start - 1] in "$£€¥₹₩" else ""
        after = re.match(r"\s*(\w+(?:\s+\w+)?)", sentence[end:])
        text = before + span + (" " + after.group(1) if after else "")
        span_end += len(before)
    elif measure == TIME:  # "9.58" + "seconds"
        after = re.match(r"\s*([a-z]+)", sentence[end:])
        text = span + (" " + after.group(1) if after else "")
    found = {MONEY: _CURRENCY, SCORE: _SCORE, TIME: _TIME}[measure].search(text)
    if not found or len(text[: found.start()].split()) > _LEAD_WORDS:
        return False
    if currency is not None and not currency.search(found.group(0)):
        return False  # "£130" for a price in the US
    # a unit after the span counts only for a span that ends with the number ("300 million" + "US
    # dollars"), not for "was fined" + "500 euros"
    return found.end() <= span_end or bool(_ENDS_WITH_NUMBER.search(span))


# "How many of the residents ...?", "How many percent ...?": a share answers them
_SHARE_ASKED = re.compile(r"\bhow many\s+(?:of|percent|per cent|percentage)\b", re.I)
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
# a share: the number and its percent sign or word, not followed by what it is a share of
_SHARE = re.compile(r"\s*(?:%|per\s?cent\b|percent\b)(?!\W{0,2}\s*of\b)", re.I)


def asks_count(q: QuestionAnalysis) -> bool:
    """Does the question ask how many of something there are ("How many tonnes ...?"), not a share?"""
    return q.wh == "how-many" and not _SHARE_ASKED.search(q.text)


# a count question that speaks of money ("How many dollars ...?", "How many shares did it buy for
# $1bn?") may be answered with a sum; so may "How many marks (crowns ...) did he surrender?"
_MONEY_ASKED = re.compile(rf"\b(?:{_MONEY_WORDS}|marks|crowns|rand|reais|lei)\b|{_CURRENCY.pattern}", re.I)


def _a_sum(q: QuestionAnalysis, p: Proposal) -> bool:
    """Is the span a sum of money, for a count question that does not speak of money?"""
    return not _MONEY_ASKED.search(q.text) and gives_measure(MONEY, p.evidence.sentence, p.span.start, p.span.end)


def is_share(sentence: str, start: int, end: int) -> bool:
    """Does the span ``sentence[start:end]`` give a share: its first number a percentage ("24%" of "24%
    higher"; not "42%" of "42% of UK teachers" or "14.27 million tonnes of crops in 2004, 24%")?"""
    first = _NUMBER.search(sentence, start, end)
    return first is not None and bool(_SHARE.match(sentence, first.end()))


# the whole a count is part of, just before the span, after the question's verb: "won 121 of his " + "147"
# ("one of the seven lines" says how many there are; years are no counts: "one leak in 1979 of")
_PART_OF = re.compile(r"\b(?P<verb>[a-z]+)\s+(?:(?:about|around|some|nearly|almost|roughly|up\s+to|at\s+least|more\s+than|"
                      r"over|just|only)\s+)?(?!1[5-9]\d\d\b|20\d\d\b)(?:\d[\d,]*|two|three|four|five|six|seven|"
                      r"eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\s+"
                      r"(?:out\s+)?of\s+(?:his|her|its|their|the|our|your|my)?\s*$", re.I)


def _the_whole_of_a_part(q: QuestionAnalysis, p: Proposal) -> bool:
    """Is the span the whole that a count the question asks for is part of, or does it end with it: "147" (or
    "121 of his 147") of "Roddick won 121 of his 147 matches" for how many he won?"""
    last = [*_NUMBER.finditer(p.evidence.sentence, p.span.start, p.span.end)]
    at = last[-1].start() if last and not p.evidence.sentence[last[-1].end() : p.span.end].strip() else p.span.start
    m = _PART_OF.search(p.evidence.sentence, max(0, at - 60), at)
    if m is None:
        return False
    return verb_stem(m["verb"]) in {stem(w) for w in re.findall(r"[a-z]+", q.text.lower())}


def of_a_count(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking how many, the proposals that give neither a share nor a sum of money, nor the
    whole the count asked is part of (all of them otherwise)."""
    if not asks_count(q):
        return proposals
    return [p for p in proposals if not is_share(p.evidence.sentence, p.span.start, p.span.end)
            and not _a_sum(q, p) and not _the_whole_of_a_part(q, p) and not _an_audience_for_things(q, p)
            and not _a_label(p) and not _a_tally(p)]


# a tally of two counts, none of which is how many: "voted " + "272-219" of "MPs voted 272-219 in favour of the Bill",
# for how many voted against the amendment (a BBC probe, 0.71); not a range ("100-150 species")
_A_TALLY = re.compile(r"\d{1,4}\s*[-–]\s*\d{1,4}")
_TALLIED = re.compile(r"\b(?:voted|votes?|won|winning|lost|losing|beat|beating|defeated|by)\s+$", re.I)


def _a_tally(p: Proposal) -> bool:
    """Is the span a tally of votes or a score, all of it?"""
    return bool(_A_TALLY.fullmatch(p.text.strip())) and bool(_TALLIED.search(p.evidence.sentence[: p.span.start]))


# a number that names one of many, not how many: "Hall " + "25" of "in Hall 25 of the 27 hangar-like buildings"
_LABEL_BEFORE = re.compile(r"\b(?-i:Hall|Room|Terminal|Gate|Route|Platform|Pier|Ward|Zone|Bay|Page|Chapter|Section|Article|"
                           r"Clause|Category|Division|Channel|Flight|Highway|Interstate|Building|Block|Floor|Studio|Lane|"
                           r"Court|Stand|Sector|Pitch|No\.?)\s+$")


# ... or a rating: "an " + "18" + " certificate"
_LABEL_AFTER = re.compile(r"(?:-rated\b|\s+(?:certificate|rating|classification)\b)")


def _a_label(p: Proposal) -> bool:
    """Is the span a number naming one of many ("25" of "Hall 25"), a rating ("18" of "an 18 certificate") or a year
    naming an event ("2005" of "the 2005 Bafta film awards"), all the span's number?"""
    sentence = p.evidence.sentence
    at = _number_at(sentence, p.span.start, p.span.end)
    number = _NUMBER.match(sentence, at)
    return (number is not None and not _NUMBER.search(sentence, number.end(), p.span.end)
            and bool(_LABEL_BEFORE.search(sentence, max(0, at - 20), at) or _LABEL_AFTER.match(sentence, number.end())
                     or (_A_YEAR.fullmatch(number.group(0)) and _A_NAME_AFTER.match(sentence, number.end())
                         and bool(re.search(r"\b(?i:the|this|last|next)\s+$", sentence[max(0, at - 6) : at])))))


# ... or a year naming an event: "the " + "2005" + " Bafta film awards" (a BBC probe answered how many awards Vera
# Drake took "2005", 0.75; not "just 2000 French casualties")
_A_YEAR = re.compile(r"(?:19|20)\d\d")
_A_NAME_AFTER = re.compile(r"\s+(?-i:[A-Z])[\w'’-]*")


# what a count question counts: "episodes" of "How many episodes of Who's Your Daddy will be dropped?" (a plural,
# not a verb: "How many watched?")
_COUNTED = re.compile(r"^\s*(?:(?:and|but|so)\s+)?how\s+many\s+(?:more\s+|other\s+|new\s+)?([a-z-]+s)\b", re.I)
# the counts an audience may answer: of people, or of what they buy or hold
_PEOPLE_COUNTED = frozenset(
    "people persons viewers households homes fans spectators visitors users customers subscribers listeners readers "
    "members voters attendees watchers supporters tourists guests tickets audiences crowds cinemagoers filmgoers "
    "theatregoers admissions americans britons children adults men women".split())
# a number that is an audience: "pulled in a disappointing audience of " + "6.3 million", "a crowd of 60,000" (or
# its scale word: "audience of 6.3 " + "million")
_AN_AUDIENCE_BEFORE = re.compile(r"\b(?:audiences?|crowds?|attendances?|viewing\s+figures?)\s+(?:of|was|were|is|are|reached|"
                                 r"peaked\s+at|averaged)\s+(?:(?:about|around|some|nearly|almost|up\s+to|more\s+than|over|"
                                 r"just\s+(?:under|over)|an\s+average\s+of|a\s+peak\s+of)\s+)?(?:[\d.,]+\s+)?$", re.I)


def _an_audience_for_things(q: QuestionAnalysis, p: Proposal) -> bool:
    """Is the span's number an audience ("6.3 million" of "an audience of 6.3 million"), for a question counting
    things, not people ("How many episodes ...?")?"""
    counted = _COUNTED.match(q.text)
    if counted is None or counted[1].lower() in _PEOPLE_COUNTED:
        return False
    sentence = p.evidence.sentence
    numbers = [m.start() for m in _NUMBER.finditer(sentence, p.span.start, p.span.end)] or [p.span.start]
    return any(_AN_AUDIENCE_BEFORE.search(sentence, max(0, at - 60), at) for at in numbers)  # "3 January, ... of 6.3 million"


# a count forecast just before the number: "the Band Aid 20 song will sell " + "300,000 copies", "is expected to
# attract " + "2 million"
# (and what one predicted it would do: "predicting that it would collect " + "five or six awards")
_WILL_BEFORE = re.compile(r"\b(?:will|(?:predict\w*|forecast\w*|expect\w*)\s+(?:that\s+)?(?:[\w'’-]+\s+){0,2}?[\w'’-]+\s+would|"
                          r"(?:is|are)\s+(?:expected|predicted|forecast|set|likely|"
                          r"tipped|due|projected)\s+to)\s+(?:(?:\w+ly|still|also|now)\s+)?[a-z]+\s+"
                          r"(?:(?:at\s+least|about|around|some|nearly|almost|up\s+to|more\s+than|over)\s+)?$", re.I)


def a_count_forecast(sentence: str, start: int, end: int) -> bool:
    """Is the span's number a count forecast ("300,000" of "will sell 300,000 copies")?"""
    at = _number_at(sentence, start, end)
    return bool(_WILL_BEFORE.search(sentence, max(0, at - 60), at))


# a bracket a question asks of: "over 80" of "How much does the government give ... to households with people over
# 80?"; a span's own, in its clause just after it: "£200" + " for winter fuel to households with people over 60"
_BRACKET = re.compile(r"\b(over|under|aged|above|below)\s+(\d(?:[\d,.]*\d)?)(?!\d|\s*%)", re.I)
_CLAUSE_END = re.compile(r",(?!\d)|[;:()]|\s(?:or|and|but|while|whereas)\s")


@lru_cache(maxsize=1024)
def _asked_brackets(question: str) -> frozenset[tuple[str, str]]:
    """The brackets a question asks of: {("over", "80")}."""
    return frozenset((m[1].lower(), m[2]) for m in _BRACKET.finditer(question))


@lru_cache(maxsize=1024)
def _asked_for(question: str) -> frozenset[str]:
    """The words of whom (what) a question asks a value for: {"businesses"} of "... for businesses?"."""
    return frozenset(w for m in _FOR.finditer(question) for w in m[1].split() if w not in STOPWORDS)


def _other_bracket(q: QuestionAnalysis, p: Proposal) -> bool:
    """Does the span's clause give it to another bracket of the kind the question asks ("over 60", not "over
    80"), in a sentence that names the bracket asked too?"""
    asked = _asked_brackets(q.text)
    if not asked:
        return False
    sentence = p.evidence.sentence
    if not any(re.search(rf"\b{word}\s+{re.escape(n)}\b", sentence, re.I) for word, n in asked):
        return False
    own = {(m[1].lower(), m[2]) for m in _BRACKET.finditer(p.text)}  # "£200 for ... over 60, or £300" is over 60's
    if not own:
        end = _CLAUSE_END.search(sentence, p.span.end)
        own = {(m[1].lower(), m[2]) for m in _BRACKET.finditer(sentence, p.span.end, end.start() if end else len(sentence))}
    return any(w == word and n != number for w, n in own for word, number in asked) and not own & asked


# whom (what) a value is for, in a sentence giving values to several: "17 February" + " for home customers" and
# "1 April for businesses", for when the speeds come in for businesses
_FOR = re.compile(r"\bfor\s+(?:the\s+|its\s+|their\s+)?((?:[a-z][\w-]*\s+)?[a-z][\w-]*)\b")
_COUNTING = frozenset("one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty "
                      "seventy eighty ninety hundred hundreds thousand thousands million millions dozen dozens several "
                      "many few all each every both".split())
_FOR_AFTER = re.compile(r"\s+for\s+(?:the\s+|its\s+|their\s+)?((?:[a-z][\w-]*\s+)?[a-z][\w-]*)\b")


def _for_others(q: QuestionAnalysis, p: Proposal) -> bool:
    """Is the span's value said, just after it, to be for others than those the question asks it for, in a
    sentence that gives a value for those asked too ("17 February for home customers and 1 April for businesses")?"""
    asked = _asked_for(q.text)
    sentence = p.evidence.sentence
    # its own, in the span ("17 February for home customers and 1 April") or just after it
    inside = _FOR.search(sentence, p.span.start, p.span.end)
    if inside is not None and not re.match(r"\s+(?:and|or)\s", sentence[inside.end() : p.span.end]):
        inside = None  # only a span running on to another's value: "... for home customers and 1 April"
    own = inside or _FOR_AFTER.match(sentence, p.span.end)
    if not asked or own is None:
        return False
    words = {w for w in own[1].split() if w not in STOPWORDS}
    if not words or words & asked or words & _COUNTING:  # "for fifty steam powered inventions": a count
        return False
    return any({w for w in m[1].split() if w not in STOPWORDS} & asked for m in _FOR.finditer(sentence, own.end()))


# what a value is against, in a sentence giving values against several: "50%" + " against the euro - as well as by
# 30% against the yen", for how much the dollar fell against the yen (a BBC probe, 0.86)
_AGAINST = re.compile(r"\bagainst\s+(?:the\s+)?((?:[A-Za-z][\w-]*\s+)?[A-Za-z][\w-]*)\b")
_AGAINST_AFTER = re.compile(r"\s+(?:(?:on\s+the\s+day|so\s+far)\s+)?against\s+(?:the\s+)?((?:[A-Za-z][\w-]*\s+)?[A-Za-z][\w-]*)\b")


_ANOTHER_NAME = frozenset({"currency", "currencies", "greenback", "buck", "single", "local", "home", "hosts", "visitors"})


def _words(phrase: str) -> set[str]:
    return {w.lower() for w in phrase.split() if w.lower() not in STOPWORDS}


@lru_cache(maxsize=1024)
def _asked_against(question: str) -> frozenset[str]:
    """The words of what a question asks a value against: {"yen"} of "... against the yen?"."""
    return frozenset(w for m in _AGAINST.finditer(question) for w in _words(m[1]))


def _against_others(q: QuestionAnalysis, p: Proposal) -> bool:
    """Is the span's value said, just after it, to be against another than the question asks it against, in a
    sentence that gives a value against the one asked too?"""
    asked = _asked_against(q.text)
    if not asked:
        return False
    sentence = p.evidence.sentence
    own = _AGAINST_AFTER.match(sentence, p.span.end)
    if own is None or not _words(own[1]) or _words(own[1]) & asked or _words(own[1]) & _ANOTHER_NAME:
        return False  # (nor "the Japanese currency", "the greenback": another name, maybe of the one asked)
    return any(_words(m[1]) & asked for m in _AGAINST.finditer(sentence, own.end()))


def of_the_bracket(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals not given to another bracket than the one the question asks ("£200" of "The government gives
    £200 for winter fuel to households with people over 60, or £300 where people are over 80", for the over-80s),
    nor said to be for others than those asked ("17 February for home customers and 1 April for businesses", for
    businesses), nor against another ("50% against the euro - as well as by 30% against the yen", for the yen); all
    of them for a question that asks none of these."""
    return [p for p in proposals if not _other_bracket(q, p) and not _for_others(q, p) and not _against_others(q, p)]


def bracket_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was given to another bracket."""
    bracket = next(((m[1].lower(), m[2]) for m in _BRACKET.finditer(q.text)), None)
    against = _AGAINST.search(q.text)
    if bracket is None and against is not None and any(_against_others(q, p) for p in read):
        return f"The closest sentences give it against others, not against {against.group(0)[len('against '):]}."
    if bracket is None:
        return "The closest sentences give it for others than those asked."
    return f"The closest sentences give it for others, not for those {bracket[0]} {bracket[1]}."


def of_a_count_done(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking how many were (did ...), what happened, the proposals that are no count forecast
    ("How many copies of Band Aid 20 did Tony Blair buy?" is not answered "300,000" of "the Band Aid 20 song will
    sell 300,000 copies"); all of them for other questions."""
    if not asks_count(q) or not asks_what_was(q.text):
        return proposals
    return [p for p in proposals if not a_count_forecast(p.evidence.sentence, p.span.start, p.span.end)]


def count_done_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: they forecast the count."""
    return "The closest sentences give a forecast, not what happened."


def count_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: all were shares, sums of money or wholes, not counts."""
    if all(_a_sum(q, p) for p in read):
        return "The closest sentences give a sum of money, not how many."
    if any(is_share(p.evidence.sentence, p.span.start, p.span.end) for p in read):
        return "The closest sentences give a percentage, not how many."
    if all(_an_audience_for_things(q, p) for p in read):
        return "The closest sentences give an audience, not how many."
    if all(_a_tally(p) for p in read):
        return "The closest sentences give a tally of two counts, not how many."
    if all(_a_label(p) for p in read):
        return "The closest sentences give a number naming one of many (or a rating), not how many."
    return "The closest sentences give the whole, not how many of it."


# a question asking what share of something: "What share of Seagram did Pernod buy?", "What proportion of ..."
# (or how much of a name: "How much of Seagram did Pernod buy?", not "How much of the budget ...?")
_ASKS_SHARE = re.compile(r"^\s*(?:(?:and|but|so)\s+)?(?:(?:what|which)\s+(?:share|proportion|percentage|fraction|portion)\s+"
                         r"(?:of\b|(?:did|does|do|has|have|had|is|was|will|would)\b)|how\s+much\s+of\s+(?-i:[A-Z]))", re.I)


def asks_share(q: QuestionAnalysis) -> bool:
    return bool(_ASKS_SHARE.match(q.text))


def of_a_share(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking what share of something, the proposals that are no sum of money ("What share
    of Seagram did Pernod buy in 2000?" was answered "1.8bn euros", a BBC probe, 0.86)."""
    if not asks_share(q):
        return proposals
    return [p for p in proposals if (not _a_sum(q, p)  # "25 per cent" is no sum of cents
            or _A_SHARE.search(p.evidence.sentence, p.span.start, p.span.end + 12)) and not _a_count_of_shares(p)]


# a number of shares, not a share of a firm: "1.90" of "will receive 1.90 News Corp shares"
_SHARES_AFTER = re.compile(r"\s*(?:(?:million|m|bn|billion)\s+)?(?:new\s+|more\s+)?(?:[A-Z][\w&.'’-]*\s+){0,3}(?:shares|stocks)\b")


def _a_count_of_shares(p: Proposal) -> bool:
    """Is the span a number of shares ("1.90" of "1.90 News Corp shares"), its only number?"""
    sentence = p.evidence.sentence
    numbers = list(_NUMBER.finditer(sentence, p.span.start, p.span.end))
    return len(numbers) == 1 and bool(_SHARES_AFTER.match(sentence, numbers[0].end()))


def share_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: all were sums of money."""
    return "The closest sentences give a sum of money, not a share."


# a question asking how much something went up (or down), and a span just after a word saying it went
# the other way ("fell $12.33"; "lost" is left out of the question's words: "land lost to farming")
_UP = r"rise|rises|rose|risen|increase|increased|grow|grows|grew|grown|gain|gained|climb|climbed|jump|jumped"
_DOWN = (r"fall|falls|fell|fallen|drop|dropped|decline|declined|decrease|decreased|sink|sank|shrink|shrank|slip|"
         r"slipped|plunge|plunged|tumble|tumbled")
# an amount, or the level reached: "What did the index rise to?"
_ASKS_AMOUNT = re.compile(r"\bhow (?:much|many|far)\b|\bby what\b|\bwhat (?:percentage|proportion|share)\b|"
                          rf"^\s*(?:and\s+)?what\s+(?:did|has|have|had|will|would)\b[^?]*\b(?:{_UP}|{_DOWN})\s+to\b", re.I)
# (and how much a market closed up or down: "How much did the FTSE 100 close down?"; not "How many jobs did the bank end
# up cutting?", "How many stores will Woolworths close down?")
_CLOSED = r"(?:close|closes|closed|end|ends|ended|finish|finishes|finished)\s+"
_CLOSED_AT_END = r"(?=\s*(?:\?|$|\b(?:on|at|in|by|after|for)\b))"
_UP_ASKED = re.compile(rf"\b(?:{_UP}|raise|raises|raised)\b|\bhow\s+much\b.*\b{_CLOSED}(?:up|higher){_CLOSED_AT_END}", re.I)
_DOWN_ASKED = re.compile(rf"\b(?:{_DOWN})\b|\bhow\s+much\b.*\b{_CLOSED}(?:down|lower){_CLOSED_AT_END}", re.I)
# written in lower case: "Lost" of "Desperate Housewives, Lost and Grey's Anatomy" is a title


def _went(words: str) -> re.Pattern:
    """A word of a direction, then "by", up to two words ("more than") and a currency sign, just before a
    number: "fell $" of "fell $12.33"."""
    return re.compile(rf"\b(?:{words})\s+(?:by\s+)?(?:\w+\s+){{0,2}}[$£€¥]?$")


_WENT_DOWN = _went(r"fell|fallen|falling|dropped|dropping|declined|declining|decreased|lost|sank|sunk|shrank|shrunk|"
                   r"slipped|plunged|plummeted|plummeting|tumbled|dipped|slumped|eased|easing|down")
_WENT_UP = _went(r"rose|risen|rising|increased|increasing|grew|grown|growing|gained|climbed|jumped|soared|surged|up")
# a direction just after a number: "15 points higher", "2% lower" (not "up to")
_AFTER_UNIT = r"\s*(?:%|per\s*cent|points?|pence|p|cents?|[a-z]*illion|bn|m)?\s+"
_HIGHER_AFTER = re.compile(rf"{_AFTER_UNIT}(?:higher|up(?!\s+to\b))\b", re.I)
_LOWER_AFTER = re.compile(rf"{_AFTER_UNIT}(?:lower|down)\b", re.I)
_BEFORE = 40  # how far before the span its verb is looked for
_NUMBER_BEFORE = re.compile(r"\d(?:[\d,.]*\d)?$")


def asked_direction(question: str) -> str | None:
    """"up" for "How much did Google's shares rise ...?", "down" for "By how much did sales fall?",
    None for a question asking no amount of one direction."""
    if not _ASKS_AMOUNT.search(question):
        return None
    up, down = bool(_UP_ASKED.search(question)), bool(_DOWN_ASKED.search(question))
    return None if up == down else "up" if up else "down"


def goes_the_other_way(direction: str, sentence: str, start: int, end: int) -> bool:
    """Does the sentence say, just before the span's number (or the number the span is the rest of: "%"
    of "3%"), that it went the other way ("fell $" of "$12.33", "12.33" or "fell $12.33")?"""
    other = _WENT_DOWN if direction == "up" else _WENT_UP
    at = _number_at(sentence, start, end)
    if other.search(sentence, max(0, at - _BEFORE), at):
        return True
    number = _NUMBER.match(sentence, at)  # or just after it: "closed 15 points higher"
    return bool(number and (_LOWER_AFTER if direction == "up" else _HIGHER_AFTER).match(sentence, number.end()))


def _number_at(sentence: str, start: int, end: int) -> int:
    """Where the span's number starts (or the number the span is the rest of: "%" of "3%"); the span's
    start when it has none."""
    number = _NUMBER.search(sentence, start, end) or _NUMBER_BEFORE.search(sentence, 0, start)
    return number.start() if number else start


# "By how much did ... rise?" asks the change, not the level it reached: not "£3.8bn" of "a 20% rise in
# pre-tax profits to £3.8bn"
_ASKS_BY = re.compile(r"\bby\s+(?:how\s+(?:much|many)|what\s+(?:percentage|proportion|amount|margin))\b", re.I)
_REACHED = re.compile(r"\bto\s+(?:(?:about|around|some|nearly|almost|just|more\s+than|over|under)\s+)?[$£€¥]?$")
# (a word of change before a level; ``_CHANGE`` above is the words a question asks a change with)
_A_CHANGE = re.compile(rf"\b(?:{_UP}|{_DOWN}|rising|falling|growth|gains?|jumps?|soared|surged|dipped|slumped|fall|losses|"
                       # a level set: "lifted interest rates 0.25% to " + "5.5%"
                       r"raised|lifted|hiked|lowered|cut|reduced|boosted|"
                       # "closed up 23 points to " + "6661.89"
                       r"(?:up|down)(?=\s+[$£€¥]?\d))\b", re.I)


_FROM_LEVEL = re.compile(r"\bfrom\s+(?:(?:about|around|some|nearly|almost|just|more\s+than|over|under)\s+)?[$£€¥]?$")


def the_level(sentence: str, start: int, end: int) -> bool:
    """Does the span give the level something went to, a word of change before it: "£3.8bn" of "a 20%
    rise in pre-tax profits to £3.8bn", or the span "20% rise in pre-tax profits to £3.8bn", or the level it
    went from ("£1.2m" of "losses had deepened to £51.6m in 2004 from £1.2m")? (Not a span from one level
    to another: "from £3.2bn to £3.8bn".)"""
    if re.match(r"from\b", sentence[start:end], re.I):
        return False
    for number in _NUMBER.finditer(sentence, start, end):
        change = _A_CHANGE.search(sentence, max(0, number.start() - _BEFORE - 30), number.start())
        if change is not None and _FROM_LEVEL.search(sentence, max(0, number.start() - 30), number.start()):
            return True  # the level it went from: "losses had deepened to £51.6m in 2004 from " + "£1.2m"
        if change is None or not _REACHED.search(sentence, max(0, number.start() - 30), number.start()):
            continue
        # a rate of growth is how much it grew: "Growth slowed to 0.3%" answers by how much the economy grew
        if change.group(0).lower() == "growth" and _A_SHARE.match(sentence[number.end():].lstrip()):
            continue
        return True
    return False


# a question asking the level something reached ("How much did Latin America's exports reach in 2004?"), and a
# change just before a number ("grew by " + "5.5%", "rose " + "4%"; not "rose to " + "£3.8bn")
_ASKS_LEVEL = re.compile(r"^\s*(?:and\s+)?(?:how\s+(?:much|many|high|far)|what)\s+(?:did|does|do|has|have|had|will|would|is|was|"
                         r"were|are)\s+.+?\b(?:reach|total|stand\s+at|amount\s+to|hit)\b", re.I)
_CHANGED_BY = re.compile(rf"\b(?:{_UP}|{_DOWN}|lost|shed|gained)\s+(?:by\s+)?(?:(?:about|around|some|nearly|almost|just|more\s+than|over|"
                         r"under|a\s+further|another)\s+)?[$£€¥]?$", re.I)


def a_change(sentence: str, start: int, end: int) -> bool:
    """Is the span's number how much something changed ("5.5%" of "Latin America's economy grew by 5.5%")?"""
    return _said_before_number(_CHANGED_BY, 40, sentence, start, end)


def _said_before_number(pattern: re.Pattern, back: int, sentence: str, start: int, end: int) -> bool:
    """Does ``pattern`` end just before the span's number (looking ``back`` characters before it)?"""
    if not _NUMBER.search(sentence, start, end):
        return False
    at = _number_at(sentence, start, end)
    return bool(pattern.search(sentence, max(0, at - back), at))


# a question asking how much something changed ("How much did EuroDisney stock fall?"; not "... fall to?"), and the
# level it came to just before a number ("shedding 15% to " + "22 euro cents", "fell to " + "£3.8bn")
_ASKS_CHANGE = re.compile(rf"^\s*(?:and\s+)?(?:by\s+)?how\s+(?:much|many|far)\s+(?:did|does|do|has|have|had|will|would)\s+"
                          rf"[^?]*?\b(?:{_UP}|{_DOWN}|lose|shed)\b(?!\s+(?:to|from)\b)[^?]*\??\s*$", re.I)
_LEVEL_BEFORE = re.compile(rf"\b(?:{_UP}|{_DOWN}|rising|falling|dropping|shed|shedding|lost|losing|gaining|climbing|sliding)"
                           r"\s+(?:(?:by\s+)?[$£€¥]?\d[\d.,]*\s*(?:%|per\s*cent|points?|pence|p|cents?)?\s+)?to\s+"
                           r"(?:(?:about|around|some|nearly|almost|just)\s+)?[$£€¥]?$", re.I)


def a_level_reached(sentence: str, start: int, end: int) -> bool:
    """Is the span's number the level something came to ("22 euro cents" of "shedding 15% to 22 euro cents")?"""
    return _said_before_number(_LEVEL_BEFORE, 50, sentence, start, end)


def of_the_level(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking the level something reached, the proposals that are no change ("How much did Latin
    America's exports reach in 2004?" was answered "5.5%" of "Latin America's economy grew by 5.5% in 2004", a BBC
    probe, 0.86); for one asking how much it changed, those that are not the level it came to ("How much did
    EuroDisney stock fall?" was answered "22 euro cents" of "shedding 15% to 22 euro cents", 0.75); all of them for
    other questions."""
    if _ASKS_LEVEL.match(q.text):
        return [p for p in proposals if not a_change(p.evidence.sentence, p.span.start, p.span.end)]
    if _ASKS_CHANGE.match(q.text):
        return [p for p in proposals if not a_level_reached(p.evidence.sentence, p.span.start, p.span.end)]
    return proposals


# a question asking what a figure was before ("What was BT's previous share of the broadband market?"), and a
# figure said to be the new one: "36%" of "BT now has a 36% share ... - down from 39% -"
_ASKS_PREVIOUS = re.compile(r"\b(?:previous|previously|prior|former|formerly|earlier|originally|used\s+to)\b", re.I)
_FROM_AFTER = re.compile(r"[^.;]{0,40}?\b(?:(?:up|down|rising|falling|increasing|decreasing)\s+)?from\s+"
                         r"(?:(?:about|around|some|nearly|almost|just|more\s+than|over|under)\s+)?[$£€¥]?\d")


def a_new_level(sentence: str, start: int, end: int) -> bool:
    """Does the span lead with a level said to come from another, after it ("36%" of "a 36% share of the
    broadband market - down from 39%", and so the span "36% share ... - down from 39%")?"""
    first = _NUMBER.search(sentence, start, end)
    return first is not None and bool(_FROM_AFTER.match(sentence, first.end()))


def of_the_previous(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking what a figure was before, the proposals that are not the level it came to from it
    ("What was BT's previous share of the broadband market?" was answered "36%" of "BT now has a 36% share of the
    broadband market - down from 39%", a BBC probe, 0.90); all of them for other questions."""
    if not _ASKS_PREVIOUS.search(q.text) or q.wh not in ("what", "how-much", "how-many"):
        return proposals
    return [p for p in proposals if not a_new_level(p.evidence.sentence, p.span.start, p.span.end)
            and not a_change(p.evidence.sentence, p.span.start, p.span.end)]  # "has lost around 10%": no level


def previous_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was the level reached, not the one before."""
    return "The closest sentences give the level it came to, not the one before."


def level_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was a change, not the level reached (or the other way round)."""
    if not _ASKS_LEVEL.match(q.text):
        return "The closest sentences give the level it came to, not how much it changed."
    return "The closest sentences say how much it changed, not the level it reached."


# a question asking what happened ("How much did the economy grow in 2004?"), not what was expected to
_ASKS_WHAT_WAS = re.compile(r"\b(?:did|has|have|had)\b", re.I)
_ASKS_A_FORECAST = re.compile(r"\b(?:will|would|could|may|might|should|expect\w*|forecast\w*|predict\w*|project\w*|"
                              r"estimat\w*|likely|hope\w*|plan\w*|target\w*)\b", re.I)
# a change forecast just before the number: "could grow by as much as " + "4.5%", "is expected to rise by
# about " + "4%", "forecast to fall " + "2%", or only proposed: "a proposed increase of " + "1.92p"
_FORECAST = re.compile(rf"\b(?:will|would|could|may|might|should|(?:is|are|was|were)\s+(?:expected|forecast|predicted|"
                       rf"projected|set|likely|tipped|due)\s+to|(?:expects?|forecasts?|predicts?)\s+(?:\w+\s+)?to)\s+"
                       rf"(?:\w+\s+)?(?:{_UP}|{_DOWN}|be\s+up|be\s+down)\s+(?:by\s+)?(?:\w+\s+){{0,3}}[$£€¥]?$"
                       # or a change only proposed: "this proposed increase of " + "1.92p"
                       rf"|\b(?:proposed|planned|mooted|possible|potential)\s+(?:{_UP}|{_DOWN}|increases|hike|cut)"
                       rf"\s+(?:of\s+)?(?:\w+\s+){{0,2}}[$£€¥]?$", re.I)


def forecast(sentence: str, start: int, end: int) -> bool:
    """Does the sentence forecast the change the span's number gives ("could grow by as much as 4.5%")?"""
    at = _number_at(sentence, start, end)
    return bool(_FORECAST.search(sentence, max(0, at - _BEFORE - 20), at))


def asks_what_was(question: str) -> bool:
    """Does a question asking how much something rose (or fell) ask what happened, not a forecast?"""
    return bool(_ASKS_WHAT_WAS.search(question)) and not _ASKS_A_FORECAST.search(question)


def of_the_direction(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking how much something rose (or fell), the proposals not said to have gone the
    other way, nor, asked by how much, the level it went to, nor, asked what happened ("How much did the
    economy grow in 2004?"), a forecast ("4.5%" of "could grow by as much as 4.5% in 2004") (all of
    them otherwise)."""
    direction = asked_direction(q.text)
    if direction is None:
        return proposals
    by = bool(_ASKS_BY.search(q.text))
    was = asks_what_was(q.text)
    return [p for p in proposals
            if not goes_the_other_way(direction, p.evidence.sentence, p.span.start, p.span.end)
            and not (by and the_level(p.evidence.sentence, p.span.start, p.span.end))
            and not (was and forecast(p.evidence.sentence, p.span.start, p.span.end))]


def direction_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: they forecast the change, or said how much it fell, not rose
    (or the other way), or what it went to, not by how much."""
    asked, other = ("rose", "fell") if asked_direction(q.text) == "up" else ("fell", "rose")
    if asks_what_was(q.text) and all(forecast(p.evidence.sentence, p.span.start, p.span.end) for p in read):
        return "The closest sentences give a forecast, not what happened."
    if not any(goes_the_other_way(asked_direction(q.text), p.evidence.sentence, p.span.start, p.span.end) for p in read):
        return f"The closest sentences say what it {asked} to, not by how much."
    return f"The closest sentences say how much it {other}, not how much it {asked}."


def spans_to_read(q: QuestionAnalysis) -> int | None:
    """How many of the reader's best spans to keep (None: the reader's own number, 12): 48 for a
    question asking for a measure, as the spans that give none are dropped after (``of_the_measure``)
    and the sum of money may score below spans of the wrong kind."""
    return 48 if q.measure else None


def of_the_measure(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals that give the measure the question asks for (all of them when it asks none)."""
    if q.measure is None:
        return proposals
    currency = place_currency(q.text) if q.measure == MONEY else None
    return [p for p in proposals if gives_measure(q.measure, p.evidence.sentence, p.span.start, p.span.end, currency)]


def measure_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: none gives the measure asked ("How much will it cost?");
    said from the question alone."""
    return NoneGiven(f"The closest sentences give no {_NAMES[q.measure]}.")


# the price of one, just after the span: "$76" + " for each Guidant share", "$17.6m (£9.49m)" + " per plane",
# "$50" + " a share"
_EACH = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:for\s+)?(?:each|per|every|a|an)\s+(?:[\w'’&-]+\s+){0,2}?"
                   r"(?P<unit>share|ticket|seat|copy|copies|unit|head|person|plane|aircraft|car|vehicle)s?\b", re.I)
# a question that asks for the price of one: "for each share", "per plane", "a head"
_ONE_ASKED = re.compile(r"\b(?:each|per|every|apiece|a\s+head)\b", re.I)


def price_of_one(question: str, sentence: str, end: int) -> str | None:
    """What the sum ending at ``sentence[end]`` is the price of one of ("share" of "$76 for each Guidant
    share"), when the question names no such one ("How much is J&J paying for Guidant?"), or None."""
    m = _EACH.match(sentence, end)
    if m is None or _ONE_ASKED.search(question):
        return None
    unit = m["unit"].lower()
    root = "cop" if unit.startswith("cop") else unit  # "copy", "copies"
    return None if re.search(rf"\b{root}", question, re.I) else unit


def of_the_whole(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking how much something costs as a whole ("How much is Johnson & Johnson paying
    for Guidant?"), the proposals that are not the price of one of its parts ("$76" of "the firm will pay
    $76 for each Guidant share"); all of them for other questions."""
    if q.measure != MONEY:
        return proposals
    return [p for p in proposals if price_of_one(q.text, p.evidence.sentence, p.span.end) is None]


# a price asked ("How much did Metlife pay for Travelers?", "What did it cost?", "How much did the guitar
# fetch?"), and a figure of a firm's accounts just before a span ("made a profit of " + "$901m", "had sales
# of " + "$5.2bn"), which is no price
_PRICE_ASKED = re.compile(r"\b(?:pay|pays|paid|paying|cost|costs|costing|spend|spends|spent|spending|fetch|fetches|"
                          r"fetched|buy|buys|bought|sell\s+for|sold\s+for)\b", re.I)
_ACCOUNT_BEFORE = re.compile(r"\b(?P<kind>profits?|sales|revenues?|turnover|loss(?:es)?|income|earnings|assets|"
                             r"debts?)\s+(?:of|were|was|totalled|totaled|reached)\s+(?:about\s+|around\s+|almost\s+|"
                             r"nearly\s+|more\s+than\s+|less\s+than\s+)?$", re.I)

# what something cost asked ("How much did Ocean's Twelve cost?"), and takings just before a span ("took " +
# "$40.8m", "took sixth place in the US chart with " + "$5.4m", "grossed " + "$80m")
_COST_ASKED = re.compile(r"\b(?:cost|costs|costing|budget|spend|spends|spent|spending)\b", re.I)
_TAKINGS_ASKED = re.compile(r"\b(?:took|take|takes|taking|takings|gross|grossed|earn|earned|earns|box\s+office)\b", re.I)
_TAKEN_BEFORE = re.compile(r"\b(?:took|takes|taking|grossed|grosses|grossing|earned|earns|earning)\s+(?:(?:in|about|around|"
                           r"almost|nearly|more\s+than|over|an\s+estimated|a\s+further|another)\s+)*$|"
                           r"\b(?:took|takes|taking)\s+(?:\w+\s+){1,3}place\b[^.;]{0,40}\bwith\s+(?:about\s+|an\s+estimated\s+)?$",
                           re.I)


def an_account(question: str, sentence: str, start: int) -> str | None:
    """The figure of a firm's accounts the sum starting at ``sentence[start]`` is ("profit" of "made a
    profit of $901m"), when the question asks a price and names no such figure, or None."""
    m = _ACCOUNT_BEFORE.search(sentence, max(0, start - 40), start)
    if m is None and _COST_ASKED.search(question) and not _TAKINGS_ASKED.search(question) \
            and _TAKEN_BEFORE.search(sentence, max(0, start - 60), start):
        return "takings"  # "Ocean's Twelve took sixth place ... with $5.4m" is not what it cost
    if m is None:
        return None
    kind = m["kind"].lower()
    stem = kind[:4]  # "profit" / "profits", "loss" / "losses", "revenue" / "revenues"
    return None if re.search(rf"\b{stem}", question, re.I) else kind


# a sale asked ("How much did the Elvis Presley tapes sell for?", "What did the guitar fetch?"), and a valuation
# just before a span ("valued at between " + "$30,000", "expected to fetch " + "£5,000"), which is no sale
_SALE_ASKED = re.compile(r"\b(?:fetch|fetches|fetched|sell\s+for|sold\s+for|go\s+for|went\s+for|sell|sold)\b", re.I)
_VALUED_BEFORE = re.compile(r"\b(?:valued\s+at|estimated\s+at|estimate\s+of|valuation\s+of|expected\s+to\s+(?:fetch|sell\s+for|"
                            r"make)|could\s+(?:fetch|sell\s+for|make)|reserve\s+price\s+of|guide\s+price\s+of)"
                            r"\s+(?:(?:between|about|around|up\s+to|as\s+much\s+as|more\s+than|over)\s+)?"
                            # or the top of the range: "valued at between $30,000 (£16,000) and " + "$50,000"
                            r"(?:between\s+[^.;]{1,40}?\s+and\s+)?[$£€]?$", re.I)
_ASKS_VALUE = re.compile(r"\b(?:valued?|worth|estimated?|expected|reserve|guide)\b", re.I)


def a_valuation(question: str, sentence: str, start: int) -> bool:
    """Is the sum starting at ``sentence[start]`` a valuation ("valued at between $30,000"), when the question
    asks what something sold for and not what it was valued at?"""
    if not _SALE_ASKED.search(question) or _ASKS_VALUE.search(question):
        return False
    first = re.search(r"[$£€\d]", sentence[start : start + 20])  # "at between " + "$30,000" of a span
    start += first.start() if first else 0
    converted = re.search(r"[$£€]?\d[\d.,]*(?:bn|m|k)?\s*\(\s*[$£€]?$", sentence[:start])  # "$50,000 (" + "£29,000"
    at = converted.start() if converted else start
    return _VALUED_BEFORE.search(sentence, max(0, at - 80), at) is not None


# the thing whose sale is asked ("tapes" of "How much did the Elvis Presley tapes sell for?", "poem" of "How much
# did the Hendrix poem fetch?"), and a sentence that tells of a sale
_ITEM_ASKED = re.compile(r"^\s*(?:and\s+)?(?:how\s+much|what)\s+(?:did|does|do|will|would|could|has|have|had)\s+"
                         r"(?:the|a|an|his|her|its|their)\s+(?:[\w'’-]+\s+){0,4}?(?P<item>(?-i:[a-z][a-z-]+)(?<!ly))\s+"
                         r"(?:sell\s+for|fetch|go\s+for)\b", re.I)
_A_SALE = re.compile(r"\b(?:sold|fetched|fetches|fetch|went\s+for|gone\s+for)\b(?!\s+(?:it|them|one)\b)", re.I)


def another_item(question: str, sentence: str) -> str | None:
    """The thing whose sale the question asks ("poem"), when the sentence tells of a sale and never names it
    ("A much-loved guitar belonging to Jimi Hendrix has been sold for £100,000"), or None."""
    m = _ITEM_ASKED.match(question)
    if m is None or not _A_SALE.search(sentence):
        return None
    item = m["item"].lower()
    root = item[:-1] if item.endswith("s") and len(item) > 4 else item  # "tapes" / "tape"
    return None if re.search(rf"\b{re.escape(root)}", sentence, re.I) else item


# what a purchase asked was of, when a name: "Boots" of "How much did Exel pay for Boots?" (not "the firm")
_BOUGHT_ASKED = re.compile(r"^\s*(?:and\s+)?(?:how\s+much|what)\s+(?:did|does|do|will|would|has|have|had)\s+.+?\s+"
                           r"(?:pay|spend|offer|bid)\s+(?:for|on)\s+(?:the\s+)?(?P<item>(?-i:[A-Z])[\w&'’.-]*"
                           r"(?:\s+(?:&\s+|and\s+|of\s+)?(?-i:[A-Z])[\w&'’.-]*)*)", re.I)
# a purchase the sentence names what it was of: "paying £328m to buy fellow UK firm " + "Tibbett & Britten", "paid
# $1.65bn for " + "YouTube", "its acquisition of " + "Pixar"
_BOUGHT = re.compile(r"\b(?:(?:buy|bought|buying|acquire[ds]?|acquiring|purchase[ds]?|purchasing)\s+(?!by\b)(?:(?:the|a|an|its|"
                     r"fellow|rival)\s+)?(?:(?!(?:by|from|in|on|at|with|for)\b)(?-i:[a-z][\w-]*|[A-Z]{2})\s+){0,3}|(?:acquisition|purchase|takeover)\s+of\s+"
                     r"(?:the\s+)?|(?:paid|paying|pay|spent|spending)\s+[$£€]?[\d.,]+\s*(?:bn|m|k|million|billion)?\s+"
                     r"(?:for|on)\s+(?:the\s+)?)(?P<item>(?-i:[A-Z])[\w&'’.-]*(?:\s+(?:&\s+)?(?-i:[A-Z])[\w&'’.-]*)*)", re.I)


def another_purchase(question: str, sentence: str) -> str | None:
    """The name whose purchase the question asks ("Boots"), when the sentence names what a purchase was of and
    that is another name ("paying £328m to buy fellow UK firm Tibbett & Britten"), never naming the one asked; or
    None."""
    m = _BOUGHT_ASKED.match(question)
    if m is None:
        return None
    asked = _name_words(m["item"])
    if asked <= _name_words(sentence):  # the sentence names it ("Metro-Goldwyn Mayer" / "Metro-Goldwyn-Mayer")
        return None
    bought = [_name_words(b["item"]) for b in _BOUGHT.finditer(sentence)]
    return m["item"] if bought and not any(asked <= b or b <= asked for b in bought) else None


def _name_words(text: str) -> set[str]:
    """The words of a name, lower-cased, without "'s", "the" and hyphens: {"metro", "goldwyn", "mayer"}."""
    return {w for w in re.findall(r"[a-z0-9]+", re.sub(r"['’]s\b", "", text.lower())) if w not in ("the", "and", "of")}


def of_the_price(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking what was paid (a price, a cost, what it fetched), the proposals that are not
    a figure of a firm's accounts ("$901m" of "Travelers ... made a profit of $901m" for how much Metlife
    paid for Travelers), nor, for what it sold for, a valuation ("valued at between $30,000 ... did not meet
    their reserve price"); all of them for other questions."""
    if q.measure != MONEY or not _PRICE_ASKED.search(q.text):
        return proposals
    return [p for p in proposals if an_account(q.text, p.evidence.sentence, p.span.start) is None
            and not a_valuation(q.text, p.evidence.sentence, p.span.start)
            and another_item(q.text, p.evidence.sentence) is None and another_purchase(q.text, p.evidence.sentence) is None]


def price_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was a figure of a firm's accounts, or a valuation."""
    kind = next((k for p in read if (k := an_account(q.text, p.evidence.sentence, p.span.start))), None)
    item = next((i for p in read if (i := another_item(q.text, p.evidence.sentence))), None)
    if kind is None and item is not None:
        return f"The closest sentences tell of other sales, not of the {item}."
    bought = next((i for p in read if (i := another_purchase(q.text, p.evidence.sentence))), None)
    if kind is None and bought is not None:
        return f"The closest sentences tell of other purchases, not of {bought}."
    if kind is None:
        return "The closest sentences give a valuation, not what it sold for."
    return f"The closest sentences give a {kind} figure, not what was paid."


# a loss asked ("How much did Nissan lose in 2000?"), and a sum that the sentence labels a profit, just after it
# ("turn a 684bn yen ($6.4bn) loss in 2000 into a " + "331bn yen" + " ($2.7bn) profit the following year": was
# answered at 0.55) or just before it ("a profit of "); or a profit asked, and a sum labelled a loss
_LOSS_WORDS = r"lose|loses|lost|losing|loss|losses|deficit|deficits"
_GAIN_WORDS = r"profit|profits|surplus|surpluses"
_SIGN_AFTER = re.compile(rf"(?:\s*\([^()]{{1,24}}\))?\s+(?P<kind>(?i:{_GAIN_WORDS}|{_LOSS_WORDS}))\b")


@lru_cache(maxsize=1024)
def _asked_sign(question: str) -> str | None:
    """"loss" when the question names a loss and no profit, "profit" the other way round, else None."""
    loss = re.search(rf"\b(?:{_LOSS_WORDS})\b", question, re.I) is not None
    gain = re.search(rf"\b(?:{_GAIN_WORDS})\b", question, re.I) is not None
    return "loss" if loss and not gain else "profit" if gain and not loss else None


def labelled_otherwise(question: str, sentence: str, start: int, end: int) -> str | None:
    """The other kind of figure ("profit") the sentence labels the sum (with a digit) at ``sentence[start:end]``,
    when the question asks a loss and names no profit (or the other way round), or None."""
    asked = _asked_sign(question)
    if asked is None or not re.search(r"\d", sentence[start:end]):
        return None  # a sum only ("capital account (investment) surplus" is no figure)
    after = _SIGN_AFTER.match(sentence, end)
    before = _ACCOUNT_BEFORE.search(sentence, max(0, start - 40), start)
    kind = (after["kind"] if after else before["kind"] if before else "").lower()
    other = _GAIN_WORDS if asked == "loss" else _LOSS_WORDS
    return kind if re.fullmatch(other, kind) else None


def of_the_sign(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking a sum lost (made), the proposals that the sentence does not label a profit (a
    loss); all of them for other questions (any that names a loss or a profit: "How much did Nissan lose?"
    names no money)."""
    if _asked_sign(q.text) is None:
        return proposals
    return [p for p in proposals if labelled_otherwise(q.text, p.evidence.sentence, p.span.start, p.span.end) is None]


def sign_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was labelled a profit (a loss)."""
    kind = next(k for p in read if (k := labelled_otherwise(q.text, p.evidence.sentence, p.span.start, p.span.end)))
    return f"The closest sentences give a {kind.rstrip('s')}, not a {_asked_sign(q.text)}."


# a rate asked by the period ("How much did Buhecha make per year?", "How many visitors a day?",
# "What is his weekly wage?"), and one given just after a span ("£26,000" + " per month", "2,000 a day")
_UNITS = {"hour": "hour", "day": "day", "daily": "day", "week": "week", "weekly": "week", "month": "month",
          "monthly": "month", "year": "year", "annum": "year", "annually": "year", "yearly": "year", "annual": "year",
          # and a figure by a quantity: "£1.18 per gigajoule" is not the price per tonne
          "tonne": "tonne", "ton": "tonne", "barrel": "barrel", "gallon": "gallon", "litre": "litre", "liter": "litre",
          "gigajoule": "gigajoule", "kilo": "kilogram", "kilogram": "kilogram", "kg": "kilogram", "ounce": "ounce",
          "head": "head", "capita": "head", "person": "head", "megawatt": "megawatt", "kilowatt": "kilowatt",
          "hectare": "hectare", "acre": "acre"}
_TIMES = frozenset({"hour", "day", "week", "month", "year"})
_UNITS_WRITTEN = (r"hour|day|week|month|year|annum|tonne|ton|barrel|gallon|litre|liter|gigajoule|kilo|kilogram|kg|"
                  r"ounce|head|capita|person|megawatt|kilowatt|hectare|acre")
# "per year", "a year" (not "a year ago", "a year earlier", "a year to March", "a year or two")
# ("per head", not "a head" or "a person", which are no period after "a")
_A_UNITS_WRITTEN = (r"hour|day|week|month|year|annum|tonne|ton|barrel|gallon|litre|liter|gigajoule|kilo|kilogram|kg|"
                    r"ounce|megawatt|kilowatt|hectare|acre")
_PER = (rf"(?:(?:per|each|every)\s+(?P<unit>{_UNITS_WRITTEN})\b|an?\s+(?P<a_unit>{_A_UNITS_WRITTEN})\b"
        r"(?!\s+(?:ago|earlier|later|before|after|on|since|to|or)\b))")
# (not "for a year", "within a year", "than a year", "in a year", "over a year")
_PERIOD_ASKED = re.compile(r"(?<!\bfor )(?<!\bwithin )(?<!\bthan )(?<!\bin )(?<!\bover )(?<!\bafter )(?<!\bbefore )"
                           rf"\b{_PER}|\b(?P<adverb>daily|weekly|monthly|annually|yearly|annual)\b", re.I)
_PERIOD_AFTER = re.compile(rf"\s*(?:\([^)]*\)\s*)?(?:{_PER}|(?P<adverb>daily|weekly|monthly|annually|yearly)\b|"
                           # "£4.50 for an hour's session", "£35 for a monthly pass"
                           r"for\s+(?:an?\s+|one\s+)?(?P<for_unit>hour|day|week|month|year)['’]s\b|"
                           r"for\s+(?:an?\s+|the\s+|one\s+)?(?P<for_adverb>daily|weekly|monthly|annual|yearly)\b)", re.I)


def _period(m: re.Match | None) -> str | None:
    if m is None:
        return None
    found = [m[g] for g in ("unit", "a_unit", "adverb", "for_unit", "for_adverb") if g in m.re.groupindex and m[g]]
    return _UNITS[found[0].lower()]


def other_period(question: str, sentence: str, start: int, end: int) -> str | None:
    """The period a figure of the span ``sentence[start:end]`` is given by, just after one of its numbers or
    after it ("month" of "£26,000" or "£26,000 per month" in "made £26,000 per month"), when the question
    asks for the figure by another ("How much did Buhecha make per year?"), or None."""
    asked = _period(_PERIOD_ASKED.search(question))
    if asked is None:
        return None
    # the period after each of its numbers ("£4.50 for an hour's session or £35": an hour's price too), and
    # after it
    givens = []
    for number in [*_NUMBER.finditer(sentence, start, end)] or [None]:
        at = number.end() if number else end
        at = re.match(r"(?:\s*(?:m|bn|k|million|billion|thousand)\b)?", sentence[at:end]).end() + at  # "£2" + "m a year"
        givens.append(_period(_PERIOD_AFTER.match(sentence, at)))
    givens[-1] = givens[-1] or _period(_PERIOD_AFTER.match(sentence, end))
    # (a time against a time, a quantity against a quantity: "per capita income" may be given "a year")
    return next((given for given in givens if given and given != asked and (given in _TIMES) == (asked in _TIMES)),
                None)


def of_the_period(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking a figure by a period ("per year"), the proposals not given by another ("£26,000
    per month"); all of them for other questions."""
    if not _PERIOD_ASKED.search(q.text):
        return proposals
    return [p for p in proposals if other_period(q.text, p.evidence.sentence, p.span.start, p.span.end) is None]


def period_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was a figure by another period."""
    given = next(g for p in read if (g := other_period(q.text, p.evidence.sentence, p.span.start, p.span.end)))
    asked = _period(_PERIOD_ASKED.search(q.text))
    return f"The closest sentences give a figure per {given}, not per {asked}."


def whole_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was the price of one part."""
    unit = next(u for p in read if (u := price_of_one(q.text, p.evidence.sentence, p.span.end)))
    return f"The closest sentences give the price of one {unit}, not the whole sum."


# a figure of one place asked ("How many copies has Halo 2 sold in the UK?"), and a figure the sentence says
# is the world's just after it ("more than five million copies worldwide")
_IN_A_PLACE = re.compile(r"\b(?:in|across|throughout)\s+(?P<place>(?:the\s+)?(?:U\.K\.|U\.S\.|[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*)*)")
_WORLD = (r"worldwide|world-wide|globally|around the world|across the world|across the globe|around the globe|"
          r"internationally|all over the world")
_WORLD_ASKED = re.compile(rf"\b(?:{_WORLD}|in the world)\b", re.I)
_WORLDWIDE_AFTER = re.compile(rf"[^,;.]{{0,40}}?\b(?:{_WORLD})\b", re.I)
_HOW_MUCH_OR_MANY = re.compile(r"\bhow (?:many|much)\b", re.I)
_A_SHARE = re.compile(r"%|\bper\s?cent\b|\bpercent\b", re.I)


def asked_place(question: str) -> str | None:
    """The place a how-many (how-much) question asks the figure of ("the UK" of "How many copies has Halo 2
    sold in the UK?"), or None (none, or the world's asked)."""
    if not _HOW_MUCH_OR_MANY.search(question) or _WORLD_ASKED.search(question):
        return None
    m = _IN_A_PLACE.search(question)
    return m["place"] if m else None


def of_the_place(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking how many (or how much) in one place, the proposals not said to be the world's
    just after them: not "five million" of "The game has sold more than five million copies worldwide"
    for how many Halo 2 has sold in the UK."""
    if asked_place(q.text) is None:
        return proposals
    # a share may be of the world's total and still be the place's ("85% of all cotton manufactured worldwide")
    return [p for p in proposals if _A_SHARE.search(p.text) or not _worldwide(p)]


def _worldwide(p: Proposal) -> bool:
    """Is the span said to be the world's just after it, in its sentence or, read in a headline ("Halo 2
    sells five million copies"), in the first body sentence that states it ("... more than five million
    copies worldwide")?"""
    if _WORLDWIDE_AFTER.match(p.evidence.sentence, p.span.end):
        return True
    doc = p.evidence.doc
    if p.evidence.index >= getattr(doc, "body_start", 0):
        return False
    for i, m in doc.stating(p.text):
        return bool(_WORLDWIDE_AFTER.match(doc.sentence_text(i), m.end()))
    return False


def place_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was the world's figure."""
    return f"The closest sentences give the world's figure, not one for {asked_place(q.text)}."
