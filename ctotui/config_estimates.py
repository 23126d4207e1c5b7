"""The `[estimates]` config section: currency, day rates, holidays, team, allocations.

Checked as strictly as the rest of the config: unknown keys, wrong types and
out-of-range values are each a problem naming the key and the fix; a bad
entry is dropped and the rest stays usable.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from typing import Any

from ctotui.config_problems import Problems, did_you_mean
from ctotui.config_values import ValueProblem, check_string, type_name
from ctotui.estimate_settings import (
    DEFAULT_HOURS_PER_DAY,
    Absence,
    Allocation,
    EstimateSettings,
    TeamMember,
)

KEYS = ("currency", "hours_per_day", "rates", "holidays", "people", "allocations")
PERSON_KEYS = ("name", "role", "availability", "away")
AWAY_KEYS = ("from", "to")
ALLOCATION_KEYS = ("person", "project", "share", "from", "to")


def _unknown(
    table: dict[str, Any], allowed: tuple[str, ...], where: str, problems: Problems
) -> None:
    for key in table:
        if key not in allowed:
            problems.add(
                f"{where}.{key}",
                f"unknown key {key!r} in {where}" + did_you_mean(key, allowed),
                f"Remove it; {where} takes {', '.join(allowed)}",
            )


def _number(key: str, value: object, *, low: float, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueProblem(f"expected a number, got {type_name(value)}", f"Write it as {key} = 1")
    if value < low or (high is not None and value > high):
        bound = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        raise ValueProblem(f"{value!r} is out of range", f"Use a number {bound}")
    return float(value)


def _date(key: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValueProblem(
            f"expected a date, got {type_name(value)}", f"Write it as {key} = 2026-12-24"
        )
    return value


def check_estimates(raw: object, problems: Problems) -> EstimateSettings:
    """The section's valid settings; every problem is added to `problems`."""
    if raw is None:
        return EstimateSettings()
    if not isinstance(raw, dict):
        problems.add(
            "estimates",
            f"expected a table, got {type_name(raw)}",
            'Write it as [estimates] currency = "EUR"',
        )
        return EstimateSettings()
    _unknown(raw, KEYS, "estimates", problems)
    currency = "EUR"
    if "currency" in raw:
        try:
            currency = check_string("currency", raw["currency"], allow_empty=False)
        except ValueProblem as problem:
            problems.add("estimates.currency", problem.text, problem.fix)
    hours = DEFAULT_HOURS_PER_DAY
    if "hours_per_day" in raw:
        try:
            hours = _number("hours_per_day", raw["hours_per_day"], low=1, high=24)
        except ValueProblem as problem:
            problems.add("estimates.hours_per_day", problem.text, problem.fix)
    people, names = _people(raw.get("people"), problems)
    allocations: list[Allocation] = []
    for index, allocation in _allocations(raw.get("allocations"), problems):
        if allocation.person in names:
            if any(p.name == allocation.person for p in people):
                allocations.append(allocation)
            continue
        problems.add(
            f"estimates.allocations[{index}].person",
            f"{allocation.person!r} is not in [[estimates.people]]"
            + did_you_mean(allocation.person, names),
            f"Add a [[estimates.people]] entry named {allocation.person!r}, or use one of: "
            + (", ".join(names) or "none defined"),
        )
    return EstimateSettings(
        currency=currency,
        hours_per_day=hours,
        rates=MappingProxyType(_rates(raw.get("rates"), problems)),
        holidays=frozenset(_holidays(raw.get("holidays"), problems)),
        people=tuple(people),
        allocations=tuple(allocations),
    )


def _rates(raw: object, problems: Problems) -> dict[str, float]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.add(
            "estimates.rates",
            f"expected a table of role = day rate, got {type_name(raw)}",
            "Write it as [estimates.rates] with lines like backend = 800",
        )
        return {}
    rates: dict[str, float] = {}
    for role, value in raw.items():
        try:
            rates[role] = _number(role, value, low=0)
        except ValueProblem as problem:
            problems.add(f"estimates.rates.{role}", problem.text, problem.fix)
    return rates


