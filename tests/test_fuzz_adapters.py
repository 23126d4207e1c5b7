"""Fuzzing each HTTP adapter's JSON handling: any payload is data or a clear source error.

Two kinds of input. Shallow: random JSON (shapeless values, and tables built
from the field names these APIs use) and truncated JSON for every request.
Deep: the documented payloads of each adapter's fake server, with one node
anywhere in the tree replaced by a random value, so the normalisers meet a
wrong type or a missing field in the middle of a real issue or message.

A fetch must either succeed or raise the adapter's own error (which the engine
shows as that source's one-line status); any other exception would be a crash,
and a loop that keeps asking for pages would hang the sync, so both fail.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest
from conftest import FIXED_NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctotui.adapters.base import Adapter, AdapterContext
from ctotui.clock import FixedClock
from ctotui.config import config_from_text, resolve_settings
from ctotui.errors import CtotuiError
from ctotui.model import Person
from ctotui.net_errors import describe

SOURCES = {
    "github": 'token = "ghp_fuzz"\nrepos = ["acme/api"]',
    "gitlab": 'token = "glpat-fuzz"\nprojects = ["acme/api"]',
    "jira": 'base_url = "https://jira.acme.example"\nemail = "me@acme.example"\n'
    'token = "jira-fuzz"\njql = ["project = API"]',
    "linear": 'token = "lin_api_fuzz"',
    "slack": 'token = "xoxp-fuzz"\nchannels = ["#eng"]',
    "matrix": 'homeserver = "https://matrix.acme.example"\nuser_id = "@me:acme.example"\n'
    'access_token = "syt_fuzz"\nrooms = ["!room:acme.example"]',
}
# Field names the adapters read, so generated tables reach their normalisers.
FIELDS = (
    "items", "issues", "nodes", "edges", "node", "data", "messages", "channels", "channel",
    "ok", "error", "rooms", "join", "timeline", "events", "next_batch", "pageInfo",
    "hasNextPage", "endCursor", "fields", "status", "statusCategory", "key", "id", "number",
    "title", "user", "login", "labels", "name", "state", "updated_at", "updatedAt", "created_at",
    "pull_request", "assignees", "assignee", "values", "total", "startAt", "maxResults",
    "isLast", "response_metadata", "next_cursor", "ts", "text", "members", "issue", "subject",
    "reason", "repository", "full_name", "changelog", "histories", "body", "content", "sender",
    "origin_server_ts", "type", "iid", "web_url", "html_url", "url", "team", "cycle", "project",
    "viewer", "team_id", "user_id", "real_name", "profile", "email", "reactions", "thread_ts",
)  # fmt: skip
MAX_REQUESTS = 60

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.sampled_from([10**17, 10**20, -(10**20), 10**400])  # past any calendar
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        ["2026-11-18T09:30:00Z", "1731922200.000100", "1e20", "1e400", "open", "closed", "done"]
    )
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), inner, max_size=6)
    ),
    max_leaves=30,
)
payloads = st.lists(json_values, min_size=1, max_size=4)


def make_adapter(name: str, transport: httpx.MockTransport) -> Adapter:
    config = config_from_text(f'[[sources]]\nname = "fuzz"\nadapter = "{name}"\n{SOURCES[name]}\n')
    assert not config.problems, config.problems
    source = config.sources[0]
    me = Person("me", "Me", emails=("me@acme.example",), logins={name: "me"})
    context = AdapterContext(clock=FixedClock(FIXED_NOW), people={"me": me}, me=me)
    return build(source.adapter_class, resolve_settings(source), context, transport)


def build(
    cls: Any, options: dict[str, Any], context: AdapterContext, transport: httpx.MockTransport
) -> Adapter:
    """GitHub and GitLab take transport and sleep as class attributes, the rest as arguments."""

    async def no_sleep(_seconds: float) -> None:
        return None

    if "transport" in vars(cls):
        saved = vars(cls)["transport"], vars(cls)["sleep"]
        cls.transport, cls.sleep = transport, staticmethod(no_sleep)
        try:
            adapter: Adapter = cls("fuzz", options, context)
        finally:
            cls.transport, cls.sleep = saved
        return adapter
    built: Adapter = cls("fuzz", options, context, transport=transport, sleep=no_sleep)
    return built


async def fetch_all(adapter: Adapter) -> None:
    cursor = None
    try:
        for _ in range(10):
            page = await adapter.fetch(cursor)
            cursor = page.cursor
            if not page.more:
                break
    finally:
        await adapter.aclose()


def serve(bodies: list[bytes]) -> tuple[httpx.MockTransport, list[int]]:
    count = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        count[0] += 1
        if count[0] > MAX_REQUESTS:
            raise httpx.ConnectError("the fuzz server stops answering", request=request)
        body = bodies[(count[0] - 1) % len(bodies)]
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    return httpx.MockTransport(handler), count


def check(name: str, bodies: list[bytes]) -> None:
    transport, count = serve(bodies)
    outcome(name, lambda: fetch_all(make_adapter(name, transport)))
    assert count[0] <= MAX_REQUESTS, f"{name} kept asking for pages of garbage"


# What a normaliser raises when a field has the wrong type or is missing.
SHAPE_ERRORS = (TypeError, AttributeError, KeyError, IndexError, ValueError)


def outcome(name: str, run: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a sync; a failure must read as one clear line on that source's status."""
    try:
        asyncio.run(run())
    except CtotuiError as error:
        assert str(error).strip(), "an adapter error must say what went wrong"
    except SHAPE_ERRORS as error:
        line = describe(error, service=name)
        assert "data in an unexpected shape" in line, line
        assert "\n" not in line


FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@pytest.mark.parametrize("name", sorted(SOURCES))
@FUZZ
@given(values=payloads)
def test_random_json_is_data_or_a_clear_error(name: str, values: list[Any]) -> None:
    check(name, [json.dumps(v).encode() for v in values])


@pytest.mark.parametrize("name", sorted(SOURCES))
@FUZZ
@given(value=json_values, cut=st.integers(min_value=0, max_value=400))
def test_truncated_json_is_a_clear_error(name: str, value: Any, cut: int) -> None:
    text = json.dumps({"data": value, "items": [value], "ok": True})
    check(name, [text[: min(cut, len(text) - 1)].encode()])


# Deep fuzzing: documented payloads with one node replaced -------------------------

Handler = Callable[[httpx.Request], httpx.Response]
Mutation = tuple[int, Any]
"""Which node of a response to replace (an index into its nodes, wrapping) and with what."""


def nodes(document: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) pair of a JSON tree, depth first."""
    found: list[tuple[Any, Any]] = []
    stack = [document]
    while stack:
        container = stack.pop()
        keys = container.keys() if isinstance(container, dict) else range(len(container))
        for key in keys:
            found.append((container, key))
            if isinstance(container[key], dict | list):
                stack.append(container[key])
    return found


def mutating(inner: Handler, mutations: list[Mutation], count: list[int]) -> Handler:
    """The fake server's answers with the k-th JSON body changed by the k-th mutation."""

    def handler(request: httpx.Request) -> httpx.Response:
        count[0] += 1
        if count[0] > MAX_REQUESTS:
            raise httpx.ConnectError("the fuzz server stops answering", request=request)
        response = inner(request)
        try:
            document = json.loads(response.content)
        except ValueError:
            return response
        where, value = mutations[(count[0] - 1) % len(mutations)]
        if isinstance(document, dict | list) and (tree := nodes(document)):
            container, key = tree[where % len(tree)]
            container[key] = value
        else:
            document = value
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return httpx.Response(response.status_code, json=document, headers=headers)

    return handler


def github_server() -> tuple[Any, Handler, dict[str, Any]]:
    from fake_github import FakeGitHub, fixture

    server = FakeGitHub()
    repo = "octocat/Hello-World"
    server.add_issue(repo, 1, "Crash on start", updated="2026-11-10T10:00:00Z", labels=("bug",))
    server.add_issue(repo, 12, "Faster builds", updated="2026-11-12T10:00:00Z", pull=True)
    server.timelines[f"{repo}#12"] = fixture("timeline_pr.json")
    server.add_thread("1", "review_requested", repo, 12, "Faster builds")
    from ctotui.adapters.github import GitHubAdapter

    return GitHubAdapter, server.handle, {"token": "ghp_fuzz", "repos": [repo], "page_size": 2}


def gitlab_server() -> tuple[Any, Handler, dict[str, Any]]:
    from fake_gitlab import FakeGitLab

    from ctotui.adapters.gitlab import GitLabAdapter

    server = FakeGitLab()
    project = "my-group/my-project"
    server.add("issue", project, 1, "Login fails", updated="2026-11-10T10:00:00.000Z")
    server.add("mr", project, 2, "Faster builds", updated="2026-11-11T10:00:00.000Z")
    return GitLabAdapter, server.handle, {"token": "glpat-fuzz", "projects": [project]}


