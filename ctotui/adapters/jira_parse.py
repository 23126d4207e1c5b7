"""Turning Jira issue JSON (Cloud v3 or Data Center v2) into WorkItems and WorkEvents.

Pure functions over decoded JSON, so the mapping is tested without HTTP. Jira's
three status categories (new / indeterminate / done) become ours; an
indeterminate status named like a review becomes "in review"; the one shared
blocked rule adds labels, blocked statuses, the Flagged field and open
"is blocked by" links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ctotui.adapters.blocked import blocked_reason, with_blocked
from ctotui.errors import AdapterError
from ctotui.model import EventKind, ItemKind, Priority, StatusCategory, WorkEvent, WorkItem

JsonObject = Mapping[str, Any]

CATEGORY_BY_KEY = {
    "new": StatusCategory.TODO,
    "undefined": StatusCategory.TODO,
    "indeterminate": StatusCategory.IN_PROGRESS,
    "done": StatusCategory.DONE,
}
PRIORITY_BY_NAME = {
    "highest": Priority.HIGH,
    "blocker": Priority.HIGH,
    "critical": Priority.HIGH,
    "high": Priority.HIGH,
    "major": Priority.HIGH,
    "medium": Priority.MEDIUM,
    "low": Priority.LOW,
    "minor": Priority.LOW,
    "lowest": Priority.LOW,
    "trivial": Priority.LOW,
}
BLOCKED_BY = "is blocked by"
STATUS_MOVES = frozenset({EventKind.STATUS_CHANGED, EventKind.CLOSED, EventKind.REOPENED})
TIME_FIELDS = frozenset({"timeoriginalestimate", "timeestimate", "aggregatetimeoriginalestimate"})
SPRINT_ORDER = {"active": 0, "future": 1, "closed": 2}
LEGACY_SPRINT = re.compile(r"(\w+)=([^,\]]*)")


@dataclass(frozen=True, slots=True)
class JiraShape:
    """What differs between deployments and sites: identities, field ids, blocked rule."""

    source: str
    base_url: str
    cloud: bool = True
    flagged_field: str = ""
    estimate_field: str = ""
    sprint_field: str = ""
    blocked_labels: tuple[str, ...] = ()
    blocked_statuses: tuple[str, ...] = ()
    status_categories: Mapping[str, StatusCategory] = field(default_factory=dict)
    """Status id -> our category (from `/status`), so a move to "done" is a close."""


def parse_time(value: object) -> datetime:
    """Jira's "2026-11-17T14:03:22.123+0000" as an aware UTC datetime."""
    if not isinstance(value, str) or not value:
        raise AdapterError(f"Jira sent a date that is not a date: {value!r}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise AdapterError(f"Jira sent a date in an unknown format: {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def user_identity(user: object, *, cloud: bool) -> str:
    """How a Jira user appears in ctotui: display name on Cloud, user name on Data Center.

    Cloud hides user names and often e-mail addresses; the display name is what
    people recognise and what `[people.x] jira = "..."` is matched against.
    """
    if not isinstance(user, Mapping):
        return ""
    if not cloud and user.get("name"):
        return str(user["name"])
    return str(user.get("displayName") or user.get("name") or user.get("accountId") or "")


def adf_text(node: object) -> str:
    """Plain text of an Atlassian Document Format tree (Cloud v3 rich text)."""
    if isinstance(node, str):
        return node
    if not isinstance(node, Mapping):
        return ""
    kind = node.get("type")
    if kind == "text":
        return str(node.get("text", ""))
    if kind == "hardBreak":
        return "\n"
    if kind == "mention":
        attrs = node.get("attrs")
        return str(attrs.get("text", "")) if isinstance(attrs, Mapping) else ""
    children = node.get("content")
    parts = [adf_text(child) for child in children] if isinstance(children, list) else []
    if kind in ("paragraph", "heading", "listItem", "codeBlock", "blockquote", "rule"):
        return "".join(parts).rstrip("\n") + "\n"
    return "".join(parts)


def category_of(status: object) -> StatusCategory:
    """Our category for a Jira status object (its statusCategory key, then its name)."""
    if not isinstance(status, Mapping):
        return StatusCategory.TODO
    group = status.get("statusCategory")
    key = str(group.get("key", "")) if isinstance(group, Mapping) else ""
    category = CATEGORY_BY_KEY.get(key, StatusCategory.TODO)
    if category is StatusCategory.IN_PROGRESS and "review" in str(status.get("name", "")).lower():
        return StatusCategory.IN_REVIEW
    return category


def open_blockers(links: object) -> list[str]:
    """Keys of the not-done issues this one "is blocked by"."""
    keys: list[str] = []
    for link in links if isinstance(links, list) else []:
        if not isinstance(link, Mapping):
            continue
        kind = link.get("type")
        inward = link.get("inwardIssue")
        if not isinstance(kind, Mapping) or not isinstance(inward, Mapping):
            continue
        if str(kind.get("inward", "")).strip().lower() != BLOCKED_BY:
            continue
        fields = inward.get("fields")
        status = fields.get("status") if isinstance(fields, Mapping) else None
        if category_of(status) is not StatusCategory.DONE:
            keys.append(str(inward.get("key", "")))
    return [k for k in keys if k]


def linked_keys(links: object) -> tuple[str, ...]:
    """Keys of every issue linked to this one, either direction, in Jira's order."""
    keys: list[str] = []
    for link in links if isinstance(links, list) else []:
        if not isinstance(link, Mapping):
            continue
        for side in ("inwardIssue", "outwardIssue"):
            other = link.get(side)
            if isinstance(other, Mapping) and other.get("key"):
                keys.append(str(other["key"]))
    return tuple(dict.fromkeys(keys))


def estimate_of(value: object, field: str) -> float | None:
    """Story points as they are; time estimates (seconds) as hours."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return round(value / 3600, 2) if field.lower() in TIME_FIELDS else float(value)


def sprint_of(value: object) -> str:
    """The sprint an issue is planned in: the active one, else the next, else the last.

    Cloud and recent Data Center put agile Sprint objects ({"id", "name",
    "state", ...}) in the field; older Data Center sends each as a string
    "com.atlassian.greenhopper.service.sprint.Sprint@1a2b[id=3,state=ACTIVE,name=S1,...]".
    """
    sprints: list[tuple[int, int, str]] = []
    for index, entry in enumerate(value if isinstance(value, list) else []):
        if isinstance(entry, str):
            entry = {k.lower(): v for k, v in LEGACY_SPRINT.findall(entry)}
        if not isinstance(entry, Mapping) or not entry.get("name"):
            continue
        rank = SPRINT_ORDER.get(str(entry.get("state", "")).lower(), 3)
        sprints.append((rank, -index, str(entry["name"])))
    return min(sprints)[2] if sprints else ""


def is_flagged(value: object) -> bool:
    """The Flagged field holds options like [{"value": "Impediment"}] when set."""
    values = value if isinstance(value, list) else [value]
    for option in values:
        text = option.get("value") if isinstance(option, Mapping) else option
        if isinstance(text, str) and text.strip().lower() == "impediment":
            return True
    return False


def histories_of(issue: JsonObject) -> list[JsonObject]:
    """The changelog histories embedded by `expand=changelog` (possibly only a first page)."""
    changelog = issue.get("changelog")
    histories = changelog.get("histories") if isinstance(changelog, Mapping) else None
    return [h for h in histories if isinstance(h, Mapping)] if isinstance(histories, list) else []


def changelog_truncated(issue: JsonObject) -> bool:
    """True when the embedded changelog holds fewer histories than the issue has."""
    changelog = issue.get("changelog")
    if not isinstance(changelog, Mapping):
        return False
    total = changelog.get("total")
    return isinstance(total, int) and total > len(histories_of(issue))


def parse_issue(
    issue: JsonObject,
    shape: JiraShape,
    histories: Sequence[JsonObject] | None = None,
    sprint: str | None = None,
) -> tuple[WorkItem, list[WorkEvent]]:
    """One issue and what happened to it.

    `histories` overrides the embedded changelog; `sprint` (from the agile API)
    overrides the Sprint field.
    """
    fields = issue.get("fields")
    if not isinstance(fields, Mapping) or "key" not in issue or "id" not in issue:
        raise AdapterError("Jira sent an issue without id, key or fields")
    remote_id, key = str(issue["id"]), str(issue["key"])
    created = parse_time(fields.get("created"))
    status = fields.get("status")
    status_name = str(status.get("name", "")) if isinstance(status, Mapping) else ""
    labels = tuple(str(label) for label in fields.get("labels") or ())
    reason = blocked_reason(
        labels=labels,
        status=status_name,
        flagged=bool(shape.flagged_field) and is_flagged(fields.get(shape.flagged_field)),
        blocked_by=open_blockers(fields.get("issuelinks")),
        blocked_labels=shape.blocked_labels,
        blocked_statuses=shape.blocked_statuses,
    )
    project = fields.get("project")
    priority = fields.get("priority")
    assignee = user_identity(fields.get("assignee"), cloud=shape.cloud)
    author = user_identity(fields.get("reporter") or fields.get("creator"), cloud=shape.cloud)
    events = parse_histories(
        remote_id, histories if histories is not None else histories_of(issue), shape
    )
    events.insert(
        0,
        WorkEvent(
            shape.source, remote_id, f"{remote_id}:opened", EventKind.OPENED, author, created
        ),
    )
    moves = [e.at for e in events if e.kind in STATUS_MOVES]
    description = fields.get("description")
    item = WorkItem(
        source=shape.source,
        remote_id=remote_id,
        key=key,
        kind=ItemKind.ISSUE,
        title=str(fields.get("summary") or ""),
        status=status_name,
        category=with_blocked(category_of(status), reason),
        created_at=created,
        updated_at=parse_time(fields.get("updated") or fields.get("created")),
        container=str(project.get("key", "")) if isinstance(project, Mapping) else "",
        body=adf_text(description).strip() if description else "",
        author=author,
        assignees=(assignee,) if assignee else (),
        labels=labels,
        priority=_priority(priority),
        url=f"{shape.base_url.rstrip('/')}/browse/{key}",
        status_since=max(moves) if moves else created,
        blocked_reason=reason,
        milestone=_first_version(fields.get("fixVersions")),
        links=linked_keys(fields.get("issuelinks")),
        estimate=estimate_of(fields.get(shape.estimate_field), shape.estimate_field)
        if shape.estimate_field
        else None,
        sprint=sprint if sprint is not None else sprint_of(fields.get(shape.sprint_field)),
    )
    return item, events


def parse_histories(
    remote_id: str, histories: Iterable[JsonObject], shape: JiraShape
) -> list[WorkEvent]:
    """Status, assignee and label changes from changelog histories, oldest first."""
    events: list[WorkEvent] = []
    for history in histories:
        at = parse_time(history.get("created"))
        actor = user_identity(history.get("author"), cloud=shape.cloud)
        for index, change in enumerate(history.get("items") or ()):
            if not isinstance(change, Mapping):
                continue
            event_id = f"{remote_id}:{history.get('id')}:{index}"
            event = _change_event(shape, remote_id, event_id, actor, at, change)
            if event is not None:
                events.append(event)
    events.sort(key=lambda e: e.at)
    return events


def _status_move(shape: JiraShape, change: JsonObject) -> EventKind:
    """Closed (into a done status), reopened (out of one), or another status change."""
    before = shape.status_categories.get(str(change.get("from")))
    after = shape.status_categories.get(str(change.get("to")))
    if after is StatusCategory.DONE and before is not StatusCategory.DONE:
        return EventKind.CLOSED
    if before is StatusCategory.DONE and after is not None and after is not StatusCategory.DONE:
        return EventKind.REOPENED
    return EventKind.STATUS_CHANGED


def _change_event(
    shape: JiraShape, remote_id: str, event_id: str, actor: str, at: datetime, change: JsonObject
) -> WorkEvent | None:
    field = str(change.get("fieldId") or change.get("field") or "").lower()
    before = str(change.get("fromString") or "")
    after = str(change.get("toString") or "")
    if field == "status":
        kind = _status_move(shape, change)
    elif field == "assignee":
        if not shape.cloud:  # Data Center: "from"/"to" are user names, our identity there
            before, after = str(change.get("from") or ""), str(change.get("to") or "")
        kind = EventKind.ASSIGNED if after else EventKind.UNASSIGNED
    elif field == "labels":
        kind = EventKind.LABELED
    else:
        return None
    return WorkEvent(shape.source, remote_id, event_id, kind, actor, at, before, after)


def _first_version(versions: object) -> str:
    """The first fix version, Jira's nearest thing to a milestone."""
    for version in versions if isinstance(versions, list) else []:
        if isinstance(version, Mapping) and version.get("name"):
            return str(version["name"])
    return ""


def _priority(priority: object) -> Priority:
    if not isinstance(priority, Mapping):
        return Priority.NONE
    return PRIORITY_BY_NAME.get(str(priority.get("name", "")).strip().lower(), Priority.NONE)
