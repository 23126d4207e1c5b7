"""Project estimates and their task breakdowns.

Saving an estimate replaces its task list with the one given, in that order.
Tasks keep the ids they already have, so parent links and selections in the UI
stay valid; new tasks get fresh ids, written back onto the objects.
Negative ids are provisional (an imported file links parents through them):
they are never stored, only used to link children to their new parent.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from ctotui.errors import StoreError
from ctotui.model import Estimate, EstimateRisk, EstimateTask, FixedCost, WorkItem
from ctotui.store.base import StoreBase
from ctotui.store.codec import from_day, from_epoch, to_day, to_epoch
from ctotui.store.item_rows import ITEM_SELECT, item_from_row

LABEL_PREFIX = "label:"

_TASK_INSERT = (
    "INSERT INTO estimate_tasks (id, estimate_id, position, name, role, optimistic, likely,"
    " pessimistic, phase, unit, links) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
        unit=row["unit"],
        links=tuple(str(link) for link in json.loads(row["links"])),
    )


def _assumptions(raw: str) -> list[str]:
    loaded = json.loads(raw)
    return [str(a) for a in loaded] if isinstance(loaded, list) else []


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
        assumptions=_assumptions(row["assumptions"]),
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
            json.dumps(estimate.assumptions),
        )
        with self.transaction():
            if estimate.id is None:
                estimate_id = self._exec(
                    "INSERT INTO estimates (name, client, created_at, description,"
                    " contingency_pct, start_date, assumptions) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    values,
                ).lastrowid
                if estimate_id is None:
                    raise StoreError(f"The estimate {estimate.name!r} was not saved.")
            else:
                estimate_id = estimate.id
                changed = self._exec(
                    "UPDATE estimates SET name = ?, client = ?, created_at = ?, description = ?,"
                    " contingency_pct = ?, start_date = ?, assumptions = ? WHERE id = ?",
                    (*values, estimate_id),
                ).rowcount
                if changed == 0:
                    raise StoreError(f"Estimate {estimate_id} is no longer in the data store.")
            links = self._replace_tasks(estimate_id, estimate.tasks)
            self._replace_extras(estimate_id, estimate)
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
                and task.id > 0
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
                    task.unit,
                    json.dumps(list(task.links)),
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

    def _replace_extras(self, estimate_id: int, estimate: Estimate) -> None:
        """Write the estimate's risks and fixed costs, in order, replacing the old ones."""
        self._exec("DELETE FROM estimate_risks WHERE estimate_id = ?", (estimate_id,))
        self._exec("DELETE FROM estimate_fixed_costs WHERE estimate_id = ?", (estimate_id,))
        for position, risk in enumerate(estimate.risks):
            self._exec(
                "INSERT INTO estimate_risks (estimate_id, position, name, probability,"
                " impact_days, impact_cost) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    estimate_id,
                    position,
                    risk.name,
                    risk.probability,
                    risk.impact_days,
                    risk.impact_cost,
                ),
            )
        for position, cost in enumerate(estimate.fixed_costs):
            self._exec(
                "INSERT INTO estimate_fixed_costs (estimate_id, position, name, amount)"
                " VALUES (?, ?, ?, ?)",
                (estimate_id, position, cost.name, cost.amount),
            )

    def _load_extras(self, estimate: Estimate) -> Estimate:
        rows = self._all(
            "SELECT * FROM estimate_risks WHERE estimate_id = ? ORDER BY position", (estimate.id,)
        )
        estimate.risks = [
            EstimateRisk(r["name"], r["probability"], r["impact_days"], r["impact_cost"])
            for r in rows
        ]
        rows = self._all(
            "SELECT * FROM estimate_fixed_costs WHERE estimate_id = ? ORDER BY position",
            (estimate.id,),
        )
        estimate.fixed_costs = [FixedCost(r["name"], r["amount"]) for r in rows]
        return estimate

    def linked_items(self, links: Sequence[str]) -> list[WorkItem]:
        """Work items an estimate task links to: by key, by "label:NAME", or linking the key.

        A key also matches the items that link to it, so an epic's key brings
        its stories.
        """
        keys = [link for link in links if not link.startswith(LABEL_PREFIX)]
        labels = [link[len(LABEL_PREFIX) :] for link in links if link.startswith(LABEL_PREFIX)]
        if not keys and not labels:
            return []
        rows = self._all(
            f"SELECT {ITEM_SELECT} FROM work_items w"
            " WHERE w.key IN (SELECT value FROM json_each(:keys))"
            " OR EXISTS (SELECT 1 FROM json_each(w.labels) l"
            "   WHERE l.value IN (SELECT value FROM json_each(:labels)))"
            " OR EXISTS (SELECT 1 FROM json_each(w.links) k"
            "   WHERE k.value IN (SELECT value FROM json_each(:keys)))"
            " ORDER BY w.source, w.key",
            {"keys": json.dumps(keys), "labels": json.dumps(labels)},
        )
        return [item_from_row(row) for row in rows]

    def delete_estimate(self, estimate_id: int) -> None:
        """Remove the estimate with its tasks, risks and fixed costs."""
        with self.transaction():
            self._exec("DELETE FROM estimates WHERE id = ?", (estimate_id,))

    def list_estimates(self) -> list[Estimate]:
        """Every estimate with its tasks, newest first."""
        tasks: defaultdict[int, list[EstimateTask]] = defaultdict(list)
        for row in self._all("SELECT * FROM estimate_tasks ORDER BY estimate_id, position"):
            tasks[row["estimate_id"]].append(_task_from_row(row))
        rows = self._all("SELECT * FROM estimates ORDER BY created_at DESC, id DESC")
        return [self._load_extras(_estimate_from_row(row, tasks[row["id"]])) for row in rows]

    def get_estimate(self, estimate_id: int) -> Estimate | None:
        row = self._one("SELECT * FROM estimates WHERE id = ?", (estimate_id,))
        if row is None:
            return None
        task_rows = self._all(
            "SELECT * FROM estimate_tasks WHERE estimate_id = ? ORDER BY position", (estimate_id,)
        )
        return self._load_extras(_estimate_from_row(row, [_task_from_row(r) for r in task_rows]))
