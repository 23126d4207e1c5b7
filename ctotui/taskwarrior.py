"""Import taskwarrior's `task export` JSON (an array, or one object per line).

pending and waiting tasks are open (a wait date becomes the planned day),
completed is done, deleted is dropped; a recurring template ("recurring") is
skipped because its pending instances carry the work. Annotations become the
notes, and each to-do links to its task's uuid so a second import adds nothing
twice.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from ctotui import recurrence
from ctotui.errors import CtotuiError
from ctotui.model import Priority, Todo, TodoStatus
from ctotui.recurrence import Unit

LINK_PREFIX = "taskwarrior:"
PRIORITIES = {"H": Priority.HIGH, "M": Priority.MEDIUM, "L": Priority.LOW}
STATUSES = {
    "pending": TodoStatus.OPEN,
    "waiting": TodoStatus.OPEN,
    "completed": TodoStatus.DONE,
    "deleted": TodoStatus.DROPPED,
}
NAMED_RECURRENCE = {
    "daily": recurrence.DAILY,
    "day": recurrence.DAILY,
    "weekdays": recurrence.WEEKDAYS_ONLY,
    "weekly": recurrence.every(1, Unit.WEEKS),
    "week": recurrence.every(1, Unit.WEEKS),
    "biweekly": recurrence.every(2, Unit.WEEKS),
    "fortnight": recurrence.every(2, Unit.WEEKS),
    "monthly": recurrence.every(1, Unit.MONTHS),
    "month": recurrence.every(1, Unit.MONTHS),
    "quarterly": recurrence.every(3, Unit.MONTHS),
    "yearly": recurrence.every(12, Unit.MONTHS),
    "annual": recurrence.every(12, Unit.MONTHS),
}
_COUNTED = re.compile(r"^(\d{1,3})\s*(d|days?|w|wks?|weeks?|mo|mos|months?|y|yrs?|years?)$")


class TaskwarriorError(CtotuiError):
    """The file is not a taskwarrior export."""


def _when(value: object) -> datetime | None:
    """A taskwarrior date ("20261120T170000Z") as an aware datetime."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def _local_day(value: object, tz: tzinfo | None) -> date | None:
    at = _when(value)
    return None if at is None else at.astimezone(tz).date()


def _rule(value: object) -> str:
    if not isinstance(value, str):
        return ""
    text = value.strip().lower()
    if text in NAMED_RECURRENCE:
        return NAMED_RECURRENCE[text].encode()
    counted = _COUNTED.match(text)
    if counted is None:
        return ""
    count, unit = int(counted[1]), counted[2][0]
    if unit == "y":
        return recurrence.every(count * 12, Unit.MONTHS).encode()
    if counted[2].startswith("mo"):
        return recurrence.every(count, Unit.MONTHS).encode()
    return recurrence.every(count, Unit.WEEKS if unit == "w" else Unit.DAYS).encode()


def _tasks(text: str) -> list[dict[str, Any]]:
    stripped = text.strip()
    if not stripped:
        return []
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in stripped.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise TaskwarriorError(
                f"Not a taskwarrior export (line {exc.lineno}: {exc.msg}). "
                "Create one with: task export > tasks.json"
            ) from exc
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(t, dict) for t in data):
        raise TaskwarriorError("A taskwarrior export is a JSON array of task objects.")
    return data


def to_todo(task: dict[str, Any], tz: tzinfo | None = None) -> Todo | None:
    """One task as a to-do; None for recurring templates and unknown statuses."""
    status = STATUSES.get(str(task.get("status", "")))
    description = str(task.get("description", "")).strip()
    created = _when(task.get("entry"))
    if status is None or not description or created is None:
        return None
    notes = "\n".join(
        str(a.get("description", ""))
        for a in task.get("annotations", [])
        if isinstance(a, dict) and a.get("description")
    )
    tags = tuple(str(tag) for tag in task.get("tags", []) if isinstance(tag, str))
    uuid = str(task.get("uuid", ""))
    return Todo(
        title=" ".join(description.split()),
        created_at=created,
        status=status,
        priority=PRIORITIES.get(str(task.get("priority", "")), Priority.NONE),
        notes=notes,
        due=_when(task.get("due")),
        scheduled=_local_day(task.get("scheduled") or task.get("wait"), tz),
        project=str(task.get("project", "")),
        tags=tags,
        done_at=_when(task.get("end")) if status in (TodoStatus.DONE, TodoStatus.DROPPED) else None,
        links=(f"{LINK_PREFIX}{uuid}",) if uuid else (),
        recurrence=_rule(task.get("recur")),
    )


def parse(text: str, tz: tzinfo | None = None) -> list[Todo]:
    """Every importable task of an export; TaskwarriorError when it is not one."""
    todos = (to_todo(task, tz) for task in _tasks(text))
    return [todo for todo in todos if todo is not None]
