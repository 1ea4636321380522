"""Sentence splitting with character offsets into the cleaned text.

Paragraphs first (a line is never joined to the next: headlines stay on their own), then
sentences inside each paragraph. Rule-based and fast (no model): it knows news conventions,
i.e. abbreviations and initials ("U.S.", "Sen.", "J. Smith"), closing quotes after the full
stop, ellipses, and datelines ("WASHINGTON (Reuters) -" stays with its sentence).
"""

from __future__ import annotations

import re

from index.documents import SentenceSpan

# Abbreviations after which a full stop does not end a sentence (lowercased, without the dot).
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col sgt capt cmdr adm maj cpl pvt sen rep gov pres supt insp det
    st ste mt ft jr sr rev hon fr msgr
    inc corp co ltd llc plc bros dept univ assn est approx
    vs v etc al cf eg ie viz
    no nos vol pp fig figs ch sec art
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev
    okla ore pa tenn tex va vt wash wis wyo
    a.m p.m
    """.split()
)
# Abbreviations that end a name ("Hank Williams Jr.", "Apple Inc."), so may end a sentence too.
_NAME_ENDINGS = frozenset("jr sr inc corp co ltd llc plc bros".split())
# Words that usually start a sentence: after "U.S." they mean the sentence did end there.
_SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i but and in on at as this that these those there his her its their "
    "after before when while however meanwhile also some many most other officials police".split()
)
# Candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+([\"'“‘«(\[]*)(\S+)")


def _word_before(text: str, pos: int) -> str:
    """The token that ends at ``pos`` (the terminal punctuation's position)."""
    start = pos
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "\"'“‘(":
        start -= 1
    return text[start:pos]


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    punct = match.group(0)
    nxt = _NEXT_START.match(text, match.end())
    if nxt is None:
        return False
    opener, next_word = nxt.group(1), nxt.group(2)
    first = next_word[0]
    # A sentence starts with a capital, a digit or an opening quote; lowercase means it goes on.
    if not (first.isupper() or first.isdigit() or opener):
        return False
    if punct[0] != ".":
        return True
    if punct.startswith("..."):
        return first.isupper()
    word = _word_before(text, match.start())
    bare = word.rstrip(".").lower()
    if bare in _NAME_ENDINGS:  # "country star Hank Williams Jr. He wrote ...": ends a sentence before a starter
        return next_word.lower().strip("\"'“‘,") in _SENTENCE_STARTERS
    if bare in _ABBREVIATIONS:
        return False
    # Initials and dotted acronyms: "J." "U.S." "U.N." -- ends a sentence only before a typical starter.
    if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word) and (len(word) == 1 or "." in word):
        return next_word.lower().strip("\"'“‘,") in _SENTENCE_STARTERS
    # Numbers such as "No. 5" or list items "1." at the start of a line.
    if word.isdigit() and match.start() - len(word) <= 0:
        return False
    return True


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-empty lines (paragraphs or headlines), whitespace trimmed."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def split_sentences(text: str, max_chars: int = 1200) -> list[SentenceSpan]:
    """Split ``text`` into sentences; ``text[s.start:s.end]`` is each sentence, trimmed.

    Sentences never cross a paragraph (line) boundary. Overlong sentences (lists, tables
    flattened to text) are cut at ``;`` or whitespace so each stays under ``max_chars``.
    """
    spans: list[SentenceSpan] = []
    for p, (pstart, pend) in enumerate(split_paragraphs(text)):
        para = text[pstart:pend]
        cuts = [0]
        for m in _BOUNDARY.finditer(para):
            if _is_boundary(para, m):
                cuts.append(m.end())
        cuts.append(len(para))
        for a, b in zip(cuts, cuts[1:], strict=False):
            for a2, b2 in _cap_length(para, a, b, max_chars):
                while a2 < b2 and para[a2].isspace():
                    a2 += 1
                while b2 > a2 and para[b2 - 1].isspace():
                    b2 -= 1
                if b2 > a2:
                    spans.append(SentenceSpan(len(spans), pstart + a2, pstart + b2, p))
    return _merge_fragments(text, spans)


def _cap_length(para: str, a: int, b: int, max_chars: int) -> list[tuple[int, int]]:
    out = []
    while b - a > max_chars:
        window = para[a : a + max_chars]
        cut = max(window.rfind("; "), window.rfind(", "))
        if cut < max_chars // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = max_chars
        out.append((a, a + cut + 1))
        a = a + cut + 1
    out.append((a, b))
    return out


def _merge_fragments(text: str, spans: list[SentenceSpan]) -> list[SentenceSpan]:
    """Join a fragment without letters (e.g. a stray "...") to the sentence before it."""
    merged: list[SentenceSpan] = []
    for s in spans:
        frag = text[s.start : s.end]
        if merged and merged[-1].paragraph == s.paragraph and not re.search(r"[^\W\d_]{2}", frag):
            prev = merged[-1]
            merged[-1] = SentenceSpan(prev.index, prev.start, s.end, prev.paragraph)
        else:
            merged.append(SentenceSpan(len(merged), s.start, s.end, s.paragraph))
    return merged
