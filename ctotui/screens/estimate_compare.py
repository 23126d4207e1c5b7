"""Two estimates side by side (scenarios): effort, dates, cost and roles with their deltas."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ctotui.estimate_analysis import Analysis, analyse
from ctotui.model import Estimate
from ctotui.sanitize import clean_line

if TYPE_CHECKING:
    from ctotui.app import CtoApp


def _delta(a: float, b: float, digits: int = 1) -> Text:
    change = round(b - a, digits) + 0.0  # no "-0.0"
    style = "red" if change > 0 else ("green" if change < 0 else "dim")
    return Text(f"{change:+,.{digits}f}", style=style, justify="right")


def _value(value: float, digits: int = 1) -> Text:
    return Text(f"{value:,.{digits}f}", justify="right")


def comparison_rows(a: Analysis, b: Analysis) -> list[tuple[Text, Text, Text, Text]]:
    """Metric, first, second, second minus first."""
    rows: list[tuple[Text, Text, Text, Text]] = []
    fa, fb = a.forecast, b.forecast
    for percent in (50, 80, 90):
        rows.append(
            (
                Text(f"Effort P{percent} (days)"),
                _value(fa.effort.at(percent)),
                _value(fb.effort.at(percent)),
                _delta(fa.effort.at(percent), fb.effort.at(percent)),
            )
        )
    rows.append(
        (
            Text("Duration P80 (working days)"),
            _value(fa.duration.at(80)),
            _value(fb.duration.at(80)),
            _delta(fa.duration.at(80), fb.duration.at(80)),
        )
    )
    if fa.end_dates is not None and fb.end_dates is not None:
        shift = (fb.end_dates[1] - fa.end_dates[1]).days
        rows.append(
            (
                Text("Ends (P80)"),
                Text(f"{fa.end_dates[1]:%d %b %Y}", justify="right"),
                Text(f"{fb.end_dates[1]:%d %b %Y}", justify="right"),
                Text(f"{shift:+d} days", justify="right", style="red" if shift > 0 else "green"),
            )
        )
    currency = a.settings.currency
    for percent in (50, 80):
        rows.append(
            (
                Text(f"Cost P{percent} ({currency})"),
                _value(fa.cost.at(percent), 0),
                _value(fb.cost.at(percent), 0),
                _delta(fa.cost.at(percent), fb.cost.at(percent), 0),
            )
        )
    for role in dict.fromkeys([*fa.roles, *fb.roles]):
        ea = fa.roles[role].at(80) if role in fa.roles else 0.0
        eb = fb.roles[role].at(80) if role in fb.roles else 0.0
        rows.append((Text(f"  {clean_line(role, 20)} P80"), _value(ea), _value(eb), _delta(ea, eb)))
    return rows


class CompareScreen(ModalScreen[None]):
    """Read-only comparison; escape or q closes it."""

    CSS_PATH = "estimate_compare.tcss"
    BINDINGS = [
        Binding(
            "escape,q", "close", "Close", id="estimates.compare.close", tooltip="Back to estimates"
        )
    ]

    def __init__(self, first: Estimate, second: Estimate) -> None:
        super().__init__()
        self.first = first
        self.second = second

    def compose(self) -> ComposeResult:
        with Vertical(id="compare-box"):
            yield Static(id="compare-title")
            table: DataTable[Text] = DataTable(cursor_type="row", id="compare-table")
            yield table

    def on_mount(self) -> None:
        app = cast("CtoApp", self.app)
        today = app.clock.now().date()
        settings = app.config.estimates
        a = analyse(self.first, settings, today)
        b = analyse(self.second, settings, today)
        title = Text("Compare  ", style="bold")
        title.append(clean_line(self.first.name, 40), style="bold cyan")
        title.append("  →  ")
        title.append(clean_line(self.second.name, 40), style="bold magenta")
        self.query_one("#compare-title", Static).update(title)
        table: DataTable[Text] = self.query_one("#compare-table", DataTable)
        table.add_columns("", "First", "Second", "Δ")
        for row in comparison_rows(a, b):
            table.add_row(*row)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
