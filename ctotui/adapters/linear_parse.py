"""Turning Linear GraphQL issue nodes into WorkItems and WorkEvents.

Workflow state types map to our categories (triage / backlog / unstarted: to
do; started: in progress, or in review when the state is named so; completed /
canceled: done). The cycle is the item's sprint and the project its milestone.
An issue is blocked by the open issues whose "blocks" relation points at it
(its inverse relations); the shared blocked rule adds labels and blocked
states. People appear by their Linear display name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from ctotui.adapters.blocked import blocked_reason, with_blocked
from ctotui.errors import AdapterError
from ctotui.model import EventKind, ItemKind, Priority, StatusCategory, WorkEvent, WorkItem

JsonObject = Mapping[str, Any]

CATEGORY_BY_TYPE = {
    "triage": StatusCategory.TODO,
    "backlog": StatusCategory.TODO,
    "unstarted": StatusCategory.TODO,
    "started": StatusCategory.IN_PROGRESS,
    "completed": StatusCategory.DONE,
    "canceled": StatusCategory.DONE,
}
CLOSED_TYPES = frozenset({"completed", "canceled"})
STATUS_MOVES = frozenset({EventKind.STATUS_CHANGED, EventKind.CLOSED, EventKind.REOPENED})
PRIORITY_BY_NUMBER = {1: Priority.HIGH, 2: Priority.HIGH, 3: Priority.MEDIUM, 4: Priority.LOW}


def parse_time(value: object) -> datetime:
    """Linear's ISO 8601 "2026-11-17T14:03:22.123Z" as an aware UTC datetime."""
    if not isinstance(value, str) or not value:
        raise AdapterError(f"Linear sent a date that is not a date: {value!r}")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        raise AdapterError(f"Linear sent a date in an unknown format: {value!r}") from None


def nodes(connection: object) -> list[JsonObject]:
    """The nodes of a GraphQL connection ([] when absent)."""
    found = connection.get("nodes") if isinstance(connection, Mapping) else None
    return [n for n in found if isinstance(n, Mapping)] if isinstance(found, list) else []


def next_cursor(connection: object) -> str:
    """The cursor after this page, or "" when it was the last one."""
    info = connection.get("pageInfo") if isinstance(connection, Mapping) else None
    if isinstance(info, Mapping) and info.get("hasNextPage") and info.get("endCursor"):
        return str(info["endCursor"])
    return ""


def _name(value: object, key: str = "displayName") -> str:
    return str(value.get(key) or "") if isinstance(value, Mapping) else ""


def category_of(state: object) -> StatusCategory:
    kind = _name(state, "type")
    category = CATEGORY_BY_TYPE.get(kind, StatusCategory.TODO)
    if category is StatusCategory.IN_PROGRESS and "review" in _name(state, "name").lower():
        return StatusCategory.IN_REVIEW
    return category


def open_blockers(relations: Iterable[JsonObject]) -> list[str]:
    """Identifiers of not-closed issues with a "blocks" relation to this one."""
    keys: list[str] = []
    for relation in relations:
        issue = relation.get("issue")
        if relation.get("type") != "blocks" or not isinstance(issue, Mapping):
            continue
        if _name(issue.get("state"), "type") not in CLOSED_TYPES:
            keys.append(str(issue.get("identifier") or ""))
    return [k for k in keys if k]


def linked_keys(connections: Mapping[str, list[JsonObject]]) -> tuple[str, ...]:
    """Identifiers of every related issue, either direction."""
    keys = [_name(r.get("relatedIssue"), "identifier") for r in connections.get("relations", ())]
    keys += [_name(r.get("issue"), "identifier") for r in connections.get("inverseRelations", ())]
    return tuple(dict.fromkeys(k for k in keys if k))


def cycle_name(cycle: object) -> str:
    """A cycle's name, or "Cycle N" for the unnamed ones."""
    if not isinstance(cycle, Mapping):
        return ""
    if cycle.get("name"):
        return str(cycle["name"])
    return f"Cycle {cycle['number']}" if cycle.get("number") is not None else ""


