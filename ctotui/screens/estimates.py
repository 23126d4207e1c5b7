"""Estimates: the saved estimates, and the selected one's breakdown with PERT totals.

The maths is `ctotui.estimate`'s; this screen lays it out as one table that
walks the phases (tasks, then the phase total), the overall figures and the
per-role totals, so it reads top to bottom at 80x24 as well as on a wide screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.widgets import DataTable, Static

from ctotui.estimate import (
    EstimateSummary,
    GroupTotal,
    InvalidTask,
    TaskFigures,
    phase_of,
    summarize,
)
from ctotui.humanize import when
from ctotui.model import Estimate, EstimateTask
from ctotui.sanitize import clean_line, clean_text
from ctotui.screens.base import PanelScreen
from ctotui.screens.list_source import ListSource
from ctotui.widgets.row_list import Cell, Column, RowList

COLUMNS = (
    Column("mark", "", width=1),
    Column("name", "Estimate"),
    Column("client", "Client"),
    Column("days", "Days", width=6, align="right"),
)
TABLE_COLUMNS = ("Task", "Role", "Opt", "Likely", "Pess", "Mean", "SD")
CONFIDENCE = 0.85
NAME_LIMIT = 60
NAME_MIN = 16
TABLE_OVERHEAD = 52
"""Cells the table needs besides task names: role, five numbers, cell padding, margins."""


def days(value: float) -> str:
    return f"{value:.1f}"


def _number(value: float, style: str = "") -> Text:
    return Text(days(value), style=style, justify="right")


def _padded(*cells: Text) -> list[Text]:
    """A full table row: DataTable would print missing cells as "None"."""
    return [*cells, *(Text("") for _ in range(len(TABLE_COLUMNS) - len(cells)))]


@dataclass(frozen=True, slots=True)
class EstimateEntry:
    """One row of the list: the estimate and its figures, computed once per reload."""

    estimate: Estimate
    summary: EstimateSummary


class EstimatesScreen(PanelScreen):
    """Browse estimates; up/down in the list switches the one shown."""

    CSS_PATH = "estimates.tcss"
    TITLE = "Estimates"
    VERTICAL_BREAKPOINTS = [(0, "-estimates-short"), (36, "-estimates-tall")]
    BINDINGS = [
        Binding(
            "escape",
            "back_to_list",
            "List",
            show=False,
            id="estimates.back",
            tooltip="Back to the list of estimates from the task table",
        ),
    ]

    def compose_body(self) -> ComposeResult:
        yield RowList(
            COLUMNS,
            ListSource[EstimateEntry](()),
            self._render_row,
            empty_text="No estimates yet.",
            id="estimates-list",
        )
        with Vertical(id="estimates-detail"):
            yield Static(id="estimates-info")
            table: DataTable[Text] = DataTable(
                cursor_type="row", zebra_stripes=False, id="estimates-tasks"
            )
            table.add_columns(*TABLE_COLUMNS)
            yield table

    @property
    def rows(self) -> RowList[EstimateEntry]:
        return self.query_one("#estimates-list", RowList)

    def on_mount(self) -> None:
        super().on_mount()
        self.rows.focus()

    def on_resize(self, event: Resize) -> None:
        """Task names are clipped to the width, so a new width redraws the table."""
        if self.is_mounted:
            self._show(self.rows.current_row)

    def refresh_data(self) -> None:
        entries = [EstimateEntry(e, summarize(e)) for e in self.cto.store.list_estimates()]
        self.rows.set_source(ListSource(entries), keep_cursor=True)
        self._show(self.rows.current_row)

    @staticmethod
    def _render_row(entry: EstimateEntry) -> Sequence[Cell]:
        estimate, summary = entry.estimate, entry.summary
        return (
            Cell("!" if summary.invalid else "", "alert"),
            Cell(estimate.name, "strong"),
            Cell(estimate.client, "dim"),
            Cell(days(summary.total.mean)),
        )

    @on(RowList.Highlighted, "#estimates-list")
    def _highlighted(self, event: RowList.Highlighted[EstimateEntry]) -> None:
        self._show(event.row)

    @on(RowList.Selected, "#estimates-list")
    def _selected(self) -> None:
        """Enter moves into the task table, where the arrows walk the tasks."""
        self.query_one("#estimates-tasks", DataTable).focus()

    def action_back_to_list(self) -> None:
        self.rows.focus()

    def _show(self, entry: EstimateEntry | None) -> None:
        info = self.query_one("#estimates-info", Static)
        table: DataTable[Text] = self.query_one("#estimates-tasks", DataTable)
        table.clear()
        if entry is None:
            info.update(Text("Nothing to show.", style="dim"))
            return
        info.update(self._info(entry.estimate, entry.summary, self.cto.clock.now()))
        self._fill_table(table, entry.estimate, entry.summary)

    # the header -------------------------------------------------------------

    def _info(self, estimate: Estimate, summary: EstimateSummary, now: datetime) -> Text:
        text = Text()
        text.append(clean_line(estimate.name, 200), style="bold")
        if estimate.client:
            text.append("  for " + clean_line(estimate.client, 100))
        text.append("\n")
        facts = [f"{len(estimate.tasks)} tasks", f"contingency {estimate.contingency_pct:g}%"]
        if estimate.start_date is not None:
            facts.insert(0, f"starts {estimate.start_date:%a %d %b %Y}")
        facts.append(f"created {when(estimate.created_at, now)}")
        text.append(" · ".join(facts) + "\n", style="dim")
        total = summary.total
        text.append("Expected ", style="dim")
        text.append(f"{days(total.mean)} d", style="bold")
        text.append(f" ± {days(total.sd)}", style="dim")
        text.append(" · with contingency ", style="dim")
        text.append(f"{days(summary.with_contingency)} d", style="bold")
        text.append(f" · {CONFIDENCE:.0%} sure within ", style="dim")
        text.append(f"{days(summary.at_confidence(CONFIDENCE))} d\n", style="bold")
        for invalid in summary.invalid:
            text.append("Left out of the totals: ", style="bold red")
            text.append(clean_line(invalid.task.name, NAME_LIMIT), style="red")
            text.append(f" ({invalid.reason})\n", style="red")
        if estimate.description.strip():
            text.append(clean_text(estimate.description).strip() + "\n")
        return text

    # the table --------------------------------------------------------------

    def _fill_table(
        self, table: DataTable[Text], estimate: Estimate, summary: EstimateSummary
    ) -> None:
        limit = min(max(self.size.width - TABLE_OVERHEAD, NAME_MIN), NAME_LIMIT)
        figures = {id(f.task): f for f in summary.tasks}
        invalid = {id(i.task): i for i in summary.invalid}
        phases: dict[str, list[EstimateTask]] = {}
        for task in estimate.tasks:
            phases.setdefault(phase_of(task), []).append(task)
        totals = {p.name: p for p in summary.phases}
        for phase, tasks in phases.items():
            table.add_row(*_padded(Text(clean_line(phase, limit), style="bold underline")))
            for task in tasks:
                cells = self._task_cells(task, figures.get(id(task)), invalid.get(id(task)), limit)
                table.add_row(*cells)
            total = totals.get(phase)
            if total is not None:
                table.add_row(*self._total_cells(f"{phase} total", total, limit))
        table.add_row(*self._total_cells("Total", summary.total, limit, style="bold reverse"))
        contingency = Text(f"+{summary.contingency_pct:g}% contingency", style="bold")
        blanks = [Text("")] * 4
        table.add_row(*_padded(contingency, *blanks, _number(summary.with_contingency, "bold")))
        if summary.roles:
            table.add_row(*_padded(Text("By role", style="bold underline")))
            for role in summary.roles:
                table.add_row(*self._role_cells(role, limit))

    @staticmethod
    def _task_cells(
        task: EstimateTask, figures: TaskFigures | None, invalid: InvalidTask | None, limit: int
    ) -> tuple[Text, ...]:
        points = (task.optimistic, task.likely, task.pessimistic)
        if figures is not None:
            mean, sd = _number(figures.mean), _number(figures.sd, "dim")
        else:
            mean = Text("invalid", style="bold red", justify="right")
            sd = Text("!" if invalid else "", style="bold red")
        return (
            Text("  " + clean_line(task.name, limit)),
            Text(clean_line(task.role, 10), style="dim"),
            *(_number(p) for p in points),
            mean,
            sd,
        )

    @staticmethod
    def _total_cells(
        label: str, total: GroupTotal, limit: int, style: str = "bold"
    ) -> tuple[Text, ...]:
        return (
            Text(clean_line(label, limit), style=style),
            Text(f"{total.tasks} tasks", style="dim"),
            *[Text("")] * 3,
            _number(total.mean, "bold"),
            _number(total.sd, "bold"),
        )

    @staticmethod
    def _role_cells(role: GroupTotal, limit: int) -> tuple[Text, ...]:
        return (
            Text("  " + clean_line(role.name, limit)),
            Text(f"{role.tasks} tasks", style="dim"),
            *[Text("")] * 3,
            _number(role.mean),
            _number(role.sd, "dim"),
        )
