"""The Jira adapter against recorded Cloud v3 / Data Center v2 payloads over a mock transport."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from ctotui.adapters.base import AdapterContext
from ctotui.adapters.jira import JiraAdapter
from ctotui.clock import FixedClock
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, EventKind, OutboxAction, StatusCategory

FIXTURES = Path(__file__).parent / "fixtures" / "jira"
NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
FIELDS = (
    "summary,status,assignee,reporter,creator,labels,priority,created,updated,"
    "issuelinks,project,description,fixVersions,customfield_10021,customfield_10016,"
    "customfield_10020"
)
CLOUD = {
    "base_url": "https://acme.atlassian.net",
    "deployment": "cloud",
    "email": "cto@acme.example",
    "token": "s3cret-api-token",
    "jql": ("api: project = API AND resolution is EMPTY ORDER BY rank",),
    "flagged_field": "customfield_10021",
    "estimate_field": "customfield_10016",
    "sprint_field": "customfield_10020",
    "page_size": 50,
}
DATACENTER = {
    "base_url": "https://jira.acme.example",
    "deployment": "datacenter",
    "token": "pat-token",
    "jql": ("ops: project = OPS",),
    "flagged_field": "",
    "estimate_field": "customfield_10016",
    "sprint_field": "customfield_10020",
    "page_size": 1,
}


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


Reply = httpx.Response | Callable[[httpx.Request], httpx.Response]


class Server:
    """Replies per (method, path) in order; remembers every request it got."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {
            ("GET", f"/rest/api/{version}/status"): [ok("statuses.json")] for version in (2, 3)
        }
        self.seen: list[httpx.Request] = []

    def on(self, method: str, path: str, *replies: Reply) -> Server:
        self.routes.setdefault((method, path), []).extend(replies)
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        queue = self.routes.get((request.method, request.url.path))
        if not queue:
            return httpx.Response(404, json={"errorMessages": ["Not routed"], "errors": {}})
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        return reply(request) if callable(reply) else reply

    def params(self, index: int) -> dict[str, str]:
        return dict(self.seen[index].url.params)

    def body(self, index: int) -> Any:
        return json.loads(self.seen[index].content)


def adapter(server: Server, settings: dict[str, Any] = CLOUD) -> tuple[JiraAdapter, list[float]]:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    jira = JiraAdapter(
        "jira",
        settings,
        AdapterContext(clock=FixedClock(NOW)),
        transport=httpx.MockTransport(server),
        sleep=sleep,
    )
    return jira, waits


def ok(name: str) -> httpx.Response:
    return httpx.Response(200, json=fixture(name))


def cloud_server() -> Server:
    return (
        Server()
        .on("GET", "/rest/api/3/search/jql", ok("search_page1.json"), ok("search_page2.json"))
        .on("GET", "/rest/api/3/issue/10014/changelog", ok("changelog_api14.json"))
        .on("GET", "/rest/api/3/myself", ok("myself.json"))
    )


def with_changelog(server: Server) -> Server:
    return server.on("GET", "/rest/api/3/issue/10014/changelog", ok("changelog_api14.json"))


async def full_sync(jira: JiraAdapter, cursor: str | None = None) -> tuple[list[Any], str | None]:
    results = []
    while True:
        result = await jira.fetch(cursor)
        results.append(result)
        cursor = result.cursor
        if not result.more:
            return results, cursor


