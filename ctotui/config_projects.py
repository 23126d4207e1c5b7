"""The `[people.*]` and `[[projects]]` tables: who the user works with and on what.

People are checked first so projects and `me` can be checked against them;
a person with one bad field is kept (the field is dropped) so references to
them do not cascade into more problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ctotui.config_problems import Problems, did_you_mean
from ctotui.config_values import ValueProblem, check_string, check_string_list, type_name
from ctotui.model import Person, Priority, Project

PERSON_KEYS = ("name", "emails", "role", "vip")
PROJECT_KEYS = (
    "name",
    "sources",
    "containers",
    "people",
    "description",
    "standup_days",
    "holidays",
    "blocker_days",
    "stale_days",
    "unowned_priority",
    "summary_channel",
)
MAX_DAYS = 3650
_PRIORITIES = ("high", "medium", "low")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_STANDUP_DAYS = WEEKDAYS[:5]
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def check_people(raw: object, problems: Problems) -> tuple[dict[str, Person], set[str]]:
    """The people by key, and every declared key (for references to a broken entry)."""
    if raw is None:
        return {}, set()
    if not isinstance(raw, dict):
        problems.add(
            "people",
            f"expected a table of people, got {type_name(raw)}",
            'Write each person as [people.<key>] with name = "..." and emails = [...]',
        )
        return {}, set()
    people: dict[str, Person] = {}
    for person_key, table in raw.items():
        key = f"people.{person_key}"
        if not isinstance(table, dict):
            problems.add(
                key,
                f"expected a table, got {type_name(table)}",
                f'Write it as [people.{person_key}] with name = "..." and emails = [...]',
            )
            continue
        people[person_key] = _check_person(person_key, table, problems)
    return people, set(raw)


def _check_person(person_key: str, table: dict[str, Any], problems: Problems) -> Person:
    key = f"people.{person_key}"
    fields: dict[str, Any] = {"name": person_key, "emails": (), "role": "", "vip": False}
    logins: dict[str, str] = {}
    for field, value in table.items():
        try:
            if field in ("name", "role"):
                fields[field] = check_string(field, value, allow_empty=field != "name")
            elif field == "emails":
                fields["emails"] = _check_emails(value)
            elif field == "vip":
                if not isinstance(value, bool):
                    raise ValueProblem(
                        f"expected a boolean (true or false), got {type_name(value)}",
                        "Write it as vip = true or vip = false",
                    )
                fields["vip"] = value
            elif isinstance(value, str) and value.strip():
                logins[field] = value.strip()
            else:
                raise ValueProblem(
                    f"expected a string (this person's login in {field!r}), "
                    f"got {type_name(value)}" + did_you_mean(field, PERSON_KEYS),
                    f'Write it as {field} = "login"; the known fields are '
                    f"{', '.join(PERSON_KEYS)}, any other key is a login",
                )
        except ValueProblem as problem:
            problems.add(f"{key}.{field}", problem.text, problem.fix)
    return Person(key=person_key, logins=logins, **fields)


def _check_emails(value: object) -> tuple[str, ...]:
    emails = check_string_list("emails", value)
    for email in emails:
        if "@" not in email or email.startswith("@") or email.endswith("@"):
            raise ValueProblem(
                f"{email!r} is not an email address", 'Write it as emails = ["name@example.com"]'
            )
    return tuple(e.strip() for e in emails)


def check_projects(
    raw: object,
    problems: Problems,
    *,
    source_names: set[str],
    people: Mapping[str, Person],
    declared_people: set[str],
) -> list[Project]:
    """The valid projects; unknown references are reported and left out of the project."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.add(
            "projects",
            f"expected an array of [[projects]] tables, got {type_name(raw)}",
            "Write each project as its own [[projects]] table",
        )
        return []
    projects: list[Project] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(raw):
        key = f"projects[{index}]"
        if not isinstance(table, dict):
            problems.add(
                key,
                f"expected a table, got {type_name(table)}",
                "Write each project as its own [[projects]] table",
            )
            continue
        project = _check_project(
            key, table, problems, source_names, people, declared_people, seen, index
        )
        if project is not None:
            projects.append(project)
    return projects


