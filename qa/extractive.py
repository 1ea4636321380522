"""The extractive answer policy: retrieve, read, then answer with an exact span or abstain.

Every answer is a span of one stored sentence (cited with exact offsets); further citations are
only sentences that state the same answer word for word. "When was this published?" is answered
from the article's own date line.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace

from index.clean import date_in_line
from index.copies import CopyGroups
from index.documents import word_for_word
from index.store import SentenceStore
from qa.agents import (
    agent_reason,
    doer_reason,
    named_reason,
    of_a_deed_done,
    of_the_agent,
    of_the_doer,
    of_the_named,
    of_the_owner,
    of_the_party,
    owner_reason,
    party_reason,
    tried_reason,
)
from qa.ages import age_reason, of_an_age
from qa.answer import NOT_IN_DOCUMENTS, Answer, Citation, citation_for, related_citations
from qa.answerability import AnswerabilityModel, Judgement, features
from qa.counted import counted_reason, of_the_kind_counted
from qa.credits import credit_reason, of_the_credit
from qa.events import event_reason, of_the_event, of_the_tournament, tournament_reason
from qa.explain import abstention_reason, category_reason
from qa.filters import Filters
from qa.measures import (
    bracket_reason,
    count_done_reason,
    count_reason,
    direction_reason,
    level_reason,
    measure_reason,
    of_a_count,
    of_a_count_done,
    of_a_share,
    of_the_bracket,
    of_the_direction,
    of_the_level,
    of_the_measure,
    of_the_period,
    of_the_place,
    of_the_previous,
    of_the_price,
    of_the_sign,
    of_the_whole,
    period_reason,
    place_reason,
    previous_reason,
    price_reason,
    share_reason,
    sign_reason,
    spans_to_read,
    whole_reason,
)
from qa.names import missing_names, of_the_category, of_the_swap, swap_reason, untitled
from qa.places import (
    club_reason,
    of_a_club,
    of_somewhere,
    of_the_people,
    of_the_place_asked,
    people_reason,
    place_asked_reason,
    somewhere_reason,
)
from qa.posts import OPENING_NAME
from qa.question import QuestionAnalysis
from qa.ranks import of_the_position, of_the_rank, position_reason, rank_reason
from qa.reader import Proposal, Span, coverage, the_name_alone, without_full_stop, without_opening_dash
from qa.reasons import NoneGiven
from qa.reports import Reading, newest, reports, same_question
from qa.results import (
    award_reason,
    from_result_line,
    of_the_award,
    of_the_result,
    of_the_stage,
    of_the_wins,
    result_lines,
    result_reason,
    results_first,
    stage_reason,
    wins_reason,
)
from qa.retrieve import Evidence, HybridRetriever, Retrieval
from qa.roles import (
    actor_reason,
    asks_someone,
    kind_reason,
    of_its_kind,
    of_its_portfolio,
    of_its_side,
    of_its_team,
    of_its_title,
    of_someone,
    of_someone_else,
    of_the_actor,
    of_the_holder,
    of_the_refused,
    portfolio_reason,
    refused_reason,
    role_reason,
    side_reason,
    someone_else_reason,
    someone_reason,
    team_reason,
    title_reason,
    unnamed_role_reason,
)
from qa.years import (
    deed_time_reason,
    holiday_reason,
    month_reason,
    of_a_time,
    of_the_deed_time,
    of_the_holiday,
    of_the_month,
    of_the_present,
    of_the_weekday,
    of_the_year,
    present_reason,
    time_reason,
    weekday_reason,
    year_reason,
)

WHICH_ARTICLE = "Which article do you mean? Ask about it first (or name it), then ask when it was published."
_PUBLICATION_TERMS = {"publish", "written", "write", "post", "date", "issu", "articl", "stori", "report", "releas", "out"}


class ExtractiveAnswerer:
    """Answers a question from the store with a reader: the exact span and its sentence, or nothing."""

    def __init__(
        self,
        retriever: HybridRetriever,
        reader,
        max_citations: int,
        abstain_threshold: float | None,
        model: AnswerabilityModel | None = None,
    ) -> None:
        self.retriever = retriever
        self.reader = reader
        self.max_citations = max_citations
        self.model = model
        # without a model, the reader's own confidence is compared with the old default threshold
        self.abstain_threshold = abstain_threshold if abstain_threshold is not None else (
            model.threshold if model else 0.25
        )

    def judge(self, q: QuestionAnalysis, retrieval: Retrieval, proposals: list[Proposal]) -> Judgement:
        """Answerable here? How likely is the best proposal right? (The model's decision, or without
        one the reader's own confidence against the threshold.)"""
        best = proposals[0]
        if self.model is None:
            return Judgement(best.confidence, best.confidence, best.confidence < self.abstain_threshold)
        j = self.model.judge(features(q, retrieval, proposals), self.abstain_threshold)
        if from_result_line(q, best):
            # "Ireland 19-13 England" states the score asked, of a match between the sides the question
            # names: the doubt left is whether the article is that match's, which P(answerable) weighs.
            # (P(right) reads a headline's few words as weak evidence: right answers got 0.0-0.01.)
            j = replace(j, confidence=j.answerable)
        if not j.abstain and missing_names(q, best.evidence.doc):
            return Judgement(j.answerable, j.confidence, True)
        return j

    def answer(
        self, q: QuestionAnalysis, history_terms: tuple[str, ...], t0: float, exclude: tuple[str, ...] = (),
        filters: Filters | None = None,
    ) -> tuple[Answer, list[Evidence]]:
        """The extractive answer (exact span or abstention) and the evidence it was read from;
        ``exclude``: answers not to give again ("who else?"); ``filters``: only articles of that
        date range and those sources."""
        question = q.text
        retrieval = self.retriever.retrieve(q, history_terms=history_terms, filters=filters)
        evidence = retrieval.evidence
        timings = dict(retrieval.timings_ms)
        if not evidence:
            reason = filtered_out_reason(filters, retrieval.published_range)
            text = NOT_IN_DOCUMENTS + (f" {reason}" if reason else "")
            return Answer(question, None, text, 0.0, timings_ms=timings, reason=reason), evidence

        if q.asks_publication_date:
            # "this" must name one article: the only one, or the one the conversation or the
            # question's own words point to; otherwise any article's date would be a guess.
            topical = [t for t in q.terms if t not in _PUBLICATION_TERMS]
            if not (topical or history_terms) and len(retrieval.articles) > 1:
                return Answer(question, None, WHICH_ARTICLE, 0.0, timings_ms=timings), evidence
            dated = publication_answer(question, evidence, timings)
            if dated is not None:
                return dated, evidence

        t1 = time.perf_counter()
        # a score question also reads the result lines heading its articles ("Ireland 19-13 England"),
        # and a question asking for a measure keeps more spans
        read = self.reader.propose(q, evidence, also=result_lines(q, evidence), spans=spans_to_read(q))
        if exclude:
            read = [p for p in read if not _repeats(p, exclude)]
        proposals, set_aside = _kept(q, read)
        proposals = results_first(q, proposals)  # "Ireland 19-13 England" gives the score asked
        judgement = self.judge(q, retrieval, proposals) if proposals else None
        if judgement is not None and not judgement.abstain:
            best, judgement, readings = self.newest_reading(q, retrieval, proposals, judgement)
        timings["read"] = (time.perf_counter() - t1) * 1000
        if judgement is None or judgement.abstain:
            related = related_citations(evidence)
            timings["total"] = (time.perf_counter() - t0) * 1000
            reason = (abstention_reason(q, retrieval) or set_aside
                      # the closest sentences, those the reader read windows around
                      or unnamed_role_reason(q, [e.sentence for e in evidence[: self.reader.windows]]))
            if reason and filters is not None and filters.active:
                reason = f"{reason[:-1]} ({filters.describe()})."
            answer = Answer(
                question, None, NOT_IN_DOCUMENTS + (f" {reason}" if reason else ""),
                round(judgement.confidence, 4) if judgement else 0.0,
                related=related, timings_ms=timings,
                answerable=round(judgement.answerable, 4) if judgement else 0.0,
                reason=reason,
            )
            return answer, evidence

        chosen, best_span = body_sentence(best.evidence, best.span, evidence)
        # "36", not "36." of "... at 36."
        best_span = replace(best_span, end=without_full_stop(chosen.sentence, best_span.start, best_span.end))
        # "Million Dollar Baby", not "- Million Dollar Baby" of a list
        best_span = replace(best_span, start=without_opening_dash(chosen.sentence, best_span.start, best_span.end))
        if asks_someone(q):  # "Rupert Murdoch", not "Rupert Murdoch, is eyeing a move into ..."
            best_span = replace(best_span, end=the_name_alone(chosen.sentence, best_span.start, best_span.end))
        answer_text = chosen.sentence[best_span.start : best_span.end]
        citations = [citation_for(chosen, best_span)]
        groups = retrieval.copies or self.retriever.copy_groups()
        citations += self.corroborating(q, evidence, chosen, answer_text, best_span.score, groups)
        citations = with_duplicates(citations, groups, self.retriever.store)
        timings["total"] = (time.perf_counter() - t0) * 1000
        answer = Answer(
            question=question,
            answer=answer_text,
            text=reply_text(answer_text, citations[0]),
            confidence=round(judgement.confidence, 4),
            citations=citations,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
            answerable=round(judgement.answerable, 4),
            as_of=chosen.doc.published,
            reports=reports(readings, best, citations[0],
                            lambda p: with_duplicates([citation_for(p.evidence, p.span)], groups, self.retriever.store)[0]),
        )
        return answer, evidence

    def newest_reading(
        self, q: QuestionAnalysis, retrieval: Retrieval, proposals: list[Proposal], judgement: Judgement
    ) -> tuple[Proposal, Judgement, list[Reading]]:
        """The proposal to answer with: the newest article's value among the readings of the same
        question (``qa.reports``), when the decision still finds it answerable; else the best one.
        Also the readings, for ``Answer.reports``."""
        readings = same_question(q, proposals)
        pick = newest(readings)
        if pick is not proposals[0]:
            j = self.judge(q, retrieval, [pick] + [p for p in proposals if p is not pick])
            if not j.abstain:
                return pick, j, readings
        return proposals[0], judgement, readings

    def corroborating(
        self, q: QuestionAnalysis, evidence: list[Evidence], chosen: Evidence, answer: str, score: float,
        groups: CopyGroups,
    ) -> list[Citation]:
        """Further sentences that state the same answer, word for word, about the same question.

        Strict on purpose: an unsupported citation is worse than a missing one, so the exact
        answer must stand in the sentence as whole words and the sentence must cover the question.
        """
        if len(answer) < 4 or self.max_citations <= 1:
            return []
        pattern = word_for_word(answer)
        out: list[Citation] = []
        cited = {groups.group_of(chosen.doc.id)} - {None}
        for e in evidence:
            if len(out) + 1 >= self.max_citations:
                break
            if (e.doc.id, e.index) == (chosen.doc.id, chosen.index) or e.score < 0.75 * chosen.score:
                continue
            if groups.group_of(e.doc.id) is not None and groups.group_of(e.doc.id) in cited:
                continue  # one citation per copy group: the copy is listed in the citation's duplicates
            m = pattern.search(e.sentence)
            if m and coverage(q, e) >= 0.5:
                out.append(citation_for(e, Span(m.start(), m.end(), score)))
                cited |= {groups.group_of(e.doc.id)} - {None}
        return out


# the rules every proposal must pass, in order, each with why no answer was left when it left none
_RULES = (
    (of_someone, someone_reason),  # "2005" names no one who won
    (of_someone_else, someone_else_reason),  # "Andy Robinson" is not whom Robinson succeeded
    (of_the_swap, swap_reason),  # what about Spanglish? Not the film the previous question asked about
    (of_the_doer, doer_reason),  # Google acquired Pyra Labs, not Yahoo
    (of_a_deed_done, tried_reason),  # Pernod tried to buy Glenmorangie: LVMH did
    (of_the_agent, agent_reason),  # "will be revised by playwright Peter Ackerman": not by the book's authors
    (of_the_owner, owner_reason),  # Wells Fargo's net income is not Barclays'
    (of_the_party, party_reason),  # the Labour spring conference is not the Tory one
    (of_the_named, named_reason),  # the Mail on Sunday survey is not the Countryfile one
    (of_an_age, age_reason),  # "Mr Ebbers, 63" is not how old Mr Sullivan is, "number two" no age
    (of_the_category, category_reason),  # the men's final answers nothing about the women's
    (of_the_event, event_reason),  # the 1,500m record is not the 400m one
    (of_the_tournament, tournament_reason),  # the Mexican Open is not the Brazil Open, the first Gulf War not the second
    (of_the_rank, rank_reason),  # the second best-paid actor is not the best-paid
    (of_the_position, position_reason),  # "for a second week" does not say which film was second in the chart
    (of_the_measure, measure_reason),  # "19.9 million" is no price
    (of_the_whole, whole_reason),  # "$76 for each Guidant share" is not what Guidant costs
    (of_the_price, price_reason),  # "made a profit of $901m" is not what Metlife paid for Travelers
    (of_the_sign, sign_reason),  # "a 331bn yen ($2.7bn) profit" is not what Nissan lost
    (of_the_period, period_reason),  # "£26,000 per month" is not what he made a year
    (of_the_place, place_reason),  # "five million copies worldwide" is not the UK's
    (of_a_count, count_reason),  # "24% higher" is no tonnage, "$2m" no count of votes
    (of_the_kind_counted, counted_reason),  # "2.8 million DS consoles" is no count of PSP consoles
    (of_a_count_done, count_done_reason),  # "will sell 300,000 copies" is not how many Tony Blair bought
    (of_the_bracket, bracket_reason),  # the £200 for those over 60 is not what those over 80 get
    (of_a_share, share_reason),  # "1.8bn euros" is no share of Seagram
    (of_the_direction, direction_reason),  # "fell $12.33" is not how much they rose
    (of_the_level, level_reason),  # "grew by 5.5%" is not the level exports reached
    (of_the_previous, previous_reason),  # "a 36% share - down from 39%": 36% is not the previous share
    (of_the_year, year_reason),  # 2004's crop is not 2003's
    (of_the_month, month_reason),  # October's exports are not November's
    (of_the_holiday, holiday_reason),  # New Year's Day's takings are not Boxing Day's
    (of_the_weekday, weekday_reason),  # Thursday's close is not Friday's
    (of_the_place_asked, place_asked_reason),  # the UK's opening day is not India's
    (of_somewhere, somewhere_reason),  # "Video game firm" (Bioware) is no place
    (of_a_club, club_reason),  # "Scotland" is no club Euan Murray plays for
    (of_the_people, people_reason),  # what British people will spend is not what Germans will
    (of_a_time, time_reason),  # "40" (his age) is not when he was born
    (of_the_deed_time, deed_time_reason),  # "On Thursday, a US court said it will hear ...": not when it hears
    (of_the_present, present_reason),  # "his then guide dog Lucy" is not his current one
    (of_the_stage, stage_reason),  # the semi-final answers nothing about the final
    (of_the_result, result_reason),  # "will win" is no result
    (of_the_award, award_reason),  # best supporting actress is not best actress
    (of_the_wins, wins_reason),  # "in contention for 10 awards" is no count of Grammys won
    (of_the_holder, role_reason),  # the president of Netcraft is not Akamai's
    (of_the_refused, refused_reason),  # Tony Roche turned down the post of Federer's coach
    (of_its_team, team_reason),  # "McClaren wants his Middlesbrough team to beat Partizan": not Partizan's
    (of_its_title, title_reason),  # Real Madrid's midfielder is not its manager
    (of_its_portfolio, portfolio_reason),  # the shadow foreign secretary is not the shadow health secretary
    (of_its_kind, kind_reason),  # Manchester City's boss is not one of its players
    (of_the_actor, actor_reason),  # Den Watts did not play Den
    (of_the_credit, credit_reason),  # "actress Antonia Bernath" did not direct the film
    (of_its_side, side_reason),  # Gloucester's centre is not Bath's
)


def _kept(q: QuestionAnalysis, read: list[Proposal]) -> tuple[list[Proposal], str | None]:
    """The proposals that pass every rule, and why none is left when a rule left none, or else why the
    reader's best one was set aside (said only if no answer is given: the spans left were too weak;
    not "give no score" when a "0-0" was kept: ``qa.reasons.NoneGiven``)."""
    kept, why = read, None
    for rule, reason in _RULES:
        before, kept = kept, rule(q, kept)
        if before and not kept:
            return kept, reason(q, before)
        if why is None and before and before[0] is read[0] and not any(p is read[0] for p in kept):
            kept_ids = {id(p) for p in kept}
            why = reason(q, [p for p in before if id(p) not in kept_ids])  # the ones it set aside
            if isinstance(why, NoneGiven):
                why = None  # "give no score" is untrue of the spans kept (a "0-0" judged too weak)
    return kept, why


def with_duplicates(citations: list[Citation], groups: CopyGroups, store: SentenceStore) -> list[Citation]:
    """The citations with ``duplicates``: the other articles of the cited one's copy group that have
    the cited sentence as one of their own sentences, word for word (read only for articles with copies)."""
    out = []
    for c in citations:
        group = groups.group_of(c.doc_id)
        others = [d for d in groups.members(group) if d != c.doc_id] if group else []
        if others:
            sentence = " ".join(c.sentence.split())
            docs = store.get(others)
            same = tuple(d for d in others if d in docs and any(
                " ".join(docs[d].sentence_text(i).split()) == sentence for i in range(len(docs[d].sentences))))
            c = replace(c, duplicates=same)
        out.append(c)
    return out


def filtered_out_reason(filters: Filters | None, published: tuple[str, str] | None) -> str | None:
    """Why nothing matched a filtered question: which articles it allowed, which dates there are."""
    if filters is None or not filters.active:
        return None
    if filters.asked:  # the period is the question's own: "No article published 2008-01-01 to ... (in 2008)"
        span = f"; the articles run from {published[0]} to {published[1]}" if published else ""
        return f'No article {filters.describe()} ("{filters.asked}") matches the question{span}.'
    span = f" (the articles run from {published[0]} to {published[1]})" if published else ""
    return f"No article {filters.describe()} matches the question{span}."


def body_sentence(e: Evidence, span: Span, evidence: list[Evidence]) -> tuple[Evidence, Span]:
    """An answer read in a headline is cited from the article's body when a sentence there states
    it word for word (the sentence says more than the headline); the headline itself stays citable
    for facts only it states ("Ireland 19-13 England")."""
    doc = e.doc
    if e.index >= doc.body_start:
        return e, span
    known = {x.index: x for x in evidence if x.doc.id == doc.id and x.index >= doc.body_start}
    for i, m in doc.stating(e.sentence[span.start : span.end], first=sorted(known, key=lambda i: -known[i].score)):
        body = known.get(i) or Evidence(doc, i, 0.0, 0.0, e.article, e.score)
        return body, Span(m.start(), m.end(), span.score)
    return e, span


def _repeats(p: Proposal, answers: tuple[str, ...]) -> bool:
    """Is the proposal's span one of ``answers`` (or inside one, or holding one), titles aside ("Mr Yang"
    is "Jerry Yang"), or a clause led by one ("Mr Yang founded it in a trailer")?"""
    text = untitled(p.text)
    lead = OPENING_NAME.match(text)  # the name it starts with ("Jerry Yang" of "Jerry Yang founded it")
    spans = {_words(text), _words(lead.group(0))} if lead else {_words(text)}
    return any(s and (s in a or a in s) for s in spans for a in (_words(untitled(a)) for a in answers) if a)


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def publication_answer(question: str, evidence: list[Evidence], timings: dict[str, float]) -> Answer | None:
    """Answer "when was this published?" with the date line of the leading article."""
    doc = evidence[0].doc
    for s in doc.sentences:
        found = date_in_line(doc.text[s.start : s.end])
        if found:
            e = Evidence(doc, s.index, 0.0, 0.0, evidence[0].article, evidence[0].score)
            citation = citation_for(e, Span(found[0], found[1], 1.0))
            answer = doc.text[citation.answer_start : citation.answer_end]
            return Answer(question, answer, reply_text(answer, citation), 0.9, [citation], timings_ms=timings)
    return None


def reply_text(answer: str, c: Citation) -> str:
    """The chat reply of an extractive answer: the answer, its [1] marker, the cited sentence."""
    meta = ", ".join(x for x in (c.title, c.published) if x)
    return f"{answer} [1]\n\n“{c.sentence}” [1]" + (f"\n({meta})" if meta else "")
