"""A workspace: the config, the data dir and the open store that the CLI and app share.

`--demo` selects the built-in demo workspace (its own data dir and config,
written on first use) so trying ctotui never touches the user's real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctotui import paths
from ctotui.clock import Clock
from ctotui.config import Config, load_config
from ctotui.store import Store


@dataclass(slots=True)
class Workspace:
    config: Config
    config_path: Path
    data_dir: Path
    store: Store
    demo: bool

    def close(self) -> None:
        self.store.close()

    def never_synced(self) -> bool:
        """True when no configured source has completed a sync yet."""
        statuses = {s.source: s for s in self.store.source_statuses()}
        return all(
            statuses.get(s.name) is None or statuses[s.name].last_success is None
            for s in self.config.sources
        )


def open_workspace(
    *,
    config_arg: str | None,
    data_dir_arg: str | None,
    demo: bool,
    clock: Clock,
) -> Workspace:
    """Resolve paths, load the config (problems are collected, not raised), open the store."""
    if demo:
        from ctotui import demo_workspace

        data_dir = demo_workspace.demo_data_dir(
            Path(data_dir_arg).expanduser() if data_dir_arg else None
        )
        written = demo_workspace.ensure_demo_workspace(data_dir)
        config_path = paths.config_path(config_arg) if config_arg else written
        config = load_config(config_path)
    else:
        data_dir = paths.data_dir(data_dir_arg)
        config_path = paths.config_path(config_arg)
        config = load_config(config_path, missing_ok=config_arg is None)
    store = Store.open(paths.store_path(data_dir))
    if demo:
        from ctotui import demo_workspace

        demo_workspace.seed_user_data(store, clock)
    return Workspace(config, config_path, data_dir, store, demo)
