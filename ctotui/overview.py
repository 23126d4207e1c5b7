"""The Home overview's figures, computed from the store: what needs the user today.

Pure reads over the store and config, no UI, so the CLI and tests use it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ctotui.config import Config
from ctotui.model import (
    Message,
    Person,
    SourceStatus,
    StatusCategory,
    Todo,
    WorkItem,
)
from ctotui.radar import RadarEntry
from ctotui.radar import waiting_on_me as radar_waiting_on_me
from ctotui.store import InboxSplit, ItemQuery, MessageQuery, Store
from ctotui.todos import TodoView, view_todos

OPEN_CATEGORIES = frozenset(
    {
        StatusCategory.TODO,
        StatusCategory.IN_PROGRESS,
        StatusCategory.IN_REVIEW,
        StatusCategory.BLOCKED,
    }
)
TOP_N = 5


@dataclass(slots=True)
class Overview:
    new_messages: int
    important_messages: int
    unread_messages: int
    waiting_on_me: list[WorkItem]
    blocked_items: int
    todos_due: list[Todo]
    top_messages: list[Message]
    sources: list[SourceStatus] = field(default_factory=list)
    radar: list[RadarEntry] = field(default_factory=list)
    """Who waits on me (review requests, blocked, mentions, asked), oldest first."""


def my_identities(me: Person | None) -> tuple[str, ...]:
    """Every address and login by which trackers and mail know the user."""
    if me is None:
        return ()
    return tuple(me.emails) + tuple(me.logins.values())


def waiting_on_me(store: Store, me: Person | None, limit: int = 200) -> list[WorkItem]:
    """Open items where the user is asked to review, oldest request first."""
    identities = my_identities(me)
    if not identities:
        return []
    wanted = {i.lower() for i in identities}
    query = ItemQuery(categories=OPEN_CATEGORIES, involving=identities)
    items = store.page_items(query, 0, limit)
    asked = [i for i in items if wanted & {r.lower() for r in i.reviewers}]
    return sorted(asked, key=lambda i: i.status_since or i.updated_at)


def todos_due(store: Store, now: datetime) -> list[Todo]:
    """Open to-dos overdue, due today or planned for today: the To-dos panel's Today view."""
    return view_todos(store.list_todos(), TodoView.TODAY, now)


def build_overview(store: Store, config: Config, now: datetime, *, top: int = TOP_N) -> Overview:
    counts = store.inbox_counts(now)
    important = MessageQuery(split=InboxSplit.IMPORTANT, now=now)
    categories = store.category_counts()
    return Overview(
        new_messages=counts.get(InboxSplit.NEW, 0),
        important_messages=counts.get(InboxSplit.IMPORTANT, 0),
        unread_messages=counts.get(InboxSplit.UNREAD, 0),
        waiting_on_me=waiting_on_me(store, config.me_person),
        blocked_items=categories.get(StatusCategory.BLOCKED, 0),
        todos_due=todos_due(store, now),
        top_messages=store.page_messages(important, 0, top),
        sources=source_statuses(store, config),
        radar=radar_waiting_on_me(store, config, now),
    )


def source_statuses(store: Store, config: Config) -> list[SourceStatus]:
    """The status of every configured source, including ones never synced."""
    known = {s.source: s for s in store.source_statuses()}
    return [known.get(s.name) or SourceStatus(s.name, s.adapter) for s in config.sources]
