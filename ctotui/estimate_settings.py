"""What estimates are costed and staffed against: rates, calendar, people, allocations.

These come from the `[estimates]` config section and are shared by every
estimate, so "do we have the people" sees the same team and the same other
commitments whichever estimate is open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

DEFAULT_HOURS_PER_DAY = 8.0


@dataclass(frozen=True, slots=True)
class Absence:
    """Dates away, both ends included."""

    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class TeamMember:
    """One person who can work on estimated projects, in one role."""

    name: str
    role: str
    availability: float = 1.0
    """Share of a working day they can give to project work (0 to 1)."""
    away: tuple[Absence, ...] = ()

    def is_away(self, day: date) -> bool:
        return any(a.covers(day) for a in self.away)


@dataclass(frozen=True, slots=True)
class Allocation:
    """A share of a person already committed to another project between two dates."""

    person: str
    project: str
    share: float
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class EstimateSettings:
    """Currency, day rates per role, holidays, the team and its existing allocations."""

    currency: str = "EUR"
    hours_per_day: float = DEFAULT_HOURS_PER_DAY
    rates: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    holidays: frozenset[date] = frozenset()
    people: tuple[TeamMember, ...] = ()
    allocations: tuple[Allocation, ...] = ()

    def members(self, role: str) -> tuple[TeamMember, ...]:
        return tuple(p for p in self.people if p.role == role)

    def capacity(self, role: str) -> float:
        """People-days per working day the role can give (1 when nobody is configured)."""
        share = sum(p.availability for p in self.members(role))
        return share if share > 0 else 1.0
