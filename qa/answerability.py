"""Is the question answered here, and how likely is the answer right?

The reader always finds some span; whether the documents answer the question is a separate
decision. It is made from evidence the pipeline already has, as numbers (``features``): how much
of the question's content (terms, names, numbers, years) the cited sentence, its neighbours and its
article carry; whether the answer has the type asked for (a "how many" answer holds a number);
the reader's span and no-answer scores; score margins to the next proposal and to the best
proposal of another article; retrieval scores. Two small logistic models, trained on questions
asked of stores that do and do not hold their paragraph (``train/answerability.py``, SQuAD and
SQuADShifts, never NewsQA), turn them into

- ``answerable``: the probability that the documents answer the question (abstain below the
  model's threshold), and
- ``confidence``: the probability that the answer given is right (F1 >= 0.5), calibrated on
  held-out questions (isotonic), shown to the user.

The weights are a small JSON file (``models/answerability/model.json``): numpy only at run time.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.dates import MONTH_NAMES, WEEKDAY_NAMES
from index.errors import ConfigError
from index.lexical import tokenize
from qa.names import NUMBER_WORDS, article_terms
from qa.question import QuestionAnalysis
from qa.reader import window_terms as _window_terms

if TYPE_CHECKING:
    from qa.reader import Proposal
    from qa.retrieve import Evidence, Retrieval

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "answerability" / "model.json"

_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")
_TIME_WORDS = {
    *MONTH_NAMES, *WEEKDAY_NAMES, "today", "yesterday", "tomorrow", "week", "weeks", "month", "months", "year",
    "years", "day", "days", "hour", "hours", "minute", "minutes", "decade", "decades", "century", "morning",
    "evening", "night", "spring", "summer", "autumn", "fall", "winter", "ago", "since", "until", "season",
}

FEATURES = (
    "belief", "reader_margin", "span_score", "null_score", "evidence_score", "proposal_margin",
    "other_article_margin", "agreement", "dense", "article_score", "top_article_margin", "lexical",
    "coverage", "key_coverage", "article_coverage", "article_key_coverage", "missing_keys", "key_terms",
    "terms", "year_missing", "answer_in_question", "answer_tokens", "type_ok", "idf_coverage",
    "idf_article_coverage", "idf_top_article_coverage", "rare_missing", "related_coverage",
    "related_article_coverage",
)


@dataclass(frozen=True)
class Judgement:
    """The decision on one answer: P(the documents answer it), P(the answer is right), abstain?"""

    answerable: float
    confidence: float
    abstain: bool


def _share(terms, have: set[str]) -> float:
    terms = list(terms)
    return sum(t in have for t in terms) / len(terms) if terms else 1.0


def question_years(text: str) -> set[str]:
    """The years a question names ("in 2008", "the 1990s")."""
    return set(_YEAR.findall(text))


def type_agrees(q: QuestionAnalysis, answer: str) -> float:
    """Does the answer have the type asked for? 1 yes, 0 no, 0.5 when the question type says nothing."""
    low = answer.lower()
    words = set(re.findall(r"[a-z]+", low))
    has_digit = any(ch.isdigit() for ch in answer)
    if q.wh in ("how-many", "how-much"):
        return float(has_digit or bool(words & NUMBER_WORDS))
    if q.wh == "when" or (q.wh == "how-long"):
        return float(has_digit or bool(words & (_TIME_WORDS | NUMBER_WORDS)))
    if q.wh in ("who", "whom", "whose", "where"):
        return float(any(w[:1].isupper() for w in answer.split()))
    return 0.5


def features(q: QuestionAnalysis, retrieval: Retrieval, proposals: list[Proposal]) -> np.ndarray:
    """The decision's inputs for the best proposal, in the order of ``FEATURES``."""
    best = proposals[0]
    e: Evidence = best.evidence
    answer = e.sentence[best.span.start : best.span.end]
    second = proposals[1].score if len(proposals) > 1 else best.score - 10.0
    other = next((p.score for p in proposals[1:] if p.evidence.doc.id != e.doc.id), best.score - 10.0)
    same = sum(1 for p in proposals[:5] if _norm(p.text) == _norm(answer))
    articles = retrieval.articles
    top_margin = articles[0][1] - articles[1][1] if len(articles) > 1 else 1.0
    window = _window_terms(e, 1)
    wide = _window_terms(e, 2)
    art = article_terms(e.doc)
    keys = q.key_terms
    years = question_years(q.text)
    doc_text = (e.doc.title or "") + " " + e.doc.text + " " + (e.doc.published or "")
    q_terms = set(q.terms)
    a_terms = tokenize(answer)
    row = {
        "belief": best.span.score,
        "reader_margin": _clip((best.reader_score - best.null_score) / 10.0),
        "span_score": _clip(best.reader_score / 10.0),
        "null_score": _clip(best.null_score / 10.0),
        "evidence_score": best.evidence_score,
        "proposal_margin": _clip((best.score - second) / 10.0),
        "other_article_margin": _clip((best.score - other) / 10.0),
        "agreement": same / 5.0,
        "dense": e.dense,
        "article_score": e.article,
        "top_article_margin": top_margin,
        "lexical": e.lexical,
        "coverage": _share(q.terms, window),
        "key_coverage": _share(keys, wide),
        "article_coverage": _share(q.terms, art),
        "article_key_coverage": _share(keys, art),
        "missing_keys": math.log1p(sum(k not in art for k in keys)),
        "key_terms": math.log1p(len(keys)),
        "terms": math.log1p(len(q.terms)),
        "year_missing": float(any(y not in doc_text for y in years)),
        "answer_in_question": _share(a_terms, q_terms) if a_terms else 1.0,
        "answer_tokens": math.log1p(len(answer.split())),
        "type_ok": type_agrees(q, answer),
    }
    idf = retrieval.idf
    weight = {t: idf.get(t, 1.0) for t in q.terms}
    total = sum(weight.values()) or 1.0
    top_doc = next((ev.doc for ev in retrieval.evidence if articles and ev.doc.id == articles[0][0]), e.doc)
    top_terms = article_terms(top_doc)
    row["idf_coverage"] = sum(w for t, w in weight.items() if t in window) / total
    row["idf_article_coverage"] = sum(w for t, w in weight.items() if t in art) / total
    row["idf_top_article_coverage"] = sum(w for t, w in weight.items() if t in top_terms) / total
    # a word of the same family counts ("captives" / "captured"): stems that share their first 4 letters
    row["related_coverage"] = _share(q.terms, window) if not q.terms else sum(
        t in window or _related(t, window) for t in q.terms) / len(q.terms)
    row["related_article_coverage"] = _share(q.terms, art) if not q.terms else sum(
        t in art or _related(t, art) for t in q.terms) / len(q.terms)
    rare = sorted(weight, key=lambda t: -weight[t])[:2]  # the question's two rarest terms
    row["rare_missing"] = sum(t not in art for t in rare) / max(1, len(rare))
    return np.array([row[f] for f in FEATURES], dtype=np.float64)


