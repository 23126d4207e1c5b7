"""Which messages an inbox view shows, and in what order.

The splits follow the morning routine: IMPORTANT is what to read first, OTHER
the rest of the personal mail, FEED the bulk (lists, no-reply senders, bots),
NEW the whole pile still to clear, UNREAD the part not yet opened, DONE what
was cleared. A snoozed message hides from the open splits until its time
comes, then it is back in the pile.

`MessageQuery.text` is the search language of `ctotui.search_query`: free
words go to the full-text index, operators become column filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from ctotui.model import MessageKind
from ctotui.search_query import SearchQuery, parse_query
from ctotui.store.codec import to_epoch
from ctotui.store.fts import match_expression

IMPORTANT_THRESHOLD: int = 50


class InboxSplit(StrEnum):
    IMPORTANT = "important"
    OTHER = "other"
    FEED = "feed"
    NEW = "new"
    UNREAD = "unread"
    DONE = "done"
    ALL = "all"


# The pile as a whole; Other and Feed are finer cuts of the open part of it.
PILE_SPLITS: tuple[InboxSplit, ...] = (
    InboxSplit.IMPORTANT,
    InboxSplit.NEW,
    InboxSplit.UNREAD,
    InboxSplit.DONE,
    InboxSplit.ALL,
)


@dataclass(frozen=True)
class MessageQuery:
    """One inbox view: a split, optional source/kind/text filters, and "now" for snoozes.

    `text` is user input and is always safe (see `ctotui.store.fts`). With
    `now=None` snoozes hide nothing.
    """

    split: InboxSplit = InboxSplit.NEW
    source: str | None = None
    kind: MessageKind | None = None
    text: str = ""
    now: datetime | None = None


_OPEN_SPLITS = frozenset(
    {InboxSplit.IMPORTANT, InboxSplit.OTHER, InboxSplit.FEED, InboxSplit.NEW, InboxSplit.UNREAD}
)

_IMPORTANT = f"{IMPORTANT_THRESHOLD:d}"
_SPLIT_WHERE: dict[InboxSplit, str] = {
    InboxSplit.IMPORTANT: f"m.is_open = 1 AND m.importance >= {IMPORTANT_THRESHOLD:d}",
    InboxSplit.OTHER: f"m.is_open = 1 AND m.is_bulk = 0 AND +m.importance < {_IMPORTANT}",
    InboxSplit.FEED: f"m.is_open = 1 AND m.is_bulk = 1 AND +m.importance < {_IMPORTANT}",
    InboxSplit.NEW: "m.is_open = 1",
    InboxSplit.UNREAD: "m.is_open = 1 AND m.is_read = 0",
    InboxSplit.DONE: "m.is_open = 0",
    InboxSplit.ALL: "",
}


MATCH_CLAUSE = "m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH :match)"


def where_sql(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def message_filter(query: MessageQuery) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (or "") and its parameters for a query over `messages m`.

    Source and kind are residual filters (`+` keeps the planner on the order
    index), so paging never needs a sort; the open splits are index ranges.
    """
    clauses, params, match = filter_parts(query)
    if match is not None:
        clauses.append(MATCH_CLAUSE)
        params["match"] = match
    return where_sql(clauses), params


def filter_parts(query: MessageQuery) -> tuple[list[str], dict[str, Any], str | None]:
    """The clauses and parameters of every filter but the words, and the words' MATCH (or None).

    Kept apart so full-text paging can walk the view's order index with the
    other filters and ask the FTS index only about the ids it walks past.
    """
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if _SPLIT_WHERE[query.split]:
        clauses.append(_SPLIT_WHERE[query.split])
    if query.now is not None and query.split in _OPEN_SPLITS:
        clauses.append("(m.snoozed_until IS NULL OR m.snoozed_until <= :now)")
        params["now"] = to_epoch(query.now)
    if query.source is not None:
        column = "m.source" if query.split is InboxSplit.ALL else "+m.source"
        clauses.append(f"{column} = :source")
        params["source"] = query.source
    if query.kind is not None:
        clauses.append("+m.kind = :kind")
        params["kind"] = query.kind.value
    search = parse_query(query.text, query.now.date() if query.now is not None else None)
    _search_filter(search, query.now, clauses, params)
    return clauses, params, match_expression(search.text)


def like_pattern(value: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') matching `value` anywhere, as plain text."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _day_start(day: Any, now: datetime | None) -> int:
    zone = now.tzinfo if now is not None and now.tzinfo is not None else UTC
    return to_epoch(datetime(day.year, day.month, day.day, tzinfo=zone))


def _search_filter(
    search: SearchQuery, now: datetime | None, clauses: list[str], params: dict[str, Any]
) -> None:
    """Column filters for the search operators (free words are handled by the caller)."""
    columns = {
        "senders": "lower(m.sender_address || ' ' || m.sender_name)",
        "recipients": "lower(m.recipients || ' ' || m.cc)",
        "subjects": "lower(m.subject)",
    }
    for field, column in columns.items():
        for index, value in enumerate(getattr(search, field)):
            name = f"{field}{index}"
            clauses.append(f"{column} LIKE :{name} ESCAPE '\\'")
            params[name] = like_pattern(value)
    if search.unread is not None:
        clauses.append(f"m.is_read = {0 if search.unread else 1:d}")
    if search.flagged is not None:
        clauses.append(f"m.is_flagged = {1 if search.flagged else 0:d}")
    if search.done is not None:
        clauses.append(f"m.is_open = {0 if search.done else 1:d}")
    if search.has_attachment is not None:
        clauses.append("m.attachments " + ("<>" if search.has_attachment else "=") + " '[]'")
    if search.snoozed is not None:
        params["snooze_now"] = to_epoch(now) if now is not None else 0
        snoozed = "(m.is_open = 1 AND coalesce(m.snoozed_until, 0) > :snooze_now)"
        clauses.append(snoozed if search.snoozed else f"NOT {snoozed}")
    if search.before is not None:
        clauses.append("m.received_at < :before")
        params["before"] = _day_start(search.before, now)
    if search.after is not None:
        clauses.append("m.received_at >= :after")
        params["after"] = _day_start(search.after, now)


def message_order(split: InboxSplit) -> str:
    if split is InboxSplit.IMPORTANT:
        return " ORDER BY m.importance DESC, m.received_at DESC, m.id DESC"
    return " ORDER BY m.received_at DESC, m.id DESC"


def split_of(importance: int, bulk: bool, is_open: bool) -> InboxSplit:
    """The one ranked split a message falls in (Important, Other, Feed) or DONE."""
    if not is_open:
        return InboxSplit.DONE
    if importance >= IMPORTANT_THRESHOLD:
        return InboxSplit.IMPORTANT
    return InboxSplit.FEED if bulk else InboxSplit.OTHER
