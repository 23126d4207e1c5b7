"""The maildir adapter on real Maildir trees: reading, incremental syncs, actions, sending."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from mailserver import PASSWORD, USER, SmtpServer, smtp_server

from ctotui.adapters import maildir as maildir_module
from ctotui.adapters.base import AdapterContext
from ctotui.adapters.maildir import MaildirAdapter
from ctotui.cli import main
from ctotui.clock import FixedClock
from ctotui.errors import AdapterError
from ctotui.mailparse import parse_message
from ctotui.model import ActionKind, Message, OutboxAction

__all__ = ["smtp_server"]  # fixture used below

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def mail(n: int, subject: str = "", to: str = USER) -> bytes:
    return (
        f"From: Ana <ana@acme.example>\nTo: {to}\nSubject: {subject or f'Message {n}'}\n"
        f"Message-ID: <m{n}@acme.example>\nDate: Tue, 17 Nov 2026 10:{n % 60:02d}:00 +0000\n\n"
        f"Body {n}\n"
    ).encode()


def make_tree(root: Path, style: str = "plus") -> Path:
    """A Maildir tree: Maildir++ (root is INBOX) or verbatim (root/INBOX, as mbsync makes)."""
    inbox = root if style == "plus" else root / "INBOX"
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    return inbox


def put(inbox: Path, unique: str, data: bytes, flags: str | None = None) -> Path:
    path = inbox / "new" / unique if flags is None else inbox / "cur" / f"{unique}:2,{flags}"
    path.write_bytes(data)
    return path


def adapter(root: Path, **settings: object) -> MaildirAdapter:
    values: dict[str, object] = {"path": str(root), "address": USER}
    values.update(settings)
    return MaildirAdapter("local", values, AdapterContext(clock=FixedClock(NOW)))


def action(kind: ActionKind, target: str = "", payload: str = "") -> OutboxAction:
    return OutboxAction("local", kind, target, NOW, payload)


def files(folder: Path) -> list[str]:
    return sorted(p.parent.name + "/" + p.name for p in folder.glob("[cn][ue]*/*"))


async def test_reads_messages_with_flags_from_file_names(tmp_path: Path) -> None:
    inbox = make_tree(tmp_path)
    put(inbox, "100.a.host", mail(1))
    put(inbox, "101.b.host", mail(2, to="team@acme.example"), flags="FS")
    result = await adapter(tmp_path).fetch(None)
    by_id = {m.remote_id: m for m in result.messages}
    assert set(by_id) == {"100.a.host", "101.b.host"}
    first, second = by_id["100.a.host"], by_id["101.b.host"]
    assert (first.is_read, first.is_flagged, first.is_direct) == (False, False, True)
    assert (second.is_read, second.is_flagged, second.is_direct) == (True, True, False)
    assert first.folder == "INBOX" and first.subject == "Message 1" and first.body == "Body 1"
    assert not result.more


async def test_a_sync_with_nothing_new_reads_no_message_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = make_tree(tmp_path)
    put(inbox, "100.a.host", mail(1))
    source = adapter(tmp_path)
    first = await source.fetch(None)
    parsed: list[str] = []
    original = parse_message

    def counting(raw: bytes, **kwargs: Any) -> Message:
        parsed.append(kwargs["remote_id"])
        return original(raw, **kwargs)

    monkeypatch.setattr(maildir_module, "parse_message", counting)
    again = await source.fetch(first.cursor)
    assert again.messages == [] and parsed == []
    put(inbox, "102.c.host", mail(3))
    newer = await source.fetch(again.cursor)
    assert [m.remote_id for m in newer.messages] == ["102.c.host"] and parsed == ["102.c.host"]


async def test_flag_actions_rename_files_and_the_next_sync_sees_them(tmp_path: Path) -> None:
    inbox = make_tree(tmp_path)
    put(inbox, "100.a.host", mail(1))
    source = adapter(tmp_path)
    cursor = (await source.fetch(None)).cursor
    await source.apply(action(ActionKind.MARK_READ, "100.a.host"))
    await source.apply(action(ActionKind.FLAG, "100.a.host"))
    assert files(inbox) == ["cur/100.a.host:2,FS"]
    changed = await source.fetch(cursor)
    [message] = changed.messages
    assert message.is_read and message.is_flagged
    await source.apply(action(ActionKind.MARK_UNREAD, "100.a.host"))
    await source.apply(action(ActionKind.UNFLAG, "100.a.host"))
    assert files(inbox) == ["cur/100.a.host:2,"]


@pytest.mark.parametrize("style", ["plus", "verbatim"])
async def test_archive_moves_the_file_once(tmp_path: Path, style: str) -> None:
    inbox = make_tree(tmp_path, style)
    put(inbox, "100.a.host", mail(1), flags="S")
    source = adapter(tmp_path)
    await source.fetch(None)
    await source.apply(action(ActionKind.ARCHIVE, "100.a.host"))
    archive = tmp_path / (".Archive" if style == "plus" else "Archive")
    assert files(inbox) == []
    assert files(archive) == ["cur/100.a.host:2,S"]
    await source.apply(action(ActionKind.ARCHIVE, "100.a.host"))  # a retry changes nothing
    assert files(archive) == ["cur/100.a.host:2,S"]
    assert list((archive / "tmp").iterdir()) == []
    with pytest.raises(AdapterError, match="no longer in the Maildir"):
        await source.apply(action(ActionKind.MARK_READ, "999.gone"))


async def test_first_sync_of_a_large_tree_comes_in_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(maildir_module, "PAGE_SIZE", 3)
    inbox = make_tree(tmp_path)
    for n in range(7):
        put(inbox, f"{n}.x.host", mail(n))
    source = adapter(tmp_path)
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        result = await source.fetch(cursor)
        seen += [m.remote_id for m in result.messages]
        cursor = result.cursor
        if not result.more:
            break
    assert sorted(seen) == sorted(f"{n}.x.host" for n in range(7)) and len(seen) == 7


async def test_save_draft_and_send_keep_copies(tmp_path: Path, smtp_server: SmtpServer) -> None:
    make_tree(tmp_path)
    payload = (
        f"From: {USER}\nTo: ana@acme.example\nSubject: Re: Budget\n"
        "In-Reply-To: <m1@acme.example>\nMessage-ID: <r1@acme.example>\n\nApproved.\n"
    )
    source = adapter(
        tmp_path,
        smtp_host="127.0.0.1",
        smtp_port=smtp_server.port,
        smtp_security="plain",
        username=USER,
        password=PASSWORD,
    )
    await source.apply(action(ActionKind.SAVE_DRAFT, payload=payload))
    [draft] = (tmp_path / ".Drafts" / "cur").iterdir()
    assert draft.name.endswith(":2,DS") and b"Subject: Re: Budget\r\n" in draft.read_bytes()
    await source.apply(action(ActionKind.SEND, payload=payload))
    [received] = smtp_server.received
    sent = email.message_from_bytes(received.data, policy=email.policy.default)
    assert sent["In-Reply-To"] == "<m1@acme.example>"
    [copy] = (tmp_path / ".Sent" / "cur").iterdir()
    assert copy.name.endswith(":2,S") and b"Approved." in copy.read_bytes()


async def test_missing_tree_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AdapterError, match="does not exist"):
        await adapter(tmp_path / "nope").fetch(None)
    make_tree(tmp_path)
    assert "INBOX 0" in await adapter(tmp_path).probe()
    with pytest.raises(AdapterError, match="not a Maildir"):
        await adapter(tmp_path, folders=["INBOX", "Lists"]).probe()


def test_cli_sync_and_list_from_a_config_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = make_tree(tmp_path / "Mail", "verbatim")
    put(inbox, "100.a.host", mail(1, "Can you approve the budget?"))
    put(inbox, "101.b.host", mail(2, "Weekly digest"), flags="S")
    config = tmp_path / "config.toml"
    config.write_text(
        f'me = "me"\n[people.me]\nemails = ["{USER}"]\n'
        f'[[sources]]\nname = "local"\nadapter = "maildir"\npath = "{tmp_path / "Mail"}"\n'
    )
    base = ["--config", str(config), "--data-dir", str(tmp_path / "data")]
    assert main(["sync", *base]) == 0
    capsys.readouterr()
    assert main(["list", "inbox", "--json", "--split", "all", *base]) == 0
    listed = json.loads(capsys.readouterr().out)
    subjects = {row["subject"] for row in listed}
    assert subjects == {"Can you approve the budget?", "Weekly digest"}
    assert main(["doctor", *base]) in (0, 2)
