"""todo.txt import and export (https://github.com/todotxt/todo.txt format).

    x 2026-11-18 2026-11-10 (A) Review budget +finance @budget due:2026-11-20

Priority (A) high, (B) medium, (C) and below low; the first `+project` is the
project (more stay in the title); `@context`s are tags; `due:` (plus `time:`
when it has a time of day), `t:` (threshold: the planned day), `rec:`
(`daily`, `weekly:mon,thu`, ... or the common `1d` / `2w` / `3m` form),
`owner:`, `est:` (minutes) and `status:` (waiting, someday, dropped) carry the
rest. Notes and links have no place in a todo.txt line and are not exported.
Dates are the user's local days.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, tzinfo

from ctotui import recurrence
from ctotui.model import Priority, Todo, TodoStatus
from ctotui.recurrence import Unit

PRIORITY_LETTERS: dict[Priority, str] = {
    Priority.HIGH: "A",
    Priority.MEDIUM: "B",
    Priority.LOW: "C",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PRIORITY = re.compile(r"^\(([A-Z])\)$")
_KEY_VALUE = re.compile(r"^([A-Za-z][\w-]*):(\S+)$")
_SHORT_REC = re.compile(r"^\+?(\d{1,3})([dwmb])$")
_TAG = re.compile(r"^@(\S+)$")
_PROJECT = re.compile(r"^\+(\S+)$")
STATUS_WORDS = {"waiting": TodoStatus.WAITING, "someday": TodoStatus.SOMEDAY}


def _local(at: datetime, tz: tzinfo | None) -> datetime:
    return at.astimezone(tz)


def _midnight(day: date, tz: tzinfo | None, clock: time = time.min) -> datetime:
    if tz is None:
        return datetime.combine(day, clock).astimezone()
    return datetime.combine(day, clock, tzinfo=tz)


def format_line(todo: Todo, tz: tzinfo | None = None) -> str:
    """One to-do as a todo.txt line."""
    words: list[str] = []
    closed = todo.status in (TodoStatus.DONE, TodoStatus.DROPPED)
    if closed:
        words.append("x")
        words.append(_local(todo.done_at or todo.created_at, tz).date().isoformat())
    elif todo.priority in PRIORITY_LETTERS:
        words.append(f"({PRIORITY_LETTERS[todo.priority]})")
    words.append(_local(todo.created_at, tz).date().isoformat())
    words.extend(" ".join(todo.title.split()).split())
    if todo.project:
        words.append(f"+{todo.project}")
    words.extend(f"@{tag}" for tag in todo.tags)
    if closed and todo.priority in PRIORITY_LETTERS:
        words.append(f"pri:{PRIORITY_LETTERS[todo.priority]}")
    if todo.due is not None:
        due = _local(todo.due, tz)
        words.append(f"due:{due.date().isoformat()}")
        if due.time() != time.min:
            words.append(f"time:{due:%H:%M}")
    if todo.scheduled is not None:
        words.append(f"t:{todo.scheduled.isoformat()}")
    if todo.recurrence:
        words.append(f"rec:{todo.recurrence}")
    if todo.owner:
        words.append(f"owner:{todo.owner}")
    if todo.estimate_minutes:
        words.append(f"est:{todo.estimate_minutes}")
    if todo.status in (TodoStatus.WAITING, TodoStatus.SOMEDAY, TodoStatus.DROPPED):
        words.append(f"status:{todo.status.value}")
    return " ".join(words)


def export(todos: Iterable[Todo], tz: tzinfo | None = None) -> str:
    return "".join(format_line(todo, tz) + "\n" for todo in todos)


def _recurrence(value: str) -> str:
    rule = recurrence.decode(value)
    if rule is not None:
        return rule.encode()
    short = _SHORT_REC.match(value)
    if short is None:
        return ""
    count, unit = int(short[1]), short[2]
    if unit == "b":
        return recurrence.WEEKDAYS_ONLY.encode()
    units = {"d": Unit.DAYS, "w": Unit.WEEKS, "m": Unit.MONTHS}
    return recurrence.every(count, units[unit]).encode()


def _day(value: str) -> date | None:
    if not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_line(line: str, now: datetime, tz: tzinfo | None = None) -> Todo | None:
    """One todo.txt line as a to-do (None when blank); unknown `key:value`s stay in the title."""
    words = line.split()
    if not words:
        return None
    todo = Todo(title="", created_at=now)
    if words[0] == "x":
        todo.status = TodoStatus.DONE
        words = words[1:]
        done = _day(words[0]) if words else None
        if done is not None:
            todo.done_at = _midnight(done, tz)
            words = words[1:]
    elif words and (match := _PRIORITY.match(words[0])):
        todo.priority = _priority(match[1])
        words = words[1:]
    created = _day(words[0]) if words else None
    if created is not None:
        todo.created_at = _midnight(created, tz)
        words = words[1:]
    if todo.status is TodoStatus.DONE and todo.done_at is None:
        todo.done_at = todo.created_at
    elif created is None and todo.done_at is not None:
        todo.created_at = min(todo.created_at, todo.done_at)
    title: list[str] = []
    due_day: date | None = None
    due_time: time | None = None
    for word in words:
        if not _take(todo, word):
            kv = _KEY_VALUE.match(word)
            if kv and kv[1] == "due" and (day := _day(kv[2])) is not None:
                due_day = day
            elif kv and kv[1] == "time" and re.match(r"^\d{2}:\d{2}$", kv[2]):
                due_time = time.fromisoformat(kv[2])
            else:
                title.append(word)
    if due_day is not None:
        todo.due = _midnight(due_day, tz, due_time or time.min)
    todo.title = " ".join(title)
    return todo


def _priority(letter: str) -> Priority:
    return {"A": Priority.HIGH, "B": Priority.MEDIUM}.get(letter, Priority.LOW)


def _take(todo: Todo, word: str) -> bool:
    """Apply one field word to `todo`; False when it belongs to the title (or to due)."""
    if (project := _PROJECT.match(word)) and not todo.project:
        todo.project = project[1]
        return True
    if tag := _TAG.match(word):
        if tag[1] not in todo.tags:
            todo.tags = (*todo.tags, tag[1])
        return True
    kv = _KEY_VALUE.match(word)
    if kv is None:
        return False
    key, value = kv[1], kv[2]
    if key == "t" and (day := _day(value)) is not None:
        todo.scheduled = day
        return True
    if key == "rec" and (rule := _recurrence(value)):
        todo.recurrence = rule
        return True
    if key == "owner":
        todo.owner = value
        return True
    if key == "est" and value.isdigit():
        todo.estimate_minutes = int(value)
        return True
    if key == "pri" and len(value) == 1 and value.isupper():
        todo.priority = _priority(value)
        return True
    if key == "status" and value in STATUS_WORDS and todo.status is TodoStatus.OPEN:
        todo.status = STATUS_WORDS[value]
        return True
    if key == "status" and value == "dropped" and todo.status is TodoStatus.DONE:
        todo.status = TodoStatus.DROPPED
        return True
    return False


def parse(text: str, now: datetime, tz: tzinfo | None = None) -> list[Todo]:
    """Every to-do of a todo.txt file; a delegated (waiting) one counts from its creation."""
    todos = []
    for line in text.splitlines():
        todo = parse_line(line, now, tz)
        if todo is not None:
            if todo.status is TodoStatus.WAITING:
                todo.waiting_since = todo.created_at
            todos.append(todo)
    return todos
