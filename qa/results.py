"""A match's score from its result line.

Sports reports are headed by the result: "Ireland 19-13 England". A question asking for the score
of a match ("What was the score when Ireland beat England at Lansdowne Road?") that names both sides
of such a line is answered from it, as the score alone, before a score the body recalls of another
match ("when England were rampant 42-6 victors" in 2003, the reader's choice). The headlines of the
retrieved articles that are such lines are read with the evidence (``result_lines``: a body
sentence's window never reaches its headline). Not for the half-time score, a leg, the aggregate or
a shoot-out, which a result line does not give.

A forecast is no result: "Who won best film at the Oscars?" is not answered "Martin Scorsese" from
"Martin Scorsese's The Aviator will win best film at the Oscars, according to ...": a span that a
few words later "will win", "could beat", "is expected to win" ... is no answer to who won, beat
or lost (``of_the_result``). Nor is the other side of the result: "Lindsay Davenport" of "with victory
over Lindsay Davenport" did not win, "Serena Williams" of "lost to Serena Williams" did not lose.
Nor is the winner of another award: "Cate Blanchett won best supporting actress" does not answer "Who
won best actress?" (``of_the_award``). Nor is a sentence about an earlier stage one about the final:
"Dundee United eased into the semi-final of the Scottish Cup" does not answer "Who won the Scottish
Cup final?" (``of_the_stage``). Nor is a count of nominations one of wins: "How many Grammys did Kanye West
win?" is not answered "10" of "who is in contention for 10 awards" (``of_the_wins``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from qa.measures import SCORE
from qa.posts import mentions, name_start

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal
    from qa.retrieve import Evidence

# a result line: the sides named either side of the score and nothing else ("Ireland 19-13 England",
# "Queen of the South 1-2 St Johnstone", "Man Utd 2-0 Arsenal")
_SIDE_WORD = r"[A-Z][\w'’.&-]*"
_SIDE = rf"{_SIDE_WORD}(?:\s+(?:(?:of|the|de|del|and)\s+)*{_SIDE_WORD})*"
_NOT_THE_RESULT = re.compile(r"\bhalf[- ]?time\b|\bat half\b|\b(?:first|second|1st|2nd)[- ]leg\b|\baggregate\b|"
                             r"\bon penalties\b|\bshoot-?out\b|\binterval\b", re.I)
_RESULT = re.compile(rf"^\s*(?P<home>{_SIDE})\s+(?P<score>\d{{1,3}}\s*[-–]\s*\d{{1,3}})\s+(?P<away>{_SIDE})[\s.]*$")


def results_first(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a score question, the proposals of a result line of the match it names first, as the
    score alone ("19-13", not "Ireland 19-13"), each once; then the others. Unless the best proposal
    gives that score already ("28-17" of "Italy 17-28 Ireland"): they stay as they were read."""
    if not _asks_final_score(q):
        return proposals
    first: list[Proposal] = []
    rest: list[Proposal] = []
    best_is_a_line = False
    for k, p in enumerate(proposals):
        score = _score_in(q.text, p.evidence.sentence)
        if score is None:
            rest.append(p)
        elif all((p.evidence.doc.id, p.evidence.index) != (f.evidence.doc.id, f.evidence.index) for f in first):
            first.append(replace(p, span=replace(p.span, start=score[0], end=score[1])))
        if k == 0:
            best_is_a_line = score is not None
    if first and not best_is_a_line and _numbers(proposals[0]) == _numbers(first[0]):
        return proposals
    return first + rest


def _numbers(p: Proposal) -> list[int]:
    return sorted(int(n) for n in re.findall(r"\d+", p.text))


def _asks_final_score(q: QuestionAnalysis) -> bool:
    """A score question that a result line may answer: not one of the half-time score, a leg's or
    the aggregate, which a result line does not give."""
    return q.measure == SCORE and not _NOT_THE_RESULT.search(q.text)


def _score_in(question: str, sentence: str) -> tuple[int, int] | None:
    """Where the score is, if ``sentence`` is a result line whose two sides the question names."""
    m = _RESULT.match(sentence)
    if m and mentions(question, m["home"]) and mentions(question, m["away"]):
        return m.span("score")
    return None