async def test_full_sync_reads_every_page_and_the_whole_changelog() -> None:
    server = cloud_server()
    jira, waits = adapter(server)
    results, _cursor = await full_sync(jira)
    await jira.aclose()

    assert [r.more for r in results] == [True, False]
    paths = [r.url.path for r in server.seen]
    assert paths == [
        "/rest/api/3/search/jql",
        "/rest/api/3/status",
        "/rest/api/3/search/jql",
        "/rest/api/3/issue/10014/changelog",
    ]
    first = server.params(0)
    assert first == {
        "jql": "(project = API AND resolution is EMPTY) ORDER BY updated ASC",
        "maxResults": "50",
        "fields": FIELDS,
        "expand": "changelog",
    }
    assert server.params(2) == {**first, "nextPageToken": "CAEaAggD"}
    assert server.params(3) == {"startAt": "0", "maxResults": "100"}
    expected_auth = "Basic " + base64.b64encode(b"cto@acme.example:s3cret-api-token").decode()
    assert all(r.headers["Authorization"] == expected_auth for r in server.seen)
    assert waits == []

    items = {i.key: i for r in results for i in r.items}
    assert set(items) == {"API-12", "API-13", "API-14"}
    api12 = items["API-12"]
    assert api12.category is StatusCategory.BLOCKED
    assert api12.blocked_reason == "blocked by API-9"
    assert api12.status == "In Progress" and api12.container == "API"
    assert api12.assignees == ("Casey Cto",) and api12.author == "Ana Api"
    assert api12.url == "https://acme.atlassian.net/browse/API-12"
    assert api12.body == "Cursor based paging for /invoices."
    assert api12.status_since == datetime(2026, 11, 17, 15, 20, tzinfo=UTC)
    assert api12.estimate == 5.0 and api12.sprint == "API Sprint 24"
    assert api12.milestone == "2026.12" and api12.links == ("API-9",)
    assert items["API-13"].category is StatusCategory.IN_REVIEW
    assert items["API-14"].category is StatusCategory.BLOCKED
    assert items["API-14"].blocked_reason == "flagged"

    events = [e for r in results for e in r.events if e.item_remote_id == "10014"]
    assert [(e.kind, e.from_value, e.to_value) for e in events] == [
        (EventKind.OPENED, "", ""),
        (EventKind.ASSIGNED, "", "Ana Api"),
        (EventKind.STATUS_CHANGED, "To Do", "Blocked"),
        (EventKind.STATUS_CHANGED, "Blocked", "In Progress"),
    ]
    moved = [e for r in results for e in r.events if e.item_remote_id == "10013"]
    assert (EventKind.LABELED, "", "needs-qa") in [
        (e.kind, e.from_value, e.to_value) for e in moved
    ]


async def test_incremental_sync_asks_for_updated_since_in_the_users_time_zone() -> None:
    server = cloud_server()
    jira, _ = adapter(server)
    _results, cursor = await full_sync(jira)
    server.seen.clear()
    server.routes[("GET", "/rest/api/3/search/jql")] = [ok("search_incremental.json")]
    result = await jira.fetch(cursor)
    await jira.aclose()

    assert [r.url.path for r in server.seen] == ["/rest/api/3/myself", "/rest/api/3/search/jql"]
    # The newest update was 08:10 UTC; Berlin is UTC+1 in November; one minute of overlap.
    assert server.params(1)["jql"] == (
        '(project = API AND resolution is EMPTY) AND updated >= "2026/11/18 09:09"'
        " ORDER BY updated ASC"
    )
    assert not result.more
    (item,) = result.items
    assert item.key == "API-12" and item.category is StatusCategory.DONE
    assert item.blocked_reason == "blocked by API-9"  # kept, but done items are never blocked
    closed = [e for e in result.events if e.event_id == "10012:31007:0"]
    assert [(e.kind, e.from_value, e.to_value) for e in closed] == [
        (EventKind.CLOSED, "In Progress", "Done")
    ]
    assert json.loads(result.cursor or "{}")["since"]["api"] == "2026-11-18T09:05:00+00:00"


async def test_sections_are_synced_one_after_the_other_with_their_own_cursor() -> None:
    settings = {**CLOUD, "jql": ("api: project = API", "ops: project = OPS")}
    server = with_changelog(Server().on("GET", "/rest/api/3/search/jql", ok("search_page2.json")))
    jira, _ = adapter(server, settings)
    first = await jira.fetch(None)
    second = await jira.fetch(first.cursor)
    await jira.aclose()
    assert first.more and not second.more
    searches = [r for r in server.seen if r.url.path.endswith("/search/jql")]
    assert [r.url.params["jql"] for r in searches] == [
        "(project = API) ORDER BY updated ASC",
        "(project = OPS) ORDER BY updated ASC",
    ]
    assert set(json.loads(second.cursor or "{}")["since"]) == {"api", "ops"}


