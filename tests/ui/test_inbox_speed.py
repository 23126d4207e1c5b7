"""What keeps keys cheap on a big inbox: the preview follows a resting cursor, splits reuse counts,
and Home paints its figures before it reads the radar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from ctotui.screens.inbox import PREVIEW_DELAY, InboxScreen
from ctotui.widgets.row_list import RowList

if TYPE_CHECKING:
    from ctotui.app import CtoApp


def preview(app: CtoApp) -> str:
    return str(app.screen.query_one("#inbox-message", Static).render())


async def test_the_preview_follows_the_cursor_once_it_rests(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "right", "right", "right")  # All: many rows
        await pilot.pause(PREVIEW_DELAY * 3)  # a split switch previews once the cursor rests
        rows = demo_app.screen.query_one("#inbox-list", RowList)
        first = rows.current_row
        assert first is not None and first.subject in preview(demo_app)
        await pilot.press("down", "down", "down")
        await pilot.pause(PREVIEW_DELAY * 3)
        third = rows.current_row
        assert third is not None and third is not first
        assert third.subject in preview(demo_app)
        await pilot.press("end")
        await pilot.pause(PREVIEW_DELAY * 3)
        last = rows.current_row
        assert last is not None and last.subject in preview(demo_app)


async def test_list_keys_say_so_in_their_highlight(demo_app: CtoApp) -> None:
    seen: list[bool] = []
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        rows = demo_app.screen.query_one("#inbox-list", RowList)
        original = rows.post_message

        def record(message):  # type: ignore[no-untyped-def]
            if isinstance(message, RowList.Highlighted):
                seen.append(message.by_key)
            return original(message)

        rows.post_message = record  # type: ignore[method-assign]
        await pilot.press("down")
        rows.move_cursor(0)
        await pilot.pause()
    assert seen == [True, False]


async def test_switching_splits_reuses_the_counts(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        store = demo_app.store
        counted: list[object] = []
        original = store.count_messages

        def count(query):  # type: ignore[no-untyped-def]
            counted.append(query)
            return original(query)

        store.count_messages = count  # type: ignore[method-assign]
        screen = demo_app.screen
        assert isinstance(screen, InboxScreen)
        for _ in screen.views:  # round every split, back to the first
            await pilot.press("right")
            await pilot.pause()
            bar = str(screen.query_one("#inbox-splits", Static).render())
            rows = screen.query_one("#inbox-list", RowList)
            label = screen.view.label
            assert f"{label} {rows.row_count}" in bar
        assert counted == []
        demo_app.changed()  # the data changed: every split is counted again
        await pilot.pause()
        assert len(counted) >= len([v for v in screen.views if v.kind == "query"])


async def test_home_paints_figures_then_the_radar(demo_app: CtoApp) -> None:
    from ctotui.radar import waiting_on_me

    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        summary = str(demo_app.screen.query_one("#home-summary", Static).render())
        expected = waiting_on_me(demo_app.store, demo_app.config, demo_app.clock.now())
        assert f"{len(expected)} waiting on me" in summary
        reviews = str(demo_app.screen.query_one("#home-reviews", Static).render())
        assert "Checking" not in reviews
        assert expected and expected[0].who in reviews


async def test_an_empty_split_says_so_once_the_cursor_rests(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause(PREVIEW_DELAY * 3)
        screen = demo_app.screen
        assert isinstance(screen, InboxScreen)
        await pilot.press("left")  # from Important round to Done: nothing done yet
        assert screen.view.label == "Done" and screen.rows.row_count == 0
        await pilot.pause(PREVIEW_DELAY * 3)
        assert preview(demo_app) == "No message selected."
        await pilot.press("right")
        await pilot.pause(PREVIEW_DELAY * 3)
        first = screen.rows.current_row
        assert first is not None and first.subject in preview(demo_app)


async def test_full_collections_wait_for_rest_while_the_app_runs(demo_app: CtoApp) -> None:
    import gc

    from ctotui.idle_gc import NEVER

    before = gc.get_threshold()
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        collector = demo_app.idle_collector
        assert collector is not None and collector.running
        assert gc.get_threshold()[2] == NEVER
        await pilot.press("2", "down", "end", "right", "home")
        for _ in range(20_000):  # garbage that reaches the oldest generation
            cycle: list[object] = []
            cycle.append(cycle)
        gc.collect(1)
        await pilot.pause(1.0)  # input rested: the timer collects
        assert collector.collections >= 1
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