def from_result_line(q: QuestionAnalysis, p: Proposal) -> bool:
    """Is the proposal the score of a result line whose two sides the question names (as
    ``results_first`` gives it)?"""
    return _asks_final_score(q) and _score_in(q.text, p.evidence.sentence) == (p.span.start, p.span.end)


def result_of(question: str, sentence: str) -> tuple[int, int] | None:
    """Where the score is, if ``sentence`` is a result line ("Ireland 19-13 England") whose two
    sides the question names (and it asks for the final score: not the half-time score, a leg's
    or the aggregate, which a result line may not be)."""
    return None if _NOT_THE_RESULT.search(question) else _score_in(question, sentence)


def result_lines(q: QuestionAnalysis, evidence: list[Evidence]) -> list[Evidence]:
    """For a score question, the headlines of the evidence's articles that are result lines of the
    match it names: to be read with the evidence (a body sentence's window never reaches its headline).
    Each comes with the scores of its article's best evidence (its own are not computed)."""
    if not _asks_final_score(q):
        return []
    out: list[Evidence] = []
    seen: set[str] = set()
    for e in evidence:
        if e.doc.id in seen:
            continue
        seen.add(e.doc.id)
        for i in range(e.doc.body_start):
            if _score_in(q.text, e.doc.sentence_text(i)) is not None:
                out.append(e if e.index == i else replace(e, index=i))
    return out


def a_side(p: Proposal) -> bool:
    """Is the span a side of a match, or of its result line ("Clyde 0-5 Celtic" itself): the sides named in
    a result line heading its article, and no other name ("Clyde", "Celtic brushed aside Clyde")? A side
    is no player."""
    doc, sentence = p.evidence.doc, p.evidence.sentence
    if _RESULT.match(sentence):
        return True
    lines = [doc.sentence_text(i) for i in range(doc.body_start)] if hasattr(doc, "body_start") else []
    sides = {side for m in map(_RESULT.match, lines) if m is not None for side in (m["home"], m["away"])}
    names = re.findall(_SIDE, p.text)  # "Celtic brushed aside Clyde" names only the sides
    return bool(sides) and bool(names) and all(name in sides for name in names)


# "Who won ...?", "Which team beat ...?", "Who lost ...?": a result asked for
# (not "won't": "Who told the victims they won't be forgotten?")
_ASKS_RESULT = re.compile(r"^\s*(?:who|which|what)\b[^?]*?\b(?P<verb>won|beat|lost)\b(?!['’])", re.I)
_VERB = {"won": "win", "beat": "beat", "lost": "lose"}
_FORECAST = (r"(?:will|could|may|might|(?:is|are|was|were)\s+(?:set|expected|likely|tipped|poised|due|"
             r"favourites?|favoured)\s+to|hopes?\s+to|hoping\s+to|aims?\s+to|bid\s+to|bidding\s+to|"
             # "has become the new favourite to win"
             r"favou?rites?\s+to|tipped\s+to)")
# what may start another statement between the span and the forecast ("X beat Y and could win the title")
_NOT_ITS = re.compile(r"[,;:.()\"“”]|\b(?:and|but|while|who|which|whom|after|before|than|if|when)\b", re.I)
_NEAR = 6


def asks_result(question: str) -> bool:
    """Does the question ask who won, beat or lost?"""
    return bool(_ASKS_RESULT.search(question))


# just before the side that lost: "victory over Lindsay Davenport", "beat Wales", "defeated by France" is
# the winner's marker ("lost to", "beaten by") for a question asking who lost
_LOSER_MARK = (r"\b(?:(?:victory|victories|win|wins|triumph|success)\s+(?:over|against)|beat|beats|beating|"
               r"defeated|defeating|thrashed|thrashing|overcame|overcoming|saw off|knocked out|edged out)")
# (a word saying who the loser is may stand between: "edged out rival " + "Kelly Sotherton"; not "defeated by")
_LOSER_BEFORE = re.compile(rf"{_LOSER_MARK}\s+(?:the\s+)?(?:(?!(?:by|in|at|on|to|with|for|from|after|before)\b)"
                           r"(?-i:[a-z][\w-]*)\s+)?$", re.I)