async def test_data_center_uses_v2_bearer_token_and_start_at_paging() -> None:
    server = Server().on(
        "GET", "/rest/api/2/search", ok("dc_search_page1.json"), ok("dc_search_page2.json")
    )
    jira, _ = adapter(server, DATACENTER)
    results, _ = await full_sync(jira)
    await jira.aclose()
    assert [r.more for r in results] == [True, False]
    searches = [r for r in server.seen if r.url.path == "/rest/api/2/search"]
    assert [r.url.params["startAt"] for r in searches] == ["0", "1"]
    assert server.params(0) == {
        "jql": "(project = OPS) ORDER BY updated ASC",
        "maxResults": "1",
        "fields": FIELDS.replace(",customfield_10021", ""),
        "expand": "changelog",
        "startAt": "0",
    }
    assert all(r.headers["Authorization"] == "Bearer pat-token" for r in server.seen)
    item = results[0].items[0]
    assert item.assignees == ("casey",) and item.author == "dana"
    assert item.category is StatusCategory.BLOCKED and item.blocked_reason == 'label "blocked"'
    assert item.body == "Expires on *1 December*." and item.sprint == "Ops Sprint 8"
    assigned = [e for e in results[0].events if e.kind is EventKind.ASSIGNED]
    assert [(e.actor, e.to_value) for e in assigned] == [("dana", "casey")]


async def test_rate_limit_waits_retry_after_then_succeeds() -> None:
    server = with_changelog(
        Server().on(
            "GET",
            "/rest/api/3/search/jql",
            httpx.Response(429, headers={"Retry-After": "7"}, json={"errorMessages": ["Limit"]}),
            ok("search_page2.json"),
        )
    )
    jira, waits = adapter(server)
    result = await jira.fetch(None)
    await jira.aclose()
    assert waits == [7.0] and [i.key for i in result.items] == ["API-14"]


async def test_server_error_then_success_backs_off() -> None:
    server = with_changelog(
        Server().on("GET", "/rest/api/3/search/jql", httpx.Response(500), ok("search_page2.json"))
    )
    jira, waits = adapter(server)
    result = await jira.fetch(None)
    await jira.aclose()
    assert len(waits) == 1 and len(result.items) == 1


async def test_rejected_token_is_a_clear_error_without_the_secret() -> None:
    server = Server().on("GET", "/rest/api/3/search/jql", httpx.Response(401, text=""))
    jira, waits = adapter(server)
    with pytest.raises(AdapterError) as info:
        await jira.fetch(None)
    await jira.aclose()
    assert "rejected the token (401)" in info.value.message
    assert "section 'api'" in info.value.message
    assert "s3cret" not in info.value.message and waits == []


async def test_bad_jql_reports_jiras_own_message() -> None:
    server = Server().on(
        "GET", "/rest/api/3/search/jql", httpx.Response(400, json=fixture("error_jql.json"))
    )
    jira, _ = adapter(server)
    with pytest.raises(AdapterError) as info:
        await jira.fetch(None)
    await jira.aclose()
    assert "Error in the JQL Query" in info.value.message


@pytest.mark.parametrize(
    "body", [b'{"isLast": true, "issues": [{"id": "1"', b"<html>Service unavailable</html>"]
)
async def test_truncated_or_malformed_json_is_an_error(body: bytes) -> None:
    server = Server().on("GET", "/rest/api/3/search/jql", httpx.Response(200, content=body))
    jira, _ = adapter(server)
    with pytest.raises(AdapterError) as info:
        await jira.fetch(None)
    await jira.aclose()
    assert "not valid JSON" in info.value.message


async def test_cloud_without_email_says_what_to_add() -> None:
    with pytest.raises(AdapterError) as info:
        adapter(Server(), {**CLOUD, "email": ""})
    assert "email" in info.value.message


def action(kind: ActionKind, payload: str = "") -> OutboxAction:
    return OutboxAction("jira", kind, "10012", NOW, payload)


