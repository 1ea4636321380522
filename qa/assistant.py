"""The Python API: ``Assistant`` indexes articles and answers questions with exact citations."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from index.clean import date_in_line
from index.documents import Document, StoredDocument
from index.embed import Embedder
from index.load import LoadError, SkippedFile, find_files, load_file
from index.pipeline import IndexReport, index_documents
from index.store import SentenceStore
from qa.answer import Answer, Citation
from qa.config import Settings
from qa.conversation import user_questions
from qa.question import QuestionAnalysis, analyse
from qa.reader import Span, coverage, make_reader
from qa.retrieve import Evidence, HybridRetriever

NOT_IN_DOCUMENTS = "I could not find the answer in the documents."
WHICH_ARTICLE = "Which article do you mean? Ask about it first (or name it), then ask when it was published."
_PUBLICATION_TERMS = {"publish", "written", "write", "post", "date", "issu", "articl", "stori", "report", "releas", "out"}


class DocumentNotFound(KeyError):
    """No stored document has that id."""

    def __str__(self) -> str:
        return f"no document with id {self.args[0]!r}; list them with `newsqa documents`"


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long, not text)."""


class Assistant:
    """Question answering over a store of news articles.

    ``Assistant("path/to/store")`` opens (or creates) an embedded Chroma store in that folder;
    ``Assistant(chroma_url="http://host:8000")`` uses a Chroma server instead. Models load on
    first use, so opening a store is cheap.
    """

    def __init__(
        self,
        store: str | Path | None = None,
        *,
        settings: Settings | None = None,
        chroma_url: str | None = None,
        embed_model: str | None = None,
        reader: str | None = None,
        llm: Any = None,
    ) -> None:
        overrides = {
            "store": str(store) if store is not None else None,
            "chroma_url": chroma_url,
            "embed_model": embed_model,
            "reader": reader,
            "llm": llm if isinstance(llm, str) else None,
        }
        base = settings or Settings.load()
        self.settings = replace(base, **{k: v for k, v in overrides.items() if v is not None})
        self.store = SentenceStore(
            None if self.settings.chroma_url else self.settings.store_path, chroma_url=self.settings.chroma_url,
            timeout_s=self.settings.store_timeout_s,
        )
        self.embedder = Embedder(
            self.settings.embed_model, cache_dir=self.settings.cache_path, backend=self.settings.embed_backend
        )
        self.retriever = HybridRetriever(self.store, self.embedder, cache_dir=self.settings.cache_path)
        self.reader = make_reader(self.settings.reader)
        # Generative answers are optional: an ``--llm`` spec (settings.llm, NEWSQA_LLM) or a llama-index LLM.
        self._llm = llm if llm is not None and not isinstance(llm, str) else self.settings.llm
        self._generator = None

    # -- indexing ----------------------------------------------------------------------------
    def add(self, documents: Iterable[Document], progress: Callable[[int], None] | None = None) -> IndexReport:
        """Index documents (new or changed ones are embedded; unchanged ones cost nothing)."""
        report = index_documents(
            self.store, self.embedder, documents, batch_docs=self.settings.index_batch, progress=progress
        )
        if report.added or report.updated:
            self.retriever.invalidate()
        return report

    def add_files(
        self, paths: Sequence[str | Path], progress: Callable[[int], None] | None = None
    ) -> IndexReport:
        """Index article files (.txt, .md) and folders of them; the id of each is its path.

        A file that cannot be read is reported in ``report.skipped`` with the reason; the
        others are indexed, and nothing already stored is touched.
        """
        skipped: list[SkippedFile] = []

        def docs() -> Iterable[Document]:
            for path in find_files(list(paths)):
                try:
                    yield load_file(path, max_bytes=self.settings.max_file_bytes)
                except LoadError as exc:
                    skipped.append(SkippedFile(str(path), str(exc).removeprefix(f"{path}: ")))
                    if progress:
                        progress(1)

        report = self.add(docs(), progress=progress)
        report.skipped[:0] = skipped
        return report

    def remove(self, doc_id: str) -> bool:
        """Delete a document and all its sentences; False when no such document was stored."""
        removed = self.store.remove(doc_id)
        self.retriever.invalidate()
        return removed

    # -- reading -----------------------------------------------------------------------------
    def get_document(self, doc_id: str) -> StoredDocument:
        """The stored (cleaned) document; citation offsets index into its ``text``."""
        got = self.store.get([doc_id])
        if doc_id not in got:
            raise DocumentNotFound(doc_id)
        return got[doc_id]

    def documents(self) -> list[StoredDocument]:
        """Every stored document, ordered by id."""
        return self.store.documents()

    # -- answering ---------------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[Any] | None = None) -> Answer:
        """Answer a question from the indexed articles, citing the sentence that says so.

        ``history`` is the conversation so far (earlier questions as strings, or chat messages
        as ``{"role", "content"}`` dicts); a follow-up borrows the terms of the last question.
        With an LLM the answer is generated and its citations checked (see ``ask_stream``).
        """
        final = None
        for item in self.ask_stream(question, history):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def ask_stream(self, question: str, history: Sequence[Any] | None = None) -> Iterator[str | Answer]:
        """Like ``ask``, streaming: pieces of the reply text as they are ready, then the ``Answer``.

        Without an LLM only the Answer comes. With one, each piece is a claim of the generated reply
        after its citations were checked (invalid or unsupporting numbers dropped, unsupported
        claims flagged); when the LLM fails the Answer is the extractive one with ``llm_note``
        (pieces already streamed are then superseded by ``answer.text``).
        """
        question = self.check_question(question)
        t0 = time.perf_counter()
        if self._llm is None:
            yield self._extractive(question, history, t0)[0]
            return
        from qa.generate import Generator

        if self._generator is None:
            self._generator = Generator(self._llm, self.embedder, self.settings)
        gen = self._generator
        deadline = time.monotonic() + self.settings.llm_timeout
        # Retrieval as without an LLM (a follow-up borrows the last question's terms); the LLM is
        # asked the follow-up rewritten as a standalone question.
        extractive, evidence = self._extractive(question, history, t0)
        standalone = question
        if history and is_follow_up(analyse(question)):
            standalone = gen.condense(question, history, deadline)
        yield from gen.answer(standalone, extractive, evidence, deadline, t0)

    def _extractive(
        self, question: str, history: Sequence[Any] | None, t0: float
    ) -> tuple[Answer, list[Evidence]]:
        """The extractive answer (exact span or abstention) and the evidence it was read from."""
        q = analyse(question)
        history_terms = _history_terms(history, q)
        retrieval = self.retriever.retrieve(q, history_terms=history_terms)
        evidence = retrieval.evidence
        timings = dict(retrieval.timings_ms)
        if not evidence:
            return Answer(question, None, NOT_IN_DOCUMENTS, 0.0, timings_ms=timings), evidence

        if q.asks_publication_date:
            # "this" must name one article: the only one, or the one the conversation or the
            # question's own words point to; otherwise any article's date would be a guess.
            topical = [t for t in q.terms if t not in _PUBLICATION_TERMS]
            if not (topical or history_terms) and len(retrieval.articles) > 1:
                return Answer(question, None, WHICH_ARTICLE, 0.0, timings_ms=timings), evidence
            dated = _publication_answer(question, evidence, timings)
            if dated is not None:
                return dated, evidence

        t1 = time.perf_counter()
        proposals = self.reader.propose(q, evidence)
        timings["read"] = (time.perf_counter() - t1) * 1000
        best = proposals[0] if proposals else None
        if best is None or best.confidence < self.settings.abstain_threshold:
            related = [self._citation(e, None) for e in evidence[:3]]
            timings["total"] = (time.perf_counter() - t0) * 1000
            conf = best.confidence if best else 0.0
            answer = Answer(question, None, NOT_IN_DOCUMENTS, round(conf, 4), related=related, timings_ms=timings)
            return answer, evidence

        chosen, best_span, confidence = best.evidence, best.span, best.confidence
        answer_text = chosen.sentence[best_span.start : best_span.end]
        citations = [self._citation(chosen, best_span)]
        citations += self._corroborating(q, evidence, chosen, answer_text, best_span.score)
        timings["total"] = (time.perf_counter() - t0) * 1000
        answer = Answer(
            question=question,
            answer=answer_text,
            text=_reply_text(answer_text, citations[0]),
            confidence=round(confidence, 4),
            citations=citations,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
        )
        return answer, evidence

    def _corroborating(
        self, q: QuestionAnalysis, evidence: list[Evidence], chosen: Evidence, answer: str, score: float
    ) -> list[Citation]:
        """Further sentences that state the same answer, word for word, about the same question.

        Strict on purpose: an unsupported citation is worse than a missing one, so the exact
        answer must stand in the sentence as whole words and the sentence must cover the question.
        """
        if len(answer) < 4 or self.settings.max_citations <= 1:
            return []
        pattern = re.compile(rf"(?<!\w){re.escape(answer)}(?!\w)")
        out: list[Citation] = []
        for e in evidence:
            if len(out) + 1 >= self.settings.max_citations:
                break
            if (e.doc.id, e.index) == (chosen.doc.id, chosen.index) or e.score < 0.75 * chosen.score:
                continue
            m = pattern.search(e.sentence)
            if m and coverage(q, e) >= 0.5:
                out.append(self._citation(e, Span(m.start(), m.end(), score)))
        return out

    def as_retriever(self, top_k: int = 5):
        """This store as a llama-index retriever of sentence nodes with exact offsets."""
        from qa.llama import SentenceRetriever

        return SentenceRetriever(self.retriever, top_k=top_k)

    def check_question(self, question: Any) -> str:
        """The question with its whitespace collapsed, or ``QuestionError`` (not text, empty, too long)."""
        if not isinstance(question, str):
            raise QuestionError(f"question must be text, not {type(question).__name__}")
        q = " ".join(question.split())
        if not q:
            raise QuestionError("the question is empty: ask something about the articles")
        if len(q) > self.settings.max_question_chars:
            raise QuestionError(
                f"the question is {len(q)} characters long; the limit is {self.settings.max_question_chars}"
                " (NEWSQA_MAX_QUESTION_CHARS): shorten it"
            )
        return q

    @staticmethod
    def _citation(e: Evidence, span: Span | None) -> Citation:
        s = e.doc.sentences[e.index]
        return Citation(
            doc_id=e.doc.id,
            version=e.doc.version,
            sentence_index=e.index,
            sentence=e.doc.text[s.start : s.end],
            start=s.start,
            end=s.end,
            score=round(e.score, 4),
            title=e.doc.title,
            published=e.doc.published,
            source=e.doc.source,
            url=e.doc.url,
            answer_start=s.start + span.start if span else None,
            answer_end=s.start + span.end if span else None,
        )

    # -- keeping the index in sync (logic in index/sync.py, index/feeds.py, index/watch.py) ---
    def sync(
        self,
        folder: str | Path,
        dry_run: bool = False,
        progress: Callable[[int], None] | None = None,
        on_change: Callable[[str, str], None] | None = None,
        on_total: Callable[[int], None] | None = None,
    ):
        """Make the index hold exactly the articles in ``folder``: add new files, replace changed
        ones, remove deleted ones; returns an ``index.sync.SyncReport``. ``dry_run`` touches nothing."""
        from index.sync import sync_folder

        report = sync_folder(
            self.store, self.embedder, folder, max_bytes=self.settings.max_file_bytes, dry_run=dry_run,
            batch_docs=self.settings.index_batch,
            progress=progress, on_change=on_change, on_total=on_total,
        )
        if report.changed and not dry_run:
            self.retriever.invalidate()
        return report

    def watch(self, folder: str | Path, stop=None, on_sync=None, debounce_ms: int = 1000) -> None:
        """Keep ``folder`` in sync until ``stop`` (a ``threading.Event``) is set: a sync on start,
        then one after each burst of file changes. ``on_sync(report)`` sees every report."""
        from index.watch import watch_folder

        watch_folder(lambda: self.sync(folder), folder, stop=stop, on_sync=on_sync, debounce_ms=debounce_ms)

    def add_feed(self, url: str, poll: bool = True):
        """Subscribe to an RSS/Atom feed (kept in the store) and, unless ``poll=False``, poll it
        now; returns the ``index.feeds.FeedReport`` of that poll (or None)."""
        from index.feeds import FeedBook

        FeedBook(self.store).add(url)
        return self.poll_feeds([url])[0] if poll else None

    def poll_feeds(self, urls: Sequence[str] | None = None):
        """Fetch every subscribed feed (or ``urls``) once and index new items; one
        ``index.feeds.FeedReport`` per feed. Failures are reported per feed, never raised."""
        from index.feeds import FeedBook, poll_feed

        book = FeedBook(self.store)
        reports = [
            poll_feed(book, self.store, self.embedder, url, max_bytes=self.settings.max_file_bytes)
            for url in (urls if urls is not None else [f.url for f in book.feeds()])
        ]
        if any(r.added or r.updated for r in reports):
            self.retriever.invalidate()
        return reports

    def feeds(self):
        """The subscribed feeds (``index.feeds.Feed``: url, title, last polled, last status)."""
        from index.feeds import FeedBook

        return FeedBook(self.store).feeds()

    def remove_feed(self, url: str) -> bool:
        """Unsubscribe from a feed (its articles stay indexed); False when it was not subscribed."""
        from index.feeds import FeedBook

        return FeedBook(self.store).remove(url)


