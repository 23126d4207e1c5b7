"""The command line: `ctotui` opens the app; subcommands serve scripts and checks.

Global options (`--demo`, `--config`, `--data-dir`) work before or after the
subcommand. Textual is imported only when the app is started, so the CLI
commands start fast.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from ctotui import __version__
from ctotui.errors import CtotuiError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import TextIO

    from ctotui.clock import Clock
    from ctotui.workspace import Workspace

# `ctotui status` runs from a tmux status line every few seconds: this module's
# own imports stay few and light, and each command imports what it needs.

# Subcommands that live in their own modules. Each module has
#   register(commands, common) -> None
# which adds its subparser(s) (with `parents=[common]`) and sets a handler with
# `parser.set_defaults(handler=run)`, where `run(args, clock) -> int`.
EXTENSIONS: tuple[str, ...] = (
    "ctotui.cli_standup",
    "ctotui.cli_estimate",
    "ctotui.cli_todo",
    "ctotui.cli_status",
    "ctotui.cli_completion",
    "ctotui.cli_init",
    "ctotui.cli_auth",
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _global_options(*, suppress: bool) -> argparse.ArgumentParser:
    """The options every command accepts; `suppress` keeps a subparser from resetting them."""
    import argparse

    default = argparse.SUPPRESS if suppress else None
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="use the built-in demo workspace (no account, no network)",
    )
    parser.add_argument("--config", metavar="FILE", default=default, help="config file to use")
    parser.add_argument("--data-dir", metavar="DIR", default=default, help="where the store lives")
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="log in detail (to the log file that `ctotui doctor` names)",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    import argparse
    import importlib

    from ctotui.cli_help import FORMATTER, examples
    from ctotui.item_filters import add_item_filters

    common = _global_options(suppress=True)
    parser = argparse.ArgumentParser(
        prog="ctotui",
        description="A terminal dashboard for an engineering lead's daily review.",
        parents=[_global_options(suppress=False)],
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui init", "first run: add your mail and trackers to the config"),
            ("ctotui", "open the dashboard on your config"),
            ("ctotui --demo", "try it on the built-in demo workspace (no account, no network)"),
            ("ctotui --config ~/work.toml --data-dir ~/work-data", "another config and store"),
            ("ctotui --debug sync", "log in detail (`ctotui doctor` names the log file)"),
            ("ctotui --version", ""),
            ("ctotui COMMAND --help", "every option of a command, with examples"),
        ),
    )
    parser.add_argument("--version", action="version", version=f"ctotui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "app",
        parents=[common],
        help="open the dashboard (the default)",
        formatter_class=FORMATTER,
        epilog=examples(("ctotui app", "the same as `ctotui`"), ("ctotui --demo app", "")),
    )
    commands.add_parser(
        "doctor",
        parents=[common],
        help="check the config, adapters, secrets and store",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui doctor", "exit status 2 when something needs fixing"),
            ("ctotui --config ~/work.toml doctor", "check another config"),
        ),
    )
    sync = commands.add_parser(
        "sync",
        parents=[common],
        help="sync every source, headless",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui sync", "every source; exit status 1 if one failed"),
            ("ctotui sync --source work-mail", "one source by its name"),
        ),
    )
    sync.add_argument("--source", metavar="NAME", help="sync only this source")
    listing = commands.add_parser(
        "list",
        parents=[common],
        help="print what is in the store",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui list inbox --split important", "the Important split as a table"),
            ("ctotui list inbox --json --limit 20", "JSON with rank, reasons, split and state"),
            ("ctotui list items --project api --status blocked", "a project's blocked items"),
            ("ctotui list items --waiting-on-me --json", "what waits on you, oldest first"),
            ("ctotui list todos", ""),
        ),
    )
    listing.add_argument("what", choices=["inbox", "items", "todos"])
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.add_argument(
        "--split",
        default="new",
        choices=["important", "other", "feed", "new", "unread", "done", "all"],
        help="inbox split (default: new)",
    )
    listing.add_argument("--limit", type=int, default=500, help="at most this many rows")
    add_item_filters(listing)
    for module in EXTENSIONS:
        importlib.import_module(module).register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None, *, clock: Clock | None = None) -> int:
    from ctotui import cli_status
    from ctotui.clock import default_clock

    if cli_status.wanted(sys.argv[1:] if argv is None else argv):
        # A status line runs this every few seconds: skip every other command's imports.
        return cli_status.main(sys.argv[1:] if argv is None else argv, clock or default_clock())
    args = build_parser().parse_args(argv)
    clock = clock or default_clock()
    command = args.command or "app"
    from ctotui.logs import setup_logging

    setup_logging(debug=args.debug)
    try:
        handler = getattr(args, "handler", None)
        if handler is not None:
            code: int = handler(args, clock)
            return code
        if command == "doctor":
            return _doctor(args)
        if command == "app":
            return _run_app(args, clock)
        if command == "sync":
            return _sync(args, clock, sys.stdout)
        return _list(args, clock, sys.stdout)
    except CtotuiError as error:
        print(f"ctotui: {error.title}\n{error.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as error:  # a bug: one line here, the traceback logged
        from ctotui.crash import cli_crash

        cli_crash(error, args, sys.stderr)
        return EXIT_FAILED


def open_from_args(args: argparse.Namespace, clock: Clock) -> Workspace:
    """The workspace the global options select (for every command that needs the store)."""
    from ctotui.workspace import open_workspace

    workspace = open_workspace(
        config_arg=args.config, data_dir_arg=args.data_dir, demo=args.demo, clock=clock
    )
    if (args.command or "app") != "app":  # the app shows it itself
        from ctotui.secrets_exposure import print_warning

        print_warning(workspace.config, sys.stderr)
    return workspace


def _doctor(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ctotui import paths
    from ctotui.config import load_config
    from ctotui.doctor import run_doctor

    if args.demo:
        from ctotui import demo_workspace

        data_dir = demo_workspace.demo_data_dir(
            Path(args.data_dir).expanduser() if args.data_dir else None
        )
        config_path = demo_workspace.ensure_demo_workspace(data_dir)
        config = load_config(config_path)
    else:
        data_dir = paths.data_dir(args.data_dir)
        config = load_config(paths.config_path(args.config))
    report, code = run_doctor(config, data_dir=data_dir)
    print(report)
    return code


def _print_problems(workspace: Workspace, out: TextIO) -> None:
    for problem in workspace.config.problems:
        print(f"config: {problem}", file=out)


def _sync(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    import asyncio

    from ctotui.sync import SyncEngine
    from ctotui.sync_cli import ProgressPrinter

    workspace = open_from_args(args, clock)
    try:
        _print_problems(workspace, sys.stderr)
        if args.source and args.source not in {s.name for s in workspace.config.sources}:
            print(
                f"ctotui: no source named {args.source!r} in {workspace.config_path}",
                file=sys.stderr,
            )
            return EXIT_USAGE

        printer = ProgressPrinter(out)
        engine = SyncEngine(workspace.store, workspace.config, clock)
        try:
            # Local changes go out first, so a fetch cannot revert them.
            applied, failed = asyncio.run(engine.flush_outbox())
            outcomes = asyncio.run(engine.sync_all(printer, only=args.source))
        except KeyboardInterrupt:  # Ctrl-C cancels the runs; each stored page is kept
            printer.finish()
            print("Sync cancelled: what was fetched is saved; the next sync resumes.", file=out)
            return EXIT_INTERRUPTED
        printer.finish()
        ok = sum(1 for o in outcomes if o.ok)
        changed = sum(o.changed for o in outcomes)
        print(
            f"{ok}/{len(outcomes)} sources synced, {changed} new or changed; "
            f"outbox: {applied} applied, {failed} failed",
            file=out,
        )
        if not outcomes:
            print(
                "No sources configured: `ctotui init` adds one (see config/example.toml), "
                "or try `ctotui --demo`.",
                file=out,
            )
        return EXIT_OK if ok == len(outcomes) and not workspace.config.problems else EXIT_FAILED
    finally:
        workspace.close()


def _list(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    import asyncio
    import json

    from ctotui.item_filters import list_items
    from ctotui.serialize import to_jsonable
    from ctotui.store import InboxSplit, MessageQuery

    workspace = open_from_args(args, clock)
    try:
        if workspace.demo and workspace.never_synced():
            from ctotui.sync import SyncEngine

            asyncio.run(SyncEngine(workspace.store, workspace.config, clock).sync_all())
        store = workspace.store
        limit = max(0, args.limit)
        rows: Sequence[object]
        if args.what == "inbox":
            query = MessageQuery(split=InboxSplit(args.split), now=clock.now())
            rows = list(store.page_messages(query, 0, limit))
        elif args.what == "items":
            rows = list_items(
                store,
                workspace.config,
                clock.now(),
                project=args.project,
                status=args.status,
                waiting=args.waiting_on_me,
                limit=limit,
            )
        else:
            rows = list(store.list_todos())[:limit]
        if args.json and args.what == "inbox":
            from ctotui.inbox_listing import inbox_json
            from ctotui.model import Message

            messages = [row for row in rows if isinstance(row, Message)]
            json.dump(
                inbox_json(messages, store, workspace.config, clock.now()),
                out,
                indent=2,
                ensure_ascii=False,
            )
            out.write("\n")
        elif args.json:
            json.dump(to_jsonable(rows), out, indent=2, ensure_ascii=False)
            out.write("\n")
        else:
            _print_table(args.what, rows, out)
        return EXIT_OK
    finally:
        workspace.close()


def _print_table(what: str, rows: Sequence[object], out: TextIO) -> None:
    """One aligned line per row; every field from outside is sanitized first."""
    from ctotui.model import Message, Todo, WorkItem
    from ctotui.sanitize import clean_line

    for row in rows:
        if isinstance(row, Message):
            sender = clean_line(row.sender_name or row.sender_address, 24)
            fields = [f"{row.id:>6}", f"{row.received_at:%Y-%m-%d %H:%M}", f"{sender:<24}"]
            fields.append(clean_line(row.subject or row.snippet, 200))
        elif isinstance(row, WorkItem):
            fields = [f"{clean_line(row.key, 24):<20}", f"{row.category.value:<11}"]
            fields.append(clean_line(row.title, 200))
        elif isinstance(row, Todo):
            due = f"{row.due:%Y-%m-%d}" if row.due else "-"
            fields = [f"{row.id:>5}", f"{row.status.value:<8}", f"{due:<10}"]
            fields.append(clean_line(row.title, 200))
        else:
            fields = [clean_line(str(row))]
        print("  ".join(fields), file=out)
    if not rows:
        print(f"No {what} in the store.", file=out)


def _run_app(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui.app import CtoApp

    workspace = open_from_args(args, clock)
    try:
        app = CtoApp(workspace, clock=clock)
        app.run()
    finally:
        workspace.close()
    return EXIT_FAILED if app.return_code else EXIT_OK  # non-zero after a crash
