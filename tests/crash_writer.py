"""Child process for the crash test: write user data forever, confirming each write.

A line "OK <kind> <id>" is printed (and flushed) only after the store call
returned, i.e. after the write was committed: exactly what the UI would then
show the user as saved.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

from ctotui.model import (
    Estimate,
    EstimateTask,
    Message,
    MessageKind,
    StandupNote,
    Todo,
    TriageState,
)
from ctotui.store import InboxSplit, MessageQuery, Store

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def main(path: Path) -> None:
    store = Store.open(path)
    if store.count_messages(MessageQuery(split=InboxSplit.ALL)) == 0:
        messages = [
            Message(
                "mail",
                f"m{i}",
                MessageKind.MAIL,
                "INBOX",
                "Ann",
                "ann@acme.example",
                f"Subject {i}",
                "Body",
                NOW,
            )
            for i in range(50)
        ]
        store.save_fetch(
            "mail", "demo", messages=messages, items=[], events=[], cursor=None, at=NOW
        )
    ids = [m.id for m in store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 50)]
    print("READY", flush=True)
    n = 0
    while True:
        n += 1
        todo_id = store.add_todo(Todo(title=f"todo {n}", created_at=NOW))
        print(f"OK todo {todo_id}", flush=True)
        note_id = store.save_standup_note(
            StandupNote("api", date(2026, 11, 18), "ana", done=f"n{n}")
        )
        print(f"OK note {note_id}", flush=True)
        estimate = Estimate(f"estimate {n}", "client", NOW, tasks=[
            EstimateTask(f"task {n}.{k}", "backend", 1, 2, 3) for k in range(5)
        ])  # fmt: skip
        estimate_id = store.save_estimate(estimate)
        print(f"OK estimate {estimate_id}", flush=True)
        message_id = ids[n % len(ids)]
        assert message_id is not None
        store.set_triage(message_id, TriageState.DONE, at=NOW)
        print(f"OK triage {message_id}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
