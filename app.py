"""The chat app (Gradio): ``python app.py`` or ``newsqa serve``.

Thin: it calls ``qa.Assistant`` and renders the answer object; no retrieval or answering here.
The page is served by ``qa.http`` (FastAPI) together with the REST and OpenAI-compatible API;
clicking a citation fetches the article from ``/api/documents/{id}`` and highlights the cited
sentence with the exact offsets of the answer object (``static/newsqa.js``).
Offline: analytics off, system fonts only (no web fonts), nothing loaded from a CDN.
Untrusted text: everything that comes from a document is escaped (HTML and Markdown alike).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import quote

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402  (after the environment above: analytics stay off)

SEED_QUESTIONS = ["Who is mediating?", "How many captives were taken?", "Who won the 2022 World Cup?"]
STATIC = Path(__file__).resolve().parent / "static"
PANEL_EMPTY = '<div class="newsqa-panel"><p class="newsqa-hint">Click a citation [1] to read it in its article.</p></div>'

# Characters that Markdown, Gradio's LaTeX or an autolinker would act on, as numeric entities:
# document text then shows exactly as written and can never become markup, a link or an image.
_MD_ENTITIES = {c: f"&#{ord(c)};" for c in "&<>\"'[]()*_`#!~|\\$:@{}+=-"}


def esc(text: str | None) -> str:
    """Untrusted text made inert for Gradio's Markdown+HTML renderer (it still reads the same)."""
    return "".join(_MD_ENTITIES.get(c, c) for c in (text or "")).replace("www.", "www&#46;")


