"""Loading files into Documents, with a clear reason for every file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.documents import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
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
    """Decode article bytes as UTF-8 (BOM allowed); refuse binary data and other encodings."""
    if not data.strip():
        raise LoadError(f"{path}: the file is empty; add the article text or remove the file")
    if b"\x00" in data[:8192]:
        raise LoadError(f"{path}: this is not a text file (it contains binary data); give a .txt or .md article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"{path}: the text is not valid UTF-8 (byte {exc.start}); re-save the file as UTF-8"
        ) from exc


def load_file(path: str | Path, doc_id: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one article file (.txt, .md) into a Document whose id is ``doc_id`` or the path."""
    p = Path(path)
    name = str(path)
    if p.suffix.lower() not in TEXT_SUFFIXES:
        raise LoadError(
            f"{name}: unsupported file type {p.suffix or '(none)'!r}; supported: {', '.join(sorted(TEXT_SUFFIXES))}"
        )
    try:
        if not p.is_file():
            raise LoadError(f"{name}: no such file (or it is a folder or a broken link)")
        size = p.stat().st_size
        if size > max_bytes:
            raise LoadError(f"{name}: the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
        data = p.read_bytes()
    except PermissionError as exc:
        raise LoadError(f"{name}: cannot read the file (permission denied); check its permissions") from exc
    except OSError as exc:
        raise LoadError(f"{name}: cannot read the file ({exc.strerror})") from exc
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
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in TEXT_SUFFIXES and not f.name.startswith("."))
        else:
            out.append(p)
    return out
