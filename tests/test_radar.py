"""The radar: who waits on me and whom I wait on, from items, events and messages."""

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
    WorkEvent,
    WorkItem,
)
from ctotui.radar import i_am_waiting_on, waiting_on_me
from ctotui.store import Store

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)

CONFIG = """
me = "me"
[people.me]
name = "Morgan Lead"
emails = ["lead@acme.example"]
github = "mlead"
[people.ana]
name = "Ana Dev"
emails = ["ana@acme.example"]
github = "ana"
"""


def _item(remote_id: str, **fields: object) -> WorkItem:
    base: dict[str, object] = {
        "source": "gh",
        "remote_id": remote_id,
        "key": f"acme/api#{remote_id}",
        "kind": ItemKind.PULL_REQUEST,
        "title": f"Item {remote_id}",
        "status": "open",
        "category": StatusCategory.IN_REVIEW,
        "created_at": NOW - timedelta(days=10),
        "updated_at": NOW - timedelta(days=1),
        "container": "acme/api",
        "author": "ana",
    }
    base.update(fields)
    return WorkItem(**base)  # type: ignore[arg-type]


def _event(item: str, number: int, kind: EventKind, actor: str, to: str, days: float) -> WorkEvent:
    return WorkEvent(
        "gh", item, f"{item}-{number}", kind, actor, NOW - timedelta(days=days), "", to
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
        _item("1", reviewers=("mlead",), status_since=NOW - timedelta(days=3)),
        _item(
            "2",
            kind=ItemKind.ISSUE,
            category=StatusCategory.BLOCKED,
            assignees=("MLEAD",),
            blocked_reason='label "blocked"',
            status_since=NOW - timedelta(days=5),
        ),
        _item("3", kind=ItemKind.ISSUE, category=StatusCategory.TODO, assignees=("mlead",)),
        _item("4", author="mlead", reviewers=("ana",)),
        _item("5", reviewers=("mlead",), category=StatusCategory.DONE),
        _item("6", kind=ItemKind.ISSUE, category=StatusCategory.TODO, assignees=("mlead",)),
    ]
    events = [
        _event("1", 1, EventKind.REVIEW_REQUESTED, "ana", "mlead", 2),
        _event("3", 1, EventKind.ASSIGNED, "ana", "mlead", 4),
        _event("4", 1, EventKind.REVIEW_REQUESTED, "mlead", "ana", 6),
        _event("6", 1, EventKind.ASSIGNED, "ana", "mlead", 8),
        _event("6", 2, EventKind.COMMENTED, "mlead", "", 7),
    ]
    opened.save_fetch("gh", "github", messages=[], items=items, events=events, cursor=None, at=NOW)
    question = Message(
        source="mail",
        remote_id="q1",
        kind=MessageKind.MAIL,
        folder="Sent",
        sender_name="Morgan Lead",
        sender_address="lead@acme.example",
        subject="Can we ship Friday?",
        body="Can we ship Friday?",
        received_at=NOW - timedelta(days=1),
        recipients=("ana@acme.example",),
        thread_id="t1",
        from_me=True,
    )
    answered = Message(
        source="mail",
        remote_id="q2",
        kind=MessageKind.MAIL,
        folder="Sent",
        sender_name="Morgan Lead",
        sender_address="lead@acme.example",
        subject="Budget?",
        body="Is the budget approved?",
        received_at=NOW - timedelta(days=2),
        recipients=("ana@acme.example",),
        thread_id="t2",
        from_me=True,
    )
    reply = Message(
        source="mail",
        remote_id="r2",
        kind=MessageKind.MAIL,
        folder="INBOX",
        sender_name="Ana Dev",
        sender_address="ana@acme.example",
        subject="Re: Budget?",
        body="Yes.",
        received_at=NOW - timedelta(days=1, hours=20),
        thread_id="t2",
    )
    opened.save_fetch(
        "mail",
        "maildir",
        messages=[question, answered, reply],
        items=[],
        events=[],
        cursor=None,
        at=NOW,
    )
    return opened


def test_waiting_on_me_lists_reviews_blocked_and_last_asked_oldest_first(
    store: Store, config: Config
) -> None:
    entries = [e for e in waiting_on_me(store, config, NOW) if e.item is not None]
    assert [(e.kind, e.item.remote_id if e.item else "") for e in entries] == [
        ("assigned_blocked", "2"),
        ("last_asked", "3"),
        ("review_requested", "1"),
    ]
    review = entries[-1]
    assert review.who == "Ana Dev"
    assert review.since == NOW - timedelta(days=2)
    assert entries[1].who == "Ana Dev"
    assert entries[1].since == NOW - timedelta(days=4)


def test_item_i_acted_on_after_being_asked_is_not_waiting(store: Store, config: Config) -> None:
    kept = {e.item.remote_id for e in waiting_on_me(store, config, NOW) if e.item}
    assert "6" not in kept  # I commented after the assignment
    assert "5" not in kept  # done
    assert "4" not in kept  # my own pull request


def test_i_am_waiting_on_my_review_requests_and_unanswered_questions(
    store: Store, config: Config
) -> None:
    entries = i_am_waiting_on(store, config, NOW)
    assert [e.kind for e in entries] == ["my_review_request", "my_question"]
    review, question = entries
    assert review.item is not None and review.item.remote_id == "4"
    assert review.who == "Ana Dev"
    assert review.since == NOW - timedelta(days=6)
    assert question.message is not None and question.message.remote_id == "q1"
    assert question.who == "Ana Dev"


def test_without_me_configured_nothing_from_trackers(store: Store) -> None:
    assert [e for e in waiting_on_me(store, Config(path=None), NOW) if e.item] == []
    assert [e for e in i_am_waiting_on(store, Config(path=None), NOW) if e.item] == []


def test_list_items_filters_by_status_and_waiting_on_me(store: Store, config: Config) -> None:
    from ctotui.item_filters import list_items

    blocked = list_items(store, config, NOW, status="blocked")
    assert [i.remote_id for i in blocked] == ["2"]
    open_ids = {i.remote_id for i in list_items(store, config, NOW, status="open")}
    assert open_ids == {"1", "2", "3", "4", "6"}
    assert [i.remote_id for i in list_items(store, config, NOW, project="acme/web")] == []
    waiting = list_items(store, config, NOW, waiting=True)
    assert [i.remote_id for i in waiting] == ["2", "3", "1"]  # oldest wait first
    waiting_blocked = list_items(store, config, NOW, waiting=True, status="blocked")
    assert [i.remote_id for i in waiting_blocked] == ["2"]


def test_cli_list_items_waiting_on_me_json(
    capsys: pytest.CaptureFixture[str],
    clock,  # type: ignore[no-untyped-def]
) -> None:
    import json
    import logging

    from ctotui.cli import main

    logger = logging.getLogger("ctotui")
    level, handlers = logger.level, list(logger.handlers)
    try:  # main() sets up the log file; leave logging as other tests expect it
        code = main(["--demo", "list", "items", "--waiting-on-me", "--json"], clock=clock)
        out = capsys.readouterr().out
        assert code == 0
        rows = json.loads(out)
        assert rows and all(r["category"] != "done" for r in rows)
        argv = ["--demo", "list", "items", "--project", "api", "--status", "blocked"]
        code = main(argv, clock=clock)
        lines = capsys.readouterr().out.splitlines()
    finally:
        for handler in list(logger.handlers):
            if handler not in handlers:
                logger.removeHandler(handler)
                handler.close()
        logger.setLevel(level)
    assert code == 0 and lines
    assert all("acme/api#" in line and "blocked" in line for line in lines)
