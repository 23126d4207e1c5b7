"""Chat in the inbox: reply and to-do from a Slack message, and a thread preview snapshot.

The app runs on a workspace whose only source is Slack, synced through the
real engine from a stand-in Slack Web API on 127.0.0.1 (tests/slack_server.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_server import SlackServer, slack_server  # noqa: F401  (fixture)

CONFIG = """
me = "cto"

[[sources]]
name = "slack"
adapter = "slack"
token = {{ env = "CTOTUI_TEST_SLACK_TOKEN" }}
base_url = "{url}"
channels = ["eng-api"]
user_groups = ["S0LEADS"]

[[projects]]
name = "api"
sources = ["slack"]
people = ["ana"]
summary_channel = "slack:C0STANDUP"

[people.cto]
name = "Robin"
emails = ["cto@acme.example"]
slack = "U0CTO"

[people.ana]
name = "Ana Lead"
vip = true
slack = "U0ANA"
"""
DM = "D0ANA:1794990000.000200"
THREAD_REPLY = "C0API:1794980000.000700:1794970000.000500"


@pytest.fixture
def slack_workspace(
    tmp_path: Path,
    clock: Any,
    slack_server: SlackServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Any]:
    from ctotui.sync import SyncEngine
    from ctotui.workspace import open_workspace

    monkeypatch.setenv("CTOTUI_TEST_SLACK_TOKEN", "xoxp-test-token")
    config = tmp_path / "config.toml"
    config.write_text(CONFIG.format(url=slack_server.url))
    workspace = open_workspace(
        config_arg=str(config), data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
    )
    assert not workspace.config.problems, workspace.config.problems
    outcomes = asyncio.run(SyncEngine(workspace.store, workspace.config, clock).sync_all())
    assert [o.error for o in outcomes] == [""]
    yield workspace
    workspace.close()


async def _go_to(pilot: Any, remote_id: str) -> None:
    """Open the inbox's All split and move down to one message."""
    await pilot.press("2")
    for _ in range(len(pilot.app.screen.views)):
        if pilot.app.screen.view.label == "All":
            break
        await pilot.press("right")
    for _ in range(20):
        message = pilot.app.screen.current_message()
        if message is not None and message.remote_id == remote_id:
            return
        await pilot.press("down")
    raise AssertionError(f"{remote_id} is not in the inbox")


async def test_reply_to_a_slack_dm_reaches_slack(
    slack_workspace: Any,
    slack_server: SlackServer,  # noqa: F811
    clock: Any,
) -> None:
    from ctotui.app import CtoApp

    app = CtoApp(slack_workspace, clock=clock, sync_on_start=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _go_to(pilot, DM)
        await pilot.press("a")
        await pilot.press(*"Approved, go ahead")
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert (
        "chat.postMessage",
        {
            "channel": "D0ANA",
            "thread_ts": "1794990000.000200",
            "text": "Approved, go ahead",
        },
    ) in slack_server.posts


async def test_todo_from_a_chat_message_links_back_to_it(slack_workspace: Any, clock: Any) -> None:
    from ctotui.app import CtoApp

    app = CtoApp(slack_workspace, clock=clock, sync_on_start=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _go_to(pilot, DM)
        await pilot.press("t")
        await pilot.press("enter")
        await pilot.pause()
    todos = slack_workspace.store.list_todos()
    assert len(todos) == 1
    assert todos[0].title.startswith("Can you approve the budget for the Q4 plan")
    assert todos[0].links == (f"message:slack:{DM}",)


def test_thread_preview_snapshot(snap_compare: Any, slack_workspace: Any, clock: Any) -> None:
    from ctotui.app import CtoApp

    app = CtoApp(slack_workspace, clock=clock, sync_on_start=False)
    assert snap_compare(
        app, run_before=lambda pilot: _go_to(pilot, THREAD_REPLY), terminal_size=(120, 40)
    )


async def test_react_acknowledges_a_chat_message_on_slack(
    slack_workspace: Any,
    slack_server: SlackServer,  # noqa: F811
    clock: Any,
) -> None:
    from ctotui.app import CtoApp

    app = CtoApp(slack_workspace, clock=clock, sync_on_start=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _go_to(pilot, DM)
        await pilot.press("plus")
        await pilot.pause()
        await app.workers.wait_for_complete()
    reactions = [body for method, body in slack_server.posts if method == "reactions.add"]
    assert len(reactions) == 1
    assert reactions[0]["channel"] == "D0ANA" and reactions[0]["name"]


async def test_standup_summary_is_posted_to_the_projects_channel(
    slack_workspace: Any,
    slack_server: SlackServer,  # noqa: F811
    clock: Any,
) -> None:
    from ctotui.app import CtoApp

    app = CtoApp(slack_workspace, clock=clock, sync_on_start=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        await app.workers.wait_for_complete()
    posts = [body for method, body in slack_server.posts if method == "chat.postMessage"]
    assert len(posts) == 1
    assert posts[0]["channel"] == "C0STANDUP"
    assert "api" in posts[0]["text"] and "Ana Lead" in posts[0]["text"]
    assert slack_workspace.store.pending_actions() == []