# the sides listed after that marker, the span among them: "edged out Russia's Olga Fedorova and Sweden's " +
# "Jenny Kallur" (not a span that goes on to win itself: "England beat Wales and Ireland beat France")
_LISTED_SIDE = r"(?-i:[A-Z][\w'’.-]*)(?:\s+(?-i:[A-Z][\w'’.-]*))*"
_LOSER_LISTED = re.compile(rf"{_LOSER_MARK}\s+(?:the\s+)?(?:{_LISTED_SIDE}(?:\s*,\s*|\s+and\s+))+"
                           r"(?:(?-i:[A-Z][\w.-]*)['’]s\s+)?$", re.I)
_RESULT_VERB = re.compile(r"\s+(?:won|wins|beat|beats|edged|defeated|took|claimed|clinched|triumphed|lost|loses)\b", re.I)
# the span is who reports the result, not its subject: "Paul Trotter" + ", news and features editor of PC
# Pro, said several Sony products helped it to take the innovation award" (not "... said he won")
_REPORTS = re.compile(r"(?:\s*,[^,;:()\"“”]{1,80},)?\s+(?:said|says|told|tells|added|adds|claimed|claims|explained|"
                      r"insisted|believes|thinks)\b(?:\s+(?:the\s+)?(?:BBC|reporters|(?-i:[A-Z]\w*)(?:\s+(?-i:[A-Z]\w*))*))?"
                      r"(?:\s+that)?\s+(?P<next>[\w'’]+)", re.I)
_THE_SPEAKER = frozenset({"he", "she", "i", "we", "they", "his", "her", "their", "my", "our", "i'd", "i've", "we've",
                          "he'd", "she'd", "they'd", "i'm", "we're", "he's", "she's", "they're"})
_ASKS_WHO_SAID = re.compile(r"\b(?:say|said|says|told|tell|tells|claim|claimed|believe|believes|think|thinks)\b", re.I)
_AUXILIARY = re.compile(r"\b(?:did|does|do|will|would|could|can|has|have|had)\b", re.I)
_WINNER_BEFORE = re.compile(r"\b(?:lost|lose|loses|losing|loss|defeat|defeats)\s+(?:to|against)\s+(?:the\s+)?$|"
                            r"\b(?:beaten|defeated|knocked out|thrashed)\s+by\s+(?:the\s+)?$", re.I)


