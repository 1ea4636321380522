"""The readers: the shipped learned reader (default) and the rules, each through the real pipeline."""

from __future__ import annotations

import pytest

from index.errors import ConfigError
from qa import Assistant
from qa.reader import LearnedReader, RulesReader, make_reader
from qa.span_model import DEFAULT_MODEL_DIR, SpanModel
from tests.conftest import SEED

MEDIATION_START = "Recent leaks reported that Hamas and Israel"
CAPTIVES_START = "During the first day of Operation Al-Aqsa Flood"


def test_shipped_model_is_small_and_documented():
    files = [f for f in DEFAULT_MODEL_DIR.iterdir() if f.is_file()]
    assert sum(f.stat().st_size for f in files) <= 30 * 1024 * 1024
    card = (DEFAULT_MODEL_DIR / "README.md").read_text()
    assert "CC BY-SA" in card and "all-MiniLM-L6-v2" in card


def test_auto_picks_the_shipped_learned_reader():
    assert isinstance(make_reader("auto"), LearnedReader)
    assert isinstance(make_reader("rules"), RulesReader)


def test_unknown_reader_or_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="unknown reader"):
        make_reader("gpt-9")
    with pytest.raises(ConfigError, match=str(tmp_path)):
        make_reader(str(tmp_path))  # a folder with no model in it


def test_another_onnx_file_runs_with_the_folders_tokenizer(tmp_path):
    """``SpanModel(onnx_file=...)`` (``bench.reader_ab``): a copy of the shipped file reads as it does;
    a file that is not there is a clear error naming it."""
    import shutil

    from qa.span_model import DEFAULT_MODEL_DIR, SpanModel

    copy = tmp_path / "other.onnx"
    shutil.copy(DEFAULT_MODEL_DIR / "model.int8.onnx", copy)
    question, passages = "Who is mediating?", ["Egypt is mediating between the two sides, officials said."]
    assert SpanModel(onnx_file=copy).read(question, passages) == SpanModel().read(question, passages)
    with pytest.raises(ConfigError, match="missing.onnx"):
        SpanModel(onnx_file=tmp_path / "missing.onnx")


def test_reader_alone_reads_exact_spans():
    passages = [
        "Paris is the capital of France.",
        "The Eiffel Tower was completed in 1889 and designed by the engineering firm of Gustave Eiffel.",
    ]
    best = SpanModel().read("When was the Eiffel Tower completed?", passages)[0]
    assert passages[best.passage][best.start : best.end] == "1889"


def test_a_passage_reads_the_same_whatever_else_is_read_with_it():
    """Each window runs alone (int8 activations are scaled per run): a passage's spans and scores
    do not move when other, longer passages share the call."""
    tower = "The Eiffel Tower was completed in 1889 and designed by the engineering firm of Gustave Eiffel."
    other = " ".join(["The Statue of Liberty was dedicated in 1886 after fundraising in France."] * 8)
    question = "When was the Eiffel Tower completed?"
    reader = SpanModel()
    alone = reader.read(question, [tower], top_k=10)
    mixed = [c for c in reader.read(question, [other, tower], top_k=10_000) if c.passage == 1]
    assert [(c.start, c.end, c.score, c.null_score) for c in alone] == [
        (c.start, c.end, c.score, c.null_score) for c in mixed[: len(alone)]
    ]


@pytest.fixture(scope="module", params=["learned", "rules"])
def reader_assistant(request, tmp_path_factory):
    a = Assistant(tmp_path_factory.mktemp(f"reader-{request.param}"), reader=request.param)
    a.add_files([str(SEED)])
    return a


def test_seed_questions_with_each_reader(reader_assistant):
    a = reader_assistant.ask("Who is mediating?")
    assert a.answer == "Qatar and the United States"
    assert a.citations[0].sentence.startswith(MEDIATION_START)
    b = reader_assistant.ask("How many captives were taken?")
    assert "240" in b.answer
    assert b.citations[0].sentence.startswith(CAPTIVES_START)
    c = reader_assistant.ask("Who won the 2022 World Cup?")
    assert c.answer is None and c.citations == []
    for ans in (a, b):
        doc = reader_assistant.get_document(ans.citations[0].doc_id)
        cit = ans.citations[0]
        assert doc.text[cit.start : cit.end] == cit.sentence
        assert doc.text[cit.answer_start : cit.answer_end] == ans.answer


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Hamas captured about 240 Israelis.", "240", "about 240"),
        ("They want more than 6,000 prisoners.", "6,000", "more than 6,000"),
        ("It cost at least $5 million.", "$5 million", "at least $5 million"),
        ("Some 12 people died.", "12", "Some 12"),
        ("They took 240 Israelis.", "240", "240"),
        ("Mediated by Qatar and the United States.", "Qatar", "Qatar"),
    ],
)
def test_numbers_keep_their_hedge(text, span, expected):
    from qa.reader import _with_hedge

    start = text.index(span)
    assert text[_with_hedge(text, start, max(0, start - 24)) : start + len(span)] == expected


