"""The chat reply markup (no server, no model): document text is inert, markers carry exact offsets."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import parse_qs, unquote

from qa import chat
from qa.answer import Answer, Citation

EVIL = "See [the site](http://evil.example/x) ![i](http://e.example/i.png) <b>x</b> $x^2$ *em* www.evil.example a@b.c"


def cite(sentence: str = EVIL, start: int = 100, a: int | None = 4, b: int | None = 7, doc_id: str = "feeds/a#b c.txt"):
    return Citation(doc_id, "v1", 3, sentence, start, start + len(sentence), 0.9, title="T <img src=x onerror=alert(1)>",
                    published="2024-01-02", answer_start=None if a is None else start + a,
                    answer_end=None if b is None else start + b)


def test_untrusted_text_cannot_become_markup_links_or_math():
    out = chat.esc(EVIL)
    assert not re.search(r"[<>\[\]()*$`_]", out)  # nothing Markdown, HTML or LaTeX would act on
    assert "http://" not in out and "www." not in out and "@" not in out  # nothing to autolink
    assert html.unescape(out) == EVIL  # and it still reads the same


def test_reply_has_bold_answer_markers_and_sources():
    c = cite()
    md = chat.render_answer(Answer("q?", EVIL[4:7], "text", 0.8, [c, cite(start=500)]))
    first = md.split("\n\n")[0]
    assert first.startswith(f"**{chat.esc(EVIL[4:7])}**") and first.count('class="newsqa-cite"') == 2
    assert "<mark>" + chat.esc(EVIL[4:7]) + "</mark>" in md and "Sources" in md
    assert "<img" not in md and "](http" not in md


def test_marker_link_carries_the_exact_offsets_and_id():
    c = cite()
    href = html.unescape(chat.citation_href(c))
    q = {k: v[0] for k, v in parse_qs(href.split("?", 1)[1], keep_blank_values=True).items()}
    assert unquote(q["doc"]) == c.doc_id and q["v"] == "v1"
    assert (int(q["s"]), int(q["e"]), int(q["as"]), int(q["ae"])) == (c.start, c.end, c.answer_start, c.answer_end)


def test_abstention_offers_related_sentences_not_as_answers():
    md = chat.render_answer(Answer("q?", None, "I could not find the answer in the documents.", 0.1,
                                  related=[cite(a=None, b=None)]))
    assert md.startswith("I could not find") and "Related, not an answer" in md
    assert 'class="newsqa-related"' in md and 'class="newsqa-cite"' not in md and "<mark>" not in md


def test_streamed_parts_end_with_the_full_reply_and_never_complete_early():
    a = Answer("q?", "Qatar and the United States", "text", 0.9, [cite("Qatar and the United States mediate.", 0, 0, 27)])
    parts = chat._streamed(a)
    assert parts[-1] == chat.render_answer(a) and len(parts) > 3
    assert all("Sources" not in p for p in parts[:-1])


def test_generated_reply_links_checked_markers_and_flags_unsupported_claims():
    from qa.answer import Claim

    c = cite("Qatar and the United States mediate.", 0, None, None)
    text = "Qatar and the United States mediate [1]. Hamas <b>won</b> [x] *everything* (unsupported)."
    a = Answer("q?", "Qatar and the United States mediate.", text, 0.5, [c], generated=text, llm="llamacpp:tiny.gguf",
               claims=[Claim("Qatar and the United States mediate.", [1], True), Claim("Hamas won.", [], False, 1)])
    md = chat.render_answer(a)
    assert md.count('class="newsqa-cite"') == 2  # the marker in the text and the source line
    assert 'class="newsqa-unsupported"' in md and "(unsupported)" in md
    assert "<b>" not in md and "[x]" not in md and "*everything*" not in md  # the LLM's text is escaped too
    assert "1 of 2 claims supported" in md and chat.esc("llamacpp:tiny.gguf") in md
    assert chat._streamed(a) == [md]
    note = Answer("q?", "Qatar", "Qatar [1]", 0.9, [cite()], llm="x", llm_note="the LLM timed out after 2 s; extractive answer shown")
    assert "the LLM timed out after 2 s" in chat.render_answer(note)


def test_chat_shows_a_user_error_and_only_an_id_for_a_bug(caplog):
    import logging
    from types import SimpleNamespace

    from index.errors import QuestionError
    from index.store import store_unavailable
    from qa.service import Service

    def replies(error: Exception) -> str:
        def ask_stream(question, history=None):
            raise error
            yield  # a generator, as Assistant.ask_stream is

        fake = SimpleNamespace(ask_stream=ask_stream, store=SimpleNamespace(problem=store_unavailable))
        out = list(chat.ChatHandlers(Service(fake), stream_delay_s=0).respond("q?", []))
        return out[-1][1][-1]["content"]

    assert replies(QuestionError("the question is empty: ask something")) == "⚠️ " + chat.esc(
        "the question is empty: ask something")
    with caplog.at_level(logging.ERROR, logger="newsqa"):
        shown = replies(ValueError("a secret <b>detail</b>"))
    m = re.fullmatch(r"⚠️ internal error ([0-9a-f]{8}): please report it \(the traceback is in the server log\)",
                     html.unescape(shown))
    assert m, shown
    (record,) = [r for r in caplog.records if r.name == "newsqa"]
    assert m.group(1) in record.getMessage() and isinstance(record.exc_info[1], ValueError)


def test_reply_shows_earlier_and_conflicting_reports_and_copies():
    from qa.answer import Report

    now = cite("The strike now involves 300 ships.", 0, 20, 23)
    now = replace(now, duplicates=("r-3b", "r-3c"))
    same_day = cite("Some 310 ships were held up.", 50, 5, 8, doc_id="r-2")
    then = cite("About 200 ships were idle.", 80, 6, 9, doc_id="r-1")
    then = replace(then, published="1987-03-02")
    a = Answer("q?", "300", "300 [1]", 0.8, [now], as_of="2024-01-02",
               reports=[Report("300", "2024-01-02", now), Report("310", "2024-01-02", same_day, conflicting=True),
                        Report("200", "1987-03-02", then)])
    md = chat.render_answer(a)
    text = html.unescape(md)
    assert "conflicting report: <strong>310</strong> (2024-01-02)" in text and "earlier: <strong>200</strong> (1987-03-02)" in text
    assert text.index("as of 2024-01-02") < text.index("conflicting report") < text.index("earlier:") < text.index("Sources")
    hrefs = [html.unescape(h) for h in re.findall(r'class="newsqa-cite" href="([^"]+)"', md)]
    # the answer marker, the two report markers, then the three sources: [1] [2] [3]
    assert hrefs[1] == hrefs[4] == html.unescape(chat.citation_href(same_day)) and hrefs[2] == hrefs[5]
    assert "s=50" in hrefs[1] and "as=55" in hrefs[1]  # the report's own value is highlighted in its article
    sources = md.split("Sources", 1)[1]
    assert sources.count("also in 2 articles") == 1 and "“" + chat.esc("Some 310 ships were held up.") + "”" in sources
    assert [int(n) for n in re.findall(r">\[(\d)\]</a>", sources)] == [1, 2, 3]


def test_timeline_reply_lists_dated_sentences_with_markers():
    from qa.timeline import Timeline, TimelineEntry

    first = replace(cite(a=None, b=None), duplicates=("wire/ap-1.txt",))
    second = cite("Talks <b>collapsed</b> on Tuesday.", 400, None, None, doc_id="r-2")
    t = Timeline("dock *strike*", [TimelineEntry("2024-01-02", first.sentence, first),
                                  TimelineEntry("2024-01-05", second.sentence, second)])
    md = chat.render_timeline(t)
    assert md.startswith("**Timeline: " + chat.esc("dock *strike*") + "**")
    lines = md.split("\n\n")[1:]
    assert len(lines) == 2 and html.unescape(lines[0]).find("2024-01-02") < html.unescape(lines[0]).find(EVIL[:10])
    assert "also in 1 article" in lines[0] and "also in" not in lines[1]
    assert "<b>" not in md and "<img" not in md and "](http" not in md
    assert html.unescape(chat.citation_href(second)) in html.unescape(lines[1])
    empty = chat.render_timeline(Timeline("x", [], "The only article about this has no publication date."))
    assert "no publication date" in empty and 'class="newsqa-cite"' not in empty


def test_timeline_messages_and_filters_reach_the_service():
    from types import SimpleNamespace

    from index.errors import BadInput
    from qa.service import Service
    from qa.timeline import Timeline

    assert chat.timeline_query("Timeline of the dock strike ") == "the dock strike"
    assert chat.timeline_query("timeline: dock strike") == "dock strike"
    assert chat.timeline_query("What is the timeline?") is None and chat.timeline_query("timelines of x") is None
    seen = []

    def ask_stream(question, history=None, **filters):
        seen.append(("ask", question, history, filters))
        if filters.get("since") == "2024-02-30":
            raise BadInput("since: '2024-02-30' is not a date; give YYYY-MM-DD", param="since")
        yield Answer(question, None, "I could not find the answer in the documents.", 0.0)

    def timeline(query, **kw):
        seen.append(("timeline", query, kw))
        return Timeline(query, [], "No article is about that.")

    handlers = chat.ChatHandlers(Service(SimpleNamespace(ask_stream=ask_stream, timeline=timeline)), stream_delay_s=0)
    out = list(handlers.respond("timeline of dock strike", [], " 2024-01-01 ", "", ["AP"]))
    assert seen[-1] == ("timeline", "dock strike", {"limit": 20, "since": "2024-01-01", "sources": ["AP"]})
    assert out[-1][1][-1]["content"].startswith("**Timeline: dock strike**")
    history = out[-1][1]
    list(handlers.respond("and who?", history, "", "2024-03-01", []))  # the timeline is no earlier question
    assert seen[-1] == ("ask", "and who?", [], {"until": "2024-03-01"})
    reply = list(handlers.respond("Who?", [], "2024-02-30", "", None))[-1][1][-1]["content"]
    assert html.unescape(reply) == "⚠️ since: '2024-02-30' is not a date; give YYYY-MM-DD"


def test_how_sure_the_reply_says_it_is_follows_the_confidence():
    """Over 0.5 the confidence alone; under it "likely, but check the source"; under 0.1, where about 1
    answer in 10 is right, "unsure: a guess" (not "likely"). The JSON carries both marks."""
    def reply(confidence: float) -> str:
        return chat.render_answer(Answer("q?", EVIL[4:7], "text", confidence, [cite()]))

    assert "check the source" not in reply(0.8)
    assert "Likely, but check the source" in reply(0.3) and "Unsure" not in reply(0.3)
    assert "Unsure: a guess, check the source" in reply(0.05) and "Likely" not in reply(0.05)
    marks = [Answer("q?", EVIL[4:7], "text", c, [cite()]).how_sure for c in (0.8, 0.3, 0.05)]
    assert marks == [None, "likely, but check the source", "unsure: a guess, check the source"]  # the CLI's too
    d = Answer("q?", EVIL[4:7], "text", 0.05, [cite()]).to_dict()
    assert d["low_confidence"] and d["unsure"]
    d = Answer("q?", None, "I could not find the answer in the documents.", 0.05).to_dict()
    assert not d["low_confidence"] and not d["unsure"]  # no answer given: nothing to mark