def _history_terms(history: Sequence[Any] | None, q: QuestionAnalysis) -> tuple[str, ...]:
    """Terms of the previous question, for follow-ups that lean on it ("and how many?")."""
    earlier = user_questions(history)
    if not earlier or not is_follow_up(q):
        return ()
    return tuple(analyse(earlier[-1]).terms)


_REFERRING = re.compile(
    r"\b(it|its|they|them|their|theirs|this|that|these|those|he|him|his|she|her|hers|there|then|the same)\b"
    r"|^\s*(and|but|so|also|what about|how about)\b",
    re.IGNORECASE,
)


def is_follow_up(q: QuestionAnalysis) -> bool:
    """Does the question lean on the conversation ("and what do they want?", "when?")?

    A question that names its own subject ("How many captives were taken?") stands alone:
    borrowing the last question's words would only pull retrieval away from it.
    """
    return len(q.terms) < 2 or bool(_REFERRING.search(q.text))


def _publication_answer(question: str, evidence: list[Evidence], timings: dict[str, float]) -> Answer | None:
    """Answer "when was this published?" with the date line of the leading article."""
    doc = evidence[0].doc
    for s in doc.sentences:
        found = date_in_line(doc.text[s.start : s.end])
        if found:
            e = Evidence(doc, s.index, 0.0, 0.0, evidence[0].article, evidence[0].score)
            citation = Assistant._citation(e, Span(found[0], found[1], 1.0))
            answer = doc.text[citation.answer_start : citation.answer_end]
            return Answer(question, answer, _reply_text(answer, citation), 0.9, [citation], timings_ms=timings)
    return None


def _reply_text(answer: str, c: Citation) -> str:
    meta = ", ".join(x for x in (c.title, c.published) if x)
    return f"{answer} [1]\n\n“{c.sentence}” [1]" + (f"\n({meta})" if meta else "")
