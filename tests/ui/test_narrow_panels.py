"""Every panel at 60x24: what the user needs is on screen, panes stack, the footer fits."""

from __future__ import annotations

import io

from rich.console import Console

from ctotui.app import CtoApp
from ctotui.model import ActionKind, OutboxAction, TodoStatus
from ctotui.todos import TodoView, view_todos

SIZE = (60, 24)


def screen_text(app: CtoApp) -> list[str]:
    console = Console(width=app.size.width, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(app.screen._compositor.render_update(full=True, simplify=True))
    return capture.get().splitlines()


async def show(app: CtoApp, pilot, *keys: str) -> list[str]:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.pause()
    lines = screen_text(app)
    assert len(lines) == SIZE[1]
    assert all(len(line) <= SIZE[0] for line in lines)
    # The footer is one line, the palette key still on it.
    assert "^p palette" in lines[-1]
    return lines


def assert_beside_nothing(lines: list[str], words: str) -> None:
    """`words` is on screen in full, so the column holding it was not squeezed to nothing."""
    assert any(words in line for line in lines), words


async def test_home_keeps_its_four_cards(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        lines = await show(demo_app, pilot)
        text = "\n".join(lines)
        for title in ("Important mail", "Waiting on me", "To-dos due today", "Sources"):
            assert title in text


async def test_inbox_stacks_the_detail_under_the_list(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        lines = await show(demo_app, pilot, "2")
        detail = demo_app.screen.query_one("#inbox-detail")
        listing = demo_app.screen.query_one("#inbox-list")
        assert detail.region.y > listing.region.y and detail.region.width >= 56
        assert any("From:" in line for line in lines)


async def test_standups_keep_the_titles_readable(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        lines = await show(demo_app, pilot, "3")
        assert any(line.startswith("blocked") for line in lines)
        assert_beside_nothing(lines, "Rate limit partner")


async def test_estimates_show_the_breakdown_with_its_points(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        lines = await show(demo_app, pilot, "4")
        assert_beside_nothing(lines, "Likely")
        assert_beside_nothing(lines, "Discovery")
        assert not demo_app.screen.query_one("#estimates-forecast-box").display


async def test_todos_show_title_and_due_first(demo_app: CtoApp) -> None:
    now = demo_app.clock.now()
    async with demo_app.run_test(size=SIZE) as pilot:
        lines = await show(demo_app, pilot, "5")
        today = view_todos(demo_app.store.list_todos([TodoStatus.OPEN]), TodoView.TODAY, now)
        first = today[0].title
        row = next(line for line in lines if first[:19] in line)
        assert "today" in row or "late" in row


async def test_radar_puts_the_detail_under_the_lists(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        lines = await show(demo_app, pilot, "w")
        detail = demo_app.screen.query_one("#radar-detail")
        lists = demo_app.screen.query_one("#radar-lists")
        assert detail.region.y > lists.region.y and lists.region.width == SIZE[0]
        assert any("Title" in line for line in lines)


async def test_outbox_shows_the_reason_of_a_failed_action(demo_app: CtoApp) -> None:
    store = demo_app.store
    queued = OutboxAction("demo", ActionKind.MARK_READ, "mail-x", demo_app.clock.now())
    store.mark_action_failed(store.enqueue(queued), "message was deleted", final=True)
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("O")
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(demo_app)
        row = next(line for line in lines if "failed" in line and "mark read" in line)
        assert "message was" in row


async def test_help_wraps_inside_the_screen(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        lines = await show(demo_app, pilot, "2", "question_mark")
        assert_beside_nothing(lines, "[inbox.done]")
