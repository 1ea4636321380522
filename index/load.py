"""Reading article files into Documents: the one table of supported file types, the size limit,
and a clear reason for every file that cannot be read.

``newsqa index``, uploads and ``newsqa sync`` all read files through ``read_documents``, so a
file type is supported everywhere or nowhere. The parsers themselves (bytes -> documents) are in
``index.formats``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.documents import Document
from index.errors import FileTooLarge, LoadError, UnsupportedFile
from index.formats import (
    parse_feed_file,
    parse_html,
    parse_json,
    parse_json_lines,
    parse_pdf,
    parse_text,
)
from index.report import SkippedFile

__all__ = [
    "DEFAULT_MAX_BYTES", "PARSERS", "SUPPORTED_SUFFIXES", "LoadError", "SkippedFile", "find_files",
    "is_supported", "read_documents",
]

# The default size limit of one article file (and of one fetched feed or page): settings and
# every reader take it from here.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# File suffix (lowercase) -> the parser of such a file's bytes into its documents.
PARSERS: dict[str, Callable[[bytes, str], list[Document]]] = {
    ".txt": parse_text, ".text": parse_text, ".md": parse_text, ".markdown": parse_text,
    ".html": parse_html, ".htm": parse_html, ".xhtml": parse_html,
    ".pdf": parse_pdf,
    ".json": parse_json, ".jsonl": parse_json_lines, ".ndjson": parse_json_lines,
    ".rss": parse_feed_file, ".atom": parse_feed_file, ".xml": parse_feed_file,
}
SUPPORTED_SUFFIXES = frozenset(PARSERS)


def is_supported(path: str | Path) -> bool:
    """True when ``path``'s suffix is a file type newsqa reads."""
    return Path(path).suffix.lower() in PARSERS


def read_documents(path: str | Path, doc_id: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document]:
    """Every document in one article file: one for .txt, .md, .html, .pdf; one per record for
    .json, .jsonl, .rss, .atom, .xml (ids ``<doc_id>#<record key>``).

    ``doc_id`` (default: the path) is the file's id, and how messages name it. Raises
    ``UnsupportedFile`` for a file type newsqa cannot read, ``FileTooLarge`` over ``max_bytes``,
    ``LoadError`` for any other reason the file gives no document.
    """
    p = Path(path)
    name = doc_id or str(path)
    parse = PARSERS.get(p.suffix.lower())
    if parse is None:
        raise UnsupportedFile(
            f"{name}: unsupported file type {p.suffix or '(none)'!r}; supported: {', '.join(sorted(PARSERS))}"
        )
    return parse(_read_bytes(p, max_bytes, name), name)


def check_size(size: int, max_bytes: int, name: str | None = None, shown: int | None = None) -> None:
    """``FileTooLarge`` naming the file (or "the upload") when ``size`` bytes are over ``max_bytes``;
    the message gives ``shown`` bytes when given (a request's whole length), else ``size``."""
    if size > max_bytes:
        what = f"{name}: the file" if name else "the upload"
        mb = (size if shown is None else shown) / 1e6
        raise FileTooLarge(f"{what} is {mb:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (NEWSQA_MAX_FILE_BYTES)")


def _read_bytes(p: Path, max_bytes: int, name: str) -> bytes:
    """The bytes of an article file, or a ``LoadError`` naming it (missing, broken link, over the
    size limit, unreadable)."""
    try:
        if not p.is_file():
            if p.is_symlink():
                raise LoadError(f"{name}: broken symbolic link (its target {str(p.readlink())!r} does not exist)")
            raise LoadError(f"{name}: no such file (or it is a folder or a broken link)")
        check_size(p.stat().st_size, max_bytes, name)
        return p.read_bytes()
    except PermissionError as exc:
        raise LoadError(f"{name}: cannot read the file (permission denied); check its permissions") from exc
    except OSError as exc:
        raise LoadError(f"{name}: cannot read the file ({exc.strerror})") from exc


def find_files(paths: list[str | Path]) -> list[Path]:
    """Expand folders into the article files below them (sorted; hidden files left out);
    files are kept as given."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if is_supported(f) and not f.name.startswith("."))
        else:
            out.append(p)
    return out


