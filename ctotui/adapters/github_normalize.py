"""GitHub REST payloads turned into WorkItem, WorkEvent and Message objects.

Pure functions over decoded JSON, so they are tested on the documented example
payloads without any HTTP. Field names follow GitHub's REST reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ctotui.adapters.blocked import blocked_reason, with_blocked
from ctotui.model import (
    EventKind,
    ItemKind,
    Message,
    MessageKind,
    Priority,
    StatusCategory,
    WorkEvent,
    WorkItem,
)

NOTIFICATION_REASONS: Mapping[str, str] = {
    "review_requested": "Review requested",
    "mention": "Mentioned",
    "team_mention": "Team mentioned",
    "assign": "Assigned",
}
"""The notification reasons that become inbox messages, with their subject prefix."""

PRIORITY_LABELS: Mapping[str, Priority] = {
    "priority: high": Priority.HIGH,
    "priority/high": Priority.HIGH,
    "p0": Priority.HIGH,
    "p1": Priority.HIGH,
    "priority: medium": Priority.MEDIUM,
    "priority/medium": Priority.MEDIUM,
    "p2": Priority.MEDIUM,
    "priority: low": Priority.LOW,
    "priority/low": Priority.LOW,
    "p3": Priority.LOW,
}

FAILED_CONCLUSIONS = frozenset({"failure", "timed_out", "cancelled", "action_required"})
_SIMPLE_EVENTS: Mapping[str, EventKind] = {
    "closed": EventKind.CLOSED,
    "reopened": EventKind.REOPENED,
    "merged": EventKind.MERGED,
    "commented": EventKind.COMMENTED,
}
_API_PATH = re.compile(r"/repos/([^/]+/[^/]+)/(?:issues|pulls)/(\d+)$")
_CLOSING_REF = re.compile(
    r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s+([\w.-]+/[\w.-]+)?#(\d+)", re.IGNORECASE
)


def parse_time(value: object) -> datetime | None:
    """GitHub's ISO 8601 timestamps ("2011-04-22T13:33:48Z"); None when absent."""
    if not isinstance(value, str) or not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _login(user: object) -> str:
    return str(user.get("login") or "") if isinstance(user, Mapping) else ""


def repo_of(issue: Mapping[str, Any]) -> str:
    """ "owner/name" of an issue from any listing (repo, org or search)."""
    repository = issue.get("repository")
    if isinstance(repository, Mapping) and repository.get("full_name"):
        return str(repository["full_name"])
    url = str(issue.get("repository_url") or "")
    return url.split("/repos/", 1)[1] if "/repos/" in url else ""


def key_from_api_url(url: str) -> str:
    """ "owner/name#123" for an API issue or pull URL, "" for anything else."""
    match = _API_PATH.search(url or "")
    return f"{match.group(1)}#{match.group(2)}" if match else ""


