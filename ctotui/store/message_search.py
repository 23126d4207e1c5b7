"""Paging and counting an inbox view filtered by words, fast when the words are common.

A common word ("invoice" in most of a company's mail) matches most of the store.
The plain plan, `id IN (every match)` sorted by date, reads and sorts every
matching row to show the first 200. Instead the view's own order index is walked
for a window of ids a little past the page (the other filters apply as usual),
and the FTS index is asked only for its matches inside that window's rowid range,
which FTS5 reads as a slice of each word's doclist. The window's ids that match,
in the window's order, are exactly the first matches of the whole view.

When the window holds too few matches (a rare word), the page comes from the
plain plan: the few matches, sorted. When the window's ids are spread over much
more of the rowid range than its size (an operator such as `from:` keeps one
message in twenty, or mail was stored far out of date order), the view's index
is walked in order and each id is looked up in the set of matches, stopping at
the page's end. Counting with other filters works the same way, so a common
word never costs one table row read per match. In every case only the page's
own rows are read in full.
"""

from __future__ import annotations

from typing import Any

from ctotui.store.base import StoreBase
from ctotui.store.inbox import MATCH_CLAUSE, InboxSplit, message_order, where_sql

FIRST_WINDOW = 1000
"""Ids walked at first, at least: a page of 200 in a view where one in five matches."""
WINDOW_GROWTH = 4
MAX_WINDOW = 64_000
"""Beyond this many ids the plain plan costs no more than the windows."""
MAX_SPREAD = 8
"""A window whose rowids span more than this many times its size reads too much of the index."""

_COUNT_SQL = "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH :match"
# `+` keeps the planner from driving the query from the matches (one table row
# read per match): the view's index is walked and each id probed in the set.
_PROBE_CLAUSE = "+m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH :match)"
_RANGE_SQL = (
    "SELECT rowid FROM messages_fts WHERE messages_fts MATCH :match"
    " AND rowid BETWEEN :low AND :high"
)


class MessageSearchMixin(StoreBase):
    def count_matching(self, clauses: list[str], params: dict[str, Any], match: str) -> int:
        """How many messages of a view match `match`.

        With no other filter that is the FTS index's own count (its rowids are
        the messages' ids, kept in step by triggers), read without any row.
        """
        if not clauses:
            count: int = self._scalar(_COUNT_SQL, {"match": match})
            return count
        sql = f"SELECT count(*) FROM messages m{where_sql([*clauses, _PROBE_CLAUSE])}"
        count = self._scalar(sql, {**params, "match": match})
        return count

    def matching_page_ids(
        self,
        split: InboxSplit,
        clauses: list[str],
        params: dict[str, Any],
        match: str,
        offset: int,
        limit: int,
    ) -> list[int]:
        """Ids of one page of a view that match `match`, in the view's order."""
        wanted = offset + limit
        order = message_order(split)
        window = max(FIRST_WINDOW, 2 * wanted)
        with self._lock:
            while window <= MAX_WINDOW:
                sql = f"SELECT m.id FROM messages m{where_sql(clauses)}{order} LIMIT :window"
                ids = [row[0] for row in self._all(sql, {**params, "window": window})]
                if not ids:
                    return []
                low, high = min(ids), max(ids)
                if high - low + 1 > MAX_SPREAD * len(ids):
                    return self._probed_page(split, clauses, params, match, offset, limit)
                ranged = {"match": match, "low": low, "high": high}
                hits = {row[0] for row in self._all(_RANGE_SQL, ranged)}
                found = [i for i in ids if i in hits]
                if len(found) >= wanted or len(ids) < window:
                    return found[offset:wanted]
                window *= WINDOW_GROWTH
            sql = (
                f"SELECT m.id FROM messages m{where_sql([*clauses, MATCH_CLAUSE])}{order}"
                " LIMIT :limit OFFSET :offset"
            )
            rows = self._all(sql, {**params, "match": match, "limit": limit, "offset": offset})
        return [row[0] for row in rows]

    def _probed_page(
        self,
        split: InboxSplit,
        clauses: list[str],
        params: dict[str, Any],
        match: str,
        offset: int,
        limit: int,
    ) -> list[int]:
        """One page walked along the view's index, each id looked up among the matches."""
        sql = (
            f"SELECT m.id FROM messages m{where_sql([*clauses, _PROBE_CLAUSE])}"
            f"{message_order(split)} LIMIT :limit OFFSET :offset"
        )
        rows = self._all(sql, {**params, "match": match, "limit": limit, "offset": offset})
        return [row[0] for row in rows]
