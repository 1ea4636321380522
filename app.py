"""The chat app (Gradio): ``python app.py`` or ``newsqa serve``.

Thin: it calls ``qa.Assistant`` and renders the answer object; no retrieval or answering here.
Offline: analytics off, system fonts only (no web fonts), nothing loaded from a CDN.
"""

from __future__ import annotations

import argparse
import html
import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SEED_QUESTIONS = ["Who is mediating?", "How many captives were taken?", "Who won the 2022 World Cup?"]


def message_text(message: dict) -> str:
    """The text of a chat message (Gradio sends a string or a list of content parts)."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


def render_answer(answer) -> str:
    """The chat reply as HTML-safe Markdown: short answer in bold, then the cited sentences."""
    if answer.abstained:
        lines = [html.escape(answer.text)]
        if answer.related:
            lines.append("\n*Related, not an answer:*")
            lines += [f"- {html.escape(c.sentence)} ({html.escape(c.title or c.doc_id)})" for c in answer.related]
        return "\n".join(lines)
    lines = [f"**{html.escape(answer.answer)}** [1]", ""]
    for n, c in enumerate(answer.citations, 1):
        s = c.sentence
        if c.answer_start is not None:
            a, b = c.answer_start - c.start, c.answer_end - c.start
            body = html.escape(s[:a]) + "<mark>" + html.escape(s[a:b]) + "</mark>" + html.escape(s[b:])
        else:
            body = html.escape(s)
        meta = " · ".join(html.escape(x) for x in (c.title, c.published, c.source) if x)
        lines.append(f"[{n}] “{body}”" + (f"<br><small>{meta}</small>" if meta else ""))
    return "\n\n".join(lines)


def build(assistant):
    """The Gradio Blocks app over an Assistant."""
    import gradio as gr

    def respond(message: str, history: list[dict]):
        history = history or []
        earlier = [message_text(m) for m in history if m.get("role") == "user"]
        try:
            reply = render_answer(assistant.ask(message, history=earlier))
        except ValueError as exc:
            reply = html.escape(str(exc))
        history = history + [{"role": "user", "content": message}, {"role": "assistant", "content": reply}]
        return "", history

    with gr.Blocks(title="newsqa", analytics_enabled=False) as demo:
        gr.Markdown("## newsqa\nAsk about the indexed news articles. Every answer cites the exact sentence.")
        chat = gr.Chatbot(label="newsqa", height=480, sanitize_html=True)
        box = gr.Textbox(placeholder="Ask a question about the articles…", show_label=False)
        gr.Examples(SEED_QUESTIONS, inputs=box)
        clear = gr.Button("New chat")
        box.submit(respond, [box, chat], [box, chat])
        clear.click(lambda: ([], ""), None, [chat, box])
    return demo


def _theme():
    import gradio as gr

    # System fonts only: the default theme would fetch web fonts from the internet.
    return gr.themes.Default(
        font=["ui-sans-serif", "system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"]
    )


def serve(assistant, host: str = "127.0.0.1", port: int = 7860) -> int:
    """Start the chat on ``host:port`` and block."""
    demo = build(assistant)
    print(f"newsqa chat on http://{host}:{port}", flush=True)
    demo.launch(server_name=host, server_port=port, share=False, theme=_theme(), show_error=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    from qa import Assistant, Settings

    ap = argparse.ArgumentParser(description="newsqa chat app")
    ap.add_argument("--store", default=None)
    ap.add_argument("--chroma-url", default=None)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=int(os.environ.get("NEWSQA_PORT", "7860")))
    args = ap.parse_args(argv)
    assistant = Assistant(settings=Settings.load(store=args.store, chroma_url=args.chroma_url))
    return serve(assistant, args.host, args.port)


if __name__ == "__main__":
    sys.exit(main())
