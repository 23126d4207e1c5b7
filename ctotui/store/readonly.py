"""Open the store for reading only: for commands that must never write, like `status`.

A status line runs every few seconds next to a live app; it must not migrate,
back up, or take a write lock. SQLite's `mode=ro` guarantees that; a store at
another schema version is reported instead of upgraded.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from ctotui.errors import StoreError
from ctotui.store import migrations
from ctotui.store.database import BUSY_TIMEOUT_MS, Store


def open_readonly(path: Path) -> Store | None:
    """The store at `path` opened read-only; None when there is no store yet."""
    if not path.exists():
        return None
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot read the data store {path}: {exc}.") from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        version = migrations.user_version(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} is not a ctotui data store, or it is damaged ({exc}).") from exc
    latest = migrations.latest_version()
    if version != latest:
        conn.close()
        raise StoreError(
            f"The data store {path} is at schema version {version}, this ctotui expects "
            f"{latest}. Start `ctotui` (or run `ctotui sync`) once to upgrade it."
        )
    return Store(path, conn)
