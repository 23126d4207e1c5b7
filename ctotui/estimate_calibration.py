"""Calibration: how long linked tracker work really took against what was estimated.

A task linked to tracker items (`EstimateTask.links`) is measured once every
one of them is done. Trackers here give no time-tracking field, so the actual
effort is each item's cycle time: working days from its first status change
(when work started; its creation when it never moved before closing) to when
it became done, at least one day. The ratios of actual to estimated effort,
summed per role over every measured task, give a factor the user can apply to
a new estimate's tasks of that role.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ctotui.estimate import pert, role_of, task_problem
from ctotui.estimate_calendar import working_days
from ctotui.estimate_settings import EstimateSettings
from ctotui.estimate_tree import groups
from ctotui.model import (
    Estimate,
    EstimateTask,
    EventKind,
    StatusCategory,
    WorkEvent,
    WorkItem,
)

History = Sequence[tuple[WorkItem, Sequence[WorkEvent]]]
"""Linked items with their events, oldest first."""


@dataclass(frozen=True, slots=True)
class Measured:
    """One linked task whose items are all done: estimated and actual days."""

    task: EstimateTask
    estimated: float
    actual: float
    items: int


@dataclass(frozen=True, slots=True)
class RoleFactor:
    """Actual over estimated effort for one role, from `tasks` measured tasks."""

    role: str
    tasks: int
    estimated: float
    actual: float

    @property
    def factor(self) -> float:
        return self.actual / self.estimated if self.estimated > 0 else 1.0


def cycle_days(
    item: WorkItem, events: Sequence[WorkEvent], holidays: frozenset[date]
) -> float | None:
    """Working days from start to done, or None while the item is not done."""
    if item.category is not StatusCategory.DONE:
        return None
    moves = [e.at for e in events if e.kind is EventKind.STATUS_CHANGED]
    start = min(moves) if moves else item.created_at
    end = item.status_since or item.updated_at
    if end < start:
        start = end
    return float(max(len(list(working_days(start.date(), end.date(), holidays))), 1))


def measure(task: EstimateTask, history: History, settings: EstimateSettings) -> Measured | None:
    """The task's estimate against its items' actual days, once all of them are done."""
    if not history or task_problem(task) is not None:
        return None
    days = [cycle_days(item, events, settings.holidays) for item, events in history]
    if any(d is None for d in days):
        return None
    actual = math.fsum(d for d in days if d is not None)
    return Measured(task, pert(task, settings.hours_per_day)[0], actual, len(history))


def calibrate(
    estimates: Iterable[Estimate],
    lookup: Callable[[Sequence[str]], History],
    settings: EstimateSettings,
) -> tuple[RoleFactor, ...]:
    """Per role, the ratio of actual to estimated days over every measured task."""
    totals: dict[str, list[float]] = {}
    for estimate in estimates:
        for task, is_group in zip(estimate.tasks, groups(estimate.tasks), strict=True):
            if is_group or not task.links:
                continue
            measured = measure(task, lookup(task.links), settings)
            if measured is None:
                continue
            total = totals.setdefault(role_of(task), [0.0, 0.0, 0.0])
            total[0] += 1
            total[1] += measured.estimated
            total[2] += measured.actual
    return tuple(
        RoleFactor(role, int(count), estimated, actual)
        for role, (count, estimated, actual) in totals.items()
    )


def apply_factors(estimate: Estimate, factors: Iterable[RoleFactor]) -> int:
    """Scale the three points of every leaf task of a calibrated role; returns how many."""
    by_role = {f.role: f.factor for f in factors}
    changed = 0
    for task, is_group in zip(estimate.tasks, groups(estimate.tasks), strict=True):
        factor = by_role.get(role_of(task))
        if is_group or factor is None:
            continue
        task.optimistic = round(task.optimistic * factor, 2)
        task.likely = round(task.likely * factor, 2)
        task.pessimistic = round(task.pessimistic * factor, 2)
        changed += 1
    return changed
