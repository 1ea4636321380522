"""Average fine-tuned readers' weights (a "model soup", Wortsman et al. 2022) into one checkpoint.

All runs start from the same base and the same recipe (seeds, epochs and learning rates differ),
so their weights stay in one basin and the mean is a better reader than each run, at the cost of
one model. Inputs are train.pack files (or their split parts); the output is a Hugging Face folder
for train.export.

    python -m train.soup --out /tmp/reader_soup OUT1/A.packed.part- OUT1/B.packed.part- ...
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from train.pack import read_packed, save_checkpoint, unpack_state_dict


def soup(parts: list[str]) -> dict:
    dicts = [unpack_state_dict(read_packed(p)) for p in parts]
    return {k: (sum(d[k] for d in dicts) / len(dicts)) if dicts[0][k].is_floating_point() else dicts[0][k]
            for k in dicts[0]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("packed", nargs="+", help="packed weights (file or prefix of its parts)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    save_checkpoint(soup(args.packed), args.out, " + ".join(args.packed))
    runs = []
    for p in args.packed:  # each run's run_info.json, saved beside its parts as NAME.run_info.json
        info = Path(p).with_name(Path(p).name.split(".")[0] + ".run_info.json")
        runs.append({"packed": Path(p).name, **(json.loads(info.read_text()) if info.is_file() else {})})
    (args.out / "run_info.json").write_text(json.dumps({"soup_of": runs}, indent=1))


if __name__ == "__main__":
    main()
