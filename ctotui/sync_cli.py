"""`ctotui sync` output: one updating progress line on a terminal, plain lines otherwise.

On a TTY the line shows every running source with what it fetched (of the
total when known) and is redrawn in place; each source's result is printed
as a lasting line above it. Piped or redirected, every step is its own line,
so logs and scripts read the same text without escape codes.
"""

from __future__ import annotations

import shutil
from typing import TextIO

from ctotui.sanitize import clean_line
from ctotui.sync import Stage, SyncProgress

CLEAR_LINE = "\r\x1b[2K"
MAX_LINE = 200


def _figures(step: SyncProgress) -> str:
    if step.total is not None:
        return f"{step.fetched:,} of {step.total:,}"
    return f"{step.fetched:,} fetched"


class ProgressPrinter:
    """Receives the engine's progress steps and prints them for a person or a log."""

    def __init__(self, out: TextIO, *, tty: bool | None = None) -> None:
        self.out = out
        self.tty = out.isatty() if tty is None else tty
        self._running: dict[str, str] = {}
        self._shown = False
        # A line wider than the terminal would wrap, and "\r" could not redraw it.
        self.width = min(shutil.get_terminal_size((80, 24)).columns - 1, MAX_LINE)

    def __call__(self, step: SyncProgress) -> None:
        name = clean_line(step.source, 60)
        if step.stage is Stage.STARTED:
            self._running[name] = "starting"
            if not self.tty:
                self._print(f"{name}: syncing…")
        elif step.stage is Stage.PAGE:
            self._running[name] = _figures(step)
            if not self.tty:
                self._print(f"{name}: {_figures(step)}")
        else:
            self._running.pop(name, None)
            self._print(self._result(name, step))
        if self.tty:
            self._redraw()

    def _result(self, name: str, step: SyncProgress) -> str:
        if step.stage is Stage.FAILED:
            return f"{name}: failed: {clean_line(step.error, MAX_LINE)}"
        if step.stage is Stage.CANCELLED:
            return f"{name}: cancelled after {step.fetched:,} fetched (all of it saved)"
        return f"{name}: done, {step.changed} new or changed"

    def _print(self, line: str) -> None:
        if self._shown:
            self.out.write(CLEAR_LINE)
            self._shown = False
        self.out.write(line + "\n")
        self.out.flush()

    def _redraw(self) -> None:
        if not self._running:
            return
        parts = [f"{name} {figures}" for name, figures in self._running.items()]
        line = "syncing " + ", ".join(parts) + "…"
        if len(line) > self.width:
            line = line[: max(self.width - 1, 0)] + "…"
        self.out.write(CLEAR_LINE + line)
        self.out.flush()
        self._shown = True

    def finish(self) -> None:
        """Clear the progress line before the summary is printed."""
        if self._shown:
            self.out.write(CLEAR_LINE)
            self.out.flush()
            self._shown = False
