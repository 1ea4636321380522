"""Wire copies and re-sends: near-duplicate articles detected at ingest and grouped.

A news stream carries the same story several times: a re-send under another headline, a correction
of one figure, the same wire story under another outlet. Each stored document gets a MinHash
signature (``datasketch``) of its body; documents whose signatures agree on at least ``THRESHOLD``
of their values (the estimated Jaccard similarity of their shingle sets), published at most
``MAX_DAYS`` apart, are linked, and a group is a connected component of the links. Candidates come
from datasketch's ``MinHashLSH``; every candidate is checked against the two signatures.

The signature
  - The body is the stored text after the headline line (``StoredDocument.body_start``), so a
    re-send with a new headline is still a copy. It is NFKC-normalised and case-folded, and its
    words (``\\w+``) make overlapping word 4-shingles (``SHINGLE``); numbers are words, so two
    reports that differ in their figures differ in every shingle around them.
  - A body with fewer than ``MIN_SHINGLES`` shingles gets no signature: it is never grouped.
  - ``NUM_PERM`` = 128 values (uint32, datasketch's "affine32" scheme), stored base64 (684 chars).

Measured on Reuters-21578 reut2-000 .. reut2-010 (the 10,142 articles the pipeline stores; exact
Jaccard of the body shingle sets over every pair that shares a shingle; pairs read by eye):
  - Templates are the danger, not topics. "FED ADDS RESERVES VIA CUSTOMER REPURCHASES" (a daily
    46-shingle item whose figures change) reaches J = 0.70-0.84 between different days (1.0 on two
    days with the same figures); dividend notices ("Qtly div 20 cts vs 20 cts prior ...", 11-14
    shingles) reach J = 1.0 between different companies, named only in the headline; "BUNDESBANK
    LEAVES CREDIT POLICIES UNCHANGED" of 5 and 19 March is the same 38-shingle body. With
    ``MIN_SHINGLES`` = 50 none of them is signed; real copies of short bodies (re-sent earnings
    tables) are lost with them: 37 of the 363 pairs at J >= 0.7 have a body under 50 shingles.
  - With 50+ shingles, every pair at J >= 0.7 we read (all 44 between 0.70 and 0.85, a sample
    above) is a copy. Between 0.5 and 0.7 most pairs are one story at two lengths, but not all:
    "LOCKHEED <LK> UNIT GETS 304 MLN DLR SDI CONTRACT" / "GRUMMAN<GQ> UNIT GETS 303.9 MLN DLR SDI
    CONTRACT" (two contracts, J = 0.62), weekly Treasury bill auctions (0.54-0.58, 7 and 14 days
    apart). Hence ``THRESHOLD`` = 0.7: a missed copy costs a repeated citation, a false copy hides
    another event. It misses some corrections of short tables ("CORRECTED - PEGASUS GOLD 4TH QTR",
    which relabels the quarter: J = 0.64). A one-word correction of a 50-shingle body scores 0.85.
  - ``MAX_DAYS`` = 4: the furthest apart real copies at J >= 0.7 are 3.0 days apart ("ECONOMIC
    SPOTLIGHT - EMS MARKS EIGHTH BIRTHDAY"); the window keeps out a template repeated word for word
    weeks later. A document without a publication date is not bounded.
  - 128 values estimate J with a standard deviation of about 0.04 at 0.7. datasketch's own LSH
    optimum for 0.7 (14 bands of 9 rows) makes a pair at J = 0.7 a candidate 44% of the time and
    at 0.8 87%; candidates are checked anyway, so ``_BANDS`` = 25 x 5 (0.99 at 0.7, 0.55 at 0.5,
    0.06 at 0.3): it links 310 of the 316 pairs at J >= 0.7 (50+ shingles, 4 days; the 6 others
    estimate just under 0.7), against 297 with 14 x 9, for 2.0 s of grouping instead of 1.0 s.
  - Result: 8,149 articles signed, 317 links, 303 groups (296 pairs, 7 triples, 613 articles).
    The 7 links beyond the 310 are pairs at J = 0.65-0.69, each the same story (read).
    Ten grouped pairs read word by word (NEWIDs; J exact / estimated): 3855/3929 "DOLE MULLS BILL TO
    EXTEND ETHANOL TAX EXEMPTION" re-sent as "BILL TO EXTEND ETHANOL EXEMPTION CONSIDERED" (0.78/0.80);
    3676/4239 "CORRECTED-INSITUFORM ...", "includes" corrected to "excludes" (0.79/0.78);
    956/1002 Taiwan textile plea, new headline and one added sentence (0.79/0.78); 6841/6884
    Canadian Pacific seeks buyer, "Canadian" added twice (0.78/0.79); 5684/5692 Brazil trade surplus,
    rewritten lead (0.72/0.70); 9591/9630 Bolivian debt buyback, new headline and edits
    (0.76/0.73); 4033/4135 Taft rejects offer, typo "Braodacasting" fixed (0.79/0.80); 5890/5948
    ABM Gold offering, tickers dropped (0.79/0.83); 2762/2785 Pioneer Group Ghana land, copy-edited
    (0.73/0.74); 3098/3109 orange juice duties under a new headline (0.76/0.73).
    Different stories on one company stay apart: of 1,430 pairs of signed articles with the same
    ticker in the headline, published within 4 days, 18 are grouped and all 18 are copies
    (re-sends, "CORRECTED", "RPT"); e.g. "CHRYSLER <C> TO CLOSE INDIANA ELECTRICAL PLANT" / "CHRYSLER
    <C> TO PUT FOUR PLANTS ON OVERTIME" (J = 0.00), the Lockheed / Grumman contracts above
    (estimate 0.64). Among the 1,412 apart, some are copies missed: earnings tables re-sent with
    relabelled lines ("AMCAST ... 2ND QTR": "Sales" / "Revs", "1st half" / "Six mths", J = 0.45).

Persistence: ``newsqa_copies`` (``SentenceStore.table``), one record per document id: the
``version`` of the text the signature was made from, the signature (``sig``, "" when the body is
too short), ``published_ts``, the ``scheme`` (a record of another scheme is recomputed) and
``links``: the (id, version) of each document found to be a copy when it was signed. A link counts
while both versions are current, so reading the groups needs no LSH index, and a later change of
either document voids it without rewriting the other's record. A record whose version is not its
document's current version, or whose document is gone, never counts, so groups follow every change
and removal, also by a path that did not touch this table (``Assistant.remove``); such records are
deleted, and current documents without a record are signed, at the next write (``record_copies``,
called by ``index_documents`` and by sync after each store write).

Cost (this 2-core VM, shared): a signature 0.38 ms per article (10,142 Reuters articles in 3.8 s);
grouping the 8,149 signed ones from scratch (LSH inserts, queries, checks, components) 2.0 s.
``CopyGroups.load`` on a real store of 1,000 (5,000) Reuters articles: 150-340 ms (660 ms) the
first time in a process (``current_versions`` 100-240 (360) ms and the table read 40-70 (225) ms;
no datasketch import), then about 1 ms (one ``generation()`` read) while nothing is written, and
one read of the versions (100 (440) ms) after a write; ``group_of`` 0.2 us. ``record_copies`` of
one changed document, groups held: 10 ms; the first write of a process also imports datasketch
(0.7 s: it imports scipy) and builds the LSH index (0.25 ms per signed document).
"""

