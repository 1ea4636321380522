"""The HTTP API on a real uvicorn server on 127.0.0.1: REST, errors, uploads, the OpenAI-compatible
endpoint through the official ``openai`` client, authentication, offline API docs, and Gradio's API."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from tests.conftest import SEED
from tests.servers import running_server

DATA = SEED.parent.parent / "tests" / "data"
AUTH = ("reader", "s3cret-pass")


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    """A store of this module's own (the tests upload and delete), holding the seed article."""
    from qa import Assistant, Settings

    a = Assistant(settings=Settings(store=str(tmp_path_factory.mktemp("http") / "store"), max_file_bytes=100_000))
    assert a.add_files([str(SEED)]).added == [str(SEED)]
    return a


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


def error_message(r: httpx.Response) -> str:
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == r.status_code
    return body["error"]["message"]


# -- REST -------------------------------------------------------------------------------------
def test_ask_returns_the_answer_object(client, assistant):
    r = client.post("/api/ask", json={"question": "Who is mediating?"})
    assert r.status_code == 200
    d = r.json()
    assert d["answer"] == "Qatar and the United States" and d["abstained"] is False
    assert set(d) == set(assistant.ask("Who is mediating?").to_dict())
    c = d["citations"][0]
    doc = client.get(f"/api/documents/{c['doc_id']}").json()  # the id has slashes: a path route
    assert doc["text"][c["start"] : c["end"]] == c["sentence"]
    assert doc["text"][c["answer_start"] : c["answer_end"]] == d["answer"]
    assert doc["version"] == c["version"]


def test_follow_up_uses_history_and_abstains_plainly(client, assistant):
    history = ["Who is mediating?", {"role": "user", "content": "Who is mediating?"}]
    d = client.post("/api/ask", json={"question": "How many were captured?", "history": history}).json()
    assert d["answer"].startswith("about 240")
    assert d == {**assistant.ask("How many were captured?", history=history).to_dict(), "timings_ms": d["timings_ms"]}
    d = client.post("/api/ask", json={"question": "Who won the 2022 World Cup?"}).json()
    assert d["abstained"] is True and d["answer"] is None and d["citations"] == []


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"question": ""}, 400, "question is empty"),
        ({"question": "   "}, 400, "question is empty"),
        ({"question": "why " * 2500}, 400, "the limit is"),
        ({"question": 42}, 422, "question"),
        ({"question": ["a"]}, 422, "question"),
        ({}, 422, "question: this field is required"),
        ({"question": "Who?", "history": "not a list"}, 422, "history"),
        ({"question": "Who?", "colour": "red"}, 422, "colour: unknown field"),
    ],
)
def test_bad_questions_get_4xx_json_that_says_why(client, body, status, says):
    r = client.post("/api/ask", json=body)
    assert r.status_code == status
    assert says in error_message(r)


def test_malformed_json_and_unknown_ids(client):
    r = client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "not valid JSON" in error_message(r)
    r = client.get("/api/documents/no/such/doc.txt")
    assert r.status_code == 404 and "no/such/doc.txt" in error_message(r)
    r = client.delete("/api/documents/no/such/doc.txt")
    assert r.status_code == 404 and "no document" in error_message(r)
    assert client.get("/api/health").json()["status"] == "ok"  # still up


def test_documents_upload_ask_delete(client):
    before = {d["id"] for d in client.get("/api/documents").json()}
    assert str(SEED) in before
    r = client.post("/api/documents", files={"file": ("bridge.txt", (DATA / "bridge.txt").read_bytes(), "text/plain")})
    assert r.status_code == 201, r.text
    (doc_id,) = r.json()["added"]
    assert doc_id.endswith("uploads/bridge.txt")
    listed = {d["id"]: d for d in client.get("/api/documents").json()}
    assert listed[doc_id]["title"].startswith("New Footbridge") and listed[doc_id]["sentences"] >= 3
    d = client.post("/api/ask", json={"question": "Who designed the footbridge?"}).json()
    assert "Ingrid Solberg" in d["answer"] and d["citations"][0]["doc_id"] == doc_id
    # the same upload again changes nothing
    assert client.post("/api/documents", files={"file": ("bridge.txt", (DATA / "bridge.txt").read_bytes())}).json()[
        "unchanged"] == [doc_id]
    assert client.delete(f"/api/documents/{doc_id}").json() == {"removed": doc_id}
    assert client.get(f"/api/documents/{doc_id}").status_code == 404
    assert client.get("/api/health").json()["documents"] == len(before)


