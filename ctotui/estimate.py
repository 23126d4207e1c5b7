"""PERT maths for three-point estimates: per task, per phase, per role and overall.

Each leaf task's (optimistic, likely, pessimistic) points, in days or hours,
give a mean and a standard deviation in days; sums of means and of variances
(tasks taken as independent) give the totals. Group tasks (those with
children) are totalled from their children. A task that breaks o <= m <= p is
reported, not counted, so one typo never hides the rest of the breakdown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from statistics import NormalDist

from ctotui import estimate_tree
from ctotui.estimate_settings import DEFAULT_HOURS_PER_DAY
from ctotui.model import Estimate, EstimateTask

NO_PHASE = estimate_tree.NO_PHASE
NO_ROLE = "(no role)"
UNITS = ("d", "h")


@dataclass(frozen=True, slots=True)
class TaskFigures:
    """One valid task with its PERT mean and standard deviation (days)."""

    task: EstimateTask
    mean: float
    sd: float
    phase: str = NO_PHASE
    low: float = 0.0
    likely: float = 0.0
    high: float = 0.0
    """The three points in days."""


@dataclass(frozen=True, slots=True)
class InvalidTask:
    """A task left out of every total, and why."""

    task: EstimateTask
    reason: str


@dataclass(frozen=True, slots=True)
class GroupTotal:
    """The sum over a set of tasks: means add, variances add."""

    name: str
    tasks: int
    mean: float
    variance: float

    @property
    def sd(self) -> float:
        return math.sqrt(self.variance)


@dataclass(frozen=True, slots=True)
class EstimateSummary:
    """Everything a reader of an estimate wants to see, computed once."""

    tasks: tuple[TaskFigures, ...]
    invalid: tuple[InvalidTask, ...]
    phases: tuple[GroupTotal, ...]
    roles: tuple[GroupTotal, ...]
    total: GroupTotal
    contingency_pct: float

    @property
    def with_contingency(self) -> float:
        """The expected total plus the contingency percentage."""
        return self.total.mean * (1 + self.contingency_pct / 100)

    def at_confidence(self, probability: float) -> float:
        """Days that suffice with `probability` (normal approximation of the total)."""
        if not 0 < probability < 1:
            raise ValueError("probability must be between 0 and 1")
        if self.total.variance == 0:
            return self.total.mean
        return NormalDist(self.total.mean, self.total.sd).inv_cdf(probability)


def phase_of(task: EstimateTask) -> str:
    """The phase a task is totalled under."""
    return task.phase.strip() or NO_PHASE


def role_of(task: EstimateTask) -> str:
    """The role a task is totalled under."""
    return task.role.strip() or NO_ROLE


def task_problem(task: EstimateTask) -> str | None:
    """Why the task's three points cannot be used, or None when they can."""
    points = (task.optimistic, task.likely, task.pessimistic)
    if not all(math.isfinite(p) for p in points):
        return "every estimate must be a number"
    if min(points) < 0:
        return "estimates must not be negative"
    if not task.optimistic <= task.likely <= task.pessimistic:
        return "needs optimistic ≤ likely ≤ pessimistic"
    if task.unit not in UNITS:
        return "the unit must be d (days) or h (hours)"
    return None


def in_days(task: EstimateTask, hours_per_day: float = DEFAULT_HOURS_PER_DAY) -> tuple[float, ...]:
    """The task's three points in days."""
    factor = 1 / hours_per_day if task.unit == "h" else 1.0
    return (task.optimistic * factor, task.likely * factor, task.pessimistic * factor)


def pert(task: EstimateTask, hours_per_day: float = DEFAULT_HOURS_PER_DAY) -> tuple[float, float]:
    """(mean, standard deviation) in days: mean = (o + 4m + p) / 6, sd = (p - o) / 6.

    Raises ValueError for a task that `task_problem` rejects.
    """
    problem = task_problem(task)
    if problem is not None:
        raise ValueError(f"task {task.name!r}: {problem}")
    low, likely, high = in_days(task, hours_per_day)
    return (low + 4 * likely + high) / 6, (high - low) / 6


def summarize(estimate: Estimate, hours_per_day: float = DEFAULT_HOURS_PER_DAY) -> EstimateSummary:
    """PERT figures for every leaf task, totals per phase and per role, in first-seen order."""
    valid: list[TaskFigures] = []
    invalid: list[InvalidTask] = []
    is_group = estimate_tree.groups(estimate.tasks)
    phase_names = estimate_tree.phases(estimate.tasks)
    for task, group, phase in zip(estimate.tasks, is_group, phase_names, strict=True):
        if group:
            continue
        problem = task_problem(task)
        if problem is None:
            mean, sd = pert(task, hours_per_day)
            low, likely, high = in_days(task, hours_per_day)
            valid.append(TaskFigures(task, mean, sd, phase, low, likely, high))
        else:
            invalid.append(InvalidTask(task, problem))
    return EstimateSummary(
        tasks=tuple(valid),
        invalid=tuple(invalid),
        phases=_group(valid, lambda f: f.phase),
        roles=_group(valid, lambda f: role_of(f.task)),
        total=_total("Total", valid),
        contingency_pct=estimate.contingency_pct,
    )


def _total(name: str, figures: Iterable[TaskFigures]) -> GroupTotal:
    chosen = list(figures)
    return GroupTotal(
        name=name,
        tasks=len(chosen),
        mean=math.fsum(f.mean for f in chosen),
        variance=math.fsum(f.sd * f.sd for f in chosen),
    )


def _group(figures: list[TaskFigures], key: Callable[[TaskFigures], str]) -> tuple[GroupTotal, ...]:
    names: dict[str, list[TaskFigures]] = {}
    for figure in figures:
        names.setdefault(key(figure), []).append(figure)
    return tuple(_total(name, members) for name, members in names.items())
