"""Publication dates as data: one normalised date per document, from what the document carries.

A document's publication date comes from, in this order of trust:

1. its own ``published`` field (``Document.published_at`` first when it is set: a parser's value
   with time and zone, e.g. a feed item's ``published``), which also carries what the format
   parsers found: HTML meta (trafilatura), the feed item's ``published`` / ``updated``, a JSON
   record's date field;
2. a date line in the text ("Published: March 3, 2024", "2023-11-15 03:12:57");
3. a news dateline ("NEW YORK, March 30 -", "LONDON, May 3 (Reuters) -"): month and day from the
   dateline, the year from the document's other metadata (a year or month in ``published``, a date
   or a year folder in the file name, a date in the URL). Never from the clock: without such a
   year the date stays unknown;
4. a date in the file name (``2024-03-02-harbour.txt``, ``20240302_x.html``), then in the URL path.

The ingest time (``StoredDocument.indexed_at``) is another thing and never stands in for it.
A value that looks like a date but cannot be read as one (``"Smarch 45"``, ``"3/2/2024"``: day and
month could be either) leaves the date unknown, with a note for the index or sync report: never a
crash, never a guess. Relative dates ("yesterday", "2 hours ago") are refused for the same reason:
they are relative to a moment nobody recorded.

Parsing: ISO 8601 and RFC 2822 (feeds) by the standard library; everything else by ``dateparser``
(English only, no language detection, no relative dates; it reads its locale data from the
installed package and downloads nothing), imported on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlparse

from index.documents import Document

if TYPE_CHECKING:
    from index.clean import CleanedArticle

__all__ = [
    "ISO_DAY", "MAX_YEAR", "MIN_YEAR", "MONTH_ABBREVIATIONS", "MONTH_NAMES", "MONTH_TITLES", "WEEKDAY_NAMES", "PublishedDate",
    "day_range", "extract_published", "parse_published",
]

# -- the calendar: the one home of its words and bounds, for every module that reads dates -------
# Written out, not taken from ``calendar.month_name``: that one follows the process's locale.
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
)
"""The English month names, lower case, in calendar order (``MONTH_NAMES[0]`` is January)."""
MONTH_TITLES = tuple(name.capitalize() for name in MONTH_NAMES)
"""The month names as a sentence writes them ("January" ... "December"), in calendar order."""
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)
"""Their three-letter abbreviations ("jan" ... "dec"; "may" is its own), in calendar order."""
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The English weekday names, lower case, Monday first (``date.weekday()`` order)."""
MIN_YEAR, MAX_YEAR = 1800, 2200
"""The years a date may have: outside them it is a placeholder ("0001-01-01") or a typo."""
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
"""A whole ``YYYY-MM-DD`` value (digits only: ``date.fromisoformat`` says whether it is a day)."""

_MAX_CHARS = 100  # longer values are prose, not a date (and would cost the parser time)
_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}")
_RFC_2822 = re.compile(r"^(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
# 03/02/2024, 3.2.24 (optionally with a time): day and month order is not written down.
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{2}|\d{4})(?P<rest>(?:[ T,].*)?)$")
# Only a year or a month of one: not a day, but a year that a dateline can take.
_MONTHS = "|".join(MONTH_ABBREVIATIONS)  # "jan|feb|...|dec": a regex alternation
_PARTIAL = re.compile(rf"^(?:(?:(?i:{_MONTHS})[a-z]*\.?,?\s+)?(?P<y1>\d{{4}})|(?P<y2>\d{{4}})-\d{{2}})$")
# A date in a file name or a URL path: 2024-03-02, 2024_03_02, 2024.03.02, 2024/03/02, 20240302.
_PATH_DATE = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d{2})([-_./]?)(\d{2})\2(\d{2})(?![0-9A-Za-z])")
_PATH_YEAR = re.compile(r"(?:^|/)((?:19|20)\d{2})(?=/)")  # a year folder: news/2024/harbour.txt
# The date of a news dateline as ``index.clean`` finds it: "March 30", "Sept. 3", "3 May, 2024".
_DATELINE_DATE = re.compile(
    rf"^(?i:(?P<m1>{_MONTHS})[a-z]*\.?\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTHS})[a-z]*\.?)"
    r"(?:,?\s+(?P<y>\d{4}))?$"
)
_MONTH_NUMBER = {m: i for i, m in enumerate(_MONTHS.split("|"), 1)}
_LOOKS_LIKE_DATE = re.compile(rf"\d|(?i:\b(?:{_MONTHS})[a-z]*\b)")

