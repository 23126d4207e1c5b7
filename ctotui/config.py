"""Loading the TOML config into typed, validated settings.

Loading never raises for what the file says: every problem is collected with
its file, key, line and fix, invalid sources are dropped and the rest stays
usable, so the app can start and show the list. Secrets stay unresolved
references until `resolve_settings` is called for a source that needs them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ctotui import registry
from ctotui.colors import check_colors
from ctotui.config_estimates import check_estimates
from ctotui.config_keys import check_keymap
from ctotui.config_problems import Problems, did_you_mean
from ctotui.config_projects import check_people, check_projects
from ctotui.config_schema import (
    AdapterLoader,
    DeclaredAdapter,
    SourceConfig,
    check_sources,
    declared_by,
)
from ctotui.config_sync import SyncSettings, check_sync
from ctotui.config_timeout import with_default_timeout
from ctotui.config_triage import check_triage
from ctotui.config_values import ValueProblem, check_string, type_name
from ctotui.errors import ConfigProblem
from ctotui.estimate_settings import EstimateSettings
from ctotui.model import Person, Project
from ctotui.secrets import SecretRef, resolve_secret
from ctotui.settings_file import overlay, read_settings, settings_path
from ctotui.triage import TriageRules

__all__ = [
    "AdapterLoader",
    "Config",
    "SourceConfig",
    "UiConfig",
    "config_from_text",
    "empty_config",
    "load_config",
    "resolve_settings",
]

TOP_LEVEL_KEYS = ("me", "ui", "sources", "projects", "people", "estimates", "triage", "sync")
UI_KEYS = ("theme", "keys", "colors")
_TOML_POSITION = re.compile(r"at line (\d+), column (\d+)")


@dataclass(frozen=True)
class UiConfig:
    """Look and feel; the theme name is checked by the app, which knows the themes."""

    theme: str = "textual-dark"
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Binding id -> keys ("inbox.done" -> "e,delete"): the user's own key map."""
    colors: str = "auto"
    """Color depth: "auto" (NO_COLOR, COLORTERM, TERM) or truecolor/256/16/8/none."""


@dataclass(frozen=True)
class Config:
    """The whole config: only valid entries, plus every problem that was found."""

    path: Path | None
    me: str | None = None
    ui: UiConfig = field(default_factory=UiConfig)
    sources: tuple[SourceConfig, ...] = ()
    projects: tuple[Project, ...] = ()
    people: Mapping[str, Person] = field(default_factory=lambda: MappingProxyType({}))
    problems: tuple[ConfigProblem, ...] = ()
    estimates: EstimateSettings = field(default_factory=EstimateSettings)
    triage: TriageRules = field(default_factory=TriageRules)
    sync: SyncSettings = field(default_factory=SyncSettings)

    @property
    def me_person(self) -> Person | None:
        """The user as a Person, for "waiting on me" and mentions."""
        return self.people.get(self.me) if self.me else None


def empty_config() -> Config:
    """No file, no sources: what the app runs on before anything is configured."""
    return Config(path=None)


def load_config(
    path: Path, *, missing_ok: bool = False, loader: AdapterLoader | None = None
) -> Config:
    """The config in `path`. A missing or unreadable file is a problem, not an exception.

    `loader` turns an adapter name into its class (default: the entry-point
    registry); tests pass their own.
    """
    file = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return config_from_text("", path=path, loader=loader)
        return _only(
            path,
            ConfigProblem(
                file,
                "",
                "the config file does not exist",
                "Create it, or pass --config / set CTOTUI_CONFIG to the file you meant",
            ),
        )
    except OSError as error:
        return _only(
            path,
            ConfigProblem(
                file,
                "",
                f"the config file cannot be read ({error.strerror or error})",
                "Check that it is a readable file",
            ),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return _only(
            path,
            ConfigProblem(
                file,
                "",
                f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} on line {line})",
                "Save the file with UTF-8 encoding",
                line,
            ),
        )
    return config_from_text(text, path=path, loader=loader)


