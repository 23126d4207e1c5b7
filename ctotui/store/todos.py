"""The user's to-do list."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from ctotui.errors import StoreError
from ctotui.model import Priority, Todo, TodoStatus
from ctotui.store.base import StoreBase
from ctotui.store.codec import (
    from_day,
    from_epoch,
    from_epoch_opt,
    from_json,
    to_day,
    to_epoch,
    to_epoch_opt,
    to_json,
)

_COLUMNS = (
    "title",
    "created_at",
    "status",
    "priority",
    "notes",
    "due",
    "scheduled",
    "project",
    "tags",
    "owner",
    "estimate_minutes",
    "done_at",
    "links",
    "recurrence",
    "waiting_since",
)

# Due first (undated last), then the most urgent, then the oldest.
_ORDER = (
    " ORDER BY due IS NULL, due,"
    " CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END,"
    " created_at, id"
)


def _params(todo: Todo) -> dict[str, Any]:
    return {
        "id": todo.id,
        "title": todo.title,
        "created_at": to_epoch(todo.created_at),
        "status": todo.status.value,
        "priority": todo.priority.value,
        "notes": todo.notes,
        "due": to_epoch_opt(todo.due),
        "scheduled": to_day(todo.scheduled),
        "project": todo.project,
        "tags": to_json(todo.tags),
        "owner": todo.owner,
        "estimate_minutes": todo.estimate_minutes,
        "done_at": to_epoch_opt(todo.done_at),
        "links": to_json(todo.links),
        "recurrence": todo.recurrence,
        "waiting_since": to_epoch_opt(todo.waiting_since),
    }


def _from_row(row: sqlite3.Row) -> Todo:
    return Todo(
        id=row["id"],
        title=row["title"],
        created_at=from_epoch(row["created_at"]),
        status=TodoStatus(row["status"]),
        priority=Priority(row["priority"]),
        notes=row["notes"],
        due=from_epoch_opt(row["due"]),
        scheduled=from_day(row["scheduled"]),
        project=row["project"],
        tags=from_json(row["tags"]),
        owner=row["owner"],
        estimate_minutes=row["estimate_minutes"],
        done_at=from_epoch_opt(row["done_at"]),
        links=from_json(row["links"]),
        recurrence=row["recurrence"],
        waiting_since=from_epoch_opt(row["waiting_since"]),
    )


class TodosMixin(StoreBase):
    def add_todo(self, todo: Todo) -> int:
        """Insert a new to-do (any id it carries is ignored); sets and returns its id."""
        sql = (
            f"INSERT INTO todos ({', '.join(_COLUMNS)})"
            f" VALUES ({', '.join(':' + c for c in _COLUMNS)})"
        )
        with self.transaction():
            todo_id = self._exec(sql, _params(todo)).lastrowid
        if todo_id is None:
            raise StoreError("The new to-do was not saved.")
        todo.id = todo_id
        return todo_id

    def update_todo(self, todo: Todo) -> None:
        """Write every field of an existing to-do; StoreError if it is not stored."""
        if todo.id is None:
            raise StoreError(f"The to-do {todo.title!r} was never saved, so it cannot be updated.")
        sql = f"UPDATE todos SET {', '.join(f'{c} = :{c}' for c in _COLUMNS)} WHERE id = :id"
        with self.transaction():
            if self._exec(sql, _params(todo)).rowcount == 0:
                raise StoreError(f"To-do {todo.id} is no longer in the data store.")

    def get_todo(self, todo_id: int) -> Todo | None:
        row = self._one("SELECT * FROM todos WHERE id = ?", (todo_id,))
        return None if row is None else _from_row(row)

    def list_todos(self, statuses: Iterable[TodoStatus] | None = None) -> list[Todo]:
        """To-dos in working order: due date (undated last), priority, age."""
        if statuses is None:
            rows = self._all("SELECT * FROM todos" + _ORDER)
        else:
            names = json.dumps(sorted({s.value for s in statuses}))
            rows = self._all(
                "SELECT * FROM todos WHERE status IN (SELECT value FROM json_each(?))" + _ORDER,
                (names,),
            )
        return [_from_row(row) for row in rows]

    def delete_todo(self, todo_id: int) -> None:
        with self.transaction():
            self._exec("DELETE FROM todos WHERE id = ?", (todo_id,))