def message_text(message: dict) -> str:
    """The text of a chat message (Gradio sends a string or a list of content parts)."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


def citation_href(c) -> str:
    """The link of a citation marker: the page script reads the exact offsets from it."""
    fields = {"doc": c.doc_id, "v": c.version, "s": c.start, "e": c.end,
              "as": "" if c.answer_start is None else c.answer_start, "ae": "" if c.answer_end is None else c.answer_end}
    return "#cite?" + "&amp;".join(f"{k}={quote(str(v), safe='')}" for k, v in fields.items())


def _marker(n: int, c, kind: str = "cite") -> str:
    return f'<a class="newsqa-{kind}" href="{citation_href(c)}" title="open in the article">[{n}]</a>'


def _sentence(c) -> str:
    s = c.sentence
    if c.answer_start is None:
        return esc(s)
    a, b = c.answer_start - c.start, c.answer_end - c.start
    return esc(s[:a]) + "<mark>" + esc(s[a:b]) + "</mark>" + esc(s[b:])


def _meta(c) -> str:
    return " · ".join(esc(x) for x in (c.title or c.doc_id, c.published, c.source) if x)


def render_answer(answer) -> str:
    """The chat reply (Gradio Markdown with inline HTML): short answer in bold, [n] markers,
    then the sources, each with its cited sentence. Document text is escaped."""
    if answer.abstained:
        lines = [esc(answer.text)]
        if answer.related:
            lines.append("<em>Related, not an answer:</em>")
            lines += [f"{_marker(n, c, 'related')} “{esc(c.sentence)}”<br><small>{_meta(c)}</small>"
                      for n, c in enumerate(answer.related, 1)]
        return "\n\n".join(lines)
    first = answer.citations[0]
    markers = " ".join(_marker(n, c) for n, c in enumerate(answer.citations, 1))
    lines = [f"**{esc(answer.answer)}** {markers}", f"“{_sentence(first)}”", "<small>Sources</small>"]
    for n, c in enumerate(answer.citations, 1):  # the first one's sentence is shown above
        quote_ = "" if n == 1 else f"<br><small>“{esc(c.sentence)}”</small>"
        lines.append(f"{_marker(n, c)} {_meta(c)}{quote_}")
    return "\n\n".join(lines)


def _streamed(answer) -> list[str]:
    """Partial replies shown while the reply streams in: the short answer word by word, then all."""
    words = (answer.answer or answer.text).split()
    head = [" ".join(words[: i + 1]) for i in range(len(words) - 1)]  # the last word comes with the rest
    bold = (lambda t: f"**{esc(t)}**") if answer.answer else esc
    return [bold(h) for h in head] + [render_answer(answer)]


def build(assistant, lock: threading.Lock | None = None, stream_delay_s: float = 0.03):
    """The Gradio Blocks app over an Assistant: chat with a source panel, and a documents tab."""

    guard = lock or nullcontext()

    def respond(message: str, history: list[dict]):
        history = list(history or [])
        earlier = [message_text(m) for m in history if m.get("role") == "user"]
        history.append({"role": "user", "content": message})
        try:
            with guard:
                answer = assistant.ask(message, history=earlier)
            parts = _streamed(answer)
        except ValueError as exc:
            parts = [f"⚠️ {esc(str(exc))}"]
        for i, part in enumerate(parts):
            yield "", history + [{"role": "assistant", "content": part}]
            if i < len(parts) - 1 and stream_delay_s:
                time.sleep(stream_delay_s)

    def documents_table():
        with guard:
            docs = assistant.documents()
        rows = [[d.title or "", d.published or "", len(d.sentences), d.id] for d in docs]
        return gr.update(value=rows), gr.update(choices=[d.id for d in docs], value=None)

    def upload(files, progress=gr.Progress()):  # noqa: B008  (Gradio injects it this way)
        from qa.http import UploadRejected, index_upload

        lines = []
        for f in progress.tqdm(files or [], desc="indexing"):
            path = Path(f if isinstance(f, str) else getattr(f, "name", f))
            try:
                report = index_upload(assistant, path.name, path.read_bytes(), lock)
                done = report.added + report.updated + report.unchanged
                lines.append(f"✅ {esc(path.name)}: indexed as {esc(', '.join(done))}")
            except UploadRejected as exc:
                lines.append(f"❌ {esc(str(exc))}")
        table, choices = documents_table()
        return "\n\n".join(lines), table, choices, None

    def delete(doc_id: str | None):
        if not doc_id:
            msg = "Choose a document to delete."
        else:
            with guard:
                removed = assistant.remove(doc_id)
            msg = f"Deleted {esc(doc_id)}." if removed else f"No document {esc(doc_id)}."
        table, choices = documents_table()
        return msg, table, choices

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

        box.submit(respond, [box, chat], [box, chat], api_name="respond")
        def pick_example(evt: gr.SelectData) -> str:
            return evt.value["text"] if isinstance(evt.value, dict) else str(evt.value)

        chat.example_select(pick_example, None, box, api_name=False).then(respond, [box, chat], [box, chat], api_name=False)
        # Cleared in the browser, no server round trip: a late reply from the server would wipe
        # whatever the user started typing right after the click. The page script resets the panel.
        clear.click(None, None, [chat, box], js="() => [[], '']", api_name=False)
        files.upload(upload, files, [status, table, pick, files], api_name="upload")
        remove.click(delete, pick, [status, table, pick], api_name="delete")
        demo.load(documents_table, None, [table, pick], api_name=False)
    return demo


def _theme():
    # System fonts only: the default theme would fetch web fonts from the internet.
    return gr.themes.Default(
        font=["ui-sans-serif", "system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"]
    )


def mount_options(assistant=None) -> dict:
    """Keyword arguments for ``gr.mount_gradio_app``: theme, page script and style, upload limit."""
    opts: dict = {
        "theme": _theme(),
        "css": (STATIC / "newsqa.css").read_text(encoding="utf-8"),
        "head": "<script>" + (STATIC / "newsqa.js").read_text(encoding="utf-8") + "</script>",
        "ssr_mode": False,
        "show_error": True,
        "footer_links": [],
    }
    if assistant is not None:
        opts["max_file_size"] = assistant.settings.max_file_bytes
    return opts


def mount(api, assistant, lock: threading.Lock | None = None, path: str = "/"):
    """Mount the chat on a FastAPI app (``qa.http`` does, beside the REST and OpenAI routes)."""
    return gr.mount_gradio_app(api, build(assistant, lock=lock), path=path, **mount_options(assistant))


def serve(assistant, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None) -> int:
    """Start the chat and the HTTP API on ``host:port`` and block."""
    from qa.http import serve as serve_http

    return serve_http(assistant, host=host, port=port, auth=auth)


def main(argv: list[str] | None = None) -> int:
    from qa import Assistant, Settings
    from qa.http import parse_auth

    ap = argparse.ArgumentParser(description="newsqa chat app and HTTP API")
    ap.add_argument("--store", default=None)
    ap.add_argument("--chroma-url", default=None)
    ap.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    ap.add_argument("--port", type=int, default=int(os.environ.get("NEWSQA_PORT", "7860")))
    ap.add_argument("--auth", default=os.environ.get("NEWSQA_AUTH"), help="user:password (env NEWSQA_AUTH)")
    args = ap.parse_args(argv)
    try:
        auth = parse_auth(args.auth)
    except ValueError as exc:
        ap.error(str(exc))
    assistant = Assistant(settings=Settings.load(store=args.store, chroma_url=args.chroma_url))
    return serve(assistant, args.host, args.port, auth=auth)


if __name__ == "__main__":
    sys.exit(main())
