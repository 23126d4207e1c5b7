"""The app as a user meets it: panels by key and palette, help, quit, verbs, problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from ctotui.app import CtoApp
from ctotui.screens.help import HelpScreen
from ctotui.screens.problems import ProblemsScreen
from ctotui.store import InboxSplit
from ctotui.widgets.row_list import RowList


def screen_text(app: CtoApp) -> str:
    """Everything the screen shows, as plain text."""
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static) if widget.display)


async def test_opens_on_home_with_figures_from_the_store(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert demo_app.current_mode == "home"
        summary = str(demo_app.screen.query_one("#home-summary", Static).render())
        counts = demo_app.store.inbox_counts(demo_app.clock.now())
        assert f"{counts[InboxSplit.NEW]} new" in summary
        assert "waiting on me" in summary
        sources = str(demo_app.screen.query_one("#home-sources", Static).render())
        assert "demo" in sources and "✓" in sources


@pytest.mark.parametrize(
    ("key", "mode"),
    [("2", "inbox"), ("3", "standups"), ("4", "estimates"), ("5", "todos"), ("1", "home")],
)
async def test_number_keys_switch_panels(demo_app: CtoApp, key: str, mode: str) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2" if key == "1" else "1")
        await pilot.press(key)
        await pilot.pause()
        assert demo_app.current_mode == mode


async def test_every_panel_shows_demo_data(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        inbox = demo_app.screen.query_one("#inbox-list", RowList)
        assert inbox.row_count > 0
        await pilot.press("3")
        await pilot.pause()
        assert "api" in screen_text(demo_app).lower()
        await pilot.press("4")
        await pilot.pause()
        estimate = demo_app.store.list_estimates()[0]
        assert estimate.name in screen_text(demo_app)
        await pilot.press("5")
        await pilot.pause()
        assert any(lst.row_count > 0 for lst in demo_app.screen.query(RowList))


async def test_help_lists_the_current_screens_keys(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)
        text = screen_text(demo_app)
        for description in ("Done", "Read/unread", "Search", "Inbox", "Quit", "Sync"):
            assert description in text
        await pilot.press("escape")
        assert not isinstance(demo_app.screen, HelpScreen)


async def test_q_quits(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not demo_app.is_running


async def test_command_palette_reaches_a_panel(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to To-dos")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert demo_app.current_mode == "todos"


async def test_done_removes_from_queue_and_undo_restores(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        rows = demo_app.screen.query_one("#inbox-list", RowList)
        before = rows.row_count
        first = rows.current_row
        assert first is not None
        await pilot.press("d")
        await pilot.pause()
        assert rows.row_count == before - 1
        assert rows.current_row is not None and rows.current_row.id != first.id
        counts = demo_app.store.inbox_counts(demo_app.clock.now())
        assert counts[InboxSplit.DONE] == 1
        await pilot.press("u")
        await pilot.pause()
        assert rows.row_count == before


async def test_split_keys_and_search(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        rows = demo_app.screen.query_one("#inbox-list", RowList)
        important = rows.row_count
        await pilot.press("right")
        await pilot.pause()
        assert rows.row_count >= important  # New holds at least the Important ones
        await pilot.press("slash", *"incident", "enter")
        await pilot.pause()
        assert 0 < rows.row_count < important + 100
        row = rows.current_row
        assert row is not None
        assert "incident" in (row.subject + row.body).lower()
        await pilot.press("escape")
        await pilot.pause()


async def test_read_toggle_queues_a_remote_action(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "right")  # New split
        await pilot.pause()
        rows = demo_app.screen.query_one("#inbox-list", RowList)
        message = rows.current_row
        assert message is not None and message.id is not None
        await pilot.press("r")
        await pilot.pause()
        await demo_app.workers.wait_for_complete()
        stored = demo_app.store.get_message(message.id)
        assert stored is not None and stored.is_read is (not message.is_read)
        assert demo_app.store.pending_actions() == []  # the demo source applied it
        assert demo_app.store.failed_actions() == []


async def test_broken_config_shows_problems_and_still_opens(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    from ctotui.workspace import open_workspace

    config = tmp_path / "config.toml"
    config.write_text(
        '[[sources]]\nname = "x"\nadapter = "no-such-adapter"\n\n'
        '[[sources]]\nname = "d"\nadapter = "demo"\n'
    )
    workspace = open_workspace(
        config_arg=str(config), data_dir_arg=str(tmp_path / "d"), demo=False, clock=clock
    )
    app = CtoApp(workspace, clock=clock, sync_on_start=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(app)
        assert "no-such-adapter" in text and "sources[0]" in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "home"
        assert [s.name for s in app.config.sources] == ["d"]
    workspace.close()


async def test_unknown_theme_falls_back(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    from ctotui.workspace import open_workspace

    config = tmp_path / "config.toml"
    config.write_text('[ui]\ntheme = "no-such-theme"\n')
    workspace = open_workspace(
        config_arg=str(config), data_dir_arg=str(tmp_path / "d"), demo=False, clock=clock
    )
    app = CtoApp(workspace, clock=clock, sync_on_start=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in n.message for n in app._notifications)
    workspace.close()


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_usable_at_small_and_large_sizes(demo_app: CtoApp, size: tuple[int, int]) -> None:
    async with demo_app.run_test(size=size) as pilot:
        for key in "23451":
            await pilot.press(key)
            await pilot.pause()
        assert demo_app.current_mode == "home"
        region = demo_app.screen.query_one("#home-mail").region
        assert region.width > 10 and region.height >= 4
