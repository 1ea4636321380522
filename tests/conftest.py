"""Shared fixtures: real Chroma stores in temporary folders, the real packaged models."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_cf9cc913bd578db9.txt"


@pytest.fixture(scope="session")
def seeded(tmp_path_factory):
    """An Assistant over an embedded store holding the seed article (read-only use)."""
    from qa import Assistant

    assistant = Assistant(tmp_path_factory.mktemp("seeded"))
    report = assistant.add_files([str(SEED)])
    assert report.added == [str(SEED)]
    return assistant


def assert_citations_exact(assistant, answer) -> None:
    """Every citation (and related sentence) of the answer is its stored article's text at its offsets,
    of the version cited, and the answer span lies inside it, word for word."""
    for c in answer.citations + answer.related:
        doc = assistant.get_document(c.doc_id)
        assert doc.version == c.version
        assert doc.text[c.start : c.end] == c.sentence
        if c.answer_start is not None:
            assert c.start <= c.answer_start < c.answer_end <= c.end
            assert doc.text[c.answer_start : c.answer_end] == answer.answer


def add_article(assistant, tmp_path, name: str, text: str):
    """Write an article made for a test into ``tmp_path`` (UTF-8) and index it; its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assistant.add_files([str(path)])
    return path


def answered_exactly(assistant, question: str, expected: str, **kwargs):
    """Ask; the answer must be ``expected``, cited exactly (``assert_citations_exact``). The answer."""
    answer = assistant.ask(question, **kwargs)
    assert answer.answer == expected
    assert_citations_exact(assistant, answer)
    return answer


def proposal(sentence: str, span: str, doc: str = "a", index: int = 0, article: str | None = None):
    """A reader's proposal of ``span`` (its first occurrence) in ``sentence``, for the rules that read
    proposals (``qa.extractive._RULES``): its evidence holds only the sentence, the article's id and
    the sentence's index (and the article's text, when given)."""
    from types import SimpleNamespace

    from qa.reader import Proposal, Span

    start = sentence.index(span)
    stored = SimpleNamespace(id=doc) if article is None else SimpleNamespace(id=doc, version="", text=article)
    evidence = SimpleNamespace(sentence=sentence, doc=stored, index=index)
    return Proposal(evidence, Span(start, start + len(span), 1.0), 1.0, 1.0)


def kept_by_the_rules(question: str, *read):
    """``qa.extractive._kept`` for ``question`` and the proposals ``read``: the proposals every rule keeps,
    and why none is left (or why the best one was set aside)."""
    from qa.extractive import _kept
    from qa.question import analyse

    return _kept(analyse(question), list(read))


def keeps(rule, question: str, sentence: str, span: str) -> bool:
    """Does ``rule`` (one of ``qa.extractive._RULES``) keep the reader's proposal of ``span`` in ``sentence``
    for ``question``?"""
    from qa.question import analyse

    p = proposal(sentence, span)
    return rule(analyse(question), [p]) == [p]


def corpus_assistant(tmp_path_factory, corpus: str, articles: int):
    """An Assistant over an embedded store holding tests/data/<corpus>/ (all ``articles`` of it)."""
    from qa import Assistant

    assistant = Assistant(tmp_path_factory.mktemp(corpus))
    report = assistant.add_files([str(ROOT / "tests" / "data" / corpus)])
    assert len(report.added) == articles and not report.skipped
    return assistant


@pytest.fixture
def fresh(tmp_path):
    """An Assistant over an empty embedded store of its own."""
    from qa import Assistant

    return Assistant(tmp_path / "store")


@pytest.fixture(scope="module")
def server(assistant):
    """The newsqa HTTP server on 127.0.0.1 over the module's own ``assistant`` fixture; its base URL."""
    from tests.servers import running_server

    with running_server(assistant) as url:
        yield url
