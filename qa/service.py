"""The service layer: what the interfaces (HTTP API, chat, command line) do with an ``Assistant``.

One ``Service`` per served assistant. Questions run side by side: each works on the lexical
snapshot it started with (a write swaps in a new one, ``qa.snapshot``), the encoder and reader
sessions are shared and run on a pool of threads sized to the cores (``index.parallel``), and
Chroma serves concurrent reads. Writes (uploads, removals) take one lock among themselves, never
one a question waits for. Streamed answers run in a thread of their own (an event loop is never
blocked). It saves and indexes uploads, and raises every failure a user can act on as an
``index.errors`` type. The interfaces only render:

    service = Service(Assistant("store"))
    answer = service.ask("Who is mediating?")
    for item in service.ask_stream("And how many captives?", ["Who is mediating?"]): ...

Errors are told apart by type, never by message text (``user_error``): a ``NewsqaError`` is
shown to the user as it is; any other exception is a bug, logged with its traceback under an
error id (``log_bug``) that the user is shown instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.errors import BadInput, LoadError, NewsqaError

if TYPE_CHECKING:
    from index.documents import StoredDocument
    from index.pipeline import IndexReport
    from qa.answer import Answer, Citation, Report
    from qa.assistant import Assistant
    from qa.timeline import Timeline

log = logging.getLogger("newsqa")
MAX_NAME_CHARS = 200  # longest upload file name


# -- errors ---------------------------------------------------------------------------------------
def user_error(exc: BaseException, store: Any = None) -> NewsqaError | None:
    """``exc`` as the ``NewsqaError`` a user can act on, or None when it is a bug.

    By type only: a ``NewsqaError`` is itself. Chroma, httpx and the OS raise their own types for
    a lost connection to the Chroma server, a full disk or a read-only store folder: ``store``'s
    ``problem`` turns those into ``StoreUnavailable`` / ``StoreError`` (without a store, only a
    lost connection is recognised).
    """
    if isinstance(exc, NewsqaError):
        return exc
    if store is not None:
        return store.problem(exc)
    from index.store import store_unavailable

    return store_unavailable(exc)


def error_id() -> str:
    """A short random id that ties what a user is shown to the traceback in the log."""
    return uuid.uuid4().hex[:8]


def log_bug(exc: BaseException, where: str) -> str:
    """Log an unexpected exception (a bug) with its traceback on logger "newsqa"; returns its error id."""
    eid = error_id()
    log.error("internal error %s in %s: %s: %s", eid, where, type(exc).__name__, exc, exc_info=exc)
    return eid


def bug_message(eid: str) -> str:
    """What a user is shown for a bug: the error id, never the exception's own text."""
    return f"internal error {eid}: please report it (the traceback is in the server log)"


# -- what the interfaces show under an answer -----------------------------------------------------
def listed_citations(answer: Answer) -> tuple[list[Citation], list[tuple[Report, int]]]:
    """The citations an interface lists under an answer, numbered from 1: the answer's own, then
    those of the other reports (earlier values, conflicting ones) not already among them; and each
    of those reports with the number of its citation in that list."""
    cites = list(answer.citations)
    number = {(c.doc_id, c.start): n for n, c in enumerate(cites, 1)}
    reports = []
    for r in answer.reports[1:]:  # the first report is the answer itself
        key = (r.citation.doc_id, r.citation.start)
        if key not in number:
            cites.append(r.citation)
            number[key] = len(cites)
        reports.append((r, number[key]))
    return cites, reports


def report_label(report: Report) -> str:
    """How a report other than the answer is introduced: "conflicting report" (another value the
    same day) or "earlier"."""
    return "conflicting report" if report.conflicting else "earlier"


def also_in(c: Citation) -> str | None:
    """"also in N articles" for a citation whose sentence other articles carry word for word, else None."""
    n = len(c.duplicates)
    return f"also in {n} article{'s' if n != 1 else ''}" if n else None


def copy_note(groups: Any, doc_id: str) -> str | None:
    """"copies: 3 (group reuters-0042)" for an article of a copy group (``index.copies``), else None."""
    group = groups.group_of(doc_id) if groups is not None else None
    return f"copies: {len(groups.members(group))} (group {group})" if group is not None else None


