"""Matrix room events to inbox Messages, and the source's sync state.

Remote ids are `room_id|event_id` (room ids contain `:`, never `|`). A room in
the user's `m.direct` account data is a DM; a DM is one thread, so the
unanswered logic sees my later answer. Mentions are `m.mentions` when the
sender's client sets it, else my display name or user id in the body. A reply
(`m.in_reply_to`) to one of my events counts as addressed to me; its quoted
fallback becomes the "Re …" context line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ctotui.clock import from_epoch
from ctotui.errors import AdapterError
from ctotui.model import Message, MessageKind, Person
from ctotui.sanitize import clean_line, clean_text

SUBJECT_LIMIT = 80
CONTEXT_LIMIT = 100
MAX_MINE = 500
MAX_NAMES = 5000
_QUOTED_SENDER = re.compile(r"^(\* )?<[^<>\s]+>\s*")


@dataclass(slots=True)
class MatrixState:
    """What one Matrix source remembers between syncs (no secrets: tokens are never kept)."""

    since: str = ""
    me: str = ""
    display_name: str = ""
    direct: dict[str, str] = field(default_factory=dict)
    """DM room id -> the other user's id (from m.direct)."""
    room_names: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """User id -> display name, from member events."""
    aliases: dict[str, str] = field(default_factory=dict)
    mine: list[str] = field(default_factory=list)
    """My recent event ids, to recognise replies to me."""
    newest: dict[str, int] = field(default_factory=dict)
    """Room id -> origin_server_ts of the newest message fetched (to fill gaps)."""

    @classmethod
    def load(cls, cursor: str | None) -> MatrixState:
        try:
            data = json.loads(cursor) if cursor else {}
        except json.JSONDecodeError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        state = cls()
        for key in ("since", "me", "display_name"):
            if isinstance(data.get(key), str):
                setattr(state, key, data[key])
        for key in ("direct", "room_names", "names", "aliases"):
            if isinstance(data.get(key), dict):
                setattr(state, key, {str(k): str(v) for k, v in data[key].items()})
        if isinstance(data.get("newest"), dict):
            state.newest = {str(k): v for k, v in data["newest"].items() if isinstance(v, int)}
        if isinstance(data.get("mine"), list):
            state.mine = [str(e) for e in data["mine"]]
        return state

    def dump(self) -> str:
        self.mine = self.mine[-MAX_MINE:]
        if len(self.names) > MAX_NAMES:
            self.names = dict(list(self.names.items())[-MAX_NAMES:])
        return json.dumps(
            {
                "since": self.since,
                "me": self.me,
                "display_name": self.display_name,
                "direct": self.direct,
                "room_names": self.room_names,
                "names": self.names,
                "aliases": self.aliases,
                "mine": self.mine,
                "newest": self.newest,
            },
            sort_keys=True,
        )


def split_target(target: str) -> tuple[str, str]:
    """(room_id, event_id) of a Matrix remote id."""
    room, sep, event = target.partition("|")
    if not sep or not room or not event:
        raise AdapterError(f"not a Matrix message id: {target!r}")
    return room, event


def reply_target(event: Mapping[str, Any]) -> str:
    """The event id this event replies to, or ""."""
    relates = _content(event).get("m.relates_to")
    if not isinstance(relates, dict):
        return ""
    reply = relates.get("m.in_reply_to")
    if isinstance(reply, dict) and isinstance(reply.get("event_id"), str):
        return str(reply["event_id"])
    return ""


def is_message(event: Any) -> bool:
    """A displayable m.room.message that is not an edit."""
    if not isinstance(event, dict) or event.get("type") != "m.room.message":
        return False
    if not isinstance(event.get("event_id"), str) or not isinstance(event.get("sender"), str):
        return False
    if not isinstance(event.get("origin_server_ts"), int):
        return False
    try:
        from_epoch(event["origin_server_ts"], per_second=1000)
    except ValueError:
        return False
    relates = _content(event).get("m.relates_to")
    return not (isinstance(relates, dict) and relates.get("rel_type") == "m.replace")