async def test_comment_is_sent_as_atlassian_document() -> None:
    server = Server().on("POST", "/rest/api/3/issue/10012/comment", httpx.Response(201, json={}))
    jira, _ = adapter(server)
    await jira.apply(action(ActionKind.COMMENT, "Looks good.\n\nShip it."))
    await jira.aclose()
    assert server.body(0) == {
        "body": {
            "type": "doc",
            "version": 1,
            "content": [
                {"type": "paragraph", "content": [{"type": "text", "text": "Looks good."}]},
                {"type": "paragraph", "content": [{"type": "text", "text": "Ship it."}]},
            ],
        }
    }


async def test_assign_to_me_and_unassign_me_use_my_account_id() -> None:
    me = fixture("myself.json")
    server = (
        Server()
        .on("GET", "/rest/api/3/myself", ok("myself.json"))
        .on("PUT", "/rest/api/3/issue/10012/assignee", httpx.Response(204))
        .on(
            "GET",
            "/rest/api/3/issue/10012",
            httpx.Response(200, json={"id": "10012", "fields": {"assignee": me}}),
        )
    )
    jira, _ = adapter(server)
    await jira.apply(action(ActionKind.ASSIGN_TO_ME))
    await jira.apply(action(ActionKind.UNASSIGN_ME))
    await jira.aclose()
    puts = [r for r in server.seen if r.method == "PUT"]
    assert [json.loads(r.content) for r in puts] == [
        {"accountId": "5b10ac8d82e05b22cc7d4ef5"},
        {"accountId": None},
    ]
    assert server.seen[2].url.params["fields"] == "assignee"


async def test_unassign_me_leaves_someone_elses_issue_alone() -> None:
    other = {"id": "10012", "fields": {"assignee": {"accountId": "someone-else"}}}
    server = (
        Server()
        .on("GET", "/rest/api/3/myself", ok("myself.json"))
        .on("GET", "/rest/api/3/issue/10012", httpx.Response(200, json=other))
    )
    jira, _ = adapter(server)
    await jira.apply(action(ActionKind.UNASSIGN_ME))
    await jira.aclose()
    assert all(r.method == "GET" for r in server.seen)


async def test_transition_offers_and_applies_the_allowed_statuses() -> None:
    server = (
        Server()
        .on("GET", "/rest/api/3/issue/10012/transitions", ok("transitions.json"))
        .on("POST", "/rest/api/3/issue/10012/transitions", httpx.Response(204))
    )
    jira, _ = adapter(server)
    assert await jira.transitions("10012") == ["To Do", "In Review", "Done"]
    await jira.apply(action(ActionKind.TRANSITION, "in review"))
    with pytest.raises(AdapterError) as info:
        await jira.apply(action(ActionKind.TRANSITION, "Shipped"))
    await jira.aclose()
    posts = [json.loads(r.content) for r in server.seen if r.method == "POST"]
    assert posts == [{"transition": {"id": "21"}}]
    assert "possible: To Do, In Review, Done" in info.value.message


async def test_labels_are_added_and_removed_with_update_operations() -> None:
    server = Server().on("PUT", "/rest/api/3/issue/10012", httpx.Response(204))
    jira, _ = adapter(server)
    await jira.apply(action(ActionKind.ADD_LABEL, "needs-qa"))
    await jira.apply(action(ActionKind.REMOVE_LABEL, "needs-qa"))
    await jira.aclose()
    assert [server.body(i) for i in (0, 1)] == [
        {"update": {"labels": [{"add": "needs-qa"}]}},
        {"update": {"labels": [{"remove": "needs-qa"}]}},
    ]


async def test_data_center_comment_and_assign_use_text_and_user_name() -> None:
    me = {"name": "casey", "displayName": "Casey Cto", "timeZone": "UTC"}
    server = (
        Server()
        .on("POST", "/rest/api/2/issue/10012/comment", httpx.Response(201, json={}))
        .on("GET", "/rest/api/2/myself", httpx.Response(200, json=me))
        .on("PUT", "/rest/api/2/issue/10012/assignee", httpx.Response(204))
    )
    jira, _ = adapter(server, DATACENTER)
    await jira.apply(action(ActionKind.COMMENT, "On it."))
    await jira.apply(action(ActionKind.ASSIGN_TO_ME))
    await jira.aclose()
    assert server.body(0) == {"body": "On it."}
    assert server.body(2) == {"name": "casey"}


