"""A fake GitLab REST v4 API for tests, answering with GitLab's documented example payloads.

Bodies are the examples of the GitLab API reference (tests/fixtures/gitlab)
with only values changed. Lists paginate with Link / X-Next-Page headers;
every request is recorded; `failures` make the next matching requests fail.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import httpx

FIXTURES = Path(__file__).parent / "fixtures" / "gitlab"
API = "https://gitlab.com/api/v4"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def user(username: str, user_id: int) -> dict[str, Any]:
    return {
        "id": user_id,
        "username": username,
        "name": username.title(),
        "state": "active",
        "avatar_url": None,
        "web_url": f"https://gitlab.example.com/{username}",
    }


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class FakeGitLab:
    def __init__(self, base: str = API) -> None:
        self.base = base
        self.project_ids: dict[str, int] = {}
        self.items: dict[str, list[dict[str, Any]]] = {"issue": [], "mr": []}
        self.links: dict[int, list[dict[str, Any]]] = {}
        self.scopes = ["api"]
        self.requests: list[httpx.Request] = []
        self.failures: list[Callable[[httpx.Request], httpx.Response | None]] = []

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def add(
        self,
        kind: str,
        project: str,
        iid: int,
        title: str,
        *,
        updated: str,
        state: str = "opened",
        author: str = "root",
        assignees: tuple[str, ...] = (),
        reviewers: tuple[str, ...] = (),
        labels: tuple[str, ...] = (),
        draft: bool = False,
    ) -> dict[str, Any]:
        project_id = self.project_ids.setdefault(project, 4 + len(self.project_ids))
        if kind == "issue":
            data = copy.deepcopy(fixture("issues.json")[0])
            sign, path = "#", "issues"
        else:
            data = copy.deepcopy(fixture("merge_requests.json")[0])
            sign, path = "!", "merge_requests"
            data.update(draft=draft, reviewers=[user(r, 100 + n) for n, r in enumerate(reviewers)])
        data.update(
            id=1000 + iid,
            iid=iid,
            project_id=project_id,
            title=title,
            state=state,
            author=user(author, 1),
            assignees=[user(a, 50 + n) for n, a in enumerate(assignees)],
            labels=list(labels),
            created_at="2026-11-01T09:00:00.000Z",
            updated_at=updated,
            closed_at=updated if state == "closed" else None,
            web_url=f"https://gitlab.com/{project}/-/{path}/{iid}",
            references={
                "short": f"{sign}{iid}",
                "relative": f"{sign}{iid}",
                "full": f"{project}{sign}{iid}",
            },
        )
        if kind == "mr":
            data["merged_at"] = updated if state == "merged" else None
        self.items[kind] = [
            i for i in self.items[kind] if (i["project_id"], i["iid"]) != (project_id, iid)
        ] + [data]
        return data

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for failure in list(self.failures):
            response = failure(request)
            if response is not None:
                self.failures.remove(failure)
                return response
        path = unquote(request.url.path.removeprefix(urlsplit(self.base).path))
        params = {k: v[-1] for k, v in parse_qs(request.url.query.decode()).items()}
        if request.method == "POST" and path.endswith("/notes"):
            return httpx.Response(201, json=fixture("note.json"))
        if request.method == "PUT":
            return httpx.Response(200, json=self._find(path) or {})
        if path == "/user":
            return httpx.Response(200, json=fixture("user.json"))
        if path == "/users":
            return httpx.Response(200, json=[user(params.get("username", "x"), 77)])
        if path == "/personal_access_tokens/self":
            return httpx.Response(200, json=dict(fixture("token_self.json"), scopes=self.scopes))
        parts = path.strip("/").split("/")
        if parts[0] in ("projects", "groups") and parts[-1] in ("issues", "merge_requests"):
            kind = "issue" if parts[-1] == "issues" else "mr"
            return self._page(request, self._listing(kind, parts, params), params)
        if parts[-1] in ("resource_state_events", "resource_label_events"):
            return self._page(request, [], params)
        if parts[-1] == "links":
            return self._page(request, self.links.get(int(parts[-2]), []), params)
        if parts[-1] == "approvals":
            return httpx.Response(200, json=fixture("approvals.json"))
        found = self._find(path)
        if found is not None:
            single = copy.deepcopy(fixture("merge_request.json"))
            single.update(found)
            return httpx.Response(200, json=single)
        return httpx.Response(404, json={"message": "404 Not Found"})

    def _find(self, path: str) -> dict[str, Any] | None:
        parts = path.strip("/").split("/")
        if len(parts) != 4:
            return None
        kind = "issue" if parts[2] == "issues" else "mr"
        for item in self.items[kind]:
            if str(item["project_id"]) == parts[1] and str(item["iid"]) == parts[3]:
                return item
        return None

    def _listing(self, kind: str, parts: list[str], params: dict[str, str]) -> list[Any]:
        name = "/".join(parts[1:-1])
        items = [
            i
            for i in self.items[kind]
            if i["references"]["full"].startswith(name + ("/" if parts[0] == "groups" else ""))
        ]
        if "state" in params:
            items = [i for i in items if i["state"] == params["state"]]
        if "updated_after" in params:
            after = _time(params["updated_after"])
            items = [i for i in items if _time(i["updated_at"]) >= after]
        return sorted(items, key=lambda i: i["updated_at"])

    def _page(
        self, request: httpx.Request, entries: list[Any], params: dict[str, str]
    ) -> httpx.Response:
        per_page = int(params.get("per_page", "20"))
        page = int(params.get("page", "1"))
        chunk = entries[(page - 1) * per_page : page * per_page]
        headers = {
            "X-Page": str(page),
            "X-Per-Page": str(per_page),
            "X-Total": str(len(entries)),
            "X-Next-Page": "",
        }
        if page * per_page < len(entries):
            split = urlsplit(str(request.url))
            query = urlencode({**params, "page": page + 1})
            headers["Link"] = f'<{split.scheme}://{split.netloc}{split.path}?{query}>; rel="next"'
            headers["X-Next-Page"] = str(page + 1)
        return httpx.Response(200, json=chunk, headers=headers)
