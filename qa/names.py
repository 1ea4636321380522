"""Is the answer's article about what the question names? Rules that hold whatever the models say.

- ``missing_names``: the names and numbers the question pins its fact to ("Toyota", "2008") that the
  answer's article does not carry, read as the article may write them: another spelling ("Haitian"
  / "Haiti"), in short or in full ("UN" / "United Nations"), a number written out ("$10B" / "$10
  billion"); and a name of two or more words whose words the article has only apart, while it
  writes the last one after another name ("Ed Miliband" of an article about David Miliband).
- ``of_the_category``: a span of a sentence about the men's final answers nothing about the women's.

``qa/extractive.py`` withholds an answer the first finds names missing from, and reads only the
proposals the second keeps; ``qa/explain.py`` words abstention reasons with the same readings.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from index.dates import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAY_NAMES
from index.lexical import STOPWORDS, stem, tokenize
from qa.question import QuestionAnalysis, key_names

if TYPE_CHECKING:
    from qa.reader import Proposal

NUMBER_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen",
    "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "half", "several", "few",
}


def article_terms(doc) -> set[str]:
    """Stemmed terms of an article's title and text."""
    return _article_terms(doc.id, doc.version, _article_text(doc))


def _article_text(doc) -> str:
    return (doc.title or "") + "\n" + doc.text


@lru_cache(maxsize=512)
def _article_terms(doc_id: str, version: str, text: str) -> frozenset[str]:
    return frozenset(_positions(doc_id, version, text))  # the article tokenised once, for both


_CALENDAR = frozenset(tokenize(" ".join([*MONTH_NAMES, *MONTH_ABBREVIATIONS, "sept", *WEEKDAY_NAMES])))


def missing_names(q: QuestionAnalysis, doc) -> list[str]:
    """The names and numbers the question pins its fact to ("Toyota", "2008") that the article does
    not carry: an answer about Ford is no answer about Toyota, however alike the sentences. Calendar
    words and the numbers of the article's own date ("on March 9", "in 1987") are the date's, not
    the article's text's, to match."""
    art = article_terms(doc)
    own_date = set(re.findall(r"\d+", doc.published or "")) | {d.lstrip("0") for d in re.findall(r"\d+", doc.published or "")}
    kind = _asked_kind(q.text)
    absent = [k for k in q.key_terms if k not in art and k not in _CALENDAR and k not in own_date and k != kind]
    if absent:  # written another way?
        shortened = _shortened(q, doc)
        absent = [k for k in absent if k not in shortened and not _spelled_alike(k, art) and not _same_number(k, art, doc.text, q.text)]
    return absent or names_apart(q, doc)


# the kind of person asked for, written as a title just after the question word: "Which MP for Derby North
# asked ...?" asks for a name ("Derby North's Bob Laxton"), not for an article that writes "MP"
_KIND_ASKED = re.compile(r"^\s*(?:[Aa]nd\s+)?(?:[Ww]hich|[Ww]hat)\s+(?P<kind>[A-Z][A-Za-z]*)\b")


def _asked_kind(question: str) -> str | None:
    m = _KIND_ASKED.match(question)
    if m is None or (m["kind"].lower() not in _TITLES and m["kind"] not in ("MP", "MEP", "MSP")):
        return None
    stems = tokenize(m["kind"])
    return stems[0] if stems else None


_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,6}s?\b")
_LINKING = frozenset({"of", "for", "the", "and", "&", "on", "de"})
_ALIASES = {"uk": ("britain", "british"), "us": ("america", "american"), "usa": ("america", "american")}
_FAMOUS_INITIALS = frozenset({"un", "us", "uk", "eu"})


def _shortened(q: QuestionAnalysis, doc) -> set[str]:
    """The question's key terms the article writes in full or in short: "UK" for "United Kingdom",
    "DA" for "District Attorney" (the initials of a run of capitalised words in the article; "UK" and
    "US" also for "Britain" and "America"), and the words of "United Nations" where the article says
    "U.N."."""
    art = article_terms(doc)
    initials = _initials(doc.id, doc.version, _article_text(doc))
    out = {
        t for a in _ACRONYM.findall(q.text) for t in tokenize(a.rstrip("s") if a.endswith("s") and a[:-1].isupper() else a)
        if t in initials or any(alias in art for alias in _ALIASES.get(t, ()))
    }
    for name, stems in key_names(q):
        words = [w for w in name.split() if w.lower() not in _LINKING]
        short = "".join(w[0] for w in words).lower()
        # two letters are someone's initials as often as a name's ("Michael Portillo" is no "MP")
        if len(words) >= 2 and short in art and (len(short) >= 3 or short in _FAMOUS_INITIALS):
            out.update(stems)
    return out


