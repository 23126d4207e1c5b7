"""`--help` of ctotui and of every command ends with examples that use every option."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from ctotui.cli import build_parser

GLOBAL = {"--demo", "--config", "--data-dir", "--debug", "--help", "--version"}


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command and sub-command (e.g. `todo add`) with its parser."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))


def own_options(parser: argparse.ArgumentParser) -> set[str]:
    """The command's own long options (short ones when it has no long form)."""
    found = set()
    for action in parser._actions:
        names = [o for o in action.option_strings if o.startswith("--")] or action.option_strings
        if names and not GLOBAL & set(action.option_strings):
            found.add(names[0])
    return found


ALL = list(commands(build_parser()))


def test_every_command_is_walked() -> None:
    names = {" ".join(path) for path, _ in ALL}
    assert {"", "init", "doctor", "sync", "list", "todo add", "estimate export"} <= names


@pytest.mark.parametrize(("path", "parser"), ALL, ids=[" ".join(p) or "ctotui" for p, _ in ALL])
def test_help_has_examples_using_every_option(
    path: tuple[str, ...], parser: argparse.ArgumentParser
) -> None:
    text = parser.format_help()
    assert "\nexamples:\n" in text, f"`ctotui {' '.join(path)} --help` has no examples"
    section = text.split("\nexamples:\n", 1)[1]
    command = " ".join(("ctotui", *path))
    assert f"  {command}" in section or not path, f"no example runs `{command}`"
    missing = {option for option in own_options(parser) if option not in section}
    assert not missing, f"`{command} --help` has no example for {sorted(missing)}"


def test_the_top_level_examples_show_the_global_options() -> None:
    section = build_parser().format_help().split("\nexamples:\n", 1)[1]
    for option in GLOBAL - {"--help"}:
        assert option in section
