"""One configuration object, read from arguments, ``NEWSQA_*`` environment variables and an
optional TOML file (``NEWSQA_CONFIG`` or ``--config``). Arguments win over the environment,
which wins over the file, which wins over the defaults."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from index.errors import BadInput, ConfigError
from index.load import DEFAULT_MAX_BYTES
from qa.when import reference_day


@dataclass(frozen=True)
class Settings:
    """Everything a user may configure. Field ``x`` is read from ``NEWSQA_X`` too."""

    store: str = ".newsqa"  # folder of the embedded Chroma store
    chroma_url: str | None = None  # use a Chroma server (http://host:port) instead
    store_timeout_s: float = 10.0  # longest wait for one Chroma server request; then HTTP 503
    embed_model: str | None = None  # local sentence-transformers folder; None: packaged MiniLM
    embed_backend: str = "onnx"  # fp32; "openvino" (bf16 where the CPU has it), "onnx-int8" (lower quality), "torch"
    reader: str = "auto"  # "rules", "learned", or a path to an extractive QA model folder
    index_batch: int = 64  # documents embedded and written together (bigger: faster, more memory)
    max_citations: int = 3
    # P(the documents answer the question) below this: "not in the documents"; None: the model's own
    abstain_threshold: float | None = None
    answerability_model: str | None = None  # None: the shipped models/answerability/model.json
    max_question_chars: int = 1000
    max_file_bytes: int = DEFAULT_MAX_BYTES
    cache_dir: str | None = None  # rebuildable files (ONNX encoder, lexical index); None: $XDG_CACHE_HOME/newsqa
    # Generative answers (optional): "llamacpp:PATH.gguf", "openai:URL#MODEL", "ollama:MODEL[@URL]".
    llm: str | None = None
    llm_timeout: float = 60.0  # seconds for a whole generation (and each HTTP request to the LLM)
    llm_max_tokens: int = 256
    llm_context: int = 4096  # context window asked of an in-process llama.cpp model
    llm_sentences: int = 8  # evidence sentences shown to the LLM, numbered
    llm_min_similarity: float = 0.5  # claim-sentence cosine below this: the citation does not support it
    today: str | None = None  # the reference day for relative dates in questions (YYYY-MM-DD; default: today)

    @classmethod
    def load(cls, config_file: str | None = None, **overrides: Any) -> Settings:
        """Defaults < TOML file < environment < explicit keyword arguments (None is ignored)."""
        values: dict[str, Any] = {}
        path = config_file or os.environ.get("NEWSQA_CONFIG")
        if path:
            try:
                with open(path, "rb") as fh:
                    data = tomllib.load(fh)
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"cannot read the config file {path!r}: {exc}") from exc
            values.update(data.get("newsqa", data))
        for f in fields(cls):
            env = os.environ.get(f"NEWSQA_{f.name.upper()}")
            if env not in (None, ""):
                values[f.name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name: f for f in fields(cls)}
        unknown = set(values) - set(known)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}; known: {', '.join(known)}")
        settings = cls()
        typed: dict[str, Any] = {}
        for name, value in values.items():
            default = getattr(settings, name)
            if default is None and "float" in str(known[name].type):
                default = 0.0  # an optional number: typed as one
            try:
                if isinstance(default, bool):
                    typed[name] = str(value).lower() in ("1", "true", "yes", "on")
                elif isinstance(default, int):
                    typed[name] = int(value)
                elif isinstance(default, float):
                    typed[name] = float(value)
                else:
                    typed[name] = str(value) if value is not None else None
            except ValueError as exc:
                raise ConfigError(f"setting {name!r}: {value!r} is not a valid {type(default).__name__}") from exc
        return _checked(replace(settings, **typed))

    @property
    def store_path(self) -> Path:
        return Path(self.store).expanduser()

    @property
    def cache_path(self) -> Path:
        if self.cache_dir:
            return Path(self.cache_dir).expanduser()
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsqa"


def _checked(settings: Settings) -> Settings:
    """``settings``, once the values that must be more than their type are: ``today`` a date, so a
    bad ``NEWSQA_TODAY`` stops the start instead of failing every question."""
    if settings.today is not None:
        try:
            reference_day(settings.today)
        except BadInput as exc:
            raise ConfigError(exc.message, param="today") from exc
    return settings