@pytest.mark.parametrize(
    ("name", "data", "status", "says"),
    [
        ("../evil.txt", b"Some text.", 400, "not allowed"),
        ("..", b"Some text.", 400, "not allowed"),
        ("a/b.txt", b"Some text.", 400, "not allowed"),
        (".hidden.txt", b"Some text.", 400, "not allowed"),
        ("big.txt", b"word " * 30_000, 413, "over the"),
        ("tool.exe", b"MZ\x00\x01binary", 415, "unsupported file type"),
        ("blob.txt", b"\x00\x01\x02binary", 415, "not a text file"),
        ("empty.txt", b"  \n", 422, "empty"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(client, server, assistant, name, data, status, says):
    r = client.post("/api/documents", files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == status, r.text
    assert says in error_message(r)
    from qa.service import Service

    folder = Service(assistant).upload_folder
    assert not folder.exists() or not [p for p in folder.iterdir() if p.name != "bridge.txt"]  # nothing kept
    assert not (folder.parent.parent / "evil.txt").exists()


def test_upload_without_a_file_field(client):
    r = client.post("/api/documents", data={"x": "1"})
    assert r.status_code == 422 and "file" in error_message(r)


def test_api_docs_are_served_without_a_cdn(client, server):
    schema = client.get("/openapi.json").json()
    assert {"/api/ask", "/api/documents", "/api/documents/{doc_id}", "/api/health", "/v1/chat/completions"} <= set(
        schema["paths"])
    page = client.get("/docs").text
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*["']([^"']+)""", page)
    assert urls and all(u.startswith("/") for u in urls), urls
    for u in urls:
        assert client.get(u).status_code == 200, u
    assert "cdn" not in page.lower()


# -- OpenAI-compatible --------------------------------------------------------------------------
def test_openai_client_chat_completion(server, assistant):
    import openai

    client = openai.OpenAI(base_url=server + "/v1", api_key="unused", max_retries=0)
    assert [m.id for m in client.models.list()] == ["newsqa"]
    r = client.chat.completions.create(model="newsqa", messages=[{"role": "user", "content": "Who is mediating?"}])
    text = r.choices[0].message.content
    assert text.startswith("Qatar and the United States [1]") and r.choices[0].finish_reason == "stop"
    cites = r.model_extra["citations"]
    assert cites[0]["sentence"] in text and cites[0]["start"] < cites[0]["end"]
    assert r.model_extra["newsqa"]["answer"] == "Qatar and the United States"
    # a follow-up: the earlier turns are the conversation
    r = client.chat.completions.create(model="newsqa", messages=[
        {"role": "system", "content": "Answer from the news."},
        {"role": "user", "content": "Who is mediating?"},
        {"role": "assistant", "content": text},
        {"role": "user", "content": [{"type": "text", "text": "How many captives were taken?"}]},
    ])
    expected = assistant.ask("How many captives were taken?", history=["Who is mediating?"]).to_dict()
    got = r.model_extra["newsqa"]
    assert (got["answer"], got["citations"], got["related"]) == (expected["answer"], expected["citations"], expected["related"])


def test_openai_client_streaming(server):
    import openai

    client = openai.OpenAI(base_url=server + "/v1", api_key="unused", max_retries=0)
    stream = client.chat.completions.create(
        model="newsqa", messages=[{"role": "user", "content": "How many captives were taken?"}], stream=True)
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert len(chunks) > 5 and text.startswith("about 240")
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["citations"][0]["sentence"].startswith("During the first day")
    assert last.model_extra["newsqa"]["text"] == text


def test_openai_client_errors(server):
    import openai

    client = openai.OpenAI(base_url=server + "/v1", api_key="unused", max_retries=0)
    with pytest.raises(openai.BadRequestError, match="question is empty"):
        client.chat.completions.create(model="newsqa", messages=[{"role": "user", "content": " "}])
    with pytest.raises(openai.BadRequestError, match="no user message"):
        client.chat.completions.create(model="newsqa", messages=[{"role": "system", "content": "hi"}])
    with pytest.raises(openai.UnprocessableEntityError, match="messages"):
        client.chat.completions.create(model="newsqa", messages=[])


# -- Gradio's own API on the same server ---------------------------------------------------------
def test_gradio_client_on_the_mounted_chat(server):
    from gradio_client import Client

    from qa.conversation import message_text

    gc = Client(server + "/", verbose=False)
    _, history = gc.predict("Who is mediating?", [], api_name="/respond")
    reply = message_text(history[-1]["content"])
    assert reply.startswith("**Qatar and the United States**") and 'class="newsqa-cite"' in reply


# -- authentication --------------------------------------------------------------------------------
def test_auth_protects_ui_rest_and_openai(assistant):
    import openai

    with running_server(assistant, auth=AUTH) as url:
        for path in ("/", "/api/health", "/api/documents", "/docs", "/openapi.json", "/config", "/gradio_api/info"):
            r = httpx.get(url + path, timeout=30)
            assert r.status_code == 401, path
            assert r.headers["www-authenticate"].startswith("Basic") and "authentication required" in error_message(r)
        assert httpx.post(url + "/api/ask", json={"question": "Who is mediating?"}, auth=("reader", "wrong"),
                          timeout=30).status_code == 401
        ok = httpx.post(url + "/api/ask", json={"question": "Who is mediating?"}, auth=AUTH, timeout=60)
        assert ok.status_code == 200 and ok.json()["answer"] == "Qatar and the United States"
        assert httpx.get(url + "/", auth=AUTH, timeout=30).status_code == 200
        good = openai.OpenAI(base_url=url + "/v1", api_key="reader:s3cret-pass", max_retries=0)
        assert good.chat.completions.create(model="newsqa", messages=[{"role": "user", "content": "Who is mediating?"}])
        bad = openai.OpenAI(base_url=url + "/v1", api_key="nope", max_retries=0)
        with pytest.raises(openai.AuthenticationError):
            bad.chat.completions.create(model="newsqa", messages=[{"role": "user", "content": "Who is mediating?"}])


def test_parse_auth():
    from index.errors import ConfigError
    from qa.http import parse_auth

    assert parse_auth("u:p:q") == ("u", "p:q") and parse_auth(None) is None and parse_auth("") is None
    for bad in ("nopassword", ":p", "u:"):
        with pytest.raises(ConfigError, match="user:password"):
            parse_auth(bad)


# -- timelines ------------------------------------------------------------------------------------
def test_timeline_returns_dated_entries_with_exact_citations(client, assistant):
    r = client.post("/api/timeline", json={"query": "prisoner exchange talks", "since": "2023-11-01", "limit": 5})
    assert r.status_code == 200, r.text
    d = r.json()
    assert set(d) == {"query", "entries", "reason"} and d["query"] == "prisoner exchange talks"
    assert d == assistant.timeline("prisoner exchange talks", since="2023-11-01", limit=5).to_dict()
    (e,) = d["entries"]  # one article: one development
    c = e["citation"]
    assert e["published"] == "2023-11-15" == c["published"] and c["doc_id"] == str(SEED)
    doc = client.get(f"/api/documents/{c['doc_id']}").json()
    assert doc["text"][c["start"] : c["end"]] == c["sentence"] == e["sentence"]
    d = client.post("/api/timeline", json={"query": "prisoner exchange talks", "until": "2023-01-31"}).json()
    assert d["entries"] == [] and "published up to 2023-01-31" in d["reason"]


@pytest.mark.parametrize(
    ("body", "status", "param", "says"),
    [
        ({"query": "talks", "since": "2023-02-30"}, 400, "since", "is not a date"),
        ({"query": "talks", "since": "2023-12-01", "until": "2023-11-01"}, 400, "since", "after until"),
        ({"query": "talks", "sources": ["Nobody News"]}, 400, "sources", "no stored article is from"),
        ({"query": "talks", "limit": 0}, 400, "limit", "1 to 100"),
        ({"query": "talks", "limit": "many"}, 422, "limit", "limit"),
        ({"query": "  "}, 400, "query", "question is empty"),
        ({}, 422, "query", "query: this field is required"),
        ({"query": "talks", "colour": "red"}, 422, "colour", "colour: unknown field"),
    ],
)
def test_bad_timeline_requests_get_the_errors_of_ask(client, body, status, param, says):
    r = client.post("/api/timeline", json=body)
    assert r.status_code == status, r.text
    assert says in error_message(r) and r.json()["error"]["param"] == param


def test_timeline_takes_json_only_and_the_same_auth(client, assistant):
    r = client.post("/api/timeline", content=b"query=talks", headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415 and "JSON body" in error_message(r)
    with running_server(assistant, auth=AUTH, mount_chat=False) as url:
        assert httpx.post(url + "/api/timeline", json={"query": "talks"}, timeout=30).status_code == 401
        ok = httpx.post(url + "/api/timeline", json={"query": "prisoner exchange talks"}, auth=AUTH, timeout=60)
        assert ok.status_code == 200 and len(ok.json()["entries"]) == 1


def test_gradio_chat_filters_and_timeline(server):
    from gradio_client import Client

    from qa.conversation import message_text

    gc = Client(server + "/", verbose=False)
    _, history = gc.predict("timeline of prisoner exchange talks", [], "", "", [], api_name="/respond")
    reply = message_text(history[-1]["content"])
    assert reply.startswith("**Timeline: prisoner exchange talks**") and "2023-11-15" in html.unescape(reply)
    assert 'class="newsqa-cite"' in reply
    _, history = gc.predict("Who is mediating?", [], "2023-13-01", "", [], api_name="/respond")
    reply = message_text(history[-1]["content"])
    assert reply.startswith("⚠️ since") and "\n" not in reply  # one line naming the field, not an empty answer
    _, history = gc.predict("Who is mediating?", [], "2023-11-01", "2023-11-30", [], api_name="/respond")
    assert message_text(history[-1]["content"]).startswith("**Qatar and the United States**")
