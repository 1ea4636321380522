import os

import pytest

from index.errors import FileTooLarge, UnsupportedFile
from index.formats import parse_text
from index.load import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, LoadError, find_files, read_documents


def load_one(path, **kw):
    """The one document of a single-article file."""
    (doc,) = read_documents(path, **kw)
    return doc


def test_reads_utf8_with_bom(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("\ufeffCaf\u00e9 news.".encode())
    assert load_one(f).text == "Caf\u00e9 news."
    assert load_one(f).id == str(f)
    assert load_one(f, doc_id="a").id == "a"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"   \n\n", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "not a text file"),
        ("controls.txt", bytes(range(1, 32)) * 10, "not a text file"),
        ("page.docx", b"PK\x03\x04", "unsupported file type"),
    ],
)
def test_bad_files_get_a_clear_reason_naming_the_file(tmp_path, name, data, reason):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(LoadError) as err:
        load_one(f)
    assert str(f) in str(err.value)
    assert reason in str(err.value)


def test_non_utf8_falls_back_to_cp1252_and_latin1(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Caf\u00e9 au lait \u201cbien\u201d.".encode("cp1252"))
    assert load_one(f).text == "Caf\u00e9 au lait \u201cbien\u201d."
    f.write_bytes(b"Undefined in cp1252: \x81\x8d, still decoded.")
    assert load_one(f).text == "Undefined in cp1252: \x81\x8d, still decoded."


def test_missing_and_too_large(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load_one(tmp_path / "nope.txt")
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000)
    with pytest.raises(LoadError, match="over the"):
        load_one(big, max_bytes=1000)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text("hidden")
    f.chmod(0)
    with pytest.raises(LoadError, match="permission denied"):
        load_one(f)


def test_find_files_expands_folders_sorted(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("a")
    (tmp_path / "wire.json").write_text("{}")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / ".hidden.txt").write_text("h")
    assert [p.name for p in find_files([tmp_path])] == ["b.txt", "a.md", "wire.json"]  # sub/a.md sorts before wire.json
    assert find_files([tmp_path / "photo.jpg"]) == [tmp_path / "photo.jpg"]  # a file named is kept: its reader says why not


def test_one_table_of_file_types_for_every_reader(tmp_path):
    assert {".txt", ".md", ".html", ".pdf", ".json", ".jsonl", ".rss", ".atom", ".xml"} <= SUPPORTED_SUFFIXES
    f = tmp_path / "wire.jsonl"
    f.write_text('{"id": "w1", "text": "A storm closed the port."}\n{"text": "The council voted."}\n')
    assert [d.id for d in read_documents(f)] == [f"{f}#w1", f"{f}#2"]
    assert [d.id for d in read_documents(f, doc_id="wire.jsonl")] == ["wire.jsonl#w1", "wire.jsonl#2"]


def test_errors_are_typed(tmp_path):
    docx = tmp_path / "page.docx"
    docx.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFile) as err:
        read_documents(docx)
    assert err.value.status == 415 and ".json" in str(err.value) and "newsqa sync" not in str(err.value)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    with pytest.raises(UnsupportedFile):
        read_documents(binary)
    big = tmp_path / "big.md"
    big.write_text("x" * 2000)
    with pytest.raises(FileTooLarge) as err:
        read_documents(big, max_bytes=1000)
    assert err.value.status == 413 and isinstance(err.value, LoadError)
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_text_with_only_a_byte_order_mark_has_no_text():
    with pytest.raises(LoadError, match="a.txt: the file has no text"):
        parse_text("\ufeff\u3000".encode(), "a.txt")
