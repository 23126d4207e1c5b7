"""When a snoozed message comes back: the presets and the typed forms.

Pure functions of "now" (in the user's local time), so the picker and the
tests agree on what "tomorrow morning" means.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

MORNING = time(8, 0)
LATER_TODAY_HOURS = 3
EVENING = time(18, 0)
_RELATIVE = re.compile(r"^(\d{1,3})\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def later_today(now: datetime) -> datetime:
    """A few hours from now on the hour; late in the day, this evening at the earliest."""
    local = now.astimezone()
    target = (local + timedelta(hours=LATER_TODAY_HOURS)).replace(minute=0, second=0, microsecond=0)
    evening = local.replace(hour=EVENING.hour, minute=0, second=0, microsecond=0)
    if local < evening < target:
        return evening
    return target


def tomorrow_morning(now: datetime) -> datetime:
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), MORNING, tzinfo=local.tzinfo)


def next_week(now: datetime) -> datetime:
    """Next Monday morning."""
    local = now.astimezone()
    days = 7 - local.weekday()
    return datetime.combine(local.date() + timedelta(days=days), MORNING, tzinfo=local.tzinfo)


def parse_when(text: str, now: datetime) -> datetime | None:
    """A typed time: "2h", "3d", "1w", "2026-11-20", "2026-11-20 14:00", "14:00"; None if not.

    A date alone means that morning; a time alone means today, or tomorrow if
    it has passed. The result is always after `now`, else None.
    """
    value = text.strip().lower()
    local = now.astimezone()
    relative = _RELATIVE.match(value)
    result: datetime | None = None
    if relative:
        result = local + timedelta(**{_UNITS[relative.group(2)]: int(relative.group(1))})
    else:
        result = _absolute(value, local)
    return result if result is not None and result > now else None


def _absolute(value: str, local: datetime) -> datetime | None:
    try:
        if re.fullmatch(r"\d{1,2}:\d{2}", value):
            clock = time.fromisoformat(value.zfill(5))
            result = datetime.combine(local.date(), clock, tzinfo=local.tzinfo)
            return result if result > local else result + timedelta(days=1)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = datetime.fromisoformat(value).date()
            return datetime.combine(day, MORNING, tzinfo=local.tzinfo)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=local.tzinfo)
