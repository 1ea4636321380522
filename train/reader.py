"""Fine-tune all-MiniLM-L6-v2 as an extractive (span) QA reader, on a CPU or a GPU (--device cuda).

Reproducible (fixed seeds, deterministic data order), resumable (--resume), sized in
optimizer steps (never by wall-clock deadlines: the process may be SIGSTOPped and
SIGCONTed at any time).

Data: SQuAD v1.1 train (explorer HTML) + SQuADShifts new_wiki/reddit/amazon_reviews,
mixed and shuffled with --seed, first --max-examples questions used.
Preprocessing: the standard Hugging Face span-extraction recipe -- question first,
context second, truncation="only_second", overflowing windows with --stride tokens
of overlap, offset mapping; a window that does not contain the whole answer is
labelled start=end=0 ([CLS] = no answer) so the model learns a no-answer score.

The shipped model was trained on a GPU machine with train/gpu.sh (see models/reader/README.md).

Example (CPU):
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python -m train.reader \
        --max-examples 40000 --max-len 256 --stride 64 --epochs 1 --lr 1.5e-4 \
        --batch-size 32 --threads 2 --out /tmp/reader_run
"""
from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np
import torch

from index.embed import default_model_path
from train.squad_data import (
    SQUAD_HTML_DIR,
    SQUADSHIFTS_DIR,
    SQUADSHIFTS_SETS,
    ParseStats,
    QAExample,
    load_jsonl,
    parse_all,
)

log = logging.getLogger("train.reader")


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def with_negatives(data, negatives_file: str, share: float, seed: int):
    """``data`` and a seeded ``share`` of the unanswerable questions of ``train.negatives``: a
    question asked of another paragraph of its article (answer_start -1: every window is [CLS])."""
    import gzip

    with gzip.open(negatives_file, "rt", encoding="utf-8") as f:
        found = [json.loads(line) for line in f]
    random.Random(seed + 1).shuffle(found)
    kept = found[: int(round(share * len(found)))]
    return data + [("negative:" + data[i][0], QAExample(data[j][1].context, data[i][1].question, -1, ""))
                   for i, j in kept]


def load_examples(max_examples: int | None, seed: int, squad_dir=SQUAD_HTML_DIR, shifts_dir=SQUADSHIFTS_DIR,
                  shifts_sets=SQUADSHIFTS_SETS, data_file: str | None = None, negatives: str | None = None,
                  neg_share: float = 1.0):
    if data_file:  # the same examples, pre-parsed by `python -m train.squad_data --dump`
        data, stats = load_jsonl(data_file)
        st1, st2 = ParseStats(**stats["squad_parse"]), ParseStats(**stats["squadshifts_parse"])
        if negatives:  # row numbers of the whole dump
            data = with_negatives(data, negatives, neg_share, seed)
        if not shifts_sets:
            data = [row for row in data if row[0] in ("squad", "negative:squad")]
    else:
        if negatives:
            raise SystemExit("--negatives needs --data (its rows are numbered in that file)")
        data, st1, st2 = parse_all(squad_dir, shifts_dir, shifts_sets)
    rng = random.Random(seed)
    rng.shuffle(data)
    if max_examples:
        data = data[:max_examples]
    info = {
        "squad_parse": vars(st1), "squadshifts_parse": vars(st2),
        "used_total": len(data),
        "used_squad": sum(1 for s, _ in data if s == "squad"),
        "used_squadshifts": sum(1 for s, _ in data if s == "shifts"),
        "used_negatives": sum(1 for s, _ in data if s.startswith("negative")),
    }
    return [e for _, e in data], info


def featurize(examples, tokenizer, max_len: int, stride: int, max_q_tokens: int = 64):
    """HF-style span featurisation. Returns (features, stats); each feature is a dict
    with input_ids, token_type_ids, start, end (token positions; 0 = [CLS] = no answer)."""
    feats = []
    n_noans = 0
    bs = 1000
    for b in range(0, len(examples), bs):
        chunk = examples[b:b + bs]
        qs = []
        for e in chunk:
            q = e.question.strip()
            ids = tokenizer(q, add_special_tokens=False)["input_ids"]
            if len(ids) > max_q_tokens:  # very rare: keep the question prefix
                q = tokenizer.decode(ids[:max_q_tokens])
            qs.append(q)
        enc = tokenizer(qs, [e.context for e in chunk], truncation="only_second", max_length=max_len,
                        stride=stride, return_overflowing_tokens=True, return_offsets_mapping=True,
                        padding=False)
        for i, ids in enumerate(enc["input_ids"]):
            ex = chunk[enc["overflow_to_sample_mapping"][i]]
            offsets = enc["offset_mapping"][i]
            seq_ids = enc.sequence_ids(i)
            a0 = ex.answer_start
            a1 = a0 + len(ex.answer_text)
            ctx_tok = [k for k, s in enumerate(seq_ids) if s == 1]
            c0, c1 = ctx_tok[0], ctx_tok[-1]
            if a0 >= 0 and offsets[c0][0] <= a0 and offsets[c1][1] >= a1:  # a0 < 0: unanswerable
                s = c0
                while s <= c1 and offsets[s][1] <= a0:
                    s += 1
                e = c1
                while e >= c0 and offsets[e][0] >= a1:
                    e -= 1
                if s > e:  # degenerate (should not happen)
                    s = e = 0
            else:
                s = e = 0
            if s == 0:
                n_noans += 1
            feats.append({"input_ids": ids, "token_type_ids": enc["token_type_ids"][i], "start": s, "end": e})
    return feats, {"features": len(feats), "no_answer_windows": n_noans}


