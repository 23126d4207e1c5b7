"""A fake GitHub REST API for tests, answering with GitHub's documented example payloads.

Every body is one of the official examples in tests/fixtures/github (from the
REST reference / @octokit/openapi) with only values changed: numbers, titles,
states, logins, times. It paginates with Link headers, answers If-None-Match
with 304, records every request, and can be told to fail the next requests.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

FIXTURES = Path(__file__).parent / "fixtures" / "github"
API = "https://api.github.com"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def user(login: str) -> dict[str, Any]:
    template = copy.deepcopy(fixture("issues.json")[0]["user"])
    for key, value in template.items():
        if isinstance(value, str):
            template[key] = value.replace("octocat", login)
    template["login"] = login
    return template


class FakeGitHub:
    """State (issues, timelines, notifications) plus the handler a MockTransport calls."""

    def __init__(self, base: str = API) -> None:
        self.base = base
        self.issues: dict[str, list[dict[str, Any]]] = {}
        self.timelines: dict[str, list[dict[str, Any]]] = {}
        self.drafts: set[str] = set()
        self.reviewers: dict[str, list[str]] = {}
        self.blocked_by: dict[str, list[str]] = {}
        """Issue dependencies: an issue's key -> the keys of the issues blocking it."""
        self.threads: list[dict[str, Any]] = []
        self.scopes = "repo, notifications, read:org"
        self.requests: list[httpx.Request] = []
        self.failures: list[Callable[[httpx.Request], httpx.Response | None]] = []

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def add_issue(
        self,
        repo: str,
        number: int,
        title: str,
        *,
        updated: str,
        author: str = "octocat",
        assignees: tuple[str, ...] = (),
        labels: tuple[str, ...] = (),
        pull: bool = False,
        state: str = "open",
        created: str = "2026-11-01T09:00:00Z",
    ) -> dict[str, Any]:
        issue = copy.deepcopy(fixture("issues.json")[0])
        url = f"{self.base}/repos/{repo}"
        issue.update(
            id=number,
            number=number,
            title=title,
            state=state,
            body=f"Body of {title}",
            user=user(author),
            assignee=user(assignees[0]) if assignees else None,
            assignees=[user(a) for a in assignees],
            created_at=created,
            updated_at=updated,
            closed_at=updated if state == "closed" else None,
            url=f"{url}/issues/{number}",
            repository_url=url,
            html_url=f"https://github.com/{repo}/issues/{number}",
        )
        issue["labels"] = [dict(issue["labels"][0], name=name) for name in labels]
        if pull:
            issue["pull_request"] = {
                "url": f"{url}/pulls/{number}",
                "html_url": f"https://github.com/{repo}/pull/{number}",
                "diff_url": f"https://github.com/{repo}/pull/{number}.diff",
                "patch_url": f"https://github.com/{repo}/pull/{number}.patch",
                "merged_at": updated if state == "closed" else None,
            }
        else:
            issue.pop("pull_request", None)
        listing = self.issues.setdefault(repo, [])
        listing[:] = [i for i in listing if i["number"] != number] + [issue]
        return issue

    def add_thread(self, thread_id: str, reason: str, repo: str, number: int, title: str) -> None:
        thread = copy.deepcopy(fixture("notifications.json")[0])
        thread.update(id=thread_id, reason=reason, updated_at="2026-11-18T08:00:00Z")
        thread["subject"].update(
            title=title, url=f"{self.base}/repos/{repo}/pulls/{number}", type="PullRequest"
        )
        thread["repository"]["full_name"] = repo
        self.threads.append(thread)

    # -- the HTTP side --------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for failure in list(self.failures):
            response = failure(request)
            if response is not None:
                self.failures.remove(failure)
                return response
        path = request.url.path.removeprefix(urlsplit(self.base).path)
        params = {k: v[-1] for k, v in parse_qs(request.url.query.decode()).items()}
        parts = path.strip("/").split("/")
        if request.method != "GET":
            return self._action(request, parts)
        if path == "/user":
            return httpx.Response(
                200, json=fixture("user.json"), headers={"X-OAuth-Scopes": self.scopes}
            )
        if path == "/notifications":
            return self._page(request, self.threads, params)
        if path == "/search/issues":
            found = [self._summarised(i) for items in self.issues.values() for i in items]
            for term in params.get("q", "").split():
                if term.startswith("updated:>="):
                    found = [i for i in found if i["updated_at"] >= term.removeprefix("updated:>=")]
            found.sort(key=lambda i: i["updated_at"])
            page = self._page(request, found, params)
            body = copy.deepcopy(fixture("search_issues.json"))
            body.update(total_count=len(found), incomplete_results=False, items=page.json())
            return httpx.Response(200, json=body, headers={"Link": page.headers.get("Link", "")})
        if parts[0] == "repos" and len(parts) == 4 and parts[3] == "issues":
            return self._page(request, self._listing(f"{parts[1]}/{parts[2]}", params), params)
        if parts[0] == "repos" and len(parts) == 7 and parts[5] == "dependencies":
            key = f"{parts[1]}/{parts[2]}#{parts[4]}"
            if parts[6] == "blocked_by":
                keys = self.blocked_by.get(key, [])
            else:
                keys = [k for k, blockers in self.blocked_by.items() if key in blockers]
            related = [self._summarised(i) for k in keys if (i := self._issue(k)) is not None]
            return self._page(request, related, params)
        if parts[0] == "orgs" and parts[2:] == ["issues"]:
            listing = [
                i
                for repo in self.issues
                for i in self._listing(repo, params)
                if repo.startswith(parts[1] + "/")
            ]
            return self._page(request, listing, params)
        if parts[0] == "repos" and len(parts) == 6 and parts[5] == "timeline":
            key = f"{parts[1]}/{parts[2]}#{parts[4]}"
            return self._page(request, self.timelines.get(key, []), params)
        if parts[0] == "repos" and len(parts) == 5 and parts[3] == "pulls":
            return httpx.Response(200, json=self._pull(f"{parts[1]}/{parts[2]}", int(parts[4])))
        if parts[0] == "repos" and parts[-1] == "check-runs":
            return httpx.Response(200, json=fixture("check_runs.json"))
        return httpx.Response(404, json={"message": "Not Found", "status": "404"})

    def _issue(self, key: str) -> dict[str, Any] | None:
        repo, _, number = key.partition("#")
        return next((i for i in self.issues.get(repo, []) if str(i["number"]) == number), None)

    def _summarised(self, issue: dict[str, Any]) -> dict[str, Any]:
        """The issue with its `issue_dependencies_summary` counted from `blocked_by`."""
        key = f"{issue['repository_url'].split('/repos/', 1)[1]}#{issue['number']}"
        blockers = [i for k in self.blocked_by.get(key, []) if (i := self._issue(k))]
        dependents = [
            i for k, keys in self.blocked_by.items() if key in keys and (i := self._issue(k))
        ]
        summary = {
            "blocked_by": sum(1 for i in blockers if i["state"] == "open"),
            "total_blocked_by": len(blockers),
            "blocking": sum(1 for i in dependents if i["state"] == "open"),
            "total_blocking": len(dependents),
        }
        return dict(issue, issue_dependencies_summary=summary)

    def _listing(self, repo: str, params: dict[str, str]) -> list[dict[str, Any]]:
        items = [self._summarised(i) for i in self.issues.get(repo, [])]
        if params.get("state", "open") != "all":
            items = [i for i in items if i["state"] == params.get("state", "open")]
        if "since" in params:
            items = [i for i in items if i["updated_at"] >= params["since"]]
        return sorted(items, key=lambda i: i["updated_at"])

    def _page(
        self, request: httpx.Request, entries: list[dict[str, Any]], params: dict[str, str]
    ) -> httpx.Response:
        per_page = int(params.get("per_page", "30"))
        page = int(params.get("page", "1"))
        chunk = entries[(page - 1) * per_page : page * per_page]
        body = json.dumps(chunk).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if request.headers.get("If-None-Match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        headers = {"ETag": etag, "Content-Type": "application/json; charset=utf-8"}
        if page * per_page < len(entries):
            query = urlencode({**params, "page": page + 1})
            split = urlsplit(str(request.url))
            headers["Link"] = f'<{split.scheme}://{split.netloc}{split.path}?{query}>; rel="next"'
        return httpx.Response(200, content=body, headers=headers)

    def _pull(self, repo: str, number: int) -> dict[str, Any]:
        pull = copy.deepcopy(fixture("pull.json"))
        key = f"{repo}#{number}"
        pull.update(number=number, draft=key in self.drafts)
        pull["requested_reviewers"] = [user(r) for r in self.reviewers.get(key, [])]
        return pull

    def _action(self, request: httpx.Request, parts: list[str]) -> httpx.Response:
        if parts[0] == "notifications":
            return httpx.Response(205 if request.method == "PATCH" else 204)
        if parts[-1] == "comments":
            return httpx.Response(201, json=fixture("comment.json"))
        if parts[-1] == "requested_reviewers":
            return httpx.Response(201, json=fixture("pull.json"))
        if parts[-1] == "assignees" and request.method == "POST":
            return httpx.Response(201, json=fixture("issue.json"))
        return httpx.Response(200, json=fixture("issue.json"))
