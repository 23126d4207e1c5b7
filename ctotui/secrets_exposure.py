"""The warning for a config file that holds plain-text secrets and other users can open.

Plain-text secrets are allowed (a password written straight into a source
table), so the file's mode is what keeps them private. When its group or
other bits are set (mode & 0o077) the app, `doctor` and the CLI show the same
one-line warning with the `chmod 600` fix. The warning names the options,
never their values.
"""

from __future__ import annotations

import os
import shlex
import stat
from typing import TextIO

from ctotui.config import Config
from ctotui.secrets import SecretRef

OPEN_BITS = 0o077


def plain_secret_options(config: Config) -> list[str]:
    """`source.option` of every secret written as plain text in the config."""
    return [
        f"{source.name}.{option}"
        for source in config.sources
        for option, value in source.settings.items()
        if isinstance(value, SecretRef) and value.kind == "plain"
    ]


def exposed_secret_warning(config: Config) -> str | None:
    """The warning line, or None when there is nothing to warn about (or no POSIX modes)."""
    if config.path is None or os.name == "nt":
        return None
    options = plain_secret_options(config)
    if not options:
        return None
    try:
        mode = stat.S_IMODE(config.path.stat().st_mode)
    except OSError:
        return None
    if not mode & OPEN_BITS:
        return None
    who = (
        "group and others"
        if mode & 0o070 and mode & 0o007
        else ("its group" if mode & 0o070 else "other users")
    )
    shown = ", ".join(options[:3]) + (f" and {len(options) - 3} more" if len(options) > 3 else "")
    return (
        f"{config.path} holds plain-text secrets ({shown}) and is open to {who} "
        f"(mode {mode:03o}). Fix: chmod 600 {shlex.quote(str(config.path))} "
        "(or move them to { env = ... }, { command = ... } or { keyring = ... })"
    )


def print_warning(config: Config, out: TextIO) -> None:
    """The warning on the CLI's error stream, when there is one."""
    warning = exposed_secret_warning(config)
    if warning:
        print(f"ctotui: warning: {warning}", file=out)
