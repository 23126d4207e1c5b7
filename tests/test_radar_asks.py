"""The radar's finer cases: the last ask survives others' noise, tracker mentions I have not
answered, and review requests I made on other people's pull requests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ctotui.config import Config, config_from_text
from ctotui.model import (
    EventKind,
    ItemKind,
    Message,
    MessageKind,
    StatusCategory,
    TriageState,
    WorkEvent,
    WorkItem,
)
from ctotui.radar import LAST_ASKED, MENTION, MY_REVIEW_REQUEST, i_am_waiting_on, waiting_on_me
from ctotui.store import Store

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
CONFIG = """
me = "me"
[people.me]
name = "Morgan Lead"
github = "mlead"
[people.ana]
name = "Ana Dev"
github = "ana"
[people.ben]
name = "Ben Ops"
github = "ben"
"""


def item(number: int, **fields: object) -> WorkItem:
    base: dict[str, object] = {
        "source": "gh",
        "remote_id": f"acme/api#{number}",
        "key": f"acme/api#{number}",
        "kind": ItemKind.ISSUE,
        "title": f"Item {number}",
        "status": "open",
        "category": StatusCategory.TODO,
        "created_at": NOW - timedelta(days=20),
        "updated_at": NOW - timedelta(days=1),
        "container": "acme/api",
        "author": "ana",
    }
    base.update(fields)
    return WorkItem(**base)  # type: ignore[arg-type]


def event(number: int, n: int, kind: EventKind, actor: str, days: float, to: str = "") -> WorkEvent:
    at = NOW - timedelta(days=days)
    return WorkEvent("gh", f"acme/api#{number}", f"{number}-{n}", kind, actor, at, "", to)


def mention(number: int, days: float) -> Message:
    return Message(
        source="gh",
        remote_id=f"thread:{number}",
        kind=MessageKind.NOTIFICATION,
        folder="notifications",
        sender_name="acme/api",
        sender_address="",
        subject=f"Mentioned: Item {number}",
        body=f"Mentioned on Issue acme/api#{number}: Item {number}",
        received_at=NOW - timedelta(days=days),
        thread_id=f"acme/api#{number}",
        is_direct=True,
        mentions_me=True,
        labels=("mention",),
    )


@pytest.fixture
def config() -> Config:
    result = config_from_text(CONFIG)
    assert not result.problems, result.problems
    return result


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "store.sqlite3")
    items = [
        item(1, assignees=("mlead",)),  # assigned to me, then a bot labelled it
        item(2, assignees=("mlead",)),  # assigned to me, I commented since
        item(3),  # mentioned, nobody answered
        item(4),  # mentioned, I answered last
        item(5, category=StatusCategory.DONE, status="closed"),  # mentioned but closed
        item(6, kind=ItemKind.PULL_REQUEST, category=StatusCategory.IN_REVIEW, reviewers=("ben",)),
        item(7, kind=ItemKind.PULL_REQUEST, category=StatusCategory.IN_REVIEW, reviewers=("ana",)),
    ]
    events = [
        event(1, 1, EventKind.ASSIGNED, "ana", 5, "mlead"),
        event(1, 2, EventKind.LABELED, "triage-bot", 4, "needs-info"),
        event(2, 1, EventKind.ASSIGNED, "ana", 5, "mlead"),
        event(2, 2, EventKind.COMMENTED, "mlead", 4),
        event(3, 1, EventKind.COMMENTED, "ben", 3),
        event(4, 1, EventKind.COMMENTED, "ben", 3),
        event(4, 2, EventKind.COMMENTED, "mlead", 2),
        event(6, 1, EventKind.REVIEW_REQUESTED, "mlead", 6, "ben"),
        event(7, 1, EventKind.REVIEW_REQUESTED, "mlead", 6, "ana"),
        event(7, 2, EventKind.REVIEWED, "ana", 5, "approved"),
    ]
    messages = [mention(3, 3), mention(4, 3), mention(5, 3), mention(9, 2)]
    opened.save_fetch(
        "gh", "github", messages=messages, items=items, events=events, cursor=None, at=NOW
    )
    return opened


def entries_of(entries: list, kind: str) -> list[tuple[str, str, datetime]]:  # type: ignore[type-arg]
    return [
        (e.item.key if e.item else e.message.remote_id, e.who, e.since)
        for e in entries
        if e.kind == kind
    ]


def test_the_last_ask_still_waits_when_only_others_acted_since(
    store: Store, config: Config
) -> None:
    asked = entries_of(waiting_on_me(store, config, NOW), LAST_ASKED)
    assert asked == [("acme/api#1", "Ana Dev", NOW - timedelta(days=5))]


def test_tracker_mentions_wait_until_i_answer_on_the_item(store: Store, config: Config) -> None:
    found = entries_of(waiting_on_me(store, config, NOW), MENTION)
    # 3: Ben spoke last; 9: an item the store does not hold; 4 answered, 5 closed.
    assert found == [
        ("acme/api#3", "Ben Ops", NOW - timedelta(days=3)),
        ("thread:9", "acme/api", NOW - timedelta(days=2)),
    ]
    [thread] = [
        m
        for m in store.open_tracker_mentions(NOW - timedelta(days=30))
        if m.remote_id == "thread:9"
    ]
    assert thread.id is not None
    store.set_triage(thread.id, TriageState.DONE, at=NOW)
    assert [k for k, _, _ in entries_of(waiting_on_me(store, config, NOW), MENTION)] == [
        "acme/api#3"
    ]


def test_my_review_requests_on_others_pull_requests_wait_until_reviewed(
    store: Store, config: Config
) -> None:
    mine = entries_of(i_am_waiting_on(store, config, NOW), MY_REVIEW_REQUEST)
    assert mine == [("acme/api#6", "Ben Ops", NOW - timedelta(days=6))]  # 7 was reviewed