# -- uploads --------------------------------------------------------------------------------------
def safe_upload_name(name: str | None) -> str:
    """The file name to store an upload under, or ``BadInput`` (path parts, hidden or invisible
    characters, over ``MAX_NAME_CHARS``)."""
    if not name or not name.strip():
        raise BadInput("the upload has no file name; send it as multipart field 'file' with a name", param="file")
    if "/" in name or "\\" in name or "\x00" in name or name in (".", "..") or ".." in name.split("."):
        raise BadInput(f"file name {name!r} is not allowed: give a plain name like 'article.txt', no folders or '..'",
                       param="file")
    if name.startswith(".") or len(name) > MAX_NAME_CHARS or any(ord(c) < 32 for c in name):
        raise BadInput(f"file name {name!r} is not allowed: no leading dot, control characters, or over "
                       f"{MAX_NAME_CHARS} characters", param="file")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in name):
        # bidi overrides and zero-width marks make a name display as another one
        raise BadInput(f"file name {name!r} is not allowed: it holds invisible or direction-changing "
                       "characters (e.g. U+202E, U+200B); rename the file", param="file")
    return name


def _shown_path(path: Path) -> str:
    """How a saved upload is named (its document id): relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return rel if not rel.startswith("..") else str(path)


# -- the service ----------------------------------------------------------------------------------
class Service:
    """Everything the interfaces do with one ``Assistant``: questions side by side, one write at a time."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.write_lock = threading.Lock()  # one upload or removal at a time; questions never take it

    @classmethod
    def of(cls, target: Service | Assistant) -> Service:
        """``target`` when it is a Service already, else a new Service over the Assistant."""
        return target if isinstance(target, Service) else cls(target)

    @property
    def settings(self) -> Any:
        """The assistant's ``qa.Settings``."""
        return self.assistant.settings

    @property
    def upload_folder(self) -> Path:
        """Where uploaded files are kept: ``uploads/`` inside the store folder (the saved path is the id)."""
        return Path(self.settings.store).expanduser() / "uploads"

    def user_error(self, exc: BaseException) -> NewsqaError | None:
        """``exc`` as the ``NewsqaError`` a user can act on (store problems included), or None for a bug."""
        return user_error(exc, getattr(self.assistant, "store", None))

    @contextlib.contextmanager
    def _user_errors(self) -> Iterator[None]:
        """Raise what a user can act on as ``NewsqaError`` (Chroma's and the OS's own types converted)."""
        try:
            yield
        except NewsqaError:
            raise
        except Exception as exc:
            err = self.user_error(exc)
            if err is None:
                raise
            raise err from exc

    # -- answering ------------------------------------------------------------------------------
    def check_question(self, question: Any) -> str:
        """The question as it will be asked, or ``QuestionError`` (before a stream starts)."""
        with self._user_errors():
            return self.assistant.check_question(question)

    def check_filters(self, **filters: Any) -> None:
        """``BadInput`` naming the field for a bad ``since``/``until``/``sources`` (before a stream starts)."""
        with self._user_errors():
            self.assistant.check_filters(**filters)

    def ask(self, question: str, history: Sequence[Any] | None = None, **filters: Any) -> Answer:
        """The answer object for ``question`` (``history``: the conversation so far, for follow-ups;
        ``filters``: ``since``, ``until``, ``sources`` as ``Assistant.ask`` takes them)."""
        with self._user_errors():
            return self.assistant.ask(question, history=history, **filters)

    def ask_stream(self, question: str, history: Sequence[Any] | None = None, **filters: Any) -> Iterator[str | Answer]:
        """``Assistant.ask_stream`` (checked claims as they are ready, then the Answer), run in a
        thread of its own until the answer is complete: a reader that goes away (a closed
        connection, a stopped chat) leaves it to finish, and an event loop is never blocked."""
        items: queue.Queue = queue.Queue()

        def run() -> None:
            try:
                for item in self.assistant.ask_stream(question, history, **filters):
                    items.put(item)
            except Exception as exc:  # handed to the reader, raised there
                items.put(exc)
            finally:
                items.put(None)

        threading.Thread(target=run, daemon=True, name="newsqa-answer").start()
        while (item := items.get()) is not None:
            if isinstance(item, Exception):
                with self._user_errors():
                    raise item
            yield item

    def timeline(self, query: str, limit: int = 20, **filters: Any) -> Timeline:
        """``Assistant.timeline``: the dated developments of ``query``, oldest first (``filters``:
        ``since``, ``until``, ``sources``; ``BadInput`` naming the field for a bad one or a bad ``limit``)."""
        with self._user_errors():
            return self.assistant.timeline(query, limit=limit, **filters)

    # -- documents ------------------------------------------------------------------------------
    def documents(self) -> list[StoredDocument]:
        """Every stored document, ordered by id."""
        with self._user_errors():
            return self.assistant.documents()

    def sources(self) -> list[str]:
        """The source names of the stored articles, one per source key (any case), sorted."""
        from index.store import source_key

        names: dict[str, str] = {}
        for d in self.documents():
            if d.source and d.source.strip():
                names.setdefault(source_key(d.source), d.source.strip())
        return sorted(names.values(), key=str.lower)

    def copy_groups(self) -> Any:
        """The store's copy groups (``index.copies.CopyGroups``)."""
        from index.copies import CopyGroups

        with self._user_errors():
            return CopyGroups.load(self.assistant.store)

    def document(self, doc_id: str) -> StoredDocument:
        """One stored document with its text, or ``DocumentNotFound``."""
        with self._user_errors():
            return self.assistant.get_document(doc_id)

    def remove(self, doc_id: str) -> bool:
        """Delete a document; False when no such document was stored."""
        with self._user_errors(), self.write_lock:
            return self.assistant.remove(doc_id)

    def health(self) -> dict[str, Any]:
        """``{"status": "ok", "documents": n, "store": where}`` (or the store's error, raised)."""
        n = len(self.documents())
        s = self.settings
        return {"status": "ok", "documents": n, "store": s.chroma_url or str(s.store)}

    # -- uploads --------------------------------------------------------------------------------
    def check_size(self, size: int, name: str | None = None, slack: int = 0) -> None:
        """``FileTooLarge`` when ``size`` bytes, less ``slack`` (multipart framing around a file), are
        over ``settings.max_file_bytes``; the message gives ``size``."""
        from index.load import check_size

        check_size(size - slack, self.settings.max_file_bytes, name, shown=size)

    def upload(self, name: str | None, data: bytes) -> IndexReport:
        """Save an uploaded article under ``upload_folder`` and index it at once; the IndexReport.

        Raises ``BadInput`` (bad name), ``FileTooLarge``, ``UnsupportedFile`` or ``LoadError`` (the
        file cannot be read as an article: the reason is given); a refused file is not kept and a
        file it would have replaced is restored.
        """
        name = safe_upload_name(name)
        self.check_size(len(data), name)
        path = self.upload_folder / name
        with self._user_errors():
            old = path.read_bytes() if path.exists() else None
            self._save(path, data)
            with self.write_lock:
                report = self.assistant.add_files([_shown_path(path)])
            if report.skipped and not (report.added or report.updated or report.unchanged):
                refused = self._refusal(path, name, report)
                if old is not None:
                    path.write_bytes(old)
                else:
                    path.unlink(missing_ok=True)
                raise refused
        return report

    def _save(self, path: Path, data: bytes) -> None:
        """Write ``data`` to ``path`` whole or not at all (a full disk leaves no partial file)."""
        folder = path.parent
        tmp = folder / f".{path.name}.{uuid.uuid4().hex}.part"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError as exc:  # a full disk or a read-only store folder: say which
            tmp.unlink(missing_ok=True)
            from index.store import store_failure

            failure = store_failure(exc, folder.parent)
            if failure is None:
                raise
            raise failure from exc

    def _refusal(self, path: Path, name: str, report: IndexReport) -> LoadError:
        """Why an upload was skipped, as a typed error (the type the loader or the pipeline raised;
        the message is the reason the index run gave)."""
        reason = "; ".join(s.reason for s in report.skipped)
        kind: type[LoadError] = next(
            (type(s.error) for s in report.skipped if isinstance(s.error, LoadError)), LoadError
        )
        return kind(f"{name}: {reason}")
