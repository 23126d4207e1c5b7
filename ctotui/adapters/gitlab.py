"""The `gitlab` adapter: issues and merge requests of projects and groups over REST v4.

Per target (a project's or a group's issues or merge requests) it lists what
was updated since the target's high-water mark (`updated_after`, oldest
first, all pages through the Link header), then reads for each changed item
its state and label events, and for open items what the list leaves out: for
merge requests the pipeline status (single merge request) and approvals, for
issues the "is blocked by" links. Self-hosted GitLab works through `base_url`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from ctotui.adapters.base import Adapter, FetchResult
from ctotui.adapters.blocked import DEFAULT_BLOCKED_LABELS
from ctotui.adapters.gitlab_normalize import blockers, item_events, work_item
from ctotui.adapters.gitlab_options import DEFAULT_BASE_URL, GITLAB_OPTIONS
from ctotui.adapters.http import HttpSession, Sleep, decode_json, make_client, source_timeout
from ctotui.adapters.tracker_pass import ListingPass
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, OutboxAction, SourceKind, WorkEvent, WorkItem

if TYPE_CHECKING:
    import httpx

KIND_PATHS = {"issue": "issues", "mr": "merge_requests"}
NEEDED_SCOPE = "api"


class GitLabAdapter(Adapter):
    """Issues and merge requests with approvals, pipelines and state/label events."""

    name = "gitlab"
    kinds = frozenset({SourceKind.TRACKER})
    description = "GitLab.com or self-hosted GitLab: issues, merge requests, approvals, pipelines."
    options = GITLAB_OPTIONS
    actions = frozenset(
        {
            ActionKind.COMMENT,
            ActionKind.ASSIGN_TO_ME,
            ActionKind.UNASSIGN_ME,
            ActionKind.CLOSE,
            ActionKind.REOPEN,
            ActionKind.ADD_LABEL,
            ActionKind.REMOVE_LABEL,
            ActionKind.REQUEST_REVIEW,
        }
    )

    transport: ClassVar[httpx.AsyncBaseTransport | None] = None
    """Tests set a mock transport here; None uses the network."""
    sleep: ClassVar[Sleep] = staticmethod(asyncio.sleep)

    def __init__(self, source: str, settings: Mapping[str, Any], context: Any) -> None:
        super().__init__(source, settings, context)
        self.base_url = str(self.settings.get("base_url") or DEFAULT_BASE_URL).rstrip("/")
        headers = {"PRIVATE-TOKEN": str(self.settings.get("token", ""))}
        client = make_client(
            self.base_url,
            headers=headers,
            transport=type(self).transport,
            timeout=source_timeout(self.settings),
        )
        self.http = HttpSession(
            client, f"GitLab ({self.source})", clock=context.clock, sleep=type(self).sleep
        )
        self.page_size = max(1, min(100, int(self.settings.get("page_size") or 50)))
        self.blocked_labels = tuple(self.settings.get("blocked_labels") or DEFAULT_BLOCKED_LABELS)

    def targets(self) -> list[str]:
        found: list[str] = []
        for scope, names in (("projects", "projects"), ("groups", "groups")):
            for name in self.settings.get(names) or ():
                found += [f"{scope}/issue:{name}", f"{scope}/mr:{name}"]
        return found

    async def fetch(self, cursor: str | None) -> FetchResult:
        """One page of one target; `more` until every target of the pass is done."""
        targets = self.targets()
        if not targets:
            raise AdapterError(f"source {self.source!r} has no projects or groups to sync")
        run = ListingPass.begin(self.http, cursor, targets)
        kind = run.target.partition(":")[0].partition("/")[2]
        result = FetchResult(cursor=None)
        listing = await run.read(self._first_page)
        if listing is None:
            return run.done(result)
        for data in run.entries(listing):
            if not run.changed(f"{kind}:{data.get('project_id')}:{data.get('iid')}", data):
                continue
            item, events = await self._item(kind, data)
            result.items.append(item)
            result.events += events
        return run.done(result)

    def _first_page(self, target: str, mark: str) -> tuple[str, dict[str, Any]]:
        """The first request of a target: open items on the first sync, changes after that."""
        scope_kind, _, name = target.partition(":")
        scope, _, kind = scope_kind.partition("/")
        params: dict[str, Any] = {
            "per_page": self.page_size,
            "order_by": "updated_at",
            "sort": "asc",
            "scope": "all",
        }
        params.update({"updated_after": mark} if mark else {"state": "opened"})
        return f"/{scope}/{quote(name, safe='')}/{KIND_PATHS[kind]}", params

    async def _item(self, kind: str, data: Mapping[str, Any]) -> tuple[WorkItem, list[WorkEvent]]:
        base = f"/projects/{data.get('project_id')}/{KIND_PATHS[kind]}/{data.get('iid')}"
        state_events = await self.http.get_all_pages(f"{base}/resource_state_events")
        label_events = await self.http.get_all_pages(f"{base}/resource_label_events")
        is_open = data.get("state") == "opened"
        approvals: Mapping[str, Any] | None = None
        blocked_by: tuple[str, ...] = ()
        if is_open and kind == "mr":
            single, _ = await self.http.get_json(base)
            data = {**data, **(single or {})}
            approvals, _ = await self.http.get_json(f"{base}/approvals")
        elif is_open:
            blocked_by = blockers(await self.http.get_all_pages(f"{base}/links"))
        rid = f"{kind}:{data.get('project_id')}:{data.get('iid')}"
        events = item_events(self.source, rid, data, state_events, label_events, approvals)
        item = work_item(
            self.source,
            kind,
            data,
            events=events,
            blocked_by=blocked_by,
            blocked_labels=self.blocked_labels,
        )
        return item, events

    async def apply(self, action: OutboxAction) -> None:
        """Carry out one queued action with the documented REST call."""
        if action.action not in self.actions:
            await super().apply(action)
        kind, _, rest = action.target.partition(":")
        project, _, iid = rest.partition(":")
        if kind not in KIND_PATHS or not project or not iid.isdigit():
            raise AdapterError(f"{action.target!r} is not a GitLab item of this source")
        base = f"/projects/{project}/{KIND_PATHS[kind]}/{iid}"
        verb, payload = action.action, action.payload
        if verb is ActionKind.COMMENT:
            await self.http.request("POST", f"{base}/notes", json_body={"body": payload})
        elif verb in (ActionKind.CLOSE, ActionKind.REOPEN):
            event = "close" if verb is ActionKind.CLOSE else "reopen"
            await self.http.request("PUT", base, json_body={"state_event": event})
        elif verb is ActionKind.ADD_LABEL:
            await self.http.request("PUT", base, json_body={"add_labels": payload})
        elif verb is ActionKind.REMOVE_LABEL:
            await self.http.request("PUT", base, json_body={"remove_labels": payload})
        elif verb in (ActionKind.ASSIGN_TO_ME, ActionKind.UNASSIGN_ME):
            current, _ = await self.http.get_json(base)
            me, _ = await self.http.get_json("/user")
            ids = [u.get("id") for u in (current or {}).get("assignees") or ()]
            mine = (me or {}).get("id")
            ids = [i for i in ids if i != mine]
            if verb is ActionKind.ASSIGN_TO_ME:
                ids.append(mine)
            await self.http.request("PUT", base, json_body={"assignee_ids": ids or [0]})
        elif verb is ActionKind.REQUEST_REVIEW:
            if kind != "mr":
                raise AdapterError("only merge requests take review requests")
            current, _ = await self.http.get_json(base)
            users, _ = await self.http.get_json("/users", params={"username": payload})
            if not users:
                raise AdapterError(f"GitLab ({self.source}) has no user {payload!r}")
            ids = [u.get("id") for u in (current or {}).get("reviewers") or ()]
            ids.append(users[0].get("id"))
            await self.http.request("PUT", base, json_body={"reviewer_ids": ids})

    async def probe(self) -> str:
        """The token's scopes (GET /personal_access_tokens/self) and whose it is (GET /user)."""
        user, _ = await self.http.get_json("/user")
        login = str((user or {}).get("username") or "?")
        response = await self.http.request(
            "GET", "/personal_access_tokens/self", ok_statuses=(404,)
        )
        if response.status_code == 404:
            return f"token accepted for {login} (scopes not listed by this server)"
        scopes = [str(s) for s in decode_json(self.http.service, response).get("scopes") or ()]
        if NEEDED_SCOPE not in scopes:
            raise AdapterError(
                f"{self.http.service}: token for {login} lacks scope {NEEDED_SCOPE} "
                f"(it has {', '.join(scopes) or 'none'})"
            )
        return f"token accepted for {login}, scopes {', '.join(scopes)}"

    async def aclose(self) -> None:
        await self.http.client.aclose()
