"""Load: concurrent HTTP clients on 127.0.0.1 ask questions while a sync adds, removes and updates
articles (a small version of ``python -m bench.load``, same code).

Zero failed requests; every citation is exact against the old or the new version of its document
(never anything else); the sync did what the folder says; afterwards the index equals a clean
build of the final folder (ids, versions, sentence counts, stored sentences).
"""

from __future__ import annotations

from bench.load import run


def test_questions_under_a_concurrent_sync(tmp_path):
    report = run(tmp_path, clients=8, questions=3, initial=12, add=30, remove=5, update=2)
    assert report.errors == []
    assert report.requests == 24 and report.failed == 0
    assert report.citations_checked >= 20 and report.invalid_citations == 0
    assert report.during_sync >= 1, "no question was answered while the sync ran: the test proves nothing"
    assert report.equals_clean_build
    # the load is real questions: many answered from the asked article (those about articles the sync,
    # running at background priority, has not stored yet are rightly not answered)
    assert report.answered >= report.requests // 4
