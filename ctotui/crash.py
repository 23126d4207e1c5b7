"""Crash reports without secrets: for the app's exit traceback and the CLI's last resort.

Textual's own report shows every frame's local variables (a settings dict with
a token, an Authorization header). Ours shows none, is rendered as plain text
and then has every known secret replaced by `***` and terminal escapes removed
before anything is printed or written to the log file the user can attach.
"""

from __future__ import annotations

import io
import logging
import os
from typing import TYPE_CHECKING, TextIO

from ctotui.logs import log_file, redact_known
from ctotui.sanitize import clean_line, clean_text
from ctotui.secrets import SecretRef, redact

if TYPE_CHECKING:
    import argparse

    from ctotui.config import Config

log = logging.getLogger("ctotui.crash")

REPORT_LIMIT = 200_000


def config_secrets(config: Config | None) -> list[str]:
    """Secrets the config names that can be read without side effects: plain and env ones.

    Command and keyring secrets are not run at crash time; once resolved they
    are registered with the log redaction, which `scrub` applies too.
    """
    if config is None:
        return []
    found: list[str] = []
    for source in config.sources:
        for value in source.settings.values():
            if not isinstance(value, SecretRef):
                continue
            if value.kind == "plain":
                found.append(value.reference)
            elif value.kind == "env" and (env := os.environ.get(value.reference)):
                found.append(env)
    return found


def scrub(text: str, secrets: list[str]) -> str:
    """`text` safe to show and keep: escapes removed first (they could split a secret), then
    every registered and given secret replaced by `***`."""
    return redact(redact_known(clean_text(text, REPORT_LIMIT)), secrets)


def render_traceback(error: BaseException, width: int) -> str:
    """The Rich traceback of `error` as plain text, without local variables."""
    import rich
    from rich.console import Console
    from rich.traceback import Traceback

    traceback = Traceback.from_exception(
        type(error), error, error.__traceback__, show_locals=False, width=width, suppress=[rich]
    )
    out = io.StringIO()
    console = Console(
        file=out, width=width, color_system=None, no_color=True, highlight=False, emoji=False
    )
    console.print(traceback)
    return out.getvalue()


def summary(error: BaseException, secrets: list[str]) -> str:
    """One line naming the exception, its message scrubbed."""
    try:
        message = str(error)
    except Exception:  # a broken __str__ must not hide the crash
        message = ""
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return clean_line(scrub(text, secrets), 300)


def log_crash(report: str) -> str:
    """Write the (already scrubbed) report to the log file; returns where it went, or ""."""
    log.error("ctotui crashed (local variables not shown, secrets removed)\n%s", report)
    path = log_file()
    return str(path) if path is not None else ""


def app_report(error: BaseException, config: Config | None, width: int) -> str:
    """What the app prints at exit after an unhandled exception; it is logged as well."""
    secrets = config_secrets(config)
    report = scrub(render_traceback(error, width), secrets)
    where = log_crash(report)
    head = f"ctotui crashed: {summary(error, secrets)}"
    tail = (
        f"This report (no local variables, secrets removed) is also in\n  {where}"
        if where
        else "This report has no local variables and secrets removed."
    )
    return f"{head}\n{report.rstrip()}\n{tail}\n"


def cli_crash(error: BaseException, args: argparse.Namespace | None, err: TextIO) -> None:
    """A CLI command failed unexpectedly: one line on `err`, the full traceback in the log."""
    secrets = config_secrets(_config_quietly(args))
    where = log_crash(scrub(render_traceback(error, 100), secrets))
    print(f"ctotui: unexpected error: {summary(error, secrets)}", file=err)
    if where:
        print(f"The full traceback (secrets removed) is in {where}", file=err)


def _config_quietly(args: argparse.Namespace | None) -> Config | None:
    """The config the command used, for its secrets; None when it cannot be read."""
    if args is None or getattr(args, "demo", False):
        return None
    try:
        from ctotui import paths
        from ctotui.config import load_config

        return load_config(paths.config_path(getattr(args, "config", None)), missing_ok=True)
    except Exception:  # a crash report must not fail on a broken config
        return None
