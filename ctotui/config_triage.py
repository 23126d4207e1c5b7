"""The `[triage]` config section: VIPs, team and client domains, keywords, own splits.

Strict like the rest of the config: unknown keys, wrong types, malformed
domains, unknown people and unparsable split queries are each reported with
the key and a fix, and the valid part is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ctotui.config_problems import Problems, did_you_mean
from ctotui.config_values import ValueProblem, check_string, check_string_list, type_name
from ctotui.model import Person
from ctotui.search_query import parse_query
from ctotui.triage import SplitRule, TriageRules

KEYS = ("vips", "team_domains", "client_domains", "keywords", "splits")
SPLIT_KEYS = ("name", "query")
MAX_SPLITS = 9
_DOMAIN = re.compile(r"(?i)^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
RESERVED_SPLITS = ("important", "other", "feed", "all", "done", "unanswered", "waiting on me")


def _unknown(raw: dict[str, Any], keys: tuple[str, ...], where: str, problems: Problems) -> None:
    for key in raw:
        if key not in keys:
            problems.add(
                f"{where}.{key}",
                f"unknown key {key!r} in [{where}]" + did_you_mean(key, keys),
                f"Remove it; [{where}] takes {', '.join(keys)}",
            )


def _strings(raw: dict[str, Any], key: str, problems: Problems) -> tuple[str, ...]:
    if key not in raw:
        return ()
    try:
        values = check_string_list(key, raw[key])
    except ValueProblem as problem:
        problems.add(f"triage.{key}", problem.text, problem.fix)
        return ()
    return tuple(v.strip() for v in values if v.strip())


def _domains(raw: dict[str, Any], key: str, problems: Problems) -> tuple[str, ...]:
    kept: list[str] = []
    for value in _strings(raw, key, problems):
        domain = value.lstrip("@").lower()
        if _DOMAIN.match(domain):
            kept.append(domain)
        else:
            problems.add(
                f"triage.{key}",
                f"{value!r} is not a domain name",
                f'Write a bare domain such as "acme.example" in triage.{key}',
            )
    return tuple(kept)


def _vips(raw: dict[str, Any], people: Mapping[str, Person], problems: Problems) -> tuple[str, ...]:
    kept: list[str] = []
    for value in _strings(raw, "vips", problems):
        if "@" in value or value in people:
            kept.append(value)
            continue
        problems.add(
            "triage.vips",
            f"{value!r} is neither an email address nor a key of [people]"
            + did_you_mean(value, list(people)),
            "Write an address (name@acme.example) or the key of a [people.KEY] table",
        )
    return tuple(kept)


def _splits(raw: object, problems: Problems) -> tuple[SplitRule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        problems.add(
            "triage.splits",
            f"expected an array of tables, got {type_name(raw)}",
            'Write each split as [[triage.splits]] name = "Clients" query = "from:client.example"',
        )
        return ()
    rules: list[SplitRule] = []
    for index, table in enumerate(raw):
        where = f"triage.splits[{index}]"
        _unknown(table, SPLIT_KEYS, "triage.splits", problems)
        try:
            name = check_string("name", table.get("name"), allow_empty=False).strip()
            query = check_string("query", table.get("query"), allow_empty=False).strip()
        except ValueProblem as problem:
            missing = "name" if not isinstance(table.get("name"), str) else "query"
            problems.add(f"{where}.{missing}", problem.text, problem.fix)
            continue
        parsed = parse_query(query)
        if name.lower() in RESERVED_SPLITS or any(r.name.lower() == name.lower() for r in rules):
            problems.add(
                f"{where}.name",
                f"the split name {name!r} is already taken",
                "Give each split its own name, other than the built-in splits",
            )
        elif parsed.problems:
            problems.add(
                f"{where}.query",
                f"the query {query!r} has problems: {'; '.join(parsed.problems)}",
                "Use from:, to:, subject:, is:unread|read|flagged|snoozed|done, "
                "has:attachment, before:/after:YYYY-MM-DD and plain words",
            )
        elif len(rules) >= MAX_SPLITS:
            problems.add(
                f"{where}", f"more than {MAX_SPLITS} splits", "Merge or remove some splits"
            )
        else:
            rules.append(SplitRule(name, query))
    return tuple(rules)


def check_triage(raw: object, people: Mapping[str, Person], problems: Problems) -> TriageRules:
    """The section's valid rules; every problem is added to `problems`."""
    if raw is None:
        return TriageRules()
    if not isinstance(raw, dict):
        problems.add(
            "triage",
            f"expected a table, got {type_name(raw)}",
            'Write it as [triage] vips = ["ceo@acme.example"]',
        )
        return TriageRules()
    _unknown(raw, KEYS, "triage", problems)
    return TriageRules(
        vips=_vips(raw, people, problems),
        team_domains=_domains(raw, "team_domains", problems),
        client_domains=_domains(raw, "client_domains", problems),
        keywords=_strings(raw, "keywords", problems),
        splits=_splits(raw.get("splits"), problems),
    )