def _related(term: str, terms) -> bool:
    """Does a term of the same word family stand in ``terms`` (stems of 5+ letters sharing 4)?"""
    if len(term) < 5:
        return False
    return _prefixes(frozenset(terms)).__contains__(term[:4])


@lru_cache(maxsize=256)
def _prefixes(terms: frozenset[str]) -> frozenset[str]:
    return frozenset(t[:4] for t in terms if len(t) >= 5)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _clip(x: float, lo: float = -3.0, hi: float = 3.0) -> float:
    return max(lo, min(hi, x))


class _Logistic:
    """A standardised logistic model (or a one-hidden-layer network, ``hidden`` given), optionally
    followed by an isotonic calibration map."""

    def __init__(self, spec: dict) -> None:
        self.mean = np.asarray(spec["mean"], dtype=np.float64)
        self.scale = np.asarray(spec["scale"], dtype=np.float64)
        self.coef = np.asarray(spec["coef"], dtype=np.float64)
        self.intercept = float(spec["intercept"])
        hidden = spec.get("hidden")
        self.w1 = np.asarray(hidden["weights"], dtype=np.float64) if hidden else None
        self.b1 = np.asarray(hidden["bias"], dtype=np.float64) if hidden else None
        iso = spec.get("isotonic")
        self.iso_x = np.asarray(iso["x"], dtype=np.float64) if iso else None
        self.iso_y = np.asarray(iso["y"], dtype=np.float64) if iso else None

    def __call__(self, x: np.ndarray) -> float:
        h = (x - self.mean) / self.scale
        if self.w1 is not None:
            h = np.maximum(h @ self.w1 + self.b1, 0.0)  # ReLU
        z = float(h @ self.coef + self.intercept)
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        if self.iso_x is not None:
            p = float(np.interp(p, self.iso_x, self.iso_y))
        return p


class AnswerabilityModel:
    """The trained decision: ``judge(features)`` -> ``Judgement``."""

    def __init__(self, path: str | Path = DEFAULT_MODEL, threshold: float | None = None) -> None:
        try:
            spec = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read the answerability model {str(path)!r}: {exc}") from exc
        if tuple(spec.get("features", ())) != FEATURES:
            raise ConfigError(f"{path}: the answerability model was trained on other features; retrain it "
                              "(python -m train.answerability)")
        self.answerable = _Logistic(spec["answerable"])
        self.right = _Logistic(spec["right"])
        self.threshold = float(spec["threshold"] if threshold is None else threshold)
        self.info = spec.get("info", {})

    def judge(self, x: np.ndarray, threshold: float | None = None) -> Judgement:
        """P(answerable), P(right) and whether to abstain (P(answerable) below the threshold)."""
        pa = self.answerable(x)
        pr = min(self.right(x), pa)  # an answer is no likelier right than the question is answered here
        limit = self.threshold if threshold is None else threshold
        return Judgement(answerable=pa, confidence=pr, abstain=pa < limit)


def reads_with_model(reader) -> bool:
    """The model was trained on the shipped learned reader's scores: other readers (the rules, another
    QA model folder) keep the reader's own confidence and the old threshold."""
    from qa.reader import LearnedReader
    from qa.span_model import DEFAULT_MODEL_DIR

    model = getattr(reader, "model", None)
    return isinstance(reader, LearnedReader) and Path(getattr(model, "model_dir", "")).resolve() == DEFAULT_MODEL_DIR


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> AnswerabilityModel | None:
    """The shipped (or given) model, or None when there is none (the old confidence rule is used)."""
    p = Path(path) if path else DEFAULT_MODEL
    return AnswerabilityModel(p) if p.is_file() else None
