"""Check the BBC evaluation sets against the BBC News archive.

    python bench/data/check_bbc_sets.py [--archive PATH] [--trust FILE] [--conversations FILE]

The archive (bbc-fulltext.tar.gz, 2,225 articles from 2004-2005) is read in
place and never copied into the project. Article ids are paths inside it, e.g.
"bbc/business/001.txt"; line 1 of an article is its headline.

Checks
  bbc_trust.json
    answerable: every answer occurs verbatim in its doc; a "headline_only"
      item's answers occur in line 1 and nowhere in the body; "also_in" lists
      reposted copies of the article (same headline) that hold the answers too
    unanswerable: kind is known, "near" names an article that exists, a
      "why" note is given
  bbc_conversations.json
    ids unique, two turns, known phenomenon, every answer occurs in "doc",
    every first answer occurs in "first_doc" (or "doc" when absent), every
    answer occurs in each "also_in" copy
  both: the minimum counts the sets were built to (checked only for the
    default files; other sets, e.g. held-out ones, are checked item by item)

Prints counts per kind and phenomenon; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import sys
import tarfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_ARCHIVE = Path(__file__).resolve().parents[3] / "shared/eval-data/bbc-news/bbc-fulltext.tar.gz"
DEFAULT_TRUST = HERE / "bbc_trust.json"
DEFAULT_CONVERSATIONS = HERE / "bbc_conversations.json"

UNANSWERABLE_KINDS = {"other_year", "other_person", "other_event", "not_covered"}
PHENOMENA = {"pronoun", "ellipsis", "date_change", "who_else", "possessive", "entity_swap"}

# The minimums the sets were built to.
MIN_ANSWERABLE = 60
MIN_HEADLINE_ONLY = 5
MIN_UNANSWERABLE = 40
MIN_CONVERSATIONS = 36
MIN_PER_PHENOMENON = 5  # ellipsis and entity_swap count together


def load_archive(path: Path) -> dict[str, str]:
    """Article id -> text. One file (bbc/sport/199.txt) is Latin-1, the rest UTF-8."""
    docs: dict[str, str] = {}
    with tarfile.open(path, "r:*") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".txt") or member.name.count("/") != 2:
                continue
            raw = tar.extractfile(member).read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            docs[member.name] = text
    return docs


def check_also_in(item: dict, docs: dict[str, str], where: str, errors: list[str]) -> None:
    """Reposted copies of the doc (the archive holds some articles twice) must hold the answers too."""
    for other in item.get("also_in", []):
        if other not in docs:
            errors.append(f"{where}: also_in {other!r} not in archive")
            continue
        for answer in item.get("answers") or []:
            if answer not in docs[other]:
                errors.append(f"{where}: answer {answer!r} not in also_in {other}")


def headline_and_body(text: str) -> tuple[str, str]:
    head, _, body = text.partition("\n")
    return head, body


def check_trust(items: list[dict], docs: dict[str, str], errors: list[str], name: str = "bbc_trust.json") -> Counter:
    counts: Counter = Counter()
    seen_questions: set[str] = set()
    for i, item in enumerate(items):
        where = f"{name}[{i}]"
        question = item.get("question", "")
        kind = item.get("kind")
        if not question.strip():
            errors.append(f"{where}: empty question")
        if question in seen_questions:
            errors.append(f"{where}: duplicate question {question!r}")
        seen_questions.add(question)
        counts[kind] += 1

        if kind == "answerable":
            check_answerable(item, docs, where, errors)
            if item.get("headline_only"):
                counts["headline_only"] += 1
        elif kind in UNANSWERABLE_KINDS:
            near = item.get("near")
            if near not in docs:
                errors.append(f"{where}: near {near!r} not in archive")
            if not item.get("why", "").strip():
                errors.append(f"{where}: no 'why' note")
            if "answers" in item or "doc" in item:
                errors.append(f"{where}: unanswerable item carries answers/doc")
        else:
            errors.append(f"{where}: unknown kind {kind!r}")
    return counts


def check_answerable(item: dict, docs: dict[str, str], where: str, errors: list[str]) -> None:
    doc = item.get("doc")
    answers = item.get("answers") or []
    if doc not in docs:
        errors.append(f"{where}: doc {doc!r} not in archive")
        return
    if not answers:
        errors.append(f"{where}: no answers")
    head, body = headline_and_body(docs[doc])
    for answer in answers:
        if item.get("headline_only"):
            if answer not in head:
                errors.append(f"{where}: headline_only answer {answer!r} not in headline of {doc}")
            if answer in body:
                errors.append(f"{where}: headline_only answer {answer!r} also in body of {doc}")
        elif answer not in docs[doc]:
            errors.append(f"{where}: answer {answer!r} not in {doc}")
    check_also_in(item, docs, where, errors)


def check_conversations(
    items: list[dict], docs: dict[str, str], errors: list[str], name: str = "bbc_conversations.json"
) -> Counter:
    counts: Counter = Counter()
    seen_ids: set[str] = set()
    for i, item in enumerate(items):
        cid = item.get("id")
        where = f"{name}[{i}] ({cid})"
        if not cid:
            errors.append(f"{where}: missing id")
        elif cid in seen_ids:
            errors.append(f"{where}: duplicate id")
        seen_ids.add(cid)

        turns = item.get("turns") or []
        if len(turns) != 2 or not all(isinstance(t, str) and t.strip() for t in turns):
            errors.append(f"{where}: needs exactly two non-empty turns")
        phenomenon = item.get("phenomenon")
        if phenomenon not in PHENOMENA:
            errors.append(f"{where}: unknown phenomenon {phenomenon!r}")
        counts[phenomenon] += 1

        check_turn_answers(item, docs, where, errors)
        if phenomenon == "who_else" and set(item.get("answers") or []) & set(item.get("first_answers") or []):
            errors.append(f"{where}: who_else answer repeats the first answer")
    return counts


def check_turn_answers(item: dict, docs: dict[str, str], where: str, errors: list[str]) -> None:
    """Both turns' gold answers stand verbatim in their articles."""
    doc = item.get("doc")
    first_doc = item.get("first_doc", doc)
    for name, value in (("doc", doc), ("first_doc", first_doc)):
        if value not in docs:
            errors.append(f"{where}: {name} {value!r} not in archive")
    for key, source, label in (("answers", doc, "answer"), ("first_answers", first_doc, "first answer")):
        if source not in docs:
            continue
        answers = item.get(key) or []
        if not answers:
            errors.append(f"{where}: no {key}")
        for answer in answers:
            if answer not in docs[source]:
                errors.append(f"{where}: {label} {answer!r} not in {source}")
    if doc in docs:
        check_also_in(item, docs, where, errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE, help=f"default: {DEFAULT_ARCHIVE}")
    parser.add_argument("--trust", type=Path, default=DEFAULT_TRUST, help="default: bbc_trust.json here")
    parser.add_argument("--conversations", type=Path, default=DEFAULT_CONVERSATIONS,
                        help="default: bbc_conversations.json here")
    args = parser.parse_args(argv)
    if not args.archive.is_file():
        print(f"archive not found: {args.archive}", file=sys.stderr)
        return 2

    docs = load_archive(args.archive)
    errors: list[str] = []
    trust = json.loads(args.trust.read_text(encoding="utf-8"))
    conversations = json.loads(args.conversations.read_text(encoding="utf-8"))
    trust_counts = check_trust(trust, docs, errors, args.trust.name)
    conv_counts = check_conversations(conversations, docs, errors, args.conversations.name)

    unanswerable = sum(trust_counts[k] for k in UNANSWERABLE_KINDS)
    print(f"archive: {len(docs)} articles ({args.archive})")
    print(f"{args.trust.name}: {len(trust)} items")
    print(f"  answerable      {trust_counts['answerable']:3d}  (headline_only {trust_counts['headline_only']})")
    for kind in sorted(UNANSWERABLE_KINDS):
        print(f"  {kind:15s} {trust_counts[kind]:3d}")
    print(f"  unanswerable    {unanswerable:3d}")
    print(f"{args.conversations.name}: {len(conversations)} conversations")
    for phenomenon in sorted(PHENOMENA):
        print(f"  {phenomenon:15s} {conv_counts[phenomenon]:3d}")

    minimums = []
    if args.trust.resolve() == DEFAULT_TRUST:
        minimums += [
            ("answerable", trust_counts["answerable"], MIN_ANSWERABLE),
            ("headline_only", trust_counts["headline_only"], MIN_HEADLINE_ONLY),
            ("unanswerable", unanswerable, MIN_UNANSWERABLE),
        ]
    if args.conversations.resolve() == DEFAULT_CONVERSATIONS:
        minimums += [
            ("conversations", len(conversations), MIN_CONVERSATIONS),
            ("ellipsis+entity_swap", conv_counts["ellipsis"] + conv_counts["entity_swap"], MIN_PER_PHENOMENON),
        ] + [(p, conv_counts[p], MIN_PER_PHENOMENON) for p in ("pronoun", "date_change", "who_else", "possessive")]
    for name, got, want in minimums:
        if got < want:
            errors.append(f"too few {name}: {got} < {want}")

    for error in errors:
        print("FAIL", error, file=sys.stderr)
    print("OK" if not errors else f"{len(errors)} failure(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
