"""The ``newsqa`` command line: index articles, ask questions, list and remove documents, serve the chat.

Thin: every command calls ``qa.service.Service`` (or, to index and sync, the ``qa.Assistant`` API)
and prints its result. Errors by type: a ``NewsqaError`` is printed as ``newsqa: <message>`` (exit
2); any other exception is a bug, printed on one line with an error id (exit 1; see ``ERRORS``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import textwrap
import traceback
from pathlib import Path
from typing import Any

from index.errors import NotFound
from qa.service import Service, also_in, copy_note, error_id, listed_citations, report_label, user_error

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
  newsqa timeline "seamen's strike" --since 1987-03-01 --source Reuters
  newsqa --today 2024-03-15 ask "What did the union say yesterday?"
  newsqa ask --llm llamacpp:/models/qwen2.5-7b-instruct-q4_k_m.gguf "What is being negotiated?"
  newsqa ask --llm openai:http://127.0.0.1:11434/v1#llama3.1 "What is being negotiated?"
  newsqa documents
  newsqa remove seeds/000_cf9cc913bd578db9.txt
  newsqa serve --port 7860 --auth me:secret
  newsqa serve --llm ollama:llama3.1
  newsqa serve --workers auto        # one server process per CPU behind one port
  newsqa --store ~/newsqa-store index seeds/     # --store, --chroma-url, --config: before or after the command
"""
ERRORS = """
errors and exit status:
  0  done
  1  something asked for is not there (a file, a folder, a document id) or no file could be indexed
  2  a problem you can fix, printed as "newsqa: <what is wrong and what to do>"
  1  "newsqa: internal error <id>: ..." is a bug: the traceback is saved in a file named in the
     message (please report it with that file); NEWSQA_DEBUG=1 prints the traceback instead
"""
LLM_HELP = ("generate answers with an LLM, citations checked: llamacpp:PATH.gguf, openai:URL#MODEL "
            "(any OpenAI-compatible server), ollama:MODEL[@URL] (env NEWSQA_LLM; default: extractive, no LLM)")


def _global_options(parser: argparse.ArgumentParser, default: Any) -> argparse.ArgumentParser:
    """``--store``, ``--chroma-url``, ``--config`` and ``--today``: accepted before the command (``default`` None)
    and after it (``default`` SUPPRESS, so that only a value given there replaces one given before)."""
    parser.add_argument(
        "--store", default=default, help="store folder (env NEWSQA_STORE; default: .newsqa in the working directory)"
    )
    parser.add_argument("--chroma-url", default=default,
                        help="use a Chroma server, e.g. http://127.0.0.1:8000 (env NEWSQA_CHROMA_URL)")
    parser.add_argument("--config", default=default, help="a TOML settings file (env NEWSQA_CONFIG)")
    parser.add_argument("--today", default=default, metavar="YYYY-MM-DD",
                        help="the day relative dates in questions count from, e.g. 'yesterday' (env NEWSQA_TODAY; "
                        "default: the clock's today)")
    return parser


def _filter_options(parser: argparse.ArgumentParser) -> None:
    """``--since``, ``--until`` and ``--source``: which articles a command reads (``ask``, ``timeline``)."""
    parser.add_argument("--since", metavar="DATE", help="only articles published on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE", help="only articles published on or before DATE (inclusive)")
    parser.add_argument("--source", action="append", metavar="NAME",
                        help="only articles from NAME (repeatable; any case)")


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    """The filters given on the command line, as ``Assistant.ask`` and ``Assistant.timeline`` take them."""
    return {"since": args.since, "until": args.until, "sources": args.source}


def _parser() -> argparse.ArgumentParser:
    common = _global_options(argparse.ArgumentParser(add_help=False), argparse.SUPPRESS)
    p = argparse.ArgumentParser(
        prog="newsqa",
        description="Answers questions about news articles, citing the exact sentence. Offline.",
        epilog=EXAMPLES + ERRORS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _global_options(p, None)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("index", parents=[common], help="index article files or folders (.txt, .md)")
    s.add_argument("paths", nargs="+", help="files or folders")
    s.add_argument("--quiet", action="store_true", help="no progress bar")

    s = sub.add_parser("ask", parents=[common], help="ask a question")
    s.add_argument("question")
    s.add_argument("--json", action="store_true", help="print the answer object as JSON")
    s.add_argument("--reader", default=None, help="rules, learned, or a QA model folder (env NEWSQA_READER)")
    s.add_argument("--llm", default=None, metavar="SPEC", help=LLM_HELP)
    _filter_options(s)

    s = sub.add_parser("timeline", parents=[common], help="how a story developed: dated sentences, oldest first")
    s.add_argument("query", help="the story, e.g. \"Rotterdam dock strike\"")
    _filter_options(s)
    s.add_argument("--limit", type=int, default=20, metavar="N", help="at most N entries (1-100, default 20)")
    s.add_argument("--json", action="store_true", help="print the timeline as JSON")

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

    s = sub.add_parser("feed", parents=[common], help="RSS/Atom feeds: add, poll, list, remove")
    feed = s.add_subparsers(dest="feed_command", required=True, metavar="ACTION")
    f = feed.add_parser("add", parents=[common], help="subscribe to a feed and poll it once")
    f.add_argument("url")
    f = feed.add_parser("poll", parents=[common], help="poll every feed once (for cron)")
    f.add_argument("--json", action="store_true")
    feed.add_parser("list", parents=[common], help="list the feeds and their last poll")
    f = feed.add_parser("remove", parents=[common], help="unsubscribe (indexed articles stay)")
    f.add_argument("url")

    s = sub.add_parser("serve", parents=[common], help="start the chat app (same as python app.py)",
                       description="Start the chat app and the HTTP API (REST, OpenAI-compatible, docs) on one "
                       "port; the same as `python app.py`.")
    s.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1: this machine only)")
    s.add_argument("--port", type=int, default=int(os.environ.get("NEWSQA_PORT", "7860")))
    s.add_argument("--auth", default=None, help="user:password protecting the chat and the API (env NEWSQA_AUTH)")
    s.add_argument("--llm", default=None, metavar="SPEC", help=LLM_HELP)
    s.add_argument("--workers", type=_workers, default=1, metavar="N|auto",
                   help="worker processes behind the port (default 1; auto: one per CPU this process may use). "
                   "More than 1: the API only (the chat needs 1), and an embedded store is served through a "
                   "local `chroma run` that serve starts and stops")
    return p


