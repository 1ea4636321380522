"""Train the answerability decision and the calibrated confidence (``models/answerability/model.json``).

Data, built from the licensed training sets only (never NewsQA): SQuAD v1.1 train (SQuAD-explorer
pages) and, with ``--shifts``, SQuADShifts new_wiki. Each Wikipedia article is cut into documents
of a few consecutive paragraphs (about a news story's length). A quarter of the articles are left
out of the store entirely; of the others, every other document is left out. Questions whose
paragraph is stored are answerable; the others are not, and most of them have near-topic documents
(the same Wikipedia article's other parts) in the store: hard negatives. Near misses are added too:
answerable questions with their year or a name swapped for one the document does not carry
("... in 2008?" of a 2004 story) are not answerable.

Every question goes through the real pipeline (retrieval, the learned reader) and
``qa.answerability.features``; two logistic models are fitted on the training articles (split by
article, so no article is on both sides): P(answerable) and P(answer right: F1 >= 0.5, 0 when not
answerable). The second is calibrated with isotonic regression on the calibration articles. The
abstention threshold on P(answerable) is chosen on the calibration articles to answer
``--answer-rate`` of the answerable questions; the held-out test articles are only reported.

    python -m train.answerability                      # ~10 min on 2 cores
    python -m train.answerability --titles 60 --out /tmp/model.json   # a quick run

Needs scikit-learn at training time only (installed with sentence-transformers); the product reads
the JSON with numpy.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from train.squad_data import SQUAD_HTML_DIR, SQUADSHIFTS_DIR, parse_squad_explorer_page  # noqa: E402

OUT = ROOT / "models" / "answerability" / "model.json"
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_NAME = re.compile(r"(?<!^)(?<![.?!] )\b([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\b")


def squad_articles(limit: int | None, seed: int) -> list[tuple[str, list[tuple[str, list]]]]:
    """``limit`` SQuAD train articles (None: all) as (title, [(paragraph, [examples])]), chosen at random."""
    files = sorted(Path(SQUAD_HTML_DIR).glob("*.html"))
    random.Random(seed).shuffle(files)
    out = []
    for f in files[:limit]:
        title, examples = parse_squad_explorer_page(f.read_text(encoding="utf-8"))
        paragraphs: dict[str, list] = defaultdict(list)
        for e in examples:
            paragraphs[e.context].append(e)
        out.append((title or f.stem, list(paragraphs.items())))
    return out


def shifts_articles(limit: int | None, seed: int) -> list[tuple[str, list[tuple[str, list]]]]:
    """SQuADShifts new_wiki articles in the same shape."""
    from train.squad_data import QAExample

    data = json.loads((Path(SQUADSHIFTS_DIR) / "new_wiki_v1.0.json").read_text(encoding="utf-8"))
    arts = []
    for art in data["data"]:
        paras = []
        for p in art["paragraphs"]:
            exs = [QAExample(p["context"], qa["question"], int(qa["answers"][0]["answer_start"]), qa["answers"][0]["text"])
                   for qa in p["qas"] if qa.get("answers")]
            if exs:
                paras.append((p["context"], exs))
        if paras:
            arts.append((art.get("title", "untitled"), paras))
    random.Random(seed).shuffle(arts)
    return arts[:limit]


def build_corpus(articles, seed: int, per_doc: int = 4):
    """Documents (id, title, text, stored?) and questions (question, answers, doc id, answerable, kind)."""
    rng = random.Random(seed)
    docs, questions = [], []
    for a, (title, paragraphs) in enumerate(articles):
        absent_article = rng.random() < 0.25
        for k in range(0, len(paragraphs), per_doc):
            chunk = paragraphs[k : k + per_doc]
            doc_id = f"{title}#{k // per_doc}"
            stored = not absent_article and (k // per_doc) % 2 == 0
            text = "\n\n".join(p for p, _ in chunk)
            docs.append({"id": doc_id, "title": title.replace("_", " "), "text": text, "stored": stored, "article": a})
            for _, examples in chunk:
                for e in examples:
                    questions.append({"question": e.question, "answers": [e.answer_text], "doc": doc_id,
                                      "answerable": stored, "kind": "squad", "article": a})
    return docs, questions


def near_misses(questions, docs, seed: int, limit: int):
    """Answerable questions with their year or a name swapped for one their document lacks."""
    rng = random.Random(seed)
    text = {d["id"]: d["title"] + " " + d["text"] for d in docs}
    names = [m for q in questions for m in _NAME.findall(q["question"]) if len(m) > 3]
    out = []
    pool = [q for q in questions if q["answerable"]]
    rng.shuffle(pool)
    for q in pool:
        if len(out) >= limit:
            break
        doc = text[q["doc"]]
        years = _YEAR.findall(q["question"])
        if years:
            y = years[0]
            for _ in range(10):
                new = str(int(y) + rng.choice([-1, 1]) * rng.randint(2, 15))
                if new not in doc:
                    out.append({**q, "question": q["question"].replace(y, new, 1), "answerable": False,
                                "kind": "other_year"})
                    break
            continue
        found = _NAME.findall(q["question"])
        if found and names:
            old = found[0]
            for _ in range(10):
                new = rng.choice(names)
                if new != old and new not in doc:
                    out.append({**q, "question": q["question"].replace(old, new, 1), "answerable": False,
                                "kind": "other_name"})
                    break
    return out


def extract(assistant, questions, progress_every: int = 500):
    """Features and labels of every question, through the real pipeline."""
    from bench.quality import f1_score
    from qa.answerability import features
    from qa.measures import spans_to_read
    from qa.question import analyse

    X, rows = [], []
    t0 = time.perf_counter()
    for n, q in enumerate(questions, 1):
        qa = analyse(" ".join(q["question"].split()))
        retrieval = assistant.retriever.retrieve(qa)
        proposals = assistant.reader.propose(qa, retrieval.evidence, spans=spans_to_read(qa)) if retrieval.evidence else []
        if not proposals:
            continue
        best = proposals[0]
        pred = best.text
        f1 = max(f1_score(pred, g) for g in q["answers"]) if q["answerable"] else 0.0
        X.append(features(qa, retrieval, proposals))
        rows.append({**q, "pred": pred, "f1": f1, "right": q["answerable"] and f1 >= 0.5,
                     "right_doc": best.evidence.doc.id == q["doc"]})
        if n % progress_every == 0:
            print(f"  {n}/{len(questions)} questions, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return np.array(X), rows


def fit_logistic(X, y, C: float = 1.0, hidden: int = 0, seed: int = 13) -> dict:
    """A logistic model over standardised features, or (``hidden`` > 0) a one-hidden-layer ReLU
    network with a logistic output, as the JSON ``qa.answerability`` reads."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(X)
    scale = np.where(scaler.scale_ > 1e-9, scaler.scale_, 1.0)
    Z = (X - scaler.mean_) / scale
    head = {"mean": scaler.mean_.tolist(), "scale": scale.tolist()}
    if hidden:
        net = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=1e-3, max_iter=600, early_stopping=True,
                            random_state=seed).fit(Z, y)
        return {**head, "hidden": {"weights": net.coefs_[0].tolist(), "bias": net.intercepts_[0].tolist()},
                "coef": net.coefs_[1][:, 0].tolist(), "intercept": float(net.intercepts_[1][0])}
    model = LogisticRegression(C=C, max_iter=2000).fit(Z, y)
    return {**head, "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0])}


def isotonic(p, y) -> dict:
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(p, y)
    return {"x": [float(v) for v in iso.X_thresholds_], "y": [float(v) for v in iso.y_thresholds_]}


def ece(p, y, bins: int = 10) -> float:
    p, y = np.asarray(p), np.asarray(y, dtype=float)
    total = 0.0
    for b in range(bins):
        m = (p >= b / bins) & ((p < (b + 1) / bins) | (b == bins - 1))
        if m.any():
            total += m.sum() / len(p) * abs(p[m].mean() - y[m].mean())
    return round(float(total), 4)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--titles", type=int, default=120, help="SQuAD train articles to use")
    ap.add_argument("--shifts", type=int, default=0, help="also this many SQuADShifts new_wiki articles")
    ap.add_argument("--questions-per-article", type=int, default=40)
    ap.add_argument("--near-misses", type=float, default=0.15, help="share of near-miss questions to add")
    ap.add_argument("--answer-rate", type=float, default=0.88, help="answerable questions to answer (calibration)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--hidden", type=int, default=0, help="hidden units (0: logistic regression)")
    ap.add_argument("--threshold", type=float, help="the abstention threshold on P(answerable) (default: the "
                    "one that answers --answer-rate of the calibration articles' answerable questions)")
    ap.add_argument("--store", help="store folder (default: a temporary folder)")
    ap.add_argument("--features", type=Path, help="cache of extracted features (.npz + .json): reused when present")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    cache = args.features
    if cache and cache.with_suffix(".npz").is_file():
        X = np.load(cache.with_suffix(".npz"))["X"]
        rows = json.loads(cache.with_suffix(".json").read_text())
    else:
        X, rows = build_and_extract(args)
        if cache:
            np.savez_compressed(cache.with_suffix(".npz"), X=X)
            cache.with_suffix(".json").write_text(json.dumps(rows))
    result = fit(X, rows, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result["info"], indent=1))
    return result


