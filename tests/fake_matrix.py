"""A fake Matrix homeserver for tests, answering the client-server API (v3) the adapter calls.

The deep fuzz in test_fuzz_adapters.py starts from documented payloads and
breaks one node at a time; for Matrix those payloads come from here. Every
body is shaped like the examples of the Client-Server specification (`/sync`
with `rooms.join.{roomId}.state` / `.timeline` / `account_data`, `/messages`
with `chunk` / `start` / `end`, errors as `errcode` / `error`), with made-up
users on example domains. The account has a DM (listed in `m.direct`), a
watched room reached by its alias whose timeline is limited (so the adapter
backfills two pages), and an unwatched room with mentions of me and replies:
one to an event of mine the sync did not carry (looked up with `/event`), one
to an event the server no longer has (404). A second `/sync` with the first
`next_batch` as `since` brings new messages; later ones bring nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import httpx

API = "/_matrix/client/v3"
HOMESERVER = "https://matrix.acme.example"
TOKEN = "syt_fuzz"
ME = "@cto:acme.example"
MY_NAME = "Robin Lead"
DANA = "@dana:acme.example"
LEE = "@lee:example.org"
BOT = "@ci-bot:acme.example"
NAMES = {ME: MY_NAME, DANA: "Dana Ops", LEE: "Lee Builder", BOT: "CI Bot"}

DM_ROOM = "!dmDanaQwErTy:acme.example"
ENG_ROOM = "!engAsDfGhJk:acme.example"
ENG_ALIAS = "#eng:acme.example"
OPS_ROOM = "!opsZxCvBnMl:example.org"

FIRST_BATCH = "s72595_4483_1934"
SECOND_BATCH = "s72611_4490_1940"
ENG_PREV_BATCH = "t34-23535_0_0"
ENG_PAGE_2 = "t29-19880_0_0"
ENG_PAGE_3 = "t21-15012_0_0"

NOW_MS = int(datetime(2026, 11, 18, 9, 30, tzinfo=UTC).timestamp() * 1000)
"""The tests' fixed now (conftest.FIXED_NOW), for `unsigned.age`."""
HOUR = 3_600_000
DAY = 24 * HOUR
MY_OLD_EVENT = "$opsCtoOld0nCall:acme.example"
"""An event of mine in the Ops room, older than anything the sync sends."""
GONE_EVENT = "$opsRedactedLongAgo:example.org"
"""A replied-to event the server no longer serves (404 on /event)."""


