"""Start the chat app and the HTTP API: ``python app.py [options]``, the same as ``newsqa serve [options]``.

Only a launcher: the options are parsed, the Assistant built and the server run by ``qa.cli``
(``serve``); the chat itself is ``qa.chat``, the HTTP server ``qa.http``, and what they do with
the Assistant ``qa.service``.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """``newsqa serve`` with ``argv`` (default: this process's arguments): --store, --chroma-url,
    --config, --host, --port, --auth, --llm, --workers. Blocks while serving; returns the exit status."""
    from qa.cli import main as newsqa

    return newsqa(["serve", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