def build_and_extract(args) -> tuple[np.ndarray, list[dict]]:
    """Build the stores' documents and questions, index the stored ones, run every question."""
    from qa import Assistant, Document

    articles = squad_articles(args.titles, args.seed)
    if args.shifts:
        articles += shifts_articles(args.shifts, args.seed)
    docs, questions = build_corpus(articles, args.seed)
    rng = random.Random(args.seed)
    by_article: dict[int, list] = defaultdict(list)
    for q in questions:
        by_article[q["article"]].append(q)
    questions = []
    for qs in by_article.values():
        rng.shuffle(qs)
        questions += qs[: args.questions_per_article]
    questions += near_misses(questions, docs, args.seed, int(args.near_misses * len(questions)))
    stored = [Document(id=d["id"], text=d["text"], title=d["title"]) for d in docs if d["stored"]]
    assistant = Assistant(args.store or tempfile.mkdtemp(prefix="newsqa-answerability-"))
    t0 = time.perf_counter()
    assistant.add(stored)
    print(f"{len(stored)} of {len(docs)} documents stored in {time.perf_counter() - t0:.0f} s; "
          f"{len(questions)} questions ({sum(q['answerable'] for q in questions)} answerable)", file=sys.stderr)
    assistant.ask("warm up")
    return extract(assistant, questions)


