#!/bin/bash
# The reader's training runs on a one-GPU machine (see models/reader/README.md): variants side by
# side on the same GPU, each NAME:EPOCHS:LR:SEED[:NEG_SHARE]. Inputs, made on the CPU machine first
# (folder .gpu/, git-ignored):
#   python -m train.squad_data --dump .gpu/train.jsonl.gz         # parsed SQuAD train + SQuADShifts
#   python -m train.pack base .gpu/base                            # fp16 copy of the packaged MiniLM
# or, to train further from the shipped reader (INIT_ONNX=models/reader/model.int8.onnx; it travels
# with the repository, so only the base's config and tokenizer are carried, and the word embeddings
# stay as they are so that each variant comes back in one file of ~12 MB):
#   python -m train.pack base --no-weights .gpu/config
#   python -m train.negatives .gpu/train.jsonl.gz .gpu/negatives.jsonl.gz   # unanswerable questions
# Outputs in $OUT: each variant's int8-packed weights (in <15 MB parts) and one log of all runs; then
# on the CPU machine: python -m train.pack unpack OUT/A.packed.part- /tmp/reader_A [--onto INIT_ONNX].
set -u
OUT=${OUT:-/tmp/out}
VARIANTS=${VARIANTS:-"A:2:1e-4:42 B:3:1.5e-4:42"}
DEVICE=${DEVICE:-cuda}
common="--data .gpu/train.jsonl.gz --device $DEVICE --max-len 256 --stride 64 --batch-size 32 --threads 4
        --log-every 500 --ckpt-minutes 1000 --packed --deadline-minutes ${DEADLINE_MIN:-7} ${EXTRA:-}"
[ "$DEVICE" = cuda ] && common="$common --bf16"
if [ -n "${INIT_ONNX:-}" ]; then
  python3 -m train.pack from-onnx "$INIT_ONNX" .gpu/config /tmp/init || exit 1
  common="$common --base /tmp/init --freeze-embeddings --warmup ${WARMUP:-0.06}"
else
  common="$common --base .gpu/base --warmup ${WARMUP:-0.1}"
fi
[ "$DEVICE" = cuda ] && nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
for v in $VARIANTS; do
  IFS=: read -r name epochs lr seed share <<< "$v"
  neg=""
  [ -n "${share:-}" ] && neg="--negatives .gpu/negatives.jsonl.gz --neg-share $share"
  python3 -m train.reader $common $neg --epochs "$epochs" --lr "$lr" --seed "$seed" --out /tmp/run_$name > $OUT/$name.log 2>&1 &
done
wait
for v in $VARIANTS; do
  name=${v%%:*}
  { echo "== $name"; grep -E "data:|features=|step .*/|done|deadline|Error|error" $OUT/$name.log | tail -30
    cat /tmp/run_$name/final/run_info.json 2>/dev/null; } >> $OUT/runs.txt
  tail -5 $OUT/$name.log
  rm -f $OUT/$name.log
  [ -f /tmp/run_$name/final/packed.pt ] && split -b 15m /tmp/run_$name/final/packed.pt $OUT/$name.packed.part-
done
ls -la $OUT