def _workers(value: str) -> int:
    """``--workers``: a whole number of at least 1, or ``auto`` (the CPUs this process may use)."""
    if value.strip().lower() == "auto":
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, or auto (got {value!r})")
    return int(value)


def _assistant(args: argparse.Namespace):
    from qa import Assistant, Settings

    settings = Settings.load(
        args.config, store=args.store, chroma_url=args.chroma_url, reader=getattr(args, "reader", None),
        llm=getattr(args, "llm", None), today=args.today,
    )
    return Assistant(settings=settings)


def _service(args: argparse.Namespace) -> Service:
    return Service(_assistant(args))


def _progress(total: int, quiet: bool):
    if quiet or total < 20 or not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="doc", file=sys.stderr)
    return bar, bar.update


def cmd_index(args: argparse.Namespace) -> int:
    """``newsqa index PATHS``: index files and folders; exit 1 when one is missing or none could be indexed."""
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
    """``newsqa ask QUESTION``: the answer with its cited sentences (or the answer object, ``--json``)."""
    answer, streamed = None, False
    for item in _service(args).ask_stream(args.question, **_filters(args)):
        if isinstance(item, str):  # a checked claim of a generated answer, as soon as it is ready
            if not args.json:
                print(item, end="", flush=True)
                streamed = True
        else:
            answer = item
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if streamed:
        print("\n")
    if answer.llm_note:
        print(f"(note: {answer.llm_note})\n")
    if answer.interpreted_as:
        print(f"(read as: {answer.interpreted_as})\n")
    if answer.abstained:
        _print_abstention(answer)
        return 0
    citations, reports = listed_citations(answer)
    if answer.generated is None:
        print(answer.answer)
        as_of = f"as of {answer.as_of}, " if answer.as_of else ""
        how_sure = f": {answer.how_sure}" if answer.how_sure else ""
        print(f"({as_of}confidence {answer.confidence:.2f}{how_sure})")
    elif not streamed:
        print(answer.text)
    for r, n in reports:  # the other values the articles reported, newest first
        print(f"{report_label(r)}: {r.answer} ({r.published or 'undated'}) [{n}]")
    if not streamed or reports:
        print()
    for n, c in enumerate(citations, 1):
        _print_citation(n, c)
    if any(not c.supported for c in answer.claims) and answer.generated is not None:
        print(f"\n(unsupported): no cited sentence supports that claim; checked by newsqa, generated by {answer.llm}")
    return 0


def _print_abstention(answer: Any) -> None:
    """Why there is no answer, and the nearest sentences (never presented as support)."""
    print(answer.text)
    if answer.related:
        print("\nRelated, not an answer:")
        for c in answer.related:
            print(textwrap.fill(f"- {c.sentence} ({c.doc_id})", width=100, subsequent_indent="  "))


def _print_citation(n: int, c: Any) -> None:
    """``[n] sentence`` (wrapped), then where it is: id, sentence number, offsets, title, date,
    source, and how many other articles carry it word for word."""
    meta = " · ".join(x for x in (c.title, c.published, c.source, also_in(c)) if x)
    print(textwrap.fill(f"[{n}] {c.sentence}", width=100, subsequent_indent="    "))
    print(f"    {c.doc_id} · sentence {c.sentence_index + 1} · chars {c.start}-{c.end}" + (f" · {meta}" if meta else ""))