from __future__ import annotations

import base64
import functools
import re
import threading
import unicodedata
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from index.documents import StoredDocument
from index.store import RecordTable, SentenceStore

if TYPE_CHECKING:  # datasketch is imported when first used: it pulls in scipy (0.7 s at start-up)
    from datasketch import LeanMinHash

__all__ = [
    "COPIES", "MAX_DAYS", "MIN_SHINGLES", "NUM_PERM", "SCHEME", "SHINGLE", "THRESHOLD", "CopyGroups", "Signature",
    "body_text", "copies_table", "record_copies", "shingles", "signature",
]

COPIES = "newsqa_copies"
SHINGLE = 4  # words per shingle
NUM_PERM = 128  # MinHash values per signature
THRESHOLD = 0.7  # estimated Jaccard similarity from which two bodies are copies
MIN_SHINGLES = 50  # shorter bodies (templates, dividend notices) are never grouped
MAX_DAYS = 4.0  # copies are published at most this far apart (when both dates are known)
_SEED = 1
_HASH_SCHEME = "affine32"
SCHEME = f"w{SHINGLE}-p{NUM_PERM}-s{_SEED}-{_HASH_SCHEME}"  # what a stored signature was made with
_BANDS = (25, 5)  # LSH bands x rows: candidates are checked against THRESHOLD, so favour recall (see above)
_FEW = 64  # up to this many records are read one by one on a refresh; more: the whole table
_WORD = re.compile(r"\w+")


