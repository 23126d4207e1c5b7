"""Project estimates and their task breakdowns.

Saving an estimate replaces its task list with the one given, in that order.
Tasks keep the ids they already have, so parent links and selections in the UI
stay valid; new tasks get fresh ids, written back onto the objects.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import date

from ctotui.errors import StoreError
from ctotui.model import Estimate, EstimateTask
from ctotui.store.base import StoreBase
from ctotui.store.codec import from_day, from_epoch, to_day, to_epoch

_TASK_INSERT = (
    "INSERT INTO estimate_tasks (id, estimate_id, position, name, role, optimistic, likely,"
    " pessimistic, phase) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _task_from_row(row: sqlite3.Row) -> EstimateTask:
    return EstimateTask(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        optimistic=row["optimistic"],
        likely=row["likely"],
        pessimistic=row["pessimistic"],
        phase=row["phase"],
        parent_id=row["parent_id"],
    )


def _estimate_from_row(row: sqlite3.Row, tasks: list[EstimateTask]) -> Estimate:
    start: date | None = from_day(row["start_date"])
    return Estimate(
        id=row["id"],
        name=row["name"],
        client=row["client"],
        created_at=from_epoch(row["created_at"]),
        description=row["description"],
        contingency_pct=row["contingency_pct"],
        start_date=start,
        tasks=tasks,
    )


class EstimatesMixin(StoreBase):
    def save_estimate(self, estimate: Estimate) -> int:
        """Insert (id None) or update by id, replacing the tasks; sets ids, returns its id."""
        values = (
            estimate.name,
            estimate.client,
            to_epoch(estimate.created_at),
            estimate.description,
            estimate.contingency_pct,
            to_day(estimate.start_date),
        )
        with self.transaction():
            if estimate.id is None:
                estimate_id = self._exec(
                    "INSERT INTO estimates (name, client, created_at, description,"
                    " contingency_pct, start_date) VALUES (?, ?, ?, ?, ?, ?)",
                    values,
                ).lastrowid
                if estimate_id is None:
                    raise StoreError(f"The estimate {estimate.name!r} was not saved.")
            else:
                estimate_id = estimate.id
                changed = self._exec(
                    "UPDATE estimates SET name = ?, client = ?, created_at = ?, description = ?,"
                    " contingency_pct = ?, start_date = ? WHERE id = ?",
                    (*values, estimate_id),
                ).rowcount
                if changed == 0:
                    raise StoreError(f"Estimate {estimate_id} is no longer in the data store.")
            links = self._replace_tasks(estimate_id, estimate.tasks)
        estimate.id = estimate_id
        for task, (task_id, parent_id) in zip(estimate.tasks, links, strict=True):
            task.id = task_id
            task.parent_id = parent_id
        return estimate_id

    def _replace_tasks(
        self, estimate_id: int, tasks: list[EstimateTask]
    ) -> list[tuple[int, int | None]]:
        """Write `tasks` as the estimate's whole breakdown; returns (id, parent_id) per task."""
        self._exec("DELETE FROM estimate_tasks WHERE estimate_id = ?", (estimate_id,))
        new_ids: dict[int, int] = {}
        saved: list[int] = []
        for position, task in enumerate(tasks):
            keep = (
                task.id is not None
                and self._one("SELECT 1 FROM estimate_tasks WHERE id = ?", (task.id,)) is None
            )
            task_id = self._exec(
                _TASK_INSERT,
                (
                    task.id if keep else None,
                    estimate_id,
                    position,
                    task.name,
                    task.role,
                    task.optimistic,
                    task.likely,
                    task.pessimistic,
                    task.phase,
                ),
            ).lastrowid
            if task_id is None:
                raise StoreError(f"The task {task.name!r} was not saved.")
            if task.id is not None:
                new_ids.setdefault(task.id, task_id)
            saved.append(task_id)
        links: list[tuple[int, int | None]] = []
        for task, task_id in zip(tasks, saved, strict=True):
            parent = None if task.parent_id is None else new_ids.get(task.parent_id)
            if parent is not None:
                self._exec(
                    "UPDATE estimate_tasks SET parent_id = ? WHERE id = ?", (parent, task_id)
                )
            links.append((task_id, parent))
        return links

    def list_estimates(self) -> list[Estimate]:
        """Every estimate with its tasks, newest first."""
        tasks: defaultdict[int, list[EstimateTask]] = defaultdict(list)
        for row in self._all("SELECT * FROM estimate_tasks ORDER BY estimate_id, position"):
            tasks[row["estimate_id"]].append(_task_from_row(row))
        rows = self._all("SELECT * FROM estimates ORDER BY created_at DESC, id DESC")
        return [_estimate_from_row(row, tasks[row["id"]]) for row in rows]

    def get_estimate(self, estimate_id: int) -> Estimate | None:
        row = self._one("SELECT * FROM estimates WHERE id = ?", (estimate_id,))
        if row is None:
            return None
        task_rows = self._all(
            "SELECT * FROM estimate_tasks WHERE estimate_id = ? ORDER BY position", (estimate_id,)
        )
        return _estimate_from_row(row, [_task_from_row(r) for r in task_rows])
