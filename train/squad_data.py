"""Parsers for the reader's training data.

Two formats are supported, both returning a list of :class:`QAExample`
``(context, question, answer_start, answer_text)``:

* ``parse_squad_explorer_html(dir)`` -- SQuAD v1.1 train as the official
  SQuAD-explorer per-article HTML pages (no answer offsets: the span is
  recovered by string search; see ``locate_answer`` for how answers that occur
  more than once in the context are disambiguated).
* ``parse_squad_json(path)`` -- SQuAD-format JSON with offsets (SQuADShifts).
  Only the first answer of each question is used for training.

Standard library only.
"""
from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

TRAIN_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "train-data"  # beside the checkout
SQUAD_HTML_DIR = TRAIN_DATA / "squad-v1.1-train-explorer-html" / "train"
SQUADSHIFTS_DIR = TRAIN_DATA / "squadshifts"
SQUADSHIFTS_SETS = ("new_wiki", "reddit", "amazon_reviews")


class QAExample(NamedTuple):
    context: str
    question: str
    answer_start: int
    answer_text: str


@dataclass
class ParseStats:
    questions: int = 0
    ambiguous: int = 0           # answer text occurs more than once in the context
    ambiguous_not_first: int = 0  # ... and the chosen occurrence is not the first
    not_found: int = 0           # answer text not in the context (dropped)


_STOP = frozenset(
    """a an the of in on at to for from by with about as into over after before between through during
    and or but nor so yet if then than that this these those there here is are was were be been being am
    do does did doing have has had having what which who whom whose when where why how whats
    it its it's he she they them his her their we our you your i me my not no can could would should will
    shall may might must one also any some such other s""".split()
)
_WORD = re.compile(r"\w+", re.UNICODE)
_SENT_END = re.compile(r"[.!?][\"')\]]?\s+")


def _content_words(text: str) -> set[str]:
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP}


def locate_answer(context: str, question: str, answer: str, stats: ParseStats | None = None) -> int:
    """Char offset of ``answer`` in ``context`` (-1 if absent).

    If the answer string occurs more than once, pick the occurrence closest to
    the question's content words: candidates are ranked by (1) the number of
    distinct question content words (lower-cased, stop words removed) in the
    sentence that contains the candidate; ties go to the earliest occurrence.
    (A word-proximity tie-break was tried and was worse than "earliest".)
    On the 1,149 SQuAD v1.1 dev questions whose (first) gold answer string is
    ambiguous this recovers the annotated occurrence 81% of the time (first
    occurrence: 69%).
    """
    starts = []
    i = context.find(answer)
    while i != -1:
        starts.append(i)
        i = context.find(answer, i + 1)
    if not starts:
        if stats:
            stats.not_found += 1
        return -1
    if len(starts) == 1:
        return starts[0]
    if stats:
        stats.ambiguous += 1
    qwords = _content_words(question)
    # sentence boundaries (cheap splitter: . ! ? optionally followed by a quote/bracket, then whitespace)
    bounds = [0] + [m.end() for m in _SENT_END.finditer(context)] + [len(context)]
    best, best_key = starts[0], None
    for s in starts:
        e = s + len(answer)
        # 1) question content words shared with the sentence around the candidate (answer itself excluded)
        lo_c = max(b for b in bounds if b <= s)
        hi_c = min(b for b in bounds if b >= e)
        sent_words = {w.lower() for w in _WORD.findall(context[lo_c:s] + " " + context[e:hi_c])}
        overlap = len(qwords & sent_words)
        key = (overlap,)
        if best_key is None or key > best_key:  # strict: ties keep the earliest occurrence
            best, best_key = s, key
    if stats and best != starts[0]:
        stats.ambiguous_not_first += 1
    return best


_TITLE = re.compile(r'<h1 id="title">(.*?)</h1>', re.S)
_PARA = re.compile(r'<div class="para-wrap">')
_PRE = re.compile(r"<pre>(.*?)</pre>", re.S)
_QA = re.compile(r'<div class="qa-wrap">(.*?)</ol>', re.S)
_QUESTION = re.compile(r'<strong class="question">(.*?)</strong>', re.S)
_ANSWER = re.compile(r'<span class="answer">(.*?)</span>', re.S)


