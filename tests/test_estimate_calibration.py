"""Calibration on a fixture of done items: cycle times, per-role factors, applying them."""

from __future__ import annotations

from datetime import UTC, datetime
from types import MappingProxyType

import pytest

from ctotui.estimate_calibration import apply_factors, calibrate, cycle_days, measure
from ctotui.estimate_settings import EstimateSettings
from ctotui.model import (
    Estimate,
    EstimateTask,
    EventKind,
    ItemKind,
    StatusCategory,
    WorkEvent,
    WorkItem,
)

SETTINGS = EstimateSettings(rates=MappingProxyType({}))


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)  # 2 Nov 2026 is a Monday


def item(
    key: str, done_on: int | None, *, created: int = 2, labels: tuple[str, ...] = ()
) -> WorkItem:
    return WorkItem(
        source="t",
        remote_id=key,
        key=key,
        kind=ItemKind.ISSUE,
        title=key,
        status="Done" if done_on else "In progress",
        category=StatusCategory.DONE if done_on else StatusCategory.IN_PROGRESS,
        created_at=at(created),
        updated_at=at(done_on or 20),
        status_since=at(done_on) if done_on else None,
        labels=labels,
    )


def started(key: str, day: int) -> WorkEvent:
    return WorkEvent(
        "t", key, f"{key}-s", EventKind.STATUS_CHANGED, "ana", at(day), "To do", "In progress"
    )


def test_cycle_time_counts_working_days_from_the_first_move_to_done() -> None:
    # started Thu 5 Nov, done Tue 10 Nov: Thu, Fri, Mon, Tue
    assert cycle_days(item("A-1", 10), [started("A-1", 5)], frozenset()) == 4
    # never moved before closing: from creation (Mon 2 Nov) to Mon 2 Nov is one day
    assert cycle_days(item("A-2", 2), [], frozenset()) == 1
    assert cycle_days(item("A-3", None), [started("A-3", 5)], frozenset()) is None


def history_for(links: tuple[str, ...] | list[str]) -> list[tuple[WorkItem, list[WorkEvent]]]:
    table = {
        "A-1": (item("A-1", 10), [started("A-1", 5)]),  # 4 days
        "A-2": (item("A-2", 6), [started("A-2", 2)]),  # 5 days
        "W-1": (item("W-1", 3), [started("W-1", 2)]),  # 2 days
        "O-1": (item("O-1", None), []),
    }
    return [table[k] for k in links if k in table]


def test_a_task_counts_only_when_all_its_items_are_done() -> None:
    both = EstimateTask("API", "backend", 2, 4, 6, links=("A-1", "A-2"))
    measured = measure(both, history_for(both.links), SETTINGS)
    assert measured is not None and (measured.estimated, measured.actual) == (4.0, 9.0)
    open_one = EstimateTask("API", "backend", 2, 4, 6, links=("A-1", "O-1"))
    assert measure(open_one, history_for(open_one.links), SETTINGS) is None
    assert measure(EstimateTask("x", "qa", 1, 1, 1), [], SETTINGS) is None


def test_factors_per_role_sum_actual_over_estimated_and_apply_to_a_new_estimate() -> None:
    past = Estimate(
        "Past",
        "c",
        at(1),
        tasks=[
            EstimateTask("API", "backend", 2, 4, 6, links=("A-1", "A-2")),  # 9 vs 4
            EstimateTask("Web", "frontend", 3, 4, 5, links=("W-1",)),  # 2 vs 4
            EstimateTask("Open", "backend", 1, 1, 1, links=("O-1",)),  # not done
            EstimateTask("Unlinked", "qa", 1, 1, 1),
        ],
    )
    factors = {f.role: f for f in calibrate([past], history_for, SETTINGS)}
    assert set(factors) == {"backend", "frontend"}
    assert factors["backend"].factor == pytest.approx(9 / 4)
    assert factors["frontend"].factor == pytest.approx(0.5)
    new = Estimate(
        "New",
        "c",
        at(20),
        tasks=[
            EstimateTask("Group", "", 0, 0, 0, id=1),
            EstimateTask("Service", "backend", 2, 4, 8, parent_id=1, id=2),
            EstimateTask("Test", "qa", 1, 2, 3, parent_id=1, id=3),
        ],
    )
    assert apply_factors(new, factors.values()) == 1
    service = new.tasks[1]
    assert (service.optimistic, service.likely, service.pessimistic) == (4.5, 9.0, 18.0)
    assert new.tasks[2].likely == 2 and new.tasks[0].likely == 0
