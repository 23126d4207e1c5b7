"""To-do views (Today, Open, Waiting, Someday, Done) and how due dates read.

Pure functions with `now` passed in. Dates are judged in `now`'s timezone, so
pass a local time to get the user's "today". A due time of exactly midnight is
a date without a time: it is due all that day, not overdue at 00:01.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from ctotui import recurrence
from ctotui.humanize import age
from ctotui.model import Priority, Todo, TodoStatus


class TodoView(StrEnum):
    TODAY = "today"
    UPCOMING = "upcoming"
    OPEN = "open"
    WAITING = "waiting"
    SOMEDAY = "someday"
    DONE = "done"


VIEW_TITLES: dict[TodoView, str] = {
    TodoView.TODAY: "Today",
    TodoView.UPCOMING: "Upcoming",
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
    if view is TodoView.UPCOMING:
        return todo.status is TodoStatus.OPEN and not is_today(todo, now) and _planned(todo)
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


def _planned(todo: Todo) -> bool:
    return todo.due is not None or todo.scheduled is not None


def first_date(todo: Todo, now: datetime) -> date:
    """The earlier of a to-do's due day and planned day (Upcoming's order)."""
    days = [d for d in (todo.scheduled,) if d is not None]
    if todo.due is not None:
        days.append(_local(todo.due, now).date())
    return min(days) if days else date.max


def view_todos(
    todos: Iterable[Todo], view: TodoView, now: datetime, blocking: frozenset[int] = frozenset()
) -> list[Todo]:
    """The to-dos in `view`, ordered.

    Today is by urgency score (highest first), Upcoming by date, Waiting by how
    long it has waited, Done newest first, the others by due, priority, age.
    """
    chosen = [t for t in todos if in_view(t, view, now)]
    if view is TodoView.DONE:
        return sorted(chosen, key=closed_at, reverse=True)
    if view is TodoView.TODAY:
        return sorted(chosen, key=lambda t: (-score(t, now, t.id in blocking).total, sort_key(t)))
    if view is TodoView.UPCOMING:
        return sorted(chosen, key=lambda t: (first_date(t, now), sort_key(t)))
    if view is TodoView.WAITING:
        return sorted(chosen, key=lambda t: (t.waiting_since or t.created_at, sort_key(t)))
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


def next_recurrence(todo: Todo, now: datetime, tz: tzinfo | None = None) -> Todo | None:
    """The next occurrence of a recurring to-do just completed at `now`, or None.

    It follows the due date (or the planned date, or today when it has
    neither), skipping days already gone, and keeps the due time of day in the
    user's local time (`tz`, default the system's) across DST changes.
    """
    rule = recurrence.decode(todo.recurrence)
    if rule is None:
        return None
    today = now.astimezone(tz).date()
    base = todo.due.astimezone(tz).date() if todo.due is not None else todo.scheduled or today
    day = recurrence.next_occurrence(rule, base, today)
    scheduled = None if todo.scheduled is None else todo.scheduled + (day - base)
    if todo.due is None and scheduled is None:
        scheduled = day
    return replace(
        todo,
        id=None,
        status=TodoStatus.OPEN if todo.status is not TodoStatus.WAITING else todo.status,
        created_at=now,
        done_at=None,
        due=None if todo.due is None else recurrence.move_due(todo.due, day, tz),
        scheduled=scheduled,
        waiting_since=now if todo.waiting_since is not None else None,
    )


# --- urgency score ---------------------------------------------------------
# In the spirit of taskwarrior's urgency: a sum of weighted terms, each shown.

PRIORITY_POINTS: dict[Priority, float] = {
    Priority.HIGH: 6.0,
    Priority.MEDIUM: 3.9,
    Priority.LOW: 1.8,
    Priority.NONE: 0.0,
}
DUE_POINTS = 12.0
PLANNED_POINTS = 5.0
AGE_POINTS = 2.0
BLOCKING_POINTS = 8.0
WAITING_POINTS = -3.0


@dataclass(frozen=True, slots=True)
class Score:
    """An urgency figure and the terms it is the sum of, largest first."""

    total: float
    reasons: tuple[tuple[str, float], ...]

    def explain(self) -> str:
        """ "14.2 = overdue 2d +12.0 · priority high +6.0 ..."."""
        terms = " · ".join(f"{label} {points:+.1f}" for label, points in self.reasons)
        return f"{self.total:.1f}" + (f" = {terms}" if terms else "")


def _due_factor(todo: Todo, now: datetime) -> float:
    """0.2 two weeks out, rising to 1.0 a week overdue (taskwarrior's curve)."""
    assert todo.due is not None
    days_late = (now - deadline(todo.due, now)) / timedelta(days=1)
    days_late = min(max(days_late, -14.0), 7.0)
    return (days_late + 14.0) * 0.8 / 21.0 + 0.2


def score(todo: Todo, now: datetime, blocking: bool = False) -> Score:
    """How urgent an active to-do is and why: due, priority, planned, age, blocking, waiting."""
    reasons: list[tuple[str, float]] = []
    if todo.due is not None and todo.status in ACTIVE:
        label = due_label(todo.due, now)
        reasons.append((f"due {label}", DUE_POINTS * _due_factor(todo, now)))
    if todo.priority is not Priority.NONE:
        reasons.append((f"priority {todo.priority.value}", PRIORITY_POINTS[todo.priority]))
    if todo.scheduled is not None and todo.scheduled <= now.date():
        reasons.append(("planned for today", PLANNED_POINTS))
    if blocking:
        reasons.append(("blocks others", BLOCKING_POINTS))
    if todo.status is TodoStatus.WAITING:
        reasons.append(("waiting", WAITING_POINTS))
    days_old = (now - todo.created_at) / timedelta(days=1)
    if days_old >= 1:
        reasons.append((f"age {age(todo.created_at, now)}", AGE_POINTS * min(days_old / 365, 1)))
    reasons.sort(key=lambda r: -abs(r[1]))
    return Score(round(sum(points for _, points in reasons), 1), tuple(reasons))
