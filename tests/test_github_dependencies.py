"""GitHub issue dependencies: an open "blocked by" relation makes an item blocked.

The fake serves issues with `issue_dependencies_summary` and the documented
`GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by` (and
`/blocking`) listings, which return issue objects. The adapter asks for the
listing only for open issues whose summary counts open blockers, and a sync with
nothing new stays all 304s.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fake_github import FakeGitHub

from ctotui.adapters.base import AdapterContext, FetchResult
from ctotui.adapters.github import GitHubAdapter
from ctotui.adapters.github_normalize import dependency_count, open_blockers
from ctotui.clock import FixedClock
from ctotui.model import StatusCategory

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
REPO = "octocat/Hello-World"
OTHER = "octocat/Spoon-Knife"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    server = FakeGitHub()
    server.add_issue(REPO, 1, "Pick a vendor", updated="2026-11-10T10:00:00Z")
    server.add_issue(REPO, 2, "Integrate the vendor", updated="2026-11-11T10:00:00Z")
    server.add_issue(REPO, 3, "Old spike", updated="2026-11-09T10:00:00Z")
    server.add_issue(REPO, 4, "Write the docs", updated="2026-11-08T10:00:00Z")
    server.blocked_by[f"{REPO}#2"] = [f"{REPO}#1", f"{REPO}#3"]
    monkeypatch.setattr(GitHubAdapter, "transport", server.transport())
    yield server


def adapter(**settings: Any) -> GitHubAdapter:
    context = AdapterContext(clock=FixedClock(NOW))
    options = {"token": "ghp_secret", "repos": [REPO], "notifications": False, **settings}
    return GitHubAdapter("gh", options, context)


async def sync(source: GitHubAdapter, cursor: str | None = None) -> tuple[FetchResult, str | None]:
    merged = FetchResult(cursor=cursor)
    for _ in range(50):
        page = await source.fetch(cursor)
        merged.items += page.items
        merged.events += page.events
        cursor = page.cursor
        if not page.more:
            break
    return merged, cursor


def dependency_paths(fake: FakeGitHub) -> list[str]:
    return [r.url.path for r in fake.requests if "/dependencies/" in r.url.path]


async def test_an_open_blocked_by_relation_blocks_the_item_and_names_the_blockers(
    fake: FakeGitHub,
) -> None:
    fake.add_issue(REPO, 3, "Old spike", updated="2026-11-09T10:00:00Z", state="closed")
    result, _ = await sync(adapter())
    items = {i.key: i for i in result.items}
    blocked = items[f"{REPO}#2"]
    assert blocked.category is StatusCategory.BLOCKED
    assert blocked.blocked_reason == f"blocked by {REPO}#1"  # #3 is closed: not a blocker
    assert f"{REPO}#1" in blocked.links
    assert items[f"{REPO}#1"].category is StatusCategory.TODO
    # One listing for the one issue whose summary counts open blockers; none for the rest.
    assert dependency_paths(fake) == [f"/repos/{REPO}/issues/2/dependencies/blocked_by"]


async def test_no_summary_or_no_open_blocker_costs_no_request(
    fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.blocked_by.clear()
    await sync(adapter())
    assert dependency_paths(fake) == []
    # An Enterprise Server without issue dependencies sends no summary at all.
    monkeypatch.setattr(FakeGitHub, "_summarised", lambda self, issue: issue)
    fake.requests.clear()
    result, _ = await sync(adapter())
    assert dependency_paths(fake) == [] and len(result.items) == 4


async def test_a_sync_with_nothing_new_is_only_304s(fake: FakeGitHub) -> None:
    source = adapter()
    _, cursor = await sync(source)
    _, cursor = await sync(source, cursor)  # first incremental: changes since the mark
    fake.requests.clear()
    await sync(source, cursor)
    assert [r.url.path for r in fake.requests] == [f"/repos/{REPO}/issues"]
    assert fake.requests[0].headers.get("If-None-Match")


async def test_closing_the_blocker_unblocks_its_open_dependents_in_the_next_sync(
    fake: FakeGitHub,
) -> None:
    fake.blocked_by[f"{REPO}#2"] = [f"{REPO}#1"]
    fake.blocked_by[f"{OTHER}#9"] = [f"{REPO}#1"]  # not a synced repository
    fake.add_issue(OTHER, 9, "Elsewhere", updated="2026-11-10T10:00:00Z")
    # Older than the high-water mark, so only the blocker's change can bring it back.
    fake.add_issue(REPO, 2, "Integrate the vendor", updated="2026-11-05T10:00:00Z")
    source = adapter()
    first, cursor = await sync(source)
    assert {i.key: i.category for i in first.items}[f"{REPO}#2"] is StatusCategory.BLOCKED
    # GitHub does not bump the dependent's updated_at when its blocker closes.
    fake.add_issue(REPO, 1, "Pick a vendor", updated="2026-11-17T10:00:00Z", state="closed")
    fake.requests.clear()
    second, _ = await sync(source, cursor)
    items = {i.key: i for i in second.items}
    assert set(items) == {f"{REPO}#1", f"{REPO}#2"}
    assert items[f"{REPO}#2"].category is StatusCategory.TODO
    assert items[f"{REPO}#2"].blocked_reason == ""
    assert dependency_paths(fake) == [f"/repos/{REPO}/issues/1/dependencies/blocking"]


def test_summary_and_listing_parsing() -> None:
    summary = {"blocked_by": 1, "total_blocked_by": 2, "blocking": 0, "total_blocking": 0}
    assert dependency_count({"issue_dependencies_summary": summary}, "blocked_by") == 1
    assert dependency_count({}, "blocked_by") is None
    assert (
        dependency_count({"issue_dependencies_summary": {"blocked_by": True}}, "blocked_by") is None
    )
    listing = [
        {"number": 5, "state": "open", "repository_url": f"https://api.github.com/repos/{REPO}"},
        {"number": 6, "state": "closed", "repository_url": f"https://api.github.com/repos/{REPO}"},
        {"number": 5, "state": "open", "repository": {"full_name": REPO}},
    ]
    assert open_blockers(listing) == (f"{REPO}#5",)
