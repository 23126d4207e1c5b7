"""The Textual application: five panels as modes, background sync, help and palette.

Screens read the local store (never the network) so the dashboard paints at
once; sync runs in a worker after the first frame and bumps `data_version`,
which every panel watches to reload what it shows.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from ctotui.clock import Clock, SystemClock
from ctotui.config import Config
from ctotui.model import ActionKind
from ctotui.screens.help import HelpScreen, describe_bindings
from ctotui.screens.home import HomeScreen
from ctotui.screens.problems import ProblemsScreen
from ctotui.screens.todo_form import QuickAddScreen
from ctotui.store import Store
from ctotui.sync import Stage, SyncEngine, SyncProgress
from ctotui.workspace import Workspace

PANELS: tuple[tuple[str, str, str], ...] = (
    ("1", "home", "Home"),
    ("2", "inbox", "Inbox"),
    ("3", "standups", "Standups"),
    ("4", "estimates", "Estimates"),
    ("5", "todos", "To-dos"),
)
DEFAULT_THEME = "textual-dark"
MIN_SYNC_INTERVAL = 30


def lazy_screen(module: str, name: str) -> Callable[[], Screen[None]]:
    """A mode factory that imports its screen's module on first use, not at start-up."""

    def make() -> Screen[None]:
        screen: Screen[None] = getattr(importlib.import_module(module), name)()
        return screen

    return make


def known_binding_ids() -> set[str]:
    """Every binding id of the app and its screens (imports them: only when a keymap is set)."""
    import pkgutil

    import ctotui.screens
    import ctotui.widgets

    ids = {b.id for b in CtoApp.BINDINGS if isinstance(b, Binding) and b.id}
    names = [
        f"{package.__name__}.{info.name}"
        for package in (ctotui.screens, ctotui.widgets)
        for info in pkgutil.iter_modules(package.__path__)
    ]
    for module_name in names:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DOMNode):
                for binding in value.BINDINGS:
                    if isinstance(binding, Binding) and binding.id:
                        ids.add(binding.id)
    return ids


class CtoApp(App[None]):
    """ctotui's app. It owns the workspace (config + store) for its whole run."""

    TITLE = "ctotui"
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute, so subclasses find it too
    MODES = {
        "home": HomeScreen,
        "inbox": lazy_screen("ctotui.screens.inbox", "InboxScreen"),
        "standups": lazy_screen("ctotui.screens.standups", "StandupsScreen"),
        "estimates": lazy_screen("ctotui.screens.estimates", "EstimatesScreen"),
        "todos": lazy_screen("ctotui.screens.todos", "TodosScreen"),
    }
    DEFAULT_MODE = "home"
    BINDINGS = [
        *(
            Binding(key, f"switch_mode('{mode}')", title, id=f"app.{mode}", tooltip=f"Show {title}")
            for key, mode, title in PANELS
        ),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key of this screen"),
        Binding("S", "sync", "Sync", id="app.sync", tooltip="Fetch new data from every source"),
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
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave ctotui"),
    ]

    data_version: reactive[int] = reactive(0)
    """Bumped whenever the store changed under the screens (sync landed, action applied)."""

    sync_state: reactive[str] = reactive("")
    """One line saying what the background sync is doing right now."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        clock: Clock | None = None,
        sync_on_start: bool = True,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.clock: Clock = clock or SystemClock()
        self.sync_on_start = sync_on_start
        self.engine = SyncEngine(workspace.store, workspace.config, self.clock)
        if workspace.demo:
            self.sub_title = "demo workspace"

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
            self.push_screen(ProblemsScreen(self.workspace.config_path, self.config.problems))
        elif not self.config.sources:
            self.notify(
                f"No sources configured in {self.workspace.config_path}. "
                "See config/example.toml, or run `ctotui --demo`.",
                title="Nothing to sync",
                timeout=10,
            )
        if self.sync_on_start and self.config.sources:
            self.call_after_refresh(self.action_sync)
        intervals = [s.interval for s in self.config.sources if s.enabled]
        if intervals and self.sync_on_start:
            self.set_interval(max(MIN_SYNC_INTERVAL, min(intervals)), self._scheduled_sync)

    def _apply_keymap(self) -> None:
        """The user's `[ui.keys]`; ids that no binding has are reported, not ignored."""
        keymap = dict(self.config.ui.keys)
        if not keymap:
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

    def _scheduled_sync(self) -> None:
        if not any(w.group == "sync" and w.is_running for w in self.workers):
            self.action_sync()

    def action_sync(self) -> None:
        self.run_sync()

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def run_sync(self) -> None:
        """Fetch every source, flush the outbox, and tell the screens what landed."""
        worker = get_current_worker()

        def progress(step: SyncProgress) -> None:
            if worker.is_cancelled:
                return
            if step.stage is Stage.STARTED:
                self.sync_state = f"syncing {step.source}…"
            elif step.stage in (Stage.PAGE, Stage.DONE, Stage.FAILED):
                self.data_version += 1

        # Local changes go out first, so a fetch cannot revert them.
        await self.engine.flush_outbox()
        outcomes = await self.engine.sync_all(progress)
        self.sync_state = ""
        self.data_version += 1
        failed = [o for o in outcomes if not o.ok]
        for outcome in failed:
            self.notify(outcome.error, title=f"{outcome.source}: sync failed", severity="error")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications often quote untrusted text (subjects, errors): never parse markup."""
        del markup
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

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
        if not isinstance(self.screen, QuickAddScreen):
            self.push_screen(QuickAddScreen(), self._quick_added)

    def _quick_added(self, todo_id: int | None) -> None:
        todo = None if todo_id is None else self.store.get_todo(todo_id)
        if todo is not None:
            self.notify(f"Added to-do: {todo.title}", title="To-do")

    def action_outbox(self) -> None:
        from ctotui.screens.outbox import OutboxScreen

        self.push_screen(OutboxScreen())

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(describe_bindings(self.screen), self.screen.title or ""))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Palette entries: every panel, app action, and the current screen's actions."""
        for key, mode, title in PANELS:
            yield SystemCommand(
                f"Go to {title}", f"Show the {title} panel (key {key})", self._switcher(mode)
            )
        yield SystemCommand("Sync now", "Fetch new data from every source", self.action_sync)
        yield SystemCommand(
            "Outbox", "Remote actions waiting or failed: retry or drop (key O)", self.action_outbox
        )
        yield SystemCommand("Help", "Show every key of this screen", self.action_help)
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
