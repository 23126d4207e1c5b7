"""The status line's figures: computed from the store, rendered as plain, tmux or JSON.

A tmux status line runs `ctotui status` every few seconds, so the figures are
kept in a small cache file beside the store, keyed by everything they depend
on: the store file and its WAL (any commit changes them), the config and
settings files, and the current minute (to-dos fall due and snoozes end as
time passes). A run with nothing changed reads that file and imports nothing
of the store, the config or the radar.

After a change the figures are counted by `status_figures` with bare SQL; what
they need of the config (my identities, the people, the schema version) is read
by the real config loader once per config change and kept in the same file.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

CACHE_NAME = ".status-cache.json"
SEPARATOR = " · "
LABELS = {
    "important_unread": "important unread",
    "waiting_on_me": "waiting on me",
    "blocked": "blocked",
    "due_today": "due today",
}
SHORT_LABELS = {
    "important_unread": "important",
    "waiting_on_me": "waiting",
    "blocked": "blocked",
    "due_today": "due",
}
# tmux styles per figure (the 8 basic colors, so any terminal shows them); a zero
# is drawn dim so a quiet day reads quiet.
TMUX_STYLES = {
    "important_unread": "fg=red,bold",
    "waiting_on_me": "fg=yellow,bold",
    "blocked": "fg=magenta,bold",
    "due_today": "fg=cyan,bold",
}
TMUX_ZERO_STYLE = "dim"


Status = NamedTuple(  # noqa: UP014 (see below)
    "Status",
    [("important_unread", int), ("waiting_on_me", int), ("blocked", int), ("due_today", int)],
)
"""The four figures a status line shows. A NamedTuple in the call form, not a dataclass
nor the class form (which compiles its annotations at import): the cached path imports
as little as it can."""


def render(status: Status, fmt: str) -> str:
    """One line in `fmt` (plain, tmux or json); only numbers and fixed words, nothing untrusted."""
    figures = status._asdict()
    if fmt == "json":
        return json.dumps(figures)
    if fmt == "tmux":
        parts = []
        for name, value in figures.items():
            style = TMUX_STYLES[name] if value else TMUX_ZERO_STYLE
            parts.append(f"#[{style}]{value} {SHORT_LABELS[name]}#[default]")
        return SEPARATOR.join(parts)
    return SEPARATOR.join(f"{value} {LABELS[name]}" for name, value in figures.items())


def read_status(store_path: Path, config_path: Path, now: datetime) -> Status | None:
    """The figures for this store and config now; None when there is no store yet.

    Raises `StoreError` for a store this ctotui cannot read and `ConfigError`
    for a config with problems (the first one is the message).
    """
    if not store_path.exists():
        return None
    key = cache_key(store_path, config_path, now)
    cache = store_path.with_name(CACHE_NAME)
    saved = _read_cache(cache)
    cached = _cached_status(saved, key)
    if cached is not None:
        return cached
    setup_key = _setup_key(config_path)
    setup = saved.get("setup") if saved.get("setup_key") == setup_key else None
    if not _valid_setup(setup):
        setup = _load_setup(config_path)
    assert setup is not None
    if setup["problem"]:
        from ctotui.errors import CtotuiError

        raise CtotuiError(str(setup["problem"]), title="Configuration problem")
    status = _compute(store_path, setup, now)
    _write_cache(
        cache, {"key": key, "status": status._asdict(), "setup_key": setup_key, "setup": setup}
    )
    return status


def _compute(store_path: Path, setup: dict[str, Any], now: datetime) -> Status:
    """The figures straight from bare SQL (`status_figures`); any oddity goes the long way."""
    import sqlite3

    from ctotui import status_figures

    who = status_figures.Identities(tuple(setup["me"]), tuple(setup["people"]))
    problem = "its schema version is not this ctotui's"
    try:
        conn = status_figures.connect(store_path)
        try:
            if status_figures.schema_version(conn) == setup["schema"]:
                return Status(*status_figures.compute(conn, who, now))
        finally:
            conn.close()
    except sqlite3.Error as error:
        problem = str(error)
    # Another schema version, or not a store at all: the store's own reader says which.
    from ctotui.errors import StoreError
    from ctotui.store.readonly import open_readonly

    store = open_readonly(store_path)
    if store is not None:
        store.close()
    raise StoreError(f"Cannot read the data store {store_path} ({problem}).")


def _load_setup(config_path: Path) -> dict[str, Any]:
    """What the figures need of the config, read by the real loader (once per config change)."""
    from ctotui.config import load_config
    from ctotui.store.migrations import latest_version

    config = load_config(config_path, missing_ok=True)
    me = config.me_person
    return {
        "schema": latest_version(),
        "problem": f"config: {config.problems[0]}" if config.problems else "",
        "me": [*me.emails, *me.logins.values()] if me is not None else [],
        "people": [
            identity
            for person in config.people.values()
            for identity in (*person.emails, *person.logins.values())
        ],
    }


def _valid_setup(setup: object) -> bool:
    return (
        isinstance(setup, dict)
        and isinstance(setup.get("schema"), int)
        and isinstance(setup.get("problem"), str)
        and all(
            isinstance(setup.get(name), list) and all(isinstance(v, str) for v in setup[name])
            for name in ("me", "people")
        )
    )


def _setup_key(config_path: Path) -> str:
    """What the config part depends on: the config and settings files and the schema list."""
    from ctotui import __version__

    migrations = Path(__file__).with_name("store") / "migrations.py"
    paths = (config_path, config_path.with_name("settings.toml"), migrations)
    return "|".join([__version__, *(_stamp(path) for path in paths)])


def _stamp(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "-"
    return f"{info.st_mtime_ns}:{info.st_size}"


def cache_key(store_path: Path, config_path: Path, now: datetime) -> str:
    """What the figures depend on: any commit to the store, these files, or a new minute."""
    from ctotui import __version__

    parts = [__version__, now.strftime("%Y-%m-%dT%H:%M%z"), store_stamp(store_path)]
    for path in (config_path, config_path.with_name("settings.toml")):
        parts.append(_stamp(path))
    return "|".join(parts)


def store_stamp(store_path: Path) -> str:
    """Changes with every commit to the store, and not when a reader merely opens it.

    In WAL mode a commit appends frames to the `-wal` file (its size grows) or,
    after a checkpoint, starts it again under new salts in its header; a
    checkpoint rewrites the database file; without WAL the header's change
    counter moves. An absent and an empty `-wal` are the same state: a reader
    creates the empty file and the last connection to close removes it.
    """
    wal = store_path.with_name(store_path.name + "-wal")
    parts = [_stamp(store_path), _head(store_path, 24, 4)]
    try:
        size = wal.stat().st_size
    except OSError:
        size = 0
    parts.append(f"{_stamp(wal)}:{_head(wal, 0, 32)}" if size else "-")
    return "|".join(parts)


def _head(path: Path, offset: int, length: int) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(length).hex()
    except OSError:
        return "-"


def _read_cache(cache: Path) -> dict[str, Any]:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _cached_status(data: dict[str, Any], key: str) -> Status | None:
    if data.get("key") != key:
        return None
    try:
        return Status(**{name: int(data["status"][name]) for name in Status._fields})
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _write_cache(cache: Path, data: dict[str, Any]) -> None:
    """Best effort: a data dir that cannot be written only makes the next run slower.

    Written to a file of this process's own and renamed over the cache, so a
    reader never sees half of it (`tempfile` would cost this command its imports).
    """
    tmp = cache.with_name(f".status-{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, cache)
    except OSError:
        tmp.unlink(missing_ok=True)