@functools.cache
def _permutations() -> np.ndarray:
    """The one set of MinHash permutations every signature uses (made once: generating them costs
    more than hashing an article)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_HASH_SCHEME).permutations


# -- signatures ----------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Signature:
    """The MinHash signature of one version of a document (``hashvalues`` None: body too short)."""

    version: str
    hashvalues: np.ndarray | None = None
    published_ts: int | None = None

    def to_record(self) -> dict[str, Any]:
        """The ``newsqa_copies`` record (flat Chroma metadata)."""
        sig = "" if self.hashvalues is None else base64.b64encode(self.hashvalues.astype("<u4").tobytes()).decode()
        return {"version": self.version, "sig": sig, "published_ts": self.published_ts, "scheme": SCHEME}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Signature | None:
        """The signature a record holds; None when it was made with another scheme (or is damaged)."""
        if record.get("scheme") != SCHEME or not isinstance(record.get("version"), str):
            return None
        sig = str(record.get("sig") or "")
        try:
            values = np.frombuffer(base64.b64decode(sig, validate=True), dtype="<u4").astype(np.uint32) if sig else None
        except ValueError:  # not base64, or not whole uint32 values
            return None
        if values is not None and len(values) != NUM_PERM:
            return None
        ts = record.get("published_ts")
        return cls(record["version"], values, int(ts) if ts is not None else None)

    def minhash(self) -> LeanMinHash | None:
        """The signature as a datasketch MinHash (for the LSH index), or None."""
        if self.hashvalues is None:
            return None
        from datasketch import LeanMinHash

        return LeanMinHash(seed=_SEED, hashvalues=self.hashvalues, scheme=_HASH_SCHEME)


def body_text(doc: StoredDocument) -> str:
    """The stored text after the headline line: what copies share when a re-send changes the headline."""
    if not doc.sentences:
        return ""
    first = doc.body_start
    return doc.text[doc.sentences[first].start :] if first < len(doc.sentences) else ""


def shingles(text: str) -> set[bytes]:
    """The word ``SHINGLE``-grams of ``text``, normalised (NFKC, case-folded, words only)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def signature(doc: StoredDocument) -> Signature:
    """The signature of a stored document's body (no hash values when it has under ``MIN_SHINGLES``)."""
    grams = shingles(body_text(doc))
    if len(grams) < MIN_SHINGLES:
        return Signature(doc.version, None, doc.published_ts)
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_HASH_SCHEME, permutations=_permutations())
    mh.update_batch(grams)
    return Signature(doc.version, mh.hashvalues.astype(np.uint32), doc.published_ts)


