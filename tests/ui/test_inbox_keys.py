"""Keys on the inbox as a fast typist sends them: nothing typed into search reaches a verb."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input

from ctotui.screens.inbox import InboxScreen
from ctotui.store import InboxSplit, MessageQuery
from ctotui.widgets.row_list import RowList

if TYPE_CHECKING:
    from ctotui.app import CtoApp


def _type_at_once(app: CtoApp, keys: str) -> None:
    """Queue every key before the app handles the first, as a fast burst arrives."""
    for key in keys:
        app.post_message(events.Key("slash" if key == "/" else key, key))


async def test_keys_typed_right_after_slash_go_to_the_search_box(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "right", "right", "right")  # All: many rows
        await pilot.pause()
        rows = demo_app.screen.query_one("#inbox-list", RowList)
        before = rows.current_row
        assert before is not None
        done_before = demo_app.store.count_messages(MessageQuery(split=InboxSplit.DONE))
        _type_at_once(demo_app, "/edsrb x")
        await pilot.pause()
        assert isinstance(demo_app.screen, InboxScreen)  # no snooze dialog (b)
        search = demo_app.screen.query_one("#inbox-search", Input)
        assert search.has_focus
        assert search.value == "edsrb x"
        after = demo_app.store.get_message(before.id)
        assert after is not None
        assert after.triage is before.triage  # no Done (e, d)
        assert after.is_flagged is before.is_flagged  # no star (s)
        assert after.is_read is before.is_read  # no read toggle (r)
        assert demo_app.store.count_messages(MessageQuery(split=InboxSplit.DONE)) == done_before
        assert not demo_app.screen.selected  # no selection (space, x)
        await pilot.press("enter")
        assert demo_app.screen.search_text == "edsrb x"


async def test_typed_search_keys_still_open_the_box_one_by_one(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "slash", *"ed")
        search = demo_app.screen.query_one("#inbox-search", Input)
        assert search.has_focus and search.value == "ed"
        await pilot.press("escape")
        assert not search.has_focus
        await pilot.press("slash", "z")
        assert search.value == "z"


async def test_a_remapped_search_key_takes_the_burst_and_slash_no_longer_searches(
    demo_app: CtoApp,
) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        demo_app.update_keymap({"inbox.search": "n"})
        await pilot.press("2")
        await pilot.pause()
        search = demo_app.screen.query_one("#inbox-search", Input)
        _type_at_once(demo_app, "/")
        await pilot.pause()
        assert not search.has_focus
        _type_at_once(demo_app, "nes")
        await pilot.pause()
        assert search.has_focus and search.value == "es"
