"""The same question on the same articles gets the same answer in every process.

Python salts the hashes of strings per process (PYTHONHASHSEED), so anything that orders by a set
of strings differs from one run to the next. An article and its exact copy (a wire re-send) score
alike sentence for sentence; their ties were broken by a set's order, so the evidence, the windows
read and the answer changed with the process (BBC: "How many Americans own an MP3 player?" answered
'22 million' in some processes and 'One in 10 adult Americans - equivalent to 22 million' in others).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np

from tests.conftest import ROOT

ASK = r"""
import json, sys
from qa import Assistant
a = Assistant(sys.argv[1])
a.add_files([sys.argv[2]])
out = []
for q in ("How much did Ford earn in the last three months of 2004?", "What did the company say about its car sales?"):
    r = a.ask(q)
    out.append([r.answer, r.confidence, [(c.doc_id, c.sentence_index, c.start, c.end) for c in r.citations + r.related]])
print(json.dumps(out))
"""


def last_line(script: str, seed: str, *args) -> str:
    """The last line ``script`` prints in a new Python process with PYTHONHASHSEED ``seed``."""
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


def test_an_article_and_its_copy_answer_alike_in_every_process(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("ford_profits.txt", "gm_profits.txt"):
        shutil.copy(ROOT / "tests" / "data" / "trust" / name, corpus / name)
    shutil.copy(corpus / "ford_profits.txt", corpus / "ford_profits_resent.txt")  # an exact copy
    runs = {last_line(ASK, seed, tmp_path / f"store{seed}", corpus) for seed in ("1", "2", "3", "4")}
    assert len(runs) == 1, "\n".join(runs)
    answers = json.loads(runs.pop())
    assert answers[0][0] == "$104m"


NEAREST = r"""
import hashlib, sys
import numpy as np
from index.store import SentenceStore
store = SentenceStore(sys.argv[1])
queries = np.random.default_rng(1).standard_normal((30, 384)).astype(np.float32)
hits = [[(h.doc_id, h.index) for h in store.query_sentences(q / np.linalg.norm(q), 50)] for q in queries]
print(hashlib.sha1(repr(hits).encode()).hexdigest())
"""


def test_every_process_finds_the_same_nearest_sentences(tmp_path):
    """Chroma saves its vector graph every ``sync_threshold`` vectors (1,000 by default); a process
    that opens the store inserts the unsaved rest again, in another order each time, and the
    approximate nearest neighbours then differ from one process to the next. The store has Chroma
    save after every write, so each process opens the same graph."""
    from index.documents import SentenceSpan, StoredDocument
    from index.store import SentenceStore

    rng = np.random.default_rng(0)
    store = SentenceStore(tmp_path / "store")
    for batch in range(9):  # 9 writes of 40 articles x 13 sentences: 4,680 vectors
        items = []
        for a in range(40):
            text = " ".join(f"Sentence {i}." for i in range(13))
            spans, at = [], 0
            for i in range(13):
                end = text.index(".", at) + 1
                spans.append(SentenceSpan(i, at, end, 0))
                at = end + 1
            doc = StoredDocument(id=f"doc-{batch}-{a}", version="v1", text=text, sentences=spans)
            vectors = rng.standard_normal((13, 384)).astype(np.float32)
            items.append((doc, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)))
        store.put_many(items)
    del store
    seen = {last_line(NEAREST, seed, tmp_path / "store") for seed in ("1", "2", "3")}
    assert len(seen) == 1, f"{len(seen)} different sets of nearest sentences in 3 processes"