def message(
    event_id: str,
    sender: str,
    ago: int,
    body: str,
    *,
    msgtype: str = "m.text",
    room_id: str = "",
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An m.room.message ClientEvent sent `ago` ms before now (room_id outside /sync only)."""
    event: dict[str, Any] = {
        "content": {"body": body, "msgtype": msgtype, **(extra or {})},
        "event_id": event_id,
        "origin_server_ts": NOW_MS - ago,
        "sender": sender,
        "type": "m.room.message",
        "unsigned": {"age": ago},
    }
    if room_id:
        event["room_id"] = room_id
    return event


def reply(
    event_id: str,
    sender: str,
    ago: int,
    text: str,
    *,
    room_id: str,
    to: str,
    to_sender: str,
    quoted: str,
    mentions: list[str] | None = None,
) -> dict[str, Any]:
    """A rich reply with its `> <@user> …` fallback, as the spec's reply example."""
    link = f"https://matrix.to/#/{room_id}/{to}"
    extra: dict[str, Any] = {
        "format": "org.matrix.custom.html",
        "formatted_body": (
            f'<mx-reply><blockquote><a href="{link}">In reply to</a> '
            f'<a href="https://matrix.to/#/{to_sender}">{to_sender}</a><br />{quoted}'
            f"</blockquote></mx-reply>{text}"
        ),
        "m.relates_to": {"m.in_reply_to": {"event_id": to}},
    }
    if mentions is not None:
        extra["m.mentions"] = {"user_ids": mentions}
    return message(event_id, sender, ago, f"> <{to_sender}> {quoted}\n\n{text}", extra=extra)


def state_event(kind: str, state_key: str, content: dict[str, Any], sender: str) -> dict[str, Any]:
    digest = hashlib.sha256(f"{kind}|{state_key}|{sender}".encode()).digest()
    return {
        "content": content,
        "event_id": "$" + base64.urlsafe_b64encode(digest).decode().rstrip("="),
        "origin_server_ts": NOW_MS - 30 * DAY,
        "sender": sender,
        "state_key": state_key,
        "type": kind,
        "unsigned": {"age": 30 * DAY},
    }


def member(user: str) -> dict[str, Any]:
    return state_event(
        "m.room.member", user, {"displayname": NAMES[user], "membership": "join"}, user
    )


def joined(
    state: list[dict[str, Any]],
    events: list[dict[str, Any]],
    *,
    prev_batch: str,
    limited: bool = False,
    members: int = 2,
) -> dict[str, Any]:
    """One `rooms.join.{roomId}` entry of a /sync reply."""
    return {
        "account_data": {"events": []},
        "ephemeral": {"events": []},
        "state": {"events": state},
        "summary": {"m.joined_member_count": members, "m.invited_member_count": 0},
        "timeline": {"events": events, "limited": limited, "prev_batch": prev_batch},
        "unread_notifications": {"highlight_count": 0, "notification_count": len(events)},
    }


def sync_reply(next_batch: str, rooms: dict[str, Any], account: list[Any]) -> dict[str, Any]:
    return {
        "account_data": {"events": account},
        "next_batch": next_batch,
        "presence": {"events": []},
        "rooms": {"invite": {}, "join": rooms, "knock": {}, "leave": {}},
    }


def error(status: int, errcode: str, text: str) -> httpx.Response:
    return httpx.Response(status, json={"errcode": errcode, "error": text})


class FakeMatrix:
    """Room history plus the handler a MockTransport calls; records requests and sends."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.requests: list[httpx.Request] = []
        self.sent: list[tuple[str, str, dict[str, Any]]] = []
        """(room id, event type, content) of each PUT /send."""
        self.backfill = {
            # Newest first, as /messages with dir=b answers; the last event of page 2 is
            # older than the first sync's window, so the adapter stops there.
            ENG_PREV_BATCH: (
                [
                    message("$eng3Qa:acme.example", DANA, 26 * HOUR, "Staging is on 2026.11.16"),
                    message("$eng2Ws:acme.example", DANA, 30 * HOUR, "Who is on the cache fix?"),
                ],
                ENG_PAGE_2,
            ),
            ENG_PAGE_2: (
                [
                    message("$eng1Ed:example.org", LEE, 3 * DAY, "Nightly failed on ARM again"),
                    message("$eng0Rf:example.org", LEE, 9 * DAY, "Old news from last sprint"),
                ],
                ENG_PAGE_3,
            ),
        }
        self.events = {
            MY_OLD_EVENT: message(
                MY_OLD_EVENT, ME, 12 * DAY, "I take the on-call rota", room_id=OPS_ROOM
            ),
        }

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def paths(self) -> list[str]:
        """The decoded paths requested, without the API prefix."""
        return [
            unquote(r.url.raw_path.decode().split("?")[0]).removeprefix(API) for r in self.requests
        ]

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return httpx.Response(
                401,
                json={
                    "errcode": "M_UNKNOWN_TOKEN",
                    "error": "Invalid access token passed.",
                    "soft_logout": False,
                },
            )
        raw = request.url.raw_path.decode().split("?")[0]
        if not raw.startswith(API + "/"):
            return error(404, "M_UNRECOGNIZED", "Unrecognized request")
        parts = [unquote(p) for p in raw.removeprefix(API + "/").split("/")]
        params = request.url.params
        if (
            request.method == "PUT"
            and len(parts) == 5
            and parts[0] == "rooms"
            and parts[2] == "send"
        ):
            self.sent.append((parts[1], parts[3], json.loads(request.content)))
            return httpx.Response(200, json={"event_id": f"$sent{len(self.sent)}:acme.example"})
        if request.method == "POST" and len(parts) == 3 and parts[2] == "read_markers":
            return httpx.Response(200, json={})
        if request.method != "GET":
            return error(404, "M_UNRECOGNIZED", "Unrecognized request")
        if parts == ["account", "whoami"]:
            return httpx.Response(
                200, json={"device_id": "CTOTUI-fuzz", "is_guest": False, "user_id": ME}
            )
        if parts[0] == "profile" and len(parts) == 2:
            if parts[1] not in NAMES:
                return error(404, "M_NOT_FOUND", "Profile not found")
            avatar = f"mxc://acme.example/{parts[1].split(':')[0].lstrip('@')}Avatar"
            return httpx.Response(200, json={"avatar_url": avatar, "displayname": NAMES[parts[1]]})
        if parts == ["sync"]:
            return httpx.Response(200, json=self.sync(params.get("since")))
        if parts[0] == "directory" and parts[1:2] == ["room"] and len(parts) == 3:
            if parts[2] != ENG_ALIAS:
                return error(404, "M_NOT_FOUND", f"Room alias {parts[2]} not found.")
            return httpx.Response(
                200, json={"room_id": ENG_ROOM, "servers": ["acme.example", "example.org"]}
            )
        if parts[0] == "rooms" and len(parts) == 3 and parts[2] == "messages":
            return httpx.Response(200, json=self.messages(parts[1], params.get("from", "")))
        if parts[0] == "rooms" and len(parts) == 4 and parts[2] == "event":
            event = self.events.get(parts[3])
            if event is None or event.get("room_id") != parts[1]:
                return error(404, "M_NOT_FOUND", "Event not found.")
            return httpx.Response(200, json=event)
        return error(404, "M_UNRECOGNIZED", "Unrecognized request")

    def messages(self, room_id: str, token: str) -> dict[str, Any]:
        """A /messages page going back from `token`; no `end` once there is nothing older."""
        if room_id != ENG_ROOM or token not in self.backfill:
            return {"chunk": [], "start": token}
        chunk, end = self.backfill[token]
        return {"chunk": [dict(e, room_id=room_id) for e in chunk], "end": end, "start": token}

    def sync(self, since: str | None) -> dict[str, Any]:
        if not since:
            return self.initial_sync()
        if since == FIRST_BATCH:
            return self.incremental_sync()
        return sync_reply(since, {}, [])

    def initial_sync(self) -> dict[str, Any]:
        direct = {"content": {DANA: [DM_ROOM]}, "type": "m.direct"}
        dm = joined(
            [member(ME), member(DANA)],
            [
                message("$dm1Ty:acme.example", DANA, 20 * HOUR, "Can you read the rollout plan?"),
                message("$dm2Uh:acme.example", ME, 19 * HOUR, "Yes, after standup."),
            ],
            prev_batch="t12-9001_0_0",
        )
        eng_name = state_event("m.room.name", "", {"name": "Engineering"}, DANA)
        eng_alias = state_event("m.room.canonical_alias", "", {"alias": ENG_ALIAS}, DANA)
        eng = joined(
            [eng_name, eng_alias, member(ME), member(DANA), member(LEE), member(BOT)],
            [
                message("$eng4Tg:example.org", LEE, 6 * HOUR, "Nightly is green after the fix"),
                reply(
                    "$eng5Yh:example.org",
                    LEE,
                    5 * HOUR,
                    "I am, PR is up",
                    room_id=ENG_ROOM,
                    to="$eng2Ws:acme.example",
                    to_sender=DANA,
                    quoted="Who is on the cache fix?",
                    mentions=[DANA],
                ),
                message(
                    "$eng6Uj:acme.example",
                    BOT,
                    4 * HOUR,
                    "Deploy 2026.11.18-1 finished",
                    msgtype="m.notice",
                ),
                message(
                    "$eng7Ik:example.org",
                    LEE,
                    3 * HOUR,
                    " * Nightly is green after the cache fix",
                    extra={
                        "m.new_content": {
                            "body": "Nightly is green after the cache fix",
                            "msgtype": "m.text",
                        },
                        "m.relates_to": {
                            "event_id": "$eng4Tg:example.org",
                            "rel_type": "m.replace",
                        },
                    },
                ),
            ],
            prev_batch=ENG_PREV_BATCH,
            limited=True,
            members=4,
        )
        ops_name = state_event("m.room.name", "", {"name": "Ops"}, LEE)
        ops = joined(
            [ops_name, member(ME), member(DANA), member(LEE)],
            [
                message("$ops1Ol:acme.example", DANA, 10 * HOUR, "Who has the pager this week?"),
                message(
                    "$ops2Pm:example.org",
                    LEE,
                    9 * HOUR,
                    f"{MY_NAME}: can you approve the on-call budget?",
                    extra={
                        "format": "org.matrix.custom.html",
                        "formatted_body": (
                            f'<a href="https://matrix.to/#/{ME}">{MY_NAME}</a>: '
                            "can you approve the on-call budget?"
                        ),
                        "m.mentions": {"user_ids": [ME]},
                    },
                ),
                message(
                    "$ops3Qn:acme.example",
                    DANA,
                    8 * HOUR,
                    f"{MY_NAME.lower()}, the vendor call moved to 15:00",
                ),
                reply(
                    "$ops4Wb:example.org",
                    LEE,
                    7 * HOUR,
                    "Can you swap with me next week?",
                    room_id=OPS_ROOM,
                    to=MY_OLD_EVENT,
                    to_sender=ME,
                    quoted="I take the on-call rota",
                ),
                reply(
                    "$ops5Ev:acme.example",
                    DANA,
                    2 * HOUR,
                    "Still true?",
                    room_id=OPS_ROOM,
                    to=GONE_EVENT,
                    to_sender=LEE,
                    quoted="The pager app is deprecated",
                ),
            ],
            prev_batch="t30-20111_0_0",
            members=3,
        )
        rooms = {DM_ROOM: dm, ENG_ROOM: eng, OPS_ROOM: ops}
        return sync_reply(FIRST_BATCH, rooms, [direct])

    def incremental_sync(self) -> dict[str, Any]:
        dm = joined(
            [],
            [message("$dm3Ik:acme.example", DANA, HOUR, "Thanks! Plan v2 is in the doc.")],
            prev_batch="t40-25000_0_0",
        )
        ops = joined(
            [],
            [message("$ops6Rt:example.org", LEE, HOUR // 2, "Pager handover at noon")],
            prev_batch="t40-25001_0_0",
            members=3,
        )
        return sync_reply(SECOND_BATCH, {DM_ROOM: dm, OPS_ROOM: ops}, [])
