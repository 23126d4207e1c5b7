"""Estimates workbench: the saved estimates, the editable breakdown, and the forecast.

The table is the work breakdown, one row per task, nested by indentation;
every change is saved at once (nothing typed is lost) and can be undone. The
header's PERT totals follow the edit bar as you type; the forecast panel
(Monte Carlo percentiles, end date, cost, chart, resources) is recomputed
when a change is saved. Below 110 columns the forecast takes the table's
place on `f`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import DataTable, Input, Static

from ctotui import estimate_edit, estimate_tree
from ctotui.estimate import EstimateSummary, summarize
from ctotui.estimate_analysis import Analysis, analyse
from ctotui.estimate_calibration import RoleFactor, calibrate
from ctotui.humanize import when
from ctotui.model import Estimate, WorkEvent, WorkItem
from ctotui.sanitize import clean_line, clean_text
from ctotui.screens.base import PanelScreen
from ctotui.screens.estimate_actions import EstimateActions
from ctotui.screens.estimate_panel import forecast_text
from ctotui.screens.estimate_table import fill_breakdown
from ctotui.screens.list_source import ListSource
from ctotui.widgets.row_list import Cell, Column, RowList

COLUMNS = (
    Column("mark", "", width=1),
    Column("name", "Estimate"),
    Column("client", "Client"),
    Column("days", "Days", width=6, align="right"),
)
TABLE_COLUMNS = ("Task", "Role", "U", "Opt", "Likely", "Pess", "Mean", "SD")
NAME_LIMIT = 60
NAME_MIN = 16
TABLE_OVERHEAD = 46
"""Cells the table needs besides task names: role, unit, five numbers, padding, scrollbar."""
FORECAST_WIDTH = 46


def days(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True, slots=True)
class EstimateEntry:
    """One row of the list: the estimate and its figures, computed once per reload."""

    estimate: Estimate
    summary: EstimateSummary
    marked: bool = False


@dataclass(frozen=True, slots=True)
class EditTarget:
    """What the edit bar changes: a task's field (index set) or the estimate's."""

    field: str
    index: int | None = None
    estimate_id: int | None = None


class EstimatesScreen(EstimateActions, PanelScreen):
    """Browse, edit, compare and export estimates."""

    CSS_PATH = "estimates.tcss"
    TITLE = "Estimates"
    HORIZONTAL_BREAKPOINTS = [(0, "-estimates-narrow"), (110, "-estimates-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-estimates-short"), (36, "-estimates-tall")]

    def __init__(self) -> None:
        super().__init__()
        self._undo: dict[int, list[Estimate]] = {}
        self._editing: EditTarget | None = None
        self._analysis: Analysis | None = None
        self._rows: list[int | None] = []
        self.calibration: tuple[RoleFactor, ...] = ()
        self.compare_id: int | None = None

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
            with Horizontal(id="estimates-body"):
                table: DataTable[Text] = DataTable(
                    cursor_type="cell", zebra_stripes=False, id="estimates-tasks"
                )
                table.add_columns(*TABLE_COLUMNS)
                yield table
                with VerticalScroll(id="estimates-forecast-box"):
                    yield Static(id="estimates-forecast")
            with Horizontal(id="estimates-editbar"):
                yield Static(id="estimates-edit-label")
                edit = Input(id="estimates-edit")
                edit.cursor_blink = False  # a steady cursor: no repaint every 0.5 s over SSH
                yield edit

    # state ------------------------------------------------------------------

    @property
    def rows(self) -> RowList[EstimateEntry]:
        return self.query_one("#estimates-list", RowList)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#estimates-tasks", DataTable)

    @property
    def estimate(self) -> Estimate | None:
        entry = self.rows.current_row
        return entry.estimate if entry is not None else None

    @property
    def hours_per_day(self) -> float:
        return self.cto.config.estimates.hours_per_day

    def on_mount(self) -> None:
        super().on_mount()
        self.rows.focus()

    def on_resize(self, event: Resize) -> None:
        """Task names are clipped to the width, so a new width redraws the table."""
        if self.is_mounted:
            self._show(self.rows.current_row)

    def refresh_data(self, select: int | None = None) -> None:
        """Reload from the store; `select` picks an estimate by id."""
        estimates = self.cto.store.list_estimates()
        entries = [
            EstimateEntry(e, summarize(e, self.hours_per_day), e.id == self.compare_id)
            for e in estimates
        ]
        self.calibration = self._calibrate(estimates)
        self.rows.set_source(ListSource(entries), keep_cursor=True)
        if select is not None:
            for index, entry in enumerate(entries):
                if entry.estimate.id == select:
                    self.rows.cursor_index = index
        self._show(self.rows.current_row)

    def _calibrate(self, estimates: list[Estimate]) -> tuple[RoleFactor, ...]:
        """Per role actual/estimated days over every linked task whose items are done."""
        store = self.cto.store

        def lookup(links: Sequence[str]) -> list[tuple[WorkItem, list[WorkEvent]]]:
            return [(item, store.item_events(item)) for item in store.linked_items(links)]

        return calibrate(estimates, lookup, self.cto.config.estimates)

    @staticmethod
    def _render_row(entry: EstimateEntry) -> Sequence[Cell]:
        estimate, summary = entry.estimate, entry.summary
        mark = "!" if summary.invalid else ("◆" if entry.marked else "")
        return (
            Cell(mark, "alert"),
            Cell(estimate.name, "strong"),
            Cell(estimate.client, "dim"),
            Cell(days(summary.total.mean)),
        )

    @on(RowList.Highlighted, "#estimates-list")
    def _highlighted(self, event: RowList.Highlighted[EstimateEntry]) -> None:
        """A different estimate under the cursor ends an edit; a reload of the same does not.

        The row is read from the list, not the event: a reload may have queued
        an event for a row that has moved since.
        """
        editing, row = self._editing, self.rows.current_row
        if editing is not None and row is not None and row.estimate.id == editing.estimate_id:
            return
        self._cancel_edit()
        self._show(row)

    @on(RowList.Selected, "#estimates-list")
    def _selected(self) -> None:
        """Enter moves into the task table, where the arrows walk the tasks and cells."""
        self.table.focus()

    def action_back_to_list(self) -> None:
        if self._editing is not None:
            self._cancel_edit()
            return
        self.remove_class("-show-forecast")
        self.rows.focus()

    # showing ----------------------------------------------------------------

    def _show(self, entry: EstimateEntry | None, *, cursor: tuple[int, int] | None = None) -> None:
        info = self.query_one("#estimates-info", Static)
        table = self.table
        keep = cursor or (table.cursor_row, table.cursor_column)
        table.clear()
        forecast = self.query_one("#estimates-forecast", Static)
        if entry is None:
            info.update(Text("Nothing to show.", style="dim"))
            forecast.update(Text())
            self._analysis = None
            return
        info.update(self._info(entry.estimate, entry.summary, self.cto.clock.now()))
        self._fill_table(entry.estimate, entry.summary)
        if table.row_count:
            table.move_cursor(row=min(keep[0], table.row_count - 1), column=keep[1])
        self._analysis = analyse(
            entry.estimate, self.cto.config.estimates, self.cto.clock.now().date()
        )
        forecast.update(forecast_text(self._analysis, FORECAST_WIDTH - 4, self.calibration))

    def _info(self, estimate: Estimate, summary: EstimateSummary, now: datetime) -> Text:
        text = Text()
        text.append(clean_line(estimate.name, 200), style="bold")
        if estimate.client:
            text.append("  for " + clean_line(estimate.client, 100))
        text.append("\n")
        leaves = len(summary.tasks) + len(summary.invalid)
        facts = [f"{leaves} tasks", f"contingency {estimate.contingency_pct:g}%"]
        if estimate.start_date is not None:
            facts.insert(0, f"starts {estimate.start_date:%a %d %b %Y}")
        facts.append(f"{len(estimate.risks)} risks")
        facts.append(f"created {when(estimate.created_at, now)}")
        text.append(" · ".join(facts) + "\n", style="dim")
        total = summary.total
        text.append("Expected ", style="dim")
        text.append(f"{days(total.mean)} d", style="bold")
        text.append(f" ± {days(total.sd)}", style="dim")
        text.append(" · with contingency ", style="dim")
        text.append(f"{days(summary.with_contingency)} d", style="bold")
        text.append(" · 85% sure within ", style="dim")
        text.append(f"{days(summary.at_confidence(0.85))} d\n", style="bold")
        for invalid in summary.invalid:
            text.append("Left out of the totals: ", style="bold red")
            text.append(clean_line(invalid.task.name, NAME_LIMIT), style="red")
            text.append(f" ({invalid.reason})\n", style="red")
        if estimate.description.strip():
            text.append(clean_text(estimate.description).strip() + "\n")
        return text

    def _fill_table(self, estimate: Estimate, summary: EstimateSummary) -> None:
        width = self.size.width - 2
        if width >= self.HORIZONTAL_BREAKPOINTS[1][0]:
            width -= FORECAST_WIDTH
        nesting = 2 * (max(estimate_tree.depths(estimate.tasks), default=0) + 1)
        limit = min(max(width - TABLE_OVERHEAD - nesting, NAME_MIN), NAME_LIMIT)
        self._rows = fill_breakdown(self.table, estimate, summary, limit)

    def task_at(self, row: int) -> int | None:
        """The task index shown on table row `row` (a heading gives its first task)."""
        for index in self._rows[max(row, 0) :]:
            if index is not None:
                return index
        return None

    def row_of(self, task: int) -> int:
        """The table row showing task index `task` (the last row when it is gone)."""
        return self._rows.index(task) if task in self._rows else len(self._rows) - 1

    # the edit bar -----------------------------------------------------------

    def start_edit(self, target: EditTarget, value: str, label: str) -> None:
        self._editing = target
        self.add_class("-editing")
        self.query_one("#estimates-edit-label", Static).update(Text(label, style="bold"))
        edit = self.query_one("#estimates-edit", Input)
        edit.value = value
        edit.cursor_position = len(value)
        edit.focus()

    def _cancel_edit(self) -> None:
        if self._editing is None:
            return
        self._editing = None
        self.remove_class("-editing")
        self._show(self.rows.current_row)
        self.table.focus()

    @on(DataTable.CellSelected, "#estimates-tasks")
    def _cell_selected(self) -> None:
        self.action_edit_cell()

    @on(Input.Changed, "#estimates-edit")
    def _typing(self, event: Input.Changed) -> None:
        """Totals follow the edit bar as you type (the table changes on enter)."""
        target, estimate = self._editing, self.estimate
        if target is None or estimate is None or target.index is None:
            return
        parsed = estimate_edit.parse(target.field, event.value)
        preview = copy.deepcopy(estimate)
        estimate_edit.apply(preview.tasks[target.index], target.field, parsed)
        info = self._info(preview, summarize(preview, self.hours_per_day), self.cto.clock.now())
        if parsed.problem:
            info.append(f"Not saved yet: {parsed.problem}\n", style="bold yellow")
        self.query_one("#estimates-info", Static).update(info)

    @on(Input.Submitted, "#estimates-edit")
    def _submitted(self, event: Input.Submitted) -> None:
        target, estimate = self._editing, self.estimate
        if target is None or estimate is None:
            return
        problem = self.commit_edit(estimate, target, event.value)
        if problem:
            self.notify(problem, severity="warning")
            return
        self._editing = None
        self.remove_class("-editing")
        self.table.focus()

    def change(self, mutate: Callable[[Estimate], int | None]) -> None:
        """Apply `mutate` to the current estimate with an undo step, save, and redraw.

        `mutate` returns the task row the cursor goes to (None: stay).
        """
        estimate = self.estimate
        if estimate is None or estimate.id is None:
            self.notify("Choose an estimate first.", severity="warning")
            return
        before = copy.deepcopy(estimate)
        row = mutate(estimate)
        if estimate == before:
            return
        self._undo.setdefault(estimate.id, []).append(before)
        self.cto.store.save_estimate(estimate)
        column = self.table.cursor_column
        self.refresh_data(select=estimate.id)
        if row is not None and self.table.row_count:
            self.table.move_cursor(row=max(self.row_of(row), 0), column=column)

    def undo(self) -> bool:
        """Put the current estimate back as it was before its last change."""
        estimate = self.estimate
        if estimate is None or estimate.id is None or not self._undo.get(estimate.id):
            return False
        previous = self._undo[estimate.id].pop()
        self.cto.store.save_estimate(previous)
        self.refresh_data(select=previous.id)
        return True
