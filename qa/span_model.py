"""The span-extraction model behind the learned reader (``qa.reader.LearnedReader``).

Default model: ``models/reader/`` -- all-MiniLM-L6-v2 fine-tuned for span extraction
(SQuAD v1.1 + SQuADShifts), exported to int8 ONNX; see models/reader/README.md.
Runtime dependencies: numpy, tokenizers, onnxruntime. Any Hugging Face-format extractive
QA directory (``AutoModelForQuestionAnswering``) can be given instead; that path uses
torch + transformers, imported lazily.

    reader = SpanModel()
    for c in reader.read("Who founded the company?", passages):
        print(passages[c.passage][c.start:c.end], c.score, c.null_score)
"""
from __future__ import annotations

import json
import os
import string
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import ConfigError
from index.parallel import SideBySide

__all__ = ["SpanCandidate", "SpanModel", "DEFAULT_MODEL_DIR"]

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "reader"

# characters stripped from both ends of an extracted span
_STRIP = set(string.whitespace) | set(",.;:!?\"'()[]{}<>«»“”‘’`") | {"\u00a0"}
_KEEP_END = set(")]}\"'”’")  # closing chars kept if the matching opener is inside the span
_PAIRS = {")": "(", "]": "[", "}": "{", "\"": "\"", "'": "'", "”": "“", "’": "‘"}


@dataclass
class SpanCandidate:
    passage: int        # index into the passages list
    start: int          # char offset inside passages[passage]
    end: int            # exclusive char offset
    score: float        # start_logit + end_logit
    null_score: float   # the passage's no-answer (CLS) score, start+end logits at CLS
    #                     (long passages: the lowest CLS score over the passage's windows)


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _STRIP and not (text[s] in "([{\"“‘'" and _balanced_close(text, s, e)):
        s += 1
    while e > s and text[e - 1] in _STRIP:
        ch = text[e - 1]
        if ch == "." and e - 2 >= s and text[e - 2].isalpha() and (e - 3 < s or not text[e - 3].isalnum()):
            break  # abbreviation such as "U.S." or "J."
        if ch in _KEEP_END and _PAIRS[ch] in text[s:e - 1] and ch not in "\"'" or (
                ch in "\"'" and text[s:e - 1].count(ch) % 2 == 1):
            break
        e -= 1
    return s, e


def _balanced_close(text: str, s: int, e: int) -> bool:
    """True if the opener at text[s] is closed inside text[s:e] (then keep it, e.g. "(1937)")."""
    closer = {"(": ")", "[": "]", "{": "}", "\"": "\"", "“": "”", "‘": "’", "'": "'"}[text[s]]
    return closer in text[s + 1:e]


class _OnnxBackend:
    """One ONNX Runtime session, single-threaded per run; windows run side by side on ``threads``
    threads (2 cores: 25 ms instead of 38 ms for a question's windows, same logits bit for bit:
    each run is computed the same way on whichever thread takes it)."""

    def __init__(self, path: Path, threads: int | None):
        import onnxruntime as ort

        so = ort.SessionOptions()
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        so.log_severity_level = 3
        self.sess = ort.InferenceSession(str(path), sess_options=so, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.sess.get_inputs()}
        self._threads = SideBySide(min(threads or os.cpu_count() or 1, 8), "newsqa-reader")

    def __call__(self, ids, mask, types):
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        feed = {k: v for k, v in feed.items() if k in self.inputs}
        s, e = self.sess.run(None, feed)[:2]  # ONNX Runtime releases the GIL while it runs
        return s.astype(np.float32), e.astype(np.float32)

    def run_all(self, runs: list[tuple]) -> list[tuple]:
        """``self(*run)`` for each run, in order; the longest start first, on all threads."""
        longest_first = sorted(range(len(runs)), key=lambda i: -runs[i][0].shape[1])
        out: list = [None] * len(runs)
        for i, result in zip(longest_first, self._threads.map(lambda i: self(*runs[i]), longest_first), strict=True):
            out[i] = result
        return out


