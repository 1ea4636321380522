"""Whose role is it? "Who is the president of Akamai?" is not answered from "Mike Prettejohn, president
of Netcraft, said ...": the sentence gives the role to another name.

``asked_role`` reads the role a question asks for the holder of, and whose it is ("Who is the chief
executive of Air France?", "Who is British Airways' chief executive?", "Who is the Chelsea manager?");
only questions that ask who holds the role (not "Who did the president of Akamai meet?"). ``holders``
reads the names a sentence gives that role to, written the same ways; a word that only describes
("Portuguese manager Jose Mourinho", "manager of the London club", "Outspoken chief executive ...")
is no name. ``of_the_holder`` keeps the proposals whose sentence does not give the role only to
others while never naming the question's; none left, the question is not answered from them
(``role_reason``). A name is the same written in full or in part ("United" / "Manchester United"), in
initials ("BA" / "British Airways"), as its people's word ("French" / "France") or by a common other
name ("Tory" / "Conservative"); "Manchester City" is not "Manchester United".

Nor is a name the sentence titles otherwise just before it the holder (``of_its_title``): "Real Madrid
midfielder David Beckham has no plans to become a manager" does not answer "Who is the manager of
Real Madrid?", nor "former president Eduard Shevardnadze" who is president now; a title of the same
post ("Chelsea boss" for its manager), the role among the titles written together ("chairman and
chief executive") or given after the name ("has been named England's new captain") keeps it.

Nor is a name the sentence titles with an office the player (architect, singer ...) a "Which ...?"
question asks for (``of_its_kind``): "Manchester City boss Kevin Keegan" for "Which Manchester City
player scored an own goal?". Nor is the part who played it (``of_the_actor``): "Den Watts" for "Who
played Den in EastEnders?".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from index.dates import MONTH_NAMES
from index.lexical import STOPWORDS
from qa.names import PEOPLE_ENDINGS

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

# the longest first: "chief executive" before "executive", "vice president" before "president"
_ROLE_NAMES = (
    r"prime minister|foreign minister|foreign secretary|home secretary|secretary of state|mayor|governor|"
    r"chancellor|ambassador|commissioner|"
    r"chief executive|chief financial officer|chief operating officer|chief operations officer|managing director|"
    r"executive director|finance director|technical director|sporting director|general secretary|secretary general|"
    r"general manager|vice president|vice-president|vice chairman|deputy chairman|deputy leader|director general|"
    r"chairman|chairwoman|president|director|leader|manager|coach|captain|spokesman|spokeswoman|spokesperson|"
    r"founder|co-founder|editor|owner|boss|ceo|cfo|coo")
_ROLES = f"(?:{_ROLE_NAMES})"
_ROLE_WORD = re.compile(rf"\b(?i:{_ROLES})\b")
_WORD = r"[A-Z][\w&'’.-]*"  # a capitalised word of a name
_JOINED = rf"{_WORD}(?:\s+(?:(?:of|and|&)\s+)?{_WORD})*"  # a name of such words, maybe joined: "Bank of England"
_DAY = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
        r"August|September|October|November|December)")
# "Taskforce of United Methodists on Abortion and Sexuality", not "Netcraft on Tuesday"
_NAME = rf"(the\s+)?({_WORD}(?:\s+(?:(?:of|for|and|&|de|the|on(?!\s+{_DAY}))\s+)?{_WORD})*)"
_OF = re.compile(rf"\b({_ROLES})\s+(?:of|at)\s+{_NAME}")  # "the president of Akamai"
# "Akamai('s) president", "Hong Kong Rugby Football Union (HKRFU) chairman"
_BEFORE = re.compile(rf"{_NAME}(?:['’]s?)?(?:\s+\([A-Z]{{2,8}}\))?\s+(?:new\s+|former\s+|current\s+)?({_ROLES})\b")
# who holds it: "Who is (the) ...", "Who was ...", "Who will be ...", "Name the ..."
_WHO_HOLDS = re.compile(r"^\s*(?:[Aa]nd\s+)?(?:[Ww]ho(?:['’]s|\s+is|\s+was|\s+will be|\s+has been|\s+became|\s+is now)|"
                        r"[Nn]ame)\s+(?:the\s+)?(?:new\s+|current\s+|former\s+)?")
_LINKING = frozenset({"of", "for", "and", "&", "de", "the"})
# what may follow the name in a question: its end, a comma, a time or place ("... in Japan?", "... now?")
_ENDS = re.compile(r"\s*(?:[?.!,;]|$|(?:in|at|on|since|before|after|during|when|now|today|currently|then)\b)", re.I)
_FORMER_WORDS = frozenset({"former", "ex", "then", "outgoing", "one-time", "late"})
# those words before a post ("former president", "ex-chairman"); a deputy's ("Deputy Mayor") is another post
_FORMER_WORD = r"(?:former|ex-|ex\b|then|outgoing|one-time|late)"
_DEPUTY_WORD = r"(?:deputy|vice|assistant|under-)"
_FORMER = re.compile(rf"\b{_FORMER_WORD}\s*$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
# capitalised before a role, not names: "Former president Bill Clinton", "Club captain ..."
_NOT_NAMES = frozenset("former ex new current interim acting deputy assistant then outgoing late its his her their our "
                       "a an the but and club team party company group firm bank union state national general joint "
                       "honorary when while after before as if".split())
# a people's word that is not its country's name with an ending ("French" / "France")
_PEOPLES = {
    "french": "france", "british": "britain", "english": "england", "dutch": "netherlands", "swiss": "switzerland",
    "welsh": "wales", "scottish": "scotland", "scots": "scotland", "irish": "ireland", "spanish": "spain",
    "danish": "denmark", "swedish": "sweden", "finnish": "finland", "polish": "poland", "turkish": "turkey",
    "greek": "greece", "chinese": "china", "portuguese": "portugal", "thai": "thailand", "filipino": "philippines",
    "argentine": "argentina", "argentinian": "argentina", "afghan": "afghanistan", "peruvian": "peru",
    "mexican": "mexico", "lebanese": "lebanon", "cypriot": "cyprus", "belarussian": "belarus", "italian": "italy",
    "norwegian": "norway", "canadian": "canada", "german": "germany", "belgian": "belgium", "hungarian": "hungary",
    "ukrainian": "ukraine", "israeli": "israel", "american": "america", "czech": "czech republic",
}
_PEOPLE_WORD = re.compile(rf"^[A-Z][a-z]+(?:{'|'.join(e for e in PEOPLE_ENDINGS if len(e) > 1)})$")
# one name, another way: initials, short forms, a party's other name
_ALIASES = [
    {"tory", "tories", "conservative", "conservatives", "conservative party"},
    {"lib dem", "lib dems", "liberal democrat", "liberal democrats"},
    {"man utd", "man united", "manchester united", "united"},
    {"fed", "federal reserve"},
    {"m&s", "marks and spencer", "marks & spencer"},
    {"all blacks", "new zealand"},
    {"us", "u.s", "usa", "america", "american", "united states"},
    {"uk", "britain", "british", "united kingdom", "great britain"},
    {"holland", "netherlands", "dutch"},
]


def _attached(text: str, sentence: bool = True) -> list[tuple[str, str]]:
    """(role, name) for each role the text gives to a name, in the text's order (``sentence``: the
    text is a sentence, whose first word is capitalised whatever it is)."""
    found = [(m.start(), m.group(1).lower(), m.group(3), bool(m.group(2)) and _described(text, m.end()), True)
             for m in _OF.finditer(text)]
    found += [(m.start(), m.group(3).lower(), m.group(2), False, False) for m in _BEFORE.finditer(text)]
    out = []
    for start, role, name, described, of in sorted(found):
        words = _POSSESSIVE.sub("", name).split()
        # an opening word is capitalised whatever it is ("Outspoken chief executive"), not as a possessive
        opens = sentence and not text[:start].strip(" \"'“‘") and not _POSSESSIVE.search(name.split()[0])
        former = bool(_FORMER.search(text[:start]))  # "former president of Netcraft": no longer its holder
        # and a sentence's opening stop word ("Under Party leader Mao Zedong"); after "of", "New" is the
        # name's ("mayor of New York"), before the role it is the holder's ("New Chelsea manager")
        while words and ((words[0].lower() in _NOT_NAMES and not (of and words[0] == "New" and len(words) > 1))
                         or (opens and words[0].lower() in STOPWORDS)):
            former = former or words[0].lower() in _FORMER_WORDS
            words.pop(0)
            opens = False
        if words and not described and not former and not _describes(words, opens):
            out.append((role, " ".join(words)))
    return out


def _described(text: str, end: int) -> bool:
    """"manager of the London club": "the" before and a lower-case word after make the capitalised
    word a description of the holder, not a name."""
    return bool(re.match(r"\s+[a-z]", text[end:])) and not re.match(
        r"\s+(?:and|or|said|says|has|had|is|was|will|who|now|today|currently|then|in|at|on|since|before|after|during|"
        r"when)\b", text[end:])


def _describes(words: list[str], opens: bool) -> bool:
    """A people's word ("Portuguese manager"), "Dublin-based", or one capitalised word that opens the
    sentence ("Outspoken chief executive ...") describes the holder; it is no name."""
    if len(words) == 1:
        w = words[0]
        return opens or w.lower().endswith("-based") or w.lower() in _PEOPLES or bool(_PEOPLE_WORD.match(w))
    return False


# the role asked by its verb: "Who founded Yahoo?" asks for its founder, "Who coaches Chelsea?" its coach
_VERB_ROLES = {"founded": "founder", "co-founded": "co-founder", "chairs": "chairman", "chaired": "chairman",
               "manages": "manager", "managed": "manager", "coaches": "coach", "coached": "coach", "leads": "leader",
               "led": "leader", "owns": "owner", "owned": "owner", "edits": "editor", "edited": "editor",
               "captains": "captain", "captained": "captain"}
_WHO_DOES = re.compile(rf"^\s*(?:[Aa]nd\s+)?[Ww]ho\s+(?:else\s+)?(?P<verb>{'|'.join(_VERB_ROLES)})\s+{_NAME}\s*[?.!]*\s*$")


@lru_cache(maxsize=256)
def asked_role(question: str) -> tuple[str, str] | None:
    """The role a question asks for the holder of, and whose it is ("chief executive", "Air France"),
    or None ("Who did the president of Akamai meet?" asks for someone else). The role may be asked by
    its verb: "Who founded Yahoo?" ("founder", "Yahoo"), "Who coaches Chelsea?"."""
    does = _WHO_DOES.match(question)
    if does:
        return _VERB_ROLES[does["verb"]], does.group(3)
    opening = _WHO_HOLDS.match(question)
    if opening is None:
        return None
    # a question may write the role with capitals ("Who is the Mayor of London?")
    rest = _ROLE_WORD.sub(lambda m: m.group(0).lower(), question[opening.end():])
    for role, name in _attached(rest, sentence=False):
        of = re.search(rf"\b{re.escape(role)}\s+(?:of|at)\s+(?:the\s+)?{re.escape(name)}(?:['’]s?)?(.*)$", rest, re.I)
        if of and not _ENDS.match(of.group(1)):
            return None  # "the chief executive of Durex maker SSL International": whose is unclear
        if any(_POSSESSIVE.search(w) for w in name.split()[:-1]):
            return None  # "India's High Commissioner": the role is another ("High Commissioner"), unread
        return role, name
    return None


def holders(sentence: str, role: str) -> list[str]:
    """The names the sentence gives ``role`` to ("Netcraft" in "Mike Prettejohn, president of Netcraft")."""
    return [name for r, name in _attached(sentence) if r == role]


def same_name(asked: str, written: str) -> bool:
    """Is ``written`` the asked name: all the words of one in the other ("United" / "Manchester
    United", "Air France" / "Air France-KLM"; not "Manchester City" / "Manchester United"), its
    initials ("BA" / "British Airways"), its people's word ("French" / "France") or another common
    name of it ("Tory" / "Conservative")?"""
    a, w = _words(asked), _words(written)
    if not a or not w:
        return False
    if all(any(_alike(x, y) for y in w) for x in a) or all(any(_alike(y, x) for x in a) for y in w):
        return True
    if _initials(asked) == "".join(w) or _initials(written) == "".join(a):
        return True
    return any(_key(asked) in group and _key(written) in group for group in _ALIASES)


def mentions(sentence: str, name: str) -> bool:
    """Does the sentence name ``name`` (all its words, its initials, its people's word or another
    common name)?"""
    words = set(_words(sentence))
    a = _words(name)
    if a and all(any(_alike(x, y) for y in words) for x in a):
        return True
    if len(_initials(name)) > 1 and _initials(name) in words:
        return True
    low = " " + " ".join(_words(sentence)) + " "
    return any(_key(name) in group and any(f" {alias} " in low for alias in group) for group in _ALIASES)


def _words(text: str) -> list[str]:
    words = (_POSSESSIVE.sub("", w.lower()).replace(".", "") for w in re.findall(r"[A-Za-z][\w&'’.-]*", text))
    return [w for w in words if w and w not in _LINKING]


def _key(name: str) -> str:
    return " ".join(w for w in _POSSESSIVE.sub("", name.lower()).replace(".", "").split() if w != "the")


def _alike(a: str, b: str) -> bool:
    """One word, or a people's word and its country's ("french" / "france", "chadian" / "chad")."""
    a, b = _PEOPLES.get(a, a), _PEOPLES.get(b, b)
    if a == b or a.split("-")[0] == b or b.split("-")[0] == a:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short) and long_[len(short):] in PEOPLE_ENDINGS


def _initials(name: str) -> str:
    """"British Airways" -> "ba", "Taskforce of United Methodists on Abortion and Sexuality" -> "tumas"."""
    words = re.findall(r"[A-Za-z][\w'’-]*", name)
    capitalised = [w for w in words if w[0].isupper()]
    return "".join(w[0] for w in (capitalised or [w for w in words if w.lower() not in _LINKING])).lower()


def asks_someone(q: QuestionAnalysis) -> bool:
    """Is it a who-question ("who", "whom", "whose"), or one asking which player, singer ... ("Which
    Bath centre ...?")?"""
    return q.wh in ("who", "whom", "whose") or _asks_a_kind(q)


def _asks_a_kind(q: QuestionAnalysis) -> bool:
    """Does the question ask for a kind of person ("Which Bath centre ...?", "Who scored ...?")?"""
    return asked_kind(q.text) is not None or asked_whose(q.text) is not None


# where a span is a place or a time: "limped out at " + "Kingsholm"
_AT = re.compile(r"(?<![\w'’-])at\s+(?:the\s+)?$", re.I)


def of_someone(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """A who-question is answered by someone: not by a span without a letter ("2005" of a dateline,
    "19-13"), nor by a date ("February 3, 2005"), which name no one, nor by the place or time a
    sentence writes after "at" ("Kingsholm" of "limped out at Kingsholm" for which Bath centre was
    cleared to play; only when a player, singer ... is asked for), nor by a title alone before a name
    ("Chancellor" of "Chancellor Gordon Brown's closest ally": the name is whom it titles), nor, when a
    player, minister ... is asked for, by a post and whose it is ("Salford MP"). (SQuAD and
    NewsQA dev: no who-question's gold answers are all such.)"""
    if not asks_someone(q):
        return proposals
    # "at" before a name may be whose doing it was ("at RAF insistence", "built at the RCA Research
    # Laboratory" for who built it): a place only when a player, singer ... is asked for
    kind = _asks_a_kind(q)
    return [p for p in proposals if any(ch.isalpha() for ch in p.text) and not _DATE.match(p.text)
            and not (kind and _AT.search(p.evidence.sentence, max(0, p.span.start - 12), p.span.start))
            and not _titles_the_next(p) and not (kind and _OWNED_TITLE.fullmatch(p.text))]


_MONTH = "|".join(m.capitalize() for m in MONTH_NAMES)
# a date: a month with a day or a year ("February 3, 2005", "3 March", "June 2008"; not "May" alone)
_DATE = re.compile(rf"^(?=.*\d)(?:[A-Z][a-z]+day,?\s+)?(?:\d{{1,2}}\s+)?(?:{_MONTH})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
                   rf"(?:,?\s+\d{{4}})?$")


def someone_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: none names anyone."""
    return "The closest sentences name no one."


def of_the_holder(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals whose sentence may answer who holds a name's role: not those whose sentence gives
    that role only to other names and never names the question's."""
    asked = asked_role(q.text)
    if asked is None:
        return proposals
    role, name = asked
    anothers: dict[str, bool] = {}  # a sentence gives many spans: read it once
    for p in proposals:
        if p.evidence.sentence not in anothers:
            anothers[p.evidence.sentence] = _anothers(p.evidence.sentence, role, name)
    return [p for p in proposals if not anothers[p.evidence.sentence]]


def _anothers(sentence: str, role: str, name: str) -> bool:
    """Does the sentence give the role to other names only, never naming ``name``?"""
    others = holders(sentence, role)
    return bool(others) and not any(same_name(name, h) for h in others) and not mentions(sentence, name)


# titles a sentence writes just before a name ("Real Madrid midfielder David Beckham", "Spain's
# minister of sport Jaime Lissavetzky"): the roles a question may ask about, and other posts
# a player's posts: titles before a name, and kinds of person a "Which ...?" question may ask for
_PLAYER_POSTS = r"midfielder|striker|defender|goalkeeper|keeper|winger|forward|batsman|bowler|player"
_TITLES = (
    rf"(?:{_ROLE_NAMES}|finance minister|minister|secretary|head coach|skipper|{_PLAYER_POSTS}|"
    r"full-back|centre-back|fly-half|scrum-half|flanker|hooker|prop|lock|centre|wing|number eight|wicketkeeper|"
    r"all-rounder|team-mate|teammate|colleague|rival|deputy|assistant|predecessor|successor|"
    r"author|writer|novelist|screenwriter|producer|head|consultant|analyst|MP)")
# a span that is only a title ("Chancellor" of "Chancellor Gordon Brown's closest ally"): the one it
# titles is the name after it
_ONLY_A_TITLE = re.compile(rf"(?:(?:the|former|then)\s+)*(?i:{_TITLES})")


# a post and whose it is, no name: "Salford MP" ("the Salford MP told ...") is no answer to "Which Home
# Office minister said ...?", which asks for the name
# (the post as written, in lower case or "MP": "John Lee Hooker" is a name, not a hooker's post)
_OWNED_TITLE = re.compile(rf"(?:the\s+)?(?:{_WORD}\s+)+{_TITLES}")


def _titles_the_next(p: Proposal) -> bool:
    """Is the span a title alone, with a name just after it?"""
    return bool(_ONLY_A_TITLE.fullmatch(p.text)) and bool(re.match(r"\s+[A-Z]", p.evidence.sentence[p.span.end:]))


# the asked role and the titles that may name the same post
_SAME_POST = [
    {"manager", "boss", "coach", "head coach"},
    {"chief executive", "ceo", "boss", "managing director", "head"},
    {"chairman", "chairwoman", "boss"},
    {"president", "leader"},
    {"prime minister", "leader"},
    {"captain", "skipper"},
    {"spokesman", "spokeswoman", "spokesperson"},
    {"founder", "co-founder"},
    {"vice president", "vice-president"},
]
# "Real Madrid midfielder " + "David Beckham": a title (maybe "of sport" after it), nothing else, just
# before the span; "former" before it: the span held the post once. Not "head of market development at"
# before "Nokia": a name after "at" or "in" is whose the post is, not who holds it
_TITLE_BEFORE = re.compile(rf"(?P<former>\b{_FORMER_WORD}\s*)?"
                           rf"(?P<deputy>\b{_DEPUTY_WORD}[\s-]*)?\b(?P<title>{_TITLES})"
                           r"(?:\s+(?:of|for)(?P<of>(?:\s+(?!and\b|or\b|but\b|at\b|in\b)[a-z]+){1,3}))?\s+$", re.IGNORECASE)
# the last run of capitalised words of a span, its name ("Jaime Lissavetzky" of "minister of sport
# Jaime Lissavetzky", "Spain's minister of sport Jaime Lissavetzky")
_NAME_AT_END = re.compile(r"(?<![\w'’-])[A-Z][\w'’.-]*(?:\s+(?:(?:de|van|von|da|di|del|le|la|bin|al|el)\s+)*[A-Z][\w'’.-]*)*[\s.,]*$")
_TITLE_OPENS = re.compile(rf"(?i:(?:(?:{_FORMER_WORD}|{_DEPUTY_WORD}|acting)(?:(?<=-)|[\s-]+))*{_TITLES})\s+(?=[A-Z])")
# whose post a title is: the capitalised words just before it ("Real Madrid", "Spain's", "China's political")
_OWNER = re.compile(rf"((?:{_WORD}\s+)+)(?:[a-z-]+\s+){{0,2}}$")
# a verb that gives a post to the name before it: "has been named as", "is", "became", "was appointed"
_GIVES_POST = re.compile(r"\s*(?:,\s*who\s+)?(?:(?:has|have|had)\s+been|is|was|are|were|will\s+be|became|becomes|remains|"
                         r"(?:was|is|has\s+been)\s+(?:named|appointed|elected|made|confirmed|installed))\b"
                         r"(?:\s+(?:named|appointed|elected|made|confirmed|installed))?(?:\s+as)?\b", re.I)
_PRESENT = re.compile(r"^\s*(?:[Aa]nd\s+)?(?:[Ww]ho(?:['’]s|\s+is)\b|[Nn]ame\s+the\s+current\b)")


def _posts(role: str) -> set[str]:
    return set().union({role}, *(group for group in _SAME_POST if role in group))


@lru_cache(maxsize=64)
def _posts_pattern(role: str) -> str:
    """The role and the titles of the same post, as a regex alternation, the longest first."""
    return "|".join(re.escape(p) for p in sorted(_posts(role), key=len, reverse=True))


class Title(NamedTuple):
    """A title written just before a name: "midfielder" of "Real Madrid midfielder David Beckham"."""

    post: str  # "midfielder", "minister", "mayor"
    former: bool  # "former president"
    deputy: str  # "deputy" of "Deputy Mayor" (the deputy's post is another), or ""
    start: int  # where it starts in the sentence
    of: str  # what it is of: "sport" of "minister of sport"

    @property
    def words(self) -> str:
        return f"{self.deputy} {self.post}" if self.deputy else self.post


def title_before(sentence: str, start: int) -> Title | None:
    """The title the sentence writes just before ``sentence[start:]``, or None."""
    m = _TITLE_BEFORE.search(sentence, max(0, start - 60), start)
    if m is None:
        return None
    deputy = m["deputy"].strip(" -").lower() if m["deputy"] else ""
    return Title(m["title"].lower(), bool(m["former"]), deputy, m.start(), (m["of"] or "").strip())


# a title the span opens with, after whose it is: "Kingsport centre " of "Kingsport centre Jon Ellery has ..."
_TITLE_IN_OPENING = re.compile(rf"(?:{_WORD}\s+)+(?P<title>(?i:{_TITLES}))\s+(?=[A-Z])")
# "former" before whose post it was: "Former Chelsea manager"
_FORMER_OWNER = re.compile(rf"\b(?i:{_FORMER_WORD})\s+(?:{_WORD}\s+)+$")
# a span that is a post and whose it is ("Kingsport centre"), or whose the post after it is ("Kingsport")
_POST_AT_END = re.compile(rf"\b(?i:{_TITLES})$")
_POST_AFTER = re.compile(rf"\s+(?P<post>(?i:{_TITLES}))\b")


@lru_cache(maxsize=1024)
def _span_title(sentence: str, start: int, end: int) -> Title | None:
    """``title_before`` the span's name: its last run of capitalised words, or else, for a span that
    runs on past its name ("Tomas Berg has no plans to become a manager ...", "Edmund Marsh has
    dismissed claims ... of the National Unity Party (NUP"), the name it opens with. (Read once per
    span: the title, kind and side rules, and their reasons, all ask.)"""
    name = _NAME_AT_END.search(sentence, 0, end)  # its words before the span too ("Arrigo" of "Sacchi")
    if name is not None:
        # a title written with capitals is not the name: "Deputy Mayor Nicky Gavron", "President Albert Spalding"
        titled = _TITLE_OPENS.match(sentence, name.start(), end)
        title = title_before(sentence, titled.end() if titled else name.start())
        if title is not None or name.start() <= start:
            return title
    if not sentence[start:start + 1].isupper():
        return None
    opening = _TITLE_IN_OPENING.match(sentence, start, end)  # "Kingsport centre Jon Ellery has ..."
    if opening:
        return Title(opening["title"].lower(), False, "", opening.start("title"), "")
    return title_before(sentence, start)


def name_start(sentence: str, start: int, end: int) -> int:
    """Where the name the span ends with starts, its words before the span too ("Anna Lind" of "Keller
    won ... with victory over Anna Lind", "Paul Giamatti" of "Giamatti"); the span's start if it ends
    with no name."""
    name = _NAME_AT_END.search(sentence, 0, end)
    return name.start() if name is not None else start


def _titled_otherwise(q_present: bool, role: str, name: str, sentence: str, start: int, end: int) -> bool:
    """Does the sentence give the span (a name) another post of ``name`` just before it ("Real Madrid
    midfielder" for Real Madrid's manager), a deputy's ("Deputy Mayor"), or call it the role's former
    holder while the question asks who holds it now?"""
    title = _span_title(sentence, start, end)
    if title is None:
        return (_titled_after(q_present, role, name, sentence, start, end) is not None
                or _a_departments(sentence, start, end, name) is not None)
    at = title.start
    if not title.deputy and title.post in _posts(role):
        # the post, but another name's: "Tory leader Michael Howard" for the BNP's leader
        return (title.former and q_present) or _anothers_post(sentence, title, name)
    if title.former:  # "former foreign minister Nabil el-Araby" may well lead the Arab League now
        return False
    if not (title.deputy and title.post in _posts(role)):
        # another post, but of what? Only one of the asked name's excludes its role ("Real Madrid
        # midfielder", "Spain's minister of sport"; not "China's political leader" for a theory's founder)
        owner = _OWNER.search(sentence, 0, at)  # "Real Madrid " of "Real Madrid midfielder"
        if not mentions((owner.group(1) if owner else "") + " " + title.of, name):
            return False
    # the asked role among the titles written together ("chairman and chief executive Y"), or given
    # just after the name ("President Albert Spalding (founder of Spalding Sporting Goods)")
    posts = _posts_pattern(role)
    together = re.search(r"[^,;:()\"“”]*$", sentence[:at]).group(0)
    if not together.strip():  # the name in apposition: "The first governor, Captain John Dutton, ..."
        before = re.search(r"[^,;:()\"“”]*[,(]\s*$", sentence[:at])
        together = before.group(0) if before else ""
    if re.search(rf"\b(?:{posts})\b", together, re.I):
        return False
    # the post given after the name, in apposition ("(founder of ...)", ", the club captain") or by a
    # verb that gives it ("has been named as England's new captain"); not "has no plans to become a
    # manager", nor "told the BBC the Mayor of London would ..."
    after = sentence[end:]
    if re.match(rf"\s*[,(]\s*(?:(?:the|a|an|its|their|his|her)\s+)?(?:[\w'’-]+\s+){{0,3}}(?i:{posts})\b", after):
        return False
    gives = _GIVES_POST.match(after)
    clause = re.match(r"[^,;:()\"“”.]*", after[gives.end():]).group(0) if gives else ""
    return not re.search(rf"\b(?i:{posts})\b", clause)


# a post given in apposition just after a name: ", a Lufthansa spokesman", ", Lufthansa's chief
# executive", ", the former president of Netcraft", ", head of market development at Nokia" (whose post:
# the capitalised words before it, or its "of"/"for"/"at" name; "of market development": a department's)
_TITLE_AFTER = re.compile(rf"\s*,\s*(?:(?:the|a|an)\s+)?(?P<former>(?i:{_FORMER_WORD})\s+)?"
                          rf"(?P<owner>(?:{_WORD}\s+)*?)(?:[a-z-]+\s+)??"
                          rf"(?P<title>(?i:{_TITLES}))\b(?P<field>\s+(?:of|for)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){{0,2}}(?=\s+at\s))?"
                          r"(?:\s+(?:of|for|at)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}"
                          rf"(?P<of>{_JOINED}))?")


# the name a span opens with, and the rest of a name a span ends inside
_OPENING_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
_REST_OF_NAME = re.compile(r"(?:\s+[A-Z][\w'’.-]*)*")


# a post of a part of a name, in apposition just before the span: "The chairman of the MCB's public
# affairs committee, " + "Sher Khan" (not "chairman of Apple's board": a board's chairman is the firm's)
_DEPARTMENT_BEFORE = re.compile(rf"\b(?P<title>(?i:{_TITLES}))\s+of\s+(?:the\s+)?(?P<owner>{_WORD}"
                                rf"(?:\s+{_WORD})*)['’]s?\s+(?P<part>(?:[a-z][\w-]*\s+){{0,3}}(?:committee|"
                                r"department|division|unit|team|arm|wing|branch|section))\s*,\s*$")


def _a_departments(sentence: str, start: int, end: int, name: str) -> Title | None:
    """The post of a part of ``name`` the sentence gives the span's name just before it (in the span
    too: "The chairman of the MCB's public affairs committee, Sher Khan"), or None."""
    at = name_start(sentence, start, end)
    m = _DEPARTMENT_BEFORE.search(sentence, max(0, at - 120), at)
    if m is None or not mentions(m["owner"], name):
        return None
    return Title(f"{m['title'].lower()} of its {m['part']}", False, "", m.start(), m["owner"])


def _titled_after(q_present: bool, role: str, name: str, sentence: str, start: int, end: int) -> Title | None:
    """The post the sentence gives the span (or the name it opens with: "Michael Lamberty, a Lufthansa
    spokesman told ...") in apposition just after it, when that sets it aside: another post of ``name``
    ("Michael Lamberty, a Lufthansa spokesman" for Lufthansa's chief executive), the role but another
    name's ("X, a BA spokesman" for Lufthansa's), or the role once held while the question asks who
    holds it now. None when the asked role is among the titles written together (", chairman and
    chief executive of ..."), or no such post follows."""
    opening = _OPENING_NAME.match(sentence, start, end)
    rest_of_name = _REST_OF_NAME.match(sentence, end)  # "Mike" + " Prettejohn"
    posts = _posts_pattern(role)
    for at in dict.fromkeys((end, rest_of_name.end(), opening.end() if opening else end)):
        m = _TITLE_AFTER.match(sentence, at)
        if m is None:
            continue
        before = _POSSESSIVE.sub("", m["owner"].strip())  # whose, written before the post
        owner = f"{before} {m['of'] or ''}".strip()
        if not owner:
            continue
        # a department's post is another post: "head of market development at Nokia" for Nokia's chief
        # executive (but "senior director for health programs at" is a director at it)
        department = bool(m["field"]) and m["title"].lower() != role
        post = m["title"].lower() + (m["field"] or "")
        title = Title(post, bool(m["former"]), "", m.start("title"), m["of"] or "")
        clause = re.match(r"[^,;:()\"“”.]*", sentence[m.start("title"):]).group(0)
        if not department and re.search(rf"\b(?i:{posts})\b", clause):
            # the asked role: held once, or another name's as written before it (", a BA spokesman";
            # whose it is after it, "president of Netcraft", is for ``holders``)
            if (title.former and q_present) or (before and not mentions(before, name)):
                return title
        elif not title.former and mentions(owner, name):
            return title
    return None


# whose post a title is, written just before it: "Tory" of "Tory leader", "NFL and Atlanta Braves" of
# "NFL and Atlanta Braves field director" (not "South Africa's" of "South Africa's ruling party president")
_OWNER_NEXT_TO = re.compile(rf"((?:{_WORD}\s+(?:(?:and|of|&)\s+)?)*{_WORD}\s+)(?:[a-z-]+\s+)?$")


def _post_owner(sentence: str, title: Title) -> str | None:
    """Whose post the title is, when the sentence writes it just before it ("Tory" of "Tory leader";
    None for "Portuguese manager", a people's word, "Under Party leader", no name, and "President and
    CEO", titles written together)."""
    owner = _OWNER_NEXT_TO.search(sentence, 0, title.start)
    words = _POSSESSIVE.sub("", owner.group(1).strip()).split() if owner else []
    while words and (words[0].lower() in _NOT_NAMES or words[0].lower() in STOPWORDS):
        words.pop(0)
    if not words or _describes(words, opens=False) or _ROLE_WORD.search(" ".join(words)):
        return None
    return " ".join(words)


def _anothers_post(sentence: str, title: Title, name: str) -> bool:
    """Is the title's post, as the sentence writes whose it is just before it, of a name other than ``name``?"""
    owner = _post_owner(sentence, title)
    # the name in part is the name: "Desperados owner" for the Dallas Desperados'
    return owner is not None and not mentions(owner + " " + title.of, name) and not same_name(name, owner)


def _held_once(sentence: str, title: Title) -> bool:
    """A former post: "former president", "Former Chelsea manager"."""
    return title.former or bool(_FORMER_OWNER.search(sentence, 0, title.start))


def of_its_title(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking who holds a role, the proposals the sentence does not title otherwise:
    not "David Beckham" of "Real Madrid midfielder David Beckham" for Real Madrid's manager, nor
    "Eduard Shevardnadze" of "former president Eduard Shevardnadze" for who is president now."""
    asked = asked_role(q.text)
    if asked is None:
        return proposals
    present = _asks_now(q.text)
    return [p for p in proposals
            if not _titled_otherwise(present, *asked, p.evidence.sentence, p.span.start, p.span.end)]


def _asks_now(question: str) -> bool:
    """Does the question ask who holds the role now ("Who is ...?", not "Who is the former ...?")?"""
    return bool(_PRESENT.match(question)) and not re.search(r"\bformer\b", question, re.I)


def title_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: the sentences give them other titles."""
    role, name = asked_role(q.text)
    p = proposals[0]
    title = (_span_title(p.evidence.sentence, p.span.start, p.span.end)
             or _titled_after(_asks_now(q.text), role, name, p.evidence.sentence, p.span.start, p.span.end)
             or _a_departments(p.evidence.sentence, p.span.start, p.span.end, name))
    if not title.deputy and title.post in _posts(role):
        if title.former:
            return f"The closest sentences name the former {title.post}, not the {role} of {name} now."
        owner = _post_owner(p.evidence.sentence, title)  # the post, but another name's: "Tory leader"
        if owner:
            return f"The closest sentences name the {owner} {title.post}, not the {role} of {name}."
    return f"The closest sentences name a {title.words}, not the {role} of {name}."


def unnamed_role_reason(q: QuestionAnalysis, sentences: list[str]) -> str | None:
    """Why a question asking who holds a name's role is not answered, when none of the closest
    sentences names that name beside that role (or a title of the same post): "The closest sentences
    do not name the chief executive of Air France." None for other questions, or when one does."""
    asked = asked_role(q.text)
    if asked is None:
        return None
    role, name = asked
    posts = _posts_pattern(role)

    def names_it(sentence: str) -> bool:  # in full, in part or in initials ("British Airways" for "BA")
        return mentions(sentence, name) or any(same_name(name, m.group(2)) for m in re.finditer(_NAME, sentence))

    if any(re.search(rf"\b(?i:{posts})\b", s) and names_it(s) for s in sentences):
        return None
    the = "the " if re.search(rf"\bthe\s+{re.escape(name)}", q.text, re.I) else ""
    return f"The closest sentences do not name the {role} of {the}{name}."


def role_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences give the role to another name."""
    role, name = asked_role(q.text)
    other = next(h for p in proposals for h in holders(p.evidence.sentence, role))
    return f"The closest sentences name the {role} of {other}, not of {name}."


# "Which Manchester City player scored ...?", "Which architect designed ...?": the question asks for a
# person of a kind that holds no office; a name the sentence titles with an office just before it
# ("Manchester City boss Kevin Keegan", "Wembley chairman Claes Hultman") is not one
_KINDS = (rf"{_PLAYER_POSTS}|footballer|golfer|driver|rider|jockey|boxer|athlete|runner|sprinter|swimmer|cyclist|"
          r"skier|architect|artist|painter|sculptor|singer|actor|actress|musician|rapper|writer|author|novelist|poet|"
          r"scientist|designer|photographer|comedian|composer")
_ASKS_KIND = re.compile(rf"^\s*(?:[Aa]nd\s+)?(?:[Ww]hich|[Ww]hat)\s+(?:{_WORD}\s+|of\s+the\s+)*"
                        rf"(?P<kind>{_KINDS})(?:s|es)?\b")
# the titles that are offices: a player, an architect or a singer holds none of them (a director, a
# leader, a captain, a founder or an editor may be one)
_OFFICES = frozenset(_ROLE_NAMES.split("|")) - {"director", "leader", "captain", "founder", "co-founder", "editor"} | {
    "minister", "finance minister", "secretary", "head coach"}


# "Who scored ...?", "Who put Newcastle ahead?": a player's deed; "Who will play James Bond?", "Who stars in
# Sideways?", "Who played the role of ...?": an actor's
_NAMED = rf"(?:the\s+)?{_WORD}(?:\s+{_WORD})*"
_ASKS_DEED = re.compile(rf"^\s*(?:[Aa]nd\s+)?[Ww]ho(?:\s+else)?\s+(?:(?P<player>scored|scores|netted|equalised|equalized|"
                        rf"opened\s+the\s+scoring|put\s+{_NAMED}\s+(?:ahead|in\s+front))|"
                        r"(?P<actor>will\s+play|(?:plays|played)\s+the\s+(?:role|part)\s+of|(?:star|stars|starred)\s+in)"
                        r"\s+(?:the\s+)?[A-Z])")
# the titles an actor is named by that are not a part in the film: "Goldeneye director Martin Campbell"
_NOT_ACTING = frozenset({"director", "editor", "founder", "co-founder", "author", "writer", "novelist", "screenwriter",
                         "producer"})


@lru_cache(maxsize=256)
def asked_kind(question: str) -> str | None:
    """The kind of person a question asks for, when it is one that holds no office: "player" of
    "Which Manchester City player scored an own goal?" and of "Who scored Bolton's goal?", "actor" of
    "Who will play James Bond?"; or None."""
    m = _ASKS_KIND.match(question)
    if m:
        return m["kind"].lower()
    deed = _ASKS_DEED.match(question)
    return None if deed is None else "player" if deed["player"] else "actor"


def of_its_kind(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking which player (architect, singer ...) did something, the proposals the
    sentence does not title with an office just before them: not "Kevin Keegan" of "Manchester City
    boss Kevin Keegan" for which City player scored. A former office says nothing of it."""
    kind = asked_kind(q.text)
    if kind is None:
        return proposals
    return [p for p in proposals if not _in_office(p, kind)]


def _in_office(p: Proposal, kind: str) -> Title | None:
    """The office the sentence titles the span with, unless a former one ("former Chelsea manager"); for an
    actor, also a director's, author's, writer's or producer's post (``_NOT_ACTING``)."""
    title = _span_title(p.evidence.sentence, p.span.start, p.span.end)
    offices = _OFFICES | _NOT_ACTING if kind in ("actor", "actress") else _OFFICES
    if title is None or title.post not in offices or _held_once(p.evidence.sentence, title):
        return None
    return title


def kind_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: the sentences title them with an office."""
    kind = asked_kind(q.text)
    return f"The closest sentences name a {_in_office(proposals[0], kind).words}, not {_a(kind)} {kind}."


# "Who played Den in EastEnders?": the part an actor played (not "Den Watts", the part itself); "Who
# played Venus Williams?" in sport asks whom she faced, and "Serena Williams" is not her
_ASKS_ACTOR_OF = re.compile(r"^\s*(?:[Aa]nd\s+)?[Ww]ho\s+(?:(?:will|would|is going to)\s+)?(?:played|plays|play|is playing|"
                            r"was playing|portrayed|portrays|portray|voiced|voices|voice|starred as|stars as|star as)\s+"
                            r"(?:the\s+(?:role|part)\s+of\s+)?(?!(?:in|on|at|for|against|with|opposite|alongside)\b)(?P<part>[^?]*?)"
                            r"(?:\s+(?:in|on|at|for|opposite|alongside)\b[^?]*)?\s*\??\s*$")
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")


def asked_part(question: str) -> tuple[str, ...]:
    """The capitalised words of the part a question asks who played ("Den" of "Who played Den in
    EastEnders?"; none for "Who played for Chelsea?")."""
    m = _ASKS_ACTOR_OF.match(question)
    return tuple(w.lower() for w in _CAPITALISED.findall(m["part"])) if m else ()


def of_the_actor(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking who played a part, the proposals that are not the part itself: not "Den
    Watts" for "Who played Den?" (every word of the part's name in the span)."""
    part = asked_part(q.text)
    if not part:
        return proposals
    return [p for p in proposals if not _the_part(part, p) and _played_another(part, p) is None]


# a part, as written after the verb that gives it to an actor: "who played the servant " + "Baldrick"
# (not after "played by": that is the actor)
_PLAYED = r"played|plays|portrayed|portrays|voiced|voices"  # the verbs that give an actor a part
_PLAYED_BEFORE = re.compile(rf"\b(?:{_PLAYED}|playing|as)\s+(?!by\b)(?:the\s+)?"
                            r"(?:(?!by\b)[a-z][\w'’-]*\s+){0,3}$")


def _the_part(part: tuple[str, ...], p: Proposal) -> bool:
    """Is the span the part asked ("Den Watts" for who played Den), or a part someone is said to play
    ("Baldrick" of "who played the servant Baldrick")?"""
    return (set(part) <= {w.lower() for w in _CAPITALISED.findall(p.text)}
            or bool(_PLAYED_BEFORE.search(p.evidence.sentence, max(0, p.span.start - 40), p.span.start)))


# the part a name is said to have played just after it: "Tony Robinson, who played the servant Baldrick,"
_WHO_PLAYED = re.compile(rf"\s*,?\s*who\s+(?:{_PLAYED})\s+(?:the\s+)?"
                         r"(?:[a-z][\w'’-]*\s+){0,3}(?P<part>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")


def _name_end(sentence: str, start: int, end: int) -> int:
    """Where the name the span opens with ends: its rest after the span too ("Tony" + " Robinson"), or
    before the span's end for a span that runs on past it ("Tony Robinson, who played ... told ...")."""
    opening = _OPENING_NAME.match(sentence, start, end)
    if opening is not None and opening.end() < end:
        return opening.end()
    return _REST_OF_NAME.match(sentence, end).end()


def _played_another(part: tuple[str, ...], p: Proposal) -> str | None:
    """The other part the sentence says the span played just after it ("Baldrick" of "Tony Robinson, who
    played the servant Baldrick" for who played Blackadder), or None."""
    m = _WHO_PLAYED.match(p.evidence.sentence, _name_end(p.evidence.sentence, p.span.start, p.span.end))
    if m is None or set(part) <= {w.lower() for w in _CAPITALISED.findall(m["part"])}:
        return None
    return m["part"]


def actor_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: they name the part, or who played another part."""
    p = proposals[0]
    other = _played_another(asked_part(q.text), p)
    if other is not None and not _the_part(asked_part(q.text), p):
        return f"The closest sentences name who played {other}, not who played the part asked."
    return f"The closest sentences name {p.text}, not who played the part."


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


# "Which Bath centre was cleared to play?": the question names whose player (or post) it asks for
_ASKS_WHOSE = re.compile(rf"^\s*(?:[Aa]nd\s+)?(?:[Ww]hich|[Ww]hat)\s+(?P<owner>{_JOINED})\s+(?P<post>(?i:{_TITLES}))\b")


@lru_cache(maxsize=256)
def asked_whose(question: str) -> tuple[str, str] | None:
    """The post a "Which ...?" question asks for and whose it is ("centre", "Bath" of "Which Bath centre
    was cleared to play?"), or None."""
    m = _ASKS_WHOSE.match(question)
    return (m["post"].lower(), m["owner"]) if m else None


def of_its_side(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking which of a name's players (or posts) did something, the proposals the
    sentence does not title with that post of another name just before them: not "Henry Paul" of
    "Gloucester centre Henry Paul" for which Bath centre was cleared to play."""
    asked = asked_whose(q.text)
    if asked is None:
        return proposals
    return [p for p in proposals if _anothers_side(p, *asked) is None]


def _anothers_side(p: Proposal, post: str, owner: str) -> str | None:
    """Whose the post is, when the sentence titles the span with it, as another name's ("Gloucester")."""
    sentence = p.evidence.sentence
    title = _span_title(sentence, p.span.start, p.span.end)
    post_at_end = _POST_AT_END.search(sentence, p.span.start, p.span.end)
    post_after = _POST_AFTER.match(sentence, p.span.end)
    if title is None and post_at_end:  # the span is a post and whose it is: "Kingsport centre"
        title = Title(post_at_end.group(0).lower(), False, "", post_at_end.start(), "")
    elif title is None and post_after:  # whose the post after it is: "Kingsport" of "Kingsport centre Jon Ellery"
        title = Title(post_after["post"].lower(), False, "", post_after.start("post"), "")
    if title is None or title.post not in _posts(post) or _held_once(sentence, title):
        return None
    other = _post_owner(sentence, title)
    return other if other is not None and not mentions(other + " " + title.of, owner) else None


def side_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: the sentences title them with another name's post."""
    post, owner = asked_whose(q.text)
    other = _anothers_side(proposals[0], post, owner)
    return f"The closest sentences name {_a(other)} {other} {post}, not {_a(owner)} {owner} {post}."
