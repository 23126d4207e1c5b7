"""The radar: who is waiting on me, and whom am I waiting on, oldest first.

Pure reads over the store and config, with no UI, so Home, the Inbox split, the
CLI and tests share one answer. "Waiting on me" is review requests, items
assigned to me that are blocked, mentions I have not answered and items where
I am the last person asked; "I am waiting on" is my open review requests to
others and my questions nobody answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from ctotui.config import Config
from ctotui.model import EventKind, ItemKind, Message, Person, StatusCategory, WorkEvent, WorkItem
from ctotui.store import IMPORTANT_THRESHOLD, ItemQuery, Store
from ctotui.triage import find_person
from ctotui.unanswered import unanswered

OPEN_CATEGORIES = frozenset(
    {
        StatusCategory.TODO,
        StatusCategory.IN_PROGRESS,
        StatusCategory.IN_REVIEW,
        StatusCategory.BLOCKED,
    }
)
ITEM_LIMIT = 500
"""Open items involving me read per call: far more than anyone can be waited on for."""
QUESTION_WINDOW = timedelta(days=14)
"""How far back my own unanswered questions still count."""

REVIEW_REQUESTED = "review_requested"
ASSIGNED_BLOCKED = "assigned_blocked"
MENTION = "mention"
LAST_ASKED = "last_asked"
MY_REVIEW_REQUEST = "my_review_request"
MY_QUESTION = "my_question"

KIND_LABELS: Mapping[str, str] = {
    REVIEW_REQUESTED: "review",
    ASSIGNED_BLOCKED: "blocked",
    MENTION: "mention",
    LAST_ASKED: "asked",
    MY_REVIEW_REQUEST: "my review",
    MY_QUESTION: "question",
}


@dataclass(frozen=True, slots=True)
class RadarEntry:
    """One thing someone waits for: what, who, since when, and the item or message."""

    kind: str
    title: str
    who: str
    since: datetime
    item: WorkItem | None = None
    message: Message | None = None


def display_name(identity: str, people: Mapping[str, Person]) -> str:
    """The configured name of whoever owns a login or address, else the identity itself."""
    for person in people.values():
        if person.matches(identity):
            return person.name
    return identity


def waiting_on_me(store: Store, config: Config, now: datetime) -> list[RadarEntry]:
    """Everything where someone waits for me, oldest first."""
    me = _identities(config.me_person)
    entries: list[RadarEntry] = []
    if me:
        for item in _my_open_items(store, me):
            entry = _item_waiting_on_me(store, config, item, me)
            if entry is not None:
                entries.append(entry)
    entries += [
        _mention_entry(message, config) for message in _unanswered_mentions(store, config, now)
    ]
    return sorted(entries, key=lambda e: e.since)


def i_am_waiting_on(store: Store, config: Config, now: datetime) -> list[RadarEntry]:
    """Everything where I wait for someone else, oldest first."""
    me = _identities(config.me_person)
    entries: list[RadarEntry] = []
    if me:
        for item in _my_open_items(store, me):
            if not _is_mine(item.author, me) or item.kind is ItemKind.ISSUE:
                continue
            others = [r for r in item.reviewers if not _is_mine(r, me)]
            if not others:
                continue
            asked = _last_event(store.item_events(item), EventKind.REVIEW_REQUESTED, others)
            since = asked.at if asked else item.status_since or item.updated_at
            who = ", ".join(display_name(r, config.people) for r in others)
            entries.append(RadarEntry(MY_REVIEW_REQUEST, item.title, who, since, item=item))
    for message in store.unanswered_questions_from_me(now - QUESTION_WINDOW):
        who = ", ".join(display_name(r, config.people) for r in message.recipients) or (
            message.folder
        )
        title = message.subject or message.snippet
        entries.append(RadarEntry(MY_QUESTION, title, who, message.received_at, message=message))
    return sorted(entries, key=lambda e: e.since)


def _item_waiting_on_me(
    store: Store, config: Config, item: WorkItem, me: frozenset[str]
) -> RadarEntry | None:
    """The item's radar entry when its next move is mine, else None."""
    if _is_mine(item.author, me) and not _any_mine(item.assignees, me):
        return None
    events = store.item_events(item)
    if _any_mine(item.reviewers, me) and item.kind is not ItemKind.ISSUE:
        asked = _last_event(events, EventKind.REVIEW_REQUESTED, me)
        since = asked.at if asked else item.status_since or item.updated_at
        who = asked.actor if asked and not _is_mine(asked.actor, me) else item.author
        return RadarEntry(
            REVIEW_REQUESTED, item.title, display_name(who, config.people), since, item=item
        )
    if not _any_mine(item.assignees, me):
        return None
    if item.category is StatusCategory.BLOCKED:
        since = item.status_since or item.updated_at
        return RadarEntry(
            ASSIGNED_BLOCKED,
            item.title,
            display_name(item.author, config.people),
            since,
            item=item,
        )
    latest = events[-1] if events else None
    if (
        latest is not None
        and latest.kind is EventKind.ASSIGNED
        and _is_mine(latest.to_value, me)
        and not _is_mine(latest.actor, me)
    ):
        who = display_name(latest.actor, config.people)
        return RadarEntry(LAST_ASKED, item.title, who, latest.at, item=item)
    return None


def _mention_entry(message: Message, config: Config) -> RadarEntry:
    who = message.sender_name or display_name(message.sender_address, config.people)
    title = message.subject or message.snippet
    return RadarEntry(MENTION, title, who, message.received_at, message=message)


def _unanswered_mentions(store: Store, config: Config, now: datetime) -> list[Message]:
    """Questions to me without my answer (the inbox's own rule), from people who matter.

    A cold e-mail from a stranger asks a question too, but nobody is blocked on
    it: only people in `[people]` or messages ranked Important count here.
    """
    return [
        message
        for message in unanswered(store, config, now)
        if message.importance >= IMPORTANT_THRESHOLD
        or find_person(message.sender_address, config.people) is not None
    ]


def _my_open_items(store: Store, me: frozenset[str]) -> list[WorkItem]:
    query = ItemQuery(categories=OPEN_CATEGORIES, involving=tuple(sorted(me)))
    return store.page_items(query, 0, ITEM_LIMIT)


def _last_event(
    events: Iterable[WorkEvent], kind: EventKind, whom: Iterable[str]
) -> WorkEvent | None:
    wanted = {w.strip().casefold() for w in whom}
    found: WorkEvent | None = None
    for event in events:
        if event.kind is kind and event.to_value.strip().casefold() in wanted:
            found = event
    return found


def _identities(me: Person | None) -> frozenset[str]:
    if me is None:
        return frozenset()
    return frozenset(i.strip().casefold() for i in (*me.emails, *me.logins.values()) if i)


def _is_mine(identity: str, me: frozenset[str]) -> bool:
    return identity.strip().casefold() in me


def _any_mine(identities: Iterable[str], me: frozenset[str]) -> bool:
    return any(_is_mine(i, me) for i in identities)
