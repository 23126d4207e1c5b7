"""Keyset paging of inbox views: the page beside a page already read equals the page by offset."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ctotui.model import Message, MessageKind
from ctotui.store import IMPORTANT_THRESHOLD, InboxSplit, MessageQuery, Store

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=30)


def message(number: int) -> Message:
    """Few distinct dates and ranks, so most sort keys tie and only the id breaks them."""
    bulk = number % 3 == 0
    return Message(
        source="mail",
        remote_id=f"m{number}",
        kind=MessageKind.MAIL,
        folder="INBOX",
        sender_name="Dana Example",
        sender_address="noreply@lists.example.com" if bulk else "dana@example.com",
        subject=f"Subject {number}",
        body="Plain text body.",
        received_at=T0 + timedelta(hours=number % 4),
        is_list=bulk,
        importance=(IMPORTANT_THRESHOLD + 10 * (number % 3)) if number % 2 else 10,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "ctotui.db")
    opened.save_fetch(
        "mail",
        "maildir",
        messages=[message(n) for n in range(157)],
        items=[],
        events=[],
        cursor=None,
        at=T0,
    )
    yield opened
    opened.close()


def remote_ids(messages: list[Message]) -> list[str]:
    return [m.remote_id for m in messages]


SPLITS = [InboxSplit.IMPORTANT, InboxSplit.OTHER, InboxSplit.FEED, InboxSplit.NEW, InboxSplit.ALL]


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("size", [1, 7, 16])
def test_walking_by_key_forwards_and_backwards_matches_the_offset_order(
    store: Store, split: InboxSplit, size: int
) -> None:
    query = MessageQuery(split=split, now=NOW)
    everything = store.page_messages(query, 0, 1000)
    assert len(everything) > size  # pages cut inside runs of equal keys

    forwards = store.page_messages(query, 0, size)
    while True:
        page = store.page_messages_beside(query, forwards[-1], size)
        assert page is not None
        if not page:
            break
        forwards += page
    assert remote_ids(forwards) == remote_ids(everything)

    total = len(everything)
    backwards = store.page_messages(query, total - size, size, total=total)
    while True:
        page = store.page_messages_beside(query, backwards[0], size, before=True)
        assert page is not None
        if not page:
            break
        assert len(page) <= size
        backwards = page + backwards
    assert remote_ids(backwards) == remote_ids(everything)


def test_a_page_by_key_equals_the_page_by_offset_at_every_boundary(store: Store) -> None:
    query = MessageQuery(split=InboxSplit.NEW, now=NOW)
    size = 10
    total = store.count_messages(query)
    for offset in range(size, total, size):
        by_offset = store.page_messages(query, offset, size, total=total)
        anchor = store.page_messages(query, offset - 1, 1, total=total)[0]
        by_key = store.page_messages_beside(query, anchor, size)
        assert by_key is not None and remote_ids(by_key) == remote_ids(by_offset)


def test_search_views_and_unsaved_anchors_fall_back_to_offsets(store: Store) -> None:
    anchor = store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 1)[0]
    words = MessageQuery(split=InboxSplit.ALL, text="subject", now=NOW)
    assert store.page_messages_beside(words, anchor, 5) is None
    unsaved = message(999)
    assert store.page_messages_beside(MessageQuery(split=InboxSplit.ALL), unsaved, 5) is None
    # Operators alone are column filters: keyset paging still applies.
    operators = MessageQuery(split=InboxSplit.ALL, text="from:noreply", now=NOW)
    page = store.page_messages_beside(operators, anchor, 5)
    assert page is not None
    assert page and all(m.sender_address.startswith("noreply@") for m in page)


def test_keyset_pages_seek_the_split_index(store: Store) -> None:
    """The page read by key walks the view's order index (no temp B-tree sort, no scan)."""
    from ctotui.store.inbox import message_filter, message_order
    from ctotui.store.inbox_paging import sort_key

    anchor = store.page_messages(MessageQuery(split=InboxSplit.ALL), 3, 1)[0]
    for split in SPLITS[:-1]:
        query = MessageQuery(split=split, now=NOW)
        where, params = message_filter(query)
        key = sort_key(split, anchor)
        assert key is not None
        comparison, values = key
        params.update(values)
        sql = f"SELECT m.id FROM messages m{where} AND {comparison.format('<')}"
        plan = " ".join(
            str(row[3])
            for row in store._all(f"EXPLAIN QUERY PLAN {sql}{message_order(split)} LIMIT 5", params)
        )
        assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, plan
