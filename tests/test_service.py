"""The service layer (qa.service) without a server: questions without a lock, answers in a thread
of their own, errors by type, uploads refused with a typed error and nothing left behind."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import httpx
import pytest

from index.errors import (
    BadInput,
    FileTooLarge,
    LoadError,
    NewsqaError,
    QuestionError,
    StoreUnavailable,
    UnsupportedFile,
)
from index.store import store_unavailable
from qa.service import Service, safe_upload_name, user_error


class FakeAssistant:
    """Streams ``items`` then raises ``error`` (if any), noting the thread and whether the write lock was held."""

    def __init__(self, items=("claim one. ", "claim two."), error: Exception | None = None):
        self.items, self.error, self.seen = list(items), error, []
        self.store = SimpleNamespace(problem=lambda exc: store_unavailable(exc, "http://chroma.test:8000"))
        self.service: Service | None = None

    def ask_stream(self, question, history=None):
        for item in self.items:
            self.seen.append((threading.current_thread().name, self.service.write_lock.locked()))
            yield item
        if self.error is not None:
            raise self.error


def service_over(fake: FakeAssistant) -> Service:
    fake.service = Service(fake)
    return fake.service


def test_of_wraps_an_assistant_once():
    s = service_over(FakeAssistant())
    assert Service.of(s) is s and Service.of(s.assistant).assistant is s.assistant


def test_answers_stream_from_their_own_thread_without_a_lock():
    fake = FakeAssistant()
    s = service_over(fake)
    assert list(s.ask_stream("q?")) == fake.items
    assert fake.seen == [("newsqa-answer", False)] * 2


def test_a_reader_that_goes_away_leaves_the_answer_to_finish():
    fake = FakeAssistant(items=[f"piece {i} " for i in range(50)])
    s = service_over(fake)
    stream = s.ask_stream("q?")
    assert next(stream) == "piece 0 "
    stream.close()  # a closed connection, a stopped chat
    deadline = time.monotonic() + 10
    while any(t.name == "newsqa-answer" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(fake.seen) == 50 and not any(t.name == "newsqa-answer" for t in threading.enumerate())


def test_stream_errors_by_type():
    with pytest.raises(QuestionError, match="empty"):
        list(service_over(FakeAssistant(items=[], error=QuestionError("the question is empty"))).ask_stream(""))
    # Chroma's own connection errors: a StoreUnavailable that says what to do
    with pytest.raises(StoreUnavailable, match="Chroma server at http://chroma.test:8000") as err:
        list(service_over(FakeAssistant(error=httpx.ConnectError("refused"))).ask_stream("q?"))
    assert err.value.status == 503 and isinstance(err.value.__cause__, httpx.ConnectError)
    # anything else is a bug: raised as it is, never turned into a message for the user
    with pytest.raises(ValueError, match="invariant"):
        list(service_over(FakeAssistant(error=ValueError("an invariant broke"))).ask_stream("q?"))


def test_user_error_is_by_type():
    err = QuestionError("too long")
    assert user_error(err) is err
    assert user_error(ValueError("unsupported file type")) is None  # the words do not matter
    assert user_error(KeyError("x")) is None
    assert isinstance(user_error(httpx.ReadTimeout("slow")), StoreUnavailable)


@pytest.mark.parametrize("name", [None, "", "  ", "../evil.txt", "a/b.txt", "a\\b.txt", "..", ".hidden.txt",
                                  "x" * 201, "e\x1bvil.txt", "\u202eevil.txt", "evil\u200b.txt"])
def test_bad_upload_names(name):
    with pytest.raises(BadInput) as err:
        safe_upload_name(name)
    assert (err.value.status, err.value.param) == (400, "file")


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    from qa import Assistant, Settings

    return Service(Assistant(settings=Settings(store=str(tmp_path_factory.mktemp("service") / "store"),
                                               max_file_bytes=10_000)))


@pytest.mark.parametrize(
    ("name", "data", "kind", "status", "says"),
    [
        ("big.txt", b"word " * 3000, FileTooLarge, 413, "over the"),
        ("tool.exe", b"MZ\x00\x01binary", UnsupportedFile, 415, "unsupported file type"),
        ("empty.txt", b"  \n", LoadError, 422, "empty"),
    ],
)
def test_refused_uploads_are_typed_and_not_kept(service, name, data, kind, status, says):
    with pytest.raises(NewsqaError) as err:
        service.upload(name, data)
    assert type(err.value) is kind and err.value.status == status and says in str(err.value)
    assert str(err.value).startswith(f"{name}: ")
    folder = service.upload_folder
    assert not folder.exists() or not list(folder.iterdir())


def test_a_refused_upload_restores_the_file_it_would_replace(service):
    first = b"The harbour bridge reopened on Saturday after two years of repairs, the council said."
    report = service.upload("bridge.txt", first)
    assert [d.endswith("uploads/bridge.txt") for d in report.added] == [True]
    with pytest.raises(LoadError):
        service.upload("bridge.txt", b"   ")
    assert (service.upload_folder / "bridge.txt").read_bytes() == first
    assert [p.name for p in service.upload_folder.iterdir()] == ["bridge.txt"]  # no temporary file left
    assert service.health() == {"status": "ok", "documents": 1, "store": service.settings.store}
