"""The inbox search language: operators become filters, anything else stays searchable."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ctotui.model import Attachment, Message, MessageKind, TriageState
from ctotui.search_query import SearchQuery, parse_query
from ctotui.store import InboxSplit, MessageQuery, Store

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def test_operators_and_free_words() -> None:
    query = parse_query(
        'from:ana to:cto@acme.example subject:"budget review" is:unread is:flagged '
        "has:attachment after:2026-11-01 before:2026-11-18 deploy plan"
    )
    assert query.senders == ("ana",)
    assert query.recipients == ("cto@acme.example",)
    assert query.subjects == ("budget review",)
    assert query.unread is True and query.flagged is True and query.has_attachment is True
    assert query.after == date(2026, 11, 1) and query.before == date(2026, 11, 18)
    assert query.words == ("deploy", "plan")
    assert query.problems == ()


def test_negation_read_and_relative_dates() -> None:
    query = parse_query("-is:flagged is:read after:7d before:today", today=date(2026, 11, 18))
    assert query.flagged is False and query.unread is False
    assert query.after == date(2026, 11, 11) and query.before == date(2026, 11, 18)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("colour:red", "unknown operator colour"),
        ("is:urgent", "is:urgent is unknown"),
        ("before:yesterdayish", "is not a date"),
        ("from:", "from: needs a value"),
    ],
)
def test_mistakes_are_named_not_raised(text: str, problem: str) -> None:
    query = parse_query(text)
    assert any(problem in p for p in query.problems), query.problems


@pytest.mark.parametrize(
    "text", ['"', 'subject:"open', "\x00", "((", "AND OR NOT", ":::", "-", "is:", "🙂:x", ""]
)
def test_any_input_parses(text: str) -> None:
    assert isinstance(parse_query(text), SearchQuery)


def _message(remote_id: str, **values: object) -> Message:
    base: dict[str, object] = {
        "source": "mail",
        "remote_id": remote_id,
        "kind": MessageKind.MAIL,
        "folder": "INBOX",
        "sender_name": "Someone",
        "sender_address": "someone@acme.example",
        "subject": "Hello",
        "body": "text",
        "received_at": datetime(2026, 11, 10, tzinfo=UTC),
        "recipients": ("cto@acme.example",),
    }
    base.update(values)
    return Message(**base)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path) -> Store:  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "s.db") as opened:
        opened.save_fetch(
            "mail",
            "maildir",
            messages=[
                _message("a", sender_name="Ana Ortiz", sender_address="ana@acme.example"),
                _message(
                    "b",
                    subject="Budget review Q4",
                    is_read=True,
                    attachments=(Attachment("q4.xlsx", "application/vnd.ms-excel", 2048),),
                ),
                _message("c", is_flagged=True, received_at=datetime(2026, 11, 17, tzinfo=UTC)),
                _message("d", recipients=("team@acme.example",), body="the deploy plan"),
            ],
            items=[],
            events=[],
            cursor="1",
            at=NOW,
        )
        yield opened


def _found(store: Store, text: str) -> set[str]:
    query = MessageQuery(split=InboxSplit.ALL, text=text, now=NOW)
    return {m.remote_id for m in store.page_messages(query, 0, 50)}


def test_operators_filter_the_store(store: Store) -> None:
    assert _found(store, "from:ana") == {"a"}
    assert _found(store, "from:ORTIZ") == {"a"}
    assert _found(store, 'subject:"budget review"') == {"b"}
    assert _found(store, "has:attachment") == {"b"}
    assert _found(store, "is:unread") == {"a", "c", "d"}
    assert _found(store, "is:flagged") == {"c"}
    assert _found(store, "after:2026-11-15") == {"c"}
    assert _found(store, "before:2026-11-15") == {"a", "b", "d"}
    assert _found(store, "to:team@") == {"d"}
    assert _found(store, "to:team deploy") == {"d"}
    assert _found(store, "from:%") == set()  # LIKE wildcards are literal


def test_snoozed_and_done(store: Store) -> None:
    ids = {m.remote_id: m.id for m in store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 9)}
    store.set_triage(
        ids["a"], TriageState.SNOOZED, at=NOW, snoozed_until=datetime(2026, 11, 19, tzinfo=UTC)
    )
    store.set_triage(ids["b"], TriageState.DONE, at=NOW)
    assert _found(store, "is:snoozed") == {"a"}
    assert _found(store, "is:done") == {"b"}
    assert _found(store, "-is:done") == {"a", "c", "d"}


def test_a_quoted_phrase_needs_its_words_together_in_order(store: Store) -> None:
    assert parse_query('"deploy plan" x').text == '"deploy plan" x'
    assert _found(store, '"deploy plan"') == {"d"}
    assert _found(store, '"the deploy"') == {"d"}
    assert _found(store, '"plan deploy"') == set()
    assert _found(store, "plan deploy") == {"d"}  # unquoted: both words, anywhere
    assert _found(store, '"the plan"') == set()
    assert _found(store, '"deploy pl') == {"d"}  # still typing: the last word is a prefix