# dateparser: English, absolute dates only (no "yesterday": relative to an unrecorded moment; no
# timestamps: digits are read here, in UTC, not in the machine's zone), the whole day required.
_SETTINGS: dict[str, Any] = {
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_TIME_AS_PERIOD": True,  # period "time" tells a given time from a filled-in midnight
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
}
_parsers: dict[int | None, Any] = {}
_ANY_YEAR = 2000  # only to tell "March 30" (a day without its year) from words that are no date


@dataclass(frozen=True)
class PublishedDate:
    """A normalised publication date.

    ``date``: ISO ``YYYY-MM-DD``, the day as the source printed it (in its own zone);
    ``iso``: full ISO 8601 (``2024-03-02T08:00:00+00:00``) when the time is known, with the offset
    when the zone is known, else the date; ``timestamp``: seconds since the epoch, for filtering:
    the instant when the time is known (a time without a zone is read as UTC), else UTC midnight
    of the day; ``precision``: ``"time"`` or ``"day"``.
    """

    date: str
    iso: str
    timestamp: int
    precision: Literal["day", "time"]

    @classmethod
    def of(cls, value: date, precision: Literal["day", "time"] | None = None) -> PublishedDate:
        """From a ``date`` (day precision) or a ``datetime`` (time precision unless told "day")."""
        if not isinstance(value, datetime) or precision == "day":
            day = value.date() if isinstance(value, datetime) else value
            midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return cls(day.isoformat(), day.isoformat(), int(midnight.timestamp()), "day")
        instant = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return cls(value.date().isoformat(), value.isoformat(timespec="seconds"), int(instant.timestamp()), "time")


def parse_published(raw: Any, *, reference_year: int | None = None) -> PublishedDate | None:
    """``raw`` (a date in any common format, or a ``date`` / ``datetime``) as a ``PublishedDate``;
    None when it is not a whole date. Never raises.

    ``reference_year`` completes a date printed without a year ("March 30", as in a dateline); it
    must come from the document's metadata, never from the clock. Without it such a date is None.
    """
    return _parse(raw, reference_year)[0]


def _parse(raw: Any, reference_year: int | None = None) -> tuple[PublishedDate | None, str]:
    """The date, or None and why not (words that follow the value in a note: "is not a date")."""
    if isinstance(raw, date):  # a datetime is a date too
        return _in_range(PublishedDate.of(raw))
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(int(raw))
    if not isinstance(raw, str):
        return None, "is not a date"
    text = " ".join(raw.split())
    if not text or len(text) > _MAX_CHARS:
        return None, "is not a date"
    try:
        found = _parse_text(text, reference_year)
    except Exception:  # a parser failing on odd input: the value is simply not a date
        return None, "is not a date"
    if isinstance(found, str):
        return None, found
    return _in_range(found) if found else (None, "is not a date")


def _in_range(found: PublishedDate) -> tuple[PublishedDate | None, str]:
    year = int(found.date[:4])
    if MIN_YEAR <= year <= MAX_YEAR:
        return found, ""
    return None, f"is out of range (year {year})"


