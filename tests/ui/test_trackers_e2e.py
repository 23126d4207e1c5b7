"""End to end: GitHub and GitLab data through the real sync into Standups and the radar,
and a radar action reaching the (mocked) server as the documented request."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_github import FakeGitHub
from fake_gitlab import FakeGitLab
from textual.widgets import Input, Static

from ctotui.adapters.github import GitHubAdapter
from ctotui.adapters.gitlab import GitLabAdapter
from ctotui.app import CtoApp
from ctotui.clock import FixedClock
from ctotui.model import Message, MessageKind
from ctotui.radar import RadarEntry
from ctotui.screens.radar import RadarScreen
from ctotui.standup import BoardRow
from ctotui.sync import SyncEngine
from ctotui.widgets.row_list import RowList
from ctotui.workspace import open_workspace

REPO = "octocat/Hello-World"
PROJECT = "my-group/my-project"

PEOPLE = """
me = "me"

[people.me]
name = "Morgan Lead"
github = "octocat"
gitlab = "john_smith"

[people.ana]
name = "Ana Dev"
github = "hubot"
gitlab = "root"
"""


def board_keys(app: CtoApp) -> set[str]:
    board: RowList[BoardRow] = app.screen.query_one("#standups-list", RowList)
    rows = (board._row_at(i) for i in range(board.row_count))
    return {row.item.key for row in rows if row is not None and row.item is not None}


def listed_subjects(app: CtoApp) -> set[str]:
    """Subjects of the messages in every list on the screen (the inbox queue)."""
    subjects: set[str] = set()
    for row_list in app.screen.query(RowList):
        for index in range(row_list.row_count):
            row = row_list._row_at(index)
            if isinstance(row, Message) and row.kind is MessageKind.NOTIFICATION:
                subjects.add(row.subject)
    return subjects


def radar_rows(app: CtoApp) -> list[RadarEntry]:
    rows: RowList[RadarEntry] = app.screen.query_one("#radar-waiting", RowList)
    found = (rows._row_at(i) for i in range(rows.row_count))
    return [row for row in found if row is not None]


async def open_app(tmp_path: Path, config: str, clock: FixedClock) -> AsyncIterator[CtoApp]:
    path = tmp_path / "config.toml"
    path.write_text(PEOPLE + config)
    workspace = open_workspace(
        config_arg=str(path), data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
    )
    assert not workspace.config.problems, workspace.config.problems
    outcomes = await SyncEngine(workspace.store, workspace.config, clock).sync_all()
    assert all(o.ok for o in outcomes), outcomes
    yield CtoApp(workspace, clock=clock, sync_on_start=False)
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
        labels=("blocked",),
    )
    fake.add_issue(
        REPO, 12, "Faster builds", updated="2026-11-16T10:00:00Z", author="hubot", pull=True
    )
    fake.reviewers[f"{REPO}#12"] = ["octocat"]
    fake.add_thread("1", "review_requested", REPO, 12, "Faster builds")
    monkeypatch.setattr(GitHubAdapter, "transport", fake.transport())
    monkeypatch.setenv("CTOTUI_E2E_GH", "ghp_e2e_token")
    config = f"""
[[sources]]
name = "gh"
adapter = "github"
token = {{ env = "CTOTUI_E2E_GH" }}
repos = ["{REPO}"]

[[projects]]
name = "hello"
sources = ["gh"]
"""
    async for app in open_app(tmp_path, config, clock):
        yield app, fake


@pytest.fixture
async def gitlab_app(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[CtoApp, FakeGitLab]]:
    fake = FakeGitLab()
    fake.add(
        "issue",
        PROJECT,
        3,
        "Decide on the queue",
        updated="2026-11-12T10:00:00.000Z",
        assignees=("john_smith",),
        labels=("blocked",),
    )
    fake.add("mr", PROJECT, 7, "Faster login", updated="2026-11-16T10:00:00.000Z")
    monkeypatch.setattr(GitLabAdapter, "transport", fake.transport())
    monkeypatch.setenv("CTOTUI_E2E_GL", "glpat-e2e-token")
    config = f"""
[[sources]]
name = "gl"
adapter = "gitlab"
token = {{ env = "CTOTUI_E2E_GL" }}
projects = ["{PROJECT}"]

[[projects]]
name = "web"
sources = ["gl"]
"""
    async for app in open_app(tmp_path, config, clock):
        yield app, fake


async def test_github_items_in_standups_and_radar_and_a_comment_reaches_github(
    github_app: tuple[CtoApp, FakeGitHub],
) -> None:
    app, fake = github_app
    async with app.run_test(size=(120, 40)) as pilot:
        summary = str(app.screen.query_one("#home-reviews", Static).render())
        assert "review" in summary and "Faster builds" in summary
        assert "blocked" in summary and "Waiting on the vendor" in summary
        await pilot.press("2")
        await pilot.pause()
        assert "Review requested: Faster builds" in listed_subjects(app)
        await pilot.press("3")
        await pilot.pause()
        assert {f"{REPO}#2", f"{REPO}#12"} <= board_keys(app)
        await pilot.press("1", "w")
        await pilot.pause()
        assert isinstance(app.screen, RadarScreen)
        entries = radar_rows(app)
        assert [(e.kind, e.item.key if e.item else "") for e in entries] == [
            ("assigned_blocked", f"{REPO}#2"),
            ("review_requested", f"{REPO}#12"),
        ]
        assert entries[0].who == "Ana Dev"
        fake.requests.clear()
        await pilot.press("c")
        await pilot.pause()
        comment = app.screen.query_one("#radar-comment", Input)
        assert comment.has_focus
        comment.value = "Vendor call is on Friday"
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
    [request] = fake.requests
    assert (request.method, request.url.path) == ("POST", f"/repos/{REPO}/issues/2/comments")
    assert json.loads(request.content) == {"body": "Vendor call is on Friday"}
    assert request.headers["Authorization"] == "Bearer ghp_e2e_token"


async def test_gitlab_items_in_standups_and_radar_and_close_reaches_gitlab(
    gitlab_app: tuple[CtoApp, FakeGitLab],
) -> None:
    app, fake = gitlab_app
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert {f"{PROJECT}#3", f"{PROJECT}!7"} <= board_keys(app)
        await pilot.press("1", "w")
        await pilot.pause()
        entries = radar_rows(app)
        assert [(e.kind, e.item.key if e.item else "") for e in entries] == [
            ("assigned_blocked", f"{PROJECT}#3")
        ]
        await pilot.press("t")
        await pilot.pause()
        fake.requests.clear()
        await pilot.press("x")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert radar_rows(app) == []  # shown closed at once
    [request] = fake.requests
    assert (request.method, request.url.path) == ("PUT", "/api/v4/projects/4/issues/3")
    assert json.loads(request.content) == {"state_event": "close"}
    [todo] = [t for t in app.store.list_todos() if "Decide on the queue" in t.title]
    assert todo.links == ("item:gl:issue:4:3",)
