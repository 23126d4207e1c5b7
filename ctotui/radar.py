"""The radar: who is waiting on me, and whom am I waiting on, oldest first.

Pure reads over the store and config, with no UI, so Home, the Inbox split, the
CLI and tests share one answer. "Waiting on me" is review requests, items
assigned to me that are blocked, mentions I have not answered (questions in
mail and chat; tracker mentions until I comment on the item) and items where
I am the last person asked; "I am waiting on" is my open review requests to
others (on my pull requests and on theirs) and my questions nobody answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from ctotui import radar_rules as rules
from ctotui.config import Config
from ctotui.model import EventKind, ItemKind, Message, Person, StatusCategory, WorkEvent, WorkItem
from ctotui.store import IMPORTANT_THRESHOLD, Store
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
LOOKBACK = timedelta(days=30)
"""How far back tracker mentions and my review requests on others' work still count."""

REVIEW_REQUESTED = rules.REVIEW_REQUESTED
ASSIGNED_BLOCKED = rules.ASSIGNED_BLOCKED
MENTION = "mention"
LAST_ASKED = rules.LAST_ASKED
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
    mentions = _unanswered_mentions(store, config, now)
    entries += [_mention_entry(message, config) for message in mentions]
    if me:
        items = {(e.item.source, e.item.remote_id) for e in entries if e.item is not None}
        messages = {m.id for m in mentions}
        entries += _tracker_mentions(store, config, now, me, items, messages)
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
        entries += _my_requests_on_others(store, config, now, me)
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
    """The item's radar entry when its next move is mine, else None (rules in `radar_rules`)."""
    if rules.skips_events(item.author, item.assignees, me):
        return None
    wait = rules.item_wait(
        author=item.author,
        assignees=item.assignees,
        reviewers=item.reviewers,
        kind=item.kind,
        category=item.category,
        events=store.item_events(item),
        me=me,
    )
    if wait is None:
        return None
    kind, asked = wait
    if kind == REVIEW_REQUESTED:
        since = asked.at if asked else item.status_since or item.updated_at
        who = asked.actor if asked and not _is_mine(asked.actor, me) else item.author
        return RadarEntry(kind, item.title, display_name(who, config.people), since, item=item)
    if kind == ASSIGNED_BLOCKED or asked is None:
        since = item.status_since or item.updated_at
        return RadarEntry(
            kind, item.title, display_name(item.author, config.people), since, item=item
        )
    who = display_name(asked.actor, config.people)
    return RadarEntry(LAST_ASKED, item.title, who, asked.at, item=item)


def _tracker_mentions(
    store: Store,
    config: Config,
    now: datetime,
    me: frozenset[str],
    listed_items: set[tuple[str, str]],
    listed_messages: set[int | None],
) -> list[RadarEntry]:
    """Tracker notifications mentioning me that I have not answered on the item.

    Answered: my latest comment or review on the item comes after everyone
    else's. A mention of an item the store does not hold stays until cleared.
    """
    entries: list[RadarEntry] = []
    for message in store.open_tracker_mentions(now - LOOKBACK):
        if message.id in listed_messages:
            continue
        found = store.items_by_remote_ids(message.source, [message.thread_id])
        item = found[0] if found and message.thread_id else None
        who = message.sender_name or message.folder
        if item is not None:
            if (
                item.category is StatusCategory.DONE
                or (item.source, item.remote_id) in listed_items
            ):
                continue
            mine, theirs = rules.talk(store.item_events(item), me)
            if rules.mention_answered(mine, theirs):
                continue
            if theirs:
                who = display_name(theirs[-1].actor, config.people)
        title = item.title if item is not None else message.subject
        entries.append(
            RadarEntry(MENTION, title, who, message.received_at, item=item, message=message)
        )
    return entries


def _my_requests_on_others(
    store: Store, config: Config, now: datetime, me: frozenset[str]
) -> list[RadarEntry]:
    """Review requests I made on other people's open pull requests, not reviewed since."""
    pending: dict[tuple[str, str], dict[str, WorkEvent]] = {}
    for event in store.review_requests_by(sorted(me), now - LOOKBACK):
        if not _is_mine(event.to_value, me) and event.to_value:
            ask = pending.setdefault((event.source, event.item_remote_id), {})
            ask[event.to_value.strip().casefold()] = event
    entries: list[RadarEntry] = []
    for (source, remote_id), asks in pending.items():
        found = store.items_by_remote_ids(source, [remote_id])
        if not found:
            continue
        item = found[0]
        if item.category not in OPEN_CATEGORIES or _is_mine(item.author, me):
            continue  # my own pull requests are listed from their reviewers already
        events = store.item_events(item)
        waiting = [
            ask
            for ask in asks.values()
            if not any(
                e.kind is EventKind.REVIEWED
                and e.actor.strip().casefold() == ask.to_value.strip().casefold()
                and e.at >= ask.at
                for e in events
            )
        ]
        if not waiting:
            continue
        who = ", ".join(display_name(a.to_value, config.people) for a in waiting)
        since = min(a.at for a in waiting)
        entries.append(RadarEntry(MY_REVIEW_REQUEST, item.title, who, since, item=item))
    return entries


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
    return store.items_involving(sorted(me), OPEN_CATEGORIES, ITEM_LIMIT)


def _last_event(
    events: Iterable[WorkEvent], kind: EventKind, whom: Iterable[str]
) -> WorkEvent | None:
    return rules.last_event(events, kind, whom)


def _identities(me: Person | None) -> frozenset[str]:
    if me is None:
        return frozenset()
    return rules.identities((*me.emails, *me.logins.values()))


_is_mine = rules.is_mine
_any_mine = rules.any_mine
