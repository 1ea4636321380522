"""The Python API: ``Assistant`` indexes articles and answers questions with exact citations."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.documents import Document, StoredDocument
from index.embed import Embedder
from index.errors import BadInput, DocumentNotFound, QuestionError
from index.load import LoadError, SkippedFile, find_files, read_documents
from index.pipeline import IndexReport, index_documents
from index.store import SentenceStore
from qa.answer import NOT_IN_DOCUMENTS, Answer, related_citations
from qa.answerability import load_model, reads_with_model
from qa.config import Settings
from qa.conversation import is_follow_up, resolve_follow_up, same_answer, says, user_questions, what_changed
from qa.extractive import ExtractiveAnswerer
from qa.filters import Filters
from qa.question import QuestionAnalysis, analyse
from qa.reader import make_reader
from qa.retrieve import Evidence, HybridRetriever

if TYPE_CHECKING:
    from qa.timeline import Timeline

__all__ = ["Assistant", "DocumentNotFound", "QuestionError"]

_ANSWERS_KEPT = 256  # answers remembered for follow-ups (a question, its conversation, the store's state)


def _as_previous(answer: Answer) -> str | None:
    """The answer as a follow-up reads it: none for a guess ("unsure"): "he" after "Who is the Attorney General?"
    answered "Downing Street" at 0.09 is the attorney general."""
    return None if answer.unsure else answer.answer


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
        self.embedder = Embedder(
            self.settings.embed_model, cache_dir=self.settings.cache_path, backend=self.settings.embed_backend
        )
        self.store = SentenceStore(
            None if self.settings.chroma_url else self.settings.store_path, chroma_url=self.settings.chroma_url,
            timeout_s=self.settings.store_timeout_s, encode=self.embedder.encode,
        )
        self.retriever = HybridRetriever(self.store, self.embedder, cache_dir=self.settings.cache_path)
        self.reader = make_reader(self.settings.reader)
        self.answerer = ExtractiveAnswerer(
            self.retriever, self.reader, self.settings.max_citations, self.settings.abstain_threshold,
            model=load_model(self.settings.answerability_model) if reads_with_model(self.reader) else None,
        )
        # Generative answers are optional: an ``--llm`` spec (settings.llm, NEWSQA_LLM) or a llama-index LLM.
        self._llm = llm if llm is not None and not isinstance(llm, str) else self.settings.llm
        self._generator = None
        self._generator_lock = threading.Lock()
        # the answers questions got, for the follow-ups that name them ("he" after "Who is ...?"): a
        # conversation's previous question is not answered again (``_previous_answer``)
        self._answers: OrderedDict[tuple, str | None] = OrderedDict()
        self._answers_lock = threading.Lock()

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
        """Index article files and folders of them (every type ``index.load`` reads: .txt, .md,
        .html, .pdf, .json, .jsonl, .rss, ...); the id of each is its path (``path#key`` for the
        records of a file that holds several).

        A file that cannot be read is reported in ``report.skipped`` with the reason; the
        others are indexed, and nothing already stored is touched.
        """
        skipped: list[SkippedFile] = []

        def docs() -> Iterable[Document]:
            for path in find_files(list(paths)):
                try:
                    found = read_documents(path, max_bytes=self.settings.max_file_bytes)
                except LoadError as exc:
                    skipped.append(SkippedFile(str(path), str(exc).removeprefix(f"{path}: "), error=exc))
                    if progress:
                        progress(1)
                    continue
                yield from found

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
    def ask(
        self, question: str, history: Sequence[Any] | None = None, *, since: Any = None, until: Any = None,
        sources: Sequence[str] | None = None,
    ) -> Answer:
        """Answer a question from the indexed articles, citing the sentence that says so.

        ``history`` is the conversation so far (earlier questions as strings, or chat messages
        as ``{"role", "content"}`` dicts); a follow-up is read as a standalone question.
        ``since``/``until`` (a ``datetime.date``, ``datetime.datetime`` or ISO 8601 string, inclusive)
        and ``sources`` (source names, any case) answer only from articles published then, there;
        a bad date or an unknown source raises ``BadInput`` naming the field.
        With an LLM the answer is generated and its citations checked (see ``ask_stream``).
        """
        final = None
        for item in self.ask_stream(question, history, since=since, until=until, sources=sources):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def ask_stream(
        self, question: str, history: Sequence[Any] | None = None, *, since: Any = None, until: Any = None,
        sources: Sequence[str] | None = None,
    ) -> Iterator[str | Answer]:
        """Like ``ask``, streaming: pieces of the reply text as they are ready, then the ``Answer``.

        Without an LLM only the Answer comes. With one, each piece is a claim of the generated reply
        after its citations were checked (invalid or unsupporting numbers dropped, unsupported
        claims flagged); when the LLM fails the Answer is the extractive one with ``llm_note``
        (pieces already streamed are then superseded by ``answer.text``).
        """
        question = self.check_question(question)
        filters = self.check_filters(since, until, sources)
        t0 = time.perf_counter()
        if self._llm is None:
            yield self._extractive(question, history, t0, filters)[0]
            return
        gen = self.generator
        deadline = time.monotonic() + self.settings.llm_timeout
        # Retrieval as without an LLM (a follow-up borrows the last question's terms); the LLM is
        # asked the follow-up rewritten as a standalone question.
        extractive, evidence = self._extractive(question, history, t0, filters)
        standalone = question
        if history and is_follow_up(analyse(question)):
            standalone = gen.condense(question, history, deadline)
        yield from gen.answer(standalone, extractive, evidence, deadline, t0)

    @property
    def generator(self):
        """The LLM runner (``qa.generate.Generator``), made on first use (once, also when the first
        questions come side by side); None without an LLM."""
        if self._llm is None:
            return None
        with self._generator_lock:
            if self._generator is None:
                from qa.generate import Generator

                self._generator = Generator(self._llm, self.embedder, self.settings)
        return self._generator

    def check_filters(self, since: Any = None, until: Any = None, sources: Sequence[str] | None = None) -> Filters:
        """The date and source filters of a question, or ``BadInput`` naming the field: a date that
        cannot be read, ``since`` after ``until``, a source no stored article has."""
        filters = Filters.parse(since, until, sources)
        known_sources = self.retriever.known_sources() if filters.sources else set()  # only when asked for
        unknown = filters.sources - known_sources
        if unknown:
            known = ", ".join(sorted(known_sources)) or "none: no article names its source"
            raise BadInput(f"sources: no stored article is from {', '.join(sorted(unknown))}; known sources: {known}",
                           param="sources")
        return filters

    def _extractive(
        self, question: str, history: Sequence[Any] | None, t0: float, filters: Filters | None = None
    ) -> tuple[Answer, list[Evidence]]:
        """The extractive answer (exact span or abstention) and the evidence it was read from.

        A follow-up is made standalone first ("and what about Ford?" -> the previous question about
        Ford; "he" -> the previous answer) and asked as it is too, with the previous question's words;
        the answer likelier right is given, and ``Answer.interpreted_as`` says when it was the
        standalone question's."""
        earlier = user_questions(history)
        key = self._answer_key(question, earlier, filters)
        answer, evidence = self._read(question, earlier, t0, filters)
        self._remember(key, _as_previous(answer))
        return answer, evidence

    def _read(
        self, question: str, earlier: list[str], t0: float, filters: Filters | None
    ) -> tuple[Answer, list[Evidence]]:
        """``_extractive`` for the user's earlier questions."""
        q = analyse(question)
        if not earlier or not is_follow_up(q):
            return self._answer(q, (), t0, (), filters)
        previous = earlier[-1]
        follow = resolve_follow_up(
            question, previous, lambda: self._previous_answer(previous, earlier[:-1], filters), self._similar
        )
        previous_terms = tuple(analyse(previous).terms)
        # "who else?": the others are named beside the one answered ("David Filo and Jerry Yang"), in its article
        previous_terms += tuple(t for a in follow.exclude for t in analyse(a).terms if t not in previous_terms)
        terms = previous_terms if follow.borrow_terms else ()
        standalone = replace(analyse(follow.question), swapped=follow.swapped)
        answer, evidence = self._answer(standalone, terms, t0, follow.exclude, filters)
        read_as = follow.question if follow.question != question else None
        if read_as:
            # also the follow-up as asked, the previous question's words helping retrieval: it keeps the
            # reader on what the follow-up changes ("And in 2003?"), and the answer likelier right is
            # given. Its names, and the measure it asks for, are the standalone question's ("And in
            # 2003?" after "How much did GM earn in 2004?" is answered from an article about GM with a
            # sum of money, or not at all); and as a second reading is a second chance to answer, where
            # the standalone one found none it must be likelier right than wrong
            pinned = replace(q, key_terms=standalone.key_terms, measure=standalone.measure, swapped=follow.swapped)
            asked, near = self._answer(pinned, previous_terms, t0, follow.exclude, filters)
            if not asked.abstained and (
                asked.confidence >= 0.5 if answer.abstained else asked.confidence > answer.confidence
            ):
                answer, evidence, read_as = asked, near, None
        changed = what_changed(previous, follow)
        if changed and not answer.abstained and not says(answer.citations[0].sentence, changed):
            # "And in 2003?" after "How much did Lord Sainsbury donate to Labour?" ("£2m") is not answered
            # "£2m" again from a sentence that names no 2003: the figure of another time, not the one asked;
            # nor "And the OFHEO's?" after "Who is the SEC's chief accountant?" with the SEC's from a sentence
            # that names no OFHEO
            before = self._previous_answer(previous, earlier[:-1], filters)
            if before and same_answer(answer.answer, before):
                answer, evidence = self._answer(standalone, terms, t0, (*follow.exclude, before), filters)
                read_as = follow.question if follow.question != question else None
        answer.question = question
        answer.interpreted_as = read_as
        return answer, evidence

    def _answer(
        self, q: QuestionAnalysis, terms: tuple[str, ...], t0: float, exclude: tuple[str, ...], filters: Filters | None
    ) -> tuple[Answer, list[Evidence]]:
        """The answer from the articles the filters allow and, when the question's own words name a
        period ("on March 9", "last week", "in 2004": ``qa.when`` against ``Settings.today``) and the
        store holds dated articles, from those published then. When they do not answer and the period
        has a start and an end, the articles published after it are read too (a Q4 result is reported
        in January; "before March 9" bounds the dates themselves); when those do not either, the
        abstention says which period was asked and which the articles cover."""
        from qa.when import dates_in_question, reference_day

        found = dates_in_question(q.text, reference_day(self.settings.today))
        if found is None or self.retriever.published_range() is None:  # undated: a date can only be the story's
            return self.answerer.answer(q, terms, t0, exclude, filters)
        base = filters or Filters()
        answer, evidence = self.answerer.answer(q, terms, t0, exclude, base.within(found.since, found.until, found.phrase))
        if answer.abstained and found.since is not None and found.until is not None:  # a bounded period:
            # its facts may be reported after it; "before/until/by X" bounds the dates themselves
            later = self.answerer.answer(q, terms, t0, exclude, base.within(found.since, None, found.phrase))
            if not later[0].abstained:
                return later
        if answer.abstained and not evidence:  # nothing published then: still offer the nearest sentences
            wide, near = self.answerer.answer(q, terms, t0, exclude, filters)
            reason = wide.reason if wide.abstained and wide.reason else answer.reason
            answer.related = wide.related if wide.abstained else related_citations(near)
            answer.reason, answer.text = reason, NOT_IN_DOCUMENTS + (f" {reason}" if reason else "")
        return answer, evidence

    def _similar(self, word: str, others: list[str]) -> list[float]:
        """How alike ``word`` is to each of ``others`` in meaning: the cosines of their embeddings (for a
        follow-up's lone noun: "And exports?")."""
        vectors = self.embedder.encode([word, *others])
        return [float(v) for v in vectors[1:] @ vectors[0]]

    def _previous_answer(self, previous: str, before: list[str], filters: Filters | None = None) -> str | None:
        """The answer the previous question got (itself read as a follow-up of the one before): the one
        remembered when it was asked of this store as it is now, else asked again."""
        key = self._answer_key(previous, before[-1:], filters)
        with self._answers_lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        answer, _ = self._extractive(previous, before[-1:], time.perf_counter(), filters)
        return _as_previous(answer)

    def _answer_key(self, question: str, earlier: list[str], filters: Filters | None) -> tuple:
        """What an extractive answer depends on: the question, the earlier ones, the filters, the store's
        state and the day (for "last week")."""
        from qa.when import reference_day

        return (question, tuple(earlier), filters, self.retriever.generation(), reference_day(self.settings.today))

    def _remember(self, key: tuple, answer: str | None) -> None:
        with self._answers_lock:
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > _ANSWERS_KEPT:
                self._answers.popitem(last=False)

    def as_retriever(self, top_k: int = 5):
        """This store as a llama-index retriever of sentence nodes with exact offsets."""
        from qa.llama import SentenceRetriever

        return SentenceRetriever(self.retriever, top_k=top_k)

    def timeline(
        self, query: str, *, since: Any = None, until: Any = None, sources: Sequence[str] | None = None, limit: int = 20,
    ) -> Timeline:
        """How a story developed: a ``qa.timeline.Timeline`` of at most ``limit`` (1-100) dated
        sentences about ``query``, oldest first, one per development (copies and repeats collapsed
        into the earliest), each with its exact citation. Undated articles are left out (``reason``
        says so when that leaves nothing). ``since``/``until``/``sources`` as for ``ask``; a bad
        filter or limit raises ``BadInput`` naming the field, an empty query ``QuestionError`` (as
        ``ask`` does, naming ``query``)."""
        from qa.timeline import build_timeline, check_limit

        try:
            query = self.check_question(query)
        except QuestionError as exc:
            raise QuestionError(exc.message, param="query") from None
        filters = self.check_filters(since, until, sources)
        return build_timeline(self.retriever, query, filters, check_limit(limit))

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
        ones, remove deleted ones; returns an ``index.sync.SyncReport``. ``dry_run`` touches nothing.
        Run in a thread of its own (beside a server answering questions), that thread is background
        work from then on (``index.parallel.as_background``): questions keep the cores."""
        from index.parallel import as_background
        from index.sync import sync_folder

        if not dry_run:  # (a runtime's own threads, if it makes any, start before the priority drops)
            as_background(prepare=self.embedder.load)

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
