""" "Do we have the people": per role, people-days needed against people-days free.

Free time is each person's availability on each working day of the window,
less the shares already allocated to other projects on that day, and nothing
on days they are away. When a role falls short, later start dates are tried
(the same number of working days long) until every role fits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from ctotui.estimate_calendar import end_date, next_working_day, working_days
from ctotui.estimate_settings import EstimateSettings, TeamMember

SEARCH_DAYS = 730
"""How far after the planned start a start date that fits is looked for."""


@dataclass(frozen=True, slots=True)
class RoleCheck:
    """One role over the window: needed and free people-days, and the gap."""

    role: str
    needed: float
    free: float
    people: int

    @property
    def shortfall(self) -> float:
        return max(self.needed - self.free, 0.0)


@dataclass(frozen=True, slots=True)
class ResourceCheck:
    """Every role's check for one window, and the first start date where all fit."""

    start: date
    end: date
    roles: tuple[RoleCheck, ...]
    fits_from: date | None
    """The planned start when it fits, a later one that does, or None within the search."""

    @property
    def fits(self) -> bool:
        return all(r.shortfall == 0 for r in self.roles)


def free_on(person: TeamMember, day: date, settings: EstimateSettings) -> float:
    """The share of `day` the person has left for new work."""
    if person.is_away(day):
        return 0.0
    taken = sum(
        a.share for a in settings.allocations if a.person == person.name and a.start <= day <= a.end
    )
    return max(person.availability - taken, 0.0)


def free_days(role: str, start: date, end: date, settings: EstimateSettings) -> float:
    """People-days the role has free from `start` to `end`, both included."""
    days = list(working_days(start, end, settings.holidays))
    return sum(free_on(p, d, settings) for p in settings.members(role) for d in days)


def check_resources(
    needed: Mapping[str, float],
    start: date,
    duration_days: float,
    settings: EstimateSettings,
) -> ResourceCheck:
    """Whether each role's `needed` people-days fit into `duration_days` working days from start."""
    start = next_working_day(start, settings.holidays)
    end = end_date(start, duration_days, settings.holidays)

    def checks(first: date, last: date) -> tuple[RoleCheck, ...]:
        return tuple(
            RoleCheck(
                role, days, free_days(role, first, last, settings), len(settings.members(role))
            )
            for role, days in needed.items()
        )

    roles = checks(start, end)
    result = ResourceCheck(start, end, roles, None)
    if result.fits:
        return ResourceCheck(start, end, roles, start)
    return ResourceCheck(start, end, roles, _first_fit(needed, start, duration_days, settings))


def _first_fit(
    needed: Mapping[str, float], start: date, duration_days: float, settings: EstimateSettings
) -> date | None:
    """The first working day after `start` from which every role has enough free days.

    Daily free capacity is computed once per role, so each candidate is a sum
    over a sliding window of working days.
    """
    horizon = start + timedelta(days=SEARCH_DAYS)
    days = list(working_days(start, horizon + timedelta(days=SEARCH_DAYS), settings.holidays))
    length = max(int(-(-duration_days // 1)), 1)
    daily = {
        role: [sum(free_on(p, d, settings) for p in settings.members(role)) for d in days]
        for role in needed
    }
    prefix = {role: _prefix(values) for role, values in daily.items()}
    for index in range(1, len(days) - length):
        if days[index] > horizon:
            break
        if all(
            prefix[role][index + length] - prefix[role][index] >= need - 1e-9
            for role, need in needed.items()
        ):
            return days[index]
    return None


def _prefix(values: list[float]) -> list[float]:
    sums = [0.0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums
