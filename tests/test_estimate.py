"""PERT figures: per task, per phase, per role and overall, with invalid tasks reported."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from ctotui.estimate import NO_PHASE, NO_ROLE, pert, summarize, task_problem
from ctotui.model import Estimate, EstimateTask


def task(name: str, phase: str, role: str, o: float, m: float, p: float) -> EstimateTask:
    return EstimateTask(name=name, role=role, optimistic=o, likely=m, pessimistic=p, phase=phase)


def portal(*extra: EstimateTask, contingency: float = 15.0) -> Estimate:
    return Estimate(
        name="Client portal",
        client="Northwind Traders",
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
        contingency_pct=contingency,
        tasks=[
            task("Workshops", "Discovery", "pm", 1, 1, 7),  # mean 2, sd 1
            task("API", "Build", "backend", 3, 6, 9),  # mean 6, sd 1
            task("Screens", "Build", "frontend", 2, 5, 14),  # mean 6, sd 2
            task("Go-live", "Launch", "backend", 1, 2, 3),  # mean 2, sd 1/3
            *extra,
        ],
    )


def test_pert_mean_and_sd() -> None:
    assert pert(task("a", "", "", 2, 3, 10)) == pytest.approx((4.0, 4 / 3))
    assert pert(task("b", "", "", 5, 5, 5)) == (5.0, 0.0)


def test_pert_rejects_inverted_points() -> None:
    with pytest.raises(ValueError, match="optimistic ≤ likely ≤ pessimistic"):
        pert(task("bad", "", "", 5, 3, 8))


@pytest.mark.parametrize(
    ("points", "reason"),
    [
        ((5, 3, 8), "optimistic ≤ likely ≤ pessimistic"),
        ((1, 4, 2), "optimistic ≤ likely ≤ pessimistic"),
        ((-1, 0, 1), "negative"),
        ((1, math.nan, 2), "number"),
        ((1, 2, math.inf), "number"),
    ],
)
def test_task_problem_names_the_reason(points: tuple[float, float, float], reason: str) -> None:
    problem = task_problem(task("x", "", "", *points))
    assert problem is not None and reason in problem


def test_summary_totals_per_phase_role_and_overall() -> None:
    summary = summarize(portal())
    assert [(p.name, p.tasks, p.mean) for p in summary.phases] == [
        ("Discovery", 1, 2.0),
        ("Build", 2, 12.0),
        ("Launch", 1, 2.0),
    ]
    build = summary.phases[1]
    assert build.variance == pytest.approx(5.0)
    assert build.sd == pytest.approx(math.sqrt(5))
    assert [(r.name, r.mean) for r in summary.roles] == [
        ("pm", 2.0),
        ("backend", 8.0),
        ("frontend", 6.0),
    ]
    assert summary.roles[1].variance == pytest.approx(1 + 1 / 9)
    assert summary.total.mean == pytest.approx(16.0)
    assert summary.total.variance == pytest.approx(55 / 9)
    assert summary.total.sd == pytest.approx(math.sqrt(55 / 9))
    assert summary.with_contingency == pytest.approx(18.4)


def test_overall_sd_is_not_the_sum_of_sds() -> None:
    summary = summarize(portal())
    assert summary.total.sd < sum(t.sd for t in summary.tasks)


def test_invalid_tasks_are_reported_and_left_out() -> None:
    summary = summarize(portal(task("Typo", "Build", "qa", 5, 3, 8)))
    assert [(i.task.name, i.reason) for i in summary.invalid] == [
        ("Typo", "needs optimistic ≤ likely ≤ pessimistic")
    ]
    assert summary.total.mean == pytest.approx(16.0)
    assert summary.total.tasks == 4
    assert "qa" not in [r.name for r in summary.roles]


def test_missing_phase_and_role_are_grouped_under_a_label() -> None:
    summary = summarize(portal(task("Loose end", "", " ", 1, 1, 1)))
    assert summary.phases[-1].name == NO_PHASE
    assert summary.roles[-1].name == NO_ROLE


def test_confidence_levels_follow_the_normal_approximation() -> None:
    summary = summarize(portal())
    assert summary.at_confidence(0.5) == pytest.approx(16.0)
    assert summary.at_confidence(0.8413447) == pytest.approx(16.0 + math.sqrt(55 / 9), abs=1e-4)
    with pytest.raises(ValueError):
        summary.at_confidence(1.0)


def test_empty_estimate_has_zero_totals() -> None:
    empty = Estimate(name="Blank", client="", created_at=datetime(2026, 1, 1, tzinfo=UTC))
    summary = summarize(empty)
    assert summary.total.mean == 0 and summary.total.sd == 0
    assert summary.phases == () and summary.roles == ()
    assert summary.at_confidence(0.9) == 0


def test_hours_are_converted_with_the_hours_per_day() -> None:
    hours = EstimateTask("Review", "qa", 4, 8, 24, unit="h")  # 0.5, 1, 3 days
    mean, sd = pert(hours, hours_per_day=8)
    assert mean == pytest.approx((0.5 + 4 + 3) / 6)
    assert sd == pytest.approx(2.5 / 6)
    assert pert(hours, hours_per_day=4)[0] == pytest.approx(2 * mean)
    assert task_problem(EstimateTask("x", "", 1, 2, 3, unit="w")) is not None


def test_nested_groups_total_their_children_and_name_the_phase() -> None:
    tasks = [
        EstimateTask("Build", "", 99, 99, 99, id=1),
        EstimateTask("API", "backend", 3, 6, 9, parent_id=1, id=2),
        EstimateTask("Auth", "", 0, 0, 0, parent_id=1, id=3),
        EstimateTask("Login", "backend", 1, 1, 7, parent_id=3, id=4),
        EstimateTask("Loose", "qa", 1, 2, 3, phase="Launch", id=5),
    ]
    estimate = Estimate("n", "c", datetime(2026, 11, 1, tzinfo=UTC), tasks=tasks)
    summary = summarize(estimate)
    assert [f.task.name for f in summary.tasks] == ["API", "Login", "Loose"]
    assert {p.name: p.mean for p in summary.phases} == {"Build": 8.0, "Launch": 2.0}
    assert summary.total.mean == pytest.approx(10.0)
