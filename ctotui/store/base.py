"""The connection every store concern shares: one lock, transactions, read helpers.

One SQLite connection is owned by the Store. A re-entrant lock serialises its
use, so a Textual thread worker and the event loop can share one Store safely.
Writes go through `transaction()`; nested use becomes a savepoint, so an inner
failure that the caller handles undoes only the inner work.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ctotui.errors import StoreError

Params = Sequence[Any] | Mapping[str, Any]


class StoreBase:
    """Owns the connection; the query mixins build on these helpers."""

    path: Path

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._conn = connection
        self._lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all; nesting is allowed.

        Keep the body synchronous: awaiting inside it would let another task on
        the same thread join this transaction.
        """
        with self._lock:
            depth = self._depth
            savepoint = f"ctotui_sp{depth}"
            self._exec("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT {savepoint}")
            self._depth = depth + 1
            try:
                yield
            except BaseException:
                self._depth = depth
                self._undo(depth, savepoint)
                raise
            self._depth = depth
            try:
                self._conn.execute("COMMIT" if depth == 0 else f"RELEASE {savepoint}")
            except sqlite3.Error as exc:
                self._undo(depth, savepoint)
                raise self._error(exc) from exc

    def _undo(self, depth: int, savepoint: str) -> None:
        """Roll back this level; a connection already out of its transaction is fine."""
        statements = (
            ["ROLLBACK"] if depth == 0 else [f"ROLLBACK TO {savepoint}", f"RELEASE {savepoint}"]
        )
        try:
            for statement in statements:
                self._conn.execute(statement)
        except sqlite3.Error as exc:
            if depth == 0 and self._conn.in_transaction:
                raise self._error(exc) from exc

    def _exec(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        """Run one statement; database errors become StoreError with a readable message."""
        with self._lock:
            try:
                return self._conn.execute(sql, params)
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

    def _exec_many(self, sql: str, rows: Sequence[Params]) -> int:
        """Run one statement per row; returns how many rows it changed."""
        if not rows:
            return 0
        with self._lock:
            try:
                return self._conn.executemany(sql, rows).rowcount
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

    def _all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

    def _one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        with self._lock:
            try:
                row: sqlite3.Row | None = self._conn.execute(sql, params).fetchone()
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            return row

    def _scalar(self, sql: str, params: Params = ()) -> Any:
        row = self._one(sql, params)
        return None if row is None else row[0]

    def _error(self, exc: sqlite3.Error) -> StoreError:
        return StoreError(f"The data store {self.path} could not complete a request: {exc}")
