"""`settings.toml`: the changes made in the Settings screen, laid over the user's config.

The user's config file is theirs: ctotui never rewrites it. What the user
changes in the app goes to `settings.toml` beside it, a file only ctotui
writes, and wins over the config for the keys it holds: the theme, key
bindings, triage rules, each project's work week and holidays, each
source's refresh interval, and `[sync] per_host`. It is checked with the
same checks and messages as the config; a section with a problem is left out
(the config's value stays) and the problem names settings.toml and the key.
"""

from __future__ import annotations

import contextlib
import copy
import os
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import tomli_w

from ctotui.config_keys import check_keymap
from ctotui.config_problems import Problems, did_you_mean
from ctotui.config_projects import check_days, check_holidays, check_people
from ctotui.config_schema import check_interval
from ctotui.config_sync import check_sync
from ctotui.config_triage import KEYS as TRIAGE_KEYS
from ctotui.config_triage import check_triage
from ctotui.config_values import ValueProblem, check_string, type_name
from ctotui.errors import ConfigProblem

SETTINGS_NAME = "settings.toml"
TOP_LEVEL_KEYS = ("ui", "triage", "projects", "sources", "sync")
UI_KEYS = ("theme", "keys")
PROJECT_KEYS = ("standup_days", "holidays")
SOURCE_KEYS = ("interval",)
SYNC_KEYS = ("per_host",)

Settings = dict[str, Any]
"""The settings as TOML data: only keys that passed their checks."""


def settings_path(config_path: Path) -> Path:
    """settings.toml lives beside the config it overrides."""
    return config_path.with_name(SETTINGS_NAME)


def current_settings(config_path: Path) -> Settings:
    """The valid settings for the config at `config_path` (what the Settings screen edits)."""
    try:
        data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        data = {}
    settings, _ = read_settings(settings_path(config_path), data)
    return settings


def read_settings(
    path: Path, config_data: Mapping[str, Any]
) -> tuple[Settings, list[ConfigProblem]]:
    """The valid part of the settings file and the problems of the rest.

    A missing file is no settings at all. `config_data` is the user's config
    as parsed TOML: references (people, projects, sources) are checked against it.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        problem = ConfigProblem(
            str(path),
            "",
            f"the settings file cannot be read ({error})",
            "Fix or delete it; ctotui writes it again when you change a setting",
        )
        return {}, [problem]
    problems = Problems(str(path), text)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.add(
            "",
            f"invalid TOML: {error}",
            "Fix or delete it; ctotui writes it again when you change a setting",
        )
        return {}, list(problems.sorted())
    return check_settings(raw, config_data, problems), list(problems.sorted())


def check_settings(
    raw: Mapping[str, Any], config_data: Mapping[str, Any], problems: Problems
) -> Settings:
    """Keep each key that passes the config's own check; report the others."""
    _unknown(raw, TOP_LEVEL_KEYS, "", problems)
    settings: Settings = {}
    ui = _table(raw, "ui", UI_KEYS, problems)
    if ui:
        kept_ui: dict[str, Any] = {}
        if "theme" in ui:
            try:
                kept_ui["theme"] = check_string("theme", ui["theme"], allow_empty=False)
            except ValueProblem as problem:
                problems.add("ui.theme", problem.text, problem.fix)
        if "keys" in ui:
            before = len(problems.items)
            keys = check_keymap(ui["keys"], problems)
            if keys and len(problems.items) == before:
                kept_ui["keys"] = dict(keys)
        if kept_ui:
            settings["ui"] = kept_ui
    triage = _table(raw, "triage", TRIAGE_KEYS, problems)
    if triage:
        people, _ = check_people(config_data.get("people"), Problems("<config>"))
        before = len(problems.items)
        check_triage(triage, people, problems)
        if len(problems.items) == before:
            settings["triage"] = dict(triage)
    projects = _named(raw, "projects", _config_names(config_data, "projects"), problems)
    kept_projects = _checked_entries(
        projects, "projects", PROJECT_KEYS, problems, _check_project_value
    )
    if kept_projects:
        settings["projects"] = kept_projects
    sources = _named(raw, "sources", _config_names(config_data, "sources"), problems)
    kept_sources = _checked_entries(sources, "sources", SOURCE_KEYS, problems, _check_source_value)
    if kept_sources:
        settings["sources"] = kept_sources
    sync = _table(raw, "sync", SYNC_KEYS, problems)
    if "per_host" in sync:
        before = len(problems.items)
        check_sync({"per_host": sync["per_host"]}, problems)
        if len(problems.items) == before:
            settings["sync"] = {"per_host": sync["per_host"]}
    return settings


