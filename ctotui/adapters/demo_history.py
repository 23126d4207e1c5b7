"""The demo's time frame: every timestamp is an age before one anchor instant.

Anchoring on the first sync's clock reading keeps "ten days of history" the
last ten days whenever the demo is started, and makes output reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

MIN_DAYS = 1
MAX_DAYS = 90


@dataclass(frozen=True, slots=True)
class History:
    """The anchor (aware, UTC) and how many days of history the demo shows."""

    anchor: datetime
    days: int

    @classmethod
    def of(cls, anchor: datetime, days: int) -> History:
        if anchor.tzinfo is None:
            raise ValueError("the demo anchor must be timezone-aware")
        return cls(anchor.astimezone(UTC), max(MIN_DAYS, min(MAX_DAYS, days)))

    @property
    def hours(self) -> float:
        return self.days * 24.0

    def ago(self, hours: float) -> datetime:
        """The instant `hours` before the anchor (whole seconds), never before the history."""
        seconds = round(min(max(hours, 0.0), self.hours) * 3600)
        return self.anchor - timedelta(seconds=seconds)
