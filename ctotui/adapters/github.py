"""The `github` adapter: issues, pull requests and notifications over GitHub's REST API.

REST (v3), not GraphQL, because only REST answers conditional requests: a sync
that finds nothing new is a handful of `If-None-Match` requests answered 304,
which GitHub does not count against the rate limit, while every GraphQL query
costs points. Per target (a repository, an org, a search query) the adapter
lists issues updated since its high-water mark (pull requests come in the same
listing), then for each changed item reads the timeline (events, reviews,
links) and, for open pull requests, the pull request (reviewers, draft) and its
check runs. An open issue whose `issue_dependencies_summary` counts open
blockers has its `dependencies/blocked_by` read, so it is blocked by them; a
closed issue that blocked others has its open dependents read again.
Notifications asking something of the user become inbox messages. GitHub
Enterprise works through `base_url`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from ctotui.adapters.base import Adapter, FetchResult
from ctotui.adapters.blocked import DEFAULT_BLOCKED_LABELS
from ctotui.adapters.github_normalize import (
    checks_state,
    dependency_count,
    notification_message,
    open_blockers,
    repo_of,
    timeline_events,
    work_item,
)
from ctotui.adapters.github_options import DEFAULT_BASE_URL, GITHUB_OPTIONS
from ctotui.adapters.http import HttpSession, Sleep, decode_json, make_client, source_timeout
from ctotui.adapters.tracker_pass import ListingPass
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, Message, OutboxAction, SourceKind, WorkEvent, WorkItem

if TYPE_CHECKING:
    import httpx

API_VERSION = "2022-11-28"
NOTIFICATIONS = "notifications"
NEEDED_SCOPES = ("repo",)
ITEM_ACTIONS = frozenset(
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
THREAD_ACTIONS = frozenset({ActionKind.MARK_READ, ActionKind.ARCHIVE})


class GitHubAdapter(Adapter):
    """Issues and pull requests of repositories, orgs or searches, and notifications."""

    name = "github"
    kinds = frozenset({SourceKind.TRACKER})
    description = "GitHub or GitHub Enterprise: issues, pull requests, reviews, notifications."
    options = GITHUB_OPTIONS
    actions = ITEM_ACTIONS | THREAD_ACTIONS

    transport: ClassVar[httpx.AsyncBaseTransport | None] = None
    """Tests set a mock transport here; None uses the network."""
    sleep: ClassVar[Sleep] = staticmethod(asyncio.sleep)

    def __init__(self, source: str, settings: Mapping[str, Any], context: Any) -> None:
        super().__init__(source, settings, context)
        self.base_url = str(self.settings.get("base_url") or DEFAULT_BASE_URL).rstrip("/")
        headers = {
            "Authorization": f"Bearer {self.settings.get('token', '')}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
        }
        client = make_client(
            self.base_url,
            headers=headers,
            transport=type(self).transport,
            timeout=source_timeout(self.settings),
        )
        self.http = HttpSession(
            client, f"GitHub ({self.source})", clock=context.clock, sleep=type(self).sleep
        )
        self.page_size = max(1, min(100, int(self.settings.get("page_size") or 50)))
        self.blocked_labels = tuple(self.settings.get("blocked_labels") or DEFAULT_BLOCKED_LABELS)

    @property
    def web_base(self) -> str:
        """The web UI root: github.com for the public API, the Enterprise host otherwise."""
        if self.base_url == DEFAULT_BASE_URL:
            return "https://github.com"
        return self.base_url.removesuffix("/api/v3")

    def targets(self) -> list[str]:
        found = [f"repo:{r}" for r in self.settings.get("repos") or ()]
        found += [f"org:{o}" for o in self.settings.get("orgs") or ()]
        found += [f"query:{q}" for q in self.settings.get("queries") or ()]
        if self.settings.get("notifications", True):
            found.append(NOTIFICATIONS)
        return found

    async def fetch(self, cursor: str | None) -> FetchResult:
        """One page of one target; `more` until every target of the pass is done."""
        targets = self.targets()
        if not targets:
            raise AdapterError(
                f"source {self.source!r} has no repos, orgs, queries or notifications to sync"
            )
        run = ListingPass.begin(self.http, cursor, targets)
        target = run.target
        result = FetchResult(cursor=None)
        data = await run.read(self._first_page, newest_first=target == NOTIFICATIONS)
        if data is None:
            return run.done(result)
        if target == NOTIFICATIONS:
            result.messages = self._notifications(data)
            return run.done(result)
        listing = data.get("items", []) if isinstance(data, Mapping) else data
        for issue in run.entries(listing):
            if not run.changed(f"{repo_of(issue)}#{issue.get('number')}", issue):
                continue
            item, events = await self._item(issue)
            result.items.append(item)
            result.events += events
            for dependent in await self._released(issue):
                item, events = await self._item(dependent)
                result.items.append(item)
                result.events += events
        return run.done(result)

    def _first_page(self, target: str, mark: str) -> tuple[str, dict[str, Any]]:
        """The first request of a target: open items on the first sync, changes after that."""
        paging: dict[str, Any] = {"per_page": self.page_size}
        if target == NOTIFICATIONS:
            return "/notifications", paging
        kind, _, name = target.partition(":")
        if kind == "query":
            query = f"{name} updated:>={mark}" if mark else name
            return "/search/issues", {**paging, "q": query, "sort": "updated", "order": "asc"}
        listing = {**paging, "sort": "updated", "direction": "asc"}
        listing.update({"state": "all", "since": mark} if mark else {"state": "open"})
        if kind == "org":
            return f"/orgs/{quote(name)}/issues", {**listing, "filter": "all"}
        return f"/repos/{name}/issues", listing

    async def _item(self, issue: Mapping[str, Any]) -> tuple[WorkItem, list[WorkEvent]]:
        """One listed issue or pull request, completed with timeline, reviewers and checks."""
        repo_url = str(issue.get("repository_url") or "")
        repo = repo_url.split("/repos/", 1)[1] if "/repos/" in repo_url else ""
        number = issue.get("number")
        timeline = await self.http.get_all_pages(f"/repos/{repo}/issues/{number}/timeline")
        pull: Mapping[str, Any] | None = None
        checks = ""
        if "pull_request" in issue and issue.get("state") == "open":
            pull, _ = await self.http.get_json(f"/repos/{repo}/pulls/{number}")
            sha = ((pull or {}).get("head") or {}).get("sha")
            if sha:
                runs, _ = await self.http.get_json(
                    f"/repos/{repo}/commits/{sha}/check-runs", params={"per_page": 100}
                )
                checks = checks_state((runs or {}).get("check_runs") or [])
        blocked_by: tuple[str, ...] = ()
        if issue.get("state") == "open" and (dependency_count(issue, "blocked_by") or 0) > 0:
            blockers = await self.http.get_all_pages(
                f"/repos/{repo}/issues/{number}/dependencies/blocked_by"
            )
            blocked_by = open_blockers(blockers)
        key = f"{repo}#{number}"
        events = timeline_events(self.source, key, issue, timeline)
        item = work_item(
            self.source,
            issue,
            pull=pull,
            events=events,
            timeline=timeline,
            checks=checks,
            blocked_labels=self.blocked_labels,
            blocked_by=blocked_by,
        )
        return item, events

    async def _released(self, issue: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        """Open issues that a just-closed issue was blocking, to sync again as unblocked.

        Closing a blocker does not touch the issues it blocks, so they would not
        show up as changed; only a closed issue that blocks others costs this one
        extra request. Dependents outside the synced repositories are left out.
        """
        if issue.get("state") != "closed" or not dependency_count(issue, "total_blocking"):
            return []
        repo = repo_of(issue)
        dependents = await self.http.get_all_pages(
            f"/repos/{repo}/issues/{issue.get('number')}/dependencies/blocking"
        )
        return [
            d for d in dependents if d.get("state") == "open" and self._synced(repo_of(d), repo)
        ]

    def _synced(self, repo: str, blocker_repo: str) -> bool:
        """Whether `repo` is one this source syncs (or the blocker's own, for searches)."""
        repos = {r.casefold() for r in self.settings.get("repos") or ()}
        orgs = {o.casefold() for o in self.settings.get("orgs") or ()}
        owner = repo.partition("/")[0].casefold()
        return (
            repo.casefold() in repos or owner in orgs or repo.casefold() == blocker_repo.casefold()
        )

    def _notifications(self, data: Any) -> list[Message]:
        threads = data if isinstance(data, list) else []
        messages = [notification_message(self.source, t, self.web_base) for t in threads]
        return [m for m in messages if m is not None]

    async def apply(self, action: OutboxAction) -> None:
        """Carry out one queued action with the documented REST call."""
        if action.action not in self.actions:
            await super().apply(action)
        if action.target.startswith("thread:"):
            thread = quote(action.target.removeprefix("thread:"))
            if action.action is ActionKind.MARK_READ:
                await self.http.request("PATCH", f"/notifications/threads/{thread}")
            elif action.action is ActionKind.ARCHIVE:
                await self.http.request("DELETE", f"/notifications/threads/{thread}")
            else:
                raise AdapterError(f"a notification cannot take {action.action.value}")
            return
        repo, number = _split_key(action.target)
        issue = f"/repos/{repo}/issues/{number}"
        kind, payload = action.action, action.payload
        if kind is ActionKind.COMMENT:
            await self.http.request("POST", f"{issue}/comments", json_body={"body": payload})
        elif kind in (ActionKind.CLOSE, ActionKind.REOPEN):
            state = "closed" if kind is ActionKind.CLOSE else "open"
            await self.http.request("PATCH", issue, json_body={"state": state})
        elif kind in (ActionKind.ASSIGN_TO_ME, ActionKind.UNASSIGN_ME):
            method = "POST" if kind is ActionKind.ASSIGN_TO_ME else "DELETE"
            body = {"assignees": [await self.my_login()]}
            await self.http.request(method, f"{issue}/assignees", json_body=body)
        elif kind is ActionKind.ADD_LABEL:
            await self.http.request("POST", f"{issue}/labels", json_body={"labels": [payload]})
        elif kind is ActionKind.REMOVE_LABEL:
            await self.http.request("DELETE", f"{issue}/labels/{quote(payload, safe='')}")
        elif kind is ActionKind.REQUEST_REVIEW:
            await self.http.request(
                "POST",
                f"/repos/{repo}/pulls/{number}/requested_reviewers",
                json_body={"reviewers": [payload]},
            )

    async def my_login(self) -> str:
        """The user's login: the option, the [people] github login, else GET /user."""
        configured = str(self.settings.get("login") or "")
        if not configured and self.context.me is not None:
            configured = self.context.me.logins.get("github", "")
        if configured:
            return configured
        user, _ = await self.http.get_json("/user")
        return str((user or {}).get("login") or "")

    async def probe(self) -> str:
        """GET /user: the token works, whose it is, and (classic tokens) its scopes."""
        response = await self.http.request("GET", "/user")
        user = decode_json(self.http.service, response)
        login = str(user.get("login") or "?") if isinstance(user, Mapping) else "?"
        header = response.headers.get("X-OAuth-Scopes")
        if header is None:
            return f"token accepted for {login} (fine-grained token: no scope list)"
        scopes = [s.strip() for s in header.split(",") if s.strip()]
        missing = [s for s in NEEDED_SCOPES if s not in scopes]
        if missing:
            raise AdapterError(
                f"{self.http.service}: token for {login} lacks scope {', '.join(missing)} "
                f"(it has {', '.join(scopes) or 'none'})"
            )
        return f"token accepted for {login}, scopes {', '.join(scopes)}"

    async def aclose(self) -> None:
        await self.http.client.aclose()


def _split_key(key: str) -> tuple[str, str]:
    repo, sep, number = key.rpartition("#")
    if not sep or not number.isdigit() or repo.count("/") != 1:
        raise AdapterError(f"{key!r} is not a GitHub item key like owner/name#123")
    return repo, number
