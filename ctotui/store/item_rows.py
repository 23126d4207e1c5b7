"""Mapping between `WorkItem`/`WorkEvent` objects and their table rows."""

from __future__ import annotations

import sqlite3
from typing import Any

from ctotui.model import EventKind, ItemKind, Priority, StatusCategory, WorkEvent, WorkItem
from ctotui.store.codec import (
    from_epoch,
    from_epoch_opt,
    from_json,
    to_epoch,
    to_epoch_opt,
    to_json,
)

ITEM_DATA_COLUMNS: tuple[str, ...] = (
    "key",
    "kind",
    "title",
    "status",
    "category",
    "created_at",
    "updated_at",
    "container",
    "body",
    "author",
    "assignees",
    "reviewers",
    "labels",
    "priority",
    "url",
    "status_since",
    "blocked_reason",
    "is_draft",
    "milestone",
    "checks",
    "links",
    "estimate",
    "sprint",
)

ITEM_SELECT = ", ".join(f"w.{c}" for c in ("id", "source", "remote_id", *ITEM_DATA_COLUMNS))

EVENT_DATA_COLUMNS: tuple[str, ...] = (
    "item_remote_id",
    "kind",
    "actor",
    "at",
    "from_value",
    "to_value",
)

EVENT_SELECT = ", ".join(f"e.{c}" for c in ("source", "event_id", *EVENT_DATA_COLUMNS))


def _upsert(
    table: str, key: tuple[str, ...], data: tuple[str, ...], derived: tuple[str, ...]
) -> str:
    """INSERT ... ON CONFLICT that only writes (and counts) rows whose data changed."""
    columns = (*key, *data, *derived)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
        f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in (*data, *derived))
        + " WHERE "
        + " OR ".join(f"{table}.{c} IS NOT excluded.{c}" for c in data)
    )


ITEM_UPSERT_SQL = _upsert("work_items", ("source", "remote_id"), ITEM_DATA_COLUMNS, ("people",))
EVENT_UPSERT_SQL = _upsert("work_events", ("source", "event_id"), EVENT_DATA_COLUMNS, ())


def identity(value: str) -> str:
    """How logins and addresses are compared: trimmed, case-insensitive."""
    return value.strip().casefold()


def item_params(item: WorkItem) -> dict[str, Any]:
    people = sorted({identity(p) for p in (item.author, *item.assignees, *item.reviewers) if p})
    return {
        "source": item.source,
        "remote_id": item.remote_id,
        "key": item.key,
        "kind": item.kind.value,
        "title": item.title,
        "status": item.status,
        "category": item.category.value,
        "created_at": to_epoch(item.created_at),
        "updated_at": to_epoch(item.updated_at),
        "container": item.container,
        "body": item.body,
        "author": item.author,
        "assignees": to_json(item.assignees),
        "reviewers": to_json(item.reviewers),
        "labels": to_json(item.labels),
        "priority": item.priority.value,
        "url": item.url,
        "status_since": to_epoch_opt(item.status_since),
        "blocked_reason": item.blocked_reason,
        "is_draft": int(item.is_draft),
        "milestone": item.milestone,
        "checks": item.checks,
        "links": to_json(item.links),
        "estimate": item.estimate,
        "sprint": item.sprint,
        "people": to_json(people),
    }


def item_from_row(row: sqlite3.Row) -> WorkItem:
    return WorkItem(
        id=row["id"],
        source=row["source"],
        remote_id=row["remote_id"],
        key=row["key"],
        kind=ItemKind(row["kind"]),
        title=row["title"],
        status=row["status"],
        category=StatusCategory(row["category"]),
        created_at=from_epoch(row["created_at"]),
        updated_at=from_epoch(row["updated_at"]),
        container=row["container"],
        body=row["body"],
        author=row["author"],
        assignees=from_json(row["assignees"]),
        reviewers=from_json(row["reviewers"]),
        labels=from_json(row["labels"]),
        priority=Priority(row["priority"]),
        url=row["url"],
        status_since=from_epoch_opt(row["status_since"]),
        blocked_reason=row["blocked_reason"],
        is_draft=bool(row["is_draft"]),
        milestone=row["milestone"],
        checks=row["checks"],
        links=from_json(row["links"]),
        estimate=row["estimate"],
        sprint=row["sprint"],
    )


def event_params(event: WorkEvent) -> dict[str, Any]:
    return {
        "source": event.source,
        "event_id": event.event_id,
        "item_remote_id": event.item_remote_id,
        "kind": event.kind.value,
        "actor": event.actor,
        "at": to_epoch(event.at),
        "from_value": event.from_value,
        "to_value": event.to_value,
    }


def event_from_row(row: sqlite3.Row) -> WorkEvent:
    return WorkEvent(
        source=row["source"],
        event_id=row["event_id"],
        item_remote_id=row["item_remote_id"],
        kind=EventKind(row["kind"]),
        actor=row["actor"],
        at=from_epoch(row["at"]),
        from_value=row["from_value"],
        to_value=row["to_value"],
    )
