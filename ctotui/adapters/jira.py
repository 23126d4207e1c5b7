"""The `jira` adapter: Jira Cloud (REST v3) and Jira Data Center (REST v2) issues by JQL.

Cloud authenticates with an e-mail address and an API token (basic auth) and
searches with `GET /rest/api/3/search/jql`: Atlassian retired the older
`/rest/api/3/search` on Cloud, and the new endpoint pages with `nextPageToken`
instead of `startAt`/`total`. Data Center keeps `GET /rest/api/2/search` with
`startAt` paging and takes a personal access token as a bearer token.

Each named JQL section syncs incrementally (`updated >= ...`, see
`jira_cursor`); issues come with `expand=changelog`, and a changelog longer
than the embedded page is read to the end from `/issue/{id}/changelog`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC
from typing import TYPE_CHECKING, Any, ClassVar

from ctotui.adapters.base import Adapter, AdapterContext, FetchResult
from ctotui.adapters.blocked import DEFAULT_BLOCKED_LABELS, DEFAULT_BLOCKED_STATUSES
from ctotui.adapters.http import HttpSession, RetryPolicy, Sleep, make_client, source_timeout
from ctotui.adapters.jira_agile import sprint_names
from ctotui.adapters.jira_cursor import JiraCursor, jira_zone, parse_sections, section_jql
from ctotui.adapters.jira_options import JIRA_OPTIONS
from ctotui.adapters.jira_parse import (
    JiraShape,
    JsonObject,
    category_of,
    changelog_truncated,
    parse_issue,
    user_identity,
)
from ctotui.errors import AdapterError
from ctotui.model import (
    ActionKind,
    OutboxAction,
    SourceKind,
    StatusCategory,
    WorkEvent,
    WorkItem,
)

if TYPE_CHECKING:
    import httpx

SERVICE = "Jira"
CHANGELOG_PAGE = 100
BASE_FIELDS = (
    "summary",
    "status",
    "assignee",
    "reporter",
    "creator",
    "labels",
    "priority",
    "created",
    "updated",
    "issuelinks",
    "project",
    "description",
    "fixVersions",
)


class JiraAdapter(Adapter):
    """Issues, their transitions and blockers from Jira Cloud or Data Center."""

    name = "jira"
    kinds = frozenset({SourceKind.TRACKER})
    description = "Jira Cloud (email + API token) or Data Center (personal access token), by JQL."
    options = JIRA_OPTIONS
    actions: ClassVar[frozenset[ActionKind]] = frozenset(
        {
            ActionKind.COMMENT,
            ActionKind.ASSIGN_TO_ME,
            ActionKind.UNASSIGN_ME,
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
        self.cloud = str(self.settings.get("deployment", "cloud")) != "datacenter"
        self.base_url = str(self.settings["base_url"]).rstrip("/")
        self.api = "/rest/api/3" if self.cloud else "/rest/api/2"
        token = str(self.settings["token"])
        headers: dict[str, str] = {}
        auth: httpx.Auth | None = None
        if self.cloud:
            email = str(self.settings.get("email") or "")
            if not email:
                raise AdapterError(
                    f"Source {source!r}: Jira Cloud needs email = the account the API token "
                    'belongs to (or set deployment = "datacenter" for a personal access token)'
                )
            import httpx

            auth = httpx.BasicAuth(email, token)
        else:
            headers["Authorization"] = f"Bearer {token}"
        client = make_client(
            self.base_url,
            headers=headers,
            auth=auth,
            transport=transport,
            timeout=source_timeout(self.settings),
        )
        self.http = HttpSession(client, SERVICE, RetryPolicy(), context.clock, sleep)
        self.shape = JiraShape(
            source=source,
            base_url=self.base_url,
            cloud=self.cloud,
            flagged_field=str(self.settings.get("flagged_field") or ""),
            estimate_field=str(self.settings.get("estimate_field") or ""),
            sprint_field=str(self.settings.get("sprint_field") or ""),
            blocked_labels=tuple(self.settings.get("blocked_labels", DEFAULT_BLOCKED_LABELS)),
            blocked_statuses=tuple(self.settings.get("blocked_statuses", DEFAULT_BLOCKED_STATUSES)),
        )
        self.page_size = max(1, min(100, int(self.settings.get("page_size", 50))))
        self.boards = tuple(str(b) for b in self.settings.get("boards", ()))
        self._myself: JsonObject | None = None
        self._sprints: dict[str, str] | None = None

    async def fetch(self, cursor: str | None) -> FetchResult:
        """One page of one JQL section; `more` until every section is read to the end."""
        sections = parse_sections(list(self.settings.get("jql", ())))
        state = JiraCursor.load(cursor)
        if state.section >= len(sections):
            state = JiraCursor(since=state.since)
        name, jql = sections[state.section]
        since = state.since_of(name)
        zone = jira_zone((await self.myself()).get("timeZone")) if since else UTC
        query = section_jql(jql, since, zone)
        try:
            try:
                issues, next_page = await self._search(query, state.page)
            except AdapterError:
                if not (self.cloud and state.page):
                    raise
                # A page token lives 7 days: after a long pause, read the section again.
                state = JiraCursor(since=state.since, section=state.section)
                issues, next_page = await self._search(query, "")
            items, events = await self._parse_all(issues)
        except AdapterError as error:
            raise AdapterError(f"section {name!r}: {error.message}") from None
        newest = max((i.updated_at for i in items), default=None)
        if next_page:
            after = state.next_page(next_page, newest)
            more = True
        else:
            after = state.section_done(name, newest, [n for n, _ in sections])
            more = after.section != 0
        return FetchResult(cursor=after.dump(), items=items, events=events, more=more)

    async def _search(self, jql: str, page: str) -> tuple[list[JsonObject], str]:
        """One page of issues and the next page's token / offset ("" when it was the last)."""
        extra = (self.shape.flagged_field, self.shape.estimate_field, self.shape.sprint_field)
        fields = list(dict.fromkeys([*BASE_FIELDS, *(f for f in extra if f)]))
        params: dict[str, Any] = {
            "jql": jql,
            "maxResults": self.page_size,
            "fields": ",".join(fields),
            "expand": "changelog",
        }
        if self.cloud:
            if page:
                params["nextPageToken"] = page
            data, _ = await self.http.get_json(f"{self.api}/search/jql", params=params)
        else:
            params["startAt"] = int(page or 0)
            data, _ = await self.http.get_json(f"{self.api}/search", params=params)
        if not isinstance(data, Mapping) or not isinstance(data.get("issues"), list):
            raise AdapterError("Jira sent a search result without an issues list")
        issues = [i for i in data["issues"] if isinstance(i, Mapping)]
        if self.cloud:
            token = data.get("nextPageToken")
            last = data.get("isLast") is True or not token
            return issues, "" if last else str(token)
        start = int(data.get("startAt", params["startAt"]))
        total = int(data.get("total", 0))
        following = start + len(issues)
        return issues, str(following) if issues and following < total else ""

    async def _parse_all(self, issues: list[JsonObject]) -> tuple[list[WorkItem], list[WorkEvent]]:
        items: list[WorkItem] = []
        events: list[WorkEvent] = []
        if self.boards and issues and self._sprints is None:
            self._sprints = await sprint_names(self.http, self.boards)
        if issues and not self.shape.status_categories:
            self.shape = replace(self.shape, status_categories=await self._status_categories())
        for issue in issues:
            histories = None
            if self.cloud and changelog_truncated(issue):
                histories = await self._changelog(str(issue.get("id", "")))
            sprint = (self._sprints or {}).get(str(issue.get("id", "")))
            item, item_events = parse_issue(issue, self.shape, histories, sprint)
            items.append(item)
            events.extend(item_events)
        return items, events

    async def _changelog(self, issue_id: str) -> list[JsonObject]:
        """Every changelog history of an issue, page by page (Cloud)."""
        histories: list[JsonObject] = []
        start = 0
        while True:
            data, _ = await self.http.get_json(
                f"{self.api}/issue/{issue_id}/changelog",
                params={"startAt": start, "maxResults": CHANGELOG_PAGE},
            )
            values = data.get("values") if isinstance(data, Mapping) else None
            if not isinstance(values, list):
                raise AdapterError(f"Jira sent a changelog without values for issue {issue_id}")
            histories.extend(v for v in values if isinstance(v, Mapping))
            start += len(values)
            total = data.get("total")
            if (
                not values
                or data.get("isLast") is True
                or (isinstance(total, int) and start >= total)
            ):
                return histories

    async def _status_categories(self) -> dict[str, StatusCategory]:
        """Every status id's category, asked once per sync, to tell closes from moves."""
        data, _ = await self.http.get_json(f"{self.api}/status")
        if not isinstance(data, list):
            raise AdapterError("Jira sent an unexpected answer for /status")
        return {
            str(status["id"]): category_of(status)
            for status in data
            if isinstance(status, Mapping) and "id" in status
        }

    async def myself(self) -> JsonObject:
        """The token's own user (account id or name, time zone), asked once per adapter."""
        if self._myself is None:
            data, _ = await self.http.get_json(f"{self.api}/myself")
            if not isinstance(data, Mapping):
                raise AdapterError("Jira sent an unexpected answer for /myself")
            self._myself = data
        return self._myself

    async def probe(self) -> str:
        """Token accepted, whose it is, and every JQL section runs, for `ctotui doctor`."""
        me = await self.myself()
        who = user_identity(me, cloud=self.cloud) or "an unnamed user"
        kind = "API token" if self.cloud else "personal access token"
        sections = parse_sections(list(self.settings.get("jql", ())))
        for name, jql in sections:
            params = {"jql": jql, "maxResults": 1, "fields": "summary"}
            path = f"{self.api}/search/jql" if self.cloud else f"{self.api}/search"
            try:
                await self.http.get_json(path, params=params)
            except AdapterError as error:
                raise AdapterError(f"section {name!r}: {error.message}") from None
        return f"{kind} accepted for {who}; {len(sections)} JQL section(s) run"

    async def transitions(self, remote_id: str) -> list[str]:
        """The statuses the issue can move to now, in Jira's order, for the user to pick."""
        return [name for name, _ in await self._transitions(remote_id)]

    async def _transitions(self, remote_id: str) -> list[tuple[str, str]]:
        data, _ = await self.http.get_json(f"{self.api}/issue/{remote_id}/transitions")
        found = data.get("transitions") if isinstance(data, Mapping) else None
        if not isinstance(found, list):
            raise AdapterError(f"Jira sent no transitions for issue {remote_id}")
        result: list[tuple[str, str]] = []
        for transition in found:
            if not isinstance(transition, Mapping):
                continue
            target = transition.get("to")
            name = target.get("name") if isinstance(target, Mapping) else None
            result.append((str(name or transition.get("name", "")), str(transition.get("id"))))
        return result

    async def apply(self, action: OutboxAction) -> None:
        """Comment, (un)assign, transition or (un)label the issue `action.target`."""
        issue = f"{self.api}/issue/{action.target}"
        kind = action.action
        if kind is ActionKind.COMMENT:
            await self.http.request("POST", f"{issue}/comment", json_body=self._comment(action))
        elif kind is ActionKind.ASSIGN_TO_ME:
            await self.http.request("PUT", f"{issue}/assignee", json_body=await self._me_ref())
        elif kind is ActionKind.UNASSIGN_ME:
            await self._unassign_me(action.target)
        elif kind is ActionKind.TRANSITION:
            await self._transition(action.target, action.payload)
        elif kind in (ActionKind.ADD_LABEL, ActionKind.REMOVE_LABEL):
            label = action.payload.strip()
            if not label or " " in label:
                raise AdapterError(f"Jira labels cannot be empty or contain spaces: {label!r}")
            verb = "add" if kind is ActionKind.ADD_LABEL else "remove"
            await self.http.request("PUT", issue, json_body={"update": {"labels": [{verb: label}]}})
        else:
            await super().apply(action)

    def _comment(self, action: OutboxAction) -> dict[str, Any]:
        text = action.payload
        if not text.strip():
            raise AdapterError("An empty comment was not sent")
        if not self.cloud:
            return {"body": text}
        paragraphs = [
            {"type": "paragraph", "content": [{"type": "text", "text": part}]}
            for part in text.split("\n\n")
            if part.strip()
        ]
        return {"body": {"type": "doc", "version": 1, "content": paragraphs}}

    async def _me_ref(self) -> dict[str, Any]:
        me = await self.myself()
        if self.cloud:
            return {"accountId": me.get("accountId")}
        return {"name": me.get("name")}

    async def _unassign_me(self, remote_id: str) -> None:
        """Clear the assignee only when it is the user; someone else's issue stays theirs."""
        data, _ = await self.http.get_json(
            f"{self.api}/issue/{remote_id}", params={"fields": "assignee"}
        )
        fields = data.get("fields") if isinstance(data, Mapping) else None
        assignee = fields.get("assignee") if isinstance(fields, Mapping) else None
        if not isinstance(assignee, Mapping):
            return
        me = await self._me_ref()
        key = "accountId" if self.cloud else "name"
        if assignee.get(key) != me[key]:
            return
        await self.http.request(
            "PUT", f"{self.api}/issue/{remote_id}/assignee", json_body={key: None}
        )

    async def _transition(self, remote_id: str, status: str) -> None:
        wanted = status.strip().lower()
        available = await self._transitions(remote_id)
        for name, transition_id in available:
            if name.lower() == wanted:
                await self.http.request(
                    "POST",
                    f"{self.api}/issue/{remote_id}/transitions",
                    json_body={"transition": {"id": transition_id}},
                )
                return
        names = ", ".join(name for name, _ in available) or "none"
        raise AdapterError(f"Jira cannot move {remote_id} to {status!r} now (possible: {names})")

    async def aclose(self) -> None:
        await self.http.client.aclose()
