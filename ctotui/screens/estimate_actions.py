"""The workbench's keys: edit, add, delete, indent, move, undo, scenarios, export.

A mixin of `EstimatesScreen`, kept apart so each file holds one concern: this
one turns keys into changes of the breakdown; the screen draws and saves.
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding

from ctotui import estimate_edit, estimate_tree
from ctotui.model import Estimate, EstimateTask
from ctotui.screens.base import PanelScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.text import Text
    from textual.widgets import DataTable

    from ctotui.estimate_calibration import RoleFactor
    from ctotui.screens.estimates import EditTarget

ESTIMATE_FIELDS = {
    "name": "Name of the estimate",
    "client": "Client",
    "contingency_pct": "Contingency %",
    "start_date": "Start date (YYYY-MM-DD, empty for none)",
}


def _binding(
    keys: str, action: str, description: str, tooltip: str, *, show: bool = True
) -> Binding:
    return Binding(keys, action, description, show=show, id=f"estimates.{action}", tooltip=tooltip)


class EstimateActions(PanelScreen):
    """Actions over the current estimate; the screen provides table, change and edit bar."""

    BINDINGS = [
        _binding("escape", "back_to_list", "List", "Back to the list of estimates", show=False),
        _binding("e", "edit_cell", "Edit", "Edit the cell under the cursor (also enter)"),
        _binding("a", "add_task", "Add", "Add a task after this one"),
        _binding("x,delete", "delete_task", "Delete", "Delete this task and its subtasks"),
        _binding(
            "greater_than_sign", "indent", "Indent", "Make this task a subtask of the one above"
        ),
        _binding("less_than_sign", "outdent", "Outdent", "Move this task one level out"),
        _binding("K,shift+up", "move_up", "Move up", "Move this task above its previous sibling"),
        _binding("J,shift+down", "move_down", "Move down", "Move this task below its next sibling"),
        _binding("u,ctrl+z", "undo", "Undo", "Undo the last change to this estimate"),
        _binding("D", "duplicate", "Duplicate", "Copy this estimate as a new scenario"),
        _binding("m", "mark", "Mark", "Mark this estimate as the one to compare with", show=False),
        _binding("c", "compare", "Compare", "Compare this estimate with the marked one"),
        _binding("E", "export", "Export", "Write Markdown, CSV and TOML files of this estimate"),
        _binding("r", "edit_estimate('name')", "Rename", "Rename this estimate", show=False),
        _binding("C", "edit_estimate('client')", "Client", "Change the client", show=False),
        _binding(
            "percent_sign",
            "edit_estimate('contingency_pct')",
            "Contingency",
            "Change the contingency percentage",
            show=False,
        ),
        _binding("s", "edit_estimate('start_date')", "Start", "Change the start date", show=False),
        _binding("f", "toggle_forecast", "Forecast", "Show the forecast (narrow screens)"),
        _binding("P", "edit_task('phase')", "Phase", "Change this task's phase", show=False),
        _binding(
            "L",
            "edit_task('links')",
            "Links",
            "Link this task to tracker items (keys or label:NAME) for calibration",
            show=False,
        ),
        _binding(
            "A",
            "apply_calibration",
            "Calibrate",
            "Scale this estimate's tasks by each role's actual/estimated history",
            show=False,
        ),
    ]

    if TYPE_CHECKING:
        compare_id: int | None

        @property
        def table(self) -> DataTable[Text]: ...
        @property
        def estimate(self) -> Estimate | None: ...
        def change(self, mutate: Callable[[Estimate], int | None]) -> None: ...
        def undo(self) -> bool: ...
        def start_edit(self, target: EditTarget, value: str, label: str) -> None: ...
        def refresh_data(self, select: int | None = None) -> None: ...
        def task_at(self, row: int) -> int | None: ...
        def row_of(self, task: int) -> int: ...

        _rows: list[int | None]
        calibration: tuple[RoleFactor, ...]

    def _row(self) -> int | None:
        """The index of the task under the cursor."""
        estimate = self.estimate
        if estimate is None or not estimate.tasks:
            return None
        return self.task_at(self.table.cursor_row)

    def action_edit_cell(self) -> None:

        estimate, row = self.estimate, self._row()
        if estimate is None or row is None:
            return
        cursor = self.table.cursor_row
        if cursor < len(self._rows) and self._rows[cursor] is None:
            self.notify("This row totals a phase: P changes the phase of a task.")
            return
        column = self.table.cursor_column
        if column >= len(estimate_edit.FIELDS):
            self.notify("Mean and SD are computed from the three points.")
            return
        self.action_edit_task(estimate_edit.FIELDS[column])

    def action_edit_task(self, field: str) -> None:
        """Open the edit bar on one field of the task under the cursor."""
        from ctotui.screens.estimates import EditTarget

        estimate, row = self.estimate, self._row()
        if estimate is None or row is None or field not in estimate_edit.LABELS:
            return
        task = estimate.tasks[row]
        label = f"{estimate_edit.LABELS[field]}: "
        target = EditTarget(field, row, estimate.id)
        self.start_edit(target, estimate_edit.current(task, field), label)

    def action_edit_estimate(self, field: str) -> None:
        from ctotui.screens.estimates import EditTarget

        estimate = self.estimate
        if estimate is None or field not in ESTIMATE_FIELDS:
            return
        value = getattr(estimate, field)
        shown = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
        target = EditTarget(field, None, estimate.id)
        self.start_edit(target, shown, f"{ESTIMATE_FIELDS[field]}: ")

    def commit_edit(self, estimate: Estimate, target: EditTarget, text: str) -> str:
        """Save the edit bar's value; returns the problem when it cannot be used."""
        if target.index is not None:
            parsed = estimate_edit.parse(target.field, text)
            if parsed.problem:
                return parsed.problem
            index = target.index

            def set_field(e: Estimate) -> int:
                estimate_edit.apply(e.tasks[index], target.field, parsed)
                return index

            self.change(set_field)
            return ""
        try:
            value = _estimate_value(target.field, text)
        except ValueError as error:
            return str(error)

        def set_value(e: Estimate) -> None:
            setattr(e, target.field, value)

        self.change(set_value)
        return ""

    def action_add_task(self) -> None:
        row = self._row()

        def add(e: Estimate) -> int:
            near = e.tasks[row] if row is not None else None
            new = EstimateTask(
                "New task", near.role if near else "", 1, 2, 4, phase=near.phase if near else ""
            )
            return estimate_tree.add_after(e.tasks, row, new)

        self.change(add)
        if self.estimate is not None:
            self.table.move_cursor(column=0)
            self.action_edit_cell()

    def action_delete_task(self) -> None:
        row = self._row()
        if row is not None:
            self.change(lambda e: estimate_tree.delete(e.tasks, row))

    def action_indent(self) -> None:
        self._tree_op(estimate_tree.indent)

    def action_outdent(self) -> None:
        self._tree_op(estimate_tree.outdent)

    def action_move_up(self) -> None:
        self._tree_op(estimate_tree.move_up)

    def action_move_down(self) -> None:
        self._tree_op(estimate_tree.move_down)

    def _tree_op(self, op: Callable[[list[EstimateTask], int], int]) -> None:
        row = self._row()
        if row is not None:
            self.change(lambda e: op(e.tasks, row))

    def action_undo(self) -> None:
        if not self.undo():
            self.notify("Nothing to undo for this estimate.")

    def action_duplicate(self) -> None:
        """A scenario: the same estimate under a new name, to change scope or team."""
        estimate = self.estimate
        if estimate is None:
            return
        copied = duplicate(estimate, self.cto.clock.now())
        self.cto.store.save_estimate(copied)
        self.refresh_data(select=copied.id)
        self.notify(f"Saved the scenario {copied.name}; r renames it.")

    def action_mark(self) -> None:
        estimate = self.estimate
        if estimate is None:
            return
        self.compare_id = None if self.compare_id == estimate.id else estimate.id
        self.refresh_data(select=estimate.id)

    def action_compare(self) -> None:
        from ctotui.screens.estimate_compare import CompareScreen

        estimate = self.estimate
        base = None if self.compare_id is None else self.cto.store.get_estimate(self.compare_id)
        if estimate is None or base is None or base.id == estimate.id:
            self.notify("Press m on one estimate, then c on another to compare them.")
            return
        self.app.push_screen(CompareScreen(base, estimate))

    def action_export(self) -> None:
        from ctotui import estimate_io, estimate_report
        from ctotui.estimate_analysis import analyse

        estimate = self.estimate
        if estimate is None:
            return
        settings = self.cto.config.estimates
        analysis = analyse(estimate, settings, self.cto.clock.now().date())
        folder = self.cto.workspace.data_dir / "exports"
        stem = _slug(estimate.name)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            files = {
                ".md": estimate_report.markdown(analysis),
                ".csv": estimate_report.csv_text(analysis),
                ".toml": estimate_io.dumps(estimate),
            }
            for suffix, text in files.items():
                Path(folder / (stem + suffix)).write_text(text, encoding="utf-8")
        except OSError as error:
            self.notify(f"Could not write to {folder}: {error}", severity="error")
            return
        self.notify(f"Wrote {stem}.md, .csv and .toml to {folder}")

    def action_apply_calibration(self) -> None:
        """Scale each calibrated role's tasks by its actual/estimated factor (undo with u)."""
        from ctotui.estimate_calibration import apply_factors

        if not self.calibration:
            self.notify("No calibration yet: L links tasks to tracker items; done ones count.")
            return
        counted: list[int] = []

        def scale(e: Estimate) -> None:
            counted.append(apply_factors(e, self.calibration))

        self.change(scale)
        factors = ", ".join(f"{f.role} x{f.factor:.2f}" for f in self.calibration)
        self.notify(f"Calibrated {counted[0] if counted else 0} tasks: {factors}. u undoes.")

    def action_toggle_forecast(self) -> None:
        self.toggle_class("-show-forecast")


def duplicate(estimate: Estimate, now: datetime) -> Estimate:
    """A copy with no ids (tasks linked through provisional ones) and a scenario name."""
    copied = copy.deepcopy(estimate)
    copied.id = None
    copied.created_at = now
    provisional = {t.id: -(i + 1) for i, t in enumerate(copied.tasks) if t.id is not None}
    for task in copied.tasks:
        task.parent_id = provisional.get(task.parent_id) if task.parent_id is not None else None
        task.id = provisional.get(task.id) if task.id is not None else None
    copied.name = f"{estimate.name} (scenario)"
    return copied


def _estimate_value(field: str, text: str) -> str | float | date | None:
    text = text.strip()
    if field == "contingency_pct":
        try:
            value = float(text)
        except ValueError:
            raise ValueError("type a percentage, like 15") from None
        if not 0 <= value <= 500:
            raise ValueError("type a percentage from 0 to 500")
        return value
    if field == "start_date":
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError("type a date as YYYY-MM-DD") from None
    if field == "name" and not text:
        raise ValueError("an estimate needs a name")
    return text


def _slug(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
    return slug[:60] or "estimate"
