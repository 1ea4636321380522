"""Do the span rules withhold right answers? Each gold answer checked in its own paragraph.

    python -m bench.rules                 # SQuAD v1.1 dev and the NewsQA dev half (MRQA 2019)
    python -m bench.rules --train --only period,agent   # and SQuAD v1.1 train with SQuADShifts, two checks

For every question that asks for a measure (``qa.measures``: a sum of money, a score, a time), does
one of its gold answers give it, as the rule reads spans? For every question asking for a sum of money, is one of its
gold answers not the price of one part ("$76 for each Guidant share" for what Guidant costs)? For every
question asking how many (how much) in one place, is one of its gold answers not said to be the world's
("five million copies worldwide")? For every question asking a figure by a period ("per year"), is one of its
gold answers not given by another ("£26,000 per month")? For every question asking what was paid
(``qa.measures.of_the_price``), is one of its gold answers not a figure of a firm's accounts ("made a profit of
$901m")? For every question asking how many
(``qa.measures.of_a_count``), is one of its gold answers neither a share nor a sum of money? For every question that asks
who holds a name's role (``qa.roles``), is the sentence holding its gold answer kept, and is the gold
answer not titled otherwise just before it ("Real Madrid midfielder David Beckham")? For every
question that asks about one year (``qa.years``), is one of its gold answers not stated for another
year, nor in a sentence that states figures only for other years? For every who-question, is one of
its gold answers not the name the question asks about ("Andy Robinson" for whom Robinson succeeded)? For every question asking who won, beat or lost (``qa.results``), is one of its gold answers
not a forecast, nor on the other side? For every question about a competition's final, is one of
its gold answers in a sentence not only about a semi-final or quarter-final? For every question asking
which player (architect, singer ...) did something, is one of its gold answers not titled with an office
("Manchester City boss")? For every question asking which of a name's players did something ("Which
Bath centre ...?"), is one of its gold answers not titled with that post of another name? For every
question naming an award ("best actress"), is one of its gold answers not given another award? For every
question about the present ("his current guide dog"), is one of its gold answers not said to be of the
past ("his then guide dog Lucy")? For every question asking how much something rose (or fell), is one of
its gold answers not said to have gone the other way ("fell $12.33")? For every question asking who holds a
portfolio post ("the shadow health secretary"), is one of its gold answers not given another post of the
kind ("The shadow foreign secretary, Michael Ancram")? For every question asking about one month ("in
November"), is one of its gold answers in a sentence that names that month or none? For every question asking when,
is one of its gold answers neither a bare number of one or two digits ("40") nor a score ("19-13")? For every question asking who
played a part ("Who played Den?"), is one of its gold answers not the part itself ("Den Watts")? For every question
asking how many (how much) of one people ("Germans"), is one of its gold answers not stated of another people
only ("British people will spend £4bn")? For every
question naming a source of figures ("in the Countryfile survey"), is one of its gold answers in a sentence that
does not give it to another named source only? For every who-question asking who did a deed, is one of its gold
answers not before a passive "by" that names another doer ("The original book by George Abbott ... will be revised
by playwright Peter Ackerman")? For every question asking how many were won, is one of its gold answers no count of
nominations, and, for every one asking how many were (did ...), no count forecast ("will sell 300,000 copies")? For
every where-question, is one of its gold answers not words describing a name ("Video game firm"), the name asked
about, nor a clause saying again what was asked? For every question asking when something happens (not when it
was said), is one of its gold answers not the date of a saying ("deed_time")? For every question naming a day
("Boxing Day", "holiday"), a bracket or whom it is for ("over 80", "for businesses", "bracket"), a level reached
("level"), a tournament or one of a series ("the Brazil Open", "the second Gulf War", "tournament"), asking a previous figure ("previous") or
which club ("club"), a place in a chart ("Which film was second ...?", "position"), a kind of things counted ("PSP
consoles", "counted"), a weekday ("on Friday", "weekday"), who holds a post (not who turned it down, "refused"),
or a loss or a profit (not a sum labelled the other way, "sign"), is one of its gold answers not set aside by that
rule? (A question asking who won, beat or lost at a stage is also read by "stage".) A gold answer the
rules would set aside is a right answer newsqa would withhold;
they are printed. No model runs: only the rules, on the gold spans. The data is read from the
eval-data folder (research-only licences), never copied into the project.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import DEFAULT_DATA  # noqa: E402

SQUAD = ROOT.parent / "shared" / "eval-data" / "squad-v1.1-mrqa-dev" / "SQuAD.jsonl.gz"


def records(path: Path):
    """MRQA records (context, qas) of a .jsonl.gz file."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if "context" in d:
                yield d


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding text[start:end] starts and ends (cut at ". ")."""
    a = text.rfind(". ", 0, start)
    b = text.find(". ", end)
    return (a + 2 if a >= 0 else 0), (b + 1 if b >= 0 else len(text))


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]."""
    a, b = sentence_bounds(text, start, end)
    return text[a:b]


