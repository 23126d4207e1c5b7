"""The status line's figures: computed from the store, rendered as plain, tmux or JSON.

A tmux status line runs `ctotui status` every few seconds, so the figures are
kept in a small cache file beside the store, keyed by everything they depend
on: the store file and its WAL (any commit changes them), the config and
settings files, and the current minute (to-dos fall due and snoozes end as
time passes). A run with nothing changed reads that file and imports nothing
of the store, the config or the radar.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ctotui.config import Config
    from ctotui.store import Store

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


class Status(NamedTuple):
    """The four figures a status line shows, the same ones Home shows.

    A NamedTuple, not a dataclass: the cached path imports as little as it can.
    """

    important_unread: int
    waiting_on_me: int
    blocked: int
    due_today: int


def compute(store: Store, config: Config, now: datetime) -> Status:
    """Important split unread, the radar's "waiting on me", blocked items, the Today view."""
    from ctotui.model import StatusCategory
    from ctotui.overview import todos_due
    from ctotui.radar import waiting_on_me
    from ctotui.store import InboxSplit, MessageQuery

    important = MessageQuery(split=InboxSplit.IMPORTANT, text="is:unread", now=now)
    return Status(
        important_unread=store.count_messages(important),
        waiting_on_me=len(waiting_on_me(store, config, now)),
        blocked=store.category_counts().get(StatusCategory.BLOCKED, 0),
        due_today=len(todos_due(store, now)),
    )


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
    """The figures for this store and config now; None when there is no store yet."""
    if not store_path.exists():
        return None
    key = cache_key(store_path, config_path, now)
    cache = store_path.with_name(CACHE_NAME)
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached
    from ctotui.config import load_config
    from ctotui.store.readonly import open_readonly

    store = open_readonly(store_path)
    if store is None:
        return None
    try:
        status = compute(store, load_config(config_path, missing_ok=True), now)
    finally:
        store.close()
    _write_cache(cache, key, status)
    return status


def cache_key(store_path: Path, config_path: Path, now: datetime) -> str:
    """What the figures depend on: any change to these files, or a new minute."""
    from ctotui import __version__

    parts = [__version__, now.strftime("%Y-%m-%dT%H:%M%z")]
    wal = store_path.with_name(store_path.name + "-wal")
    for path in (store_path, wal, config_path, config_path.with_name("settings.toml")):
        try:
            info = path.stat()
        except OSError:
            parts.append("-")
            continue
        parts.append(f"{info.st_mtime_ns}:{info.st_size}")
    return "|".join(parts)


def _read_cache(cache: Path, key: str) -> Status | None:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return Status(**{name: int(data["status"][name]) for name in Status._fields})
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _write_cache(cache: Path, key: str, status: Status) -> None:
    """Best effort: a data dir that cannot be written only makes the next run slower."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=".status-", suffix=".tmp", dir=cache.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"key": key, "status": status._asdict()}, handle)
        os.replace(tmp, cache)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
