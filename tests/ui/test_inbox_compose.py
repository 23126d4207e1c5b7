"""Reply, forward and chat reply from the Inbox, through a source that can send.

The demo source cannot send, so these tests configure a small adapter that
can; the editor step is replaced by a function that edits the file the way a
user would in $EDITOR.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import timedelta
from email import message_from_string, policy
from pathlib import Path
from typing import ClassVar

import pytest

import ctotui.registry
from ctotui.adapters.base import Adapter, FetchResult
from ctotui.model import ActionKind, Message, MessageKind, OutboxAction, SourceKind
from ctotui.screens import inbox_compose
from ctotui.screens.inbox_modals import ChatReplyScreen, SendChoiceScreen
from ctotui.widgets.row_list import RowList

CONFIG = """
me = "robin"
[people.robin]
name = "Robin Avery"
emails = ["cto@acme.example"]

[[sources]]
name = "work"
adapter = "sendmail-test"
"""


class SendingAdapter(Adapter):
    """One mail and one chat message; records every action applied."""

    name: ClassVar[str] = "sendmail-test"
    kinds: ClassVar[frozenset[SourceKind]] = frozenset({SourceKind.MAIL, SourceKind.CHAT})
    actions: ClassVar[frozenset[ActionKind]] = frozenset(
        {ActionKind.SEND, ActionKind.SAVE_DRAFT, ActionKind.REPLY, ActionKind.ARCHIVE}
    )
    applied: ClassVar[list[OutboxAction]] = []

    async def fetch(self, cursor: str | None) -> FetchResult:
        now = self.context.clock.now()
        mail = Message(
            source=self.source,
            remote_id="m1",
            kind=MessageKind.MAIL,
            folder="INBOX",
            sender_name="Nora Lindgren",
            sender_address="nora@northwind.example",
            subject="Portal timeline?",
            body="Can you commit to a date?",
            received_at=now - timedelta(hours=2),
            recipients=("cto@acme.example",),
            cc=("ana@acme.example",),
            message_id="<q1@northwind.example>",
            is_direct=True,
        )
        chat = Message(
            source=self.source,
            remote_id="c1",
            kind=MessageKind.CHAT,
            folder="dm-ana",
            sender_name="Ana",
            sender_address="ana",
            subject="",
            body="Do you have 5 minutes?",
            received_at=now - timedelta(hours=1),
            is_direct=True,
        )
        partial = dataclasses.replace(
            mail,
            remote_id="m2",
            subject="\x1b[31mLong report [bold red]not markup[/]",
            body="The first lines…",
            body_complete=False,
            message_id="<r2@northwind.example>",
            received_at=now - timedelta(hours=3),
        )
        return FetchResult(cursor="1", messages=[mail, chat, partial])

    async def fetch_full(self, message: Message) -> Message | None:
        return dataclasses.replace(
            message, body="The whole report, every line.", body_complete=True
        )

    async def apply(self, action: OutboxAction) -> None:
        self.applied.append(action)


@pytest.fixture
async def app(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[object]:
    from ctotui.app import CtoApp
    from ctotui.sync import SyncEngine
    from ctotui.workspace import open_workspace

    monkeypatch.setattr(ctotui.registry, "load_adapter", lambda name: SendingAdapter)
    SendingAdapter.applied.clear()
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    workspace = open_workspace(
        config_arg=str(config), data_dir_arg=str(tmp_path / "d"), demo=False, clock=clock
    )
    assert workspace.config.problems == ()
    await SyncEngine(workspace.store, workspace.config, clock).sync_all()
    yield CtoApp(workspace, clock=clock, sync_on_start=False)
    workspace.close()


def editor_writing(body: str, *, to: str | None = None):  # type: ignore[no-untyped-def]
    def run(app: object, path: Path) -> None:
        text = path.read_text()
        head, _, rest = text.partition("\n\n")
        if to is not None:
            head = "\n".join(
                f"To: {to}" if line.startswith("To:") else line for line in head.splitlines()
            )
        path.write_text(f"{head}\n\n{body}\n{rest}")

    return run


async def select(pilot, app, remote_id: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("2", "right", "right", "right")  # All
    await pilot.pause()
    rows = app.screen.query_one("#inbox-list", RowList)
    for index in range(rows.row_count):
        rows.move_cursor(index)
        if rows.current_row.remote_id == remote_id:
            break
    await pilot.pause()


async def test_reply_all_is_edited_then_sent_with_threading_headers(
    app, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(inbox_compose, "run_editor", editor_writing("Yes: 1 December."))
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, app, "m1")
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, SendChoiceScreen)
        await pilot.press("s")
        await pilot.pause()
        await app.workers.wait_for_complete()
    (sent,) = SendingAdapter.applied
    assert sent.action is ActionKind.SEND and sent.target == "m1"
    mail = message_from_string(sent.payload, policy=policy.default)
    assert mail["Subject"] == "Re: Portal timeline?"
    assert mail["In-Reply-To"] == "<q1@northwind.example>"
    assert "<q1@northwind.example>" in mail["References"]
    assert "nora@northwind.example" in mail["To"] and "ana@acme.example" in mail["Cc"]
    assert "cto@acme.example" in mail["From"]
    assert "Yes: 1 December." in mail.get_content()


async def test_forward_saved_as_draft(app, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(inbox_compose, "run_editor", editor_writing("FYI", to="legal@acme.example"))
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, app, "m1")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await app.workers.wait_for_complete()
    (draft,) = SendingAdapter.applied
    assert draft.action is ActionKind.SAVE_DRAFT
    mail = message_from_string(draft.payload, policy=policy.default)
    assert mail["Subject"] == "Fwd: Portal timeline?" and "legal@acme.example" in mail["To"]


async def test_unchanged_draft_is_discarded(app, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(inbox_compose, "run_editor", lambda app, path: None)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, app, "m1")
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, SendChoiceScreen)
    assert SendingAdapter.applied == []
    assert app.store.pending_actions() == []


async def test_chat_reply_inline(app) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, app, "c1")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ChatReplyScreen)
        await pilot.press(*"on my way", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
    (reply,) = SendingAdapter.applied
    assert (reply.action, reply.target, reply.payload) == (ActionKind.REPLY, "c1", "on my way")


async def test_reply_not_offered_where_the_source_cannot_send(demo_app) -> None:  # type: ignore[no-untyped-def]
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = demo_app.screen
        assert screen.check_action("reply", ()) is False
        await pilot.press("a")
        await pilot.pause()
        assert screen is demo_app.screen
        assert demo_app.store.pending_actions() == []


async def test_opening_a_partial_message_loads_its_body_as_plain_text(app) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, app, "m2")
        detail = str(app.screen.query_one("#inbox-message").render())
        assert "loading the full message" in detail
        assert "[bold red]not markup[/]" in detail and "\x1b" not in detail
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        detail = str(app.screen.query_one("#inbox-message").render())
        assert "The whole report, every line." in detail
        (stored,) = [m for m in app.store.search_messages("report") if m.remote_id == "m2"]
        assert stored.body_complete and stored.is_read