@lru_cache(maxsize=256)
def _initials(doc_id: str, version: str, text: str) -> frozenset[str]:
    """The initials of every run of two to six capitalised words on a line of the article ("United
    Nations Economic Commission for Europe": "un", "une", ..., "unece"), lower-cased; a dotted acronym
    gives its letters ("U.S. Coast Guard": "uscg"), and no run starts at a stop word ("Under New
    rules" is no "UN", "At Google" no "AG")."""
    word = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’-]*)"
    out: set[str] = set()
    for run in re.finditer(rf"{word}(?:[ \t]+(?:(?:of|for|the|and|&|on|de)[ \t]+)?{word})+", text):
        words = [w for w in run.group(0).split() if w.lower() not in _LINKING]
        letters = [w.replace(".", "").lower() if re.fullmatch(r"(?:[A-Z]\.)+", w) else w[0].lower() for w in words]
        for i, w in enumerate(words):
            if w.lower() in STOPWORDS:
                continue
            for j in range(i + 2, min(len(words), i + 6) + 1):
                out.add("".join(letters[i:j]))
    return frozenset(out)


_SCALE = {"bn": r"billion|bn", "b": r"billion|bn", "m": r"million|m", "k": r"thousand|,000"}
ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                  "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
CARDINAL_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()


def _same_number(key: str, terms, text: str, question: str) -> bool:
    """Does the article write the number another way: "$10B" as "$10 billion", "$1.5B" as "$1.5
    billion" (the key lost its point: "15b"), "30k" as "30,000", "9th" as "ninth", "3" as "three"?"""
    m = re.fullmatch(r"(\d+)(bn|b|m|k|st|nd|rd|th)?", key)
    if not m:
        return False
    number, suffix = int(m.group(1)), m.group(2)
    if suffix in _SCALE:
        asked = re.findall(r"(\d+(?:\.\d+)?)\s*(bn|b|m|k)\b", question, re.IGNORECASE)
        written = next((n for n, sfx in asked if n.replace(".", "") + sfx.lower() == key), m.group(1))
        pattern = rf"(?<![\d.,]){re.escape(written)}\s*(?:{_SCALE[suffix]})(?!\w|,\d)"
        return bool(re.search(pattern, text, re.IGNORECASE))
    words = ORDINAL_WORDS if suffix else CARDINAL_WORDS
    return 1 <= number <= len(words) and any(t in terms for t in tokenize(words[number - 1]))


# a competition's category: a sentence about the men's final answers no question about the women's
_CATEGORY = re.compile(r"\b(?:(men|women)['’]s|(ladies|boys|girls)['’]|(mens|womens))(?!\w)", re.IGNORECASE)
_SIDE = {"men": "men", "mens": "men", "boys": "men", "women": "women", "womens": "women", "ladies": "women",
         "girls": "women"}