def config_from_text(
    text: str, *, path: Path | None = None, loader: AdapterLoader | None = None
) -> Config:
    """The config held in `text`; problems name `path` (or "<config>")."""
    problems = Problems(str(path) if path is not None else "<config>", text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position else None
        where = f"line {position.group(1)}, column {position.group(2)}" if position else "it"
        problems.add("", f"invalid TOML: {message}", f"Correct the syntax at {where}", line)
        return Config(path=path, problems=problems.sorted())
    if path is None:
        return _from_data(data, path, problems, loader)
    settings, settings_problems = read_settings(settings_path(path), data)
    config = _from_data(overlay(data, settings), path, problems, loader)
    if settings_problems:
        config = replace(config, problems=(*config.problems, *settings_problems))
    return config


def _from_data(
    data: dict[str, Any], path: Path | None, problems: Problems, loader: AdapterLoader | None
) -> Config:
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            problems.add(
                key,
                f"unknown top-level key {key!r}" + did_you_mean(key, TOP_LEVEL_KEYS),
                f"Remove it; the top level takes {', '.join(TOP_LEVEL_KEYS)}",
            )
    ui = _check_ui(data.get("ui"), problems)
    people, declared_people = check_people(data.get("people"), problems)
    declare = declared_by(loader) if loader is not None else _registry_declare
    sources, source_names = check_sources(data.get("sources"), problems, declare)
    projects = check_projects(
        data.get("projects"),
        problems,
        source_names=source_names,
        people=people,
        declared_people=declared_people,
    )
    me = _check_me(data.get("me"), people, declared_people, problems)
    estimates = check_estimates(data.get("estimates"), problems)
    triage = check_triage(data.get("triage"), people, problems)
    sync = check_sync(data.get("sync"), problems)
    return Config(
        path=path,
        me=me,
        ui=ui,
        sources=tuple(with_default_timeout(sources, sync.timeout)),
        projects=tuple(projects),
        people=MappingProxyType(people),
        problems=problems.sorted(),
        estimates=estimates,
        triage=triage,
        sync=sync,
    )


def _registry_declare(name: str) -> DeclaredAdapter:
    """Looked up at call time, so tests can monkeypatch `ctotui.registry`."""
    return registry.declare_adapter(name)


def _check_ui(raw: object, problems: Problems) -> UiConfig:
    if raw is None:
        return UiConfig()
    if not isinstance(raw, dict):
        problems.add(
            "ui", f"expected a table, got {type_name(raw)}", 'Write it as [ui] theme = "..."'
        )
        return UiConfig()
    for key in raw:
        if key not in UI_KEYS:
            problems.add(
                f"ui.{key}",
                f"unknown key {key!r} in [ui]" + did_you_mean(key, UI_KEYS),
                f"Remove it; [ui] takes {', '.join(UI_KEYS)}",
            )
    keys = check_keymap(raw.get("keys"), problems)
    colors = check_colors(raw.get("colors"), problems)
    if "theme" not in raw:
        return UiConfig(keys=keys, colors=colors)
    try:
        theme = check_string("theme", raw["theme"], allow_empty=False)
        return UiConfig(theme=theme, keys=keys, colors=colors)
    except ValueProblem as problem:
        problems.add("ui.theme", problem.text, problem.fix)
        return UiConfig(keys=keys, colors=colors)


def _check_me(
    raw: object, people: Mapping[str, Person], declared: set[str], problems: Problems
) -> str | None:
    if raw is None:
        return None
    try:
        me = check_string("me", raw, allow_empty=False)
    except ValueProblem as problem:
        problems.add("me", problem.text, problem.fix)
        return None
    if me not in declared:
        listed = ", ".join(people) or "none defined"
        problems.add(
            "me",
            f"me names {me!r}, which is not a key of [people]" + did_you_mean(me, list(people)),
            f"Add a [people.{me}] table for yourself, or use one of: {listed}",
        )
        return None
    return me if me in people else None


def _only(path: Path, problem: ConfigProblem) -> Config:
    return Config(path=path, problems=(problem,))


def resolve_settings(
    source: SourceConfig, *, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The source's settings with every secret resolved; raises SecretError."""
    return {
        option: resolve_secret(value, source=source.name, option=option, environ=environ)
        if isinstance(value, SecretRef)
        else value
        for option, value in source.settings.items()
    }
