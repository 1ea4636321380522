"""The chat (Gradio): a conversation whose answers cite the exact sentence, and a documents tab.

Thin: it calls ``qa.service.Service`` and renders the answer object; no retrieval or answering here.
``qa.http`` serves it at ``/`` beside the REST and OpenAI-compatible API (``mount``); clicking a
citation fetches the article from ``/api/documents/{id}`` and highlights the cited sentence with
the exact offsets of the answer object (``static/newsqa.js``).
Offline: analytics off, system fonts only (no web fonts), nothing loaded from a CDN.
Untrusted text: everything that comes from a document is escaped (HTML and Markdown alike).
"""

from __future__ import annotations

import os
import re
import time
from collections import deque
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402  (after the environment above: analytics stay off)

from qa.conversation import user_questions  # noqa: E402
from qa.service import (  # noqa: E402
    Service,
    also_in,
    bug_message,
    listed_citations,
    log_bug,
    report_label,
)

if TYPE_CHECKING:
    from fastapi import FastAPI

    from qa.answer import Answer, Citation, Report
    from qa.assistant import Assistant
    from qa.timeline import Timeline

SEED_QUESTIONS = ["Who is mediating?", "How many captives were taken?", "Who won the 2022 World Cup?"]
STATIC = Path(__file__).resolve().parent.parent / "static"
PANEL_EMPTY = '<div class="newsqa-panel"><p class="newsqa-hint">Click a citation [1] to read it in its article.</p></div>'

# Characters that Markdown, Gradio's LaTeX or an autolinker would act on, as numeric entities:
# document text then shows exactly as written and can never become markup, a link or an image.
_MD_ENTITIES = {c: f"&#{ord(c)};" for c in "&<>\"'[]()*_`#!~|\\$:@{}+=-"}


def esc(text: str | None) -> str:
    """Untrusted text made inert for Gradio's Markdown+HTML renderer (it still reads the same)."""
    return "".join(_MD_ENTITIES.get(c, c) for c in (text or "")).replace("www.", "www&#46;")


def citation_href(c: Citation) -> str:
    """The link of a citation marker: the page script reads the exact offsets from it."""
    fields = {"doc": c.doc_id, "v": c.version, "s": c.start, "e": c.end,
              "as": "" if c.answer_start is None else c.answer_start, "ae": "" if c.answer_end is None else c.answer_end}
    return "#cite?" + "&amp;".join(f"{k}={quote(str(v), safe='')}" for k, v in fields.items())


def _marker(n: int, c: Citation, kind: str = "cite") -> str:
    return f'<a class="newsqa-{kind}" href="{citation_href(c)}" title="open in the article">[{n}]</a>'


def _sentence(c: Citation) -> str:
    s = c.sentence
    if c.answer_start is None:
        return esc(s)
    a, b = c.answer_start - c.start, c.answer_end - c.start
    return esc(s[:a]) + "<mark>" + esc(s[a:b]) + "</mark>" + esc(s[b:])


def _meta(c: Citation) -> str:
    return " · ".join(esc(x) for x in (c.title or c.doc_id, c.published, c.source) if x)


def _source_line(n: int, c: Citation, quote_sentence: bool = True) -> str:
    """A line of the sources under a reply: its marker, title, date and source, "also in N
    articles" when other articles carry the sentence word for word, and (``quote_sentence``) the sentence."""
    copies = also_in(c)
    also = f' · <span class="newsqa-also">{esc(copies)}</span>' if copies else ""
    quote_ = f"<br><small>“{esc(c.sentence)}”</small>" if quote_sentence else ""
    return f"{_marker(n, c)} {_meta(c)}{also}{quote_}"


def _report_lines(reports: list[tuple[Report, int]]) -> list[str]:
    """The other values the articles reported (newest first), each with its date and citation marker."""
    return [f'<small class="newsqa-report">{esc(report_label(r))}: <strong>{esc(r.answer)}</strong> '
            f"({esc(r.published or 'undated')}) {_marker(n, r.citation)}</small>" for r, n in reports]


_GENERATED_MARK = re.compile(r"\[(\d+)\]|\(unsupported\)")


def render_generated(answer: Answer) -> str:
    """A generated reply: its checked [n] markers as citation links, unsupported claims flagged,
    then the sources with their cited sentences. The LLM's text is escaped like document text."""
    out, pos = [], 0
    for m in _GENERATED_MARK.finditer(answer.text):
        out.append(esc(answer.text[pos : m.start()]))
        n = int(m.group(1)) if m.group(1) else 0
        if 1 <= n <= len(answer.citations):
            out.append(_marker(n, answer.citations[n - 1]))
        elif not n:
            out.append('<em class="newsqa-unsupported" title="no cited sentence supports this">(unsupported)</em>')
        pos = m.end()
    out.append(esc(answer.text[pos:]))
    citations, reports = listed_citations(answer)
    lines = ["".join(out), *_report_lines(reports), "<small>Sources</small>"]
    lines += [_source_line(n, c) for n, c in enumerate(citations, 1)]
    checked = sum(c.supported for c in answer.claims)
    lines.append(f"<small>Generated by {esc(answer.llm)}; {checked} of {len(answer.claims)} claims supported "
                 "by their cited sentences.</small>")
    return "\n\n".join(lines)


