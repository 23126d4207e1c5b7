"""Child process for the crash-report tests: the real `ctotui` CLI with one planted bug.

`app` makes the dashboard's start-up raise, `cli` makes `ctotui list` raise; in both
the failing frame holds the source's token in local variables and the exception
message quotes it, as a careless adapter or helper might.
"""

from __future__ import annotations

import os
import sys

from ctotui import cli
from ctotui.app import CtoApp
from ctotui.config import resolve_settings


def _app_bug(self: CtoApp) -> None:
    settings = resolve_settings(self.config.sources[0])  # the token, as sync resolves it
    headers = {"Authorization": f"Bearer {settings['token']}"}
    raise RuntimeError(f"the tracker refused the request with {headers}")


def _cli_bug(*_args: object) -> None:
    token = os.environ["CRASH_TEST_TOKEN"]  # read past the resolver: known only to the config
    raise ValueError(f"cannot print the table for token {token}")


if __name__ == "__main__":
    mode, argv = sys.argv[1], sys.argv[2:]
    if mode == "app":
        CtoApp.on_mount = _app_bug  # type: ignore[method-assign]
    else:
        cli._print_table = _cli_bug  # type: ignore[assignment]
    raise SystemExit(cli.main(argv))
