"""Fuzzing the ingestion (hypothesis): random bytes, hostile Unicode (bidi and zero-width marks,
combining characters, emoji, NUL, lone surrogates), very long lines, deeply nested HTML, malformed
JSON and feeds, in every supported format.

Each file either gives documents whose sentence offsets are valid, or a ``LoadError`` (reading)
/ ``BadInput`` (preparing) whose message names the file: never another exception, never a hang.
A sync over a folder of such files reports each bad file and indexes the good ones.
"""

from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import BadInput
from index.load import LoadError, read_documents
from index.pipeline import prepare
from tests.files import make_pdf, rss, write

SUFFIXES = [".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".rss", ".atom", ".xml", ".pdf"]
HOSTILE = ["\u200f", "\u202e", "\u202d", "\u2066", "\u200b", "\u200c", "\u200d", "\ufeff", "\u0301", "\u0336",
           "\U0001f4f0", "\U0001f469\u200d\U0001f4bb", "\x00", "\r", "\u2028", "\u2029", "\x0b", "\x85", "\ud800",
           "<", ">", "&", "&amp;", "\"", "{", "}", "[", "]", "\n\n", ". ", "? ", "Mr. ", "U.S. ", "...", "«", "»"]
PER_FILE_S = 10.0  # a file taking longer than this counts as a hang

unicode_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=12), st.sampled_from(["The mayor said", "news"])),
    max_size=60,
).map("".join)
long_line = st.builds(lambda w, n: (w + " ") * n, st.sampled_from(["word", "\u202eabc", "x" * 50, "é\u0301"]),
                      st.integers(1000, 40_000))
nested_html = st.builds(
    lambda tag, depth, inner: f"<html><body>{('<' + tag + '>') * depth}{inner}{('</' + tag + '>') * (depth // 2)}",
    st.sampled_from(["div", "p", "b", "table", "article", "span"]), st.integers(10, 5000), unicode_text)
