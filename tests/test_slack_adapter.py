"""The Slack adapter against recorded Web API replies served through httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from ctotui.adapters.base import AdapterContext
from ctotui.adapters.slack import SlackAdapter
from ctotui.adapters.slack_state import SlackState
from ctotui.adapters.slack_text import mentioned_ids, render
from ctotui.clock import FixedClock
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, Message, OutboxAction, Person
from ctotui.triage import score_message

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
FLOOR = "1794389400.000000"  # NOW minus the default 7 days
FIXTURES = Path(__file__).parent / "fixtures" / "slack"
TOKEN = "xoxp-1111-2222-secret"
PEOPLE = {
    "cto": Person("cto", "You (CTO)", logins={"slack": "U0CTO"}),
    "ana": Person("ana", "Ana Lead", logins={"slack": "U0ANA"}, vip=True),
}


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


class FakeSlack:
    """Answers each Web API method from the recorded fixtures and records every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.queued: dict[str, list[httpx.Response]] = {}

    def queue(self, method: str, *responses: httpx.Response) -> None:
        self.queued.setdefault(method, []).extend(responses)

    def calls(self, method: str) -> list[dict[str, Any]]:
        """Parameters (query or JSON body) of each call of `method`, in order."""
        found = []
        for request in self.requests:
            if request.url.path.rsplit("/", 1)[-1] == method:
                if request.method == "POST":
                    found.append(json.loads(request.content))
                else:
                    found.append(dict(request.url.params))
        return found

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        method = request.url.path.rsplit("/", 1)[-1]
        if self.queued.get(method):
            return self.queued[method].pop(0)
        params = request.url.params
        if method == "conversations.list":
            return httpx.Response(200, json=fixture(f"{method}.{2 if 'cursor' in params else 1}"))
        if method == "conversations.history":
            channel = params["channel"]
            if channel == "C0API":
                return httpx.Response(
                    200, json=fixture(f"{method}.C0API.{2 if 'cursor' in params else 1}")
                )
            if channel in ("D0ANA", "G0MPIM"):
                return httpx.Response(200, json=fixture(f"{method}.{channel}"))
            return httpx.Response(200, json=fixture("error.not_in_channel"))
        if method == "search.messages":
            empty = params["query"] != "<@U0CTO>"
            return httpx.Response(200, json=fixture(method + (".empty" if empty else "")))
        return httpx.Response(200, json=fixture(method))


def adapter(
    fake: Callable[[httpx.Request], httpx.Response],
    waits: list[float] | None = None,
    **settings: Any,
) -> SlackAdapter:
    async def sleep(seconds: float) -> None:
        (waits if waits is not None else []).append(seconds)

    options = {
        "token": TOKEN,
        "channels": ["eng-api"],
        "user_groups": ["S0LEADS"],
        "mentions": True,
        "ack_emoji": "eyes",
        "days": 7,
        "base_url": "https://slack.example.test/api/",
        **settings,
    }
    context = AdapterContext(clock=FixedClock(NOW), people=PEOPLE, me=PEOPLE["cto"])
    return SlackAdapter(
        "work-slack", options, context, transport=httpx.MockTransport(fake), sleep=sleep
    )


def by_id(messages: list[Message]) -> dict[str, Message]:
    return {m.remote_id: m for m in messages}


async def test_first_sync_brings_dms_mentions_and_my_threads() -> None:
    fake = FakeSlack()
    result = await adapter(fake).fetch(None)
    found = by_id(result.messages)
    assert set(found) == {
        "D0ANA:1794990000.000200",
        "C0API:1794985000.000300",
        "C0API:1794986000.000400",
        "C0API:1794970000.000500",
        "C0API:1794900000.000100",
        "G0MPIM:1794988000.000800",
        "C0API:1794971000.000600:1794970000.000500",
        "C0API:1794980000.000700:1794970000.000500",
        "C0WEB:1794989000.000900",
    }
    dm = found["D0ANA:1794990000.000200"]
    assert dm.is_direct and not dm.is_list and dm.folder == "@Ana Lead"
    assert dm.sender_name == "Ana Lead" and dm.sender_address == "U0ANA"
    assert dm.body == (
        "Can you approve the budget for the Q4 plan (https://docs.acme.example/q4) & the hires?"
    )
    assert dm.url == "https://acme.slack.com/archives/C0API/p1794985000000300"  # getPermalink
    assert dm.received_at == datetime(2026, 11, 18, 8, 20, 0, 200, tzinfo=UTC)
    mention = found["C0API:1794985000.000300"]
    assert mention.mentions_me and not mention.is_list and mention.folder == "#eng-api"
    assert mention.sender_name == "Ben Dev"
    assert mention.body == "@You (CTO) the billing migration is ready for review in #eng-api"
    assert found["C0API:1794986000.000400"].is_list  # the deploy bot
    assert found["C0API:1794900000.000100"].is_list  # channel chatter
    group = found["G0MPIM:1794988000.000800"]
    assert group.is_direct and group.folder == "@ana, ben, cto"
    assert group.body == "@here standup moved to 10:30 tomorrow today"


