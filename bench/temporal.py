"""Time-sensitive questions on Reuters-21578 (reut2-000 to reut2-010, 11,000 wires of 1987).

    python -m bench.temporal                      # builds the set if missing, indexes, asks
    python -m bench.temporal --store /tmp/reuters # reuse the index between runs

The set (`python -m bench.temporal_set`, kept outside the repository) has four kinds:
- latest: a plain question whose right answer is the newest value in its story (an older article
  gives another); an answer equal to an older value is counted as *outdated*;
- as-of: the same with ``until`` (asked with ``Assistant.ask(until=...)``): the newest value on or
  before that day; a newer value given is counted as *from the future*;
- date in question: the question names the day ("on March 9"; read against ``--today``, by default the
  day after the newest article); the value of another day is wrong;
- timeline: a topic with dated events: the share of the events whose sentence ``timeline(topic)``
  gives as an entry (or an entry from the event's article), and whether entries come in date order.
An answer is right when its F1 against the gold value is >= 0.5 or the gold value stands in the
first cited sentence of an article that carries it. Also reported: answers citing two copies of one
story (the set's copy groups), and query p50 with and without a date filter.
The data is read from the eval-data folder (research use only), never copied into the project.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import f1_score, normalize_answer  # noqa: E402
from bench.temporal_set import DEFAULT_DATA, DEFAULT_OUT, load_set, reuters_documents  # noqa: E402


def matches(ans, value: str, docs: set[str]) -> bool:
    """Is the answer this value (F1 >= 0.5, or the value in the first cited sentence of one of ``docs``)?"""
    if ans.abstained:
        return False
    if f1_score(ans.answer, value) >= 0.5:
        return True
    c = ans.citations[0]
    return c.doc_id in docs and normalize_answer(value) in normalize_answer(c.sentence)


def _docs(item: dict) -> set[str]:
    return {item["doc_id"], *(a["doc_id"] for a in item.get("also", []))}


def grade_value_items(assistant, items: list[dict], others_key: str, with_until: bool) -> dict:
    """latest / as-of / date-in-question: right, and answers that are another reported value."""
    right = other = 0
    latencies: list[float] = []
    for it in items:
        kwargs = {"until": it["until"]} if with_until and it.get("until") else {}
        t = time.perf_counter()
        ans = assistant.ask(it["question"], **kwargs)
        latencies.append((time.perf_counter() - t) * 1000)
        if matches(ans, it["answer"], _docs(it)):
            right += 1
        elif any(matches(ans, o["answer"], {o["doc_id"]}) for o in it.get(others_key, [])):
            other += 1
    return {"items": len(items), "right": right, "another_value": other,
            "p50_ms": round(statistics.median(latencies), 1) if latencies else 0.0}


def grade_timelines(assistant, items: list[dict]) -> dict:
    """``assistant.timeline(topic)`` against each topic's dated events: events whose sentence is an
    entry (``events_found``; ``events_in_article``: an entry from the event's article), entries in
    date order, copies cited twice in one timeline, and the p50 time of a timeline."""
    found = in_article = total = ordered = pairs = twice = 0
    latencies = []
    for it in items:
        t = time.perf_counter()
        tl = assistant.timeline(it["topic"])
        latencies.append((time.perf_counter() - t) * 1000)
        shown = {(e.citation.doc_id, e.citation.start) for e in tl.entries}
        docs = {e.citation.doc_id for e in tl.entries}
        total += len(it["events"])
        found += sum((e["doc_id"], e["sentence_start"]) in shown for e in it["events"])
        in_article += sum(e["doc_id"] in docs for e in it["events"])
        days = [e.published for e in tl.entries]
        pairs += max(0, len(days) - 1)
        ordered += sum(a <= b for a, b in zip(days, days[1:], strict=False))
        seen = [e.citation.sentence for e in tl.entries]
        twice += len(seen) != len(set(seen))
    return {"topics": len(items), "events": total, "events_found": found, "events_in_article": in_article,
            "entries_in_date_order": f"{ordered}/{pairs}", "timelines_repeating_a_sentence": twice,
            "p50_ms": round(statistics.median(latencies), 1) if latencies else 0.0}


def copy_citations(assistant, questions: list[str], copies: list[list[int]]) -> int:
    """Answers that cite two articles of one copy group."""
    group = {f"reuters-{n}": i for i, g in enumerate(copies) for n in g}
    twice = 0
    for q in questions:
        ans = assistant.ask(q)
        seen = [group[c.doc_id] for c in ans.citations if c.doc_id in group]
        twice += len(seen) != len(set(seen))
    return twice


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the reuters-21578 folder")
    ap.add_argument("--set", type=Path, default=DEFAULT_OUT, help="the question set (built when missing)")
    ap.add_argument("--store", help="store folder to (re)use; default: a fresh temporary folder")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--today", help="the reference day for dates in questions (default: the day after the newest "
                                    "article, as an archive user sets NEWSQA_TODAY)")
    args = ap.parse_args(argv)

    from qa import Assistant, Document, Settings

    if not args.set.expanduser().is_file():
        from bench import temporal_set

        temporal_set.main(["--data", str(args.data), "--out", str(args.set)])
    qset = load_set(args.set)
    records = reuters_documents(args.data)
    newest = max(d["published_at"][:10] for d in records if d["published_at"])
    today = args.today or (datetime.date.fromisoformat(newest) + datetime.timedelta(days=1)).isoformat()
    assistant = Assistant(args.store or tempfile.mkdtemp(prefix="newsqa-temporal-"), settings=Settings.load(today=today))
    docs = [Document(id=d["id"], text=d["text"], title=d["title"] or None, published=d["published_at"], source="Reuters")
            for d in records]
    t0 = time.perf_counter()
    report = assistant.add(docs)
    print(f"indexed {len(docs)} articles in {time.perf_counter() - t0:.0f} s ({report.summary()})", file=sys.stderr)
    assistant.ask("warm up the models")
    result = {
        "latest": grade_value_items(assistant, qset["latest"], "older", with_until=False),
        "as_of": grade_value_items(assistant, qset["as_of"], "newer", with_until=True),
        "date_in_question": grade_value_items(assistant, qset["date_in_question"], "other_dates", with_until=False),
        "timeline": grade_timelines(assistant, qset["timeline"]),
        "answers_citing_two_copies": copy_citations(
            assistant, [it["question"] for k in ("latest", "as_of", "date_in_question") for it in qset[k]], qset["copies"]
        ),
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
