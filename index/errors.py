"""The one error hierarchy of newsqa.

Every error a user can act on is a ``NewsqaError``: it carries its message (what is wrong and what
to do), the HTTP status an API answers with, a machine-readable ``type`` and, when one field is at
fault, its name (``param``). Interfaces map errors by type, never by message text: the CLI prints
the message, the HTTP API answers ``status`` with ``{"error": {message, type, param, code}}``, the
chat shows the message. Any other exception is a bug, reported as one (HTTP 500 with an error id,
the traceback in the server log).

It lives in ``index/`` (the lower layer) so that ingestion and answering raise the same types;
``qa`` re-exports them.
"""

from __future__ import annotations


class NewsqaError(Exception):
    """A problem the user can act on; ``str(exc)`` is the message shown to them."""

    status: int = 500
    type: str = "newsqa_error"
    param: str | None = None

    def __init__(self, message: str, *, param: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if param is not None:
            self.param = param
        if status is not None:
            self.status = status


class BadInput(NewsqaError):
    """The request, argument or setting cannot be used as given."""

    status = 400
    type = "invalid_request_error"


class QuestionError(BadInput):
    """The question cannot be asked as given (empty, too long, not text)."""

    param = "question"


class ConfigError(BadInput):
    """A setting, a configuration file or a command-line option is not valid."""

    type = "config_error"


class NotFound(NewsqaError):
    """Something asked for by name or id does not exist."""

    status = 404
    type = "not_found"


class DocumentNotFound(NotFound, KeyError):
    """No stored document has that id (a ``KeyError`` too, as a mapping lookup would raise)."""

    param = "doc_id"

    def __init__(self, doc_id: str) -> None:
        super().__init__(f"no document with id {doc_id!r}; list them with `newsqa documents`")
        self.doc_id = doc_id

    def __str__(self) -> str:  # KeyError would print the repr of its argument
        return self.message


class LoadError(BadInput):
    """A file cannot be turned into a document; the message names the file and what to do."""

    status = 422
    type = "unreadable_file"
    param = "file"


class UnsupportedFile(LoadError):
    """A file of a type newsqa cannot index."""

    status = 415
    type = "unsupported_file"


class FileTooLarge(LoadError):
    """A file over the size limit (``max_file_bytes``)."""

    status = 413
    type = "file_too_large"


class EmptyDocumentError(LoadError):
    """Nothing that reads as article text is left after cleaning (only page furniture)."""


class FeedError(BadInput):
    """A feed URL cannot be subscribed (not http/https)."""

    param = "url"


class StoreError(NewsqaError):
    """The store cannot be opened or written (disk full, read-only folder, bad path)."""

    status = 507
    type = "store_error"


class StoreUnavailable(StoreError):
    """The Chroma server did not answer (down, restarting, or slower than the timeout): retry later.

    Nothing is lost: a write that fails this way leaves each document at its old or its new
    version, and the same store reconnects by itself once the server is back.
    """

    status = 503
    type = "store_unavailable"


class LLMError(NewsqaError):
    """The configured LLM cannot be used (bad spec, missing packages, no such model file)."""

    status = 502
    type = "llm_error"
