"""How Python values are written to and read from SQLite columns.

Datetimes are stored as integer microseconds since the Unix epoch (UTC): exact,
compact and cheap to index and compare. Dates are ISO text, tuples JSON text.
Naive datetimes are taken to be UTC, so nothing is silently shifted by the
local timezone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def to_epoch(value: datetime) -> int:
    """A datetime as integer microseconds since the epoch (naive means UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - _EPOCH) // _MICROSECOND


def to_epoch_opt(value: datetime | None) -> int | None:
    return None if value is None else to_epoch(value)


def from_epoch(value: int) -> datetime:
    """An aware UTC datetime from stored epoch microseconds."""
    return _EPOCH + timedelta(microseconds=value)


def from_epoch_opt(value: int | None) -> datetime | None:
    return None if value is None else from_epoch(value)


def to_day(value: date | None) -> str | None:
    """A date as ISO text; a datetime passed by mistake keeps only its date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def from_day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def to_json(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def from_json(value: str) -> tuple[str, ...]:
    return tuple(str(v) for v in json.loads(value))
