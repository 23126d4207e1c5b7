"""A theme chosen by any route (the command palette's "Change theme" too) is kept.

The Settings screen saves its own choice; every other change of the app's
`theme` is written to settings.toml here, the same way, so the next start
shows it. config.toml is never touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ctotui.app import CtoApp


def save_chosen_theme(app: CtoApp, name: str) -> bool:
    """Write `name` as `[ui] theme` of settings.toml; False when nothing needed writing.

    A theme equal to the one the config (with settings) already names is the
    start-up or a reload applying it, not a choice, so nothing is written.
    """
    if name == app.config.ui.theme or getattr(app.screen, "SAVES_ITS_THEME", False):
        return False
    from ctotui.settings_file import current_settings, save_settings, settings_path

    config_path = app.workspace.config_path
    settings = current_settings(config_path)
    settings.setdefault("ui", {})["theme"] = name
    try:
        save_settings(settings_path(config_path), settings)
    except OSError as error:
        app.notify(
            f"Could not save the theme: {error.strerror or error}",
            title="Theme",
            severity="error",
        )
        return False
    app.reload_config()
    return True
