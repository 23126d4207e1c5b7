"""Standup notes: what each person said at a project's standup on a day."""

from __future__ import annotations

import sqlite3
from datetime import date

from ctotui.errors import StoreError
from ctotui.model import StandupNote
from ctotui.store.base import StoreBase
from ctotui.store.codec import to_day


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
