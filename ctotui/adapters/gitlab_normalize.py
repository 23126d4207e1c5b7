"""GitLab REST v4 payloads turned into WorkItem and WorkEvent objects.

Pure functions over decoded JSON, tested on the documented example payloads.
An item's remote id is "issue:<project id>:<iid>" or "mr:<project id>:<iid>",
which is what the API paths need; its key is GitLab's own full reference
("group/project#12", "group/project!7").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ctotui.adapters.blocked import blocked_reason, with_blocked
from ctotui.errors import AdapterError
from ctotui.model import EventKind, ItemKind, Priority, StatusCategory, WorkEvent, WorkItem

PIPELINE_CHECKS: Mapping[str, str] = {
    "success": "passing",
    "failed": "failing",
    "canceled": "failing",
    "running": "pending",
    "pending": "pending",
    "created": "pending",
    "preparing": "pending",
    "scheduled": "pending",
    "waiting_for_resource": "pending",
    "waiting_for_callback": "pending",
}
_STATE_EVENTS: Mapping[str, EventKind] = {
    "closed": EventKind.CLOSED,
    "reopened": EventKind.REOPENED,
    "merged": EventKind.MERGED,
}
_WEB_ISSUE = re.compile(r"https?://[^/]+/(.+?)(?:/-)?/issues/(\d+)")
PRIORITY_LABELS: Mapping[str, Priority] = {
    "priority::high": Priority.HIGH,
    "priority::1": Priority.HIGH,
    "priority::medium": Priority.MEDIUM,
    "priority::2": Priority.MEDIUM,
    "priority::low": Priority.LOW,
    "priority::3": Priority.LOW,
}


def parse_time(value: object) -> datetime | None:
    """GitLab's ISO 8601 times ("2016-01-04T15:31:46.176Z"); None when absent."""
    if not isinstance(value, str) or not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def remote_id(kind: str, data: Mapping[str, Any]) -> str:
    return f"{kind}:{data.get('project_id')}:{data.get('iid')}"


def _username(user: object) -> str:
    return str(user.get("username") or "") if isinstance(user, Mapping) else ""


def key_from_web_url(url: str) -> str:
    """ "group/project#14" from an issue's web URL (issue links carry no reference)."""
    match = _WEB_ISSUE.match(url or "")
    return f"{match.group(1)}#{match.group(2)}" if match else url


