"""Loading files into Documents, with a clear reason for every file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.documents import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
# Single-article formats loaded by index.formats (html, pdf); find_files picks them up too.
OTHER_SUFFIXES = {".html", ".htm", ".xhtml", ".pdf"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SkippedFile:
    """A file that was not indexed, and why (shown to the user by name)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class LoadError(ValueError):
    """A file cannot be turned into a document; the message names the file and what to do."""


def decode_text(data: bytes, path: str) -> str:
    """Decode article bytes: UTF-8 (BOM allowed), else Windows-1252, else Latin-1.

    Binary data (NUL bytes, or mostly control characters) is refused with a clear error.
    """
    if not data.strip():
        raise LoadError(f"{path}: the file is empty; add the article text or remove the file")
    if b"\x00" in data[:8192]:
        raise LoadError(f"{path}: this is not a text file (it contains binary data); give a .txt or .md article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old newsroom exports are often Windows-1252 (curly quotes at 0x91-0x94); Latin-1
        # decodes any byte, so it is the last resort for the few bytes cp1252 leaves undefined.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v" or 0x7F <= ord(ch) < 0xA0)
    if controls > 0.1 * len(sample):
        raise LoadError(f"{path}: this is not a text file (it is mostly control characters, i.e. binary data)")
    return text


def read_article_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None) -> bytes:
    """The bytes of an article file, or ``LoadError`` naming it (missing, broken link,
    over the size limit, unreadable). ``name`` is how the file is named in messages."""
    p = Path(path)
    name = name or str(path)
    try:
        if not p.is_file():
            if p.is_symlink():
                raise LoadError(f"{name}: broken symbolic link (its target {str(p.readlink())!r} does not exist)")
            raise LoadError(f"{name}: no such file (or it is a folder or a broken link)")
        size = p.stat().st_size
        if size > max_bytes:
            raise LoadError(
                f"{name}: the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit"
                " (NEWSQA_MAX_FILE_BYTES)"
            )
        return p.read_bytes()
    except PermissionError as exc:
        raise LoadError(f"{name}: cannot read the file (permission denied); check its permissions") from exc
    except OSError as exc:
        raise LoadError(f"{name}: cannot read the file ({exc.strerror})") from exc


def load_file(path: str | Path, doc_id: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one article file (.txt, .md, .html, .pdf) into a Document whose id is ``doc_id`` or the path."""
    p = Path(path)
    name = str(path)
    if p.suffix.lower() not in TEXT_SUFFIXES | OTHER_SUFFIXES:
        raise LoadError(
            f"{name}: unsupported file type {p.suffix or '(none)'!r}; supported: "
            f"{', '.join(sorted(TEXT_SUFFIXES | OTHER_SUFFIXES))} (and .json, .jsonl, .rss, .atom, .xml with `newsqa sync`)"
        )
    data = read_article_bytes(p, max_bytes, name)
    if p.suffix.lower() in OTHER_SUFFIXES:
        from index.formats import load_documents

        return load_documents(p, doc_id or name, data)[0]
    text = decode_text(data, name)
    if not text.strip():
        raise LoadError(f"{name}: the file has no text")
    return Document(id=doc_id or name, text=text)


def find_files(paths: list[str | Path]) -> list[Path]:
    """Expand folders into the article files below them (sorted); files are kept as given."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in TEXT_SUFFIXES | OTHER_SUFFIXES and not f.name.startswith("."))
        else:
            out.append(p)
    return out
