"""A whole estimate as a TOML document (so estimates can live in git), and back.

Tasks nest as `[[tasks]]` inside `[[tasks]]`, mirroring the breakdown; store
ids are not written, so a file imports as a new estimate anywhere. Reading is
strict: an unknown key, a wrong type or a missing field is an
`EstimateFileError` naming the key and the fix.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Sequence
from typing import Any

from ctotui.errors import CtotuiError
from ctotui.estimate_tree import parents
from ctotui.model import Estimate, EstimateRisk, EstimateTask, FixedCost

ESTIMATE_KEYS = (
    "name",
    "client",
    "created_at",
    "description",
    "contingency_pct",
    "start_date",
    "assumptions",
    "risks",
    "fixed_costs",
    "tasks",
)
TASK_KEYS = (
    "name",
    "role",
    "optimistic",
    "likely",
    "pessimistic",
    "unit",
    "phase",
    "links",
    "tasks",
)
RISK_KEYS = ("name", "probability", "impact_days", "impact_cost")
COST_KEYS = ("name", "amount")


class EstimateFileError(CtotuiError):
    """An estimate file that cannot be read, with the key and the fix."""


def to_document(estimate: Estimate) -> dict[str, Any]:
    """The estimate as plain TOML-ready data (nested tasks, no ids)."""
    doc: dict[str, Any] = {
        "name": estimate.name,
        "client": estimate.client,
        "created_at": estimate.created_at,
        "description": estimate.description,
        "contingency_pct": estimate.contingency_pct,
    }
    if estimate.start_date is not None:
        doc["start_date"] = estimate.start_date
    doc["assumptions"] = list(estimate.assumptions)
    doc["risks"] = [
        {
            "name": r.name,
            "probability": r.probability,
            "impact_days": r.impact_days,
            "impact_cost": r.impact_cost,
        }
        for r in estimate.risks
    ]
    doc["fixed_costs"] = [{"name": c.name, "amount": c.amount} for c in estimate.fixed_costs]
    doc["tasks"] = _nested(estimate.tasks)
    return doc


def _nested(tasks: Sequence[EstimateTask]) -> list[dict[str, Any]]:
    up = parents(tasks)
    tables: list[dict[str, Any]] = [
        {
            "name": t.name,
            "role": t.role,
            "optimistic": t.optimistic,
            "likely": t.likely,
            "pessimistic": t.pessimistic,
            "unit": t.unit,
            "phase": t.phase,
            "links": list(t.links),
        }
        for t in tasks
    ]
    roots: list[dict[str, Any]] = []
    for table, parent in zip(tables, up, strict=True):
        if parent is None:
            roots.append(table)
        else:
            tables[parent].setdefault("tasks", []).append(table)
    return roots


def dumps(estimate: Estimate) -> str:
    import tomli_w

    return tomli_w.dumps(to_document(estimate))


def loads(text: str) -> Estimate:
    """The estimate in `text`; tasks get provisional negative ids linking parents."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise EstimateFileError(f"The estimate file is not valid TOML: {error}") from None
    _keys(data, ESTIMATE_KEYS, "")
    tasks: list[EstimateTask] = []
    _tasks(_tables(data, "tasks", ""), None, tasks, "tasks")
    start = data.get("start_date")
    if start is not None and (isinstance(start, dt.datetime) or not isinstance(start, dt.date)):
        raise EstimateFileError("start_date must be a date, like start_date = 2026-12-01")
    created = data.get("created_at")
    if not isinstance(created, dt.datetime) or created.tzinfo is None:
        raise EstimateFileError(
            "created_at must be a date and time with an offset, like 2026-11-18T09:30:00Z"
        )
    assumptions = data.get("assumptions", [])
    if not isinstance(assumptions, list) or not all(isinstance(a, str) for a in assumptions):
        raise EstimateFileError('assumptions must be an array of strings, like ["..."]')
    estimate = Estimate(
        name=_text(data, "name", "", required=True),
        client=_text(data, "client", ""),
        created_at=created.astimezone(dt.UTC),
        description=_text(data, "description", ""),
        contingency_pct=_float(data, "contingency_pct", "", 0.0),
        start_date=start,
        tasks=tasks,
        assumptions=list(assumptions),
        risks=[
            EstimateRisk(
                _text(t, "name", where, required=True),
                _float(t, "probability", where, None),
                _float(t, "impact_days", where, 0.0),
                _float(t, "impact_cost", where, 0.0),
            )
            for where, t in _each(data, "risks", RISK_KEYS)
        ],
        fixed_costs=[
            FixedCost(_text(t, "name", where, required=True), _float(t, "amount", where, None))
            for where, t in _each(data, "fixed_costs", COST_KEYS)
        ],
    )
    for index, risk in enumerate(estimate.risks):
        if not 0 <= risk.probability <= 1:
            raise EstimateFileError(f"risks[{index}].probability must be between 0 and 1")
    return estimate


def _tasks(
    tables: list[dict[str, Any]], parent: int | None, out: list[EstimateTask], where: str
) -> None:
    for index, table in enumerate(tables):
        here = f"{where}[{index}]"
        _keys(table, TASK_KEYS, here)
        unit = _text(table, "unit", here) or "d"
        links = table.get("links", [])
        if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
            raise EstimateFileError(
                f'{here}.links must be an array of strings, like ["acme/api#12"]'
            )
        if unit not in ("d", "h"):
            raise EstimateFileError(f'{here}.unit must be "d" (days) or "h" (hours)')
        task = EstimateTask(
            name=_text(table, "name", here, required=True),
            role=_text(table, "role", here),
            optimistic=_float(table, "optimistic", here, 0.0),
            likely=_float(table, "likely", here, 0.0),
            pessimistic=_float(table, "pessimistic", here, 0.0),
            phase=_text(table, "phase", here),
            parent_id=parent,
            id=-(len(out) + 1),
            unit=unit,
            links=tuple(links),
        )
        out.append(task)
        _tasks(_tables(table, "tasks", here), task.id, out, f"{here}.tasks")


def _keys(table: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in allowed:
            place = f"{where}.{key}" if where else key
            raise EstimateFileError(
                f"Unknown key {place!r} in the estimate file; allowed: {', '.join(allowed)}"
            )


def _tables(table: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        place = f"{where}.{key}" if where else key
        raise EstimateFileError(f"{place} must be an array of [[{key}]] tables")
    return value


def _each(
    data: dict[str, Any], key: str, allowed: tuple[str, ...]
) -> list[tuple[str, dict[str, Any]]]:
    result = []
    for index, table in enumerate(_tables(data, key, "")):
        where = f"{key}[{index}]"
        _keys(table, allowed, where)
        result.append((where, table))
    return result


def _text(table: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
    place = f"{where}.{key}" if where else key
    if key not in table:
        if required:
            raise EstimateFileError(f'{place} is missing; add {key} = "..."')
        return ""
    value = table[key]
    if not isinstance(value, str):
        raise EstimateFileError(f'{place} must be a string, like {key} = "..."')
    return value


def _float(table: dict[str, Any], key: str, where: str, default: float | None) -> float:
    place = f"{where}.{key}" if where else key
    if key not in table:
        if default is None:
            raise EstimateFileError(f"{place} is missing; add {key} = 1.0")
        return default
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise EstimateFileError(f"{place} must be a number, like {key} = 1.5")
    return float(value)
