"""The outbox: user actions waiting to be applied to their remote source.

An action stays PENDING until the sync engine applies it (DONE) or gives up
(FAILED, shown to the user with its last error); nothing the user did is lost
if the app stops in between.
"""

from __future__ import annotations

import sqlite3

from ctotui.errors import StoreError
from ctotui.model import ActionKind, OutboxAction, OutboxState
from ctotui.store.base import StoreBase
from ctotui.store.codec import from_epoch, to_epoch

_SELECT = "SELECT * FROM outbox"
_ORDER = " ORDER BY created_at, id"


def _from_row(row: sqlite3.Row) -> OutboxAction:
    return OutboxAction(
        id=row["id"],
        source=row["source"],
        action=ActionKind(row["action"]),
        target=row["target"],
        created_at=from_epoch(row["created_at"]),
        payload=row["payload"],
        state=OutboxState(row["state"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
    )


class OutboxMixin(StoreBase):
    def enqueue(self, action: OutboxAction) -> int:
        """Queue an action; sets and returns its id."""
        with self.transaction():
            action_id = self._exec(
                "INSERT INTO outbox (source, action, target, created_at, payload, state,"
                " attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    action.source,
                    action.action.value,
                    action.target,
                    to_epoch(action.created_at),
                    action.payload,
                    action.state.value,
                    action.attempts,
                    action.last_error,
                ),
            ).lastrowid
        if action_id is None:
            raise StoreError("The action was not queued.")
        action.id = action_id
        return action_id

    def pending_actions(self, source: str | None = None) -> list[OutboxAction]:
        """Actions still to apply, oldest first (the order the user took them)."""
        if source is None:
            rows = self._all(_SELECT + " WHERE state = ?" + _ORDER, (OutboxState.PENDING.value,))
        else:
            rows = self._all(
                _SELECT + " WHERE state = ? AND source = ?" + _ORDER,
                (OutboxState.PENDING.value, source),
            )
        return [_from_row(row) for row in rows]

    def mark_action_done(self, action_id: int) -> None:
        self._update(action_id, "state = ?", (OutboxState.DONE.value,))

    def mark_action_failed(self, action_id: int, error: str, *, final: bool) -> None:
        """Count a failed attempt; `final` gives up on the action for good."""
        state = OutboxState.FAILED if final else OutboxState.PENDING
        self._update(
            action_id, "attempts = attempts + 1, last_error = ?, state = ?", (error, state.value)
        )

    def failed_actions(self) -> list[OutboxAction]:
        """Actions given up on, oldest first, for the user to see."""
        return [
            _from_row(row)
            for row in self._all(_SELECT + " WHERE state = ?" + _ORDER, (OutboxState.FAILED.value,))
        ]

    def retry_action(self, action_id: int) -> None:
        """Give a failed action another round of attempts (the user asked to)."""
        self._update(action_id, "state = ?, attempts = 0", (OutboxState.PENDING.value,))

    def drop_action(self, action_id: int) -> None:
        """Forget a failed or pending action the user chose to abandon."""
        with self.transaction():
            changed = self._exec("DELETE FROM outbox WHERE id = ?", (action_id,)).rowcount
            if changed == 0:
                raise StoreError(f"Queued action {action_id} is no longer in the data store.")

    def _update(self, action_id: int, assignments: str, params: tuple[object, ...]) -> None:
        with self.transaction():
            changed = self._exec(
                f"UPDATE outbox SET {assignments} WHERE id = ?", (*params, action_id)
            ).rowcount
            if changed == 0:
                raise StoreError(f"Queued action {action_id} is no longer in the data store.")