def parse_squad_explorer_page(page: str, stats: ParseStats | None = None) -> tuple[str, list[QAExample]]:
    m = _TITLE.search(page)
    title = html.unescape(m.group(1)) if m else ""
    out: list[QAExample] = []
    chunks = _PARA.split(page)[1:]
    for chunk in chunks:
        pm = _PRE.search(chunk)
        if not pm:
            continue
        context = html.unescape(pm.group(1))
        for qa in _QA.findall(chunk):
            qm = _QUESTION.search(qa)
            answers = [html.unescape(a) for a in _ANSWER.findall(qa)]
            if not qm or not answers:
                continue
            question = html.unescape(qm.group(1))
            if stats:
                stats.questions += 1
            ans = answers[0]  # train pages: exactly one answer
            start = locate_answer(context, question, ans, stats)
            if start >= 0:
                out.append(QAExample(context, question, start, ans))
    return title, out


def parse_squad_explorer_html(directory: str | Path = SQUAD_HTML_DIR, stats: ParseStats | None = None) -> list[QAExample]:
    out: list[QAExample] = []
    for f in sorted(Path(directory).glob("*.html")):
        _, exs = parse_squad_explorer_page(f.read_text(encoding="utf-8"), stats)
        out.extend(exs)
    return out


def parse_squad_json(path: str | Path, stats: ParseStats | None = None) -> list[QAExample]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out: list[QAExample] = []
    for art in data["data"]:
        for para in art["paragraphs"]:
            ctx = para["context"]
            for qa in para["qas"]:
                if stats:
                    stats.questions += 1
                answers = qa.get("answers") or []
                if not answers:
                    if stats:
                        stats.not_found += 1
                    continue
                a = answers[0]
                s, t = int(a["answer_start"]), a["text"]
                if ctx[s : s + len(t)] != t:
                    s = locate_answer(ctx, qa["question"], t, stats)
                    if s < 0:
                        continue
                out.append(QAExample(ctx, qa["question"], s, t))
    return out


def load_squadshifts(directory: str | Path = SQUADSHIFTS_DIR, sets=SQUADSHIFTS_SETS,
                     stats: ParseStats | None = None) -> list[QAExample]:
    out: list[QAExample] = []
    for name in sets:
        out.extend(parse_squad_json(Path(directory) / f"{name}_v1.0.json", stats))
    return out


def parse_all(squad_dir=SQUAD_HTML_DIR, shifts_dir=SQUADSHIFTS_DIR, sets=SQUADSHIFTS_SETS):
    """[(source, example)], SQuAD first then SQuADShifts (none when ``sets`` is empty), and both
    parse statistics."""
    st1, st2 = ParseStats(), ParseStats()
    rows = [("squad", e) for e in parse_squad_explorer_html(squad_dir, st1)]
    rows += [("shifts", e) for e in (load_squadshifts(shifts_dir, sets, st2) if sets else [])]
    return rows, st1, st2


def dump_jsonl(path: str | Path, squad_dir=SQUAD_HTML_DIR, shifts_dir=SQUADSHIFTS_DIR, sets=SQUADSHIFTS_SETS) -> dict:
    """Write all parsed training examples, SQuAD first then SQuADShifts, as gzipped JSON lines
    ``{"src", "context", "question", "answer_start", "answer_text"}`` (one self-contained file
    to carry to a GPU machine); ``load_jsonl`` reads it back in the same order."""
    import gzip

    rows, st1, st2 = parse_all(squad_dir, shifts_dir, sets)
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"squad_parse": vars(st1), "squadshifts_parse": vars(st2)}) + "\n")
        for src, e in rows:
            f.write(json.dumps({"src": src, **e._asdict()}, ensure_ascii=False) + "\n")
    return {"examples": len(rows), "squad_parse": vars(st1), "squadshifts_parse": vars(st2)}


def load_jsonl(path: str | Path) -> tuple[list[tuple[str, QAExample]], dict]:
    """Read a ``dump_jsonl`` file: ([(source, example)], parse statistics)."""
    import gzip

    with gzip.open(path, "rt", encoding="utf-8") as f:
        stats = json.loads(f.readline())
        rows = []
        for line in f:
            d = json.loads(line)
            src = d.pop("src")
            rows.append((src, QAExample(**d)))
    return rows, stats


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--dump":
    print(dump_jsonl(sys.argv[2]))
elif __name__ == "__main__":  # quick count check
    st = ParseStats()
    sq = parse_squad_explorer_html(sys.argv[1] if len(sys.argv) > 1 else SQUAD_HTML_DIR, st)
    print(f"SQuAD train: {st}, examples={len(sq)}")
    st2 = ParseStats()
    sh = load_squadshifts(stats=st2)
    print(f"SQuADShifts: {st2}, examples={len(sh)}")
    bad = sum(1 for e in sq + sh if e.context[e.answer_start:e.answer_start + len(e.answer_text)] != e.answer_text)
    print("offset mismatches:", bad)
