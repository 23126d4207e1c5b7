"""Full-text paging by windows of the view's order: same pages as a plain filter, indexed plans."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ctotui.model import Message, MessageKind
from ctotui.store import InboxSplit, MessageQuery, Store
from ctotui.store import message_search as search
from ctotui.store.inbox import MATCH_CLAUSE, filter_parts, message_order, where_sql

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
WORDS = ("invoice", "deploy", "budget", "roadmap", "incident")


def message(index: int, minutes: int, body: str, importance: int) -> Message:
    return Message(
        source="mail",
        remote_id=f"m{index}",
        kind=MessageKind.MAIL,
        folder="INBOX",
        sender_name=f"Sender {index % 7}",
        sender_address=f"sender{index % 7}@example.com",
        subject=f"Note {index}",
        body=body,
        received_at=T0 + timedelta(minutes=minutes),
        importance=importance,
    )


def build(path: Path, order: str, count: int = 1500) -> Store:
    """`count` messages stored newest-first, oldest-first or shuffled (rowid vs date order)."""
    rng = random.Random(7)
    messages = []
    for index in range(count):
        words = [w for w in WORDS if rng.random() < 0.6]
        if index % 97 == 0:
            words.append("zebracorn")  # a rare word
        if index % 5 == 0:
            words.append("invoices")  # a second term under the prefix "invoice"
        messages.append(message(index, index, " ".join(words) or "nothing", rng.randrange(100)))
    if order == "newest_first":
        messages.reverse()
    elif order == "shuffled":
        rng.shuffle(messages)
    store = Store.open(path)
    store.save_fetch("mail", "maildir", messages=messages, items=[], events=[], cursor=None, at=T0)
    return store


@pytest.fixture(params=["newest_first", "oldest_first", "shuffled"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened = build(tmp_path / "ctotui.db", request.param)
    yield opened
    opened.close()


def reference(store: Store, query: MessageQuery) -> list[str]:
    """The plain plan: every match sorted by SQL, no windows."""
    clauses, params, match = filter_parts(query)
    assert match is not None
    sql = f"SELECT m.remote_id FROM messages m{where_sql([*clauses, MATCH_CLAUSE])}"
    rows = store._all(sql + message_order(query.split), {**params, "match": match})
    return [row[0] for row in rows]


def page_ids(store: Store, query: MessageQuery, offset: int, limit: int) -> list[str]:
    return [m.remote_id for m in store.page_messages(query, offset, limit)]


QUERIES = [
    MessageQuery(split=InboxSplit.ALL, text="invoice"),  # common, a prefix of two terms
    MessageQuery(split=InboxSplit.ALL, text="deploy budget"),
    MessageQuery(split=InboxSplit.ALL, text="zebracorn"),  # rare: the plain plan
    MessageQuery(split=InboxSplit.NEW, text="roadmap", now=T0),
    MessageQuery(split=InboxSplit.IMPORTANT, text="incident", now=T0),  # ordered by importance
    MessageQuery(split=InboxSplit.ALL, text="from:sender3 budget"),  # an operator as well
    MessageQuery(split=InboxSplit.ALL, text='"deploy budget"'),  # a phrase
    MessageQuery(split=InboxSplit.ALL, text='subject:"note 1" invoice'),  # a subject substring
    MessageQuery(split=InboxSplit.ALL, text="-is:flagged from:SENDER5 roadmap deploy"),
    MessageQuery(split=InboxSplit.NEW, text="from:sender2 incident", now=T0),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.split}:{q.text}")
def test_pages_and_counts_match_the_plain_plan(store: Store, query: MessageQuery) -> None:
    expected = reference(store, query)
    assert store.count_messages(query) == len(expected)
    for offset, limit in ((0, 50), (0, 200), (200, 200), (len(expected) - 10, 50), (5000, 10)):
        assert page_ids(store, query, offset, limit) == expected[offset : offset + limit]
    walked: list[str] = []
    for offset in range(0, len(expected) + 200, 200):  # the list's own paging, to the end
        walked += page_ids(store, query, offset, 200)
    assert walked == expected


def test_small_windows_grow_until_the_page_is_full(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "FIRST_WINDOW", 10)
    monkeypatch.setattr(search, "MAX_WINDOW", 700)
    query = MessageQuery(split=InboxSplit.ALL, text="invoice")
    expected = reference(store, query)
    assert page_ids(store, query, 0, 100) == expected[:100]
    assert page_ids(store, query, 900, 100) == expected[900:1000]  # past MAX_WINDOW: plain plan


def test_nothing_to_page(store: Store) -> None:
    query = MessageQuery(split=InboxSplit.ALL, text="nosuchword")
    assert store.count_messages(query) == 0
    assert store.page_messages(query, 0, 200) == []
    assert store.page_messages(MessageQuery(split=InboxSplit.ALL, text="invoice"), 0, 0) == []


def _plan(store: Store, sql: str, params: dict[str, Any]) -> str:
    return " | ".join(row["detail"] for row in store._all(f"EXPLAIN QUERY PLAN {sql}", params))


@pytest.mark.parametrize("split", [InboxSplit.ALL, InboxSplit.NEW, InboxSplit.IMPORTANT])
def test_window_walks_the_order_index_and_asks_fts_for_a_rowid_range(
    store: Store, split: InboxSplit
) -> None:
    clauses, params, _match = filter_parts(MessageQuery(split=split, now=T0))
    window = f"SELECT m.id FROM messages m{where_sql(clauses)}{message_order(split)} LIMIT 10"
    plan = _plan(store, window, params)
    assert re.search(r"USING (COVERING )?INDEX messages_", plan) and "TEMP B-TREE" not in plan
    ranged = _plan(store, search._RANGE_SQL, {"match": '"invoice"', "low": 1, "high": 9})
    # FTS5's plan names the constraints it takes: M (MATCH), > and < (the rowid range).
    assert re.search(r"SCAN messages_fts VIRTUAL TABLE INDEX \d+:M\d*><", ranged), ranged


def test_ranked_search_ranks_the_newest_matches(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctotui.store import messages as module

    found = store.search_messages("zebracorn", limit=100)
    assert sorted(m.remote_id for m in found) == sorted(f"m{i}" for i in range(0, 1500, 97))
    monkeypatch.setattr(module, "RANKED_WINDOW", 3)
    newest = store._all(
        "SELECT m.remote_id FROM messages m WHERE " + MATCH_CLAUSE + " ORDER BY m.id DESC LIMIT 3",
        {"match": '"zebracorn"'},
    )
    limited = store.search_messages("zebracorn", limit=100)
    assert sorted(m.remote_id for m in limited) == sorted(row[0] for row in newest)


@pytest.mark.parametrize(
    "split", [InboxSplit.ALL, InboxSplit.NEW, InboxSplit.IMPORTANT, InboxSplit.OTHER]
)
def test_pages_in_the_second_half_read_from_the_far_end_the_same(
    store: Store, split: InboxSplit
) -> None:
    query = MessageQuery(split=split, now=T0)
    total = store.count_messages(query)
    expected = [m.remote_id for m in store.page_messages(query, 0, total + 10)]
    assert len(expected) == total
    for offset in (0, total // 2, total // 2 + 1, total - 200, total - 7, total - 1, total):
        for limit in (1, 50, 200):
            backwards = store.page_messages(query, offset, limit, total=total)
            assert [m.remote_id for m in backwards] == expected[max(offset, 0) : offset + limit]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.split}:{q.text}")
def test_pages_probed_along_the_index_match_the_plain_plan(
    store: Store, query: MessageQuery, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "MAX_SPREAD", 1)  # every window too spread: always probe
    expected = reference(store, query)
    for offset, limit in ((0, 200), (150, 100), (len(expected) - 3, 50)):
        assert page_ids(store, query, offset, limit) == expected[offset : offset + limit]


OPERATOR_VIEWS = [
    "from:sender3",
    'subject:"note 1"',
    "to:cto is:unread",
    "-is:read has:attachment after:2024-03-01",
]


@pytest.mark.parametrize("text", OPERATOR_VIEWS)
def test_operator_filters_count_and_page_from_the_search_index_alone(
    store: Store, text: str
) -> None:
    clauses, params, match = filter_parts(MessageQuery(split=InboxSplit.ALL, text=text, now=T0))
    assert match is None
    where = where_sql(clauses)
    count = _plan(store, f"SELECT count(*) FROM messages m{where}", params)
    page = _plan(
        store, f"SELECT m.id FROM messages m{where}{message_order(InboxSplit.ALL)} LIMIT 9", params
    )
    for plan in (count, page):
        assert "USING COVERING INDEX messages_search" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


def test_words_with_operators_are_counted_and_probed_along_the_index(store: Store) -> None:
    """Never one table row read per match: the index is walked and ids probed in the set."""
    query = MessageQuery(split=InboxSplit.ALL, text="from:sender3 invoice", now=T0)
    clauses, params, match = filter_parts(query)
    params = {**params, "match": match, "limit": 9, "offset": 0}
    where = where_sql([*clauses, search._PROBE_CLAUSE])
    for sql in (
        f"SELECT count(*) FROM messages m{where}",
        f"SELECT m.id FROM messages m{where}{message_order(InboxSplit.ALL)}"
        " LIMIT :limit OFFSET :offset",
    ):
        plan = _plan(store, sql, params)
        assert "COVERING INDEX messages_search" in plan and "LIST SUBQUERY" in plan, plan
        assert "INTEGER PRIMARY KEY" not in plan and "TEMP B-TREE" not in plan, plan
