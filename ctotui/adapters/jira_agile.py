"""Sprints from the Jira Software agile API (`/rest/agile/1.0`), for sources with `boards`.

The Sprint field's id differs from site to site; a board id is in every board's
URL. So with `boards` set, each sync asks each board for its active and future
sprints and each of those sprints for its issues, and an issue's sprint is the
active one it is in, else the next one. Every list is read to the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ctotui.adapters.http import HttpSession
from ctotui.errors import AdapterError

AGILE = "/rest/agile/1.0"
SPRINT_PAGE = 50
ISSUE_PAGE = 100
STATES = ("active", "future")


async def board_sprints(http: HttpSession, board: str) -> list[Mapping[str, Any]]:
    """The board's active and future sprints (agile Sprint objects), every page."""
    sprints: list[Mapping[str, Any]] = []
    start = 0
    while True:
        data, _ = await http.get_json(
            f"{AGILE}/board/{board}/sprint",
            params={"state": ",".join(STATES), "startAt": start, "maxResults": SPRINT_PAGE},
        )
        values = data.get("values") if isinstance(data, Mapping) else None
        if not isinstance(values, list):
            raise AdapterError(f"Jira sent no sprint list for board {board}")
        sprints.extend(v for v in values if isinstance(v, Mapping))
        start += len(values)
        if not values or data.get("isLast", True) is True:
            return sprints


async def sprint_issue_ids(http: HttpSession, sprint: str) -> list[str]:
    """Ids of every issue in the sprint, page by page (startAt / total)."""
    ids: list[str] = []
    start = 0
    while True:
        data, _ = await http.get_json(
            f"{AGILE}/sprint/{sprint}/issue",
            params={"startAt": start, "maxResults": ISSUE_PAGE, "fields": "summary"},
        )
        issues = data.get("issues") if isinstance(data, Mapping) else None
        if not isinstance(issues, list):
            raise AdapterError(f"Jira sent no issue list for sprint {sprint}")
        ids.extend(str(i["id"]) for i in issues if isinstance(i, Mapping) and "id" in i)
        start += len(issues)
        total = data.get("total")
        if not issues or not isinstance(total, int) or start >= total:
            return ids


async def sprint_names(http: HttpSession, boards: Sequence[str]) -> dict[str, str]:
    """Issue id -> the name of its active sprint, else of its next planned one."""
    by_issue: dict[str, str] = {}
    sprints: list[Mapping[str, Any]] = []
    for board in boards:
        try:
            sprints += await board_sprints(http, board)
        except AdapterError as error:
            raise AdapterError(f"board {board}: {error.message}") from None
    order = {state: index for index, state in enumerate(STATES)}
    sprints.sort(
        key=lambda s: (order.get(str(s.get("state")), len(order)), str(s.get("startDate")))
    )
    done: set[str] = set()
    for sprint in sprints:
        sprint_id = str(sprint.get("id", ""))
        if not sprint_id or sprint_id in done:
            continue
        done.add(sprint_id)
        for issue_id in await sprint_issue_ids(http, sprint_id):
            by_issue.setdefault(issue_id, str(sprint.get("name") or ""))
    return by_issue
