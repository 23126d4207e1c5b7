"""The GitHub adapter against GitHub's documented payloads, served through a mock transport."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fake_github import FakeGitHub, fixture, user

from ctotui.adapters.base import AdapterContext, FetchResult
from ctotui.adapters.github import GitHubAdapter
from ctotui.clock import FixedClock
from ctotui.errors import AdapterError
from ctotui.model import (
    ActionKind,
    EventKind,
    ItemKind,
    MessageKind,
    OutboxAction,
    Person,
    StatusCategory,
)

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
REPO = "octocat/Hello-World"
SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e"  # head of the documented pull request


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    server = FakeGitHub()
    server.add_issue(REPO, 1, "Crash on start", updated="2026-11-10T10:00:00Z", labels=("bug",))
    server.add_issue(
        REPO,
        2,
        "Waiting on the vendor",
        updated="2026-11-11T10:00:00Z",
        assignees=("hubot",),
        labels=("blocked",),
    )
    server.add_issue(REPO, 12, "Faster builds", updated="2026-11-12T10:00:00Z", pull=True)
    server.reviewers[f"{REPO}#12"] = ["other_user"]
    server.timelines[f"{REPO}#12"] = fixture("timeline_pr.json")
    server.timelines[f"{REPO}#1"] = fixture("timeline.json")
    server.add_thread("1", "review_requested", REPO, 12, "Faster builds")
    server.add_thread("2", "subscribed", REPO, 1, "Crash on start")
    sleeps: list[float] = []

    async def no_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    monkeypatch.setattr(GitHubAdapter, "transport", server.transport())
    monkeypatch.setattr(GitHubAdapter, "sleep", staticmethod(no_sleep))
    server.sleeps = sleeps  # type: ignore[attr-defined]
    yield server


def adapter(**settings: Any) -> GitHubAdapter:
    me = Person("me", "Morgan", logins={"github": "octocat"})
    context = AdapterContext(clock=FixedClock(NOW), people={"me": me}, me=me)
    options = {"token": "ghp_secret", "repos": [REPO], "page_size": 2, **settings}
    return GitHubAdapter("gh", options, context)


async def sync(source: GitHubAdapter, cursor: str | None = None) -> tuple[FetchResult, str | None]:
    """Fetch every page like the engine does; all pages merged into one result."""
    merged = FetchResult(cursor=cursor)
    for _ in range(50):
        page = await source.fetch(cursor)
        merged.items += page.items
        merged.events += page.events
        merged.messages += page.messages
        cursor = page.cursor
        if not page.more:
            break
    merged.cursor = cursor
    return merged, cursor


def paths(fake: FakeGitHub) -> list[str]:
    return [f"{r.method} {r.url.path}" for r in fake.requests]


async def test_full_sync_normalises_issues_pulls_and_notifications(fake: FakeGitHub) -> None:
    result, _ = await sync(adapter())
    items = {i.key: i for i in result.items}
    assert set(items) == {f"{REPO}#1", f"{REPO}#2", f"{REPO}#12"}
    bug, blocked, pull = items[f"{REPO}#1"], items[f"{REPO}#2"], items[f"{REPO}#12"]
    assert bug.kind is ItemKind.ISSUE and bug.category is StatusCategory.TODO
    assert bug.milestone == "v1.0" and bug.labels == ("bug",) and bug.author == "octocat"
    assert blocked.category is StatusCategory.BLOCKED
    assert blocked.blocked_reason == 'label "blocked"'
    assert blocked.assignees == ("hubot",)
    assert pull.kind is ItemKind.PULL_REQUEST and pull.category is StatusCategory.IN_REVIEW
    assert pull.reviewers == ("other_user", "hubot")  # requested, then reviewed
    assert pull.checks == "passing"  # the documented check run: completed, neutral
    assert pull.links == ("octocat/Hello-World#1347",)
    assert pull.status_since == datetime(2011, 4, 22, 14, 30, tzinfo=UTC)  # ready for review
    kinds = [e.kind for e in result.events if e.item_remote_id == pull.remote_id]
    assert kinds == [
        EventKind.OPENED,
        EventKind.ASSIGNED,
        EventKind.REVIEW_REQUESTED,
        EventKind.REVIEWED,
        EventKind.STATUS_CHANGED,
    ]
    requested = next(e for e in result.events if e.kind is EventKind.REVIEW_REQUESTED)
    assert (requested.actor, requested.to_value) == ("octocat", "other_user")
    [message] = result.messages
    assert message.kind is MessageKind.NOTIFICATION
    assert message.remote_id == "thread:1" and message.thread_id == f"{REPO}#12"
    assert message.subject == "Review requested: Faster builds"
    assert message.url == f"https://github.com/{REPO}/issues/12"


async def test_requests_follow_the_documented_endpoints(fake: FakeGitHub) -> None:
    await sync(adapter())
    first = fake.requests[0]
    assert first.url.path == f"/repos/{REPO}/issues"
    assert dict(first.url.params) == {
        "per_page": "2",
        "sort": "updated",
        "direction": "asc",
        "state": "open",
    }
    assert first.headers["Authorization"] == "Bearer ghp_secret"
    assert first.headers["Accept"] == "application/vnd.github+json"
    assert first.headers["X-GitHub-Api-Version"] == "2022-11-28"
    assert paths(fake) == [
        f"GET /repos/{REPO}/issues",
        f"GET /repos/{REPO}/issues/1/timeline",
        f"GET /repos/{REPO}/issues/2/timeline",
        f"GET /repos/{REPO}/issues",  # page 2, from the Link header
        f"GET /repos/{REPO}/issues/12/timeline",
        f"GET /repos/{REPO}/pulls/12",
        f"GET /repos/{REPO}/commits/{SHA}/check-runs",
        "GET /notifications",
    ]
    assert fake.requests[3].url.params["page"] == "2"


async def test_sync_with_nothing_new_is_only_304s(fake: FakeGitHub) -> None:
    _, cursor = await sync(adapter())
    _, cursor = await sync(adapter(), cursor)  # first incremental: changes since the mark
    fake.requests.clear()
    result, cursor = await sync(adapter(), cursor)
    assert result.items == [] and result.messages == []
    assert paths(fake) == [f"GET /repos/{REPO}/issues", "GET /notifications"]
    assert all(r.headers.get("If-None-Match") for r in fake.requests)
    assert fake.requests[0].url.params["since"] == "2026-11-12T10:00:00Z"
    assert fake.requests[0].url.params["state"] == "all"


async def test_incremental_sync_fetches_only_what_changed(fake: FakeGitHub) -> None:
    _, cursor = await sync(adapter(notifications=False))
    fake.add_issue(REPO, 1, "Crash on start", updated="2026-11-18T09:00:00Z", state="closed")
    fake.requests.clear()
    result, cursor = await sync(adapter(notifications=False), cursor)
    keys = sorted(i.key for i in result.items)
    assert keys == [f"{REPO}#1"]  # 12 sits on the old mark, listed again but unchanged
    closed = next(i for i in result.items if i.key == f"{REPO}#1")
    assert closed.category is StatusCategory.DONE and closed.status == "closed"
    assert f"GET /repos/{REPO}/issues/2/timeline" not in paths(fake)
    assert f"GET /repos/{REPO}/issues/12/timeline" not in paths(fake)
    fake.requests.clear()
    await sync(adapter(notifications=False), cursor)
    assert fake.requests[0].url.params["since"] == "2026-11-18T09:00:00Z"


async def test_search_queries_and_orgs(fake: FakeGitHub) -> None:
    source = adapter(repos=[], orgs=["octocat"], queries=["is:open label:bug"])
    result, cursor = await sync(source)
    assert {i.key for i in result.items} == {f"{REPO}#1", f"{REPO}#2", f"{REPO}#12"}
    org = next(r for r in fake.requests if r.url.path == "/orgs/octocat/issues")
    assert org.url.params["filter"] == "all"
    search = next(r for r in fake.requests if r.url.path == "/search/issues")
    assert dict(search.url.params) == {
        "per_page": "2",
        "q": "is:open label:bug",
        "sort": "updated",
        "order": "asc",
    }
    fake.requests.clear()
    await sync(adapter(repos=[], orgs=["octocat"], queries=["is:open label:bug"]), cursor)
    search = next(r for r in fake.requests if r.url.path == "/search/issues")
    assert search.url.params["q"] == "is:open label:bug updated:>=2026-11-12T10:00:00Z"


@pytest.mark.parametrize(
    ("status", "headers", "body"),
    [
        (429, {"Retry-After": "30"}, {"message": "API rate limit exceeded"}),
        (403, {"Retry-After": "60"}, fixture("error_secondary_rate_limit.json")),
        (
            403,
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW.timestamp()) + 120)},
            {"message": "API rate limit exceeded for user ID 1."},
        ),
    ],
)
async def test_rate_limits_are_waited_out_then_the_sync_succeeds(
    fake: FakeGitHub, status: int, headers: dict[str, str], body: dict[str, str]
) -> None:
    fake.failures.append(lambda request: httpx.Response(status, json=body, headers=headers))
    result, _ = await sync(adapter())
    assert len(result.items) == 3
    assert fake.sleeps in ([30.0], [60.0], [121.0])  # type: ignore[attr-defined]


async def test_server_error_is_retried(fake: FakeGitHub) -> None:
    fake.failures.append(lambda request: httpx.Response(500, json=fixture("error_500.json")))
    result, _ = await sync(adapter())
    assert len(result.items) == 3
    assert len(fake.sleeps) == 1  # type: ignore[attr-defined]


async def test_rejected_token_is_a_clear_error(fake: FakeGitHub) -> None:
    fake.failures.append(lambda request: httpx.Response(401, json=fixture("error_401.json")))
    with pytest.raises(AdapterError, match=r"rejected the token \(401\).*Bad credentials"):
        await adapter().fetch(None)


@pytest.mark.parametrize("body", [b'[{"number": 1, "title": "cut', b"<html>oops</html>"])
async def test_truncated_or_malformed_json_is_an_error(fake: FakeGitHub, body: bytes) -> None:
    fake.failures.append(
        lambda request: httpx.Response(200, content=body, headers={"Content-Type": "text/html"})
    )
    with pytest.raises(AdapterError, match="not valid JSON"):
        await adapter().fetch(None)


@pytest.mark.parametrize(
    ("kind", "target", "payload", "method", "path", "body"),
    [
        (ActionKind.COMMENT, f"{REPO}#1", "On it", "POST", "/issues/1/comments", {"body": "On it"}),
        (ActionKind.CLOSE, f"{REPO}#1", "", "PATCH", "/issues/1", {"state": "closed"}),
        (ActionKind.REOPEN, f"{REPO}#1", "", "PATCH", "/issues/1", {"state": "open"}),
        (
            ActionKind.ASSIGN_TO_ME,
            f"{REPO}#1",
            "",
            "POST",
            "/issues/1/assignees",
            {"assignees": ["octocat"]},
        ),
        (
            ActionKind.UNASSIGN_ME,
            f"{REPO}#1",
            "",
            "DELETE",
            "/issues/1/assignees",
            {"assignees": ["octocat"]},
        ),
        (ActionKind.ADD_LABEL, f"{REPO}#1", "bug", "POST", "/issues/1/labels", {"labels": ["bug"]}),
        (
            ActionKind.REMOVE_LABEL,
            f"{REPO}#1",
            "needs info",
            "DELETE",
            "/issues/1/labels/needs%20info",
            None,
        ),
        (
            ActionKind.REQUEST_REVIEW,
            f"{REPO}#12",
            "hubot",
            "POST",
            "/pulls/12/requested_reviewers",
            {"reviewers": ["hubot"]},
        ),
    ],
)
async def test_actions_send_the_documented_requests(
    fake: FakeGitHub,
    kind: ActionKind,
    target: str,
    payload: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    await adapter().apply(OutboxAction("gh", kind, target, NOW, payload))
    [request] = fake.requests
    assert request.method == method
    assert request.url.raw_path.decode() == f"/repos/{REPO}{path}"
    assert (json.loads(request.content) if request.content else None) == body


async def test_notification_actions(fake: FakeGitHub) -> None:
    await adapter().apply(OutboxAction("gh", ActionKind.MARK_READ, "thread:1", NOW))
    await adapter().apply(OutboxAction("gh", ActionKind.ARCHIVE, "thread:1", NOW))
    assert paths(fake) == ["PATCH /notifications/threads/1", "DELETE /notifications/threads/1"]


async def test_assign_to_me_asks_the_api_for_the_login_when_not_configured(
    fake: FakeGitHub,
) -> None:
    context = AdapterContext(clock=FixedClock(NOW))
    source = GitHubAdapter("gh", {"token": "t", "repos": [REPO]}, context)
    await source.apply(OutboxAction("gh", ActionKind.ASSIGN_TO_ME, f"{REPO}#1", NOW))
    assert paths(fake) == ["GET /user", f"POST /repos/{REPO}/issues/1/assignees"]


async def test_probe_reports_login_and_scopes(fake: FakeGitHub) -> None:
    assert await adapter().probe() == (
        "token accepted for octocat, scopes repo, notifications, read:org"
    )
    fake.scopes = "read:org"
    with pytest.raises(AdapterError, match="lacks scope repo"):
        await adapter().probe()


async def test_enterprise_base_url(fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch) -> None:
    server = FakeGitHub(base="https://ghe.acme.example/api/v3")
    server.add_issue(REPO, 5, "Enterprise issue", updated="2026-11-10T10:00:00Z")
    monkeypatch.setattr(GitHubAdapter, "transport", server.transport())
    result, _ = await sync(adapter(base_url="https://ghe.acme.example/api/v3", notifications=False))
    assert [i.key for i in result.items] == [f"{REPO}#5"]
    assert str(server.requests[0].url).startswith(
        "https://ghe.acme.example/api/v3/repos/octocat/Hello-World/issues?"
    )
    assert user("x")["login"] == "x"
