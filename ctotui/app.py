"""The Textual application: five panels as modes, background sync, help and palette.

Screens read the local store (never the network) so the dashboard paints at
once; sync runs in a worker after the first frame and bumps `data_version`,
which every panel watches to reload what it shows.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Awaitable, Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen

from ctotui.app_sync import SyncingApp
from ctotui.clock import Clock, SystemClock
from ctotui.color_filter import DepthFilter, with_depth
from ctotui.colors import detect as detect_colors
from ctotui.config import Config
from ctotui.model import ActionKind
from ctotui.sanitize import clean_line, clean_text
from ctotui.screens.home import HOME_CSS, HomeScreen
from ctotui.store import Store
from ctotui.stylesheet_reuse import ReusingStylesheet
from ctotui.workspace import Workspace

if TYPE_CHECKING:
    from ctotui.sync import SyncEngine

PANELS: tuple[tuple[str, str, str], ...] = (
    ("1", "home", "Home"),
    ("2", "inbox", "Inbox"),
    ("3", "standups", "Standups"),
    ("4", "estimates", "Estimates"),
    ("5", "todos", "To-dos"),
)
DEFAULT_THEME = "textual-dark"
NOTICE_LIMIT = 2000  # characters of a notification's message; the rest is cut


def lazy_screen(module: str, name: str) -> Callable[[], Screen[None]]:
    """A mode factory that imports its screen's module on first use, not at start-up."""

    def make() -> Screen[None]:
        screen: Screen[None] = getattr(importlib.import_module(module), name)()
        return screen

    return make


def known_binding_ids() -> set[str]:
    """Every binding id of the app and its screens (imports them: only when a keymap is set)."""
    from ctotui.screens.binding_catalog import binding_catalog

    return {entry.binding_id for entry in binding_catalog(CtoApp.BINDINGS)}