def cmd_timeline(args: argparse.Namespace) -> int:
    """``newsqa timeline QUERY``: one line per development, oldest first (or the timeline, ``--json``)."""
    timeline = _service(args).timeline(args.query, limit=args.limit, **_filters(args))
    if args.json:
        print(json.dumps(timeline.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if not timeline.entries:
        print(timeline.reason or "No article is about that.")
    for e in timeline.entries:
        c = e.citation
        where = " · ".join(x for x in (c.title or c.doc_id, c.doc_id if c.title else None, also_in(c)) if x)
        print(f"{e.published}  {' '.join(e.sentence.split())}  ({where})")
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    """``newsqa documents``: one line (or JSON object) per indexed document."""
    service = _service(args)
    docs, groups = service.documents(), service.copy_groups()
    if args.json:
        rows = [
            {"id": d.id, "version": d.version, "title": d.title, "published": d.published, "source": d.source,
             "sentences": len(d.sentences), "indexed_at": d.indexed_at, **_copy_fields(groups, d.id)}
            for d in docs
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not docs:
        print("no documents indexed yet: try `newsqa index seeds/`")
    for d in docs:
        copies = copy_note(groups, d.id)
        print(
            f"{d.id}\t{d.title or '-'}\t{d.published or '-'}\t{d.source or '-'}\t{len(d.sentences)} sentences"
            f"\tindexed {d.indexed_at}" + (f"\t{copies}" if copies else "")
        )
    return 0


def _copy_fields(groups: Any, doc_id: str) -> dict[str, Any]:
    """``copy_group`` and ``copies`` (articles in it, this one included) of a document; None outside a group."""
    group = groups.group_of(doc_id) if groups is not None else None
    return {"copy_group": group, "copies": len(groups.members(group)) if group is not None else None}


def cmd_remove(args: argparse.Namespace) -> int:
    """``newsqa remove ID``: remove a document; exit 1 when there is no such document."""
    if _service(args).remove(args.doc_id):
        print(f"removed {args.doc_id}")
        return 0
    print(f"newsqa: no document with id {args.doc_id!r}; list them with `newsqa documents`", file=sys.stderr)
    return 1


def cmd_sync(args: argparse.Namespace) -> int:
    """``newsqa sync FOLDER``: make the index match the folder (``--dry-run``: say what would change)."""
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
    """``newsqa watch FOLDER``: keep the index in sync with the folder until Ctrl-C."""
    from datetime import datetime

    assistant = _assistant(args)

    def on_sync(report) -> None:
        if report.changed or not args.quiet:
            print(f"{datetime.now():%H:%M:%S} {report.summary()}", flush=True)
        for skipped in report.skipped:
            print(f"skipped {skipped}", file=sys.stderr, flush=True)

    def on_error(exc: Exception) -> None:
        print(f"newsqa: sync failed, still watching: {exc}", file=sys.stderr, flush=True)

    if not Path(args.folder).expanduser().is_dir():
        raise NotFound(f"{args.folder}: no such folder", param="folder")
    if not args.quiet:
        print(f"watching {args.folder} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    from index.watch import watch_folder

    watch_folder(lambda: assistant.sync(args.folder), args.folder, on_sync=on_sync, on_error=on_error,
                 debounce_ms=args.debounce)
    return 0


def cmd_feed(args: argparse.Namespace) -> int:
    """``newsqa feed add|poll|list|remove``: RSS/Atom subscriptions; exit 1 when a poll failed."""
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
    """``newsqa serve``: the chat and the HTTP API on ``--host``:``--port`` until stopped; with
    ``--workers N`` (N > 1), N processes of the API behind the port, sharing a Chroma server."""
    from qa.http import parse_auth, serve, serve_workers

    auth = parse_auth(args.auth or os.environ.get("NEWSQA_AUTH"))
    if args.workers == 1:
        return serve(_assistant(args), host=args.host, port=args.port, auth=auth)
    from qa import Settings

    settings = Settings.load(args.config, store=args.store, chroma_url=args.chroma_url, llm=args.llm,
                             today=args.today)  # checked here, so that a bad setting stops serve (exit 2)
    return serve_workers(settings, args.workers, host=args.host, port=args.port, auth=auth)


HANDLERS = {
    "index": cmd_index, "ask": cmd_ask, "timeline": cmd_timeline, "documents": cmd_documents, "remove": cmd_remove, "serve": cmd_serve,
    "sync": cmd_sync, "watch": cmd_watch, "feed": cmd_feed,
}


def internal_error(exc: BaseException) -> int:
    """Report a bug on one line of stderr, its traceback saved to a file the line names; exit status 1."""
    eid = error_id()
    text = " ".join(str(exc).split())
    what = f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__
    path = Path(tempfile.gettempdir()) / f"newsqa-error-{eid}.txt"
    try:
        path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = f"the traceback is in {path}"
    except OSError:
        where = "run it again with NEWSQA_DEBUG=1 for the traceback"
    print(f"newsqa: internal error {eid}: {what} (a bug, please report it; {where})", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Run one ``newsqa`` command; the exit status (see ``ERRORS``)."""
    args = _parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except Exception as exc:
        err = user_error(exc)
        if err is not None:
            print(f"newsqa: {err}", file=sys.stderr)
            return 2
        if os.environ.get("NEWSQA_DEBUG"):
            raise
        return internal_error(exc)


if __name__ == "__main__":
    sys.exit(main())