def render_answer(answer: Answer) -> str:
    """The chat reply (Gradio Markdown with inline HTML): short answer in bold, [n] markers,
    then the sources, each with its cited sentence. Document text is escaped."""
    if answer.generated is not None:
        return render_generated(answer)
    note = [f"<small><em>{esc(answer.llm_note)}</em></small>"] if answer.llm_note else []
    if answer.interpreted_as:
        note.insert(0, f"<small>Read as: “{esc(answer.interpreted_as)}”</small>")
    if answer.abstained:
        lines = [esc(answer.text)]
        if answer.related:
            lines.append("<em>Related, not an answer:</em>")
            lines += [f"{_marker(n, c, 'related')} “{esc(c.sentence)}”<br><small>{_meta(c)}</small>"
                      for n, c in enumerate(answer.related, 1)]
        return "\n\n".join(lines + note)
    first = answer.citations[0]
    citations, reports = listed_citations(answer)
    markers = " ".join(_marker(n, c) for n, c in enumerate(answer.citations, 1))
    as_of = f"as of {esc(answer.as_of)} · " if answer.as_of else ""
    how_sure = answer.how_sure
    sure = (f'<small class="newsqa-low-confidence">{as_of}<em>{how_sure[0].upper() + how_sure[1:]}</em> (confidence '
            f"{answer.confidence:.0%})</small>" if how_sure
            else f'<small class="newsqa-confidence">{as_of}confidence {answer.confidence:.0%}</small>')
    lines = [f"**{esc(answer.answer)}** {markers}", sure, *_report_lines(reports), f"“{_sentence(first)}”",
             "<small>Sources</small>"]
    lines += [_source_line(n, c, quote_sentence=n > 1) for n, c in enumerate(citations, 1)]  # [1] is quoted above
    return "\n\n".join(lines + note)


_TIMELINE = re.compile(r"^\s*timeline\s*(?:of\b|:)\s*(?P<query>.*?)\s*$", re.IGNORECASE | re.DOTALL)


def timeline_query(message: str) -> str | None:
    """The story of a "timeline of X" or "timeline: X" message (None for any other message)."""
    m = _TIMELINE.match(message or "")
    return m.group("query") if m else None


def render_timeline(timeline: Timeline) -> str:
    """A timeline reply: one line per development, oldest first: its date, the sentence and its
    citation marker, then where it is from. Document text is escaped."""
    head = f"**Timeline: {esc(timeline.query)}**"
    if not timeline.entries:
        return f"{head}\n\n{esc(timeline.reason or 'No article is about that.')}"
    lines = [head]
    for n, e in enumerate(timeline.entries, 1):
        lines.append(f'<span class="newsqa-date">{esc(e.published)}</span> “{esc(e.sentence)}” '
                     f"{_marker(n, e.citation)}<br><small>{_meta(e.citation)}"
                     + (f" · {esc(also_in(e.citation))}" if e.citation.duplicates else "") + "</small>")
    return "\n\n".join(lines)


def _streamed(answer: Answer) -> list[str]:
    """Partial replies shown while the reply streams in: the short answer word by word, then all."""
    if answer.generated is not None or answer.abstained:  # an abstention comes whole, with its reason
        return [render_answer(answer)]
    words = answer.answer.split()
    head = [" ".join(words[: i + 1]) for i in range(len(words) - 1)]  # the last word comes with the rest
    return [f"**{esc(h)}**" for h in head] + [render_answer(answer)]


def problem_text(service: Service, exc: Exception, where: str) -> str:
    """What the chat shows for a failure: the message of a ``NewsqaError`` (escaped), or for a bug
    its error id (the traceback goes to the server log)."""
    err = service.user_error(exc)
    if err is not None:
        return esc(str(err))
    return esc(bug_message(log_bug(exc, where)))


