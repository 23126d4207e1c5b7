"""Unanswered: questions sent to me with no later reply from me, oldest first; snooze wake-ups."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ctotui.config import config_from_text
from ctotui.model import Message, MessageKind, TriageState
from ctotui.snooze import later_today, next_week, parse_when, tomorrow_morning
from ctotui.store import InboxSplit, MessageQuery, Store
from ctotui.unanswered import asks_something, unanswered

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
CONFIG = config_from_text(
    'me = "robin"\n[people.robin]\nname = "Robin"\nemails = ["cto@acme.example"]\n'
)


def mail(remote_id: str, hours_ago: float, **values: object) -> Message:
    base: dict[str, object] = {
        "source": "mail",
        "remote_id": remote_id,
        "kind": MessageKind.MAIL,
        "folder": "INBOX",
        "sender_name": "Ana",
        "sender_address": "ana@acme.example",
        "subject": "Question",
        "body": "Can you approve the budget?",
        "received_at": NOW - timedelta(hours=hours_ago),
        "recipients": ("cto@acme.example",),
        "is_direct": True,
    }
    base.update(values)
    return Message(**base)  # type: ignore[arg-type]


def save(store: Store, *messages: Message) -> None:
    store.save_fetch(
        "mail", "maildir", messages=list(messages), items=[], events=[], cursor="c", at=NOW
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "s.db") as opened:
        yield opened


def ids(messages: list[Message]) -> list[str]:
    return [m.remote_id for m in messages]


def test_questions_to_me_without_my_reply_oldest_first(store: Store) -> None:
    save(
        store,
        mail("late", 1),
        mail("early", 30),
        mail("no-question", 2, body="FYI, the release is out.", subject="Release"),
        mail("cc-only", 3, is_direct=False),
        mail("bulk", 4, sender_address="noreply@shop.example"),
        mail("answered", 5, thread_id="t1"),
        mail("my-reply", 4, thread_id="t1", from_me=True, sender_address="cto@acme.example"),
        mail("answered-by-ref", 6, message_id="<q@x>"),
        mail("reply2", 5, from_me=True, in_reply_to="<q@x>", sender_address="cto@acme.example"),
        mail("quoted-only", 7, body="Thanks!\n\nOn Mon, Ana wrote:\n> Can you check?"),
        mail("asks-politely", 8, body="Please confirm the date.", subject="Date"),
    )
    assert ids(unanswered(store, CONFIG, NOW)) == ["early", "asks-politely", "late"]


def test_done_messages_leave_the_list(store: Store) -> None:
    save(store, mail("q", 2))
    (message,) = unanswered(store, CONFIG, NOW)
    assert message.id is not None
    store.set_triage(message.id, TriageState.DONE, at=NOW)
    assert unanswered(store, CONFIG, NOW) == []


def test_asks_something_reads_subject_and_own_words() -> None:
    assert asks_something(mail("a", 1, body="", subject="Lunch tomorrow?"))
    assert not asks_something(mail("b", 1, body="ok", subject="Re: Lunch tomorrow"))
    assert not asks_something(mail("c", 1, body="> Can you?\nSure.", subject="Re: x"))


def test_snooze_unless_reply_wakes_on_a_reply(store: Store) -> None:
    save(store, mail("q", 2, thread_id="t"), mail("other", 2, thread_id="u"))
    by_id = {m.remote_id: m for m in store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 9)}
    q, other = by_id["q"], by_id["other"]
    assert q.id is not None and other.id is not None
    until = NOW + timedelta(days=2)
    store.snooze_message(q.id, until, at=NOW, unless_reply=True)
    store.snooze_message(other.id, until, at=NOW, unless_reply=False)
    open_now = MessageQuery(split=InboxSplit.NEW, now=NOW)
    assert store.count_messages(open_now) == 0
    assert store.wake_replied_snoozes(NOW) == 0
    later = NOW + timedelta(hours=1)
    save(store, mail("reply-q", 0, thread_id="t", received_at=later))
    save(store, mail("reply-other", 0, thread_id="u", received_at=later))
    assert store.wake_replied_snoozes(later) == 1
    back = store.page_messages(MessageQuery(split=InboxSplit.NEW, now=later), 0, 9)
    assert sorted(ids(back)) == ["q", "reply-other", "reply-q"]
    # a snooze without the flag comes back only at its time
    assert (
        ids(store.page_messages(MessageQuery(split=InboxSplit.NEW, now=until), 0, 9)).count("other")
        == 1
    )


def test_done_today_counts_only_today(store: Store) -> None:
    save(store, mail("a", 1), mail("b", 1))
    messages = store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 9)
    assert messages[0].id is not None and messages[1].id is not None
    store.set_triage(messages[0].id, TriageState.DONE, at=NOW - timedelta(days=1))
    store.set_triage(messages[1].id, TriageState.DONE, at=NOW)
    assert store.done_since(NOW.replace(hour=0, minute=0)) == 1


def test_snooze_presets_and_typed_times() -> None:
    assert later_today(NOW) == datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    assert later_today(NOW.replace(hour=16)) == datetime(2026, 11, 18, 18, 0, tzinfo=UTC)
    assert tomorrow_morning(NOW) == datetime(2026, 11, 19, 8, 0, tzinfo=UTC)
    assert next_week(NOW) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert parse_when("2h", NOW) == NOW + timedelta(hours=2)
    assert parse_when("1w", NOW) == NOW + timedelta(weeks=1)
    assert parse_when("2026-11-20", NOW) == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert parse_when("2026-11-20 14:30", NOW) == datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
    assert parse_when("08:00", NOW) == datetime(2026, 11, 19, 8, 0, tzinfo=UTC)
    assert parse_when("2026-11-01", NOW) is None  # the past
    assert parse_when("soonish", NOW) is None
