"""One estimate's full analysis: the simulation and the resources check, at one confidence.

The resources check plans for the P80 effort of each role within the P80
duration, the confidence the proposal quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ctotui.estimate_resources import ResourceCheck, check_resources
from ctotui.estimate_settings import EstimateSettings
from ctotui.estimate_sim import DEFAULT_TRIALS, Forecast, simulate
from ctotui.model import Estimate

PLAN_PERCENTILE = 80


@dataclass(frozen=True, slots=True)
class Analysis:
    estimate: Estimate
    settings: EstimateSettings
    forecast: Forecast
    resources: ResourceCheck


def analyse(
    estimate: Estimate,
    settings: EstimateSettings,
    today: date,
    *,
    trials: int = DEFAULT_TRIALS,
    seed: int = 0,
) -> Analysis:
    """Simulate and check resources from the start date (or today when it has none)."""
    forecast = simulate(estimate, settings, trials=trials, seed=seed)
    needed = {role: r.at(PLAN_PERCENTILE) for role, r in forecast.roles.items()}
    resources = check_resources(
        needed,
        estimate.start_date or today,
        forecast.duration.at(PLAN_PERCENTILE),
        settings,
    )
    return Analysis(estimate, settings, forecast, resources)
