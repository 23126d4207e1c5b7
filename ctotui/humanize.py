"""Short human forms of times and durations for narrow terminal columns."""

from __future__ import annotations

from datetime import datetime, timedelta


def age(then: datetime, now: datetime) -> str:
    """How long ago, in the largest unit that fits: "now", "5m", "3h", "2d", "6w", "1y"."""
    return duration(now - then) if then <= now else "now"


def duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return "now"
    for unit, size in (("y", 365 * 86400), ("w", 7 * 86400), ("d", 86400), ("h", 3600)):
        if seconds >= size * (2 if unit in "yw" else 1):
            return f"{seconds // size}{unit}"
    return f"{seconds // 60}m"


def when(at: datetime, now: datetime) -> str:
    """A timestamp in the user's local time: time today, weekday this week, else the date."""
    local, local_now = at.astimezone(), now.astimezone()
    if local.date() == local_now.date():
        return f"{local:%H:%M}"
    if timedelta(0) <= local_now - local < timedelta(days=6):
        return f"{local:%a %H:%M}"
    if local.year == local_now.year:
        return f"{local:%d %b}"
    return f"{local:%Y-%m-%d}"
