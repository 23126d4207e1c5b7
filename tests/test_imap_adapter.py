"""The imap adapter against a real Dovecot on 127.0.0.1: sync, incremental sync, verbs."""

from __future__ import annotations

import email
import email.policy
import imaplib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from mailserver import PASSWORD, USER, Dovecot, SmtpServer, dovecot, smtp_server

from ctotui.adapters.base import AdapterContext
from ctotui.adapters.imap import ImapAdapter
from ctotui.adapters.imap_conn import ImapSettings, decode_mailbox, encode_mailbox
from ctotui.cli import main
from ctotui.clock import FixedClock
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, OutboxAction

__all__ = ["dovecot", "smtp_server"]  # fixtures used below

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def mail(n: int, *, extra: str = "", body: str = "", message_id: bool = True) -> bytes:
    mid = f"Message-ID: <m{n}@acme.example>\r\n" if message_id else ""
    return (
        f"From: Ana <ana@acme.example>\r\nTo: {USER}\r\nSubject: Message {n}\r\n{mid}"
        f"Date: Tue, 17 Nov 2026 10:{n % 60:02d}:00 +0000\r\n{extra}\r\n{body or f'Body {n}'}\r\n"
    ).encode()


def adapter(server: Dovecot, **changes: Any) -> ImapAdapter:
    return ImapAdapter("work", server.settings(**changes), AdapterContext(clock=FixedClock(NOW)))


