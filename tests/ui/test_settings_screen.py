"""The Settings screen: changes apply at once, survive a restart, never touch the config file."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static, TabbedContent

from ctotui.app import CtoApp
from ctotui.clock import FixedClock
from ctotui.screens.outbox import OutboxScreen
from ctotui.screens.settings import SettingsScreen
from ctotui.screens.settings_keys import ConflictScreen, KeyCaptureScreen
from ctotui.settings_file import settings_path
from ctotui.store import IMPORTANT_THRESHOLD
from ctotui.store.inbox import InboxSplit, MessageQuery
from ctotui.workspace import open_workspace


async def open_settings(pilot: Pilot[None], tab: str) -> SettingsScreen:
    await pilot.press("comma")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    screen.query_one(TabbedContent).active = tab
    await pilot.pause()
    return screen


async def rebind(pilot: Pilot[None], screen: SettingsScreen, binding_id: str, key: str) -> None:
    table = screen.query_one("#keys", DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(binding_id))
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, KeyCaptureScreen)
    await pilot.press(key)
    await pilot.pause()


async def test_rebinding_a_key_works_at_once_and_after_a_restart(
    demo_app: CtoApp, tmp_path: Path, clock: FixedClock
) -> None:
    config_path = demo_app.workspace.config_path
    config_before = config_path.read_bytes()
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot, "tab-keys")
        await rebind(pilot, screen, "app.outbox", "ctrl+o")
        assert pilot.app.screen is screen
        status = str(screen.query_one("#settings-status", Static).render())
        assert "app.outbox: ^o" in status
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, OutboxScreen)
    assert config_path.read_bytes() == config_before
    assert '"app.outbox" = "ctrl+o"' in settings_path(config_path).read_text()

    workspace = open_workspace(
        config_arg=None, data_dir_arg=str(tmp_path / "demo"), demo=True, clock=clock
    )
    try:
        restarted = CtoApp(workspace, clock=clock, sync_on_start=False)
        async with restarted.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("O")  # the old key no longer opens it
            await pilot.pause()
            assert not isinstance(pilot.app.screen, OutboxScreen)
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert isinstance(pilot.app.screen, OutboxScreen)
    finally:
        workspace.close()


async def test_a_key_already_taken_asks_before_binding(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot, "tab-keys")
        await rebind(pilot, screen, "app.outbox", "S")
        conflict = pilot.app.screen
        assert isinstance(conflict, ConflictScreen)
        assert [e.binding_id for e in conflict.taken_by] == ["app.sync"]
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "app.outbox" not in demo_app.config.ui.keys
        # Backspace on the row gives a rebound key its default again.
        await rebind(pilot, screen, "app.outbox", "ctrl+o")
        assert demo_app.config.ui.keys["app.outbox"] == "ctrl+o"
        await pilot.press("backspace")
        await pilot.pause()
        assert "app.outbox" not in demo_app.config.ui.keys


async def test_escape_cancels_a_rebind(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot, "tab-keys")
        await rebind(pilot, screen, "app.sync", "escape")
        assert pilot.app.screen is screen
        assert not settings_path(demo_app.workspace.config_path).exists()


async def test_theme_applies_and_persists(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot, "tab-theme")
        themes = screen.query_one("#themes", OptionList)
        themes.focus()
        index = next(
            i for i in range(themes.option_count) if themes.get_option_at_index(i).id == "nord"
        )
        themes.highlighted = index
        await pilot.pause()
        assert pilot.app.theme == "nord"  # a preview while browsing
        await pilot.press("enter")
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.theme == "nord"
    assert 'theme = "nord"' in settings_path(demo_app.workspace.config_path).read_text()


async def test_a_theme_only_browsed_is_not_kept(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        before = pilot.app.theme
        screen = await open_settings(pilot, "tab-theme")
        themes = screen.query_one("#themes", OptionList)
        themes.highlighted = 0
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.theme == before


async def test_a_new_vip_ranks_their_open_mail_as_important(demo_app: CtoApp) -> None:
    store = demo_app.store
    query = MessageQuery(split=InboxSplit.OTHER)
    candidates = store.page_messages(query, 0, 50)
    target = next(m for m in candidates if "@" in m.sender_address)
    assert target.importance < IMPORTANT_THRESHOLD
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot, "tab-triage")
        field = screen.query_one("#triage-fields #field-0", Input)
        field.focus()
        field.value = target.sender_address
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        status = str(screen.query_one("#settings-status", Static).render())
        assert "re-ranked" in status
    assert target.id is not None
    rescored = store.get_message(target.id)
    assert rescored is not None and rescored.importance >= IMPORTANT_THRESHOLD
    assert demo_app.config.triage.vips == (target.sender_address,)


async def test_a_bad_value_is_shown_on_its_field_and_not_saved(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot, "tab-sync")
        field = screen.query_one("#sync-fields #field-0", Input)
        field.focus()
        field.value = "10"
        await pilot.press("enter")
        await pilot.pause()
        error = str(screen.query_one("#sync-fields #field-0-error", Static).render())
        assert "below the minimum of 30 seconds" in error
        assert not settings_path(demo_app.workspace.config_path).exists()
        field.value = "900"
        await pilot.press("enter")
        await pilot.pause()
        assert demo_app.config.sources[0].interval == 900


async def test_work_days_and_holidays_of_a_project(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot, "tab-calendar")
        days = screen.query_one("#calendar-fields #field-0", Input)
        days.focus()
        days.value = "Monday, thu"
        await pilot.press("enter")
        holidays = screen.query_one("#calendar-fields #field-1", Input)
        holidays.focus()
        holidays.value = "2026-12-24, 2026-12-31"
        await pilot.press("enter")
        await pilot.pause()
    project = demo_app.config.projects[0]
    assert project.standup_days == ("mon", "thu")
    assert [d.isoformat() for d in project.holidays] == ["2026-12-24", "2026-12-31"]


async def test_settings_fit_at_80x24(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot, "tab-keys")
        table = screen.query_one("#keys", DataTable)
        assert table.size.height >= 8
        assert screen.query_one("#settings-status").region.bottom <= 24
