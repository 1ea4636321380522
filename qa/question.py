"""Question analysis: what kind of answer is expected, and which words carry the question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.lexical import STOPWORDS, tokenize
from qa.measures import asked_measure

# spaCy entity labels for each expected answer type.
PERSON_LIKE = ("PERSON", "ORG", "NORP", "GPE")
NUMBER_LIKE = ("CARDINAL", "QUANTITY", "MONEY", "PERCENT")
DATE_LIKE = ("DATE", "TIME")
PLACE_LIKE = ("GPE", "LOC", "FAC")
# the auxiliaries a question opens with after its wh-word or "and" ("When did ...", "And was it ...?")
AUXILIARIES = ("did", "does", "do", "is", "are", "was", "were", "has", "have", "had", "can", "could", "will", "would")

_NOUN_TYPES: list[tuple[str, tuple[str, ...]]] = [
    (r"(country|countries|nation|state|city|cities|town|village|province|region|capital|county)", ("GPE",) + PLACE_LIKE),
    (r"(place|location|area|site|venue|island|river|mountain|sea|ocean|continent)", PLACE_LIKE),
    (r"(company|companies|organi[sz]ation|group|agency|team|club|firm|network|party|newspaper|bank|university|army|band)", ("ORG",)),
    (r"(nationality|religion|ethnicity|faith)", ("NORP",)),
    (r"(year|date|day|month|time|decade|century|season|age|era)", DATE_LIKE),
    (r"(percent|percentage|proportion|share|rate)", ("PERCENT", "CARDINAL")),
    (r"(price|cost|amount|salary|fee|fine|budget|sum|money|worth|value)", ("MONEY", "CARDINAL")),
    (r"(number|total|count|figure|score)", NUMBER_LIKE),
    (r"(person|man|woman|people|leader|president|minister|official|spokesman|spokeswoman|actor|actress|singer|player|author|director|suspect|victim|lawyer|judge|ceo|chief|coach|father|mother|son|daughter|wife|husband|name)", ("PERSON",)),
]
_PUBLICATION = re.compile(
    r"\b(?:when|what date|what day|which date)\b.*\b(?:this|it|the (?:article|story|report|piece|news))\b"
    r".*\b(?:published|written|posted|dated|issued|out)\b|\bpublication date\b|\bdate of (?:this|the) (?:article|story|report)\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"^\s*what\b.*\b(?:say|says|said|claim|claims|claimed|believe|believes|believed|think|thinks|thought|"
    r"report|reported|announce|announced|tell|told|warn|warned|argue|argued|allege|alleged|state|stated|"
    r"reveal|revealed|predict|predicted|fear|fears|feared|insist|insisted|admit|admitted|conclude|concluded)\s*\??\s*$",
    re.IGNORECASE,
)
_WH = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how"}


@dataclass(frozen=True)
class QuestionAnalysis:
    """What the question asks for: ``wh`` word, expected entity labels, and its content terms."""

    text: str
    wh: str  # who, when, where, how-many, how-much, what, which, why, how, yes-no
    expected: tuple[str, ...]  # spaCy labels an answer should carry (empty: any phrase)
    terms: tuple[str, ...]  # stemmed content tokens (for lexical matching)
    focus: str | None = None  # the noun after what/which/how many ("captives", "country")
    asks_publication_date: bool = False  # "When was this published?": about the article itself
    asks_reported: bool = False  # "What did X say / claim / believe?": the reported clause
    key_terms: tuple[str, ...] = ()  # stemmed names and numbers: "2022", "world", "cup"
    asks_latest: bool = False  # "now", "latest", "still", "so far": the current state of a story
    measure: str | None = None  # "money", "score", "time": what the answer must give (qa.measures)
    # a follow-up's swap: what of the previous question it replaced, and with what ("A Series of
    # Unfortunate Events", "Spanglish" for "What about Spanglish?"); set by the assistant
    swapped: tuple[str, str] | None = None


# words that ask for the current state of a story: its newest report weighs more
_LATEST = re.compile(r"\b(?:now|latest|still|so far|currently|current|most recent|to date|as of today|any more)\b")


def analyse(question: str) -> QuestionAnalysis:
    """Classify a question by its wh-word and the noun it asks about."""
    q = question.strip()
    low = q.lower()
    words = re.findall(r"[a-z0-9']+", low)
    wh = next((w for w in words if w in _WH), "yes-no")
    focus = None
    expected: tuple[str, ...] = ()
    if wh in ("who", "whom"):
        expected = PERSON_LIKE
    elif wh == "whose":
        expected = ("PERSON", "ORG", "NORP")
    elif wh == "when":
        expected = DATE_LIKE
    elif wh == "where":
        expected = PLACE_LIKE
    elif wh == "how":
        m = re.search(r"\bhow (many|much|long|old|far|often|big|large|tall|high|fast)\b(?:\s+([a-z]+))?", low)
        if m:
            kind, focus = m.group(1), m.group(2)
            wh = f"how-{kind}"
            expected = {
                "many": ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"),
                "much": ("MONEY", "QUANTITY", "PERCENT", "CARDINAL"),
                "long": ("DATE", "TIME", "QUANTITY"),
                "old": ("DATE", "CARDINAL"),
                "often": ("DATE", "TIME", "CARDINAL"),
            }.get(kind, ("QUANTITY", "CARDINAL", "MONEY", "PERCENT"))
    elif wh in ("what", "which"):
        m = re.search(r"\b(?:what|which)\s+(?:(?:kind|type|sort|name) of\s+)?([a-z]+)", low)
        if m and m.group(1) not in STOPWORDS | {"is", "was", "are", "were", "did", "does", "do", "has", "have", "will"}:
            focus = m.group(1)
        if focus:
            for pattern, labels in _NOUN_TYPES:
                if re.fullmatch(pattern, focus):
                    expected = labels
                    break
        if re.search(r"\bwhat (?:is|was)(?: the)? (?:name|names) of\b", low):
            expected = expected or ("PERSON", "ORG")
    terms = tuple(t for t in tokenize(q) if t not in _WH and t not in {"mani", "much", "long"})
    return QuestionAnalysis(
        text=q, wh=wh, expected=expected, terms=terms, focus=focus,
        asks_publication_date=bool(_PUBLICATION.search(q)),
        asks_reported=bool(_REPORTED.search(q)),
        key_terms=_key_terms(q),
        asks_latest=bool(_LATEST.search(low)),
        measure=asked_measure(q),
    )


def _key_terms(question: str) -> tuple[str, ...]:
    """Numbers and capitalised words past the first word (names, places, events), stemmed."""
    words = re.findall(r"[^\W_]+(?:[.'’][^\W_]+)*", question)
    keys = []
    for i, w in enumerate(words):
        if any(ch.isdigit() for ch in w) or (i > 0 and w[0].isupper() and w.lower() not in STOPWORDS and w != "I"):
            keys += tokenize(w)
    return tuple(dict.fromkeys(keys))


_WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*")
# "World Cup", "Saatchi & Saatchi", "Bank of England", "Novel of the Year": one name; a comma ends it
_JOINED = re.compile(r"\s+(?:(?:&|of|of the|for|de)\s+)?")
_POSSESSIVE = re.compile(r"['’]s$")
_INSIDE_NAMES = frozenset({"of", "the", "for", "de"})


def key_names(q: QuestionAnalysis) -> list[tuple[str, list[str]]]:
    """The question's key words as written, each with its stems: adjacent ones make one name
    ("World Cup", "Saatchi & Saatchi", "BBC Radio 2", "Bank of England", "Whitbread Novel of the
    Year"), ended by a comma, a possessive ("Japan's" -> "Japan"), a year or a number ("World Cup
    2006": "World Cup" and "2006")."""
    keys = set(q.key_terms)
    out: list[tuple[str, list[str]]] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if run:
            name = _POSSESSIVE.sub("", q.text[run[0].start() : run[-1].end()])
            out.append((name, tokenize(name)))
            run.clear()

    for m in _WORD.finditer(q.text):
        w = m.group(0)
        stems = tokenize(w)
        if stems and all(s in keys for s in stems) and (w[0].isupper() or w[0].isdigit()):
            last = run[-1].group(0) if run else ""
            # a number after a name is the name's ("BBC Radio 2", "Channel 4"), a year is not ("World Cup 2006")
            numbered = w.isdigit() and len(w) <= 3 and last[:1].isupper() and not _POSSESSIVE.search(last)
            if run and ((w[0].isdigit() and not numbered) or last[0].isdigit() or _POSSESSIVE.search(last)
                        or not _JOINED.fullmatch(q.text[run[-1].end() : m.start()])):
                close()
            run.append(m)
        elif not (run and w in _INSIDE_NAMES):  # "of", "the", "for", "de" inside a name keep it open
            close()
    close()
    return _unique(out)


def _unique(items: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    seen, out = set(), []
    for w, stems in items:
        if w not in seen:
            seen.add(w)
            out.append((w, stems))
    return out
