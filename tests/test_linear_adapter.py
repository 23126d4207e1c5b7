"""The Linear adapter against recorded GraphQL payloads over a mock transport."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from ctotui.adapters import linear_queries as gql
from ctotui.adapters.base import AdapterContext
from ctotui.adapters.linear import LinearAdapter
from ctotui.clock import FixedClock
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, EventKind, OutboxAction, Priority, StatusCategory

FIXTURES = Path(__file__).parent / "fixtures" / "linear"
NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
SETTINGS = {
    "token": "lin_api_s3cretkey",
    "api_url": "https://api.linear.app/graphql",
    "teams": ("ENG",),
    "history_days": 30,
    "page_size": 25,
}
ISSUE_42 = "9f1c0c52-7c4e-4c0b-9a59-5d3c4b0e1a42"
OPERATION = re.compile(r"^(?:query|mutation)\s+(\w+)")


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


class Server:
    """Replies per GraphQL operation name in order; remembers every request."""

    def __init__(self) -> None:
        self.routes: dict[str, list[httpx.Response]] = {}
        self.seen: list[httpx.Request] = []

    def on(self, operation: str, *replies: httpx.Response) -> Server:
        self.routes.setdefault(operation, []).extend(replies)
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        match = OPERATION.match(json.loads(request.content)["query"])
        queue = self.routes.get(match.group(1) if match else "")
        if not queue:
            return httpx.Response(200, json={"errors": [{"message": "not routed"}]})
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def body(self, index: int) -> Any:
        return json.loads(self.seen[index].content)


def adapter(
    server: Server, settings: dict[str, Any] = SETTINGS
) -> tuple[LinearAdapter, list[float]]:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    linear = LinearAdapter(
        "linear",
        settings,
        AdapterContext(clock=FixedClock(NOW)),
        transport=httpx.MockTransport(server),
        sleep=sleep,
    )
    return linear, waits


def ok(name: str) -> httpx.Response:
    return httpx.Response(200, json=fixture(name))


def synced_server() -> Server:
    return (
        Server()
        .on("Issues", ok("issues_page1.json"), ok("issues_page2.json"))
        .on("IssueConnection", ok("history_rest.json"))
    )


async def full_sync(
    linear: LinearAdapter, cursor: str | None = None
) -> tuple[list[Any], str | None]:
    results = []
    while True:
        result = await linear.fetch(cursor)
        results.append(result)
        cursor = result.cursor
        if not result.more:
            return results, cursor


async def test_full_sync_pages_to_the_end_including_nested_history() -> None:
    server = synced_server()
    linear, waits = adapter(server)
    results, _ = await full_sync(linear)
    await linear.aclose()

    assert [r.more for r in results] == [True, False] and waits == []
    assert all(
        r.url == "https://api.linear.app/graphql" and r.method == "POST" for r in server.seen
    )
    assert all(r.headers["Authorization"] == "lin_api_s3cretkey" for r in server.seen)
    bodies = [server.body(i) for i in range(len(server.seen))]
    assert [b["query"] for b in bodies] == [
        gql.ISSUES,
        gql.connection_query("history"),
        gql.ISSUES,
    ]
    since = "2026-10-19T09:30:00+00:00"  # history_days = 30 before the first sync
    expected_filter = {"updatedAt": {"gte": since}, "team": {"key": {"in": ["ENG"]}}}
    assert bodies[0]["variables"] == {"filter": expected_filter, "first": 25, "after": None}
    assert bodies[1]["variables"] == {"id": ISSUE_42, "after": "aGlzdC0y"}
    assert bodies[2]["variables"] == {
        "filter": expected_filter,
        "first": 25,
        "after": "aXNzdWUtNDM",
    }

    items = {i.key: i for r in results for i in r.items}
    eng42 = items["ENG-42"]
    assert eng42.category is StatusCategory.BLOCKED and eng42.blocked_reason == "blocked by ENG-40"
    assert eng42.container == "ENG" and eng42.assignees == ("casey",) and eng42.author == "ana"
    assert eng42.priority is Priority.HIGH and eng42.labels == ("backend",)
    assert eng42.url == "https://linear.app/acme/issue/eng-42/"
    assert eng42.status_since == datetime(2026, 11, 17, 15, 20, tzinfo=UTC)
    assert eng42.estimate == 3.0 and eng42.sprint == "Cycle 24"
    assert eng42.milestone == "Public API v2" and eng42.links == ("ENG-12", "ENG-40")
    assert items["ENG-43"].category is StatusCategory.IN_REVIEW
    assert items["ENG-44"].category is StatusCategory.DONE  # a blocked label on a done issue

    events = [e for r in results for e in r.events if e.item_remote_id == ISSUE_42]
    assert [(e.kind, e.from_value, e.to_value) for e in events] == [
        (EventKind.OPENED, "", ""),
        (EventKind.ASSIGNED, "", "casey"),
        (EventKind.LABELED, "triage", "backend"),
        (EventKind.STATUS_CHANGED, "Todo", "In Progress"),
    ]


async def test_incremental_sync_filters_on_the_newest_update_seen() -> None:
    server = synced_server()
    linear, _ = adapter(server)
    _, cursor = await full_sync(linear)
    server.seen.clear()
    server.routes["Issues"] = [ok("issues_incremental.json")]
    result = await linear.fetch(cursor)
    await linear.aclose()

    assert server.body(0)["variables"]["filter"]["updatedAt"] == {
        "gte": "2026-11-18T08:10:00+00:00"
    }
    (item,) = result.items
    assert item.key == "ENG-42" and item.category is StatusCategory.DONE
    assert [(e.kind, e.to_value) for e in result.events if e.kind is not EventKind.OPENED] == [
        (EventKind.CLOSED, "Done")
    ]
    assert json.loads(result.cursor or "{}") == {"since": "2026-11-18T09:05:00+00:00"}


async def test_every_team_and_all_history_when_not_limited() -> None:
    server = Server().on("Issues", ok("issues_page2.json"))
    linear, _ = adapter(server, {**SETTINGS, "teams": (), "history_days": 0})
    await linear.fetch(None)
    await linear.aclose()
    assert server.body(0)["variables"]["filter"] == {}


async def test_rate_limited_waits_until_the_reset_header_then_succeeds() -> None:
    reset_ms = int(NOW.timestamp() * 1000) + 12_000
    limited = httpx.Response(
        400,
        json=fixture("error_ratelimited.json"),
        headers={
            "X-RateLimit-Requests-Remaining": "0",
            "X-RateLimit-Requests-Reset": str(reset_ms),
        },
    )
    server = Server().on("Issues", limited, ok("issues_page2.json"))
    linear, waits = adapter(server)
    result = await linear.fetch(None)
    await linear.aclose()
    assert waits == [13.0] and [i.key for i in result.items] == ["ENG-44"]


async def test_spent_request_budget_waits_for_the_reset_before_going_on() -> None:
    reset_ms = int(NOW.timestamp() * 1000) + 4_000
    spent = httpx.Response(
        200,
        json=fixture("issues_page2.json"),
        headers={
            "X-RateLimit-Requests-Remaining": "0",
            "X-RateLimit-Requests-Reset": str(reset_ms),
        },
    )
    server = Server().on("Issues", spent)
    linear, waits = adapter(server)
    result = await linear.fetch(None)
    await linear.aclose()
    assert waits == [5.0] and len(result.items) == 1 and len(server.seen) == 1


async def test_rate_limit_that_never_lifts_is_a_clear_error() -> None:
    server = Server().on("Issues", httpx.Response(400, json=fixture("error_ratelimited.json")))
    linear, waits = adapter(server)
    with pytest.raises(AdapterError) as info:
        await linear.fetch(None)
    await linear.aclose()
    assert "rate limit" in info.value.message and len(waits) == 3


async def test_rejected_key_is_a_clear_error_without_the_secret() -> None:
    server = Server().on("Issues", httpx.Response(400, json=fixture("error_authentication.json")))
    linear, _ = adapter(server)
    with pytest.raises(AdapterError) as info:
        await linear.fetch(None)
    await linear.aclose()
    assert "rejected the API key" in info.value.message
    assert "s3cret" not in info.value.message


async def test_server_error_then_success_backs_off() -> None:
    server = Server().on("Issues", httpx.Response(502), ok("issues_page2.json"))
    linear, waits = adapter(server)
    result = await linear.fetch(None)
    await linear.aclose()
    assert len(waits) == 1 and len(result.items) == 1


@pytest.mark.parametrize("body", [b'{"data": {"issues": {"nodes": [', b"<html>oops</html>"])
async def test_truncated_or_malformed_json_is_an_error(body: bytes) -> None:
    server = Server().on("Issues", httpx.Response(200, content=body))
    linear, _ = adapter(server)
    with pytest.raises(AdapterError) as info:
        await linear.fetch(None)
    await linear.aclose()
    assert "not valid JSON" in info.value.message


def action(kind: ActionKind, payload: str = "") -> OutboxAction:
    return OutboxAction("linear", kind, ISSUE_42, NOW, payload)


def success(field: str) -> httpx.Response:
    return httpx.Response(200, json={"data": {field: {"success": True}}})


async def test_comment_creates_a_comment_on_the_issue() -> None:
    server = Server().on("Comment", success("commentCreate"))
    linear, _ = adapter(server)
    await linear.apply(action(ActionKind.COMMENT, "Shipping today."))
    await linear.aclose()
    assert server.body(0) == {
        "query": gql.COMMENT,
        "variables": {"issueId": ISSUE_42, "body": "Shipping today."},
    }


async def test_assign_and_unassign_me_use_the_viewer_id() -> None:
    me = fixture("viewer.json")["data"]["viewer"]["id"]
    assigned = {"data": {"issue": {"assignee": {"id": me}}}}
    server = (
        Server()
        .on("Viewer", ok("viewer.json"))
        .on("IssueUpdate", success("issueUpdate"))
        .on("IssueAssignee", httpx.Response(200, json=assigned))
    )
    linear, _ = adapter(server)
    await linear.apply(action(ActionKind.ASSIGN_TO_ME))
    await linear.apply(action(ActionKind.UNASSIGN_ME))
    await linear.aclose()
    updates = [server.body(i)["variables"] for i in range(len(server.seen))]
    assert [v for v in updates if "input" in v] == [
        {"id": ISSUE_42, "input": {"assigneeId": me}},
        {"id": ISSUE_42, "input": {"assigneeId": None}},
    ]


async def test_close_and_reopen_move_to_the_teams_first_matching_state() -> None:
    server = (
        Server()
        .on("IssueTeamStates", ok("team_states.json"))
        .on("IssueUpdate", success("issueUpdate"))
    )
    linear, _ = adapter(server)
    await linear.apply(action(ActionKind.CLOSE))
    await linear.apply(action(ActionKind.REOPEN))
    await linear.aclose()
    inputs = [
        server.body(i)["variables"]["input"]
        for i in range(len(server.seen))
        if "input" in server.body(i)["variables"]
    ]
    assert inputs == [{"stateId": "st-done"}, {"stateId": "st-todo"}]


async def test_labels_are_looked_up_by_name_for_the_issues_team() -> None:
    server = (
        Server()
        .on("LabelsByName", ok("labels_by_name.json"))
        .on("AddLabel", success("issueAddLabel"))
        .on("RemoveLabel", success("issueRemoveLabel"))
    )
    linear, _ = adapter(server)
    await linear.apply(action(ActionKind.ADD_LABEL, "Needs-QA"))
    await linear.apply(action(ActionKind.REMOVE_LABEL, "needs-qa"))
    await linear.aclose()
    assert server.body(0)["variables"] == {"id": ISSUE_42, "name": "Needs-QA"}
    assert server.body(1) == {
        "query": gql.ADD_LABEL,
        "variables": {"id": ISSUE_42, "labelId": "lbl-eng"},
    }
    assert server.body(3)["query"] == gql.REMOVE_LABEL


async def test_unconfirmed_mutation_is_an_error() -> None:
    server = Server().on(
        "Comment", httpx.Response(200, json={"data": {"commentCreate": {"success": False}}})
    )
    linear, _ = adapter(server)
    with pytest.raises(AdapterError):
        await linear.apply(action(ActionKind.COMMENT, "Hello"))
    await linear.aclose()


async def test_probe_names_the_viewer_and_checks_the_teams() -> None:
    teams = {"data": {"teams": {"nodes": [{"key": "ENG", "name": "Engineering"}]}}}
    server = Server().on("Viewer", ok("viewer.json")).on("Teams", httpx.Response(200, json=teams))
    linear, _ = adapter(server)
    assert await linear.probe() == "API key accepted for casey; syncing ENG"
    assert server.body(1)["variables"] == {"keys": ["ENG"]}
    await linear.aclose()

    linear, _ = adapter(server, {**SETTINGS, "teams": ("ENG", "OPS")})
    with pytest.raises(AdapterError) as info:
        await linear.probe()
    await linear.aclose()
    assert "cannot see team(s) OPS" in info.value.message


async def test_a_damaged_cursor_starts_a_full_sync() -> None:
    server = Server().on("Issues", ok("issues_page2.json"))
    linear, _ = adapter(server)
    await linear.fetch('{"since": "not a time"}')
    await linear.aclose()
    since = server.body(0)["variables"]["filter"]["updatedAt"]["gte"]
    assert since == "2026-10-19T09:30:00+00:00"
