"""A remote action that failed for good is shown with its reason; retry or drop it."""

from __future__ import annotations

from textual.widgets import Static

from ctotui.app import CtoApp
from ctotui.model import ActionKind, OutboxAction, OutboxState
from ctotui.screens.outbox import OutboxScreen
from ctotui.widgets.row_list import RowList


def failed_action(app: CtoApp, action: ActionKind, error: str) -> int:
    store = app.store
    queued = OutboxAction("demo", action, "mail-northwind-escalation", app.clock.now())
    action_id = store.enqueue(queued)
    store.mark_action_failed(action_id, error, final=True)
    return action_id


async def test_failed_action_shows_its_reason_then_retry_applies_it(demo_app: CtoApp) -> None:
    failed_action(demo_app, ActionKind.MARK_READ, "the server said: message was deleted")
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        status = str(demo_app.screen.query_one("SyncStatus", Static).render())
        assert "outbox: 1 failed" in status
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(demo_app.screen, OutboxScreen)
        rows = demo_app.screen.query_one(RowList)
        assert rows.row_count == 1
        line = rows.render_line(1).text
        assert "failed" in line and "message was deleted" in line
        await pilot.press("r")
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        assert demo_app.store.failed_actions() == []
        assert demo_app.store.pending_actions() == []  # the demo source applied it


async def test_drop_forgets_the_action(demo_app: CtoApp) -> None:
    failed_action(demo_app, ActionKind.COMMENT, "comments are not supported here")
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("O")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert demo_app.store.failed_actions() == []
        assert demo_app.screen.query_one(RowList).row_count == 0
        assert all(a.state is not OutboxState.FAILED for a in demo_app.store.pending_actions())