def dependency_count(issue: Mapping[str, Any], field: str) -> int | None:
    """A count from `issue_dependencies_summary` ("blocked_by": open blockers, ...).

    None when the server sends no summary (a GitHub Enterprise Server without
    issue dependencies): then there is nothing to ask for.
    """
    summary = issue.get("issue_dependencies_summary")
    if not isinstance(summary, Mapping):
        return None
    value = summary.get(field)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def open_blockers(blockers: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """Keys of the open issues in a `/dependencies/blocked_by` listing, in its order."""
    keys = [
        f"{repo_of(b)}#{b['number']}"
        for b in blockers
        if b.get("state") == "open" and b.get("number") is not None and repo_of(b)
    ]
    return tuple(dict.fromkeys(keys))


def checks_state(check_runs: Sequence[Mapping[str, Any]]) -> str:
    """One word for a commit's check runs: "failing", "pending", "passing" or ""."""
    if not check_runs:
        return ""
    if any(r.get("conclusion") in FAILED_CONCLUSIONS for r in check_runs):
        return "failing"
    if any(r.get("status") != "completed" for r in check_runs):
        return "pending"
    return "passing"


def linked_keys(repo: str, body: str, timeline: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """Items this one closes (by its text) or is cross-referenced from (by the timeline)."""
    keys: list[str] = []
    for match in _CLOSING_REF.finditer(body or ""):
        keys.append(f"{match.group(1) or repo}#{match.group(2)}")
    for entry in timeline:
        if entry.get("event") != "cross-referenced":
            continue
        source = entry.get("source")
        issue = source.get("issue") if isinstance(source, Mapping) else None
        if isinstance(issue, Mapping) and issue.get("number") is not None:
            keys.append(f"{repo_of(issue)}#{issue['number']}")
    return tuple(dict.fromkeys(k for k in keys if k != "#"))


def timeline_events(
    source: str, key: str, issue: Mapping[str, Any], timeline: Iterable[Mapping[str, Any]]
) -> list[WorkEvent]:
    """The item's history as WorkEvents: opened, plus every timeline entry we understand."""
    created = parse_time(issue.get("created_at"))
    events: list[WorkEvent] = []
    if created is not None:
        events.append(
            WorkEvent(
                source, key, f"{key}:opened", EventKind.OPENED, _login(issue.get("user")), created
            )
        )
    for entry in timeline:
        event = _timeline_event(source, key, entry)
        if event is not None:
            events.append(event)
    return events


def _timeline_event(source: str, key: str, entry: Mapping[str, Any]) -> WorkEvent | None:
    name = str(entry.get("event") or "")
    at = parse_time(entry.get("created_at") or entry.get("submitted_at"))
    if at is None:
        return None
    actor = _login(entry.get("actor")) or _login(entry.get("user"))
    event_id = f"{key}:{name}:{entry.get('id') or entry.get('node_id') or at.isoformat()}"
    if name in _SIMPLE_EVENTS:
        return WorkEvent(source, key, event_id, _SIMPLE_EVENTS[name], actor, at)
    if name == "labeled":
        label = entry.get("label")
        to = str(label.get("name") or "") if isinstance(label, Mapping) else ""
        return WorkEvent(source, key, event_id, EventKind.LABELED, actor, at, "", to)
    if name in ("assigned", "unassigned"):
        kind = EventKind.ASSIGNED if name == "assigned" else EventKind.UNASSIGNED
        return WorkEvent(source, key, event_id, kind, actor, at, "", _login(entry.get("assignee")))
    if name == "review_requested":
        team = entry.get("requested_team")
        whom = _login(entry.get("requested_reviewer")) or (
            str(team.get("slug") or team.get("name") or "") if isinstance(team, Mapping) else ""
        )
        return WorkEvent(source, key, event_id, EventKind.REVIEW_REQUESTED, actor, at, "", whom)
    if name == "reviewed":
        state = str(entry.get("state") or "").lower()
        return WorkEvent(source, key, event_id, EventKind.REVIEWED, actor, at, "", state)
    if name in ("ready_for_review", "convert_to_draft"):
        old, new = ("draft", "open") if name == "ready_for_review" else ("open", "draft")
        return WorkEvent(source, key, event_id, EventKind.STATUS_CHANGED, actor, at, old, new)
    return None


def status_of(
    issue: Mapping[str, Any], pull: Mapping[str, Any] | None
) -> tuple[str, StatusCategory, bool]:
    """(status text, category, draft) for an issue or pull request."""
    is_pr = "pull_request" in issue
    if issue.get("state") == "closed":
        merged = isinstance(issue.get("pull_request"), Mapping) and bool(
            issue["pull_request"].get("merged_at")
        )
        return ("merged" if merged else "closed"), StatusCategory.DONE, False
    if is_pr:
        draft = bool((pull or issue).get("draft"))
        if draft:
            return "draft", StatusCategory.IN_PROGRESS, True
        return "open", StatusCategory.IN_REVIEW, False
    if issue.get("assignees") or issue.get("assignee"):
        return "open", StatusCategory.IN_PROGRESS, False
    return "open", StatusCategory.TODO, False


def _status_since(issue: Mapping[str, Any], events: Sequence[WorkEvent]) -> datetime | None:
    if issue.get("state") == "closed":
        return parse_time(issue.get("closed_at"))
    moves = [
        e.at
        for e in events
        if e.kind in (EventKind.REOPENED, EventKind.STATUS_CHANGED)
        or (e.kind is EventKind.ASSIGNED)
    ]
    return max(moves) if moves else parse_time(issue.get("created_at"))


def work_item(
    source: str,
    issue: Mapping[str, Any],
    *,
    pull: Mapping[str, Any] | None,
    events: Sequence[WorkEvent],
    timeline: Sequence[Mapping[str, Any]],
    checks: str,
    blocked_labels: Sequence[str],
    blocked_by: Sequence[str] = (),
) -> WorkItem:
    """One issue or pull request, with what the pull request endpoint adds when fetched.

    `blocked_by`: keys of the open issues it is blocked by (issue dependencies).
    """
    repo = repo_of(issue)
    key = f"{repo}#{issue['number']}"
    labels = tuple(
        str(label.get("name") if isinstance(label, Mapping) else label)
        for label in issue.get("labels") or ()
    )
    status, category, draft = status_of(issue, pull)
    reason = blocked_reason(
        labels=labels, status=status, blocked_by=blocked_by, blocked_labels=blocked_labels
    )
    reviewers = tuple(_login(u) for u in (pull or {}).get("requested_reviewers") or ())
    reviewed = tuple(e.actor for e in events if e.kind is EventKind.REVIEWED and e.actor)
    milestone = issue.get("milestone")
    updated = parse_time(issue.get("updated_at"))
    created = parse_time(issue.get("created_at")) or updated
    if created is None:
        raise ValueError(f"{key} has neither created_at nor updated_at")
    updated = updated or created
    return WorkItem(
        source=source,
        remote_id=key,
        key=key,
        kind=ItemKind.PULL_REQUEST if "pull_request" in issue else ItemKind.ISSUE,
        title=str(issue.get("title") or ""),
        status=status,
        category=with_blocked(category, reason),
        created_at=created,
        updated_at=updated,
        container=repo,
        body=str(issue.get("body") or ""),
        author=_login(issue.get("user")),
        assignees=tuple(_login(u) for u in issue.get("assignees") or () if _login(u)),
        reviewers=tuple(dict.fromkeys(r for r in (*reviewers, *reviewed) if r)),
        labels=labels,
        priority=_priority(labels),
        url=str(issue.get("html_url") or ""),
        status_since=_status_since(issue, events),
        blocked_reason=reason,
        is_draft=draft,
        milestone=str(milestone.get("title") or "") if isinstance(milestone, Mapping) else "",
        checks=checks,
        links=tuple(
            dict.fromkeys((*blocked_by, *linked_keys(repo, str(issue.get("body") or ""), timeline)))
        ),
    )


def _priority(labels: Iterable[str]) -> Priority:
    for label in labels:
        found = PRIORITY_LABELS.get(label.lower())
        if found is not None:
            return found
    return Priority.NONE


def notification_message(source: str, thread: Mapping[str, Any], web_base: str) -> Message | None:
    """An inbox message for a review request, mention or assignment; None for other reasons."""
    reason = str(thread.get("reason") or "")
    if reason not in NOTIFICATION_REASONS:
        return None
    subject = _mapping(thread.get("subject"))
    repository = _mapping(thread.get("repository"))
    repo = str(repository.get("full_name") or "")
    title = str(subject.get("title") or "")
    item_key = key_from_api_url(str(subject.get("url") or ""))
    received = parse_time(thread.get("updated_at"))
    if received is None:
        return None
    kind = str(subject.get("type") or "")
    return Message(
        source=source,
        remote_id=f"thread:{thread.get('id')}",
        kind=MessageKind.NOTIFICATION,
        folder="notifications",
        sender_name=repo or "GitHub",
        sender_address="",
        subject=f"{NOTIFICATION_REASONS[reason]}: {title}",
        body=f"{NOTIFICATION_REASONS[reason]} on {kind} {item_key or repo}: {title}",
        received_at=received,
        thread_id=item_key,
        is_read=not thread.get("unread", True),
        is_direct=True,
        mentions_me=True,  # every kept reason names the user: asked, mentioned, assigned
        url=_web_url(web_base, item_key),
        labels=(reason,),
    )


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _web_url(web_base: str, key: str) -> str:
    if not key:
        return ""
    repo, number = key.split("#", 1)
    return f"{web_base.rstrip('/')}/{repo}/issues/{number}"
