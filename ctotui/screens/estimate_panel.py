"""The forecast panel's text: percentiles, end dates, cost, chart, sensitivity, resources.

Built as one rich Text from an `Analysis`; every name in it is cleaned first,
since task names and roles may come from imported files.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ctotui.estimate_analysis import PLAN_PERCENTILE, Analysis
from ctotui.estimate_calibration import RoleFactor
from ctotui.estimate_sim import PERCENTILES, cumulative
from ctotui.sanitize import clean_line
from ctotui.widgets.histogram import effort_chart

LABEL = 9
COLUMN = 8
TOP_CONTRIBUTORS = 4


def _row(text: Text, label: str, values: list[str], style: str = "") -> None:
    text.append(f"{label:<{LABEL}}", style="dim")
    text.append("".join(f"{v:>{COLUMN}}" for v in values) + "\n", style=style)


def forecast_text(analysis: Analysis, width: int, calibration: Sequence[RoleFactor] = ()) -> Text:
    """Everything the panel shows, fitted to `width` columns."""
    forecast, settings = analysis.forecast, analysis.settings
    text = Text()
    _row(text, "", [f"P{p}" for p in PERCENTILES], "bold")
    _row(text, "Effort d", [f"{v:.1f}" for v in forecast.effort.percentiles], "bold")
    _row(text, "Duration", [f"{v:.1f}" for v in forecast.duration.percentiles])
    if forecast.end_dates is not None:
        _row(text, "Ends", [f"{d:%d %b}" for d in forecast.end_dates], "bold")
    _row(text, f"Cost {settings.currency}"[:LABEL], [_short(v) for v in forecast.cost.percentiles])
    for role, effort in forecast.roles.items():
        _row(text, "  " + clean_line(role, LABEL - 2), [f"{v:.1f}" for v in effort.percentiles])
    if forecast.end_dates is not None:
        text.append("Ends by ", style="dim")
        text.append(f"{forecast.end_dates[1]:%a %d %b %Y}", style="bold")
        text.append(f" ({PLAN_PERCENTILE}% sure)\n", style="dim")
    text.append("Cost ", style="dim")
    text.append(
        f"{forecast.cost.at(50):,.0f} to {forecast.cost.at(90):,.0f} {settings.currency}",
        style="bold",
    )
    text.append(" (P50 to P90)\n", style="dim")
    text.append(f"Simulated effort, {forecast.trials:,} trials\n", style="dim")
    chart_width = max(min(width - 2, len(forecast.histogram)), 10)
    text.append_text(
        effort_chart(
            forecast.histogram,
            cumulative(forecast.histogram),
            forecast.edges[0],
            forecast.edges[-1],
            chart_width,
        )
    )
    text.append("\n")
    if forecast.sensitivity:
        text.append("Most of the spread\n", style="bold")
        for part in forecast.sensitivity[:TOP_CONTRIBUTORS]:
            text.append(f"{part.share:>4.0%} ", style="yellow")
            text.append(clean_line(part.name, max(width - 6, 10)) + "\n")
    text.append_text(resources_text(analysis))
    text.append_text(calibration_text(calibration))
    return text


def calibration_text(factors: Sequence[RoleFactor]) -> Text:
    """Past estimates against the tracker: actual / estimated days per role."""
    text = Text()
    text.append("Calibration ", style="bold")
    text.append("actual / estimated, from done linked items\n", style="dim")
    if not factors:
        text.append("No linked task is done yet (L links a task).\n", style="dim")
        return text
    for factor in factors:
        text.append(f"{clean_line(factor.role, LABEL - 1):<{LABEL}}")
        style = "red" if factor.factor > 1 else "green"
        text.append(f"x{factor.factor:.2f}", style=f"bold {style}")
        text.append(f"  {factor.tasks} tasks: {factor.actual:.0f} d vs {factor.estimated:.0f} d\n")
    text.append("A applies these to this estimate.\n", style="dim")
    return text


def resources_text(analysis: Analysis) -> Text:
    """Per role: people-days needed (P80) against free, and the start date that fits."""
    check = analysis.resources
    text = Text()
    text.append("Resources ", style="bold")
    text.append(f"{check.start:%d %b} to {check.end:%d %b %Y}\n", style="dim")
    text.append(f"{'role':<{LABEL}}{'need':>7}{'free':>7}{'short':>7}\n", style="dim")
    for role in check.roles:
        style = "bold red" if role.shortfall > 0 else ""
        text.append(f"{clean_line(role.role, LABEL - 1):<{LABEL}}")
        text.append(f"{role.needed:>7.1f}{role.free:>7.1f}", style="")
        text.append(f"{role.shortfall:>7.1f}\n", style=style)
    if check.fits:
        text.append("The team has the people.\n", style="green")
    elif check.fits_from is not None:
        text.append("Short of people; starting ", style="red")
        text.append(f"{check.fits_from:%a %d %b %Y}", style="bold")
        text.append(" fits.\n", style="red")
    else:
        text.append("Short of people for any start in two years.\n", style="bold red")
    return text


def _short(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.2f}M"
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    return f"{value:,.0f}"
