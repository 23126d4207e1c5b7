"""Checking one config value against its declared type, for messages that say expected vs got.

Adapters declare option types as data (`OptionSpec`), so one function checks
every adapter's options and no adapter writes its own validation.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any
from urllib.parse import urlsplit

from ctotui.adapters.base import OptionSpec, OptionType

_EXAMPLES = {
    OptionType.STRING: '"text"',
    OptionType.INTEGER: "300",
    OptionType.FLOAT: "1.5",
    OptionType.BOOLEAN: "true",
    OptionType.STRING_LIST: '["one", "two"]',
    OptionType.PATH: '"~/some/path"',
    OptionType.URL: '"https://host.example.com"',
}
_EXPECTED = {
    OptionType.STRING: "a string",
    OptionType.INTEGER: "an integer",
    OptionType.FLOAT: "a number",
    OptionType.BOOLEAN: "a boolean (true or false)",
    OptionType.STRING_LIST: "an array of strings",
    OptionType.PATH: "a path string",
    OptionType.URL: "a URL string",
}


class ValueProblem(Exception):
    """A value that does not fit: what is wrong and how to fix it."""

    def __init__(self, text: str, fix: str = "") -> None:
        super().__init__(text)
        self.text = text
        self.fix = fix


def type_name(value: object) -> str:
    """How TOML would call the value's type, for 'expected X, got Y'."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return "a date/time"
    return type(value).__name__


def wrong_type(name: str, expected: str, value: object, example: str) -> ValueProblem:
    return ValueProblem(
        f"expected {expected}, got {type_name(value)}", f"Write it as {name} = {example}"
    )


def check_string(name: str, value: object, *, allow_empty: bool = True) -> str:
    if not isinstance(value, str):
        raise wrong_type(name, "a string", value, '"text"')
    if not allow_empty and not value.strip():
        raise ValueProblem("must not be empty", f"Give {name} a value")
    return value


def check_string_list(name: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        got = "an array with non-string items" if isinstance(value, list) else type_name(value)
        raise ValueProblem(
            f"expected an array of strings, got {got}", f'Write it as {name} = ["one", "two"]'
        )
    return tuple(value)


def check_option(spec: OptionSpec, value: object) -> Any:
    """The value as the adapter gets it (paths expanded, lists as tuples), or ValueProblem."""
    kind = spec.type
    name = spec.name
    if kind is OptionType.STRING_LIST:
        items = check_string_list(name, value)
        for item in items:
            _check_choice(spec, item)
        return items
    if kind is OptionType.BOOLEAN:
        if not isinstance(value, bool):
            raise wrong_type(name, _EXPECTED[kind], value, example_for(spec))
        return value
    if kind is OptionType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong_type(name, _EXPECTED[kind], value, example_for(spec))
        return value
    if kind is OptionType.FLOAT:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise wrong_type(name, _EXPECTED[kind], value, example_for(spec))
        return float(value)
    if not isinstance(value, str):
        raise wrong_type(name, _EXPECTED[kind], value, example_for(spec))
    if spec.required and not value.strip():
        raise ValueProblem("must not be empty", f"Give {name} a value")
    if kind is OptionType.PATH:
        return os.path.expanduser(value) if value else value
    if kind is OptionType.URL:
        _check_url(name, value)
        return value
    _check_choice(spec, value)
    return value


def example_for(spec: OptionSpec) -> str:
    """A value of the option's type (its default when it has one), for fixes."""
    if spec.default is not None and spec.default != "" and spec.default != ():
        literal = _toml_literal(spec.default)
        if literal:
            return literal
    if spec.choices:
        quoted = f'"{spec.choices[0]}"'
        return f"[{quoted}]" if spec.type is OptionType.STRING_LIST else quoted
    return _EXAMPLES[spec.type]


def _toml_literal(value: object) -> str:
    """A simple value written as TOML, or "" when it is not that simple."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return "[" + ", ".join(json.dumps(v) for v in value) + "]"
    return ""


def default_value(spec: OptionSpec) -> Any:
    """An option's default in the same shape a configured value would have."""
    default = spec.default
    if spec.type is OptionType.STRING_LIST and isinstance(default, list | tuple):
        return tuple(default)
    if spec.type is OptionType.PATH and isinstance(default, str):
        return os.path.expanduser(default)
    return default


def _check_choice(spec: OptionSpec, value: str) -> None:
    if spec.choices and value not in spec.choices:
        raise ValueProblem(
            f"{value!r} is not one of the allowed values",
            f"Use one of: {', '.join(spec.choices)}",
        )


def _check_url(name: str, value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        # Suggest the host only: whatever else was written may hold credentials.
        host = value.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]
        example = f'"https://{host}"' if host else _EXAMPLES[OptionType.URL]
        raise ValueProblem(
            "a URL must start with http:// or https://", f"Write it as {name} = {example}"
        )
    if not parts.netloc:
        raise ValueProblem(
            "the URL has no host", f"Write it as {name} = {_EXAMPLES[OptionType.URL]}"
        )
