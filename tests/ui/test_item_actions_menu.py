"""The item-actions menu (`.`) on the radar and the standup board, driven through the real app.

Each action is picked the way a user would (letters, lists, typing), and the
outbox action it queues is checked (kind, target, payload); then the queued
actions are sent and must reach the mocked GitHub and Jira servers as the
documented requests.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_github import FakeGitHub, fixture
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from ctotui.adapters import jira as jira_module
from ctotui.adapters.github import GitHubAdapter
from ctotui.app import CtoApp
from ctotui.clock import FixedClock
from ctotui.model import ActionKind, StatusCategory
from ctotui.screens.item_actions import ItemActionsScreen
from ctotui.screens.radar import RadarScreen
from ctotui.standup import BoardRow
from ctotui.sync import SyncEngine
from ctotui.widgets.row_list import RowList
from ctotui.workspace import open_workspace

REPO = "octocat/Hello-World"
FIXTURES = Path(__file__).parent.parent / "fixtures"
CLOSED_AT = "2026-11-17T15:00:00Z"

GITHUB_CONFIG = f"""
me = "me"

[people.me]
name = "Morgan Lead"
github = "octocat"

[people.ana]
name = "Ana Dev"
github = "hubot"

[people.kim]
name = "Kim Review"
github = "kimrev"

[[sources]]
name = "gh"
adapter = "github"
token = {{ env = "CTOTUI_IA_GH" }}
repos = ["{REPO}"]
notifications = false

[[projects]]
name = "hello"
sources = ["gh"]
"""

JIRA_CONFIG = """
me = "cto"

[people.cto]
name = "Casey"
jira = "Casey Cto"

[[sources]]
name = "jira"
adapter = "jira"
base_url = "https://acme.atlassian.net"
email = "cto@acme.example"
token = { env = "CTOTUI_IA_JIRA" }
jql = ["api: project = API AND resolution is EMPTY"]

