"""What a GitHub or GitLab sync asks the server after a full sync: changes only, nothing re-read.

GitHub's `since` and GitLab's `updated_after` include the mark, so the items
that set it come back in every later listing; they must not be read again
(timeline, pull request, checks, events), and an ETag must only be sent for the
URL it was answered for, so that a sync with nothing new is all 304s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fake_github import FakeGitHub, fixture
from fake_gitlab import FakeGitLab

from ctotui.adapters.base import Adapter, AdapterContext, FetchResult
from ctotui.adapters.github import GitHubAdapter
from ctotui.adapters.gitlab import GitLabAdapter
from ctotui.clock import FixedClock
from ctotui.model import Person

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
REPO = "acme/api"
PROJECT = "acme/web"
MARK = "2026-11-12T10:00:00Z"


class Recorder:
    """The fake's answers, remembered per request: what was sent and what came back."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []
        self.answered: dict[str, str] = {}
        """URL -> the last ETag the server gave for it."""
        self.foreign: list[str] = []
        """URLs that were sent an ETag the server never gave for them."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        sent = request.headers.get("If-None-Match")
        if sent is not None and self.answered.get(str(request.url)) != sent:
            self.foreign.append(str(request.url))
        response: httpx.Response = self.handle(request)
        if response.headers.get("ETag"):
            self.answered[str(request.url)] = response.headers["ETag"]
        self.exchanges.append((request, response))
        return response

    def take(self) -> list[tuple[httpx.Request, httpx.Response]]:
        taken, self.exchanges = self.exchanges, []
        return taken


def serve(cls: Any, handle: Any, monkeypatch: pytest.MonkeyPatch) -> Recorder:
    """Point the adapter class at the fake through a recorder; no real waiting."""
    recorder = Recorder(handle)

    async def no_sleep(seconds: float) -> None:
        return None

    monkeypatch.setattr(cls, "transport", httpx.MockTransport(recorder))
    monkeypatch.setattr(cls, "sleep", staticmethod(no_sleep))
    return recorder


def bounded(request: httpx.Request) -> bool:
    """Asks only for what changed after the cursor's mark."""
    params = request.url.params
    return "since" in params or "updated_after" in params or "updated:>=" in params.get("q", "")


def loose(exchanges: list[tuple[httpx.Request, httpx.Response]]) -> list[str]:
    """Requests neither answered 304 to a validator nor bounded by the mark."""
    return [
        f"{q.method} {q.url.path}"
        for q, a in exchanges
        if not (a.status_code == 304 and q.headers.get("If-None-Match")) and not bounded(q)
    ]


def details(exchanges: list[tuple[httpx.Request, httpx.Response]]) -> list[str]:
    """Paths of requests for one item's details, not listings."""
    listings = ("/issues", "/merge_requests", "/notifications", "/search/issues")
    return [q.url.path for q, _ in exchanges if not q.url.path.endswith(listings)]


def nothing_reread(result: FetchResult, recorder: Recorder) -> bool:
    """The sync made only conditional or bounded requests, read no details, brought nothing."""
    exchanges = recorder.take()
    return (
        result.items == []
        and details(exchanges) == []
        and loose(exchanges) == []
        and recorder.foreign == []
    )


async def sync(source: Adapter, cursor: str | None) -> tuple[FetchResult, str | None]:
    """Every page of one pass, like the engine; the pages merged into one result."""
    merged = FetchResult(cursor=cursor)
    for _ in range(50):
        page = await source.fetch(cursor)
        merged.items += page.items
        merged.messages += page.messages
        cursor = page.cursor
        if not page.more:
            break
    return merged, cursor


