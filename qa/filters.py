"""Which articles a question may be answered from: a publication-date range and a set of sources.

``Filters.parse(since, until, sources)`` reads what a user gives (a ``datetime.date``, a
``datetime.datetime`` or an ISO 8601 string; source names in any case) and raises a ``BadInput``
naming the field for anything it cannot use, so a bad date is never taken for "not in the documents".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import numpy as np

from index.dates import day_range
from index.errors import BadInput
from index.store import date_where, source_key


@dataclass(frozen=True)
class Filters:
    """Published at or after ``since_ts`` and at or before ``until_ts`` (seconds since the epoch,
    inclusive, None: open), from one of ``sources`` (source keys, empty: any)."""

    since_ts: int | None = None
    until_ts: int | None = None
    sources: frozenset[str] = frozenset()
    # a period read from the question's own words ("in April 1987"): the phrase, and whether undated
    # articles stay eligible (they do when only the question's words bound the dates: we cannot
    # tell when an undated article was published, and its text may well answer)
    asked: str | None = None
    undated: bool = False

    @classmethod
    def parse(cls, since: Any = None, until: Any = None, sources: Iterable[str] | str | None = None) -> Filters:
        """The filters a user asked for; ``BadInput`` (param since/until/sources) when one cannot be used."""
        bounds = []
        for name, value in (("since", since), ("until", until)):
            try:
                bounds.append(day_range(**{name: value})[0 if name == "since" else 1])
            except ValueError as exc:
                raise BadInput(f"{name}: {value!r} is not a date; give YYYY-MM-DD (or an ISO 8601 date and time)",
                               param=name) from exc
        if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
            raise BadInput(f"since ({since}) is after until ({until}): nothing can match", param="since")
        if isinstance(sources, str):
            sources = [sources]
        keys = set()
        for s in sources or ():
            if not isinstance(s, str) or not s.strip():
                raise BadInput(f"sources: {s!r} is not a source name", param="sources")
            keys.add(source_key(s))
        return cls(bounds[0], bounds[1], frozenset(keys))

    def within(self, since: date | None, until: date | None, asked: str) -> Filters:
        """These filters narrowed to a period the question names (``asked``: its words, e.g. "in April
        1987"): the tighter bound of each side; undated articles pass unless the user bounded the dates."""
        lo, hi = day_range(since, until)
        user_dated = self.since_ts is not None or self.until_ts is not None
        return replace(self, since_ts=_tighter(max, lo, self.since_ts), until_ts=_tighter(min, hi, self.until_ts),
                       asked=asked, undated=not user_dated)

    @property
    def active(self) -> bool:
        return self.since_ts is not None or self.until_ts is not None or bool(self.sources)

    @property
    def where(self) -> dict | None:
        """The Chroma ``where`` clause for the vector queries (None: no filter). With ``undated`` only
        the sources are bounded there (Chroma cannot select a missing date): ``mask`` drops the rest."""
        if self.undated:
            return date_where(None, None, self.sources)
        return date_where(self.since_ts, self.until_ts, self.sources)

    def mask(self, published_ts: np.ndarray, sources: list[str | None]) -> np.ndarray:
        """Which articles pass, given their timestamps (NaN: unknown) and source keys."""
        ok = np.ones(len(published_ts), dtype=bool)
        if self.since_ts is not None:
            ok &= published_ts >= self.since_ts  # NaN compares False: an undated article never matches
        if self.until_ts is not None:
            ok &= published_ts <= self.until_ts
        if self.undated:
            ok |= np.isnan(published_ts)
        if self.sources:
            ok &= np.array([s in self.sources for s in sources], dtype=bool)
        return ok

    def describe(self) -> str:
        """The filter in words: "published 2005-03-01 to 2005-03-31, from Reuters"."""
        if self.since_ts is not None and self.until_ts is not None and self.since_ts > self.until_ts:
            return "in the question's period that is also in the dates asked for (they do not overlap)"
        parts = []
        if self.since_ts is not None and self.until_ts is not None:
            first, last = _day(self.since_ts), _day(self.until_ts)
            parts.append(f"published on {first}" if first == last else f"published {first} to {last}")
        elif self.since_ts is not None:
            parts.append(f"published since {_day(self.since_ts)}")
        elif self.until_ts is not None:
            parts.append(f"published up to {_day(self.until_ts)}")
        if self.sources:
            parts.append("from " + " or ".join(sorted(self.sources)))
        return ", ".join(parts)


def _tighter(pick, a: int | None, b: int | None) -> int | None:
    """The tighter of two bounds (``pick``: max for a lower bound, min for an upper one); None: open."""
    return b if a is None else a if b is None else pick(a, b)


def _day(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")
