"""Settings: theme, keys, triage rules, work weeks and refresh intervals, changed in the app.

Every change applies at once and is saved to settings.toml beside the config
(see `ctotui.settings_file`); the user's own config file is never rewritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from ctotui.screens.binding_catalog import (
    BindingEntry,
    binding_catalog,
    conflicts,
    display_keys,
    effective_keys,
)
from ctotui.screens.settings_fields import (
    FieldsPane,
    calendar_fields,
    interval_fields,
    per_host_field,
    triage_fields,
)
from ctotui.screens.settings_keys import ConflictScreen, KeyCaptureScreen
from ctotui.settings_file import Settings, current_settings, save_settings, settings_path

if TYPE_CHECKING:
    from ctotui.app import CtoApp


class SettingsScreen(ModalScreen[None]):
    """Tabs of settings; enter changes the highlighted one."""

    CSS_PATH = "settings.tcss"
    # Its theme list previews on highlight and saves on enter (see theme_persist).
    SAVES_ITS_THEME: ClassVar[bool] = True
    BINDINGS = [
        Binding("escape", "close", "Close", id="settings.close", tooltip="Back to the panel"),
        Binding(
            "backspace,delete",
            "reset_key",
            "Default key",
            id="settings.reset_key",
            tooltip="Give the highlighted binding its default key again",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.catalog: list[BindingEntry] = []
        self.settings: Settings = {}
        self.saved_theme = ""

    @property
    def cto(self) -> CtoApp:
        return cast("CtoApp", self.app)

    def compose(self) -> ComposeResult:
        config = self.cto.config
        path = settings_path(self.cto.workspace.config_path)
        with Vertical(id="settings-box") as box:
            box.border_title = "Settings"
            box.border_subtitle = Text(f"saved to {path}")
            with TabbedContent(id="settings-tabs"):
                with TabPane("Theme", id="tab-theme"):
                    yield OptionList(id="themes")
                with TabPane("Keys", id="tab-keys"):
                    yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
                    yield Static(
                        "enter: press a new key · backspace: default key", classes="settings-hint"
                    )
                with TabPane("Triage", id="tab-triage"):
                    yield FieldsPane(triage_fields(config), "", id="triage-fields")
                with TabPane("Work week", id="tab-calendar"):
                    yield FieldsPane(
                        calendar_fields(config),
                        "No [[projects]] in the config: work weeks belong to projects.",
                        id="calendar-fields",
                    )
                with TabPane("Sync", id="tab-sync"):
                    yield FieldsPane(
                        [*interval_fields(config), per_host_field(config)],
                        "",
                        id="sync-fields",
                    )
            yield Static(id="settings-status")

    def on_mount(self) -> None:
        self.settings = current_settings(self.cto.workspace.config_path)
        self.saved_theme = self.app.theme
        themes = self.query_one("#themes", OptionList)
        names = sorted(self.app.available_themes)
        themes.add_options(Option(Text(name), id=name) for name in names)
        if self.saved_theme in names:
            themes.highlighted = names.index(self.saved_theme)
        self.catalog = binding_catalog(type(self.app).BINDINGS)
        table = self.query_one("#keys", DataTable)
        table.add_columns("Binding id", "Keys", "Action")
        self._fill_keys()
        self.query_one("#settings-tabs Tabs").focus()
        self._status("←/→ choose a tab · tab moves into it · enter changes · escape closes")

    # Theme -------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.app.theme = event.option.id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.saved_theme = event.option.id
            self._save(("ui", "theme"), event.option.id, f"Theme: {event.option.id}")

    # Keys --------------------------------------------------------------------

    def _keymap(self) -> dict[str, str]:
        return dict(self.cto.config.ui.keys)

    def _fill_keys(self, keep: str | None = None) -> None:
        table = self.query_one("#keys", DataTable)
        table.clear()
        keymap = self._keymap()
        for entry in self.catalog:
            keys = display_keys(effective_keys(entry, keymap))
            changed = entry.binding_id in keymap
            table.add_row(
                Text(entry.binding_id),
                Text(keys, style="bold" if changed else ""),
                Text(entry.description),
                key=entry.binding_id,
            )
        if keep is not None:
            table.move_cursor(row=table.get_row_index(keep))

    def _entry(self, binding_id: str) -> BindingEntry:
        return next(e for e in self.catalog if e.binding_id == binding_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self._rebind(self._entry(event.row_key.value))

    @work(exclusive=True, group="rebind")
    async def _rebind(self, entry: BindingEntry) -> None:
        keymap = self._keymap()
        current = display_keys(effective_keys(entry, keymap))
        key = await self.app.push_screen_wait(KeyCaptureScreen(entry, current))
        if key is None:
            return
        taken = conflicts(entry, key, self.catalog, keymap)
        if taken and not await self.app.push_screen_wait(ConflictScreen(entry, key, taken)):
            return
        self._set_key(entry, key)

    def action_reset_key(self) -> None:
        table = self.query_one("#keys", DataTable)
        if not table.has_focus or table.row_count == 0:
            return
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if row_key is not None:
            self._set_key(self._entry(row_key), None)

    def _set_key(self, entry: BindingEntry, key: str | None) -> None:
        """Bind `key` (None: the default) and save; a config override is outvoted, not edited."""
        keys: dict[str, str] = self.settings.setdefault("ui", {}).setdefault("keys", {})
        in_config = entry.binding_id in _config_keys(self.cto)
        if key is None and not in_config:
            keys.pop(entry.binding_id, None)
        else:
            keys[entry.binding_id] = key or entry.default_keys
        shown = display_keys([key] if key else entry.default_keys.split(","))
        self._persist(f"{entry.binding_id}: {shown}")
        self._fill_keys(keep=entry.binding_id)

    # Fields ------------------------------------------------------------------

    def on_fields_pane_changed(self, event: FieldsPane.Changed) -> None:
        field = event.field
        self._save(field.path, event.value, f"{field.label}: saved")
        if field.path[0] == "triage":
            self._rescore()

    @work(thread=True, exclusive=True, group="rescore")
    def _rescore(self) -> None:
        from ctotui.rescore import rescore_open_messages

        app = self.cto
        changed = rescore_open_messages(app.store, app.config, app.clock.now())
        app.call_from_thread(app.changed)
        app.call_from_thread(self._status, f"Triage rules saved; {changed} message(s) re-ranked")

    # Saving ------------------------------------------------------------------

    def _save(self, path: tuple[str, ...], value: Any, done: str) -> None:
        target = self.settings
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = value
        self._persist(done)

    def _persist(self, done: str) -> None:
        try:
            save_settings(settings_path(self.cto.workspace.config_path), self.settings)
        except OSError as error:
            self._status(f"Could not save settings: {error.strerror or error}", error=True)
            return
        self.cto.reload_config()
        self._status(done)

    def _status(self, text: str, *, error: bool = False) -> None:
        self.query_one("#settings-status", Static).update(
            Text(text, style="bold red" if error else "")
        )

    def action_close(self) -> None:
        if self.app.theme != self.saved_theme:
            self.app.theme = self.saved_theme
        self.dismiss()


def _config_keys(app: CtoApp) -> dict[str, str]:
    """The [ui.keys] of the user's own config file, without settings laid over it."""
    import tomllib

    try:
        data = tomllib.loads(app.workspace.config_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    keys = data.get("ui", {}).get("keys", {})
    return {k: str(v) for k, v in keys.items()} if isinstance(keys, dict) else {}
