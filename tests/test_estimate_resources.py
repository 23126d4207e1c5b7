"""Do we have the people: needed against free people-days after allocations, and when it fits."""

from __future__ import annotations

from datetime import date

import pytest

from ctotui.estimate_resources import check_resources, free_days
from ctotui.estimate_settings import Absence, Allocation, EstimateSettings, TeamMember

MONDAY = date(2026, 11, 16)


def team() -> EstimateSettings:
    return EstimateSettings(
        holidays=frozenset({date(2026, 11, 26)}),
        people=(
            TeamMember("ana", "backend", 1.0),
            TeamMember(
                "ben", "backend", 0.5, away=(Absence(date(2026, 11, 18), date(2026, 11, 19)),)
            ),
            TeamMember("farah", "qa", 1.0),
        ),
        allocations=(
            Allocation("ana", "api", 0.5, date(2026, 11, 1), date(2026, 11, 30)),
            Allocation("farah", "mobile", 1.0, date(2026, 11, 16), date(2026, 11, 27)),
        ),
    )


def test_free_days_subtract_allocations_absences_and_holidays() -> None:
    settings = team()
    # Two weeks, 9 working days (26 Nov is a holiday): ana 0.5 a day, ben 0.5 on 7 days.
    assert free_days("backend", MONDAY, date(2026, 11, 27), settings) == pytest.approx(8.0)
    assert free_days("qa", MONDAY, date(2026, 11, 27), settings) == 0
    assert free_days("design", MONDAY, date(2026, 11, 27), settings) == 0


def test_a_role_short_of_people_gets_a_shortfall_and_a_later_start_that_fits() -> None:
    check = check_resources({"backend": 6.0, "qa": 3.0}, MONDAY, 9, team())
    assert check.end == date(2026, 11, 27)
    roles = {r.role: r for r in check.roles}
    assert roles["backend"].shortfall == 0
    assert roles["qa"].shortfall == pytest.approx(3.0)
    assert not check.fits
    # farah is free from Mon 30 Nov. Nine working days from Thu 19 Nov run to Wed 2 Dec
    # (26 Nov is a holiday) and hold 3 free qa days; from Wed 18 Nov they hold only 2.
    assert check.fits_from == date(2026, 11, 19)


def test_enough_people_fits_from_the_planned_start() -> None:
    check = check_resources({"backend": 2.0}, MONDAY, 5, team())
    assert check.fits and check.fits_from == MONDAY


def test_a_role_with_nobody_never_fits() -> None:
    check = check_resources({"design": 1.0}, MONDAY, 5, team())
    assert check.fits_from is None
    assert check.roles[0].people == 0