@pytest.mark.parametrize(
    ("text", "span", "cuts"),
    [
        ("It produced 14.27 million tonnes.", "14", True),  # the reader reads "14", "." and "27" apart
        ("It produced 14.27 million tonnes.", "27 million", True),
        ("It sold 1,200 cars.", "1", True),
        ("It produced 14.27 million tonnes.", "14.27 million", False),
        ("It won 2-1.", "2-1", False),
        ("It rose 14. Then 27 more.", "14", False),  # a full stop, not a decimal point
        ("It sold 1,200 cars.", "1,200 cars", False),
        ("It sold 1,200 cars.", "200 cars", True),
        ("Federer won 6-4,6-3.", "6-4", False),  # a set's score, then the next
        # a time of two parts: its seconds without its minutes, its minutes without its seconds
        ("She clocked 14 minutes 32.93 seconds to win.", "32.93 seconds to win", True),
        ("She clocked 14 minutes 32.93 seconds to win.", "14 minutes", True),
        ("She clocked 14 minutes 32.93 seconds to win.", "14 minutes 32.93 seconds", False),
        ("The most rain in 24 hours 3.55 inches fell.", "3.55 inches", False),  # no time after hours
        ("The race lasted 2 hours 15 minutes.", "15 minutes", True),
    ],
)
def test_a_span_that_cuts_a_number_is_no_answer(text, span, cuts):
    from qa.reader import _cuts_a_number

    start = text.index(span)
    assert _cuts_a_number(text, start, start + len(span)) is cuts


@pytest.mark.parametrize(
    "span, expected",
    [
        # "How old was William Hague when he became Leader of the Opposition?" was answered "36." (BBC dev c19)
        ("Leader of the Opposition at 36.", "Leader of the Opposition at 36"),
        ("Manchester United.", "Manchester United"),
        # an abbreviation keeps its stop
        ("the U.S.", "the U.S."),
        ("Acme Inc.", "Acme Inc."),
        ("John Smith Jr.", "John Smith Jr."),
        ("at 5 p.m.", "at 5 p.m."),
        ("36", "36"),
    ],
)
def test_a_span_ends_without_its_sentence_s_full_stop(span, expected):
    from qa.reader import without_full_stop

    assert span[: without_full_stop(span, 0, len(span))] == expected


@pytest.mark.parametrize(
    "span, expected",
    [
        # "Which film did Tim Dams pick?" was answered "- Million Dollar Baby" (a BBC probe) of a list's line
        ("- Million Dollar Baby", "Million Dollar Baby"),
        ("• Million Dollar Baby", "Million Dollar Baby"),
        ("-5C", "-5C"),  # a sign, not a dash
        ("- 5", "5"),
        ("Million Dollar Baby", "Million Dollar Baby"),
    ],
)
def test_a_span_starts_without_a_lists_dash(span, expected):
    from qa.reader import without_opening_dash

    assert span[without_opening_dash(span, 0, len(span)) :] == expected



@pytest.mark.parametrize(
    "span, expected",
    [
        # "Who is News Corp's chief executive?" was answered "Rupert Murdoch, is eyeing a move into the video games
        # market" (a BBC probe) of "News Corp, the media company controlled by ... Rupert Murdoch, is eyeing ..."
        ("Rupert Murdoch, is eyeing a move into the video games market", "Rupert Murdoch"),
        ("Mr Blair, who said so", "Mr Blair, who said so"),  # not a clause's verb just after the comma
        ("Andy Robinson lambasted referee Jonathan Kaplan", "Andy Robinson lambasted referee Jonathan Kaplan"),
        ("the Treasury, was", "the Treasury, was"),  # no name first
        ("Jose Mourinho", "Jose Mourinho"),
        ("Bosworth, 21, plays Darin's wife", "Bosworth"),  # the age beside the name, then the clause
        ("Smith, 21, Jones, 22", "Smith, 21, Jones, 22"),  # names listed with their ages
        ("Do They Know It's Christmas, featuring artists including Chris Martin", "Do They Know It's Christmas"),
        ("Mr Blair, with Mr Brown", "Mr Blair, with Mr Brown"),  # "with" may join two who did it
    ],
)
def test_a_who_answer_is_the_name_without_the_rest_of_its_clause(span, expected):
    from qa.reader import the_name_alone

    assert span[: the_name_alone(span, 0, len(span))] == expected
