"""`[sync]`: how the background sync shares hosts, backs off and rests when nobody is there.

Durations are written as people say them ("30s", "10m", "1h30m") or as a
number of seconds; every bad value is a problem with its key and a fix, and
the default stays in force for that key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ctotui.config_problems import Problems, did_you_mean
from ctotui.config_timeout import check_timeout
from ctotui.config_values import type_name

SYNC_KEYS = ("per_host", "pause_when_idle", "backoff_min", "backoff_max", "timeout")
DEFAULT_PER_HOST = 2
MAX_PER_HOST = 16
DEFAULT_PAUSE_WHEN_IDLE = 30 * 60
DEFAULT_BACKOFF_MIN = 30
DEFAULT_BACKOFF_MAX = 30 * 60
MAX_DURATION = 7 * 24 * 3600
_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
_OFF_WORDS = ("off", "never", "0")


@dataclass(frozen=True)
class SyncSettings:
    """The `[sync]` table, with defaults for every key not given."""

    per_host: int = DEFAULT_PER_HOST
    """Sources talking to the same host that may sync at the same time."""
    pause_when_idle: int = DEFAULT_PAUSE_WHEN_IDLE
    """Seconds without a key or mouse event after which scheduled syncs pause; 0: never."""
    backoff_min: int = DEFAULT_BACKOFF_MIN
    """Seconds before the first retry of a failed source; doubles with each failure."""
    backoff_max: int = DEFAULT_BACKOFF_MAX
    """The longest wait between retries of a failing source."""
    timeout: float | None = None
    """Seconds a server may take, for sources without their own `timeout`; None: built-in."""


def parse_duration(text: str) -> int | None:
    """Seconds in "90", "45s", "10m", "2h", "1h30m"; None when it is none of these."""
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned.isdigit():
        return int(cleaned)
    match = _DURATION.match(cleaned)
    if not cleaned or match is None:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def check_sync(raw: object, problems: Problems) -> SyncSettings:
    """The `[sync]` table as settings; each bad key is reported and keeps its default."""
    if raw is None:
        return SyncSettings()
    if not isinstance(raw, dict):
        problems.add(
            "sync",
            f"expected a table, got {type_name(raw)}",
            'Write it as [sync] with lines like pause_when_idle = "30m"',
        )
        return SyncSettings()
    for key in raw:
        if key not in SYNC_KEYS:
            problems.add(
                f"sync.{key}",
                f"unknown key {key!r} in [sync]" + did_you_mean(key, SYNC_KEYS),
                f"Remove it; [sync] takes {', '.join(SYNC_KEYS)}",
            )
    per_host = _per_host(raw.get("per_host"), problems)
    pause = _duration("pause_when_idle", raw.get("pause_when_idle"), problems, allow_off=True)
    low = _duration("backoff_min", raw.get("backoff_min"), problems, allow_off=False)
    high = _duration("backoff_max", raw.get("backoff_max"), problems, allow_off=False)
    settings = SyncSettings(
        timeout=check_timeout("sync.timeout", raw.get("timeout"), problems),
        per_host=DEFAULT_PER_HOST if per_host is None else per_host,
        pause_when_idle=DEFAULT_PAUSE_WHEN_IDLE if pause is None else pause,
        backoff_min=DEFAULT_BACKOFF_MIN if low is None else low,
        backoff_max=DEFAULT_BACKOFF_MAX if high is None else high,
    )
    if settings.backoff_max < settings.backoff_min:
        problems.add(
            "sync.backoff_max",
            f"backoff_max ({settings.backoff_max} s) is shorter than backoff_min "
            f"({settings.backoff_min} s)",
            "Make backoff_max at least as long as backoff_min",
        )
        return SyncSettings(
            per_host=settings.per_host,
            pause_when_idle=settings.pause_when_idle,
            timeout=settings.timeout,
        )
    return settings


def _per_host(value: object, problems: Problems) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(
            "sync.per_host",
            f"expected an integer, got {type_name(value)}",
            f"Write it as per_host = {DEFAULT_PER_HOST}",
        )
        return None
    if not 1 <= value <= MAX_PER_HOST:
        problems.add(
            "sync.per_host",
            f"per_host {value} is outside 1 to {MAX_PER_HOST}",
            f"Use a number from 1 to {MAX_PER_HOST} (the default is {DEFAULT_PER_HOST})",
        )
        return None
    return value


def _duration(name: str, value: object, problems: Problems, *, allow_off: bool) -> int | None:
    """Seconds, or None (after a problem) when the value is not a usable duration."""
    if value is None:
        return None
    example = '"30m"' if allow_off else '"1m"'
    off = ' or "off"' if allow_off else ""
    seconds: int | None
    if isinstance(value, bool) or not isinstance(value, int | str):
        seconds = None
    elif isinstance(value, int):
        seconds = value
    elif allow_off and value.strip().lower() in _OFF_WORDS:
        return 0
    else:
        seconds = parse_duration(value)
    if seconds is None:
        got = repr(value) if isinstance(value, str) else type_name(value)
        problems.add(
            f"sync.{name}",
            f"expected a duration like {example}, got {got}",
            f'Write it as {name} = {example} (units h, m, s; e.g. "1h30m"){off}',
        )
        return None
    if seconds == 0 and allow_off:
        return 0
    if not 1 <= seconds <= MAX_DURATION:
        problems.add(
            f"sync.{name}",
            f"{name} of {seconds} s is outside 1 s to 7 days",
            f"Use a duration like {example}{off}",
        )
        return None
    return seconds
