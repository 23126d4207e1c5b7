"""The "examples:" section every command's `--help` ends with.

One helper so each command's help looks the same: argparse keeps the lines
as written (RawDescriptionHelpFormatter) and the test suite checks that every
command has the section.
"""

from __future__ import annotations

import argparse

FORMATTER = argparse.RawDescriptionHelpFormatter


def examples(*lines: tuple[str, str]) -> str:
    """An epilog from (command, what it does) pairs: the comment above its command."""
    body = []
    for command, what in lines:
        if what:
            body.append(f"  # {what}")
        body.append(f"  {command}")
    return "examples:\n" + "\n".join(body)