async def test_thread_replies_carry_context_and_thread_ids() -> None:
    found = by_id((await adapter(FakeSlack()).fetch(None)).messages)
    root = found["C0API:1794970000.000500"]
    mine = found["C0API:1794971000.000600:1794970000.000500"]
    reply = found["C0API:1794980000.000700:1794970000.000500"]
    assert not root.is_list  # a thread I take part in
    assert mine.from_me and mine.is_read
    assert reply.mentions_me  # through my user group
    assert reply.body == (
        "Rollout is blocked on @leads sign-off\n\n"
        "> Ben Dev: Rollout plan for the new billing service, thoughts?"
    )
    assert reply.in_reply_to == root.remote_id
    assert {root.thread_id, mine.thread_id, reply.thread_id} == {"C0API:1794970000.000500"}
    assert reply.url == "https://acme.slack.com/archives/C0API/p1794985000000300"


async def test_search_mentions_keep_their_permalink() -> None:
    found = by_id((await adapter(FakeSlack()).fetch(None)).messages)
    web = found["C0WEB:1794989000.000900"]
    assert web.mentions_me and web.folder == "#eng-web"
    assert web.url == "https://acme.slack.com/archives/C0WEB/p1794989000000900"


async def test_requests_are_exactly_what_the_api_expects() -> None:
    fake = FakeSlack()
    await adapter(fake).fetch(None)
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in fake.requests)
    assert fake.calls("conversations.list") == [
        {
            "types": "im,mpim,public_channel,private_channel",
            "exclude_archived": "true",
            "limit": "200",
        },
        {
            "types": "im,mpim,public_channel,private_channel",
            "exclude_archived": "true",
            "limit": "200",
            "cursor": "dGVhbTpDMDYxRkE1UEI=",
        },
    ]
    history = fake.calls("conversations.history")
    assert [h["channel"] for h in history] == ["C0API", "C0API", "D0ANA", "G0MPIM"]
    assert all(h["oldest"] == FLOOR and h["limit"] == "200" for h in history)
    assert history[1]["cursor"] == "bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz"
    assert fake.calls("conversations.replies") == [
        {
            "channel": "C0API",
            "ts": "1794970000.000500",
            "oldest": "1794970000.000500",
            "limit": "200",
        }
    ]
    assert fake.calls("search.messages") == [
        {"query": q, "sort": "timestamp", "sort_dir": "desc", "count": "100", "page": "1"}
        for q in ("<@U0CTO>", "<!subteam^S0LEADS>")
    ]
    assert fake.calls("users.info") == [{"user": "U0BEN"}]  # [people] names the others
    assert {c["message_ts"] for c in fake.calls("chat.getPermalink")} == {
        "1794990000.000200",
        "1794985000.000300",
        "1794970000.000500",
        "1794988000.000800",
        "1794980000.000700",
    }


async def test_incremental_sync_asks_only_for_newer_messages() -> None:
    first = await adapter(FakeSlack()).fetch(None)
    fake = FakeSlack()
    for _ in range(3):
        fake.queue(
            "conversations.history",
            httpx.Response(200, json=fixture("conversations.history.empty")),
        )
    search = fixture("search.messages")
    fake.queue("search.messages", httpx.Response(200, json=search))
    second = await adapter(fake).fetch(first.cursor)
    assert second.messages == []
    oldest = {h["channel"]: h["oldest"] for h in fake.calls("conversations.history")}
    assert oldest == {
        "C0API": "1794986000.000400",
        "D0ANA": "1794990000.000200",
        "G0MPIM": "1794988000.000800",
    }
    assert fake.calls("conversations.replies")[0]["oldest"] == "1794980000.000700"
    assert fake.calls("auth.test") == [] and fake.calls("users.info") == []
    assert SlackState.load(second.cursor).users["U0BEN"] == ["Ben Dev", False]


