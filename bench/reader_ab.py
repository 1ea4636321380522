"""Two reader ONNX files, one pipeline: the same questions asked of both, alternating, on one store.

    python -m bench.reader_ab --store DIR --before OLD.onnx             # against the shipped file
    python -m bench.reader_ab --store DIR --before OLD.onnx --after NEW.onnx --n 300

Each question is asked of both assistants back to back, the order swapped every question, so the
machine's noise (on a shared 2-core VM the p50 of one `bench.quality` run moves by 20 ms between
identical runs) falls on both. Both use the shipped reader's folder (tokenizer, settings) and the
shipped answerability model; only the ONNX file the reader runs differs. Reports how many answers
differ and the p50 / mean latency of each. Questions: `bench.quality`'s sample of NewsQA dev-half
questions (read from the eval-data folder, never copied into the project); the store must hold its
articles (`python -m bench.quality --store DIR` builds it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import DEFAULT_DATA, load_newsqa, sample_questions  # noqa: E402


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True, help="a store holding bench.quality's articles")
    ap.add_argument("--before", type=Path, required=True, help="the reader ONNX file to compare against")
    ap.add_argument("--after", type=Path, help="the reader ONNX file to compare (default: the shipped one)")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)

    from qa import Assistant
    from qa.span_model import DEFAULT_MODEL_DIR, SpanModel

    assistants = {}
    for name, onnx in (("before", args.before), ("after", args.after or DEFAULT_MODEL_DIR / "model.int8.onnx")):
        a = Assistant(args.store)
        # its own model, not the one loaded model every assistant of the process shares
        a.reader.model = SpanModel(onnx_file=onnx)
        a.ask("warm up the models")
        assistants[name] = a
    times: dict[str, list[float]] = {"before": [], "after": []}
    differ = 0
    sample = sample_questions(load_newsqa(args.data), args.n)
    for k, (_article, qa) in enumerate(sample):
        answers = {}
        for name in ("before", "after") if k % 2 == 0 else ("after", "before"):
            t = time.perf_counter()
            ans = assistants[name].ask(qa["question"])
            times[name].append((time.perf_counter() - t) * 1000)
            answers[name] = (ans.answer, ans.confidence, ans.abstained)
        differ += answers["before"] != answers["after"]
    figures = {"questions": len(sample), "answers_differ": differ,
               **{f"{name}_p50_ms": round(statistics.median(v), 1) for name, v in times.items()},
               **{f"{name}_mean_ms": round(statistics.mean(v), 1) for name, v in times.items()}}
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    return figures


if __name__ == "__main__":
    main()
