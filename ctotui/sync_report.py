"""What to tell the user after a sync run in which sources failed: one notice, not one each.

With no network every source fails at once; a toast per source would bury the
screen, so the run is summarised: "offline: 5 sources unreachable — showing
saved data from 08:10". When only some fail, one notice lists them with their
one-line errors. A single failure keeps its own error as the message. Each
source's error also stays on the status line, so the notice can be brief.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ctotui.humanize import when
from ctotui.model import SourceStatus
from ctotui.sanitize import clean_line
from ctotui.sync import SourceOutcome

MAX_LISTED = 6
"""Failed sources named one per line; more are counted."""
MAX_ERROR = 90


@dataclass(frozen=True, slots=True)
class Notice:
    title: str
    message: str
    severity: Literal["information", "warning", "error"]


def failure_notice(
    outcomes: Sequence[SourceOutcome],
    tell: Sequence[SourceOutcome],
    statuses: Sequence[SourceStatus],
    now: datetime,
) -> Notice | None:
    """The notice for a run's `outcomes`, of which `tell` are the failures not told yet.

    `statuses` are the stored source statuses (their last success dates the
    saved data).
    """
    if not tell:
        return None
    done = [o for o in outcomes if not o.cancelled]
    failed = [o for o in done if not o.ok]
    everything = len(failed) == len(done) and len(done) > 1
    if len(tell) == 1 and not everything:
        only = tell[0]
        return Notice(f"{only.source}: sync failed", only.error, "error")
    saved = _saved_data(statuses, now)
    if everything and all(o.unreachable for o in failed):
        return Notice("Offline", f"offline: {len(failed)} sources unreachable — {saved}", "warning")
    lines = [f"{clean_line(o.source, 40)}: {clean_line(o.error, MAX_ERROR)}" for o in tell]
    if len(lines) > MAX_LISTED:
        lines = [*lines[: MAX_LISTED - 1], f"… and {len(lines) - MAX_LISTED + 1} more"]
    if everything:
        head = f"All {len(failed)} sources failed to sync — {saved}"
    else:
        head = f"{len(failed)} of {len(done)} sources failed to sync"
    return Notice("Sync failed", "\n".join([head, *lines]), "error")


def _saved_data(statuses: Sequence[SourceStatus], now: datetime) -> str:
    latest = max((s.last_success for s in statuses if s.last_success is not None), default=None)
    if latest is None:
        return "nothing saved yet"
    return f"showing saved data from {when(latest, now)}"
