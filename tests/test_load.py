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
        ("latin1.txt", "Caf\u00e9 au lait".encode("latin-1"), "not valid UTF-8"),
        ("page.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_bad_files_get_a_clear_reason_naming_the_file(tmp_path, name, data, reason):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(LoadError) as err:
        load_file(f)
    assert str(f) in str(err.value)
    assert reason in str(err.value)


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
