"""The `[[sources]]` tables: common keys, the adapter's declared options, secrets.

Each source is checked on its own, so one broken source is reported and
dropped while the others stay usable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ctotui.adapters.base import Adapter, OptionSpec
from ctotui.config_problems import Problems, did_you_mean
from ctotui.config_timeout import TIMEOUT_KEY, check_timeout
from ctotui.config_values import (
    ValueProblem,
    check_option,
    check_string,
    default_value,
    example_for,
    type_name,
)
from ctotui.errors import AdapterError
from ctotui.registry import AdapterNotFoundError
from ctotui.secrets import parse_secret

AdapterLoader = Callable[[str], type[Adapter]]
DeclaredAdapter = tuple[tuple[OptionSpec, ...], Callable[[], type[Adapter]]]
"""An adapter as validation needs it: its options now, its class when first used."""

SOURCE_KEYS = ("name", "adapter", "interval", "enabled", "timeout")
DEFAULT_INTERVAL = 300
MIN_INTERVAL = 30
_SECRET_FORMS = '{ env = "VARIABLE" } or { command = "pass show some/entry" }'


@dataclass(frozen=True)
class SourceConfig:
    """One valid `[[sources]]` entry. Secret options hold unresolved SecretRefs."""

    name: str
    adapter: str
    interval: int
    enabled: bool
    settings: Mapping[str, Any]
    options: tuple[OptionSpec, ...]
    """The adapter's option declarations, which the settings were checked against."""
    load_class: Callable[[], type[Adapter]] = field(compare=False, repr=False)

    @property
    def adapter_class(self) -> type[Adapter]:
        """The adapter's class, imported on first use: ctotui's own adapters load with the
        first sync, not with the config (see `ctotui.registry.declare_adapter`)."""
        return self.load_class()


def fixed_class(adapter_class: type[Adapter]) -> Callable[[], type[Adapter]]:
    """A `load_class` for a class already imported (plugins, tests)."""
    return lambda: adapter_class


def declared_by(loader: AdapterLoader) -> Callable[[str], DeclaredAdapter]:
    """Declarations from a loader that imports each adapter class (a test's, a plugin's)."""

    def declare(name: str) -> DeclaredAdapter:
        adapter_class = loader(name)
        return adapter_class.options, fixed_class(adapter_class)

    return declare


def check_sources(
    raw: object, problems: Problems, declare: Callable[[str], DeclaredAdapter]
) -> tuple[list[SourceConfig], set[str]]:
    """The valid sources, and every declared name (valid or not) for cross-references.

    Projects may name a source that is broken: that source is already reported,
    so naming it is not a second problem.
    """
    if raw is None:
        return [], set()
    if not isinstance(raw, list):
        problems.add(
            "sources",
            f"expected an array of [[sources]] tables, got {type_name(raw)}",
            "Write each source as its own [[sources]] table",
        )
        return [], set()
    loaded: dict[str, DeclaredAdapter | AdapterError] = {}
    first_use: dict[str, int] = {}
    valid: list[SourceConfig] = []
    for index, table in enumerate(raw):
        key = f"sources[{index}]"
        if not isinstance(table, dict):
            problems.add(
                key,
                f"expected a table, got {type_name(table)}",
                "Write each source as its own [[sources]] table",
            )
            continue
        source = _check_source(key, index, table, problems, declare, loaded, first_use)
        if source is not None:
            valid.append(source)
    return valid, set(first_use)


def _check_source(
    key: str,
    index: int,
    table: dict[str, Any],
    problems: Problems,
    declare: Callable[[str], DeclaredAdapter],
    loaded: dict[str, DeclaredAdapter | AdapterError],
    first_use: dict[str, int],
) -> SourceConfig | None:
    before = len(problems.items)
    name = _check_name(key, index, table, problems, first_use)
    declared = _check_adapter(key, table, problems, declare, loaded)
    interval = check_interval(key, table, problems)
    enabled = True
    if "enabled" in table:
        if isinstance(table["enabled"], bool):
            enabled = table["enabled"]
        else:
            problems.add(
                f"{key}.enabled",
                f"expected a boolean (true or false), got {type_name(table['enabled'])}",
                "Write it as enabled = true or enabled = false",
            )
    settings: dict[str, Any] = {}
    if declared is not None:
        settings = _check_settings(key, table, declared[0], problems)
    timeout = check_timeout(f"{key}.{TIMEOUT_KEY}", table.get(TIMEOUT_KEY), problems)
    if timeout is not None:
        settings[TIMEOUT_KEY] = timeout
    if len(problems.items) > before or name is None or declared is None:
        return None
    return SourceConfig(
        name=name,
        adapter=str(table["adapter"]),
        interval=interval,
        enabled=enabled,
        settings=MappingProxyType(settings),
        options=declared[0],
        load_class=declared[1],
    )


