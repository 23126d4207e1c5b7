"""The inbox's views (splits) and the rows each one lists.

Built-in splits are store queries; user-defined splits from `[triage]` are
search queries over the open pile; Unanswered and Waiting on me are short
computed lists. Every view hands the RowList a `RowSource`, so the screen
treats them alike.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ctotui.config import Config
from ctotui.model import Message
from ctotui.store import InboxSplit, MessageQuery, Store
from ctotui.unanswered import unanswered

QUERY = "query"
UNANSWERED = "unanswered"
WAITING = "waiting"
SEARCH = "search"


@dataclass(frozen=True, slots=True)
class InboxView:
    """One split: its label, what kind of list it is, and its query."""

    label: str
    kind: str = QUERY
    split: InboxSplit = InboxSplit.NEW
    text: str = ""


# A list row: a Message, or (in Waiting on me) a radar entry about a work item.
Row = Any


def row_message(row: Row) -> Message | None:
    return row if isinstance(row, Message) else None


@dataclass(frozen=True, slots=True)
class MessageRows:
    """A RowSource over one store query; `known` is its count when already taken."""

    store: Store
    query: MessageQuery
    known: int | None = None

    def count(self) -> int:
        return self.store.count_messages(self.query) if self.known is None else self.known

    def fetch(self, offset: int, limit: int) -> Sequence[Row]:
        return self.store.page_messages(self.query, offset, limit, total=self.known)

    def fetch_beside(
        self, offset: int, limit: int, anchor: object, *, before: bool
    ) -> Sequence[Row]:
        """The page next to `anchor` by its sort key; by offset where keys cannot page."""
        if isinstance(anchor, Message):
            rows = self.store.page_messages_beside(self.query, anchor, limit, before=before)
            if rows is not None:
                return rows
        return self.fetch(offset, limit)


@dataclass(frozen=True, slots=True)
class ListRows:
    """A RowSource over a list computed once per refresh."""

    rows: Sequence[Row]

    def count(self) -> int:
        return len(self.rows)

    def fetch(self, offset: int, limit: int) -> Sequence[Row]:
        return self.rows[offset : offset + limit]


def radar_finder() -> Callable[[Store, Config, datetime], list[Any]] | None:
    """The radar's `waiting_on_me`, when the radar module is installed."""
    try:
        module = importlib.import_module("ctotui.radar")
    except ImportError:
        return None
    finder: Callable[[Store, Config, datetime], list[Any]] | None = getattr(
        module, "waiting_on_me", None
    )
    return finder


def build_views(config: Config, *, with_radar: bool) -> tuple[InboxView, ...]:
    """The split bar, left to right: the ranked cuts, the user's own, the checks, Done."""
    views = [
        InboxView("Important", split=InboxSplit.IMPORTANT),
        InboxView("Other", split=InboxSplit.OTHER),
        InboxView("Feed", split=InboxSplit.FEED),
        InboxView("All", split=InboxSplit.NEW),
    ]
    views += [InboxView(rule.name, text=rule.query) for rule in config.triage.splits]
    views.append(InboxView("Unanswered", kind=UNANSWERED))
    if with_radar:
        views.append(InboxView("Waiting on me", kind=WAITING))
    views.append(InboxView("Done", split=InboxSplit.DONE))
    return tuple(views)


def view_query(view: InboxView, now: datetime, search: str = "") -> MessageQuery:
    if view.kind == SEARCH:
        return MessageQuery(split=InboxSplit.ALL, text=search, now=now)
    return MessageQuery(split=view.split, text=view.text, now=now)


def view_rows(
    view: InboxView, store: Store, config: Config, now: datetime, search: str = ""
) -> MessageRows | ListRows:
    if view.kind == UNANSWERED:
        return ListRows(unanswered(store, config, now))
    if view.kind == WAITING:
        finder = radar_finder()
        entries = finder(store, config, now) if finder is not None else []
        return ListRows([getattr(e, "message", None) or e for e in entries])
    return MessageRows(store, view_query(view, now, search))