# -- GitHub ------------------------------------------------------------------------


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeGitHub, Recorder]]:
    fake = FakeGitHub()
    fake.add_issue(REPO, 1, "Crash on start", updated="2026-11-10T10:00:00Z")
    fake.add_issue(REPO, 2, "Slow search", updated="2026-11-11T10:00:00Z")
    # Two items share the newest second: both set the mark.
    fake.add_issue(REPO, 3, "Faster builds", updated=MARK, pull=True)
    fake.add_issue(REPO, 4, "Flaky test", updated=MARK)
    fake.timelines[f"{REPO}#3"] = fixture("timeline_pr.json")
    fake.add_thread("1", "review_requested", REPO, 3, "Faster builds")
    yield fake, serve(GitHubAdapter, fake.handle, monkeypatch)


def github_adapter(**settings: Any) -> GitHubAdapter:
    me = Person("me", "Morgan", logins={"github": "octocat"})
    context = AdapterContext(clock=FixedClock(NOW), people={"me": me}, me=me)
    options = {"token": "ghp_secret", "repos": [REPO], "page_size": 2, **settings}
    return GitHubAdapter("gh", options, context)


async def test_right_after_a_full_sync_every_request_is_conditional_or_bounded(
    github: tuple[FakeGitHub, Recorder],
) -> None:
    _, recorder = github
    full, cursor = await sync(github_adapter(page_size=3), None)
    assert len(full.items) == 4 and len(details(recorder.take())) > 4

    nochange, cursor = await sync(github_adapter(page_size=3), cursor)
    exchanges = recorder.take()
    assert nochange.items == [] and nochange.messages == []
    assert loose(exchanges) == []
    assert details(exchanges) == []  # the items on the mark are listed, not read again
    assert recorder.foreign == []  # no ETag of the state=open URL sent to the since= URL

    steady, _ = await sync(github_adapter(page_size=3), cursor)
    exchanges = recorder.take()
    assert steady.items == []
    assert [(q.url.path, a.status_code) for q, a in exchanges] == [
        (f"/repos/{REPO}/issues", 304),
        ("/notifications", 304),
    ]
    assert exchanges[0][0].url.params["since"] == MARK
    assert recorder.foreign == []


async def test_when_one_issue_changes_only_its_details_are_read(
    github: tuple[FakeGitHub, Recorder],
) -> None:
    fake, recorder = github
    _, cursor = await sync(github_adapter(), None)
    _, cursor = await sync(github_adapter(), cursor)
    # The two items on the mark fill the first page of `since=`: a 304 to it would not
    # prove that nothing came after, so that page is asked for in full (bounded) each time.
    fake.add_issue(REPO, 2, "Slow search", updated="2026-11-18T09:00:00Z", state="closed")
    recorder.take()

    changed, cursor = await sync(github_adapter(), cursor)
    assert [i.key for i in changed.items] == [f"{REPO}#2"]
    assert details(recorder.take()) == [f"/repos/{REPO}/issues/2/timeline"]

    fake.add_issue(REPO, 3, "Faster builds", updated="2026-11-18T09:10:00Z", pull=True)
    changed, cursor = await sync(github_adapter(), cursor)
    assert [i.key for i in changed.items] == [f"{REPO}#3"]
    read = details(recorder.take())
    assert read[:2] == [f"/repos/{REPO}/issues/3/timeline", f"/repos/{REPO}/pulls/3"]
    assert read[2].endswith("/check-runs") and len(read) == 3

    # The changed pull request is now the mark: listed again, not read again.
    after, _ = await sync(github_adapter(), cursor)
    assert nothing_reread(after, recorder)


async def test_an_item_new_in_the_second_of_the_mark_is_read(
    github: tuple[FakeGitHub, Recorder],
) -> None:
    fake, recorder = github
    _, cursor = await sync(github_adapter(notifications=False), None)
    fake.add_issue(REPO, 5, "Arrived in the same second", updated=MARK)
    recorder.take()
    result, cursor = await sync(github_adapter(notifications=False), cursor)
    assert [i.key for i in result.items] == [f"{REPO}#5"]
    assert details(recorder.take()) == [f"/repos/{REPO}/issues/5/timeline"]
    # All three on the mark are known now.
    result, _ = await sync(github_adapter(notifications=False), cursor)
    assert nothing_reread(result, recorder)