def _content(event: Mapping[str, Any]) -> dict[str, Any]:
    content = event.get("content")
    return content if isinstance(content, dict) else {}


def _strip_fallback(body: str) -> tuple[str, str]:
    """(reply text, quoted text) of a body with a rich-reply `> ` fallback."""
    lines = body.split("\n")
    quoted: list[str] = []
    while lines and lines[0].startswith(">"):
        quoted.append(lines.pop(0).lstrip("> "))
    if quoted and lines and not lines[0].strip():
        lines.pop(0)
    if quoted:
        quoted[0] = _QUOTED_SENDER.sub("", quoted[0])
    return "\n".join(lines), " ".join(quoted)


class EventConverter:
    """Builds Messages for one sync of one Matrix account."""

    def __init__(self, source: str, state: MatrixState, people: Mapping[str, Person]) -> None:
        self.source = source
        self.state = state
        self._people = {
            p.logins["matrix"]: p.name for p in people.values() if p.logins.get("matrix")
        }

    def name_of(self, user_id: str) -> str:
        return self._people.get(user_id) or self.state.names.get(user_id) or user_id

    def folder(self, room_id: str) -> str:
        other = self.state.direct.get(room_id)
        if other:
            return "@" + self.name_of(other)
        return "#" + self.state.room_names.get(room_id, room_id).lstrip("#")

    def mentions_me(self, content: Mapping[str, Any], body: str) -> bool:
        mentions = content.get("m.mentions")
        if isinstance(mentions, dict):
            users = mentions.get("user_ids")
            return isinstance(users, list) and self.state.me in users
        needles = [self.state.me, self.state.display_name]
        return any(
            n and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", body, re.IGNORECASE) for n in needles
        )

    def message(
        self, room_id: str, event: Mapping[str, Any], *, watched: bool, replied_sender: str
    ) -> Message | None:
        """The Message for an event; None for an unwatched room's event not meant for me."""
        content = _content(event)
        sender = str(event["sender"])
        raw_body = str(content.get("body") or "")
        text, quoted = _strip_fallback(raw_body)
        from_me = sender == self.state.me
        direct = room_id in self.state.direct
        mentions = not from_me and self.mentions_me(content, text)
        target = reply_target(event)
        to_me = bool(target) and replied_sender == self.state.me and not from_me
        if not (direct or watched or mentions or to_me or from_me):
            return None
        text = clean_text(text).strip() or "(no text)"
        body = text
        if target and quoted:
            who = replied_sender and self.name_of(replied_sender)
            context = clean_line(quoted, CONTEXT_LIMIT)
            body = f"{text}\n\n> {clean_line(who, 40)}: {context}" if who else text
        relates = content.get("m.relates_to")
        thread_root = ""
        if isinstance(relates, dict) and relates.get("rel_type") == "m.thread":
            thread_root = str(relates.get("event_id") or "")
        event_id = str(event["event_id"])
        thread_id = room_id if direct else f"{room_id}|{thread_root or target or event_id}"
        bot = content.get("msgtype") == "m.notice"
        return Message(
            source=self.source,
            remote_id=f"{room_id}|{event_id}",
            kind=MessageKind.CHAT,
            folder=clean_line(self.folder(room_id), SUBJECT_LIMIT),
            sender_name=clean_line(self.name_of(sender), SUBJECT_LIMIT),
            sender_address=sender,
            subject=clean_line(text.splitlines()[0], SUBJECT_LIMIT),
            body=body,
            received_at=from_epoch(event["origin_server_ts"], per_second=1000),
            thread_id=thread_id,
            in_reply_to=f"{room_id}|{target}" if target else "",
            is_read=from_me,
            is_direct=direct,
            mentions_me=mentions,
            from_me=from_me,
            is_list=bot or not (direct or mentions or to_me or from_me),
            url=f"https://matrix.to/#/{room_id}/{event_id}",
        )
