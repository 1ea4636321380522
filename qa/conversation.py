"""The conversation so far: one normaliser for every form a chat history arrives in.

Interfaces hand history in their own shapes: plain strings (the Python API, ``/api/ask``),
OpenAI/Gradio messages (``{"role", "content"}``, content a string or a list of text parts),
pydantic messages with ``.role`` and ``.text()``, or (question, answer) pairs (older Gradio).
``normalise_history`` turns any of them into ``Turn``s, oldest first.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from index.dates import MONTH_ABBREVIATIONS, MONTH_NAMES
from index.lexical import IRREGULAR_PASTS, stem
from qa.posts import ROLE_NAMES, ROLE_WORD
from qa.question import AUXILIARIES, QuestionAnalysis


@dataclass(frozen=True)
class Turn:
    """One message of the conversation: ``role`` is "user" or "assistant"."""

    role: str
    text: str


def message_text(content: Any) -> str:
    """The text of a message's content: a string, or a list of ``{"type": "text", "text": ...}`` parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type", "text") == "text"
        )
    return ""


def normalise_history(history: Sequence[Any] | None) -> list[Turn]:
    """Every non-empty turn of ``history``, oldest first (a bare string is a user's question)."""
    turns: list[Turn] = []
    for item in history or ():
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, str):
            turns.append(Turn("user", item))
        elif isinstance(item, dict):
            turns.append(Turn(str(item.get("role", "user")), message_text(item.get("content"))))
        elif isinstance(item, (list, tuple)) and item:  # (question, answer) pairs
            turns.append(Turn("user", str(item[0] or "")))
            if len(item) > 1 and item[1]:
                turns.append(Turn("assistant", str(item[1])))
        elif hasattr(item, "role"):  # a pydantic message of the HTTP API
            turns.append(Turn(str(item.role), message_text(getattr(item, "content", ""))))
    return [t for t in turns if t.text.strip()]


def user_questions(history: Sequence[Any] | None) -> list[str]:
    """The user's earlier questions, oldest first."""
    return [t.text for t in normalise_history(history) if t.role == "user"]


_REFERRING = re.compile(
    r"\b(it|its|they|them|their|theirs|this|that|these|those|he|him|his|she|her|hers|there|then|the same)\b"
    r"|^\s*(and|but|so|also|what about|how about)\b",
    re.IGNORECASE,
)


def is_follow_up(q: QuestionAnalysis) -> bool:
    """Does the question lean on the conversation ("and what do they want?", "when?")?

    A question that names its own subject ("How many captives were taken?") stands alone:
    borrowing the last question's words would only pull retrieval away from it. One that asks for
    another ("Who else founded Yahoo?", "Which other firms has it bought?") leans on the previous
    answer, however many words it has.
    """
    return len(q.terms) < 2 or bool(_REFERRING.search(q.text) or _ELSE.search(q.text))


