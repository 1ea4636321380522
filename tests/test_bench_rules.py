"""`bench.rules` checks each span rule against gold answers: every check names a rule that exists,
picks the questions it is written for, and reports a gold answer its rule would set aside."""

from __future__ import annotations

import pytest

from bench import rules

CTX = ("Top of the box office for a second week was National Treasure. "
       "The Spaniard won three gold medals in 2004, and 1,300,000 people lived in Warsaw in 1939.")


@pytest.mark.parametrize(("name", "checker", "lost"), rules._CHECKS, ids=[c[0] for c in rules._CHECKS])
def test_every_check_runs(name, checker, lost):
    asked, why = checker("How many people lived in Warsaw in 1939?", CTX, [(CTX.index("1,300,000"), CTX.index(" people lived"))])
    assert isinstance(asked, bool) and (why is None or isinstance(why, str))
    assert lost in ("set_aside", "withheld")


def test_a_check_picks_its_questions_and_reports_a_gold_answer_its_rule_sets_aside():
    checks = {name: checker for name, checker, _ in rules._CHECKS}
    gold = (CTX.index("National"), CTX.index(". The Spaniard"))
    assert checks["position"]("Who won the Open?", CTX, [gold]) == (False, None)  # names no place
    asked, why = checks["position"]("Which film was second in the US box office chart?", CTX, [gold])
    assert asked and why and "box office" in why
    year = (CTX.index("1,300,000"), CTX.index(" people lived"))
    assert checks["year"]("How many people lived in Warsaw in 1939?", CTX, [year]) == (True, None)
