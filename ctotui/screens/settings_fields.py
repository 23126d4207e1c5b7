"""The typed fields of the Settings screen: triage lists, work weeks, holidays, sync.

Each field knows where it lives in settings.toml, shows the value in force
(config with settings laid over it) and checks new input with the config's own
checks, so the messages match what `ctotui doctor` would say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from ctotui.config import Config
from ctotui.config_problems import Problems
from ctotui.config_projects import check_days, check_holidays
from ctotui.config_schema import MIN_INTERVAL, check_interval
from ctotui.config_sync import DEFAULT_PER_HOST, MAX_PER_HOST, check_sync
from ctotui.config_triage import check_triage
from ctotui.config_values import ValueProblem

SettingPath = tuple[str, ...]
"""Where a value goes in settings.toml: ("triage", "vips"), ("sources", NAME, "interval")."""


@dataclass(frozen=True, slots=True)
class SettingField:
    """One editable value: label, help, the text shown now, and how input is checked."""

    path: SettingPath
    label: str
    help: str
    current: str
    parse: Callable[[str], Any]
    """Turns the input into the TOML value to store; raises ValueProblem with a fix."""


def _words(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _triage_parser(key: str, config: Config) -> Callable[[str], Any]:
    def parse(text: str) -> list[str]:
        values = _words(text)
        problems = Problems("settings.toml")
        check_triage({key: values}, config.people, problems)
        if problems.items:
            first = problems.items[0]
            raise ValueProblem(first.text, first.fix)
        return values

    return parse


def _parse_days(text: str) -> list[str]:
    return list(check_days(_words(text)))


def _parse_holidays(text: str) -> list[Any]:
    return list(check_holidays(_words(text)))


def _parse_interval(text: str) -> int:
    try:
        seconds = int(text.strip())
    except ValueError:
        raise ValueProblem(
            f"{text.strip()!r} is not a whole number of seconds",
            f"Write seconds, {MIN_INTERVAL} or more, e.g. 300",
        ) from None
    problems = Problems("settings.toml")
    check_interval("interval", {"interval": seconds}, problems)
    if problems.items:
        raise ValueProblem(problems.items[0].text, problems.items[0].fix)
    return seconds


def _parse_per_host(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ValueProblem(
            f"{text.strip()!r} is not a whole number",
            f"Write a number from 1 to {MAX_PER_HOST}, e.g. {DEFAULT_PER_HOST}",
        ) from None
    problems = Problems("settings.toml")
    check_sync({"per_host": value}, problems)
    if problems.items:
        raise ValueProblem(problems.items[0].text, problems.items[0].fix)
    return value


def triage_fields(config: Config) -> list[SettingField]:
    rules = config.triage
    return [
        SettingField(
            ("triage", "vips"),
            "VIPs",
            "Addresses or [people] keys whose mail ranks high",
            ", ".join(rules.vips),
            _triage_parser("vips", config),
        ),
        SettingField(
            ("triage", "keywords"),
            "Keywords",
            "Words that matter in a subject or body",
            ", ".join(rules.keywords),
            _triage_parser("keywords", config),
        ),
        SettingField(
            ("triage", "team_domains"),
            "Team domains",
            "Your company's mail domains",
            ", ".join(rules.team_domains),
            _triage_parser("team_domains", config),
        ),
        SettingField(
            ("triage", "client_domains"),
            "Client domains",
            "Your clients' domains: rank above team mail",
            ", ".join(rules.client_domains),
            _triage_parser("client_domains", config),
        ),
    ]


def calendar_fields(config: Config) -> list[SettingField]:
    fields: list[SettingField] = []
    for project in config.projects:
        fields.append(
            SettingField(
                ("projects", project.name, "standup_days"),
                f"{project.name}: work days",
                "Days with a standup, e.g. mon, tue, wed, thu, fri",
                ", ".join(project.standup_days),
                _parse_days,
            )
        )
        fields.append(
            SettingField(
                ("projects", project.name, "holidays"),
                f"{project.name}: holidays",
                "Dates without a standup, e.g. 2026-12-25, 2026-12-26",
                ", ".join(day.isoformat() for day in project.holidays),
                _parse_holidays,
            )
        )
    return fields


def interval_fields(config: Config) -> list[SettingField]:
    return [
        SettingField(
            ("sources", source.name, "interval"),
            f"{source.name}: refresh every",
            f"Seconds between background syncs ({MIN_INTERVAL} or more)",
            str(source.interval),
            _parse_interval,
        )
        for source in config.sources
    ]


def per_host_field(config: Config) -> SettingField:
    """`[sync] per_host`: applies to syncs waiting right now, without a restart."""
    return SettingField(
        ("sync", "per_host"),
        "Syncs at once per server",
        f"Sources on the same host that may sync at the same time (1 to {MAX_PER_HOST})",
        str(config.sync.per_host),
        _parse_per_host,
    )


class FieldsPane(VerticalScroll):
    """A column of labelled inputs; enter checks a field and, if valid, posts `Changed`."""

    can_focus = False

    class Changed(Message):
        def __init__(self, field: SettingField, value: Any) -> None:
            super().__init__()
            self.field = field
            self.value = value

    def __init__(self, fields: Sequence[SettingField], empty: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fields = list(fields)
        self.empty = empty

    def compose(self) -> ComposeResult:
        if not self.fields:
            yield Static(Text(self.empty), classes="settings-empty")
        for index, field in enumerate(self.fields):
            with Vertical(classes="settings-field"):
                yield Static(Text.assemble((field.label, "bold"), "  ", (field.help, "dim")))
                yield Input(value=field.current, id=f"field-{index}", classes="settings-input")
                yield Static("", id=f"field-{index}-error", classes="settings-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id is None or not event.input.id.startswith("field-"):
            return
        index = int(event.input.id.removeprefix("field-"))
        field = self.fields[index]
        error = self.query_one(f"#field-{index}-error", Static)
        try:
            value = field.parse(event.value)
        except ValueProblem as problem:
            error.update(Text(f"{problem.text}. {problem.fix}".strip(" ."), style="bold"))
            error.add_class("-shown")
            event.input.add_class("-invalid-setting")
            return
        error.update("")
        error.remove_class("-shown")
        event.input.remove_class("-invalid-setting")
        self.post_message(self.Changed(field, value))
