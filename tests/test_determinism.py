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


def test_an_article_and_its_copy_answer_alike_in_every_process(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("ford_profits.txt", "gm_profits.txt"):
        shutil.copy(ROOT / "tests" / "data" / "trust" / name, corpus / name)
    shutil.copy(corpus / "ford_profits.txt", corpus / "ford_profits_resent.txt")  # an exact copy
    runs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", ASK, str(tmp_path / f"store{seed}"), str(corpus)],
                              env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert done.returncode == 0, done.stderr[-2000:]
        runs.add(done.stdout.strip().splitlines()[-1])
    assert len(runs) == 1, "\n".join(runs)
    answers = json.loads(runs.pop())
    assert answers[0][0] == "$104m"
