"""Where ctotui keeps config and data: a flag, else an environment variable, else the OS default.

One place decides this so the app, `doctor` and every CLI command agree on the
same files.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "ctotui"
CONFIG_ENV = "CTOTUI_CONFIG"
DATA_DIR_ENV = "CTOTUI_DATA_DIR"
STORE_FILENAME = "ctotui.db"


def _chosen(cli_value: str | None, env_name: str) -> Path | None:
    """The flag, else the environment variable, `~` expanded; None when neither is set."""
    for value in (cli_value, os.environ.get(env_name)):
        if value is not None and value.strip():
            return Path(value.strip()).expanduser()
    return None


def config_path(cli_value: str | None) -> Path:
    """The config file: `--config`, else $CTOTUI_CONFIG, else the platform config dir."""
    chosen = _chosen(cli_value, CONFIG_ENV)
    if chosen is not None:
        return chosen
    import platformdirs  # only here: `ctotui status` with a flag or variable never pays for it

    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def data_dir(cli_value: str | None) -> Path:
    """The data directory: `--data-dir`, else $CTOTUI_DATA_DIR, else the platform data dir."""
    chosen = _chosen(cli_value, DATA_DIR_ENV)
    if chosen is not None:
        return chosen
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME))


def store_path(data_dir: Path) -> Path:
    """The SQLite store inside a data directory."""
    return data_dir / STORE_FILENAME