class CtoApp(SyncingApp):
    """ctotui's app. It owns the workspace (config + store) for its whole run."""

    TITLE = "ctotui"
    # Absolute, so subclasses find them too; Home's is read up front (see HOME_CSS).
    CSS_PATH = [Path(__file__).parent / "app.tcss", HOME_CSS]
    MODES = {
        "home": HomeScreen,
        "inbox": lazy_screen("ctotui.screens.inbox", "InboxScreen"),
        "standups": lazy_screen("ctotui.screens.standups", "StandupsScreen"),
        "estimates": lazy_screen("ctotui.screens.estimates", "EstimatesScreen"),
        "todos": lazy_screen("ctotui.screens.todos", "TodosScreen"),
    }
    DEFAULT_MODE = "home"
    # Screens without breakpoints of their own get "-cols-narrow" below 80 columns,
    # so their .tcss can stack or hide panes (60x24 must stay usable).
    HORIZONTAL_BREAKPOINTS = [(0, "-cols-narrow"), (80, "-cols-normal")]
    BINDINGS = [
        *(
            Binding(key, f"switch_mode('{mode}')", title, id=f"app.{mode}", tooltip=f"Show {title}")
            for key, mode, title in PANELS
        ),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key of this screen"),
        Binding("S", "sync", "Sync", id="app.sync", tooltip="Fetch new data from every source"),
        Binding(
            "ctrl+x",
            "cancel_sync",
            "Cancel sync",
            id="app.sync_cancel",
            tooltip="Stop the running sync; everything fetched so far is kept",
            priority=True,  # also from a text input (which keeps it to cut a selection)
        ),
        Binding(
            "O",
            "outbox",
            "Outbox",
            id="app.outbox",
            show=False,
            tooltip="Remote actions waiting or failed: retry or drop",
        ),
        Binding(
            "t",
            "quick_add",
            "To-do",
            id="app.quick_add",
            tooltip="Quick add a to-do from any panel",
            show=False,
        ),
        Binding(
            "comma",
            "settings",
            "Settings",
            id="app.settings",
            show=False,
            tooltip="Theme, keys, triage rules, work weeks, refresh intervals",
        ),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave ctotui"),
    ]

    data_version: reactive[int] = reactive(0)
    """Bumped whenever the store changed under the screens (sync landed, action applied)."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        clock: Clock | None = None,
        sync_on_start: bool = True,
    ) -> None:
        super().__init__()
        self.stylesheet = ReusingStylesheet(variables=self.get_css_variables())
        self.workspace = workspace
        self.clock: Clock = clock or SystemClock()
        self.sync_on_start = sync_on_start
        self._engine: SyncEngine | None = None
        self.color_depth = detect_colors(os.environ, workspace.config.ui.colors)
        self._depth_filter = DepthFilter(self.color_depth)
        if workspace.demo:
            self.sub_title = "demo workspace"

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Every line is drawn in the color depth decided at start (see ctotui.colors)."""
        return with_depth(super().get_line_filters(), self._depth_filter)

    @property
    def engine(self) -> SyncEngine:
        """The sync engine, set up on first use: after the first frame, not at start-up."""
        if self._engine is None:
            from ctotui.sync import SyncEngine

            self._engine = SyncEngine(self.workspace.store, self.workspace.config, self.clock)
        return self._engine

    @engine.setter
    def engine(self, engine: SyncEngine) -> None:
        self._engine = engine

    @property
    def store(self) -> Store:
        return self.workspace.store

    @property
    def config(self) -> Config:
        return self.workspace.config

    def on_mount(self) -> None:
        self._apply_theme(self.config.ui.theme)
        self._apply_keymap()
        if self.config.problems:
            from ctotui.screens.problems import ProblemsScreen

            self.push_screen(ProblemsScreen(self.workspace.config_path, self.config.problems))
        elif not self.config.sources:
            self.notify(
                f"No sources configured in {self.workspace.config_path}. "
                "`ctotui init` adds one (see config/example.toml), or run `ctotui --demo`.",
                title="Nothing to sync",
                timeout=10,
            )
        from ctotui.secrets_exposure import exposed_secret_warning

        if exposed := exposed_secret_warning(self.config):
            self.notify(exposed, title="Secrets", severity="warning", timeout=30)
        self.start_sync_schedule()
        self.call_after_refresh(self._rerank_if_rules_changed)

    @work(thread=True, group="rerank", exit_on_error=False)
    def _rerank_if_rules_changed(self) -> None:
        """Triage rules edited in config.toml since the last run rank the stored mail too."""
        from ctotui.rescore import rescore_if_rules_changed

        changed = rescore_if_rules_changed(self.store, self.config, self.clock.now())
        if changed:
            self.call_from_thread(self.changed)
            self.call_from_thread(
                self.notify,
                f"Triage rules changed: {changed} message(s) ranked again",
                title="Inbox",
            )

    def _apply_keymap(self) -> None:
        """The user's `[ui.keys]`; ids that no binding has are reported, not ignored."""
        keymap = dict(self.config.ui.keys)
        if not keymap:
            self.set_keymap({})
            return
        unknown = sorted(set(keymap) - known_binding_ids())
        for binding_id in unknown:
            del keymap[binding_id]
        self.set_keymap(keymap)
        if unknown:
            self.notify(
                f"[ui.keys] names bindings that do not exist: {', '.join(unknown)}. "
                "Press ? on a screen to see its binding ids.",
                title="Keys",
                severity="warning",
                timeout=10,
            )

    def _apply_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
            return
        self.theme = DEFAULT_THEME
        self.notify(
            f"Unknown theme {name!r} in [ui] theme; using {DEFAULT_THEME}. "
            f"Available: {', '.join(sorted(self.available_themes))}",
            title="Theme",
            severity="error",
            timeout=10,
        )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications often quote untrusted text (subjects, errors): sanitized, never markup.

        Every screen's `notify` ends here, so this one place keeps escape sequences,
        controls and bidi overrides in a subject from reaching the terminal.
        """
        del markup
        super().notify(
            clean_text(message, NOTICE_LIMIT),
            title=clean_line(title, 200),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def _handle_exception(self, error: Exception) -> None:
        """Textual's crash report lists local variables (tokens, headers): ours has none.

        Textual still records the failure and exits; what it would print is replaced
        by the scrubbed report of ctotui.crash, which is written to the log file too.
        """
        from rich.text import Text
        from textual.worker import WorkerFailed

        from ctotui.crash import app_report

        cause = error.error if isinstance(error, WorkerFailed) else error
        try:
            report = app_report(cause, self.workspace.config, self.console.width)
        except Exception:  # never fall back to a report with locals
            report = f"ctotui crashed: {type(cause).__name__}\n"
        before = len(self._exit_renderables)
        super()._handle_exception(error)
        self._exit_renderables[before:] = [Text(report)]
        self.error_console.soft_wrap = True  # long lines (the log path) stay whole to copy

    def _fatal_error(self) -> None:
        """Textual's exit on an unhandled exception, without its traceback (see above)."""
        self.bell()
        self._close_messages_no_wait()

    def source_supports(self, source: str, action: ActionKind) -> bool:
        """Whether the adapter behind `source` can apply `action` remotely."""
        for configured in self.config.sources:
            if configured.name == source:
                return action in configured.adapter_class.actions
        return False

    @work(group="outbox", exit_on_error=False)
    async def flush_outbox(self) -> None:
        """Apply queued user actions now, not at the next sync."""
        _applied, failed = await self.engine.flush_outbox()
        if failed:
            given_up = len(self.store.failed_actions())
            self.notify(
                f"{failed} action(s) could not be applied yet; they will be retried."
                + (f" {given_up} failed for good: press O to see them." if given_up else ""),
                title="Outbox",
                severity="warning",
            )
        self.data_version += 1

    def changed(self) -> None:
        """Called by screens after they wrote to the store, so every panel refreshes."""
        self.data_version += 1

    def action_quick_add(self) -> None:
        """Quick add from any panel; the To-dos panel's own `a` also knows its view."""
        from ctotui.screens.todo_form import QuickAddScreen

        if not isinstance(self.screen, QuickAddScreen):
            self.push_screen(QuickAddScreen(), self._quick_added)

    def _quick_added(self, todo_id: int | None) -> None:
        todo = None if todo_id is None else self.store.get_todo(todo_id)
        if todo is not None:
            self.notify(f"Added to-do: {todo.title}", title="To-do")

    def action_settings(self) -> None:
        from ctotui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def reload_config(self) -> None:
        """Read the config (with settings.toml laid over it) again and apply it at once."""
        from ctotui.config import load_config

        config = load_config(self.workspace.config_path, missing_ok=True)
        self.workspace.config = config
        self.engine.config = config
        self._apply_theme(config.ui.theme)
        self._apply_keymap()
        for problem in config.problems:
            self.notify(str(problem), title="Settings", severity="warning", timeout=10)
        self.data_version += 1

    def action_outbox(self) -> None:
        from ctotui.screens.outbox import OutboxScreen

        self.push_screen(OutboxScreen())

    def open_url(self, url: str, *, new_tab: bool = True, display: str = "") -> None:
        """Every link shows its real target first; with no browser it is copied (LinkScreen).

        `display` is the text the link was shown as, flagged when it names another host.
        """
        del new_tab
        from ctotui.screens.link import LinkScreen

        if not isinstance(self.screen, LinkScreen):
            self.push_screen(LinkScreen(url, display))

    def action_help(self) -> None:
        from ctotui.screens.help import HelpScreen, describe_bindings

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(describe_bindings(self.screen), self.screen.title or ""))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Palette entries: every panel, app action, and the current screen's actions."""
        from ctotui.screens.help import describe_bindings

        for key, mode, title in PANELS:
            yield SystemCommand(
                f"Go to {title}", f"Show the {title} panel (key {key})", self._switcher(mode)
            )
        yield SystemCommand("Sync now", "Fetch new data from every source", self.action_sync)
        if self.sync_busy:
            yield SystemCommand(
                "Cancel sync",
                "Stop the running sync; what was fetched is kept",
                self.action_cancel_sync,
            )
        yield SystemCommand(
            "Outbox", "Remote actions waiting or failed: retry or drop (key O)", self.action_outbox
        )
        yield SystemCommand("Help", "Show every key of this screen", self.action_help)
        yield SystemCommand(
            "Settings",
            "Theme, keys, triage rules, work weeks, refresh intervals (key ,)",
            self.action_settings,
        )
        for entry in describe_bindings(screen):
            if entry.namespace is self or not entry.description:
                continue
            yield SystemCommand(
                f"{entry.description}",
                f"{entry.help or entry.description} (key {entry.key})",
                self._runner(entry.action, entry.namespace),
            )
        yield from super().get_system_commands(screen)

    def _switcher(self, mode: str) -> Callable[[], Awaitable[None]]:
        async def switch() -> None:
            await self.switch_mode(mode)

        return switch

    def _runner(self, action: str, namespace: DOMNode) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self.run_action(action, namespace)

        return run
