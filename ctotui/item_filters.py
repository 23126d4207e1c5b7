"""`ctotui list items` filters: by project, by status, and what is waiting on me.

Pure reads over the store and config, so the CLI stays thin and tests call it directly.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from ctotui.config import Config
from ctotui.errors import CtotuiError
from ctotui.model import StatusCategory, WorkItem
from ctotui.radar import OPEN_CATEGORIES, waiting_on_me
from ctotui.store import ItemQuery, Store

STATUS_CHOICES: tuple[str, ...] = ("open", *(c.value for c in StatusCategory))


def add_item_filters(parser: argparse.ArgumentParser) -> None:
    """The `list items` options (ignored for inbox and todos)."""
    parser.add_argument(
        "--project",
        metavar="NAME",
        help="items: only this [[projects]] name, or one repository / tracker project",
    )
    parser.add_argument(
        "--status", choices=STATUS_CHOICES, help="items: only this status category (or open)"
    )
    parser.add_argument(
        "--waiting-on-me",
        action="store_true",
        help="items: only what waits on me (review requests, blocked, asked), oldest first",
    )


def item_query(config: Config, project: str | None, status: str | None) -> ItemQuery:
    """The store query for a project name (or container) and a status category."""
    categories: frozenset[StatusCategory] | None = None
    if status == "open":
        categories = OPEN_CATEGORIES
    elif status:
        categories = frozenset({StatusCategory(status)})
    if not project:
        return ItemQuery(categories=categories)
    found = next((p for p in config.projects if p.name.casefold() == project.casefold()), None)
    if found is None:
        return ItemQuery(categories=categories, containers=(project,))
    return ItemQuery(
        categories=categories,
        sources=found.sources or None,
        containers=found.containers or None,
    )


def list_items(
    store: Store,
    config: Config,
    now: datetime,
    *,
    project: str | None = None,
    status: str | None = None,
    waiting: bool = False,
    limit: int = 500,
) -> list[WorkItem]:
    """The items `ctotui list items` prints, newest update first (waiting: oldest wait first)."""
    query = item_query(config, project, status)
    if not waiting:
        return store.page_items(query, 0, limit)
    if config.me_person is None:
        raise CtotuiError(
            'Set me = "KEY" in the config, naming your [people.KEY] entry.',
            title="--waiting-on-me needs to know who you are",
        )
    wanted = {i.id for i in store.page_items(query, 0, store.count_items(query))}
    entries = waiting_on_me(store, config, now)
    return [e.item for e in entries if e.item is not None and e.item.id in wanted][:limit]
