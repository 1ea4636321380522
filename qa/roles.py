"""Whose role is it? "Who is the president of Akamai?" is not answered from "Mike Prettejohn, president
of Netcraft, said ...": the sentence gives the role to another name.

``asked_role`` reads the role a question asks for the holder of, and whose it is ("Who is the chief
executive of Air France?", "Who is British Airways' chief executive?", "Who is the Chelsea manager?");
only questions that ask who holds the role (not "Who did the president of Akamai meet?").
``of_the_holder`` keeps the proposals whose sentence does not give the role only to others while never
naming the question's (``qa.posts.holders``, ``qa.posts.mentions``); none left, the question is not
answered from them (``role_reason``).

Nor is a name the sentence titles otherwise just before it the holder (``of_its_title``): "Real Madrid
midfielder David Beckham has no plans to become a manager" does not answer "Who is the manager of
Real Madrid?", nor "former president Eduard Shevardnadze" who is president now; a title of the same
post ("Chelsea boss" for its manager), the role among the titles written together ("chairman and
chief executive") or given after the name ("has been named England's new captain") keeps it.

Nor is a name the sentence titles with an office the player (architect, singer ...) a "Which ...?"
question asks for (``of_its_kind``): "Manchester City boss Kevin Keegan" for "Which Manchester City
player scored an own goal?". Nor is the part who played it (``of_the_actor``): "Den Watts" for "Who
played Den in EastEnders?".

The questions and the rules are here; how a sentence writes names and their posts is read by
``qa/posts.py``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from index.dates import MONTH_TITLES
from index.lexical import STOPWORDS
from qa.names import untitled
from qa.posts import (
    JOINED,
    MODIFIED,
    NAME,
    OPENING_NAME,
    PLAYER_POSTS,
    PORTFOLIO_POSTS,
    POSSESSIVE,
    ROLE_NAMES,
    ROLE_WORD,
    TITLE_OPENS,
    TITLES,
    WORD,
    Portfolio,
    Title,
    a_departments,
    attached,
    held_once,
    holders,
    is_people,
    mentions,
    name_end,
    name_start,
    other_portfolio,
    portfolio,
    portfolio_of,
    post_owner,
    posts_pattern,
    same_name,
    same_posts,
    span_title,
    titled_after,
    titled_otherwise,
)
from qa.reasons import NoneGiven
from qa.results import a_side

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

# who holds it: "Who is (the) ...", "Who was ...", "Who will be ...", "Name the ..."
_WHO_HOLDS = re.compile(r"^\s*(?:[Aa]nd\s+)?(?:[Ww]ho(?:['’]s|\s+is|\s+was|\s+will be|\s+has been|\s+became|\s+is now)|"
                        r"[Nn]ame)\s+(?:the\s+)?(?:new\s+|current\s+|former\s+)?")
# what may follow the name in a question: its end, a comma, a time or place ("... in Japan?", "... now?")
_ENDS = re.compile(r"\s*(?:[?.!,;]|$|(?:in|at|on|since|before|after|during|when|now|today|currently|then)\b)", re.I)


# the role asked by its verb: "Who founded Yahoo?" asks for its founder, "Who coaches Chelsea?" its coach
_VERB_ROLES = {"founded": "founder", "co-founded": "co-founder", "chairs": "chairman", "chaired": "chairman",
               "manages": "manager", "managed": "manager", "coaches": "coach", "coached": "coach", "leads": "leader",
               "led": "leader", "owns": "owner", "owned": "owner", "edits": "editor", "edited": "editor",
               "captains": "captain", "captained": "captain"}
_WHO_DOES = re.compile(rf"^\s*(?:[Aa]nd\s+)?[Ww]ho\s+(?:else\s+)?(?P<verb>{'|'.join(_VERB_ROLES)})\s+{NAME}\s*[?.!]*\s*$")


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
    rest = ROLE_WORD.sub(lambda m: m.group(0).lower(), question[opening.end():])
    for role, name in attached(rest, sentence=False):
        of = re.search(rf"\b{re.escape(role)}\s+(?:of|at|for)\s+(?:the\s+)?{re.escape(name)}(?:['’]s?)?(.*)$", rest, re.I)
        if of and not _ENDS.match(of.group(1)):
            return None  # "the chief executive of Durex maker SSL International": whose is unclear
        if any(POSSESSIVE.search(w) for w in name.split()[:-1]):
            return None  # "India's High Commissioner": the role is another ("High Commissioner"), unread
        deputy = re.search(rf"\b(deputy|assistant|associate|vice|junior)[\s-]+{re.escape(role)}\b", rest, re.I)
        if deputy:  # "the deputy editor of Mac Format": another post than the editor's
            return f"{deputy.group(1).lower()} {role}", name
        return role, name
    return None


@lru_cache(maxsize=256)
def asked_holder(question: str) -> tuple[str, str] | None:
    """``asked_role``, and for a post written with a word between whose and the role ("Who is Sony's studio
    general manager in Europe?"), the role and whose (("general manager", "Sony")): another name's holder of
    the role holds no post of the name's. (Only for that: "Arsenal's stadium manager" is not its manager,
    "Microsoft's security manager" may be titled "security program manager".)"""
    asked = asked_role(question)
    opening = _WHO_HOLDS.match(question)
    if asked is not None or opening is None:
        return asked
    rest = ROLE_WORD.sub(lambda m: m.group(0).lower(), question[opening.end():])
    modified = MODIFIED.search(rest)
    if modified is None:
        return None
    rest = rest[: modified.start("mod")] + rest[modified.end("mod"):].lstrip()
    return asked_role(question[: opening.end()] + rest)


def asks_someone(q: QuestionAnalysis) -> bool:
    """Is it a who-question ("who", "whom", "whose"), or one asking which player, singer ... ("Which
    Bath centre ...?")?"""
    return q.wh in ("who", "whom", "whose") or _asks_a_kind(q)


def _asks_a_kind(q: QuestionAnalysis) -> bool:
    """Does the question ask for a kind of person ("Which Bath centre ...?", "Who scored ...?")?"""
    return asked_kind(q.text) is not None or asked_whose(q.text) is not None


# where a span is a place or a time: "limped out at " + "Kingsholm"
_AT = re.compile(r"(?<![\w'’-])at\s+(?:the\s+)?$", re.I)


# a post and "of" just before a span: its owner, not its holder ("director and vice-chairman of " + "Indian
# Petrochemicals Corporation")
_POST_OF = re.compile(rf"\b(?i:{ROLE_NAMES})\s+of\s+(?:the\s+)?(?P<more>(?:[A-Z][\w'’&.-]*\s+){{0,3}})$")
# (a span further on in the name after "of" only when it ends as a body's name does: "... Corporation"; "the mayor
# of Buenos Aires " + "Mauricio Macri" is the holder)
_A_BODY = re.compile(r"\b(?:Corporation|Corp|Company|Co|Group|Bank|Association|Council|Party|Union|Inc|Ltd|plc|PLC|"
                     r"Authority|Agency|Commission|Committee|Institute|University|Foundation|Federation|Society|"
                     r"Trust|Board|Club|League|Organisation|Organization|Holdings|Industries|Motors|Airways|Airlines)"
                     r"\.?$")


def _owner_of_a_post(p: Proposal) -> bool:
    """Is the span whose a post is, just after it and "of" ("vice-chairman of " + "Indian Petrochemicals
    Corporation"), not who holds it?"""
    m = _POST_OF.search(p.evidence.sentence, max(0, p.span.start - 60), p.span.start)
    return m is not None and (not m["more"] or bool(_A_BODY.search(p.text.strip())))


# a post asked by "Who is ...?", whoever's ("Who is Reliance's vice-chairman?"), and one asked with no name whose
# it is: "Who is the Attorney General?", "Who is the current home secretary?"
_WHO_IS_A_POST = re.compile(r"^\s*(?:and\s+)?who(?:['’]s|\s+is|\s+was|\s+will\s+be)\s", re.I)
_WHO_IS_THE_POST = re.compile(rf"^\s*(?:[Aa]nd\s+)?[Ww]ho(?:['’]s|\s+is|\s+was)\s+the\s+(?:(?:new|current|present)\s+)?"
                              rf"(?i:{ROLE_NAMES})\s*\??\s*$")


def of_someone(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """A who-question is answered by someone: not by a span without a letter ("2005" of a dateline,
    "19-13"), nor by a date ("February 3, 2005"), which name no one, nor by the place or time a
    sentence writes after "at" ("Kingsholm" of "limped out at Kingsholm" for which Bath centre was
    cleared to play; only when a player, singer ... is asked for), nor by a title alone before a name
    ("Chancellor" of "Chancellor Gordon Brown's closest ally": the name is whom it titles), nor, when a
    player, minister ... is asked for, by a post and whose it is ("Salford MP"), nor, when who holds a
    post is asked, by a span with no name ("chief financial officer and securities representative"), nor by the
    work whose maker the sentence names by a noun ("Buffy the Vampire Slayer" of "The creator of Buffy ...").
    (SQuAD and NewsQA dev: no who-question's gold answers are all such.)"""
    if not asks_someone(q):
        return proposals
    # "at" before a name may be whose doing it was ("at RAF insistence", "built at the RCA Research
    # Laboratory" for who built it): a place only when a player, singer ... is asked for
    kind = _asks_a_kind(q)
    # who holds a post ("Who is the chairman of Yili?"), not who did its deed ("Who led the Yongying?"
    # "regional commanders"): a name, not other posts alone ("chief financial officer and securities
    # representative" of "confirmed its chairman, chief financial officer and securities representative")
    holder = (asked_role(q.text) is not None and not _WHO_DOES.match(q.text)) or bool(_WHO_IS_THE_POST.match(q.text))
    # a post asked by "Who is ...?", whoever's ("Who is Reliance's vice-chairman?")
    post = holder or bool(_WHO_IS_A_POST.match(q.text) and ROLE_WORD.search(q.text))
    return [p for p in proposals if any(ch.isalpha() for ch in p.text) and not _DATE.match(p.text)
            and not (kind and _AT.search(p.evidence.sentence, max(0, p.span.start - 12), p.span.start))
            and not _titles_the_next(p) and not (kind and _OWNED_TITLE.fullmatch(p.text))
            and not (holder and not any(w[:1].isupper() for w in p.text.split()))  # "Élisabeth" too
            # nor by a post named with its body ("House of Lords speaker" of "The lord chancellor currently has
            # the role of House of Lords speaker"): a holder's name ends with a name's word
            and not (holder and (post_named := _ENDS_AS_A_POST.fullmatch(p.text))
                     and post_named["last"] not in _ENDS_A_NAME)
            # nor, of who holds a post, whose the post is: "vice-chairman of " + "Indian Petrochemicals Corporation"
            and not (post and _owner_of_a_post(p))
            and not _WORK_OF.search(p.evidence.sentence, max(0, p.span.start - 40), p.span.start)]


# a span of capitalised words and one lowercase word at its end, which no name ends with: a post and its body
# ("House of Lords speaker"), not a holder
_ENDS_AS_A_POST = re.compile(r"(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+(?:of|the|and|for|[A-Z][\w'’.&-]*))*\s+"
                             r"(?P<last>[a-z][a-z-]+)")

# the work whose maker a sentence names by a noun, not the maker: "The creator of " + "Buffy the Vampire Slayer"
# (for who will write and direct the Wonder Woman movie)
_WORK_OF = re.compile(r"\b(?i:the|its|his|her|their)\s+(?:[a-z]+\s+)?(?i:creator|co-creator|director|producer|"
                      r"screenwriter|author|composer|inventor|designer)s?\s+of\s+(?:the\s+)?$")


# a question about kin, a name's namesake or founder, or a choice between names it gives may be
# answered by a name it holds ("Who was Edward Kennedy's brother?" "John F. Kennedy"; "After whom are
# the Marshall Islands named?" "John Marshall"; "Who won, Bush or Kerry?")
_ITS_OWN_NAME = re.compile(
    r"\b(?:or|between|along\s+with|brothers?|sisters?|sons?|daughters?|father|mother|wife|husband|widow|"
    r"family|cousin|uncle|aunt|nephew|niece|grand\w+|parents|children|dynasty|relat\w+|marr(?:y|ied)|"
    r"named?|found(?:ed|ers?)|establish\w*|honou?r\w*)\b", re.I)


def of_someone_else(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """A who-question is not answered by the name it asks about: "Andy Robinson" is not whom
    Robinson succeeded. Set aside: a name (every word capitalised) ending with a word that ends a name
    in the question, the name before it in each (if both have one) the same ("Russian Empire" stays for
    "Who did the British Empire side with?"); a word before another name ("Booth School of Business")
    does not count, nor a question about kin, a namesake, a founder or a choice. Nor the words the
    sentence writes just before that name, which say what it is ("US rappers" of "US rappers Beastie
    Boys have won ..." for whose sample the Beastie Boys used; a who-question's, not "Who is X?")."""
    if not asks_someone(q) or _ITS_OWN_NAME.search(q.text):
        return proposals
    asked = _asked_names(q)
    # "Who is Frank Ricci?" is answered by what he is
    describes = q.wh in ("who", "whom", "whose") and not _WHO_IS_NAMED.match(q.text)
    # the name the question's subject is ("Who is Kahn understudy to?"), whose clause ending with it is no answer
    # ("Lehmann is understudy to Oliver Kahn"); not a name after the verb ("Who is understudy to Oliver Kahn?")
    subject = _subject_names(q.text)
    said = _SAID_OF.match(q.text)
    return [p for p in proposals
            if not (asked and (_asked_name(_whole_name(p), asked) or (subject and _clause_ending_with(p.text, subject))
                               or (describes and _described_name(p, asked))))
            and not (said and re.match(rf"\s+{re.escape(said['next'])}\b", p.evidence.sentence[p.span.end:]))]


# who said something of a name ("Who said Blair should sack Brown?"): a span the sentence writes just before the
# words that follow the name in the question ("the prime minister" + " should sack Mr Brown") is that name, in
# what was said, not who said it (was answered "prime minister", 0.88)
_SAID_OF = re.compile(r"^\s*(?:[Aa]nd\s+)?[Ww]ho\s+(?:said|says|claimed|claims|warned|warns|argued|argues|insisted|insists|"
                      r"believes|believed|thinks|thought|suggested|suggests)\s+(?:that\s+)?(?:the\s+)?"
                      r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s+(?P<next>[a-z][\w'’-]*\s+[a-z][\w'’-]*)")


# the rest of a name a one-word span ends inside: " Safin" of "Marat" + " Safin" (one word, then no
# capitalised word: "Virginia Rometty IBM" is two names)
_NAME_GOES_ON_AFTER = re.compile(r"[ \t][A-Z][\w'’.-]*(?![\w'’.-])(?!\s+[A-Z])")


def _whole_name(p: Proposal) -> str:
    """The span's text, with the rest of the name it ends inside when it is a first name cut short ("Marat"
    of "beating Marat Safin in the final" is Safin, whom Safin did not beat; was answered at 0.43). Not a
    title ("Chancellor Gordon Brown"), nor a word ending with "'s" ("Bizet's Carmen")."""
    words = p.text.split()
    if (len(words) != 1 or not _name_word(words[0]) or POSSESSIVE.search(words[0])
            or not words[0].isalpha() or _ONLY_A_TITLE.fullmatch(words[0])):
        return p.text
    more = _NAME_GOES_ON_AFTER.match(p.evidence.sentence, p.span.end)
    return p.text + more.group(0) if more else p.text


def _asked_names(q: QuestionAnalysis) -> dict[str, set[str | None]]:
    """The words that end a name in the question, its first word aside (``_name_ends``)."""
    return _name_ends(q.text.split()[1:])


# a question asking what a name is: "Who is Frank Ricci?", "Who were the Beatles?"
_WHO_IS_NAMED = re.compile(r"^\s*(?:and\s+)?who(?:['’]s|\s+(?:is|was|are|were))\s+(?:the\s+)?[A-Z][^?]*\??\s*$", re.I)


def _described_name(p: Proposal, asked: dict[str, set[str | None]]) -> str | None:
    """The name the question asks about that the span is written just before, nothing between ("Beastie
    Boys" of "US rappers " + "Beastie Boys"), or None. Not for a span that is a name itself, nor one that
    ends with "'s" or a comma ("Newton's Choir")."""
    words = p.text.split()
    if (not words or len(words) > 4 or _name_word(words[-1]) or p.text.rstrip()[-1:] in ",;:'’"
            or POSSESSIVE.search(words[-1]) or any(w.lower() in STOPWORDS for w in words)):
        return None  # a few words that may title a name: "US rappers", not "doing everything possible to free"
    after = _FOLLOWING_NAME.match(p.evidence.sentence, p.span.end)
    return after.group(1) if after is not None and _asked_name(after.group(1), asked) else None


# the name just after a span: "Beastie Boys" of " Beastie Boys have won ..."
_FOLLOWING_NAME = re.compile(r"\s+((?:[A-Z][\w'’&.-]*\s+)*[A-Z][\w'’&.-]*)(?![\w'’&.-])(?!\s+[A-Z])")


_NOT_A_NAME = frozenset({"jr", "sr", "mr", "mrs", "ms", "dr", "sir", "i", "ii", "iii", "the", "a", "an"})


def _name_word(word: str) -> str | None:
    """A capitalised word lower-cased, without "'s" and punctuation; None for any other word or a title."""
    plain = POSSESSIVE.sub("", word.strip(".,;:?!\"()")).lower()
    return plain if word[:1].isupper() and plain not in _NOT_A_NAME else None


def _name_ends(words: list[str]) -> dict[str, set[str | None]]:
    """Each word that ends a name (a capitalised word no capitalised word follows) -> the capitalised
    words just before it (None when there is none)."""
    names = [_name_word(w) for w in words]
    out: dict[str, set[str | None]] = {}
    for i, name in enumerate(names):
        if name and not (i + 1 < len(names) and names[i + 1] and not words[i].endswith(",")):
            out.setdefault(name, set()).add(names[i - 1] if i else None)
    return out


_NAME_GOES_ON = frozenset({"of", "and", "de", "da", "del", "di", "du", "la", "le", "van", "von", "der", "bin", "ibn", "al"})
_ENDS_A_NAME = _NAME_GOES_ON | {"jr", "sr"}  # lower-case words a name may end with ("Charles de Gaulle" aside)


def _asked_name(span: str, asked: dict[str, set[str | None]]) -> str | None:
    """The name the question asks about that the span is, or a clause it leads ("Andy Robinson" of "Andy
    Robinson lambasted referee Jonathan Kaplan"), or None: the span's leading name (the capitalised words
    it opens with, not ending with "'s") ends with a name of the question's, the name before it, if both
    write one, the same ("the Duke of Buckingham" is whose house it was)."""
    words = span.rstrip(".,;:").split()
    lead = 0
    while lead < len(words) and _name_word(words[lead]) and not words[lead].endswith(","):
        lead += 1
    if lead < len(words) and words[lead].endswith(",") and _name_word(words[lead]):
        lead += 1  # "Andy Robinson, who ..."
    if not lead or POSSESSIVE.search(words[lead - 1].rstrip(",")):
        return None
    if lead < len(words) and (lead < 2 or not words[lead].isalpha() or not words[lead].islower()
                              or words[lead] in _NAME_GOES_ON):
        return None  # a clause only when a whole name leads it and a word like a verb follows
    last = _name_word(words[lead - 1])
    before = _name_word(words[lead - 2]) if lead > 1 else None
    if last in asked and any(a is None or before is None or a == before for a in asked[last]):
        return " ".join(words[:lead]).rstrip(",")
    return None


_A_VERB = frozenset("is was are were has had have will would".split())
_SUBJECT_ASKED = re.compile(r"^\s*(?:[Aa]nd\s+)?[Ww]ho(?:m)?\s+(?:is|was|are|were|has|had|have|did|does|do|will)\s+(?:the\s+)?"
                            r"(?P<name>(?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’.-]*)\s+[a-z]")


def _subject_names(question: str) -> dict[str, set[str | None]]:
    """``_name_ends`` of the name the question's subject is ("Kahn" of "Who is Kahn understudy to?"), or {}."""
    m = _SUBJECT_ASKED.match(question)
    return _name_ends(m["name"].split()) if m else {}


def _clause_ending_with(span: str, asked: dict[str, set[str | None]]) -> str | None:
    """The name the question asks about that ends a clause the span is, or None: "Lehmann is understudy to
    Oliver Kahn" for whom Kahn is understudy to (a name opens it, a verb is among its words, and the name it
    ends with ends with a name of the question's, as ``_asked_name`` reads it)."""
    words = span.rstrip(".,;:").split()
    if not _A_VERB & set(words) or not _name_word(words[0]):
        return None  # only a clause a name opens ("the Minority Leader is usually ... Speaker" is an answer)
    trail = 0
    while trail < len(words) and _name_word(words[-1 - trail]) and not words[-1 - trail].endswith(","):
        trail += 1
    if not trail or trail == len(words):
        return None
    last = _name_word(words[-1])
    before = _name_word(words[-2]) if trail > 1 else None
    if last in asked and any(a is None or before is None or a == before for a in asked[last]):
        return " ".join(words[-trail:])
    return None


def someone_else_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: they name only whom the question asks about (or what it is)."""
    asked = _asked_names(q)
    p = proposals[0]
    name = (_asked_name(p.text, asked) or _clause_ending_with(p.text, _subject_names(q.text)) or _described_name(p, asked)
            or p.text)  # or the name the words title
    return NoneGiven(f"The closest sentences name only {untitled(name)}, whom the question asks about.")


_MONTH = "|".join(MONTH_TITLES)
# a date: a month with a day or a year ("February 3, 2005", "3 March", "June 2008"; not "May" alone)
_DATE = re.compile(rf"^(?=.*\d)(?:[A-Z][a-z]+day,?\s+)?(?:\d{{1,2}}\s+)?(?:{_MONTH})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
                   rf"(?:,?\s+\d{{4}})?$")


def someone_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: none names anyone."""
    return NoneGiven("The closest sentences name no one.")


def of_the_holder(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals whose sentence may answer who holds a name's role: not those whose sentence gives
    that role only to other names and never names the question's."""
    asked = asked_holder(q.text)
    if asked is None:
        return proposals
    role, name = asked
    anothers = cache(lambda sentence: _anothers(sentence, role, name))  # a sentence gives many spans: read it once
    return [p for p in proposals if not anothers(p.evidence.sentence)]


def _anothers(sentence: str, role: str, name: str) -> bool:
    """Does the sentence give the role to other names only, never naming ``name``? (Or to an owner it names
    only by a word, "the carmaker's chief executive", after naming others: "When asked if BMW would be seeking
    compensation from Bosch, the carmaker's chief executive Helmut Panke said ..." is not Audi's.)"""
    if mentions(sentence, name):
        return False
    others = holders(sentence, role)
    return bool(others) and not any(same_name(name, h) for h in others) or _unnamed_after_others(sentence, role)


# an owner named only by a word: "the carmaker's chief executive", "the firm's chairman"
_UNNAMED_OWNER = r"\b[Tt]he\s+(?:[a-z-]+\s+)?[a-z-]+['’]s\s+(?:new\s+|current\s+)?"
_A_PLACE_BEFORE = re.compile(r"\b(?i:in|at|to|near|across|around|outside|inside)\s+$")  # "Speaking in New York, the ..."
_A_NAME_BEFORE = re.compile(r"(?<=[\s(\"“‘])(?:[A-Z]{2,}|[A-Z][a-z]+(?:\s+[A-Z][\w&'’.-]*)+)\b")


def _unnamed_after_others(sentence: str, role: str) -> bool:
    """Does the sentence give the role to an owner named only by a word, after a name (a word in capitals or
    two capitalised words, not the sentence's first) that it stands for?"""
    m = re.search(_UNNAMED_OWNER + f"(?i:{re.escape(role)})" + r"\b", sentence)
    return bool(m) and any(not _A_PLACE_BEFORE.search(sentence, 0, n.start())
                           for n in _A_NAME_BEFORE.finditer(sentence, 1, m.start()))


# a span that is only a title ("Chancellor" of "Chancellor Gordon Brown's closest ally"): the one it
# titles is the name after it
_ONLY_A_TITLE = re.compile(rf"(?:(?:the|former|then)\s+)*(?i:{TITLES})")


# a post and whose it is, no name: "Salford MP" ("the Salford MP told ...") is no answer to "Which Home
# Office minister said ...?", which asks for the name
# (the post as written, in lower case or "MP": "John Lee Hooker" is a name, not a hooker's post)
_OWNED_TITLE = re.compile(rf"(?:the\s+)?(?:{WORD}\s+)+{TITLES}")


def _titles_the_next(p: Proposal) -> bool:
    """Is the span a title alone, with a name just after it?"""
    return bool(_ONLY_A_TITLE.fullmatch(p.text)) and bool(re.match(r"\s+[A-Z]", p.evidence.sentence[p.span.end:]))


def of_its_title(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking who holds a role, the proposals the sentence does not title otherwise:
    not "David Beckham" of "Real Madrid midfielder David Beckham" for Real Madrid's manager, nor
    "Eduard Shevardnadze" of "former president Eduard Shevardnadze" for who is president now."""
    asked = asked_role(q.text)
    if asked is None:
        return proposals
    present = _asks_now(q.text)
    return [p for p in proposals if not _titled_otherwise(present, asked, p)]


def _titled_otherwise(present: bool, asked: tuple[str, str], p: Proposal) -> bool:
    """``titled_otherwise`` of the span's name, and of the name it opens with when it runs on past it
    ("Jean-Rene Fourtou and chief operating officer Jean-Bernard Levy": Fourtou, "its chief executive", is
    not Vivendi's chairman)."""
    s, start, end = p.evidence.sentence, p.span.start, p.span.end
    if titled_otherwise(present, *asked, s, start, end):
        return True
    title = TITLE_OPENS.match(s, start, end)  # "chief Lord Rennard said": the name after the title
    if title:
        start = title.end()
    opening = name_end(s, start, end)
    return opening < end and titled_otherwise(present, *asked, s, start, opening)



# who is asked for now: "Who is ...?", "Who's ...?", "Name the current ..."
_PRESENT = re.compile(r"^\s*(?:[Aa]nd\s+)?(?:[Ww]ho(?:['’]s|\s+is)\b|[Nn]ame\s+the\s+current\b)")


def _asks_now(question: str) -> bool:
    """Does the question ask who holds the role now ("Who is ...?", not "Who is the former ...?")?"""
    return bool(_PRESENT.match(question)) and not re.search(r"\bformer\b", question, re.I)


def title_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: the sentences give them other titles."""
    role, name = asked_role(q.text)
    p = proposals[0]
    title = (span_title(p.evidence.sentence, p.span.start, p.span.end)
             or titled_after(_asks_now(q.text), role, name, p.evidence.sentence, p.span.start, p.span.end)
             or a_departments(p.evidence.sentence, p.span.start, p.span.end, name))
    if not title.deputy and title.post in same_posts(role):
        if held_once(p.evidence.sentence, title) and _asks_now(q.text):
            return f"The closest sentences name the former {title.post}, not {_the_role(role, name)} now."
        owner = post_owner(p.evidence.sentence, title)  # the post, but another name's: "Tory leader"
        if owner:
            return f"The closest sentences name the {owner} {title.post}, not {_the_role(role, name)}."
    return f"The closest sentences name {_a(title.words)} {title.words}, not {_the_role(role, name)}."


def _the_role(role: str, name: str) -> str:
    """ "the chief executive of Air France", "the Palestinian prime minister" (a people's word)."""
    return f"the {name} {role}" if is_people(name) else f"the {role} of {name}"


def unnamed_role_reason(q: QuestionAnalysis, sentences: list[str]) -> str | None:
    """Why a question asking who holds a name's role is not answered, when none of the closest
    sentences names that name beside that role (or a title of the same post): "The closest sentences
    do not name the chief executive of Air France." None for other questions, or when one does."""
    asked = asked_role(q.text)
    if asked is None:
        return None
    role, name = asked
    posts = posts_pattern(role)

    def names_it(sentence: str) -> bool:  # in full, in part or in initials ("British Airways" for "BA")
        return mentions(sentence, name) or any(same_name(name, m.group(2)) for m in re.finditer(NAME, sentence))

    if any(re.search(rf"\b(?i:{posts})\b", s) and names_it(s) for s in sentences):
        return None
    the = "the " if re.search(rf"\bthe\s+{re.escape(name)}", q.text, re.I) else ""
    return f"The closest sentences do not name the {role} of {the}{name}."


# a name that turned the post down: "Tony Roche" + " has turned down an approach from Roger Federer to be the world
# number one's new full-time coach" is not Federer's coach (a BBC probe, 0.75)
_REFUSED = re.compile(r"\s+(?:(?:has|had|have|is|was)\s+)?(?:turned\s+down|rejected|declined|refused|snubbed|"
                      r"ruled\s+(?:himself|herself|themselves)\s+out)\b")


def refused(role: str, p: Proposal) -> bool:
    """Does the sentence say just after the span that it turned down (rejected, declined) an approach, an offer or
    the job of being the post asked ("has turned down an approach from Roger Federer to be the world number one's new
    full-time coach"; not "rejected Philip Green's bid and remains chairman", "refused to be drawn on his future as
    England coach")?"""
    m = _REFUSED.match(p.evidence.sentence, p.span.end)
    if m is None:
        return False
    offer = re.match(rf"\s+(?:an?\s+|the\s+|his\s+|her\s+)?(?:approach|offer|invitation|job|post|role|chance|position)\b"
                     rf"[^.;]{{0,60}}?\b(?:to\s+(?:be|become)|as)\s+(?:[\w'’-]+\s+){{0,7}}?(?i:{posts_pattern(role)})\b",
                     p.evidence.sentence[m.end():])
    return offer is not None


def of_the_refused(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking who holds a role, the proposals that did not turn it down."""
    asked = asked_holder(q.text)
    if asked is None:
        return proposals
    return [p for p in proposals if not refused(asked[0], p)]


def refused_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: they turned the post down."""
    role, name = asked_holder(q.text)
    return f"The closest sentences name someone who turned down the post of {role}, not its holder."


def role_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences give the role to another name."""
    role, name = asked_holder(q.text)
    other = next((h for p in proposals for h in holders(p.evidence.sentence, role)), None)
    if other is None:  # only owners named by a word ("the carmaker's chief executive")
        return f"The closest sentences name another's {role}, not {name}'s."
    return f"The closest sentences name the {role} of {other}, not of {name}."


# the posts of a team: who manages it, coaches it, captains it
TEAM_POSTS = frozenset({"manager", "coach", "boss", "captain", "head coach", "skipper", "general manager"})
# the span's own team, said in its clause: "Steve McClaren" + " wants his Middlesbrough team to win ..."
_OWN_TEAM = re.compile(rf"^(?:\s+(?!(?:and|or|but|while|as|after|before|against|than|who|whom|which|that)\b)[a-z][\w'’-]*){{0,4}}"
                       rf"\s+(?:his|her|their)\s+(?:[a-z][\w-]*\s+){{0,2}}(?P<team>{WORD}(?:\s+{WORD})*)\s+"
                       r"(?:team|side|squad|club|players|men|team-mates)\b")


def own_team(p: Proposal) -> str | None:
    """The team the sentence makes the span's own just after it, or after the name it opens with
    ("Middlesbrough" of "Steve McClaren", "Steve" and "Steve McClaren wants his Middlesbrough team", in
    "Steve McClaren wants his Middlesbrough team to win ... by beating Partizan Belgrade"), or None."""
    sentence = p.evidence.sentence
    name = OPENING_NAME.match(sentence, p.span.start)
    m = _OWN_TEAM.match(sentence[name.end() if name else p.span.end :])
    return m["team"] if m else None


def of_its_team(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking who manages (coaches, captains) a team, not the proposals whose sentence
    makes another team the span's own: "Who manages Partizan Belgrade?" is not "Steve McClaren" of
    "Steve McClaren wants his Middlesbrough team to win ... by beating Partizan Belgrade"."""
    asked = asked_role(q.text)
    if asked is None or asked[0] not in TEAM_POSTS:
        return proposals
    return [p for p in proposals if (team := own_team(p)) is None or same_name(asked[1], team)]


def team_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: the span's team is another."""
    _role, name = asked_role(q.text)
    p, team = next((p, team) for p in proposals if (team := own_team(p)))
    whose = OPENING_NAME.match(p.text)
    return f"The closest sentences are about {whose.group(0) if whose else p.text}'s {team} team, not {name}."


# "Which Manchester City player scored ...?", "Which architect designed ...?": the question asks for a
# person of a kind that holds no office; a name the sentence titles with an office just before it
# ("Manchester City boss Kevin Keegan", "Wembley chairman Claes Hultman") is not one
_KINDS = (rf"{PLAYER_POSTS}|footballer|golfer|driver|rider|jockey|boxer|athlete|runner|sprinter|swimmer|cyclist|"
          r"skier|architect|artist|painter|sculptor|singer|actor|actress|musician|rapper|writer|author|novelist|poet|"
          r"scientist|designer|photographer|comedian|composer")
_ASKS_KIND = re.compile(rf"^\s*(?:[Aa]nd\s+)?(?:[Ww]hich|[Ww]hat)\s+(?:{WORD}\s+|of\s+the\s+)*"
                        rf"(?P<kind>{_KINDS})(?:s|es)?\b")
# the titles that are offices: a player, an architect or a singer holds none of them (a director, a
# leader, a captain, a founder or an editor may be one)
_OFFICES = frozenset(ROLE_NAMES.split("|")) - {"director", "leader", "captain", "founder", "co-founder", "editor"} | {
    "minister", "finance minister", "secretary", "head coach"}


# "Who scored ...?", "Who put Newcastle ahead?": a player's deed; "Who will play James Bond?", "Who stars in
# Sideways?", "Who played the role of ...?": an actor's
_NAMED = rf"(?:the\s+)?{WORD}(?:\s+{WORD})*"
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
    boss Kevin Keegan" for which City player scored. A former office says nothing of it. Nor is a
    side of a match a player ("Clyde" of "Clyde 0-5 Celtic" for who scored for Celtic; ``qa.results.a_side``)."""
    kind = asked_kind(q.text)
    if kind is None:
        return proposals
    return [p for p in proposals if not _in_office(p, kind) and not (kind == "player" and a_side(p))]


def _in_office(p: Proposal, kind: str) -> Title | None:
    """The office the sentence titles the span with, unless a former one ("former Chelsea manager"); for an
    actor, also a director's, author's, writer's or producer's post (``_NOT_ACTING``)."""
    title = span_title(p.evidence.sentence, p.span.start, p.span.end)
    offices = _OFFICES | _NOT_ACTING if kind in ("actor", "actress") else _OFFICES
    if title is None or title.post not in offices or held_once(p.evidence.sentence, title):
        return None
    return title


def kind_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: the sentences title them with an office, or they are sides of a match."""
    kind = asked_kind(q.text)
    office = _in_office(proposals[0], kind)
    if office is None:
        return f"The closest sentences name a side of the match, not {_a(kind)} {kind}."
    return f"The closest sentences name a {office.words}, not {_a(kind)} {kind}."


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
    # the whole name the span is of: "Watts" of "Den Watts"
    whole = p.evidence.sentence[name_start(p.evidence.sentence, p.span.start, p.span.end) : p.span.end]
    return (set(part) <= {w.lower() for w in _CAPITALISED.findall(f"{whole} {p.text}")}
            or bool(_PLAYED_BEFORE.search(p.evidence.sentence, max(0, p.span.start - 40), p.span.start))
            or bool(_PLAYED_PART.search(p.evidence.sentence, max(0, p.span.start - 80), p.span.start)))


# or further on in the part's words, with capitals: "Bosworth, 21, plays Darin's wife - real life Hollywood
# actress " + "Sandra Dee" (not past a clause's end, nor "opposite" or "alongside", whose name is an actor's)
_PLAYED_PART = re.compile(rf"\b(?:{_PLAYED}|playing)\s+(?!by\b)(?:(?!(?:by|and|or|but|while|whereas|opposite|alongside|"
                          r"with|in|on|for|at|who|which|said|says)\b)[\w'’-]+\s+|[-–]\s+){1,8}$")


# the part a name is said to have played just after it: "Tony Robinson, who played the servant Baldrick,"
_WHO_PLAYED = re.compile(rf"\s*,?\s*who\s+(?:{_PLAYED})\s+(?:the\s+)?"
                         r"(?:[a-z][\w'’-]*\s+){0,3}(?P<part>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")


def _played_another(part: tuple[str, ...], p: Proposal) -> str | None:
    """The other part the sentence says the span played just after it ("Baldrick" of "Tony Robinson, who
    played the servant Baldrick" for who played Blackadder), or None."""
    m = _WHO_PLAYED.match(p.evidence.sentence, name_end(p.evidence.sentence, p.span.start, p.span.end))
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
_ASKS_WHOSE = re.compile(rf"^\s*(?:[Aa]nd\s+)?(?:[Ww]hich|[Ww]hat)\s+(?P<owner>{JOINED})\s+(?P<post>(?i:{TITLES}))\b")


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


# a span that is a post and whose it is ("Kingsport centre"), or whose the post after it is ("Kingsport")
_POST_AT_END = re.compile(rf"\b(?i:{TITLES})$")
_POST_AFTER = re.compile(rf"\s+(?P<post>(?i:{TITLES}))\b")


def _anothers_side(p: Proposal, post: str, owner: str) -> str | None:
    """Whose the post is, when the sentence titles the span with it, as another name's ("Gloucester")."""
    sentence = p.evidence.sentence
    title = span_title(sentence, p.span.start, p.span.end)
    post_at_end = _POST_AT_END.search(sentence, p.span.start, p.span.end)
    post_after = _POST_AFTER.match(sentence, p.span.end)
    if title is None and post_at_end:  # the span is a post and whose it is: "Kingsport centre"
        title = Title(post_at_end.group(0).lower(), False, "", post_at_end.start(), "")
    elif title is None and post_after:  # whose the post after it is: "Kingsport" of "Kingsport centre Jon Ellery"
        title = Title(post_after["post"].lower(), False, "", post_after.start("post"), "")
    if title is None or title.post not in same_posts(post) or held_once(sentence, title):
        return None
    other = post_owner(sentence, title)
    return other if other is not None and not mentions(other + " " + title.of, owner) else None


def side_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: the sentences title them with another name's post."""
    post, owner = asked_whose(q.text)
    other = _anothers_side(proposals[0], post, owner)
    return f"The closest sentences name {_a(other)} {other} {post}, not {_a(owner)} {owner} {post}."


# "Who is the shadow health secretary?", "Who is the sports minister?", "Who is Britain's minister of sport?":
# a post held by many at once, one per portfolio or side
_ASKS_PORTFOLIO = re.compile(rf"^\s*(?:[Aa]nd\s+)?[Ww]ho(?:['’]s|\s+is|\s+was|\s+will\s+be|\s+has\s+been|\s+is\s+now)\s+"
                             rf"(?:the\s+)?(?P<words>(?:[\w'’-]+\s+){{0,5}}?)(?P<post>(?i:{PORTFOLIO_POSTS}))\b"
                             r"(?P<field>\s+(?:of|for|on)\s+(?:the\s+)?(?!and\b|or\b)[a-z][\w-]*(?:\s+(?!and\b|or\b)[a-z][\w-]*){0,2})?"
                             r"\s*[?.!]*\s*$")


@lru_cache(maxsize=256)
def asked_portfolio(question: str) -> Portfolio | None:
    """The portfolio post a question asks who holds ("shadow health secretary"), or None."""
    m = _ASKS_PORTFOLIO.match(question)
    return portfolio(m["words"].split(), m["post"], m["field"]) if m else None


def of_its_portfolio(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking who holds a portfolio post, the proposals the sentence does not give another
    post of the kind: not "Michael Ancram" of "The shadow foreign secretary, Michael Ancram" for the shadow
    health secretary, nor "Lord Moynihan" of "Shadow sports minister Lord Moynihan" for the sports minister."""
    asked = asked_portfolio(q.text)
    if asked is None:
        return proposals
    return [p for p in proposals if not _anothers_portfolio(asked, p)]


def _anothers_portfolio(asked: Portfolio, p: Proposal) -> Portfolio | None:
    written = portfolio_of(p.evidence.sentence, p.span.start, p.span.end)
    return written if written is not None and other_portfolio(asked, written) else None


def portfolio_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences name the holders of other posts of the kind."""
    asked = asked_portfolio(q.text)
    other = next(w for p in proposals if (w := _anothers_portfolio(asked, p)))
    return f"The closest sentences name the {other.text}, not the {asked.text}."