def parse_issue(
    node: JsonObject,
    source: str,
    connections: Mapping[str, list[JsonObject]],
    *,
    blocked_labels: tuple[str, ...],
    blocked_statuses: tuple[str, ...],
) -> tuple[WorkItem, list[WorkEvent]]:
    """One issue and its history; `connections` holds each nested connection's full nodes."""
    if not node.get("id") or not node.get("identifier"):
        raise AdapterError("Linear sent an issue without id or identifier")
    remote_id = str(node["id"])
    state = node.get("state")
    status = _name(state, "name")
    labels = tuple(_name(label, "name") for label in connections.get("labels", ()))
    reason = blocked_reason(
        labels=labels,
        status=status,
        blocked_by=open_blockers(connections.get("inverseRelations", ())),
        blocked_labels=blocked_labels,
        blocked_statuses=blocked_statuses,
    )
    created = parse_time(node.get("createdAt"))
    author = _name(node.get("creator"))
    assignee = _name(node.get("assignee"))
    events = [
        WorkEvent(source, remote_id, f"{remote_id}:opened", EventKind.OPENED, author, created)
    ]
    events += parse_history(source, remote_id, connections.get("history", ()))
    events.sort(key=lambda e: e.at)
    moves = [e.at for e in events if e.kind in STATUS_MOVES]
    priority = node.get("priority")
    estimate = node.get("estimate")
    item = WorkItem(
        source=source,
        remote_id=remote_id,
        key=str(node["identifier"]),
        kind=ItemKind.ISSUE,
        title=str(node.get("title") or ""),
        status=status,
        category=with_blocked(category_of(state), reason),
        created_at=created,
        updated_at=parse_time(node.get("updatedAt") or node.get("createdAt")),
        container=_name(node.get("team"), "key"),
        body=str(node.get("description") or ""),
        author=author,
        assignees=(assignee,) if assignee else (),
        labels=labels,
        priority=PRIORITY_BY_NUMBER.get(int(priority), Priority.NONE)
        if isinstance(priority, int | float)
        else Priority.NONE,
        url=str(node.get("url") or ""),
        status_since=max(moves) if moves else created,
        blocked_reason=reason,
        milestone=_name(node.get("project"), "name"),
        links=linked_keys(connections),
        estimate=float(estimate) if isinstance(estimate, int | float) else None,
        sprint=cycle_name(node.get("cycle")),
    )
    return item, events


def _state_move(before: object, after: object) -> EventKind:
    """Closed (into a completed / canceled state), reopened (out of one), or a move."""
    was_closed = _name(before, "type") in CLOSED_TYPES
    is_closed = _name(after, "type") in CLOSED_TYPES
    if is_closed and not was_closed:
        return EventKind.CLOSED
    if was_closed and not is_closed:
        return EventKind.REOPENED
    return EventKind.STATUS_CHANGED


def parse_history(source: str, remote_id: str, history: Iterable[JsonObject]) -> list[WorkEvent]:
    """State, assignee and label changes from an issue's history entries."""
    events: list[WorkEvent] = []
    for entry in history:
        at = parse_time(entry.get("createdAt"))
        actor = _name(entry.get("actor"))
        base = f"{remote_id}:{entry.get('id')}"
        if entry.get("toState"):
            events.append(
                WorkEvent(
                    source,
                    remote_id,
                    f"{base}:state",
                    _state_move(entry.get("fromState"), entry.get("toState")),
                    actor,
                    at,
                    _name(entry.get("fromState"), "name"),
                    _name(entry.get("toState"), "name"),
                )
            )
        before, after = _name(entry.get("fromAssignee")), _name(entry.get("toAssignee"))
        if before or after:
            kind = EventKind.ASSIGNED if after else EventKind.UNASSIGNED
            events.append(
                WorkEvent(source, remote_id, f"{base}:assignee", kind, actor, at, before, after)
            )
        added = [_name(label, "name") for label in entry.get("addedLabels") or ()]
        removed = [_name(label, "name") for label in entry.get("removedLabels") or ()]
        if added or removed:
            events.append(
                WorkEvent(
                    source,
                    remote_id,
                    f"{base}:labels",
                    EventKind.LABELED,
                    actor,
                    at,
                    ", ".join(removed),
                    ", ".join(added),
                )
            )
    return events
