"""The Store: opening the database file safely, migrating it, and its maintenance.

The file is opened in WAL mode with `synchronous=NORMAL`: a `kill -9` at any
moment neither corrupts the file nor loses a committed change (only a power cut
can lose the last few commits), and readers in another process (the `sync`
command, a second window) never block the UI.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from ctotui.errors import StoreError
from ctotui.store import migrations
from ctotui.store.base import StoreBase
from ctotui.store.estimates import EstimatesMixin
from ctotui.store.importance import ImportanceMixin
from ctotui.store.inbox_paging import InboxPagingMixin
from ctotui.store.inbox_state import InboxStateMixin
from ctotui.store.item_actions import ItemActionsMixin
from ctotui.store.items import ItemsMixin
from ctotui.store.messages import MessagesMixin
from ctotui.store.outbox import OutboxMixin
from ctotui.store.radar_queries import RadarMixin
from ctotui.store.review import ReviewMixin
from ctotui.store.sources import SourcesMixin
from ctotui.store.standups import StandupsMixin
from ctotui.store.todos import TodosMixin

BUSY_TIMEOUT_MS = 5000


def _configure(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")


def _has_content(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchone() is not None


def backup_path(path: Path, version: int) -> Path:
    """Where the copy made before migrating from `version` goes."""
    return path.with_name(f"{path.name}.bak-v{version}")


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Copy the whole database (consistently, via SQLite's backup API) before changing it."""
    target = backup_path(path, version)
    try:
        copy = sqlite3.connect(target)
        try:
            conn.backup(copy)
        finally:
            copy.close()
    except sqlite3.Error as exc:
        raise StoreError(
            f"Could not write the backup {target} before upgrading {path}: {exc}. "
            "The data store was not changed; free some disk space or check permissions."
        ) from exc


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    """Check the version, back up if an upgrade is due, then migrate."""
    version = migrations.user_version(conn)
    latest = migrations.latest_version()
    if version > latest:
        raise StoreError(
            f"The data store {path} was written by a newer version of ctotui "
            f"(schema version {version}; this version knows up to {latest}). "
            "Upgrade ctotui, or point it at another data file."
        )
    backed_up = version < latest and _has_content(conn)
    if backed_up:
        _backup(conn, path, version)
    try:
        migrations.migrate(conn)
    except sqlite3.Error as exc:
        copy = (
            f"; a copy made before the upgrade is {backup_path(path, version)}" if backed_up else ""
        )
        raise StoreError(
            f"Upgrading the data store {path} to schema version {latest} failed: {exc}. "
            f"It was left at version {migrations.user_version(conn)}{copy}."
        ) from exc


class Store(
    InboxStateMixin,
    InboxPagingMixin,
    MessagesMixin,
    ItemsMixin,
    SourcesMixin,
    TodosMixin,
    ReviewMixin,
    StandupsMixin,
    EstimatesMixin,
    OutboxMixin,
    RadarMixin,
    ItemActionsMixin,
    ImportanceMixin,
    StoreBase,
):
    """The local database: the cache of every source plus the user's own data."""

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) and migrate the database at `path`."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder {path.parent} for the data store: "
                f"{exc.strerror or exc}. Check the path and its permissions."
            ) from exc
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(
                f"Cannot open or create the data store {path}: {exc}. "
                "Check the path and its permissions."
            ) from exc
        try:
            _configure(conn)
            _prepare(conn, path)
        except sqlite3.OperationalError as exc:
            conn.close()
            raise StoreError(
                f"Cannot open or create the data store {path}: {exc}. "
                "Check the path, its permissions and the free disk space."
            ) from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"{path} is not a ctotui data store, or it is damaged ({exc}). "
                "Move it away (ctotui then starts with an empty store) or restore a backup."
            ) from exc
        except BaseException:
            conn.close()
            raise
        return cls(path, conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        version: int = self._scalar("PRAGMA user_version")
        return version

    def data_version(self) -> int:
        """Changes when another connection (another ctotui process) commits to the file."""
        version: int = self._scalar("PRAGMA data_version")
        return version

    def rebuild_cache(self) -> None:
        """Empty every cache table and reset cursors, so the next sync fetches everything.

        The user's tables (triage, to-dos, notes, estimates, outbox) are not touched.
        """
        with self._lock, self.transaction():
            try:
                migrations.recreate_cache(self._conn)
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
