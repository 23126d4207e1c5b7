"""The `demo` adapter: a believable small company with no account and no network.

It feeds mail, chat and tracker data through the same path as real sources.
The first sync anchors everything on the clock and returns the history in
pages (mail, chat, then one page per project); later syncs return only the
messages that "arrived" since, one per 45 minutes, so a long session feels
alive and an immediate re-sync finds nothing new.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC
from typing import Any

from ctotui.adapters.base import Adapter, FetchResult
from ctotui.adapters.demo_chat import generate_chat
from ctotui.adapters.demo_company import PROJECTS, PROJECTS_BY_NAME
from ctotui.adapters.demo_cursor import DemoCursor
from ctotui.adapters.demo_history import History
from ctotui.adapters.demo_live import live_due, live_messages
from ctotui.adapters.demo_mail import generate_mail
from ctotui.adapters.demo_options import DEFAULT_DAYS, DEFAULT_SEED, DEMO_OPTIONS, FEEDS
from ctotui.adapters.demo_tracker import generate_project
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, OutboxAction, SourceKind

TRACKER_PAGE = "tracker:"
MESSAGE_TARGET = re.compile(r"(mail|chat)-[a-z0-9-]+")
ITEM_TARGET = re.compile("(" + "|".join(re.escape(p.repo) for p in PROJECTS) + r")#[1-9][0-9]*")
MESSAGE_ACTIONS = frozenset(
    {
        ActionKind.MARK_READ,
        ActionKind.MARK_UNREAD,
        ActionKind.FLAG,
        ActionKind.UNFLAG,
        ActionKind.ARCHIVE,
    }
)


class DemoAdapter(Adapter):
    """Generated mail, chat and tracker data for trying ctotui without any account."""

    name = "demo"
    kinds = frozenset({SourceKind.MAIL, SourceKind.CHAT, SourceKind.TRACKER})
    description = (
        "A made-up small company (mail, chat and three projects) to try ctotui "
        "with no account and no network."
    )
    options = DEMO_OPTIONS
    actions = MESSAGE_ACTIONS | {ActionKind.CLOSE}

    async def fetch(self, cursor: str | None) -> FetchResult:
        """The next history page, or the live arrivals since the last fetch.

        A cursor written for other settings (or not by this adapter) starts a
        fresh demo anchored now: the old one cannot describe the new company.
        """
        seed, days, feeds = self._options()
        state = DemoCursor.load(cursor) if cursor else None
        if state is None or (state.seed, state.days, state.feeds) != (seed, days, feeds):
            state = DemoCursor(self.context.clock.now().astimezone(UTC), seed, days, feeds)
        pages = _pages(feeds)
        if state.page < len(pages):
            return self._history_page(state, pages)
        return self._live(state)

    def _history_page(self, state: DemoCursor, pages: Sequence[str]) -> FetchResult:
        page = pages[state.page]
        history = History.of(state.anchor, state.days)
        after = state.advanced(page=state.page + 1)
        result = FetchResult(cursor=after.dump(), more=after.page < len(pages))
        if page == "mail":
            result.messages = generate_mail(self.source, state.seed, history)
        elif page == "chat":
            result.messages = generate_chat(self.source, state.seed, history)
        else:
            project = PROJECTS_BY_NAME[page.removeprefix(TRACKER_PAGE)]
            items, events = generate_project(self.source, project, state.seed, history)
            result.items, result.events = items, events
        return result

    def _live(self, state: DemoCursor) -> FetchResult:
        due = live_due(state.anchor, self.context.clock.now())
        if due <= state.delivered:
            return FetchResult(cursor=state.dump())
        messages = live_messages(
            self.source,
            state.seed,
            state.anchor,
            range(state.delivered, due),
            mail="mail" in state.feeds,
            chat="chat" in state.feeds,
        )
        return FetchResult(cursor=state.advanced(delivered=due).dump(), messages=messages)

    async def apply(self, action: OutboxAction) -> None:
        """Check the action as a server would; the demo keeps no remote state."""
        if action.action not in self.actions:
            raise AdapterError(
                f"The demo source {self.source!r} cannot {action.action.value.replace('_', ' ')}."
            )
        pattern = ITEM_TARGET if action.action is ActionKind.CLOSE else MESSAGE_TARGET
        what = "a work item like acme/api#412" if pattern is ITEM_TARGET else "a demo message"
        if not pattern.fullmatch(action.target.strip()):
            raise AdapterError(
                f"The demo source {self.source!r} cannot {action.action.value.replace('_', ' ')} "
                f"{action.target!r}: the target must be {what}."
            )

    def _options(self) -> tuple[int, int, tuple[str, ...]]:
        """Seed, days and feeds from settings, tolerant of missing keys."""
        seed = _integer(self.source, "seed", self.settings.get("seed", DEFAULT_SEED))
        days = _integer(self.source, "days", self.settings.get("days", DEFAULT_DAYS))
        if days < 1:
            raise AdapterError(f"Source {self.source!r}: days must be at least 1, not {days}.")
        return seed, days, _feeds(self.source, self.settings.get("feeds", list(FEEDS)))


def _pages(feeds: Sequence[str]) -> list[str]:
    pages = [f for f in feeds if f != "tracker"]
    if "tracker" in feeds:
        pages += [TRACKER_PAGE + p.name for p in PROJECTS]
    return pages


def _integer(source: str, option: str, value: Any) -> int:
    if isinstance(value, bool):
        raise AdapterError(f"Source {source!r}: {option} must be a whole number, not {value!r}.")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise AdapterError(
            f"Source {source!r}: {option} must be a whole number, not {value!r}."
        ) from None


def _feeds(source: str, value: Any) -> tuple[str, ...]:
    """The requested feeds in canonical order; an unknown name is an error listing valid ones."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        value = [value]
    wanted = {str(v).strip().lower() for v in value}
    unknown = sorted(wanted - set(FEEDS))
    if unknown:
        raise AdapterError(
            f"Source {source!r}: unknown feed {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(FEEDS)}."
        )
    return tuple(f for f in FEEDS if f in wanted)