async def test_probe_names_the_account_and_runs_each_section() -> None:
    server = (
        Server()
        .on("GET", "/rest/api/3/myself", ok("myself.json"))
        .on("GET", "/rest/api/3/search/jql", httpx.Response(200, json={"issues": []}))
    )
    jira, _ = adapter(server)
    line = await jira.probe()
    await jira.aclose()
    assert line == "API token accepted for Casey Cto; 1 JQL section(s) run"
    assert server.params(1) == {
        "jql": "project = API AND resolution is EMPTY",
        "maxResults": "1",
        "fields": "summary",
    }


async def test_probe_names_the_section_whose_jql_fails() -> None:
    server = (
        Server()
        .on("GET", "/rest/api/3/myself", ok("myself.json"))
        .on("GET", "/rest/api/3/search/jql", httpx.Response(400, json=fixture("error_jql.json")))
    )
    jira, _ = adapter(server)
    with pytest.raises(AdapterError) as info:
        await jira.probe()
    await jira.aclose()
    assert info.value.message.startswith("section 'api': Jira answered 400")


async def test_boards_name_each_issues_sprint_from_the_agile_api() -> None:
    server = (
        cloud_server()
        .on(
            "GET",
            "/rest/agile/1.0/board/12/sprint",
            ok("agile_board_sprints_1.json"),
            ok("agile_board_sprints_2.json"),
        )
        .on("GET", "/rest/agile/1.0/sprint/37/issue", ok("agile_sprint_37_issues.json"))
        .on("GET", "/rest/agile/1.0/sprint/38/issue", ok("agile_sprint_38_issues.json"))
    )
    jira, _ = adapter(server, {**CLOUD, "boards": ("12",), "sprint_field": ""})
    results, _ = await full_sync(jira)
    await jira.aclose()

    agile = [r for r in server.seen if r.url.path.startswith("/rest/agile/")]
    assert [(r.url.path, dict(r.url.params)) for r in agile] == [
        (
            "/rest/agile/1.0/board/12/sprint",
            {"state": "active,future", "startAt": "0", "maxResults": "50"},
        ),
        (
            "/rest/agile/1.0/board/12/sprint",
            {"state": "active,future", "startAt": "1", "maxResults": "50"},
        ),
        (
            "/rest/agile/1.0/sprint/37/issue",
            {"startAt": "0", "maxResults": "100", "fields": "summary"},
        ),
        (
            "/rest/agile/1.0/sprint/38/issue",
            {"startAt": "0", "maxResults": "100", "fields": "summary"},
        ),
    ]
    sprints = {i.key: i.sprint for r in results for i in r.items}
    # API-12 is in the active sprint and planned for the next: the active one wins.
    assert sprints == {
        "API-12": "API Sprint 24",
        "API-13": "API Sprint 24",
        "API-14": "API Sprint 25",
    }


async def test_a_damaged_cursor_reads_the_section_again_in_full() -> None:
    server = with_changelog(Server().on("GET", "/rest/api/3/search/jql", ok("search_page2.json")))
    jira, _ = adapter(server)
    cursor = json.dumps({"since": {"api": "yesterday"}, "section": 0, "page": "", "seen": ""})
    result = await jira.fetch(cursor)
    await jira.aclose()
    assert server.params(0)["jql"] == "(project = API AND resolution is EMPTY) ORDER BY updated ASC"
    assert len(result.items) == 1


async def test_an_expired_page_token_reads_the_section_again() -> None:
    expired = httpx.Response(
        400, json={"errorMessages": ["The provided next page token is invalid."], "errors": {}}
    )
    server = with_changelog(
        Server().on("GET", "/rest/api/3/search/jql", expired, ok("search_page2.json"))
    )
    jira, _ = adapter(server)
    cursor = json.dumps({"since": {}, "section": 0, "page": "old-token", "seen": ""})
    result = await jira.fetch(cursor)
    await jira.aclose()
    searches = [r for r in server.seen if r.url.path.endswith("/search/jql")]
    assert [r.url.params.get("nextPageToken") for r in searches] == ["old-token", None]
    assert len(result.items) == 1 and not result.more
