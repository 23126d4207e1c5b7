"""The [estimates] config section: valid settings, and one problem per kind of mistake."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ctotui.config import config_from_text
from ctotui.estimate_settings import Absence

GOOD = """\
[estimates]
currency = "CHF"
hours_per_day = 7.5
holidays = [2026-12-25, 2027-01-01]

[estimates.rates]
backend = 900
qa = 650.5

[[estimates.people]]
name = "ana"
role = "backend"
availability = 0.8
away = [{ from = 2026-12-21, to = 2026-12-31 }]

[[estimates.people]]
name = "farah"
role = "qa"

[[estimates.allocations]]
person = "ana"
project = "api"
share = 0.5
from = 2026-11-01
to = 2027-01-31
"""


def problems(text: str) -> list[str]:
    return [str(p) for p in config_from_text(text, path=Path("c.toml")).problems]


def test_a_valid_section_gives_typed_settings() -> None:
    config = config_from_text(GOOD)
    assert config.problems == ()
    settings = config.estimates
    assert settings.currency == "CHF" and settings.hours_per_day == 7.5
    assert dict(settings.rates) == {"backend": 900.0, "qa": 650.5}
    assert settings.holidays == frozenset({date(2026, 12, 25), date(2027, 1, 1)})
    ana, farah = settings.people
    assert ana.availability == 0.8
    assert ana.away == (Absence(date(2026, 12, 21), date(2026, 12, 31)),)
    assert farah.availability == 1.0
    assert settings.allocations[0].share == 0.5
    assert settings.capacity("backend") == 0.8
    assert settings.capacity("design") == 1.0


def test_no_section_gives_defaults() -> None:
    assert config_from_text("").estimates.currency == "EUR"


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (("[estimates]\n", "[estimates]\ncurency = 1\n"), "estimates.curency", "did you mean"),
        (('currency = "CHF"', "currency = 3"), "estimates.currency", "expected a string"),
        (("hours_per_day = 7.5", "hours_per_day = 30"), "estimates.hours_per_day", "out of range"),
        (("backend = 900", 'backend = "lots"'), "estimates.rates.backend", "expected a number"),
        (("2027-01-01]", '"new year"]'), "estimates.holidays[1]", "expected a date"),
        (("availability = 0.8", "availability = 2"), "estimates.people[0]", "out of range"),
        (('role = "qa"', ""), "estimates.people[1]", "missing required key 'role'"),
        (("to = 2026-12-31", "to = 2026-12-01"), "estimates.people[0].away[0]", "before"),
        (('person = "ana"', 'person = "anna"'), "estimates.allocations[0].person", "anna"),
        (("share = 0.5", "share = -1"), "estimates.allocations[0]", "out of range"),
        (
            ('project = "api"', 'project = "api"\nweight = 1'),
            "estimates.allocations[0].weight",
            "unknown",
        ),
    ],
)
def test_each_mistake_is_one_problem_naming_file_key_and_fix(
    change: tuple[str, str], key: str, words: str
) -> None:
    old, new = change
    assert old in GOOD
    config = config_from_text(GOOD.replace(old, new, 1), path=Path("c.toml"))
    assert len(config.problems) == 1, [str(p) for p in config.problems]
    problem = config.problems[0]
    assert problem.key == key
    assert words in str(problem)
    assert problem.fix and problem.file == "c.toml"


def test_the_section_must_be_a_table() -> None:
    (text,) = problems('estimates = "yes"\n')
    assert "expected a table" in text