class _TorchBackend:
    def __init__(self, path: Path, threads: int | None):
        import torch
        from transformers import AutoModelForQuestionAnswering

        if threads:
            torch.set_num_threads(threads)
        self.torch = torch
        self.model, info = AutoModelForQuestionAnswering.from_pretrained(str(path), output_loading_info=True)
        self.model.eval()
        missing = [k for k in info.get("missing_keys", []) if "qa_outputs" in k or "qa_" in k]
        if missing:
            raise ConfigError(f"{path} has no trained span (QA) head (missing {missing}): "
                             f"not an extractive QA model")
        self.uses_types = getattr(self.model.config, "type_vocab_size", 0) > 1

    def __call__(self, ids, mask, types):
        t = self.torch
        kw = {"input_ids": t.from_numpy(ids), "attention_mask": t.from_numpy(mask)}
        if self.uses_types:
            kw["token_type_ids"] = t.from_numpy(types)
        with t.inference_mode():
            o = self.model(**kw)
        return o.start_logits.float().numpy(), o.end_logits.float().numpy()

    def run_all(self, runs: list[tuple]) -> list[tuple]:
        return [self(*r) for r in runs]


class SpanModel:
    """The span-extraction model: scores answer spans in a handful of passages for one question
    (``qa.reader.LearnedReader`` turns its spans into cited proposals)."""

    def __init__(self, model_dir: str | Path | None = None, max_answer_tokens: int = 30,
                 threads: int | None = None, onnx_file: str | Path | None = None):
        """``onnx_file``: run this ONNX file instead of the folder's own (the same tokenizer and settings:
        ``bench.reader_ab`` compares two of them)."""
        d = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        if not d.is_dir():
            raise ConfigError(f"SpanModel: model directory not found: {d}")
        self.model_dir = d
        self.max_answer_tokens = int(max_answer_tokens)
        cfg = {}
        if (d / "reader_config.json").is_file():
            cfg = json.loads((d / "reader_config.json").read_text(encoding="utf-8"))
        if onnx_file is not None:
            onnx_file = Path(onnx_file)
            if not onnx_file.is_file():
                raise ConfigError(f"SpanModel: ONNX file not found: {onnx_file}")
        else:
            onnx_file = d / cfg.get("onnx", "model.int8.onnx")
            if not onnx_file.is_file() and (d / "model.onnx").is_file():
                onnx_file = d / "model.onnx"
        if onnx_file.is_file():
            self._backend = _OnnxBackend(onnx_file, threads)
        elif (d / "config.json").is_file() and any(
                (d / f).is_file() for f in ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json",
                                            "pytorch_model.bin.index.json")):
            try:
                self._backend = _TorchBackend(d, threads)
            except Exception as e:  # not a QA-loadable checkpoint
                raise ConfigError(f"SpanModel: {d} is not a usable extractive QA model: {e}") from e
        else:
            raise ConfigError(
                f"SpanModel: no model in {d} (expected model.int8.onnx/model.onnx, or a Hugging Face "
                f"AutoModelForQuestionAnswering checkpoint: config.json + model.safetensors/pytorch_model.bin)")
        self._tok = self._load_tokenizer(d)
        self.max_len = int(cfg.get("max_len", 384 if isinstance(self._backend, _TorchBackend) else 256))
        self.stride = int(cfg.get("stride", 128 if isinstance(self._backend, _TorchBackend) else 64))
        self.max_q_tokens = int(cfg.get("max_question_tokens", 64))
        self.cls_id = self._tok.token_to_id("[CLS]")
        self.sep_id = self._tok.token_to_id("[SEP]")
        if self.cls_id is None or self.sep_id is None:
            raise ConfigError(f"SpanModel: tokenizer in {d} has no [CLS]/[SEP] tokens (BERT-style expected)")

    @staticmethod
    def _load_tokenizer(d: Path):
        from tokenizers import Tokenizer

        if (d / "tokenizer.json").is_file():
            tok = Tokenizer.from_file(str(d / "tokenizer.json"))
        elif (d / "vocab.txt").is_file():
            from tokenizers import BertWordPieceTokenizer

            lower = True
            tc = d / "tokenizer_config.json"
            if tc.is_file():
                lower = bool(json.loads(tc.read_text(encoding="utf-8")).get("do_lower_case", True))
            tok = BertWordPieceTokenizer(str(d / "vocab.txt"), lowercase=lower)._tokenizer
        else:
            raise ConfigError(f"SpanModel: no tokenizer.json or vocab.txt in {d}")
        tok.no_truncation()
        tok.no_padding()
        return tok

    # ------------------------------------------------------------------ windows
    def _windows(self, question: str, passages: list[str]):
        q = self._tok.encode(question.strip(), add_special_tokens=False).ids[: self.max_q_tokens]
        room = max(16, self.max_len - len(q) - 3)
        step = max(1, room - min(self.stride, room - 1))
        # one by one on this thread: tokenizers' batch call runs on its own global thread pool, whose
        # threads keep the CPU priority of whichever thread first used it (a background sync)
        encs = [self._tok.encode(p, add_special_tokens=False) for p in passages]
        wins = []  # (passage idx, chunk token ids, chunk word-start chars, chunk word-end chars)
        for pi, enc in enumerate(encs):
            ids, offs, wids = enc.ids, enc.offsets, enc.word_ids
            if not ids:
                continue
            # snap spans to whole words: each token -> char start/end of the word it belongs to
            ws = [o[0] for o in offs]
            we = [o[1] for o in offs]
            for t in range(1, len(ids)):
                if wids[t] is not None and wids[t] == wids[t - 1]:
                    ws[t] = ws[t - 1]
            for t in range(len(ids) - 2, -1, -1):
                if wids[t] is not None and wids[t] == wids[t + 1]:
                    we[t] = we[t + 1]
            start = 0
            while True:
                wins.append((pi, ids[start:start + room], ws[start:start + room], we[start:start + room]))
                if start + room >= len(ids):
                    break
                start += step
        return q, wins

    def read(self, question: str, passages: list[str], top_k: int = 5) -> list[SpanCandidate]:
        if not passages or not question or not question.strip():
            return []
        q, wins = self._windows(question, passages)
        if not wins:
            return []
        qn = len(q) + 2  # [CLS] q [SEP]
        head = [self.cls_id] + q + [self.sep_id]
        # One window per run, unpadded: a padded batch costs 1.7x as much here (padding is a third
        # of a typical batch, and attention over it is quadratic), and int8 activations are scaled
        # per run, so a window's logits no longer depend on which windows share its batch.
        runs = []
        for _, cids, _, _ in wins:
            row = np.array([head + cids + [self.sep_id]], dtype=np.int64)
            types = np.zeros_like(row)
            types[0, qn:] = 1
            runs.append((row, np.ones_like(row), types))
        logits = self._backend.run_all(runs)

        best: dict[tuple[int, int, int], float] = {}
        null: dict[int, float] = {}
        k = 20
        for (pi, cids, wstart, wend), (sl, el) in zip(wins, logits, strict=True):
            sl, el = sl[0], el[0]
            ns = float(sl[0] + el[0])
            null[pi] = min(null.get(pi, ns), ns)  # HF convention: the passage's lowest window CLS score
            c0, c1 = qn, qn + len(cids)  # context token range [c0, c1)
            s_ctx, e_ctx = sl[c0:c1], el[c0:c1]
            kk = min(k, len(cids))
            s_top = np.argpartition(-s_ctx, kk - 1)[:kk]
            e_top = np.argpartition(-e_ctx, kk - 1)[:kk]
            text = passages[pi]
            for si in s_top:
                for ei in e_top:
                    if ei < si or ei - si + 1 > self.max_answer_tokens:
                        continue
                    cs, ce = wstart[si], wend[ei]
                    cs, ce = _strip_span(text, cs, ce)
                    if ce <= cs:
                        continue
                    sc = float(s_ctx[si] + e_ctx[ei])
                    key = (pi, cs, ce)
                    if sc > best.get(key, -np.inf):
                        best[key] = sc
        ranked = sorted(best.items(), key=lambda kv: -kv[1])[: max(0, top_k)]
        return [SpanCandidate(passage=p, start=s, end=e, score=sc, null_score=null[p]) for (p, s, e), sc in ranked]


if __name__ == "__main__":  # tiny manual check: python -m qa.span_model
    import sys
    import time

    t0 = time.perf_counter()
    r = SpanModel(sys.argv[1] if len(sys.argv) > 1 else None, threads=2)
    t1 = time.perf_counter()
    ps = ["The Eiffel Tower was completed in 1889 and designed by the engineering firm of Gustave Eiffel.",
          "Paris is the capital of France."]
    for c in r.read("Who designed the Eiffel Tower?", ps):
        print(repr(ps[c.passage][c.start:c.end]), round(c.score, 2), round(c.null_score, 2))
    print(f"load {t1 - t0:.3f}s", file=sys.stderr)