def _check_name(
    key: str, index: int, table: dict[str, Any], problems: Problems, first_use: dict[str, int]
) -> str | None:
    if "name" not in table:
        problems.add(
            f"{key}.name",
            "missing required key 'name'",
            'Add name = "work-mail" (a unique name, shown in the UI)',
        )
        return None
    try:
        name = check_string("name", table["name"], allow_empty=False)
    except ValueProblem as problem:
        problems.add(f"{key}.name", problem.text, problem.fix)
        return None
    if name in first_use:
        problems.add(
            f"{key}.name",
            f"duplicate source name {name!r} (already used by sources[{first_use[name]}])",
            "Give every source a unique name",
        )
        return None
    first_use[name] = index
    return name


def _check_adapter(
    key: str,
    table: dict[str, Any],
    problems: Problems,
    declare: Callable[[str], DeclaredAdapter],
    loaded: dict[str, DeclaredAdapter | AdapterError],
) -> DeclaredAdapter | None:
    if "adapter" not in table:
        problems.add(
            f"{key}.adapter",
            "missing required key 'adapter'",
            'Add adapter = "<name>"; `ctotui doctor` lists the installed adapters',
        )
        return None
    try:
        name = check_string("adapter", table["adapter"], allow_empty=False)
    except ValueProblem as problem:
        problems.add(f"{key}.adapter", problem.text, problem.fix)
        return None
    if name not in loaded:
        try:
            loaded[name] = declare(name)
        except AdapterError as error:
            loaded[name] = error
    result = loaded[name]
    if isinstance(result, AdapterNotFoundError):
        installed = ", ".join(result.installed) or "none"
        problems.add(
            f"{key}.adapter",
            result.message,
            f"Use an installed adapter ({installed}) or install the package that provides {name!r}",
        )
        return None
    if isinstance(result, AdapterError):
        problems.add(
            f"{key}.adapter",
            result.message,
            "Reinstall or upgrade the package that provides this adapter",
        )
        return None
    return result


def check_interval(key: str, table: dict[str, Any], problems: Problems) -> int:
    value = table.get("interval", DEFAULT_INTERVAL)
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(
            f"{key}.interval",
            f"expected an integer number of seconds, got {type_name(value)}",
            f"Write it as interval = {DEFAULT_INTERVAL}",
        )
        return DEFAULT_INTERVAL
    if value < MIN_INTERVAL:
        problems.add(
            f"{key}.interval",
            f"interval {value} is below the minimum of {MIN_INTERVAL} seconds",
            f"Use interval = {MIN_INTERVAL} or more (the default is {DEFAULT_INTERVAL})",
        )
        return DEFAULT_INTERVAL
    return value


def _check_settings(
    key: str, table: dict[str, Any], options: tuple[OptionSpec, ...], problems: Problems
) -> dict[str, Any]:
    """The adapter's options with defaults filled; problems for unknown, missing, bad ones."""
    adapter = str(table["adapter"])
    specs: dict[str, OptionSpec] = {spec.name: spec for spec in options}
    for option in table:
        if option in SOURCE_KEYS or option in specs:
            continue
        valid_names = ", ".join(specs) or "none"
        problems.add(
            f"{key}.{option}",
            f"unknown option {option!r} for the {adapter} adapter"
            + did_you_mean(option, [*specs, *SOURCE_KEYS]),
            f"Options of {adapter}: {valid_names} (and the common keys {', '.join(SOURCE_KEYS)})",
        )
    settings: dict[str, Any] = {}
    for spec in options:
        option_key = f"{key}.{spec.name}"
        if spec.name not in table:
            if spec.required:
                example = _SECRET_FORMS if spec.secret else example_for(spec)
                problems.add(
                    option_key,
                    f"missing required option {spec.name!r} for the {adapter} adapter",
                    f"Add {spec.name} = {example} ({spec.help})",
                )
            else:
                settings[spec.name] = default_value(spec)
            continue
        value = table[spec.name]
        try:
            if spec.secret:
                try:
                    settings[spec.name] = parse_secret(value)
                except ValueError as error:
                    raise ValueProblem(
                        f"bad secret: {error}", f"Write it as {spec.name} = {_SECRET_FORMS}"
                    ) from None
            else:
                settings[spec.name] = check_option(spec, value)
        except ValueProblem as problem:
            problems.add(option_key, problem.text, problem.fix)
    return settings
