"""`[[projects]]` standup settings: holidays, blocker_days, stale_days, unowned_priority."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ctotui.config import Config, load_config
from ctotui.model import Priority

BASE = """\
[people.ana]
name = "Ana Ortiz"

[[projects]]
name = "api"
people = ["ana"]
"""


def load(tmp_path: Path, extra: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(BASE + extra, encoding="utf-8")
    return load_config(path)


def test_defaults_when_not_set(tmp_path: Path) -> None:
    project = load(tmp_path, "").projects[0]
    assert project.holidays == ()
    assert (project.blocker_days, project.stale_days) == (2, 7)
    assert project.unowned_priority is Priority.HIGH


def test_all_settings_read(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        'holidays = [2026-12-25, "2026-12-24", 2026-12-25]\n'
        'blocker_days = 3\nstale_days = 14\nunowned_priority = "Medium"\n',
    )
    assert config.problems == ()
    project = config.projects[0]
    assert project.holidays == (date(2026, 12, 24), date(2026, 12, 25))
    assert (project.blocker_days, project.stale_days) == (3, 14)
    assert project.unowned_priority is Priority.MEDIUM


@pytest.mark.parametrize(
    ("line", "key", "says"),
    [
        ('holidays = "2026-12-25"', "holidays", "expected an array of dates, got a string"),
        ("holidays = [25]", "holidays", "expected a date, got an integer"),
        ("holidays = [2026-12-25T10:00:00]", "holidays", "expected a date, got a date/time"),
        ('holidays = ["Christmas"]', "holidays", "'Christmas' is not a date (YYYY-MM-DD)"),
        ('blocker_days = "2"', "blocker_days", "expected a whole number of days, got a string"),
        ("blocker_days = 1.5", "blocker_days", "expected a whole number of days, got a float"),
        ("blocker_days = true", "blocker_days", "got a boolean"),
        ("stale_days = 0", "stale_days", "0 days is out of range (1 to 3650)"),
        ("stale_days = 99999", "stale_days", "99999 days is out of range"),
        ("unowned_priority = 1", "unowned_priority", "expected a string"),
        ('unowned_priority = "hihg"', "unowned_priority", "'hihg' is not a priority"),
        ("holiday = []", "holiday", "unknown key 'holiday' in a project"),
    ],
)
def test_each_mistake_names_the_key_and_a_fix(
    tmp_path: Path, line: str, key: str, says: str
) -> None:
    config = load(tmp_path, line + "\n")
    assert len(config.problems) == 1, [str(p) for p in config.problems]
    problem = config.problems[0]
    assert f"[projects[0].{key}]" in str(problem) and says in str(problem)
    assert problem.fix
    assert [p.name for p in config.projects] == ["api"]  # the project itself is kept


def test_a_near_miss_is_suggested(tmp_path: Path) -> None:
    config = load(tmp_path, 'unowned_priority = "hihg"\nstale_dayz = 3\n')
    messages = [str(p) for p in config.problems]
    assert any('did you mean "high"' in m for m in messages)
    assert any('did you mean "stale_days"' in m for m in messages)


def test_summary_channel_must_name_a_configured_source(tmp_path: Path) -> None:
    config = load(tmp_path, 'summary_channel = "team-slack:#eng-standup"\n')
    problem = next(p for p in config.problems if p.key == "projects[0].summary_channel")
    assert "<source>:<channel>" in problem.text and "[[sources]]" in problem.fix
    assert config.projects[0].summary_channel == ""
