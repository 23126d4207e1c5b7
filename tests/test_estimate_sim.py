"""Monte Carlo: matches the analytic figures, is reproducible, prices risks and rates."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from statistics import NormalDist
from types import MappingProxyType

import pytest

from ctotui.estimate_settings import EstimateSettings, TeamMember
from ctotui.estimate_sim import PERCENTILES, pert_beta_variance, simulate
from ctotui.model import Estimate, EstimateRisk, EstimateTask, FixedCost

CREATED = datetime(2026, 11, 1, tzinfo=UTC)


def many_tasks(count: int = 60) -> Estimate:
    tasks = [
        EstimateTask(f"t{i}", ("backend", "frontend", "qa")[i % 3], 1 + i % 3, 3 + i % 4, 9 + i % 5)
        for i in range(count)
    ]
    return Estimate("big", "c", CREATED, tasks=tasks)


def test_percentiles_match_the_normal_approximation_of_a_large_sum() -> None:
    estimate = many_tasks()
    forecast = simulate(estimate, trials=100_000, seed=1)
    mean = sum((t.optimistic + 4 * t.likely + t.pessimistic) / 6 for t in estimate.tasks)
    variance = sum(
        pert_beta_variance(t.optimistic, t.likely, t.pessimistic) for t in estimate.tasks
    )
    normal = NormalDist(mean, math.sqrt(variance))
    assert forecast.effort.mean == pytest.approx(mean, rel=0.002)
    for percent, value in zip(PERCENTILES, forecast.effort.percentiles, strict=True):
        assert value == pytest.approx(normal.inv_cdf(percent / 100), rel=0.01)


def test_pert_beta_variance_by_hand() -> None:
    # symmetric 0, 1, 2: shapes 3 and 3, variance 9 * 4 / (36 * 7) = 1/7
    assert pert_beta_variance(0, 1, 2) == pytest.approx(1 / 7)
    assert pert_beta_variance(2, 2, 2) == 0


def test_the_same_seed_gives_the_same_figures_and_another_seed_differs() -> None:
    estimate = many_tasks(10)
    first = simulate(estimate, trials=5000, seed=7)
    assert simulate(estimate, trials=5000, seed=7) == first
    assert simulate(estimate, trials=5000, seed=8).effort != first.effort


def test_fixed_tasks_give_exact_effort_duration_date_and_cost() -> None:
    settings = EstimateSettings(
        rates=MappingProxyType({"backend": 500.0, "qa": 300.0}),
        people=(
            TeamMember("ana", "backend", 1.0),
            TeamMember("ben", "backend", 1.0),
            TeamMember("farah", "qa", 0.5),
        ),
    )
    estimate = Estimate(
        "fixed",
        "c",
        CREATED,
        contingency_pct=10,
        start_date=date(2026, 11, 16),
        tasks=[
            EstimateTask("Build", "", 0, 0, 0, id=1),
            EstimateTask("API", "backend", 10, 10, 10, parent_id=1, id=2),
            EstimateTask("Test", "qa", 2, 2, 2, parent_id=1, id=3),
            EstimateTask("Ship", "backend", 2, 2, 2, phase="Launch"),
        ],
        fixed_costs=[FixedCost("Hosting", 1000)],
    )
    forecast = simulate(estimate, settings, trials=100)
    assert forecast.effort.percentiles == (14.0,) * 4
    # Build: backend 10 d / 2 people = 5, qa 2 d / 0.5 = 4 -> 5; Launch: 2 / 2 = 1
    assert forecast.duration.percentiles == (6.0,) * 4
    assert forecast.end_dates == (date(2026, 11, 23),) * 4
    assert forecast.cost.mean == pytest.approx((12 * 500 + 2 * 300 + 1000) * 1.1)
    assert forecast.roles["backend"].mean == 12


def test_risks_happen_with_their_probability() -> None:
    estimate = Estimate(
        "risky",
        "c",
        CREATED,
        tasks=[EstimateTask("Work", "backend", 10, 10, 10)],
        risks=[EstimateRisk("Vendor late", 0.25, impact_days=8, impact_cost=1000)],
    )
    settings = EstimateSettings(rates=MappingProxyType({"backend": 100.0}))
    forecast = simulate(estimate, settings, trials=40_000, seed=3)
    assert forecast.effort.mean == pytest.approx(10 + 0.25 * 8, rel=0.01)
    assert forecast.effort.at(50) == 10 and forecast.effort.at(80) == 18
    assert forecast.cost.mean == pytest.approx((10 + 0.25 * 8) * 100 + 0.25 * 1000, rel=0.02)
    assert forecast.sensitivity[0].name == "Vendor late"


def test_sensitivity_ranks_the_widest_tasks_first() -> None:
    estimate = Estimate(
        "s",
        "c",
        CREATED,
        tasks=[
            EstimateTask("narrow", "x", 4, 5, 6),
            EstimateTask("wide", "x", 1, 5, 30),
            EstimateTask("fixed", "x", 3, 3, 3),
        ],
    )
    ranking = simulate(estimate, trials=100).sensitivity
    assert [c.name for c in ranking] == ["wide", "narrow"]
    assert sum(c.share for c in ranking) == pytest.approx(1.0)
    assert sum(simulate(estimate, trials=1000).histogram) == 1000


def test_numpy_and_textual_stay_out_of_the_core_and_numpy_out_of_app_start() -> None:
    import json
    import subprocess
    import sys

    script = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & {"numpy", "textual"})))
"""
    core = [
        "ctotui.estimate",
        "ctotui.estimate_sim",
        "ctotui.estimate_io",
        "ctotui.estimate_report",
        "ctotui.estimate_resources",
        "ctotui.estimate_tree",
        "ctotui.estimate_edit",
        "ctotui.config_estimates",
        "ctotui.cli_estimate",
    ]
    run = [sys.executable, "-c", script]
    out = subprocess.run([*run, *core], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []
    app = ["ctotui.app", "ctotui.screens.estimates"]
    out = subprocess.run([*run, *app], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == ["textual"]
