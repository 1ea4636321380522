"""The chat (qa.chat) starts on 127.0.0.1, answers through Gradio's API, and loads nothing off-host."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.servers import free_port


@pytest.fixture(scope="module")
def server(seeded):
    from qa import chat

    demo = chat.build(seeded)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, theme=chat.theme(), quiet=True)
    yield f"http://127.0.0.1:{port}"
    demo.close()


def test_page_loads_nothing_from_outside(server):
    page = urllib.request.urlopen(server + "/", timeout=30).read().decode()
    assert "newsqa" in page
    external = [u for u in re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", page) if not u.startswith(server)]
    assert external == []
    assert "fonts.googleapis" not in page


def test_render_escapes_document_text(seeded):
    from qa.answer import Answer, Citation
    from qa.chat import render_answer

    c = Citation("d", "v", 0, "<script>alert(1)</script> Bob won.", 0, 35, 1.0, title="<img src=x onerror=alert(2)>",
                 answer_start=26, answer_end=29)
    html = render_answer(Answer("q", "Bob", "Bob [1]", 0.9, [c]))
    assert "<script>" not in html and "<img" not in html
    assert "<mark>Bob</mark>" in html


def test_chat_answers_through_gradio_api(server):
    from gradio_client import Client

    from qa.conversation import message_text

    client = Client(server, verbose=False)
    _, history = client.predict("Who is mediating?", [], api_name="/respond")
    assert "Qatar and the United States" in message_text(history[-1]["content"])
    # a follow-up sends the history back, in Gradio's own message format
    _, history = client.predict("How many captives were taken?", history, api_name="/respond")
    assert "about 240" in message_text(history[-1]["content"])
    assert len(history) == 4