def gold_proposal(text: str, start: int, end: int):
    """A gold span as a proposal of its sentence (for the rules that read proposals)."""
    from types import SimpleNamespace

    from qa.reader import Proposal, Span

    a, b = sentence_bounds(text, start, end)
    evidence = SimpleNamespace(sentence=text[a:b], doc=SimpleNamespace(id="", version="", text=text), index=0)
    return Proposal(evidence, Span(start - a, end - a, 1.0), 1.0, 1.0)


def _by_rule(asks, rule, question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    """(asked, why its gold answers are set aside or None) for a rule over proposals: asked when
    ``asks(analysed question)``; set aside when ``rule`` keeps none of the gold answers' proposals."""
    from qa.question import analyse

    q = analyse(question)
    if not asks(q):
        return False, None
    if rule(q, [gold_proposal(ctx, s, e) for s, e in spans]):
        return True, None
    return True, sentence_around(ctx, *spans[0])[:160]


def _measure(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    """(asks for a measure, why its gold answers are withheld or None)."""
    from qa.measures import MONEY, asked_measure, gives_measure, place_currency

    measure = asked_measure(question)
    if not measure:
        return False, None
    currency = place_currency(question) if measure == MONEY else None
    if any(gives_measure(measure, ctx, s, e, currency) for s, e in spans):
        return True, None
    return True, f"{measure}: {[ctx[s:e] for s, e in spans[:2]]}"


def _rule(module: str, rule: str, asks: Callable[[ModuleType, Any], bool]) -> Callable:
    """The check of the rule ``module.rule`` (over proposals) on the questions that
    ``asks(module, analysed question)`` picks."""

    def checker(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
        m = importlib.import_module(module)
        return _by_rule(lambda q: asks(m, q), getattr(m, rule), question, ctx, spans)

    return checker


def _role(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.roles import _anothers, asked_holder

    role = asked_holder(question)
    if not role:
        return False, None
    sentence = sentence_around(ctx, *spans[0])
    return True, (f"{role}: {sentence[:160]}" if _anothers(sentence, *role) else None)


# (name, checker, what its count of gold answers the rule would not give is called: "set_aside"
# when not given)
_CHECKS = tuple(c if len(c) == 3 else (*c, "set_aside") for c in (
    ("measure", _measure, "withheld"),
    ("whole", _rule("qa.measures", "of_the_whole", lambda m, q: q.measure == m.MONEY)),
    ("price", _rule("qa.measures", "of_the_price", lambda m, q: q.measure == m.MONEY and bool(m._PRICE_ASKED.search(q.text)))),
    ("sign", _rule("qa.measures", "of_the_sign", lambda m, q: m._asked_sign(q.text) is not None)),
    ("period", _rule("qa.measures", "of_the_period", lambda m, q: bool(m._PERIOD_ASKED.search(q.text)))),
    ("people", _rule("qa.places", "of_the_people", lambda m, q: m.asked_people(q.text) is not None and q.wh in ("how-many", "how-much"))),
    ("place", _rule("qa.measures", "of_the_place", lambda m, q: m.asked_place(q.text) is not None)),
    ("count", _rule("qa.measures", "of_a_count", lambda m, q: m.asks_count(q))),
    ("role", _role, "set_aside"),
    ("title", _rule("qa.roles", "of_its_title", lambda m, q: m.asked_role(q.text) is not None)),
    ("portfolio", _rule("qa.roles", "of_its_portfolio", lambda m, q: m.asked_portfolio(q.text) is not None)),
    ("kind", _rule("qa.roles", "of_its_kind", lambda m, q: m.asked_kind(q.text) is not None)),
    ("side", _rule("qa.roles", "of_its_side", lambda m, q: m.asked_whose(q.text) is not None)),
    ("year", _rule("qa.years", "of_the_year", lambda m, q: m.asked_year(q.text) is not None)),
    ("month", _rule("qa.years", "of_the_month", lambda m, q: m.asked_month(q.text) is not None)),
    ("holiday", _rule("qa.years", "of_the_holiday", lambda m, q: m.asked_holiday(q.text) is not None)),
    ("weekday", _rule("qa.years", "of_the_weekday", lambda m, q: m.asked_weekday(q.text) is not None)),
    ("time", _rule("qa.years", "of_a_time", lambda m, q: q.wh == "when")),
    ("deed_time", _rule("qa.years", "of_the_deed_time", lambda m, q: q.wh == "when" and not m._ASKS_SAYING.search(q.text))),
    ("result", _rule("qa.results", "of_the_result", lambda m, q: m.asks_result(q.text))),
    ("stage", _rule("qa.results", "of_the_stage", lambda m, q: m.asks_the_final(q.text) or m.asked_stage(q.text) is not None)),
    ("award", _rule("qa.results", "of_the_award", lambda m, q: m.award(q.text) is not None)),
    ("someone", _rule("qa.roles", "of_someone", lambda m, q: m.asks_someone(q))),
    ("present", _rule("qa.years", "of_the_present", lambda m, q: m.asks_the_present(q) or m.asks_who_is(q))),
    ("direction", _rule("qa.measures", "of_the_direction", lambda m, q: m.asked_direction(q.text) is not None)),
    ("level", _rule("qa.measures", "of_the_level", lambda m, q: bool(m._ASKS_LEVEL.match(q.text) or m._ASKS_CHANGE.match(q.text)))),
    ("previous", _rule("qa.measures", "of_the_previous", lambda m, q: bool(m._ASKS_PREVIOUS.search(q.text)) and q.wh in ("what", "how-much", "how-many"))),
    ("actor", _rule("qa.roles", "of_the_actor", lambda m, q: bool(m.asked_part(q.text)))),
    ("doer", _rule("qa.agents", "of_the_doer", lambda m, q: m.asked_deed(q.text) is not None)),
    ("age", _rule("qa.ages", "of_an_age", lambda m, q: m.asks_age(q))),
    ("owner", _rule("qa.agents", "of_the_owner", lambda m, q: m.asked_owner(q.text) is not None)),
    ("credit", _rule("qa.credits", "of_the_credit", lambda m, q: m.asked_credit(q.text) is not None)),
    ("in_place", _rule("qa.places", "of_the_place_asked", lambda m, q: m.asked_in(q.text) is not None or m.named_country(q.text) is not None)),
    ("party", _rule("qa.agents", "of_the_party", lambda m, q: m.asked_party_thing(q.text) is not None)),
    ("event", _rule("qa.events", "of_the_event", lambda m, q: m.asked_event(q.text) is not None)),
    ("tournament", _rule("qa.events", "of_the_tournament", lambda m, q: bool(m._TOURNAMENT.search(q.text) or m._NUMBERED.search(q.text)))),
    ("team", _rule("qa.roles", "of_its_team", lambda m, q: (m.asked_role(q.text) or ("", ""))[0] in m.TEAM_POSTS)),
    ("rank", _rule("qa.ranks", "of_the_rank", lambda m, q: m.asked_top(q.text) is not None)),
    ("position", _rule("qa.ranks", "of_the_position", lambda m, q: m.asked_place(q.text) is not None)),
    ("share", _rule("qa.measures", "of_a_share", lambda m, q: m.asks_share(q))),
    ("tried", _rule("qa.agents", "of_a_deed_done", lambda m, q: m.asked_done(q.text) is not None)),
    ("wins", _rule("qa.results", "of_the_wins", lambda m, q: bool(m._ASKS_WINS.match(q.text)))),
    ("agent", _rule("qa.agents", "of_the_agent", lambda m, q: m.asked_agent_verb(q.text) is not None)),
    ("where", _rule("qa.places", "of_somewhere", lambda m, q: q.wh == "where")),
    ("club", _rule("qa.places", "of_a_club", lambda m, q: bool(m._ASKS_CLUB.match(q.text)))),
    ("refused", _rule("qa.roles", "of_the_refused", lambda m, q: m.asked_holder(q.text) is not None)),
    ("count_done", _rule("qa.measures", "of_a_count_done", lambda m, q: m.asks_count(q) and m.asks_what_was(q.text))),
    ("counted", _rule("qa.counted", "of_the_kind_counted", lambda m, q: m.asked_kind(q.text) is not None)),
    ("bracket", _rule("qa.measures", "of_the_bracket", lambda m, q: bool(m._BRACKET.search(q.text) or m._FOR.search(q.text) or m._AGAINST.search(q.text)))),
    ("named", _rule("qa.agents", "of_the_named", lambda m, q: m.asked_named_thing(q.text) is not None)),
    ("someone_else", _rule("qa.roles", "of_someone_else", lambda m, q: m.asks_someone(q))),
))


def train_records():
    """MRQA-style records of the licensed training data (SQuAD v1.1 train pages and SQuADShifts, as
    ``train.squad_data`` parses them), one per paragraph, for ``--train``."""
    from train.squad_data import parse_all

    paragraphs: dict[str, list] = {}
    for _, e in parse_all()[0]:
        if e.answer_start >= 0 and e.context[e.answer_start : e.answer_start + len(e.answer_text)] == e.answer_text:
            end = e.answer_start + len(e.answer_text) - 1
            paragraphs.setdefault(e.context, []).append(
                {"question": e.question, "detected_answers": [{"text": e.answer_text, "char_spans": [[e.answer_start, end]]}]})
    for context, qas in paragraphs.items():
        yield {"context": context, "qas": qas}


def check(path: Path | None, show: bool = True) -> dict:
    """The checks over the records of ``path`` (an MRQA .jsonl.gz), or of the training data when None."""
    out = {"questions": 0}
    for name, _, lost in _CHECKS:
        out.update({f"{name}_questions": 0, f"{name}_gold_{lost}": 0})
    for rec in (records(path) if path is not None else train_records()):
        ctx = rec["context"]
        for qa in rec["qas"]:
            out["questions"] += 1
            spans = [(s, e + 1) for a in qa.get("detected_answers", []) for s, e in a["char_spans"]]
            if not spans:
                continue
            for name, checker, lost in _CHECKS:
                asked, why = checker(qa["question"], ctx, spans)
                out[f"{name}_questions"] += asked
                if why:
                    out[f"{name}_gold_{lost}"] += 1
                    if show:
                        print(f"  {name} {qa['question']} | {why}")
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--squad", type=Path, default=SQUAD)
    ap.add_argument("--newsqa", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--train", action="store_true",
                    help="also the training data: SQuAD v1.1 train and SQuADShifts (../shared/train-data)")
    ap.add_argument("--only", help="the checks to run, comma-separated (default: all)")
    args = ap.parse_args(argv)
    if args.only:
        global _CHECKS
        _CHECKS = tuple(c for c in _CHECKS if c[0] in args.only.split(","))
    result = {}
    sets = [("squad_dev", args.squad), ("newsqa_dev_half", args.newsqa)] + ([("train", None)] if args.train else [])
    for name, path in sets:
        result[name] = check(path)
        print(name, json.dumps(result[name]))
    return result


if __name__ == "__main__":
    main()
