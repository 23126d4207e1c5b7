"""Standups: notes per person, sessions with their board snapshot, blockers, follow-ups."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from ctotui.errors import StoreError
from ctotui.model import (
    BlockerState,
    StandupBlocker,
    StandupFollowUp,
    StandupNote,
    StandupSession,
)
from ctotui.store.base import StoreBase
from ctotui.store.codec import from_epoch, from_epoch_opt, to_day, to_epoch


def _from_row(row: sqlite3.Row) -> StandupNote:
    return StandupNote(
        id=row["id"],
        project=row["project"],
        day=date.fromisoformat(row["day"]),
        person=row["person"],
        done=row["done"],
        next=row["next"],
        blockers=row["blockers"],
    )


def _session(row: sqlite3.Row) -> StandupSession:
    return StandupSession(
        id=row["id"],
        project=row["project"],
        day=date.fromisoformat(row["day"]),
        started_at=from_epoch(row["started_at"]),
        saved_at=from_epoch(row["saved_at"]),
        snapshot=row["snapshot"],
    )


def _blocker(row: sqlite3.Row) -> StandupBlocker:
    return StandupBlocker(
        id=row["id"],
        project=row["project"],
        item_ref=row["item_ref"],
        item_key=row["item_key"],
        state=BlockerState(row["state"]),
        raised_on=date.fromisoformat(row["raised_on"]),
        raised_at=from_epoch(row["raised_at"]),
        resolved_at=from_epoch_opt(row["resolved_at"]),
    )


class StandupsMixin(StoreBase):
    def save_standup_note(self, note: StandupNote) -> int:
        """Insert a note (id None) or update it by id; sets and returns its id."""
        values = {
            "id": note.id,
            "project": note.project,
            "day": to_day(note.day),
            "person": note.person,
            "done": note.done,
            "next": note.next,
            "blockers": note.blockers,
        }
        with self.transaction():
            if note.id is not None:
                changed = self._exec(
                    "UPDATE standup_notes SET project = :project, day = :day, person = :person,"
                    " done = :done, next = :next, blockers = :blockers WHERE id = :id",
                    values,
                ).rowcount
                if changed == 0:
                    raise StoreError(f"Standup note {note.id} is no longer in the data store.")
                return note.id
            note_id = self._exec(
                "INSERT INTO standup_notes (project, day, person, done, next, blockers)"
                " VALUES (:project, :day, :person, :done, :next, :blockers)",
                values,
            ).lastrowid
        if note_id is None:
            raise StoreError("The standup note was not saved.")
        note.id = note_id
        return note_id

    def standup_notes(self, project: str, day: date) -> list[StandupNote]:
        """That day's notes in the order they were written."""
        rows = self._all(
            "SELECT * FROM standup_notes WHERE project = ? AND day = ? ORDER BY id",
            (project, to_day(day)),
        )
        return [_from_row(row) for row in rows]

    def standup_days(self, project: str) -> list[date]:
        """Days with notes for the project, newest first."""
        rows = self._all(
            "SELECT DISTINCT day FROM standup_notes WHERE project = ? ORDER BY day DESC",
            (project,),
        )
        return [date.fromisoformat(row[0]) for row in rows]

    # sessions ----------------------------------------------------------------

    def save_standup_session(
        self, project: str, day: date, at: datetime, snapshot: str
    ) -> StandupSession:
        """Record (or update) the project's standup of `day`; the first save is its start."""
        with self.transaction():
            self._exec(
                "INSERT INTO standup_sessions (project, day, started_at, saved_at, snapshot)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (project, day) DO UPDATE"
                " SET saved_at = excluded.saved_at, snapshot = excluded.snapshot",
                (project, to_day(day), to_epoch(at), to_epoch(at), snapshot),
            )
        session = self.standup_session(project, day)
        if session is None:
            raise StoreError(f"The standup of {project} on {day} was not saved.")
        return session

    def standup_session(self, project: str, day: date) -> StandupSession | None:
        row = self._one(
            "SELECT * FROM standup_sessions WHERE project = ? AND day = ?", (project, to_day(day))
        )
        return None if row is None else _session(row)

    def last_standup_session(self, project: str, before: date) -> StandupSession | None:
        """The latest standup recorded before `before`."""
        row = self._one(
            "SELECT * FROM standup_sessions WHERE project = ? AND day < ?"
            " ORDER BY day DESC LIMIT 1",
            (project, to_day(before)),
        )
        return None if row is None else _session(row)

    def standup_history(self, project: str) -> list[date]:
        """Every day with a recorded standup or notes, newest first."""
        rows = self._all(
            "SELECT day FROM standup_sessions WHERE project = ?"
            " UNION SELECT day FROM standup_notes WHERE project = ? ORDER BY day DESC",
            (project, project),
        )
        return [date.fromisoformat(row[0]) for row in rows]

    # blockers ----------------------------------------------------------------

    def set_blocker_state(
        self,
        project: str,
        item_ref: str,
        item_key: str,
        state: BlockerState | None,
        day: date,
        at: datetime,
    ) -> None:
        """Mark a blocker raised (again) or resolved; None forgets it."""
        with self.transaction():
            if state is None:
                self._exec(
                    "DELETE FROM standup_blockers WHERE project = ? AND item_ref = ?",
                    (project, item_ref),
                )
            elif state is BlockerState.RAISED:
                self._exec(
                    "INSERT INTO standup_blockers"
                    " (project, item_ref, item_key, state, raised_on, raised_at, resolved_at)"
                    " VALUES (?, ?, ?, 'raised', ?, ?, NULL)"
                    " ON CONFLICT (project, item_ref) DO UPDATE SET state = 'raised',"
                    " item_key = excluded.item_key, raised_on = excluded.raised_on,"
                    " raised_at = excluded.raised_at, resolved_at = NULL",
                    (project, item_ref, item_key, to_day(day), to_epoch(at)),
                )
            else:
                self._exec(
                    "INSERT INTO standup_blockers"
                    " (project, item_ref, item_key, state, raised_on, raised_at, resolved_at)"
                    " VALUES (?, ?, ?, 'resolved', ?, ?, ?)"
                    " ON CONFLICT (project, item_ref) DO UPDATE SET state = 'resolved',"
                    " resolved_at = excluded.resolved_at",
                    (project, item_ref, item_key, to_day(day), to_epoch(at), to_epoch(at)),
                )

    def standup_blockers(self, project: str) -> dict[str, StandupBlocker]:
        """The project's raised and resolved blockers by item reference."""
        rows = self._all(
            "SELECT * FROM standup_blockers WHERE project = ? ORDER BY raised_at", (project,)
        )
        return {row["item_ref"]: _blocker(row) for row in rows}

    # follow-ups --------------------------------------------------------------

    def link_standup_followup(self, followup: StandupFollowUp) -> None:
        """Remember that a to-do came out of a standup (the to-do must exist)."""
        with self.transaction():
            self._exec(
                "INSERT OR REPLACE INTO standup_followups (todo_id, project, day, person, item_ref)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    followup.todo_id,
                    followup.project,
                    to_day(followup.day),
                    followup.person,
                    followup.item_ref,
                ),
            )

    def standup_followups(self, project: str, day: date) -> list[StandupFollowUp]:
        """The to-dos created at that standup, oldest first."""
        rows = self._all(
            "SELECT * FROM standup_followups WHERE project = ? AND day = ? ORDER BY todo_id",
            (project, to_day(day)),
        )
        return [
            StandupFollowUp(
                project=row["project"],
                day=date.fromisoformat(row["day"]),
                todo_id=row["todo_id"],
                person=row["person"],
                item_ref=row["item_ref"],
            )
            for row in rows
        ]
