"""Names and the posts a sentence gives them: the readings ``qa/roles.py`` builds its rules on.

- ``holders``: the names a sentence gives a role to, written the ways news writes it ("Mike
  Prettejohn, president of Netcraft", "Akamai's president", "Hong Kong Rugby Football Union (HKRFU)
  chairman"); a word that only describes ("Portuguese manager Jose Mourinho", "manager of the London
  club", "Outspoken chief executive ...") is no name.
- ``same_name`` / ``mentions``: a name is the same written in full or in part ("United" /
  "Manchester United"), in initials ("BA" / "British Airways"), as its people's word ("French" /
  "France") or by a common other name ("Tory" / "Conservative"); "Manchester City" is not "Manchester
  United".
- ``Title`` / ``title_before`` / ``span_title``: the title a sentence writes just before a name ("Real
  Madrid midfielder David Beckham", "former president Eduard Shevardnadze", "Deputy Mayor Nicky
  Gavron"); ``titled_after`` and ``a_departments`` the post given in apposition after it or before it
  (", a Lufthansa spokesman", "The chairman of the MCB's public affairs committee, Sher Khan");
  ``post_owner`` whose post a title is ("Tory" of "Tory leader"); ``titled_otherwise`` puts these
  together for one asked role and name.

Nothing here reads a question or a reader's proposal: these are readings of sentences and names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from index.lexical import STOPWORDS
from qa.names import PEOPLE_ENDINGS

# "chief" alone, as a post ("LSE chief Clara Furse"), not the first word of another ("chief economist",
# "chief operating officer"): no lower-case word after it
_CHIEF_ALONE = r"chief(?!\s+(?-i:[a-z]))"
# the longest first: "chief executive" before "executive", "vice president" before "president"
ROLE_NAMES = (
    r"prime minister|foreign minister|foreign secretary|home secretary|secretary of state|mayor|governor|"
    r"chancellor|ambassador|commissioner|"
    r"attorney general|solicitor general|chief constable|"
    r"chief executive|chief financial officer|chief operating officer|chief operations officer|managing director|"
    r"executive director|finance director|technical director|sporting director|general secretary|secretary general|"
    r"chief economist|chief (?:technology|technical|marketing|revenue|information|investment|medical|legal|"
    r"creative|content|strategy|commercial) officer|"
    r"general manager|vice president|vice-president|vice chairman|deputy chairman|deputy leader|director general|"
    r"chairman|chairwoman|president|director|leader|manager|coach|captain|spokesman|spokeswoman|spokesperson|"
    r"founder|co-founder|editor|owner|boss|ceo|cfo|coo|"
    # "chief" alone: "LSE chief Clara Furse", "Who is Deutsche Boerse's chief?" (not "chief economist")
    + _CHIEF_ALONE)
_ROLES = f"(?:{ROLE_NAMES})"
ROLE_WORD = re.compile(rf"\b(?i:{_ROLES})\b")
WORD = r"[A-Z][\w&'’.-]*"  # a capitalised word of a name
JOINED = rf"{WORD}(?:\s+(?:(?:of|and|&)\s+)?{WORD})*"  # a name of such words, maybe joined: "Bank of England"
_DAY = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
        r"August|September|October|November|December)")
# "Taskforce of United Methodists on Abortion and Sexuality", not "Netcraft on Tuesday"
NAME = rf"(the\s+)?({WORD}(?:\s+(?:(?:of|for|and|&|de|the|on(?!\s+{_DAY}))\s+)?{WORD})*)"
_FORMER_WORDS = frozenset({"former", "ex", "then", "outgoing", "one-time", "late"})
# those words before a post ("former president", "ex-chairman"); a deputy's ("Deputy Mayor") is another post
_FORMER_WORD = r"(?:former|ex-|ex\b|then|outgoing|one-time|late)"
_DEPUTY_WORD = r"(?:deputy|vice|assistant|under-)"
# what kind of body a name is, written before it: "video game giant " (Electronic Arts), "mobile phone maker "
_BODY_KIND = (r"(?:(?:the|a)\s+)?(?:[a-z][\w-]*\s+){0,3}(?:giant|firm|maker|manufacturer|retailer|chain|group|company|"
              r"bank|carrier|airline|operator|publisher|developer|broadcaster|network|studio|label|insurer|lender)\s+")
# "the president of Akamai", "the spokesman for Symantec", "studio general manager for video game giant Electronic Arts"
_OF = re.compile(rf"\b({_ROLES})\s+(?:of|at|for)\s+(?:{_BODY_KIND})?{NAME}")
# "Akamai('s) president", "Hong Kong Rugby Football Union (HKRFU) chairman"
_BEFORE = re.compile(rf"{NAME}(?:['’]s?)?(?:\s+\([A-Z]{{2,8}}\))?\s+(?:new\s+|former\s+|current\s+|then\s+)?({_ROLES})\b")
# a lower-case word after a possessive saying which of its posts: "Sony's studio general manager", "Arsenal's
# stadium manager" (not "former", a deputy's, nor a role's own first word)
# (nor a word saying which holder: "first", "revered", "acting")
_WHICH_HOLDER = (r"(?:new|current|own|first|last|second|third|next|previous|future|founding|longtime|long-time|acting|"
                 r"interim|caretaker|joint|sole|permanent|temporary|popular|famous|legendary|beloved|controversial|"
                 r"outspoken|\w+ed|\w+ly)\b")
MODIFIED = re.compile(rf"['’]s?\s+(?P<mod>(?!{_DEPUTY_WORD}|{_FORMER_WORD}|{_WHICH_HOLDER}|(?i:{_ROLES})\b)"
                      rf"[a-z]+)\s+(?P<role>(?i:{_ROLES}))\b")
# a clause's subject that takes someone on as its holder: "Southampton are set to unveil Harry Redknapp as their new
# manager" gives Southampton's post (the words between in lower case)
_AS_ITS = re.compile(rf"(?:^|[,;]\s+|\bthat\s+){NAME}\s+(?:[a-z][\w-]*\s+){{1,6}}?(?:the\s+)?{WORD}(?:\s+{WORD})*\s+as\s+"
                     rf"(?:their|its)\s+(?:new\s+|next\s+)?({_ROLES})\b")
_LINKING = frozenset({"of", "for", "and", "&", "de", "the"})
_FORMER = re.compile(rf"\b{_FORMER_WORD}\s*$", re.IGNORECASE)
POSSESSIVE = re.compile(r"['’]s?$")
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


def attached(text: str, sentence: bool = True) -> list[tuple[str, str]]:
    """(role, name) for each role the text gives to a name, in the text's order (``sentence``: the
    text is a sentence, whose first word is capitalised whatever it is)."""
    found = [(m.start(), m.group(1).lower(), m.group(3), bool(m.group(2)) and _described(text, m.end()), True, False)
             for m in _OF.finditer(text)]
    found += [(m.start(), m.group(3).lower(), m.group(2), False, False, False) for m in _BEFORE.finditer(text)]
    # (whose "their" or "its" post it is: a name, even as the sentence's first word)
    found += [(m.start(2), m.group(3).lower(), m.group(2), False, False, True) for m in _AS_ITS.finditer(text)]
    out = []
    for start, role, name, described, of, theirs in sorted(found):
        words = POSSESSIVE.sub("", name).split()
        # an opening word is capitalised whatever it is ("Outspoken chief executive"), not as a possessive
        opens = sentence and not text[:start].strip(" \"'“‘") and not POSSESSIVE.search(name.split()[0])
        former = bool(_FORMER.search(text[:start]))  # "former president of Netcraft": no longer its holder
        # and a sentence's opening stop word ("Under Party leader Mao Zedong"); after "of", "New" is the
        # name's ("mayor of New York"), before the role it is the holder's ("New Chelsea manager")
        while words and ((words[0].lower() in _NOT_NAMES and not (of and words[0] == "New" and len(words) > 1))
                         or (opens and words[0].lower() in STOPWORDS)):
            former = former or words[0].lower() in _FORMER_WORDS
            words.pop(0)
            opens = False
        # (a possessive is an owner's, never a people's word: "Wigan's captain", though "Wigan" reads as "German")
        owned = bool(POSSESSIVE.search(name.split()[-1])) or theirs
        if words and not described and not former and (owned or not _describes(words, opens, "" if of else role)):
            out.append((role, " ".join(words)))
    return out


def _described(text: str, end: int) -> bool:
    """"manager of the London club": "the" before and a lower-case word after make the capitalised
    word a description of the holder, not a name."""
    return bool(re.match(r"\s+[a-z]", text[end:])) and not re.match(
        r"\s+(?:and|or|said|says|has|had|is|was|will|who|now|today|currently|then|in|at|on|since|before|after|during|"
        r"when)\b", text[end:])


# a state's posts: a people's word before one is whose it is ("Israeli Prime Minister Ariel Sharon", "the
# Palestinian prime minister"), not what its holder is ("Portuguese manager Jose Mourinho")
STATE_POSTS = frozenset({"prime minister", "president", "foreign minister", "foreign secretary", "home secretary",
                         "finance minister", "chancellor"})


def _describes(words: list[str], opens: bool, post: str = "") -> bool:
    """A people's word ("Portuguese manager"; not before a state's post: "Israeli prime minister"),
    "Dublin-based", or one capitalised word that opens the sentence ("Outspoken chief executive ...")
    describes the holder; it is no name."""
    if len(words) == 1:
        w = words[0]
        people = is_people(w) and post.lower() not in STATE_POSTS
        return opens or w.lower().endswith("-based") or people
    return False


def holders(sentence: str, role: str) -> list[str]:
    """The names the sentence gives ``role`` to ("Netcraft" in "Mike Prettejohn, president of Netcraft")."""
    return [name for r, name in attached(sentence) if r == role]


def same_name(asked: str, written: str) -> bool:
    """Is ``written`` the asked name: all the words of one in the other ("United" / "Manchester
    United", "Air France" / "Air France-KLM"; not "Manchester City" / "Manchester United"), its
    initials ("BA" / "British Airways"), its people's word ("French" / "France") or another common
    name of it ("Tory" / "Conservative")?"""
    a, w = _words(asked), _words(written)
    if not a or not w:
        return False
    alike = _alike_in_a_long_name if min(len(a), len(w)) >= 3 else _alike
    if all(any(alike(x, y) for y in w) for x in a) or all(any(alike(y, x) for x in a) for y in w):
        return True
    if _initials(asked) == "".join(w) or _initials(written) == "".join(a):
        return True
    return any(_key(asked) in group and _key(written) in group for group in _ALIASES)


def mentions(sentence: str, name: str) -> bool:
    """Does the sentence name ``name`` (all its words, its initials, its people's word or another
    common name)?"""
    words = set(_words(sentence))
    a = _words(name)
    alike = _alike_in_a_long_name if len(a) >= 3 else _alike
    if a and all(any(alike(x, y) for y in words) for x in a):
        return True
    if len(_initials(name)) > 1 and _initials(name) in words:
        return True
    low = " " + " ".join(_words(sentence)) + " "
    return any(_key(name) in group and any(f" {alias} " in low for alias in group) for group in _ALIASES)


def _words(text: str) -> list[str]:
    words = (POSSESSIVE.sub("", w.lower()).replace(".", "") for w in re.findall(r"[A-Za-z][\w&'’.-]*", text))
    return [w for w in words if w and w not in _LINKING]


def _key(name: str) -> str:
    return " ".join(w for w in POSSESSIVE.sub("", name.lower()).replace(".", "").split() if w != "the")


def _alike(a: str, b: str) -> bool:
    """One word, or a people's word and its country's ("french" / "france", "chadian" / "chad")."""
    a, b = _PEOPLES.get(a, a), _PEOPLES.get(b, b)
    if a == b or a.split("-")[0] == b or b.split("-")[0] == a:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short) and long_[len(short):] in PEOPLE_ENDINGS


def _alike_in_a_long_name(a: str, b: str) -> bool:
    """One word, in a name of three words or more, or a plural of it: "Disasters Emergency Committee" is
    the "Disaster Emergency Committee" (not so "Williams" / "William" of a person's name)."""
    return _alike(a, b) or (min(len(a), len(b)) >= 4 and a.removesuffix("s") == b.removesuffix("s"))


def _initials(name: str) -> str:
    """"British Airways" -> "ba", "Taskforce of United Methodists on Abortion and Sexuality" -> "tumas"."""
    words = re.findall(r"[A-Za-z][\w'’-]*", name)
    capitalised = [w for w in words if w[0].isupper()]
    return "".join(w[0] for w in (capitalised or [w for w in words if w.lower() not in _LINKING])).lower()


# titles a sentence writes just before a name ("Real Madrid midfielder David Beckham", "Spain's
# minister of sport Jaime Lissavetzky"): the roles a question may ask about, and other posts
# a player's posts: titles before a name, and kinds of person a "Which ...?" question may ask for
PLAYER_POSTS = r"midfielder|striker|defender|goalkeeper|keeper|winger|forward|batsman|bowler|player"
TITLES = (
    rf"(?:{ROLE_NAMES}|finance minister|minister|secretary|head coach|skipper|{PLAYER_POSTS}|"
    r"full-back|centre-back|fly-half|scrum-half|flanker|hooker|prop|lock|centre|wing|number eight|wicketkeeper|"
    r"all-rounder|team-mate|teammate|colleague|rival|deputy|assistant|predecessor|successor|"
    r"author|writer|novelist|screenwriter|producer|head|consultant|analyst|economist|MP)")


# the asked role and the titles that may name the same post
_SAME_POST = [
    {"manager", "boss", "coach", "head coach"},
    {"chief executive", "ceo", "boss", "managing director", "head", "chief"},  # "LSE chief Clara Furse"
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
# before "Nokia": a name after "at" or "in" is whose the post is, not who holds it; a comma may stand between
# the title and the name ("James Hardie chairwoman, " + "Meredith Hellicar")
_TITLE_BEFORE = re.compile(rf"(?P<former>\b{_FORMER_WORD}\s*)?"
                           rf"(?P<deputy>\b{_DEPUTY_WORD}[\s-]*)?\b(?P<title>{TITLES})"
                           r"(?:\s+(?:of|for)(?P<of>(?:\s+(?!and\b|or\b|but\b|at\b|in\b)[a-z]+){1,3}))?(?:\s*,)?\s+$", re.IGNORECASE)
# the last run of capitalised words of a span, its name ("Jaime Lissavetzky" of "minister of sport
# Jaime Lissavetzky", "Spain's minister of sport Jaime Lissavetzky")
_NAME_AT_END = re.compile(r"(?<![\w'’-])[A-Z][\w'’.-]*(?:\s+(?:(?:de|van|von|da|di|del|le|la|bin|al|el)\s+)*[A-Z][\w'’.-]*)*[\s.,]*$")
TITLE_OPENS = re.compile(rf"(?i:(?:(?:{_FORMER_WORD}|{_DEPUTY_WORD}|acting)(?:(?<=-)|[\s-]+))*{TITLES})\s+(?=[A-Z])")
# whose post a title is: the capitalised words just before it ("Real Madrid", "Spain's", "China's political")
_OWNER = re.compile(rf"((?:{WORD}\s+)+)(?:[a-z][a-z-]*\s+){{0,2}}$")  # (a dash is no word: "Robbie Savage - but")
# a verb that gives a post to the name before it: "has been named as", "is", "became", "was appointed"
_GIVES_POST = re.compile(r"\s*(?:,\s*who\s+)?(?:(?:has|have|had)\s+been|is|was|are|were|will\s+be|became|becomes|remains|"
                         r"(?:was|is|has\s+been)\s+(?:named|appointed|elected|made|confirmed|installed))\b"
                         r"(?:\s+(?:named|appointed|elected|made|confirmed|installed))?(?:\s+as)?\b", re.I)


def same_posts(role: str) -> set[str]:
    return set().union({role}, *(group for group in _SAME_POST if role in group))


@lru_cache(maxsize=64)
def posts_pattern(role: str) -> str:
    """The role and the titles of the same post, as a regex alternation, the longest first."""
    return "|".join(_CHIEF_ALONE if p == "chief" else re.escape(p) for p in sorted(same_posts(role), key=len, reverse=True))


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


# the posts one holds at one club or firm at a time
HELD_ALONE = frozenset({"manager", "boss", "coach", "head coach", "chief executive", "ceo", "managing director",
                        "sporting director", "technical director", "general manager", "chief financial officer", "cfo",
                        "chief operating officer", "chief operations officer", "coo", "finance director"})
# a capitalised word before a capitalised title: "British " of "British Prime Minister Tony Blair"
_PEOPLE_OPENS = re.compile(r"([A-Z][a-z]+)\s+")


def is_people(word: str) -> bool:
    """A people's word: "British", "Palestinian"."""
    return word.lower() in _PEOPLES or bool(_PEOPLE_WORD.match(word))


# a title the span opens with, after whose it is: "Kingsport centre " of "Kingsport centre Jon Ellery has ..."
_TITLE_IN_OPENING = re.compile(rf"(?:{WORD}\s+)+(?P<title>(?i:{TITLES}))\s+(?=[A-Z])")
# "former" before whose post it was: "Former Chelsea manager"
_FORMER_OWNER = re.compile(rf"\b(?i:{_FORMER_WORD})\s+(?:{WORD}\s+)+$")


@lru_cache(maxsize=1024)
def span_title(sentence: str, start: int, end: int) -> Title | None:
    """``title_before`` the span's name: its last run of capitalised words, or else, for a span that
    runs on past its name ("Tomas Berg has no plans to become a manager ...", "Edmund Marsh has
    dismissed claims ... of the National Unity Party (NUP"), the name it opens with. (Read once per
    span: the title, kind and side rules, and their reasons, all ask.)"""
    name = _NAME_AT_END.search(sentence, 0, end)  # its words before the span too ("Arrigo" of "Sacchi")
    if name is not None:
        # a title written with capitals is not the name: "Deputy Mayor Nicky Gavron", "President Albert Spalding"
        titled = TITLE_OPENS.match(sentence, name.start(), end)
        people = _PEOPLE_OPENS.match(sentence, name.start(), end)
        if titled is None and people and is_people(people.group(1)):  # "British Prime Minister Tony Blair"
            titled = TITLE_OPENS.match(sentence, people.end(), end)
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


def titled_otherwise(q_present: bool, role: str, name: str, sentence: str, start: int, end: int) -> bool:
    """Does the sentence give the span (a name) another post of ``name`` just before it ("Real Madrid
    midfielder" for Real Madrid's manager), a deputy's ("Deputy Mayor"), or call it the role's former
    holder while the question asks who holds it now?"""
    title = span_title(sentence, start, end)
    if title is None:
        return (titled_after(q_present, role, name, sentence, start, end) is not None
                or a_departments(sentence, start, end, name) is not None)
    at = title.start
    if role.startswith("chief ") and title.post == role[len("chief "):] and mentions(sentence, name):
        return True  # "economist Gary Thayer of AG Edwards" is not its chief economist
    if not title.deputy and title.post in same_posts(role):
        # the post, but another name's: "Tory leader Michael Howard" for the BNP's leader
        # held once ("former president", "Former Liverpool manager"): not who holds it now
        return (held_once(sentence, title) and q_present) or _anothers_post(sentence, title, name)
    if title.former:  # "former foreign minister Nabil el-Araby" may well lead the Arab League now
        return False
    if not (title.deputy and title.post in same_posts(role)):
        # another post, but of what? Only one of the asked name's excludes its role ("Real Madrid
        # midfielder", "Spain's minister of sport"; not "China's political leader" for a theory's founder)
        owner = _OWNER.search(sentence, 0, at)  # "Real Madrid " of "Real Madrid midfielder"
        # or "its" just after the name: "proceedings against Vivendi, its chief executive Jean-Rene Fourtou
        # and chief operating officer Jean-Bernard Levy" (both posts Vivendi's)
        its = re.search(rf"{re.escape(name)}\s*,\s*its\s+[^,;:.()\"“”]*$", sentence[:at], re.I)
        if not its and not mentions((owner.group(1) if owner else "") + " " + title.of, name) and not (
            # or a post held at one place at a time, of another name: "Tottenham's boss Martin Jol" is not
            # Ajax's sporting director
            role in HELD_ALONE and title.post in HELD_ALONE and (
                _anothers_post(sentence, title, name)
                # or, no owner written before it, another such post of a sentence about the asked name:
                # "chief operating officer Peter Chernin said that News Corp ..." is not its chief executive
                or (owner is None and mentions(sentence, name)))
        ):
            return False
    # the asked role among the titles written together ("chairman and chief executive Y"), or given
    # just after the name ("President Albert Spalding (founder of Spalding Sporting Goods)")
    posts = posts_pattern(role)
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
# executive", ", the former president of Netcraft", ", head of market development at Nokia", " - Wales'
# defensive coach -" (whose post: the capitalised words before it, or its "of"/"for"/"at" name; "of
# market development": a department's)
_TITLE_AFTER = re.compile(rf"\s*(?:,|\s[-–—])\s*(?:(?:the|a|an)\s+)?(?P<former>(?i:{_FORMER_WORD})\s+)?"
                          rf"(?P<owner>(?:{WORD}\s+)*?)(?:[a-z-]+\s+)??"
                          rf"(?P<title>(?i:{TITLES}))\b(?P<field>\s+(?:of|for)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){{0,2}}(?=\s+(?:at|for|with)\s))?"
                          r"(?:\s+(?:of|for|at)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}"
                          rf"(?P<of>{JOINED}))?")


# the name a span opens with, and the rest of a name a span ends inside
OPENING_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
_REST_OF_NAME = re.compile(r"(?:\s+[A-Z][\w'’.-]*)*")


# a post of a part of a name, in apposition just before the span: "The chairman of the MCB's public
# affairs committee, " + "Sher Khan" (not "chairman of Apple's board": a board's chairman is the firm's)
_DEPARTMENT_BEFORE = re.compile(rf"\b(?P<title>(?i:{TITLES}))\s+of\s+(?:the\s+)?(?P<owner>{WORD}"
                                rf"(?:\s+{WORD})*)['’]s?\s+(?P<part>(?:[a-z][\w-]*\s+){{0,3}}(?:committee|"
                                r"department|division|unit|team|arm|wing|branch|section))\s*,\s*$")


def a_departments(sentence: str, start: int, end: int, name: str) -> Title | None:
    """The post of a part of ``name`` the sentence gives the span's name just before it (in the span
    too: "The chairman of the MCB's public affairs committee, Sher Khan"), or None."""
    at = name_start(sentence, start, end)
    m = _DEPARTMENT_BEFORE.search(sentence, max(0, at - 120), at)
    if m is None or not mentions(m["owner"], name):
        return None
    return Title(f"{m['title'].lower()} of its {m['part']}", False, "", m.start(), m["owner"])


def titled_after(q_present: bool, role: str, name: str, sentence: str, start: int, end: int) -> Title | None:
    """The post the sentence gives the span (or the name it opens with: "Michael Lamberty, a Lufthansa
    spokesman told ...") in apposition just after it, when that sets it aside: another post of ``name``
    ("Michael Lamberty, a Lufthansa spokesman" for Lufthansa's chief executive), the role but another
    name's ("X, a BA spokesman" for Lufthansa's), or the role once held while the question asks who
    holds it now. None when the asked role is among the titles written together (", chairman and
    chief executive of ..."), or no such post follows."""
    opening = OPENING_NAME.match(sentence, start, end)
    rest_of_name = _REST_OF_NAME.match(sentence, end)  # "Mike" + " Prettejohn"
    posts = posts_pattern(role)
    for at in dict.fromkeys((end, rest_of_name.end(), opening.end() if opening else end)):
        m = _TITLE_AFTER.match(sentence, at)
        if m is None:
            continue
        before = POSSESSIVE.sub("", m["owner"].strip())  # whose, written before the post
        if (re.fullmatch(_DEPUTY_WORD, m["title"], re.I) and not re.match(rf"{_DEPUTY_WORD}", role, re.I)
                and re.match(rf"[\s-]+(?:{posts})\b", sentence[m.end("title"):], re.I)):
            # the asked post's deputy: ", deputy managing director of ... Blackwatch" for its managing
            # director (was answered at 0.91)
            return Title(role, bool(m["former"]), m["title"].lower(), m.start("title"), "")
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
# (the lower-case word between is no conjunction: "chief executive Jean-Rene Fourtou and chief operating officer
# Jean-Bernard Levy" gives Levy no owner)
_OWNER_NEXT_TO = re.compile(rf"((?:{WORD}\s+(?:(?:and|of|&)\s+)?)*{WORD}\s+)(?:(?!(?:and|or|but|nor)\s)[a-z-]+\s+)?$")


def post_owner(sentence: str, title: Title) -> str | None:
    """Whose post the title is, when the sentence writes it just before it ("Tory" of "Tory leader";
    None for "Portuguese manager", a people's word, "Under Party leader", no name, and "President and
    CEO", titles written together)."""
    owner = _OWNER_NEXT_TO.search(sentence, 0, title.start)
    words = POSSESSIVE.sub("", owner.group(1).strip()).split() if owner else []
    while words and (words[0].lower() in _NOT_NAMES or words[0].lower() in STOPWORDS):
        words.pop(0)
    if not words or _describes(words, opens=False, post=title.post) or ROLE_WORD.search(" ".join(words)):
        return None
    return " ".join(words)


def _anothers_post(sentence: str, title: Title, name: str) -> bool:
    """Is the title's post, as the sentence writes whose it is just before it, of a name other than ``name``?"""
    owner = post_owner(sentence, title)
    # the name in part is the name: "Desperados owner" for the Dallas Desperados'
    return owner is not None and not mentions(owner + " " + title.of, name) and not same_name(name, owner)


def held_once(sentence: str, title: Title) -> bool:
    """A former post: "former president", "Former Chelsea manager"."""
    return title.former or bool(_FORMER_OWNER.search(sentence, 0, title.start))


def name_end(sentence: str, start: int, end: int) -> int:
    """Where the name the span opens with ends: its rest after the span too ("Tony" + " Robinson"), or
    before the span's end for a span that runs on past it ("Tony Robinson, who played ... told ...")."""
    opening = OPENING_NAME.match(sentence, start, end)
    if opening is not None and opening.end() < end:
        return opening.end()
    return _REST_OF_NAME.match(sentence, end).end()


# posts held by many at once, one per portfolio or side: "shadow health secretary", "sports minister",
# "minister of sport", "Lib Dem home affairs spokesman", "political editor"
PORTFOLIO_POSTS = (r"secretary|minister|chancellor|spokesman|spokeswoman|spokesperson|commissioner|editor|"
                   r"correspondent|controller|head")
# what a post is of, after it: "of sport", "for home affairs" (not "of state and the": a list goes on)
_FIELD = r"(?P<field>\s+(?:of|for|on)\s+(?:the\s+)?(?!and\b|or\b|the\b)[a-z][\w-]*(?:\s+(?!and\b|or\b|the\b)[a-z][\w-]*){0,2})?"
# the post just before the span's name ("Shadow sports minister " + "Lord Moynihan", "The shadow foreign
# secretary, " + "Michael Ancram"), or in apposition just after it (", the shadow foreign secretary")
_PORTFOLIO_BEFORE = re.compile(rf"\b(?P<post>(?i:{PORTFOLIO_POSTS})){_FIELD}(?:\s*,)?\s+$")
_PORTFOLIO_OPENS = re.compile(rf"(?P<words>(?:[A-Z][\w'’-]*\s+){{0,4}}?)(?P<post>(?i:{PORTFOLIO_POSTS})){_FIELD}\s+(?=[A-Z])")
_PORTFOLIO_AFTER = re.compile(rf"\s*,\s*(?:the\s+)?(?P<words>(?:[\w'’-]+\s+){{0,4}}?)(?P<post>(?i:{PORTFOLIO_POSTS}))\b{_FIELD}")
# the words of a post that make it another post when only one side writes them ("shadow foreign secretary"
# is not the foreign secretary, nor the deputy prime minister the prime minister), and words that say nothing
# of which post it is
SIDE_WORDS = frozenset({"shadow", "deputy", "junior", "vice", "assistant", "under"})
# words a field's name ends with, whatever the field: "home affairs" is not "constitutional affairs"
_FIELD_WORDS = frozenset({"affair"})
_NOT_PORTFOLIO = frozenset({"new", "current", "acting", "interim", "former", "ex", "outgoing", "then", "now", "senior"})


# a party a post is of, among its words: "Conservative spokesman", "Lib Dem home affairs spokesman"
PARTY = re.compile(r"\b(?:Labour|Conservatives?|Tory|Tories|Lib\s+Dems?|Liberal\s+Democrats?|SNP|Plaid(?:\s+Cymru)?|"
                    r"UKIP|BNP|Greens?|Democrats?|Democratic|Republicans?|Sinn\s+Fein|DUP|SDLP|Veritas)\b")
# one party, written another way (besides ``same_name``'s "Tory" / "Conservative", "Lib Dem" / "Liberal Democrat")
_PARTY_ALIASES = [{"democrat", "democrats", "democratic"}, {"republican", "republicans"}, {"green", "greens"}]


class Portfolio(NamedTuple):
    """A post and the words that say which one it is: "secretary" and {"shadow", "foreign"}."""

    post: str  # "secretary"
    words: frozenset[str]  # the stems of its words: "shadow", "foreign"; "sport" of "minister of sport"
    text: str  # as written: "shadow foreign secretary", "Scottish National Party Justice Minister"
    party: str = ""  # the party it is of, when its words name one: "Lib Dem"


def _stem(word: str) -> str:
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _qualifiers(words: list[str]) -> list[str]:
    """The run of words just before a post that say which post it is: "shadow education" of "For the
    Conservatives, shadow education"; not a stop word, a number, a word a clause ends with, nor whose it is
    ("Britain's"); a side's word is one of its words ("Under" of "Treasury Under Secretary")."""
    run: list[str] = []
    for w in reversed(words):
        lw = w.lower()
        if ((lw in STOPWORDS and lw not in SIDE_WORDS) or not w[0].isalpha() or w[-1] in ",.;:!?\"”)" or POSSESSIVE.search(w)
                or len(run) == 4):
            break
        run.insert(0, lw)
    return run


def portfolio(words: list[str], post: str, field: str | None) -> Portfolio:
    """The portfolio of ``post`` qualified by the run of ``words`` just before it and its ``field`` after it."""
    run = _qualifiers(words)
    of = [w for w in (field or "").split() if w not in ("of", "for", "on", "the")]
    stems = frozenset(_stem(part) for w in run + of for part in w.split("-") if part) - _NOT_PORTFOLIO  # "ex-health"
    written = [w for w in words[len(words) - len(run):] if w.lower() not in _NOT_PORTFOLIO]
    text = " ".join([*written, post if written and written[-1][0].isupper() else post.lower(), *(field or "").split()])
    post = post.lower()
    party = PARTY.search(" ".join(written))
    return Portfolio("spokesperson" if post.startswith("spokes") else post, stems, text, party.group(0) if party else "")


def portfolio_of(sentence: str, start: int, end: int) -> Portfolio | None:
    """The portfolio post the sentence gives the span's name just before it or in apposition just after it
    ("shadow foreign secretary" of "The shadow foreign secretary, Michael Ancram, ..."), or None."""
    at = name_start(sentence, start, end)
    titled = _PORTFOLIO_OPENS.match(sentence, at, end)  # written with capitals: "New Home Secretary Charles Clarke"
    if titled is not None:
        before = sentence[max(0, at - 60):at].split() + titled["words"].split()
        return portfolio(before, titled["post"], titled["field"])
    m = _PORTFOLIO_BEFORE.search(sentence, max(0, at - 60), at)
    if m is not None:
        return portfolio(sentence[max(0, m.start() - 60):m.start()].split(), m["post"], m["field"])
    m = _PORTFOLIO_AFTER.match(sentence, name_end(sentence, start, end))
    if m is not None:
        return portfolio(m["words"].split(), m["post"], m["field"])
    return None


# one field by two names (as stems)
_SAME_FIELD = [frozenset({_stem("oil"), _stem("petroleum")}), frozenset({_stem("interior"), _stem("home")})]


def other_portfolio(asked: Portfolio, written: Portfolio) -> bool:
    """Is the written post another than the asked one: another post of the kind ("political correspondent"
    for the first minister), the same post but on one side only ("shadow", "deputy") or of another party
    ("Lib Dem" for "Conservative"), or with other words ("foreign" for "health"; words on both sides, none
    alike)?"""
    if asked.post != written.post:
        return True
    if any((w in asked.words) != (w in written.words) for w in SIDE_WORDS):
        return True
    if asked.party and written.party and not same_party(asked.party, written.party):
        return True  # "Lib Dem home affairs spokesman" for the Conservative one
    a, w = (p.words - SIDE_WORDS - _FIELD_WORDS - {_stem(x) for x in p.party.split()} for p in (asked, written))
    return bool(a) and bool(w) and not any(_same_word(x, y) for x in a for y in w)


def same_party(a: str, b: str) -> bool:
    """One party, however written ("Tory" / "Conservative", "Lib Dem" / "Liberal Democrat")?"""
    a, b = " ".join(a.lower().split()), " ".join(b.lower().split())
    return same_name(a, b) or any(a in group and b in group for group in _PARTY_ALIASES)


def _same_word(a: str, b: str) -> bool:
    """One word of a post, however spelt or formed: "defence" / "defense", "culture" / "cultural", or one
    field by another name: "oil" / "petroleum" (India's oil minister is its petroleum minister)."""
    return (a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])
            or any(a in group and b in group for group in _SAME_FIELD))
