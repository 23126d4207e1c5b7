"""IMAP and Maildir say how much is left, so the progress of a first mail sync has a total."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from mailserver import USER, Dovecot, dovecot

from ctotui.adapters.base import AdapterContext
from ctotui.adapters.imap import ImapAdapter
from ctotui.clock import FixedClock

__all__ = ["dovecot"]  # the fixture used below


def mail(n: int) -> bytes:
    return (
        f"From: Ana <ana@acme.example>\r\nTo: {USER}\r\nSubject: Message {n}\r\n"
        f"Message-ID: <p{n}@acme.example>\r\n\r\nBody {n}\r\n"
    ).encode()


async def test_each_page_of_a_first_sync_says_how_many_messages_are_left(
    dovecot: Dovecot,
) -> None:
    for n in range(5):
        dovecot.deliver(mail(n))
    context = AdapterContext(clock=FixedClock(datetime(2026, 11, 18, 9, 30, tzinfo=UTC)))
    source = ImapAdapter("work", dovecot.settings(batch_size=2), context)
    left: list[int | None] = []
    cursor = None
    try:
        while True:
            result = await source.fetch(cursor)
            left.append(result.remaining)
            cursor = result.cursor
            if not result.more:
                break
    finally:
        await source.aclose()
    assert left == [3, 1, 0]


async def test_a_maildir_first_sync_says_how_many_messages_are_left(tmp_path: Path) -> None:
    from ctotui.adapters import maildir

    root = tmp_path / "mail"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    total = maildir.PAGE_SIZE * 2 + 3
    for n in range(total):
        (root / "cur" / f"{1700000000 + n}.{n}.host:2,S").write_bytes(mail(n))
    context = AdapterContext(clock=FixedClock(datetime(2026, 11, 18, 9, 30, tzinfo=UTC)))
    source = maildir.MaildirAdapter("archive", {"path": str(root)}, context)
    left: list[int | None] = []
    cursor = None
    while True:
        result = await source.fetch(cursor)
        left.append(result.remaining)
        cursor = result.cursor
        if not result.more:
            break
    assert left == [total - maildir.PAGE_SIZE, 3, 0]
