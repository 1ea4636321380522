"""The HTTP server: REST API, an OpenAI-compatible chat endpoint and the Gradio chat, in one FastAPI app.

Thin: every route calls ``qa.service.Service`` and serialises its answer object; no retrieval or
answering here. Errors by type: a ``NewsqaError`` answers its ``status`` with
``{"error": {"message", "type", "param", "code"}}`` (503 with ``Retry-After``); any other exception
is a bug: 500 with an error id, the traceback in the server log (logger "newsqa"). Offline: the
API docs page serves Swagger UI from the ``swagger-ui-bundle`` package, the chat page (``qa.chat``)
loads nothing from outside the machine.

    from qa.http import ServerConfig, create_app
    api = create_app(Assistant("store"), ServerConfig(auth=("me", "secret")))   # an ASGI app for uvicorn

``newsqa serve --workers N`` runs ``serve_workers``: N processes of ``worker_app`` (the API
and an unqueued chat, configured from ``NEWSQA_*`` variables) behind one port, under uvicorn's
supervisor, sharing a Chroma server (a local ``chroma run`` over an embedded store).

Routes: ``POST /api/ask``, ``POST /api/timeline``, ``GET|POST /api/documents``, ``GET|DELETE /api/documents/{id}``,
``GET /api/health``, ``POST /v1/chat/completions``, ``GET /v1/models``, ``/docs``, ``/openapi.json``,
and the chat at ``/``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import FastAPI, File, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from index.errors import BadInput, ConfigError, NewsqaError, NotFound
from qa.conversation import message_text, normalise_history, user_questions
from qa.service import Service, bug_message, log_bug

if TYPE_CHECKING:
    from qa.answer import Answer
    from qa.assistant import Assistant
    from qa.config import Settings

MODEL_NAME = "newsqa"
_MULTIPART_SLACK = 64 * 1024  # multipart framing around an uploaded file, within the upload limit


# -- request and response models (they are the OpenAPI schema) --------------------------------
class Message(BaseModel):
    """One chat message, OpenAI style: content is text or a list of ``{"type": "text", "text"}`` parts."""

    model_config = ConfigDict(extra="allow")
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None


# The date and source filters every reading route takes (``/api/ask``, ``/api/timeline``).
Since = Annotated[str | None, Field(description="only articles published on or after this date (YYYY-MM-DD or ISO 8601)")]
Until = Annotated[str | None, Field(description="only articles published on or before this date (inclusive)")]
Sources = Annotated[list[str] | None, Field(description="only articles from these sources (any case)")]


class Filtered:
    """A request model with ``since``, ``until`` and ``sources`` fields (declared by each model,
    so that they follow its own fields in the schema)."""

    def filters(self) -> dict[str, Any]:
        """The date and source filters, as ``Assistant.ask`` and ``Assistant.timeline`` take them."""
        return {"since": self.since, "until": self.until, "sources": self.sources}  # type: ignore[attr-defined]


class AskRequest(Filtered, BaseModel):
    """A question, with the conversation so far for follow-ups."""

    model_config = ConfigDict(extra="forbid")
    question: str = Field(description="the question, 1 to NEWSQA_MAX_QUESTION_CHARS characters")
    history: list[str | Message] | None = Field(
        default=None, description="earlier questions (strings) or chat messages, oldest first"
    )
    since: Since = None
    until: Until = None
    sources: Sources = None


class TimelineRequest(Filtered, BaseModel):
    """A story to trace: its dated developments, oldest first."""

    model_config = ConfigDict(extra="forbid")
    query: str = Field(description="the story, e.g. \"Rotterdam dock strike\" (checked like a question)")
    since: Since = None
    until: Until = None
    sources: Sources = None
    limit: int = Field(default=20, description="at most this many entries (1 to 100)")


class ChatRequest(Filtered, BaseModel):
    """OpenAI ``chat.completions`` request; the last user message is the question."""

    model_config = ConfigDict(extra="allow")  # temperature, max_tokens, ... are accepted and ignored
    model: str | None = MODEL_NAME
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
    # newsqa's own extra body fields (the OpenAI client sends them with extra_body={...})
    since: str | None = Field(default=None, description="newsqa: only articles published on or after this date")
    until: str | None = Field(default=None, description="newsqa: only articles published on or before this date")
    sources: list[str] | None = Field(default=None, description="newsqa: only articles from these sources")


class DocumentInfo(BaseModel):
    """An indexed document: its id (the path it was indexed from), version and metadata."""

    id: str
    version: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    sentences: int
    indexed_at: str | None = None


class SentenceInfo(BaseModel):
    """A sentence of a document: character offsets into its ``text``."""

    index: int
    start: int
    end: int


class DocumentText(DocumentInfo):
    """A stored document with its cleaned text; citation offsets index into ``text``."""

    text: str
    sentence_spans: list[SentenceInfo]


class UploadResult(BaseModel):
    """What indexing an uploaded file did: document ids by outcome, and the parts skipped with the reason."""

    added: list[str]
    updated: list[str]
    unchanged: list[str]
    skipped: list[dict[str, str]]


def _error(status: int, message: str, param: str | None = None, type_: str = "invalid_request_error") -> JSONResponse:
    """``{"error": {"message", "type", "param", "code"}}`` with ``status`` (OpenAI's error shape)."""
    return JSONResponse({"error": {"message": message, "type": type_, "param": param, "code": status}}, status_code=status)


def error_response(exc: NewsqaError) -> JSONResponse:
    """The JSON answer for an error a user can act on: its status, type and param (503: ``Retry-After``)."""
    response = _error(exc.status, str(exc), exc.param, exc.type)
    if exc.status == 503:  # the Chroma server is down or too slow: worth another try soon
        response.headers["Retry-After"] = "5"
    return response


# -- authentication ---------------------------------------------------------------------------
def parse_auth(value: str | None) -> tuple[str, str] | None:
    """``"user:password"`` -> ``("user", "password")``; None or "" -> None (no authentication)."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ConfigError("--auth / NEWSQA_AUTH must be 'user:password' (both non-empty)", param="auth")
    return user, password


class BasicAuthMiddleware:
    """Protects every route (chat page, Gradio's own API, REST, OpenAI endpoint) with one credential.

    Accepts HTTP Basic ``user:password`` (browsers ask for it once and resend it) or
    ``Authorization: Bearer user:password`` / ``Bearer password`` (what OpenAI clients send as their
    API key).
    """

    def __init__(self, app, auth: tuple[str, str]):
        self.app = app
        self.user, self.password = auth

    def _allowed(self, header: str) -> bool:
        scheme, _, value = header.partition(" ")
        value = value.strip()
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(value, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return False
        elif scheme.lower() == "bearer":
            decoded = value if ":" in value else f"{self.user}:{value}"
        else:
            return False
        return hmac.compare_digest(decoded.encode(), f"{self.user}:{self.password}".encode())

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self._allowed(headers.get("authorization", "")):
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        body = json.dumps({"error": {"message": "authentication required: send HTTP Basic user:password "
                                     "(or 'Authorization: Bearer user:password')", "type": "authentication_error",
                                     "param": None, "code": 401}}).encode()
        await send({"type": "http.response.start", "status": 401, "headers": [
            (b"content-type", b"application/json"), (b"www-authenticate", b'Basic realm="newsqa", charset="UTF-8"'),
            (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class RequestGateMiddleware:
    """Refuses, before the app reads them: bodies over ``max_body_bytes`` (413; file uploads,
    multipart, are bounded by NEWSQA_MAX_FILE_BYTES instead) and non-JSON bodies sent to the JSON
    endpoints (415). A body without a Content-Length is read up to the limit first."""

    JSON_PATHS = ("/api/ask", "/api/timeline", "/v1/chat/completions")

    def __init__(self, app, max_body_bytes: int):
        self.app, self.limit = app, max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if scope["path"] in self.JSON_PATHS and not (ctype == "application/json" or ctype.endswith("+json")):
            return await _send_error(send, 415, f"{scope['path']} takes a JSON body: send it with "
                                     f"'Content-Type: application/json' (got {ctype or 'none'!r})")
        if ctype == "multipart/form-data":
            return await self.app(scope, receive, send)
        too_large = f"the request body is over the {self.limit:,} byte limit; send a shorter question and history"
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.limit:
                return await _send_error(send, 413, too_large)
            return await self.app(scope, receive, send)
        chunks, size, more = [], 0, True  # chunked: buffer up to the limit, then replay
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.limit:
                return await _send_error(send, 413, too_large)
        body = b"".join(chunks)

        async def replay():
            nonlocal body
            if body is None:
                return await receive()
            out, body = body, None
            return {"type": "http.request", "body": out, "more_body": False}

        return await self.app(scope, replay, send)


async def _send_error(send, status: int, message: str, type_: str = "invalid_request_error") -> None:
    body = json.dumps({"error": {"message": message, "type": type_, "param": None, "code": status}}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# -- the app ----------------------------------------------------------------------------------
@dataclass
class ServerConfig:
    """How the server runs (the Assistant holds everything about answering)."""

    auth: tuple[str, str] | None = None
    mount_chat: bool = True
    chat_queue: bool = True  # False with several worker processes: each chat event one request (qa.chat.build)
    stream_delay_s: float = 0.02  # pause between streamed pieces, so replies visibly stream in
    max_body_bytes: int = 1024 * 1024  # JSON request bodies (questions with their history)


def _document_info(d: Any) -> dict[str, Any]:
    return {"id": d.id, "version": d.version, "title": d.title, "published": d.published, "source": d.source,
            "url": d.url, "sentences": len(d.sentences), "indexed_at": d.indexed_at}


def _validation_message(exc: RequestValidationError) -> tuple[str, str | None]:
    parts, param = [], None
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x != "body"]
        where = ".".join(loc) or "body"
        param = param or where
        if e.get("type") == "json_invalid":
            parts.append("the request body is not valid JSON")
        elif e.get("type") == "missing":
            parts.append(f"{where}: this field is required")
        elif e.get("type") == "extra_forbidden":
            parts.append(f"{where}: unknown field")
        else:
            parts.append(f"{where}: {e.get('msg', 'invalid value')}")
    return "; ".join(dict.fromkeys(parts)), param


def _stream_pieces(text: str) -> list[str]:
    """The reply cut into word-sized pieces whose concatenation is exactly ``text``."""
    return re.findall(r"\S+\s*|\s+", text) or [""]


def reply_content(answer: Answer) -> str:
    """The chat text of an answer, with the note that says why an LLM answer was not used."""
    return answer.text + (f"\n\n({answer.llm_note})" if answer.llm_note else "")


def create_app(target: Service | Assistant, config: ServerConfig | None = None) -> FastAPI:
    """The FastAPI app over a Service (or an Assistant): REST, OpenAI-compatible chat and (by
    default) the Gradio chat, which shares the Service."""
    config = config or ServerConfig()
    service = Service.of(target)
    api = FastAPI(
        title="newsqa",
        version="0.1.0",
        description="Answers questions about news articles, citing the exact sentence (character offsets). "
        "Every answer is the same JSON answer object as `newsqa ask --json`.",
        docs_url=None,
        redoc_url=None,
    )
    _add_error_handlers(api, service)
    _add_rest_routes(api, service)
    _add_openai_routes(api, service, config)
    _mount_docs(api)
    if config.mount_chat:
        # Gradio is imported only when the chat is served (qa.chat turns its analytics off first).
        from qa import chat

        chat.mount(api, service, queued=config.chat_queue)
    api.add_middleware(RequestGateMiddleware, max_body_bytes=config.max_body_bytes)
    if config.auth:  # added last: runs first, so nothing is read before the credentials are checked
        api.add_middleware(BasicAuthMiddleware, auth=config.auth)
    return api


def _add_error_handlers(api: FastAPI, service: Service) -> None:
    """Errors by type: ``NewsqaError`` -> its status; request validation -> 422; anything else -> a bug."""

    @api.exception_handler(NewsqaError)
    async def _user_error(_: Request, exc: NewsqaError) -> JSONResponse:
        return error_response(exc)

    @api.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        message, param = _validation_message(exc)
        return _error(422, message, param)

    @api.exception_handler(StarletteHTTPException)  # FastAPI's HTTPException and Starlette's own
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and "parsing the body" in str(exc.detail):
            return _error(400, "the request body cannot be parsed: send UTF-8 JSON (nested at most a few "
                          "hundred levels) with 'Content-Type: application/json'", "body")
        return _error(exc.status_code, str(exc.detail))

    @api.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:  # the server stays up and says so
        err = service.user_error(exc)  # a store problem raised outside the service, in Chroma's own types
        if err is not None:
            return error_response(err)
        eid = log_bug(exc, f"{request.method} {request.url.path}")
        return _error(500, bug_message(eid), type_="server_error")


def _add_rest_routes(api: FastAPI, service: Service) -> None:
    """``/api/ask``, ``/api/timeline``, ``/api/documents`` (list, upload, get, delete) and ``/api/health``."""

    @api.post("/api/ask", tags=["answers"], summary="Ask a question; returns the answer object")
    def api_ask(req: AskRequest) -> dict[str, Any]:
        """Answer ``question`` (``history``: earlier questions or chat messages, for follow-ups).

        The reply is ``answer.to_dict()``: ``answer`` (exact span, null when abstaining), ``text``,
        ``confidence``, ``citations`` (doc_id, version, sentence, start, end, answer_start, answer_end,
        score, title, published, source, url), ``related``, ``abstained``, ``timings_ms``; with an LLM
        (``newsqa serve --llm``) also ``generated``, ``claims`` (text, citations, supported), ``llm``
        and ``llm_note`` (why the extractive answer was given instead).
        """
        history = [{"role": t.role, "content": t.text} for t in normalise_history(req.history)]
        return service.ask(req.question, history, **req.filters()).to_dict()

    @api.post("/api/timeline", tags=["answers"], summary="How a story developed: dated sentences, oldest first")
    def api_timeline(req: TimelineRequest) -> dict[str, Any]:
        """The timeline of ``query``: ``{query, entries, reason}``. ``entries`` (at most ``limit``,
        oldest first) are ``{published, sentence, citation}``: one per development, the earliest
        article that states it, ``citation`` as in the answer object (``duplicates``: the articles
        that carry the sentence word for word). Undated articles are left out; ``reason`` says why
        when there are no entries. A bad ``since``/``until``/``sources``/``limit``: 400 naming it."""
        return service.timeline(req.query, limit=req.limit, **req.filters()).to_dict()

    @api.get("/api/documents", tags=["documents"], summary="List the indexed documents")
    def api_documents() -> list[DocumentInfo]:
        """Every indexed document, ordered by id."""
        return [DocumentInfo(**_document_info(d)) for d in service.documents()]

    @api.post("/api/documents", tags=["documents"], summary="Upload an article file and index it at once",
              status_code=201)
    async def api_upload(request: Request, file: UploadFile = File(...)) -> UploadResult:  # noqa: B008
        """Multipart upload (field ``file``). The document id is the path it is saved under.

        400: bad file name (folders, ``..``); 413: over NEWSQA_MAX_FILE_BYTES; 415: a type that
        cannot be indexed; 422: a file that cannot be read as an article (the reason is given).
        """
        length = request.headers.get("content-length")
        if length and length.isdigit():  # refused before the body is read
            service.check_size(int(length), slack=_MULTIPART_SLACK)
        data = await file.read(service.settings.max_file_bytes + 1)
        from starlette.concurrency import run_in_threadpool

        report = await run_in_threadpool(service.upload, file.filename, data)
        return UploadResult(added=report.added, updated=report.updated, unchanged=report.unchanged,
                            skipped=[{"path": s.path, "reason": s.reason} for s in report.skipped])

    @api.get("/api/documents/{doc_id:path}", tags=["documents"], summary="One document with its text")
    def api_document(doc_id: str) -> DocumentText:
        """The stored (cleaned) text and sentence offsets; citation offsets index into ``text``."""
        d = service.document(doc_id)
        return DocumentText(**_document_info(d), text=d.text,
                            sentence_spans=[SentenceInfo(index=s.index, start=s.start, end=s.end) for s in d.sentences])

    @api.delete("/api/documents/{doc_id:path}", tags=["documents"], summary="Remove a document")
    def api_delete(doc_id: str) -> dict[str, Any]:
        """Remove a document and its sentences; 404 when there is no such document."""
        if not service.remove(doc_id):
            raise NotFound(f"no document with id {doc_id!r}; list them with GET /api/documents", param="doc_id")
        return {"removed": doc_id}

    @api.get("/api/health", tags=["service"], summary="Is the server up, and what does it serve")
    def api_health() -> dict[str, Any]:
        """``status``, the number of ``documents``, the ``store`` served and the API ``version``."""
        return {**service.health(), "version": api.version}


def _add_openai_routes(api: FastAPI, service: Service, config: ServerConfig) -> None:
    """``/v1/models`` and ``/v1/chat/completions`` (streaming or not), as OpenAI clients expect them."""

    @api.get("/v1/models", tags=["openai"], summary="The one model this server answers as")
    def v1_models() -> dict[str, Any]:
        """The model list OpenAI clients ask for: one model, ``newsqa``."""
        return {"object": "list", "data": [{"id": MODEL_NAME, "object": "model", "created": 0, "owned_by": "newsqa"}]}

    @api.post("/v1/chat/completions", tags=["openai"], summary="OpenAI-compatible chat completion")
    def v1_chat(req: ChatRequest) -> Any:
        """The last user message is the question; earlier user messages are the conversation.

        ``choices[0].message.content`` is the chat answer text. The answer object is in the extra
        fields ``citations`` and ``newsqa`` (in the final chunk when ``stream`` is true). With an LLM,
        streaming sends each claim of the generated reply once its citations are checked.
        """
        last = max((i for i, m in enumerate(req.messages) if m.role == "user"), default=None)
        if last is None:
            raise BadInput("no user message: the last message with role 'user' is the question", param="messages")
        question, history = message_text(req.messages[last].content), user_questions(req.messages[:last])
        cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        model = req.model or MODEL_NAME
        if not req.stream:
            answer = service.ask(question, history, **req.filters())
            d = answer.to_dict()
            return {
                "id": cid, "object": "chat.completion", "created": created, "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": reply_content(answer)},
                             "finish_reason": "stop", "logprobs": None}],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                "citations": d["citations"], "newsqa": d,
            }
        service.check_question(question)  # a bad question or filter is a 400, before the stream starts
        service.check_filters(**req.filters())
        events = _chat_events(service, question, history, cid, created, model, config.stream_delay_s, req.filters())
        return StreamingResponse(events, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _chat_events(service: Service, question: str, history: list[str], cid: str, created: int, model: str,
                 delay_s: float, filters: dict[str, Any] | None = None) -> Iterator[str]:
    """The server-sent events of a streamed chat completion, ending with the answer object and ``[DONE]``."""

    def chunk(delta: dict, finish: str | None = None, **extra: Any) -> str:
        body = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    streamed, answer = False, None
    for item in service.ask_stream(question, history, **(filters or {})):
        if isinstance(item, str):  # a checked claim of a generated answer
            streamed = True
            yield chunk({"content": item})
        else:
            answer = item
    if not streamed:  # extractive: the reply in word-sized pieces
        for piece in _stream_pieces(reply_content(answer)):
            yield chunk({"content": piece})
            if delay_s:
                time.sleep(delay_s)
    elif answer.generated is None:  # the LLM's claims did not hold: the extractive answer follows
        yield chunk({"content": "\n\n" + reply_content(answer)})
    d = answer.to_dict()
    yield chunk({}, "stop", citations=d["citations"], newsqa=d)
    yield "data: [DONE]\n\n"


def _mount_docs(api: FastAPI) -> None:
    """Swagger UI at /docs from the ``swagger-ui-bundle`` package (no CDN); the JSON schema at /openapi.json."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    try:
        import swagger_ui_bundle

        assets: str | None = swagger_ui_bundle.swagger_ui_path
    except ImportError:  # the schema stays available; the page says where to find it
        assets = None
    if assets:
        api.mount("/docs/assets", StaticFiles(directory=assets), name="swagger-assets")

    @api.get("/docs/openapi-3.0.json", include_in_schema=False)
    def openapi_for_swagger() -> JSONResponse:
        # The bundled Swagger UI (4.x) refuses "openapi: 3.1.0"; the schema itself renders fine.
        return JSONResponse({**api.openapi(), "openapi": "3.0.3"})

    @api.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if not assets:
            return HTMLResponse('<p>Swagger UI is not installed; the schema is at <a href="openapi.json">/openapi.json</a>.</p>')
        return get_swagger_ui_html(
            openapi_url="/docs/openapi-3.0.json", title="newsqa API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js", swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None, "tryItOutEnabled": True},
        )


def log_to_stderr() -> None:
    """Send logger "newsqa" (bugs with their traceback and error id) to stderr, unless logging is set up."""
    log = logging.getLogger("newsqa")
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s newsqa %(levelname)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def _warn_if_open(host: str, auth: tuple[str, str] | None) -> None:
    """A warning line when the server listens beyond this machine without credentials."""
    if host not in ("127.0.0.1", "localhost", "::1") and not auth:
        print(f"newsqa: warning: listening on {host} without --auth: anyone who can reach this machine can "
              "read and change the documents", flush=True)


def serve(target: Service | Assistant, host: str = "127.0.0.1", port: int = 7860,
          auth: tuple[str, str] | None = None) -> int:
    """Run the server (chat at ``/``, API under ``/api`` and ``/v1``) on ``host:port`` until stopped."""
    import uvicorn

    log_to_stderr()
    _warn_if_open(host, auth)
    where = f"http://{host}:{port}"
    print(f"newsqa chat on {where}/  ·  API {where}/api  ·  OpenAI-compatible {where}/v1  ·  docs {where}/docs"
          + ("  ·  auth on" if auth else ""), flush=True)
    uvicorn.run(create_app(target, ServerConfig(auth=auth)), host=host, port=port, log_level="warning")
    return 0


# -- several worker processes behind one port (``newsqa serve --workers N``) -----------------------
WORKERS_ENV = "NEWSQA_SERVE_WORKERS"  # set for the worker processes only: how many there are
SUPERVISOR_ENV = "NEWSQA_SERVE_SUPERVISOR"  # ... and the pid of the process that supervises them
WORKER_HEADER = b"x-newsqa-worker"  # the pid of the worker that answered (only with several workers)


class ChromaStartError(RuntimeError):
    """The local Chroma server that ``serve_workers`` starts for an embedded store did not come up."""


class WorkerHeaderMiddleware:
    """Adds ``X-Newsqa-Worker: <pid>`` to every response, so that clients (and tests) can tell which
    worker process answered; outermost, so that refusals (401, 413, 415) carry it too."""

    def __init__(self, app) -> None:
        self.app, self.pid = app, str(os.getpid()).encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def tagged(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (WORKER_HEADER, self.pid)]}
            await send(message)

        return await self.app(scope, receive, tagged)


