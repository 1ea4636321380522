"""Answering: everything that turns a question into an answer with exact sentence citations."""

from index.documents import Document, StoredDocument
from qa.answer import Answer, Citation
from qa.assistant import Assistant, DocumentNotFound, QuestionError
from qa.config import Settings

__all__ = ["Answer", "Assistant", "Citation", "Document", "DocumentNotFound", "QuestionError", "Settings", "StoredDocument"]