[[projects]]
name = "api"
sources = ["jira"]
containers = ["API"]
"""


def load(*parts: str) -> Any:
    return json.loads(FIXTURES.joinpath(*parts).read_text())


async def open_app(
    tmp_path: Path, config: str, clock: FixedClock, later: Callable[[], None] | None = None
) -> AsyncIterator[CtoApp]:
    """The app over a synced workspace; `later` changes the server before a second sync."""
    path = tmp_path / "config.toml"
    path.write_text(config)
    workspace = open_workspace(
        config_arg=str(path), data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
    )
    assert not workspace.config.problems, workspace.config.problems
    engine = SyncEngine(workspace.store, workspace.config, clock)
    outcomes = await engine.sync_all()
    if later is not None:
        later()
        outcomes += await engine.sync_all()
    assert all(o.ok for o in outcomes), outcomes
    app = CtoApp(workspace, clock=clock, sync_on_start=False)
    held: list[int] = []
    # Keep queued actions in the outbox until a test sends them, so each is inspected.
    app.flush_outbox = lambda: held.append(1)  # type: ignore[method-assign]
    yield app
    workspace.close()


@pytest.fixture
async def github_app(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[CtoApp, FakeGitHub]]:
    fake = FakeGitHub()
    fake.add_issue(
        REPO,
        2,
        "Waiting on the vendor",
        updated="2026-11-11T10:00:00Z",
        created="2026-10-20T09:00:00Z",
        author="hubot",
        assignees=("octocat",),
        labels=("blocked", "backend"),
    )
    fake.add_issue(
        REPO, 12, "Faster builds", updated="2026-11-16T10:00:00Z", author="hubot", pull=True
    )
    fake.add_issue(
        REPO, 14, "Flaky login test", updated="2026-11-15T10:00:00Z", labels=("bug", "ci")
    )
    fake.add_issue(REPO, 20, "Old dashboard", updated="2026-11-10T15:00:00Z", author="hubot")

    def close_20() -> None:
        fake.add_issue(REPO, 20, "Old dashboard", updated=CLOSED_AT, author="hubot", state="closed")
        closed = dict(fixture("timeline.json")[1], event="closed", id=2001, created_at=CLOSED_AT)
        closed.pop("label", None)
        fake.timelines[f"{REPO}#20"] = [closed]

    fake.reviewers[f"{REPO}#12"] = ["octocat"]
    monkeypatch.setattr(GitHubAdapter, "transport", fake.transport())
    monkeypatch.setenv("CTOTUI_IA_GH", "ghp_item_actions")
    async for app in open_app(tmp_path, GITHUB_CONFIG, clock, close_20):
        yield app, fake


class JiraServer:
    """The recorded Jira Cloud pages; transitions can be made to fail."""

    def __init__(self) -> None:
        self.seen: list[httpx.Request] = []
        self.transitions_status = 200

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        path = request.url.path
        if path == "/rest/api/3/search/jql":
            page = (
                "search_page2.json"
                if request.url.params.get("nextPageToken")
                else "search_page1.json"
            )
            return httpx.Response(200, json=load("jira", page))
        if path == "/rest/api/3/status":
            return httpx.Response(200, json=load("jira", "statuses.json"))
        if path == "/rest/api/3/issue/10014/changelog":
            return httpx.Response(200, json=load("jira", "changelog_api14.json"))
        if path == "/rest/api/3/issue/10012/transitions" and request.method == "GET":
            if self.transitions_status != 200:
                body = {"errorMessages": ["Issue does not exist or you do not have permission"]}
                return httpx.Response(self.transitions_status, json=body)
            return httpx.Response(200, json=load("jira", "transitions.json"))
        if path == "/rest/api/3/issue/10012/transitions":
            return httpx.Response(204)
        return httpx.Response(404, json={"errorMessages": ["not found"], "errors": {}})


@pytest.fixture
async def jira_app(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[CtoApp, JiraServer]]:
    server = JiraServer()
    real = jira_module.make_client

    def make_client(base_url: str, **kwargs: Any) -> httpx.AsyncClient:
        kwargs["transport"] = httpx.MockTransport(server)
        return real(base_url, **kwargs)

    monkeypatch.setattr(jira_module, "make_client", make_client)
    monkeypatch.setenv("CTOTUI_IA_JIRA", "jira-secret-token")
    async for app in open_app(tmp_path, JIRA_CONFIG, clock):
        yield app, server


def menu_labels(app: CtoApp) -> list[str]:
    verbs = app.screen.query_one("#item-actions-verbs", OptionList)
    return [str(verbs.get_option_at_index(i).prompt)[3:] for i in range(verbs.option_count)]


def choice_labels(app: CtoApp) -> list[str]:
    choices = app.screen.query_one("#item-actions-choices", OptionList)
    return [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]


def queued(app: CtoApp) -> list[tuple[ActionKind, str, str]]:
    return [(a.action, a.target, a.payload) for a in app.store.pending_actions()]


async def open_menu(pilot: Pilot[None], app: CtoApp) -> None:
    await pilot.press("full_stop")
    await pilot.pause()
    assert isinstance(app.screen, ItemActionsScreen)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if c == " " else c for c in text))
    await pilot.pause()


async def send_outbox(app: CtoApp) -> None:
    await app.engine.flush_outbox()
    assert app.store.pending_actions() == []


async def test_radar_menu_offers_what_github_supports_and_queues_each_action(
    github_app: tuple[CtoApp, FakeGitHub],
) -> None:
    app, fake = github_app
    issue = f"{REPO}#2"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, RadarScreen)
        await open_menu(pilot, app)
        # An open issue assigned to me: no reopen, no review request, no assign-to-me.
        assert menu_labels(app) == [
            "Comment…",
            "Unassign me",
            "Close",
            "Add label…",
            "Remove label…",
        ]
        await pilot.press("c")
        await pilot.pause()
        comment = app.screen.query_one("#item-actions-input", Input)
        assert comment.has_focus
        await type_text(pilot, "Vendor call friday")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RadarScreen)

        await open_menu(pilot, app)
        await pilot.press("l")
        await pilot.pause()
        assert choice_labels(app) == ["bug", "ci"]  # seen on the project, not on the item yet
        await type_text(pilot, "c")
        assert choice_labels(app) == ["ci"]
        await pilot.press("down", "enter")
        await pilot.pause()

        await open_menu(pilot, app)
        await pilot.press("L")
        await pilot.pause()
        assert choice_labels(app) == ["blocked", "backend", "ci"]
        await pilot.press("down", "enter")
        await pilot.pause()

        await open_menu(pilot, app)
        assert menu_labels(app)[1] == "Unassign me"
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, RadarScreen)
        # No longer mine: the blocked issue leaves "waiting on me" at once.
        waiting: RowList[Any] = app.screen.query_one("#radar-waiting", RowList)
        rows = [waiting._row_at(i) for i in range(waiting.row_count)]
        assert [r.item.key for r in rows if r is not None and r.item] == [f"{REPO}#12"]

    assert queued(app) == [
        (ActionKind.COMMENT, issue, "Vendor call friday"),
        (ActionKind.ADD_LABEL, issue, "ci"),
        (ActionKind.REMOVE_LABEL, issue, "backend"),
        (ActionKind.UNASSIGN_ME, issue, ""),
    ]
    [item] = app.store.items_by_remote_ids("gh", [issue])
    assert item.labels == ("blocked", "ci") and item.assignees == ()
    assert item.category is StatusCategory.BLOCKED

    fake.requests.clear()
    await send_outbox(app)
    sent = [(r.method, r.url.path, json.loads(r.content or b"null")) for r in fake.requests]
    base = f"/repos/{REPO}/issues/2"
    assert sent == [
        ("POST", f"{base}/comments", {"body": "Vendor call friday"}),
        ("POST", f"{base}/labels", {"labels": ["ci"]}),
        ("DELETE", f"{base}/labels/backend", None),
        ("DELETE", f"{base}/assignees", {"assignees": ["octocat"]}),
    ]


async def select_on_board(pilot: Pilot[None], app: CtoApp, key: str) -> None:
    board: RowList[BoardRow] = app.screen.query_one("#standups-list", RowList)
    board.focus()
    await pilot.press("home")
    for _ in range(board.row_count):
        if board.current_row is not None and board.current_row.item.key == key:
            return
        await pilot.press("down")
    raise AssertionError(f"{key} is not on the board")


async def test_close_and_reopen_from_the_standup_board(
    github_app: tuple[CtoApp, FakeGitHub],
) -> None:
    app, fake = github_app
    issue, done = f"{REPO}#2", f"{REPO}#20"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await select_on_board(pilot, app, issue)
        await open_menu(pilot, app)
        await pilot.press("x")
        await pilot.pause()
        [item] = app.store.items_by_remote_ids("gh", [issue])
        assert item.category is StatusCategory.DONE  # shown closed at once
        await select_on_board(pilot, app, done)
        await open_menu(pilot, app)
        assert "Reopen" in menu_labels(app) and "Close" not in menu_labels(app)
        await pilot.press("o")
        await pilot.pause()
    assert queued(app) == [(ActionKind.CLOSE, issue, ""), (ActionKind.REOPEN, done, "")]
    [item] = app.store.items_by_remote_ids("gh", [done])
    assert item.status == "open" and item.category is StatusCategory.TODO
    fake.requests.clear()
    await send_outbox(app)
    assert [(r.method, r.url.path, json.loads(r.content)) for r in fake.requests] == [
        ("PATCH", f"/repos/{REPO}/issues/2", {"state": "closed"}),
        ("PATCH", f"/repos/{REPO}/issues/20", {"state": "open"}),
    ]


async def test_request_review_on_a_standup_pull_request_suggests_people(
    github_app: tuple[CtoApp, FakeGitHub],
) -> None:
    app, fake = github_app
    pull = f"{REPO}#12"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await select_on_board(pilot, app, pull)
        await open_menu(pilot, app)
        assert menu_labels(app) == [
            "Comment…",
            "Assign to me",
            "Close",
            "Add label…",
            "Request review…",
        ]
        await pilot.press("r")
        await pilot.pause()
        # People from the source and [people]; not me (asked already), not the author.
        assert choice_labels(app) == ["kimrev"]
        await type_text(pilot, "two words")
        await pilot.press("enter")
        await pilot.pause()
        status = app.screen.query_one("#item-actions-status", Static)
        assert "One word" in str(status.render())
        await pilot.press(*["backspace"] * 9)
        await type_text(pilot, "kim")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ItemActionsScreen)
    assert queued(app) == [(ActionKind.REQUEST_REVIEW, pull, "kimrev")]
    fake.requests.clear()
    await send_outbox(app)
    [request] = fake.requests
    assert (request.method, request.url.path) == (
        "POST",
        f"/repos/{REPO}/pulls/12/requested_reviewers",
    )
    assert json.loads(request.content) == {"reviewers": ["kimrev"]}


async def test_jira_status_picker_lists_live_transitions_and_reaches_jira(
    jira_app: tuple[CtoApp, JiraServer],
) -> None:
    app, server = jira_app
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await select_on_board(pilot, app, "API-12")
        await open_menu(pilot, app)
        assert menu_labels(app) == [
            "Comment…",
            "Unassign me",
            "Change status…",
            "Add label…",
            "Remove label…",
        ]
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert choice_labels(app) == ["To Do", "In Review", "Done"]
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ItemActionsScreen)
    assert queued(app) == [(ActionKind.TRANSITION, "10012", "Done")]
    [item] = app.store.items_by_remote_ids("jira", ["10012"])
    assert item.status == "Done"
    server.seen.clear()
    await send_outbox(app)
    posts = [(r.url.path, json.loads(r.content)) for r in server.seen if r.method == "POST"]
    assert posts == [("/rest/api/3/issue/10012/transitions", {"transition": {"id": "31"}})]


async def test_jira_transitions_failing_says_why_and_queues_nothing(
    jira_app: tuple[CtoApp, JiraServer],
) -> None:
    app, server = jira_app
    server.transitions_status = 403
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await select_on_board(pilot, app, "API-12")
        await open_menu(pilot, app)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#item-actions-status", Static).render())
        assert status.startswith("Could not load the statuses:")
        assert "jira-secret-token" not in status
        assert choice_labels(app) == []
        await pilot.press("escape")  # back to the verbs
        await pilot.pause()
        assert isinstance(app.screen, ItemActionsScreen)
        assert app.screen.query_one("#item-actions-verbs", OptionList).has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ItemActionsScreen)
    assert queued(app) == []
