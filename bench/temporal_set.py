"""Time-sensitive questions over Reuters-21578 ("News is a stream: answers that know when").

    python -m bench.temporal_set                      # build, verify, write ~/.cache/newsqa/temporal-set.json
    python -m bench.temporal_set --out /tmp/t.json --data /path/to/reuters-21578

Four kinds of item, all about the articles of files reut2-000 ... reut2-010 (26 Feb - 30 Mar 1987):

- ``latest``: a plain question whose right answer is the newest value in its story; ``older`` lists
  the values older articles gave (they differ from the answer).
- ``as_of``: the same kind of question asked with ``until`` (ISO date): the right answer is the newest
  value published on or before that day; ``newer`` lists later values, which must not be given.
- ``date_in_question``: the question names a day; the answer is in that day's article. ``other_dates``
  (when present) lists what the same question gets from other days' articles.
- ``timeline``: a topic with at least four dated events from different articles, in date order; each
  event names its sentence (offsets) and a short verbatim key phrase inside it.

Plus ``copies``: groups of articles that are copies of one story (re-sends, corrections), found by
word 4-gram shingle Jaccard > 0.8 on the bodies of articles published at most four days apart.

The selection (NEWIDs, questions, short verbatim answer spans) is hard-coded below; the article text
is never copied into the project. The script reads the articles, verifies every item (answers and keys
occur verbatim in the article body, dates from ``<DATE>``, older/newer values differ from the answer,
date order) and computes the character offsets; it exits non-zero on any failure.

Offsets point into the ``text`` of :func:`reuters_documents` (title, blank line, body). The body is the
``<BODY>`` after ``html.unescape`` with control characters (``\\x03`` ...) removed and the wire's hard
line wrapping undone: an indented line starts a paragraph, the other lines are joined to it with one
space; paragraphs are separated by a blank line and the closing "Reuter" sign-off is dropped. Answers
are checked verbatim in that body (so a figure split over two wire lines, "700\\nmln stg", still counts).
Sentences come from the project's splitter (``index.split.split_sentences``) when it imports.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import html
import itertools
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/eval-data/reuters-21578"
DEFAULT_OUT = Path("~/.cache/newsqa/temporal-set.json").expanduser()
FILES = range(0, 11)

_RECORD = re.compile(r"<REUTERS(?P<attrs>[^>]*)>(?P<inner>.*?)</REUTERS>", re.S)
_DATE = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{2}):(\d{2}):(\d{2})")
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SIGNOFF = re.compile(r"(?i)^reuter\W*$")


# --------------------------------------------------------------------------------------------- reading


def _field(tag: str, s: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", s, re.S)
    return m.group(1) if m else None


def clean_text(s: str | None) -> str:
    """``html.unescape`` and no control characters (``&#3;`` ends every body)."""
    return _CONTROL.sub("", html.unescape(s or "")).replace("\r", "")


def unwrap_body(raw: str | None) -> str:
    """The body with the wire's line wrapping undone (see the module docstring)."""
    paragraphs: list[list[str]] = []
    new = True
    for line in clean_text(raw).split("\n"):
        if not line.strip():
            new = True
            continue
        if new or line[:1].isspace():
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
        new = False
    joined = [" ".join(" ".join(p).split()) for p in paragraphs]
    while joined and _SIGNOFF.match(joined[-1]):
        joined.pop()
    return "\n\n".join(joined)


def parse_date(raw: str) -> dt.datetime:
    """The ``<DATE>`` field (some carry trailing wire codes, e.g. ``&#5;&#5;&#5;RM``)."""
    m = _DATE.search(raw)
    if not m:
        raise ValueError(f"unreadable DATE {raw!r}")
    day, mon, year, hh, mm, ss = m.groups()
    return dt.datetime(int(year), _MONTHS.index(mon) + 1, int(day), int(hh), int(mm), int(ss))


def read_records(data_dir: Path, files=FILES) -> list[dict]:
    """One dict per ``<REUTERS>`` record: newid, time, title, dateline, body (unwrapped), file."""
    out = []
    for i in files:
        raw = gzip.open(Path(data_dir) / f"reut2-{i:03d}.sgm.gz", "rb").read().decode("latin-1")
        for m in _RECORD.finditer(raw):
            attrs, inner = m.group("attrs"), m.group("inner")
            newid = int(re.search(r'NEWID="(\d+)"', attrs).group(1))
            body = _field("BODY", inner)
            title = _field("TITLE", inner)
            if body is None and title is None:  # TYPE="UNPROC": the text is not marked up
                text = re.search(r"<TEXT[^>]*>(.*?)</TEXT>", inner, re.S)
                body = text.group(1) if text else ""
            out.append(
                {
                    "newid": newid,
                    "file": f"reut2-{i:03d}",
                    "time": parse_date(_field("DATE", inner) or ""),
                    "title": " ".join(clean_text(title).split()),
                    "dateline": " ".join(clean_text(_field("DATELINE", inner)).split()).rstrip(" -"),
                    "body": unwrap_body(body),
                }
            )
    return out


def document_text(rec: dict) -> str:
    return f"{rec['title']}\n\n{rec['body']}" if rec["body"] else rec["title"]


def reuters_documents(data_dir: Path = DEFAULT_DATA, files=FILES) -> list[dict]:
    """The articles for indexing: {id: "reuters-<NEWID>", title, text, published, published_at, dateline}.

    ``text`` is the title, a blank line and the unwrapped body (headline-only briefs: the title alone);
    ``published`` is the ISO date of ``<DATE>``, ``published_at`` the same with its time.
    """
    return [
        {
            "id": f"reuters-{r['newid']}",
            "title": r["title"],
            "text": document_text(r),
            "published": r["time"].date().isoformat(),
            "published_at": r["time"].isoformat(),
            "dateline": r["dateline"],
        }
        for r in read_records(data_dir, files)
    ]


def load_set(path: Path | str = DEFAULT_OUT) -> dict:
    """The built set (``main`` writes it)."""
    return json.loads(Path(path).expanduser().read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------ selection
# Answers are short verbatim spans of the article body. ``at``: a longer verbatim phrase that locates the
# answer when its first occurrence in the body is not the one meant (used for offsets, not written out).

LATEST = [
    {
        "question": "How many ships are strike-bound by the national strike of Brazil's seamen?",
        "doc": 9314,
        "answer": "80 ships",
        "older": [(2542, "160 ships"), (2971, "160 ships"), (3028, "160 ships")],
    },
    {
        "question": "How much cash per Viacom share is National Amusements offering in its bid for Viacom?",
        "doc": 1000,
        "answer": "42.75 dlrs",
        "older": [(393, "42.00 dlrs"), (496, "42 dlrs")],
    },
    {
        "question": "What price per share is Cyacq offering in its tender offer for Cyclops Corp?",
        "doc": 8932,
        "answer": "92.50 dlrs",
        "older": [(2902, "80 dlr")],
    },
    {
        "question": "What is Diamond Shamrock's posted price for West Texas Intermediate crude?",
        "doc": 4481,
        "answer": "17.50 dlrs/bbl",
        "older": [(2046, "17.00 dlrs"), (127, "16.00 dlrs")],
    },
    {
        "question": "What is Unocal's posted price for West Texas Intermediate crude oil?",
        "doc": 4576,
        "answer": "17.50 dlrs",
        "older": [(543, "16 dlrs")],
    },
    {
        "question": "For how long will Ecuador's crude oil exports be suspended because of the earthquake?",
        "doc": 9527,
        "answer": "five months",
        "older": [(2973, "four months"), (7496, "four months")],
    },
    {
        "question": "How many people did the earthquake in Ecuador leave dead or missing?",
        "doc": 9780,
        "answer": "up to 1,000 people",
        "same": [(7022, "1,000 people")],
        "older": [(2957, "at least six people"), (3332, "up to 300 people")],
    },
    {
        "question": "How much did the March earthquake cost Ecuador in damage and losses?",
        "doc": 9780,
        "answer": "estimated billion dlrs",
        "same": [(7022, "one billion dlrs")],
        "older": [(3388, "950 mln dlrs")],
    },
    {
        "question": "How many U.S. banks have failed so far this year, according to the FDIC?",
        "doc": 10223,
        "answer": "51",
        "at": "this year to 51",
        "older": [(8058, "49th"), (8052, "48"), (6409, "44th"), (5113, "43rd"), (1850, "34th"), (172, "32")],
    },
    {
        "question": "What was the U.S. M-1 money supply in the week ended February 23?",
        "doc": 4544,
        "answer": "738.6 billion dlrs",
        "older": [(2468, "738.5 billion dlrs")],
    },
    {
        "question": "What was the U.S. M-1 money supply in the week ended March 2?",
        "doc": 7437,
        "answer": "738.2 billion dlrs",
        "older": [(4544, "738.0 billion dlrs")],
    },
    {
        "question": "How many of Brazil's 700,000 bank workers are on strike?",
        "doc": 9391,
        "answer": "about 530,000",
        "older": [(8763, "about 500,000"), (8729, "about 500,000")],
    },
    {
        "question": "How long did the UAW strike at General Motors' Pontiac truck and bus complex last?",
        "doc": 10798,
        "answer": "four-day",
        "older": [(10631, "three-day")],
    },
    {
        "question": "What were Tseng Laboratories' 1986 earnings per share?",
        "doc": 9390,
        "answer": "1.4 cts",
        "older": [(9330, "14 cts")],
    },
    {
        "question": "To which company did Rexnord agree to sell its Railway Maintenance Equipment unit?",
        "doc": 3910,
        "answer": "Oak Industries Inc",
        "older": [(3790, "Banner Industries Inc")],
    },
    {
        "question": "What were Lilly Industrial Coatings' sales in the first quarter ended February 28?",
        "doc": 9405,
        "answer": "39.7 mln",
        "older": [(9364, "36.7 mln")],
    },
    {
        "question": "On what date will Bankers Trust New York pay its quarterly dividend?",
        "doc": 6739,
        "answer": "April 25",
        "older": [(6324, "April 28")],
    },
    {
        "question": "How much per share is USAir offering for Piedmont Aviation shares?",
        "doc": 9971,
        "answer": "69 dlr",
        "older": [(1996, "71 dlrs")],
    },
    {
        "question": "What stake in Cyclops Corp does Dixons Group hold on a fully diluted basis?",
        "doc": 10404,
        "answer": "79 pct",
        "older": [(9246, "22 pct"), (6402, "56 pct")],
    },
    {
        "question": "How large is the judgment Pennzoil won against Texaco?",
        "doc": 10981,
        "answer": "11.12 billion dlr",
        "older": [(9650, "10.2 billion dlr"), (1370, "9.13 billion dlr")],
    },
]

AS_OF = [
    {
        "question": "How much cash per Viacom share is National Amusements offering in its bid for Viacom?",
        "until": "1987-03-02",
        "doc": 393,
        "answer": "42.00 dlrs",
        "newer": [(1000, "42.75 dlrs")],
    },
    {
        "question": "What price per share is Cyacq offering in its tender offer for Cyclops Corp?",
        "until": "1987-03-10",
        "doc": 2902,
        "answer": "80 dlr",
        "newer": [(7977, "92.50 dlrs"), (8932, "92.50 dlrs")],
    },
    {
        "question": "What is Citgo's posted price for West Texas Intermediate crude?",
        "until": "1987-03-10",
        "doc": 1875,
        "answer": "17.00 dlrs",
        "newer": [(4584, "17.50 dlrs")],
    },
    {
        "question": "What is Diamond Shamrock's posted price for West Texas Intermediate crude?",
        "until": "1987-03-01",
        "doc": 127,
        "answer": "16.00 dlrs",
        "newer": [(2046, "17.00 dlrs"), (4481, "17.50 dlrs/bbl")],
    },
    {
        "question": "How many people were killed by the earthquake in Ecuador?",
        "until": "1987-03-08",
        "doc": 2957,
        "answer": "at least six people",
        "newer": [(3332, "up to 300 people"), (7022, "1,000 people"), (9780, "up to 1,000 people")],
    },
    {
        "question": "For how long will Ecuador's crude oil exports be suspended because of the earthquake?",
        "until": "1987-03-10",
        "doc": 2973,
        "answer": "four months",
        "newer": [(3556, "five months"), (9527, "five months")],
    },
    {
        "question": "How many U.S. banks have failed so far this year, according to the FDIC?",
        "until": "1987-03-13",
        "doc": 5113,
        "answer": "43rd",
        "newer": [(6409, "44th"), (8052, "48"), (8058, "49th"), (10223, "51")],
    },
    {
        "question": "What was the U.S. M-1 money supply in the week ended March 9?",
        "until": "1987-03-20",
        "doc": 7437,
        "answer": "738.7 billion dlrs",
        "newer": [(10183, "739.0 billion dlrs")],
    },
    {
        "question": "How many ships has the strike by Brazil's seamen idled?",
        "until": "1987-03-10",
        "doc": 3028,
        "answer": "160 ships",
        "newer": [(9314, "80 ships")],
    },
    {
        "question": "How long has the national strike by Brazil's seamen been going on?",
        "until": "1987-03-10",
        "doc": 3329,
        "answer": "10th day",
        "newer": [(4617, "two-week"), (7119, "20-day-old")],
    },
    {
        "question": "How much did the March earthquake cost Ecuador in damage and losses?",
        "until": "1987-03-10",
        "doc": 3388,
        "answer": "950 mln dlrs",
        "newer": [(7022, "one billion dlrs"), (9780, "estimated billion dlrs")],
    },
    {
        "question": "What stake in Cyclops Corp does Dixons Group hold on a fully diluted basis?",
        "until": "1987-03-26",
        "doc": 9246,
        "answer": "22 pct",
        "newer": [(10404, "79 pct")],
    },
    {
        "question": "On what date will Bankers Trust New York pay its quarterly dividend?",
        "until": "1987-03-17",
        "doc": 6324,
        "answer": "April 28",
        "newer": [(6739, "April 25")],
    },
    {
        "question": "How much per share is USAir offering for Piedmont Aviation shares?",
        "until": "1987-03-06",
        "doc": 1996,
        "answer": "71 dlrs",
        "newer": [(3013, "69 dlrs"), (9971, "69 dlr")],
    },
    {
        "question": "How long has the UAW strike at General Motors' Pontiac truck and bus complex lasted?",
        "until": "1987-03-29",
        "doc": 10631,
        "answer": "three-day",
        "newer": [(10798, "four-day")],
    },
    {
        "question": "How large is the judgment Pennzoil won against Texaco?",
        "until": "1987-03-26",
        "doc": 9650,
        "answer": "10.2 billion dlr",
        "newer": [(10981, "11.12 billion dlr")],
    },
]

DATE_IN_QUESTION = [
    {
        "question": "To what level did the Bank of England revise its forecast of the U.K. money market "
        "shortage on March 2?",
        "date": "1987-03-02",
        "doc": 336,
        "answer": "700 mln stg",
        "other_dates": [(5905, "400 mln stg"), (8182, "750 mln stg")],
    },
    {
        "question": "To what level did the Bank of England revise its forecast of the U.K. money market "
        "shortage on March 17?",
        "date": "1987-03-17",
        "doc": 5905,
        "answer": "400 mln stg",
        "other_dates": [(336, "700 mln stg"), (8182, "750 mln stg")],
    },
    {
        "question": "To what level did the Bank of England revise its forecast of the U.K. money market "
        "deficit on March 23?",
        "date": "1987-03-23",
        "doc": 8182,
        "answer": "750 mln stg",
        "other_dates": [(336, "700 mln stg"), (5905, "400 mln stg")],
    },
    {
        "question": "What shortage did the Bank of England initially forecast in the U.K. money market "
        "on March 3?",
        "date": "1987-03-03",
        "doc": 913,
        "answer": "350 mln stg",
        "other_dates": [(307, "800 mln stg"), (5819, "450 mln stg"), (8147, "800 mln stg")],
    },
    {
        "question": "What maximum export rebate did white sugar receive at the EC tender on March 4?",
        "date": "1987-03-04",
        "doc": 1440,
        "answer": "43.147",
        "other_dates": [(6486, "44.819"), (9305, "45.678")],
    },
    {
        "question": "What maximum export rebate did white sugar receive at the EC tender on March 18?",
        "date": "1987-03-18",
        "doc": 6486,
        "answer": "44.819",
        "other_dates": [(1440, "43.147"), (9305, "45.678")],
    },
    {
        "question": "What maximum export rebate did white sugar receive at the EC tender on March 25?",
        "date": "1987-03-25",
        "doc": 9305,
        "answer": "45.678",
        "other_dates": [(1440, "43.147"), (6486, "44.819")],
    },
    {
        "question": "How many tonnes of white sugar received export rebates at the EC tender on March 25?",
        "date": "1987-03-25",
        "doc": 9305,
        "answer": "59,000 tonnes",
        "other_dates": [(6486, "60,500 tonnes")],
    },
    {
        "question": "What average rate did three-month bills fetch at the U.S. Treasury's weekly auction "
        "on March 9?",
        "date": "1987-03-09",
        "doc": 3371,
        "answer": "5.63 pct",
    },
    {
        "question": "With the Iowa bank closed on March 4, how many U.S. banks had failed so far that year?",
        "date": "1987-03-04",
        "doc": 1850,
        "answer": "34th",
        "other_dates": [(10223, "51"), (6409, "44th")],
    },
    {
        "question": "What share of Cyclops did Dixons say on March 18 it now held in total?",
        "date": "1987-03-18",
        "doc": 6402,
        "answer": "56 pct",
    },
    {
        "question": "As of March 6, how many Cyclops shares had been tendered to Cyacq?",
        "date": "1987-03-06",
        "doc": 2902,
        "answer": "353 shares",
    },
    {
        "question": "What M-1 money supply level did the Federal Reserve report on March 26 for the March 16 "
        "week?",
        "date": "1987-03-26",
        "doc": 10183,
        "answer": "740.2 billion dlrs",
    },
    {
        "question": "How many errors in the appeals court decision did the motion Texaco filed on March 30 "
        "cite?",
        "date": "1987-03-30",
        "doc": 10981,
        "answer": "over 200 errors",
    },
    {
        "question": "On March 11, how much did Ecuador's energy minister say was needed to repair the "
        "earthquake-damaged oil pipeline?",
        "date": "1987-03-11",
        "doc": 3556,
        "answer": "120 mln dlrs",
        "other_dates": [(2973, "100 mln U.S. Dlrs"), (3332, "150 mln dlrs")],
    },
    {
        "question": "On March 9, how long did a senior Ecuadorean Energy Ministry official say the suspension "
        "of crude oil shipments would last?",
        "date": "1987-03-09",
        "doc": 2973,
        "answer": "at least four months",
        "other_dates": [(3556, "five months")],
    },
    {
        "question": "According to a union official on March 5, how many ships had Brazil's seamen's strike "
        "idled?",
        "date": "1987-03-05",
        "doc": 2542,
        "answer": "160 ships",
        "other_dates": [(9314, "80 ships")],
    },
    {
        "question": "On March 27, what price per share did Dixons say it paid for its block of Cyclops shares?",
        "date": "1987-03-27",
        "doc": 10404,
        "answer": "95 dlrs",
    },
    {
        "question": "What pay offer from Globo and Flumar did striking Brazilian seamen accept, as reported "
        "on March 12?",
        "date": "1987-03-12",
        "doc": 4617,
        "answer": "120 pct",
    },
]

TIMELINE = [
    {
        "topic": "Brazil national seamen's strike",
        "events": [
            (2542, "ending a week-old national seamen's strike collapsed"),
            (2971, "Higher Labour Court yesterday ruled it illegal"),
            (3329, "marines were today working on the unloading of ships"),
            (4617, "accepted a 120 pct pay offer"),
            (7119, "An accord is in sight"),
            (9314, "looks close to ending"),
        ],
    },
    {
        "topic": "Ecuador earthquake and the suspension of its oil exports",
        "events": [
            (2688, "suspended its crude oil exports indefinitely"),
            (2957, "cut domestic fuel sales by 30 pct"),
            (2973, "will last at least four months"),
            (3556, "which will stop crude exports for five months"),
            (4609, "lend Ecuador 50,000 barrels per day"),
            (4983, "began building a 26 km (16 mile) pipeline"),
            (7496, "it is lending 11.7 mln dlrs to Ecuador"),
            (9527, "negotiating with Nigeria"),
        ],
    },
    {
        "topic": "Cyclops takeover contest between Dixons and Cyacq",
        "events": [
            (2902, "extended its 80 dlr a share tender offer"),
            (4303, "would raise its outstanding tender offer price"),
            (6402, "Dixons now holds a total of 56 pct"),
            (7977, "raised its tender offer"),
            (8497, "proposing to drop the group's offer"),
            (8823, "does not plan to extend the expiration date"),
            (8932, "amended its outstanding 92.50 dlrs a share tender offer"),
        ],
    },
    {
        "topic": "USAir acquisition of Piedmont Aviation",
        "events": [
            (1996, "acquire 50.1 pct of Piedmont for 71 dlrs per share"),
            (3013, "has agreed to be acquired for 69 dlrs per share"),
            (3039, "acquired 2,292,599 Piedmont Aviation Inc shares"),
            (7791, "acquire up to 51 pct of Piedmont Aviation"),
            (8205, "reduce the maximum number it will accept to 9,309,394"),
            (9971, "purchase and hold in a voting trust"),
        ],
    },
    {
        "topic": "TWA and Carl Icahn's bid for USAir",
        "events": [
            (1735, "holders of USAir common would receive 52 dlrs in cash"),
            (1996, "rejected Trans World Airlines Inc's offer to acquire USAir"),
            (2799, "about 15 pct of the total outstanding"),
            (2948, "dismissed on technical grounds"),
            (3095, "temporary restraining order"),
            (3711, "violated federal antitrust law"),
        ],
    },
    {
        "topic": "Texaco Pennzoil dispute",
        "events": [
            (1370, "has made several proposals to Texaco Inc"),
            (8414, "alleged bias by Judge Anthony J.P. Farris"),
            (9650, "remained willing to consider proposals"),
            (10981, "seeking a rehearing of the court's decision"),
        ],
    },
    {
        "topic": "Viacom buyout contest between National Amusements and management",
        "events": [
            (393, "received revised merger offers"),
            (1000, "has again raised the value of its offer"),
            (1808, "decided not to top National's bid"),
            (3356, "agreed to work together"),
            (10171, "set April 6 as the record date"),
        ],
    },
    {
        "topic": "GenCorp takeover bid by AFG Industries and Wagner and Brown",
        "events": [
            (6410, "started a tender offer for all common shares"),
            (6819, "will study the unsolicited tender offer"),
            (8204, "started soliciting proxies against GenCorp's proposals"),
            (8361, "filed suit against the unsolicited 100 dlr-a-share tender offer"),
            (9036, "withdrew from consideration"),
            (9087, "agreed to cancel a court hearing"),
        ],
    },
    {
        "topic": "UAW strike at the General Motors truck and bus plant in Pontiac",
        "events": [
            (7230, "will authorize a strike by its local"),
            (7396, "set a March 26 strike deadline"),
            (10030, "truck and bus plants at Pontiac"),
            (10631, "A tentative settlement has been reached"),
            (10798, "voted overwhelmingly to ratify a settlement"),
        ],
    },
    {
        "topic": "Brazil bank workers' national strike",
        "events": [
            (5156, "voted to strike on March 24"),
            (8763, "began an indefinite national strike"),
            (9391, "gained more support today"),
            (10220, "completed three days"),
        ],
    },
    {
        "topic": "Hughes Tool and Baker International merger",
        "events": [
            (1920, "reject a merger with Baker International Corp"),
            (2251, "was still under consideration"),
            (2376, "hoped to iron out snags"),
            (3587, "approve a new agreement with regulators"),
        ],
    },
    {
        "topic": "Brazil debt moratorium and its bank creditors",
        "events": [
            (175, 'expressed "grave concern"'),
            (2355, "the current debt moritorium would be temporary"),
            (5098, "would not be an intelligent measure"),
            (8121, "wants to resume interest payments"),
            (9225, "failed to achieve any breakthrough in debt talks"),
        ],
    },
]


# ------------------------------------------------------------------------------------------- checking


class SetError(Exception):
    """The selection does not fit the data."""


def value_key(answer: str) -> tuple | str:
    """What an answer says, for "differs" checks: its numbers, or its words when it has none."""
    nums = re.findall(r"\d[\d,]*(?:\.\d+)?", answer)
    if nums:
        return tuple(float(n.replace(",", "")) for n in nums)
    return " ".join(answer.lower().split())


def _splitter():
    """The project's sentence splitter, or a plain fallback; and its name."""
    try:
        sys.path.insert(0, str(ROOT))
        from index.split import split_sentences

        return (lambda text: [(s.start, s.end) for s in split_sentences(text)]), "index.split.split_sentences"
    except Exception:  # the project is being edited: the set must still build

        def fallback(text: str) -> list[tuple[int, int]]:
            spans = []
            for para in re.finditer(r"[^\n]+", text):
                start = para.start()
                for m in re.finditer(r"(?<=[.!?])[\"']?\s+(?=[\"(]?[A-Z0-9])|$", para.group(0)):
                    end = para.start() + m.start()
                    if end > start:
                        spans.append((start, end))
                    start = para.start() + m.end()
            return spans

        return fallback, "fallback regex splitter"


class Corpus:
    """The articles by NEWID, with verbatim lookups that raise ``SetError``."""

    def __init__(self, records: list[dict]):
        self.by_id = {r["newid"]: r for r in records}
        self.split, self.splitter = _splitter()
        self._sentences: dict[int, list[tuple[int, int]]] = {}

    def rec(self, newid: int) -> dict:
        if newid not in self.by_id:
            raise SetError(f"NEWID {newid} is not in the files read")
        rec = self.by_id[newid]
        if not rec["body"]:
            raise SetError(f"NEWID {newid} has no body")
        return rec

    def published(self, newid: int) -> str:
        return self.rec(newid)["time"].date().isoformat()

    def locate(self, newid: int, span: str, at: str | None = None) -> tuple[int, int]:
        """Offsets of ``span`` in the document text; it must occur verbatim in the body."""
        rec = self.rec(newid)
        body_start = len(rec["title"]) + 2
        text = document_text(rec)
        base = body_start
        if at is not None:
            a = text.find(at, body_start)
            if a < 0:
                raise SetError(f"{newid}: locating phrase {at!r} not in body")
            base = a
        i = text.find(span, base)
        if i < 0 or (at is not None and i + len(span) > base + len(at)):
            raise SetError(f"{newid}: {span!r} not verbatim in body")
        return i, i + len(span)

    def sentence(self, newid: int, start: int, end: int) -> tuple[int, int]:
        if newid not in self._sentences:
            self._sentences[newid] = self.split(document_text(self.rec(newid)))
        for s, e in self._sentences[newid]:
            if s <= start and end <= e:
                return s, e
        raise SetError(f"{newid}: span {start}-{end} crosses a sentence boundary")

    def entry(self, newid: int, answer: str, at: str | None = None) -> dict:
        """One (doc, answer) with its date, time and offsets."""
        a, b = self.locate(newid, answer, at)
        s, e = self.sentence(newid, a, b)
        t = self.rec(newid)["time"]
        return {
            "doc": newid,
            "doc_id": f"reuters-{newid}",
            "published": t.date().isoformat(),
            "published_at": t.isoformat(),
            "answer": answer,
            "answer_start": a,
            "answer_end": b,
            "sentence_start": s,
            "sentence_end": e,
        }


def _differs(answer: str, others: list[dict], where: str) -> None:
    for o in others:
        if value_key(o["answer"]) == value_key(answer):
            raise SetError(f"{where}: {o['doc']} gives the same value as the answer ({o['answer']!r})")


def _copies_with_answer(corpus: Corpus, item: dict, copies_of: dict[int, list[int]]) -> list[dict]:
    """Other copies of the answer's article that hold the answer too (equally right to cite)."""
    out = []
    for other in copies_of.get(item["doc"], []):
        if other != item["doc"] and item["answer"] in corpus.rec(other)["body"]:
            out.append(corpus.entry(other, item["answer"]))
    return out


def build_latest(corpus: Corpus, spec: dict, copies_of: dict) -> dict:
    item = {"question": spec["question"], **corpus.entry(spec["doc"], spec["answer"], spec.get("at"))}
    item["older"] = [corpus.entry(d, a) for d, a in spec["older"]]
    _differs(spec["answer"], item["older"], spec["question"])
    newest = corpus.rec(spec["doc"])["time"]
    for o in item["older"]:
        if corpus.rec(o["doc"])["time"] >= newest:
            raise SetError(f"{spec['question']}: 'older' article {o['doc']} is not older than {spec['doc']}")
    item["also"] = _copies_with_answer(corpus, item, copies_of) + _same(corpus, spec, newest)
    return item


def _same(corpus: Corpus, spec: dict, newest: dt.datetime) -> list[dict]:
    """Older articles that give the same value in other words ("1,000 people", "up to 1,000 people"):
    listed in ``also`` with the copies, as equally right to cite (a curated claim, checked verbatim)."""
    out = [corpus.entry(d, a) for d, a in spec.get("same", [])]
    for o in out:
        if corpus.rec(o["doc"])["time"] >= newest:
            raise SetError(f"{spec['question']}: 'same' article {o['doc']} is not older than {spec['doc']}")
    return out


def build_as_of(corpus: Corpus, spec: dict, copies_of: dict) -> dict:
    until = dt.date.fromisoformat(spec["until"])
    item = {"question": spec["question"], "until": spec["until"], **corpus.entry(spec["doc"], spec["answer"])}
    if corpus.rec(spec["doc"])["time"].date() > until:
        raise SetError(f"{spec['question']}: answer article {spec['doc']} is after {until}")
    item["newer"] = [corpus.entry(d, a) for d, a in spec["newer"]]
    _differs(spec["answer"], item["newer"], spec["question"])
    for n in item["newer"]:
        if corpus.rec(n["doc"])["time"].date() <= until:
            raise SetError(f"{spec['question']}: 'newer' article {n['doc']} is not after {until}")
    item["also"] = [
        a for a in _copies_with_answer(corpus, item, copies_of) if a["published"] <= spec["until"]
    ]
    return item


def _names_date(question: str, day: dt.date) -> bool:
    return re.search(rf"\b{_MONTH_NAMES[day.month - 1]} {day.day}\b", question) is not None


def build_date_in_question(corpus: Corpus, spec: dict, copies_of: dict) -> dict:
    day = dt.date.fromisoformat(spec["date"])
    if not _names_date(spec["question"], day):
        raise SetError(f"{spec['question']}: does not name {day}")
    item = {"question": spec["question"], "date": spec["date"], **corpus.entry(spec["doc"], spec["answer"])}
    if item["published"] != spec["date"]:
        raise SetError(f"{spec['question']}: article {spec['doc']} is of {item['published']}, not {day}")
    item["other_dates"] = [corpus.entry(d, a) for d, a in spec.get("other_dates", [])]
    _differs(spec["answer"], item["other_dates"], spec["question"])
    for o in item["other_dates"]:
        if o["published"] == spec["date"]:
            raise SetError(f"{spec['question']}: 'other_dates' article {o['doc']} is of the same day")
    item["also"] = [a for a in _copies_with_answer(corpus, item, copies_of) if a["published"] == spec["date"]]
    return item


def build_timeline(corpus: Corpus, spec: dict) -> dict:
    events = []
    for newid, key in spec["events"]:
        e = corpus.entry(newid, key)
        events.append(
            {
                "doc": e["doc"],
                "doc_id": e["doc_id"],
                "published": e["published"],
                "published_at": e["published_at"],
                "sentence_start": e["sentence_start"],
                "sentence_end": e["sentence_end"],
                "key": key,
                "key_start": e["answer_start"],
                "key_end": e["answer_end"],
            }
        )
    if len(events) < 4:
        raise SetError(f"timeline {spec['topic']!r}: fewer than 4 events")
    if len({e["doc"] for e in events}) != len(events):
        raise SetError(f"timeline {spec['topic']!r}: an article is used twice")
    times = [e["published_at"] for e in events]
    if times != sorted(times):
        raise SetError(f"timeline {spec['topic']!r}: events are not in date order")
    return {"topic": spec["topic"], "events": events}


# --------------------------------------------------------------------------------------------- copies


def _shingles(body: str) -> set[str]:
    words = re.findall(r"\w+", body.lower())
    return {" ".join(words[i : i + 4]) for i in range(len(words) - 3)}


def find_copies(
    records: list[dict], threshold: float = 0.8, max_days: float = 4.0, min_words: int = 40
) -> list[list[int]]:
    """Groups of near-identical bodies (shingle Jaccard > threshold) published within ``max_days``.

    The time window keeps out wire templates that repeat word for word on other days (e.g. "Bundesbank
    leaves credit policies unchanged" of 5 and 19 March), which are different events, not copies.
    """
    sh = {
        r["newid"]: _shingles(r["body"]) for r in records if len(re.findall(r"\w+", r["body"])) >= min_words
    }
    times = {r["newid"]: r["time"] for r in records}
    postings: dict[str, list[int]] = collections.defaultdict(list)
    for newid, s in sh.items():
        for h in s:
            postings[h].append(newid)
    shared: collections.Counter = collections.Counter()
    for ids in postings.values():
        if 1 < len(ids) <= 50:  # a shingle in more than 50 bodies is boilerplate: no evidence of a copy
            for pair in itertools.combinations(sorted(ids), 2):
                shared[pair] += 1
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for (x, y), n in shared.items():
        if n < threshold * min(len(sh[x]), len(sh[y])):
            continue  # cannot reach the threshold
        if abs((times[x] - times[y]).total_seconds()) > max_days * 86400:
            continue
        if len(sh[x] & sh[y]) / len(sh[x] | sh[y]) > threshold:
            parent[root(x)] = root(y)
    groups: dict[int, list[int]] = collections.defaultdict(list)
    for x in set(parent) | set(parent.values()):
        groups[root(x)].append(x)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


# ----------------------------------------------------------------------------------------------- build


def build(data_dir: Path) -> tuple[dict, list[str]]:
    """The set and the list of failures (empty when every item checks out)."""
    records = read_records(data_dir, FILES)
    corpus = Corpus(records)
    copies = find_copies(records)
    copies_of = {x: g for g in copies for x in g}
    failures: list[str] = []
    out: dict = {"latest": [], "as_of": [], "date_in_question": [], "timeline": []}
    kinds = [
        ("latest", LATEST, lambda s: build_latest(corpus, s, copies_of)),
        ("as_of", AS_OF, lambda s: build_as_of(corpus, s, copies_of)),
        ("date_in_question", DATE_IN_QUESTION, lambda s: build_date_in_question(corpus, s, copies_of)),
        ("timeline", TIMELINE, lambda s: build_timeline(corpus, s)),
    ]
    for kind, specs, make in kinds:
        for n, spec in enumerate(specs, 1):
            try:
                item = make(spec)
            except SetError as exc:
                failures.append(f"{kind} #{n}: {exc}")
                continue
            out[kind].append({"id": f"{kind}-{n:02d}", "kind": kind, **item})
    out["copies"] = copies
    out["meta"] = {
        "source": "Reuters-21578, Distribution 1.0 (research use only)",
        "files": [f"reut2-{i:03d}" for i in FILES],
        "articles": len(records),
        "dates": [
            min(r["time"] for r in records).date().isoformat(),
            max(r["time"] for r in records).date().isoformat(),
        ],
        "text": "reuters_documents(): title + blank line + body (html.unescape, control characters "
        "removed, wire line-wrapping undone, closing 'Reuter' dropped); offsets index that text",
        "splitter": corpus.splitter,
        "counts": {k: len(out[k]) for k in ("latest", "as_of", "date_in_question", "timeline")}
        | {"copies": len(copies)},
    }
    return out, failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the reuters-21578 folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the set (outside the repo)")
    args = ap.parse_args(argv)
    out, failures = build(args.data)
    for k, v in out["meta"]["counts"].items():
        print(f"{k:>17}: {v}")
    if failures:
        print(f"\n{len(failures)} failure(s):", file=sys.stderr)
        for f in failures:
            print("  " + f, file=sys.stderr)
        return 1
    path = args.out.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
