"""One rule for "blocked", used by every tracker adapter, so items compare across trackers.

An open item is blocked when it carries a configured blocked label, sits in a
status named like a blocked one, is flagged (Jira's impediment flag), or has an
open "blocked by" relation. The reason is kept so the standup can say why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ctotui.model import StatusCategory

DEFAULT_BLOCKED_LABELS: tuple[str, ...] = ("blocked", "status: blocked", "status/blocked")
DEFAULT_BLOCKED_STATUSES: tuple[str, ...] = ("blocked", "on hold", "waiting", "impeded")


def blocked_reason(
    *,
    labels: Iterable[str] = (),
    status: str = "",
    flagged: bool = False,
    blocked_by: Sequence[str] = (),
    blocked_labels: Iterable[str] = DEFAULT_BLOCKED_LABELS,
    blocked_statuses: Iterable[str] = DEFAULT_BLOCKED_STATUSES,
) -> str:
    """Why the item is blocked ("" when it is not); reasons joined with "; "."""
    reasons: list[str] = []
    if blocked_by:
        reasons.append("blocked by " + ", ".join(blocked_by))
    wanted = {label.lower() for label in blocked_labels}
    for label in labels:
        if label.lower() in wanted:
            reasons.append(f'label "{label}"')
    if status.strip().lower() in {s.lower() for s in blocked_statuses}:
        reasons.append(f'status "{status}"')
    if flagged:
        reasons.append("flagged")
    return "; ".join(reasons)


def with_blocked(category: StatusCategory, reason: str) -> StatusCategory:
    """The category once blocking is taken into account: done items are never blocked."""
    if reason and category is not StatusCategory.DONE:
        return StatusCategory.BLOCKED
    return category