async def test_429_waits_retry_after_then_continues() -> None:
    fake = FakeSlack()
    fake.queue("conversations.list", httpx.Response(429, headers={"Retry-After": "12"}))
    waits: list[float] = []
    result = await adapter(fake, waits).fetch(None)
    assert waits == [12.0]
    assert len(result.messages) == 9


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("missing_scope", "lacks the scope channels:history needed by conversations.history"),
        ("not_in_channel", "not a member of channel C0API"),
        ("invalid_auth", "Slack rejected the token (invalid_auth)"),
        ("ratelimited", "rate limited by Slack on conversations.history"),
    ],
)
async def test_ok_false_errors_say_what_to_do(error: str, expected: str) -> None:
    fake = FakeSlack()
    fake.queue("conversations.history", httpx.Response(200, json=fixture(f"error.{error}")))
    with pytest.raises(AdapterError) as caught:
        await adapter(fake).fetch(None)
    assert "Slack source 'work-slack'" in caught.value.message
    assert expected in caught.value.message
    assert TOKEN not in caught.value.message


async def test_malformed_replies_are_clear_errors() -> None:
    fake = FakeSlack()
    fake.queue("conversations.list", httpx.Response(200, json={"ok": True, "channels": "nope"}))
    with pytest.raises(AdapterError, match="malformed reply: `channels` is not a list"):
        await adapter(fake).fetch(None)
    fake = FakeSlack()
    fake.queue("auth.test", httpx.Response(200, text="<html>proxy error</html>"))
    with pytest.raises(AdapterError, match="not valid JSON"):
        await adapter(fake).fetch(None)


async def test_messages_without_a_ts_are_skipped() -> None:
    fake = FakeSlack()
    broken = fixture("conversations.history.D0ANA")
    broken["messages"].append({"type": "message", "user": "U0ANA", "text": "no ts"})
    broken["messages"].append({"type": "message", "user": "U0ANA", "ts": "soon"})
    empty = httpx.Response(200, json=fixture("conversations.history.empty"))
    fake.queue("conversations.history", empty, httpx.Response(200, json=broken), empty)
    result = await adapter(fake, mentions=False).fetch(None)
    assert [m.remote_id for m in result.messages if m.folder == "@Ana Lead"] == [
        "D0ANA:1794990000.000200"
    ]


async def test_bot_token_skips_mention_search() -> None:
    fake = FakeSlack()
    await adapter(fake, token="xoxb-bot-token").fetch(None)
    assert fake.calls("search.messages") == []


async def test_triage_ranks_the_dm_question_above_channel_noise() -> None:
    found = by_id((await adapter(FakeSlack()).fetch(None)).messages)
    scores = {
        key: score_message(m, people=PEOPLE, me=PEOPLE["cto"], now=NOW) for key, m in found.items()
    }
    dm = scores["D0ANA:1794990000.000200"]
    assert {"VIP sender", "direct message", "asks a question"} <= set(dm.reasons)
    assert dm.value > scores["C0API:1794900000.000100"].value
    assert scores["C0API:1794971000.000600:1794970000.000500"].value == 0  # sent by me


def action(kind: ActionKind, target: str, payload: str = "") -> OutboxAction:
    return OutboxAction("work-slack", kind, target, NOW, payload)


async def test_reply_goes_to_the_thread_root() -> None:
    fake = FakeSlack()
    slack = adapter(fake)
    await slack.apply(
        action(ActionKind.REPLY, "C0API:1794980000.000700:1794970000.000500", "On it")
    )
    await slack.apply(action(ActionKind.REPLY, "D0ANA:1794990000.000200", "Approved"))
    assert fake.calls("chat.postMessage") == [
        {"channel": "C0API", "thread_ts": "1794970000.000500", "text": "On it"},
        {"channel": "D0ANA", "thread_ts": "1794990000.000200", "text": "Approved"},
    ]
    assert [r.method for r in fake.requests] == ["POST", "POST"]


async def test_react_mark_read_and_post() -> None:
    fake = FakeSlack()
    slack = adapter(fake, ack_emoji=":white_check_mark:")
    await slack.apply(action(ActionKind.REACT, "C0API:1794985000.000300"))
    await slack.apply(action(ActionKind.REACT, "C0API:1794985000.000300", "tada"))
    await slack.apply(action(ActionKind.MARK_READ, "D0ANA:1794990000.000200"))
    await slack.apply(action(ActionKind.POST, "C0STANDUP", "Standup summary: all green"))
    assert fake.calls("reactions.add") == [
        {"channel": "C0API", "timestamp": "1794985000.000300", "name": "white_check_mark"},
        {"channel": "C0API", "timestamp": "1794985000.000300", "name": "tada"},
    ]
    assert fake.calls("conversations.mark") == [{"channel": "D0ANA", "ts": "1794990000.000200"}]
    assert fake.calls("chat.postMessage") == [
        {"channel": "C0STANDUP", "text": "Standup summary: all green"}
    ]


