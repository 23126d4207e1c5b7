"""From what a user typed (form fields or `--option`) to a checked `SourceDraft`.

Everything here works from the adapter's `OptionSpec` declarations, so the
init form and the init command need no code for any one adapter. Errors are
collected per field, in the strict loader's own words, so they can be shown
beside the field they are about.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, get_args

from ctotui import registry
from ctotui.adapters.base import Adapter, OptionSpec, OptionType
from ctotui.config import config_from_text
from ctotui.config_schema import DEFAULT_INTERVAL, MIN_INTERVAL, SOURCE_KEYS
from ctotui.config_values import ValueProblem, example_for
from ctotui.config_write import ConfigWriteError, SourceDraft, render_sources
from ctotui.errors import AdapterError
from ctotui.sanitize import clean_line
from ctotui.secrets import SecretKind as RefKind
from ctotui.secrets import parse_secret

REFERENCE_KINDS: tuple[str, ...] = tuple(k for k in get_args(RefKind) if k != "plain")
"""The ways a secret can be referenced (env, command, ...), as the one resolver knows them."""
PLAIN_WARNING = (
    "The secret is written to the config file as plain text: anyone who can read the "
    "file can read it. Prefer an environment variable or a command such as `pass show …`."
)
INTERVAL = OptionSpec(
    "interval",
    OptionType.INTEGER,
    f"Seconds between syncs ({MIN_INTERVAL} or more).",
    default=DEFAULT_INTERVAL,
)
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


@dataclass(frozen=True)
class SecretInput:
    """A secret as the user gave it: a variable name, a command, or (insisted) the value."""

    kind: str
    """One of REFERENCE_KINDS, or "plain"."""
    text: str


RawValue = str | bool | list[str] | SecretInput | None
LIST_HINT = 'Comma-separated; ["a, b", "c"] when an item holds a comma.'


@dataclass(frozen=True)
class AdapterChoice:
    """One installed adapter for the picker; `error` says why it cannot be used."""

    name: str
    description: str
    adapter_class: type[Adapter] | None
    error: str = ""


def adapter_choices(
    loader: Callable[[str], type[Adapter]] | None = None,
    names: list[str] | None = None,
) -> list[AdapterChoice]:
    """Every installed adapter with its description (the class docstring if none is set)."""
    load = loader or registry.load_adapter
    choices = []
    for name in names if names is not None else list(registry.installed_adapters()):
        try:
            cls = load(name)
        except AdapterError as error:
            choices.append(AdapterChoice(name, "", None, error.message))
            continue
        text = cls.description or (cls.__doc__ or "").strip().split("\n\n")[0]
        kinds = ", ".join(sorted(kind.value for kind in cls.kinds))
        description = clean_line(" ".join(text.split()), 200) or kinds
        choices.append(AdapterChoice(name, description, cls))
    return choices


def form_options(adapter_class: type[Adapter]) -> tuple[OptionSpec, ...]:
    """The fields to ask for: required options first, then the rest, then the interval."""
    # The common keys are asked once for every source, never as an adapter's own.
    options = [spec for spec in adapter_class.options if spec.name not in SOURCE_KEYS]
    required = tuple(spec for spec in options if spec.required)
    optional = tuple(spec for spec in options if not spec.required)
    return (*required, *optional, INTERVAL)


def default_text(spec: OptionSpec) -> str:
    """The default as a user would type it (lists comma-separated), "" when there is none."""
    default = spec.default
    if default is None or isinstance(default, bool):
        return ""
    if isinstance(default, list | tuple):
        return ", ".join(str(v) for v in default)
    return str(default)


def parse_value(spec: OptionSpec, raw: RawValue, *, allow_plain: bool = False) -> Any:
    """The TOML value for one field, or None to leave it unset (the default applies).

    A value equal to the default is left unset too, so the file holds only
    what the user chose. Raises ValueProblem naming what is wrong in the user's terms.
    """
    if spec.secret:
        return _parse_secret(spec, raw, allow_plain)
    value = _parse_typed(spec, raw)
    if value is None or spec.required:
        return value
    default = spec.default
    if spec.type is OptionType.BOOLEAN:
        default = bool(default)
    elif isinstance(default, tuple):
        default = list(default)
    return None if value == default else value


def _parse_typed(spec: OptionSpec, raw: RawValue) -> Any:
    if raw is None or isinstance(raw, SecretInput):
        return None
    if spec.type is OptionType.BOOLEAN:
        if isinstance(raw, list):
            raise ValueProblem("expected true or false, got a list")
        return raw if isinstance(raw, bool) else _parse_bool(raw)
    if isinstance(raw, bool):
        raise ValueProblem("expected text, got a switch")
    if isinstance(raw, list):
        if spec.type is not OptionType.STRING_LIST:
            raise ValueProblem("expected one value, got a list")
        if raw:
            return raw
        raw = ""
    text = raw.strip()
    if not text:
        if spec.required:
            example = example_for(spec)
            raise ValueProblem("required", "" if example == '"text"' else f"e.g. {example}")
        return None
    if spec.type is OptionType.INTEGER:
        try:
            return int(text)
        except ValueError:
            raise ValueProblem(f"{text!r} is not a whole number", "e.g. 300") from None
    if spec.type is OptionType.FLOAT:
        try:
            return float(text)
        except ValueError:
            raise ValueProblem(f"{text!r} is not a number", "e.g. 1.5") from None
    if spec.type is OptionType.STRING_LIST:
        return split_list(text) or None
    return text


def split_list(text: str) -> list[str]:
    """A list as typed: comma-separated, or a TOML array when an item holds a comma."""
    text = text.strip()
    if not text.startswith("["):
        return [part.strip() for part in text.split(",") if part.strip()]
    try:
        value = tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError as error:
        raise ValueProblem(f"not a TOML array ({error})", 'e.g. ["a, b", "c"]') from None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueProblem("the array must hold strings only", 'e.g. ["a, b", "c"]')
    return value


def _parse_bool(raw: str) -> bool | None:
    text = raw.strip().lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem(f"{raw.strip()!r} is not true or false", "write true or false")


def _parse_secret(spec: OptionSpec, raw: RawValue, allow_plain: bool) -> Any:
    if raw is None or (isinstance(raw, SecretInput) and not raw.text.strip()):
        if spec.required:
            raise ValueProblem(
                "required: name an environment variable or a command that prints the secret"
            )
        return None
    if not isinstance(raw, SecretInput):
        raise ValueProblem("a secret is given as an environment variable or a command")
    if raw.kind == "plain":
        if not allow_plain:
            raise ValueProblem(
                "a secret is not written as plain text unless you insist",
                "give an environment variable or a command, or choose plain text on purpose",
            )
        return raw.text
    value = {raw.kind: raw.text.strip()}
    try:
        parse_secret(value)
    except ValueError as error:
        raise ValueProblem(str(error)) from None
    return value


def build_draft(
    adapter: str,
    adapter_class: type[Adapter],
    name: str,
    inputs: Mapping[str, RawValue],
    *,
    allow_plain: bool = False,
    taken: set[str] | frozenset[str] = frozenset(),
) -> tuple[SourceDraft, dict[str, str]]:
    """The draft and the errors per field ("name" and option names); no errors: valid.

    A draft that parses is also run through the strict loader, so what init
    accepts is exactly what `ctotui doctor` accepts.
    """
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = "required: a unique name for this source, shown in the app"
    elif clean_line(name, 200) != name:
        errors["name"] = "use letters, digits, spaces and punctuation only"
    elif name in taken:
        errors["name"] = f"a source named {name!r} already exists"
    values: dict[str, Any] = {}
    for spec in form_options(adapter_class):
        try:
            value = parse_value(spec, inputs.get(spec.name), allow_plain=allow_plain)
        except ValueProblem as problem:
            errors[spec.name] = _message(problem)
            continue
        if value is not None:
            values[spec.name] = value
    secrets = frozenset(spec.name for spec in adapter_class.options if spec.secret)
    draft = SourceDraft(name=name or adapter, adapter=adapter, values=values, secrets=secrets)
    try:
        text = render_sources([draft])
    except ConfigWriteError as error:
        return draft, {"name": error.message}
    config = config_from_text(text, loader=lambda _name: adapter_class)
    for found in config.problems:
        field = found.key.removeprefix("sources[0]").lstrip(".") or "name"
        errors.setdefault(field, f"{found.text} ({found.fix})" if found.fix else found.text)
    return draft, errors


def _message(problem: ValueProblem) -> str:
    return f"{problem.text} ({problem.fix})" if problem.fix else problem.text