class ChatHandlers:
    """The chat's event handlers over one Service (Gradio calls them in its worker threads)."""

    def __init__(self, service: Service, stream_delay_s: float = 0.03) -> None:
        self.service, self.stream_delay_s = service, stream_delay_s

    def respond(
        self, message: str, history: list[dict], since: str | None = None, until: str | None = None,
        sources: list[str] | None = None,
    ) -> Iterator[tuple[str, list[dict]]]:
        """Answer ``message`` from the articles the date range and sources allow: the reply streams
        in (checked claims, or the short answer word by word); "timeline of X" gets X's timeline."""
        history = list(history or [])
        earlier = [q for q in user_questions(history) if timeline_query(q) is None]
        history.append({"role": "user", "content": message})
        filters = {k: v for k, v in (("since", (since or "").strip()), ("until", (until or "").strip()),
                                     ("sources", list(sources or []))) if v}  # only those set
        try:
            story = timeline_query(message)
            if story is not None:
                parts = [render_timeline(self.service.timeline(story, **filters))]
            else:
                parts = yield from self._answer(message, earlier, history, filters)
        except Exception as exc:  # a bad question, the Chroma server down, a full disk: say so, as the API does
            parts = [f"⚠️ {problem_text(self.service, exc, 'the chat')}"]
        for i, part in enumerate(parts):
            yield "", history + [{"role": "assistant", "content": part}]
            if i < len(parts) - 1 and self.stream_delay_s:
                time.sleep(self.stream_delay_s)

    def _answer(self, message: str, earlier: list[str], history: list[dict],
                filters: dict[str, Any]) -> Generator[tuple[str, list[dict]], None, list[str]]:
        """Stream the checked claims of a generated answer as they come; returns the reply's parts."""
        draft, answer = "", None
        for item in self.service.ask_stream(message, earlier, **filters):
            if isinstance(item, str):  # a checked claim of a generated answer: shown as it comes
                draft += item
                yield "", history + [{"role": "assistant", "content": esc(draft) + " …"}]
            else:
                answer = item
        return _streamed(answer)

    def reply(
        self, message: str, history: list[dict], since: str | None = None, until: str | None = None,
        sources: list[str] | None = None,
    ) -> tuple[str, list[dict]]:
        """``respond`` in one piece: the whole reply at once (the chat of several worker processes,
        where each event is one request that any worker may take)."""
        last = deque(self.respond(message, history, since, until, sources), maxlen=1)
        return last[0] if last else ("", list(history or []))

    def source_choices(self) -> Any:
        """The source picker's choices: the sources of the stored articles."""
        return gr.update(choices=self.service.sources())

    def documents_table(self) -> tuple[Any, Any]:
        """The documents tab's table rows and the delete picker's choices."""
        docs = self.service.documents()
        rows = [[d.title or "", d.published or "", len(d.sentences), d.id] for d in docs]
        return gr.update(value=rows), gr.update(choices=[d.id for d in docs], value=None)

    def upload(self, files: list | None, progress: gr.Progress = gr.Progress()) -> tuple[str, Any, Any, None]:  # noqa: B008  (Gradio injects it this way)
        """Index uploaded files at once; one status line per file."""
        lines = []
        for f in progress.tqdm(files or [], desc="indexing"):
            path = Path(f if isinstance(f, str) else getattr(f, "name", f))
            try:
                report = self.service.upload(path.name, path.read_bytes())
                done = report.added + report.updated + report.unchanged
                lines.append(f"✅ {esc(path.name)}: indexed as {esc(', '.join(done))}")
            except Exception as exc:
                lines.append(f"❌ {problem_text(self.service, exc, 'a chat upload')}")
        table, choices = self.documents_table()
        return "\n\n".join(lines), table, choices, None

    def delete(self, doc_id: str | None) -> tuple[str, Any, Any]:
        """Remove the picked document."""
        if not doc_id:
            msg = "Choose a document to delete."
        else:
            try:
                removed = self.service.remove(doc_id)
                msg = f"Deleted {esc(doc_id)}." if removed else f"No document {esc(doc_id)}."
            except Exception as exc:
                msg = f"⚠️ {problem_text(self.service, exc, 'a chat delete')}"
        table, choices = self.documents_table()
        return msg, table, choices

    @staticmethod
    def pick_example(evt: gr.SelectData) -> str:
        """The text of the example question clicked."""
        return evt.value["text"] if isinstance(evt.value, dict) else str(evt.value)