def action(kind: ActionKind, target: str = "", payload: str = "") -> OutboxAction:
    return OutboxAction("work", kind, target, NOW, payload)


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every IMAP command the client sends (name and arguments), in order."""
    sent: list[str] = []
    original = imaplib.IMAP4._command  # type: ignore[attr-defined]

    def record(self: imaplib.IMAP4, name: str, *args: Any) -> Any:
        sent.append(
            " ".join(
                [
                    name,
                    *(
                        a.decode() if isinstance(a, bytes) else str(a)
                        for a in args
                        if a is not None
                    ),
                ]
            )
        )
        return original(self, name, *args)

    monkeypatch.setattr(imaplib.IMAP4, "_command", record)
    yield sent


def server_flags(server: Dovecot, folder: str = "INBOX") -> dict[str, set[str]]:
    """Subject -> flags of every message in a folder, read through a separate connection."""
    client = server.connect()
    try:
        client.select(encode_mailbox(folder), readonly=True)
        data = client.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")[1]
        found: dict[str, set[str]] = {}
        for item in data:
            if isinstance(item, tuple):
                head, literal = item
                subject = literal.decode().split(":", 1)[1].strip()
                flags = head.decode().split("FLAGS (")[1].split(")")[0].split()
                found[subject] = {f for f in flags if f != "\\Recent"}
        return found
    finally:
        client.logout()


async def test_first_sync_reads_headers_flags_and_snippets(dovecot: Dovecot) -> None:
    dovecot.deliver(mail(1))
    dovecot.deliver(
        mail(2, extra="List-Id: <dev.lists.acme.example>\r\n"), flags="\\Seen \\Flagged"
    )
    dovecot.deliver(mail(3, body="long line of text\r\n" * 2000))
    source = adapter(dovecot)
    try:
        result = await source.fetch(None)
        by_subject = {m.subject: m for m in result.messages}
        assert set(by_subject) == {"Message 1", "Message 2", "Message 3"}
        first, second, third = (by_subject[f"Message {n}"] for n in (1, 2, 3))
        assert first.remote_id.startswith("INBOX/<m1@acme.example>#")
        assert (first.is_read, first.is_flagged, first.is_direct, first.body_complete) == (
            False,
            False,
            True,
            True,
        )
        assert (second.is_read, second.is_flagged, second.is_list) == (True, True, True)
        assert not third.body_complete and len(third.body) <= 2000
        full = await source.fetch_full(third)
        assert full is not None and full.body_complete
        assert full.body.count("long line of text") == 2000
        assert full.remote_id == third.remote_id
    finally:
        await source.aclose()


async def test_a_sync_with_nothing_new_downloads_no_message_data(
    dovecot: Dovecot, commands: list[str]
) -> None:
    dovecot.deliver(mail(1))
    dovecot.deliver(mail(2))
    source = adapter(dovecot)
    first = await source.fetch(None)
    await source.aclose()
    commands.clear()
    again = await source.fetch(first.cursor)
    await source.aclose()
    assert again.messages == []
    assert not [c for c in commands if c.startswith(("FETCH", "UID", "SELECT", "EXAMINE"))]
    assert any(c.startswith("STATUS") for c in commands)

    dovecot.deliver(mail(3))
    commands.clear()
    newer = await source.fetch(again.cursor)
    await source.aclose()
    assert [m.subject for m in newer.messages] == ["Message 3"]
    fetched = [c for c in commands if c.startswith("UID FETCH") and "BODY.PEEK[HEADER]" in c]
    assert [c.split()[2] for c in fetched] == ["3"]


async def test_flag_changes_elsewhere_are_picked_up_alone(dovecot: Dovecot) -> None:
    dovecot.deliver(mail(1))
    dovecot.deliver(mail(2))
    source = adapter(dovecot)
    cursor = (await source.fetch(None)).cursor
    client = dovecot.connect()
    client.select("INBOX")
    client.uid("STORE", "2", "+FLAGS", "(\\Seen)")
    client.logout()
    changed = await source.fetch(cursor)
    await source.aclose()
    assert [(m.subject, m.is_read) for m in changed.messages] == [("Message 2", True)]


async def test_uidvalidity_change_resyncs_with_the_same_remote_ids(dovecot: Dovecot) -> None:
    dovecot.deliver(mail(1), folder="Lists")
    dovecot.deliver(mail(2, message_id=False), folder="Lists")
    source = adapter(dovecot, folders=["INBOX", "Lists"])
    first = await source.fetch(None)
    await source.aclose()
    before = sorted(m.remote_id for m in first.messages)[::-1]  # the Message-ID one first
    client = dovecot.connect()
    assert client.delete('"Lists"')[0] == "OK"
    client.logout()
    dovecot.deliver(mail(1), folder="Lists")
    dovecot.deliver(mail(2, message_id=False), folder="Lists")
    second = await source.fetch(first.cursor)
    await source.aclose()
    after = sorted(m.remote_id for m in second.messages)[::-1]
    assert len(after) == 2
    assert before[0] == after[0] and before[0].startswith("Lists/<m1@acme.example>#")
    # Without a Message-ID the id is folder/uidvalidity/uid, so it changes with UIDVALIDITY.
    assert before[1] != after[1] and after[1].startswith("Lists/")
    old_validity = json.loads(first.cursor or "{}")["folders"]["Lists"]["validity"]
    assert json.loads(second.cursor or "{}")["folders"]["Lists"]["validity"] != old_validity


async def test_first_sync_comes_in_pages(dovecot: Dovecot) -> None:
    for n in range(5):
        dovecot.deliver(mail(n))
    source = adapter(dovecot, batch_size=2)
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        result = await source.fetch(cursor)
        pages += 1
        seen += [m.subject for m in result.messages]
        cursor = result.cursor
        if not result.more:
            break
    await source.aclose()
    assert sorted(seen) == [f"Message {n}" for n in range(5)] and pages == 3


async def test_every_verb_is_seen_on_the_server(dovecot: Dovecot) -> None:
    for n in (1, 2, 3):
        dovecot.deliver(mail(n))
    source = adapter(dovecot)
    ids = {m.subject: m.remote_id for m in (await source.fetch(None)).messages}
    await source.apply(action(ActionKind.MARK_READ, ids["Message 1"]))
    await source.apply(action(ActionKind.FLAG, ids["Message 2"]))
    assert server_flags(dovecot) == {
        "Message 1": {"\\Seen"},
        "Message 2": {"\\Flagged"},
        "Message 3": set(),
    }
    await source.apply(action(ActionKind.MARK_UNREAD, ids["Message 1"]))
    await source.apply(action(ActionKind.UNFLAG, ids["Message 2"]))
    assert server_flags(dovecot) == {"Message 1": set(), "Message 2": set(), "Message 3": set()}
    await source.apply(action(ActionKind.ARCHIVE, ids["Message 3"]))
    await source.apply(action(ActionKind.ARCHIVE, ids["Message 3"]))  # a retry is harmless
    await source.aclose()
    assert set(server_flags(dovecot)) == {"Message 1", "Message 2"}
    assert set(server_flags(dovecot, "Archive")) == {"Message 3"}
    with pytest.raises(AdapterError, match="no longer in 'INBOX'"):
        await source.apply(action(ActionKind.MARK_READ, ids["Message 3"]))
    await source.aclose()


async def test_archive_without_move_copies_and_expunges(
    dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch, commands: list[str]
) -> None:
    from ctotui.adapters import imap_conn

    original = imap_conn.Session._capabilities
    monkeypatch.setattr(imap_conn.Session, "_capabilities", lambda self: original(self) - {"MOVE"})
    dovecot.deliver(mail(1))
    dovecot.deliver(mail(2))
    source = adapter(dovecot)
    ids = {m.subject: m.remote_id for m in (await source.fetch(None)).messages}
    await source.apply(action(ActionKind.ARCHIVE, ids["Message 1"]))
    await source.aclose()
    assert not [c for c in commands if c.startswith("UID MOVE")]
    assert [c for c in commands if c.startswith("UID EXPUNGE")]
    assert set(server_flags(dovecot)) == {"Message 2"}
    assert server_flags(dovecot, "Archive") == {"Message 1": set()}


async def test_send_keeps_a_sent_copy_and_drafts_are_appended(
    dovecot: Dovecot, smtp_server: SmtpServer
) -> None:
    payload = (
        f"From: CTO <{USER}>\nTo: ana@acme.example\nSubject: Re: Message 1\n"
        "In-Reply-To: <m1@acme.example>\nReferences: <m1@acme.example>\n"
        "Message-ID: <r1@acme.example>\nDate: Wed, 18 Nov 2026 09:30:00 +0000\n\nApproved.\n"
    )
    source = adapter(
        dovecot, smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_security="plain"
    )
    await source.apply(action(ActionKind.SAVE_DRAFT, payload=payload))
    await source.apply(action(ActionKind.SEND, payload=payload))
    await source.aclose()
    assert server_flags(dovecot, "Drafts") == {"Re: Message 1": {"\\Draft", "\\Seen"}}
    assert server_flags(dovecot, "Sent") == {"Re: Message 1": {"\\Seen"}}
    [received] = smtp_server.received
    sent = email.message_from_bytes(received.data, policy=email.policy.default)
    assert (sent["In-Reply-To"], sent["References"]) == ("<m1@acme.example>",) * 2
    assert smtp_server.logins == [USER]


async def test_xoauth2_login_and_clear_login_errors(dovecot: Dovecot) -> None:
    # This Dovecot checks an XOAUTH2 token against the passwd-file like a password.
    ok = adapter(dovecot, password="", oauth_token=PASSWORD)
    assert "login accepted" in await ok.probe()
    await ok.aclose()
    bad = adapter(dovecot, password="wrong-pw")
    with pytest.raises(AdapterError, match="login was rejected") as raised:
        await bad.probe()
    assert "wrong-pw" not in raised.value.message
    untrusted = adapter(dovecot, ca_file="")
    with pytest.raises(AdapterError, match="TLS handshake failed"):
        await untrusted.probe()


def test_settings_refuse_plain_to_remote_hosts() -> None:
    with pytest.raises(AdapterError, match="only for loopback"):
        ImapSettings.from_settings(
            "work", {"host": "imap.example.com", "security": "plain", "password": "x"}
        )
    with pytest.raises(AdapterError, match="password or an oauth_token"):
        ImapSettings.from_settings("work", {"host": "imap.example.com"})
    assert ImapSettings.from_settings("work", {"host": "h", "password": "x"}).port == 993


def test_mailbox_names_round_trip_modified_utf7() -> None:
    assert encode_mailbox("Entwürfe") == '"Entw&APw-rfe"'
    assert encode_mailbox("R&D") == '"R&-D"'
    assert decode_mailbox('"Entw&APw-rfe"') == "Entwürfe"
    assert decode_mailbox("R&-D") == "R&D"


def test_a_new_user_points_ctotui_at_the_server_and_a_maildir(
    dovecot: Dovecot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two accounts from one config file feed one inbox; the password comes from the env."""
    dovecot.deliver(mail(1))
    dovecot.deliver(mail(2, extra="Precedence: bulk\r\n"))
    local = tmp_path / "Mail"
    for sub in ("cur", "new", "tmp"):
        (local / sub).mkdir(parents=True)
    (local / "new" / "1.a.host").write_bytes(mail(3).replace(b"m3@", b"local3@"))
    config = tmp_path / "config.toml"
    config.write_text(
        f'me = "me"\n[people.me]\nemails = ["{USER}"]\n'
        '[[sources]]\nname = "work"\nadapter = "imap"\nhost = "127.0.0.1"\n'
        f'port = {dovecot.port}\nsecurity = "starttls"\nusername = "{USER}"\n'
        'password = { env = "TEST_IMAP_PASSWORD" }\n'
        f'ca_file = "{dovecot.ca_file}"\n'
        f'[[sources]]\nname = "home"\nadapter = "maildir"\npath = "{local}"\n'
    )
    base = ["--config", str(config), "--data-dir", str(tmp_path / "data")]
    monkeypatch.setenv("TEST_IMAP_PASSWORD", PASSWORD)
    assert main(["doctor", *base]) == 0, capsys.readouterr()
    assert main(["sync", *base]) == 0
    capsys.readouterr()
    assert main(["list", "inbox", "--json", "--split", "all", *base]) == 0
    out = capsys.readouterr().out
    assert PASSWORD not in out
    rows = {row["subject"]: row["source"] for row in json.loads(out)}
    assert rows == {"Message 1": "work", "Message 2": "work", "Message 3": "home"}