def fit(X: np.ndarray, rows: list[dict], args) -> dict:
    """Fit both heads on the training articles, calibrate and pick the threshold on the calibration
    articles, report on the test articles."""
    from qa.answerability import FEATURES

    arts = sorted({r["article"] for r in rows})
    random.Random(args.seed).shuffle(arts)
    n = len(arts)
    part = {a: ("train" if i < 0.6 * n else "calib" if i < 0.8 * n else "test") for i, a in enumerate(arts)}
    split = np.array([part[r["article"]] for r in rows])
    ya = np.array([r["answerable"] for r in rows], dtype=int)
    yr = np.array([r["right"] for r in rows], dtype=int)
    tr, ca, te = split == "train", split == "calib", split == "test"

    head_a = fit_logistic(X[tr], ya[tr], hidden=args.hidden, seed=args.seed)
    head_r = fit_logistic(X[tr], yr[tr], hidden=args.hidden, seed=args.seed)
    spec = {"features": list(FEATURES), "answerable": head_a, "right": {**head_r}, "threshold": 0.5}
    from qa.answerability import _Logistic

    raw_r = np.array([_Logistic(head_r)(x) for x in X])
    spec["right"]["isotonic"] = isotonic(raw_r[ca], yr[ca])
    pa = np.array([_Logistic(head_a)(x) for x in X])
    pr = np.minimum(np.array([_Logistic(spec["right"])(x) for x in X]), pa)
    ans_calib = np.sort(pa[ca & (ya == 1)])
    threshold = float(ans_calib[int((1 - args.answer_rate) * len(ans_calib))])
    if args.threshold is not None:  # chosen elsewhere (bench.abstention --part tune --sweep)
        threshold = args.threshold
    spec["threshold"] = round(threshold, 4)

    def report(mask) -> dict:
        given = mask & (pa >= threshold)
        return {
            "questions": int(mask.sum()), "answerable": int((mask & (ya == 1)).sum()),
            "abstain_unanswerable_pct": round(100 * float((pa[mask & (ya == 0)] < threshold).mean()), 1),
            "answer_answerable_pct": round(100 * float((pa[mask & (ya == 1)] >= threshold).mean()), 1),
            "precision_given_pct": round(100 * float(yr[given].mean()), 1) if given.any() else 0.0,
            "ece_confidence_given": ece(pr[given], yr[given]),
            "auc_answerable": _auc(pa[mask], ya[mask]),
        }

    spec["info"] = {
        "trained": time.strftime("%Y-%m-%d"),
        "data": "SQuAD v1.1 train" + (" + SQuADShifts new_wiki" if args.shifts else ""),
        "articles": {"train": int(sum(v == "train" for v in part.values())), "calib": int(sum(v == "calib" for v in part.values())),
                     "test": int(sum(v == "test" for v in part.values()))},
        "kinds": {k: int(sum(r["kind"] == k for r in rows)) for k in sorted({r["kind"] for r in rows})},
        "answer_rate": args.answer_rate,
        "threshold_from": "--threshold" if args.threshold is not None else "calibration articles",
        "calib": report(ca),
        "test": report(te),
        "model": f"one hidden layer of {args.hidden} (ReLU)" if args.hidden else "logistic regression",
    }
    return spec


def _auc(p, y) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, p)), 4) if len(set(y.tolist())) > 1 else 0.0


if __name__ == "__main__":
    main()
