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
consoles", "counted"), a weekday ("on Friday", "weekday"), or who holds a post (not who turned it down, "refused"),
is one of its gold answers not set aside by that rule? A gold answer the
rules would set aside is a right answer newsqa would withhold;
they are printed. No model runs: only the rules, on the gold spans. The data is read from the
eval-data folder (research-only licences), never copied into the project.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

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


def _whole(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.measures import MONEY, of_the_whole

    return _by_rule(lambda q: q.measure == MONEY, of_the_whole, question, ctx, spans)


def _price(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.measures import _PRICE_ASKED, MONEY, of_the_price

    return _by_rule(lambda q: q.measure == MONEY and bool(_PRICE_ASKED.search(q.text)), of_the_price, question,
                    ctx, spans)


def _period(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.measures import _PERIOD_ASKED, of_the_period

    return _by_rule(lambda q: bool(_PERIOD_ASKED.search(q.text)), of_the_period, question, ctx, spans)


def _wins(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.results import _ASKS_WINS, of_the_wins

    return _by_rule(lambda q: bool(_ASKS_WINS.match(q.text)), of_the_wins, question, ctx, spans)


def _agent(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.agents import asked_agent_verb, of_the_agent

    return _by_rule(lambda q: asked_agent_verb(q.text) is not None, of_the_agent, question, ctx, spans)


def _where(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.places import of_somewhere

    return _by_rule(lambda q: q.wh == "where", of_somewhere, question, ctx, spans)


def _count_done(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.measures import asks_count, asks_what_was, of_a_count_done

    return _by_rule(lambda q: asks_count(q) and asks_what_was(q.text), of_a_count_done, question, ctx, spans)


def _people(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.places import asked_people, of_the_people

    return _by_rule(lambda q: asked_people(q.text) is not None and q.wh in ("how-many", "how-much"),
                    of_the_people, question, ctx, spans)


def _place(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.measures import asked_place, of_the_place

    return _by_rule(lambda q: asked_place(q.text) is not None, of_the_place, question, ctx, spans)


def _count(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.measures import asks_count, of_a_count

    return _by_rule(asks_count, of_a_count, question, ctx, spans)


def _direction(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.measures import asked_direction, of_the_direction

    return _by_rule(lambda q: asked_direction(q.text) is not None, of_the_direction, question, ctx, spans)


def _actor(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.roles import asked_part, of_the_actor

    return _by_rule(lambda q: bool(asked_part(q.text)), of_the_actor, question, ctx, spans)


def _year(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.years import asked_year, of_the_year

    return _by_rule(lambda q: asked_year(q.text) is not None, of_the_year, question, ctx, spans)


def _portfolio(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.roles import asked_portfolio, of_its_portfolio

    return _by_rule(lambda q: asked_portfolio(q.text) is not None, of_its_portfolio, question, ctx, spans)


def _time(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.years import of_a_time

    return _by_rule(lambda q: q.wh == "when", of_a_time, question, ctx, spans)


def _deed_time(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.years import _ASKS_SAYING, of_the_deed_time

    return _by_rule(lambda q: q.wh == "when" and not _ASKS_SAYING.search(q.text), of_the_deed_time, question, ctx, spans)


def _bracket(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.measures import _AGAINST, _BRACKET, _FOR, of_the_bracket

    asks = lambda q: bool(_BRACKET.search(q.text) or _FOR.search(q.text) or _AGAINST.search(q.text))  # noqa: E731
    return _by_rule(asks, of_the_bracket, question, ctx, spans)


def _holiday(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.years import asked_holiday, of_the_holiday

    return _by_rule(lambda q: asked_holiday(q.text) is not None, of_the_holiday, question, ctx, spans)


def _weekday(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.years import asked_weekday, of_the_weekday

    return _by_rule(lambda q: asked_weekday(q.text) is not None, of_the_weekday, question, ctx, spans)


def _level(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.measures import _ASKS_LEVEL, of_the_level

    return _by_rule(lambda q: bool(_ASKS_LEVEL.match(q.text)), of_the_level, question, ctx, spans)


def _tournament(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.events import _NUMBERED, _TOURNAMENT, of_the_tournament

    asks = lambda q: bool(_TOURNAMENT.search(q.text) or _NUMBERED.search(q.text))  # noqa: E731
    return _by_rule(asks, of_the_tournament, question, ctx, spans)


def _position(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.ranks import asked_place, of_the_position

    return _by_rule(lambda q: asked_place(q.text) is not None, of_the_position, question, ctx, spans)


def _counted(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.counted import asked_kind, of_the_kind_counted

    return _by_rule(lambda q: asked_kind(q.text) is not None, of_the_kind_counted, question, ctx, spans)


def _refused(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.roles import asked_holder, of_the_refused

    return _by_rule(lambda q: asked_holder(q.text) is not None, of_the_refused, question, ctx, spans)


def _club(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.places import _ASKS_CLUB, of_a_club

    return _by_rule(lambda q: bool(_ASKS_CLUB.match(q.text)), of_a_club, question, ctx, spans)


def _previous(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.measures import _ASKS_PREVIOUS, of_the_previous

    asks = lambda q: bool(_ASKS_PREVIOUS.search(q.text)) and q.wh in ("what", "how-much", "how-many")  # noqa: E731
    return _by_rule(asks, of_the_previous, question, ctx, spans)


def _month(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.years import asked_month, of_the_month

    return _by_rule(lambda q: asked_month(q.text) is not None, of_the_month, question, ctx, spans)


def _result(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.results import asks_result, of_the_result

    return _by_rule(lambda q: asks_result(q.text), of_the_result, question, ctx, spans)


def _award(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.results import award, of_the_award

    return _by_rule(lambda q: award(q.text) is not None, of_the_award, question, ctx, spans)


def _role(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.roles import _anothers, asked_holder

    role = asked_holder(question)
    if not role:
        return False, None
    sentence = sentence_around(ctx, *spans[0])
    return True, (f"{role}: {sentence[:160]}" if _anothers(sentence, *role) else None)


def _title(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.roles import asked_role, of_its_title

    return _by_rule(lambda q: asked_role(q.text) is not None, of_its_title, question, ctx, spans)


def _stage(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.results import asks_the_final, of_the_stage

    return _by_rule(lambda q: asks_the_final(q.text), of_the_stage, question, ctx, spans)


def _kind(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.roles import asked_kind, of_its_kind

    return _by_rule(lambda q: asked_kind(q.text) is not None, of_its_kind, question, ctx, spans)


def _side(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.roles import asked_whose, of_its_side

    return _by_rule(lambda q: asked_whose(q.text) is not None, of_its_side, question, ctx, spans)


def _present(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.years import asks_the_present, asks_who_is, of_the_present

    return _by_rule(lambda q: asks_the_present(q) or asks_who_is(q), of_the_present, question, ctx, spans)


def _doer(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.agents import asked_deed, of_the_doer

    return _by_rule(lambda q: asked_deed(q.text) is not None, of_the_doer, question, ctx, spans)


def _owner(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.agents import asked_owner, of_the_owner

    return _by_rule(lambda q: asked_owner(q.text) is not None, of_the_owner, question, ctx, spans)


def _credit(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.credits import asked_credit, of_the_credit

    return _by_rule(lambda q: asked_credit(q.text) is not None, of_the_credit, question, ctx, spans)


def _place_asked(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.places import asked_in, named_country, of_the_place_asked

    return _by_rule(lambda q: asked_in(q.text) is not None or named_country(q.text) is not None, of_the_place_asked,
                    question, ctx, spans)


def _party(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.agents import asked_party_thing, of_the_party

    return _by_rule(lambda q: asked_party_thing(q.text) is not None, of_the_party, question, ctx, spans)


def _named(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.agents import asked_named_thing, of_the_named

    return _by_rule(lambda q: asked_named_thing(q.text) is not None, of_the_named, question, ctx, spans)


def _tried(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.agents import asked_done, of_a_deed_done

    return _by_rule(lambda q: asked_done(q.text) is not None, of_a_deed_done, question, ctx, spans)


def _share(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.measures import asks_share, of_a_share

    return _by_rule(asks_share, of_a_share, question, ctx, spans)


def _rank(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.ranks import asked_top, of_the_rank

    return _by_rule(lambda q: asked_top(q.text) is not None, of_the_rank, question, ctx, spans)


def _event(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.events import asked_event, of_the_event

    return _by_rule(lambda q: asked_event(q.text) is not None, of_the_event, question, ctx, spans)


def _team(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.roles import TEAM_POSTS, asked_role, of_its_team

    return _by_rule(lambda q: (asked_role(q.text) or ("", ""))[0] in TEAM_POSTS, of_its_team, question, ctx, spans)


def _age(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.ages import asks_age, of_an_age

    return _by_rule(asks_age, of_an_age, question, ctx, spans)


def _someone_else(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.roles import asks_someone, of_someone_else

    return _by_rule(asks_someone, of_someone_else, question, ctx, spans)


def _someone(question: str, ctx: str, spans: list[tuple[int, int]]) -> tuple[bool, str | None]:
    from qa.roles import asks_someone, of_someone

    return _by_rule(asks_someone, of_someone, question, ctx, spans)


# (name, checker, what its count of gold answers the rule would not give is called)
_CHECKS = (("measure", _measure, "withheld"), ("whole", _whole, "set_aside"), ("price", _price, "set_aside"), ("period", _period, "set_aside"), ("people", _people, "set_aside"), ("place", _place, "set_aside"), ("count", _count, "set_aside"), ("role", _role, "set_aside"), ("title", _title, "set_aside"), ("portfolio", _portfolio, "set_aside"),
           ("kind", _kind, "set_aside"), ("side", _side, "set_aside"), ("year", _year, "set_aside"), ("month", _month, "set_aside"), ("holiday", _holiday, "set_aside"), ("weekday", _weekday, "set_aside"), ("time", _time, "set_aside"), ("deed_time", _deed_time, "set_aside"),
           ("result", _result, "set_aside"), ("stage", _stage, "set_aside"), ("award", _award, "set_aside"), ("someone", _someone, "set_aside"),
           ("present", _present, "set_aside"), ("direction", _direction, "set_aside"), ("level", _level, "set_aside"), ("previous", _previous, "set_aside"),
           ("actor", _actor, "set_aside"), ("doer", _doer, "set_aside"), ("age", _age, "set_aside"), ("owner", _owner, "set_aside"),
           ("credit", _credit, "set_aside"), ("in_place", _place_asked, "set_aside"),
           ("party", _party, "set_aside"), ("event", _event, "set_aside"), ("tournament", _tournament, "set_aside"), ("team", _team, "set_aside"),
           ("rank", _rank, "set_aside"), ("position", _position, "set_aside"), ("share", _share, "set_aside"),
           ("tried", _tried, "set_aside"), ("wins", _wins, "set_aside"), ("agent", _agent, "set_aside"), ("where", _where, "set_aside"), ("club", _club, "set_aside"), ("refused", _refused, "set_aside"), ("count_done", _count_done, "set_aside"), ("counted", _counted, "set_aside"), ("bracket", _bracket, "set_aside"), ("named", _named, "set_aside"), ("someone_else", _someone_else, "set_aside"))


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
