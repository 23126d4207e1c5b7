"""`[ui.keys]`: users rebind by binding id; help shows their keys; mistakes are reported."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from ctotui.app import CtoApp, known_binding_ids
from ctotui.config import config_from_text
from ctotui.screens.help import HelpScreen


async def _app(tmp_path: Path, clock, keys: str) -> CtoApp:  # type: ignore[no-untyped-def]
    from ctotui.sync import SyncEngine
    from ctotui.workspace import open_workspace

    workspace = open_workspace(
        config_arg=None, data_dir_arg=str(tmp_path / "demo"), demo=True, clock=clock
    )
    text = workspace.config_path.read_text()
    workspace.config_path.write_text(text.replace("[ui]", f"[ui.keys]\n{keys}\n\n[ui]", 1))
    workspace.close()
    workspace = open_workspace(
        config_arg=None, data_dir_arg=str(tmp_path / "demo"), demo=True, clock=clock
    )
    assert not workspace.config.problems, workspace.config.problems
    await SyncEngine(workspace.store, workspace.config, clock).sync_all()
    return CtoApp(workspace, clock=clock, sync_on_start=False)


async def test_rebound_panel_key_works_and_help_shows_it(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    app = await _app(tmp_path, clock, '"app.inbox" = "i"')
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        assert app.current_mode == "inbox"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert any(
            line.strip().startswith("i ") and "Inbox" in line for line in help_text.splitlines()
        )
    app.workspace.close()


async def test_unknown_binding_id_is_reported(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    app = await _app(tmp_path, clock, '"inbox.teleport" = "T"')
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("inbox.teleport" in n.message for n in app._notifications)
    app.workspace.close()


def test_keymap_shape_errors_name_the_key() -> None:
    config = config_from_text(
        '[ui.keys]\n"not an id" = "x"\n"app.sync" = ""\n"app.help" = "ctrl+enter"\n'
    )
    text = "\n".join(str(p) for p in config.problems)
    assert "ui.keys.not an id" in text and "not a binding id" in text
    assert "ui.keys.app.sync" in text and "ui.keys.app.help" in text
    assert "terminals do not send" in text


def test_every_binding_has_an_id() -> None:
    ids = known_binding_ids()
    assert {"app.sync", "app.quit", "app.help", "row_list.down"} <= ids