# -- follow-ups as standalone questions ----------------------------------------------------------
# index.dates' names, then its abbreviations ("may" is both) with "sept" beside "sep"
_ABBREVIATIONS = [a for m in MONTH_ABBREVIATIONS if m != "may" for a in ((m, "sept") if m == "sep" else (m,))]
_MONTHS = "|".join([*MONTH_NAMES, *_ABBREVIATIONS])
_DATE = re.compile(
    rf"(?:\b(?:in|on|during|since|by|for|at|of)\s+)?(?:the\s+)?(?:"
    rf"\b(?:\d{{1,2}}\s+)?(?:{_MONTHS})\b\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+(?:19|20)\d\d)?"
    rf"|\b(?:19|20)\d\d(?:s)?\b"
    rf"|\b(?:last|next|this|the following|the previous)\s+(?:year|month|week|season|quarter)\b"
    rf"|\b(?:first|second|third|fourth|last)\s+(?:quarter|half)(?:\s+of\s+(?:19|20)\d\d)?\b)",
    re.IGNORECASE,
)
_MONTH = re.compile(rf"\b(?:{_MONTHS})\b", re.IGNORECASE)
# the words that open a question of its own after "and": "And did he ...?", "And when was it ...?" (an
# ellipsis may open with the others: "And had ...", "And could ...", "And would ..." as before)
_OPENS_A_QUESTION = "|".join(a for a in AUXILIARIES if a not in ("had", "could", "would"))
_ELLIPSIS = re.compile(
    r"^\s*(?:(?:and|but|so)\s+)?(?:(?:what|how)\s+about|what\s+of)\s+(?P<x>.+?)\s*[?.!]*\s*$"
    rf"|^\s*(?:and|but)\s+(?P<y>(?!(?:who|what|which|when|where|why|how|{_OPENS_A_QUESTION})\b)[^?]+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}
_COUNT = r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
# a year counted from the previous question's: "the following year", "two years earlier", "the year before"
_RELATIVE_YEAR = re.compile(
    rf"^(?:(?:in|during|for)\s+)?(?:the\s+)?(?:"
    rf"{_COUNT}\s+years?\s+(?:(?P<later>later|after|afterwards|on)|earlier|before|previously)"
    r"|(?P<next>following|next|subsequent)\s+year|(?:previous|preceding|prior)\s+year"
    r"|year\s+(?:(?P<after>after)|before)(?:\s+that)?"
    r")\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NOW = re.compile(r"^(?:(?:and|but|so)\s+)?(?:right\s+)?(?:now|today|currently|at present|these days|nowadays)$", re.IGNORECASE)
_WHEN_CLAUSE = re.compile(r"\s+(?:when|after|before|as|since|while)\s+[^?]*$", re.IGNORECASE)
# a clause in the place of the previous question's: "And when he became Leader of the Opposition?" (not a
# question of its own: "And when did he become leader?")
_AND_WHEN = re.compile(r"^\s*(?:and|but)\s+(?P<x>(?:when|after|before|while)\s+"
                       rf"(?!(?:{'|'.join(AUXILIARIES)})\b)[^?]+?)\s*[?.!]*\s*$", re.IGNORECASE)
# "Who is British Airways' chief executive?": the person a later "he" or "she" means, unnamed (a role
# starts with "the", "a" or a name: "the Italy rugby coach"; "Who was arrested over the bombing?" has none)
_WHO_IS = re.compile(r"^\s*(?i:who\s+(?:is|was|are|were))\s+(?P<role>(?i:the|a|an)\s[^?]*?|[A-Z][^?]*?)\s*[?.!]*\s*$")
# "who else", "which other firms", "anyone else"; not "each other", "one another", "other than", nor a
# title's word ("Die Another Day", "The Other Boleyn Girl")
_ELSE = re.compile(r"\b(?:else|others|(?<!each )other(?! than)|(?<!one )another)\b")
# a question asking for the object of a named subject's deed: "Who did Lindsay Davenport beat in Dubai?",
# "Whom will the Panthers face?" (not "Who is the Italy rugby coach?", whose answer is the one it is about)
_ASKS_WHOM = re.compile(r"^\s*(?:[Aa]nd\s+)?[Ww]hom?\s+(?:did|does|do|will|would|has|have|had|can|could)\s+"
                        r"(?P<subject>(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*)*)\s+[a-z]")
_PERSONAL = re.compile(r"\b(he|she|him|his|hers|her)\b", re.IGNORECASE)
_PLURAL = re.compile(r"\b(they|them|their|theirs)\b", re.IGNORECASE)
_THING = re.compile(r"\b(it|its)\b", re.IGNORECASE)
_NAME = re.compile(r"(?<![\w'’])((?:[A-Z][\w'’&.-]*|\d[\w.,%$£€]*)(?:\s+(?:of|the|and|&|de|van|von)?\s*[A-Z][\w'’&.-]*)*)")
_POSSESSIVE_NEXT = re.compile(r"\s+(?!(?:to|in|on|for|at|with|about|and|or|from|by|as|if|that|when|after|before)\b)[a-z]")
_WH_START = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how"}
# "in Japan", "in the US", "at Twickenham", "with Croatia": a place (or a party to something), by its
# preposition and a capitalised name ("in Kensington and Chelsea" is one)
_PLACE_IN = re.compile(r"(in|at|from|with|against|to|for|by)\s+(?:the\s+)?(?=[A-Z])")
_PLACE_NAME = r"(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+(?:(?:of|and|&)\s+)?[A-Z][\w'’&.-]*)*"
# a name's post: "S&N's chief executive", "United's chair", "Ford's boss"
_OWNED_POST = re.compile(rf"(?<![\w'’&.-])[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*['’]s?\s+(?:(?i:{ROLE_NAMES})|chair)\b")


@dataclass(frozen=True)
class FollowUp:
    """A follow-up made standalone: the question to answer, answers not to give again ("who
    else?"), and whether the previous question's terms should still help retrieval."""

    question: str
    exclude: tuple[str, ...] = ()
    borrow_terms: bool = False
    swapped: tuple[str, str] | None = None  # what of the previous question it replaced, and with what


# how alike two words are (cosine of their embeddings): one word against several, one number each
Similarity = Callable[[str, list[str]], Sequence[float]]


def resolve_follow_up(
    question: str, previous: str, previous_answer: Callable[[], str | None], similar: Similarity | None = None
) -> FollowUp:
    """``question`` as a standalone question, given the previous question and its answer.

    "And what about Ford?" after "How much did GM earn in 2004?" -> "How much did Ford earn in 2004?";
    "And in 2003?" changes the previous question's date; "Which player did he single out?" after
    "Who is the Italy rugby coach?" (answer "John Kirwan") -> "Which player did John Kirwan single out?";
    "Who else ...?" excludes the previous answer. When nothing can be resolved the question stays
    as it is and borrows the previous question's terms for retrieval. ``previous_answer`` is called
    (at most once) only when a pronoun or "else" needs it: an answer costs a whole question.
    ``similar`` (word embeddings) finds the word a lone noun stands for when they share no letters of
    meaning: "And exports?" after "By how much did US imports rise?" asks about exports.
    """
    previous_answer = functools.cache(previous_answer)
    bare = _BARE_WH.match(question)
    if bare:  # "When?" after "Who founded Def Jam?" (answered "Russell Simmons"), "Where?", "In what time?"
        standalone = _asked_of(previous, bare["wh"], previous_answer)
        if standalone:
            return FollowUp(standalone, borrow_terms=True)
    clause = _AND_WHEN.match(question)
    held = _WHEN_CLAUSE.search(previous.rstrip(" ?.!"))
    if clause and held:  # "And when he became Leader of the Opposition?" after "How old was he when he became an MP?"
        standalone = f"{previous.rstrip(' ?.!')[: held.start()]} {clause['x']}?"
        return FollowUp(standalone, borrow_terms=False, swapped=_swapped(previous, standalone))
    m = _ELLIPSIS.match(question)
    if m:
        x = (m.group("x") or m.group("y") or "").strip()
        if _KIN.fullmatch(x) and _WHO_FIRST.match(previous):
            # "And his brother?" after "Who is Reliance's chairman?" (answered "Mukesh Ambani"): who his brother is
            antecedent = _antecedent(x, previous, previous_answer())
            if antecedent:
                return FollowUp(f"Who is {_replace_pronouns(x, antecedent)}?", borrow_terms=True)
        if x:
            standalone = _substitute(previous, x, similar)
            return FollowUp(standalone, borrow_terms=False, swapped=_swapped(previous, standalone))
    if _ELSE.search(question) and previous_answer():
        plain = " ".join(_ELSE.sub(" ", question).split()).replace(" ?", "?")
        # "who else shared it?": the pronoun is what the previous question was about, not its answer;
        # "who else was arrested with him?": a person's pronoun is the person answered
        subject = _antecedent(plain, previous, previous_answer() if _PERSONAL.search(plain) else None)
        if subject:
            plain = _replace_pronouns(plain, subject)
        return FollowUp(plain, exclude=(previous_answer(),), borrow_terms=True)
    has_pronoun = _PERSONAL.search(question) or _PLURAL.search(question) or _THING.search(question)
    antecedent = _antecedent(question, previous, previous_answer()) if has_pronoun else None
    if antecedent:
        return FollowUp(_without_conjunction(_replace_pronouns(question, antecedent)), borrow_terms=True)
    return FollowUp(question, borrow_terms=True)


# a follow-up that is a question word and nothing more: "When?", "And where?", "Why?", "In what time?", "At
# what price each?", "By how much?", "Since when?"
_BARE_WH = re.compile(
    r"^\s*(?:(?:and|but|so)\s+)?(?P<wh>(?:(?:in|at|on|for|from|by|since|until|to|with)\s+)?"
    r"(?:when|where|why|how(?:\s+(?:much|many|long|far|often|old))?|(?:what|which)(?:\s+(?!about\b|of\b|else\b)(?-i:[a-z]+)){1,2}))"
    r"\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# a question that asks with an auxiliary after its question words: "When was Def Jam founded?", "How
# much did Fosters pay for its stake?" (not a copula's "Who is the Lib Dem chairman?": "Since when is ..."
# would ask of the post, not of its holder)
_ASKS_WITH = re.compile(
    r"^\s*(?:(?:and|but|so)\s+)?(?:(?:in|at|on|for|from|by|since|until|to|with)\s+)?"
    r"(?:who|whom|what|which|when|where|why|how)(?:\s+[\w'’%$£€.,-]+){0,4}?\s+"
    r"(?P<aux>did|does|do|has|have|had|will|would|can|could|is|are|was|were)\s+(?P<rest>.+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# a question whose question word is its subject: "Who founded Def Jam?", "Which bank advised Vivendi?"
_SUBJECT_WH = re.compile(r"^\s*(?:(?:and|but|so)\s+)?(?:who|(?:which|what)(?:\s+[a-z][\w-]*){1,2}?)\s+"
                         r"(?P<deed>(?P<verb>[a-z]+)\b.*?)\s*[?.!]*\s*$", re.IGNORECASE)
_WHO_FIRST = re.compile(r"^\s*(?:(?:and|but|so)\s+)?(?:who|whom)\b", re.IGNORECASE)
_PARTICIPLE = re.compile(r"\b[a-z]+(?:ed|en)\b")
# the past tenses a deed is told in: "-ed", the irregular ones ``verb_stem`` knows, and pasts written as the
# present or not known there ("quit", "set", "came")
_IRREGULAR_PAST = IRREGULAR_PASTS | {"beat", "bid", "came", "cut", "hit", "let", "overtook", "put", "quit", "said", "set",
                                     "split", "upheld", "withdrew"}


# a deed just after the auxiliary: "was arrested", "has been named", "has bought"
_DEED_FIRST = re.compile(rf"(?:been\s+)?(?:[a-z]+ed|{'|'.join(sorted(_IRREGULAR_PAST))})\b")


_WHICH_FIRST = re.compile(r"^\s*(?:(?:and|but|so)\s+)?(?:which|what)\s+[a-z]", re.IGNORECASE)
_DEED_LAST = re.compile(rf"\b(?:[a-z]+ed|{'|'.join(sorted(_IRREGULAR_PAST))})$")


def _asked_of(previous: str, wh: str, previous_answer: Callable[[], str | None]) -> str | None:
    """The previous question asked with another question word: "When did Fosters buy the stake?" for
    "When?" after "How much did Fosters pay for the stake?", or of its answer when the question word was
    its subject: "When was it that Russell Simmons founded Def Jam?" after "Who founded Def Jam?"
    (answered "Russell Simmons"). None when neither reads."""
    wh = wh[:1].upper() + wh[1:]
    m = _ASKS_WITH.match(previous)
    if m:
        aux, rest = m["aux"].lower(), m["rest"]
        if _DEED_FIRST.match(rest):
            # its question word is the subject: "Who was arrested over the bombing?" (answered "Ali") ->
            # "When was it that Ali was arrested over the bombing?"
            answer = previous_answer()
            return f"{wh} was it that {answer} {aux} {rest}?" if answer else None
        if _WHO_FIRST.match(previous):  # "Who did Lindsay Davenport beat?": where the one asked goes is not read
            return None
        # a copula asks of a deed only with its participle: "When was Def Jam founded?", not "... is the chairman?"
        if aux in ("is", "are", "was", "were") and not _PARTICIPLE.search(rest):
            return None
        if _WHICH_FIRST.match(previous) and _DEED_LAST.search(rest) and previous_answer():
            # whom the deed was done to, asked: "Which coach have Valencia sacked?" (answered "Claudio Ranieri")
            # -> "When have Valencia sacked Claudio Ranieri?"
            return f"{wh} {aux} {rest} {previous_answer()}?"
        return f"{wh} {aux} {rest}?"
    subject = _SUBJECT_WH.match(previous)
    if subject is None or subject["verb"].lower() in AUXILIARIES:
        return None
    verb = subject["verb"].lower()
    if not (verb.endswith("ed") or verb in _IRREGULAR_PAST):
        return None
    answer = previous_answer()
    if not answer:
        return None
    return f"{wh} was it that {answer} {subject['deed']}?"


_A_YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b")


def added_year(previous: str, standalone: str) -> str | None:
    """The year a follow-up pinned a question to that named none ("2003" of "How much did Lord Sainsbury
    donate to Labour in 2003?" after "How much did Lord Sainsbury donate to Labour?"), or None."""
    if _A_YEAR.search(previous):
        return None
    found = _A_YEAR.findall(standalone)
    return found[0] if len(set(found)) == 1 else None


def what_changed(previous: str, follow: FollowUp) -> str | None:
    """What a follow-up changed of the previous question: the year it added ("2003" of "And in 2003?" after
    "How much did Lord Sainsbury donate to Labour?"), or the words it put in another's place ("OFHEO's" of
    "And the OFHEO's?" after "Who is the SEC's chief accountant?"), or None."""
    return added_year(previous, follow.question) or (follow.swapped[1] if follow.swapped else None)


def says(sentence: str, changed: str) -> bool:
    """Does the sentence write every word of what a follow-up changed ("OFHEO" of "OFHEO's")?"""
    words = set(re.findall(r"\w+", sentence.lower()))
    wanted = {w for w in re.findall(r"\w+", re.sub(r"['’]s?\b", "", changed.lower())) if w not in _STOP}
    return bool(wanted) and wanted <= words


def same_answer(a: str, b: str) -> bool:
    """Are two answers the same words, or one inside the other ("£2m" / "a £2m donation")?"""
    x, y = (" " + " ".join(re.findall(r"\w+", t.lower())) + " " for t in (a, b))
    return bool(x.strip() and y.strip()) and (x in y or y in x)


def _swapped(previous: str, standalone: str) -> tuple[str, str] | None:
    """The words of the previous question the standalone one replaced, and the words in their place,
    when it replaced one run of words: ("A Series of Unfortunate Events", "Spanglish"), ("actress",
    "actor"); None when it only added or dropped words ("And now?")."""
    a, b = previous.rstrip(" ?.!").split(), standalone.rstrip(" ?.!").split()
    changes = [op for op in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(changes) != 1 or changes[0][0] != "replace":
        return None
    _, i1, i2, j1, j2 = changes[0]
    return " ".join(a[i1:i2]).strip(",;:"), " ".join(b[j1:j2]).strip(",;:")  # "2004," of "in 2004, according to"


def _without_conjunction(question: str) -> str:
    """ "And what does South Korea's central bank predict?" -> "What does ...": a standalone question."""
    m = re.match(r"\s*(?:and|but|so)\s+(?=\w)", question, re.IGNORECASE)
    if not m:
        return question
    rest = question[m.end() :]
    return rest[:1].upper() + rest[1:]


def _substitute(previous: str, x: str, similar: Similarity | None = None) -> str:
    """The previous question with its slot parallel to ``x`` (a date, a name, matching words, or a word
    of the same kind: ``_alike_word``) set to ``x``."""
    body = previous.rstrip(" ?.!")
    shifted = _shift_year(body, x)
    if shifted:
        return shifted
    if _NOW.match(x.strip()):  # "And now?": the same question without the time it was pinned to
        return f"{_without_time(body)} now?"
    if (_YEAR.search(x) or _DATE.match(x.strip())) and not _shares_a_word(body, _DATE.sub(" ", x)):
        found = list(_DATE.finditer(body))
        day = re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", x)  # "9 March" is on a day, "May" in a month
        phrase = x if re.match(r"(?:in|on|during|since|by|for|at)\b", x, re.IGNORECASE) else f"{'on' if day else 'in'} {x}"
        if found:
            last = found[-1]
            has_prep = re.match(r"(?:in|on|during|since|by|for|at|of)\s", last.group(0), re.IGNORECASE)
            new = phrase if has_prep else x
            year = _YEAR.search(last.group(0))
            if year and not _YEAR.search(x) and _MONTH.search(x):
                # "And in May?" after "in March 2004": May of that year, not of any year
                new += ("," if new[-1].isdigit() else "") + " " + year.group(0)
            return body[: last.start()] + new + body[last.end() :] + "?"
        return f"{body} {phrase}?"
    same = _of_the_same(body, x) or _another_ordinal(body, x)
    if same:
        return same
    # "Chelsea in the Champions League" after "... Arsenal play in the Champions League?": a name, then
    # words the previous question has as they stand: the name takes the place of a name
    lead = re.match(r"((?:[A-Z][\w'’&.-]*\s+)*[A-Z][\w'’&.-]*)\s+(.+)$", x)
    if lead and lead.group(2).lower() in body.lower() and lead.group(1).lower() not in body.lower():
        x = lead.group(1)
    words = body.split()
    # "in the 1988 European Championship final": the words that take the slot, not the preposition
    xs = re.sub(r"^(?:(?:in|on|at|of|for|during)\s+)?(?:(?:the|a|an)\s+)?", "", x, flags=re.IGNORECASE).split()
    span = _aligned(words, xs)
    if span:
        start, end = span
        if xs[0][:1].isupper() or xs[0][:1].isdigit():  # a name takes the whole name it replaces
            while start > 1 and (words[start - 1][:1].isupper() or words[start - 1][:1].isdigit()):
                start -= 1
        return " ".join(words[:start] + xs + words[end:]) + "?"
    in_place = _in_its_place(body, x)
    if in_place:
        return in_place
    bare = re.sub(r"^the\s+(?=[A-Z\d])", "", x)  # "the Liberal Democrats" for "the Labour Party"
    if bare[:1].isupper() or bare[:1].isdigit():
        for m in _NAME.finditer(body):
            if m.start() == 0 or _DATE.fullmatch(m.group(0)):
                continue
            name = m.group(0)
            new = bare if bare.endswith(("'s", "’s")) or not name.endswith(("'s", "’s")) else bare + "'s"
            return body[: m.start()] + new + body[m.end() :] + "?"
    return _by_meaning(body, x, similar) or f"{body} {x}?"


_ORDINAL_WORDS = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last"
# someone's kin or post, of a person's pronoun: "his brother", "her husband"
# ("their" is mostly a team's or a firm's: "And their captain?" after "Who is England's coach?"; an ordinal is read
# apart: "And their second?")
_KIN = re.compile(rf"(?i:his|her)\s+(?!(?:{_ORDINAL_WORDS})\b)(?:[a-z][\w-]*\s+){{0,2}}[a-z][\w-]*")
_ORDINAL = _ORDINAL_WORDS + r"|1st|2nd|3rd|[4-9]th|10th"


def _another_ordinal(body: str, x: str) -> str | None:
    """The previous question with its one ordinal set to the one ``x`` is ("And their second?" after "Who scored
    Chelsea's first goal against Arsenal?" asks who scored Chelsea's second), or None."""
    m = re.fullmatch(rf"(?:(?:and|the|their|its|his|her)\s+)*(?P<ordinal>{_ORDINAL})(?:\s+one)?", x.strip(), re.I)
    found = list(re.finditer(rf"\b(?:{_ORDINAL})\b", body, re.I))
    if m is None or len(found) != 1:
        return None
    return body[: found[0].start()] + m["ordinal"].lower() + body[found[0].end() :] + "?"


def _of_the_same(body: str, x: str) -> str | None:
    """The previous question with its post set to the one ``x`` says is the same one's ("its chief financial
    officer" after "Who is Yukos' chief executive?"), or None. (Not a thing: "its target range" after "What
    is Australia's inflation rate?" is the rate's, not Australia's.)"""
    its = re.match(r"(?:its|their)\s+((?:[\w'’&-]+\s+){0,3}[\w'’&-]+)$", x.strip(), re.IGNORECASE)
    post = ROLE_WORD.search(body) if its and ROLE_WORD.search(its.group(1)) else None
    return body[: post.start()] + its.group(1) + body[post.end() :] + "?" if post else None


def _in_its_place(body: str, x: str) -> str | None:
    """The previous question with a place, or a name's post, set to ``x``, or None."""
    # "And in Japan?" after "... cost in the US?": the place takes the place's ("And with Turkey?" after
    # "... talks with Croatia?" the party's)
    place = _PLACE_IN.match(x)
    if place:
        found = [m for m in re.finditer(rf"\b{place.group(1)}\s+{_PLACE_NAME}", body) if not _DATE.fullmatch(m.group(0))]
        if found:
            return body[: found[-1].start()] + x + body[found[-1].end() :] + "?"
    # "United's chair" after "Who is S&N's chief executive?": a name's post takes the place of a name's post
    held = _OWNED_POST.search(body) if _OWNED_POST.fullmatch(x) else None
    if held:
        return body[: held.start()] + x + body[held.end() :] + "?"
    return None


def _by_meaning(body: str, x: str, similar: Similarity | None) -> str | None:
    """The previous question with the word a lone noun stands for set to it ("exports" for "imports"), or None."""
    word = _alike_word(body, x, similar) if similar is not None else None
    if word is None:
        return None
    start, end = word.span()
    for role in ROLE_WORD.finditer(body):  # the whole post it is a word of: "chief executive" for "chairman"
        if role.start() <= start and end <= role.end():
            start, end = role.span()
    return body[:start] + re.sub(r"^(?:the|a|an)\s+", "", x, flags=re.IGNORECASE) + body[end:] + "?"


# a lone common noun ("exports", "the bronze", "the chief executive"; not "usually"), and how alike the
# word it stands for must be: as alike as "deaths" and "injuries" (0.47 with the shipped embeddings), and
# clearly more than any other word of the question ("the bronze" is as near "medal" as "gold": no slot)
_LONE_NOUN = re.compile(rf"^(?:(?:the|a|an)\s+)?(?P<noun>(?i:{ROLE_NAMES})|[a-z][a-z-]{{2,}}(?<!ly))$")
_ALIKE, _CLEARLY = 0.45, 0.1
_NOT_SLOTS = frozenset({*AUXILIARIES, "much", "many", "long", "far", "old", "big",
                        "large", "last", "first", "next"})


def _alike_word(body: str, x: str, similar: Similarity) -> re.Match[str] | None:
    """The word of the previous question a lone noun stands for: the lower-case word most alike in meaning,
    when alike enough and clearly the most ("imports" for "exports"); None otherwise."""
    lone = _LONE_NOUN.match(x.strip())
    if lone is None:
        return None
    words = [m for m in re.finditer(r"\b[a-z][a-z-]{2,}\b", body)
             if m.group(0) not in _STOP and m.group(0) not in _WH_START and m.group(0) not in _NOT_SLOTS]
    if not words:
        return None
    scores = list(similar(lone["noun"], [m.group(0) for m in words]))
    ranked = sorted(range(len(words)), key=lambda i: -scores[i])
    best = ranked[0]
    second = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if scores[best] < _ALIKE or scores[best] - second < _CLEARLY:
        return None
    return words[best]


# the words that start a qualifier of the word before them: "deficit with China", "sales in Europe"
_QUALIFIERS = frozenset({"with", "for", "of", "in", "at", "from", "on", "against", "by", "to"})


def _aligned(words: list[str], xs: list[str]) -> tuple[int, int] | None:
    """The words of the previous question that ``xs`` stands for, found by the words they share: its
    first shared word and its last one mark the slot ("best foreign language film" for "best film"
    in "... name best film of the year", "best actor" for "best actress", "1988 European
    Championship final" for "1974 World Cup final")."""
    stems = [_slot_word(w) for w in words]
    shared = [(k, s) for k, w in enumerate(xs) if (s := _slot_word(w)) and s not in _STOP and s in stems]
    if not shared:
        return None
    (k0, s0), (k1, s1) = shared[0], shared[-1]
    i0 = stems.index(s0)
    if (k0 == k1 == 0 and len(xs) > 1 and xs[1].lower() in _QUALIFIERS
            and (i0 + 1 >= len(words) or words[i0 + 1].lower() != xs[1].lower())):  # not "Sound of 2003" for "Sound of 2004"
        # the shared word, then what qualifies it: "deficit with China" for "deficit" in "... the US trade
        # deficit in 2004" (-> "... deficit with China in 2004", not "... deficit with China")
        return i0, i0 + 1
    i1 = next((i for i in range(i0, len(stems)) if stems[i] == s1), i0) if k1 > k0 else i0
    return max(0, i0 - k0), min(len(words), i1 + len(xs) - k1)


_CATEGORY_STEMS = frozenset({"men", "mens", "women", "womens", "ladi", "ladies", "boy", "boys", "girl", "girls"})


def _slot_word(word: str) -> str:
    """A word's stem, the categories of a competition as one ("the women's final" takes the place of
    "the men's singles")."""
    s = _stem_word(word)
    return "<category>" if s in _CATEGORY_STEMS else s


def _shares_a_word(body: str, x: str) -> bool:
    """Has ``x`` a word of the previous question, beyond little ones ("Sound" of "Sound of 2004")?"""
    stems = {_stem_word(w) for w in body.split()}
    return any((s := _stem_word(w)) and s in stems and s not in _STOP for w in x.split())


def _shift_year(body: str, x: str) -> str | None:
    """The previous question with its (last) year moved as ``x`` says ("the following year": 2002 ->
    2003), or None when ``x`` is no year counted from it or the previous question names no year."""
    m = _RELATIVE_YEAR.match(x.strip())
    years = list(_YEAR.finditer(body))
    if not m or not years:
        return None
    n = _NUMBER_WORDS.get((m.group("n") or "one").lower()) or int(m.group("n"))
    step = n if (m.group("later") or m.group("next") or m.group("after")) else -n
    last = years[-1]
    return f"{body[: last.start()]}{int(last.group(0)) + step}{body[last.end() :]}?"


def _without_time(body: str) -> str:
    """A question without its dates ("in April 1996") and the time clause that held one ("when it
    floated in April 1996")."""
    clause = _WHEN_CLAUSE.search(body)
    if clause and _DATE.search(clause.group(0)):
        body = body[: clause.start()]
    return " ".join(_DATE.sub(" ", body).split())


# a name and nothing else: "Michael Owen", "Joaquin Almunia", "Bank of England" (not "Wolves' new manager")
_A_NAME_ALONE = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:(?:of|the|de|van|von|da|di|du|le|la|al|bin)\s+)*[A-Z][\w'’.-]*)*")


def _antecedent(question: str, previous: str, previous_answer: str | None) -> str | None:
    """What a pronoun of the follow-up most likely refers to: the previous answer when the previous
    question asked for a name, else the name the previous question is about; and that name when the
    previous question asked whom it did something to ("Who did Lindsay Davenport beat?")."""
    prev_wh = next((w for w in re.findall(r"[a-z]+", previous.lower()) if w in _WH_START), "")
    answer_is_name = bool(previous_answer) and previous_answer[:1].isupper()
    names = [m.group(0) for m in _NAME.finditer(previous) if m.start() > 0 and not _DATE.fullmatch(m.group(0))]
    if _PERSONAL.search(question) or _PLURAL.search(question):
        if prev_wh in ("who", "whom"):
            subject = _ASKS_WHOM.match(previous)
            if subject:  # "Who did Lindsay Davenport beat?": she is Davenport, not whom she beat
                return subject.group("subject")
            role = _WHO_IS.match(previous)
            if role and _A_NAME_ALONE.fullmatch(role.group("role")):
                # "Who is Michael Owen?" (answered "England forward"): he is Michael Owen, not the description
                return role.group("role")
            owner = _other_gender_owner(question, previous)
            if owner:  # "Who is Kate Bosworth's boyfriend?" then "How old is she?": she is Kate Bosworth
                return owner
            if previous_answer:
                return previous_answer
            # not answered: "he" is the person asked about ("British Airways' chief executive"), not
            # a name the question mentions; unnamed, the pronoun stays
            role = _WHO_IS.match(previous)
            return role.group("role") if role else None
        if answer_is_name and prev_wh in ("which", "what"):
            return previous_answer
        return names[0] if names else None
    if _THING.search(question):
        if answer_is_name and prev_wh in ("which", "what"):
            return previous_answer
        return names[0] if names else None
    return None


# kin and titles of one sex: "Who is Kate Bosworth's boyfriend?" asks for a man
_MALE = frozenset("boyfriend husband father son brother uncle nephew grandfather grandson stepfather king prince "
                  "actor widower fiance".split())
_FEMALE = frozenset("girlfriend wife mother daughter sister aunt niece grandmother granddaughter stepmother queen "
                    "princess actress widow fiancee".split())
_WHOSE_KIN = re.compile(r"^\s*(?:[Aa]nd\s+)?[Ww]ho\s+(?:is|was|are|were)\s+(?P<owner>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)"
                        r"['’]s?\s+(?:[a-z-]+\s+)?(?P<kin>[a-z]+)\s*\??\s*$")


def _other_gender_owner(question: str, previous: str) -> str | None:
    """Whose kin the previous question asked for, when the follow-up's pronoun is of the other sex than the kin
    ("she" after "Who is Kate Bosworth's boyfriend?" is Kate Bosworth, not the boyfriend), or None."""
    m = _WHOSE_KIN.match(previous)
    if m is None:
        return None
    pronouns = {w.lower() for w in _PERSONAL.findall(question)}
    female, male = bool(pronouns & {"she", "her", "hers"}), bool(pronouns & {"he", "him", "his"})
    kin = m["kin"].lower()
    if (kin in _MALE and female and not male) or (kin in _FEMALE and male and not female):
        return m["owner"]
    return None


def _replace_pronouns(question: str, antecedent: str) -> str:
    """Each third-person pronoun replaced by ``antecedent`` (possessives as "X's")."""
    name = re.sub(r"['’]s?$", "", antecedent) if antecedent.endswith(("'s", "’s", "s'", "s’")) else antecedent

    def sub(m: re.Match[str]) -> str:
        w = m.group(0).lower()
        after = question[m.end() :]
        possessive = w in ("his", "its", "their", "theirs", "hers") or (w == "her" and _POSSESSIVE_NEXT.match(after))
        if possessive and w not in ("theirs", "hers"):
            return name + ("'" if name.endswith("s") and antecedent.endswith(("s'", "s’")) else "'s")
        return name

    pattern = re.compile(r"\b(he|she|him|his|hers|her|they|them|their|theirs|it|its)\b", re.IGNORECASE)
    return pattern.sub(sub, question)


_STOP = {"the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "at", "by", "with", "what", "who", "how"}


def _stem_word(word: str) -> str:
    w = re.sub(r"[^\w]", "", word.lower())
    return stem(w) if w else ""