def _check_project(
    key: str,
    table: dict[str, Any],
    problems: Problems,
    source_names: set[str],
    people: Mapping[str, Person],
    declared_people: set[str],
    seen: dict[str, int],
    index: int,
) -> Project | None:
    for field in table:
        if field not in PROJECT_KEYS:
            problems.add(
                f"{key}.{field}",
                f"unknown key {field!r} in a project" + did_you_mean(field, PROJECT_KEYS),
                f"Remove it; a project takes {', '.join(PROJECT_KEYS)}",
            )
    values: dict[str, Any] = {}
    for field, check in (
        ("name", lambda v: check_string("name", v, allow_empty=False)),
        ("description", lambda v: check_string("description", v)),
        ("sources", lambda v: check_string_list("sources", v)),
        ("containers", lambda v: check_string_list("containers", v)),
        ("people", lambda v: check_string_list("people", v)),
        ("standup_days", check_days),
        ("holidays", check_holidays),
        ("blocker_days", lambda v: _check_day_count("blocker_days", v, 2)),
        ("stale_days", lambda v: _check_day_count("stale_days", v, 7)),
        ("unowned_priority", _check_priority),
        ("summary_channel", lambda v: check_string("summary_channel", v, allow_empty=False)),
    ):
        if field in table:
            try:
                values[field] = check(table[field])
            except ValueProblem as problem:
                problems.add(f"{key}.{field}", problem.text, problem.fix)
    name = values.get("name")
    if name is None:
        if "name" not in table:
            problems.add(f"{key}.name", "missing required key 'name'", 'Add name = "api"')
        return None
    if name in seen:
        problems.add(
            f"{key}.name",
            f"duplicate project name {name!r} (already used by projects[{seen[name]}])",
            "Give every project a unique name",
        )
        return None
    seen[name] = index
    sources = _known(
        key,
        "sources",
        values.get("sources", ()),
        source_names,
        "source",
        problems,
        "the name of a [[sources]] entry",
    )
    channel = values.get("summary_channel", "")
    if channel:
        source_part, _, target = channel.partition(":")
        if not target or source_part not in source_names:
            problems.add(
                f"{key}.summary_channel",
                f"{channel!r} is not <source>:<channel> with a configured source",
                'Write it as "team-slack:#eng-standup" (a [[sources]] name, a colon, the channel)',
            )
            channel = ""
    members = _known(
        key,
        "people",
        values.get("people", ()),
        declared_people,
        "person",
        problems,
        "a key of [people] (add a [people.<key>] table for a new person)",
    )
    return Project(
        name=name,
        sources=sources,
        people=tuple(p for p in members if p in people),
        description=values.get("description", ""),
        containers=values.get("containers", ()),
        standup_days=values.get("standup_days", DEFAULT_STANDUP_DAYS),
        holidays=values.get("holidays", ()),
        blocker_days=values.get("blocker_days", 2),
        stale_days=values.get("stale_days", 7),
        unowned_priority=values.get("unowned_priority", Priority.HIGH),
        summary_channel=channel,
    )


def _known(
    key: str,
    field: str,
    refs: tuple[str, ...],
    known: set[str],
    what: str,
    problems: Problems,
    hint: str,
) -> tuple[str, ...]:
    kept: list[str] = []
    for ref in refs:
        if ref in known:
            if ref not in kept:
                kept.append(ref)
            continue
        listed = ", ".join(sorted(known)) or "none defined"
        problems.add(
            f"{key}.{field}",
            f"unknown {what} {ref!r}" + did_you_mean(ref, sorted(known)),
            f"Use {hint}; defined: {listed}",
        )
    return tuple(kept)


def check_days(value: object) -> tuple[str, ...]:
    days = check_string_list("standup_days", value)
    chosen: set[str] = set()
    for day in days:
        word = day.strip().lower()
        if word in _FULL_DAYS:
            word = WEEKDAYS[_FULL_DAYS.index(word)]
        if word not in WEEKDAYS:
            raise ValueProblem(
                f"{day!r} is not a day of the week", f"Use days among: {', '.join(WEEKDAYS)}"
            )
        chosen.add(word)
    return tuple(d for d in WEEKDAYS if d in chosen)


def check_holidays(value: object) -> tuple[dt.date, ...]:
    """TOML dates (holidays = [2026-12-25]) or ISO strings ("2026-12-25")."""
    example = "holidays = [2026-12-25, 2026-12-26]"
    if not isinstance(value, list):
        raise ValueProblem(f"expected an array of dates, got {type_name(value)}", example)
    days: set[dt.date] = set()
    for entry in value:
        if isinstance(entry, dt.datetime) or not isinstance(entry, dt.date | str):
            raise ValueProblem(f"expected a date, got {type_name(entry)}", f"Write it as {example}")
        if isinstance(entry, str):
            try:
                entry = dt.date.fromisoformat(entry.strip())
            except ValueError:
                raise ValueProblem(
                    f"{entry!r} is not a date (YYYY-MM-DD)", f"Write it as {example}"
                ) from None
        days.add(entry)
    return tuple(sorted(days))


def _check_day_count(name: str, value: object, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueProblem(
            f"expected a whole number of days, got {type_name(value)}",
            f"Write it as {name} = {default}",
        )
    if not 1 <= value <= MAX_DAYS:
        raise ValueProblem(
            f"{value} days is out of range (1 to {MAX_DAYS})", f"Write it as {name} = {default}"
        )
    return value


def _check_priority(value: object) -> Priority:
    text = check_string("unowned_priority", value).strip().lower()
    if text not in _PRIORITIES:
        raise ValueProblem(
            f"{value!r} is not a priority" + did_you_mean(text, _PRIORITIES),
            'Write it as unowned_priority = "high" (one of high, medium, low)',
        )
    return Priority(text)
