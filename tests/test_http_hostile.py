"""Hostile HTTP input against a real server on 127.0.0.1: oversized bodies, wrong content types,
malformed JSON, path traversal in upload names, a burst of tiny uploads, odd Unicode in document
ids. Each gets a 4xx whose JSON says what is wrong; the server stays up; nothing is written outside
the store folder."""

from __future__ import annotations

import os
import socket
from urllib.parse import quote

import httpx
import pytest

from bench.load import upload_burst
from tests.conftest import SEED
from tests.servers import running_server

BURST = int(os.environ.get("NEWSQA_TEST_BURST", "120"))  # `python -m bench.load --uploads 1000`: the full burst


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from qa import Assistant, Settings

    root = tmp_path_factory.mktemp("hostile")
    (root / "outside").mkdir()
    (root / "outside" / "canary.txt").write_text("untouched")
    a = Assistant(settings=Settings(store=str(root / "store"), max_file_bytes=100_000))
    a.add_files([str(SEED)])
    with running_server(a, mount_chat=False) as url, httpx.Client(base_url=url, timeout=120) as c:
        yield {"client": c, "url": url, "root": root, "assistant": a}


def files_outside_store(root) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*")
            if p.is_file() and "store" not in p.relative_to(root).parts}


def error(r: httpx.Response) -> str:
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == r.status_code, body
    return body["error"]["message"]


def still_up(c: httpx.Client) -> None:
    assert c.get("/api/health").json()["status"] == "ok"
    assert c.post("/api/ask", json={"question": "Who is mediating?"}).json()["answer"] == "Qatar and the United States"


JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("path", "content", "headers", "status", "says"),
    [
        # oversized bodies: refused from the Content-Length, or read up to the limit when chunked
        ("/api/ask", b'{"question": "' + b"a" * 3_000_000 + b'"}', JSON, 413, "byte limit"),
        ("/v1/chat/completions", b'{"messages": [' + b'{"role": "user", "content": "hi"},' * 60_000 + b"]}", JSON, 413,
         "byte limit"),
        ("/api/ask", iter([b'{"question": "', b"a" * 900_000, b"a" * 900_000, b'"}']), JSON, 413, "byte limit"),
        # wrong content types
        ("/api/ask", b'{"question": "Who is mediating?"}', {"content-type": "text/plain"}, 415, "application/json"),
        ("/api/ask", b"question=Who+is+mediating", {"content-type": "application/x-www-form-urlencoded"}, 415, "JSON body"),
        ("/v1/chat/completions", b"<messages/>", {"content-type": "application/xml"}, 415, "application/json"),
        ("/api/documents", b'{"file": "a.txt"}', JSON, 422, "file"),
        # malformed JSON
        ("/api/ask", b"{not json", JSON, 422, "not valid JSON"),
        ("/api/ask", b'{"question": "\xff\xfe"}', JSON, 400, "UTF-8 JSON"),
        ("/api/ask", b'{"question": "a", "history": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", JSON, 400, "cannot be parsed"),
        ("/api/ask", b"[1, 2, 3]", JSON, 422, "body"),
        ("/api/ask", b'{"question": null}', JSON, 422, "question"),
        ("/api/ask", b"", JSON, 422, "body"),
        ("/v1/chat/completions", b'{"messages": "hello"}', JSON, 422, "messages"),
        ("/v1/chat/completions", b'{"messages": [{"role": "wizard", "content": "hi"}]}', JSON, 422, "role"),
    ],
)
def test_bad_bodies_get_a_clear_4xx(env, path, content, headers, status, says):
    c = env["client"]
    r = c.post(path, content=content, headers=headers)
    assert r.status_code == status, r.text[:300]
    assert says in error(r)
    still_up(c)


@pytest.mark.parametrize(
    "name",
    ["../evil.txt", "../../evil.txt", "/tmp/evil.txt", "..\\evil.txt", "sub/../../evil.txt", "..", ".", "./evil.txt",
     "evil.txt\x00.pdf", "\u202eevil.txt", "evil\u200b.txt", "e\x1bvil.txt", "x" * 300 + ".txt", ""],
)
def test_upload_names_cannot_escape_the_store(env, name):
    c, root = env["client"], env["root"]
    before = files_outside_store(root)
    # raw multipart, so the name reaches the server byte for byte (httpx would escape some of it)
    boundary = "newsqa-test-boundary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: text/plain\r\n\r\nThe harbour bridge reopened on Saturday after repairs.\r\n"
            f"--{boundary}--\r\n").encode("utf-8", "surrogateescape")
    r = c.post("/api/documents", content=body, headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert 400 <= r.status_code < 500, (name, r.status_code, r.text[:200])
    assert error(r)
    assert files_outside_store(root) == before
    assert not any((p / "evil.txt").exists() for p in (root, root.parent, root / "store", root / "outside"))
    still_up(c)


@pytest.mark.parametrize(
    "doc_id",
    ["\u202eevil.txt", "zero\u200bwidth", "nul\x00byte", "emoji 📰 news", "combining e\u0301\u0301\u0301",
     "../../../etc/passwd", "..%2f..%2fetc%2fpasswd", "a" * 5000, "\ufeffbom", "🙂" * 300],
)
def test_unicode_document_ids_get_a_clear_404(env, doc_id):
    c = env["client"]
    quoted = "/api/documents/" + quote(doc_id, safe="")  # slashes too: the id reaches the route whole
    for method in ("GET", "DELETE"):
        r = c.request(method, quoted)
        assert r.status_code == 404, (doc_id, r.text[:200])
        assert "no document" in error(r)
    still_up(c)


def test_request_line_garbage_does_not_take_the_server_down(env):
    host, port = env["url"].removeprefix("http://").split(":")
    for raw in (b"\x00\x01\x02\x03" * 100, b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\n\r\n", b"POST /api/ask HTTP/1.1\r\n"
                b"Host: x\r\nContent-Length: 99999999999999999999\r\n\r\n{", b"GET / HTTP/9.9\r\n\r\n"):
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(raw)
            try:
                reply = s.recv(200)
            except (ConnectionResetError, TimeoutError):
                reply = b""
        assert not reply or reply.startswith(b"HTTP/1.1 4"), reply
    still_up(env["client"])


def test_a_burst_of_tiny_uploads(env):
    c, root = env["client"], env["root"]
    before_outside = files_outside_store(root)
    before = {d["id"] for d in c.get("/api/documents").json()}
    codes = upload_burst(env["url"], BURST, clients=16)
    assert codes == {201: BURST}, codes
    docs = {d["id"]: d for d in c.get("/api/documents").json()}
    new = set(docs) - before
    assert len(new) == BURST and all(d["sentences"] == 1 for i, d in docs.items() if i in new)
    uploads = root / "store" / "uploads"
    assert len([p for p in uploads.iterdir() if p.name.startswith("tiny")]) == BURST
    assert not [p for p in uploads.iterdir() if p.name.startswith(".")], "a temporary upload file was left behind"
    assert files_outside_store(root) == before_outside
    d = c.post("/api/ask", json={"question": "When was the pump at station 77 repaired?"}).json()
    assert d["citations"] and d["citations"][0]["doc_id"].endswith("tiny0077.txt")
    still_up(c)
