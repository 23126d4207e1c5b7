"""End to end: the real app over a config with a Jira and a Linear source on mock transports.

The tracker items land in Standups through the real sync engine and store, and a
queued user action reaches the mocked server as the documented request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from ctotui.adapters import http as adapter_http
from ctotui.adapters import jira as jira_module
from ctotui.adapters import linear as linear_module
from ctotui.app import CtoApp
from ctotui.clock import FixedClock
from ctotui.model import ActionKind, OutboxAction, StatusCategory
from ctotui.standup import BoardRow
from ctotui.widgets.row_list import RowList
from ctotui.workspace import open_workspace

FIXTURES = Path(__file__).parent.parent / "fixtures"
NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
OPERATION = re.compile(r"^(?:query|mutation)\s+(\w+)")
CONFIG = """
me = "cto"

[[sources]]
name = "jira"
adapter = "jira"
base_url = "https://acme.atlassian.net"
email = "cto@acme.example"
token = { env = "E2E_JIRA_TOKEN" }
jql = ["api: project = API AND resolution is EMPTY"]

[[sources]]
name = "linear"
adapter = "linear"
token = { env = "E2E_LINEAR_TOKEN" }
teams = ["ENG"]

[[projects]]
name = "api"
sources = ["jira"]
containers = ["API"]
people = ["cto"]

[[projects]]
name = "eng"
sources = ["linear"]
containers = ["ENG"]
people = ["cto"]

[people.cto]
name = "Casey"
jira = "Casey Cto"
linear = "casey"
"""


def load(*parts: str) -> Any:
    return json.loads(FIXTURES.joinpath(*parts).read_text())


class JiraServer:
    """Serves the recorded Jira Cloud pages and takes actions, remembering requests."""

    def __init__(self) -> None:
        self.seen: list[httpx.Request] = []
        self.pages = [load("jira", "search_page1.json"), load("jira", "search_page2.json")]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        path = request.url.path
        if path == "/rest/api/3/search/jql":
            token = request.url.params.get("nextPageToken")
            return httpx.Response(200, json=self.pages[1 if token else 0])
        if path == "/rest/api/3/status":
            return httpx.Response(200, json=load("jira", "statuses.json"))
        if path == "/rest/api/3/issue/10014/changelog":
            return httpx.Response(200, json=load("jira", "changelog_api14.json"))
        if path == "/rest/api/3/issue/10012/transitions" and request.method == "GET":
            return httpx.Response(200, json=load("jira", "transitions.json"))
        if path == "/rest/api/3/issue/10012/transitions":
            return httpx.Response(204)
        return httpx.Response(404, json={"errorMessages": ["not found"], "errors": {}})


class LinearServer:
    """Serves the recorded Linear pages and takes mutations, remembering requests."""

    def __init__(self) -> None:
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        body = json.loads(request.content)
        match = OPERATION.match(body["query"])
        operation = match.group(1) if match else ""
        if operation == "Issues":
            page = "issues_page2.json" if body["variables"]["after"] else "issues_page1.json"
            return httpx.Response(200, json=load("linear", page))
        if operation == "IssueConnection":
            return httpx.Response(200, json=load("linear", "history_rest.json"))
        if operation == "Comment":
            return httpx.Response(200, json={"data": {"commentCreate": {"success": True}}})
        return httpx.Response(200, json={"errors": [{"message": f"unexpected {operation}"}]})


def mocked_client(transport: httpx.MockTransport) -> Callable[..., httpx.AsyncClient]:
    """`make_client` as the adapters call it, but always over the mock transport."""

    def make(base_url: str, **kwargs: Any) -> httpx.AsyncClient:
        kwargs["transport"] = transport
        return adapter_http.make_client(base_url, **kwargs)

    return make


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[JiraServer, LinearServer]:
    jira, linear = JiraServer(), LinearServer()
    for module, server in ((jira_module, jira), (linear_module, linear)):
        monkeypatch.setattr(module, "make_client", mocked_client(httpx.MockTransport(server)))
    monkeypatch.setenv("E2E_JIRA_TOKEN", "jira-secret")
    monkeypatch.setenv("E2E_LINEAR_TOKEN", "lin_api_secret")
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    monkeypatch.setenv("CTOTUI_CONFIG", str(config))
    return jira, linear


def board_rows(app: CtoApp) -> list[BoardRow]:
    board: RowList[BoardRow] = app.screen.query_one("#standups-list", RowList)
    found = (board._row_at(i) for i in range(board.row_count))
    return [row for row in found if row is not None]


async def test_tracker_items_show_in_standups_and_actions_reach_the_servers(
    servers: tuple[JiraServer, LinearServer], tmp_path: Path
) -> None:
    jira, linear = servers
    clock = FixedClock(NOW)
    workspace = open_workspace(
        config_arg=None, data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
    )
    assert not workspace.config.problems
    app = CtoApp(workspace, clock=clock, sync_on_start=False)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.press("S")
            await app.workers.wait_for_complete()
            await pilot.pause()
            statuses = {s.source: s for s in app.store.source_statuses()}
            assert statuses["jira"].ok and statuses["linear"].ok, statuses

            await pilot.press("3")
            await pilot.pause()
            keys = {row.item.key: row for row in board_rows(app)}
            assert {"API-12", "API-14"} <= set(keys)
            assert keys["API-12"].item.category is StatusCategory.BLOCKED
            await pilot.press("right_square_bracket")
            await pilot.pause()
            linear_keys = {row.item.key for row in board_rows(app)}
            assert "ENG-42" in linear_keys

            now = clock.now()
            app.store.enqueue(
                OutboxAction("jira", ActionKind.TRANSITION, "10012", now, payload="Done")
            )
            eng42 = "9f1c0c52-7c4e-4c0b-9a59-5d3c4b0e1a42"
            app.store.enqueue(
                OutboxAction("linear", ActionKind.COMMENT, eng42, now, payload="Unblocked?")
            )
            app.flush_outbox()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.store.pending_actions() == []
    finally:
        workspace.close()

    posts = [r for r in jira.seen if r.method == "POST"]
    assert [(r.url.path, json.loads(r.content)) for r in posts] == [
        ("/rest/api/3/issue/10012/transitions", {"transition": {"id": "31"}})
    ]
    comment = json.loads(linear.seen[-1].content)
    assert comment["variables"] == {"issueId": eng42, "body": "Unblocked?"}
    assert all(r.headers["Authorization"] == "lin_api_secret" for r in linear.seen)
