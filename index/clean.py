"""Cleaning: strip web boilerplate from article text and pull out title, date and source.

The rules are general (breadcrumbs, comment widgets, share bars, hashtag lines, date and
"Source:" lines, datelines such as "WASHINGTON (Reuters) -"), not tuned to one site.
The cleaned text is what is stored and what citation offsets point into.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from index.dates import MONTH_ABBREVIATIONS

# Lines that are page furniture, never article content (matched on the whole stripped line).
_BOILERPLATE_LINE = re.compile(
    r"""^(
        leave\ a\ (comment|reply)|
        (post\ a\ )?comments?(\ \(\d+\))?|
        \d+\ comments?|
        this\ site\ uses\ akismet.*|
        learn\ how\ your\ comment\ data\ is\ processed.*|
        your\ email\ address\ will\ not\ be\ published.*|
        required\ fields\ are\ marked.*|
        (share|share\ this|share\ this\ article|share\ on\ \w+|tweet|print|email)(:)?|
        (related|related\ articles|related\ posts|read\ more|read\ next|see\ also|more\ stories)(:)?|
        advertisement|sponsored(\ content)?|
        (sign\ up|subscribe)\b.{0,80}|
        follow\ us\b.{0,80}|
        click\ here\b.{0,80}|
        all\ rights\ reserved.*|
        (©|\(c\)|copyright)\s.{0,120}|
        (posted|filed)\ (in|under)\b.{0,120}|
        tags?:.{0,200}|
        (previous|next)\ (post|article)\b.{0,120}|
        skip\ to\ (main\ )?content
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_BREADCRUMB = re.compile(r"^\s*(home|start|news)\s*(»|›|>|/|\|)\s*", re.IGNORECASE)
_BREADCRUMB_SEP = re.compile(r"\s*(?:»|›|>|\|)\s*")
_HASHTAG_LINE = re.compile(r"^(#[\w-]+[\s,]*)+$", re.UNICODE)
_SOURCE_LINE = re.compile(r"^(source|sources|via)\s*:\s*(?P<source>.{2,200})$", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:[Bb]y|[Ww]ritten by|[Pp]osted by)\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,4}$")
_MONTHS = (
    "jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
    "sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?"
)
# A line that is only a date (optionally with a time), e.g. "2023-11-15 03:12:57", "November 15, 2023".
_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|date)\s*:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?"
    r"(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+\d{{4}})"
    r"(?:[ T,]+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?(?:\s*[A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)
# "WASHINGTON (Reuters) -", "LONDON, May 3 (AP) --", "(CNN) --": a news dateline naming the agency.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z .,'-]{0,60}?\s*)?\((?P<agency>Reuters|AP|AFP|CNN|UPI|Bloomberg|dpa|Xinhua|BBC)\)\s*[-–—]{1,2}"
)
# "NEW YORK, March 30 -", "LONDON, 3 May (Reuters) -", "SPRINGFIELD, Ill., March 3, 2024 --": a
# dateline that prints the day (its year, when it has none, must come from the metadata).
_DATED_DATELINE = re.compile(
    r"^[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,3}(?:,\s+[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,2}){0,2},\s+"
    rf"(?P<date>(?i:(?:{_MONTHS})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTHS})\.?)(?:,?\s+\d{{4}})?)"
    r"\s*(?:\([A-Za-z][A-Za-z .&-]{0,30}\)\s*)?[-–—]{1,2}\s"
)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?=\S)")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_MONTH_NUM = {abbreviation: i + 1 for i, abbreviation in enumerate(MONTH_ABBREVIATIONS)}


@dataclass(frozen=True)
class CleanedArticle:
    """Article text with page furniture removed, and the metadata found in it."""

    text: str
    title: str | None = None
    published: str | None = None  # the first date line's day, ISO YYYY-MM-DD
    source: str | None = None
    date_lines: tuple[str, ...] = ()  # the dates of the date lines as printed, time included
    dateline: str | None = None  # the date of a news dateline as printed ("March 30"), usually without a year


