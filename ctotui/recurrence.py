"""Recurring to-dos: the rules, how they read, and when the next one is due.

A rule is stored as a short string so the store and todo.txt can carry it:
"daily", "weekdays", "weekly:mon,thu", "every:3:days", "every:2:weeks",
"every:1:months", "monthly:31". Dates move in the user's local calendar and a
due time keeps its wall-clock hour across DST changes. A monthly rule on a day
a month lacks (the 31st, the 29th of February) falls on that month's last day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Unit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


@dataclass(frozen=True, slots=True)
class Rule:
    """One recurrence: `kind` is daily, weekdays, weekly, every or monthly."""

    kind: str
    days: tuple[int, ...] = ()
    """Weekly: weekday numbers (Monday 0)."""
    interval: int = 1
    unit: Unit = Unit.DAYS
    day_of_month: int = 1

    def encode(self) -> str:
        if self.kind == "weekly":
            return "weekly:" + ",".join(WEEKDAYS[d] for d in self.days)
        if self.kind == "every":
            return f"every:{self.interval}:{self.unit.value}"
        if self.kind == "monthly":
            return f"monthly:{self.day_of_month}"
        return self.kind


DAILY = Rule("daily")
WEEKDAYS_ONLY = Rule("weekdays")


def weekly(*days: int) -> Rule:
    return Rule("weekly", days=tuple(sorted(set(days))))


def every(interval: int, unit: Unit) -> Rule:
    return Rule("every", interval=max(1, interval), unit=unit)


def monthly(day: int) -> Rule:
    return Rule("monthly", day_of_month=min(max(day, 1), 31))


def decode(text: str) -> Rule | None:
    """The rule a stored string names; None for "" or anything not understood."""
    kind, _, rest = text.strip().lower().partition(":")
    try:
        if kind in ("daily", "weekdays") and not rest:
            return Rule(kind)
        if kind == "weekly":
            days = tuple(WEEKDAYS.index(d) for d in rest.split(",") if d)
            return weekly(*days) if days else None
        if kind == "every":
            count, _, unit = rest.partition(":")
            return every(int(count), Unit(unit))
        if kind == "monthly":
            return monthly(int(rest))
    except ValueError:
        return None
    return None


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(rule: Rule) -> str:
    """How a rule reads to the user: "every Mon, Thu", "every 2 weeks", "monthly on the 31st"."""
    if rule.kind == "daily":
        return "every day"
    if rule.kind == "weekdays":
        return "every weekday"
    if rule.kind == "weekly":
        return "every " + ", ".join(WEEKDAYS[d].title() for d in rule.days)
    if rule.kind == "every":
        if rule.interval == 1:
            return f"every {rule.unit.value[:-1]}"
        return f"every {rule.interval} {rule.unit.value}"
    return f"monthly on the {ordinal(rule.day_of_month)}"


def add_months(day: date, months: int, day_of_month: int | None = None) -> date:
    """`day` moved by whole months, on `day_of_month` (default: its own), clamped to month end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day_of_month or day.day, last))


def next_date(rule: Rule, after: date) -> date:
    """The first day after `after` on which the rule falls."""
    if rule.kind == "daily":
        return after + timedelta(days=1)
    if rule.kind == "weekdays":
        step = {4: 3, 5: 2}.get(after.weekday(), 1)
        return after + timedelta(days=step)
    if rule.kind == "weekly":
        for offset in range(1, 8):
            candidate = after + timedelta(days=offset)
            if candidate.weekday() in rule.days:
                return candidate
        return after + timedelta(days=7)
    if rule.kind == "every":
        if rule.unit is Unit.DAYS:
            return after + timedelta(days=rule.interval)
        if rule.unit is Unit.WEEKS:
            return after + timedelta(weeks=rule.interval)
        return add_months(after, rule.interval)
    this_month = add_months(after, 0, rule.day_of_month)
    return this_month if this_month > after else add_months(after, 1, rule.day_of_month)


def next_occurrence(rule: Rule, base: date, today: date) -> date:
    """The next day on the rule after `base` that is also after `today`.

    Completing an overdue daily to-do plans it for tomorrow, not for a day
    already gone.
    """
    day = next_date(rule, base)
    while day <= today:
        day = next_date(rule, day)
    return day


def move_due(due: datetime, new_day: date, tz: tzinfo | None = None) -> datetime:
    """`due` moved to `new_day` at the same local wall-clock time (DST-safe).

    Without `tz` the system's local time rules apply, with the offset valid on
    `new_day` (not the one valid when the rule was made).
    """
    if tz is None:
        wall = due.astimezone().replace(tzinfo=None).time()
        return datetime.combine(new_day, wall).astimezone()
    wall = due.astimezone(tz).time().replace(tzinfo=None)
    return datetime.combine(new_day, wall, tzinfo=tz)
