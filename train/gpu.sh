#!/bin/bash
# The reader's training runs on a one-GPU machine (see models/reader/README.md): variants side by
# side on the same GPU, each NAME:EPOCHS:LR:SEED. Inputs, made on the CPU machine first (folder
# .gpu/, git-ignored):
#   python -m train.squad_data --dump .gpu/train.jsonl.gz   # parsed SQuAD train + SQuADShifts
#   python -m train.pack base .gpu/base                      # fp16 copy of the packaged MiniLM
# Outputs in $OUT: each variant's int8-packed weights in <16 MB parts and its log; then on the
# CPU machine: python -m train.pack unpack OUT/A.packed.part- /tmp/reader_A, and see train/soup.py.
set -u
OUT=${OUT:-/tmp/out}
VARIANTS=${VARIANTS:-"A:2:1e-4:42 B:3:1.5e-4:42"}
common="--data .gpu/train.jsonl.gz --base .gpu/base --device cuda --bf16 --max-len 256 --stride 64
        --batch-size 32 --warmup 0.1 --threads 4 --log-every 500 --ckpt-minutes 1000 --packed
        --deadline-minutes ${DEADLINE_MIN:-7}"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
for v in $VARIANTS; do
  IFS=: read -r name epochs lr seed <<< "$v"
  python3 -m train.reader $common --epochs "$epochs" --lr "$lr" --seed "$seed" --out /tmp/run_$name > $OUT/$name.log 2>&1 &
done
wait
for v in $VARIANTS; do
  name=${v%%:*}
  grep -E "features=|step .*/|done|deadline|Error|error" $OUT/$name.log | tail -30
  [ -f /tmp/run_$name/final/packed.pt ] && split -b 12m /tmp/run_$name/final/packed.pt $OUT/$name.packed.part-
  cp /tmp/run_$name/final/run_info.json $OUT/$name.run_info.json 2>/dev/null
done
ls -la $OUT
