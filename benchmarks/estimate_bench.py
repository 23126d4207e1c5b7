"""Monte Carlo budget: 200 tasks x 100,000 trials of the whole estimate, under 1 s.

Run: python benchmarks/estimate_bench.py [--tasks 200] [--trials 100000] [--repeat 5]
Prints the best and median wall time of `simulate` (numpy import and a warm-up
run excluded) and whether the budget is met; exit 1 when it is not.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime
from types import MappingProxyType

from ctotui.estimate_settings import EstimateSettings, TeamMember
from ctotui.estimate_sim import simulate
from ctotui.model import Estimate, EstimateRisk, EstimateTask

BUDGET_SECONDS = 1.0
ROLES = ("backend", "frontend", "design", "qa", "pm")


def build(tasks: int, seed: int = 1) -> tuple[Estimate, EstimateSettings]:
    """A nested breakdown of `tasks` leaf tasks in ten phases, with risks, rates and a team."""
    rng = random.Random(seed)
    breakdown: list[EstimateTask] = []
    phases = 10
    for phase in range(phases):
        breakdown.append(EstimateTask(f"Phase {phase + 1}", "", 0, 0, 0, id=-(phase + 1)))
        for index in range(tasks // phases):
            low = rng.uniform(0.5, 3)
            likely = low + rng.uniform(0, 4)
            high = likely + rng.uniform(0.5, 10)
            breakdown.append(
                EstimateTask(
                    f"Task {phase + 1}.{index + 1}",
                    rng.choice(ROLES),
                    round(low, 1),
                    round(likely, 1),
                    round(high, 1),
                    parent_id=-(phase + 1),
                )
            )
    estimate = Estimate(
        "Benchmark",
        "acme.example",
        datetime(2026, 11, 18, tzinfo=UTC),
        contingency_pct=15,
        start_date=date(2026, 11, 23),
        tasks=breakdown,
        risks=[EstimateRisk(f"Risk {i}", 0.1 + i / 20, 5, 2000) for i in range(5)],
    )
    settings = EstimateSettings(
        rates=MappingProxyType(dict.fromkeys(ROLES, 800.0)),
        people=tuple(TeamMember(f"{role}-{n}", role, 0.8) for role in ROLES for n in range(3)),
    )
    return estimate, settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    estimate, settings = build(args.tasks)
    simulate(estimate, settings, trials=1000)  # import numpy, warm caches
    times: list[float] = []
    for run in range(args.repeat):
        start = time.perf_counter()
        forecast = simulate(estimate, settings, trials=args.trials, seed=run)
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    ok = median < BUDGET_SECONDS
    print(
        f"Monte Carlo {args.tasks} tasks x {args.trials:,} trials: best {best:.3f} s, "
        f"median {median:.3f} s (budget {BUDGET_SECONDS:.1f} s): {'OK' if ok else 'OVER BUDGET'}"
    )
    print(
        f"  effort P50 {forecast.effort.at(50):.1f} d, P90 {forecast.effort.at(90):.1f} d; "
        f"cost P80 {forecast.cost.at(80):,.0f}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
