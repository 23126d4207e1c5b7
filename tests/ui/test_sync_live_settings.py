"""Sync settings changed in the app apply to the running scheduler, and ctrl+x works everywhere.

`[sync] per_host` lowered or raised in the Settings screen reaches syncs that
wait for a slot right now; a source's interval reaches the scheduler. The
cancel key stops a sync even while a text input has focus, and leaves the
input its own ctrl+x (cut) when text is selected.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_fakes import PagedTracker, controls, settle, source_table
from textual.pilot import Pilot
from textual.widgets import Input, Static, TabbedContent

import ctotui.config
from ctotui.app import CtoApp
from ctotui.clock import FixedClock
from ctotui.config import load_config
from ctotui.config_schema import DeclaredAdapter, fixed_class
from ctotui.screens.settings import SettingsScreen
from ctotui.screens.todo_form import QuickAddScreen
from ctotui.settings_file import settings_path
from ctotui.sync_scheduler import Phase
from ctotui.workspace import Workspace, open_workspace


@pytest.fixture(autouse=True)
def paged_adapter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Config files here name the test adapter "paged"; reloads must find it too."""
    real = ctotui.config._registry_declare

    def declare(name: str) -> DeclaredAdapter:
        if name == "paged":
            return PagedTracker.options, fixed_class(PagedTracker)
        return real(name)

    monkeypatch.setattr(ctotui.config, "_registry_declare", declare)


def paged_workspace(tmp_path: Path, clock: FixedClock, text: str) -> Workspace:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    workspace = open_workspace(
        config_arg=str(config), data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
    )
    assert not workspace.config.problems, workspace.config.problems
    return workspace


async def set_field(pilot: Pilot[None], screen: SettingsScreen, index: int, value: str) -> str:
    field = screen.query_one(f"#sync-fields #field-{index}", Input)
    field.focus()
    field.value = value
    await pilot.press("enter")
    await pilot.pause()
    return str(screen.query_one("#settings-status", Static).render())


async def test_per_host_and_intervals_from_settings_apply_without_a_restart(
    tmp_path: Path, clock: FixedClock
) -> None:
    state = controls()
    state.hold = {("a", 0), ("b", 0)}
    text = "\n".join(
        [
            source_table("a", "same.acme.example", interval=600, pages=1),
            source_table("b", "same.acme.example", interval=600, pages=1),
            "[sync]\nper_host = 1\n",
        ]
    )
    workspace = paged_workspace(tmp_path, clock, text)
    config_before = workspace.config_path.read_bytes()
    try:
        app = CtoApp(workspace, clock=clock, sync_on_start=False)
        async with app.run_test(size=(100, 30)) as pilot:
            app.action_sync()
            await settle(lambda: len(state.waiting) == 1)
            [first] = state.waiting
            second = "b" if first == "a" else "a"
            await pilot.pause()
            assert app.scheduler.runs[second].phase is Phase.QUEUED  # no free slot
            await pilot.press("comma")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SettingsScreen)
            screen.query_one(TabbedContent).active = "tab-sync"
            await pilot.pause()
            per_host = screen.query_one("#sync-fields #field-2", Input)
            assert per_host.value == "1"
            status = await set_field(pilot, screen, 2, "2")
            assert "Syncs at once per server: saved" in status
            await settle(lambda: state.waiting == {"a", "b"})  # let in while the first runs
            assert app.scheduler.runs[second].phase is Phase.RUNNING
            assert app.config.sync.per_host == 2
            status = await set_field(pilot, screen, 0, "60")
            assert app.scheduler.runs["a"].interval == 60
            assert app.scheduler.runs["b"].interval == 600
            state.release.set()  # type: ignore[union-attr]
            await settle(lambda: not app.scheduler.busy)
            await pilot.pause()
        settings = settings_path(workspace.config_path).read_text(encoding="utf-8")
        assert "[sync]\nper_host = 2" in settings
        assert workspace.config_path.read_bytes() == config_before
        restarted = load_config(workspace.config_path)
        assert restarted.sync.per_host == 2 and restarted.sources[0].interval == 60
    finally:
        workspace.close()


async def test_a_bad_per_host_is_shown_on_its_field_and_not_applied(
    tmp_path: Path, clock: FixedClock
) -> None:
    controls()
    workspace = paged_workspace(tmp_path, clock, source_table("a", "x.acme.example"))
    try:
        app = CtoApp(workspace, clock=clock, sync_on_start=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("comma")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SettingsScreen)
            screen.query_one(TabbedContent).active = "tab-sync"
            await pilot.pause()
            await set_field(pilot, screen, 1, "99")
            error = str(screen.query_one("#sync-fields #field-1-error", Static).render())
            assert "per_host 99 is outside 1 to 16" in error
            assert app.config.sync.per_host == 2
            assert not settings_path(workspace.config_path).exists()
    finally:
        workspace.close()


async def test_ctrl_x_cancels_a_sync_while_a_text_input_has_focus(
    tmp_path: Path, clock: FixedClock
) -> None:
    state = controls()
    state.hold = {("tracker", 1)}
    workspace = paged_workspace(tmp_path, clock, source_table("tracker", "t.acme.example"))
    try:
        app = CtoApp(workspace, clock=clock, sync_on_start=False)
        async with app.run_test(size=(100, 30)) as pilot:
            app.action_sync()
            await settle(lambda: "tracker" in state.waiting)
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, QuickAddScreen)
            field = app.screen.query_one(Input)
            assert app.focused is field
            await pilot.press(*"call dana")
            await pilot.press("shift+home")  # select it: ctrl+x is the input's cut now
            await pilot.pause()
            await pilot.press("ctrl+x")
            await pilot.pause()
            assert field.value == "" and app.sync_busy  # cut, and the sync goes on
            await pilot.press(*"review")
            await pilot.press("ctrl+x")  # nothing selected: the sync is cancelled
            await settle(lambda: not app.sync_busy)
            await pilot.pause()
            assert app.scheduler.runs["tracker"].phase is Phase.CANCELLED
            assert field.value == "review" and isinstance(app.screen, QuickAddScreen)
            assert app.store.get_cursor("tracker") == "1"  # the first page is kept
            await pilot.press("ctrl+x")  # no sync running: the input keeps its key
            await pilot.pause()
            assert field.value == "review" and isinstance(app.screen, QuickAddScreen)
    finally:
        workspace.close()
