"""A theme picked in the command palette is kept like one picked in Settings."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.pilot import Pilot

from ctotui.app import CtoApp
from ctotui.clock import FixedClock
from ctotui.settings_file import settings_path
from ctotui.workspace import open_workspace


async def pick_theme_in_palette(pilot: Pilot[None], name: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*"theme")  # Textual's "Theme: Change the current theme"
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.3)
    assert isinstance(pilot.app.screen, CommandPalette)  # now the list of themes
    await pilot.press(*name)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


def restarted(config_path: Path, data_dir: Path, clock: FixedClock) -> CtoApp:
    workspace = open_workspace(
        config_arg=str(config_path), data_dir_arg=str(data_dir), demo=False, clock=clock
    )
    return CtoApp(workspace, clock=clock, sync_on_start=False)


async def test_a_palette_theme_survives_a_restart_and_config_is_untouched(
    tmp_path: Path, clock: FixedClock
) -> None:
    config_path = tmp_path / "config.toml"
    config_path.write_bytes(b'# mine\n[ui]\ntheme = "nord"  # my theme\n')
    before = config_path.read_bytes()
    data_dir = tmp_path / "data"

    app = restarted(config_path, data_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert pilot.app.theme == "nord"
        assert not settings_path(config_path).exists()  # start-up writes nothing
        await pick_theme_in_palette(pilot, "dracula")
        assert pilot.app.theme == "dracula"
    app.workspace.close()
    assert config_path.read_bytes() == before
    assert 'theme = "dracula"' in settings_path(config_path).read_text()

    again = restarted(config_path, data_dir, clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert pilot.app.theme == "dracula"
    again.workspace.close()
    assert config_path.read_bytes() == before


async def test_an_unknown_theme_in_the_config_is_not_overwritten_at_start(
    tmp_path: Path, clock: FixedClock
) -> None:
    """The fallback theme is shown, not saved: the error stays the user's to fix."""
    config_path = tmp_path / "config.toml"
    config_path.write_text('[ui]\ntheme = "no-such-theme"\n')
    app = restarted(config_path, tmp_path / "data", clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert pilot.app.theme == "textual-dark"
    app.workspace.close()
    assert not settings_path(config_path).exists()
