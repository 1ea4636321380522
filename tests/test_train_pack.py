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


def test_the_shipped_reader_comes_back_on_its_own_int8_grid():
    """train.pack from-onnx: the int8 reader as float weights to train further from; packed again
    (train.reader --packed) they give the very int8 values and scales the shipped file holds."""
    import numpy as np
    import onnx
    from onnx import numpy_helper

    from qa.span_model import DEFAULT_MODEL_DIR
    from train.pack import onnx_state_dict

    path = DEFAULT_MODEL_DIR / "model.int8.onnx"
    sd = onnx_state_dict(path)
    graph = onnx.load(str(path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    assert sd["qa_outputs.weight"].shape == (2, 384) and len([k for k in sd if k.endswith("query.weight")]) == 6
    packed = pack_state_dict(sd)
    word = packed["bert.embeddings.word_embeddings.weight"]
    assert np.array_equal(word["q"].numpy(), init["m.bert.embeddings.word_embeddings.weight_int8"])
    node = next(n for n in graph.node if n.name == "/m/bert/encoder/layer.3/intermediate/dense/MatMul_quant")
    w = packed["bert.encoder.layer.3.intermediate.dense.weight"]
    assert np.array_equal(w["q"].numpy().T, init[node.input[1]])
    assert np.allclose(w["scale"].numpy()[:, 0], init[node.input[1].replace("_quantized", "_scale")], rtol=1e-6)
    assert torch.equal(sd["bert.encoder.layer.0.output.LayerNorm.bias"],
                       torch.from_numpy(init["m.bert.encoder.layer.0.output.LayerNorm.bias"].copy()))


def test_unanswerable_pairs_take_the_nearest_paragraph_without_the_answer():
    from train.negatives import pairs
    from train.squad_data import QAExample

    p1 = "The castle was built in 1120 by Henry of Anjou."
    p2 = "Henry of Anjou also founded the abbey, which was finished in 1120."  # holds the answer: never chosen
    p3 = "The castle was rebuilt after a fire; Henry of Anjou's heirs paid for it."
    p4 = "Sheep farming is the main trade of the valley."
    q = QAExample(p1, "When was the castle built by Henry of Anjou?", p1.index("1120"), "1120")
    rows = [("squad", q), ("squad", QAExample(p2, "What did Henry found?", p2.index("the abbey"), "the abbey")),
            ("squad", QAExample(p3, "What was rebuilt?", 4, "castle")),
            ("squad", QAExample(p4, "What is the main trade?", 0, "Sheep farming"))]
    article = {p1: "squad:Castle", p2: "squad:Castle", p3: "squad:Castle", p4: "squad:Valley"}
    found = dict(pairs(rows, article, exclude=set(), seed=0))
    assert found[0] == 2  # p3 (near the question, no "1120"); not p2 (has it), not p4 (another article)
    assert 3 not in found  # an article of one paragraph has nothing to ask it of
    assert pairs(rows, article, exclude={"squad:Castle"}, seed=0) == []


def test_an_unanswerable_question_is_labelled_no_answer_in_every_window():
    from transformers import AutoTokenizer

    from index.embed import default_model_path
    from train.reader import featurize
    from train.squad_data import QAExample

    tok = AutoTokenizer.from_pretrained(default_model_path())
    context = " ".join(f"Sentence {i} says the bridge opened in {1900 + i}." for i in range(40))
    answerable = QAExample(context, "When did the bridge open?", context.index("1939"), "1939")
    feats, stats = featurize([answerable._replace(answer_start=-1, answer_text=""), answerable], tok, 64, 16)
    windows = stats["features"] // 2
    assert windows > 1 and all(f["start"] == f["end"] == 0 for f in feats[:windows])
    assert sum(f["start"] > 0 for f in feats[windows:]) >= 1


def test_negatives_join_the_training_questions_by_row(tmp_path):
    import gzip
    import json

    from train.reader import load_examples

    stats = {"questions": 2, "ambiguous": 0, "ambiguous_not_first": 0, "not_found": 0}
    rows = [("squad", "The castle was built in 1120.", "When was the castle built?", 23, "1120"),
            ("squad", "Sheep graze in the valley.", "What grazes in the valley?", 0, "Sheep"),
            ("shifts", "The shop opens at nine.", "When does the shop open?", 20, "nine")]
    dump = tmp_path / "train.jsonl.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"squad_parse": stats, "squadshifts_parse": stats}) + "\n")
        for src, context, question, start, text in rows:
            f.write(json.dumps({"src": src, "context": context, "question": question, "answer_start": start,
                                "answer_text": text}) + "\n")
    negatives = tmp_path / "negatives.jsonl.gz"
    with gzip.open(negatives, "wt", encoding="utf-8") as f:
        f.write("[0, 1]\n[2, 0]\n")  # [question row, context row]
    examples, info = load_examples(None, 7, data_file=str(dump), negatives=str(negatives))
    assert info["used_negatives"] == 2 and len(examples) == 5
    castle = next(e for e in examples if e.answer_start < 0 and e.question == "When was the castle built?")
    assert castle.context == "Sheep graze in the valley." and castle.answer_text == ""
    examples, info = load_examples(None, 7, shifts_sets=(), data_file=str(dump), negatives=str(negatives))
    assert info["used_negatives"] == 1 and len(examples) == 3  # the shifts question and its negative left out


def test_softmax_nan_guards_go_and_the_logits_stay():
    """``train.export.drop_nan_guards``: ``Where(IsNaN(softmax), 0, softmax)`` is removed, with the
    constants only it read; for a window that attends to something the outputs are the same bit for
    bit. A graph of one attention softmax, written here."""
    import numpy as np
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper

    from train.export import drop_nan_guards

    nodes = [
        helper.make_node("Softmax", ["x"], ["p"], axis=-1),
        helper.make_node("IsNaN", ["p"], ["IsNaN_output_0"]),
        helper.make_node("Constant", [], ["zero"], value=helper.make_tensor("z", TensorProto.FLOAT, [1], [0.0])),
        helper.make_node("Where", ["IsNaN_output_0", "zero", "p"], ["guarded"]),
        helper.make_node("MatMul", ["guarded", "v"], ["y"]),
    ]
    graph = helper.make_graph(nodes, "attention", [
        helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 4]),
        helper.make_tensor_value_info("v", TensorProto.FLOAT, [1, 4, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 3])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    before = model.SerializeToString()

    assert drop_nan_guards(model) == 1
    assert [n.op_type for n in model.graph.node] == ["Softmax", "MatMul"]
    assert list(model.graph.node[1].input) == ["p", "v"]
    onnx.checker.check_model(model)

    rng = np.random.default_rng(0)
    feed = {"x": rng.normal(size=(1, 4, 4)).astype(np.float32), "v": rng.normal(size=(1, 4, 3)).astype(np.float32)}
    run = [ort.InferenceSession(m, providers=["CPUExecutionProvider"]).run(None, feed)[0]
           for m in (before, model.SerializeToString())]
    assert np.array_equal(run[0], run[1])
    assert drop_nan_guards(model) == 0  # nothing left to remove


def test_the_shipped_reader_has_no_nan_guards():
    import onnx

    from qa.span_model import DEFAULT_MODEL_DIR

    ops = {n.op_type for n in onnx.load(str(DEFAULT_MODEL_DIR / "model.int8.onnx")).graph.node}
    assert "IsNaN" not in ops and "Softmax" in ops