def overlay(config_data: Mapping[str, Any], settings: Settings) -> dict[str, Any]:
    """The config data with the settings laid over it (settings win); inputs are unchanged."""
    data = copy.deepcopy(dict(config_data))
    ui = settings.get("ui", {})
    if ui:
        target_ui = data.setdefault("ui", {})
        if isinstance(target_ui, dict):
            if "theme" in ui:
                target_ui["theme"] = ui["theme"]
            if "keys" in ui:
                keys = target_ui.get("keys")
                target_ui["keys"] = {**(keys if isinstance(keys, dict) else {}), **ui["keys"]}
    if settings.get("triage"):
        triage = data.setdefault("triage", {})
        if isinstance(triage, dict):
            triage.update(copy.deepcopy(settings["triage"]))
    if settings.get("sync"):
        sync = data.setdefault("sync", {})
        if isinstance(sync, dict):
            sync.update(settings["sync"])
    for section in ("projects", "sources"):
        by_name = settings.get(section, {})
        tables = data.get(section)
        if not by_name or not isinstance(tables, list):
            continue
        for table in tables:
            if isinstance(table, dict) and table.get("name") in by_name:
                table.update(copy.deepcopy(by_name[table["name"]]))
    return data


def save_settings(path: Path, settings: Settings) -> None:
    """Write atomically (temporary file, then rename): a crash never leaves half a file.

    A symlinked settings.toml (dotfiles) is written through, so the link stays a
    link, and an existing file keeps its permission bits.
    """
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    body = tomli_w.dumps(_pruned(settings))
    header = "# Written by ctotui's Settings screen; it overrides the same keys in config.toml.\n"
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with contextlib.suppress(FileNotFoundError):  # a new file stays 0600
            os.fchmod(fd, path.stat().st_mode & 0o777)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(header + body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _pruned(value: Any) -> Any:
    """Empty tables left by removed settings are dropped, so the file stays tidy."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if not (isinstance(v, dict) and not v)}
    return value


def _unknown(raw: Mapping[str, Any], keys: tuple[str, ...], where: str, problems: Problems) -> None:
    for key in raw:
        if key not in keys:
            place = f"[{where}]" if where else "settings.toml"
            problems.add(
                f"{where}.{key}" if where else key,
                f"unknown key {key!r} in {place}" + did_you_mean(key, keys),
                f"Remove it; {place} takes {', '.join(keys)}",
            )


def _table(
    raw: Mapping[str, Any], key: str, keys: tuple[str, ...], problems: Problems
) -> dict[str, Any]:
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(key, f"expected a table, got {type_name(value)}", f"Write it as [{key}]")
        return {}
    _unknown(value, keys, key, problems)
    return {k: v for k, v in value.items() if k in keys}


def _config_names(config_data: Mapping[str, Any], section: str) -> list[str]:
    tables = config_data.get(section)
    if not isinstance(tables, list):
        return []
    return [
        str(t["name"]) for t in tables if isinstance(t, dict) and isinstance(t.get("name"), str)
    ]


def _named(
    raw: Mapping[str, Any], section: str, known: list[str], problems: Problems
) -> dict[str, dict[str, Any]]:
    """`[section."name"]` tables whose name is in the config; others are reported."""
    value = raw.get(section)
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(
            section, f"expected a table, got {type_name(value)}", f'Write it as [{section}."name"]'
        )
        return {}
    entries: dict[str, dict[str, Any]] = {}
    for name, table in value.items():
        where = f"{section}.{name}"
        if name not in known:
            problems.add(
                where,
                f"the config has no {section[:-1]} named {name!r}" + did_you_mean(name, known),
                f"Remove the [{where}] table, or use one of: {', '.join(known) or 'none'}",
            )
        elif not isinstance(table, dict):
            problems.add(
                where, f"expected a table, got {type_name(table)}", f"Write it as [{where}]"
            )
        else:
            entries[name] = table
    return entries


def _checked_entries(
    entries: dict[str, dict[str, Any]],
    section: str,
    keys: tuple[str, ...],
    problems: Problems,
    check: Callable[[str, str, object, Problems], bool],
) -> dict[str, dict[str, Any]]:
    kept: dict[str, dict[str, Any]] = {}
    for name, table in entries.items():
        where = f"{section}.{name}"
        _unknown(table, keys, where, problems)
        values = {k: v for k, v in table.items() if k in keys and check(where, k, v, problems)}
        if values:
            kept[name] = values
    return kept


def _check_project_value(where: str, key: str, value: object, problems: Problems) -> bool:
    try:
        if key == "standup_days":
            check_days(value)
        else:
            check_holidays(value)
    except ValueProblem as problem:
        problems.add(f"{where}.{key}", problem.text, problem.fix)
        return False
    return True


def _check_source_value(where: str, key: str, value: object, problems: Problems) -> bool:
    before = len(problems.items)
    check_interval(where, {key: value}, problems)
    return len(problems.items) == before
