"""Mail headers, attachments and partial bodies survive the store round trip."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ctotui.model import Attachment, Message, MessageKind
from ctotui.store import InboxSplit, MessageQuery, Store

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def mail(body: str, *, complete: bool, flagged: bool = False) -> Message:
    return Message(
        "work", "INBOX/7/1", MessageKind.MAIL, "INBOX", "Ann", "ann@acme.example", "Plan",
        body, NOW, message_id="<1@acme.example>", references=("<0@acme.example>",),
        attachments=(Attachment("plan.pdf", "application/pdf", 2048),),
        body_complete=complete, is_flagged=flagged,
    )  # fmt: skip


def stored(store: Store) -> Message:
    return store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 1)[0]


def save(store: Store, message: Message) -> int:
    return store.save_fetch(
        "work", "imap", messages=[message], items=[], events=[], cursor=None, at=NOW
    )


def test_headers_and_attachments_round_trip(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        save(store, mail("Hello", complete=True))
        message = stored(store)
        assert message.message_id == "<1@acme.example>"
        assert message.references == ("<0@acme.example>",)
        assert message.attachments == (Attachment("plan.pdf", "application/pdf", 2048),)
        assert message.body_complete


def test_a_snippet_refetch_never_replaces_a_loaded_full_body(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        save(store, mail("Hel…", complete=False))
        assert save(store, mail("Hello, the full text.", complete=True)) == 1
        assert stored(store).body == "Hello, the full text."
        assert save(store, mail("Hel…", complete=False, flagged=True)) == 1
        message = stored(store)
        assert message.body == "Hello, the full text." and message.body_complete
        assert message.is_flagged
        assert save(store, mail("Hel…", complete=False, flagged=True)) == 0


def test_upgrading_from_every_earlier_version_keeps_cached_and_user_data(
    tmp_path: Path,
) -> None:
    """A database at any earlier version, with rows written as version 1 knew them."""
    import sqlite3

    from ctotui.store import migrations

    for version in range(1, migrations.latest_version()):
        path = tmp_path / f"v{version}.db"
        conn = sqlite3.connect(path, isolation_level=None)
        migrations.migrate(conn, migrations.MIGRATIONS[:version])
        conn.execute(
            "INSERT INTO todos (title, created_at, status, priority, notes, project, tags,"
            " owner, links) VALUES ('Kept', 0, 'open', 'none', '', '', '[]', '', '[]')"
        )
        conn.execute(
            "INSERT INTO messages (source, remote_id, kind, folder, sender_name,"
            " sender_address, subject, body, received_at, recipients, cc, thread_id,"
            " in_reply_to, is_read, is_flagged, is_direct, mentions_me, from_me, url, labels,"
            " importance) VALUES ('work', '1', 'mail', 'INBOX', 'Ann', 'ann@acme.example',"
            " 'Old', 'Body', 0, '[]', '[]', '', '', 0, 0, 0, 0, 0, '', '[]', 0)"
        )
        conn.close()
        with Store.open(path) as store:
            assert store.schema_version == migrations.latest_version()
            assert [t.title for t in store.list_todos()] == ["Kept"]
            message = stored(store)
            assert message.subject == "Old" and message.message_id == ""
            assert message.body_complete
        assert (tmp_path / f"v{version}.db.bak-v{version}").exists()