malformed_json = st.one_of(
    st.builds(lambda d, t: "[" * d + '{"text": ' + t + "}" + "]" * (d // 3), st.integers(1, 5000), st.sampled_from(
        ['"ok text."', "1e999999", '"\\ud800"', "null", '"' + "a" * 10 + "\\", "[" * 100])),
    st.builds(lambda t: '{"articles": [{"text": ' + t + ', "title": [1, 2]}]}', st.sampled_from(['"A story."', '{"a": 1}', "true"])),
)
malformed_feed = st.one_of(
    st.builds(lambda t, c: rss([{"guid": t, "title": t, "content": c}]), unicode_text, unicode_text),
    st.builds(lambda c: rss([{"content": c}])[: len(rss([{"content": c}])) // 2], unicode_text),
    st.builds(lambda d: "<?xml version='1.0'?>" + "<rss>" * d + "<item><description>x</description></item>",
              st.integers(1, 3000)),
    st.just('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><rss><channel><item><description>&c;</description></item>'
            "</channel></rss>"),
)
pdf_bytes = st.one_of(
    st.builds(lambda lines: make_pdf(lines), st.lists(unicode_text.map(lambda t: t.encode("latin-1", "replace").decode("latin-1")), max_size=5)),
    st.builds(lambda b, cut: make_pdf(["Some text here."])[:cut] + b, st.binary(max_size=200), st.integers(0, 600)),
)


def to_bytes(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "surrogatepass" if encoding == "utf-8" else "replace")


content = st.one_of(
    st.binary(max_size=4000),
    st.builds(to_bytes, unicode_text, st.sampled_from(["utf-8", "utf-16", "cp1252"])),
    st.builds(to_bytes, long_line, st.just("utf-8")),
    st.builds(to_bytes, nested_html, st.just("utf-8")),
    st.builds(to_bytes, malformed_json, st.just("utf-8")),
    st.builds(to_bytes, malformed_feed, st.just("utf-8")),
    pdf_bytes,
)
# any content under any name, and each format's own malformed content under its own names
file_case = st.one_of(
    st.tuples(st.sampled_from(SUFFIXES), content),
    st.tuples(st.sampled_from([".json", ".jsonl"]), st.builds(to_bytes, malformed_json, st.just("utf-8"))),
    st.tuples(st.sampled_from([".html", ".htm"]), st.builds(to_bytes, nested_html, st.just("utf-8"))),
    st.tuples(st.sampled_from([".rss", ".atom", ".xml"]), st.builds(to_bytes, malformed_feed, st.just("utf-8"))),
    st.tuples(st.just(".pdf"), pdf_bytes),
)


@contextmanager
def time_limit(seconds: float, what: str):
    def on_alarm(*_):
        raise TimeoutError(f"{what} took over {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def ingest(folder: Path, suffix: str, data: bytes) -> str:
    """Load and prepare one file the way sync does; 'ok' or 'reported'. Anything else fails the test."""
    path = folder / f"fuzz{suffix}"
    path.write_bytes(data)
    rel = path.name
    with time_limit(PER_FILE_S, rel):
        try:
            docs = read_documents(path, rel, max_bytes=1_000_000)
        except LoadError as exc:
            assert str(exc).startswith(rel) and len(str(exc)) > len(rel) + 5, str(exc)
            return "reported"
        assert docs and all(d.id.startswith(rel) and isinstance(d.text, str) for d in docs)
        for d in docs:
            try:
                stored = prepare(d)
            except BadInput as exc:
                assert d.id in str(exc) or "document" in str(exc), str(exc)
                continue
            assert stored.sentences and stored.version
            for s in stored.sentences:
                assert 0 <= s.start < s.end <= len(stored.text)
                assert stored.text[s.start : s.end].strip()
    return "ok"


@settings(max_examples=int(os.environ.get("NEWSQA_FUZZ_EXAMPLES", "200")), deadline=None, derandomize=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(case=file_case)
def test_fuzz_every_format_loads_or_reports(tmp_path, case):
    suffix, data = case
    t = time.monotonic()
    ingest(tmp_path, suffix, data)
    assert time.monotonic() - t < PER_FILE_S


def test_lone_surrogate_in_json_is_bad_input_naming_the_record(tmp_path):
    assert ingest(tmp_path, ".jsonl", b'{"id": "a", "text": "The mayor said \\ud800 it was over."}\n') == "ok"
    (doc,) = read_documents(tmp_path / "fuzz.jsonl", "fuzz.jsonl")
    with pytest.raises(BadInput, match=r"^fuzz.jsonl#a: 'utf-8' codec can't encode"):
        prepare(doc)


@pytest.mark.slow
def test_sync_reports_each_hostile_file_and_indexes_the_rest(fresh, tmp_path):
    folder = tmp_path / "news"
    good = "The harbour bridge reopened on Saturday after eight months of repairs costing 40 million dollars."
    write(folder, "good.txt", good)
    write(folder, "good-rtl.md", "\u202eThe mayor\u200b said the fair\u0301 drew \U0001f4f0 crowds on day nine. " * 3)
    bad = {
        "binary.txt": bytes(range(256)) * 20,
        "nul.md": b"Some text\x00 with a NUL byte.",
        "empty.html": b"   ",
        "deep.html": ("<div>" * 20_000 + "</div>" * 3).encode(),
        "scripts.htm": b"<html><script>var a = 1;</script><style>b{}</style></html>",
        "broken.json": b'{"articles": [{"text": ',
        "deep.json": b"[" * 5000 + b'{"text": "A story."}' + b"]" * 5000,
        "notext.jsonl": b'{"title": "no text field"}\n',
        "truncated.rss": rss([{"guid": "1", "content": "A story."}]).encode()[:60],
        "bomb.xml": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><r>&b;</r>',
        "fake.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 4,
        "zero-width.txt": "\u200b\u200c\u200d\ufeff\u2060".encode() * 50,
    }
    for name, data in bad.items():
        write(folder, name, data)
    with time_limit(300, "the sync"):
        report = fresh.sync(folder)
    skipped = {s.path: s.reason for s in report.skipped}
    assert set(skipped) == set(bad), skipped
    assert all(reason.strip() for reason in skipped.values())
    assert sorted(report.added) == ["good-rtl.md", "good.txt"]
    answer = fresh.ask("When did the harbour bridge reopen?")
    assert answer.citations and answer.citations[0].doc_id == "good.txt"