def normalise_date(raw: str) -> str | None:
    """Turn a date as printed in an article into ISO ``YYYY-MM-DD`` (None when unsure)."""
    raw = raw.strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", raw)
    if m:
        return m.group(0)
    m = re.match(rf"({_MONTHS})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})", raw, re.IGNORECASE)
    if m:
        month = _MONTH_NUM[m.group(1)[:3].lower()]
        return f"{int(m.group(m.lastindex)):04d}-{month:02d}-{int(m.group(m.lastindex - 1)):02d}"
    m = re.match(rf"(\d{{1,2}})\s+({_MONTHS})\.?,?\s+(\d{{4}})", raw, re.IGNORECASE)
    if m:
        month = _MONTH_NUM[m.group(2)[:3].lower()]
        return f"{int(m.group(m.lastindex)):04d}-{month:02d}-{int(m.group(1)):02d}"
    return None


def find_dateline(lines: list[str]) -> str | None:
    """The date printed in a news dateline at the start of one of ``lines``, as printed."""
    for line in lines:
        m = _DATED_DATELINE.match(line)
        if m:
            return m.group("date")
    return None


def date_in_line(line: str) -> tuple[int, int] | None:
    """Where the date is in a line that holds only a date (and time), else None."""
    m = _DATE_LINE.match(line)
    return (m.start("date"), m.end("date")) if m else None


def _is_heading(line: str) -> bool:
    """A short line without closing punctuation: a headline or a section heading."""
    return (
        len(line) <= 200
        and not re.search(r"[.!?:;\"”’)]$", line)
        and len(line.split()) >= 2
        and not _DATE_LINE.match(line)
    )


def normalise_text(text: str) -> str:
    """Unicode NFC, unified newlines, no zero-width characters, no trailing spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def clean_article(raw: str) -> CleanedArticle:
    """Remove boilerplate lines and extract title, publication date and source.

    Paragraph structure is kept (paragraphs are separated by a blank line in the result);
    sentences inside a paragraph are never changed, so the cleaned text reads like the article.
    """
    lines = [line.strip() for line in normalise_text(raw).split("\n")]
    title: str | None = None
    published: str | None = None
    source: str | None = None
    date_lines: list[str] = []
    kept: list[str] = []
    for line in lines:
        if line.startswith("# ") and title is None and not kept and line[2:].strip():
            title = line[2:].strip()  # a Markdown H1 at the top is the title, however short
            continue
        line = _MARKDOWN_HEADING.sub("", line)  # "## Section" reads as a plain heading
        if not line:
            continue
        if _BREADCRUMB.match(line):
            parts = [p for p in _BREADCRUMB_SEP.split(line) if p]
            if title is None and len(parts) >= 2 and _is_heading(parts[-1]) and len(parts[-1].split()) >= 4:
                title = parts[-1]
            continue
        if _BOILERPLATE_LINE.match(line) or _HASHTAG_LINE.match(line) or _BYLINE.match(line):
            continue
        m = _SOURCE_LINE.match(line)
        if m:
            source = source or m.group("source").strip()
            continue
        m = _DATE_LINE.match(line)
        if m:  # kept as text too: "When was this published?" can then cite the line itself
            published = published or normalise_date(m.group("date"))
            date_lines.append(line[m.start("date") : m.end()].strip())  # with its time, for index.dates
        kept.append(line)

    # Before the headline goes: hard-wrapped wire copy's first line ("NEW YORK, March 2 - Shares of")
    # can read as a headline, yet its dateline still dates the article.
    dateline = find_dateline(kept[:4])
    # The headline: the first line when it reads as one (or repeats the breadcrumb's title).
    if kept and _is_heading(kept[0]) and (title is None or kept[0] == title):
        title = kept.pop(0)
    while kept and title is not None and kept[0] == title:
        kept.pop(0)

    for line in kept[:3] if source is None else ():
        m = _DATELINE.match(line)
        if m:
            source = m.group("agency")
            break
    return CleanedArticle(
        text="\n\n".join(kept), title=title, published=published, source=source,
        date_lines=tuple(date_lines), dateline=dateline,
    )
