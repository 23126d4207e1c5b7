"""What the daily review reads beyond to-dos: where it was left, mail triaged, standups held."""

from __future__ import annotations

from datetime import date, datetime

from ctotui.store.base import StoreBase
from ctotui.store.codec import to_epoch


class ReviewMixin(StoreBase):
    def review_step(self, day: date, kind: str) -> int:
        """The step a daily review of `kind` reached on `day` (0 when never started)."""
        row = self._one(
            "SELECT step FROM review_progress WHERE day = ? AND kind = ?", (day.isoformat(), kind)
        )
        return 0 if row is None else int(row["step"])

    def save_review_step(self, day: date, kind: str, step: int) -> None:
        with self.transaction():
            self._exec(
                "INSERT INTO review_progress (day, kind, step) VALUES (?, ?, ?)"
                " ON CONFLICT (day, kind) DO UPDATE SET step = excluded.step",
                (day.isoformat(), kind, step),
            )

    def triaged_count(self, start: datetime, end: datetime) -> int:
        """Messages the user marked done in [start, end)."""
        count = self._scalar(
            "SELECT count(*) FROM triage"
            " WHERE state = 'done' AND updated_at >= ? AND updated_at < ?",
            (to_epoch(start), to_epoch(end)),
        )
        return int(count or 0)

    def standup_projects_on(self, day: date) -> list[str]:
        """Projects with standup notes taken on `day`."""
        rows = self._all(
            "SELECT DISTINCT project FROM standup_notes WHERE day = ? ORDER BY project",
            (day.isoformat(),),
        )
        return [str(row["project"]) for row in rows]
