"""`ctotui completion bash|zsh|fish`: print a completion script made from the parser.

eval "$(ctotui completion bash)"                     # in ~/.bashrc
ctotui completion zsh > "${fpath[1]}/_ctotui"        # or: source <(ctotui completion zsh)
ctotui completion fish > ~/.config/fish/completions/ctotui.fish
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ctotui.clock import Clock

EXIT_OK = 0


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    from ctotui.cli_help import FORMATTER, examples
    from ctotui.completion import SHELLS

    completion = commands.add_parser(
        "completion",
        parents=[common],
        formatter_class=FORMATTER,
        epilog=examples(
            ('eval "$(ctotui completion bash)"', "in ~/.bashrc"),
            (
                'ctotui completion zsh > "${fpath[1]}/_ctotui"',
                "or: source <(ctotui completion zsh)",
            ),
            ("ctotui completion fish > ~/.config/fish/completions/ctotui.fish", ""),
        ),
        help="print a shell completion script (bash, zsh or fish)",
        description=(
            "Print a completion script for every command and option of ctotui. "
            'Example: eval "$(ctotui completion bash)" in ~/.bashrc'
        ),
    )
    completion.add_argument("shell", choices=SHELLS, help="which shell the script is for")
    completion.set_defaults(handler=run)


def run(args: argparse.Namespace, clock: Clock) -> int:
    """The script is built from the full parser at run time, extension commands included."""
    del clock
    from ctotui.cli import build_parser
    from ctotui.completion import script

    sys.stdout.write(script(args.shell, build_parser()))
    return EXIT_OK