async def test_already_reacted_counts_as_done_and_other_errors_raise() -> None:
    fake = FakeSlack()
    fake.queue("reactions.add", httpx.Response(200, json=fixture("error.already_reacted")))
    fake.queue("chat.postMessage", httpx.Response(200, json=fixture("error.not_in_channel")))
    slack = adapter(fake)
    await slack.apply(action(ActionKind.REACT, "C0API:1794985000.000300"))
    with pytest.raises(AdapterError, match="not a member of channel C0API"):
        await slack.apply(action(ActionKind.REPLY, "C0API:1794985000.000300", "hi"))
    with pytest.raises(AdapterError, match="not a Slack message id"):
        await slack.apply(action(ActionKind.MARK_READ, "C0API"))


async def test_probe_names_user_team_and_scopes() -> None:
    assert await adapter(FakeSlack()).probe() == "token accepted for cto in Acme"
    fake = FakeSlack()
    scopes = {"X-OAuth-Scopes": "channels:history,im:history,search:read"}
    fake.queue("auth.test", httpx.Response(200, json=fixture("auth.test"), headers=scopes))
    assert await adapter(fake).probe() == (
        "token accepted for cto in Acme; scopes channels:history,im:history,search:read"
    )


async def test_users_mentioned_in_text_are_looked_up_by_name() -> None:
    fake = FakeSlack()
    history = fixture("conversations.history.D0ANA")
    history["messages"][0]["text"] = "Ask <@U0BEN> about it"
    empty = httpx.Response(200, json=fixture("conversations.history.empty"))
    fake.queue("conversations.history", empty, httpx.Response(200, json=history), empty)
    result = await adapter(fake, mentions=False).fetch(None)
    assert by_id(result.messages)["D0ANA:1794990000.000200"].body == "Ask @Ben Dev about it"


def test_text_rendering_resolves_names_and_strips_markup() -> None:
    names = {"U1": "Ana"}.get
    user = lambda uid: names(uid) or uid  # noqa: E731
    channel = lambda cid: {"C1": "general"}.get(cid, cid)  # noqa: E731
    assert (
        render("hi <@U1>, see <#C1> and <#C2|ops>", user, channel)
        == "hi @Ana, see #general and #ops"
    )
    assert render("<!here> <!channel> <!subteam^S1|@leads> <!subteam^S2>", user, channel) == (
        "@here @channel @leads @S2"
    )
    assert render("<https://x.example/a?b=1&amp;c=2|docs> <https://y.example>", user, channel) == (
        "docs (https://x.example/a?b=1&c=2) https://y.example"
    )
    assert render("*bold* _it_ ~gone~ snake_case_name 2*3*4", user, channel) == (
        "bold it gone snake_case_name 2*3*4"
    )
    assert render("```\ncode *here*\n```", user, channel) == "code here"
    assert render("a &lt;b&gt; \x1b]52;c;evil\x07x", user, channel) == "a <b> x"
    assert render(
        "<!date^1392734382^{date}|Feb 18, 2014> <mailto:a@x.example|a>", user, channel
    ) == ("Feb 18, 2014 a")
    assert mentioned_ids("<@U1> <@W2|w> <!subteam^S3|@x> <#C4>") == {"U1", "W2", "S3"}


@pytest.mark.parametrize("cursor", ["not json", '{"seen": {"C0API": "garbage"}, "me": 5}', "[]"])
async def test_an_unreadable_cursor_starts_afresh(cursor: str) -> None:
    fake = FakeSlack()
    result = await adapter(fake).fetch(cursor)
    assert len(result.messages) == 9
    assert all(h["oldest"] == FLOOR for h in fake.calls("conversations.history"))


async def test_without_mention_search_everything_else_still_arrives() -> None:
    fake = FakeSlack()
    result = await adapter(fake, mentions=False).fetch(None)
    assert len(result.messages) == 8
    assert all(isinstance(m, Message) for m in result.messages)
    assert "C0WEB:1794989000.000900" not in by_id(result.messages)