def build(target: Service | Assistant, stream_delay_s: float = 0.03, queued: bool = True) -> gr.Blocks:
    """The Gradio Blocks app over a Service (or an Assistant): chat with a source panel, and a documents tab.

    ``queued=False`` (several worker processes behind one port): no event goes through Gradio's
    queue, whose join request and event stream must reach the same process; each event is one
    request that any worker answers, and a reply comes whole instead of streaming in."""
    on = ChatHandlers(Service.of(target), stream_delay_s if queued else 0.0)  # unqueued: nothing streams
    respond = on.respond if queued else on.reply
    q = {"queue": queued}
    with gr.Blocks(title="newsqa", analytics_enabled=False, fill_height=True) as demo:
        gr.Markdown("### newsqa\nAnswers from your news articles, each citing the exact sentence. "
                    "Click a citation to read it in its article.", elem_id="newsqa-header")
        with gr.Tab("Chat", elem_id="newsqa-chat-tab"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    chat = gr.Chatbot(
                        label="newsqa", elem_id="newsqa-chat", height=560, sanitize_html=True, latex_delimiters=[],
                        allow_tags=False, feedback_options=None, buttons=["copy"],
                        placeholder="**Ask about the indexed news articles.** Every answer cites the exact sentence.",
                        examples=[{"text": q} for q in SEED_QUESTIONS],
                    )
                    with gr.Row():
                        box = gr.Textbox(placeholder="Ask a question about the articles…", show_label=False,
                                         elem_id="newsqa-question", scale=5, submit_btn=True, autofocus=True)
                        clear = gr.Button("New chat", elem_id="newsqa-new-chat", scale=1, variant="secondary")
                    with gr.Accordion("Dates and sources (every question; \"timeline of ...\" for a timeline)",
                                      open=False, elem_id="newsqa-filters"):
                        with gr.Row():
                            since = gr.Textbox(label="Since", placeholder="YYYY-MM-DD", elem_id="newsqa-since", scale=1)
                            until = gr.Textbox(label="Until", placeholder="YYYY-MM-DD", elem_id="newsqa-until", scale=1)
                            sources = gr.Dropdown(label="Sources", choices=[], multiselect=True, elem_id="newsqa-sources",
                                                  scale=2)
                with gr.Column(scale=2, elem_id="newsqa-side"):
                    gr.HTML(PANEL_EMPTY, elem_id="newsqa-article", label="Article")
        with gr.Tab("Documents", elem_id="newsqa-docs-tab"):
            table = gr.Dataframe(headers=["title", "published", "sentences", "id"], datatype=["str", "str", "number", "str"],
                                 interactive=False, elem_id="newsqa-docs", wrap=True,
                                 column_widths=["44%", "14%", "10%", "32%"])
            files = gr.File(label="Upload articles (indexed at once)", file_count="multiple", elem_id="newsqa-upload")
            status = gr.Markdown(elem_id="newsqa-upload-status")
            with gr.Row():
                pick = gr.Dropdown(label="Document", choices=[], elem_id="newsqa-delete-pick", scale=4)
                remove = gr.Button("Delete", variant="stop", elem_id="newsqa-delete", scale=1)

        asked = [box, chat, since, until, sources]
        box.submit(respond, asked, [box, chat], api_name="respond", **q)
        chat.example_select(on.pick_example, None, box, api_name=False, **q).then(
            respond, asked, [box, chat], api_name=False, **q)
        # Cleared in the browser, no server round trip: a late reply from the server would wipe
        # whatever the user started typing right after the click. The page script resets the panel.
        clear.click(None, None, [chat, box], js="() => [[], '']", api_name=False)
        files.upload(on.upload, files, [status, table, pick, files], api_name="upload", **q).then(
            on.source_choices, None, sources, api_name=False, **q)
        remove.click(on.delete, pick, [status, table, pick], api_name="delete", **q).then(
            on.source_choices, None, sources, api_name=False, **q)
        demo.load(on.documents_table, None, [table, pick], api_name=False, **q)
        demo.load(on.source_choices, None, sources, api_name=False, **q)
    return demo


def theme() -> gr.themes.Base:
    """Gradio's default theme with system fonts only (the default would fetch web fonts from the internet)."""
    return gr.themes.Default(
        font=["ui-sans-serif", "system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"]
    )


def mount_options(service: Service | None = None) -> dict[str, Any]:
    """Keyword arguments for ``gr.mount_gradio_app``: theme, page script and style, upload limit."""
    opts: dict[str, Any] = {
        "theme": theme(),
        "css": (STATIC / "newsqa.css").read_text(encoding="utf-8"),
        "head": "<script>" + (STATIC / "newsqa.js").read_text(encoding="utf-8") + "</script>",
        "ssr_mode": False,
        "show_error": True,
        "footer_links": [],
    }
    if service is not None:
        opts["max_file_size"] = service.settings.max_file_bytes
    return opts


def mount(api: FastAPI, target: Service | Assistant, path: str = "/", queued: bool = True) -> FastAPI:
    """Mount the chat on a FastAPI app (``qa.http`` does, beside the REST and OpenAI routes);
    ``queued=False`` for several worker processes (see ``build``)."""
    service = Service.of(target)
    return gr.mount_gradio_app(api, build(service, queued=queued), path=path, **mount_options(service))