def of_the_result(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking who won, beat or lost, the proposals not forecast to ("... will win"),
    not on the other side of the result ("Lindsay Davenport" of "victory over Lindsay Davenport" did
    not win), and, for who won, not whose something other than a win is ("Kenenisa Bekele" of
    "Bekele's record hopes were dashed when he miscounted his laps in the men's 3,000m"), nor one yet to
    do something, of no win ("Paula Radcliffe will compete in the Flora London Marathon")."""
    asked = _ASKS_RESULT.search(q.text)
    if not asked:
        return proposals
    verb = asked["verb"].lower()
    forecast = _forecast_of(verb)
    proposals = [p for p in proposals if not _forecast(p.evidence.sentence, p.span.start, p.span.end, forecast)]
    if _reporter_is_no_answer(q.text, asked):
        proposals = [p for p in proposals if not _reports(p.evidence.sentence, p.span.end)]
    # "Who did the Panthers beat?" asks for the other side: only "Who won / beat / lost ...?" is read so
    if _AUXILIARY.search(q.text, 0, asked.start("verb")):
        return proposals
    other_side = _WINNER_BEFORE if verb == "lost" else _LOSER_BEFORE
    return [p for p in proposals if not _on_the_other_side(p.evidence.sentence, p.span.start, p.span.end, other_side)
            and not (verb == "won" and (_possessor(p.evidence.sentence, p.span.start, p.span.end)
                                         or _yet_to_come(p.evidence.sentence, p.span.end)))]


# a span that is to do something yet, in a sentence that tells of no win: "Paula Radcliffe" + " will compete in the
# Flora London Marathon this year" is not who won its men's race (a BBC probe, 0.23)
_TO_COME = re.compile(r"\s+(?:will|(?:is|are)\s+(?:set\s+|due\s+|expected\s+|going\s+)?to|plans?\s+to|hopes?\s+to|"
                      r"intends?\s+to|aims?\s+to)\b", re.I)


def _yet_to_come(sentence: str, end: int) -> bool:
    """Is the span the subject of what is yet to come ("will compete"), in a sentence that tells of no win?"""
    return bool(_TO_COME.match(sentence, end)) and not _A_WIN.search(sentence)


# a span that is whose something is, in a sentence that tells of no win: "Kenenisa Bekele" + "'s record
# hopes were dashed when he miscounted his laps" (not "Bush" + "'s victory", "Joan Rivers" + "' lengthy
# resume" after "winner of", "Robert Koch" + "'s 1891 proofs, for which he was awarded a Nobel Prize")
_POSSESSED = re.compile(r"['’]s?\s+(?P<words>[\w-]+(?:\s+[\w-]+)?)")
_A_WIN = re.compile(r"\b(?:won|win|wins|winning|winner|winners|victory|victories|triumph|triumphed|triumphs|title|"
                    r"titles|success|gold|medal|crown|crowned|champion|champions|championship|prize|award|awarded|"
                    r"trophy|beat|beating|defeated)\b", re.I)


def _possessor(sentence: str, start: int, end: int) -> str | None:
    """What the span owns ("record hopes" of "Bekele's record hopes were dashed"), when the sentence
    writes it as whose something is and tells of no win, or None."""
    text = sentence[start:end]
    own = re.search(r"['’]s?$", text)
    m = _POSSESSED.match(sentence, end - (own.end() - own.start()) if own else end)
    if not m or _A_WIN.search(sentence):
        return None
    return m["words"]


def _on_the_other_side(sentence: str, start: int, end: int, other_side: re.Pattern) -> bool:
    """Is the span the other side ("Lindsay Davenport" of "victory over Lindsay Davenport"), or does it
    end with it ("Keller won her first title with victory over Anna Lind")?"""
    if other_side.search(sentence, max(0, start - 40), start):
        return True
    name = name_start(sentence, start, end)
    if name != start and other_side.search(sentence, max(0, name - 40), name):
        return True
    # among the sides listed after the marker: "edged out Russia's Olga Fedorova and Sweden's Jenny Kallur"
    return (other_side is _LOSER_BEFORE and not _RESULT_VERB.match(sentence, end)
            and bool(_LOSER_LISTED.search(sentence, max(0, name - 100), name)))


def _forecast_of(verb: str) -> re.Pattern:
    """A forecast of the result asked: "will win", "is expected to beat" ..."""
    return re.compile(rf"\b{_FORECAST}\s+(?:\w+\s+)?{_VERB[verb]}\b", re.I)


def _reporter_is_no_answer(question: str, asked: re.Match) -> bool:
    """Is who reports the result not the answer? Not when the question asks who said it ("Who said
    Sony won ...?")."""
    return not _ASKS_WHO_SAID.search(question, 0, asked.start("verb"))


def _reports(sentence: str, end: int) -> bool:
    """Is the span the one who reports the result ("Paul Trotter, news and features editor of PC Pro, said
    several Sony products helped it to ...") rather than, by a pronoun, its subject ("... said he won")?"""
    m = _REPORTS.match(sentence, end)
    return m is not None and m["next"].lower() not in _THE_SPEAKER


# an award: "best" and the words after it up to a preposition or the award's own name ("best supporting
# actress" of "won best supporting actress at the Baftas", "best picture" of "the best picture Oscar")
_AWARD_STOP = (r"(?:at|in|for|of|on|to|and|while|but|with|from|after|before|award|awards|prize|oscar|oscars|bafta|"
               r"baftas|globe|globes|category|gong|trophy)")
_AWARD = re.compile(rf"\bbest\s+((?:(?!{_AWARD_STOP}\b)[a-z][a-z'-]*\s*){{1,4}})", re.I)
# the award given to the span: "Cate Blanchett" + " won best supporting actress", "Catalina Sandino
# Moreno" + ", who took best actress" (``_GIVEN``), or in the span itself ("..., who took best actress")
_GIVES_AWARD = (r"\b(?:won|wins|named|took|takes|picked up|collected|scooped|claimed|received|landed|voted)\b"
                # the award's own name between: "won the Screen Actors Guild Awards for best ..."
                r"(?:\s+(?:the|a|an|its|his|her|their))?(?:(?:\s+(?-i:[A-Z][\w'’&.-]*)){1,6}\s+for)?\s+(?=best\b)")
_GIVEN = re.compile(rf"(?:\s*,\s*who\b)?[^,;:.()]{{0,40}}?{_GIVES_AWARD}", re.I)
_GIVEN_IN = re.compile(_GIVES_AWARD, re.I)
# or before it: "best actor for" + "Paul Giamatti", "the best director award went to" + "Clint Eastwood"
_GIVEN_BEFORE = re.compile(rf"\bbest\s+(?:(?!{_AWARD_STOP}\b)[a-z][a-z'-]*\s+){{1,4}}(?:(?:award|prize|oscar|trophy)\s+)?"
                           r"(?:(?:went|goes|has\s+gone)\s+)?(?:to|for)\s+$", re.I)
# "the director award went to" + "Clint Eastwood": an award written without "best"
_WENT_TO = re.compile(rf"\bthe\s+((?:(?!{_AWARD_STOP}\b)[a-z][a-z'-]*\s+){{1,3}})(?:award|prize)\s+(?:went|goes|has\s+gone)\s+to\s+"
                      # what the name is, between: "went to GameCube bongo rhythm game " + "Donkey Konga"
                      r"(?:[\w'’-]+\s+){0,4}$",
                      re.I)


def award(text: str) -> tuple[str, ...] | None:
    """The award a text names first, as its words ("supporting", "actress"), or None."""
    m = _AWARD.search(text)
    return tuple(m.group(1).lower().split()) if m else None


def of_the_award(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question naming an award ("Who won best actress at the Baftas?"), the proposals that the
    sentence does not give another award: not "Cate Blanchett" of "Cate Blanchett won best supporting
    actress", nor "Alexander Payne" of "... while Alexander Payne won best director" for best film."""
    asked = award(q.text)
    if asked is None:
        return proposals
    return [p for p in proposals if not _another_award(p, _singular(asked))]


def _another_award(p: Proposal, asked: tuple[str, ...]) -> bool:
    given = _given_awards(p)
    return bool(given) and asked not in given


# two awards written as one: "best male and female film actors" (best male film actor, best female ...)
_TWO_AWARDS = re.compile(rf"best\s+([a-z][a-z'-]*)\s+and\s+(?!best\b)([a-z][a-z'-]*)\s+"
                         rf"((?:(?!{_AWARD_STOP}\b)[a-z][a-z'-]*\s*){{1,3}})", re.I)
# more awards after the first: "won best director" + " and best screenplay", ", best actor"
_AND_BEST = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?=best\b)", re.I)


def _given_awards(p: Proposal) -> dict[tuple[str, ...], str]:
    """The awards the sentence gives the span, after it or in it ("Catalina Sandino Moreno, who took
    best actress for ..."), else before its name ("best actor for Paul Giamatti"), each as its words in
    the singular, with how the sentence writes them."""
    sentence, start, end = p.evidence.sentence, p.span.start, p.span.end
    given = _GIVEN.match(sentence, end) or _GIVEN_IN.search(sentence, start, end)
    if given is None:
        return _awards_before(sentence, name_start(sentence, start, end))
    text = sentence[given.end():]
    two = _TWO_AWARDS.match(text)
    if two:
        rest = tuple(two[3].lower().split())
        written = " ".join(two[0].split()[1:])
        return {_singular((two[1].lower(), *rest)): written, _singular((two[2].lower(), *rest)): written}
    out: dict[tuple[str, ...], str] = {}
    m = _AWARD.match(text)
    while m:  # "best director and best screenplay": both
        words = tuple(m.group(1).lower().split())
        out[_singular(words)] = " ".join(words)
        more = _AND_BEST.match(text, m.end() - len(m.group(0)) + len(m.group(0).rstrip()))
        m = _AWARD.match(text, more.end()) if more else None
    return out


def _awards_before(sentence: str, name: int) -> dict[tuple[str, ...], str]:
    """The award the sentence gives just before the name at ``name``: "best actor for" Paul Giamatti,
    "the director award went to" Clint Eastwood."""
    before = _GIVEN_BEFORE.search(sentence, max(0, name - 60), name)
    if before:
        return {_singular(award(before[0])): " ".join(award(before[0]))}
    went = _WENT_TO.search(sentence, max(0, name - 60), name)
    words = tuple(w for w in went[1].lower().split() if w != "best") if went else ()
    return {_singular(words): " ".join(words)} if words else {}


def _singular(words: tuple[str, ...]) -> tuple[str, ...]:
    """"actors" -> "actor", "actresses" -> "actress" (the award's last word)."""
    last = words[-1]
    if last.endswith("esses"):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return (*words[:-1], last)


def award_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: the sentences give them other awards."""
    other = next(iter(_given_awards(read[0]).values()))
    return f"The closest sentences give best {other}, not best {' '.join(award(q.text))}."


def _forecast(sentence: str, start: int, end: int, forecast: re.Pattern) -> bool:
    """Is the span forecast to win: "will win" in it, or a few words after it with nothing between
    that could start another statement?"""
    m = forecast.search(sentence, start)
    if not m:
        return False
    between = sentence[end : m.start()]  # empty when the forecast is in the span
    return len(between.split()) <= _NEAR and not _NOT_ITS.search(between)


def result_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: the best was forecast to win (or beat, or lose), not reported
    to; or it reports the result; or it owns something other than a win; or it is the other side of
    the result."""
    asked = _ASKS_RESULT.search(q.text)
    verb = asked["verb"].lower()
    p = read[0]
    if _forecast(p.evidence.sentence, p.span.start, p.span.end, _forecast_of(verb)):
        return "The closest sentences forecast the result; none reports it."
    if _reporter_is_no_answer(q.text, asked) and _reports(p.evidence.sentence, p.span.end):
        return f"The closest sentences name who reported the result, not who {verb}."
    owned = verb == "won" and _possessor(p.evidence.sentence, p.span.start, p.span.end)
    if owned:
        sentence = p.evidence.sentence
        whose = re.sub(r"['’]s?$", "", sentence[name_start(sentence, p.span.start, p.span.end) : p.span.end])
        return f"The closest sentences speak of {whose}'s {owned}, not of who {verb}."
    return f"The closest sentences name the other side of the result, not who {verb}."


# a competition's stage: a sentence about a semi-final answers no question about the final ("Who won the
# Scottish Cup final?" is not answered from "Dundee United eased into the semi-final of the Scottish Cup")
_FINAL = re.compile(r"(?<![\w-])(?<!semi-)(?<!quarter-)(?<!semi )(?<!quarter )final(?![\w-])", re.I)
_EARLIER_STAGE = re.compile(r"\b(?:semi|quarter)[- ]?finals?\b|\bsemis\b", re.I)

# "final" before these is an adjective: "the final score", "his final day"
_ADJECTIVE_FINAL = re.compile(r"\s+(?:score|scores|day|days|round|rounds|whistle|minute|minutes|second|seconds|result|"
                              r"results|table|analysis|quarter|hole|holes|lap|laps|stage|stages|leg|version|report|"
                              r"decision|word|words|say|approval|year|years|season|match|game|set|frame|over|"
                              r"innings|period|instalment|episode|chapter|act|tally|total|standings|position|"
                              r"place|ranking|vote|count|ruling|verdict|deadline|straight|bend)\b", re.I)


def asks_the_final(question: str) -> bool:
    """Does the question name a competition's final ("the Scottish Cup final"; not "the final score",
    "the semi-final", "the World Cup finals")?"""
    return any(not _ADJECTIVE_FINAL.match(question, m.end()) for m in _FINAL.finditer(question))


# a stage only reached: who was beaten "to reach the Australian Open semi-finals" was beaten before the
# semi-final ("Who did Hewitt beat in the semi-final?" was answered "Argentine David Nalbandian", 0.59)
_STAGES = {"semi-final": re.compile(r"\bsemi[- ]?finals?\b|\bsemis\b", re.I),
           "quarter-final": re.compile(r"\bquarter[- ]?finals?\b", re.I), "final": _FINAL}
# (what was done to reach it: "to reach the final"; not "reached the final and beat Safin")
_REACHED = re.compile(r"\bto\s+(?:reach|make|go\s+through\s+to|qualify\s+for|book\s+(?:a|his|her|their|its)\s+"
                      r"(?:place|spot|berth)\s+in)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,4}$")


def asked_stage(question: str) -> str | None:
    """The stage of a competition a question asking who won, beat or lost names ("semi-final"), or None."""
    if not asks_result(question):
        return None
    return next((stage for stage, named in _STAGES.items()
                 if (asks_the_final(question) if stage == "final" else named.search(question))), None)


def of_the_stage(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question about a competition's final, the proposals whose sentence does not name an
    earlier stage (a semi-final, a quarter-final) without the final; for one asking who won, beat or
    lost at a stage, those whose sentence does not name that stage only as one reached."""
    final, stage = asks_the_final(q.text), asked_stage(q.text)
    if not final and stage is None:
        return proposals
    return [p for p in proposals if not (final and _earlier_stage_only(p.evidence.sentence))
            and not (stage and _stage_only_reached(p.evidence.sentence, stage))]


def _earlier_stage_only(sentence: str) -> bool:
    return bool(_EARLIER_STAGE.search(sentence)) and not _FINAL.search(sentence)


# what the sentence goes on to say of the stage itself: "to make the final, where he beat Hewitt"
_AT_THE_STAGE = re.compile(r"\b(?:beat|beats|beating|won|wins|winning|lost|loses|losing|defeated|defeating|face|faces|"
                           r"facing|against|where|which)\b", re.I)


def _stage_only_reached(sentence: str, stage: str) -> bool:
    named = list(_STAGES[stage].finditer(sentence))
    return (bool(named) and all(_REACHED.search(sentence, 0, m.start()) for m in named)
            and not _AT_THE_STAGE.search(sentence, named[-1].end()))


def stage_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: the sentences are about an earlier stage, or about reaching
    the stage asked."""
    sentence, stage = read[0].evidence.sentence, asked_stage(q.text)
    if stage and _stage_only_reached(sentence, stage):
        return f"The closest sentences are about reaching the {stage}, not about the {stage} itself."
    earlier = _EARLIER_STAGE.search(sentence).group(0).lower()
    return f"The closest sentences are about the {earlier}, not the final."


# -- a count of nominations is no count of wins ---------------------------------------------------------------
# "How many Grammys did Kanye West win?" is not answered "10" of "Kanye West, who is in contention for 10 awards"
_ASKS_WINS = re.compile(r"^\s*(?:and\s+)?how\s+many\b[^?]*?\b(?:win|won|wins|scoop|scooped|take|took|pick\s+up|"
                        r"picked\s+up|collect|collected|land|landed|claim|claimed|receive|received)\b", re.I)
# the count of nominations: "nominated for " + "10", "in contention for 10 awards", "10" + " Grammy nominations"
_NOMINATED_BEFORE = re.compile(r"\b(?:(?:nominated|shortlisted|short-listed|nominations|nods)\s+(?:for\s+)?|"
                               r"(?:in\s+contention|contending|up|in\s+the\s+running|competing|vying)\s+for\s+)"
                               r"(?:a\s+total\s+of\s+|up\s+to\s+|"
                               r"a\s+record\s+|an?\s+)?$", re.I)
_NOMINATIONS_AFTER = re.compile(r"\s+(?:[A-Z][\w'’-]*\s+|[a-z][\w-]*\s+)?(?:nominations?|nods?)\b")


def nominations_only(p: Proposal) -> bool:
    """Is the span a count of nominations ("10" of "in contention for 10 awards", "10 Grammy nominations")?"""
    sentence = p.evidence.sentence
    return bool(_NOMINATED_BEFORE.search(sentence, max(0, p.span.start - 40), p.span.start)
                or _NOMINATIONS_AFTER.match(sentence, p.span.end)
                or re.search(r"\b(?:nominations?|nods?)\b", p.text, re.I))


def of_the_wins(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking how many something won, the proposals that are no count of nominations (all of
    them for other questions)."""
    if not _ASKS_WINS.match(q.text) or re.search(r"\bnominat|\bnods?\b", q.text, re.I):
        return proposals
    return [p for p in proposals if not nominations_only(p)]


def wins_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: they count nominations."""
    return "The closest sentences count nominations, not wins."
