"""A store with every kind of wait for `ctotui status` tests, and every reason one is not."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ctotui.model import (
    EventKind,
    ItemKind,
    Message,
    MessageKind,
    StatusCategory,
    Todo,
    TodoStatus,
    WorkEvent,
    WorkItem,
)
from ctotui.store import Store

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
CONFIG = """
me = "me"
[people.me]
name = "Morgan Lead"
emails = ["morgan@acme.example"]
github = "mlead"
[people.ana]
name = "Ana Dev"
emails = ["ana@acme.example"]
github = "ana"
[people.ben]
name = "Ben Ops"
emails = ["ben@acme.example"]
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
        "updated_at": NOW - timedelta(days=1, hours=number),
        "container": "acme/api",
        "author": "ana",
    }
    base.update(fields)
    return WorkItem(**base)  # type: ignore[arg-type]


def event(number: int, n: int, kind: EventKind, actor: str, days: float, to: str = "") -> WorkEvent:
    at = NOW - timedelta(days=days)
    return WorkEvent("gh", f"acme/api#{number}", f"{number}-{n}", kind, actor, at, "", to)


def mail(
    remote_id: str, sender: str, subject: str, body: str, days: float, **fields: object
) -> Message:
    base: dict[str, object] = {
        "source": "mail",
        "remote_id": remote_id,
        "kind": MessageKind.MAIL,
        "folder": "INBOX",
        "sender_name": sender.split("@")[0].title(),
        "sender_address": sender,
        "subject": subject,
        "body": body,
        "received_at": NOW - timedelta(days=days),
        "recipients": ("morgan@acme.example",),
        "thread_id": f"t-{remote_id}",
        "message_id": f"<{remote_id}@acme.example>",
        "is_direct": True,
    }
    base.update(fields)
    return Message(**base)  # type: ignore[arg-type]


def notification(number: int, days: float) -> Message:
    return Message(
        source="gh",
        remote_id=f"thread:{number}",
        kind=MessageKind.NOTIFICATION,
        folder="notifications",
        sender_name="acme/api",
        sender_address="",
        subject=f"Mentioned: Item {number}",
        body=f"Mentioned on acme/api#{number}",
        received_at=NOW - timedelta(days=days),
        thread_id=f"acme/api#{number}",
        is_direct=True,
        mentions_me=True,
        labels=("mention",),
    )


def fill(store: Store) -> None:
    """Every kind of wait, and every reason one does not count."""
    items = [
        item(1, assignees=("mlead",)),  # assigned to me; a bot's label does not answer it
        item(2, assignees=("mlead",)),  # assigned to me; I commented since
        item(3),  # mentioned, nobody answered
        item(4),  # mentioned, I answered last
        item(5, category=StatusCategory.DONE, status="closed"),  # mentioned but closed
        item(
            6, kind=ItemKind.PULL_REQUEST, category=StatusCategory.IN_REVIEW, reviewers=("MLead ",)
        ),
        item(7, assignees=("mlead",), category=StatusCategory.BLOCKED, status="blocked"),
        item(8, author="mlead"),  # mine, nobody assigned me: waits on others
        item(9, kind=ItemKind.PULL_REQUEST, reviewers=("mlead",)),  # review asked of me
        item(10, assignees=("ben",), reviewers=("mlead",)),  # an issue: reviewers do not ask
    ]
    events = [
        event(1, 1, EventKind.ASSIGNED, "ana", 5, "mlead"),
        event(1, 2, EventKind.LABELED, "triage-bot", 4, "needs-info"),
        event(2, 1, EventKind.ASSIGNED, "ana", 5, "mlead"),
        event(2, 2, EventKind.COMMENTED, "mlead", 4),
        event(3, 1, EventKind.COMMENTED, "ben", 3),
        event(4, 1, EventKind.COMMENTED, "ben", 3),
        event(4, 2, EventKind.COMMENTED, "mlead", 2),
        event(6, 1, EventKind.REVIEW_REQUESTED, "ana", 6, "mlead"),
        event(9, 1, EventKind.REVIEW_REQUESTED, "ben", 2, "mlead"),
    ]
    notes = [notification(3, 3), notification(4, 3), notification(5, 3), notification(11, 2)]
    store.save_fetch(
        "gh", "github", messages=notes, items=items, events=events, cursor=None, at=NOW
    )
    messages = [
        mail("q1", "ana@acme.example", "Budget", "Could you approve the budget?", 2),
        mail("q2", "ben@acme.example", "Re: deploy", "> can you check?\nDone, thanks.", 2),
        mail("q3", "stranger@example.com", "Hello?", "Buy our product", 1),
        mail("q4", "ana@acme.example", "Ready for Friday?", "Plan attached.", 1, is_read=True),
        mail("q5", "ben@acme.example", "Rollout", "Any update on the rollout?", 3),  # answered
        mail("q6", "ana@acme.example", "Old", "Can you look?", 45),  # too old to count
        mail("q7", "news@lists.example.com", "Digest?", "Will you read this?", 1, is_list=True),
        mail("q8", "ana@acme.example", "Later", "Can you look?", -1),  # received in the future
        mail("q9", "morgan@acme.example", "Note to self?", "Can you remember?", 1),
        mail(
            "q10",
            "ana@acme.example",
            "Chat",
            "@morgan could you join?",
            1,
            kind=MessageKind.CHAT,
            is_direct=False,
            mentions_me=True,
        ),
        mail(
            "r5",
            "morgan@acme.example",
            "Re: Rollout",
            "Tomorrow.",
            2,
            from_me=True,
            thread_id="t-q5",
        ),
    ]
    messages += [
        mail(f"m{i}", f"p{i}@example.org", f"Update {i}", "Status.", i / 10, is_read=i % 2 == 0)
        for i in range(12)
    ]
    store.save_fetch("mail", "imap", messages=messages, items=[], events=[], cursor=None, at=NOW)
    store.add_todo(Todo("Overdue", NOW - timedelta(days=3), due=NOW - timedelta(days=1)))
    store.add_todo(Todo("Due tonight", NOW, due=NOW + timedelta(hours=5)))
    store.add_todo(Todo("Due tomorrow", NOW, due=NOW + timedelta(days=1, hours=2)))
    store.add_todo(Todo("Planned today", NOW, scheduled=date(2026, 11, 18)))
    store.add_todo(Todo("Planned Friday", NOW, scheduled=date(2026, 11, 20)))
    store.add_todo(Todo("Delegated", NOW, status=TodoStatus.WAITING, due=NOW))
    store.add_todo(Todo("Someday", NOW, status=TodoStatus.SOMEDAY, due=NOW))
    store.add_todo(Todo("Done", NOW, status=TodoStatus.DONE, due=NOW, done_at=NOW))
