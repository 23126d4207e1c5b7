"""To-do views (Today, Open, Waiting, Someday, Done) and how due dates read.

Pure functions with `now` passed in. Dates are judged in `now`'s timezone, so
pass a local time to get the user's "today". A due time of exactly midnight is
a date without a time: it is due all that day, not overdue at 00:01.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from enum import StrEnum

from ctotui.humanize import age
from ctotui.model import Priority, Todo, TodoStatus


class TodoView(StrEnum):
    TODAY = "today"
    OPEN = "open"
    WAITING = "waiting"
    SOMEDAY = "someday"
    DONE = "done"


VIEW_TITLES: dict[TodoView, str] = {
    TodoView.TODAY: "Today",
    TodoView.OPEN: "Open",
    TodoView.WAITING: "Waiting",
    TodoView.SOMEDAY: "Someday",
    TodoView.DONE: "Done",
}
ACTIVE = frozenset({TodoStatus.OPEN, TodoStatus.WAITING})
CLOSED = frozenset({TodoStatus.DONE, TodoStatus.DROPPED})
PRIORITY_ORDER: tuple[Priority, ...] = (Priority.NONE, Priority.LOW, Priority.MEDIUM, Priority.HIGH)
_PRIORITY_RANK = {p: i for i, p in enumerate(PRIORITY_ORDER)}


class Urgency(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    LATER = "later"
    NONE = "none"


def end_of_day(now: datetime) -> datetime:
    """Midnight after `now`, in its timezone."""
    return datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)


def _local(at: datetime, now: datetime) -> datetime:
    return at.astimezone(now.tzinfo)


def _is_date_only(due: datetime, now: datetime) -> bool:
    return _local(due, now).time() == time.min


def deadline(due: datetime, now: datetime) -> datetime:
    """The moment a due value passes: the end of its day when it carries no time."""
    local = _local(due, now)
    if local.time() == time.min:
        return local + timedelta(days=1)
    return local


def urgency(todo: Todo, now: datetime) -> Urgency:
    """How pressing a to-do's due date is; closed to-dos are never overdue."""
    if todo.due is None or todo.status in CLOSED:
        return Urgency.NONE
    if deadline(todo.due, now) <= now:
        return Urgency.OVERDUE
    if _local(todo.due, now).date() == now.date():
        return Urgency.TODAY
    return Urgency.LATER


def is_today(todo: Todo, now: datetime) -> bool:
    """Open or waiting, and overdue, due today, or scheduled for today or earlier."""
    if todo.status not in ACTIVE:
        return False
    if todo.due is not None and _local(todo.due, now) < end_of_day(now):
        return True
    return todo.scheduled is not None and todo.scheduled <= now.date()


def in_view(todo: Todo, view: TodoView, now: datetime) -> bool:
    if view is TodoView.TODAY:
        return is_today(todo, now)
    if view is TodoView.OPEN:
        return todo.status is TodoStatus.OPEN
    if view is TodoView.WAITING:
        return todo.status is TodoStatus.WAITING
    if view is TodoView.SOMEDAY:
        return todo.status is TodoStatus.SOMEDAY
    return todo.status in CLOSED


def sort_key(todo: Todo) -> tuple[bool, datetime, int, datetime]:
    """Due first (undated last), then priority high to none, then oldest created."""
    due = todo.due or datetime.max.replace(tzinfo=todo.created_at.tzinfo)
    return (todo.due is None, due, -_PRIORITY_RANK[todo.priority], todo.created_at)


def closed_at(todo: Todo) -> datetime:
    """When a to-do left the open lists, for the Done view's newest-first order."""
    return todo.done_at or todo.created_at


def view_todos(todos: Iterable[Todo], view: TodoView, now: datetime) -> list[Todo]:
    """The to-dos in `view`, ordered; Done is newest first."""
    chosen = [t for t in todos if in_view(t, view, now)]
    if view is TodoView.DONE:
        return sorted(chosen, key=closed_at, reverse=True)
    return sorted(chosen, key=sort_key)


def view_counts(todos: Iterable[Todo], now: datetime) -> dict[TodoView, int]:
    counts = dict.fromkeys(TodoView, 0)
    for todo in todos:
        for view in TodoView:
            if in_view(todo, view, now):
                counts[view] += 1
    return counts


def shift_priority(priority: Priority, step: int) -> Priority:
    """One step up (+1) or down (-1), stopping at high and none."""
    rank = min(max(_PRIORITY_RANK[priority] + step, 0), len(PRIORITY_ORDER) - 1)
    return PRIORITY_ORDER[rank]


def due_label(due: datetime, now: datetime) -> str:
    """A short due text: "3d late", "today", "today 17:00", "tomorrow", "Fri 09:00", "12 Mar"."""
    local = _local(due, now)
    passed = deadline(due, now)
    if passed <= now:
        return f"{age(passed, now)} late" if now - passed >= timedelta(minutes=1) else "late"
    days = (local.date() - now.date()).days
    clock = "" if _is_date_only(due, now) else f" {local:%H:%M}"
    if days == 0:
        return f"today{clock}"
    if days == 1:
        return "tomorrow"
    if days < 7:
        return f"{local:%a}{clock}"
    if local.year == now.year:
        return f"{local:%d %b}"
    return f"{local:%Y-%m-%d}"
