"""Work items, their events and each source's sync state, as sync writes them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ctotui.model import (
    EventKind,
    ItemKind,
    Message,
    MessageKind,
    Priority,
    StatusCategory,
    TriageState,
    WorkEvent,
    WorkItem,
)
from ctotui.store import InboxSplit, ItemQuery, MessageQuery, Store

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def item(remote_id: str, minutes: int = 0, **changes: object) -> WorkItem:
    values: dict[str, object] = {
        "source": "tracker",
        "remote_id": remote_id,
        "key": f"ACME-{remote_id}",
        "kind": ItemKind.ISSUE,
        "title": f"Issue {remote_id}",
        "status": "In Progress",
        "category": StatusCategory.IN_PROGRESS,
        "created_at": T0,
        "updated_at": T0 + timedelta(minutes=minutes),
    }
    values.update(changes)
    return WorkItem(**values)  # type: ignore[arg-type]


def event(event_id: str, remote_id: str, minutes: int, **changes: object) -> WorkEvent:
    values: dict[str, object] = {
        "source": "tracker",
        "item_remote_id": remote_id,
        "event_id": event_id,
        "kind": EventKind.STATUS_CHANGED,
        "actor": "dana",
        "at": T0 + timedelta(minutes=minutes),
    }
    values.update(changes)
    return WorkEvent(**values)  # type: ignore[arg-type]


def mail(remote_id: str) -> Message:
    return Message(
        source="mail",
        remote_id=remote_id,
        kind=MessageKind.MAIL,
        folder="INBOX",
        sender_name="Dana Example",
        sender_address="dana@example.com",
        subject="Hello",
        body="Body",
        received_at=T0,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "ctotui.db")
    yield opened
    opened.close()


def save(
    store: Store,
    items: Sequence[WorkItem] = (),
    events: Sequence[WorkEvent] = (),
    source: str = "tracker",
    cursor: str | None = None,
    at: datetime = T0,
) -> int:
    return store.save_fetch(
        source, "tracker-adapter", messages=[], items=items, events=events, cursor=cursor, at=at
    )


def keys(items: list[WorkItem]) -> list[str]:
    return [i.key for i in items]


def test_item_round_trip_and_in_place_update(store: Store) -> None:
    original = item(
        "7",
        kind=ItemKind.PULL_REQUEST,
        container="acme/portal",
        body="Adds the login page",
        author="dana",
        assignees=("lee",),
        reviewers=("kim", "ola"),
        labels=("frontend",),
        priority=Priority.HIGH,
        url="https://git.example.com/acme/portal/pull/7",
        status_since=T0 - timedelta(days=2),
        blocked_reason="waiting on design",
        is_draft=True,
    )
    assert save(store, [original]) == 1
    (stored,) = store.page_items(ItemQuery(), 0, 10)
    assert stored.id is not None
    original.id = stored.id
    assert stored == original
    assert store.get_item(stored.id) == stored
    assert store.get_item(999) is None

    assert save(store, [item("7", title="Renamed", author="dana")]) == 1
    assert save(store, [item("7", title="Renamed", author="dana")]) == 0
    (again,) = store.page_items(ItemQuery(), 0, 10)
    assert again.id == stored.id
    assert again.title == "Renamed"
    assert store.count_items(ItemQuery()) == 1


def test_items_page_newest_update_first_with_filters(store: Store) -> None:
    save(
        store,
        [
            item("1", 1, category=StatusCategory.BLOCKED),
            item("2", 5, category=StatusCategory.IN_REVIEW, title="Fix 100% CPU"),
            item("3", 3, category=StatusCategory.DONE),
            item("4", 5, category=StatusCategory.TODO),
        ],
    )
    save(store, [item("9", 9, source="other", key="OPS-9")], source="other")

    assert keys(store.page_items(ItemQuery(), 0, 10)) == [
        "OPS-9",
        "ACME-4",
        "ACME-2",
        "ACME-3",
        "ACME-1",
    ]
    assert keys(store.page_items(ItemQuery(), 1, 2)) == ["ACME-4", "ACME-2"]
    blocked = ItemQuery(categories=frozenset({StatusCategory.BLOCKED}))
    assert keys(store.page_items(blocked, 0, 10)) == ["ACME-1"]
    open_work = ItemQuery(categories=frozenset({StatusCategory.BLOCKED, StatusCategory.IN_REVIEW}))
    assert keys(store.page_items(open_work, 0, 10)) == ["ACME-2", "ACME-1"]
    assert store.count_items(ItemQuery(categories=frozenset())) == 0
    assert store.count_items(ItemQuery(sources=("other",))) == 1
    assert store.count_items(ItemQuery(sources=("tracker", "other"))) == 5
    assert keys(store.page_items(ItemQuery(text="100%"), 0, 10)) == ["ACME-2"]
    assert store.count_items(ItemQuery(text="%")) == 1  # % is a literal, not a wildcard
    assert keys(store.page_items(ItemQuery(text="ops-"), 0, 10)) == ["OPS-9"]


def test_involving_matches_author_assignee_or_reviewer_case_insensitively(
    store: Store,
) -> None:
    save(
        store,
        [
            item("1", 1, author="Dana"),
            item("2", 2, assignees=("lee", "DANA@example.com")),
            item("3", 3, reviewers=("dana",)),
            item("4", 4, author="kim", assignees=("lee",)),
        ],
    )
    query = ItemQuery(involving=("dana", "dana@EXAMPLE.com"))
    assert keys(store.page_items(query, 0, 10)) == ["ACME-3", "ACME-2", "ACME-1"]
    assert store.count_items(ItemQuery(involving=("nobody",))) == 0
    assert store.count_items(ItemQuery(involving=("LEE",), text="issue 4")) == 1


def test_events_dedupe_and_read_oldest_first(store: Store) -> None:
    save(store, [item("1"), item("2")], [event("e2", "1", 20), event("e1", "1", 10)])
    assert save(store, [], [event("e1", "1", 10), event("e2", "1", 20)]) == 0
    save(store, [], [event("e3", "2", 15, kind=EventKind.MERGED)])
    first = store.page_items(ItemQuery(), 0, 10)[-1]
    assert [e.event_id for e in store.item_events(first)] == ["e1", "e2"]
    assert [e.event_id for e in store.events_since(T0 + timedelta(minutes=15))] == ["e3", "e2"]
    assert store.events_since(T0, sources=["elsewhere"]) == []
    assert len(store.events_since(T0, sources=["tracker"])) == 3
    (merged,) = [e for e in store.events_since(T0) if e.event_id == "e3"]
    assert merged == event("e3", "2", 15, kind=EventKind.MERGED)


def test_items_by_remote_ids_in_the_order_asked(store: Store) -> None:
    save(store, [item("1"), item("2"), item("3")])
    found = store.items_by_remote_ids("tracker", ["3", "missing", "1", "3"])
    assert keys(found) == ["ACME-3", "ACME-1"]
    assert store.items_by_remote_ids("other", ["1"]) == []
    assert store.items_by_remote_ids("tracker", []) == []


def test_category_counts_include_every_category(store: Store) -> None:
    save(store, [item("1", category=StatusCategory.BLOCKED), item("2"), item("3")])
    save(store, [item("4", source="other", category=StatusCategory.DONE)], source="other")
    counts = store.category_counts()
    assert counts[StatusCategory.IN_PROGRESS] == 2
    assert counts[StatusCategory.BLOCKED] == 1
    assert counts[StatusCategory.DONE] == 1
    assert counts[StatusCategory.TODO] == 0
    assert set(counts) == set(StatusCategory)
    assert store.category_counts(["other"])[StatusCategory.DONE] == 1
    assert store.category_counts(["other"])[StatusCategory.IN_PROGRESS] == 0


def test_sync_state_cursor_success_and_errors(store: Store) -> None:
    assert store.get_cursor("tracker") is None
    save(store, [item("1"), item("2")], cursor="page-2")
    store.save_fetch(
        "mail", "maildir", messages=[mail("m1")], items=[], events=[], cursor="uid:9", at=T0
    )
    assert store.get_cursor("tracker") == "page-2"

    later = T0 + timedelta(hours=1)
    store.record_sync_error("tracker", "tracker-adapter", "HTTP 503 from tracker", later)
    store.record_sync_error("new-source", "imap", "login refused", later)
    statuses = {s.source: s for s in store.source_statuses()}
    assert list(statuses) == ["mail", "new-source", "tracker"]
    tracker = statuses["tracker"]
    assert not tracker.ok
    assert tracker.last_error == "HTTP 503 from tracker"
    assert tracker.last_attempt == later
    assert tracker.last_success == T0
    assert tracker.items_total == 2
    assert store.get_cursor("tracker") == "page-2"  # an error does not lose the cursor
    assert statuses["new-source"].last_success is None
    assert statuses["mail"].items_total == 1

    save(store, [item("3")], cursor="page-3", at=later)
    tracker = {s.source: s for s in store.source_statuses()}["tracker"]
    assert tracker.ok
    assert tracker.last_success == later
    assert tracker.items_total == 3


def test_forget_source_drops_its_cache_but_keeps_triage(store: Store) -> None:
    save(store, [item("1")], [event("e1", "1", 1)], cursor="c")
    store.save_fetch(
        "mail", "maildir", messages=[mail("m1")], items=[], events=[], cursor="u", at=T0
    )
    (m,) = store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 10)
    assert m.id is not None
    store.set_triage(m.id, TriageState.DONE, at=T0)

    store.forget_source("tracker")
    assert store.count_items(ItemQuery()) == 0
    assert store.events_since(T0 - timedelta(days=1)) == []
    assert store.get_cursor("tracker") is None
    assert [s.source for s in store.source_statuses()] == ["mail"]

    store.forget_source("mail")
    assert store.count_messages(MessageQuery(split=InboxSplit.ALL)) == 0
    assert store.search_messages("hello") == []
    store.save_fetch(
        "mail", "maildir", messages=[mail("m1")], items=[], events=[], cursor=None, at=T0
    )
    assert store.count_messages(MessageQuery(split=InboxSplit.DONE)) == 1
