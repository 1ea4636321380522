"""The ``newsqa`` command line: index articles, ask questions, list and remove documents, serve the chat.

Thin: every command calls the ``qa.Assistant`` API and prints its result.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path

EXAMPLES = """
examples:
  newsqa index seeds/
  newsqa sync ~/news                 # add new, re-index changed, remove deleted files
  newsqa sync ~/news --dry-run
  newsqa watch ~/news
  newsqa feed add https://example.org/rss.xml
  newsqa feed poll
  newsqa ask "Who is mediating?"
  newsqa ask --json "How many captives were taken?"
  newsqa ask --llm llamacpp:/models/qwen2.5-7b-instruct-q4_k_m.gguf "What is being negotiated?"
  newsqa ask --llm openai:http://127.0.0.1:11434/v1#llama3.1 "What is being negotiated?"
  newsqa documents
  newsqa remove seeds/000_cf9cc913bd578db9.txt
  newsqa serve --port 7860 --auth me:secret
  newsqa serve --llm ollama:llama3.1
"""
LLM_HELP = ("generate answers with an LLM, citations checked: llamacpp:PATH.gguf, openai:URL#MODEL "
            "(any OpenAI-compatible server), ollama:MODEL[@URL] (env NEWSQA_LLM; default: extractive, no LLM)")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store", default=None, help="store folder (env NEWSQA_STORE; default: .newsqa in the working directory)"
    )
    common.add_argument("--chroma-url", default=None, help="use a Chroma server, e.g. http://127.0.0.1:8000 (env NEWSQA_CHROMA_URL)")
    common.add_argument("--config", default=None, help="a TOML settings file (env NEWSQA_CONFIG)")

    p = argparse.ArgumentParser(
        prog="newsqa",
        description="Answers questions about news articles, citing the exact sentence. Offline.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("index", parents=[common], help="index article files or folders (.txt, .md)")
    s.add_argument("paths", nargs="+", help="files or folders")
    s.add_argument("--quiet", action="store_true", help="no progress bar")

    s = sub.add_parser("ask", parents=[common], help="ask a question")
    s.add_argument("question")
    s.add_argument("--json", action="store_true", help="print the answer object as JSON")
    s.add_argument("--reader", default=None, help="rules, learned, or a QA model folder (env NEWSQA_READER)")
    s.add_argument("--llm", default=None, metavar="SPEC", help=LLM_HELP)

    s = sub.add_parser("documents", parents=[common], help="list the indexed documents")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("remove", parents=[common], help="remove a document by id")
    s.add_argument("doc_id")

    s = sub.add_parser("sync", parents=[common], help="make the index match a folder (add, update, remove)")
    s.add_argument("folder")
    s.add_argument("--dry-run", action="store_true", help="say what would change, touch nothing")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.add_argument("--verbose", "-v", action="store_true", help="print each document as it is added, updated or removed")
    s.add_argument("--json", action="store_true", help="print the report as JSON")

    s = sub.add_parser("watch", parents=[common], help="keep the index in sync with a folder as files change")
    s.add_argument("folder")
    s.add_argument("--debounce", type=int, default=1000, metavar="MS", help="wait for MS quiet milliseconds (default 1000)")
    s.add_argument("--quiet", action="store_true", help="print only changes and errors")

    s = sub.add_parser("feed", help="RSS/Atom feeds: add, poll, list, remove")
    feed = s.add_subparsers(dest="feed_command", required=True, metavar="ACTION")
    f = feed.add_parser("add", parents=[common], help="subscribe to a feed and poll it once")
    f.add_argument("url")
    f = feed.add_parser("poll", parents=[common], help="poll every feed once (for cron)")
    f.add_argument("--json", action="store_true")
    feed.add_parser("list", parents=[common], help="list the feeds and their last poll")
    f = feed.add_parser("remove", parents=[common], help="unsubscribe (indexed articles stay)")
    f.add_argument("url")

    s = sub.add_parser("serve", parents=[common], help="start the chat app (same as python app.py)")
    s.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1: this machine only)")
    s.add_argument("--port", type=int, default=int(os.environ.get("NEWSQA_PORT", "7860")))
    s.add_argument("--auth", default=None, help="user:password protecting the chat and the API (env NEWSQA_AUTH)")
    s.add_argument("--llm", default=None, metavar="SPEC", help=LLM_HELP)
    return p


def _assistant(args: argparse.Namespace):
    from qa import Assistant, Settings

    settings = Settings.load(
        args.config, store=args.store, chroma_url=args.chroma_url, reader=getattr(args, "reader", None),
        llm=getattr(args, "llm", None),
    )
    return Assistant(settings=settings)


def _progress(total: int, quiet: bool):
    if quiet or total < 20 or not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="doc", file=sys.stderr)
    return bar, bar.update


def cmd_index(args: argparse.Namespace) -> int:
    from index.load import find_files

    assistant = _assistant(args)
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"newsqa: {p}: no such file or folder", file=sys.stderr)
    files = find_files([p for p in args.paths if Path(p).exists()])
    bar, update = _progress(len(files), args.quiet)
    report = assistant.add_files(files, progress=update)
    if bar:
        bar.close()
    for skipped in report.skipped:
        print(f"skipped {skipped}", file=sys.stderr)
    print(report.summary())
    return 1 if missing or (report.skipped and not (report.added or report.updated or report.unchanged)) else 0


def cmd_ask(args: argparse.Namespace) -> int:
    from qa import QuestionError

    assistant = _assistant(args)
    answer, streamed = None, False
    try:
        for item in assistant.ask_stream(args.question):
            if isinstance(item, str):  # a checked claim of a generated answer, as soon as it is ready
                if not args.json:
                    print(item, end="", flush=True)
                    streamed = True
            else:
                answer = item
    except QuestionError as exc:
        print(f"newsqa: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if streamed:
        print("\n")
    if answer.llm_note:
        print(f"(note: {answer.llm_note})\n")
    if answer.abstained:
        print(answer.text)
        if answer.related:
            print("\nRelated, not an answer:")
            for c in answer.related:
                print(textwrap.fill(f"- {c.sentence} ({c.doc_id})", width=100, subsequent_indent="  "))
        return 0
    if answer.generated is None:
        print(answer.answer)
        print()
    elif not streamed:
        print(answer.text + "\n")
    for n, c in enumerate(answer.citations, 1):
        meta = " · ".join(x for x in (c.title, c.published, c.source) if x)
        print(textwrap.fill(f"[{n}] {c.sentence}", width=100, subsequent_indent="    "))
        print(f"    {c.doc_id} · sentence {c.sentence_index + 1} · chars {c.start}-{c.end}" + (f" · {meta}" if meta else ""))
    if any(not c.supported for c in answer.claims) and answer.generated is not None:
        print(f"\n(unsupported): no cited sentence supports that claim; checked by newsqa, generated by {answer.llm}")
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    docs = _assistant(args).documents()
    if args.json:
        rows = [
            {"id": d.id, "version": d.version, "title": d.title, "published": d.published, "source": d.source,
             "sentences": len(d.sentences), "indexed_at": d.indexed_at}
            for d in docs
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not docs:
        print("no documents indexed yet: try `newsqa index seeds/`")
    for d in docs:
        print(
            f"{d.id}\t{d.title or '-'}\t{d.published or '-'}\t{d.source or '-'}\t{len(d.sentences)} sentences"
            f"\tindexed {d.indexed_at}"
        )
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    if _assistant(args).remove(args.doc_id):
        print(f"removed {args.doc_id}")
        return 0
    print(f"newsqa: no document with id {args.doc_id!r}; list them with `newsqa documents`", file=sys.stderr)
    return 1


def cmd_sync(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    if not Path(args.folder).expanduser().is_dir():
        print(f"newsqa: {args.folder}: no such folder", file=sys.stderr)
        return 1
    bar = None

    def on_total(n: int) -> None:
        nonlocal bar
        bar, _ = _progress(n, args.quiet or args.verbose or args.json)

    def on_change(action: str, doc_id: str) -> None:
        if args.verbose:
            print(f"{_MARK[action]} {doc_id}", flush=True)

    report = assistant.sync(
        args.folder, dry_run=args.dry_run, on_total=on_total, on_change=on_change,
        progress=lambda n: bar.update(n) if bar else None,
    )
    if bar:
        bar.close()
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if args.dry_run and (args.verbose or report.changed):
        for action in ("added", "updated", "removed"):
            for doc_id in getattr(report, action):
                print(f"{_MARK[action]} {doc_id} (would be {action})")
    for skipped in report.skipped:
        print(f"skipped {skipped}", file=sys.stderr)
    print(f"{report.summary()} in {report.seconds:.1f} s")
    return 0


_MARK = {"added": "+", "updated": "~", "removed": "-"}


def cmd_watch(args: argparse.Namespace) -> int:
    from datetime import datetime

    assistant = _assistant(args)

    def on_sync(report) -> None:
        if report.changed or not args.quiet:
            print(f"{datetime.now():%H:%M:%S} {report.summary()}", flush=True)
        for skipped in report.skipped:
            print(f"skipped {skipped}", file=sys.stderr, flush=True)

    def on_error(exc: Exception) -> None:
        print(f"newsqa: sync failed, still watching: {exc}", file=sys.stderr, flush=True)

    if not args.quiet:
        print(f"watching {args.folder} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    from index.watch import watch_folder

    watch_folder(lambda: assistant.sync(args.folder), args.folder, on_sync=on_sync, on_error=on_error,
                 debounce_ms=args.debounce)
    return 0


def cmd_feed(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    if args.feed_command == "add":
        report = assistant.add_feed(args.url)
        print(f"subscribed to {args.url}")
        reports = [report]
    elif args.feed_command == "poll":
        reports = assistant.poll_feeds()
        if getattr(args, "json", False):
            print(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
            return 1 if any(r.status == "error" for r in reports) else 0
        if not reports:
            print("no feeds yet: add one with `newsqa feed add URL`")
    elif args.feed_command == "list":
        for f in assistant.feeds():
            print(f"{f.url}\t{f.title or '-'}\tpolled {f.last_polled or 'never'}\t{f.last_status or '-'}")
        return 0
    else:
        if assistant.remove_feed(args.url):
            print(f"unsubscribed from {args.url}")
            return 0
        print(f"newsqa: not subscribed to {args.url}", file=sys.stderr)
        return 1
    for r in reports:
        for skipped in r.skipped:
            print(f"skipped {skipped}", file=sys.stderr)
        print(r.summary(), file=sys.stderr if r.status == "error" else sys.stdout)
    return 1 if any(r.status == "error" for r in reports) else 0


def cmd_serve(args: argparse.Namespace) -> int:
    import app
    from qa.http import parse_auth

    auth = parse_auth(args.auth or os.environ.get("NEWSQA_AUTH"))
    return app.serve(_assistant(args), host=args.host, port=args.port, auth=auth)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from index.store import StoreError

    handlers = {
        "index": cmd_index, "ask": cmd_ask, "documents": cmd_documents, "remove": cmd_remove, "serve": cmd_serve,
        "sync": cmd_sync, "watch": cmd_watch, "feed": cmd_feed,
    }
    try:
        return handlers[args.command](args)
    except (StoreError, ValueError, FileNotFoundError) as exc:
        print(f"newsqa: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
