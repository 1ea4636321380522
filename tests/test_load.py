import os

import pytest

from index.load import LoadError, find_files, load_file


def test_reads_utf8_with_bom(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("\ufeffCaf\u00e9 news.".encode())
    assert load_file(f).text == "Caf\u00e9 news."
    assert load_file(f).id == str(f)


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
        load_file(f)
    assert str(f) in str(err.value)
    assert reason in str(err.value)


def test_non_utf8_falls_back_to_cp1252_and_latin1(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Caf\u00e9 au lait \u201cbien\u201d.".encode("cp1252"))
    assert load_file(f).text == "Caf\u00e9 au lait \u201cbien\u201d."
    f.write_bytes(b"Undefined in cp1252: \x81\x8d, still decoded.")
    assert load_file(f).text == "Undefined in cp1252: \x81\x8d, still decoded."


def test_missing_and_too_large(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load_file(tmp_path / "nope.txt")
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000)
    with pytest.raises(LoadError, match="over the"):
        load_file(big, max_bytes=1000)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text("hidden")
    f.chmod(0)
    with pytest.raises(LoadError, match="permission denied"):
        load_file(f)


def test_find_files_expands_folders_sorted(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("a")
    (tmp_path / "skip.json").write_text("{}")
    (tmp_path / ".hidden.txt").write_text("h")
    assert [p.name for p in find_files([tmp_path])] == ["b.txt", "a.md"]