def blockers(links: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """Keys of the open issues this one "is blocked by"."""
    return tuple(
        key_from_web_url(str(link.get("web_url") or ""))
        for link in links
        if link.get("link_type") == "is_blocked_by" and link.get("state") == "opened"
    )


def item_events(
    source: str,
    rid: str,
    data: Mapping[str, Any],
    state_events: Iterable[Mapping[str, Any]],
    label_events: Iterable[Mapping[str, Any]],
    approvals: Mapping[str, Any] | None = None,
) -> list[WorkEvent]:
    """Opened, state changes (closed, reopened, merged), labels added, approvals."""
    events: list[WorkEvent] = []
    created = parse_time(data.get("created_at"))
    if created is not None:
        author = _username(data.get("author"))
        events.append(WorkEvent(source, rid, f"{rid}:opened", EventKind.OPENED, author, created))
    for entry in state_events:
        kind = _STATE_EVENTS.get(str(entry.get("state") or ""))
        at = parse_time(entry.get("created_at"))
        if kind is not None and at is not None:
            actor = _username(entry.get("user"))
            events.append(WorkEvent(source, rid, f"{rid}:state:{entry.get('id')}", kind, actor, at))
    for entry in label_events:
        at = parse_time(entry.get("created_at"))
        label = entry.get("label")
        if entry.get("action") != "add" or at is None or not isinstance(label, Mapping):
            continue
        events.append(
            WorkEvent(
                source,
                rid,
                f"{rid}:label:{entry.get('id')}",
                EventKind.LABELED,
                _username(entry.get("user")),
                at,
                "",
                str(label.get("name") or ""),
            )
        )
    approved_at = parse_time((approvals or {}).get("updated_at"))
    for approval in (approvals or {}).get("approved_by") or ():
        who = _username(approval.get("user")) if isinstance(approval, Mapping) else ""
        if who and approved_at is not None:
            event_id = f"{rid}:approved:{who}"
            events.append(
                WorkEvent(
                    source, rid, event_id, EventKind.REVIEWED, who, approved_at, "", "approved"
                )
            )
    return sorted(events, key=lambda e: e.at)


def _status(kind: str, data: Mapping[str, Any]) -> tuple[str, StatusCategory, bool]:
    state = str(data.get("state") or "")
    if state == "merged":
        return "merged", StatusCategory.DONE, False
    if state in ("closed", "locked"):
        return "closed", StatusCategory.DONE, False
    if kind == "mr":
        if data.get("draft") or data.get("work_in_progress"):
            return "draft", StatusCategory.IN_PROGRESS, True
        return "opened", StatusCategory.IN_REVIEW, False
    if data.get("assignees"):
        return "opened", StatusCategory.IN_PROGRESS, False
    return "opened", StatusCategory.TODO, False


def work_item(
    source: str,
    kind: str,
    data: Mapping[str, Any],
    *,
    events: Sequence[WorkEvent],
    blocked_by: Sequence[str] = (),
    blocked_labels: Sequence[str],
) -> WorkItem:
    """One issue ("issue") or merge request ("mr"), with the details fetched for it."""
    references = data.get("references") if isinstance(data.get("references"), Mapping) else {}
    key = str((references or {}).get("full") or remote_id(kind, data))
    container = re.split(r"[#!]", key, maxsplit=1)[0]
    labels = tuple(str(label) for label in data.get("labels") or ())
    status, category, draft = _status(kind, data)
    reason = blocked_reason(
        labels=labels, status=status, blocked_by=blocked_by, blocked_labels=blocked_labels
    )
    pipeline = data.get("head_pipeline")
    checks = (
        PIPELINE_CHECKS.get(str(pipeline.get("status") or ""), "")
        if isinstance(pipeline, Mapping)
        else ""
    )
    reviewers = [_username(u) for u in data.get("reviewers") or ()]
    reviewers += [e.actor for e in events if e.kind is EventKind.REVIEWED]
    milestone = data.get("milestone")
    weight = data.get("weight")
    created = parse_time(data.get("created_at"))
    updated = parse_time(data.get("updated_at")) or created
    if created is None or updated is None:
        raise AdapterError(f"GitLab ({source}) sent {kind} {key} without a valid created_at")
    rid = remote_id(kind, data)
    return WorkItem(
        source=source,
        remote_id=rid,
        key=key,
        kind=ItemKind.MERGE_REQUEST if kind == "mr" else ItemKind.ISSUE,
        title=str(data.get("title") or ""),
        status=status,
        category=with_blocked(category, reason),
        created_at=created,
        updated_at=updated,
        container=container,
        body=str(data.get("description") or ""),
        author=_username(data.get("author")),
        assignees=tuple(a for a in (_username(u) for u in data.get("assignees") or ()) if a),
        reviewers=tuple(dict.fromkeys(r for r in reviewers if r)),
        labels=labels,
        priority=next(
            (PRIORITY_LABELS[x.lower()] for x in labels if x.lower() in PRIORITY_LABELS),
            Priority.NONE,
        ),
        url=str(data.get("web_url") or ""),
        status_since=_status_since(data, events),
        blocked_reason=reason,
        is_draft=draft,
        milestone=str(milestone.get("title") or "") if isinstance(milestone, Mapping) else "",
        checks=checks,
        links=tuple(blocked_by),
        estimate=float(weight) if isinstance(weight, int | float) else None,
    )


def _status_since(data: Mapping[str, Any], events: Sequence[WorkEvent]) -> datetime | None:
    done = parse_time(data.get("merged_at")) or parse_time(data.get("closed_at"))
    if data.get("state") in ("merged", "closed", "locked") and done is not None:
        return done
    moves = [e.at for e in events if e.kind is EventKind.REOPENED]
    return max(moves) if moves else parse_time(data.get("created_at"))
