"""Turning Slack message objects into inbox Messages with the right flags.

Remote ids are `channel:ts` for a conversation's messages and
`channel:ts:thread_ts` for thread replies, so a reply action knows the thread
root without another request. DMs share one thread per conversation, so the
unanswered logic sees my later answer; channel messages thread by `thread_ts`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ctotui.adapters.slack_state import SlackState
from ctotui.adapters.slack_text import mentioned_ids, render
from ctotui.clock import from_epoch
from ctotui.errors import AdapterError
from ctotui.model import Message, MessageKind, Person
from ctotui.sanitize import clean_line

SUBJECT_LIMIT = 80
CONTEXT_LIMIT = 100
KEPT_SUBTYPES = frozenset({"", "bot_message", "thread_broadcast", "file_share", "me_message"})


@dataclass(frozen=True, slots=True)
class Conversation:
    """A DM, group DM or channel as far as the inbox needs it."""

    id: str
    name: str = ""
    direct: bool = False
    user: str = ""
    """The other person of a 1:1 DM."""

    @classmethod
    def from_api(cls, raw: Any) -> Conversation | None:
        """From a conversations.list or search channel object; None if it has no id."""
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            return None
        im = bool(raw.get("is_im"))
        direct = im or bool(raw.get("is_mpim"))
        user = str(raw.get("user") or (raw.get("name") if im else "") or "")
        return cls(raw["id"], str(raw.get("name") or ""), direct, user)


def parse_target(target: str) -> tuple[str, str, str]:
    """(channel, ts, thread_ts) of a Slack remote id; thread_ts is "" for roots."""
    parts = target.split(":")
    if len(parts) not in (2, 3) or not all(parts):
        raise AdapterError(f"not a Slack message id: {target!r}")
    return parts[0], parts[1], parts[2] if len(parts) == 3 else ""


def timestamp(ts: str) -> datetime:
    return from_epoch(float(ts))


class MessageBuilder:
    """Builds Messages for one sync, knowing who I am and who everyone is."""

    def __init__(
        self,
        source: str,
        state: SlackState,
        me: str,
        groups: set[str],
        people: Mapping[str, Person],
    ) -> None:
        self.source = source
        self.state = state
        self.me = me
        self.groups = groups
        self.known: dict[str, Conversation] = {}
        self._people = {p.logins["slack"]: p.name for p in people.values() if p.logins.get("slack")}

    def usable(self, item: Any) -> bool:
        """A real message (not a join/leave/topic event) with a readable `ts`."""
        if not isinstance(item, dict) or not isinstance(item.get("ts"), str):
            return False
        try:
            timestamp(item["ts"])
        except ValueError:
            return False
        return str(item.get("subtype") or "") in KEPT_SUBTYPES

    def track_thread(self, channel: str, item: dict[str, Any], floor: str) -> None:
        """Remember a thread I take part in (started, replied to, or am mentioned at)."""
        ts = item["ts"]
        thread_ts = str(item.get("thread_ts") or "")
        users = item.get("reply_users")
        in_thread = isinstance(users, list) and self.me in users
        root = thread_ts in ("", ts)
        if root and int(item.get("reply_count") or 0) > 0:
            mine = item.get("user") == self.me or self.mentions_me(str(item.get("text") or ""))
            if mine or in_thread:
                self.state.threads.setdefault(f"{channel}:{ts}", "")
        elif not root and item.get("user") == self.me:
            self.state.threads.setdefault(f"{channel}:{thread_ts}", "")

    def mentions_me(self, raw_text: str) -> bool:
        ids = mentioned_ids(raw_text)
        return self.me in ids or bool(ids & self.groups)

    def conversation(self, channel: str) -> Conversation:
        known = self.known.get(channel)
        if known is not None:
            return known
        return Conversation(channel, self.state.channels.get(channel, ""), channel.startswith("D"))

    def conversation_from_search(self, raw: Any) -> Conversation:
        conv = Conversation.from_api(raw)
        if conv is None:
            raise AdapterError("Slack search.messages sent a match without a channel")
        return self.known.get(conv.id, conv)

    def is_person(self, user_id: str) -> bool:
        """True when `[people]` names this Slack user, so no lookup is needed."""
        return user_id in self._people

    def user_name(self, user_id: str) -> str:
        if user_id in self._people:
            return self._people[user_id]
        cached = self.state.users.get(user_id)
        return str(cached[0]) if cached else user_id

    def channel_name(self, channel_id: str) -> str:
        return self.state.channels.get(channel_id) or channel_id

    def folder(self, conv: Conversation) -> str:
        if conv.user:
            return "@" + self.user_name(conv.user)
        if conv.direct and conv.name.startswith("mpdm-"):
            members = conv.name.removeprefix("mpdm-").rsplit("-", 1)[0].split("--")
            return "@" + ", ".join(members)
        return "#" + (conv.name or self.channel_name(conv.id))

    def permalink(self, channel: str, ts: str, message: Message) -> str:
        """Slack's permalink pattern, for messages not worth a chat.getPermalink call."""
        if not self.state.team_url:
            return ""
        base = self.state.team_url.rstrip("/")
        link = f"{base}/archives/{channel}/p{ts.replace('.', '')}"
        if message.in_reply_to:
            thread_ts = message.in_reply_to.split(":", 1)[1]
            link += f"?thread_ts={thread_ts}&cid={channel}"
        return link

    def message(
        self, conv: Conversation, item: dict[str, Any], parent: dict[str, Any] | None
    ) -> Message:
        """The inbox Message for one Slack message object."""
        ts = item["ts"]
        thread_ts = str(item.get("thread_ts") or "")
        reply = bool(thread_ts) and thread_ts != ts
        user = str(item.get("user") or "")
        raw_text = str(item.get("text") or "")
        text = render(raw_text, self.user_name, self.channel_name) or "(no text)"
        bot = (
            bool(item.get("bot_id"))
            or item.get("subtype") == "bot_message"
            or bool(self.state.users.get(user, ["", False])[1])
        )
        name = self._author(item, user)
        from_me = bool(user) and user == self.me
        mentions_me = self.mentions_me(raw_text)
        in_my_thread = f"{conv.id}:{thread_ts or ts}" in self.state.threads
        body = text
        if reply and parent is not None:
            parent_text = render(str(parent.get("text") or ""), self.user_name, self.channel_name)
            author = self._author(parent, str(parent.get("user") or ""))
            context = clean_line(parent_text, CONTEXT_LIMIT)
            body = f"{text}\n\n> {clean_line(author, 40)}: {context}"
        if reply:
            thread_id = f"{conv.id}:{thread_ts}"
        else:
            thread_id = conv.id if conv.direct else f"{conv.id}:{ts}"
        link = item.get("permalink")
        return Message(
            source=self.source,
            remote_id=f"{conv.id}:{ts}" + (f":{thread_ts}" if reply else ""),
            kind=MessageKind.CHAT,
            folder=clean_line(self.folder(conv), SUBJECT_LIMIT),
            sender_name=clean_line(name, SUBJECT_LIMIT),
            sender_address=user or str(item.get("bot_id") or ""),
            subject=clean_line(text.splitlines()[0], SUBJECT_LIMIT),
            body=body,
            received_at=timestamp(ts),
            thread_id=thread_id,
            in_reply_to=f"{conv.id}:{thread_ts}" if reply else "",
            is_read=from_me,
            is_direct=conv.direct,
            mentions_me=mentions_me,
            from_me=from_me,
            is_list=bot or not (conv.direct or mentions_me or in_my_thread or from_me),
            url=link if isinstance(link, str) else "",
        )

    def _author(self, item: dict[str, Any], user: str) -> str:
        if user:
            return self.user_name(user)
        profile = item.get("bot_profile")
        if isinstance(profile, dict) and isinstance(profile.get("name"), str):
            return str(profile["name"])
        return str(item.get("username") or item.get("bot_id") or "Slack")
