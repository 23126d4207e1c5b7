"""The store reads only likely questions for "unanswered"; the rule decides, nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ctotui import unanswered as module
from ctotui.config import config_from_text
from ctotui.model import Message, MessageKind
from ctotui.store import Store
from ctotui.unanswered import BODY_HINTS, SUBJECT_HINTS, asks_something, unanswered

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
CONFIG = config_from_text(
    'me = "robin"\n[people.robin]\nname = "Robin"\nemails = ["cto@acme.example"]\n'
)
# One phrase per alternative of the rule's request pattern, in odd cases.
REQUESTS = [
    "CAN YOU send it",
    "Could you send it",
    "would You send it",
    "will you send it",
    "Please Confirm the date",
    "please advise on the date",
    "please let me know the date",
    "PLEASE REVIEW the doc",
    "please approve the doc",
    "Let Me Know by Friday",
    "any thoughts on the doc",
    "Any update on the doc",
    "any NEWS on the doc",
]


def mail(remote_id: str, subject: str, body: str) -> Message:
    return Message(
        source="mail",
        remote_id=remote_id,
        kind=MessageKind.MAIL,
        folder="INBOX",
        sender_name="Ana",
        sender_address="ana@acme.example",
        subject=subject,
        body=body,
        received_at=NOW - timedelta(hours=1),
        recipients=("cto@acme.example",),
        is_direct=True,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "s.db") as opened:
        yield opened


def test_every_request_phrase_holds_a_body_hint() -> None:
    for phrase in REQUESTS:
        assert module._ASKING.search(phrase), phrase
        assert any(hint in phrase.lower() for hint in BODY_HINTS), phrase


def test_questions_are_found_through_the_hinted_query(store: Store) -> None:
    messages = [mail(f"r{i}", "Status", phrase) for i, phrase in enumerate(REQUESTS)]
    messages += [
        mail("subject-q", "Ready for Friday?", "The plan is attached."),
        mail("body-q", "Status", "Is the plan ready?"),
        mail("statement", "Status", "The plan is attached. Thanks."),
        mail("quoted", "Status", "Thanks.\n> can you send it?"),
    ]
    store.save_fetch("mail", "maildir", messages=messages, items=[], events=[], cursor="c", at=NOW)
    found = {m.remote_id for m in unanswered(store, CONFIG, NOW)}
    expected = {m.remote_id for m in messages if asks_something(m)}
    assert found == expected
    assert "statement" not in found and "quoted" not in found
    assert {f"r{i}" for i in range(len(REQUESTS))} | {"subject-q", "body-q"} <= found


def test_the_store_skips_messages_without_a_hint(store: Store) -> None:
    store.save_fetch(
        "mail",
        "maildir",
        messages=[mail("plain", "Status", "The plan is attached."), mail("q", "Status", "Ok?")],
        items=[],
        events=[],
        cursor="c",
        at=NOW,
    )
    since = NOW - timedelta(days=1)
    hinted = store.unanswered_candidates(since, subject_hints=SUBJECT_HINTS, body_hints=BODY_HINTS)
    assert [m.remote_id for m in hinted] == ["q"]
    assert {m.remote_id for m in store.unanswered_candidates(since)} == {"plain", "q"}
    # A hint is plain text in LIKE: % and _ match only themselves.
    assert store.unanswered_candidates(since, body_hints=("%",)) == []