async def test_org_and_search_targets_do_not_reread_their_marks(
    github: tuple[FakeGitHub, Recorder],
) -> None:
    _, recorder = github
    source = {"repos": [], "orgs": ["acme"], "queries": ["is:open"], "notifications": False}
    full, cursor = await sync(github_adapter(**source), None)
    assert {i.key for i in full.items} == {f"{REPO}#{n}" for n in (1, 2, 3, 4)}
    recorder.take()
    for _ in range(2):
        result, cursor = await sync(github_adapter(**source), cursor)
        assert nothing_reread(result, recorder)


async def test_a_cursor_from_before_per_url_etags_sends_no_stale_etag(
    github: tuple[FakeGitHub, Recorder],
) -> None:
    _, recorder = github
    _, cursor = await sync(github_adapter(notifications=False), None)
    assert cursor is not None
    old = json.loads(cursor)
    old["etags"] = {target: pair[1] for target, pair in old["etags"].items()}
    old.pop("at_mark")
    recorder.take()
    result, cursor = await sync(github_adapter(notifications=False), json.dumps(old))
    assert {i.key for i in result.items} == {f"{REPO}#3", f"{REPO}#4"}  # read once more
    assert recorder.foreign == []
    recorder.take()
    result, _ = await sync(github_adapter(notifications=False), cursor)
    assert nothing_reread(result, recorder)


async def test_an_issue_listed_without_created_at_is_created_when_updated(
    github: tuple[FakeGitHub, Recorder],
) -> None:
    fake, _ = github
    fake.add_issue(REPO, 6, "Imported", updated="2026-11-13T10:00:00Z")["created_at"] = None
    result, _ = await sync(github_adapter(notifications=False), None)
    imported = next(i for i in result.items if i.key == f"{REPO}#6")
    assert imported.created_at == imported.updated_at == datetime(2026, 11, 13, 10, tzinfo=UTC)


# -- GitLab ------------------------------------------------------------------------


@pytest.fixture
def gitlab(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeGitLab, Recorder]]:
    fake = FakeGitLab()
    fake.add("issue", PROJECT, 1, "Login fails", updated="2026-11-10T10:00:00.000Z")
    fake.add("issue", PROJECT, 2, "Logout fails", updated="2026-11-12T10:00:00.250Z")
    fake.add("mr", PROJECT, 7, "Faster builds", updated="2026-11-12T10:00:00.500Z")
    yield fake, serve(GitLabAdapter, fake.handle, monkeypatch)


def gitlab_adapter() -> GitLabAdapter:
    options = {"token": "glpat-secret", "projects": [PROJECT], "page_size": 2}
    return GitLabAdapter("gl", options, AdapterContext(clock=FixedClock(NOW)))


async def test_gitlab_after_a_full_sync_rereads_nothing_until_an_item_changes(
    gitlab: tuple[FakeGitLab, Recorder],
) -> None:
    fake, recorder = gitlab
    full, cursor = await sync(gitlab_adapter(), None)
    assert len(full.items) == 3
    recorder.take()
    for _ in range(2):
        result, cursor = await sync(gitlab_adapter(), cursor)
        exchanges = recorder.take()
        assert result.items == [] and details(exchanges) == [] and loose(exchanges) == []
        assert all(q.url.params["updated_after"] == MARK for q, _ in exchanges)

    fake.add("mr", PROJECT, 7, "Faster builds", updated="2026-11-18T09:00:00.000Z")
    result, cursor = await sync(gitlab_adapter(), cursor)
    assert [i.key for i in result.items] == [f"{PROJECT}!7"]
    assert details(recorder.take()) == [
        "/api/v4/projects/4/merge_requests/7/resource_state_events",
        "/api/v4/projects/4/merge_requests/7/resource_label_events",
        "/api/v4/projects/4/merge_requests/7",
        "/api/v4/projects/4/merge_requests/7/approvals",
    ]
    result, _ = await sync(gitlab_adapter(), cursor)
    assert nothing_reread(result, recorder)
