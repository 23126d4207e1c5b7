"""`ctotui status`: a one-line summary for a shell prompt or a tmux status line.

ctotui status                  # 2 important unread · 3 waiting on me · 1 blocked · 4 due today
ctotui status --format tmux    # the same with tmux #[fg=...] styles, for status-right
ctotui status --format json    # one JSON object

It runs every few seconds next to a live app, so it reads the store only
(opened read-only: no migration, no sync, no write lock) and imports neither
Textual nor any adapter. `ctotui.cli.main` sends it here before building the
full parser, so a run does not pay for every other command's imports.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from ctotui.clock import Clock

EXIT_OK = 0
EXIT_FAILED = 1
FORMATS = ("plain", "tmux", "json")
COMMAND = "status"
_GLOBAL_FLAGS = frozenset({"--demo", "--debug"})
_GLOBAL_VALUES = frozenset({"--config", "--data-dir"})


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    from ctotui.cli_help import FORMATTER, examples

    status = commands.add_parser(
        COMMAND,
        parents=[common],
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui status", "2 important unread · 3 waiting on me · 1 blocked · 4 due today"),
            ("ctotui status --format tmux", "with tmux styles, for status-right"),
            ("ctotui status --format json", "one JSON object, for scripts"),
            ("set -g status-right '#(ctotui status --format tmux)'", "in ~/.tmux.conf"),
        ),
        help="one-line summary for a prompt or tmux status line (reads the store only)",
        description=(
            "Print important unread mail, what waits on you, blocked items and to-dos due "
            "today as one line, without starting the dashboard. "
            "Example: ctotui status --format tmux"
        ),
    )
    status.add_argument(
        "--format",
        default="plain",
        choices=FORMATS,
        help="plain text (default), tmux #[fg=...] styles, or one JSON object",
    )
    status.set_defaults(handler=run)


def wanted(argv: Sequence[str]) -> bool:
    """Whether `argv` runs `status` (global options may come first)."""
    tokens = iter(argv)
    for token in tokens:
        if token in _GLOBAL_FLAGS or ("=" in token and token.split("=", 1)[0] in _GLOBAL_VALUES):
            continue
        if token in _GLOBAL_VALUES:
            next(tokens, None)
            continue
        return token == COMMAND
    return False


Options = NamedTuple(  # noqa: UP014 (the class form compiles its annotations at import)
    "Options",
    [("demo", bool), ("config", str | None), ("data_dir", str | None), ("format", str)],
)
"""What `status` reads of its command line (the call form: see `status_line.Status`)."""


def main(argv: Sequence[str], clock: Clock) -> int:
    """Parse `status` and its global options exactly as the full parser does, then run.

    The usual command lines (the ones a status line runs) are read directly;
    anything else (`--help`, a bad value, an abbreviated option) goes through
    argparse, so its messages and exit codes are the full parser's.
    """
    options = quick_options(argv)
    if options is not None:
        return run_options(options, clock)
    import argparse

    from ctotui.cli import _global_options

    parser = argparse.ArgumentParser(prog="ctotui", parents=[_global_options(suppress=False)])
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    register(commands, _global_options(suppress=True))
    args = parser.parse_args(argv)
    code: int = args.handler(args, clock)
    return code


def quick_options(argv: Sequence[str]) -> Options | None:
    """The options of a plain `status` command line, or None to leave it to argparse."""
    values: dict[str, Any] = {}
    seen_command = False
    names = {"--config": "config", "--data-dir": "data_dir", "--format": "format"}
    tokens = iter(argv)
    for token in tokens:
        if token == COMMAND and not seen_command:
            seen_command = True
        elif token in _GLOBAL_FLAGS:
            values["demo"] = values.get("demo", False) or token == "--demo"
        elif token.split("=", 1)[0] in names:
            name, has_value, value = token.partition("=")
            if not has_value:
                value = next(tokens, "")
            if not value or value.startswith("-") or (name == "--format" and not seen_command):
                return None
            values[names[name]] = value
        else:
            return None
    if not seen_command or values.get("format", "plain") not in FORMATS:
        return None
    return Options(
        values.get("demo", False),
        values.get("config"),
        values.get("data_dir"),
        values.get("format", "plain"),
    )


def run(args: argparse.Namespace, clock: Clock) -> int:
    options = Options(args.demo, args.config, args.data_dir, args.format)
    return run_options(options, clock)


def run_options(options: Options, clock: Clock) -> int:
    from ctotui import paths
    from ctotui.errors import CtotuiError
    from ctotui.status_line import read_status, render

    data_dir, config_path = _locations(options)
    try:
        status = read_status(paths.store_path(data_dir), config_path, clock.now())
    except CtotuiError as error:
        return _failed(options.format, error.message, sys.stdout)
    if status is None:
        return _failed(options.format, "no data yet: run `ctotui sync` or open ctotui", sys.stdout)
    sys.stdout.write(render(status, options.format) + "\n")
    return EXIT_OK


def _locations(args: Options) -> tuple[Path, Path]:
    """The data dir and config file, chosen as every other command chooses them."""
    from ctotui import paths

    if not args.demo:
        return paths.data_dir(args.data_dir), paths.config_path(args.config)
    from ctotui.demo_workspace import CONFIG_NAME, demo_data_dir

    data_dir = demo_data_dir(Path(args.data_dir).expanduser() if args.data_dir else None)
    return data_dir, paths.config_path(args.config) if args.config else data_dir / CONFIG_NAME


def _failed(fmt: str, message: str, out: TextIO) -> int:
    """A status line shows stdout whatever the exit code: say what is wrong there, briefly."""
    if fmt == "json":
        out.write(json.dumps({"error": message}) + "\n")
    elif fmt == "tmux":
        out.write(f"#[fg=red]ctotui: {message.replace('#', '##')}#[default]\n")
    else:
        out.write(f"ctotui: {message}\n")
    return EXIT_FAILED
