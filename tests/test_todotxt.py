"""todo.txt and taskwarrior interop: a round trip keeps every field todo.txt can carry."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from ctotui import taskwarrior, todotxt
from ctotui.model import Priority, Todo, TodoStatus

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def day(d: int, month: int = 11, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, d, hour, minute, tzinfo=UTC)


TODOS = [
    Todo(
        "Review Q3 hosting budget",
        created_at=day(10),
        priority=Priority.HIGH,
        project="finance",
        tags=("budget", "q3"),
        due=day(19, hour=10),
        scheduled=date(2026, 11, 18),
        estimate_minutes=30,
    ),
    Todo("Spec review", created_at=day(12), status=TodoStatus.WAITING, owner="dana"),
    Todo("Learn Rust", created_at=day(1), status=TodoStatus.SOMEDAY, priority=Priority.LOW),
    Todo("Ship release", created_at=day(2), status=TodoStatus.DONE, done_at=day(17)),
    Todo(
        "Old idea",
        created_at=day(3),
        status=TodoStatus.DROPPED,
        done_at=day(16),
        priority=Priority.MEDIUM,
    ),
    Todo("Payroll", created_at=day(4), due=day(25), recurrence="monthly:25"),
    Todo("Standup notes", created_at=day(5), recurrence="weekly:mon,wed,fri"),
]

FIELDS = (
    "title",
    "created_at",
    "status",
    "priority",
    "due",
    "scheduled",
    "project",
    "tags",
    "owner",
    "estimate_minutes",
    "done_at",
    "recurrence",
)


def test_export_writes_standard_lines() -> None:
    lines = todotxt.export(TODOS, UTC).splitlines()
    assert lines[0] == (
        "(A) 2026-11-10 Review Q3 hosting budget +finance @budget @q3"
        " due:2026-11-19 time:10:00 t:2026-11-18 est:30"
    )
    assert lines[3] == "x 2026-11-17 2026-11-02 Ship release"
    assert lines[4] == "x 2026-11-16 2026-11-03 Old idea pri:B status:dropped"


def test_round_trip_keeps_every_field() -> None:
    again = todotxt.parse(todotxt.export(TODOS, UTC), NOW, UTC)
    assert len(again) == len(TODOS)
    for before, after in zip(TODOS, again, strict=True):
        for name in FIELDS:
            assert getattr(after, name) == getattr(before, name), (before.title, name)


def test_lines_from_other_tools_import_sensibly() -> None:
    text = (
        "(B) Call the bank +home @phone due:2026-12-01 rec:2w\n"
        "\n"
        "(Z) Maybe later\n"
        "x Finished something\n"
        "Plan with +a +b url:https://example.com due:soon\n"
    )
    first, second, third, fourth = todotxt.parse(text, NOW, UTC)
    assert first.priority is Priority.MEDIUM and first.project == "home"
    assert first.tags == ("phone",) and first.due == day(1, month=12)
    assert first.recurrence == "every:2:weeks" and first.created_at == NOW
    assert second.priority is Priority.LOW
    assert third.status is TodoStatus.DONE and third.done_at == NOW
    assert fourth.project == "a"
    assert fourth.title == "Plan with +b url:https://example.com due:soon"


# A `task export` payload shaped as taskwarrior prints it.
TASKWARRIOR = [
    {
        "id": 1,
        "description": "Renew TLS certificates",
        "entry": "20261101T080000Z",
        "modified": "20261110T080000Z",
        "due": "20261120T170000Z",
        "priority": "H",
        "project": "ops",
        "status": "pending",
        "tags": ["infra", "security"],
        "uuid": "5f1a0f6e-2c2b-4b57-9a7e-1c1e0c8e0001",
        "urgency": 12.4,
        "annotations": [{"entry": "20261102T090000Z", "description": "see ticket OPS-12"}],
    },
    {
        "id": 0,
        "description": "Write the quarterly report",
        "end": "20261115T160000Z",
        "entry": "20261001T080000Z",
        "status": "completed",
        "uuid": "5f1a0f6e-2c2b-4b57-9a7e-1c1e0c8e0002",
    },
    {
        "id": 0,
        "description": "Abandoned spike",
        "end": "20261112T160000Z",
        "entry": "20261005T080000Z",
        "status": "deleted",
        "uuid": "5f1a0f6e-2c2b-4b57-9a7e-1c1e0c8e0003",
    },
    {
        "id": 2,
        "description": "Check backups",
        "entry": "20261101T080000Z",
        "due": "20261119T000000Z",
        "recur": "weekly",
        "parent": "5f1a0f6e-2c2b-4b57-9a7e-1c1e0c8e0009",
        "status": "pending",
        "uuid": "5f1a0f6e-2c2b-4b57-9a7e-1c1e0c8e0004",
        "wait": "20261118T000000Z",
        "scheduled": "20261118T000000Z",
    },
    {
        "description": "Check backups",
        "entry": "20261101T080000Z",
        "due": "20261105T000000Z",
        "recur": "weekly",
        "status": "recurring",
        "uuid": "5f1a0f6e-2c2b-4b57-9a7e-1c1e0c8e0009",
    },
]


def test_taskwarrior_export_becomes_todos() -> None:
    todos = taskwarrior.parse(json.dumps(TASKWARRIOR), UTC)
    assert [t.title for t in todos] == [
        "Renew TLS certificates",
        "Write the quarterly report",
        "Abandoned spike",
        "Check backups",
    ]
    renew, report, spike, backups = todos
    assert renew.priority is Priority.HIGH and renew.project == "ops"
    assert renew.tags == ("infra", "security") and renew.due == day(20, hour=17)
    assert renew.created_at == day(1, hour=8)
    assert renew.notes == "see ticket OPS-12"
    assert renew.links == ("taskwarrior:5f1a0f6e-2c2b-4b57-9a7e-1c1e0c8e0001",)
    assert report.status is TodoStatus.DONE and report.done_at == day(15, hour=16)
    assert spike.status is TodoStatus.DROPPED
    assert backups.recurrence == "every:1:weeks" and backups.scheduled == date(2026, 11, 18)


def test_taskwarrior_one_object_per_line_is_read_too() -> None:
    text = "\n".join(json.dumps(task) for task in TASKWARRIOR[:2])
    assert len(taskwarrior.parse(text, UTC)) == 2