@lru_cache(maxsize=4096)  # feeds and wires repeat the same few values; PublishedDate is immutable
def _parse_text(text: str, reference_year: int | None) -> PublishedDate | str | None:
    """A date, or why the text is not one (a string), or None."""
    if text.isdigit():
        return "has no day" if len(text) == 4 else _digits(text)
    if ISO_DAY.match(text):
        return PublishedDate.of(date.fromisoformat(text))
    if _ISO_LIKE.match(text):
        try:
            return PublishedDate.of(datetime.fromisoformat(text.replace("z", "Z")))
        except ValueError:
            pass  # "2024-03-02 08:00 CET" and the like: dateparser reads them
    if _RFC_2822.match(text):
        try:
            return PublishedDate.of(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            pass
    m = _NUMERIC.match(text)
    if m and _ambiguous(int(m["a"]), int(m["b"])):
        return "is ambiguous (the day and the month could be either way round)"
    found = _dateparser(text, None)
    if found is None and reference_year is not None:
        found = _dateparser(text, reference_year)
    if found is None and _PARTIAL.match(text):
        return "has no day"
    if found is None and reference_year is None and _dateparser(text, _ANY_YEAR) is not None:
        return "has no year"  # "March 30": a day of some year nobody wrote down
    return found


def _ambiguous(a: int, b: int) -> bool:
    """03/02 could be 3 February or 2 March; 13/02 and 03/03 cannot."""
    return a != b and 1 <= a <= 12 and 1 <= b <= 12


def _digits(text: str) -> PublishedDate | None:
    """20240302 (a compact date), or seconds / milliseconds since the epoch (read in UTC)."""
    if len(text) == 8:
        try:
            return PublishedDate.of(date(int(text[:4]), int(text[4:6]), int(text[6:])))
        except ValueError:
            return None
    if len(text) in (9, 10, 12, 13):
        seconds = int(text) / (1000 if len(text) > 10 else 1)
        return PublishedDate.of(datetime.fromtimestamp(seconds, UTC))
    return None


def _dateparser(text: str, reference_year: int | None) -> PublishedDate | None:
    """dateparser's reading of ``text``; with ``reference_year``, of a date without a year, in it."""
    parser = _parsers.get(reference_year)
    if parser is None:
        from dateparser.date import DateDataParser

        settings = dict(_SETTINGS)
        if reference_year is not None:
            # The day and month are required; the missing year is the reference's (its mid-year base
            # and "current period" keep dateparser from moving the date into another year).
            settings.update(REQUIRE_PARTS=["day", "month"], RELATIVE_BASE=datetime(reference_year, 7, 1),
                            PREFER_DATES_FROM="current_period")
        parser = _parsers[reference_year] = DateDataParser(languages=["en"], settings=settings)
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    if reference_year is not None and data.date_obj.year != reference_year:
        return None  # it carried a year of its own, yet failed the strict reading: not a whole date
    return PublishedDate.of(data.date_obj, "time" if data.period == "time" else "day")


def day_range(since: Any = None, until: Any = None) -> tuple[int | None, int | None]:
    """Timestamps for a filter on ``published_ts`` from two dates (any format ``parse_published``
    reads, or None for an open end): ``since`` from the start (UTC) of its day, ``until`` to the
    last second of its day when it is a day (its instant when it has a time).

    A bound that is not a date raises ``ValueError``, so the caller can report it instead of
    silently not filtering.
    """
    bounds: list[int | None] = []
    for name, value in (("since", since), ("until", until)):
        if value is None or value == "":
            bounds.append(None)
            continue
        found = parse_published(value)
        if found is None:
            raise ValueError(f"{name} {value!r} is not a date (give YYYY-MM-DD)")
        end = name == "until" and found.precision == "day"
        bounds.append(found.timestamp + (86_399 if end else 0))
    return bounds[0], bounds[1]


# -- a document's date, from the sources in order of trust -------------------------------------
def extract_published(doc: Document, cleaned: CleanedArticle) -> tuple[PublishedDate | None, str | None]:
    """The publication date of ``doc`` (see the module docstring for the sources and their order),
    and a note when a date-like value could not be read (None when there is nothing to say).

    ``cleaned`` is ``index.clean.clean_article(doc.text)``: its date lines and its dateline.
    """
    problems: list[str] = []
    own = [v for v in (getattr(doc, "published_at", None), doc.published) if _present(v)]
    found, origin = _first_date(own, "published", problems), "published field"
    if found is None:
        found, origin = _first_date(list(cleaned.date_lines), "date line", problems), "date line"
    if found is None and cleaned.dateline:
        found, origin = _from_dateline(doc, cleaned.dateline, problems), "dateline"
    if found is None:
        found, origin = _from_path(doc)
    if not problems:
        return found, None
    outcome = f"used {found.date} from the {origin}" if found else "stored as unknown"
    return found, "; ".join(f"{p}: {outcome}" for p in problems)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _first_date(values: list[Any], what: str, problems: list[str]) -> PublishedDate | None:
    """The first of ``values`` that is a date; a note on the first that is not (only the first:
    ``published_at`` and ``published`` are the same source at two precisions)."""
    failure = None
    for value in values:
        found, why = _parse(value)
        if found is not None:
            return found
        failure = failure or (value, why)
    if failure is not None and _date_like(failure[0]):
        problems.append(f"{what} {_shown(failure[0])} {failure[1]}")
    return None


def _date_like(value: Any) -> bool:
    """Worth a note: a value with a digit or a month name (not an empty or placeholder word)."""
    return not isinstance(value, str) or bool(_LOOKS_LIKE_DATE.search(value))


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _from_dateline(doc: Document, dateline: str, problems: list[str]) -> PublishedDate | None:
    """Month and day from the dateline, the year from the document's metadata (never the clock)."""
    m = _DATELINE_DATE.match(" ".join(dateline.split()))
    if m is None:  # the cleaner's pattern and this one disagree: say so rather than guess
        problems.append(f"dateline {_shown(dateline)} is not a date")
        return None
    month = _MONTH_NUMBER[(m["m1"] or m["m2"])[:3].lower()]
    day = int(m["d1"] or m["d2"])
    year, near = (int(m["y"]), None) if m["y"] else _reference(doc)
    if year is None:
        problems.append(f"dateline {_shown(dateline)} has no year and no metadata gives one")
        return None
    # "Dec 31" in a file dated 2024-01-01 is 2023's: the year that puts the day nearest the date.
    years = (year - 1, year, year + 1) if near is not None else (year,)
    days = [d for y in years if (d := _day(y, month, day)) is not None]
    if not days:
        problems.append(f"dateline {_shown(dateline)} is not a date")
        return None
    found, _ = _in_range(PublishedDate.of(min(days, key=lambda d: abs(d - near)) if near else days[0]))
    return found


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # "Feb 30", or Feb 29 in a year without it
        return None


def _reference(doc: Document) -> tuple[int | None, date | None]:
    """A year the document's metadata gives (and the whole date it came from, when there is one):
    a year or a month in ``published``, a date or a year folder in the file name, a URL date."""
    for value in (getattr(doc, "published_at", None), doc.published):
        m = _PARTIAL.match(" ".join(value.split())) if isinstance(value, str) else None
        if m:
            return int(m["y1"] or m["y2"]), None
    for where in (_path_of(doc.id), _url_path(doc.url)):
        day = _path_date(where)
        if day is not None:
            return day.year, day
        m = _PATH_YEAR.search(where)
        if m:
            return int(m[1]), None
    return None, None


def _from_path(doc: Document) -> tuple[PublishedDate | None, str]:
    """A date in the file name (then in the URL path), and which of them it came from."""
    for where, path in (("file name", _path_of(doc.id)), ("URL", _url_path(doc.url))):
        day = _path_date(path)
        if day is not None:
            return PublishedDate.of(day), where
    return None, ""


def _path_of(doc_id: Any) -> str:
    """The file path of a document id (a record inside a file is ``path#key``)."""
    return doc_id.split("#", 1)[0] if isinstance(doc_id, str) else ""


def _url_path(url: Any) -> str:
    try:
        return urlparse(url).path if isinstance(url, str) else ""
    except ValueError:  # a malformed URL (an unclosed "[" in the host) has no date to give
        return ""


def _path_date(path: str) -> date | None:
    """The last whole date written in a path (the file name's own before its folders')."""
    for m in reversed(list(_PATH_DATE.finditer(path))):
        try:
            return date(int(m[1]), int(m[3]), int(m[4]))
        except ValueError:  # 2024-13-45: digits, not a date
            continue
    return None
