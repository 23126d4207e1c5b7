"""The Matrix adapter against a real Synapse homeserver on 127.0.0.1."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from synapse_server import PASSWORD, SynapseServer, synapse  # noqa: F401  (fixture)

from ctotui.adapters.base import AdapterContext
from ctotui.adapters.matrix import MatrixAdapter
from ctotui.clock import SystemClock
from ctotui.config import config_from_text
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, Message, OutboxAction, Person
from ctotui.store import Store
from ctotui.store.inbox import InboxSplit, MessageQuery
from ctotui.sync import SyncEngine

API = "/_matrix/client/v3"


class Client:
    """The other side of the conversation, speaking the client-server API directly."""

    def __init__(self, server: SynapseServer, localpart: str) -> None:
        self.user_id = server.register(localpart)
        self.http = httpx.Client(
            base_url=server.url + API,
            headers={"Authorization": f"Bearer {server.login(localpart)}"},
            timeout=30,
        )

    def call(self, method: str, path: str, body: Any = None, **params: str) -> Any:
        reply = self.http.request(method, path, json=body, params=params or None)
        reply.raise_for_status()
        return reply.json()

    def create_room(
        self, *, invite: str, name: str = "", direct: bool = False, alias: str = ""
    ) -> str:
        body: dict[str, Any] = {"invite": [invite], "is_direct": direct, "preset": "private_chat"}
        if name:
            body["name"] = name
        if alias:
            body["room_alias_name"] = alias
        room: str = self.call("POST", "/createRoom", body)["room_id"]
        return room

    def join(self, room: str) -> None:
        self.call("POST", f"/join/{quote(room)}", {})

    def say(self, room: str, body: str, **extra: Any) -> str:
        content = {"msgtype": "m.text", "body": body, **extra}
        path = f"/rooms/{quote(room)}/send/m.room.message/{uuid.uuid4().hex}"
        event: str = self.call("PUT", path, content)["event_id"]
        return event

    def recent(self, room: str) -> list[dict[str, Any]]:
        chunk: list[dict[str, Any]] = self.call(
            "GET", f"/rooms/{quote(room)}/messages", dir="b", limit="50"
        )["chunk"]
        return chunk


@pytest.fixture(scope="module")
def world(synapse: SynapseServer) -> dict[str, Any]:  # noqa: F811
    """cto (us) and ben; a DM from ben, and an #eng room with chatter and a mention."""
    cto = Client(synapse, "cto")
    ben = Client(synapse, "ben")
    ben.call("PUT", f"/profile/{quote(ben.user_id)}/displayname", {"displayname": "Ben Dev"})
    cto.call("PUT", f"/profile/{quote(cto.user_id)}/displayname", {"displayname": "Robin"})
    dm = ben.create_room(invite=cto.user_id, direct=True)
    eng = ben.create_room(invite=cto.user_id, name="eng", alias="eng")
    standup = cto.create_room(invite=ben.user_id, name="standup", alias="standup")
    for room in (dm, eng):
        cto.join(room)
    ben.join(standup)
    cto.call("PUT", f"/user/{quote(cto.user_id)}/account_data/m.direct", {ben.user_id: [dm]})
    ben.say(dm, "Can you approve the budget today?")
    ben.say(eng, "lunch anyone?")
    ben.say(eng, "cto: the rollout waits on you", **{"m.mentions": {"user_ids": [cto.user_id]}})
    ben.say(eng, "Robin, could you review the design doc?")
    return {"cto": cto, "ben": ben, "dm": dm, "eng": eng, "standup": standup, "url": synapse.url}


def adapter(world: dict[str, Any], **settings: Any) -> MatrixAdapter:
    options = {
        "homeserver": world["url"],
        "user_id": "@cto:localhost",
        "password": PASSWORD,
        "rooms": ["#eng:localhost"],
        "ack_emoji": "👀",
        "days": 7,
        **settings,
    }
    people = {"cto": Person("cto", "Robin (me)", logins={"matrix": "@cto:localhost"})}
    context = AdapterContext(clock=SystemClock(), people=people, me=people["cto"])
    return MatrixAdapter("chat", options, context)


def by_body(messages: list[Message]) -> dict[str, Message]:
    return {m.body: m for m in messages}


async def test_message_from_another_user_lands_in_the_queue_after_sync(
    world: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTOTUI_TEST_MATRIX_PASSWORD", PASSWORD)
    config = config_from_text(
        f"""
me = "cto"
[[sources]]
name = "chat"
adapter = "matrix"
homeserver = "{world["url"]}"
user_id = "@cto:localhost"
password = {{ env = "CTOTUI_TEST_MATRIX_PASSWORD" }}
rooms = ["#eng:localhost"]

[people.cto]
name = "Robin"
matrix = "@cto:localhost"
"""
    )
    assert not config.problems, config.problems
    store = Store.open(tmp_path / "store.db")
    clock = SystemClock()
    outcomes = await SyncEngine(store, config, clock).sync_all()
    assert [o.error for o in outcomes] == [""]
    queue = store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 50)
    found = by_body(queue)
    dm = found["Can you approve the budget today?"]
    assert dm.is_direct and dm.sender_name == "Ben Dev" and dm.folder == "@Ben Dev"
    assert dm.sender_address == "@ben:localhost"
    assert dm.url.startswith("https://matrix.to/#/")
    assert found["cto: the rollout waits on you"].mentions_me
    assert found["Robin, could you review the design doc?"].mentions_me  # display name
    chatter = found["lunch anyone?"]
    assert chatter.is_list and chatter.folder == "#eng"
    assert dm.importance > chatter.importance
    store.close()