def make_batches(feats, batch_size: int, seed: int, epoch: int, group: int = 32):
    """Length-grouped batches (like HF group_by_length): shuffle, cut into mega-batches of
    `group` batches, sort each by length, chunk, shuffle the batch order. Deterministic."""
    rng = random.Random(seed * 1000 + epoch)
    idx = list(range(len(feats)))
    rng.shuffle(idx)
    mb = batch_size * group
    batches = []
    for m in range(0, len(idx), mb):
        part = sorted(idx[m:m + mb], key=lambda k: len(feats[k]["input_ids"]), reverse=True)
        batches += [part[j:j + batch_size] for j in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(feats, ids, pad_id: int = 0, pad_multiple: int = 32):
    L = max(len(feats[k]["input_ids"]) for k in ids)
    L = -(-L // pad_multiple) * pad_multiple  # few distinct shapes -> oneDNN kernels are reused
    n = len(ids)
    input_ids = torch.full((n, L), pad_id, dtype=torch.long)
    tt = torch.zeros((n, L), dtype=torch.long)
    am = torch.zeros((n, L), dtype=torch.long)
    for r, k in enumerate(ids):
        f = feats[k]
        ln = len(f["input_ids"])
        input_ids[r, :ln] = torch.tensor(f["input_ids"])
        tt[r, :ln] = torch.tensor(f["token_type_ids"])
        am[r, :ln] = 1
    st = torch.tensor([feats[k]["start"] for k in ids])
    en = torch.tensor([feats[k]["end"] for k in ids])
    return input_ids, tt, am, st, en


def lr_lambda_factory(warmup: int, total: int):
    def f(step):
        if step < warmup:
            return (step + 1) / max(1, warmup)
        return max(0.0, (total - step) / max(1, total - warmup))
    return f


def save_checkpoint(path: Path, model, opt, sched, step: int, epoch: int, batch_in_epoch: int, extra: dict):
    tmp = path.with_suffix(".tmp")
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                "step": step, "epoch": epoch, "batch_in_epoch": batch_in_epoch,
                "torch_rng": torch.get_rng_state(), "extra": extra}, tmp)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default=None, help="base model dir (default: packaged all-MiniLM-L6-v2)")
    ap.add_argument("--max-examples", type=int, default=None, help="questions used after the seeded shuffle")
    ap.add_argument("--no-squadshifts", action="store_true")
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--stride", type=int, default=64, help="token overlap between windows")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--max-steps", type=int, default=None, help="stop after this many optimizer steps")
    ap.add_argument("--lr", type=float, default=1.5e-4)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--warmup", type=float, default=0.06, help="warmup fraction of total steps")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--bf16", action="store_true", help="bf16 autocast (CPU with AMX/avx512_bf16, or CUDA)")
    ap.add_argument("--device", default="cpu", help="cpu | cuda")
    ap.add_argument("--data", default=None, help="examples pre-parsed by `python -m train.squad_data --dump F`")
    ap.add_argument("--negatives", default=None, help="unanswerable questions of `python -m train.negatives` (with --data)")
    ap.add_argument("--neg-share", type=float, default=1.0, help="share of --negatives used (seeded)")
    ap.add_argument("--freeze-embeddings", action="store_true",
                    help="keep the word embeddings as they are (and leave them out of --packed: ~12 MB)")
    ap.add_argument("--deadline-minutes", type=float, default=None,
                    help="safety net for time-boxed machines: stop and save early (recorded in run_info)")
    ap.add_argument("--packed", action="store_true",
                    help="also save final/packed.pt: int8 weights per output row (train/pack.py), ~23 MB")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--ckpt-minutes", type=float, default=15.0)
    ap.add_argument("--out", default="/tmp/reader_run")
    ap.add_argument("--resume", action="store_true")
    args = ap.parse_args(argv)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                        handlers=[logging.FileHandler(out / "train.log"), logging.StreamHandler(sys.stdout)])
    (out / "train.pid").write_text(str(os.getpid()))
    try:
        (Path(__file__).resolve().parent / "run.pid").write_text(str(os.getpid()))
    except OSError:
        pass
    log.info("args: %s", json.dumps(vars(args)))
    log.info("command: %s", " ".join(sys.argv))
    torch.set_num_threads(args.threads)
    set_seed(args.seed)

    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    base = args.base or default_model_path()
    tok = AutoTokenizer.from_pretrained(base)
    t0 = time.time()
    examples, info = load_examples(args.max_examples, args.seed,
                                   shifts_sets=() if args.no_squadshifts else SQUADSHIFTS_SETS, data_file=args.data,
                                   negatives=args.negatives, neg_share=args.neg_share)
    feats, fstats = featurize(examples, tok, args.max_len, args.stride)
    info.update(fstats)
    info["mean_feature_tokens"] = float(np.mean([len(f["input_ids"]) for f in feats]))
    log.info("data: %s (%.1fs)", json.dumps(info), time.time() - t0)

    dev = torch.device(args.device)
    model = AutoModelForQuestionAnswering.from_pretrained(base, dtype=torch.float32).to(dev)
    model.train()
    if args.freeze_embeddings:
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    steps_per_epoch = math.ceil(len(feats) / args.batch_size)
    total = int(math.ceil(steps_per_epoch * args.epochs))
    if args.max_steps:
        total = min(total, args.max_steps)
    warmup = int(args.warmup * total)
    no_decay = ("bias", "LayerNorm.weight", "LayerNorm.bias")
    trained = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    groups = [
        {"params": [p for n, p in trained if not any(nd in n for nd in no_decay)], "weight_decay": args.weight_decay},
        {"params": [p for n, p in trained if any(nd in n for nd in no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.999), eps=1e-8, fused=dev.type == "cuda")
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda_factory(warmup, total))
    step, epoch, bie = 0, 0, 0
    ckpt = out / "checkpoint.pt"
    if args.resume and ckpt.exists():
        st = torch.load(ckpt, map_location="cpu", weights_only=False)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        sched.load_state_dict(st["sched"])
        step, epoch, bie = st["step"], st["epoch"], st["batch_in_epoch"]
        torch.set_rng_state(st["torch_rng"])
        log.info("resumed from %s at step %d (epoch %d, batch %d)", ckpt, step, epoch, bie)
    log.info("features=%d steps/epoch=%d total_steps=%d warmup=%d", len(feats), steps_per_epoch, total, warmup)
    run_info = {"args": vars(args), "data": info, "total_steps": total, "warmup_steps": warmup}
    (out / "run_info.json").write_text(json.dumps(run_info, indent=1))

    last_ckpt = time.time()
    t_log, ex_log, loss_acc, n_acc = time.time(), 0, 0.0, 0
    t_start = time.time()
    done = step >= total
    while not done:
        batches = make_batches(feats, args.batch_size, args.seed, epoch)
        for bi in range(bie, len(batches)):
            ids, tt, am, st_, en_ = (t.to(dev, non_blocking=True) for t in collate(feats, batches[bi]))
            with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=args.bf16):
                outp = model(input_ids=ids, token_type_ids=tt, attention_mask=am)
            sl = outp.start_logits.float().masked_fill(am == 0, -1e4)
            el = outp.end_logits.float().masked_fill(am == 0, -1e4)
            loss = (torch.nn.functional.cross_entropy(sl, st_) + torch.nn.functional.cross_entropy(el, en_)) / 2
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            loss_acc += loss.detach()  # no device sync per step
            n_acc += 1
            ex_log += len(batches[bi])
            if step % args.log_every == 0 or step == total:
                dt = time.time() - t_log
                log.info("step %d/%d epoch %d loss %.4f lr %.2e  %.1f feats/s  %.2f s/step", step, total, epoch,
                         float(loss_acc) / n_acc, sched.get_last_lr()[0], ex_log / dt, dt / n_acc)
                t_log, ex_log, loss_acc, n_acc = time.time(), 0, 0.0, 0
            if time.time() - last_ckpt > args.ckpt_minutes * 60 and step < total:
                save_checkpoint(ckpt, model, opt, sched, step, epoch, bi + 1, run_info)
                last_ckpt = time.time()
                log.info("checkpoint saved at step %d", step)
            if step >= total:
                done = True
                break
            if args.deadline_minutes and time.time() - t_start > args.deadline_minutes * 60:
                log.warning("deadline reached: stopping early at step %d of %d", step, total)
                run_info["stopped_early"] = True
                done = True
                break
        else:
            epoch += 1
            bie = 0
            continue
        break
    log.info("training done: %d steps, %.1f min since (re)start", step, (time.time() - t_start) / 60)
    final = out / "final"
    model.to("cpu").save_pretrained(final)
    tok.save_pretrained(final)
    if args.packed:
        from train.pack import pack_state_dict

        names = {n for n, _ in trained}
        torch.save(pack_state_dict({k: v for k, v in model.state_dict().items() if k in names}), final / "packed.pt")
    run_info["final_step"] = step
    (final / "run_info.json").write_text(json.dumps(run_info, indent=1))
    log.info("saved %s", final)


if __name__ == "__main__":
    main()
