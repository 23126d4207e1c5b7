"""The one time source. Code asks a Clock for "now" so tests can fix the time."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Protocol


def from_epoch(value: float, *, per_second: int = 1) -> datetime:
    """The UTC time `value` / `per_second` seconds after 1970; ValueError if out of range.

    Servers send timestamps as numbers; NaN, infinity or 10**20 must read as bad
    data (one unusable event), not as an OSError or OverflowError.
    """
    try:
        return datetime.fromtimestamp(value / per_second, UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"a timestamp out of range: {str(value)[:40]}") from None


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
