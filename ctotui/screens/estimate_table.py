"""Drawing the breakdown table: one row per task, plus a heading row per flat phase.

Nested breakdowns show their groups as rows of their own (with the subtree's
totals); flat ones (tasks carrying a `phase` text) get a heading row where the
phase changes. The returned list maps each table row to its task index
(None for a heading), which is how the keys find the task under the cursor.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ctotui import estimate_tree
from ctotui.estimate import EstimateSummary
from ctotui.model import Estimate
from ctotui.sanitize import clean_line

ROLE_LIMIT = 8
BLANKS = 5
"""Cells between a heading's name and its totals: role, unit, three points."""


def _number(value: float, style: str = "") -> Text:
    return Text(f"{value:.1f}", style=style, justify="right")


def fill_breakdown(
    table: DataTable[Text], estimate: Estimate, summary: EstimateSummary, limit: int
) -> list[int | None]:
    """Add the rows to an emptied table; returns the task index of each row."""
    tasks = estimate.tasks
    up = estimate_tree.parents(tasks)
    level = estimate_tree.depths(tasks)
    is_group = estimate_tree.groups(tasks)
    figures = {id(f.task): f for f in summary.tasks}
    invalid = {id(i.task) for i in summary.invalid}
    phase_totals = {p.name: p for p in summary.phases}
    sums = [[0.0, 0.0] for _ in tasks]
    for index, task in enumerate(tasks):
        figure = figures.get(id(task))
        node: int | None = index
        while figure is not None and node is not None:
            sums[node][0] += figure.mean
            sums[node][1] += figure.sd * figure.sd
            node = up[node]
    rows: list[int | None] = []
    heading = ""
    for index, task in enumerate(tasks):
        phase = task.phase.strip() if level[index] == 0 else heading
        if level[index] == 0 and phase != heading:
            heading = phase
            total = phase_totals.get(phase)
            if phase and total is not None:
                table.add_row(
                    Text("▾ " + clean_line(phase, limit), style="bold underline"),
                    *[Text("")] * BLANKS,
                    _number(total.mean, "bold"),
                    _number(total.sd, "bold"),
                )
                rows.append(None)
        indent = "  " * (level[index] + (1 if heading else 0))
        rows.append(index)
        if is_group[index]:
            table.add_row(
                Text(indent + "▾ " + clean_line(task.name, limit), style="bold"),
                *[Text("")] * BLANKS,
                _number(sums[index][0], "bold"),
                _number(sums[index][1] ** 0.5, "bold"),
            )
            continue
        if id(task) in figures:
            mean, sd = _number(sums[index][0]), _number(sums[index][1] ** 0.5, "dim")
        else:
            mean = Text("invalid", style="bold red", justify="right")
            sd = Text("!" if id(task) in invalid else "", style="bold red")
        table.add_row(
            Text(indent + clean_line(task.name, limit)),
            Text(clean_line(task.role, ROLE_LIMIT), style="dim"),
            Text(clean_line(task.unit, 2), style="dim"),
            *(
                Text(f"{p:g}", justify="right")
                for p in (task.optimistic, task.likely, task.pessimistic)
            ),
            mean,
            sd,
        )
    return rows