def jira_server() -> tuple[Any, Handler, dict[str, Any]]:
    import test_jira_adapter as jira

    from ctotui.adapters.jira import JiraAdapter

    return JiraAdapter, jira.cloud_server(), dict(jira.CLOUD)


def linear_server() -> tuple[Any, Handler, dict[str, Any]]:
    import test_linear_adapter as linear

    from ctotui.adapters.linear import LinearAdapter

    return LinearAdapter, linear.synced_server(), dict(linear.SETTINGS)


def slack_server() -> tuple[Any, Handler, dict[str, Any]]:
    import test_slack_adapter as slack

    from ctotui.adapters.slack import SlackAdapter

    options = {
        "token": "xoxp-fuzz",
        "channels": ["eng-api"],
        "mentions": True,
        "days": 7,
        "base_url": "https://slack.example.test/api/",
    }
    return SlackAdapter, slack.FakeSlack(), options


def matrix_server() -> tuple[Any, Handler, dict[str, Any]]:
    import fake_matrix

    from ctotui.adapters.matrix import MatrixAdapter

    options = {
        "homeserver": fake_matrix.HOMESERVER,
        "user_id": fake_matrix.ME,
        "access_token": fake_matrix.TOKEN,
        "rooms": [fake_matrix.ENG_ALIAS],
        "days": 7,
    }
    return MatrixAdapter, fake_matrix.FakeMatrix().handle, options


SERVERS: dict[str, Callable[[], tuple[Any, Handler, dict[str, Any]]]] = {
    "github": github_server,
    "gitlab": gitlab_server,
    "jira": jira_server,
    "linear": linear_server,
    "slack": slack_server,
    "matrix": matrix_server,
}
mutations = st.lists(
    st.tuples(st.integers(min_value=0, max_value=5000), json_values), min_size=1, max_size=4
)


@pytest.mark.parametrize("name", sorted(SERVERS))
@FUZZ
@given(changes=mutations)
def test_documented_payloads_with_a_broken_node_are_data_or_a_clear_error(
    name: str, changes: list[Mutation]
) -> None:
    cls, inner, options = SERVERS[name]()
    count = [0]
    transport = httpx.MockTransport(mutating(inner, changes, count))
    me = Person("cto", "Me", emails=("cto@acme.example",), logins={name: "octocat"})
    context = AdapterContext(clock=FixedClock(FIXED_NOW), people={"cto": me}, me=me)
    outcome(name, lambda: fetch_all(build(cls, options, context, transport)))
    assert count[0] <= MAX_REQUESTS, f"{name} kept asking for pages of garbage"


def test_unchanged_documented_payloads_sync_cleanly() -> None:
    """The deep fuzz starts from payloads that sync: a failure there means a bad mutation."""
    for name, make in SERVERS.items():
        cls, inner, options = make()
        me = Person("cto", "Me", emails=("cto@acme.example",), logins={name: "octocat"})
        context = AdapterContext(clock=FixedClock(FIXED_NOW), people={"cto": me}, me=me)
        asyncio.run(fetch_all(build(cls, options, context, httpx.MockTransport(inner))))


