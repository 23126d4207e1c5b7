"""`timeout`: how many seconds a source's server may take, per source or as `[sync] timeout`.

A slow self-hosted server or a satellite link needs more than the built-in
limits; a flaky office network may want less. The value reaches the adapter
as the `timeout` setting (the source's own, else the `[sync]` default), which
the HTTP session, IMAP and SMTP connections use; when it runs out, the
message names the value and these options.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from ctotui.config_problems import Problems
from ctotui.config_values import type_name

if TYPE_CHECKING:
    from ctotui.config_schema import SourceConfig

TIMEOUT_KEY = "timeout"
MAX_TIMEOUT = 3600.0


def check_timeout(key: str, value: object, problems: Problems) -> float | None:
    """Seconds (a positive number up to an hour), or None when unset or wrong (a problem)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        got = repr(value) if isinstance(value, str) else type_name(value)
        problems.add(
            key,
            f"timeout must be a number of seconds, got {got}",
            "Write it as timeout = 30 (seconds, without quotes)",
        )
        return None
    if not 0 < value <= MAX_TIMEOUT:
        problems.add(
            key,
            f"timeout of {value:g} s is not a positive number up to {MAX_TIMEOUT:g}",
            "Use a number of seconds above 0, e.g. timeout = 30",
        )
        return None
    return float(value)


def with_default_timeout(
    sources: Iterable[SourceConfig], default: float | None
) -> list[SourceConfig]:
    """The sources, each without its own `timeout` given the `[sync] timeout` default."""
    if default is None:
        return list(sources)
    return [
        source
        if TIMEOUT_KEY in source.settings
        else replace(source, settings=MappingProxyType({**source.settings, TIMEOUT_KEY: default}))
        for source in sources
    ]
