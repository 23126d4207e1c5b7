"""The Home overview's figures, computed from the store: what needs the user today.

Pure reads over the store and config, no UI, so the CLI and tests use it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ctotui.config import Config
from ctotui.model import Message, Person, SourceStatus, StatusCategory, Todo
from ctotui.store import InboxSplit, MessageQuery, Store
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


@dataclass(frozen=True, slots=True)
class Figures:
    """Home's counts, read just after its first frame.

    Each walks an index range of the messages (tens of milliseconds at 100,000),
    so the first frame does not wait for them.
    """

    new_messages: int
    important_messages: int


@dataclass(slots=True)
class Overview:
    """Home's short lists and the blocked count: cheap reads at any store size.

    The message counts (`Figures`) and the radar (`ctotui.radar`) are read
    separately, after the first frame.
    """

    blocked_items: int
    todos_due: list[Todo]
    top_messages: list[Message]
    sources: list[SourceStatus] = field(default_factory=list)


def my_identities(me: Person | None) -> tuple[str, ...]:
    """Every address and login by which trackers and mail know the user."""
    if me is None:
        return ()
    return tuple(me.emails) + tuple(me.logins.values())


def todos_due(store: Store, now: datetime) -> list[Todo]:
    """Open to-dos overdue, due today or planned for today: the To-dos panel's Today view."""
    return view_todos(store.list_todos(), TodoView.TODAY, now)


def build_overview(store: Store, config: Config, now: datetime, *, top: int = TOP_N) -> Overview:
    """Everything on Home but the message counts and the radar: short indexed reads."""
    return Overview(
        blocked_items=store.category_counts().get(StatusCategory.BLOCKED, 0),
        todos_due=todos_due(store, now),
        top_messages=store.page_messages(MessageQuery(split=InboxSplit.IMPORTANT, now=now), 0, top),
        sources=source_statuses(store, config),
    )


def count_figures(store: Store, now: datetime) -> Figures:
    """The pile of mail and chat to clear, and its important part, counted in the store."""
    return Figures(
        new_messages=store.count_messages(MessageQuery(split=InboxSplit.NEW, now=now)),
        important_messages=store.count_messages(MessageQuery(split=InboxSplit.IMPORTANT, now=now)),
    )


def source_statuses(store: Store, config: Config) -> list[SourceStatus]:
    """The status of every configured source, including ones never synced."""
    known = {s.source: s for s in store.source_statuses()}
    return [known.get(s.name) or SourceStatus(s.name, s.adapter) for s in config.sources]
