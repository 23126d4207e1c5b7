"""Editing one field of a task from text typed by the user, with a reason when it does not fit."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ctotui.estimate import UNITS
from ctotui.model import EstimateTask

FIELDS = ("name", "role", "unit", "optimistic", "likely", "pessimistic")
"""The editable table columns, in order."""
NUMBERS = ("optimistic", "likely", "pessimistic")
LABELS = {
    "name": "Task",
    "role": "Role",
    "unit": "Unit",
    "optimistic": "Opt",
    "likely": "Likely",
    "pessimistic": "Pess",
    "phase": "Phase",
    "links": "Tracker items (keys or label:NAME, comma-separated)",
}


@dataclass(frozen=True, slots=True)
class Parsed:
    """The typed value ready to set, or the problem with it."""

    value: str | float | tuple[str, ...] | None
    problem: str = ""


def current(task: EstimateTask, field: str) -> str:
    """The field as the user would type it."""
    value = getattr(task, field)
    if isinstance(value, tuple):
        return ", ".join(value)
    return f"{value:g}" if isinstance(value, float | int) else str(value)


def parse(field: str, text: str) -> Parsed:
    """Check `text` for `field`: numbers must be finite and not negative, units d or h."""
    text = text.strip()
    if field in NUMBERS:
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return Parsed(None, "type a number of days or hours")
        if not math.isfinite(number) or number < 0:
            return Parsed(None, "type a number, 0 or more")
        return Parsed(number)
    if field == "unit":
        unit = text.lower()[:1]
        if unit not in UNITS:
            return Parsed(None, "d for days or h for hours")
        return Parsed(unit)
    if field == "links":
        return Parsed(tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip())))
    if field == "name" and not text:
        return Parsed(None, "a task needs a name")
    return Parsed(text)


def apply(task: EstimateTask, field: str, parsed: Parsed) -> None:
    """Set the parsed value (does nothing for a value with a problem)."""
    if parsed.value is not None and not parsed.problem:
        setattr(task, field, parsed.value)
