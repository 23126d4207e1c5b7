"""Slack: DMs, group DMs, mentions and my threads into the inbox; reply, react, mark read, post.

Reads with the Web API over the shared HTTP session: `conversations.list` for
the DMs and the configured channels, `conversations.history` from each one's
latest-seen `ts`, `conversations.replies` for threads I take part in, and
`search.messages` for mentions of me or my user groups anywhere (user tokens
only). Authors are resolved through `[people]` (`slack = "U123"`) and
`users.info` / `users.list`, cached in the cursor. Channel chatter and bots are
marked `is_list` so the Feed split catches them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ctotui.adapters.base import Adapter, AdapterContext, FetchResult
from ctotui.adapters.http import HttpSession, Sleep, make_client, source_timeout
from ctotui.adapters.slack_api import SlackApi, list_of_dicts
from ctotui.adapters.slack_messages import Conversation, MessageBuilder, parse_target
from ctotui.adapters.slack_options import DEFAULT_BASE_URL, SLACK_OPTIONS
from ctotui.adapters.slack_state import SlackState, newer
from ctotui.adapters.slack_text import mentioned_ids
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, Message, OutboxAction, SourceKind

if TYPE_CHECKING:
    import httpx

USERS_LIST_THRESHOLD = 20
MAX_SEARCH_PAGES = 5


class SlackAdapter(Adapter):
    """A Slack workspace seen through one user (xoxp-) or bot (xoxb-) token."""

    name = "slack"
    kinds = frozenset({SourceKind.CHAT})
    description = "Slack: DMs, mentions and threads you are in; reply, react, mark read."
    options = SLACK_OPTIONS
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
        token = str(self.settings.get("token") or "")
        base = str(self.settings.get("base_url") or DEFAULT_BASE_URL).rstrip("/") + "/"
        client = make_client(
            base,
            headers={"Authorization": f"Bearer {token}"},
            transport=transport,
            timeout=source_timeout(self.settings),
        )
        http = HttpSession(client, "Slack", clock=context.clock)
        if sleep is not None:
            http.sleep = sleep
        self.http = http
        self.api = SlackApi(http, source)
        self.user_token = not token.startswith("xoxb-")

    async def probe(self) -> str:
        data = await self.api.call("auth.test")
        line = f"token accepted for {data.get('user', '?')} in {data.get('team', '?')}"
        return line + (f"; scopes {self.api.scopes}" if self.api.scopes else "")

    async def fetch(self, cursor: str | None) -> FetchResult:
        state = SlackState.load(cursor)
        if not state.me:
            auth = await self.api.call("auth.test")
            state.me = str(auth.get("user_id") or "")
            state.team_url = str(auth.get("url") or "")
        me = self._my_id(state)
        build = MessageBuilder(self.source, state, me, self._groups(), self.context.people)
        floor = _ts(self.context.clock.now() - timedelta(days=int(self.settings.get("days", 7))))
        found: dict[str, Message] = {}
        raw: list[tuple[Conversation, dict[str, Any], dict[str, Any] | None]] = []
        for conv in await self._conversations(state):
            build.known[conv.id] = conv
            oldest = state.seen.get(conv.id) or floor
            async for page in self.api.pages(
                "conversations.history",
                {"channel": conv.id, "oldest": oldest, "limit": 200},
                "messages",
            ):
                for item in page:
                    if build.usable(item) and float(item["ts"]) > float(oldest):
                        raw.append((conv, item, None))
                        state.seen[conv.id] = newer(state.seen.get(conv.id, ""), item["ts"])
                        build.track_thread(conv.id, item, floor)
        raw.extend(await self._thread_replies(state, build, floor))
        if self.settings.get("mentions", True) and self.user_token:
            raw.extend(await self._mentions(state, build, floor))
        users = [str(item.get("user") or "") for _c, item, _p in raw]
        for _c, item, parent in raw:
            for said in (item, parent or {}):
                users += [i for i in mentioned_ids(str(said.get("text") or "")) if i[:1] in "UW"]
        users += [conv.user for conv in build.known.values()]
        await self._resolve_users(state, (u for u in users if not build.is_person(u)))
        for conv, item, parent in raw:
            message = build.message(conv, item, parent)
            if not message.url:
                message.url = await self._permalink(conv.id, item["ts"], build, message)
            found.setdefault(message.remote_id, message)
        return FetchResult(cursor=state.dump(), messages=list(found.values()))

    async def apply(self, action: OutboxAction) -> None:
        if action.action is ActionKind.POST:
            await self._post(action.target, action.payload)
            return
        channel, ts, thread_ts = parse_target(action.target)
        if action.action is ActionKind.MARK_READ:
            await self.api.call("conversations.mark", {"channel": channel, "ts": ts}, post=True)
        elif action.action is ActionKind.REACT:
            emoji = (action.payload or str(self.settings.get("ack_emoji") or "eyes")).strip(":")
            try:
                await self.api.call(
                    "reactions.add", {"channel": channel, "timestamp": ts, "name": emoji}, post=True
                )
            except AdapterError as error:
                if "(already_reacted)" not in error.message:
                    raise
        elif action.action is ActionKind.REPLY:
            if not action.payload.strip():
                raise AdapterError("a Slack reply needs some text")
            await self.api.call(
                "chat.postMessage",
                {"channel": channel, "thread_ts": thread_ts or ts, "text": action.payload},
                post=True,
            )
        else:
            await super().apply(action)

    async def aclose(self) -> None:
        await self.http.client.aclose()

    async def _post(self, channel: str, text: str) -> None:
        if not channel or not text.strip():
            raise AdapterError("posting to Slack needs a channel and some text")
        await self.api.call("chat.postMessage", {"channel": channel, "text": text}, post=True)

    def _my_id(self, state: SlackState) -> str:
        me = self.context.me
        login = me.logins.get("slack", "") if me is not None else ""
        return login or state.me

    def _groups(self) -> set[str]:
        return {str(g) for g in self.settings.get("user_groups") or []}

    async def _conversations(self, state: SlackState) -> list[Conversation]:
        """DMs and group DMs always, and the configured channels the token can see."""
        wanted = {str(c).lstrip("#") for c in self.settings.get("channels") or []}
        types = "im,mpim" + (",public_channel,private_channel" if wanted else "")
        found: list[Conversation] = []
        async for page in self.api.pages(
            "conversations.list",
            {"types": types, "exclude_archived": "true", "limit": 200},
            "channels",
        ):
            for raw in page:
                conv = Conversation.from_api(raw)
                if conv is None:
                    continue
                if conv.name and not conv.direct:
                    state.channels[conv.id] = conv.name
                if conv.direct or conv.id in wanted or conv.name in wanted:
                    found.append(conv)
        return found

    async def _thread_replies(
        self, state: SlackState, build: MessageBuilder, floor: str
    ) -> list[tuple[Conversation, dict[str, Any], dict[str, Any] | None]]:
        """New replies in the threads I take part in, each with its parent for context."""
        out: list[tuple[Conversation, dict[str, Any], dict[str, Any] | None]] = []
        for key, last in list(state.threads.items()):
            channel, _, thread_ts = key.partition(":")
            if float(last or thread_ts) < float(floor) and last:
                del state.threads[key]
                continue
            oldest = last or thread_ts
            params = {"channel": channel, "ts": thread_ts, "oldest": oldest, "limit": 200}
            parent: dict[str, Any] | None = None
            async for page in self.api.pages("conversations.replies", params, "messages"):
                for item in page:
                    if item.get("ts") == thread_ts:
                        parent = item
                        continue
                    if build.usable(item) and float(item["ts"]) > float(oldest):
                        conv = build.conversation(channel)
                        out.append((conv, item, parent))
                        state.threads[key] = newer(state.threads[key], item["ts"])
        return out

    async def _mentions(
        self, state: SlackState, build: MessageBuilder, floor: str
    ) -> list[tuple[Conversation, dict[str, Any], dict[str, Any] | None]]:
        """Messages mentioning me or my user groups, newest first until the last seen."""
        me = self._my_id(state)
        queries = [f"<@{me}>"] if me else []
        queries += [f"<!subteam^{group}>" for group in sorted(self._groups())]
        out: list[tuple[Conversation, dict[str, Any], dict[str, Any] | None]] = []
        for query in queries:
            since = state.search.get(query) or floor
            for page_number in range(1, MAX_SEARCH_PAGES + 1):
                data = await self.api.call(
                    "search.messages",
                    {
                        "query": query,
                        "sort": "timestamp",
                        "sort_dir": "desc",
                        "count": 100,
                        "page": page_number,
                    },
                )
                block = data.get("messages")
                if not isinstance(block, dict):
                    raise AdapterError("Slack search.messages sent a malformed reply")
                matches = list_of_dicts(block.get("matches"), "search.messages", "matches")
                fresh = [m for m in matches if build.usable(m) and float(m["ts"]) > float(since)]
                for match in fresh:
                    conv = build.conversation_from_search(match.get("channel"))
                    out.append((conv, match, None))
                    state.search[query] = newer(state.search.get(query, ""), match["ts"])
                paging = block.get("paging")
                pages = paging.get("pages", 1) if isinstance(paging, dict) else 1
                if len(fresh) < len(matches) or page_number >= int(pages or 1):
                    break
        return out

    async def _resolve_users(self, state: SlackState, ids: Iterable[str]) -> None:
        """Fill the name cache: users.list when many are unknown, else users.info each."""
        unknown = {i for i in ids if i and i not in state.users}
        if len(unknown) > USERS_LIST_THRESHOLD:
            async for page in self.api.pages("users.list", {"limit": 200}, "members"):
                for user in page:
                    _remember(state, user)
            unknown -= set(state.users)
        for user_id in sorted(unknown):
            data = await self.api.call("users.info", {"user": user_id})
            found = data.get("user")
            if isinstance(found, dict):
                _remember(state, found)

    async def _permalink(
        self, channel: str, ts: str, build: MessageBuilder, message: Message
    ) -> str:
        """chat.getPermalink for what lands in the queue; the URL pattern for noise."""
        if message.is_list or message.from_me:
            return build.permalink(channel, ts, message)
        data = await self.api.call("chat.getPermalink", {"channel": channel, "message_ts": ts})
        link = data.get("permalink")
        return link if isinstance(link, str) else build.permalink(channel, ts, message)


def _remember(state: SlackState, user: dict[str, Any]) -> None:
    user_id = user.get("id")
    if not isinstance(user_id, str):
        return
    raw_profile = user.get("profile")
    profile: dict[str, Any] = raw_profile if isinstance(raw_profile, dict) else {}
    name = (
        profile.get("real_name")
        or user.get("real_name")
        or profile.get("display_name")
        or user.get("name")
        or user_id
    )
    state.users[user_id] = [str(name), bool(user.get("is_bot"))]


def _ts(when: datetime) -> str:
    return f"{when.astimezone(UTC).timestamp():.6f}"
