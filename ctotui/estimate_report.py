"""Estimate exports: a Markdown proposal, a CSV of the breakdown, JSON for scripts.

The proposal holds what a client reads: scope, assumptions, risks, effort and
date ranges with their confidence, cost, and whether the team has the people.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ctotui import estimate_tree
from ctotui.estimate import pert, task_problem
from ctotui.estimate_analysis import Analysis
from ctotui.estimate_io import to_document
from ctotui.estimate_sim import PERCENTILES
from ctotui.serialize import to_jsonable

CSV_COLUMNS = (
    "level",
    "phase",
    "task",
    "role",
    "unit",
    "optimistic",
    "likely",
    "pessimistic",
    "mean_days",
    "sd_days",
)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def money(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


def markdown(analysis: Analysis) -> str:
    """The proposal as Markdown."""
    est, forecast, settings = analysis.estimate, analysis.forecast, analysis.settings
    out: list[str] = [f"# {_cell(est.name)}", ""]
    if est.client:
        out += [f"Client: {_cell(est.client)}", ""]
    if est.description.strip():
        out += [est.description.strip(), ""]
    out += ["## Scope", "", "| Task | Role | Optimistic | Likely | Pessimistic | Expected (days) |"]
    out.append("| --- | --- | ---: | ---: | ---: | ---: |")
    level = estimate_tree.depths(est.tasks)
    group = estimate_tree.groups(est.tasks)
    for task, depth, is_group in zip(est.tasks, level, group, strict=True):
        name = "\u00a0\u00a0" * depth + _cell(task.name)
        if is_group:
            out.append(f"| **{name}** | | | | | |")
            continue
        expected = (
            f"{pert(task, settings.hours_per_day)[0]:.1f}" if task_problem(task) is None else "—"
        )
        unit = task.unit
        out.append(
            f"| {name} | {_cell(task.role)} | {task.optimistic:g}{unit} | {task.likely:g}{unit}"
            f" | {task.pessimistic:g}{unit} | {expected} |"
        )
    if est.assumptions:
        out += ["", "## Assumptions", ""] + [f"- {_cell(a)}" for a in est.assumptions]
    if est.risks:
        out += ["", "## Risks", "", "| Risk | Probability | Impact (days) | Impact (cost) |"]
        out.append("| --- | ---: | ---: | ---: |")
        for risk in est.risks:
            out.append(
                f"| {_cell(risk.name)} | {risk.probability:.0%} | {risk.impact_days:g}"
                f" | {money(risk.impact_cost, settings.currency)} |"
            )
    header = " | ".join(f"P{p}" for p in PERCENTILES)
    out += [
        "",
        "## Ranges",
        "",
        f"Monte Carlo over {forecast.trials:,} trials; P80 means 80% of outcomes fall at or"
        " below the figure.",
        "",
        f"| | {header} |",
        "| --- |" + " ---: |" * len(PERCENTILES),
        "| Effort (person-days) | "
        + " | ".join(f"{v:.1f}" for v in forecast.effort.percentiles)
        + " |",
        "| Duration (working days) | "
        + " | ".join(f"{v:.1f}" for v in forecast.duration.percentiles)
        + " |",
    ]
    if forecast.end_dates is not None:
        out.append("| End date | " + " | ".join(f"{d:%Y-%m-%d}" for d in forecast.end_dates) + " |")
    out.append(
        f"| Cost ({settings.currency}) | "
        + " | ".join(f"{v:,.0f}" for v in forecast.cost.percentiles)
        + " |"
    )
    out += ["", "## Cost", ""]
    for role, effort in forecast.roles.items():
        rate = settings.rates.get(role)
        priced = f" at {money(rate, settings.currency)}/day" if rate is not None else " (no rate)"
        out.append(f"- {_cell(role)}: {effort.mean:.1f} days{priced}")
    for cost in est.fixed_costs:
        out.append(f"- {_cell(cost.name)}: {money(cost.amount, settings.currency)} (fixed)")
    out.append(f"- Contingency: {est.contingency_pct:g}%")
    out.append(
        f"- Expected total: {money(forecast.cost.mean, settings.currency)};"
        f" P80 {money(forecast.cost.at(80), settings.currency)}"
    )
    check = analysis.resources
    out += [
        "",
        "## Resources",
        "",
        f"Window {check.start:%Y-%m-%d} to {check.end:%Y-%m-%d} (P80 duration).",
        "",
        "| Role | People | Needed (P80 days) | Free (days) | Shortfall |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for line in check.roles:
        out.append(
            f"| {_cell(line.role)} | {line.people} | {line.needed:.1f} | {line.free:.1f}"
            f" | {line.shortfall:.1f} |"
        )
    out.append("")
    if check.fits:
        out.append("The team has the people for this window.")
    elif check.fits_from is not None:
        out.append(
            f"Not enough people for this window; a start on {check.fits_from:%Y-%m-%d} fits."
        )
    else:
        out.append("Not enough people for this window, nor for any start in the next two years.")
    return "\n".join(out) + "\n"


def csv_text(analysis: Analysis) -> str:
    """The breakdown, one task a row, with PERT figures in days."""
    est = analysis.estimate
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    level = estimate_tree.depths(est.tasks)
    phase = estimate_tree.phases(est.tasks)
    for task, depth, name in zip(est.tasks, level, phase, strict=True):
        if task_problem(task) is None:
            mean, sd = pert(task, analysis.settings.hours_per_day)
            figures = [f"{mean:.3f}", f"{sd:.3f}"]
        else:
            figures = ["", ""]
        writer.writerow(
            [depth, name, task.name, task.role, task.unit]
            + [f"{v:g}" for v in (task.optimistic, task.likely, task.pessimistic)]
            + figures
        )
    return buffer.getvalue()


def json_text(analysis: Analysis) -> str:
    """The estimate document plus its computed figures."""
    forecast = analysis.forecast
    doc: dict[str, Any] = to_jsonable(to_document(analysis.estimate))
    doc["figures"] = {
        "currency": analysis.settings.currency,
        "trials": forecast.trials,
        "percentiles": list(PERCENTILES),
        "effort": list(forecast.effort.percentiles),
        "duration_days": list(forecast.duration.percentiles),
        "end_dates": to_jsonable(forecast.end_dates),
        "cost": list(forecast.cost.percentiles),
        "roles": {role: list(r.percentiles) for role, r in forecast.roles.items()},
        "resources": {
            "start": analysis.resources.start.isoformat(),
            "end": analysis.resources.end.isoformat(),
            "fits_from": to_jsonable(analysis.resources.fits_from),
            "roles": [
                {"role": r.role, "needed": r.needed, "free": r.free, "shortfall": r.shortfall}
                for r in analysis.resources.roles
            ],
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
