"""Answering: everything that turns a question into an answer with exact sentence citations."""

from index.documents import Document, StoredDocument
from index.errors import (
    BadInput,
    ConfigError,
    DocumentNotFound,
    LoadError,
    NewsqaError,
    NotFound,
    QuestionError,
    StoreError,
    StoreUnavailable,
)
from qa.answer import Answer, Citation
from qa.assistant import Assistant
from qa.config import Settings

__all__ = [
    "Answer", "Assistant", "BadInput", "Citation", "ConfigError", "Document", "DocumentNotFound", "LoadError",
    "NewsqaError", "NotFound", "QuestionError", "Settings", "StoreError", "StoreUnavailable", "StoredDocument",
]
