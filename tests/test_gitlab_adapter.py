"""The GitLab adapter against GitLab's documented payloads, served through a mock transport."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fake_gitlab import FakeGitLab, fixture

from ctotui.adapters.base import AdapterContext, FetchResult
from ctotui.adapters.gitlab import GitLabAdapter
from ctotui.clock import FixedClock
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, EventKind, ItemKind, OutboxAction, StatusCategory

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
PROJECT = "my-group/my-project"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitLab]:
    server = FakeGitLab()
    server.add("issue", PROJECT, 1, "Login fails", updated="2026-11-10T10:00:00.000Z")
    server.add(
        "issue",
        PROJECT,
        2,
        "Needs the new API",
        updated="2026-11-11T10:00:00.000Z",
        assignees=("lennie",),
    )
    blocker = dict(fixture("issue_links.json")[0], link_type="is_blocked_by")
    blocker["web_url"] = f"https://gitlab.com/{PROJECT}/-/issues/14"
    server.links[2] = [blocker]
    server.add(
        "mr",
        PROJECT,
        7,
        "Faster login",
        updated="2026-11-12T10:00:00.000Z",
        reviewers=("ana",),
        labels=("Community contribution", "Manage"),
    )
    sleeps: list[float] = []

    async def no_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    monkeypatch.setattr(GitLabAdapter, "transport", server.transport())
    monkeypatch.setattr(GitLabAdapter, "sleep", staticmethod(no_sleep))
    server.sleeps = sleeps  # type: ignore[attr-defined]
    yield server


def adapter(**settings: Any) -> GitLabAdapter:
    context = AdapterContext(clock=FixedClock(NOW))
    options = {"token": "glpat-secret", "projects": [PROJECT], "page_size": 2, **settings}
    return GitLabAdapter("gl", options, context)


async def sync(source: GitLabAdapter, cursor: str | None = None) -> tuple[FetchResult, str | None]:
    merged = FetchResult(cursor=cursor)
    for _ in range(50):
        page = await source.fetch(cursor)
        merged.items += page.items
        merged.events += page.events
        cursor = page.cursor
        if not page.more:
            break
    return merged, cursor


def paths(fake: FakeGitLab) -> list[str]:
    return [f"{r.method} {r.url.raw_path.decode().split('?')[0]}" for r in fake.requests]


async def test_full_sync_normalises_issues_and_merge_requests(fake: FakeGitLab) -> None:
    result, _ = await sync(adapter())
    items = {i.key: i for i in result.items}
    assert set(items) == {f"{PROJECT}#1", f"{PROJECT}#2", f"{PROJECT}!7"}
    todo, blocked, mr = items[f"{PROJECT}#1"], items[f"{PROJECT}#2"], items[f"{PROJECT}!7"]
    assert todo.category is StatusCategory.TODO and todo.milestone == "v3.0"
    assert todo.remote_id == "issue:4:1" and todo.container == PROJECT
    assert blocked.category is StatusCategory.BLOCKED
    assert blocked.blocked_reason == f"blocked by {PROJECT}#14"
    assert mr.kind is ItemKind.MERGE_REQUEST and mr.category is StatusCategory.IN_REVIEW
    assert mr.checks == "passing"  # head_pipeline of the documented single merge request
    assert mr.reviewers == ("ana", "root")  # requested, then approved
    assert mr.milestone == "v2.0" and mr.labels == ("Community contribution", "Manage")
    approved = [e for e in result.events if e.kind is EventKind.REVIEWED]
    assert [(e.actor, e.to_value) for e in approved] == [("root", "approved")]


async def test_requests_follow_the_documented_endpoints(fake: FakeGitLab) -> None:
    await sync(adapter())
    first = fake.requests[0]
    assert first.url.raw_path.decode().startswith("/api/v4/projects/my-group%2Fmy-project/issues?")
    assert dict(first.url.params) == {
        "per_page": "2",
        "order_by": "updated_at",
        "sort": "asc",
        "scope": "all",
        "state": "opened",
    }
    assert first.headers["PRIVATE-TOKEN"] == "glpat-secret"
    assert paths(fake) == [
        "GET /api/v4/projects/my-group%2Fmy-project/issues",
        "GET /api/v4/projects/4/issues/1/resource_state_events",
        "GET /api/v4/projects/4/issues/1/resource_label_events",
        "GET /api/v4/projects/4/issues/1/links",
        "GET /api/v4/projects/4/issues/2/resource_state_events",
        "GET /api/v4/projects/4/issues/2/resource_label_events",
        "GET /api/v4/projects/4/issues/2/links",
        "GET /api/v4/projects/my-group%2Fmy-project/merge_requests",
        "GET /api/v4/projects/4/merge_requests/7/resource_state_events",
        "GET /api/v4/projects/4/merge_requests/7/resource_label_events",
        "GET /api/v4/projects/4/merge_requests/7",
        "GET /api/v4/projects/4/merge_requests/7/approvals",
    ]


async def test_pagination_and_incremental_sync(fake: FakeGitLab) -> None:
    fake.add("issue", PROJECT, 3, "Third", updated="2026-11-11T11:00:00.000Z")
    result, cursor = await sync(adapter())
    assert len(result.items) == 4
    listing = [r for r in fake.requests if r.url.path.endswith("/issues")]
    assert [r.url.params.get("page") for r in listing] == [None, "2"]
    fake.add("issue", PROJECT, 1, "Login fails", updated="2026-11-18T09:00:00.000Z", state="closed")
    fake.requests.clear()
    result, cursor = await sync(adapter(), cursor)
    keys = sorted(i.key for i in result.items)
    assert keys == [f"{PROJECT}#1"]  # the items on the marks are listed again, unchanged
    closed = next(i for i in result.items if i.key == f"{PROJECT}#1")
    assert closed.category is StatusCategory.DONE
    issues_request = fake.requests[0]
    assert issues_request.url.params["updated_after"] == "2026-11-11T11:00:00Z"
    assert "state" not in issues_request.url.params


async def test_groups_list_issues_and_merge_requests(fake: FakeGitLab) -> None:
    result, _ = await sync(adapter(projects=[], groups=["my-group"]))
    assert len(result.items) == 3
    assert "GET /api/v4/groups/my-group/issues" in paths(fake)
    assert "GET /api/v4/groups/my-group/merge_requests" in paths(fake)


async def test_429_is_waited_out(fake: FakeGitLab) -> None:
    fake.failures.append(
        lambda r: httpx.Response(
            429, json={"message": "Retry later"}, headers={"Retry-After": "42"}
        )
    )
    result, _ = await sync(adapter())
    assert len(result.items) == 3
    assert fake.sleeps == [42.0]  # type: ignore[attr-defined]


async def test_500_then_success(fake: FakeGitLab) -> None:
    fake.failures.append(
        lambda r: httpx.Response(500, json={"message": "500 Internal Server Error"})
    )
    result, _ = await sync(adapter())
    assert len(result.items) == 3


async def test_401_is_a_clear_error(fake: FakeGitLab) -> None:
    fake.failures.append(lambda r: httpx.Response(401, json=fixture("error_401.json")))
    with pytest.raises(AdapterError, match=r"rejected the token \(401\).*401 Unauthorized"):
        await adapter().fetch(None)


@pytest.mark.parametrize("body", [b'[{"iid": 1, "title": "cu', b"<!DOCTYPE html>"])
async def test_truncated_or_malformed_json(fake: FakeGitLab, body: bytes) -> None:
    fake.failures.append(lambda r: httpx.Response(200, content=body))
    with pytest.raises(AdapterError, match="not valid JSON"):
        await adapter().fetch(None)


@pytest.mark.parametrize(
    ("kind", "target", "payload", "expected"),
    [
        (ActionKind.COMMENT, "issue:4:1", "On it", ("POST", "/issues/1/notes", {"body": "On it"})),
        (ActionKind.CLOSE, "issue:4:1", "", ("PUT", "/issues/1", {"state_event": "close"})),
        (ActionKind.REOPEN, "mr:4:7", "", ("PUT", "/merge_requests/7", {"state_event": "reopen"})),
        (ActionKind.ADD_LABEL, "issue:4:1", "bug", ("PUT", "/issues/1", {"add_labels": "bug"})),
        (
            ActionKind.REMOVE_LABEL,
            "issue:4:1",
            "bug",
            ("PUT", "/issues/1", {"remove_labels": "bug"}),
        ),
        (
            ActionKind.ASSIGN_TO_ME,
            "issue:4:2",
            "",
            ("PUT", "/issues/2", {"assignee_ids": [50, 1]}),
        ),
        (ActionKind.UNASSIGN_ME, "issue:4:1", "", ("PUT", "/issues/1", {"assignee_ids": [0]})),
        (
            ActionKind.REQUEST_REVIEW,
            "mr:4:7",
            "bob",
            ("PUT", "/merge_requests/7", {"reviewer_ids": [100, 77]}),
        ),
    ],
)
async def test_actions_send_the_documented_requests(
    fake: FakeGitLab,
    kind: ActionKind,
    target: str,
    payload: str,
    expected: tuple[str, str, dict[str, Any]],
) -> None:
    await adapter().apply(OutboxAction("gl", kind, target, NOW, payload))
    write = fake.requests[-1]
    method, path, body = expected
    assert (write.method, write.url.path, json.loads(write.content)) == (
        method,
        f"/api/v4/projects/4{path}",
        body,
    )


async def test_probe_checks_the_api_scope(fake: FakeGitLab) -> None:
    assert await adapter().probe() == "token accepted for john_smith, scopes api"
    fake.scopes = ["read_api"]
    with pytest.raises(AdapterError, match="lacks scope api"):
        await adapter().probe()


async def test_self_hosted_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    server = FakeGitLab(base="https://gitlab.acme.example/api/v4")
    server.add("issue", PROJECT, 1, "Self-hosted", updated="2026-11-10T10:00:00.000Z")
    monkeypatch.setattr(GitLabAdapter, "transport", server.transport())
    result, _ = await sync(adapter(base_url="https://gitlab.acme.example/api/v4"))
    assert [i.key for i in result.items] == [f"{PROJECT}#1"]
    assert str(server.requests[0].url).startswith("https://gitlab.acme.example/api/v4/projects/")
