"""HTTP errors by type (no model, no server): a ``NewsqaError`` answers its status, type and param;
Chroma's own connection errors are a 503 with ``Retry-After``; any other exception is a bug, a 500
with an error id whose traceback is in the log (logger "newsqa"), and never its message."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from fastapi.testclient import TestClient

from index.errors import LoadError, NotFound, StoreError, StoreUnavailable


@pytest.fixture
def api(fresh):
    from qa.http import ServerConfig, create_app

    app = create_app(fresh, ServerConfig(mount_chat=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, fresh


def fail_with(monkeypatch, assistant, exc: Exception) -> None:
    def boom(*args, **kwargs):
        raise exc

    for name in ("documents", "get_document", "ask"):
        monkeypatch.setattr(assistant, name, boom)


def body(r: httpx.Response) -> dict:
    got = r.json()
    assert set(got) == {"error"} and set(got["error"]) == {"message", "type", "param", "code"}
    assert got["error"]["code"] == r.status_code
    return got["error"]


@pytest.mark.parametrize(
    ("exc", "status", "type_", "param"),
    [
        (NotFound("no such thing", param="doc_id"), 404, "not_found", "doc_id"),
        (LoadError("a.txt: cannot read it"), 422, "unreadable_file", "file"),
        (StoreError("the store folder is read-only"), 507, "store_error", None),
    ],
)
def test_a_newsqa_error_answers_its_own_status_type_and_param(api, monkeypatch, exc, status, type_, param):
    client, assistant = api
    fail_with(monkeypatch, assistant, exc)
    r = client.get("/api/documents")
    assert r.status_code == status
    assert body(r) == {"message": str(exc), "type": type_, "param": param, "code": status}


def test_the_store_unavailable_says_retry_after(api, monkeypatch):
    client, assistant = api
    fail_with(monkeypatch, assistant, StoreUnavailable("the Chroma server cannot be reached"))
    r = client.get("/api/health")
    assert r.status_code == 503 and r.headers["retry-after"] == "5"
    assert body(r)["type"] == "store_unavailable"


def test_chromas_own_connection_errors_are_a_503(api, monkeypatch):
    client, assistant = api
    fail_with(monkeypatch, assistant, httpx.ConnectError("connection refused"))
    r = client.post("/api/ask", json={"question": "Who is mediating?"})
    assert r.status_code == 503 and r.headers["retry-after"] == "5"
    assert body(r)["type"] == "store_unavailable" and "Chroma server" in body(r)["message"]


@pytest.mark.parametrize("exc", [ValueError("unsupported file type: a secret path /etc/x"), KeyError("k"),
                                 RuntimeError("boom")])
def test_any_other_exception_is_a_bug_with_an_error_id(api, monkeypatch, caplog, exc):
    client, assistant = api
    fail_with(monkeypatch, assistant, exc)
    with caplog.at_level(logging.ERROR, logger="newsqa"):
        r = client.get("/api/documents/some-id")
    assert r.status_code == 500
    error = body(r)
    assert error["type"] == "server_error" and str(exc) not in error["message"]
    m = re.fullmatch(r"internal error ([0-9a-f]{8}): please report it \(the traceback is in the server log\)",
                     error["message"])
    assert m, error["message"]
    (record,) = [r for r in caplog.records if r.name == "newsqa"]
    assert m.group(1) in record.getMessage() and "GET /api/documents/some-id" in record.getMessage()
    assert record.exc_info and record.exc_info[1] is exc


def test_upload_refusals_are_typed(api):
    client, _ = api
    cases = [("../evil.txt", b"Some text.", 400, "invalid_request_error"),
             ("tool.exe", b"MZ\x00\x01binary", 415, "unsupported_file"),
             ("empty.txt", b"  \n", 422, "unreadable_file")]
    for name, data, status, type_ in cases:
        r = client.post("/api/documents", files={"file": (name, data, "application/octet-stream")})
        assert (r.status_code, body(r)["type"], body(r)["param"]) == (status, type_, "file"), r.text


def test_an_upload_over_the_limit_is_refused_from_its_length(tmp_path):
    from qa import Assistant, Settings
    from qa.http import ServerConfig, create_app

    small = Assistant(settings=Settings(store=str(tmp_path / "store"), max_file_bytes=1000))
    with TestClient(create_app(small, ServerConfig(mount_chat=False))) as client:
        r = client.post("/api/documents", files={"file": ("big.txt", b"word " * 20_000, "text/plain")})
        assert r.status_code == 413 and body(r)["type"] == "file_too_large"
        assert body(r)["message"].startswith("the upload is 0.1 MB, over the 0 MB limit")
        r = client.post("/api/documents", files={"file": ("big.txt", b"word " * 1000, "text/plain")})
        assert r.status_code == 413 and body(r)["message"].startswith("big.txt: the file is 0.0 MB, over the")
