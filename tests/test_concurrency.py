"""Questions answered side by side in one process, through the real pipeline (embedded Chroma, the
shipped encoder and reader): no global lock, each question on one consistent snapshot of the store,
writes never making questions wait."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from index.documents import Document

STORIES = [
    ("strike", "Dock workers in Rotterdam went on strike on Monday. The union said 4,000 members stopped work."),
    ("festival", "The festival in Oslo was opened by Queen Sonja on Friday. About 20,000 visitors came."),
    ("bridge", "Engineers closed the bridge in Lisbon on Tuesday after cracks were found in a pillar."),
    ("raid", "Gunmen raided the village of Lakeside. Officials said 200 captives were taken by the gunmen."),
    ("harvest", "Farmers in Kansas brought in a record wheat harvest. Prices fell by ten percent."),
    ("election", "Voters in Ruritania elected Anna Berg as president with 54 percent of the vote."),
]
QUESTIONS = [
    "How many members stopped work in Rotterdam?",
    "Who opened the festival in Oslo?",
    "Why was the bridge in Lisbon closed?",
    "How many captives were taken in Lakeside?",
    "By how much did wheat prices fall?",
    "Who was elected president of Ruritania?",
]


def _key(answer) -> tuple:
    """What a reader sees of an answer: the span, the cited sentences and the confidence."""
    return answer.answer, tuple((c.doc_id, c.start, c.end) for c in answer.citations), answer.confidence


def test_answers_in_parallel_during_a_sync_equal_answers_of_one_snapshot(tmp_path):
    from qa import Assistant, Settings

    a = Assistant(settings=Settings(store=str(tmp_path / "s"), cache_dir=str(tmp_path / "cache"), index_batch=64))
    a.add([Document(id=i, text=t) for i, t in STORIES])
    before = {q: _key(a.ask(q)) for q in QUESTIONS}
    feed = tmp_path / "feed"
    feed.mkdir()
    for n in range(30):  # one sync batch: the store goes from one state to the next in one write
        (feed / f"wire-{n:02d}.txt").write_text(
            f"Shipping report {n}. The cargo vessel Nordic {n} reached Hamburg with {100 + n} containers of timber. "
            f"The harbour master said the voyage from Helsinki took {n % 5 + 2} days.", encoding="utf-8")

    span: dict[str, float] = {}

    def sync() -> None:
        span["start"] = time.monotonic()
        a.sync(feed)
        span["end"] = time.monotonic()

    def ask(q: str) -> tuple[str, tuple, float]:
        answer = a.ask(q)
        return q, _key(answer), time.monotonic()

    writer = threading.Thread(target=sync)
    with ThreadPoolExecutor(4) as pool:
        writer.start()
        futures = [pool.submit(ask, q) for q in QUESTIONS * 4]
        got = [f.result() for f in futures]
        writer.join()
    after = {q: _key(a.ask(q)) for q in QUESTIONS}

    during = [g for g in got if span["start"] <= g[2] <= span["end"]]
    assert during, "no question was answered while the sync ran: the test proved nothing"
    for q, key, _ in got:
        assert key in (before[q], after[q]), f"{q!r}: {key} is the answer of neither snapshot"
    assert all(after[q][0] is not None for q in QUESTIONS)
    assert len(a.documents()) == len(STORIES) + 30


def test_a_question_does_not_wait_for_a_write(tmp_path):
    from qa import Assistant
    from qa.service import Service

    service = Service(Assistant(tmp_path / "s"))
    service.assistant.add([Document(id=i, text=t) for i, t in STORIES[:2]])
    with service.write_lock:  # an upload or removal in progress
        done = []
        t = threading.Thread(target=lambda: done.append(service.ask("Who opened the festival in Oslo?")))
        t.start()
        t.join(timeout=60)
        assert done and done[0].answer == "Queen Sonja"
