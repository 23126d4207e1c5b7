"""The inbox as the user sees it: dedupe, splits, snoozes, order, paging, search."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctotui.errors import StoreError
from ctotui.model import Message, MessageKind, TriageState
from ctotui.store import IMPORTANT_THRESHOLD, InboxSplit, MessageQuery, Store

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def message(remote_id: str, minutes: int = 0, **changes: object) -> Message:
    values: dict[str, object] = {
        "source": "mail",
        "remote_id": remote_id,
        "kind": MessageKind.MAIL,
        "folder": "INBOX",
        "sender_name": "Dana Example",
        "sender_address": "dana@example.com",
        "subject": f"Subject {remote_id}",
        "body": "Plain text body.",
        "received_at": T0 + timedelta(minutes=minutes),
    }
    values.update(changes)
    return Message(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "ctotui.db")
    yield opened
    opened.close()


def save(store: Store, *messages: Message, source: str = "mail") -> int:
    return store.save_fetch(
        source, "maildir", messages=list(messages), items=[], events=[], cursor=None, at=T0
    )


def ids(messages: list[Message]) -> list[str]:
    return [m.remote_id for m in messages]


def by_remote_id(store: Store, remote_id: str) -> Message:
    for m in store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 1000):
        if m.remote_id == remote_id:
            return m
    raise AssertionError(f"{remote_id} not stored")


def message_id(store: Store, remote_id: str) -> int:
    found = by_remote_id(store, remote_id).id
    assert found is not None
    return found


def test_round_trip_keeps_every_field(store: Store) -> None:
    original = message(
        "x1",
        recipients=("a@example.com", "b@example.com"),
        cc=("c@example.com",),
        thread_id="th-1",
        in_reply_to="<m0@example.com>",
        is_read=True,
        is_flagged=True,
        is_direct=True,
        mentions_me=True,
        from_me=False,
        url="https://mail.example.com/x1",
        labels=("ops", "urgent"),
        importance=77,
        body="Ünïcode bödy\nsecond line",
    )
    save(store, original)
    stored = by_remote_id(store, "x1")
    assert stored.id is not None
    assert stored.triage is TriageState.NEW
    assert stored.received_at == original.received_at
    assert stored.received_at.tzinfo is not None
    original.id = stored.id
    assert stored == original
    assert store.get_message(stored.id) == stored
    assert store.get_message(999_999) is None


def test_naive_and_non_utc_datetimes_are_read_back_as_utc(store: Store) -> None:
    plus_two = timezone(timedelta(hours=2))
    save(
        store,
        message("tz", received_at=datetime(2024, 3, 1, 11, 0, tzinfo=plus_two)),
        message("naive", received_at=datetime(2024, 3, 1, 9, 0)),
    )
    assert by_remote_id(store, "tz").received_at == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    assert by_remote_id(store, "tz").received_at.utcoffset() == timedelta(0)
    assert by_remote_id(store, "naive").received_at == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def test_upsert_updates_in_place_and_never_duplicates(store: Store) -> None:
    assert save(store, message("a"), message("b", 1)) == 2
    first_id = message_id(store, "a")

    assert save(store, message("a"), message("b", 1)) == 0  # nothing changed
    assert save(store, message("a", subject="Edited subject"), message("c", 2)) == 2

    assert store.count_messages(MessageQuery(split=InboxSplit.ALL)) == 3
    assert message_id(store, "a") == first_id
    assert by_remote_id(store, "a").subject == "Edited subject"
    assert ids(store.search_messages("edited")) == ["a"]
    assert store.search_messages("Subject a") == []


def test_same_remote_id_in_two_sources_are_two_messages(store: Store) -> None:
    save(store, message("1"))
    save(store, message("1", source="chat", kind=MessageKind.CHAT), source="chat")
    assert store.count_messages(MessageQuery(split=InboxSplit.ALL)) == 2
    assert store.count_messages(MessageQuery(split=InboxSplit.ALL, source="chat")) == 1
    assert store.count_messages(MessageQuery(split=InboxSplit.ALL, kind=MessageKind.MAIL)) == 1


def test_triage_survives_a_re_upsert(store: Store) -> None:
    save(store, message("a"), message("b", 1))
    store.set_triage(message_id(store, "a"), TriageState.DONE, at=T0)
    save(store, message("a", subject="Re-fetched", is_read=True))
    assert by_remote_id(store, "a").triage is TriageState.DONE
    assert ids(store.page_messages(MessageQuery(split=InboxSplit.DONE), 0, 10)) == ["a"]
    assert ids(store.page_messages(MessageQuery(split=InboxSplit.NEW), 0, 10)) == ["b"]


def test_splits_select_the_right_messages(store: Store) -> None:
    save(
        store,
        message("important-unread", 1, importance=IMPORTANT_THRESHOLD),
        message("important-read", 2, importance=90, is_read=True),
        message("minor-unread", 3, importance=IMPORTANT_THRESHOLD - 1),
        message("minor-read", 4, is_read=True),
        message("cleared", 5, importance=99),
    )
    store.set_triage(message_id(store, "cleared"), TriageState.DONE, at=T0)

    def split(name: InboxSplit) -> set[str]:
        return set(ids(store.page_messages(MessageQuery(split=name, now=T0), 0, 100)))

    assert split(InboxSplit.IMPORTANT) == {"important-unread", "important-read"}
    assert split(InboxSplit.NEW) == {
        "important-unread",
        "important-read",
        "minor-unread",
        "minor-read",
    }
    assert split(InboxSplit.UNREAD) == {"important-unread", "minor-unread"}
    assert split(InboxSplit.DONE) == {"cleared"}
    assert len(split(InboxSplit.ALL)) == 5
    assert store.inbox_counts(T0) == {
        InboxSplit.IMPORTANT: 2,
        InboxSplit.NEW: 4,
        InboxSplit.UNREAD: 2,
        InboxSplit.DONE: 1,
        InboxSplit.ALL: 5,
    }


def test_snoozed_message_hides_until_its_time_then_returns(store: Store) -> None:
    save(store, message("later", 1, importance=80, is_read=False), message("now", 2))
    wake = T0 + timedelta(hours=3)
    store.set_triage(message_id(store, "later"), TriageState.SNOOZED, at=T0, snoozed_until=wake)

    before = T0 + timedelta(hours=1)
    for split in (InboxSplit.IMPORTANT, InboxSplit.NEW, InboxSplit.UNREAD):
        assert "later" not in ids(store.page_messages(MessageQuery(split=split, now=before), 0, 9))
    assert store.inbox_counts(before)[InboxSplit.NEW] == 1
    assert store.inbox_counts(before)[InboxSplit.ALL] == 2
    shown = store.page_messages(MessageQuery(split=InboxSplit.ALL, now=before), 0, 9)
    assert {m.remote_id: m.triage for m in shown}["later"] is TriageState.SNOOZED

    after = wake + timedelta(seconds=1)
    back = store.page_messages(MessageQuery(split=InboxSplit.IMPORTANT, now=after), 0, 9)
    assert ids(back) == ["later"]
    assert back[0].triage is TriageState.NEW  # the snooze is over
    assert store.inbox_counts(after)[InboxSplit.UNREAD] == 2

    # Without a "now" snoozes hide nothing.
    assert store.count_messages(MessageQuery(split=InboxSplit.NEW)) == 2

    # Un-snoozing by hand brings it back at once.
    store.set_triage(message_id(store, "later"), TriageState.NEW, at=before)
    assert store.inbox_counts(before)[InboxSplit.NEW] == 2


def test_snooze_without_time_hides_nothing_and_missing_messages_are_reported(
    store: Store,
) -> None:
    save(store, message("a"))
    store.set_triage(message_id(store, "a"), TriageState.SNOOZED, at=T0)
    assert ids(store.page_messages(MessageQuery(split=InboxSplit.NEW, now=T0), 0, 9)) == ["a"]
    with pytest.raises(StoreError):
        store.set_triage(424242, TriageState.DONE, at=T0)
    with pytest.raises(StoreError):
        store.set_message_flags(424242, is_read=True)


def test_order_newest_first_with_ties_by_id(store: Store) -> None:
    save(store, message("old", 0), message("tie-1", 5), message("tie-2", 5), message("new", 9))
    page = store.page_messages(MessageQuery(split=InboxSplit.NEW), 0, 10)
    assert ids(page) == ["new", "tie-2", "tie-1", "old"]


def test_important_split_orders_by_importance_then_time(store: Store) -> None:
    save(
        store,
        message("mid-old", 0, importance=60),
        message("top", 1, importance=95),
        message("mid-new", 2, importance=60),
        message("low", 3, importance=10),
    )
    page = store.page_messages(MessageQuery(split=InboxSplit.IMPORTANT), 0, 10)
    assert ids(page) == ["top", "mid-new", "mid-old"]


def test_paging_walks_the_whole_list_once(store: Store) -> None:
    save(store, *(message(f"m{i:02d}", i) for i in range(25)))
    query = MessageQuery(split=InboxSplit.NEW, now=T0)
    pages = [store.page_messages(query, offset, 10) for offset in (0, 10, 20, 30)]
    assert [len(p) for p in pages] == [10, 10, 5, 0]
    seen = [m.remote_id for page in pages for m in page]
    assert seen == [f"m{i:02d}" for i in reversed(range(25))]
    assert store.count_messages(query) == 25


def test_flags_change_locally(store: Store) -> None:
    save(store, message("a"))
    mid = message_id(store, "a")
    store.set_message_flags(mid, is_read=True)
    assert store.count_messages(MessageQuery(split=InboxSplit.UNREAD)) == 0
    store.set_message_flags(mid, is_flagged=True)
    stored = store.get_message(mid)
    assert stored is not None and stored.is_read and stored.is_flagged
    store.set_message_flags(mid, is_read=False)
    stored = store.get_message(mid)
    assert stored is not None and not stored.is_read and stored.is_flagged


def test_thread_messages_oldest_first_within_source(store: Store) -> None:
    save(
        store,
        message("r2", 20, thread_id="t1"),
        message("r1", 10, thread_id="t1"),
        message("other", 15, thread_id="t2"),
        message("lonely", 30),
    )
    save(store, message("x", 5, thread_id="t1", source="chat"), source="chat")
    assert ids(store.thread_messages(by_remote_id(store, "r2"))) == ["r1", "r2"]
    assert ids(store.thread_messages(by_remote_id(store, "lonely"))) == ["lonely"]


def test_search_finds_subject_sender_and_body_best_first(store: Store) -> None:
    save(
        store,
        message("body", 1, body="The quarterly budget review is on Friday."),
        message("subject", 2, subject="Budget approval needed"),
        message("sender", 3, sender_name="Budget Office", sender_address="finance@example.com"),
        message("none", 4, subject="Lunch", body="Pizza?"),
        message("accent", 5, subject="Réunion café"),
    )
    found = ids(store.search_messages("budget"))
    assert set(found) == {"body", "subject", "sender"}
    assert found[0] == "subject"
    assert ids(store.search_messages("finance@example.com")) == ["sender"]
    assert ids(store.search_messages("REUNION cafe")) == ["accent"]
    assert ids(store.search_messages("quarter")) == ["body"]  # the last word is a prefix
    assert store.search_messages("budget", limit=1) == [by_remote_id(store, "subject")]


def test_search_filter_in_inbox_views(store: Store) -> None:
    save(
        store,
        message("a", 1, subject="Deploy failed"),
        message("b", 2, subject="Deploy done"),
        message("c", 3, subject="Coffee"),
    )
    store.set_triage(message_id(store, "b"), TriageState.DONE, at=T0)
    query = MessageQuery(split=InboxSplit.NEW, text="deploy")
    assert ids(store.page_messages(query, 0, 10)) == ["a"]
    assert store.count_messages(MessageQuery(split=InboxSplit.ALL, text="deploy")) == 2
    assert store.count_messages(MessageQuery(split=InboxSplit.ALL, text="   ")) == 3


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        '"unterminated',
        "AND OR",
        "OR",
        "NOT",
        "a AND",
        "*",
        "**",
        "deploy*",
        "NEAR(",
        "NEAR(a b",
        "subject:deploy",
        "^deploy",
        "(",
        ")",
        "-",
        "+",
        "'; DROP TABLE messages; --",
        "\x00",
        "ünïcödé 日本語 🎉",
        "a" * 5000,
        "{subject body}: x",
    ],
)
def test_hostile_search_text_never_raises(store: Store, text: str) -> None:
    save(store, message("a", subject="Deploy AND rollback", body="日本語 text"))
    assert isinstance(store.search_messages(text), list)
    for split in InboxSplit:
        query = MessageQuery(split=split, text=text, now=T0)
        assert store.count_messages(query) >= 0
        assert isinstance(store.page_messages(query, 0, 10), list)
    assert store.count_messages(MessageQuery(split=InboxSplit.ALL)) == 1


def test_search_operators_are_plain_words(store: Store) -> None:
    save(
        store,
        message("ops", 1, subject="Deploy AND rollback"),
        message("deploy-only", 2, subject="Deploy today"),
    )
    assert ids(store.search_messages("deploy AND")) == ["ops"]
    assert ids(store.search_messages("日本語")) == []
    save(store, message("jp", 3, body="日本語 text"))
    assert ids(store.search_messages("日本語")) == ["jp"]


def test_any_text_at_all_is_a_valid_search(store: Store) -> None:
    save(store, message("a", subject="Quarterly report", body="numbers inside"))

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def check(text: str) -> None:
        assert isinstance(store.search_messages(text), list)
        assert store.count_messages(MessageQuery(split=InboxSplit.NEW, text=text)) in (0, 1)

    check()
