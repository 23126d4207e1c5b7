"""The one time source. Code asks a Clock for "now" so tests can fix the time."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    """Real time in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still (or moves only when told): for tests and snapshots."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self.at = at

    def now(self) -> datetime:
        return self.at


def default_clock() -> Clock:
    """The system clock, or a fixed one when CTOTUI_NOW holds an ISO timestamp.

    CTOTUI_NOW lets end-to-end runs (tmux, snapshots of the installed command)
    show the same dates every time.
    """
    fixed = os.environ.get("CTOTUI_NOW", "").strip()
    if fixed:
        at = datetime.fromisoformat(fixed)
        return FixedClock(at if at.tzinfo else at.replace(tzinfo=UTC))
    return SystemClock()
