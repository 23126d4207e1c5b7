"""`ctotui standup PROJECT [--since DATE] [--format md|json]`: the standup summary for scripts."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date
from typing import Any

from ctotui.cli_help import FORMATTER, examples
from ctotui.clock import Clock

EXIT_OK = 0
EXIT_USAGE = 2


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "standup",
        parents=[common],
        help="print a project's standup summary (Markdown or JSON)",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui standup api", "moves since the last standup, as Markdown"),
            ("ctotui standup api --since 2026-11-16 --format json", "since a day, as JSON"),
        ),
    )
    parser.add_argument("project", help="the project's name from [[projects]]")
    parser.add_argument(
        "--since",
        type=_day,
        metavar="DATE",
        help="report moves since this day (YYYY-MM-DD); default: the last standup",
    )
    parser.add_argument("--format", choices=["md", "json"], default="md", help="default: md")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui.cli import open_from_args
    from ctotui.sanitize import clean_line
    from ctotui.standup_report import load_report
    from ctotui.standup_summary import summary_data, summary_markdown

    workspace = open_from_args(args, clock)
    try:
        config = workspace.config
        project = next((p for p in config.projects if p.name == args.project), None)
        if project is None:
            names = ", ".join(clean_line(p.name, 60) for p in config.projects) or "none"
            print(
                f"ctotui: no project named {clean_line(args.project, 60)!r} in "
                f"{workspace.config_path} (projects: {names})",
                file=sys.stderr,
            )
            return EXIT_USAGE
        if workspace.demo and workspace.never_synced():
            from ctotui.sync import SyncEngine

            asyncio.run(SyncEngine(workspace.store, config, clock).sync_all())
        now = clock.now().astimezone()
        report = load_report(workspace.store, project, config.people, now, since_day=args.since)
        if args.format == "json":
            json.dump(summary_data(report), sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(summary_markdown(report))
        return EXIT_OK
    finally:
        workspace.close()