def of_the_category(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals that may answer a question about one category of a competition ("Who won the
    women's singles?"): when the reader read about the other one ("Roger Federer won the men's
    singles title"), only spans of sentences that name the question's category; else all of them.
    A question naming no category, or both, keeps every proposal."""
    asked = categories(q.text)
    if len(asked) != 1:
        return proposals
    said = [categories(p.evidence.sentence) for p in proposals]
    if not any(c and not c & asked for c in said):
        return proposals
    return [p for p, c in zip(proposals, said, strict=True) if c & asked]


def of_the_swap(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a follow-up that swapped a thing of the previous question for another ("What about
    Spanglish?" after "How much did A Series of Unfortunate Events take in its debut weekend?";
    "And best actor?" after best actress), the proposals not of a sentence that names the thing
    replaced but not its replacement ("A Series of Unfortunate Events ... took $30.2m in its debut
    weekend" answers the previous question, not this one; "It had less than 50 staff when it floated in
    April 1996" does not answer "And now?")."""
    if q.swapped is None:
        return proposals
    old, new = (set(tokenize(text)) for text in q.swapped)
    if not old or old & new:  # (no word in the replacement: "now" for "when it floated in April 1996")
        return proposals

    def about_the_old(sentence: str) -> bool:
        words = set(tokenize(sentence))
        return old <= words and not new & words

    return [p for p in proposals if not about_the_old(p.evidence.sentence)]


def swap_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences are about what the follow-up replaced."""
    old, new = q.swapped
    return f"The closest sentences are about {old}, not {new}."


def categories(text: str) -> set[str]:
    """The categories of a competition a text names: "men", "women" ("men's", "ladies'", "girls'")."""
    return {_SIDE[next(g for g in m.groups() if g).lower()] for m in _CATEGORY.finditer(text)}


# "Israeli Cabinet", "British Airways": the word of a people qualifies a name, the article may put it
# elsewhere ("Israeli Prime Minister Ehud Olmert told his Cabinet")
_PEOPLE_WORD = re.compile(r"^[A-Z][a-z]+(?:an|ian|ean|ese|ish|i)$")
_NUMERAL = frozenset({*NUMBER_WORDS, "ii", "iii", "iv", "vi", "vii", "viii", "ix", "x", "xi", "xii"})


def names_apart(q: QuestionAnalysis, doc) -> list[str]:
    """The question's names of two or more words whose words the article carries, but never
    together, while it writes the name's last word after another name: its Miliband is another
    Miliband ("David Miliband", "his brother Ed" for "Ed Miliband")."""
    return [name for name, _stems in key_names(q)
            if written_together(name, doc) is False and another_of_the_name(name, doc)]


def another_of_the_name(name: str, doc) -> bool:
    """Does the article write the name's last word after a name word that is not the name's own
    ("David Miliband" for "Ed Miliband")? Titles ("Mr Miliband"), parties ("Democrat Obama"),
    possessives ("Labour's Miliband"), stop words, a sentence's first word ("Yesterday Miliband
    said", also after a quote or a dateline's "--") and the headline line are not other names."""
    words = [w.lower() for w in _without_titles(_POSSESSIVE_S.sub("", name))]
    text = doc.text
    tokens = _text_words(doc.id, doc.version, text)
    body = text.find("\n")
    for i, (word, start, _end) in enumerate(tokens):
        if start < body or _POSSESSIVE_S.sub("", word).lower() != words[-1]:
            continue
        j, k = i - 1, len(words) - 2
        while j >= 0 and k >= 0 and tokens[j][0].lower() == words[k]:
            j, k = j - 1, k - 1
        if k < 0 or j < 0 or tokens[j][1] < body:
            continue
        prev, prev_start, prev_end = tokens[j]
        between = text[prev_end : tokens[j + 1][1]]
        low = prev.lower().rstrip(".")
        if (not prev[:1].isupper() or not between.isspace() or _POSSESSIVE_END.search(prev)
                or low in STOPWORDS or low in _TITLES or low in _AFFILIATIONS or low in _SENTENCE_OPENERS):
            continue
        # a sentence's first word ("Yesterday Miliband said", also after a quote or a dateline's "--")
        # is a name only if the article never writes it in lower case
        opens = re.search(r"(?:[.!?:\n]|--|—)[\s\"'’”“‘(]*$", text[max(0, prev_start - 8) : prev_start])
        if not opens or low not in _lower_words(doc.id, doc.version, text):
            return True
    return False


@lru_cache(maxsize=64)
def _text_words(doc_id: str, version: str, text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.group(0), m.start(), m.end()) for m in _TEXT_WORD.finditer(text))


@lru_cache(maxsize=64)
def _lower_words(doc_id: str, version: str, text: str) -> frozenset[str]:
    """The words the article writes in lower case somewhere."""
    return frozenset(w for w, _s, _e in _text_words(doc_id, version, text) if w[:1].islower())


def untitled(name: str) -> str:
    """A name without the titles before it ("Mr Yang" -> "Yang", "Prime Minister Tony Blair" -> "Tony
    Blair"); other text as it is ("the coach", "Mr")."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and words[i].lower().rstrip(".") in _TITLES:
        i += 1
    return " ".join(words[i:]) if i and words[i][:1].isupper() else name


def _without_titles(name: str) -> list[str]:
    """The words of a name without its titles ("President Obama" -> "Obama")."""
    return [w for w in name.split() if w.lower().rstrip(".") not in _TITLES] or name.split()


_POSSESSIVE_END = re.compile(r"(?:['’]s|s['’])$")
_SENTENCE_OPENERS = frozenset("yesterday today tonight tomorrow meanwhile however later earlier still instead indeed "
                              "asked speaking last next".split())
_AFFILIATIONS = frozenset("democrat democrats republican republicans labour tory tories conservative conservatives "
                          "liberal liberals democratic socialist socialists green greens ukip snp".split())
_TEXT_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_POSSESSIVE_S = re.compile(r"['’]s?\b")
_TITLES = frozenset("""mr mrs ms miss dr sir dame lord lady president vice prime minister secretary chancellor senator
sen rep representative governor gov general gen colonel col major captain capt lieutenant coach manager boss chief
chairman chairwoman king queen prince princess pope rev reverend father saint st judge justice sergeant sgt professor
prof mayor ambassador commissioner inspector detective officer agent cardinal bishop archbishop sheikh""".split())


def compared_words(name: str) -> list[str]:
    """The words of a name ``written_together`` compares: not its titles, nor a leading word of a people
    ("Australian Open" has one: "Open")."""
    words = _without_titles(name)
    return words[1:] if words and _PEOPLE_WORD.match(words[0]) else words


def written_together(name: str, doc) -> bool | None:
    """Does the article write the name? True when its words stand together: within a word or two of
    each other, in any order ("President Barack Obama" for "President Obama", "the Cabinet of
    Israel"), or as one word ("ClimateCare"); False when they are all there, but apart; None when a
    word is missing, or the name is a single word once titles ("President Obama"), a leading word of
    a people ("Israeli Cabinet"), numerals ("World War One" / "World War I") and calendar words are
    left out of the comparison."""
    words = _without_titles(name)
    if _PEOPLE_WORD.match(words[0]):
        words = words[1:]
    stems = [s for s in dict.fromkeys(tokenize(" ".join(words)))
             if s not in _CALENDAR and s not in _NUMERAL and not s.isdigit()]
    if len(stems) < 2:
        return None
    art = article_terms(doc)
    if stem("".join(w.lower() for w in words)) in art:
        return True
    variants = [[s, *_alike(s, art)] if s in art else _alike(s, art) for s in stems]
    if not all(variants):
        return None
    return _together(variants, _positions(doc.id, doc.version, _article_text(doc)))


def _together(variants: list[list[str]], positions: dict[str, tuple[int, ...]]) -> bool:
    """Does one occurrence of the first word have each other word within ``len + 1`` words of it?"""
    reach = len(variants) + 1
    where = [sorted(p for v in vs for p in positions.get(v, ())) for vs in variants]
    for p in where[0]:
        if all(_near(ps, p, reach) for ps in where[1:]):
            return True
    return False


def _near(sorted_positions: list[int], p: int, reach: int) -> bool:
    i = bisect.bisect_left(sorted_positions, p - reach)
    return i < len(sorted_positions) and sorted_positions[i] <= p + reach


@lru_cache(maxsize=512)
def _positions(doc_id: str, version: str, text: str) -> dict[str, tuple[int, ...]]:
    """Where each stemmed term stands in the article (stop words left out)."""
    out: dict[str, list[int]] = {}
    for i, t in enumerate(tokenize(text)):
        out.setdefault(t, []).append(i)
    return {t: tuple(ps) for t, ps in out.items()}


# "Haiti" / "Haitian", "Europe" / "European", "Japan" / "Japanese" (stemmed: "japanes")
PEOPLE_ENDINGS = ("n", "an", "ian", "ean", "es", "ese", "i", "ish")


def _spelled_alike(key: str, terms: frozenset[str]) -> bool:
    """Does the article write the name another way: the word of its people or language ("Haitian"
    for "Haiti", "Europe" for "European"), or, for a long name, with one letter more or less
    ("Pacquiano" for "Pacquiao")? Not other names that merely start alike ("Martinez" / "Martin",
    "Johnston" / "Johnson", "Niger" / "Nigeria") or differ in a letter ("Andersen" / "Anderson")."""
    return bool(_alike(key, terms))


def _alike(key: str, terms: frozenset[str]) -> list[str]:
    """The article's other spellings of ``key`` (see ``_spelled_alike``)."""
    if len(key) < 5:
        return []
    out = []
    for t in _by_prefix(terms).get(key[:3], ()):
        short, long_ = sorted((key, t), key=len)
        if long_.startswith(short) and long_[len(short):] in PEOPLE_ENDINGS:
            out.append(t)
        elif len(short) >= 8 and len(long_) == len(short) + 1 and _one_more(short, long_):
            out.append(t)
    return out


def spelled_alike(a: str, b: str) -> bool:
    """Are two words one, however accented or spelt with a letter more ("Kücükdeveci" / "Kucukdeveci",
    "Pacquiano" / "Pacquiao"), or a people's word and its place's ("Haitian" / "Haiti")?"""
    a, b = _plain(a), _plain(b)
    return a == b or bool(_alike(a, frozenset({b})) or _alike(b, frozenset({a})))


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def lower_words(doc) -> frozenset[str]:
    """The words the article writes in lower case somewhere (a sentence's first word is a name only if it
    is not one of them)."""
    return _lower_words(doc.id, getattr(doc, "version", ""), getattr(doc, "text", ""))


def _one_more(a: str, b: str) -> bool:
    """``b`` is ``a`` with one letter added somewhere."""
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


@lru_cache(maxsize=256)
def _by_prefix(terms: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """An article's terms of 5+ letters by their first three."""
    out: dict[str, list[str]] = {}
    for t in terms:
        if len(t) >= 5:
            out.setdefault(t[:3], []).append(t)
    return {k: tuple(v) for k, v in out.items()}
