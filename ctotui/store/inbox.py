"""Which messages an inbox view shows, and in what order.

The splits follow the morning routine: IMPORTANT is what to read first, NEW is
the whole pile still to clear, UNREAD the part not yet opened, DONE what was
cleared. A snoozed message hides from the open splits until its time comes,
then it is back in the pile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from ctotui.model import MessageKind
from ctotui.store.codec import to_epoch
from ctotui.store.fts import match_expression

IMPORTANT_THRESHOLD: int = 50


class InboxSplit(StrEnum):
    IMPORTANT = "important"
    NEW = "new"
    UNREAD = "unread"
    DONE = "done"
    ALL = "all"


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


_OPEN_SPLITS = frozenset({InboxSplit.IMPORTANT, InboxSplit.NEW, InboxSplit.UNREAD})

_SPLIT_WHERE: dict[InboxSplit, str] = {
    InboxSplit.IMPORTANT: f"m.is_open = 1 AND m.importance >= {IMPORTANT_THRESHOLD:d}",
    InboxSplit.NEW: "m.is_open = 1",
    InboxSplit.UNREAD: "m.is_open = 1 AND m.is_read = 0",
    InboxSplit.DONE: "m.is_open = 0",
    InboxSplit.ALL: "",
}


def message_filter(query: MessageQuery) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (or "") and its parameters for a query over `messages m`.

    Source and kind are residual filters (`+` keeps the planner on the order
    index), so paging never needs a sort; the open splits are index ranges.
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
    match = match_expression(query.text)
    if match is not None:
        clauses.append("m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH :match)")
        params["match"] = match
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def message_order(split: InboxSplit) -> str:
    if split is InboxSplit.IMPORTANT:
        return " ORDER BY m.importance DESC, m.received_at DESC, m.id DESC"
    return " ORDER BY m.received_at DESC, m.id DESC"