# -- groups --------------------------------------------------------------------------------------
class CopyGroups:
    """The copy groups of the current documents of a store.

    ``CopyGroups.load(store)`` gives the groups (kept per store object in this process and brought
    up to date when the store changed); ``group_of``, ``members`` and ``as_dict`` read them.
    Reading needs no LSH index: each record lists the documents (id and version) its document was
    found to be a copy of when it was signed, and a listed link counts while both versions are
    current. ``update`` (a write) builds the LSH index on first use, then applies a change of ``k``
    documents with LSH inserts, removals and queries and a connected-components pass over the
    groups they touch only.
    """

    def __init__(self) -> None:
        self._lsh: Any = None  # datasketch MinHashLSH of every signed document, made by the first update
        self._sigs: dict[str, Signature] = {}  # every document with a valid signature record
        self._hashes: dict[str, LeanMinHash] = {}  # the signed ones, as indexed (while there is an index)
        self._links: dict[str, set[str]] = {}  # doc id -> the documents it is a copy of
        self._group: dict[str, str] = {}  # doc id -> group id, for groups of 2 or more
        self._members: dict[str, tuple[str, ...]] = {}  # group id -> its doc ids, sorted
        self.generation = ""  # the store generation these groups were last brought up to
        self.position = 0  # the newest change-log position (of a lexical snapshot) they were brought to
        self.stale: set[str] = set()  # record keys that do not count (deleted at the next write)
        self.missing: set[str] = set()  # current documents without a valid record (signed at the next write)

    # -- reading -----------------------------------------------------------------------------
    @classmethod
    def load(
        cls, store: SentenceStore, versions: Mapping[str, str] | None = None, generation: str | None = None,
        position: int | None = None,
    ) -> CopyGroups:
        """The groups of ``store``'s current documents: the ones this process keeps for that store
        object, brought up to date when the store changed since (one ``generation()`` read when it
        did not), else read from the ``newsqa_copies`` table.

        ``versions`` and ``generation``: the current documents as a caller already knows them (the
        lexical snapshot, kept up to date from the change log), so a write costs reading the records
        of the documents it changed, not every document's version; ``position`` (the snapshot's place
        in the change log): a snapshot older than the one the groups were last brought to never takes
        them back (questions that started before a write keep running beside newer ones)."""
        with _LOCK:
            if generation is None or versions is None:
                generation, versions, position = store.generation(), None, None
            groups = _CACHE.get(store)
            if groups is None:
                groups = cls()
                groups._refresh(store, generation, everything=True, current=versions)
                _CACHE[store] = groups
            elif groups.generation != generation and (position is None or position >= groups.position):
                groups._refresh(store, generation, current=versions)
            if position is not None:
                groups.position = max(groups.position, position)
            return groups

    def group_of(self, doc_id: str) -> str | None:
        """The group id of ``doc_id`` (the smallest doc id of its group); None when it has no copy."""
        return self._group.get(doc_id)

    def members(self, group: str) -> list[str]:
        """The doc ids of ``group``, sorted (empty for an unknown group)."""
        return list(self._members.get(group, ()))

    def as_dict(self) -> dict[str, str]:
        """doc id -> group id, for every document that has at least one copy."""
        return dict(self._group)

    def links_of(self, doc_id: str) -> list[tuple[str, str]]:
        """The (doc id, version) of each document ``doc_id`` is a copy of, as its record stores them."""
        return sorted((other, self._sigs[other].version) for other in self._links.get(doc_id, ()))

    # -- changing ----------------------------------------------------------------------------
    def update(self, changed: Mapping[str, Signature], removed: Iterable[str] = ()) -> None:
        """Apply new signatures (of new or changed documents) and removals; the copies of the
        changed ones are found with the LSH index, and only the groups these documents were or
        become part of are recomputed."""
        self._apply(changed, removed, listed=None)

    def _apply(
        self, changed: Mapping[str, Signature], removed: Iterable[str],
        listed: Mapping[str, Iterable[Sequence[str]]] | None,
    ) -> None:
        """``update``; with ``listed`` (doc id -> the (id, version) pairs its record lists) the links
        are taken from the records instead of the LSH index (reading needs no index)."""
        touched: set[str] = set()
        for doc_id in [*removed, *changed]:
            touched |= self._drop(doc_id)
        self._sigs.update(changed)
        if listed is None:
            self._index(changed)
            for doc_id in changed:
                touched |= self._link(doc_id)
        else:
            if self._lsh is not None:
                self._index(changed)
            for doc_id, pairs in listed.items():
                for other, version in pairs:
                    touched |= self._add_link(doc_id, other, version)
        self._regroup(touched)

    def _index(self, new: Iterable[str]) -> None:
        """Put ``new`` documents' signatures into the LSH index; made from every signature first."""
        if self._lsh is None:
            from datasketch import MinHashLSH

            self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, params=_BANDS)
            new = self._sigs
        for doc_id in new:
            mh = self._sigs[doc_id].minhash()
            if mh is not None:
                self._hashes[doc_id] = mh
                self._lsh.insert(doc_id, mh, check_duplication=False)

    def _component(self, doc_id: str) -> set[str]:
        """The members of ``doc_id``'s current group, or just it."""
        group = self._group.get(doc_id)
        return set(self._members[group]) if group is not None else {doc_id}

    def _drop(self, doc_id: str) -> set[str]:
        """Take a document out (signature, LSH, links); returns the group it was part of."""
        before = self._component(doc_id)
        for other in self._links.pop(doc_id, ()):
            self._links[other].discard(doc_id)
        if self._hashes.pop(doc_id, None) is not None:
            self._lsh.remove(doc_id)
        self._sigs.pop(doc_id, None)
        return before

    def _add_link(self, doc_id: str, other: str, version: str) -> set[str]:
        """Link two documents when ``other`` is current at ``version``; returns the group ``other``
        was part of (nothing when no link was made)."""
        if other == doc_id or doc_id not in self._sigs or getattr(self._sigs.get(other), "version", None) != version:
            return set()
        self._links.setdefault(doc_id, set()).add(other)
        self._links.setdefault(other, set()).add(doc_id)
        return self._component(other)

    def _link(self, doc_id: str) -> set[str]:
        """Link a newly indexed document to its copies; returns the groups it now joins."""
        mh = self._hashes.get(doc_id)
        joined = {doc_id}
        if mh is None:
            return joined
        for other in self._lsh.query(mh):
            if other != doc_id and other not in self._links.get(doc_id, ()) and self._copies(doc_id, other):
                joined |= self._add_link(doc_id, other, self._sigs[other].version)
        return joined

    def _copies(self, a: str, b: str) -> bool:
        """Whether two indexed documents are copies: signatures that agree on ``THRESHOLD`` of
        their values, published at most ``MAX_DAYS`` apart (when both dates are known)."""
        ta, tb = self._sigs[a].published_ts, self._sigs[b].published_ts
        if ta is not None and tb is not None and abs(ta - tb) > MAX_DAYS * 86400:
            return False
        return self._hashes[a].jaccard(self._hashes[b]) >= THRESHOLD

    def _regroup(self, touched: set[str]) -> None:
        """Recompute the connected components of ``touched`` (whole former groups plus the changed
        documents, so no other group can change)."""
        group_of, members = dict(self._group), dict(self._members)  # readers keep the old tables meanwhile
        for group in {group_of.pop(d) for d in touched if d in group_of}:
            members.pop(group, None)
        seen: set[str] = set()
        for start in sorted(touched):
            if start in seen or start not in self._sigs:
                continue
            component, queue = {start}, [start]
            while queue:
                for other in self._links.get(queue.pop(), ()):
                    if other not in component:
                        component.add(other)
                        queue.append(other)
            seen |= component
            if len(component) > 1:
                group = min(component)
                members[group] = tuple(sorted(component))
                group_of.update(dict.fromkeys(component, group))
        self._group, self._members = group_of, members  # one swap each: a reader sees old or new

    def _refresh(
        self, store: SentenceStore, generation: str, everything: bool = False, current: Mapping[str, str] | None = None
    ) -> None:
        """Bring the groups up to the store's current versions (``current``, else read): drop what
        is gone or changed, read the records of what is new (one by one when few, else the whole table)."""
        # records are marked stale (deleted at the next write) only against versions read from the
        # store itself: a caller's versions may lag behind another process's newer documents
        authoritative = current is None
        current = store.current_versions() if current is None else current
        dropped = [d for d, sig in self._sigs.items() if current.get(d) != sig.version]
        fresh = {d for d, v in current.items() if d not in self._sigs or self._sigs[d].version != v}
        table = copies_table(store)
        if everything or len(fresh) > _FEW:
            records = table.all()
        else:
            records = {d: r for d in sorted(fresh) if (r := table.get(d)) is not None}
        changed: dict[str, Signature] = {}
        listed: dict[str, list] = {}
        for key, record in records.items():
            sig = Signature.from_record(record)
            if sig is not None and current.get(key) == sig.version:
                if key in fresh:
                    changed[key], listed[key] = sig, list(record.get("links") or ())
            elif authoritative and (key not in self._sigs or key in dropped):
                self.stale.add(key)
        gone = [d for d in dropped if d not in changed]
        if authoritative:
            self.stale.update(gone)
        self._apply(changed, gone, listed)
        self.missing = {d for d in current if d not in self._sigs}
        self.generation = generation


