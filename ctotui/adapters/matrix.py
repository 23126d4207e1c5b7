"""Matrix: DMs, mentions and replies to me into the inbox; reply, react, mark read, post.

Speaks the client-server API over the shared HTTP session: `/sync` with the
saved `since` token and a filter that asks only for messages, member names and
`m.direct`; `/rooms/{id}/messages` to fill a gap when a room's timeline was
limited; `/send` for replies and `m.annotation` reactions with a transaction id
derived from the outbox action (a retried action is not sent twice); and
`/read_markers`. Signs in with an access token or with a password (`/login`,
one fixed device per source). Configured rooms are watched whole (chatter is
marked `is_list` for the Feed split); in other joined rooms only what mentions
or answers me is kept.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ctotui.adapters.base import Adapter, AdapterContext, FetchResult
from ctotui.adapters.http import HttpSession, Sleep, decode_json, make_client, source_timeout
from ctotui.adapters.matrix_events import (
    EventConverter,
    MatrixState,
    is_message,
    reply_target,
    split_target,
)
from ctotui.adapters.matrix_options import MATRIX_OPTIONS
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, Message, OutboxAction, SourceKind

if TYPE_CHECKING:
    import httpx

API = "/_matrix/client/v3"
TIMELINE_LIMIT = 50
BACKFILL_PAGES = 5
SYNC_FILTER = json.dumps(
    {
        "presence": {"types": []},
        "account_data": {"types": ["m.direct"]},
        "room": {
            "timeline": {"limit": TIMELINE_LIMIT, "types": ["m.room.message"]},
            "state": {
                "types": ["m.room.name", "m.room.canonical_alias", "m.room.member"],
                "lazy_load_members": True,
            },
            "ephemeral": {"types": []},
            "account_data": {"types": []},
        },
    },
    separators=(",", ":"),
)


class MatrixAdapter(Adapter):
    """One Matrix account on one homeserver."""

    name = "matrix"
    kinds = frozenset({SourceKind.CHAT})
    description = "Matrix: DMs, mentions and replies to you; reply, react, mark read."
    options = MATRIX_OPTIONS
    actions = frozenset({ActionKind.MARK_READ, ActionKind.REACT, ActionKind.REPLY, ActionKind.POST})

    def __init__(
        self,
        source: str,
        settings: dict[str, Any],
        context: AdapterContext,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        super().__init__(source, settings, context)
        base = str(self.settings.get("homeserver") or "").rstrip("/")
        self.http = HttpSession(
            make_client(base, transport=transport, timeout=source_timeout(self.settings)),
            "Matrix",
            clock=context.clock,
        )
        if sleep is not None:
            self.http.sleep = sleep
        self.user_id = str(self.settings.get("user_id") or "")
        self._token = str(self.settings.get("access_token") or "")

    async def probe(self) -> str:
        data = await self._call("GET", "/account/whoami")
        return f"signed in as {data.get('user_id', '?')}"

    async def fetch(self, cursor: str | None) -> FetchResult:
        state = MatrixState.load(cursor)
        if not state.me:
            who = await self._call("GET", "/account/whoami")
            state.me = str(who.get("user_id") or self.user_id)
            profile = await self._call("GET", f"/profile/{quote(state.me)}", missing_ok=True)
            state.display_name = str(profile.get("displayname") or "")
        params = {"filter": SYNC_FILTER, "timeout": "0"}
        if state.since:
            params["since"] = state.since
        data = await self._call("GET", "/sync", params=params)
        next_batch = data.get("next_batch")
        if not isinstance(next_batch, str):
            raise AdapterError("Matrix /sync sent a malformed reply: no next_batch")
        self._read_direct(state, data)
        watched = await self._watched_rooms(state)
        convert = EventConverter(self.source, state, self.context.people)
        since = self.context.clock.now() - timedelta(days=int(self.settings.get("days", 7)))
        floor = int(since.timestamp() * 1000)
        messages: dict[str, Message] = {}
        joined = _dict(_dict(data.get("rooms")).get("join"))
        for room_id, room in joined.items():
            room = _dict(room)
            self._read_state(state, room_id, room)
            timeline = _dict(room.get("timeline"))
            events = [e for e in _list(timeline.get("events")) if is_message(e)]
            known = state.newest.get(room_id, floor)
            if timeline.get("limited") and isinstance(timeline.get("prev_batch"), str):
                events = await self._backfill(room_id, timeline["prev_batch"], known) + events
            for event in events:
                state.newest[room_id] = max(state.newest.get(room_id, 0), event["origin_server_ts"])
            senders = {e["event_id"]: e["sender"] for e in events}
            for event in events:
                if event["sender"] == state.me:
                    state.mine.append(event["event_id"])
            for event in events:
                if event["origin_server_ts"] < floor:
                    continue
                target = reply_target(event)
                replied = senders.get(target) or await self._sender_of(state, room_id, target)
                message = convert.message(
                    room_id, event, watched=room_id in watched, replied_sender=replied
                )
                if message is not None:
                    messages[message.remote_id] = message
        state.since = next_batch
        return FetchResult(cursor=state.dump(), messages=list(messages.values()))

    async def apply(self, action: OutboxAction) -> None:
        txn = f"ctotui-{action.id}-{action.action.value}" if action.id else uuid.uuid4().hex
        if action.action is ActionKind.POST:
            if not action.target or not action.payload.strip():
                raise AdapterError("posting to Matrix needs a room and some text")
            room = await self._room_id(action.target)
            await self._send(
                room, "m.room.message", txn, {"msgtype": "m.text", "body": action.payload}
            )
            return
        room, event = split_target(action.target)
        if action.action is ActionKind.MARK_READ:
            await self._call(
                "POST",
                f"/rooms/{quote(room)}/read_markers",
                body={"m.fully_read": event, "m.read": event},
            )
        elif action.action is ActionKind.REACT:
            key = action.payload or str(self.settings.get("ack_emoji") or "👀")
            relates = {"rel_type": "m.annotation", "event_id": event, "key": key}
            await self._send(room, "m.reaction", txn, {"m.relates_to": relates})
        elif action.action is ActionKind.REPLY:
            if not action.payload.strip():
                raise AdapterError("a Matrix reply needs some text")
            content = {
                "msgtype": "m.text",
                "body": action.payload,
                "m.relates_to": {"m.in_reply_to": {"event_id": event}},
            }
            await self._send(room, "m.room.message", txn, content)
        else:
            await super().apply(action)

    async def aclose(self) -> None:
        await self.http.client.aclose()

    async def _send(self, room: str, kind: str, txn: str, content: dict[str, Any]) -> None:
        path = f"/rooms/{quote(room)}/send/{kind}/{quote(txn)}"
        await self._call("PUT", path, body=content)

    async def _login(self) -> str:
        password = str(self.settings.get("password") or "")
        if not password:
            raise AdapterError(f"Matrix source {self.source!r} needs `access_token` or `password`")
        response = await self.http.request(
            "POST",
            API + "/login",
            json_body={
                "type": "m.login.password",
                "identifier": {"type": "m.id.user", "user": self.user_id},
                "password": password,
                "device_id": f"CTOTUI-{self.source}"[:64],
                "initial_device_display_name": "ctotui",
            },
            ok_statuses=(400, 401, 403),
        )
        data = decode_json("Matrix", response)
        if response.status_code >= 400:
            reason = data.get("error") if isinstance(data, dict) else None
            why = str(reason or "no reason given")[:200]
            raise AdapterError(
                f"Matrix source {self.source!r}: the homeserver refused the login of "
                f"{self.user_id} ({response.status_code}: {why}); check `user_id` and `password`"
            )
        token = data.get("access_token") if isinstance(data, dict) else None
        if not isinstance(token, str):
            raise AdapterError("Matrix /login sent a malformed reply: no access_token")
        return token

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        missing_ok: bool = False,
    ) -> dict[str, Any]:
        if not self._token:
            self._token = await self._login()
        headers = {"Authorization": f"Bearer {self._token}"}
        response = await self.http.request(
            method,
            API + path,
            params=params,
            json_body=body,
            headers=headers,
            ok_statuses=(404,) if missing_ok else (),
        )
        if response.status_code == 404:
            return {}
        data = decode_json("Matrix", response)
        if not isinstance(data, dict):
            raise AdapterError(f"Matrix {path.split('/')[1]} sent a reply that is not an object")
        return data

    def _read_direct(self, state: MatrixState, data: dict[str, Any]) -> None:
        for event in _list(_dict(data.get("account_data")).get("events")):
            if _dict(event).get("type") != "m.direct":
                continue
            state.direct = {
                str(room): str(user)
                for user, rooms in _dict(event.get("content")).items()
                for room in _list(rooms)
            }

    def _read_state(self, state: MatrixState, room_id: str, room: dict[str, Any]) -> None:
        events = _list(_dict(room.get("state")).get("events"))
        events += _list(_dict(room.get("timeline")).get("events"))
        for event in map(_dict, events):
            content = _dict(event.get("content"))
            kind = event.get("type")
            if kind == "m.room.name" and isinstance(content.get("name"), str):
                state.room_names[room_id] = content["name"]
            elif kind == "m.room.canonical_alias" and isinstance(content.get("alias"), str):
                state.room_names.setdefault(room_id, content["alias"])
                state.aliases[content["alias"]] = room_id
            elif kind == "m.room.member" and isinstance(content.get("displayname"), str):
                state.names[str(event.get("state_key"))] = content["displayname"]

    async def _watched_rooms(self, state: MatrixState) -> set[str]:
        return {await self._room_id(str(r), state) for r in self.settings.get("rooms") or []}

    async def _room_id(self, room: str, state: MatrixState | None = None) -> str:
        """A room id for an id or `#alias:server` (resolved through the directory)."""
        if not room.startswith("#"):
            return room
        if state is not None and room in state.aliases:
            return state.aliases[room]
        data = await self._call("GET", f"/directory/room/{quote(room)}")
        room_id = data.get("room_id")
        if not isinstance(room_id, str):
            raise AdapterError(f"Matrix room alias {room} was not found")
        if state is not None:
            state.aliases[room] = room_id
        return room_id

    async def _backfill(self, room_id: str, token: str, stop_ts: int) -> list[dict[str, Any]]:
        """Messages before a limited timeline, back to (not including) `stop_ts`, oldest first."""
        found: list[dict[str, Any]] = []
        params = {
            "dir": "b",
            "limit": "100",
            "from": token,
            "filter": json.dumps({"types": ["m.room.message"]}),
        }
        for _ in range(BACKFILL_PAGES):
            data = await self._call("GET", f"/rooms/{quote(room_id)}/messages", params=params)
            chunk = [e for e in _list(data.get("chunk")) if is_message(e)]
            found.extend(e for e in chunk if e["origin_server_ts"] > stop_ts)
            end = data.get("end")
            if not chunk or not isinstance(end, str) or chunk[-1]["origin_server_ts"] <= stop_ts:
                break
            params["from"] = end
        found.reverse()
        return found

    async def _sender_of(self, state: MatrixState, room_id: str, event_id: str) -> str:
        """Who sent `event_id` (for "is this a reply to me"), "" if unknown."""
        if not event_id:
            return ""
        if event_id in state.mine:
            return state.me
        data = await self._call(
            "GET", f"/rooms/{quote(room_id)}/event/{quote(event_id)}", missing_ok=True
        )
        return str(data.get("sender") or "")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
