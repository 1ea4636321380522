"""The GPU hand-off formats of train/: int8-packed weights and model soups (no training here)."""

from __future__ import annotations

import torch

from train.pack import pack_state_dict, read_packed, unpack_state_dict


def test_packed_weights_sit_on_the_export_grid(tmp_path):
    torch.manual_seed(0)
    sd = {"layer.weight": torch.randn(6, 5), "layer.bias": torch.randn(6), "ids": torch.arange(4)}
    packed = pack_state_dict(sd)
    assert packed["layer.weight"]["q"].dtype == torch.int8
    back = unpack_state_dict(packed)
    assert torch.equal(back["layer.bias"], sd["layer.bias"]) and torch.equal(back["ids"], sd["ids"])
    w, wq = sd["layer.weight"], back["layer.weight"]
    scale = w.abs().amax(dim=1, keepdim=True) / 127  # symmetric per output row, as train.export's dynamic-pc
    assert torch.allclose(wq, torch.round(w / scale) * scale, atol=1e-6)
    assert torch.allclose(pack_state_dict(back)["layer.weight"]["q"].float(), packed["layer.weight"]["q"].float())

    # split into parts (the device's transfer limit) and read back by prefix
    blob = tmp_path / "w.pt"
    torch.save(packed, blob)
    data = blob.read_bytes()
    for i in range(0, len(data), 700):
        (tmp_path / f"W.part-{i // 700:03d}").write_bytes(data[i : i + 700])
    again = unpack_state_dict(read_packed(str(tmp_path / "W.part-")))
    assert torch.equal(again["layer.weight"], wq)


def test_soup_is_the_mean_of_the_runs(tmp_path):
    from train.soup import soup

    paths = []
    for k, value in enumerate((1.0, 3.0)):
        p = tmp_path / f"R{k}.pt"
        torch.save(pack_state_dict({"w": torch.full((2, 3), value), "b": torch.full((2,), value)}), p)
        paths.append(str(p))
    mixed = soup(paths)
    assert torch.allclose(mixed["w"], torch.full((2, 3), 2.0)) and torch.allclose(mixed["b"], torch.full((2,), 2.0))