def worker_app() -> FastAPI:
    """The app of one worker process of ``serve_workers`` (uvicorn calls it by name in each process).

    Everything comes from the environment the parent set (``NEWSQA_*`` settings, ``NEWSQA_AUTH``),
    never from pickled objects. The chat is served too, unqueued: the workers share one socket, so
    the requests of one browser reach any of them, and Gradio's queue needs its join request and
    its event stream in one process; unqueued, each chat event is one request (a reply comes whole).
    """
    from qa.assistant import Assistant
    from qa.config import Settings

    _die_with_parent()  # a worker must not outlive its supervisor (it would keep serving the port)
    if str(os.getppid()) != os.environ.get(SUPERVISOR_ENV, str(os.getppid())):
        raise SystemExit("newsqa: the supervisor of this worker has stopped")
    api = create_app(Assistant(settings=Settings.load()),
                     ServerConfig(auth=parse_auth(os.environ.get("NEWSQA_AUTH")), chat_queue=False))
    api.add_middleware(WorkerHeaderMiddleware)
    return api


def free_local_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """SIGTERM to this process when its parent dies (Linux), so that a serve killed with SIGKILL
    leaves no Chroma server (this runs in it before exec) and no worker behind."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass(frozen=True)
class ChromaServer:
    """A running ``chroma run``: its URL and its process id."""

    url: str
    pid: int


@contextlib.contextmanager
def local_chroma(path: Path, start_timeout_s: float = 60.0) -> Iterator[ChromaServer]:
    """``chroma run`` (the installed chromadb's command) over the store folder ``path`` on
    127.0.0.1:<free port>; yields it once its heartbeat answers; stops it on exit.
    ``ChromaStartError`` (with the server's last output line) when it does not come up."""
    import httpx

    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if not chroma:
        raise ChromaStartError("the `chroma` command of the chromadb package is not installed")
    port = free_local_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout_s
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                last = ([line for line in log.read().decode("utf-8", "replace").splitlines() if line.strip()]
                        or ["no output"])[-1].strip()
                raise ChromaStartError(f"the local Chroma server for the store {path} did not start "
                                       f"({'exit status ' + str(proc.returncode) if proc.poll() is not None else 'no heartbeat'}"
                                       f"): {last[:300]}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(url + "/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        yield ChromaServer(url, proc.pid)
    finally:
        stop_process(proc)
        log.close()


def stop_process(proc: subprocess.Popen, timeout_s: float = 20.0) -> None:
    """Stop a child process the way a user would: SIGTERM, then SIGKILL if it has not exited
    within ``timeout_s``; reaped either way (no zombie)."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# opens the embedded store once, alone, so that an index a crash left unreadable is rebuilt
# (``SentenceStore._repair_vector_indexes``) before the local Chroma server reads the folder
_REPAIR = r"""
import sys
from index.embed import Embedder
from index.store import SentenceStore
SentenceStore(sys.argv[1], encode=Embedder(sys.argv[2] or None, cache_dir=sys.argv[3], backend=sys.argv[4]).encode)
"""


def repair_store(settings: Settings) -> None:
    """Open the embedded store in a child process that exits before ``chroma run`` starts (an
    embedded store belongs to one process): a vector index a killed write left unreadable is
    rebuilt then, as any single-process open does; the local server cannot. A store that fails
    to open here is left to the local server, which says why it cannot use the folder."""
    out = subprocess.run(
        [sys.executable, "-c", _REPAIR, str(settings.store_path), settings.embed_model or "",
         str(settings.cache_path), settings.embed_backend],
        cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True,
    )
    log = logging.getLogger("newsqa")
    for line in out.stderr.splitlines():
        if "vector index" in line:
            log.warning(line)
    if out.returncode != 0:  # the local server then says why it cannot use the folder
        log.debug("the store %s could not be opened before serving: %s", settings.store_path,
                  (out.stderr.strip().splitlines() or ["no output"])[-1])


@contextlib.contextmanager
def _shared_store(settings: Settings, workers: int) -> Iterator[Settings]:
    """The settings the workers use: ``settings`` with a Chroma server. With ``chroma_url`` set,
    that server; with an embedded store, a local ``chroma run`` over its folder, announced on
    stdout and stopped on exit (an embedded store belongs to one process)."""
    if settings.chroma_url:
        yield settings
        return
    repair_store(settings)
    with local_chroma(settings.store_path) as server:
        print(f"serving the store {settings.store_path} through a local Chroma server on "
              f"{server.url.removeprefix('http://')} for {workers} workers", flush=True)
        yield replace(settings, chroma_url=server.url)


@contextlib.contextmanager
def _worker_environment(settings: Settings, auth: tuple[str, str] | None, workers: int) -> Iterator[None]:
    """``os.environ`` as the workers must see it (every setting as ``NEWSQA_*``, ``NEWSQA_AUTH``,
    the worker count) while serving; restored afterwards. Spawned workers inherit it."""
    env = {f"NEWSQA_{k.upper()}": str(v) for k, v in asdict(settings).items() if v is not None}
    env |= {"NEWSQA_AUTH": f"{auth[0]}:{auth[1]}" if auth else None, "NEWSQA_CONFIG": None,
            WORKERS_ENV: str(workers), SUPERVISOR_ENV: str(os.getpid())}
    saved = {k: os.environ.get(k) for k in env}
    try:
        for k, v in env.items():
            _set_env(k, v)
        yield
    finally:
        for k, v in saved.items():
            _set_env(k, v)


def _set_env(name: str, value: str | None) -> None:
    """Set ``name`` in ``os.environ``, or remove it when ``value`` is None."""
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """SIGTERM raises ``SystemExit`` while the supervisor is not up yet, so that cleanup (the local
    Chroma server) runs; the supervisor installs its own handlers once it starts."""
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve_workers(settings: Settings, workers: int, host: str = "127.0.0.1", port: int = 7860,
                  auth: tuple[str, str] | None = None) -> int:
    """Run ``workers`` processes of the API behind ``host:port`` until SIGINT or SIGTERM (exit 0).

    uvicorn's supervisor binds the socket, spawns the workers (``worker_app``) and starts a new one
    when one dies. They share a Chroma server: ``settings.chroma_url`` or a local one over the
    embedded store (``_shared_store``). Exit 1 when the Chroma server or a worker cannot start.
    """
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE
    from uvicorn.supervisors import Multiprocess

    log_to_stderr()
    _warn_if_open(host, auth)
    try:
        with _sigterm_as_exit(), _shared_store(settings, workers) as shared, \
                _worker_environment(shared, auth, workers):
            where = f"http://{host}:{port}"
            print(f"newsqa chat on {where}/  ·  API {where}/api  ·  OpenAI-compatible {where}/v1  ·  docs "
                  f"{where}/docs  ·  {workers} worker processes (chat replies come whole, not streamed)"
                  + ("  ·  auth on" if auth else ""), flush=True)
            config = uvicorn.Config("qa.http:worker_app", factory=True, host=host, port=port, workers=workers,
                                    log_level="warning")
            supervisor = Multiprocess(config, sockets=[config.bind_socket()])
            supervisor.run()
    except ChromaStartError as exc:
        print(f"newsqa: {exc}", file=sys.stderr, flush=True)
        return 1
    if any(p.exitcode == STARTUP_FAILURE for p in supervisor.processes):
        print("newsqa: a worker process could not start (its error is above); the server stopped",
              file=sys.stderr, flush=True)
        return 1
    return 0


@contextlib.contextmanager
def serve_in_thread(app: Any, port: int, backlog: int = 2048, start_timeout_s: float = 60.0) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1:``port`` in a background thread (tests, benchmarks, embedding
    newsqa in another program); yields the base URL once it accepts connections, stops on exit."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", backlog=backlog))
    server.install_signal_handlers = lambda: None  # not the main thread
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the newsqa server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
