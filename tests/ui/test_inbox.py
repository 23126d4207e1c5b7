"""The Inbox panel driven like a user: splits, every verb, undo, snooze return, search, bulk."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ctotui.bulk import is_bulk
from ctotui.model import ActionKind, Message, OutboxAction, TriageState
from ctotui.screens.inbox import InboxScreen
from ctotui.screens.inbox_modals import ConfirmScreen, SnoozeScreen
from ctotui.screens.todo_form import QuickAddScreen
from ctotui.store import IMPORTANT_THRESHOLD, InboxSplit, MessageQuery
from ctotui.widgets.row_list import RowList

if TYPE_CHECKING:
    from ctotui.app import CtoApp


def inbox(app: CtoApp) -> InboxScreen:
    screen = app.screen
    assert isinstance(screen, InboxScreen)
    return screen


def rows(app: CtoApp) -> RowList[Message]:
    return app.screen.query_one("#inbox-list", RowList)


def listed(app: CtoApp) -> list[Message]:
    rl = rows(app)
    return list(rl._source.fetch(0, rl.row_count))


def bar(app: CtoApp, widget: str = "#inbox-splits") -> str:
    return str(app.screen.query_one(widget).render())


async def test_splits_sort_the_queue(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        labels = [v.label for v in inbox(demo_app).views]
        assert labels[:4] == ["Important", "Other", "Feed", "All"]
        assert {"Unanswered", "Waiting on me", "Done"} <= set(labels)
        assert all(m.importance >= IMPORTANT_THRESHOLD for m in listed(demo_app))
        await pilot.press("right")
        await pilot.pause()
        other = listed(demo_app)
        assert other and not any(is_bulk(m) for m in other)
        await pilot.press("right")
        await pilot.pause()
        feed = listed(demo_app)
        assert feed and all(is_bulk(m) for m in feed)
        assert all(m.importance < IMPORTANT_THRESHOLD for m in feed + other)
        await pilot.press("right")
        await pilot.pause()
        everything = rows(demo_app).row_count
        assert everything == demo_app.store.count_messages(
            MessageQuery(split=InboxSplit.NEW, now=demo_app.clock.now())
        )
        for _ in range(labels.index("Unanswered") - 3):
            await pilot.press("right")
        await pilot.pause()
        assert inbox(demo_app).view.label == "Unanswered"
        unanswered = listed(demo_app)
        assert unanswered and unanswered == sorted(unanswered, key=lambda m: m.received_at)
        assert "Left in Important:" in bar(demo_app, "#inbox-progress")


async def test_done_archives_counts_today_and_undo(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        first = rows(demo_app).current_row
        assert first is not None and first.id is not None
        before = rows(demo_app).row_count
        await pilot.press("e")
        await pilot.pause()
        await demo_app.workers.wait_for_complete()
        assert rows(demo_app).row_count == before - 1
        stored = demo_app.store.get_message(first.id)
        assert stored is not None and stored.triage is TriageState.DONE
        assert "Done today: 1" in bar(demo_app, "#inbox-progress")
        assert demo_app.store.pending_actions() == []  # the demo source applied the archive
        await pilot.press("z")
        await pilot.pause()
        assert rows(demo_app).row_count == before
        restored = demo_app.store.get_message(first.id)
        assert restored is not None and restored.triage is TriageState.NEW


async def test_star_read_and_their_undo(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "right")
        await pilot.pause()
        message = rows(demo_app).current_row
        assert message is not None and message.id is not None
        await pilot.press("s")
        await pilot.pause()
        starred = demo_app.store.get_message(message.id)
        assert starred is not None and starred.is_flagged is not message.is_flagged
        await pilot.press("z")
        await pilot.pause()
        await demo_app.workers.wait_for_complete()
        back = demo_app.store.get_message(message.id)
        assert back is not None and back.is_flagged is message.is_flagged
        await pilot.press("r")
        await pilot.pause()
        toggled = demo_app.store.get_message(message.id)
        assert toggled is not None and toggled.is_read is not message.is_read
        await demo_app.workers.wait_for_complete()
        assert demo_app.store.failed_actions() == []


async def test_snooze_hides_until_its_time(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        message = rows(demo_app).current_row
        assert message is not None and message.id is not None
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(demo_app.screen, SnoozeScreen)
        await pilot.press("down", "enter")  # Tomorrow morning
        await pilot.pause()
        assert isinstance(demo_app.screen, InboxScreen)
        assert message.id not in [m.id for m in listed(demo_app)]
        await pilot.press("slash", *"is:snoozed", "enter")
        await pilot.pause()
        assert [m.id for m in listed(demo_app)] == [message.id]
        await pilot.press("escape")
        demo_app.clock.at += timedelta(days=1)  # type: ignore[attr-defined]
        demo_app.changed()
        await pilot.pause()
        assert message.id in [m.id for m in listed(demo_app)]


async def test_typed_snooze_unless_someone_replies(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        message = rows(demo_app).current_row
        assert message is not None and message.id is not None
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("tab", *"nonsense", "enter")
        await pilot.pause()
        assert "Not a time" in str(demo_app.screen.query_one("#inbox-snooze-error").render())
        await pilot.press("tab", "space")  # tick "unless someone replies"
        await pilot.press("shift+tab", *["backspace"] * 8, *"3d", "enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, InboxScreen)
        assert demo_app.store.wakes_on_reply(message.id)
        assert message.id not in [m.id for m in listed(demo_app)]


async def test_todo_copy_and_search(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        message = rows(demo_app).current_row
        assert message is not None
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(demo_app.screen, QuickAddScreen)
        await pilot.press("enter")
        await pilot.pause()
        todos = [t for t in demo_app.store.list_todos() if t.links]
        link = f"message:{message.source}:{message.remote_id}"
        assert any(link in t.links for t in todos)
        await pilot.press("y")
        await pilot.pause()
        if message.url:
            assert demo_app.clipboard == message.url
            assert any("Copied the link" in n.message for n in demo_app._notifications)
        else:
            assert any("has no web link" in n.message for n in demo_app._notifications)
        await pilot.press("slash", *"from:ana is:unread", "enter")
        await pilot.pause()
        found = listed(demo_app)
        assert found and all("ana" in (m.sender_address + m.sender_name).lower() for m in found)
        assert all(not m.is_read for m in found)
        assert "search: from:ana is:unread" in bar(demo_app)


async def test_multi_select_and_bulk_done(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "right", "right")  # Feed
        await pilot.pause()
        feed = rows(demo_app).row_count
        assert feed > 3
        await pilot.press("space", "x")
        await pilot.pause()
        assert "Selected: 2" in bar(demo_app, "#inbox-progress")
        await pilot.press("E")
        await pilot.pause()
        assert rows(demo_app).row_count == feed - 2
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(demo_app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert rows(demo_app).row_count == feed - 2
        await pilot.press("E", "y")
        await pilot.pause()
        assert rows(demo_app).row_count == 0
        await pilot.press("z")
        await pilot.pause()
        assert rows(demo_app).row_count == feed - 2


async def test_failed_remote_action_shows_on_the_item(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        message = rows(demo_app).current_row
        assert message is not None
        store = demo_app.store
        action_id = store.enqueue(
            OutboxAction(
                message.source, ActionKind.ARCHIVE, message.remote_id, demo_app.clock.now()
            )
        )
        store.mark_action_failed(action_id, "server said no", final=True)
        demo_app.changed()
        await pilot.pause()
        detail = str(demo_app.screen.query_one("#inbox-message").render())
        assert "Failed: archive" in detail and "server said no" in detail