_LOCK = threading.RLock()
_CACHE: weakref.WeakKeyDictionary[SentenceStore, CopyGroups] = weakref.WeakKeyDictionary()


def copies_table(store: SentenceStore) -> RecordTable:
    """The ``newsqa_copies`` table of ``store`` (one signature record per document id)."""
    return store.table(COPIES, json_fields=("links",))


# -- the write path ------------------------------------------------------------------------------
def record_copies(
    store: SentenceStore, stored: Sequence[StoredDocument] = (), removed: Iterable[str] = (), page: int = 500
) -> None:
    """After a write (``put_many`` of ``stored``, ``remove`` of ``removed``): update this process's
    groups, store the new signatures with the copies found, delete records that no longer count
    and sign the current documents that have none (an interrupted write, a store made before
    copies existed).

    It costs in proportion to what changed: the groups are not re-read from the store when this
    process already holds them (the next ``CopyGroups.load`` brings them up to other writes); the
    first write of a process builds the LSH index from the stored signatures."""
    changed = {d.id: signature(d) for d in stored}
    gone = [d for d in removed if d not in changed]
    if not changed and not gone and not CopyGroups.load(store).missing:
        return  # (a store made before copies existed is signed at its next index run, even a no-op one)
    with _LOCK, store.guard():
        groups = _CACHE.get(store)
        if groups is None:
            groups = CopyGroups.load(store)
        table = copies_table(store)
        groups.update(changed, removed=gone)
        _write(table, groups, changed, gone)
        todo = sorted(groups.missing - set(changed))
        groups.missing.clear()
        for i in range(0, len(todo), page):
            signed = {d.id: signature(d) for d in store.get(todo[i : i + page]).values()}
            groups.update(signed)
            _write(table, groups, signed, [])
        store.touch()  # the write's generation came before these records: other processes look again


def _write(table: RecordTable, groups: CopyGroups, changed: Mapping[str, Signature], gone: Sequence[str]) -> None:
    """Delete the records that no longer count (never one about to be written), then write the new
    ones, each with the copies its document has now."""
    doomed = sorted((groups.stale | set(gone)) - set(changed))
    groups.stale.clear()
    table.delete(doomed)
    table.put({d: {**sig.to_record(), "links": groups.links_of(d)} for d, sig in changed.items()})