async def test_incremental_sync_fetches_only_new_events(world: dict[str, Any]) -> None:
    first = await adapter(world).fetch(None)
    assert len(first.messages) == 4
    world["ben"].say(world["dm"], "Also: the offsite is on Friday")
    second = await adapter(world).fetch(first.cursor)
    assert [m.body for m in second.messages] == ["Also: the offsite is on Friday"]
    third = await adapter(world).fetch(second.cursor)
    assert third.messages == []


async def test_reply_reaction_and_read_marker_reach_the_other_user(world: dict[str, Any]) -> None:
    result = await adapter(world).fetch(None)
    dm = by_body(result.messages)["Can you approve the budget today?"]
    matrix = adapter(
        world, password="", access_token=world["cto"].http.headers["Authorization"][7:]
    )
    now = SystemClock().now()
    await matrix.apply(OutboxAction("chat", ActionKind.REPLY, dm.remote_id, now, "Approved.", id=7))
    await matrix.apply(OutboxAction("chat", ActionKind.REACT, dm.remote_id, now, id=8))
    await matrix.apply(OutboxAction("chat", ActionKind.MARK_READ, dm.remote_id, now, id=9))
    # a retried action reuses its transaction id: Synapse does not send it twice
    await matrix.apply(OutboxAction("chat", ActionKind.REPLY, dm.remote_id, now, "Approved.", id=7))
    await matrix.aclose()
    event_id = dm.remote_id.split("|")[1]
    seen = world["ben"].recent(world["dm"])
    replies = [
        e for e in seen if e["type"] == "m.room.message" and e["content"]["body"] == "Approved."
    ]
    assert len(replies) == 1
    assert replies[0]["sender"] == "@cto:localhost"
    assert replies[0]["content"]["m.relates_to"] == {"m.in_reply_to": {"event_id": event_id}}
    reactions = [e for e in seen if e["type"] == "m.reaction"]
    assert [r["content"]["m.relates_to"] for r in reactions] == [
        {"rel_type": "m.annotation", "event_id": event_id, "key": "👀"}
    ]
    marker = world["cto"].call(
        "GET",
        f"/user/{quote('@cto:localhost')}/rooms/{quote(world['dm'])}/account_data/m.fully_read",
    )
    assert marker == {"event_id": event_id}


async def test_a_reply_to_me_in_any_room_is_kept_and_posting_works(world: dict[str, Any]) -> None:
    first = await adapter(world).fetch(None)
    standup = world["standup"]
    matrix = adapter(world)
    now = SystemClock().now()
    await matrix.apply(
        OutboxAction(
            "chat", ActionKind.POST, "#standup:localhost", now, "Standup: all green", id=21
        )
    )
    await matrix.aclose()
    mine = next(e for e in world["ben"].recent(standup) if e["type"] == "m.room.message")
    assert mine["content"]["body"] == "Standup: all green"
    world["ben"].say(
        standup,
        "> <@cto:localhost> Standup: all green\n\nnice, thanks",
        **{"m.relates_to": {"m.in_reply_to": {"event_id": mine["event_id"]}}},
    )
    world["ben"].say(standup, "unrelated chatter")
    result = await adapter(world, rooms=[]).fetch(first.cursor)
    found = by_body(result.messages)
    reply = found["nice, thanks\n\n> Robin (me): Standup: all green"]
    assert not reply.is_list and reply.in_reply_to == f"{standup}|{mine['event_id']}"
    assert "unrelated chatter" not in found  # not a watched room, not for me


async def test_wrong_password_is_a_clear_error(world: dict[str, Any]) -> None:
    with pytest.raises(AdapterError) as caught:
        await adapter(world, password="wrong").fetch(None)
    assert caught.value.message.startswith(
        "Matrix source 'chat': the homeserver refused the login of @cto:localhost (403: "
    )
    assert "check `user_id` and `password`" in caught.value.message


async def test_a_gap_longer_than_the_timeline_is_filled_from_room_messages(
    world: dict[str, Any],
) -> None:
    first = await adapter(world).fetch(None)
    for number in range(60):  # more than one /sync timeline holds
        world["ben"].say(world["eng"], f"deploy log line {number}")
    result = await adapter(world).fetch(first.cursor)
    bodies = [m.body for m in result.messages]
    assert bodies == [f"deploy log line {number}" for number in range(60)]
    assert all(m.is_list for m in result.messages)  # chatter in a watched room: the Feed


async def test_probe_says_who_is_signed_in(world: dict[str, Any]) -> None:
    matrix = adapter(world)
    assert await matrix.probe() == "signed in as @cto:localhost"
    await matrix.aclose()
