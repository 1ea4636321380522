"""The conversation so far: one normaliser for every form a chat history arrives in.

Interfaces hand history in their own shapes: plain strings (the Python API, ``/api/ask``),
OpenAI/Gradio messages (``{"role", "content"}``, content a string or a list of text parts),
pydantic messages with ``.role`` and ``.text()``, or (question, answer) pairs (older Gradio).
``normalise_history`` turns any of them into ``Turn``s, oldest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Turn:
    """One message of the conversation: ``role`` is "user" or "assistant"."""

    role: str
    text: str


def message_text(content: Any) -> str:
    """The text of a message's content: a string, or a list of ``{"type": "text", "text": ...}`` parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type", "text") == "text"
        )
    return ""


def normalise_history(history: Sequence[Any] | None) -> list[Turn]:
    """Every non-empty turn of ``history``, oldest first (a bare string is a user's question)."""
    turns: list[Turn] = []
    for item in history or ():
        if isinstance(item, str):
            turns.append(Turn("user", item))
        elif isinstance(item, dict):
            turns.append(Turn(str(item.get("role", "user")), message_text(item.get("content"))))
        elif isinstance(item, (list, tuple)) and item:  # (question, answer) pairs
            turns.append(Turn("user", str(item[0] or "")))
            if len(item) > 1 and item[1]:
                turns.append(Turn("assistant", str(item[1])))
        elif hasattr(item, "role"):  # a pydantic message of the HTTP API
            text = item.text() if callable(getattr(item, "text", None)) else message_text(getattr(item, "content", ""))
            turns.append(Turn(str(item.role), text))
    return [t for t in turns if t.text.strip()]


def user_questions(history: Sequence[Any] | None) -> list[str]:
    """The user's earlier questions, oldest first."""
    return [t.text for t in normalise_history(history) if t.role == "user"]
