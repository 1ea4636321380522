"""Generative answers with a small LLM on NewsQA (MRQA dev half): latency and how often the check
rejects the LLM's citations.

    python -m bench.llm --n 30                         # the tiny packaged Gemma 3 270M, in process
    python -m bench.llm --n 30 --llm openai:http://127.0.0.1:8080/v1#qwen --store /tmp/nq

Same index and question sample as ``bench.quality`` (all 319 articles, random.Random(0)); the data
is read from ../shared/eval-data, never copied here. Per question: time to the LLM's first token
and to the checked answer (both from the question, retrieval included), the citation markers the
LLM wrote and how many the check rejected (a number it was not shown, or a sentence that does not
support the claim), claims supported or flagged, and fallbacks to the extractive answer.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.quality import (
    DEFAULT_DATA,
    load_newsqa,
    newsqa_documents,
    newsqa_id,
    normalize_answer,
    percentile,
    sample_questions,
)
from qa.generate import ECHO


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--llm", default="llamacpp:gemma3-270m", help="an --llm spec (default: the packaged tiny Gemma)")
    ap.add_argument("--store", help="store folder to (re)use; default: a fresh temporary folder")
    ap.add_argument("--max-tokens", type=int, default=128)
    ap.add_argument("--sentences", type=int, default=8)
    ap.add_argument("--json", type=Path, help="also write the figures and rows to this file")
    args = ap.parse_args(argv)

    from qa import Assistant, Settings

    records = load_newsqa(args.data)
    store = args.store or tempfile.mkdtemp(prefix="newsqa-llm-")
    settings = Settings(store=store, llm=args.llm, llm_max_tokens=args.max_tokens, llm_sentences=args.sentences,
                        llm_context=4096, llm_timeout=300.0)
    assistant = Assistant(settings=settings)
    report = assistant.add(newsqa_documents(records))
    print(f"index: {report.summary()}", file=sys.stderr)
    assistant.ask("warm up the models")  # loads the reader and the LLM outside the timings

    rows = []
    for k, (art, qa) in enumerate(sample_questions(records, args.n), 1):
        t = time.perf_counter()
        ans = assistant.ask(qa["question"])
        total = (time.perf_counter() - t) * 1000
        emitted = sum(c.rejected + len(c.citations) for c in ans.claims)
        echoed = sum(c.rejected for c in ans.claims if c.text == ECHO)  # "like [2] or [1][3]" of the instructions
        rows.append({
            "question": qa["question"], "gold": qa["answers"], "text": ans.text, "raw": assistant.generator.last_raw,
            "first_token_ms": ans.timings_ms.get("llm_first_token"), "total_ms": round(total, 1),
            "markers": emitted, "rejected": sum(c.rejected for c in ans.claims), "echoed_markers": echoed,
            "claims": len(ans.claims), "supported": sum(c.supported for c in ans.claims),
            "fallback": ans.llm_note, "right_article": bool(ans.citations) and ans.citations[0].doc_id == newsqa_id(art),
            "gold_in_citation": any(normalize_answer(g) in normalize_answer(c.sentence) for c in ans.citations
                                    for g in qa["answers"]),
        })
        print(f"{k}/{args.n} {total / 1000:.1f} s  markers {emitted} rejected {rows[-1]['rejected']}  "
              f"{'fallback: ' + ans.llm_note if ans.llm_note else 'generated'}", file=sys.stderr)

    firsts = [r["first_token_ms"] for r in rows if r["first_token_ms"] is not None]
    totals = [r["total_ms"] for r in rows]
    markers = sum(r["markers"] for r in rows)
    echoed = sum(r["echoed_markers"] for r in rows)
    claims = sum(r["claims"] for r in rows)
    figures = {
        "llm": assistant.generator.name,
        "questions": len(rows),
        "first_token_p50_ms": round(statistics.median(firsts), 1) if firsts else None,
        "total_p50_ms": round(statistics.median(totals), 1),
        "total_p95_ms": round(percentile(totals, 0.95), 1),
        "citation_markers": markers,
        "citations_rejected_pct": round(100 * sum(r["rejected"] for r in rows) / markers, 1) if markers else None,
        "markers_in_echoed_instructions": echoed,
        "citations_rejected_pct_without_echo": (
            round(100 * (sum(r["rejected"] for r in rows) - echoed) / (markers - echoed), 1) if markers > echoed else None),
        "claims": claims,
        "claims_unsupported_pct": round(100 * (claims - sum(r["supported"] for r in rows)) / claims, 1) if claims else None,
        "generated_answers_pct": round(100 * sum(r["fallback"] is None for r in rows) / len(rows), 1),
        "fallbacks": len([r for r in rows if r["fallback"]]),
        "gold_in_a_citation_pct": round(100 * sum(r["gold_in_citation"] for r in rows) / len(rows), 1),
    }
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"figures": figures, "rows": rows}, indent=1, ensure_ascii=False))
    return figures


if __name__ == "__main__":
    main()