def test_the_fake_matrix_homeserver_syncs_dms_mentions_replies_and_backfill() -> None:
    """The Matrix payloads the deep fuzz breaks reach every path: DM, alias, backfill, replies."""
    import fake_matrix as fm

    from ctotui.adapters.matrix import MatrixAdapter

    server = fm.FakeMatrix()
    _, _, options = matrix_server()
    me = Person("cto", "Me", emails=("cto@acme.example",), logins={"matrix": fm.ME})
    context = AdapterContext(clock=FixedClock(FIXED_NOW), people={"cto": me}, me=me)

    async def two_syncs() -> tuple[list[Any], list[Any]]:
        adapter = MatrixAdapter("fuzz", options, context, transport=server.transport())
        try:
            first = await adapter.fetch(None)
            second = await adapter.fetch(first.cursor)
        finally:
            await adapter.aclose()
        return first.messages, second.messages

    first, second = asyncio.run(two_syncs())
    found = {m.remote_id.split("|")[1].split(":")[0]: m for m in first}
    # Backfilled (two pages, the oldest event past the 7 days dropped), the limited
    # timeline less the edit, the DM, and in Ops only what is meant for me.
    assert sorted(found) == [
        "$dm1Ty", "$dm2Uh",
        "$eng1Ed", "$eng2Ws", "$eng3Qa", "$eng4Tg", "$eng5Yh", "$eng6Uj",
        "$ops2Pm", "$ops3Qn", "$ops4Wb",
    ]  # fmt: skip
    dm = found["$dm1Ty"]
    assert dm.is_direct and dm.folder == "@Dana Ops" and dm.thread_id == fm.DM_ROOM
    assert found["$dm2Uh"].from_me and found["$dm2Uh"].is_read
    assert found["$eng4Tg"].folder == "#Engineering" and found["$eng4Tg"].is_list
    assert found["$eng6Uj"].is_list and found["$eng6Uj"].sender_name == "CI Bot"
    thread = found["$eng5Yh"]
    assert thread.in_reply_to == f"{fm.ENG_ROOM}|$eng2Ws:acme.example"
    assert thread.body == "I am, PR is up\n\n> Dana Ops: Who is on the cache fix?"
    assert not thread.mentions_me
    assert found["$ops2Pm"].mentions_me and not found["$ops2Pm"].is_list  # m.mentions
    assert found["$ops3Qn"].mentions_me  # my display name in the body
    to_me = found["$ops4Wb"]  # a reply to my event that only /event knew
    assert to_me.in_reply_to == f"{fm.OPS_ROOM}|{fm.MY_OLD_EVENT}" and not to_me.is_list
    assert to_me.body == "Can you swap with me next week?\n\n> Me: I take the on-call rota"
    assert to_me.subject == "Can you swap with me next week?" and not to_me.mentions_me
    paths = server.paths()
    assert paths.count(f"/rooms/{fm.ENG_ROOM}/messages") == 2
    assert f"/directory/room/{fm.ENG_ALIAS}" in paths
    assert f"/rooms/{fm.OPS_ROOM}/event/{fm.MY_OLD_EVENT}" in paths
    assert f"/rooms/{fm.OPS_ROOM}/event/{fm.GONE_EVENT}" in paths  # a 404, so not kept
    assert [r.url.params.get("since") for r in server.requests if r.url.path.endswith("/sync")] == [
        None,
        fm.FIRST_BATCH,
    ]
    # The second sync: the new DM message; Ops chatter not meant for me is left out.
    assert [m.remote_id for m in second] == [f"{fm.DM_ROOM}|$dm3Ik:acme.example"]


def _with_value_replaced(inner: Handler, old: Any, new: Any) -> Handler:
    """The server, with every JSON value equal to `old` answered as `new`."""

    def swap(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return new if node == old else node

    def handle(request: httpx.Request) -> httpx.Response:
        response = inner(request)
        try:
            data = json.loads(response.content)
        except ValueError:
            return response
        return httpx.Response(response.status_code, json=swap(data), headers=response.headers)

    return handle


@pytest.mark.parametrize(
    ("name", "stamp", "impossible"),
    [
        ("slack", "1794990000.000200", "1e20"),
        ("slack", "1794990000.000200", "1e400"),
        ("matrix", None, 10**20),
        ("matrix", None, 10**400),
    ],
    ids=["slack-1e20", "slack-1e400", "matrix-1e20", "matrix-1e400"],
)
def test_a_timestamp_past_any_calendar_drops_that_message_only(
    name: str, stamp: Any, impossible: Any
) -> None:
    """Found by fuzzing: 10**20 ms was an OSError that failed the whole sync."""
    cls, inner, options = SERVERS[name]()
    me = Person("cto", "Me", emails=("cto@acme.example",), logins={name: "octocat"})
    context = AdapterContext(clock=FixedClock(FIXED_NOW), people={"cto": me}, me=me)

    async def messages(handler: Handler) -> list[str]:
        adapter = build(cls, options, context, httpx.MockTransport(handler))
        try:
            return [m.remote_id for m in (await adapter.fetch(None)).messages]
        finally:
            await adapter.aclose()

    whole = asyncio.run(messages(inner))
    if stamp is None:  # Matrix: the first DM event's own timestamp
        import fake_matrix

        dm = fake_matrix.FakeMatrix().initial_sync()["rooms"]["join"][fake_matrix.DM_ROOM]
        stamp = dm["timeline"]["events"][0]["origin_server_ts"]
    broken = asyncio.run(messages(_with_value_replaced(inner, stamp, impossible)))
    assert len(broken) == len(whole) - 1 and set(broken) < set(whole)
