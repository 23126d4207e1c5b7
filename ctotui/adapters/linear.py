"""The `linear` adapter: Linear issues over its GraphQL API, incremental by `updatedAt`.

Each sync reads the issues updated since the last one (`filter: {updatedAt:
{gte: ...}}`), page by page with `pageInfo { hasNextPage endCursor }` to the
end; a nested connection (labels, blocking relations, history) longer than its
first page is read to the end as well. Linear signals a rate limit with a
GraphQL error coded RATELIMITED and `X-RateLimit-Requests-Reset` (epoch ms):
the adapter waits until then through the injectable sleep and tries again.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from ctotui.adapters import linear_queries as gql
from ctotui.adapters.base import Adapter, AdapterContext, FetchResult
from ctotui.adapters.blocked import DEFAULT_BLOCKED_LABELS, DEFAULT_BLOCKED_STATUSES
from ctotui.adapters.http import (
    HttpSession,
    RetryPolicy,
    Sleep,
    decode_json,
    make_client,
    source_timeout,
)
from ctotui.adapters.linear_options import DEFAULT_URL, LINEAR_OPTIONS
from ctotui.adapters.linear_parse import JsonObject, next_cursor, nodes, parse_issue
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, OutboxAction, SourceKind, WorkEvent, WorkItem

if TYPE_CHECKING:
    import httpx

SERVICE = "Linear"
RATE_LIMIT_CODES = frozenset({"RATELIMITED"})
AUTH_CODES = frozenset({"AUTHENTICATION_ERROR", "FORBIDDEN"})
DEFAULT_RATE_WAIT = 60.0


class LinearAdapter(Adapter):
    """Issues, states, blocking relations and history from Linear."""

    name = "linear"
    kinds = frozenset({SourceKind.TRACKER})
    description = "Linear issues by team, over the GraphQL API with a personal API key."
    options = LINEAR_OPTIONS
    actions: ClassVar[frozenset[ActionKind]] = frozenset(
        {
            ActionKind.COMMENT,
            ActionKind.ASSIGN_TO_ME,
            ActionKind.UNASSIGN_ME,
            ActionKind.CLOSE,
            ActionKind.REOPEN,
            ActionKind.TRANSITION,
            ActionKind.ADD_LABEL,
            ActionKind.REMOVE_LABEL,
        }
    )

    def __init__(
        self,
        source: str,
        settings: Mapping[str, Any],
        context: AdapterContext,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        super().__init__(source, settings, context)
        token = str(self.settings["token"]).strip()
        # Personal API keys go as they are; OAuth access tokens as bearer tokens.
        authorization = token if token.startswith("lin_api_") else f"Bearer {token}"
        self.url = str(self.settings.get("api_url") or DEFAULT_URL)
        client = make_client(
            self.url,
            headers={"Authorization": authorization},
            transport=transport,
            timeout=source_timeout(self.settings),
        )
        self.http = HttpSession(client, SERVICE, RetryPolicy(), context.clock, sleep)
        self.page_size = max(1, min(50, int(self.settings.get("page_size", 25))))
        self.teams = tuple(self.settings.get("teams", ()))
        self._viewer: JsonObject | None = None

    async def graphql(self, query: str, variables: Mapping[str, Any] | None = None) -> JsonObject:
        """POST one GraphQL document; wait out rate limits; raise on GraphQL errors."""
        body = {"query": query, "variables": dict(variables or {})}
        for attempt in range(1, self.http.policy.attempts + 1):
            response = await self.http.request(
                "POST", self.url, json_body=body, ok_statuses=(400, 429)
            )
            data = decode_json(SERVICE, response)
            errors = data.get("errors") if isinstance(data, Mapping) else None
            codes = _codes(errors)
            if codes & RATE_LIMIT_CODES or response.status_code == 429:
                if attempt < self.http.policy.attempts:
                    await self.http.sleep(self._rate_wait(response))
                continue
            if errors:
                raise AdapterError(_describe_errors(errors, codes))
            if response.status_code >= 400 or not isinstance(data, Mapping):
                raise AdapterError(f"Linear answered {response.status_code} without data")
            result = data.get("data")
            if not isinstance(result, Mapping):
                raise AdapterError("Linear sent a reply without data")
            if response.headers.get("X-RateLimit-Requests-Remaining", "").strip() == "0":
                await self.http.sleep(self._rate_wait(response))  # spent: wait before the next
            return result
        refill = self.context.clock.now() + timedelta(
            seconds=self._rate_wait(response, capped=False)
        )
        import httpx

        host = httpx.URL(self.url).host
        raise AdapterError(
            f"Linear rate limited us (RATELIMITED) at {host}; retry at "
            f"{refill:%H:%M} (gave up after {self.http.policy.attempts} attempts)"
        )

    def _rate_wait(self, response: httpx.Response, *, capped: bool = True) -> float:
        """Seconds until Linear's request (or complexity) budget refills."""
        limit = self.http.policy.max_wait if capped else float("inf")
        now_ms = self.context.clock.now().timestamp() * 1000
        for header in ("X-RateLimit-Requests-Reset", "X-RateLimit-Complexity-Reset"):
            value = response.headers.get(header, "").strip()
            if value.isdigit():
                return min(limit, max(0.0, (int(value) - now_ms) / 1000) + 1)
        retry_after = response.headers.get("Retry-After", "").strip()
        return float(retry_after) if retry_after.isdigit() else DEFAULT_RATE_WAIT

    async def fetch(self, cursor: str | None) -> FetchResult:
        """One page of issues updated since the cursor; `more` until the last page."""
        state = _load(cursor)
        if not state.get("pass_since") and not state.get("after"):
            state["pass_since"] = state.get("since") or self._first_since()
        variables: dict[str, Any] = {
            "filter": self._filter(state.get("pass_since") or ""),
            "first": self.page_size,
            "after": state.get("after") or None,
        }
        data = await self.graphql(gql.ISSUES, variables)
        connection = data.get("issues")
        if not isinstance(connection, Mapping):
            raise AdapterError("Linear sent a reply without issues")
        items, events = await self._parse_all(nodes(connection))
        newest = max((i.updated_at for i in items), default=None)
        seen = _newest(state.get("seen") or "", newest)
        after = next_cursor(connection)
        if after:
            following = {**state, "after": after, "seen": seen}
            return FetchResult(json.dumps(following), items=items, events=events, more=True)
        done = {"since": seen or state.get("pass_since") or ""}
        return FetchResult(json.dumps(done), items=items, events=events)

    def _first_since(self) -> str:
        days = int(self.settings.get("history_days", 90))
        if days <= 0:
            return ""
        return (self.context.clock.now() - timedelta(days=days)).astimezone(UTC).isoformat()

    def _filter(self, since: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if since:
            result["updatedAt"] = {"gte": since}
        if self.teams:
            result["team"] = {"key": {"in": list(self.teams)}}
        return result

    async def _parse_all(
        self, issue_nodes: list[JsonObject]
    ) -> tuple[list[WorkItem], list[WorkEvent]]:
        items: list[WorkItem] = []
        events: list[WorkEvent] = []
        for node in issue_nodes:
            connections: dict[str, list[JsonObject]] = {}
            for name in gql.NESTED:
                connections[name] = await self._whole(str(node.get("id")), name, node.get(name))
            item, item_events = parse_issue(
                node,
                self.source,
                connections,
                blocked_labels=tuple(self.settings.get("blocked_labels", DEFAULT_BLOCKED_LABELS)),
                blocked_statuses=tuple(
                    self.settings.get("blocked_statuses", DEFAULT_BLOCKED_STATUSES)
                ),
            )
            items.append(item)
            events.extend(item_events)
        return items, events

    async def _whole(self, issue_id: str, name: str, first_page: object) -> list[JsonObject]:
        """Every node of a nested connection, reading the pages after the first one."""
        found = nodes(first_page)
        after = next_cursor(first_page)
        while after:
            data = await self.graphql(gql.connection_query(name), {"id": issue_id, "after": after})
            issue = data.get("issue")
            page = issue.get(name) if isinstance(issue, Mapping) else None
            found.extend(nodes(page))
            after = next_cursor(page)
        return found

    async def viewer(self) -> JsonObject:
        """The key's own user, asked once per adapter."""
        if self._viewer is None:
            data = await self.graphql(gql.VIEWER)
            viewer = data.get("viewer")
            if not isinstance(viewer, Mapping) or not viewer.get("id"):
                raise AdapterError("Linear sent no viewer for this key")
            self._viewer = viewer
        return self._viewer

    async def probe(self) -> str:
        """Key accepted, whose it is, and every configured team visible, for `ctotui doctor`."""
        viewer = await self.viewer()
        who = viewer.get("displayName") or viewer.get("name") or "an unnamed user"
        if not self.teams:
            return f"API key accepted for {who}; syncing every team it can see"
        data = await self.graphql(gql.TEAMS, {"keys": list(self.teams)})
        visible = {str(team.get("key")) for team in nodes(data.get("teams"))}
        missing = [key for key in self.teams if key not in visible]
        if missing:
            raise AdapterError(
                f"API key accepted for {who}, but it cannot see team(s) {', '.join(missing)}:"
                " check the team keys and the key's access"
            )
        return f"API key accepted for {who}; syncing {', '.join(self.teams)}"

    async def apply(self, action: OutboxAction) -> None:
        """Comment, (un)assign, close, reopen, move or (un)label the issue `action.target`."""
        kind, target = action.action, action.target
        if kind is ActionKind.COMMENT:
            if not action.payload.strip():
                raise AdapterError("An empty comment was not sent")
            await self._mutate(
                "commentCreate", gql.COMMENT, {"issueId": target, "body": action.payload}
            )
        elif kind is ActionKind.ASSIGN_TO_ME:
            me = await self.viewer()
            await self._update(target, {"assigneeId": me["id"]})
        elif kind is ActionKind.UNASSIGN_ME:
            await self._unassign_me(target)
        elif kind in (ActionKind.CLOSE, ActionKind.REOPEN):
            wanted = ("completed",) if kind is ActionKind.CLOSE else ("unstarted", "backlog")
            await self._update(target, {"stateId": await self._state_id(target, wanted)})
        elif kind is ActionKind.TRANSITION:
            await self._update(target, {"stateId": await self._state_named(target, action.payload)})
        elif kind in (ActionKind.ADD_LABEL, ActionKind.REMOVE_LABEL):
            label_id = await self._label_id(target, action.payload)
            document = gql.ADD_LABEL if kind is ActionKind.ADD_LABEL else gql.REMOVE_LABEL
            field = "issueAddLabel" if kind is ActionKind.ADD_LABEL else "issueRemoveLabel"
            await self._mutate(field, document, {"id": target, "labelId": label_id})
        else:
            await super().apply(action)

    async def _mutate(self, field: str, document: str, variables: Mapping[str, Any]) -> None:
        data = await self.graphql(document, variables)
        payload = data.get(field)
        if not isinstance(payload, Mapping) or payload.get("success") is not True:
            raise AdapterError(f"Linear did not confirm {field}")

    async def _update(self, issue_id: str, changes: Mapping[str, Any]) -> None:
        await self._mutate("issueUpdate", gql.UPDATE, {"id": issue_id, "input": dict(changes)})

    async def _unassign_me(self, issue_id: str) -> None:
        """Clear the assignee only when it is the user; someone else's issue stays theirs."""
        me = await self.viewer()
        data = await self.graphql(gql.ISSUE_ASSIGNEE, {"id": issue_id})
        issue = data.get("issue")
        assignee = issue.get("assignee") if isinstance(issue, Mapping) else None
        if isinstance(assignee, Mapping) and assignee.get("id") == me["id"]:
            await self._update(issue_id, {"assigneeId": None})

    async def _team_states(self, issue_id: str) -> list[JsonObject]:
        """The workflow states of the issue's team, in the team's order."""
        data = await self.graphql(gql.TEAM_STATES, {"id": issue_id})
        issue = data.get("issue")
        team = issue.get("team") if isinstance(issue, Mapping) else None
        states = nodes(team.get("states") if isinstance(team, Mapping) else None)
        return sorted(states, key=lambda s: float(s.get("position") or 0))

    async def transitions(self, remote_id: str) -> list[str]:
        """The team's workflow states: in Linear an issue may move to any of them."""
        return [str(s.get("name")) for s in await self._team_states(remote_id) if s.get("name")]

    async def _state_named(self, issue_id: str, name: str) -> str:
        states = await self._team_states(issue_id)
        for state in states:
            if str(state.get("name") or "").casefold() == name.strip().casefold():
                return str(state["id"])
        known = ", ".join(str(s.get("name")) for s in states) or "none"
        raise AdapterError(f"Linear has no state {name!r} for this issue's team (has: {known})")

    async def _state_id(self, issue_id: str, types: tuple[str, ...]) -> str:
        """The first workflow state (by position) of the issue's team with one of `types`."""
        states = await self._team_states(issue_id)
        for kind in types:
            matching = [s for s in states if s.get("type") == kind]
            if matching:
                best = min(matching, key=lambda s: float(s.get("position") or 0))
                return str(best["id"])
        raise AdapterError(f"The team of issue {issue_id} has no {' or '.join(types)} state")

    async def _label_id(self, issue_id: str, name: str) -> str:
        """The id of the label called `name` usable on the issue (its team's, else workspace)."""
        if not name.strip():
            raise AdapterError("A label needs a name")
        data = await self.graphql(gql.LABELS_BY_NAME, {"id": issue_id, "name": name.strip()})
        issue = data.get("issue")
        team = issue.get("team") if isinstance(issue, Mapping) else None
        team_id = team.get("id") if isinstance(team, Mapping) else None
        labels = nodes(data.get("issueLabels"))
        for label in labels:
            owner = label.get("team")
            if isinstance(owner, Mapping) and owner.get("id") == team_id:
                return str(label["id"])
        for label in labels:
            if not label.get("team"):
                return str(label["id"])
        raise AdapterError(f"Linear has no label {name!r} for the team of this issue")

    async def aclose(self) -> None:
        await self.http.client.aclose()


def _codes(errors: object) -> set[str]:
    codes: set[str] = set()
    for error in errors if isinstance(errors, list) else []:
        extensions = error.get("extensions") if isinstance(error, Mapping) else None
        if isinstance(extensions, Mapping):
            for key in ("code", "type"):
                if extensions.get(key):
                    codes.add(str(extensions[key]).upper())
    return codes


def _describe_errors(errors: object, codes: set[str]) -> str:
    messages = [
        str(e.get("message") or "")
        for e in (errors if isinstance(errors, list) else [])
        if isinstance(e, Mapping)
    ]
    detail = "; ".join(m for m in messages if m)[:200] or "no details"
    if codes & AUTH_CODES:
        return f"Linear rejected the API key or its access: {detail}"
    return f"Linear refused the request: {detail}"


def _load(cursor: str | None) -> dict[str, str]:
    if not cursor:
        return {}
    try:
        data = json.loads(cursor)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    state = {str(k): str(v) for k, v in data.items() if v is not None}
    for key in ("since", "pass_since", "seen"):
        try:
            datetime.fromisoformat(state.get(key) or "1970-01-01")
        except ValueError:  # a damaged cursor: start a full sync
            return {}
    return state


def _newest(current: str, candidate: datetime | None) -> str:
    if candidate is None:
        return current
    try:
        if current and datetime.fromisoformat(current) >= candidate:
            return current
    except ValueError:
        pass
    return candidate.astimezone(UTC).isoformat()
