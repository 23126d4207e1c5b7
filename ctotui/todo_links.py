"""To-dos tied to the rest of the system: link strings, linked tracker items, my assignments.

A to-do's `links` hold strings such as "item:SOURCE:REMOTE_ID" (a tracker
item), "message:SOURCE:REMOTE_ID" (a mail or chat message) or "standup:ID".
Pure reads over the store; no UI.
"""

from __future__ import annotations

from collections.abc import Iterable

from ctotui.model import Person, StatusCategory, Todo, WorkItem
from ctotui.overview import OPEN_CATEGORIES, my_identities
from ctotui.store import ItemQuery, Store

ITEM = "item"
MESSAGE = "message"


def item_link(source: str, remote_id: str) -> str:
    return f"{ITEM}:{source}:{remote_id}"


def message_link(source: str, remote_id: str) -> str:
    return f"{MESSAGE}:{source}:{remote_id}"


def parse_link(link: str) -> tuple[str, str, str] | None:
    """(kind, source, remote id) of an item or message link; None for anything else."""
    kind, _, rest = link.partition(":")
    source, _, remote_id = rest.partition(":")
    if kind not in (ITEM, MESSAGE) or not source or not remote_id:
        return None
    return kind, source, remote_id


def linked_items(store: Store, todos: Iterable[Todo]) -> dict[str, WorkItem]:
    """The stored tracker items the to-dos link to, by link string."""
    wanted: dict[str, list[str]] = {}
    for todo in todos:
        for link in todo.links:
            parsed = parse_link(link)
            if parsed is not None and parsed[0] == ITEM:
                wanted.setdefault(parsed[1], []).append(parsed[2])
    found: dict[str, WorkItem] = {}
    for source, remote_ids in wanted.items():
        for item in store.items_by_remote_ids(source, remote_ids):
            found[item_link(item.source, item.remote_id)] = item
    return found


def is_waited_on(item: WorkItem, me: Person | None) -> bool:
    """Open and someone waits on it: it is blocked, or the user is asked to review it."""
    if item.category not in OPEN_CATEGORIES:
        return False
    if item.category is StatusCategory.BLOCKED:
        return True
    mine = {i.lower() for i in my_identities(me)}
    return bool(mine & {r.lower() for r in item.reviewers})


def blocking_ids(
    todos: Iterable[Todo], items: dict[str, WorkItem], me: Person | None
) -> frozenset[int]:
    """Ids of to-dos linked to an item others wait on (they rank higher in Today)."""
    return frozenset(
        todo.id
        for todo in todos
        if todo.id is not None
        and any(link in items and is_waited_on(items[link], me) for link in todo.links)
    )


def assigned_to_me(store: Store, me: Person | None, limit: int = 200) -> list[WorkItem]:
    """Open tracker items assigned to the user or asking for their review, oldest update first."""
    identities = my_identities(me)
    if not identities:
        return []
    wanted = {i.lower() for i in identities}
    query = ItemQuery(categories=OPEN_CATEGORIES, involving=identities)
    items = store.page_items(query, 0, limit)
    mine = [i for i in items if wanted & {p.lower() for p in (*i.assignees, *i.reviewers)}]
    return sorted(mine, key=lambda i: i.updated_at)


def closable_link(todo: Todo, items: dict[str, WorkItem]) -> WorkItem | None:
    """The first open tracker item this to-do links to (offered for closing when it is done)."""
    for link in todo.links:
        item = items.get(link)
        if item is not None and item.category in OPEN_CATEGORIES:
            return item
    return None