def _holidays(raw: object, problems: Problems) -> list[dt.date]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.add(
            "estimates.holidays",
            f"expected an array of dates, got {type_name(raw)}",
            "Write it as holidays = [2026-12-25, 2027-01-01]",
        )
        return []
    days: list[dt.date] = []
    for index, value in enumerate(raw):
        try:
            days.append(_date("holidays", value))
        except ValueProblem as problem:
            problems.add(f"estimates.holidays[{index}]", problem.text, problem.fix)
    return days


def _tables(raw: object, key: str, problems: Problems) -> list[tuple[str, dict[str, Any]]]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        problems.add(
            key,
            f"expected an array of [[{key}]] tables, got {type_name(raw)}",
            f"Write each entry as its own [[{key}]] table",
        )
        return []
    return [(f"{key}[{i}]", table) for i, table in enumerate(raw)]


def _people(raw: object, problems: Problems) -> tuple[list[TeamMember], list[str]]:
    """The valid people, and every name declared (valid or not) for cross-references.

    An allocation naming a person whose entry is broken is not a second problem.
    """
    people: list[TeamMember] = []
    declared: list[str] = []
    for where, table in _tables(raw, "estimates.people", problems):
        before = len(problems.items)
        if isinstance(table.get("name"), str):
            declared.append(table["name"])
        _unknown(table, PERSON_KEYS, where, problems)
        try:
            for required in ("name", "role"):
                if required not in table:
                    raise ValueProblem(
                        f"missing required key {required!r}",
                        f'Add {required} = "..." to this [[estimates.people]] table',
                    )
            name = check_string("name", table["name"], allow_empty=False)
            role = check_string("role", table["role"], allow_empty=False)
            availability = _number("availability", table.get("availability", 1.0), low=0, high=1)
        except ValueProblem as problem:
            problems.add(where, problem.text, problem.fix)
            continue
        away = _away(table.get("away"), f"{where}.away", problems)
        if len(problems.items) == before:
            people.append(TeamMember(name, role, availability, tuple(away)))
    return people, declared


def _away(raw: object, where: str, problems: Problems) -> list[Absence]:
    absences: list[Absence] = []
    for key, table in _tables(raw, where, problems):
        _unknown(table, AWAY_KEYS, key, problems)
        try:
            start, end = _span(table)
        except ValueProblem as problem:
            problems.add(key, problem.text, problem.fix)
            continue
        absences.append(Absence(start, end))
    return absences


def _span(table: dict[str, Any]) -> tuple[dt.date, dt.date]:
    if "from" not in table or "to" not in table:
        raise ValueProblem(
            "needs both 'from' and 'to' dates", "Write it as from = 2026-12-21, to = 2026-12-31"
        )
    start, end = _date("from", table["from"]), _date("to", table["to"])
    if end < start:
        raise ValueProblem("'to' is before 'from'", "Swap the two dates")
    return start, end


def _allocations(raw: object, problems: Problems) -> list[tuple[int, Allocation]]:
    allocations: list[tuple[int, Allocation]] = []
    for index, (where, table) in enumerate(_tables(raw, "estimates.allocations", problems)):
        before = len(problems.items)
        _unknown(table, ALLOCATION_KEYS, where, problems)
        try:
            if "person" not in table or "share" not in table:
                raise ValueProblem(
                    "needs 'person' and 'share'",
                    'Write it as person = "ana", share = 0.5, from = ..., to = ...',
                )
            person = check_string("person", table["person"], allow_empty=False)
            project = check_string("project", table.get("project", ""))
            share = _number("share", table["share"], low=0, high=1)
            start, end = _span(table)
        except ValueProblem as problem:
            problems.add(where, problem.text, problem.fix)
            continue
        if len(problems.items) == before:
            allocations.append((index, Allocation(person, project, share, start, end)))
    return allocations
